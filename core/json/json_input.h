// Reading JSON that strangers wrote: bounded, located errors, never a crash.
//
// Workflows and fixtures arrive from files, pastes and share links. Before
// nlohmann's parser sees the text, a linear pre-scan enforces the limits
// (size, nesting depth, string length) and reports where they are broken, so
// a 200,000-deep array or a megabyte key is an error with a line and column,
// not a stack overflow or a long stall.
//
//   JsonInputResult parsed = ParseJsonText(text);
//   if (!parsed.ok()) std::cerr << parsed.problem->ToString();  // "line 3, column 7: ..."
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/model/problem.h"

namespace flowproof {

// The documented input limits (README, "Limits").
struct JsonLimits {
  std::size_t max_bytes = 64u << 20;        // 64 MiB of JSON text
  int max_depth = 512;                      // nested arrays and objects
  std::size_t max_string_bytes = 1u << 20;  // one string or key, 1 MiB
};

struct JsonInputResult {
  Json value;                      // null when problem is set
  std::optional<Problem> problem;  // with line and column (1-based)
  bool ok() const { return !problem; }
};

// Parses JSON text within the limits. Malformed JSON and broken limits give
// a Problem with line and column and a message for people.
JsonInputResult ParseJsonText(std::string_view text, const JsonLimits& limits = {});

// Reads a whole file of at most max_bytes. Returns nullopt and sets *error
// ("cannot open ...", "... is 120 MB; the limit is 64 MB") when it cannot.
std::optional<std::string> ReadFile(const std::string& path, std::size_t max_bytes, std::string* error);

}  // namespace flowproof
