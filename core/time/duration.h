// Exact durations: parsing and canonical formatting.
//
// A duration is exact elapsed time in seconds ("a day is 24 hours, whatever
// the clocks do", FORMAT.md). Two spellings are accepted:
//   - the compact form: one or more <integer><unit> groups, units w d h m s
//     ("90s", "15m", "1d12h", "1w"), optionally preceded by '-' ("-3d");
//   - ISO 8601: "P3D", "PT2H", "P1DT2H30M", "P2W", "-P1D".
// ISO years and months are rejected: they are calendar lengths, not exact
// elapsed time.
//
//   std::string error;
//   std::optional<Duration> d = ParseDuration("1d12h", &error);  // 129600
//   FormatDuration(*d);                                           // "1d12h"
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time/types.h"

namespace flowproof {

// The largest magnitude ParseDuration accepts: 10^12 seconds (about 31,700
// years), so that any parsed duration can be added to any parsed timestamp
// (years 0..9999) without overflow.
constexpr Duration kMaxDuration = 1'000'000'000'000;

// Parses a duration in the compact or the ISO 8601 form described above.
// Returns nullopt and, if `error` is non-null, a one-line English message on
// failure: empty text, junk, an unknown unit ("3x"), fractions ("1.5d"), ISO
// years or months, units out of order or repeated ("1h2d", "1h1h"), or a
// magnitude beyond kMaxDuration (overflow). Spaces are not allowed anywhere.
// Compact units are lower-case; ISO designators may be either case.
std::optional<Duration> ParseDuration(std::string_view text, std::string* error = nullptr);

// Returns the canonical compact spelling of `d`: days, hours, minutes and
// seconds from largest to smallest, zero parts omitted ("1d12h", "1m30s"),
// "0s" for zero, a leading '-' for negative values ("-3d"). Weeks are printed
// as days ("1w" -> "7d"). ParseDuration(FormatDuration(d)) == d whenever
// |d| <= kMaxDuration; larger values (differences of extreme instants) are
// printed the same way and never fail.
std::string FormatDuration(Duration d);

}  // namespace flowproof
