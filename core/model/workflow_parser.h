// Building and validating a Workflow from JSON (FORMAT.md, "Workflow").
//
//   WorkflowParseResult parsed = ParseWorkflow(doc);
//   for (const Problem& p : parsed.problems) std::cout << p.ToString() << "\n";
//   if (parsed.ok()) Simulate(*parsed.workflow);
//
// Every problem is reported at once, each with its JSON Pointer: structure
// and types, unknown fields (likely typos), references (next, else,
// on_timeout, start, templates and the snippets their Liquid renders),
// durations, local times, weekdays, time zones and JsonLogic conditions.
// Liquid syntax is checked separately (core/validate/liquid_check.h).
#pragma once

#include <memory>

#include "core/json.h"
#include "core/model/problem.h"
#include "core/model/workflow.h"

namespace flowproof {

// Node ids and template names longer than this are problems.
constexpr std::size_t kMaxIdBytes = 200;

struct WorkflowParseResult {
  std::shared_ptr<const Workflow> workflow;  // null when problems is non-empty
  Problems problems;
  Problems warnings;  // e.g. nodes no path reaches; the workflow still runs
  bool ok() const { return problems.empty(); }
};

WorkflowParseResult ParseWorkflow(const Json& doc);

// Whether a document says it is a workflow ("format": "flowproof.workflow/1").
bool LooksLikeWorkflow(const Json& doc);

}  // namespace flowproof
