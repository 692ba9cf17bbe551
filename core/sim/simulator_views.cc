// Read-only views of a run for the page, the CLI and expectations.
#include <utility>

#include "core/render/message_renderer.h"
#include "core/sim/simulator.h"
#include "core/time/timestamp.h"
#include "core/time/zone.h"

namespace flowproof {
namespace {

Json TimeOrNull(Instant t) { return t == kNoTime ? Json() : Json(FormatTimestamp(t)); }

}  // namespace

Json Simulator::Contact(std::size_t index, bool detail) const {
  static const char* kPhases[] = {"not_enrolled", "active", "waiting", "exited"};
  const ContactState& state = contacts_[index];
  Json contact = Json::object();
  contact["id"] = state.def->id;
  contact["timezone"] = state.zone->name();
  contact["state"] = kPhases[static_cast<int>(state.phase)];
  contact["node"] = state.node >= 0 && state.phase != Phase::kNotEnrolled
                        ? Json(workflow_.nodes[state.node].id) : Json();
  contact["until"] = state.phase == Phase::kWaiting ? TimeOrNull(state.wait_until) : Json();
  Json waiting_for;
  if (state.phase == Phase::kWaiting) {
    const Node& node = workflow_.nodes[state.node];
    switch (state.wait) {
      case WaitType::kTimer: waiting_for = {{"time", TimeOrNull(state.wait_until)}}; break;
      case WaitType::kEvent: waiting_for = {{"event", node.event}}; break;
      case WaitType::kCondition: waiting_for = {{"condition", node.condition->source}}; break;
      case WaitType::kQuietHours: waiting_for = {{"quiet_hours_end", TimeOrNull(state.wait_until)}}; break;
      case WaitType::kHeld: waiting_for = {{"winner", node.id}}; break;
      case WaitType::kNone: break;
    }
  }
  contact["waiting_for"] = waiting_for;
  contact["exit_reason"] = state.phase == Phase::kExited && state.exit_reason != nullptr ? Json(*state.exit_reason) : Json();
  contact["enrolled_at"] = state.enrollments > 0 ? Json(FormatTimestamp(state.enrolled_at)) : Json();
  contact["enrollments"] = state.enrollments;
  if (!detail) return contact;
  Json attributes = View(state).Materialize();
  contact["lists"] = attributes.value("lists", Json::array());
  contact["consent"] = attributes.value("consent", Json::object());
  for (const char* key : {"id", "timezone", "lists", "consent"}) attributes.erase(key);
  contact["attributes"] = std::move(attributes);
  return contact;
}

Json Simulator::NodeCounts() const {
  Json out = Json::object();
  for (std::size_t i = 0; i < workflow_.nodes.size(); ++i) {
    out[workflow_.nodes[i].id] = {{"now", 0}, {"entered", entered_count_[i]}};
  }
  for (const ContactState& state : contacts_) {
    if ((state.phase == Phase::kActive || state.phase == Phase::kWaiting) && state.node >= 0) {
      Json& now = out[workflow_.nodes[state.node].id]["now"];
      now = now.get<int>() + 1;
    }
  }
  return out;
}

MessageRenderResult Simulator::Render(const std::string& contact_id, const std::string& template_name) const {
  auto error = [](const char* code, std::string message) { return MessageRenderResult::Error(code, std::move(message)); };
  int contact = -1;
  for (std::size_t i = 0; i < contacts_.size(); ++i) {
    if (contacts_[i].def->id == contact_id) contact = static_cast<int>(i);
  }
  if (contact < 0) return error("unknown_contact", "no contact '" + contact_id + "' in the fixture");
  if (workflow_.templates.find(template_name) == workflow_.templates.end()) {
    return error("unknown_template", "no template '" + template_name + "' in the workflow");
  }
  for (auto it = messages_.rbegin(); it != messages_.rend(); ++it) {
    if (it->contact == contact && it->template_name == template_name) return MessageRenderResult::Ok(it->message);
  }
  // The run's renderer when it has one (its templates are parsed already).
  std::optional<MessageRenderer> own;
  MessageRenderer* renderer = renderer_ ? renderer_.get() : &own.emplace(options_.workflow ? options_.workflow : fixture_->workflow);
  RenderedMessage rendered = renderer->Render(template_name, MessageContextFor(contacts_[contact]));
  if (!rendered.ok()) return error("render_failed", *rendered.error);
  return MessageRenderResult::Ok(std::move(rendered.message));
}

MessageContext Simulator::MessageContextFor(const ContactState& state) const {
  MessageContext context;
  context.contact = View(state).Materialize();
  if (std::optional<EventRecord> event = LastEvent(state)) context.event = EventJson(*event);
  context.now = now_;
  context.zone = state.zone;
  return context;
}

std::size_t Simulator::ApproximateStateBytes() const {
  // Each heap block also costs the allocator about 16 bytes; a Json object
  // or string value is a further block of its own.
  constexpr std::size_t kBlock = 16;
  auto heap = [](std::size_t bytes) { return bytes == 0 ? 0 : bytes + kBlock; };
  auto value = [](const Json& json) -> std::size_t {
    return json.is_structured() ? 64 + 96 * json.size() : json.is_string() ? 48 : 0;
  };
  std::size_t bytes = contacts_.capacity() * sizeof(ContactState) + heap(trigger_due_.capacity() * sizeof(Instant));
  for (const auto& [t, bucket] : timers_) bytes += heap(64) + heap(bucket.capacity() * sizeof(Timer));
  for (const ContactState& state : contacts_) {
    bytes += heap(state.events.capacity() * sizeof(PastEvent)) + heap(state.sends.capacity() * sizeof(SendRecord)) +
             heap(state.changes.capacity() * sizeof(AttributeChange));
    for (const PastEvent& event : state.events) bytes += value(event.properties);
    for (const AttributeChange& change : state.changes) bytes += value(change.value);
  }
  return bytes;
}

}  // namespace flowproof

namespace flowproof {

int Simulator::WaitingNode(std::size_t index) const {
  const ContactState& state = contacts_[index];
  return state.phase == Phase::kWaiting ? state.node : -1;
}

}  // namespace flowproof
