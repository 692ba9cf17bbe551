#include "core/sim/trace.h"

#include "core/time/timestamp.h"

namespace flowproof {

const Json* TraceLine::Find(std::string_view key) const {
  for (const auto& [k, v] : fields) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string TraceLine::ToJson() const {
  std::string out = "{\"t\":\"";
  out += FormatTimestamp(t);
  out += '"';
  // A line about no contact (winner_selected) has no "contact" field.
  if (!contact.empty()) {
    out += ",\"contact\":";
    out += DumpJson(contact);
  }
  if (!workflow.empty()) {
    out += ",\"workflow\":";
    out += DumpJson(workflow);
  }
  out += ",\"kind\":\"";
  out += kind;
  out += '"';
  for (const auto& [key, value] : fields) {
    out += ',';
    out += DumpJson(key);
    out += ':';
    out += DumpJson(value);
  }
  out += '}';
  return out;
}

Json TraceLine::ToObject() const {
  Json object = Json::object();
  object["t"] = FormatTimestamp(t);
  if (!contact.empty()) object["contact"] = contact;
  if (!workflow.empty()) object["workflow"] = workflow;
  object["kind"] = kind;
  for (const auto& [key, value] : fields) object[key] = value;
  return object;
}

}  // namespace flowproof
