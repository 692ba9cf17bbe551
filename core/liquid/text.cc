#include "core/liquid/text.h"

#include <cstdint>

#include "core/base/utf8.h"

namespace flowproof::liquid::internal {
namespace {

std::uint32_t ToUpper(std::uint32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if (c < 0x80) return c;
  if ((c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 32;  // Latin-1
  if (c == 0xFF) return 0x178;
  if (c >= 0x100 && c <= 0x17F) {
    // Latin Extended-A pairs: even upper / odd lower, except the 0x139..0x148
    // and 0x179..0x17E runs which pair odd upper / even lower.
    bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return c;
    if (odd_upper) return (c % 2 == 0) ? c - 1 : c;
    return (c % 2 == 1) ? c - 1 : c;
  }
  if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 32;  // Greek
  if (c == 0x3C2) return 0x3A3;
  if (c >= 0x430 && c <= 0x44F) return c - 32;  // Cyrillic
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  return c;
}

std::uint32_t ToLower(std::uint32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0x80) return c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c == 0x178) return 0xFF;
  if (c >= 0x100 && c <= 0x17F) {
    bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return c;
    if (odd_upper) return (c % 2 == 1) ? c + 1 : c;
    return (c % 2 == 0) ? c + 1 : c;
  }
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

// Maps each character through f(code point, is_first). Ill-formed bytes are
// kept as they are, one at a time, so that no text is lost.
template <typename F>
std::string MapChars(std::string_view s, F f) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    CodePoint cp = DecodeUtf8At(s, i);
    if (cp.invalid) {
      out += s[i++];
      continue;
    }
    AppendUtf8(f(cp.value, i == 0), out);
    i += cp.length;
  }
  return out;
}

}  // namespace

std::string Upcase(std::string_view s) {
  return MapChars(s, [](std::uint32_t c, bool) { return ToUpper(c); });
}

std::string Downcase(std::string_view s) {
  return MapChars(s, [](std::uint32_t c, bool) { return ToLower(c); });
}

std::string Capitalize(std::string_view s) {
  return MapChars(s, [](std::uint32_t c, bool first) { return first ? ToUpper(c) : ToLower(c); });
}

void CharOffsets(std::string_view s, std::vector<std::size_t>* offsets) {
  offsets->clear();
  offsets->reserve(s.size() + 1);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) offsets->push_back(i);
  }
  offsets->push_back(s.size());
}

bool ValidUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    CodePoint cp = DecodeUtf8At(s, i);
    if (cp.invalid) return false;
    i += cp.length;
  }
  return true;
}

}  // namespace flowproof::liquid::internal
