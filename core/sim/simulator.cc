// The clock, the queue and arrivals of events and attribute changes.
// Enrolment lives in triggers.cc, movement through nodes in nodes.cc.
#include "core/sim/simulator.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "core/logic/rule.h"
#include "core/render/message_renderer.h"
#include "core/sim/condition_scope.h"
#include "core/time/timestamp.h"
#include "core/time/zone.h"

namespace flowproof {

Simulator::Simulator(std::shared_ptr<const Fixture> fixture, const SimulatorOptions& options)
    : fixture_(std::move(fixture)), workflow_(*fixture_->workflow), options_(options) {
  now_ = fixture_->start;
  workflow_json_ = {{"id", workflow_.id}, {"name", workflow_.name}};
  if (options_.render_messages) {
    renderer_ = std::make_unique<MessageRenderer>(fixture_->workflow);
  }
  entered_count_.assign(workflow_.nodes.size(), 0);
  const TimeZone* workflow_zone = FindTimeZone(workflow_.timezone);
  if (workflow_zone == nullptr) workflow_zone = &UtcZone();

  contacts_.reserve(fixture_->contacts.size());
  for (const ContactDef& def : fixture_->contacts) {
    ContactState state;
    state.id = def.id;
    const TimeZone* zone = def.timezone.empty() ? nullptr : FindTimeZone(def.timezone);
    state.zone = zone != nullptr ? zone : workflow_zone;
    state.data = def.attributes.is_object() ? def.attributes : Json::object();
    state.data["id"] = def.id;
    state.data["timezone"] = state.zone->name();
    state.data["lists"] = def.lists;
    state.data["consent"] = def.consent.is_object() ? def.consent : Json::object();
    state.trigger_due.assign(workflow_.triggers.size(), kNoTime);
    contacts_.push_back(std::move(state));
  }
  // Resolve each script entry's contact once, not by a search per entry.
  std::unordered_map<std::string, int> index;
  for (std::size_t i = 0; i < contacts_.size(); ++i) index.emplace(contacts_[i].id, static_cast<int>(i));
  script_contacts_.reserve(fixture_->script.size());
  for (const ScriptEntry& entry : fixture_->script) {
    auto it = index.find(entry.contact);
    script_contacts_.push_back(it == index.end() ? -1 : it->second);
  }
}

Simulator::~Simulator() = default;

void Simulator::Schedule(Instant t, std::uint32_t contact, TimerKind kind, std::uint32_t token,
                         std::int32_t aux) {
  timers_.push(Timer{t, next_seq_++, contact, kind, token, aux});
}

std::optional<Instant> Simulator::NextInstant() const {
  if (!started_) return fixture_->start;
  Instant next = std::numeric_limits<Instant>::max();
  if (script_cursor_ < fixture_->script.size()) next = fixture_->script[script_cursor_].at;
  if (!timers_.empty()) next = std::min(next, timers_.top().t);
  if (next == std::numeric_limits<Instant>::max() || next > fixture_->until) return std::nullopt;
  return next;
}

bool Simulator::Step() {
  std::optional<Instant> next = NextInstant();
  if (!next) return false;
  ProcessInstant(*next);
  return true;
}

bool Simulator::AdvanceTo(Instant t) {
  t = std::min(t, fixture_->until);
  for (std::optional<Instant> next = NextInstant(); next && *next <= t; next = NextInstant()) {
    ProcessInstant(*next);
  }
  now_ = std::max(now_, t);
  return !finished();
}

void Simulator::ProcessInstant(Instant t) {
  now_ = t;
  ++steps_;
  steps_this_instant_.clear();
  if (!started_) {
    started_ = true;
    Start();
  }
  const std::vector<ScriptEntry>& script = fixture_->script;
  while (script_cursor_ < script.size() && script[script_cursor_].at <= t) {
    RunScriptEntry(script[script_cursor_++]);
  }
  while (!timers_.empty() && timers_.top().t <= t) {
    Timer timer = timers_.top();
    timers_.pop();
    FireTimer(timer);
  }
}

void Simulator::RunScriptEntry(const ScriptEntry& entry) {
  int contact = script_contacts_[script_cursor_ - 1];
  if (contact < 0) return;  // the fixture parser rejects unknown contacts
  switch (entry.kind) {
    case ScriptKind::kEvent: {
      PastEvent event{Intern(entry.event), Intern(entry.source), now_, entry.properties};
      HandleEvent(contact, event);
      break;
    }
    case ScriptKind::kSet: {
      Json& data = contacts_[contact].data;
      for (auto it = entry.set.begin(); it != entry.set.end(); ++it) data[it.key()] = it.value();
      Json& lists = data["lists"];
      for (const std::string& list : entry.add_to_lists) {
        if (std::find(lists.begin(), lists.end(), Json(list)) == lists.end()) lists.push_back(list);
      }
      for (const std::string& list : entry.remove_from_lists) {
        lists.erase(std::remove(lists.begin(), lists.end(), Json(list)), lists.end());
      }
      HandleAttributeChange(contact);
      break;
    }
    case ScriptKind::kExit: {
      ContactState& state = contacts_[contact];
      if (state.phase == Phase::kActive || state.phase == Phase::kWaiting) Exit(contact, "manual");
      break;
    }
  }
}

void Simulator::FireTimer(const Timer& timer) {
  int contact = static_cast<int>(timer.contact);
  switch (timer.kind) {
    case TimerKind::kWake: {
      ContactState& state = contacts_[contact];
      if (state.phase != Phase::kWaiting || state.token != timer.token) return;  // stale
      const Node& node = workflow_.nodes[timer.aux];
      switch (state.wait) {
        case WaitType::kTimer:
          Resume(contact, "next", node.next_index);
          break;
        case WaitType::kEvent:
        case WaitType::kCondition:
          Resume(contact, "timeout", node.on_timeout_index);
          break;
        case WaitType::kQuietHours: {
          state.wait = WaitType::kNone;
          state.phase = Phase::kActive;
          ++state.token;
          if (Trace()) Emit(TraceLine(now_, state.id, "resumed").Add("node", node.id).Add("via", "next"));
          if (ExecuteSend(contact, node, true)) RunContact(contact, node.next_index);
          break;
        }
        case WaitType::kNone:
          break;
      }
      return;
    }
    case TimerKind::kMaxDuration: {
      const ContactState& state = contacts_[contact];
      bool enrolled = state.phase == Phase::kActive || state.phase == Phase::kWaiting;
      if (enrolled && state.enrollments == timer.aux) Exit(contact, "expired");
      return;
    }
    case TimerKind::kReaction: {
      PendingEvent& pending = pending_events_[timer.aux];
      PastEvent event{Intern(pending.name), Intern(pending.source), now_, std::move(pending.properties)};
      HandleEvent(contact, event);
      return;
    }
    case TimerKind::kContactTrigger: {
      ContactState& state = contacts_[contact];
      if (state.trigger_due[timer.aux] != timer.t) return;  // rescheduled since
      state.trigger_due[timer.aux] = kNoTime;
      FireContactTrigger(contact, timer.aux, timer.t);
      return;
    }
    case TimerKind::kGlobalSchedule:
      FireGlobalSchedule(timer.aux);
      return;
  }
}

void Simulator::HandleEvent(int contact, const PastEvent& event) {
  ContactState& state = contacts_[contact];
  state.events.push_back(event);
  Json event_json = {{"name", *event.name},
                     {"at", FormatTimestamp(event.at)},
                     {"source", *event.source},
                     {"properties", event.properties}};

  // Inactivity is measured from the last such event: restart its timer.
  for (std::size_t i = 0; i < workflow_.triggers.size(); ++i) {
    const Trigger& trigger = workflow_.triggers[i];
    if (trigger.type == TriggerType::kInactivity && trigger.event == *event.name) {
      Instant due = event.at + trigger.inactive_for;
      state.trigger_due[i] = due;
      Schedule(due, contact, TimerKind::kContactTrigger, 0, static_cast<std::int32_t>(i));
    }
  }

  bool enrolled = state.phase == Phase::kActive || state.phase == Phase::kWaiting;
  if (!enrolled) {
    for (std::size_t i = 0; i < workflow_.triggers.size(); ++i) {
      const Trigger& trigger = workflow_.triggers[i];
      if (trigger.type == TriggerType::kEvent && EventMatchesTrigger(contact, trigger, event_json)) {
        TryEnroll(contact, static_cast<int>(i), event_json);
        break;
      }
    }
    return;
  }

  for (const ExitOnEvent& exit : workflow_.exit_on_events) {
    if (exit.event != *event.name) continue;
    if (!exit.source.empty() && exit.source != *event.source) continue;
    if (exit.where && !Holds(*exit.where, contact, &event_json)) continue;
    Exit(contact, exit.reason);
    return;
  }
  if (CheckGoal(contact, &event_json)) return;
  if (state.phase != Phase::kWaiting) return;
  const Node& node = workflow_.nodes[state.node];
  if (state.wait == WaitType::kEvent && node.event == *event.name &&
      (node.source.empty() || node.source == *event.source) &&
      (!node.where || Holds(*node.where, contact, &event_json))) {
    state.last_event = event_json;
    Resume(contact, "event", node.next_index);
  } else if (state.wait == WaitType::kCondition && Holds(*node.condition, contact, &event_json)) {
    Resume(contact, "condition", node.next_index);
  }
}

void Simulator::HandleAttributeChange(int contact) {
  ContactState& state = contacts_[contact];
  bool enrolled = state.phase == Phase::kActive || state.phase == Phase::kWaiting;
  if (enrolled && !CheckGoal(contact, nullptr) && state.phase == Phase::kWaiting &&
      state.wait == WaitType::kCondition) {
    const Node& node = workflow_.nodes[state.node];
    if (Holds(*node.condition, contact, nullptr)) Resume(contact, "condition", node.next_index);
  }
  CheckConditionTriggers(contact, false);
  ScheduleContactTriggers(contact, true);  // a date attribute may have changed
}

void Simulator::Emit(TraceLine line) { trace_.push_back(std::move(line)); }

// ---- conditions --------------------------------------------------------------

Json Simulator::Evaluate(const Condition& condition, int contact, const Json* event,
                         std::vector<logic::Read>* reads) const {
  const ContactState& state = contacts_[contact];
  const Json* bound_event = event != nullptr ? event : &state.last_event;
  ConditionScope scope(&state.data, bound_event, now_, &workflow_json_);
  ContactHost host(now_, &state.data, [&state](const std::function<bool(const EventRecord&)>& visit) {
    for (auto it = state.events.rbegin(); it != state.events.rend(); ++it) {
      if (!visit(EventRecord{it->name, it->source, it->at, &it->properties})) return;
    }
  });
  logic::EvalOptions options;
  options.host = &host;
  options.reads = reads;
  return logic::Evaluate(*condition.rule, scope, options);
}

bool Simulator::Holds(const Condition& condition, int contact, const Json* event) const {
  return logic::Truthy(Evaluate(condition, contact, event));
}

}  // namespace flowproof
