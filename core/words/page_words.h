// A workflow in plain words, in the page's own wording: the C++ twin of
// web/src/page/explain.js (describeCondition, describeNode, describeTrigger,
// nodeEdges, formatDuration) so that `flowproof docs` says what the page's
// "What happened" says. tests/js/docs-words.test.mjs compares the two
// sentence by sentence; a change of wording is made in both files.
//
//   DescribeCondition(Json::parse(R"({"==": [{"var": "contact.country"}, "US"]})"))
//       // "contact.country is 'US'"
//   DescribeNode(workflow.source["nodes"]["wait_2d"])   // "waits 2 days"
//   DurationWords(90000)                                 // "1 day 1 hour"
//
// Everything works on the workflow's JSON as written (Workflow::source), as
// the page does, so a field the model does not keep is still described.
// Two differences the JSON libraries impose: object keys (an update's `set`,
// a value printed as JSON) come in sorted order, where JavaScript keeps the
// order they were written in; and lengths for clipping count UTF-16 code
// units, as JavaScript's String.length does.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/base/json.h"

namespace flowproof::words {

// explain.js's MAX_TEXT: the page clips a condition to 160 characters.
constexpr int kPageConditionChars = 160;

// A value as people write it: 'US', 60, true, nothing (describeValue).
std::string DescribeValue(const Json& value);

// A JsonLogic rule (with FORMAT.md's extra operations) in words, clipped to
// `max_chars` UTF-16 units with "…" (0: never clipped; documentation shows
// whole conditions). Unknown shapes fall back to compact JSON.
std::string DescribeCondition(const Json& rule, int max_chars = kPageConditionChars);

// "2 days", "1 day 3 hours", "45 minutes", "no time" (formatDuration: at
// most two units, whole weeks only).
std::string DurationWords(std::int64_t seconds);

// A FORMAT.md duration text in words ("2d" -> "2 days"); anything that is
// not a duration is described as a value (durationWords).
std::string DurationTextWords(const Json& value);

// "email", "SMS", "push", "ad audience", "webhook".
std::string ChannelWord(const std::string& channel);

// What a node does, in a few words: "sends email 'welcome'", "waits 2 days".
std::string DescribeNode(const Json& node, int max_chars = kPageConditionChars);

// A trigger in words: "event 'form_submitted' from web where ...".
std::string DescribeTrigger(const Json& trigger, int max_chars = kPageConditionChars);

// A suppression or rejection reason in words (reasonWords).
std::string ReasonWords(const std::string& reason);

// One way out of a node, in the workflow's order (nodeEdges).
struct NodeEdge {
  std::string to;
  std::string label;  // "US", "else", "A · 50", "'order_placed' arrived", "timeout", ""
  std::string kind;   // next, branch, else, variant, timeout
  int arm = -1;       // index into branches or variants, -1 for the others
};
std::vector<NodeEdge> NodeEdges(const Json& node);

// Why a contact takes a branch node's 'else' path, as the page's
// "Took the 'else' path because ..." says it: "'opened' (the contact had
// event 'email_opened' in the last 2 days) did not hold", "none of 'US',
// 'DE' held", "it has no other path".
std::string ElseWhy(const Json& branches, int max_chars = kPageConditionChars);

// A split variant's share as the page prints it: "50% of contacts"
// (rounded to a tenth of a percent); "" when the weights do not add up.
std::string VariantShare(const Json& variants, std::size_t index);

// The re-enrolment rule in words: "this workflow never re-enrols a contact".
std::string ReenrollWords(const Json& reenroll);

// String.length of `text`: its UTF-16 code units.
std::size_t Utf16Length(const std::string& text);

// Text clipped to `max` UTF-16 units, the last one replaced by "…" (clip()).
std::string Clip(const std::string& text, int max);

}  // namespace flowproof::words
