// Content testing: for each split node, which contacts drew which variant and
// what each variant's contacts were sent, side by side (issue 3: A/B splits
// whose variants differ in template, subject, send time or message order).
//
//   session->RunToEnd();
//   Json report = Variants(*session);        // [] when no contact reached a split
//   std::cout << VariantsText(report);
//
// Result: one entry per split node that some contact reached, in node order:
//   [{"node": "subject_test", "mode": "ab" | "random",
//     "variants": [{"label": "A", "weight": 50, "contacts": ["alice", ...],
//                   "messages": [{"contact", "t", "after" (time since the
//                     contact's split, "+1d2h"), "node", "template", "channel",
//                     "subject" (email subject or push title, "" if none),
//                     "preview" (an email's preheader, else its text; an SMS or push
//                     body; shortened to 160 characters),
//                     "message" (the whole rendered message)}]}]}]
// A contact's messages are those sent from its split until it exits (or the
// clock stops), so a variant's later sends and their timing show too.
#pragma once

#include <string>

#include "core/base/json.h"
#include "core/sim/session.h"

namespace flowproof {

// The content-testing report of a finished run. Never throws.
Json Variants(const Session& session);

// The report for people: per split node, one column per variant with its
// contacts and, numbered in the order first sent, each distinct message
// (channel, template, time after the split, how many were sent, subject and
// preview).
// Empty when `variants` is empty.
std::string VariantsText(const Json& variants);

}  // namespace flowproof
