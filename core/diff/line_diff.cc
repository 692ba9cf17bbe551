#include "core/diff/line_diff.h"

#include <algorithm>
#include <cstdint>

namespace flowproof {
namespace {

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

}  // namespace

std::vector<std::string> LineDiff(const std::string& old_text, const std::string& new_text) {
  std::vector<std::string> out;
  if (old_text == new_text) return out;
  std::vector<std::string> a = SplitLines(old_text);
  std::vector<std::string> b = SplitLines(new_text);
  // The common head and tail need no table.
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
  std::size_t n = a.size() - head - tail;
  std::size_t m = b.size() - head - tail;

  // ops: 0 same, 1 removed (from a), 2 added (from b), in order.
  std::vector<std::pair<int, std::size_t>> ops;
  if (n * m <= kMaxLineDiffCells && n > 0 && m > 0) {
    std::vector<std::uint32_t> table((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return table[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    std::size_t i = 0, j = 0;
    while (i < n && j < m) {
      if (a[head + i] == b[head + j]) {
        ops.push_back({0, i});
        ++i, ++j;
      } else if (at(i + 1, j) >= at(i, j + 1)) {
        ops.push_back({1, i++});
      } else {
        ops.push_back({2, j++});
      }
    }
    while (i < n) ops.push_back({1, i++});
    while (j < m) ops.push_back({2, j++});
  } else {
    for (std::size_t i = 0; i < n; ++i) ops.push_back({1, i});
    for (std::size_t j = 0; j < m; ++j) ops.push_back({2, j});
  }
  bool skipped = false;
  bool any = false;
  for (const auto& [op, index] : ops) {
    if (op == 0) {
      skipped = true;
      continue;
    }
    if (skipped && any) out.push_back("  …");
    skipped = false;
    any = true;
    out.push_back(op == 1 ? "- " + a[head + index] : "+ " + b[head + index]);
  }
  return out;
}

}  // namespace flowproof
