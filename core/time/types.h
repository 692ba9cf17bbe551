// Plain value types for time, shared by the parser, the simulator and Liquid.
//
// The simulated clock has one-second resolution and counts seconds since the
// Unix epoch in UTC. Durations are exact elapsed seconds ("a day is 24 hours,
// whatever the clocks do", FORMAT.md). Civil (wall-clock) values carry no zone;
// core/time/zone.h converts between the two.
#pragma once

#include <compare>
#include <cstdint>

namespace flowproof {

// Seconds since 1970-01-01T00:00:00Z.
using Instant = std::int64_t;

// Exact elapsed seconds; may be negative ("-3d").
using Duration = std::int64_t;

constexpr Duration kMinute = 60;
constexpr Duration kHour = 60 * kMinute;
constexpr Duration kDay = 24 * kHour;
constexpr Duration kWeek = 7 * kDay;

// A local time of day, "09:00" or "09:00:30".
struct LocalTime {
  int hour = 0;
  int minute = 0;
  int second = 0;
  int SecondsOfDay() const { return hour * 3600 + minute * 60 + second; }
  friend bool operator==(const LocalTime&, const LocalTime&) = default;
};

// A proleptic Gregorian calendar date.
struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// A wall-clock reading with no zone attached.
struct LocalDateTime {
  CivilDate date;
  LocalTime time;
  int weekday = 4;  // 0 = Sunday .. 6 = Saturday (1970-01-01 was a Thursday)
};

}  // namespace flowproof
