// The in-memory form of a flowproof.fixture/1 document (FORMAT.md, "Fixture").
//
// core/model/fixture_parser.h builds it; relative times ("+2d") are already
// resolved against clock.start, and the workflow is parsed and validated.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/json.h"
#include "core/model/attributes.h"
#include "core/model/population.h"
#include "core/model/workflow.h"
#include "core/time/types.h"

namespace flowproof {

struct ContactDef {
  std::string id;
  std::string timezone;             // "" means the workflow's zone
  std::vector<std::string> lists;
  Json consent = Json::object();    // channel -> bool
  Attributes attributes;            // every other field, as written
};

enum class ScriptKind { kEvent, kSet, kExit };

struct ScriptEntry {
  Instant at = 0;
  std::string contact;
  ScriptKind kind = ScriptKind::kEvent;
  // kEvent
  std::string event;
  std::string source;
  Json properties = Json::object();
  // kSet
  Json set = Json::object();
  std::vector<std::string> add_to_lists;
  std::vector<std::string> remove_from_lists;
  std::string pointer;  // where this entry is in the fixture, for errors
  // Where `contact` is in the fixture's contacts when whoever made the entry
  // knew it (a population draw), else -1. The simulator checks it against
  // the id before trusting it, and looks the id up otherwise.
  std::int32_t contact_hint = -1;
};

struct Reaction {
  std::string contact = "*";  // "*" means every contact
  std::string on_send;        // template name
  std::string event;
  std::string source;
  Json properties = Json::object();
  Duration after = 0;
  // With `"after": {"uniform": [A, B]}` (v1.1): the delay is drawn per
  // reaction from [after, after_max]; 0 means the fixed `after`.
  Duration after_max = 0;
  double probability = 1.0;
};

enum class ExpectKind { kReaches, kNeverReaches, kReceives, kNeverReceives, kExits, kAttribute };

struct Expectation {
  ExpectKind kind = ExpectKind::kReaches;
  std::string contact;
  std::string target;  // node id, template name, exit reason or attribute name
  std::optional<Instant> at;
  std::optional<Instant> by;      // `by`, and `within` resolved to an instant
  std::optional<std::string> subject_contains;
  std::optional<std::string> body_contains;
  Json equals;                    // kAttribute
  std::string workflow;           // v1.1 portfolio: only this workflow's lines ("" any)
  Json source;                    // the expectation as written
  std::string pointer;            // "/expect/3"
};

// v1.1 `portfolio`: a cap over the sends of every workflow, and which
// workflow's sends go first at one instant.
struct PortfolioSettings {
  std::optional<FrequencyCap> frequency_cap;
  std::vector<std::string> priority;  // workflow ids, each known and named once
};

struct Fixture {
  std::string name;
  // The workflow; in a portfolio, the first of `workflows` (so a tool that
  // reads one workflow still has one).
  std::shared_ptr<const Workflow> workflow;
  // v1.1 `workflows` (README "Portfolio"), in the order written; empty for
  // a fixture with one `workflow`. Ids are unique; every enroll and
  // unenroll node names one of them.
  std::vector<std::shared_ptr<const Workflow>> workflows;
  PortfolioSettings portfolio;
  bool is_portfolio() const { return !workflows.empty(); }
  Instant start = 0;
  Instant until = 0;  // default: start + 90 days
  std::uint64_t seed = 0;
  std::vector<ContactDef> contacts;
  std::vector<ScriptEntry> script;  // stable-sorted by `at`
  std::vector<Reaction> reactions;
  std::vector<Expectation> expectations;
  // v1.1 `population` (core/model/population.h), null when none: drawn
  // contact by contact by core/sim/population_draw.h, never stored here.
  std::shared_ptr<const Population> population;
  // No copy of the document: for a million contacts it doubled the memory.
};

}  // namespace flowproof
