// The clock, the queue and arrivals of events and attribute changes.
// Enrolment lives in triggers.cc, movement through nodes in nodes.cc.
#include "core/sim/simulator.h"

#include <algorithm>
#include <limits>
#include <string_view>
#include <unordered_map>

#include "core/base/same_name.h"
#include "core/channels/addresses.h"
#include "core/logic/rule.h"
#include "core/render/message_renderer.h"
#include "core/sim/condition_scope.h"
#include "core/sim/portfolio.h"
#include "core/sim/trace_vocabulary.h"
#include "core/time/timestamp.h"
#include "core/time/zone.h"

namespace flowproof {

Simulator::Simulator(std::shared_ptr<const Fixture> fixture, const SimulatorOptions& options)
    : fixture_(std::move(fixture)),
      workflow_(options.workflow ? *options.workflow : *fixture_->workflow),
      options_(options),
      portfolio_(options.portfolio) {
  recent_buckets_.fill(timers_.end());
  tracing_ = options_.keep_trace || options_.trace_sink != nullptr;
  goal_cacheable_ = workflow_.goal && workflow_.goal->rule && logic::ReadsOnlyUnder(*workflow_.goal->rule, "contact");
  if (goal_cacheable_) goal_keys_ = logic::KeysReadUnder(*workflow_.goal->rule, "contact");
  zero_time_step_limit_ = std::max(options_.max_zero_time_steps, static_cast<int>(workflow_.nodes.size()));
  workflow_json_ = {{"id", workflow_.id}, {"name", workflow_.name}};
  if (options_.render_messages) {
    renderer_ = std::make_unique<MessageRenderer>(options_.workflow ? options_.workflow : fixture_->workflow);
  }
  BeginRun();
}

bool Simulator::Restart(std::shared_ptr<const Fixture> fixture, RunObserver* observer) {
  const Workflow& next = options_.workflow ? *options_.workflow : *fixture->workflow;
  if (&next != &workflow_ || portfolio_ != nullptr) return false;
  fixture_ = std::move(fixture);
  options_.observer = observer;
  // Everything a run changes, back to what the constructor leaves, keeping
  // storage: contacts' lists, timer buckets, interned names, the renderer.
  for (ContactState& state : contacts_) {
    std::vector<AttributeChange> changes = std::move(state.changes);
    std::vector<PastEvent> events = std::move(state.events);
    std::vector<SendRecord> sends = std::move(state.sends);
    changes.clear();
    events.clear();
    sends.clear();
    state = ContactState();
    state.changes = std::move(changes);
    state.events = std::move(events);
    state.sends = std::move(sends);
  }
  while (!timers_.empty()) RecycleBucket(timers_.begin());
  pending_events_.clear();
  script_cursor_ = 0;
  script_contacts_.clear();
  started_ = false;
  steps_ = 0;
  zero_time_steps_ = 0;
  trace_.clear();
  trace_count_ = 0;
  messages_.clear();
  winner_tests_.clear();
  enroll_requests_.clear();
  BeginRun();
  return true;
}

void Simulator::BeginRun() {
  now_ = fixture_->start;
  entered_count_.assign(workflow_.nodes.size(), 0);
  const TimeZone* workflow_zone = FindTimeZone(workflow_.timezone);
  if (workflow_zone == nullptr) workflow_zone = &UtcZone();

  contacts_.resize(fixture_->contacts.size());
  // Contacts share a few zones: the ones met so far are looked up first
  // (a search of the zone table per contact was a few percent of a forecast).
  std::vector<std::pair<std::string_view, const TimeZone*>> seen_zones;
  for (std::size_t i = 0; i < contacts_.size(); ++i) {
    const ContactDef& def = fixture_->contacts[i];
    const TimeZone* zone = nullptr;
    if (!def.timezone.empty()) {
      auto seen = std::find_if(seen_zones.begin(), seen_zones.end(),
                               [&def](const auto& entry) { return entry.first == def.timezone; });
      if (seen != seen_zones.end()) {
        zone = seen->second;
      } else {
        zone = FindTimeZone(def.timezone);
        if (seen_zones.size() < 16) seen_zones.emplace_back(def.timezone, zone);
      }
    }
    contacts_[i].def = &def;
    contacts_[i].zone = zone != nullptr ? zone : workflow_zone;
  }
  trigger_due_.assign(contacts_.size() * workflow_.triggers.size(), kNoTime);
  // Resolve each script entry's contact once, not by a search per entry:
  // by the entry's hint where it has one (a population's events), else by
  // an index of ids built when first needed, which only borrows the ids
  // (the fixture outlives it).
  std::unordered_map<std::string_view, int> index;
  script_contacts_.reserve(fixture_->script.size());
  for (const ScriptEntry& entry : fixture_->script) {
    auto hint = static_cast<std::size_t>(entry.contact_hint);
    if (entry.contact_hint >= 0 && hint < contacts_.size() && contacts_[hint].def->id == entry.contact) {
      script_contacts_.push_back(entry.contact_hint);
      continue;
    }
    if (index.empty()) {
      index.reserve(contacts_.size());
      for (std::size_t i = 0; i < contacts_.size(); ++i) index.emplace(contacts_[i].def->id, static_cast<int>(i));
    }
    auto it = index.find(entry.contact);
    script_contacts_.push_back(it == index.end() ? -1 : it->second);
  }
}

Simulator::~Simulator() = default;

void Simulator::Schedule(Instant t, std::uint32_t contact, TimerKind kind, std::uint32_t token,
                         std::int32_t aux) {
  // A timer after the clock's end would never fire: not keeping it saves a
  // slot per contact for yearly triggers and long waits.
  if (t > fixture_->until) return;
  // Never in the past (validation keeps durations positive): at worst now,
  // after what is already due.
  t = std::max(t, now_);
  auto& recent = recent_buckets_[RecentSlot(t)];
  if (recent != timers_.end() && recent->first == t) {
    recent->second.push_back(Timer{contact, token, aux, kind});
    return;
  }
  auto bucket = timers_.lower_bound(t);
  if (bucket == timers_.end() || bucket->first != t) {
    if (spare_buckets_.empty()) {
      bucket = timers_.emplace_hint(bucket, t, std::vector<Timer>());
    } else {
      auto node = std::move(spare_buckets_.back());
      spare_buckets_.pop_back();
      node.key() = t;
      bucket = timers_.insert(bucket, std::move(node));
    }
  }
  bucket->second.push_back(Timer{contact, token, aux, kind});
  recent = bucket;
}

std::optional<Instant> Simulator::NextInstant() const {
  if (!started_) return fixture_->start;
  Instant next = std::numeric_limits<Instant>::max();
  if (script_cursor_ < fixture_->script.size()) next = fixture_->script[script_cursor_].at;
  if (!timers_.empty()) next = std::min(next, timers_.begin()->first);
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
  if (!started_) {
    started_ = true;
    Start();
  }
  const std::vector<ScriptEntry>& script = fixture_->script;
  while (script_cursor_ < script.size() && script[script_cursor_].at <= t) {
    RunScriptEntry(script[script_cursor_++]);
  }
  ProcessDueTimers(t);
}

void Simulator::ProcessDueTimers(Instant t) {
  // Timers are never scheduled before now, so the earliest bucket is the
  // one due; a timer scheduled for now while it is processed joins its end
  // (the loop re-reads the size; `due` stays valid as map nodes never move).
  while (!timers_.empty() && timers_.begin()->first <= t) {
    auto bucket = timers_.begin();
    std::vector<Timer>& due = bucket->second;
    for (std::size_t i = 0; i < due.size(); ++i) {
      // The contacts a bucket wakes are spread over memory; asking for the
      // next ones' records ahead hides most of the cache misses.
      if (i + kPrefetchAhead < due.size()) PrefetchContact(due[i + kPrefetchAhead].contact, false);
      if (i + kPrefetchAhead / 2 < due.size()) PrefetchContact(due[i + kPrefetchAhead / 2].contact, true);
      Timer timer = due[i];  // a copy: firing may append to `due`
      FireTimer(bucket->first, timer);
    }
    RecycleBucket(bucket);
  }
}

void Simulator::RecycleBucket(std::map<Instant, std::vector<Timer>>::iterator bucket) {
  if (auto& recent = recent_buckets_[RecentSlot(bucket->first)]; recent == bucket) recent = timers_.end();
  auto node = timers_.extract(bucket);
  // A few small spares cover the instants pending at once in a slice;
  // beyond them, and a bucket of many timers (a million contacts' date
  // trigger), is freed as before: at most 64 x 16 KB kept.
  constexpr std::size_t kSpareBuckets = 64, kSpareCapacity = 1024;
  if (spare_buckets_.size() < kSpareBuckets && node.mapped().capacity() <= kSpareCapacity) {
    node.mapped().clear();
    spare_buckets_.push_back(std::move(node));
  }
}

void Simulator::PrefetchContact(std::uint32_t contact, bool attributes) const {
  const ContactDef& def = fixture_->contacts[contact];
  if (!attributes) {
    __builtin_prefetch(&contacts_[contact]);
    __builtin_prefetch(&def);
  } else if (!def.attributes.empty()) {
    __builtin_prefetch(&*def.attributes.begin());  // its record arrived meanwhile
  }
}

void Simulator::RunScriptEntry(const ScriptEntry& entry) {
  int contact = script_contacts_[script_cursor_ - 1];
  if (contact < 0) return;  // the fixture parser rejects unknown contacts
  switch (entry.kind) {
    case ScriptKind::kEvent: {
      HandleEvent(contact, PastEvent{Intern(entry.event), Intern(entry.source), now_, entry.properties});
      break;
    }
    case ScriptKind::kSet: {
      HandleAttributeChange(contact, ApplyScriptSet(contacts_[contact], entry));
      break;
    }
    case ScriptKind::kExit: {
      ContactState& state = contacts_[contact];
      if (state.phase == Phase::kActive || state.phase == Phase::kWaiting) Exit(contact, exit_reason::kManual);
      break;
    }
  }
}

bool Simulator::ApplyScriptSet(ContactState& state, const ScriptEntry& entry) {
  bool dates_moved = false;
  for (auto it = entry.set.begin(); it != entry.set.end(); ++it) {
    Change(state, it.key()) = it.value();
    dates_moved = dates_moved || MovesDateTrigger(it.key());
  }
  ChangeLists(state, entry.add_to_lists, entry.remove_from_lists);
  return dates_moved;
}

void Simulator::FireTimer(Instant t, const Timer& timer) {
  int contact = static_cast<int>(timer.contact);
  switch (timer.kind) {
    case TimerKind::kWake: {
      ContactState& state = contacts_[contact];
      if (state.phase != Phase::kWaiting || state.token != timer.token) return;  // stale
      const Node& node = workflow_.nodes[timer.aux];
      switch (state.wait) {
        case WaitType::kTimer:
          Resume(contact, resume_via::kNext, node.next_index);
          break;
        case WaitType::kEvent:
        case WaitType::kCondition:
          Resume(contact, resume_via::kTimeout, node.on_timeout_index);
          break;
        case WaitType::kQuietHours: {
          state.wait = WaitType::kNone;
          state.phase = Phase::kActive;
          ++state.token;
          if (Trace()) Emit(TraceLine(now_, state.def->id, trace_kind::kResumed).Add("node", node.id).Add("via", resume_via::kNext));
          if (ExecuteSend(contact, node, true)) RunContact(contact, node.next_index);
          break;
        }
        case WaitType::kNone:
        case WaitType::kHeld:  // released by DecideWinner, never by a wake timer
          break;
      }
      return;
    }
    case TimerKind::kMaxDuration: {
      const ContactState& state = contacts_[contact];
      bool enrolled = state.phase == Phase::kActive || state.phase == Phase::kWaiting;
      if (enrolled && state.enrollments == timer.aux) Exit(contact, exit_reason::kExpired);
      return;
    }
    case TimerKind::kReaction: {
      PendingEvent& pending = pending_events_[timer.aux];
      if (options_.observer) options_.observer->ReactionEvent(contact, pending.name, pending.properties["template"].get_ref<const std::string&>());
      if (portfolio_) {  // every workflow of the portfolio sees it
        portfolio_->BroadcastEvent(contact, pending.name, pending.source, pending.properties);
        return;
      }
      HandleEvent(contact, PastEvent{Intern(pending.name), Intern(pending.source), now_, std::move(pending.properties)});
      return;
    }
    case TimerKind::kContactTrigger: {
      Instant& due = TriggerDue(contact, static_cast<std::size_t>(timer.aux));
      if (due != t) return;  // rescheduled since
      due = kNoTime;
      FireContactTrigger(contact, timer.aux, t);
      return;
    }
    case TimerKind::kGlobalSchedule:
      FireGlobalSchedule(timer.aux);
      return;
    case TimerKind::kWinnerDecision:
      DecideWinner(timer.aux);
      return;
    case TimerKind::kEnrollRequest:
      TryEnroll(contact, -1, -1, &enroll_requests_[static_cast<std::size_t>(timer.aux)]);
      return;
  }
}

int Simulator::RecordEvent(int contact, PastEvent past) {
  std::vector<PastEvent>& events = contacts_[contact].events;
  events.push_back(std::move(past));
  return static_cast<int>(events.size() - 1);
}

void Simulator::DeliverRecorded(int contact, int event_index) {
  const PastEvent& stored = contacts_[contact].events[static_cast<std::size_t>(event_index)];
  const EventRecord event{stored.name, stored.source, stored.at, &stored.properties};
  DeliverEvent(contact, event_index, event);
  CheckConditionTriggers(contact, false, &event);
}

void Simulator::HandleEvent(int contact, PastEvent past) {
  ContactState& state = contacts_[contact];
  state.events.push_back(std::move(past));
  const int event_index = static_cast<int>(state.events.size() - 1);
  const PastEvent& stored = state.events.back();
  // Points into the history: nothing appends to it while the event is
  // handled (reactions arrive later, through the queue).
  const EventRecord event{stored.name, stored.source, stored.at, &stored.properties};
  DeliverEvent(contact, event_index, event);
  // A condition can read the history (has_event, count_events): its
  // trigger's edge may move with every event, as with attribute changes.
  CheckConditionTriggers(contact, false, &event);
}

void Simulator::DeliverEvent(int contact, int event_index, const EventRecord& event) {
  ContactState& state = contacts_[contact];
  // Inactivity is measured from the last such event: restart its timer.
  for (std::size_t i = 0; i < workflow_.triggers.size(); ++i) {
    const Trigger& trigger = workflow_.triggers[i];
    if (trigger.type == TriggerType::kInactivity && trigger.event == *event.name) {
      Instant due = event.at + trigger.inactive_for;
      TriggerDue(contact, i) = due;
      Schedule(due, contact, TimerKind::kContactTrigger, 0, static_cast<std::int32_t>(i));
    }
  }

  bool enrolled = state.phase == Phase::kActive || state.phase == Phase::kWaiting;
  if (!enrolled) {
    for (std::size_t i = 0; i < workflow_.triggers.size(); ++i) {
      const Trigger& trigger = workflow_.triggers[i];
      if (trigger.type == TriggerType::kEvent && EventMatchesTrigger(contact, trigger, event)) {
        TryEnroll(contact, static_cast<int>(i), event_index);
        break;
      }
    }
    return;
  }

  for (const ExitOnEvent& exit : workflow_.exit_on_events) {
    if (exit.event != *event.name) continue;
    if (!exit.source.empty() && exit.source != *event.source) continue;
    if (exit.where && !Holds(*exit.where, contact, &event)) continue;
    Exit(contact, exit.reason);
    return;
  }
  if (CheckGoal(contact, &event)) return;
  if (state.phase != Phase::kWaiting) return;
  const Node& node = workflow_.nodes[state.node];
  if (state.wait == WaitType::kEvent && node.event == *event.name &&
      (node.source.empty() || node.source == *event.source) &&
      (!node.where || Holds(*node.where, contact, &event))) {
    state.last_event = event_index;
    Resume(contact, resume_via::kEvent, node.next_index);
  } else if (state.wait == WaitType::kCondition && Holds(*node.condition, contact, &event)) {
    Resume(contact, resume_via::kCondition, node.next_index);
  }
}

void Simulator::HandleAttributeChange(int contact, bool dates_moved) {
  ContactState& state = contacts_[contact];
  bool enrolled = state.phase == Phase::kActive || state.phase == Phase::kWaiting;
  if (enrolled && !CheckGoal(contact, nullptr) && state.phase == Phase::kWaiting &&
      state.wait == WaitType::kCondition) {
    const Node& node = workflow_.nodes[state.node];
    if (Holds(*node.condition, contact, nullptr)) Resume(contact, resume_via::kCondition, node.next_index);
  }
  CheckConditionTriggers(contact, false);
  if (dates_moved) ScheduleContactTriggers(contact, true);
}

void Simulator::Emit(TraceLine line) {
  if (portfolio_) line.workflow = workflow_.id;
  if (options_.trace_sink) options_.trace_sink(line);
  if (options_.keep_trace) trace_.push_back(std::move(line));
}

// ---- the contact's data ----------------------------------------------------

ContactView Simulator::View(const ContactState& state) const {
  return ContactView{state.def, &state.changes, &state.zone->name()};
}

std::optional<EventRecord> Simulator::LastEvent(const ContactState& state) const {
  if (state.last_event < 0) return std::nullopt;
  const PastEvent& past = state.events[static_cast<std::size_t>(state.last_event)];
  return EventRecord{past.name, past.source, past.at, &past.properties};
}

bool Simulator::MovesDateTrigger(std::string_view attribute) const {
  for (const Trigger& trigger : workflow_.triggers) {
    if (trigger.type == TriggerType::kDate && trigger.attribute == attribute) return true;
  }
  return false;
}

void Simulator::ChangeLists(ContactState& state, const std::vector<std::string>& add,
                            const std::vector<std::string>& remove) {
  if (add.empty() && remove.empty()) return;
  Json scratch;
  const Json* current = View(state).Get("lists", scratch);
  Json lists = current != nullptr && current->is_array() ? *current : Json::array();
  for (const std::string& list : add) {
    if (std::find(lists.begin(), lists.end(), Json(list)) == lists.end()) lists.push_back(list);
  }
  for (const std::string& list : remove) {
    lists.erase(std::remove(lists.begin(), lists.end(), Json(list)), lists.end());
  }
  Change(state, "lists") = std::move(lists);
}

Json& Simulator::Change(ContactState& state, const std::string& name) {
  // The fields the cached reach was read from (nodes.cc, ReadReach).
  if (channels::IsReachField(name)) state.reach_known = false;
  // A cached false goal stays false unless the goal reads this attribute
  // (or the whole contact, ""): the score an update node increments does
  // not bring a goal on `contact.buyer` closer.
  if (state.goal_false &&
      (std::binary_search(goal_keys_.begin(), goal_keys_.end(), name) || (!goal_keys_.empty() && goal_keys_[0].empty()))) {
    state.goal_false = false;
  }
  for (AttributeChange& change : state.changes) {
    if (SameName(*change.name, name)) return change.value;
  }
  state.changes.push_back(AttributeChange{Intern(name), Json()});
  return state.changes.back().value;
}

// ---- conditions --------------------------------------------------------------

Json Simulator::Evaluate(const Condition& condition, int contact, const EventRecord* event,
                         std::vector<logic::Read>* reads) const {
  const ContactState& state = contacts_[contact];
  std::optional<EventRecord> last;
  if (event == nullptr && (last = LastEvent(state))) event = &*last;
  ContactView view = View(state);
  ConditionScope scope(view, event, now_, &workflow_json_);
  ContactHost host(now_, view, [&state](const std::function<bool(const EventRecord&)>& visit) {
    for (auto it = state.events.rbegin(); it != state.events.rend(); ++it) {
      if (!visit(EventRecord{it->name, it->source, it->at, &it->properties})) return;
    }
  });
  logic::EvalOptions options;
  options.host = &host;
  options.reads = reads;
  return logic::Evaluate(*condition.rule, scope, options);
}

bool Simulator::Holds(const Condition& condition, int contact, const EventRecord* event) const {
  return logic::Truthy(Evaluate(condition, contact, event));
}

}  // namespace flowproof
