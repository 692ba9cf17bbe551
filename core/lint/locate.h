// Line and column of a JSON Pointer in the JSON text it points into, for
// findings and editors (CodeMirror diagnostics, SARIF regions).
//
//   PointerLocator locator(text);           // one pass over the text
//   if (auto at = locator.Find("/nodes/send_welcome")) at->line, at->column;
//   LocateFindings(text, findings);          // fills line and column of each
//
// A pointer to an object member is located at the member's key (where an
// editor underlines it); the root "" at the first character. Positions are
// 1-based, columns in characters (UTF-8 code points). Text that is not valid
// JSON locates what it can before the fault. Never throws.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lint/lint.h"

namespace flowproof::lint {

struct TextPosition {
  int line = 1;
  int column = 1;
  int offset = 0;  // byte offset
};

class PointerLocator {
 public:
  explicit PointerLocator(std::string_view text);
  std::optional<TextPosition> Find(const std::string& pointer) const;

 private:
  std::map<std::string, TextPosition> positions_;
};

// Sets line and column of every finding whose pointer is in `text`; a
// finding whose pointer is not found gets the position of its longest
// located prefix.
void LocateFindings(std::string_view text, std::vector<LintFinding>& findings);

}  // namespace flowproof::lint
