// SHA-256 (FIPS 180-4) and the identifier normalisation that ad platforms
// (Google Customer Match, Meta Custom Audiences, TikTok) require before
// hashing, as FORMAT.md's ad_audience channel specifies.
//
//   Sha256Hex("abc");                      // "ba7816bf8f01cfea..."
//   Sha256Hex(NormalizeEmail(" Ana@Example.COM "));
//   Sha256Hex(NormalizePhone("+1 (555) 010-9999"));  // of "+15550109999"
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace flowproof::channels {

// The 32-byte SHA-256 digest of `data`. Never fails; any length.
std::array<std::uint8_t, 32> Sha256(std::string_view data);

// The digest as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view data);

// Trims ASCII whitespace at both ends and lower-cases ASCII letters. Non-ASCII
// bytes are kept as they are (ad platforms lower-case ASCII only, and
// internationalised local parts are case-sensitive). No other rewriting
// (no Gmail dot or "+tag" removal: FORMAT.md says trimmed and lower-case).
std::string NormalizeEmail(std::string_view email);

// Keeps the digits and a '+' that comes before the first digit (at most one);
// every other character is removed: "+1 (555) 010-9999" -> "+15550109999",
// "0044 20 7946" -> "0044207946". A lone "+" gives "". May return "".
std::string NormalizePhone(std::string_view phone);

}  // namespace flowproof::channels
