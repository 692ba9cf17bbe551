// The discrete-event engine: contacts move through a workflow on a simulated
// clock (FORMAT.md, "Workflow" and "Nodes").
//
// Everything that will happen is a timer in one priority queue ordered by
// (time, order scheduled), plus the fixture's script, which runs first at
// each instant. A contact's zero-time steps (send, update, branch, split, a
// wait already over) run in one go inside the instant. The engine knows
// nothing of pacing, the DOM or the wall clock: Session drives it, and the
// page animates what it reports.
//
//   Simulator sim(fixture, {});
//   while (sim.Step()) {}
//   for (const TraceLine& line : sim.trace()) ...
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/model/fixture.h"
#include "core/model/workflow.h"
#include "core/sim/trace.h"
#include "core/time/types.h"

namespace flowproof {

class MessageRenderer;
class TimeZone;
namespace logic {
struct Read;
}

// "No such moment": timers and waits without an end.
constexpr Instant kNoTime = INT64_MIN;

struct SimulatorOptions {
  // Keep every trace line in memory (the CLI, tests and page); the benchmark
  // turns it off and only counts lines.
  bool keep_trace = true;
  // Render each sent message and keep it for previews and expectations.
  bool render_messages = true;
  // Zero-time steps a contact may take before loop_without_wait stops it.
  int max_zero_time_steps = 1000;
};

// A message sent during the run, rendered at send time.
struct SentMessage {
  Instant t = 0;
  int contact = 0;
  int node = 0;
  std::string template_name;
  Json message;  // core/render output; {"error": ...} if rendering failed
};

// Condition-trigger edges are kept as bits of one word per contact.
constexpr std::size_t kMaxTriggers = 64;

class Simulator {
 public:
  Simulator(std::shared_ptr<const Fixture> fixture, const SimulatorOptions& options);
  ~Simulator();

  // Processes the next instant at which anything happens. False when the run
  // is over (nothing pending at or before the clock's end).
  bool Step();
  // Processes every instant up to and including t (capped at the clock's
  // end) and leaves the clock at t.
  bool AdvanceTo(Instant t);
  // The instant Step() would process next, if any.
  std::optional<Instant> NextInstant() const;

  Instant now() const { return now_; }
  bool finished() const { return !NextInstant().has_value(); }
  std::size_t steps_taken() const { return steps_; }

  const std::vector<TraceLine>& trace() const { return trace_; }
  std::size_t trace_lines_written() const { return trace_count_; }
  const std::vector<SentMessage>& messages() const { return messages_; }

  Json Contacts() const;
  Json NodeCounts() const;
  // FORMAT.md `render` output for a contact and template as of now, or as it
  // was sent when the contact received it.
  Json Render(const std::string& contact_id, const std::string& template_name) const;

  // Bytes of simulator state held per contact, estimated (benchmark figure).
  std::size_t ApproximateStateBytes() const;

 private:
  enum class Phase : std::uint8_t { kNotEnrolled, kActive, kWaiting, kExited };
  enum class WaitType : std::uint8_t { kNone, kTimer, kEvent, kCondition, kQuietHours };

  // Names and sources are interned (strings_): histories are long and
  // repeat the same few names.
  struct PastEvent {
    const std::string* name;
    const std::string* source;
    Instant at = 0;
    Json properties;
  };

  struct ContactState {
    std::string id;
    const TimeZone* zone = nullptr;
    Json data;                       // `contact` as conditions and templates see it
    std::vector<PastEvent> events;   // history for has_event / count_events
    Phase phase = Phase::kNotEnrolled;
    WaitType wait = WaitType::kNone;
    int node = -1;                   // current node while enrolled
    int enrollments = 0;
    std::uint32_t token = 0;         // bumped when a wait starts or ends
    Instant enrolled_at = 0;
    Instant wait_until = kNoTime;    // the end of a timed wait or timeout
    const std::string* exit_reason = nullptr;  // interned in reasons_
    Json last_event;                 // the event that enrolled it or ended its last wait
    std::vector<std::pair<Channel, Instant>> sends;  // for the frequency cap
    std::vector<Instant> trigger_due;      // per trigger: its pending timer (0: none)
    std::uint64_t condition_held = 0;  // bit per trigger: last value of a condition trigger
  };

  enum class TimerKind : std::uint8_t {
    kWake, kMaxDuration, kReaction, kContactTrigger, kGlobalSchedule
  };
  struct Timer {
    Instant t;
    std::uint64_t seq;
    std::uint32_t contact;
    TimerKind kind;
    std::uint32_t token;
    std::int32_t aux;
    bool operator>(const Timer& other) const {
      return t != other.t ? t > other.t : seq > other.seq;
    }
  };
  struct PendingEvent {
    std::string name;
    std::string source;
    Json properties;
  };

  // simulator.cc: the clock, the queue, arrivals
  void Schedule(Instant t, std::uint32_t contact, TimerKind kind, std::uint32_t token, std::int32_t aux);
  void ProcessInstant(Instant t);
  void Start();
  void RunScriptEntry(const ScriptEntry& entry);
  void FireTimer(const Timer& timer);
  void HandleEvent(int contact, const PastEvent& event);
  void HandleAttributeChange(int contact);
  // Counts a trace line; true when the caller should build and Emit it
  // (false when the run keeps no trace, so hot paths skip building lines).
  bool Trace() {
    ++trace_count_;
    return options_.keep_trace;
  }
  void Emit(TraceLine line);

  // triggers.cc: enrolment
  void ScheduleContactTriggers(int contact, bool only_dates);
  std::optional<Instant> NextTriggerInstant(int contact, int trigger, Instant after) const;
  void FireContactTrigger(int contact, int trigger, Instant t);
  void FireGlobalSchedule(int trigger);
  void CheckConditionTriggers(int contact, bool at_start);
  bool EventMatchesTrigger(int contact, const Trigger& trigger, const Json& event) const;
  void TryEnroll(int contact, int trigger, const Json& event);

  // nodes.cc: moving through the workflow
  void EnterNode(int contact, int node);
  void RunContact(int contact, int node);
  bool ExecuteNode(int contact, int node, int* next);  // false: the contact stopped (waits or left)
  bool ExecuteSend(int contact, const Node& node, bool after_hold);
  void ApplyUpdate(int contact, const Node& node);
  void StartWait(int contact, int node, WaitType type, Instant until);
  void Resume(int contact, const char* via, int next_node);
  void Exit(int contact, const std::string& reason);
  bool CheckGoal(int contact, const Json* event);
  void EmitReactions(int contact, const std::string& template_name);
  void Render(int contact, int node, const std::string& template_name);

  // conditions
  Json Evaluate(const Condition& condition, int contact, const Json* event,
                std::vector<logic::Read>* reads = nullptr) const;
  bool Holds(const Condition& condition, int contact, const Json* event) const;

  std::shared_ptr<const Fixture> fixture_;
  const Workflow& workflow_;
  SimulatorOptions options_;
  std::unique_ptr<MessageRenderer> renderer_;

  std::vector<ContactState> contacts_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  std::vector<PendingEvent> pending_events_;
  std::uint64_t next_seq_ = 0;
  std::size_t script_cursor_ = 0;
  std::vector<int> script_contacts_;  // contact index of each script entry
  bool started_ = false;
  Instant now_ = 0;
  std::size_t steps_ = 0;
  int zero_time_steps_ = 0;

  // Zero-time steps per contact in the instant being processed, for
  // loop_without_wait; cleared at each new instant.
  std::map<int, int> steps_this_instant_;
  std::set<std::string> strings_;  // exit reasons, event names and sources, interned
  const std::string* Intern(const std::string& text) { return &*strings_.insert(text).first; }

  std::vector<TraceLine> trace_;
  std::size_t trace_count_ = 0;
  std::vector<SentMessage> messages_;
  std::vector<std::uint32_t> entered_count_;  // per node
  Json workflow_json_;  // {"id", "name"} as conditions see `workflow`
};

}  // namespace flowproof
