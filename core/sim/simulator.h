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

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/base/json.h"
#include "core/model/fixture.h"
#include "core/model/workflow.h"
#include "core/sim/condition_scope.h"
#include "core/sim/run_observer.h"
#include "core/sim/trace.h"
#include "core/sim/winner_selection.h"
#include "core/time/types.h"

namespace flowproof {

class MessageRenderer;
class Portfolio;
struct MessageContext;
struct MessageRenderResult;
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
  // Each trace line as it is made: `flowproof simulate` prints a long trace
  // as it goes instead of holding it all (set keep_trace false then).
  std::function<void(const TraceLine&)> trace_sink;
  // Render each message before it is sent (one that fails to render is
  // suppressed with `render_failed` after an `error` line)...
  bool render_messages = true;
  // ...and keep it for previews and expectations.
  bool keep_messages = true;
  // Zero-time steps a contact may take before loop_without_wait stops it
  // (or the number of nodes, if larger: a path through more nodes than that
  // without a wait is a chain, not a loop).
  int max_zero_time_steps = 1000;
  // Told what happens as it happens (core/sim/run_observer.h): a forecast
  // counts without a trace. Null: nobody listens. Must outlive the run.
  RunObserver* observer = nullptr;
  // v1.1 portfolio (core/sim/portfolio.h): the workflow to run (null: the
  // fixture's `workflow`), and the portfolio whose other workflows share
  // this run's contacts (events, attribute changes, the cap, the zero-time
  // step count); null in a run of one workflow, which then stays exactly
  // as it was.
  std::shared_ptr<const Workflow> workflow;
  Portfolio* portfolio = nullptr;
  int portfolio_index = 0;  // this workflow's place in the portfolio's order
};

// A message sent during the run, rendered at send time.
struct SentMessage {
  Instant t = 0;
  int contact = 0;
  int node = 0;
  int workflow = 0;  // the portfolio_index of the workflow that sent it
  std::string template_name;
  Json message;  // core/render output (a message that fails to render is not sent)
};

// Condition-trigger edges are kept as bits of one word per contact.
constexpr std::size_t kMaxTriggers = 64;

class Simulator {
  // core/sim/publish.cc moves a run's state to a new workflow version.
  friend class PublishSwitch;
  // core/sim/portfolio.cc drives several simulators over the same contacts:
  // it runs their instants, script and timers in priority order and passes
  // events, attribute changes and enrolments between them.
  friend class Portfolio;

 public:
  Simulator(std::shared_ptr<const Fixture> fixture, const SimulatorOptions& options);
  ~Simulator();
  // Not copied or moved: iterators into its own maps (recent_buckets_) would
  // point into the source.
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Starts again over `fixture` as a new Simulator(fixture, options) would,
  // with `observer` instead of options.observer, keeping what the last run
  // allocated (contacts' histories and changes, timer buckets, interned
  // names, the compiled templates): a forecast runs slice after slice of a
  // population through one simulator. False, and nothing changed, when
  // `fixture` has another workflow object or this run is a portfolio's.
  bool Restart(std::shared_ptr<const Fixture> fixture, RunObserver* observer);

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

  std::size_t contact_count() const { return contacts_.size(); }
  // Contact `index` (in fixture order) where it is now, as Session::Contacts()
  // lists it but without "path" (Session keeps paths: core/sim/contact_summary.h).
  // Without `detail`, also without "attributes", "lists" and "consent":
  // materialising attributes is most of the cost of listing every contact.
  Json Contact(std::size_t index, bool detail) const;
  Json NodeCounts() const;
  // The node contact `index` is waiting at, or -1 when it is not waiting
  // (a forecast's "waiting_at_end").
  int WaitingNode(std::size_t index) const;
  // FORMAT.md `render` output for a contact and template as of now, or as it
  // was sent when the contact received it.
  MessageRenderResult Render(const std::string& contact_id, const std::string& template_name) const;

  // Bytes of simulator state, estimated from the containers' capacities
  // (benchmark figure; the benchmark also measures the process's growth).
  std::size_t ApproximateStateBytes() const;

 private:
  enum class Phase : std::uint8_t { kNotEnrolled, kActive, kWaiting, kExited };
  enum class WaitType : std::uint8_t { kNone, kTimer, kEvent, kCondition, kQuietHours, kHeld };

  // Names and sources are interned (strings_): histories are long and
  // repeat the same few names.
  struct PastEvent {
    const std::string* name;
    const std::string* source;
    Instant at = 0;
    Json properties;
  };

  // Sends kept for the frequency cap: only those inside its window.
  struct SendRecord {
    Instant at;
    Channel channel;
  };

  // Per contact, and a million of them: kept small. Attributes stay in the
  // fixture (ContactView); the run keeps only what it changed.
  struct ContactState {
    const ContactDef* def = nullptr; // id and attributes as written
    const TimeZone* zone = nullptr;
    AttributeChanges changes;        // attributes set during the run
    std::vector<PastEvent> events;   // history for has_event / count_events
    std::vector<SendRecord> sends;   // only with a frequency cap
    Instant enrolled_at = 0;
    Instant wait_until = kNoTime;    // the end of a timed wait or timeout
    const std::string* exit_reason = nullptr;  // interned in strings_
    std::uint64_t condition_held = 0;  // bit per trigger: last value of a condition trigger
    std::int32_t node = -1;          // current node while enrolled
    std::int32_t enrollments = 0;
    std::int32_t last_event = -1;    // index in events of the event that enrolled it
                                     // or ended its last wait; -1: none
    std::uint32_t token = 0;         // bumped when a wait starts or ends
    std::uint32_t send_count = 0;    // every send so far (reaction draws)
    // Zero-time steps in the instant numbered step_epoch (loop_without_wait).
    // An instant number is steps_ truncated to 32 bits: a collision needs
    // four billion instants in one run.
    std::uint32_t step_epoch = 0;
    std::int32_t steps_in_epoch = 0;
    Phase phase = Phase::kNotEnrolled;
    WaitType wait = WaitType::kNone;
    // Per channel bit: consent withdrawn / no address. Read from the
    // attributes at the first send and after a change to one of the fields
    // they come from, not at each send: lookups in a million contacts'
    // attributes were a sixth of the run.
    bool reach_known = false;
    // The goal was false and reads only the contact's attributes
    // (goal_cacheable_): false until Change() touches them. The goal before
    // each run of a contact was a tenth of a forecast.
    bool goal_false = false;
    std::uint8_t no_consent = 0;
    std::uint8_t no_address = 0;
  };

  enum class TimerKind : std::uint8_t {
    kWake, kMaxDuration, kReaction, kContactTrigger, kGlobalSchedule, kWinnerDecision,
    kEnrollRequest  // an enroll node's request, taken after the current steps (aux: enroll_requests_)
  };
  // Where an enrolment by an enroll node came from (trace `from_workflow`,
  // `from_node`).
  struct EnrollRequest {
    const Workflow* from;
    int node;
  };
  // A timer's instant is its bucket's key (timers_); within a bucket timers
  // fire in the order they were scheduled.
  struct Timer {
    std::uint32_t contact;
    std::uint32_t token;
    std::int32_t aux;
    TimerKind kind;
  };
  struct PendingEvent {
    std::string name;
    std::string source;
    Json properties;
  };

  // simulator.cc: the clock, the queue, arrivals
  // The per-fixture half of construction (and of Restart): contacts, zones,
  // trigger slots, script entries' contacts.
  void BeginRun();
  // Takes a bucket out of timers_, keeping a few small ones for reuse.
  void RecycleBucket(std::map<Instant, std::vector<Timer>>::iterator bucket);
  void Schedule(Instant t, std::uint32_t contact, TimerKind kind, std::uint32_t token, std::int32_t aux);
  void ProcessInstant(Instant t);
  // The due timers of instant t, in the order they were scheduled.
  void ProcessDueTimers(Instant t);
  void Start();
  void RunScriptEntry(const ScriptEntry& entry);
  // A script `set` stored (no consequences yet); true when a date trigger's
  // attribute moved.
  bool ApplyScriptSet(ContactState& state, const ScriptEntry& entry);
  void FireTimer(Instant t, const Timer& timer);
  // A hint to the CPU (GCC and Clang builtin; a no-op in WebAssembly).
  static constexpr std::size_t kPrefetchAhead = 8;
  void PrefetchContact(std::uint32_t contact, bool attributes) const;
  // Records the event in the contact's history, delivers it, then moves
  // condition triggers' edges.
  void HandleEvent(int contact, PastEvent event);
  // HandleEvent in two halves, so a portfolio records an event in every
  // workflow's history before any workflow acts on it.
  int RecordEvent(int contact, PastEvent event);
  void DeliverRecorded(int contact, int event_index);
  // Inactivity timers, event triggers, negative triggers, the goal, waits.
  void DeliverEvent(int contact, int event_index, const EventRecord& event);
  // `dates_moved`: a date trigger's attribute was among the changes (only
  // then are the contact's date triggers recomputed).
  void HandleAttributeChange(int contact, bool dates_moved);
  // Counts a trace line; true when the caller should build and Emit it
  // (false when the run keeps no trace, so hot paths skip building lines).
  bool Trace() {
    ++trace_count_;
    return tracing_;
  }
  void Emit(TraceLine line);

  // triggers.cc: enrolment
  void ScheduleContactTriggers(int contact, bool only_dates);
  std::optional<Instant> NextTriggerInstant(int contact, int trigger, Instant after) const;
  void FireContactTrigger(int contact, int trigger, Instant t);
  void FireGlobalSchedule(int trigger);
  // `event`: the event being handled, if any.
  void CheckConditionTriggers(int contact, bool at_start, const EventRecord* event = nullptr);
  bool EventMatchesTrigger(int contact, const Trigger& trigger, const EventRecord& event) const;
  // `event`: index in the contact's history of the event that enrols it, or -1.
  // `from`: an enroll node's request (then `trigger` is -1).
  void TryEnroll(int contact, int trigger, int event, const EnrollRequest* from = nullptr);
  // An enroll node asks for the contact to be enrolled here, after the
  // steps the contact is taking now (a kEnrollRequest timer at now).
  void RequestEnroll(int contact, const Workflow& from, int node);
  // The contact leaves with `reason` if it is enrolled (unenroll nodes).
  void ExitIfEnrolled(int contact, const std::string& reason);
  // Attribute changes made by another workflow of the portfolio: stored,
  // then handled as a change here (goal, condition waits and triggers).
  void ReceiveChanges(int contact, const Simulator& from, const std::vector<std::string>& names);

  // nodes.cc: moving through the workflow
  void EnterNode(int contact, int node);
  void RunContact(int contact, int node);
  // Runs the node's behaviour (kNodeBehaviours); false: the contact stopped
  // (waits or left), else *next is the node to run at once.
  bool ExecuteNode(int contact, int node, int* next);
  bool ExecuteSend(int contact, const Node& node, bool after_hold);

  // node_behaviours.cc: what each node type does, one function each,
  // registered in kNodeBehaviours (indexed by NodeType).
  struct NodeBehaviour {
    NodeType type;
    bool (Simulator::*run)(int contact, int index, int* next);
  };
  static const NodeBehaviour kNodeBehaviours[kNodeTypeCount];
  // Whether row i of kNodeBehaviours is NodeType i (checked at compile time).
  static constexpr bool NodeBehavioursInEnumOrder();
  bool SendNode(int contact, int index, int* next);
  bool UpdateNode(int contact, int index, int* next);
  bool BranchNode(int contact, int index, int* next);
  bool SplitNode(int contact, int index, int* next);
  // winner_selection.cc: a split with `winner`. Before the decision, false
  // when the contact is held at the node; otherwise *variant is the one it
  // takes (its test variant, or the winner once decided).
  bool WinnerSplit(int contact, int index, int drawn, int* variant);
  void DecideWinner(int node);
  bool WaitNode(int contact, int index, int* next);
  bool WaitEventNode(int contact, int index, int* next);
  bool WaitUntilNode(int contact, int index, int* next);
  bool ExitNode(int contact, int index, int* next);
  bool EnrollNode(int contact, int index, int* next);
  bool UnenrollNode(int contact, int index, int* next);
  void ApplyUpdate(int contact, const Node& node);
  void StartWait(int contact, int node, WaitType type, Instant until);
  void Resume(int contact, const char* via, int next_node);
  void Exit(int contact, const std::string& reason);
  bool CheckGoal(int contact, const EventRecord* event);
  void EmitReactions(int contact, const std::string& template_name);
  // What a template sees for the contact now (FORMAT.md "Templates").
  MessageContext MessageContextFor(const ContactState& state) const;
  // The rendered message, or none after an `error` trace line.
  std::optional<Json> RenderMessage(int contact, int node, const std::string& template_name);

  // The contact as conditions and templates see it.
  ContactView View(const ContactState& state) const;
  // The event a condition binds when none is given: the contact's last_event.
  std::optional<EventRecord> LastEvent(const ContactState& state) const;
  // The contact's slot for an attribute the run sets.
  Json& Change(ContactState& state, const std::string& name);
  // Whether `attribute` is the date of a date trigger.
  bool MovesDateTrigger(std::string_view attribute) const;
  void ChangeLists(ContactState& state, const std::vector<std::string>& add, const std::vector<std::string>& remove);
  Instant& TriggerDue(int contact, std::size_t trigger) {
    return trigger_due_[static_cast<std::size_t>(contact) * workflow_.triggers.size() + trigger];
  }

  // conditions; `event` null means the contact's last_event
  Json Evaluate(const Condition& condition, int contact, const EventRecord* event,
                std::vector<logic::Read>* reads = nullptr) const;
  bool Holds(const Condition& condition, int contact, const EventRecord* event) const;

  std::shared_ptr<const Fixture> fixture_;
  const Workflow& workflow_;
  SimulatorOptions options_;
  std::unique_ptr<MessageRenderer> renderer_;

  std::vector<ContactState> contacts_;
  // Pending timers by instant. Many contacts wake at the same instant (a
  // date trigger's 10:00, the end of a one-day wait): one bucket each is
  // a sequential walk where a heap of a million timers took a cache miss per
  // level, and no timer needs its own time or sequence number.
  std::map<Instant, std::vector<Timer>> timers_;
  // Buckets already fired, kept for the next instants (their map node and
  // their vector's capacity): a new bucket per instant allocated both, and
  // freed them when it fired.
  std::vector<std::map<Instant, std::vector<Timer>>::node_type> spare_buckets_;
  // Buckets by a hash of their instant (timers_.end() where none): most
  // timers join a bucket that exists already (the contacts a bucket wakes
  // mostly schedule the end of the same wait), and a forecast's map holds
  // about a hundred instants, whose search was the simulator's costliest
  // step: a chain of dependent loads and unpredictable branches.
  static constexpr std::size_t kRecentBuckets = 256;
  std::array<std::map<Instant, std::vector<Timer>>::iterator, kRecentBuckets> recent_buckets_;
  static std::size_t RecentSlot(Instant t) {
    return static_cast<std::size_t>((static_cast<std::uint64_t>(t) * 0x9E3779B97F4A7C15ull) >> 56);
  }
  std::vector<Instant> trigger_due_;  // per contact and trigger: its pending timer (kNoTime: none)
  std::vector<PendingEvent> pending_events_;
  std::size_t script_cursor_ = 0;
  std::vector<int> script_contacts_;  // contact index of each script entry
  bool started_ = false;
  Instant now_ = 0;
  std::size_t steps_ = 0;
  int zero_time_steps_ = 0;

  // Exit reasons, event names and sources, interned. Hashed, not ordered:
  // each exit and attribute change interns a name, and the ordered set's
  // string comparisons were 2% of a forecast. Nodes keep their addresses.
  std::unordered_set<std::string> strings_;
  const std::string* Intern(const std::string& text) { return &*strings_.insert(text).first; }

  std::vector<TraceLine> trace_;
  std::size_t trace_count_ = 0;
  bool tracing_ = false;  // lines are kept or streamed: worth building
  bool goal_cacheable_ = false;  // the goal is a function of "contact.*" alone (logic::ReadsOnlyUnder)
  std::vector<std::string> goal_keys_;  // what of the contact a cacheable goal reads (logic::KeysReadUnder)
  int zero_time_step_limit_ = 0;  // max_zero_time_steps, or the node count if larger
  std::vector<SentMessage> messages_;
  std::vector<std::uint32_t> entered_count_;  // per node
  std::map<int, WinnerTest> winner_tests_;    // per split node with `winner`, from its first arrival
  Json workflow_json_;  // {"id", "name"} as conditions see `workflow`
  Portfolio* portfolio_ = nullptr;  // options_.portfolio
  std::vector<EnrollRequest> enroll_requests_;  // kEnrollRequest timers' aux
};

}  // namespace flowproof
