#include "core/sim/condition_scope.h"

#include <cstdlib>

#include "core/base/same_name.h"
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

// Splits "a.b.c" into "a" and "b.c".
std::pair<std::string_view, std::string_view> SplitHead(std::string_view path) {
  std::size_t dot = path.find('.');
  if (dot == std::string_view::npos) return {path, std::string_view()};
  return {path.substr(0, dot), path.substr(dot + 1)};
}

}  // namespace

Json EventJson(const EventRecord& event) {
  return {{"name", *event.name},
          {"at", FormatTimestamp(event.at)},
          {"source", *event.source},
          {"properties", event.properties != nullptr ? *event.properties : Json::object()}};
}

const Json* ContactView::Get(std::string_view key, Json& scratch) const {
  for (const AttributeChange& change : *changes) {
    if (SameName(*change.name, key)) return &change.value;
  }
  if (SameName(key, "id")) return &(scratch = def->id);
  if (SameName(key, "timezone")) return &(scratch = *timezone);
  if (SameName(key, "lists")) return &(scratch = def->lists);
  if (SameName(key, "consent")) return def->consent.is_object() ? &def->consent : &(scratch = Json::object());
  return def->attributes.Find(key);
}

Json ContactView::Materialize() const {
  Json out = def->attributes.ToJson();
  out["id"] = def->id;
  out["timezone"] = *timezone;
  out["lists"] = def->lists;
  out["consent"] = def->consent.is_object() ? def->consent : Json::object();
  for (const AttributeChange& change : *changes) out[*change.name] = change.value;
  return out;
}

bool ContactView::InList(std::string_view list) const {
  for (const AttributeChange& change : *changes) {
    if (*change.name != "lists") continue;
    if (!change.value.is_array()) return false;
    for (const Json& entry : change.value) {
      if (entry.is_string() && entry.get_ref<const std::string&>() == list) return true;
    }
    return false;
  }
  for (const std::string& entry : def->lists) {
    if (entry == list) return true;
  }
  return false;
}

const Json* ConditionScope::Lookup(std::string_view path, Json& scratch) const {
  auto [head, rest] = SplitHead(path);
  if (SameName(head, "contact")) {
    if (rest.empty()) return &(scratch = contact_.Materialize());
    auto [key, deeper] = SplitHead(rest);
    return Descend(contact_.Get(key, scratch), deeper);
  }
  if (head == "event") return LookupEvent(rest, scratch);
  if (head == "workflow") return Descend(workflow_, rest);
  if (head == "now" && rest.empty()) return &(scratch = FormatTimestamp(now_));
  if (path.empty()) {  // {"var": ""}: the whole data
    scratch = Json::object();
    scratch["contact"] = contact_.Materialize();
    if (event_ != nullptr) scratch["event"] = EventJson(*event_);
    scratch["now"] = FormatTimestamp(now_);
    scratch["workflow"] = *workflow_;
    return &scratch;
  }
  return nullptr;
}

// Answers event.name, event.properties.sku... from the record, building the
// whole event object only when the condition reads all of it.
const Json* ConditionScope::LookupEvent(std::string_view rest, Json& scratch) const {
  if (event_ == nullptr) return nullptr;
  if (rest.empty()) return &(scratch = EventJson(*event_));
  auto [key, deeper] = SplitHead(rest);
  if (key == "properties") return Descend(event_->properties, deeper);
  if (key == "name") scratch = *event_->name;
  else if (key == "source") scratch = *event_->source;
  else if (key == "at") scratch = FormatTimestamp(event_->at);
  else return nullptr;
  return Descend(&scratch, deeper);
}

void ContactHost::VisitEvents(std::string_view name, Instant since,
                              const std::function<bool(const Json& event)>& visit) const {
  visit_events_([&](const EventRecord& record) {
    if (record.at > now_) return true;  // not yet happened
    if (record.at < since) return false;  // newest first: the rest are older
    if (*record.name != name) return true;
    return visit(EventJson(record));
  });
}

}  // namespace flowproof
