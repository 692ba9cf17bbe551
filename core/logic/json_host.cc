// The Host of `flowproof logic RULE DATA`: the clock, history and lists are
// read from the data document itself.
#include "core/logic/rule.h"
#include "core/time/timestamp.h"

namespace flowproof::logic {
namespace {

const Json* Member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

}  // namespace

JsonHost::JsonHost(const Json& data) : data_(data) {
  const Json* now = Member(data_, "now");
  if (now != nullptr && now->is_string()) {
    if (std::optional<Instant> t = ParseTimestamp(now->get_ref<const std::string&>())) {
      now_ = *t;
      has_now_ = true;
    }
  }
}

void JsonHost::VisitEvents(std::string_view name, Instant since,
                           const std::function<bool(const Json& event)>& visit) const {
  const Json* events = Member(data_, "events");
  if (events == nullptr) {
    const Json* contact = Member(data_, "contact");
    events = contact != nullptr ? Member(*contact, "events") : nullptr;
  }
  if (events == nullptr || !events->is_array()) return;
  // Newest first, as the simulator visits its history (events are listed
  // oldest first).
  for (auto it = events->rbegin(); it != events->rend(); ++it) {
    const Json* event_name = Member(*it, "name");
    const Json* at_text = Member(*it, "at");
    if (event_name == nullptr || !event_name->is_string() || event_name->get_ref<const std::string&>() != name ||
        at_text == nullptr || !at_text->is_string()) {
      continue;
    }
    std::optional<Instant> at = ParseTimestamp(at_text->get_ref<const std::string&>());
    if (!at || *at < since || *at > now_) continue;
    if (!visit(*it)) return;
  }
}

bool JsonHost::InList(std::string_view list) const {
  const Json* contact = Member(data_, "contact");
  const Json* lists = contact != nullptr ? Member(*contact, "lists") : nullptr;
  if (lists == nullptr || !lists->is_array()) return false;
  for (const Json& entry : *lists) {
    if (entry.is_string() && entry.get_ref<const std::string&>() == list) return true;
  }
  return false;
}

}  // namespace flowproof::logic
