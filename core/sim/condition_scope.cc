#include "core/sim/condition_scope.h"

#include <cstdlib>

#include "core/time/timestamp.h"

namespace flowproof {
namespace {

// Follows a dotted path ("a.b.0.c") inside a value; null when absent.
const Json* Descend(const Json* value, std::string_view path) {
  while (value != nullptr && !path.empty()) {
    std::size_t dot = path.find('.');
    std::string_view key = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    if (value->is_object()) {
      auto it = value->find(key);
      value = it == value->end() ? nullptr : &*it;
    } else if (value->is_array()) {
      char* end = nullptr;
      std::string index(key);
      unsigned long i = std::strtoul(index.c_str(), &end, 10);
      if (index.empty() || *end != '\0' || i >= value->size()) return nullptr;
      value = &(*value)[i];
    } else {
      return nullptr;
    }
  }
  return value;
}

}  // namespace

const Json* ConditionScope::Lookup(std::string_view path, Json& scratch) const {
  std::size_t dot = path.find('.');
  std::string_view head = path.substr(0, dot);
  std::string_view rest = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  if (head == "contact") return Descend(contact_, rest);
  if (head == "event") return event_ == nullptr || event_->is_null() ? nullptr : Descend(event_, rest);
  if (head == "workflow") return Descend(workflow_, rest);
  if (head == "now" && rest.empty()) {
    scratch = FormatTimestamp(now_);
    return &scratch;
  }
  if (path.empty()) {  // {"var": ""}: the whole data
    scratch = Json::object();
    scratch["contact"] = *contact_;
    if (event_ != nullptr && !event_->is_null()) scratch["event"] = *event_;
    scratch["now"] = FormatTimestamp(now_);
    scratch["workflow"] = *workflow_;
    return &scratch;
  }
  return nullptr;
}

void ContactHost::VisitEvents(std::string_view name, Instant since,
                              const std::function<bool(const Json& event)>& visit) const {
  visit_events_([&](const EventRecord& record) {
    if (record.at > now_) return true;  // not yet happened
    if (record.at < since) return false;  // newest first: the rest are older
    if (*record.name != name) return true;
    Json event = {{"name", *record.name},
                  {"at", FormatTimestamp(record.at)},
                  {"source", *record.source},
                  {"properties", *record.properties}};
    return visit(event);
  });
}

bool ContactHost::InList(std::string_view list) const {
  auto it = contact_->find("lists");
  if (it == contact_->end() || !it->is_array()) return false;
  for (const Json& entry : *it) {
    if (entry.is_string() && entry.get_ref<const std::string&>() == list) return true;
  }
  return false;
}

}  // namespace flowproof
