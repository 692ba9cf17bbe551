// Small helpers shared by the commands: option parsing, file reading, and
// loading a fixture into a Session with problems printed as FORMAT.md says.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/cli/commands.h"
#include "core/base/json.h"
#include "core/sim/session.h"
#include "core/validate/validate_document.h"
#include "core/time/types.h"

namespace flowproof::cli {

// Splits arguments into positionals and --name value options. Options listed
// in `flags` take no value. Returns false and prints usage trouble to err.
struct ParsedArgs {
  std::vector<std::string> positional;
  std::vector<std::pair<std::string, std::string>> options;
  const std::string* Option(const std::string& name) const;
  bool Flag(const std::string& name) const;
};
bool ParseArgs(const Args& args, const std::vector<std::string>& with_value,
               const std::vector<std::string>& flags, ParsedArgs* parsed, std::ostream& err);

// Reads a file (bounded by the JSON input size limit); prints the error.
std::optional<std::string> ReadInputFile(const std::string& path, std::ostream& err);
// Reads and parses a JSON file; prints "PATH: line L, column C: message".
std::optional<Json> ReadJsonFile(const std::string& path, std::ostream& err);

// How a document read from a file on disk is checked: relative workflow
// paths from its folder, files from the disk, the simulator's trigger limit.
DocumentOptions DiskDocumentOptions(const std::string& path, DocumentKind kind);

// A file read, parsed and checked as `kind`, its problems printed as
// "PATH: POINTER: message". Nullopt when it cannot be read or has problems.
struct CheckedDocument {
  Json doc;
  DocumentCheck check;
};
std::optional<CheckedDocument> CheckDocumentFile(const std::string& path, DocumentKind kind, std::ostream& err);

// Runs a session to `until` (or, without one, to its end) unless more than
// `max_lines` trace lines are made first, which `lines` counts: then it
// stops and prints why (a located error: the clock's end is where to look).
// For the commands that keep the run in memory (render, simulate --format
// text): a small fixture looping every second for 90 days makes 23 million
// lines. Returns false when stopped.
constexpr std::size_t kMaxKeptTraceLines = 1'000'000;
bool RunBounded(Session& session, std::optional<Instant> until, const std::function<std::size_t()>& lines,
                const std::string& path, std::ostream& err, std::size_t max_lines = kMaxKeptTraceLines);

// Loads a fixture file into a session, printing every problem. Null on failure.
std::unique_ptr<Session> LoadSession(const std::string& path, std::ostream& err,
                                     const SessionOptions& options = {});

}  // namespace flowproof::cli
