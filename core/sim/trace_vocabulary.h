// The trace vocabulary: every word the simulator writes into a trace line
// (FORMAT.md "Trace"), defined here and nowhere else.
//
// A trace line's `kind`, the `reason` of a suppression, a refused enrolment,
// a hold or an exit, the `via` of a resumption and the `code` of an error
// are each one of the constants below. The simulator uses the constants, the
// text trace (core/sim/trace_text.cc) takes its words from the lists, `flowproof
// vocabulary` prints the lists as JSON, and the tests hold the text trace,
// the page (web/src/page/explain.js) and README "Error codes" to them.
//
//   Emit(TraceLine(now_, id, trace_kind::kSuppressed).Add("reason", suppression::kNoConsent));
//   if (line.kind == trace_kind::kExited) ...
//   for (const TraceWord& kind : kTraceKinds) ...   // every kind, with its meaning
//
// An `exit` node and an `exit.on_events` entry may name their own exit
// reasons; only the built-in ones are listed here.
#pragma once

#include <cstddef>
#include <string_view>

namespace flowproof {

// A line's `kind`.
namespace trace_kind {
inline constexpr char kEnrolled[] = "enrolled";
inline constexpr char kEnrollRejected[] = "enroll_rejected";
inline constexpr char kEntered[] = "entered";
inline constexpr char kBranch[] = "branch";
inline constexpr char kSplit[] = "split";
inline constexpr char kWaiting[] = "waiting";
inline constexpr char kResumed[] = "resumed";
inline constexpr char kSent[] = "sent";
inline constexpr char kSuppressed[] = "suppressed";
inline constexpr char kUpdated[] = "updated";
inline constexpr char kExited[] = "exited";
inline constexpr char kError[] = "error";
inline constexpr char kMigrated[] = "migrated";  // a new version was published (core/sim/publish.h)
// A split with `winner` decided its test (core/sim/winner_selection.h); the
// line has no contact.
inline constexpr char kWinnerSelected[] = "winner_selected";
}  // namespace trace_kind

// The `reason` of a `suppressed` line (checked in this order).
namespace suppression {
inline constexpr char kNoConsent[] = "no_consent";
inline constexpr char kNoAddress[] = "no_address";
inline constexpr char kQuietHours[] = "quiet_hours";
inline constexpr char kFrequencyCap[] = "frequency_cap";
inline constexpr char kRenderFailed[] = "render_failed";
}  // namespace suppression

// The `reason` of an `enroll_rejected` line.
namespace rejection {
inline constexpr char kAudience[] = "audience";
inline constexpr char kReenroll[] = "reenroll";
}  // namespace rejection

// The `reason` of a `waiting` line that has one: a send held until quiet
// hours end (the same word as the suppression in `skip` mode).
namespace hold {
inline constexpr char kQuietHours[] = "quiet_hours";
// Not in a split's test: waits for the winner (core/sim/winner_selection.h).
inline constexpr char kWinnerTest[] = "winner_test";
}  // namespace hold

// The `via` of a `resumed` line.
namespace resume_via {
inline constexpr char kNext[] = "next";
inline constexpr char kEvent[] = "event";
inline constexpr char kTimeout[] = "timeout";
inline constexpr char kCondition[] = "condition";
}  // namespace resume_via

// The built-in `reason`s of an `exited` line.
namespace exit_reason {
inline constexpr char kCompleted[] = "completed";   // an exit node without a reason
inline constexpr char kGoal[] = "goal";
inline constexpr char kExpired[] = "expired";
inline constexpr char kExitEvent[] = "exit_event";  // an exit.on_events entry without a reason
inline constexpr char kManual[] = "manual";
inline constexpr char kError[] = "error";
inline constexpr char kNodeRemoved[] = "node_removed";  // core/sim/publish.h
inline constexpr char kUnenrolled[] = "unenrolled";  // an unenroll node (v1.1 portfolio)
}  // namespace exit_reason

// The `code` of an `error` line.
namespace trace_error {
inline constexpr char kLoopWithoutWait[] = "loop_without_wait";
inline constexpr char kInvalidWait[] = "invalid_wait";
inline constexpr char kRenderFailed[] = "render_failed";
}  // namespace trace_error

// The label a `branch` line gives when no branch's condition held.
inline constexpr char kElseLabel[] = "else";

// A word and what it means, in the words the text trace prints for it.
struct TraceWord {
  const char* name;
  const char* words;
};

inline constexpr TraceWord kTraceKinds[] = {
    {trace_kind::kEnrolled, "a trigger enrolled the contact"},
    {trace_kind::kEnrollRejected, "a trigger fired but the contact was not enrolled"},
    {trace_kind::kEntered, "the contact entered a node"},
    {trace_kind::kBranch, "a branch node chose a path"},
    {trace_kind::kSplit, "a split node chose a variant"},
    {trace_kind::kWaiting, "the contact waits (for a time, an event, a condition or the end of quiet hours)"},
    {trace_kind::kResumed, "a wait ended"},
    {trace_kind::kSent, "a message was sent"},
    {trace_kind::kSuppressed, "a message was not sent"},
    {trace_kind::kUpdated, "an update node changed the contact"},
    {trace_kind::kExited, "the contact left the workflow"},
    {trace_kind::kError, "the run of this contact hit an error"},
    {trace_kind::kMigrated, "a new version of the workflow was published and the contact moved to it"},
    {trace_kind::kWinnerSelected, "a split's test was decided: the winning variant, each variant's rate and how many were tested (no contact)"},
};

// The text trace prints these words after the reason: "no_consent (the
// contact has not consented to this channel)".
inline constexpr TraceWord kSuppressionReasons[] = {
    {suppression::kNoConsent, "the contact has not consented to this channel"},
    {suppression::kNoAddress, "the contact has no address for this channel"},
    {suppression::kQuietHours, "it is quiet hours in the contact's zone"},
    {suppression::kFrequencyCap, "the frequency cap was reached"},
    {suppression::kRenderFailed, "the message could not be rendered"},
};

inline constexpr TraceWord kRejectionReasons[] = {
    {rejection::kAudience, "the contact is not in the workflow's audience"},
    {rejection::kReenroll, "re-enrolment is not allowed yet"},
};

inline constexpr TraceWord kHoldReasons[] = {
    {hold::kQuietHours, "held by quiet hours"},
    {hold::kWinnerTest, "held at a split until its test picks a winner"},
};

inline constexpr TraceWord kResumeVias[] = {
    {resume_via::kNext, "the wait is over"},
    {resume_via::kEvent, "the awaited event arrived"},
    {resume_via::kTimeout, "timed out"},
    {resume_via::kCondition, "the condition holds"},
};

inline constexpr TraceWord kExitReasons[] = {
    {exit_reason::kCompleted, "the contact reached an exit node that gives no reason"},
    {exit_reason::kGoal, "the contact met the workflow's goal"},
    {exit_reason::kExpired, "the contact was enrolled longer than exit.max_duration"},
    {exit_reason::kExitEvent, "an event of exit.on_events arrived (one that gives no reason)"},
    {exit_reason::kManual, "the fixture's script removed the contact ({\"exit\": true})"},
    {exit_reason::kError, "an error stopped the contact (the error line before says why)"},
    {exit_reason::kNodeRemoved, "a new version was published without the node where the contact was"},
    {exit_reason::kUnenrolled, "an unenroll node of a workflow of the portfolio took the contact out"},
};

inline constexpr TraceWord kTraceErrors[] = {
    {trace_error::kLoopWithoutWait, "the contact took too many steps at one instant: a loop without a wait"},
    {trace_error::kInvalidWait, "a computed wait (for_expr, until_expr) gave no duration or time"},
    {trace_error::kRenderFailed, "a message's template could not be rendered for the contact (it is then suppressed)"},
};

// The words for `name` in `list` (kSuppressionReasons, kResumeVias, ...), or
// null when the list has no such name.
template <std::size_t N>
constexpr const char* WordsFor(const TraceWord (&list)[N], std::string_view name) {
  for (const TraceWord& word : list) {
    if (name == word.name) return word.words;
  }
  return nullptr;
}

}  // namespace flowproof
