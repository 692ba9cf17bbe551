// Fuzzes ParseJsonText (core/json/json_input.h) with arbitrary bytes, under
// the default limits and under small ones, and checks what every caller
// relies on: no crash or out-of-bounds read, a problem located inside the
// text with a printable message, and an accepted value that survives a
// dump and a second parse unchanged.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/json/json_input.h"
#include "tests/fuzz/fuzz_support.h"

namespace flowproof {
namespace {

// A located problem points at a line that exists and, on it, at most one
// column past its last character.
void RequireInside(std::string_view text, const Problem& problem) {
  fuzz::RequireGoodProblem(problem, "ParseJsonText");
  fuzz::Require(problem.line >= 1 && problem.column >= 1, "problem without a place", problem.ToString());
  int line = 1;
  int columns = 1;  // characters of the problem's line, plus one
  for (char c : text) {
    if (c == '\n') {
      if (line == problem.line) break;
      ++line;
      columns = 1;
    } else if (line == problem.line && (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++columns;
    }
  }
  fuzz::Require(problem.line <= line, "problem below the last line", problem.ToString());
  fuzz::Require(problem.column <= columns, "problem past the end of its line", problem.ToString());
}

void Check(std::string_view text, const JsonLimits& limits) {
  JsonInputResult parsed = ParseJsonText(text, limits);
  if (!parsed.ok()) {
    RequireInside(text, *parsed.problem);
    fuzz::Require(parsed.value.is_null(), "a value beside a problem");
    return;
  }
  // What was accepted prints and reads back as the same value.
  std::string dumped = parsed.value.dump();
  JsonLimits roomy;
  roomy.max_depth = std::max(limits.max_depth, 1);
  roomy.max_string_bytes = 8 * text.size() + 16;  // escapes may grow a string
  JsonInputResult again = ParseJsonText(dumped, roomy);
  fuzz::Require(again.ok(), "a dumped value does not parse", again.ok() ? "" : again.problem->ToString());
  fuzz::Require(again.value == parsed.value, "a dumped value parses differently", dumped);
}

}  // namespace
}  // namespace flowproof

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace flowproof;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Check(text, JsonLimits{});
  // Small limits, so that the fuzzer reaches every limit with small inputs:
  // the first byte picks them.
  JsonLimits small;
  unsigned char pick = size > 0 ? data[0] : 0;
  small.max_depth = pick % 5;
  small.max_string_bytes = (pick >> 3) % 9;
  small.max_bytes = size - (pick >> 7);  // refuses the whole text half of the time
  Check(text, small);
  // Stricter limits never accept what the default refuses.
  if (ParseJsonText(text, small).ok()) fuzz::Require(ParseJsonText(text).ok(), "small limits accept more");
  return 0;
}
