// A located problem in user input: where (JSON Pointer) and what.
//
// Every validator in the core reports all problems it finds as a list of these
// rather than stopping at the first, so that `flowproof validate` and the page
// can show everything wrong at once. Printed as "POINTER: message".
#pragma once

#include <string>
#include <vector>

namespace flowproof {

struct Problem {
  std::string pointer;  // JSON Pointer into the document ("" is the root)
  std::string message;  // a full sentence for people, no trailing period
  // Set when the problem is in the JSON text itself (malformed JSON); 1-based.
  int line = 0;
  int column = 0;

  std::string ToString() const {
    std::string where = pointer.empty() ? "/" : pointer;
    if (line > 0) where = "line " + std::to_string(line) + ", column " + std::to_string(column);
    return where + ": " + message;
  }
};

using Problems = std::vector<Problem>;

}  // namespace flowproof
