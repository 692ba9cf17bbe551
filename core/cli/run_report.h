// `flowproof run`: runs fixtures, checks their expectations and reports the
// outcome as text for people, JSON for tools or JUnit XML for CI systems
// (FORMAT.md, "Command line"; the JSON structure is documented in
// fixtures/README.md, "Reading a run report").
//
//   RunOptions options;
//   options.format = RunOptions::Format::kJunit;
//   int status = RunFixtures({"fixtures/"}, options, std::cout, std::cerr);
//   // 0 every expectation passed, 1 one failed, 2 some input was invalid
//
// Paths may be fixture files or folders. Folders are searched recursively, in
// sorted order, for *.json files whose "format" is "flowproof.fixture/1";
// other JSON (workflows, data) is skipped silently, except that a file named
// *.fixture.json is always taken as a fixture, so a broken one is reported
// rather than skipped. Hidden folders and node_modules are not searched, nor
// deeper than kMaxFolderDepth levels.
//
// Invalid input (an unreadable path, malformed JSON, a fixture or workflow
// that does not validate, no fixture found at all) is reported with its place
// and the other fixtures still run; the status is then 2.
//
// The text report ends with one line "N passed, N failed" (expectations). In
// every format, fixtures that reach a split node also get the content-testing
// report: which contacts got which variant and what each variant's messages
// said, side by side (text) or as "variants" (JSON).
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace flowproof {

struct RunOptions {
  enum class Format { kText, kJson, kJunit };
  Format format = Format::kText;
  // Also report, per workflow, what the fixtures never exercised: nodes,
  // branch labels (including else), split variants, exit reasons, triggers
  // and wait outcomes (core/expect/coverage.h).
  bool coverage = false;
  // A fixture whose run makes more trace lines than this is invalid input
  // (its run is stopped there): the trace and what is checked against it
  // are kept in memory, about a kilobyte a line, so a small fixture that
  // loops every second for 90 days must not take all the machine's memory.
  std::size_t max_trace_lines = 1'000'000;
};

// The exit statuses of `run` (FORMAT.md).
constexpr int kRunAllPassed = 0;
constexpr int kRunExpectationFailed = 1;
constexpr int kRunInvalidInput = 2;

// Folders are searched at most this deep.
constexpr int kMaxFolderDepth = 32;

// Runs every fixture found under `paths` and writes the report to `out`;
// problems with input are written to `err` as "PATH: POINTER: message" (and
// are part of the JSON and JUnit reports too). Returns kRunAllPassed,
// kRunExpectationFailed or kRunInvalidInput (which wins over a failure).
// Never throws.
int RunFixtures(const std::vector<std::string>& paths, const RunOptions& options, std::ostream& out,
                std::ostream& err);

}  // namespace flowproof
