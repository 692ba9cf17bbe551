// One behaviour per node type, registered in one table (kNodeBehaviours), as
// the Liquid tags and filters are: a new node type is a new function and a
// new row, and the simulator's loop (nodes.cc, RunContact) stays as it is.
//
// Every behaviour has the same contract: it runs node `index` for `contact`
// at the current instant and returns true with *next set to the node to run
// at once, or false when the contact stopped there (it waits, or it left).
#include <cmath>

#include "core/logic/rule.h"
#include "core/sim/portfolio.h"
#include "core/sim/simulator.h"
#include "core/sim/stable_hash.h"
#include "core/sim/trace_vocabulary.h"
#include "core/time/timestamp.h"
#include "core/time/zone.h"

namespace flowproof {

// In the order of NodeType: the check below fails the build otherwise.
constexpr Simulator::NodeBehaviour Simulator::kNodeBehaviours[] = {
    {NodeType::kSend, &Simulator::SendNode},
    {NodeType::kUpdate, &Simulator::UpdateNode},
    {NodeType::kBranch, &Simulator::BranchNode},
    {NodeType::kSplit, &Simulator::SplitNode},
    {NodeType::kWait, &Simulator::WaitNode},
    {NodeType::kWaitEvent, &Simulator::WaitEventNode},
    {NodeType::kWaitUntil, &Simulator::WaitUntilNode},
    {NodeType::kExit, &Simulator::ExitNode},
    {NodeType::kEnroll, &Simulator::EnrollNode},
    {NodeType::kUnenroll, &Simulator::UnenrollNode},
};

constexpr bool Simulator::NodeBehavioursInEnumOrder() {
  for (int i = 0; i < kNodeTypeCount; ++i) {
    if (static_cast<int>(kNodeBehaviours[i].type) != i) return false;
  }
  return true;
}

bool Simulator::ExecuteNode(int contact, int index, int* next) {
  static_assert(NodeBehavioursInEnumOrder(), "kNodeBehaviours must list every NodeType once, in enum order");
  NodeType type = workflow_.nodes[index].type;
  return (this->*kNodeBehaviours[static_cast<int>(type)].run)(contact, index, next);
}

// FORMAT.md "send": renders and records the message, or a suppression; goes
// on either way, unless quiet hours hold the contact at the node.
bool Simulator::SendNode(int contact, int index, int* next) {
  const Node& node = workflow_.nodes[index];
  if (!ExecuteSend(contact, node, false)) return false;
  *next = node.next_index;
  return true;
}

// FORMAT.md "update": changes the contact's attributes and lists.
bool Simulator::UpdateNode(int contact, int index, int* next) {
  const Node& node = workflow_.nodes[index];
  ApplyUpdate(contact, node);
  *next = node.next_index;
  return true;
}

// FORMAT.md "branch": the first arm whose `when` holds, else `else`; the
// trace line carries the values the conditions read, so "why" can be told.
bool Simulator::BranchNode(int contact, int index, int* next) {
  const ContactState& state = contacts_[contact];
  const Node& node = workflow_.nodes[index];
  std::vector<logic::Read> reads;
  const BranchArm* taken = nullptr;
  for (const BranchArm& arm : node.branches) {
    if (logic::Truthy(Evaluate(arm.when, contact, nullptr, tracing_ ? &reads : nullptr))) {
      taken = &arm;
      break;
    }
  }
  if (options_.observer) options_.observer->Branch(contact, index, taken != nullptr ? static_cast<int>(taken - node.branches.data()) : -1);
  if (Trace()) {
    Json values = Json::object();
    for (const logic::Read& read : reads) values[read.path] = read.value;
    Emit(TraceLine(now_, state.def->id, trace_kind::kBranch)
             .Add("node", node.id)
             .Add("label", taken != nullptr ? taken->label : kElseLabel)
             .Add("values", std::move(values)));
  }
  *next = taken != nullptr ? taken->next_index : node.else_index;
  return true;
}

// FORMAT.md "split": a weighted draw that is sticky and the same on every
// platform, because it hashes (workflow, node, contact, seed) instead of
// drawing from a stream whose position depends on who came first.
bool Simulator::SplitNode(int contact, int index, int* next) {
  const ContactState& state = contacts_[contact];
  const Node& node = workflow_.nodes[index];
  double total = 0;
  for (const SplitVariant& variant : node.variants) total += variant.weight;
  double draw = UnitInterval(StableHash({workflow_.id, node.id, state.def->id}, fixture_->seed)) * total;
  const SplitVariant* chosen = &node.variants.back();
  for (const SplitVariant& variant : node.variants) {
    if (draw < variant.weight) {
      chosen = &variant;
      break;
    }
    draw -= variant.weight;
  }
  if (node.winner) {  // FORMAT.md "Split with winner selection"
    int variant = static_cast<int>(chosen - node.variants.data());
    if (!WinnerSplit(contact, index, variant, &variant)) return false;
    chosen = &node.variants[variant];
  }
  if (options_.observer) options_.observer->Split(contact, index, static_cast<int>(chosen - node.variants.data()));
  if (Trace()) Emit(TraceLine(now_, state.def->id, trace_kind::kSplit).Add("node", node.id).Add("label", chosen->label));
  *next = chosen->next_index;
  return true;
}

// FORMAT.md "wait": for a duration, until a local time, or for/until a
// computed value; a moment already past continues at once.
bool Simulator::WaitNode(int contact, int index, int* next) {
  const ContactState& state = contacts_[contact];
  const Node& node = workflow_.nodes[index];
  Instant until = now_;
  switch (node.wait_kind) {
    case WaitKind::kFor:
      until = now_ + node.wait_for;
      break;
    case WaitKind::kUntil:
      until = NextLocalTime(now_, *state.zone, node.until_time, node.until_days, false);  // "after now"
      break;
    case WaitKind::kForExpr:
    case WaitKind::kUntilExpr: {
      Json value = Evaluate(*node.expr, contact, nullptr);
      std::optional<Instant> computed;
      if (node.wait_kind == WaitKind::kForExpr && value.is_number()) {
        double seconds = value.get<double>();
        if (std::isfinite(seconds) && std::fabs(seconds) < 1e12) {
          computed = now_ + static_cast<Instant>(std::ceil(seconds));
        }
      } else if (node.wait_kind == WaitKind::kUntilExpr && value.is_string()) {
        computed = ParseTimestamp(value.get<std::string>());
      }
      if (!computed) {
        if (Trace()) Emit(TraceLine(now_, state.def->id, trace_kind::kError)
                 .Add("code", trace_error::kInvalidWait)
                 .Add("message", std::string(node.wait_kind == WaitKind::kForExpr
                                                 ? "for_expr must yield a number of seconds, got "
                                                 : "until_expr must yield a timestamp, got ") +
                                     DumpJson(value))
                 .Add("node", node.id));
        Exit(contact, exit_reason::kError);
        return false;
      }
      until = *computed;
      break;
    }
  }
  if (until <= now_) {  // "a timestamp already past continues at once"
    *next = node.next_index;
    return true;
  }
  StartWait(contact, index, WaitType::kTimer, until);
  if (Trace()) Emit(TraceLine(now_, state.def->id, trace_kind::kWaiting).Add("node", node.id).Add("until", FormatTimestamp(until)));
  return false;
}

// FORMAT.md "wait_event": waits for the event (DeliverEvent resumes it) or
// the timeout.
bool Simulator::WaitEventNode(int contact, int index, int* next) {
  const ContactState& state = contacts_[contact];
  const Node& node = workflow_.nodes[index];
  Instant until = node.timeout ? now_ + *node.timeout : kNoTime;
  StartWait(contact, index, WaitType::kEvent, until);
  if (Trace()) {
    TraceLine line(now_, state.def->id, trace_kind::kWaiting);
    line.Add("node", node.id).Add("event", node.event);
    if (until != kNoTime) line.Add("until", FormatTimestamp(until));
    Emit(std::move(line));
  }
  return false;
}

// FORMAT.md "wait_until": a goal wait; a condition that already holds
// continues at once, otherwise it is re-checked at every event and change.
bool Simulator::WaitUntilNode(int contact, int index, int* next) {
  const ContactState& state = contacts_[contact];
  const Node& node = workflow_.nodes[index];
  if (Holds(*node.condition, contact, nullptr)) {
    *next = node.next_index;
    return true;
  }
  Instant until = node.timeout ? now_ + *node.timeout : kNoTime;
  StartWait(contact, index, WaitType::kCondition, until);
  if (Trace()) {
    TraceLine line(now_, state.def->id, trace_kind::kWaiting);
    line.Add("node", node.id).Add("condition", node.condition->source);
    if (until != kNoTime) line.Add("until", FormatTimestamp(until));
    Emit(std::move(line));
  }
  return false;
}

// FORMAT.md "exit": leaves with the node's reason.
bool Simulator::ExitNode(int contact, int index, int* next) {
  Exit(contact, workflow_.nodes[index].reason);
  return false;
}

// v1.1 portfolio "enroll": asks for the contact's enrolment in the named
// workflow (its audience and re-enrolment rule decide), which happens in the
// same instant once the contact's current steps are done; goes on at once.
// In a fixture of one workflow the only workflow it may name is its own.
bool Simulator::EnrollNode(int contact, int index, int* next) {
  const Node& node = workflow_.nodes[index];
  if (portfolio_ != nullptr) portfolio_->Enroll(contact, node.target_workflow, workflow_, index);
  else RequestEnroll(contact, workflow_, index);
  *next = node.next_index;
  return true;
}

// v1.1 portfolio "unenroll": the contact leaves the named workflow (reason
// `unenrolled`) if it is in it; goes on, unless it named this workflow.
bool Simulator::UnenrollNode(int contact, int index, int* next) {
  const Node& node = workflow_.nodes[index];
  if (portfolio_ != nullptr) portfolio_->Unenroll(contact, node.target_workflow);
  else ExitIfEnrolled(contact, exit_reason::kUnenrolled);
  if (contacts_[contact].phase != Phase::kActive) return false;
  *next = node.next_index;
  return true;
}

}  // namespace flowproof
