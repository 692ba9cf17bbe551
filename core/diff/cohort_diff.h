// The cohort half of the behaviour diff (FORMAT.md v1.1, "`flowproof diff`",
// issue 11: "for the cohort, when the fixture has a population, report the
// change in each forecast figure"): the fixture's forecast (core/forecast,
// through its public RunForecast) under OLD and under NEW, same fixture,
// same seed, and each figure old -> new with its delta.
//
//   Json cohort = DiffCohort(fixture, old_workflow, new_workflow, publish_at);
//   cohort["goal"]["rate"];        // {"old": 0.068, "new": 0.091, "delta": 0.023}
//   cohort["goal"]["ci95"];        // {"old": [0.0566, 0.0815], "new": [...]}
//   CohortText(cohort, false);     // the section printed by `flowproof diff`
//
// Result (null when the fixture has no population):
//   {"contacts": N, "runs": 1, "seed": S, "versions": "full",
//    "enrolled": F, "not_enrolled": {"no_trigger": F, ...},
//    "exits": {REASON: F}, "goal": {"reached": F, "rate": F, "ci95": {"old","new"}},
//    "nodes": {ID: {"entered": F, "waiting_at_end": F, "branches": {LABEL: F}, "variants": {LABEL: F}}},
//    "messages": {TEMPLATE: {"sent": F}},
//    "per_contact": {"messages_max_24h": F, "messages_mean": F},
//    "variants": {SPLIT: {LABEL: {"contacts": F, "goal_rate": F, "ci95": {"old","new"}}, "p_value": F, "winner": {"old","new"}}},
//    "changed": true|false, "note": "..."}
// where a figure F is {"old": X, "new": Y, "delta": Y - X}: a side that does
// not have the figure (a node NEW added) is null and so is the delta;
// non-integer deltas are rounded to 6 decimals (the forecast's rates have 4,
// its p-values 6); intervals and winners have "old" and "new" only.
// In a portfolio (FORMAT.md "Portfolio"; core/diff/version_fixture.h) both
// forecasts are the portfolio's, with the edited workflow replaced: the
// figures above are that workflow's own ("workflow": ID says which),
// per_contact is across every workflow, and "portfolio" holds the
// portfolio's figures side by side: {"enrolled": {ID: F}, "sent": {ID: F},
// "suppressed_by_portfolio_cap": {ID: F}, "overlapping_contacts": F,
// "messages_max_24h": F, "messages_mean": F, "pairs": {"A + B": F}}.
// "changed" says whether any figure differs. "versions": "full" says that
// both forecasts run one version for the whole clock: with publish_at the
// migration applies to the named contacts only (the forecast keeps no
// trace to migrate), which "note" says in words.
//
// Deterministic: the forecast's own guarantee, and the deltas are exact
// IEEE arithmetic followed by one rounding.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/base/json.h"
#include "core/model/fixture.h"
#include "core/time/types.h"

namespace flowproof {

Json DiffCohort(const std::shared_ptr<const Fixture>& fixture, const std::shared_ptr<const Workflow>& old_workflow,
                const std::shared_ptr<const Workflow>& new_workflow, std::optional<Instant> publish_at);

// The figures in words, one line each ("goal rate: 6.80% [5.66%, 8.15%] →
// 9.12% [...] (+2.32 points)"), under a heading; Markdown when `markdown`.
std::string CohortText(const Json& cohort, bool markdown);

}  // namespace flowproof
