#include "core/base/utf8.h"

#include <cstdio>

namespace flowproof {

CodePoint DecodeUtf8At(std::string_view text, std::size_t offset) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  CodePoint cp;
  cp.offset = offset;
  unsigned char b0 = byte(offset);
  if (b0 < 0x80) {
    cp.value = b0;
    cp.length = 1;
    return cp;
  }
  int need = 0;
  char32_t value = 0;
  // The valid range of the second byte narrows for E0, ED, F0 and F4 so that
  // overlong forms, surrogates and values past U+10FFFF are rejected at the
  // first byte that proves them wrong (WHATWG / Unicode "maximal subpart").
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    value = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    value = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    value = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    cp.value = kReplacementChar;
    cp.length = 1;
    cp.invalid = true;
    return cp;
  }
  std::size_t i = offset + 1;
  for (int k = 0; k < need; ++k, ++i) {
    if (i >= text.size()) break;
    unsigned char b = byte(i);
    unsigned char min = k == 0 ? lo : 0x80;
    unsigned char max = k == 0 ? hi : 0xBF;
    if (b < min || b > max) break;
    value = (value << 6) | (b & 0x3F);
    if (k == need - 1) {
      cp.value = value;
      cp.length = static_cast<std::size_t>(need) + 1;
      return cp;
    }
  }
  cp.value = kReplacementChar;
  cp.length = i - offset;
  cp.invalid = true;
  return cp;
}

std::vector<CodePoint> DecodeUtf8(std::string_view text) {
  std::vector<CodePoint> out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    CodePoint cp = DecodeUtf8At(text, i);
    i += cp.length;
    out.push_back(cp);
  }
  return out;
}

void AppendUtf8(char32_t cp, std::string& out) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = kReplacementChar;
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

std::size_t CountCodePoints(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) i += DecodeUtf8At(text, i).length;
  return count;
}

std::string CodePointName(char32_t cp) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
  return buffer;
}

bool IsBlank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') return false;
  }
  return true;
}

}  // namespace flowproof
