// IANA time zones, embedded: no files are read at run time, so the same data
// and the same answers come out natively and in WebAssembly.
//
// The data is compiled from Debian's tzdata (see tzdata_embedded.cc for the
// version and tools/tzdata/ to regenerate). Each zone keeps its transitions
// from 1970 on plus its POSIX TZ rule for instants after the last one; before
// 1970 a zone uses the offset in force at 1970-01-01 (flowproof simulates
// marketing journeys, never the 1960s). Zones are decoded lazily, on their
// first lookup, and never freed.
//
//   const TimeZone* ny = FindTimeZone("America/New_York");
//   if (ny == nullptr) { /* unknown zone */ }
//   ny->OffsetAt(t);                                // -18000 or -14400
//   ny->FromLocal({2026, 3, 8}, {2, 30, 0});        // 2026-03-08T07:30:00Z
//   NextLocalTime(t, *ny, {9, 0, 0}, 0x3e, false);  // next weekday 09:00
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/time/types.h"

namespace flowproof {

namespace time_internal {
class ZoneRules;
}  // namespace time_internal

// One IANA zone. Obtained from FindTimeZone / UtcZone; immutable and safe to
// share between threads.
class TimeZone {
 public:
  TimeZone(std::string name, std::shared_ptr<const time_internal::ZoneRules> rules);
  ~TimeZone();
  TimeZone(const TimeZone&) = delete;
  TimeZone& operator=(const TimeZone&) = delete;

  // The name the zone was looked up by ("US/Eastern" stays "US/Eastern").
  const std::string& name() const { return name_; }

  // The UTC offset in force at `t`, in seconds east of UTC.
  int OffsetAt(Instant t) const;

  // The abbreviation in force at `t` ("EST", "CEST"); zones whose data has
  // only a numeric one give it as tzdata does ("+0530", "-03").
  std::string AbbreviationAt(Instant t) const;

  // Whether daylight saving time is in force at `t`.
  bool IsDstAt(Instant t) const;

  // The wall-clock reading at `t` in this zone, weekday included.
  LocalDateTime ToLocal(Instant t) const;

  // The instant of a wall-clock time. In a spring-forward gap the time moves
  // forward by the gap's length (02:30 -> 03:30); in a fall-back overlap the
  // FIRST occurrence is meant (java.time semantics). Never fails; the date is
  // not validated (day overflow counts on, as DaysFromCivil does).
  Instant FromLocal(const CivilDate& date, const LocalTime& time) const;

  // FromLocal for a wall-clock reading given as seconds since the epoch taken
  // as UTC (see CivilSeconds in civil.h).
  Instant FromLocalSeconds(std::int64_t local_seconds) const;

  // The first instant after `t` at which the offset, DST flag or
  // abbreviation changes, or kNoTransition when there is none (fixed zones).
  Instant NextTransition(Instant t) const;
  static constexpr Instant kNoTransition = INT64_MAX;

  // True, with the offset, when the offset surely stays the same from
  // `from` to `to` (a quick look; false may still mean it does: ask
  // NextTransition then). The local schedules ask it at every send.
  bool SteadyOffset(Instant from, Instant to, int* offset) const;

 private:
  std::string name_;
  std::shared_ptr<const time_internal::ZoneRules> rules_;
};

// The zone named `iana_name` (case-sensitive, as IANA spells it), or nullptr
// if unknown. "UTC", "Etc/UTC", "GMT" and the backward links ("US/Eastern",
// "Asia/Calcutta") work. Thread-safe; zones are built on first use and the
// pointers stay valid for the life of the process.
const TimeZone* FindTimeZone(std::string_view iana_name);

// The UTC zone (never null, no lookup cost).
const TimeZone& UtcZone();

// Every name FindTimeZone accepts, zones and links, sorted.
std::vector<std::string> TimeZoneNames();

// The tzdata release the embedded data was built from ("2024a").
std::string_view TimeZoneDataVersion();

// The earliest instant >= from (inclusive) or > from (!inclusive) whose wall
// time in `zone` is `at` on a day whose weekday is in `weekday_mask` (bit 0 =
// Sunday .. bit 6 = Saturday; 0x7f every day). A wall time in a gap maps as
// FromLocal does (so the day's occurrence is after the gap). A mask with no
// bit in 0x7f set is treated as 0x7f. Always terminates (at most ~9 days
// scanned). Returns TimeZone::kNoTransition only if `from` is so close to the
// end of time that no candidate exists.
Instant NextLocalTime(Instant from, const TimeZone& zone, const LocalTime& at,
                      std::uint8_t weekday_mask, bool inclusive);

// Whether `t` lies inside the daily local window [start, end) in `zone`.
// Windows may wrap midnight ("21:00"-"08:00"); start == end is an empty window.
// Window edges are wall times mapped as FromLocal does.
bool InLocalWindow(Instant t, const TimeZone& zone, const LocalTime& start, const LocalTime& end);

// The instant the window containing `t` ends (its next `end` wall time). If
// `t` is outside the window, returns `t`.
Instant LocalWindowEnd(Instant t, const TimeZone& zone, const LocalTime& start,
                       const LocalTime& end);

}  // namespace flowproof
