// Conditions, durations and nodes in plain words, the same words as the
// page's (web/src/page/explain.js: describeCondition, describeNode,
// formatDuration), so the change log of `flowproof diff` and `flowproof docs`
// reads like the tester.
//
//   ConditionInWords(Json::parse(R"({"==":[{"var":"contact.country"},"US"]})"));
//       // "contact.country is 'US'"
//   NodeInWords(node_json);         // "waits 2 days", "sends email 'welcome'"
//   DurationInWords(172800);        // "2 days"
#pragma once

#include <string>

#include "core/base/json.h"
#include "core/time/types.h"

namespace flowproof {

// A JsonLogic rule (with FORMAT.md's extra operations) in words; unknown
// shapes fall back to compact JSON. Clipped to 160 characters with "…".
std::string ConditionInWords(const Json& rule);

// What a node (its JSON as written) does, in a few words.
std::string NodeInWords(const Json& node);

// "2 days", "1 day 12 hours", "no time", "-3 days": at most two units, weeks
// only when whole.
std::string DurationInWords(Duration seconds);

// A duration as written ("2d", "P3D") in words, or the text quoted when it
// does not parse.
std::string DurationTextInWords(const Json& duration);

// An entry trigger (its JSON as written) in words, as explain.js's
// describeTrigger: "event 'form_submitted' from web", "when lead_score ≥ 50".
std::string TriggerInWords(const Json& trigger);

// A value as people write it: 'US', 60, true, nothing.
std::string ValueInWords(const Json& value);

}  // namespace flowproof
