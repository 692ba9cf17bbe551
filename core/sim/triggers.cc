// Enrolment: the five trigger kinds, audience and re-enrolment rules.
#include <algorithm>

#include "core/logic/rule.h"
#include "core/sim/simulator.h"
#include "core/sim/trace_vocabulary.h"
#include "core/time/civil.h"
#include "core/time/timestamp.h"
#include "core/time/zone.h"

namespace flowproof {
namespace {

// Local schedules repeat on the zone-free civil timeline (civil.h's
// CivilSeconds), so "every 1w" keeps the wall-clock time across DST changes.
Instant FromCivilSeconds(std::int64_t seconds, const TimeZone& zone) {
  LocalDateTime local = CivilFromSeconds(seconds);
  return zone.FromLocal(local.date, local.time);
}

// The moment a date trigger fires for a date: local `at` on date + offset.
// Whole days of the offset move the calendar date (so "-7d" keeps 09:00
// across a DST change); any remainder is exact elapsed time.
Instant DateMoment(const CivilDate& date, const Trigger& trigger, const TimeZone& zone) {
  Duration days = trigger.offset / kDay;
  Duration rest = trigger.offset % kDay;
  return zone.FromLocal(CivilFromDays(DaysFromCivil(date) + days), trigger.at) + rest;
}

}  // namespace

void Simulator::Start() {
  for (std::size_t i = 0; i < workflow_.triggers.size(); ++i) {
    const Trigger& trigger = workflow_.triggers[i];
    if (trigger.type == TriggerType::kSchedule && !trigger.local) {
      Instant first = trigger.schedule_at;
      if (first < fixture_->start && trigger.every > 0) {
        first += (fixture_->start - first + trigger.every - 1) / trigger.every * trigger.every;
      }
      if (first >= fixture_->start) Schedule(first, 0, TimerKind::kGlobalSchedule, 0, static_cast<std::int32_t>(i));
    }
  }
  for (std::size_t c = 0; c < contacts_.size(); ++c) {
    ScheduleContactTriggers(static_cast<int>(c), false);
  }
  // "Contacts for whom it already holds at the clock start enrol at the start."
  for (std::size_t c = 0; c < contacts_.size(); ++c) {
    CheckConditionTriggers(static_cast<int>(c), true);
  }
}

std::optional<Instant> Simulator::NextTriggerInstant(int contact, int index, Instant from) const {
  const ContactState& state = contacts_[contact];
  const Trigger& trigger = workflow_.triggers[index];
  switch (trigger.type) {
    case TriggerType::kDate: {
      Json scratch;
      const Json* value = View(state).Get(trigger.attribute, scratch);
      if (value == nullptr || !value->is_string()) return std::nullopt;
      std::optional<CivilDate> date = ParseCivilDate(value->get_ref<const std::string&>());
      if (!date) return std::nullopt;
      if (!trigger.every_year) {
        Instant moment = DateMoment(AnniversaryIn(*date, date->year), trigger, *state.zone);
        return moment >= from ? std::optional<Instant>(moment) : std::nullopt;
      }
      int year = state.zone->ToLocal(from).date.year;
      // The offset can move the moment into the neighbouring year.
      for (int y = year - 1; y <= year + 2; ++y) {
        Instant moment = DateMoment(AnniversaryIn(*date, y), trigger, *state.zone);
        if (moment >= from) return moment;
      }
      return std::nullopt;
    }
    case TriggerType::kSchedule: {
      if (!trigger.local) return std::nullopt;
      std::int64_t base = CivilSeconds(trigger.schedule_local_at.date, trigger.schedule_local_at.time);
      Instant moment = FromCivilSeconds(base, *state.zone);
      if (moment >= from || trigger.every <= 0) {
        return moment >= from ? std::optional<Instant>(moment) : std::nullopt;
      }
      // Jump close to `from` on the civil timeline, then walk forward.
      LocalDateTime local_from = state.zone->ToLocal(from);
      std::int64_t target = CivilSeconds(local_from.date, local_from.time);
      std::int64_t k = std::max<std::int64_t>(0, (target - base) / trigger.every - 1);
      for (int guard = 0; guard < 4; ++guard, ++k) {
        moment = FromCivilSeconds(base + k * trigger.every, *state.zone);
        if (moment >= from) return moment;
      }
      return std::nullopt;
    }
    case TriggerType::kInactivity: {
      Instant last = fixture_->start;
      for (auto it = state.events.rbegin(); it != state.events.rend(); ++it) {
        if (*it->name == trigger.event) {
          last = it->at;
          break;
        }
      }
      Instant moment = last + trigger.inactive_for;
      return moment >= from ? std::optional<Instant>(moment) : std::nullopt;
    }
    case TriggerType::kEvent:
    case TriggerType::kCondition:
      return std::nullopt;
  }
  return std::nullopt;
}

void Simulator::ScheduleContactTriggers(int contact, bool only_dates) {
  for (std::size_t i = 0; i < workflow_.triggers.size(); ++i) {
    TriggerType type = workflow_.triggers[i].type;
    bool per_contact = type == TriggerType::kDate || type == TriggerType::kInactivity ||
                       (type == TriggerType::kSchedule && workflow_.triggers[i].local);
    if (!per_contact || (only_dates && type != TriggerType::kDate)) continue;
    // At the start a moment equal to the start still fires; later, a date
    // changed to "today at a time already past" does not fire retroactively.
    Instant from = started_ && now_ > fixture_->start ? now_ + 1 : fixture_->start;
    if (only_dates) from = now_ + 1;
    std::optional<Instant> due = NextTriggerInstant(contact, static_cast<int>(i), from);
    Instant value = due ? *due : kNoTime;
    Instant& pending = TriggerDue(contact, i);
    if (value == pending) continue;
    pending = value;
    if (due) Schedule(*due, static_cast<std::uint32_t>(contact), TimerKind::kContactTrigger, 0, static_cast<std::int32_t>(i));
  }
}

void Simulator::FireContactTrigger(int contact, int index, Instant t) {
  const Trigger& trigger = workflow_.triggers[index];
  bool targeted = !trigger.audience || Holds(*trigger.audience, contact, nullptr);
  if (targeted) TryEnroll(contact, index, -1);
  bool repeats = (trigger.type == TriggerType::kDate && trigger.every_year) ||
                 (trigger.type == TriggerType::kSchedule && trigger.every > 0);
  if (!repeats) return;
  Instant& pending = TriggerDue(contact, static_cast<std::size_t>(index));
  if (pending != kNoTime) return;  // already rescheduled meanwhile
  std::optional<Instant> next = NextTriggerInstant(contact, index, t + 1);
  if (next) {
    pending = *next;
    Schedule(*next, static_cast<std::uint32_t>(contact), TimerKind::kContactTrigger, 0, index);
  }
}

void Simulator::FireGlobalSchedule(int index) {
  const Trigger& trigger = workflow_.triggers[index];
  for (std::size_t c = 0; c < contacts_.size(); ++c) {
    int contact = static_cast<int>(c);
    if (trigger.audience && !Holds(*trigger.audience, contact, nullptr)) continue;
    TryEnroll(contact, index, -1);
  }
  if (trigger.every > 0) {
    Schedule(now_ + trigger.every, 0, TimerKind::kGlobalSchedule, 0, index);
  }
}

void Simulator::CheckConditionTriggers(int contact, bool at_start, const EventRecord* event) {
  ContactState& state = contacts_[contact];
  for (std::size_t i = 0; i < workflow_.triggers.size(); ++i) {
    const Trigger& trigger = workflow_.triggers[i];
    if (trigger.type != TriggerType::kCondition) continue;
    bool holds = Holds(*trigger.condition, contact, event);
    std::uint64_t bit = std::uint64_t{1} << i;
    bool rose = holds && (at_start || (state.condition_held & bit) == 0);
    state.condition_held = holds ? state.condition_held | bit : state.condition_held & ~bit;
    if (rose) TryEnroll(contact, static_cast<int>(i), -1);
  }
}

bool Simulator::EventMatchesTrigger(int contact, const Trigger& trigger, const EventRecord& event) const {
  if (*event.name != trigger.event) return false;
  if (!trigger.source.empty() && *event.source != trigger.source) return false;
  return !trigger.where || Holds(*trigger.where, contact, &event);
}

void Simulator::TryEnroll(int contact, int trigger, int event, const EnrollRequest* from) {
  ContactState& state = contacts_[contact];
  if (state.phase == Phase::kActive || state.phase == Phase::kWaiting) return;  // already in
  // A trigger's lines name it; an enroll node's name the workflow and node.
  auto cause = [&](TraceLine& line) -> TraceLine& {
    if (from == nullptr) return line.Add("trigger", trigger);
    return line.Add("from_workflow", from->from->id).Add("from_node", from->from->nodes[static_cast<std::size_t>(from->node)].id);
  };
  auto reject = [&](const char* reason) {
    if (options_.observer) options_.observer->EnrollRejected(contact, reason);
    if (Trace()) {
      TraceLine line(now_, state.def->id, trace_kind::kEnrollRejected);
      Emit(std::move(cause(line).Add("reason", reason)));
    }
  };
  if (state.enrollments > 0) {
    bool allowed = workflow_.reenroll == Reenroll::kAfterExit ||
                   (workflow_.reenroll == Reenroll::kAfterGap &&
                    now_ - state.enrolled_at >= workflow_.reenroll_gap);
    if (!allowed) return reject(rejection::kReenroll);
  }
  if (workflow_.audience) {
    // The audience sees the enrolling event, or none: not the event of an
    // earlier enrolment, so last_event is moved first and put back on refusal.
    std::int32_t earlier = state.last_event;
    state.last_event = event;
    if (!Holds(*workflow_.audience, contact, nullptr)) {
      state.last_event = earlier;
      return reject(rejection::kAudience);
    }
  }
  state.phase = Phase::kActive;
  state.wait = WaitType::kNone;
  ++state.enrollments;
  state.enrolled_at = now_;
  state.exit_reason = nullptr;
  state.last_event = event;
  if (options_.observer) options_.observer->Enrolled(contact, now_);
  if (Trace()) {
    TraceLine line(now_, state.def->id, trace_kind::kEnrolled);
    Emit(std::move(cause(line)));
  }
  if (workflow_.max_duration) {
    Schedule(now_ + *workflow_.max_duration, static_cast<std::uint32_t>(contact), TimerKind::kMaxDuration, 0,
             state.enrollments);
  }
  RunContact(contact, workflow_.start_index);
}

void Simulator::RequestEnroll(int contact, const Workflow& from, int node) {
  enroll_requests_.push_back(EnrollRequest{&from, node});
  Schedule(now_, static_cast<std::uint32_t>(contact), TimerKind::kEnrollRequest, 0,
           static_cast<std::int32_t>(enroll_requests_.size() - 1));
}

void Simulator::ExitIfEnrolled(int contact, const std::string& reason) {
  const ContactState& state = contacts_[contact];
  if (state.phase == Phase::kActive || state.phase == Phase::kWaiting) Exit(contact, reason);
}

}  // namespace flowproof
