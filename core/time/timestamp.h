// Timestamps, fixture times, local times of day and dates as text.
//
// Absolute timestamps are ISO 8601 with an explicit offset or 'Z' and are
// always printed in UTC with a 'Z'. Fixtures may also give times relative to
// their clock start ("+2d3h").
//
//   std::optional<Instant> t = ParseTimestamp("2026-11-01T20:00:00-05:00");
//   FormatTimestamp(*t);                       // "2026-11-02T01:00:00Z"
//   FormatLocalTimestamp(*t, *FindTimeZone("America/New_York"));
//                                              // "2026-11-01T20:00:00-05:00"
//   ParseFixtureTime("+1h", *t);               // *t + 3600
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time/types.h"

namespace flowproof {

class TimeZone;

// Parses "YYYY-MM-DDTHH:MM[:SS[.fff]](Z|+HH:MM|+HHMM|+HH)" (also lower-case
// 't'/'z' and a single space instead of 'T'). Fractional seconds are truncated
// toward the earlier second (so "...:00.9-..." and negative years behave the
// same way). Years 0000..9999; offsets up to +/-23:59 ("+HH:MM:SS", which
// FormatLocalTimestamp prints for a few pre-1972 offsets, is read back too). Returns nullopt and sets
// `error` on any malformed part, on an out-of-range field (month 13, 30 Feb,
// 24:00) and when the offset is missing ("an offset or Z is required").
std::optional<Instant> ParseTimestamp(std::string_view text, std::string* error = nullptr);

// Parses a fixture time: an absolute timestamp (as ParseTimestamp) or "+"
// followed by a duration ("+0s", "+2d3h"), meaning that long after
// `clock_start`. Fails, with `error` set, like the two parsers it uses, and on
// overflow of the sum.
std::optional<Instant> ParseFixtureTime(std::string_view text, Instant clock_start,
                                        std::string* error = nullptr);

// Formats `t` as "YYYY-MM-DDTHH:MM:SSZ" in UTC. Years outside 0..9999 are
// printed with a sign and as many digits as needed (never fails).
std::string FormatTimestamp(Instant t);
// The same text into *out, reusing its storage (a forecast redraws a date
// attribute per contact into the same string).
void FormatTimestampInto(Instant t, std::string* out);

// Formats `t` as the wall-clock time in `zone` with its offset,
// "2026-11-01T20:00:00-05:00" (offset "+00:00" in UTC; offsets with seconds,
// found only in old data, are printed as "+HH:MM:SS").
std::string FormatLocalTimestamp(Instant t, const TimeZone& zone);

// Parses a local time of day "HH:MM" or "HH:MM:SS" (two digits each;
// 00:00:00..23:59:59). Returns nullopt and sets `error` otherwise.
std::optional<LocalTime> ParseLocalTime(std::string_view text, std::string* error = nullptr);

// Parses a date attribute: "YYYY-MM-DD", or a full timestamp (with or without
// offset) whose date part is taken as written. The day is checked against the
// month's length in a leap year, so "1990-02-29" is accepted (birthdays on 29
// February exist in every year's data; see AnniversaryIn). Returns nullopt and
// sets `error` on anything else.
std::optional<CivilDate> ParseCivilDate(std::string_view text, std::string* error = nullptr);

// Parses a wall-clock date and time without offset, "2026-11-27T09:00:00" or
// "2026-11-27T09:00" (also with a space), as used by schedule triggers with
// "local": true. Fractional seconds are truncated. A trailing offset or 'Z' is
// an error (the point is that the zone comes from elsewhere). The weekday of
// the result is filled in.
std::optional<LocalDateTime> ParseLocalDateTime(std::string_view text,
                                                std::string* error = nullptr);

}  // namespace flowproof
