// Reading JSON that strangers wrote: bounded, located errors, never a crash.
//
// Workflows and fixtures arrive from files, pastes and share links. The text
// is read in one pass of nlohmann's SAX parser (no recursion) whose handler
// builds the value and enforces the limits as it goes: nesting depth, string
// and key length (the string is stopped while it is being read), field names
// given twice, a NUL byte anywhere, anything after the value. Each is an
// error with a line and column, so a 200,000-deep array or a megabyte key
// costs O(n) time, not a stack overflow or a long stall.
//
//   JsonInputResult parsed = ParseJsonText(text);
//   if (!parsed.ok()) std::cerr << parsed.problem->ToString();  // "line 3, column 7: ..."
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/json.h"
#include "core/base/problem.h"

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

// Parses JSON text (RFC 8259; a UTF-8 byte-order mark is skipped) within the
// limits. Malformed JSON gives a Problem whose line and column (1-based,
// columns in characters) point at the offending character, or at the first
// character of a bad literal or number, with a message for people ("invalid
// JSON: unexpected '}'; expected a field name in double quotes (a comma
// before '}' is not allowed in JSON)"). Text over max_bytes is refused before
// it is read. Otherwise the first of these in the text is the problem:
// nesting over max_depth (at the bracket that goes too deep), a string or key
// over max_string_bytes as written (at its opening quote), a field named
// twice in one object, names compared after unescaping (at the second
// name's opening quote), a NUL byte (at the byte; JSON text may not hold
// one), any text after the value, any other syntax error. Hostile input
// costs O(n) time and no recursion. Never throws.
JsonInputResult ParseJsonText(std::string_view text, const JsonLimits& limits = {});

// Reads a whole file (or pipe) of at most max_bytes, never reading more than
// max_bytes + 64 KiB. Returns nullopt and, when `error` is non-null, sets it
// ("cannot open the file: No such file or directory", "the file is 120.0 MiB;
// the limit is 64.0 MiB", "cannot read the file (is it a directory?)").
std::optional<std::string> ReadFile(const std::string& path, std::size_t max_bytes, std::string* error);

}  // namespace flowproof
