// Workflow coverage: what a set of fixtures never exercised.
//
// QA asks "which parts of this journey has no fixture tested?". Across every
// run of one workflow this lists the nodes never entered, branch labels never
// taken (including else), split variants never drawn, exit reasons never
// reached, triggers that never enrolled anyone and wait outcomes (event,
// condition, timeout) that never happened.
//
//   std::vector<const Session*> runs = {&session_a, &session_b};  // same workflow, run to end
//   Json report = Coverage(*runs[0]->fixture().workflow, runs, {"a.fixture.json", "b.fixture.json"});
//   std::cout << CoverageText(report);
//
// Result ({"format": "flowproof.coverage/1", ...}):
//   {"workflow": id, "fixtures": [names], "percent": 0..100 (covered items / items, rounded down),
//    "nodes":     {"total", "covered", "missed": [node id]},
//    "branches":  {"total", "covered", "missed": [{"node", "label"}]},
//    "variants":  {"total", "covered", "missed": [{"node", "label"}]},
//    "exits":     {"total", "covered", "missed": [reason]},
//    "triggers":  {"total", "covered", "missed": [{"index", "type", "description"}]},
//    "wait_outcomes": {"total", "covered", "missed": [{"node", "outcome"}]}}
// Possible exit reasons are those of exit nodes, "goal" (when exit.goal is
// set), "expired" (exit.max_duration) and the reasons of exit.on_events.
// Wait outcomes are "event" (wait_event) or "condition" (wait_until), and
// "timeout" for those with a timeout, and "winner" for a split with
// `winner` (its test was decided: a winner_selected line).
#pragma once

#include <string>
#include <vector>

#include "core/base/json.h"
#include "core/model/workflow.h"
#include "core/sim/session.h"

namespace flowproof {

// Coverage of `workflow` by the runs in `sessions` (each already run; runs of
// another workflow id are ignored). `names` labels the runs in the report
// (fixture paths or names; may be empty). Never throws.
Json Coverage(const Workflow& workflow, const std::vector<const Session*>& sessions,
              const std::vector<std::string>& names = {});

// The same report for people: a header line with the percentage, then one
// line per kind with missed items ("  branches never taken: by_country/else").
std::string CoverageText(const Json& coverage);

}  // namespace flowproof
