// Internal: the rules of one zone (transition table + POSIX TZ footer) and
// the decoder of the embedded records. Used by zone.cc and the tests only.
//
//   auto rules = time_internal::ZoneRules::FromPosix("EST5EDT,M3.2.0,M11.1.0");
//   rules->TypeAt(t).offset;   // -18000 or -14400
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time/types.h"

namespace flowproof::time_internal {

// Decoded zones expand their POSIX footer into the transition table up to
// this instant (2100-01-01T00:00:00Z), so that common lookups are one binary
// search; later instants evaluate the rule directly.
constexpr Instant kTableUntil = 4102444800;

// Returned by the NextChange functions when the offset never changes again.
constexpr Instant kNever = INT64_MAX;

// Instants are clamped to +/- kFarInstant (about 31 million years) before
// calendar arithmetic, so that hostile values cannot overflow.
constexpr Instant kFarInstant = 1'000'000'000'000'000;

// One local time type: what the clocks say and what they are called.
struct LocalType {
  int offset = 0;  // seconds east of UTC
  bool is_dst = false;
  std::string abbr;
  bool SameAs(const LocalType& o) const { return offset == o.offset && is_dst == o.is_dst && abbr == o.abbr; }
};

// A POSIX TZ string as found at the end of TZif files (RFC 8536 section 3.3,
// with its extensions: hours in -167..167 for rule times, angle-bracket
// abbreviations). Examples: "EST5EDT,M3.2.0,M11.1.0", "<+0530>-5:30",
// "IST-2IDT,M3.4.4/26,M10.5.0", "EST5EDT,0/0,J365/25" (DST all year).
class PosixTz {
 public:
  // Nullopt on a malformed string; `error` (optional) says what is wrong.
  static std::optional<PosixTz> Parse(std::string_view text, std::string* error = nullptr);

  bool has_dst() const { return has_dst_; }
  const LocalType& std_type() const { return std_; }
  const LocalType& dst_type() const { return dst_; }

  // The type in force at `t`.
  const LocalType& TypeAt(Instant t) const;

  // The first instant > t at which the type changes, or kNever.
  Instant NextChange(Instant t) const;

 private:
  struct Rule {
    char kind = 'M';  // 'M' (month.week.day), 'J' (Julian 1..365), 'n' (0..365)
    int month = 0, week = 0, day = 0;  // 'M': month 1..12, week 1..5, weekday 0..6; else day
    int time = 7200;                   // seconds after local midnight, may be <0 or >24h
  };
  struct Event {
    Instant at;
    bool starts_dst;
  };
  std::int64_t DayOf(const Rule& rule, int year) const;
  // The DST start and end of the years around `t`, sorted (ends first on
  // ties, so DST that ends and restarts at once stays on).
  int EventsAround(Instant t, int years_before, int years_after, Event* out) const;

  LocalType std_;
  LocalType dst_;
  bool has_dst_ = false;
  Rule start_;
  Rule end_;
};

// Everything needed to answer questions about one zone.
class ZoneRules {
 public:
  // Decodes a record of the embedded table (format: tools/tzdata/gen_tzdata.py).
  // Nullptr if the record is corrupt.
  static std::shared_ptr<const ZoneRules> Decode(std::string_view record, std::string* error = nullptr);

  // A zone that follows one POSIX TZ rule at all times (tests, UTC).
  static std::shared_ptr<const ZoneRules> FromPosix(std::string_view posix, std::string* error = nullptr);

  // The type in force at `t`; before 1970 the type in force at 1970-01-01.
  const LocalType& TypeAt(Instant t) const;

  // The first instant > t at which the offset, DST flag or abbreviation
  // changes, or kNever.
  Instant NextChange(Instant t) const;

  // The instant of a wall-clock reading (seconds since the epoch as if UTC):
  // the first occurrence in an overlap, shifted forward by the gap's length
  // in a gap.
  Instant FromLocal(std::int64_t local) const;

  // True, with the offset in force, when the table has no transition in
  // (from, to]: one binary search where TypeAt and NextChange take four. False
  // when it cannot tell so quickly (a transition in the span, instants
  // before 1970 or past the table); callers then ask TypeAt and NextChange,
  // which also see through transitions that change nothing.
  bool SteadyOffset(Instant from, Instant to, int* offset) const;

  std::size_t transition_count() const { return transitions_.size(); }

 private:
  Instant RawNext(Instant t) const;
  void ExtendTable();
  // The index of the first transition after t (transitions_.size() if none).
  std::size_t FirstTransitionAfter(Instant t) const;
  void BuildBucketIndex();

  std::vector<LocalType> types_;
  int initial_ = 0;
  std::vector<Instant> transitions_;  // increasing, all > 0
  std::vector<std::uint8_t> transition_types_;
  // For each span of 2^kBucketBits seconds from 1970 (about 388 days) up to
  // the table's last transition, the index of its first transition: a
  // lookup scans the one or two entries of its span instead of binary
  // searching a century of them (a forecast asks the offset of every send).
  static constexpr int kBucketBits = 25;
  std::vector<std::uint16_t> bucket_first_;
  std::optional<PosixTz> footer_;
  // Embedded zones use their 1970 type for every earlier instant; a zone
  // built from a POSIX rule follows it at all times.
  bool fixed_before_epoch_ = true;
};

}  // namespace flowproof::time_internal
