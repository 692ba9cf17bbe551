// Publishing a new version of a workflow while contacts are inside it
// (FORMAT.md v1.1, "`flowproof diff` and publishing a new version"): the run
// uses OLD until the instant `at` and NEW from `at` on.
//
//   PublishOptions options;
//   options.at = *ParseTimestamp("2026-11-03T12:00:00Z");
//   options.renamed = diff.renamed;                   // core/diff: OLD id -> NEW id
//   PublishedRun run = RunPublished(old_fixture, new_fixture, options, {});
//   for (const Migration& m : run.migrations) ...     // who moved, and how
//   run.simulator->trace();                           // OLD's lines, then NEW's
//
// Everything scheduled for instants before `at` runs under OLD. At `at`,
// before anything else happens at that instant, every contact that is
// enrolled (all of them wait somewhere between instants) is moved:
//   - at a node whose id NEW still has (or that NEW renamed: `renamed`), it
//     stays there. A wait whose duration changed is recomputed from when the
//     contact entered it (`for`, `until`, the computed waits, and the
//     timeout of `wait_event` and `wait_until`); a wait that is then already
//     over continues at once. A `wait_until` whose condition changed and now
//     holds continues at once. A node whose type changed is entered afresh.
//   - at a node that NEW removed, it exits with reason `node_removed`.
//   - held outside a winner test at a split (FORMAT.md "Split with winner
//     selection") that NEW keeps with `winner`: it stays held and the test
//     goes on (its tested contacts counted by variant label). With other
//     winner settings or labels, the decision is recomputed from the first
//     arrival (first arrival + NEW's decide_after, at once if past) with
//     NEW's metric; a decision made before the switch stands unless NEW has
//     no variant of its label (then it is made again at the switch). A split
//     that NEW keeps without `winner` releases it down a variant by weight.
// Each moved contact gets `{"kind":"migrated","node":OLD_ID,"to":NEW_ID|null}`;
// a recomputed wait then gets a `waiting` line with its new end.
// NEW's exit.max_duration is counted from each contact's enrolment; its
// triggers are scheduled from `at` (date, inactivity and local schedules per
// contact, global schedules at their next occurrence); a condition trigger
// of NEW that holds at `at` does not enrol by itself (its edge starts
// there), unless NEW's triggers are the same as OLD's, whose edges are kept.
// Reactions already drawn keep their events.
//
// Both fixtures must be the same fixture with a different workflow (same
// contacts, script, reactions, clock and seed). A fixture with a population
// is not supported (the result says so).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model/fixture.h"
#include "core/sim/simulator.h"
#include "core/time/types.h"

namespace flowproof {

struct PublishOptions {
  Instant at = 0;
  // Nodes NEW renamed (OLD id -> NEW id): their contacts follow the rename.
  std::map<std::string, std::string> renamed;
};

// What happened to one contact at the switch. `rule` is one of:
//   "kept"            stays at the same node, nothing about it changed
//   "renamed"         stays at the node, which NEW calls `to`
//   "wait_recomputed" the wait's duration or timeout changed: recomputed
//                     from `entered` (and continued at once when over)
//   "restarted"       the node's type changed: entered afresh
//   "node_removed"    NEW has no such node: the contact exited
//   "winner_recomputed" held at a winner split whose decision time changed
//                     (old_until -> new_until: the decision instants)
//   "released"        held at a split that NEW keeps without `winner`:
//                     entered afresh, it takes a variant by weight
struct Migration {
  std::string contact;
  std::string node;                 // OLD's id
  std::optional<std::string> to;    // NEW's id, none when removed
  std::string rule;
  Instant entered = 0;              // when the contact entered the node (kNoTime: unknown)
  Instant old_until = kNoTime;      // the wait's end under OLD, if timed
  Instant new_until = kNoTime;      // ... and under NEW
};

struct PublishedRun {
  std::unique_ptr<Simulator> simulator;  // the whole run, at its end
  std::vector<Migration> migrations;     // in contact order
  // simulator->messages()[0, messages_before) were sent under OLD: their
  // `node` indexes OLD's nodes, the others NEW's.
  std::size_t messages_before = 0;
  std::string error;                     // non-empty: nothing was run
  bool ok() const { return error.empty(); }
};

// Runs the fixture under OLD until `options.at`, switches to NEW, and runs
// to the clock's end. `at` at or before the clock start runs NEW alone (no
// migration); after the clock's end, OLD alone.
PublishedRun RunPublished(std::shared_ptr<const Fixture> old_fixture, std::shared_ptr<const Fixture> new_fixture,
                          const PublishOptions& options, const SimulatorOptions& simulator_options);

// The switch alone, for a run RunPublished does not make (a portfolio's
// member: Portfolio::Publish): `from` ran OLD up to options.at - 1, `to` is
// a new Simulator of the same fixture under NEW; `from`'s run moves into
// `to` as above. `history` holds the run's trace lines when `from` does not
// keep its own (a portfolio keeps its members' lines).
void SwitchToVersion(Simulator& from, Simulator& to, const PublishOptions& options, std::vector<Migration>* migrations,
                     const std::vector<TraceLine>* history = nullptr);

}  // namespace flowproof
