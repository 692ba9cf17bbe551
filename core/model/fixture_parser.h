// Building and validating a Fixture from JSON (FORMAT.md, "Fixture").
//
//   FixtureParseResult parsed = ParseFixture(doc, "fixtures/welcome", LoadFromDisk);
//   if (!parsed.ok()) ...parsed.problems...
//
// Relative times ("+2d") are resolved against clock.start; a workflow given
// as a path is read through `load_file` relative to `base_dir` and its
// problems are reported under "/workflow".
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/json.h"
#include "core/model/fixture.h"
#include "core/model/problem.h"

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

FixtureParseResult ParseFixture(const Json& doc, const std::string& base_dir, const FileLoader& load_file);

}  // namespace flowproof
