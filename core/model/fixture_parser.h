// Building and validating a Fixture from JSON (FORMAT.md, "Fixture").
//
//   FixtureParseResult parsed = ParseFixture(doc, "fixtures/welcome", DiskFileLoader());  // core/cli/disk_files.h
//   if (!parsed.ok()) ...parsed.problems...
//
// Relative times ("+2d") are resolved against clock.start; a workflow given
// as a path is read through `load_file` relative to `base_dir` and its
// problems are reported under "/workflow" ("/workflow/nodes/a/next"), as if
// it were embedded. Unknown fields follow the workflow parser's rule
// (workflow_parser.h): problems, except "x-" extensions; contact fields other
// than id, timezone, lists and consent are attributes, never unknown.
//
// Checked besides types: clock.start is a timestamp and until (default
// start + 90 days) is not before it; contact ids are unique, non-empty, at
// most kMaxIdBytes and not "*"; time zones exist; consent keys are channels;
// script entries are within the clock, name an existing contact and are
// exactly one of an event, an attribute change or "exit": true (then stably
// sorted by time); reactions and expectations name existing contacts,
// templates and nodes; "within" may be "+1d", "1d" or a timestamp.
// A document that is a workflow gives one problem saying so.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/base/json.h"
#include "core/model/fixture.h"
#include "core/base/problem.h"
#include "core/model/workflow_parser.h"  // LooksLikeWorkflow, kMaxIdBytes

namespace flowproof {

// Reads a file named relative to a fixture. Returns nullopt and sets *error
// when it cannot (the browser has no files: it embeds workflows).
using FileLoader = std::function<std::optional<std::string>(const std::string& path, std::string* error)>;

struct FixtureParseResult {
  std::shared_ptr<const Fixture> fixture;  // null when problems is non-empty
  Problems problems;
  Problems warnings;  // the workflow's warnings, under "/workflow"
  bool ok() const { return problems.empty(); }
};

// The clock runs 90 days when a fixture does not say `until`.
constexpr Duration kDefaultClockSpan = 90 * kDay;

// Validates `doc` and, when there are no problems, builds the Fixture (with
// its parsed Workflow). `load_file` may be null when the workflow is
// embedded; a path then gives a problem. Never throws.
FixtureParseResult ParseFixture(const Json& doc, const std::string& base_dir, const FileLoader& load_file);

}  // namespace flowproof
