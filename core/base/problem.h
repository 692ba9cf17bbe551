// A located problem in user input: where (JSON Pointer) and what.
//
// Every validator in the core reports all problems it finds as a list of these
// rather than stopping at the first, so that `flowproof validate` and the page
// can show everything wrong at once. Printed as "POINTER: message"; `code`
// (one of core/base/problem_codes.h) is for programs and is not printed.
//
//   Problem{.pointer = "/nodes/a/next", .message = "no node 'b' in 'nodes'",
//           .code = problem_code::kBadReference}
#pragma once

#include <string>
#include <vector>

#include "core/base/problem_codes.h"

namespace flowproof {

struct Problem {
  std::string pointer;  // JSON Pointer into the document ("" is the root)
  std::string message;  // a full sentence for people, no trailing period
  // Set when the problem is in the JSON text itself (malformed JSON); 1-based.
  int line = 0;
  int column = 0;
  // What kind of problem this is, stable across releases: one of
  // problem_code::k* (README "Error codes"). Last, so that the positional
  // form Problem{pointer, message, line, column} still reads as before.
  std::string code;

  std::string ToString() const {
    std::string where = pointer.empty() ? "/" : pointer;
    if (line > 0) where = "line " + std::to_string(line) + ", column " + std::to_string(column);
    return where + ": " + message;
  }
};

using Problems = std::vector<Problem>;

}  // namespace flowproof
