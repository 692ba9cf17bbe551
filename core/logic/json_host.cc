#include "core/logic/rule.h"
#include "core/time/timestamp.h"

namespace flowproof::logic {

JsonHost::JsonHost(const Json& data) : data_(data) {
  if (data_.is_object() && data_.contains("now") && data_["now"].is_string()) {
    std::optional<Instant> now = ParseTimestamp(data_["now"].get<std::string>());
    if (now) {
      now_ = *now;
      has_now_ = true;
    }
  }
}

void JsonHost::VisitEvents(std::string_view name, Instant since,
                           const std::function<bool(const Json& event)>& visit) const {
  if (!data_.is_object()) return;
  const Json* events = nullptr;
  if (data_.contains("events")) events = &data_["events"];
  else if (data_.contains("contact") && data_["contact"].is_object() && data_["contact"].contains("events")) {
    events = &data_["contact"]["events"];
  }
  if (events == nullptr || !events->is_array()) return;
  // Newest first, as the simulator's history is visited.
  for (auto it = events->rbegin(); it != events->rend(); ++it) {
    const Json& event = *it;
    if (!event.is_object() || event.value("name", std::string()) != name) continue;
    std::optional<Instant> at = event.contains("at") && event["at"].is_string()
                                    ? ParseTimestamp(event["at"].get<std::string>())
                                    : std::nullopt;
    if (!at || *at < since || *at > now_) continue;
    if (!visit(event)) return;
  }
}

bool JsonHost::InList(std::string_view list) const {
  if (!data_.is_object() || !data_.contains("contact") || !data_["contact"].is_object()) return false;
  const Json& contact = data_["contact"];
  if (!contact.contains("lists") || !contact["lists"].is_array()) return false;
  for (const Json& entry : contact["lists"]) {
    if (entry.is_string() && entry.get_ref<const std::string&>() == list) return true;
  }
  return false;
}

}  // namespace flowproof::logic
