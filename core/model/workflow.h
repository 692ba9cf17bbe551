// The in-memory form of a flowproof.workflow/1 document (FORMAT.md, "Workflow").
//
// core/model/workflow_parser.h builds a Workflow from JSON and validates it;
// once built, every reference in it has been resolved (node indexes are set,
// templates exist, conditions are compiled), so the simulator never checks.
//
//   WorkflowParseResult parsed = ParseWorkflow(json);
//   if (!parsed.ok()) for (const Problem& p : parsed.problems) ...
//   const Workflow& wf = *parsed.workflow;
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/channel.h"
#include "core/base/json.h"
#include "core/time/types.h"

namespace flowproof {

namespace logic {
class Rule;  // a compiled JsonLogic rule, core/logic/
}

// A JsonLogic condition as written plus its compiled form.
struct Condition {
  Json source;
  std::shared_ptr<const logic::Rule> rule;  // never null in a parsed workflow
};

enum class TriggerType { kEvent, kCondition, kDate, kSchedule, kInactivity };

struct Trigger {
  TriggerType type = TriggerType::kEvent;
  // kEvent and kInactivity: the event name. kEvent also: where, source.
  std::string event;
  std::optional<Condition> where;
  std::string source;  // "" matches any source
  // kCondition: fires when it goes from false to true.
  std::optional<Condition> condition;
  // kDate: local time `at` on the date in `attribute` plus `offset`.
  std::string attribute;
  Duration offset = 0;
  LocalTime at;
  bool every_year = false;
  // kSchedule: at `schedule_at` (an instant), or, when `local`, at the civil
  // time `schedule_local_at` read in each contact's zone; repeated every
  // `every` seconds when every > 0.
  Instant schedule_at = 0;
  bool local = false;
  LocalDateTime schedule_local_at;
  Duration every = 0;
  std::optional<Condition> audience;
  // kInactivity: no `event` for `inactive_for`.
  Duration inactive_for = 0;
};

enum class Reenroll { kNever, kAfterExit, kAfterGap };

struct ExitOnEvent {
  std::string event;
  std::optional<Condition> where;
  std::string source;
  std::string reason = "exit_event";
};

struct QuietHours {
  LocalTime start;
  LocalTime end;
  bool skip = false;  // mode "skip"; false is "hold"
};

struct FrequencyCap {
  int max = 0;
  Duration per = 0;
  std::vector<Channel> channels;  // empty means every channel
};

// kEnroll and kUnenroll (v1.1 portfolio) act on another workflow of the
// fixture's portfolio, named by Node::target_workflow.
enum class NodeType { kSend, kUpdate, kBranch, kSplit, kWait, kWaitEvent, kWaitUntil, kExit, kEnroll, kUnenroll };
inline constexpr int kNodeTypeCount = 10;  // keep in step with NodeType (the simulator's table checks it)

struct BranchArm {
  std::string label;
  Condition when;
  std::string next;
  int next_index = -1;
};

struct SplitVariant {
  std::string label;
  double weight = 0;
  std::string next;
  int next_index = -1;
};

// A split's `winner` (FORMAT.md "Split with winner selection"): a share of
// contacts is tested, the rest wait until the decision `decide_after` after
// the first arrival; the metric is an event within `within` of assignment,
// or the workflow's goal (metric_goal).
struct SplitWinner {
  double test_share = 0;
  Duration decide_after = 0;
  bool metric_goal = false;
  std::string metric_event;
  Duration within = 0;
};

// One `set` entry of an update node: a literal value, or a condition whose
// result is stored (an object with a single JsonLogic operation key).
struct SetAttribute {
  std::string attribute;
  Json value;
  std::optional<Condition> expr;
};

enum class WaitKind { kFor, kUntil, kForExpr, kUntilExpr };

struct Node {
  std::string id;
  NodeType type = NodeType::kExit;
  std::string next;  // every type but kExit, kBranch and kSplit
  int next_index = -1;

  // kSend
  Channel channel = Channel::kEmail;
  std::string template_name;

  // kUpdate
  std::vector<SetAttribute> set;
  std::vector<std::string> add_to_lists;
  std::vector<std::string> remove_from_lists;
  std::vector<std::pair<std::string, double>> increment;

  // kBranch
  std::vector<BranchArm> branches;
  std::string else_next;
  int else_index = -1;

  // kSplit
  bool ab = true;  // mode "ab"; false is "random" (both are sticky and seeded)
  std::vector<SplitVariant> variants;
  std::optional<SplitWinner> winner;  // core/sim/winner_selection.cc

  // kWait
  WaitKind wait_kind = WaitKind::kFor;
  Duration wait_for = 0;
  LocalTime until_time;
  std::uint8_t until_days = 0x7f;  // bit 0 = Sunday .. bit 6 = Saturday
  std::optional<Condition> expr;   // kForExpr (seconds) and kUntilExpr (timestamp)

  // kWaitEvent (event, where, source) and kWaitUntil (condition)
  std::string event;
  std::string source;
  std::optional<Condition> where;
  std::optional<Condition> condition;
  std::optional<Duration> timeout;
  std::string on_timeout;
  int on_timeout_index = -1;

  // kExit
  std::string reason = "completed";
  // kEnroll and kUnenroll: the id of a workflow of the fixture's portfolio
  // (checked by the fixture parser, which knows the portfolio).
  std::string target_workflow;
};

// A message template: its channel and its fields as written (Liquid sources,
// or "variants"); core/render/ renders it.
struct MessageTemplate {
  std::string name;
  Channel channel = Channel::kEmail;
  Json source;  // the whole template object
  // For smart content: the compiled `when` of each variant, in order; a
  // variant without `when` (the default) has no entry's rule (rule == null).
  std::vector<std::optional<Condition>> variant_conditions;
};

struct Workflow {
  std::string id;
  std::string name;
  std::string type;  // lifecycle, behavioral, promotional, operational
  std::string timezone = "UTC";

  std::vector<Trigger> triggers;
  std::optional<Condition> audience;
  Reenroll reenroll = Reenroll::kNever;
  Duration reenroll_gap = 0;

  std::optional<Condition> goal;
  std::optional<Duration> max_duration;
  std::vector<ExitOnEvent> exit_on_events;

  std::optional<QuietHours> quiet_hours;
  std::optional<FrequencyCap> frequency_cap;

  std::string start;
  int start_index = -1;
  std::vector<Node> nodes;                // in the key order of "nodes"
  std::map<std::string, int> node_index;  // id -> index into nodes
  std::map<std::string, MessageTemplate> templates;
  std::map<std::string, std::string> snippets;

  Json source;  // the document as given
};

const char* NodeTypeName(NodeType type);       // "send", "wait_event", ...

}  // namespace flowproof
