// Building and validating a Workflow from JSON (FORMAT.md, "Workflow").
//
//   WorkflowParseResult parsed = ParseWorkflow(doc);
//   for (const Problem& p : parsed.problems) std::cout << p.ToString() << "\n";
//   if (parsed.ok()) std::cout << parsed.workflow->nodes.size() << " nodes, start " << parsed.workflow->start << "\n";
//
// Every problem is reported at once, each with its JSON Pointer (RFC 6901:
// a node id "a/b" is "/nodes/a~1b"): structure and types, unknown fields,
// references (next, else, on_timeout, start, templates and their channels,
// and the snippets their Liquid renders), durations, local times, weekdays,
// time zones and JsonLogic conditions (their problems carry the full pointer,
// "/nodes/route/branches/0/when/and/1"). Liquid syntax is checked separately
// (core/validate/liquid_check.h). The JSON Schema in schema/ formalises the
// same rules, except those a schema cannot state (references, zones, rules).
//
// Unknown fields. Every object whose fields FORMAT.md defines (the document,
// entry, exit, settings, triggers, nodes, branches, variants, templates)
// rejects fields it does not know, because there an unknown field is nearly
// always a typo that would silently change behaviour ("chanel", "timout");
// the message suggests the closest known name. Two escapes: "description"
// (free text) where listed in the schema, and any field beginning with "x-"
// (extensions, e.g. an editor's node positions), which is ignored
// everywhere. Objects of user data (update `set`, `increment`, snippets,
// conditions) take any keys.
//
// Limits: node ids, template and snippet names of more than kMaxIdBytes are
// problems (reported at "/nodes", "/templates", "/snippets"); so are more
// than kMaxEntryTriggers entry triggers (at "/entry/triggers").
#pragma once

#include <cstddef>
#include <memory>

#include "core/base/json.h"
#include "core/base/problem.h"
#include "core/model/workflow.h"

namespace flowproof {

// Node ids and template names longer than this are problems.
constexpr std::size_t kMaxIdBytes = 200;
// More entry triggers than this are a problem (the simulator keeps one bit
// per trigger and contact; README "Limits").
constexpr std::size_t kMaxEntryTriggers = 64;
// A schedule trigger repeats at most this often (README "Limits").
constexpr Duration kMinScheduleEvery = kMinute;

struct WorkflowParseResult {
  std::shared_ptr<const Workflow> workflow;  // null when problems is non-empty
  Problems problems;
  Problems warnings;  // e.g. nodes no path reaches; the workflow still runs
  bool ok() const { return problems.empty(); }
};

// Validates `doc` and, when there are no problems, builds the Workflow with
// every reference resolved (node indexes set, templates present, conditions
// compiled). Never throws; any document, however wrong, gives a result.
// Warnings (nodes no path from `start` reaches) never make ok() false.
WorkflowParseResult ParseWorkflow(const Json& doc);
// The same for a workflow of a v1.1 portfolio: `entry.triggers` may then be
// empty (the workflow is entered only by other workflows' enroll nodes).
WorkflowParseResult ParseWorkflow(const Json& doc, bool in_portfolio);

// Whether a document says it is a workflow ("format": "flowproof.workflow/1"),
// so that a tool given a workflow where a fixture belongs can say so.
bool LooksLikeWorkflow(const Json& doc);

class JsonChecker;
// A `frequency_cap` object ({max, per, channels}) at `pointer`: a workflow's
// settings and a fixture's v1.1 `portfolio` share the shape. Problems go to
// `check`.
FrequencyCap ParseFrequencyCapAt(const Json& cap, const std::string& pointer, JsonChecker& check);

}  // namespace flowproof
