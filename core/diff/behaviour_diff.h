// What two versions of a workflow do differently to a fixture's contacts
// (FORMAT.md v1.1, "`flowproof diff`", with `--fixture` and `--publish-at`).
//
//   BehaviourDiff diff = DiffBehaviour(fixture, old_workflow, new_workflow, structural, {});
//   diff.contacts;   // [{"contact","t","old","new","messages":{"gained","lost","changed"}}]
//
// The fixture's contacts, script, reactions, clock and seed run under OLD
// and under NEW (or, with publish_at, under OLD until then and NEW from then
// on: core/sim/publish.h); its own workflow and expectations are not used.
// A contact is listed when its trace lines differ: `t` is the time of the
// first line that differs, `old` and `new` the two lines (null where one
// trace has ended). Messages are paired by template, the k-th send of a
// template under OLD with the k-th under NEW: those only OLD sent are
// `lost`, those only NEW sent `gained`, and a pair whose time or rendered
// content differs is `changed`, with a line diff of each rendered field that
// differs (subject, html, text, body, title, ...).
//
// When the fixture has a population, `forecast` holds the cohort's figures
// under both versions and their deltas (core/diff/cohort_diff.h); the runs
// per contact above use the named contacts only.
//
// A portfolio fixture runs each version beside its other workflows
// (core/diff/version_fixture.h): the trace lines carry their workflow, and
// messages pair by workflow and template. Published, the portfolio runs
// under OLD until publish_at and that one workflow switches to NEW there
// (Portfolio::Publish), the others going on.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/json.h"
#include "core/diff/structural_diff.h"
#include "core/model/fixture.h"
#include "core/time/types.h"

namespace flowproof {

struct BehaviourDiffOptions {
  std::optional<Instant> publish_at;
};

struct BehaviourDiff {
  Json contacts = Json::array();
  // With publish_at: {"at": T, "migrated": [{"contact","node","to","rule",...}]}; else null.
  Json publish;
  // With a population: DiffCohort's figures (core/diff/cohort_diff.h); else null.
  Json forecast;
  // In a portfolio, the id of the workflow whose versions ran; else "".
  std::string workflow;
  std::string error;  // non-empty: the runs could not be made
  // Whether `error` is about the fixture (publishing it), rather than about
  // a version, which the message then names ("the newer version: ...").
  bool error_in_fixture = false;
  // Some contact's run differs, or some figure of the cohort's forecast.
  bool differs() const { return !contacts.empty() || (forecast.is_object() && forecast.value("changed", false)); }
};

// `--publish-at` (and the API's publishAt): a timestamp
// ("2026-11-03T12:00:00Z") or an offset from the clock start ("+1d");
// nullopt when it is neither.
std::optional<Instant> ParsePublishAt(std::string_view text, Instant clock_start);

// FORMAT.md's JSON of `flowproof diff --format json`: the structural diff,
// with "contacts" (and "publish" when published, "forecast" when the
// fixture has a population, "workflow" when it is a portfolio) when
// `behaviour` is given.
Json DiffResultJson(const StructuralDiff& structural, const BehaviourDiff* behaviour);

BehaviourDiff DiffBehaviour(const std::shared_ptr<const Fixture>& fixture,
                            const std::shared_ptr<const Workflow>& old_workflow,
                            const std::shared_ptr<const Workflow>& new_workflow, const StructuralDiff& structural,
                            const BehaviourDiffOptions& options);

}  // namespace flowproof
