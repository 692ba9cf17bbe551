#include "core/liquid/text.h"

#include <cstdint>

namespace flowproof::liquid::internal {
namespace {

// Decodes one code point at s[i] (advancing i); invalid bytes decode as
// themselves (one byte) so that text is never lost.
std::uint32_t Decode(std::string_view s, std::size_t& i, bool* valid) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  *valid = true;
  if (c < 0x80) {
    ++i;
    return c;
  }
  int extra = c >= 0xF0 ? 3 : (c >= 0xE0 ? 2 : (c >= 0xC0 ? 1 : -1));
  if (extra < 0 || c > 0xF4 || i + static_cast<std::size_t>(extra) >= s.size()) {
    *valid = false;
    ++i;
    return 0xFFFFFFFF;
  }
  std::uint32_t cp = c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    unsigned char d = static_cast<unsigned char>(s[i + k]);
    if ((d & 0xC0) != 0x80) {
      *valid = false;
      ++i;
      return 0xFFFFFFFF;
    }
    cp = (cp << 6) | (d & 0x3F);
  }
  static const std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    *valid = false;
    ++i;
    return 0xFFFFFFFF;
  }
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

void Encode(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

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

template <typename F>
std::string MapChars(std::string_view s, F f) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    bool valid = true;
    std::uint32_t cp = Decode(s, i, &valid);
    if (!valid || cp < 0x80) {
      if (valid) {
        out += static_cast<char>(f(cp, start == 0));
      } else {
        out += s[start];
      }
      continue;
    }
    Encode(f(cp, start == 0), out);
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
  std::size_t i = 0;
  while (i < s.size()) {
    bool valid = true;
    Decode(s, i, &valid);
    if (!valid) return false;
  }
  return true;
}

}  // namespace flowproof::liquid::internal
