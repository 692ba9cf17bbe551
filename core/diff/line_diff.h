// A line diff of two texts, for the change log (a template's changed source)
// and the behaviour diff (a message's rendered subject or body).
//
//   LineDiff("a\nb\nc", "a\nB\nc");   // {"- b", "+ B"}
//   LineDiff("x", "x");               // {}
//
// Lines are compared whole. Only changed lines are returned, "- " for a line
// only OLD has and "+ " for one only NEW has, in the order they appear, with
// "  …" where unchanged lines were left out between two changes. The longest
// common subsequence is computed exactly up to kMaxLineDiffCells (lines of
// OLD times lines of NEW); beyond that the differing middle is shown as
// removed then added.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace flowproof {

inline constexpr std::size_t kMaxLineDiffCells = 4'000'000;

std::vector<std::string> LineDiff(const std::string& old_text, const std::string& new_text);

}  // namespace flowproof
