// UTF-8 text helpers for Liquid's string filters (internal to core/liquid).
//
// Ruby's String methods work on characters, not bytes, and change case for
// non-ASCII letters too. These helpers do the same for the scripts marketing
// text uses most (Latin, Greek, Cyrillic); other characters keep their case.
//
//   Upcase("josé")          // "JOSÉ"
//   CharOffsets("né", &o)   // o = {0, 1, 3}
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace flowproof::liquid::internal {

std::string Upcase(std::string_view s);
std::string Downcase(std::string_view s);
// First character upper case, the rest lower case (Ruby's capitalize).
std::string Capitalize(std::string_view s);

// Byte offsets of each character start, plus s.size() at the end.
void CharOffsets(std::string_view s, std::vector<std::size_t>* offsets);

// Whether `s` is well-formed UTF-8.
bool ValidUtf8(std::string_view s);

// Ruby's whitespace for strip/split: space, \t, \n, \v, \f, \r (and NUL for strip).
inline bool IsRubySpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

}  // namespace flowproof::liquid::internal
