// UTF-8 decoding and encoding, one copy for the whole core: the channel
// checks (SMS counting, push truncation, HTML entities), Liquid's string
// filters and the trace all read text through it.
//
// Decoding never fails: every byte that does not start a well-formed sequence
// (stray continuation bytes, truncated or overlong sequences, surrogates,
// values above U+10FFFF) becomes one U+FFFD with `invalid` set, the way
// browsers and the WHATWG decoder treat them (one replacement per maximal
// ill-formed subpart).
//
//   for (const CodePoint& cp : DecodeUtf8("caf\xC3\xA9")) ...  // c a f é
//   std::string s; AppendUtf8(0x20AC, s);                      // "€"
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace flowproof {

constexpr char32_t kReplacementChar = 0xFFFD;

// One decoded code point and the bytes it came from.
struct CodePoint {
  char32_t value = 0;
  std::size_t offset = 0;  // byte offset in the input
  std::size_t length = 0;  // bytes consumed (1..4)
  bool invalid = false;    // value is U+FFFD standing for ill-formed bytes
};

// Decodes the code point starting at `offset` (which must be < text.size()).
CodePoint DecodeUtf8At(std::string_view text, std::size_t offset);

// Decodes all of `text`.
std::vector<CodePoint> DecodeUtf8(std::string_view text);

// Appends the UTF-8 form of `cp`; surrogates and values above U+10FFFF are
// written as U+FFFD.
void AppendUtf8(char32_t cp, std::string& out);

// The number of code points in `text` (ill-formed bytes count as above).
std::size_t CountCodePoints(std::string_view text);

// "U+2019", "U+1F600": the conventional name of a code point.
std::string CodePointName(char32_t cp);

// Whether `text` is empty or only ASCII white space (a subject, title or
// body that shows nothing).
bool IsBlank(std::string_view text);

}  // namespace flowproof
