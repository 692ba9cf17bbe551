// Tests for core/time: durations, timestamps, the calendar, IANA zones with
// exact DST, POSIX TZ rules and the local schedule helpers.
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <string>
#include <vector>

#include "core/base/json.h"
#include "core/time/civil.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"
#include "core/time/zone.h"
#include "core/time/zone_rules.h"

namespace flowproof {
namespace {

// Test shorthand: a timestamp that must parse.
Instant T(const char* text) {
  std::string error;
  std::optional<Instant> t = ParseTimestamp(text, &error);
  EXPECT_TRUE(t.has_value()) << error;
  return t.value_or(0);
}

constexpr Instant kFar() { return time_internal::kFarInstant; }

const TimeZone& Zone(const char* name) {
  const TimeZone* zone = FindTimeZone(name);
  EXPECT_NE(zone, nullptr) << name;
  return zone != nullptr ? *zone : UtcZone();
}

// ---- durations ------------------------------------------------------------------

TEST(TimeDuration, ParsesCompactAndIsoForms) {
  struct Case {
    const char* text;
    Duration want;
  } cases[] = {
      {"90s", 90},
      {"15m", 15 * kMinute},
      {"2h", 2 * kHour},
      {"3d", 3 * kDay},
      {"1w", kWeek},
      {"1d12h", kDay + 12 * kHour},
      {"1w2d3h4m5s", kWeek + 2 * kDay + 3 * kHour + 4 * kMinute + 5},
      {"-3d", -3 * kDay},
      {"0s", 0},
      {"-0s", 0},
      {"007m", 7 * kMinute},
      {"86400s", kDay},
      {"P3D", 3 * kDay},
      {"PT2H", 2 * kHour},
      {"P1DT2H30M", kDay + 2 * kHour + 30 * kMinute},
      {"P2W", 2 * kWeek},
      {"-P1D", -kDay},
      {"PT90S", 90},
      {"PT0S", 0},
      {"P0D", 0},
      {"p1dt1h", kDay + kHour},
      {"P1W1D", 8 * kDay},
      {"1000000000000s", kMaxDuration},
      {"-1000000000000s", -kMaxDuration},
  };
  for (const Case& c : cases) {
    std::string error;
    std::optional<Duration> got = ParseDuration(c.text, &error);
    ASSERT_TRUE(got.has_value()) << c.text << ": " << error;
    EXPECT_EQ(*got, c.want) << c.text;
  }
}

TEST(TimeDuration, RejectsMalformedWithClearErrors) {
  struct Case {
    const char* text;
    const char* error_contains;
  } cases[] = {
      {"", "empty"},
      {"-", "number after '-'"},
      {"3", "missing unit"},
      {"3x", "unknown unit 'x'"},
      {"1.5d", "fractions are not allowed"},
      {"1,5d", "fractions are not allowed"},
      {"d", "expected a number"},
      {"abc", "expected a number"},
      {" 3d", "expected a number"},
      {"3d ", "expected a number after the unit"},
      {"1h2d", "largest first"},
      {"1h1h", "largest first"},
      {"1D", "lower-case"},
      {"2y", "not exact elapsed time"},
      {"2M", "not exact elapsed time"},
      {"+3d", "expected a number"},
      {"--3d", "expected a number"},
      {"10000000000000s", "too large"},
      {"99999999999999999999999s", "too large"},
      {"11574074w", "too large"},
      {"11574074d11574074h", "too large"},
      {"P", "at least one part"},
      {"PT", "'T' must be followed"},
      {"P1DT", "'T' must be followed"},
      {"P1M", "months are not exact elapsed time"},
      {"P1Y", "years are not exact elapsed time"},
      {"PT1.5S", "fractions are not allowed"},
      {"P1H", "unknown designator 'H'"},
      {"PT1D", "unknown designator 'D'"},
      {"P1D2W", "ISO 8601 order"},
      {"PT1M1H", "ISO 8601 order"},
      {"P1DTT1H", "'T' appears twice"},
      {"P1", "missing designator"},
      {"PX", "expected a number"},
  };
  for (const Case& c : cases) {
    std::string error;
    EXPECT_FALSE(ParseDuration(c.text, &error).has_value()) << c.text;
    EXPECT_NE(error.find(c.error_contains), std::string::npos) << c.text << " gave: " << error;
    EXPECT_NE(error.find(std::string("\"") + c.text + "\""), std::string::npos) << error;
  }
  EXPECT_FALSE(ParseDuration("3x").has_value());  // no error pointer: still fails, no crash
}

TEST(TimeDuration, FormatsCanonically) {
  struct Case {
    Duration d;
    const char* want;
  } cases[] = {
      {0, "0s"},
      {90, "1m30s"},
      {kDay + 12 * kHour, "1d12h"},
      {-3 * kDay, "-3d"},
      {kWeek, "7d"},
      {kHour + 1, "1h1s"},
      {-(kDay + 1), "-1d1s"},
      {59, "59s"},
      {kMaxDuration, "11574074d1h46m40s"},
      {INT64_MIN, "-106751991167300d15h30m8s"},
      {INT64_MAX, "106751991167300d15h30m7s"},
  };
  for (const Case& c : cases) EXPECT_EQ(FormatDuration(c.d), c.want) << c.d;
}

TEST(TimeDuration, FormatRoundTrips) {
  for (Duration d : {Duration{0}, Duration{1}, Duration{-1}, Duration{59}, Duration{61}, kDay - 1, kWeek + 3,
                     Duration{-123456789}, kMaxDuration, -kMaxDuration}) {
    std::optional<Duration> back = ParseDuration(FormatDuration(d));
    ASSERT_TRUE(back.has_value()) << FormatDuration(d);
    EXPECT_EQ(*back, d);
  }
}

// ---- timestamps --------------------------------------------------------------------

TEST(TimeTimestamp, ParsesOffsetsAndForms) {
  struct Case {
    const char* text;
    Instant want;
  } cases[] = {
      {"1970-01-01T00:00:00Z", 0},
      {"2026-11-27T09:00:00Z", 1795770000},
      {"2026-11-27T10:00:00+01:00", 1795770000},
      {"2026-11-27T10:00:00+0100", 1795770000},
      {"2026-11-27T10:00:00+01", 1795770000},
      {"2026-11-27T04:00:00-05:00", 1795770000},
      {"2026-11-27T14:30:00+05:30", 1795770000},
      {"2026-11-27T09:00:00-00:00", 1795770000},
      {"2026-11-27 09:00:00Z", 1795770000},
      {"2026-11-27t09:00:00z", 1795770000},
      {"2026-11-27T09:00Z", 1795770000},
      {"2026-11-27T09:00:00.999Z", 1795770000},
      {"2026-11-27T09:00:00,5+00:00", 1795770000},
      {"2026-11-27T09:00:00.000000000001Z", 1795770000},
      {"1969-12-31T23:59:59.5Z", -1},  // truncated toward the earlier second
      {"1969-12-31T23:59:59Z", -1},
      {"2024-02-29T12:00:00Z", 1709208000},
      {"2000-01-01T00:00:00+23:59", 946684800 - 23 * 3600 - 59 * 60},
      {"1970-12-31T23:15:30-00:44:30", 31536000},
      {"0000-01-01T00:00:00Z", -62167219200},
      {"9999-12-31T23:59:59Z", 253402300799},
  };
  for (const Case& c : cases) {
    std::string error;
    std::optional<Instant> got = ParseTimestamp(c.text, &error);
    ASSERT_TRUE(got.has_value()) << c.text << ": " << error;
    EXPECT_EQ(*got, c.want) << c.text;
  }
}

TEST(TimeTimestamp, RejectsMalformedWithClearErrors) {
  struct Case {
    const char* text;
    const char* error_contains;
  } cases[] = {
      {"2026-11-27T09:00:00", "an offset or Z is required"},
      {"2026-11-27 09:00", "an offset or Z is required"},
      {"2026-11-27", "a time and an offset or Z are required"},
      {"", "expected a date"},
      {"yesterday", "expected a date"},
      {"26-11-27T09:00:00Z", "expected a date"},
      {"2026-1-27T09:00:00Z", "expected a date"},
      {"2026-13-01T00:00:00Z", "month 13"},
      {"2026-00-01T00:00:00Z", "month 0"},
      {"2026-02-29T00:00:00Z", "day 29"},
      {"2026-04-31T00:00:00Z", "day 31"},
      {"2026-04-00T00:00:00Z", "day 0"},
      {"2026-11-27T24:00:00Z", "hour 24"},
      {"2026-11-27T09:60:00Z", "minute 60"},
      {"2026-11-27T09:00:60Z", "second 60"},
      {"2026-11-27X09:00:00Z", "expected 'T'"},
      {"2026-11-27T9:00:00Z", "expected a time"},
      {"2026-11-27T09:00:00.Z", "digits after the decimal point"},
      {"2026-11-27T09:00:00+01:00:6", "offset seconds"},
      {"2026-11-27T09:00:00+24:00", "offset out of range"},
      {"2026-11-27T09:00:00+01:60", "offset out of range"},
      {"2026-11-27T09:00:00+1", "expected an offset"},
      {"2026-11-27T09:00:00+01:0", "offset minutes"},
      {"2026-11-27T09:00:00 UTC", "expected 'Z' or an offset"},
      {"2026-11-27T09:00:00Zjunk", "unexpected text"},
      {"2026-11-27T09:00:00+01:00 ", "unexpected text"},
      {" 2026-11-27T09:00:00Z", "expected a date"},
  };
  for (const Case& c : cases) {
    std::string error;
    EXPECT_FALSE(ParseTimestamp(c.text, &error).has_value()) << c.text;
    EXPECT_NE(error.find(c.error_contains), std::string::npos) << c.text << " gave: " << error;
  }
}

TEST(TimeTimestamp, FormatsInUtc) {
  struct Case {
    Instant t;
    const char* want;
  } cases[] = {
      {0, "1970-01-01T00:00:00Z"},
      {1793581200, "2026-11-02T01:00:00Z"},
      {-1, "1969-12-31T23:59:59Z"},
      {951782400, "2000-02-29T00:00:00Z"},
      {253402300799, "9999-12-31T23:59:59Z"},
      {253402300800, "+10000-01-01T00:00:00Z"},
      {-62167219200, "0000-01-01T00:00:00Z"},
      {-62167219201, "-0001-12-31T23:59:59Z"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FormatTimestamp(c.t), c.want);
    if (c.t >= -62167219200 && c.t <= 253402300799) {
      EXPECT_EQ(ParseTimestamp(c.want), c.t) << c.want;
    }
  }
  // Extreme values never crash.
  EXPECT_FALSE(FormatTimestamp(INT64_MAX).empty());
  EXPECT_FALSE(FormatTimestamp(INT64_MIN).empty());
}

TEST(TimeTimestamp, FormatsLocalWithOffset) {
  struct Case {
    const char* zone;
    const char* utc;
    const char* want;
  } cases[] = {
      {"America/New_York", "2026-11-02T01:00:00Z", "2026-11-01T20:00:00-05:00"},
      {"America/New_York", "2026-07-01T12:00:00Z", "2026-07-01T08:00:00-04:00"},
      {"UTC", "2026-07-01T12:00:00Z", "2026-07-01T12:00:00+00:00"},
      {"Asia/Kolkata", "2026-07-01T12:00:00Z", "2026-07-01T17:30:00+05:30"},
      {"Pacific/Chatham", "2026-07-01T12:00:00Z", "2026-07-02T00:45:00+12:45"},
      {"America/St_Johns", "2026-01-01T00:00:00Z", "2025-12-31T20:30:00-03:30"},
      {"Africa/Monrovia", "1971-01-01T00:00:00Z", "1970-12-31T23:15:30-00:44:30"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FormatLocalTimestamp(T(c.utc), Zone(c.zone)), c.want) << c.zone;
    EXPECT_EQ(ParseTimestamp(c.want), T(c.utc)) << c.want;  // the local form reads back
  }
}

TEST(TimeTimestamp, FixtureTimesAreAbsoluteOrRelative) {
  const Instant start = T("2026-11-02T00:00:00Z");
  struct Case {
    const char* text;
    Instant want;
  } cases[] = {
      {"+0s", start},
      {"+1h", start + kHour},
      {"+2d3h", start + 2 * kDay + 3 * kHour},
      {"+P1D", start + kDay},
      {"2026-11-27T09:00:00Z", T("2026-11-27T09:00:00Z")},
      {"2026-11-01T00:00:00Z", start - kDay},  // absolute times may precede the start
  };
  for (const Case& c : cases) {
    std::string error;
    std::optional<Instant> got = ParseFixtureTime(c.text, start, &error);
    ASSERT_TRUE(got.has_value()) << c.text << ": " << error;
    EXPECT_EQ(*got, c.want) << c.text;
  }
  struct Bad {
    const char* text;
    const char* error_contains;
  } bad[] = {
      {"2d", "relative times start with '+'"},
      {"+", "empty"},
      {"+-1d", "'+' and a duration"},
      {"++1d", "'+' and a duration"},
      {"+3x", "unknown unit"},
      {"2026-11-27T09:00:00", "an offset or Z is required"},
      {"soon", "expected a date"},
  };
  for (const Bad& c : bad) {
    std::string error;
    EXPECT_FALSE(ParseFixtureTime(c.text, start, &error).has_value()) << c.text;
    EXPECT_NE(error.find(c.error_contains), std::string::npos) << c.text << " gave: " << error;
  }
  EXPECT_FALSE(ParseFixtureTime("+1d", INT64_MAX - 10).has_value());  // overflow is an error
}

TEST(TimeTimestamp, LocalTimesOfDay) {
  struct Case {
    const char* text;
    bool ok;
    LocalTime want;
  } cases[] = {
      {"09:00", true, {9, 0, 0}},        {"09:00:30", true, {9, 0, 30}}, {"00:00", true, {0, 0, 0}},
      {"23:59:59", true, {23, 59, 59}},  {"24:00", false, {}},           {"9:00", false, {}},
      {"09:60", false, {}},              {"09:00:60", false, {}},        {"09", false, {}},
      {"09:00:00.5", false, {}},         {"09:00Z", false, {}},          {"", false, {}},
      {"09:00 ", false, {}},
  };
  for (const Case& c : cases) {
    std::string error;
    std::optional<LocalTime> got = ParseLocalTime(c.text, &error);
    EXPECT_EQ(got.has_value(), c.ok) << c.text;
    if (c.ok && got) {
      EXPECT_EQ(*got, c.want) << c.text;
    }
    if (!c.ok) {
      EXPECT_NE(error.find("invalid local time"), std::string::npos) << error;
    }
  }
}

TEST(TimeTimestamp, CivilDatesAcceptLeapDayInAnyYear) {
  struct Case {
    const char* text;
    bool ok;
    CivilDate want;
  } cases[] = {
      {"1990-02-29", true, {1990, 2, 29}},  // a birthday: kept as written
      {"2000-02-29", true, {2000, 2, 29}},
      {"1990-02-28", true, {1990, 2, 28}},
      {"1990-12-31", true, {1990, 12, 31}},
      {"2026-11-27T23:30:00-05:00", true, {2026, 11, 27}},  // the date part as written
      {"2026-11-27T23:30:00Z", true, {2026, 11, 27}},
      {"2026-11-27T23:30:00", true, {2026, 11, 27}},
      {"1990-02-30", false, {}},
      {"1990-04-31", false, {}},
      {"1990-13-01", false, {}},
      {"1990-2-1", false, {}},
      {"19900201", false, {}},
      {"1990-02-01T", false, {}},
      {"", false, {}},
  };
  for (const Case& c : cases) {
    std::string error;
    std::optional<CivilDate> got = ParseCivilDate(c.text, &error);
    EXPECT_EQ(got.has_value(), c.ok) << c.text << ": " << error;
    if (c.ok && got) {
      EXPECT_EQ(*got, c.want) << c.text;
    }
    if (!c.ok) {
      EXPECT_NE(error.find("invalid date"), std::string::npos) << error;
    }
  }
}

TEST(TimeTimestamp, LocalDateTimesHaveNoOffset) {
  std::string error;
  std::optional<LocalDateTime> got = ParseLocalDateTime("2026-11-27T09:00:00", &error);
  ASSERT_TRUE(got.has_value()) << error;
  EXPECT_EQ(got->date, (CivilDate{2026, 11, 27}));
  EXPECT_EQ(got->time, (LocalTime{9, 0, 0}));
  EXPECT_EQ(got->weekday, 5);  // a Friday
  got = ParseLocalDateTime("2026-11-27 09:30");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->time, (LocalTime{9, 30, 0}));

  struct Bad {
    const char* text;
    const char* error_contains;
  } bad[] = {
      {"2026-11-27T09:00:00Z", "takes no offset"},
      {"2026-11-27T09:00:00+01:00", "takes no offset"},
      {"2026-11-27", "a time is required"},
      {"2026-02-29T09:00:00", "day 29"},
      {"2026-11-27T25:00:00", "hour 25"},
  };
  for (const Bad& c : bad) {
    EXPECT_FALSE(ParseLocalDateTime(c.text, &error).has_value()) << c.text;
    EXPECT_NE(error.find(c.error_contains), std::string::npos) << c.text << " gave: " << error;
  }
}

// ---- the calendar -------------------------------------------------------------------

TEST(TimeCivil, LeapYearsAndMonthLengths) {
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_TRUE(IsLeapYear(0));
  EXPECT_TRUE(IsLeapYear(-4));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_FALSE(IsLeapYear(2026));
  EXPECT_FALSE(IsLeapYear(2100));
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2026, 2), 28);
  EXPECT_EQ(DaysInMonth(2026, 4), 30);
  EXPECT_EQ(DaysInMonth(2026, 12), 31);
  EXPECT_EQ(DaysInMonth(2026, 0), 0);
  EXPECT_EQ(DaysInMonth(2026, 13), 0);
}

TEST(TimeCivil, DaysAndWeekdaysOfKnownDates) {
  struct Case {
    CivilDate date;
    std::int64_t days;
    int weekday;
  } cases[] = {
      {{1970, 1, 1}, 0, 4},           {{1969, 12, 31}, -1, 3},       {{2000, 3, 1}, 11017, 3},
      {{2026, 11, 27}, 20784, 5},     {{2026, 3, 8}, 20520, 0},      {{2024, 2, 29}, 19782, 4},
      {{1900, 1, 1}, -25567, 1},      {{0, 1, 1}, -719528, 6},       {{-1, 12, 31}, -719529, 5},
      {{9999, 12, 31}, 2932896, 5},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(DaysFromCivil(c.date), c.days) << c.date.year << "-" << c.date.month << "-" << c.date.day;
    EXPECT_EQ(CivilFromDays(c.days), c.date) << c.days;
    EXPECT_EQ(Weekday(c.date), c.weekday) << c.days;
  }
}

TEST(TimeCivil, DayNumbersRoundTripAndWeekdaysAdvance) {
  int previous_weekday = Weekday(CivilFromDays(-800000 - 1));
  for (std::int64_t days = -800000; days <= 800000; days += 1) {
    CivilDate date = CivilFromDays(days);
    ASSERT_EQ(DaysFromCivil(date), days);
    ASSERT_GE(date.month, 1);
    ASSERT_LE(date.month, 12);
    ASSERT_GE(date.day, 1);
    ASSERT_LE(date.day, DaysInMonth(date.year, date.month));
    int weekday = Weekday(date);
    ASSERT_EQ(weekday, (previous_weekday + 1) % 7) << days;
    previous_weekday = weekday;
  }
}

TEST(TimeCivil, AnniversariesOfLeapDays) {
  struct Case {
    CivilDate date;
    int year;
    CivilDate want;
  } cases[] = {
      {{1992, 2, 29}, 2027, {2027, 2, 28}},
      {{1992, 2, 29}, 2028, {2028, 2, 29}},
      {{1990, 2, 29}, 2026, {2026, 2, 28}},  // as ParseCivilDate accepts it
      {{1992, 2, 29}, 2100, {2100, 2, 28}},
      {{1992, 2, 28}, 2027, {2027, 2, 28}},
      {{1992, 3, 1}, 2027, {2027, 3, 1}},
      {{1985, 12, 31}, 2026, {2026, 12, 31}},
  };
  for (const Case& c : cases) EXPECT_EQ(AnniversaryIn(c.date, c.year), c.want) << c.year;
}

TEST(TimeCivil, UtcDateTimeAndCivilSeconds) {
  LocalDateTime local = UtcDateTime(T("2026-11-27T09:08:07Z"));
  EXPECT_EQ(local.date, (CivilDate{2026, 11, 27}));
  EXPECT_EQ(local.time, (LocalTime{9, 8, 7}));
  EXPECT_EQ(local.weekday, 5);
  local = UtcDateTime(-1);
  EXPECT_EQ(local.date, (CivilDate{1969, 12, 31}));
  EXPECT_EQ(local.time, (LocalTime{23, 59, 59}));
  EXPECT_EQ(local.weekday, 3);
  EXPECT_EQ(CivilSeconds({2026, 11, 27}, {9, 8, 7}), T("2026-11-27T09:08:07Z"));
  LocalDateTime back = CivilFromSeconds(CivilSeconds({1960, 5, 6}, {1, 2, 3}));
  EXPECT_EQ(back.date, (CivilDate{1960, 5, 6}));
  EXPECT_EQ(back.time, (LocalTime{1, 2, 3}));
  EXPECT_EQ(back.weekday, Weekday({1960, 5, 6}));
}

// ---- zones -------------------------------------------------------------------------

TEST(TimeZoneTest, LookupNamesLinksAndUnknowns) {
  for (const char* name : {"America/New_York", "US/Eastern", "UTC", "Etc/UTC", "GMT", "Etc/GMT", "Europe/London",
                           "Asia/Calcutta", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "Europe/Kiev",
                           "America/Argentina/Buenos_Aires", "Etc/GMT+5", "Zulu"}) {
    const TimeZone* zone = FindTimeZone(name);
    ASSERT_NE(zone, nullptr) << name;
    EXPECT_EQ(zone->name(), name);
    EXPECT_EQ(FindTimeZone(name), zone) << "the same pointer every time";
  }
  for (const char* name : {"", "Mars/Olympus_Mons", "america/new_york", "America/New_York ", "EST5EDT,M3.2.0,M11.1.0",
                           "+05:00", "Local", "localtime", "posixrules", "America", "../etc/passwd"}) {
    EXPECT_EQ(FindTimeZone(name), nullptr) << name;
  }
  EXPECT_EQ(FindTimeZone("UTC"), &UtcZone());
  EXPECT_EQ(UtcZone().OffsetAt(T("2026-07-01T00:00:00Z")), 0);
  EXPECT_EQ(UtcZone().AbbreviationAt(0), "UTC");
  // A link behaves exactly as its target.
  const TimeZone& eastern = Zone("US/Eastern");
  const TimeZone& ny = Zone("America/New_York");
  for (Instant t = T("2026-01-01T00:00:00Z"); t < T("2027-01-01T00:00:00Z"); t += 3 * kHour + 7) {
    ASSERT_EQ(eastern.OffsetAt(t), ny.OffsetAt(t));
  }
  EXPECT_EQ(Zone("Etc/GMT+5").OffsetAt(0), -5 * 3600);  // POSIX sign convention in the name
}

TEST(TimeZoneTest, EveryEmbeddedZoneDecodes) {
  std::vector<std::string> names = TimeZoneNames();
  EXPECT_GT(names.size(), 500u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_TRUE(std::adjacent_find(names.begin(), names.end()) == names.end());
  for (const char* must : {"America/New_York", "US/Eastern", "UTC", "Etc/UTC", "GMT", "Asia/Kolkata"}) {
    EXPECT_TRUE(std::binary_search(names.begin(), names.end(), std::string(must))) << must;
  }
  for (const std::string& name : names) {
    const TimeZone* zone = FindTimeZone(name);
    ASSERT_NE(zone, nullptr) << name;
    int offset = zone->OffsetAt(T("2026-06-01T00:00:00Z"));
    EXPECT_LE(offset, 14 * 3600) << name;
    EXPECT_GE(offset, -12 * 3600) << name;
    EXPECT_FALSE(zone->AbbreviationAt(0).empty()) << name;
  }
  EXPECT_EQ(TimeZoneDataVersion().size(), 5u);  // "2026f"
}

TEST(TimeZoneTest, OffsetsAndAbbreviationsAroundTransitions) {
  struct Case {
    const char* zone;
    const char* utc;
    int offset;
    const char* abbr;
    bool dst;
  } cases[] = {
      // New York, 2026: spring forward 03-08 07:00Z, fall back 11-01 06:00Z.
      {"America/New_York", "2026-03-08T06:59:59Z", -5 * 3600, "EST", false},
      {"America/New_York", "2026-03-08T07:00:00Z", -4 * 3600, "EDT", true},
      {"America/New_York", "2026-11-01T05:59:59Z", -4 * 3600, "EDT", true},
      {"America/New_York", "2026-11-01T06:00:00Z", -5 * 3600, "EST", false},
      // Beyond the last stored transition the footer rule decides.
      {"America/New_York", "2040-03-11T06:59:59Z", -5 * 3600, "EST", false},
      {"America/New_York", "2040-03-11T07:00:00Z", -4 * 3600, "EDT", true},
      {"America/New_York", "2040-07-01T12:00:00Z", -4 * 3600, "EDT", true},
      {"America/New_York", "2099-12-01T12:00:00Z", -5 * 3600, "EST", false},
      {"US/Eastern", "2026-07-01T12:00:00Z", -4 * 3600, "EDT", true},
      // London: last Sundays of March and October at 01:00Z.
      {"Europe/London", "2026-03-29T00:59:59Z", 0, "GMT", false},
      {"Europe/London", "2026-03-29T01:00:00Z", 3600, "BST", true},
      {"Europe/London", "2026-10-25T00:59:59Z", 3600, "BST", true},
      {"Europe/London", "2026-10-25T01:00:00Z", 0, "GMT", false},
      {"Europe/London", "2040-07-01T00:00:00Z", 3600, "BST", true},
      // Lord Howe: a 30-minute DST.
      {"Australia/Lord_Howe", "2026-10-03T15:29:59Z", 37800, "+1030", false},
      {"Australia/Lord_Howe", "2026-10-03T15:30:00Z", 39600, "+11", true},
      {"Australia/Lord_Howe", "2026-04-04T14:59:59Z", 39600, "+11", true},
      {"Australia/Lord_Howe", "2026-04-04T15:00:00Z", 37800, "+1030", false},
      {"Australia/Lord_Howe", "2040-01-01T00:00:00Z", 39600, "+11", true},
      // Kolkata: +05:30 all year.
      {"Asia/Kolkata", "2026-01-01T00:00:00Z", 19800, "IST", false},
      {"Asia/Kolkata", "2026-07-01T00:00:00Z", 19800, "IST", false},
      {"Asia/Calcutta", "1975-01-01T00:00:00Z", 19800, "IST", false},
      // Chatham: +12:45 / +13:45, changing at 02:45 local standard time.
      {"Pacific/Chatham", "2026-09-26T13:59:59Z", 45900, "+1245", false},
      {"Pacific/Chatham", "2026-09-26T14:00:00Z", 49500, "+1345", true},
      {"Pacific/Chatham", "2026-04-04T13:59:59Z", 49500, "+1345", true},
      {"Pacific/Chatham", "2026-04-04T14:00:00Z", 45900, "+1245", false},
      {"Pacific/Chatham", "2045-01-01T00:00:00Z", 49500, "+1345", true},
      // Southern hemisphere in the footer years; negative DST in Dublin.
      {"Australia/Sydney", "2040-01-01T00:00:00Z", 39600, "AEDT", true},
      {"Europe/Dublin", "2026-07-15T00:00:00Z", 3600, "IST", false},
      {"Europe/Dublin", "2026-01-15T00:00:00Z", 0, "GMT", true},
      // Odd rules: Israel's Friday before the last Sunday, Nuuk's -1:00.
      {"Asia/Jerusalem", "2030-03-28T23:59:59Z", 7200, "IST", false},
      {"Asia/Jerusalem", "2030-03-29T00:00:00Z", 10800, "IDT", true},
      {"America/Nuuk", "2030-03-31T00:59:59Z", -7200, "-02", false},
      {"America/Nuuk", "2030-03-31T01:00:00Z", -3600, "-01", true},
      {"America/Nuuk", "2030-10-27T00:59:59Z", -3600, "-01", true},
      {"America/Nuuk", "2030-10-27T01:00:00Z", -7200, "-02", false},
      // Before 1970: the 1970 offset (documented simplification).
      {"America/New_York", "1960-07-01T00:00:00Z", -5 * 3600, "EST", false},
      {"Europe/London", "1950-07-01T00:00:00Z", 3600, "BST", false},
  };
  for (const Case& c : cases) {
    const TimeZone& zone = Zone(c.zone);
    Instant t = T(c.utc);
    EXPECT_EQ(zone.OffsetAt(t), c.offset) << c.zone << " " << c.utc;
    EXPECT_EQ(zone.AbbreviationAt(t), c.abbr) << c.zone << " " << c.utc;
    EXPECT_EQ(zone.IsDstAt(t), c.dst) << c.zone << " " << c.utc;
  }
}

TEST(TimeZoneTest, NextTransitionFindsEveryChange) {
  const TimeZone& ny = Zone("America/New_York");
  std::vector<std::string> got;
  for (Instant t = T("2026-01-01T00:00:00Z"), n = 0; n < 4; ++n) {
    t = ny.NextTransition(t);
    got.push_back(FormatTimestamp(t));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"2026-03-08T07:00:00Z", "2026-11-01T06:00:00Z", "2027-03-14T07:00:00Z",
                                           "2027-11-07T06:00:00Z"}));
  // Footer years too.
  EXPECT_EQ(FormatTimestamp(ny.NextTransition(T("2050-01-01T00:00:00Z"))), "2050-03-13T07:00:00Z");
  EXPECT_EQ(Zone("Asia/Kolkata").NextTransition(T("2026-01-01T00:00:00Z")), TimeZone::kNoTransition);
  EXPECT_EQ(UtcZone().NextTransition(0), TimeZone::kNoTransition);
  EXPECT_EQ(ny.NextTransition(INT64_MAX), TimeZone::kNoTransition);
}

// Every zone, every change from 1970 to 2100: the type (offset, DST flag,
// abbreviation) is one thing up to the second before a change and another
// from it until the second before the next. The lookup finds a change
// through an index by spans of about a year (zone_rules.h, bucket_first_)
// rather than a binary search: an index one entry off would show the old
// type at the change.
TEST(TimeZoneTest, TypesChangeExactlyAtEachTransitionInEveryZone) {
  auto type = [](const TimeZone& zone, Instant t) {
    return std::to_string(zone.OffsetAt(t)) + (zone.IsDstAt(t) ? " dst " : " std ") + zone.AbbreviationAt(t);
  };
  const Instant end = T("2100-01-01T00:00:00Z");
  std::size_t changes = 0;
  for (const std::string& name : TimeZoneNames()) {
    const TimeZone& zone = Zone(name.c_str());
    Instant t = zone.NextTransition(0);
    while (t != TimeZone::kNoTransition && t < end) {
      ASSERT_NE(type(zone, t - 1), type(zone, t)) << name << " " << FormatTimestamp(t);
      Instant next = zone.NextTransition(t);
      ASSERT_GT(next, t) << name;
      Instant last = next == TimeZone::kNoTransition ? std::min<Instant>(t + 400 * kDay, end) : next - 1;
      EXPECT_EQ(type(zone, last), type(zone, t)) << name << " " << FormatTimestamp(last);
      EXPECT_EQ(type(zone, t + (last - t) / 2), type(zone, t)) << name << " " << FormatTimestamp(t);
      t = next;
      ++changes;
    }
  }
  EXPECT_GT(changes, 50000u);  // the table is really walked
}

TEST(TimeZoneTest, FromLocalHandlesGapsAndOverlaps) {
  struct Case {
    const char* zone;
    const char* local;
    const char* want_utc;
  } cases[] = {
      // Spring forward: 02:30 does not exist and becomes 03:30 EDT.
      {"America/New_York", "2026-03-08T02:30:00", "2026-03-08T07:30:00Z"},
      {"America/New_York", "2026-03-08T02:00:00", "2026-03-08T07:00:00Z"},
      {"America/New_York", "2026-03-08T01:59:59", "2026-03-08T06:59:59Z"},
      {"America/New_York", "2026-03-08T03:00:00", "2026-03-08T07:00:00Z"},
      // Fall back: 01:30 happens twice; the first (EDT) is meant.
      {"America/New_York", "2026-11-01T01:30:00", "2026-11-01T05:30:00Z"},
      {"America/New_York", "2026-11-01T00:59:59", "2026-11-01T04:59:59Z"},
      {"America/New_York", "2026-11-01T02:00:00", "2026-11-01T07:00:00Z"},
      {"America/New_York", "2040-03-11T02:30:00", "2040-03-11T07:30:00Z"},
      {"America/New_York", "2040-11-04T01:30:00", "2040-11-04T05:30:00Z"},
      {"Europe/London", "2026-03-29T01:30:00", "2026-03-29T01:30:00Z"},
      {"Europe/London", "2026-10-25T01:30:00", "2026-10-25T00:30:00Z"},
      // Lord Howe's half-hour gap and overlap.
      {"Australia/Lord_Howe", "2026-10-04T02:15:00", "2026-10-03T15:45:00Z"},
      {"Australia/Lord_Howe", "2026-04-05T01:45:00", "2026-04-04T14:45:00Z"},
      {"Pacific/Chatham", "2026-09-27T03:00:00", "2026-09-26T14:15:00Z"},
      {"Pacific/Chatham", "2026-04-05T03:00:00", "2026-04-04T13:15:00Z"},
      {"Asia/Kolkata", "2026-06-01T09:00:00", "2026-06-01T03:30:00Z"},
      // Samoa skipped 30 December 2011 entirely: the gap is a whole day.
      {"Pacific/Apia", "2011-12-30T09:00:00", "2011-12-30T19:00:00Z"},
      // Brazil's old DST began at midnight: 00:30 did not exist.
      {"America/Sao_Paulo", "2018-11-04T00:30:00", "2018-11-04T03:30:00Z"},
  };
  for (const Case& c : cases) {
    std::optional<LocalDateTime> local = ParseLocalDateTime(c.local);
    ASSERT_TRUE(local.has_value()) << c.local;
    EXPECT_EQ(FormatTimestamp(Zone(c.zone).FromLocal(local->date, local->time)), c.want_utc)
        << c.zone << " " << c.local;
  }
}

TEST(TimeZoneTest, ToLocalInvertsFromLocalOutsideGaps) {
  for (const char* name : {"America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Chatham",
                           "Asia/Kolkata", "America/Santiago", "Pacific/Apia"}) {
    const TimeZone& zone = Zone(name);
    for (Instant t = T("2011-01-01T00:00:00Z"); t < T("2012-06-01T00:00:00Z"); t += 37 * kMinute + 11) {
      LocalDateTime local = zone.ToLocal(t);
      ASSERT_EQ(local.weekday, Weekday(local.date));
      Instant back = zone.FromLocal(local.date, local.time);
      // Equal, or the first occurrence of a repeated wall time.
      ASSERT_LE(back, t) << name << " " << FormatTimestamp(t);
      ASSERT_GT(back, t - 2 * kHour) << name << " " << FormatTimestamp(t);
      LocalDateTime again = zone.ToLocal(back);
      ASSERT_EQ(again.date, local.date);
      ASSERT_EQ(again.time, local.time);
    }
  }
}

TEST(TimeZoneTest, ExtremeInstantsNeitherCrashNorOverflow) {
  // Hostile fixtures can produce any int64; the answers are clamped, never UB
  // (the sanitizer build checks the "never UB" part).
  const TimeZone& ny = Zone("America/New_York");
  for (Instant t : {INT64_MIN, INT64_MIN + 1, -kFar(), Instant{-1}, Instant{0}, kFar(), INT64_MAX - 1, INT64_MAX}) {
    int offset = ny.OffsetAt(t);
    EXPECT_TRUE(offset == -5 * 3600 || offset == -4 * 3600) << t;
    (void)ny.ToLocal(t);
    (void)FormatLocalTimestamp(t, ny);
    (void)ny.NextTransition(t);
    (void)NextLocalTime(t, ny, {9, 0, 0}, 0x3e, true);
    (void)InLocalWindow(t, ny, {21, 0, 0}, {8, 0, 0});
    (void)LocalWindowEnd(t, ny, {21, 0, 0}, {8, 0, 0});
    (void)UtcDateTime(t);
  }
  for (int year : {INT_MIN, -1000000, 0, 1000000, INT_MAX}) {
    (void)ny.FromLocal({year, 1, 1}, {0, 0, 0});
    (void)ny.FromLocal({year, 12, 31}, {23, 59, 59});
    (void)AnniversaryIn({1992, 2, 29}, year);
  }
  // Ordinary far-future instants still follow the rules.
  EXPECT_EQ(ny.OffsetAt(T("9999-07-01T00:00:00Z")), -4 * 3600);
  EXPECT_EQ(FormatTimestamp(ny.FromLocal({9999, 3, 14}, {2, 30, 0})), "9999-03-14T07:30:00Z");
}

// Offsets computed with Python's zoneinfo (an independent reader of the same
// tzdata release) at random instants from 1970 to 2100; regenerate with
// tools/tzdata/sample_offsets.py after updating the embedded data.
struct ZoneSample {
  const char* zone;
  Instant t;
  int offset;
  const char* abbr;
};
constexpr ZoneSample kZoneSamples[] = {
    {"America/Los_Angeles", 1390851128, -28800, "PST"},  // 2014-01-27T11:32:08-08:00
    {"America/Los_Angeles", 4071050724, -28800, "PST"},  // 2099-01-02T07:25:24-08:00
    {"America/Chicago", 647892279, -18000, "CDT"},  // 1990-07-13T13:04:39-05:00
    {"America/Chicago", 1695753998, -18000, "CDT"},  // 2023-09-26T13:46:38-05:00
    {"America/Denver", 2795742288, -21600, "MDT"},  // 2058-08-04T21:04:48-06:00
    {"America/Denver", 207388624, -21600, "MDT"},  // 1976-07-28T01:57:04-06:00
    {"America/Phoenix", 311111475, -25200, "MST"},  // 1979-11-10T12:51:15-07:00
    {"America/Phoenix", 3527346212, -25200, "MST"},  // 2081-10-10T11:23:32-07:00
    {"America/Anchorage", 2301595691, -32400, "AKST"},  // 2042-12-07T11:08:11-09:00
    {"America/Anchorage", 404285457, -32400, "AHDT"},  // 1982-10-23T20:30:57-09:00
    {"Pacific/Honolulu", 1570621944, -36000, "HST"},  // 2019-10-09T01:52:24-10:00
    {"Pacific/Honolulu", 2503055453, -36000, "HST"},  // 2049-04-26T03:10:53-10:00
    {"America/Halifax", 249103477, -14400, "AST"},  // 1977-11-22T23:24:37-04:00
    {"America/Halifax", 3907149204, -10800, "ADT"},  // 2093-10-23T12:13:24-03:00
    {"America/St_Johns", 2179419893, -12600, "NST"},  // 2039-01-23T14:54:53-03:30
    {"America/St_Johns", 922121676, -12600, "NST"},  // 1999-03-22T13:24:36-03:30
    {"America/Mexico_City", 161042648, -21600, "CST"},  // 1975-02-07T16:04:08-06:00
    {"America/Mexico_City", 369140570, -21600, "CST"},  // 1981-09-12T05:02:50-06:00
    {"America/Havana", 1862494042, -18000, "CST"},  // 2029-01-07T10:27:22-05:00
    {"America/Havana", 1796035739, -14400, "CDT"},  // 2026-11-30T06:48:59-04:00
    {"America/Bogota", 300026767, -18000, "-05"},  // 1979-07-05T07:46:07-05:00
    {"America/Bogota", 1033639716, -18000, "-05"},  // 2002-10-03T05:08:36-05:00
    {"America/Santiago", 389609433, -14400, "-04"},  // 1982-05-07T04:50:33-04:00
    {"America/Santiago", 2366729934, -10800, "-03"},  // 2044-12-30T13:58:54-03:00
    {"America/Sao_Paulo", 1823296038, -10800, "-03"},  // 2027-10-11T20:07:18-03:00
    {"America/Sao_Paulo", 253877686, -10800, "-03"},  // 1978-01-17T06:34:46-03:00
    {"America/Argentina/Buenos_Aires", 3551302831, -10800, "-03"},  // 2082-07-14T22:00:31-03:00
    {"America/Argentina/Buenos_Aires", 2428605135, -10800, "-03"},  // 2046-12-16T17:32:15-03:00
    {"America/Nuuk", 531725347, -10800, "-03"},  // 1986-11-07T02:29:07-03:00
    {"America/Nuuk", 4069265501, -7200, "-02"},  // 2098-12-12T21:31:41-02:00
    {"Atlantic/Azores", 958804057, 0, "+00"},  // 2000-05-20T06:27:37+00:00
    {"Atlantic/Azores", 2708517688, 0, "+00"},  // 2055-10-30T14:01:28+00:00
    {"Europe/Lisbon", 2694805173, 3600, "WEST"},  // 2055-05-24T21:59:33+01:00
    {"Europe/Lisbon", 2503952625, 3600, "WEST"},  // 2049-05-06T23:23:45+01:00
    {"Europe/Dublin", 4070378921, 0, "GMT"},  // 2098-12-25T20:48:41+00:00
    {"Europe/Dublin", 265695473, 3600, "IST"},  // 1978-06-03T05:17:53+01:00
    {"Europe/Paris", 2478638287, 7200, "CEST"},  // 2048-07-18T00:38:07+02:00
    {"Europe/Paris", 2514881269, 7200, "CEST"},  // 2049-09-10T12:07:49+02:00
    {"Europe/Berlin", 1703729684, 3600, "CET"},  // 2023-12-28T03:14:44+01:00
    {"Europe/Berlin", 212984476, 3600, "CET"},  // 1976-10-01T03:21:16+01:00
    {"Europe/Athens", 949539216, 7200, "EET"},  // 2000-02-03T02:53:36+02:00
    {"Europe/Athens", 200071088, 10800, "EEST"},  // 1976-05-04T18:18:08+03:00
    {"Europe/Istanbul", 2390857534, 10800, "+03"},  // 2045-10-06T02:05:34+03:00
    {"Europe/Istanbul", 3687093963, 10800, "+03"},  // 2086-11-02T19:46:03+03:00
    {"Europe/Kyiv", 571981485, 10800, "MSK"},  // 1988-02-16T06:44:45+03:00
    {"Europe/Kyiv", 1243862422, 10800, "EEST"},  // 2009-06-01T16:20:22+03:00
    {"Europe/Moscow", 1800188482, 10800, "MSK"},  // 2027-01-17T15:21:22+03:00
    {"Europe/Moscow", 619570852, 14400, "MSD"},  // 1989-08-20T03:00:52+04:00
    {"Africa/Cairo", 2322228204, 10800, "EEST"},  // 2043-08-03T18:23:24+03:00
    {"Africa/Cairo", 505913792, 7200, "EET"},  // 1986-01-12T13:36:32+02:00
    {"Africa/Casablanca", 2452055640, 0, "+00"},  // 2047-09-14T06:34:00+00:00
    {"Africa/Casablanca", 1324919352, 0, "+00"},  // 2011-12-26T17:09:12+00:00
    {"Africa/Johannesburg", 2406286680, 7200, "SAST"},  // 2046-04-02T14:58:00+02:00
    {"Africa/Johannesburg", 3505236015, 7200, "SAST"},  // 2081-01-27T22:40:15+02:00
    {"Africa/Lagos", 2929179284, 3600, "WAT"},  // 2062-10-27T13:54:44+01:00
    {"Africa/Lagos", 776213899, 3600, "WAT"},  // 1994-08-06T23:58:19+01:00
    {"Asia/Jerusalem", 442620898, 7200, "IST"},  // 1984-01-11T00:14:58+02:00
    {"Asia/Jerusalem", 2497953681, 7200, "IST"},  // 2049-02-26T14:01:21+02:00
    {"Asia/Gaza", 2453304169, 10800, "EEST"},  // 2047-09-28T20:22:49+03:00
    {"Asia/Gaza", 2744112455, 7200, "EET"},  // 2056-12-15T15:27:35+02:00
    {"Asia/Beirut", 806899909, 10800, "EEST"},  // 1995-07-28T05:51:49+03:00
    {"Asia/Beirut", 1599435267, 10800, "EEST"},  // 2020-09-07T02:34:27+03:00
    {"Asia/Tehran", 418461138, 12600, "+0330"},  // 1983-04-06T10:42:18+03:30
    {"Asia/Tehran", 2352544553, 12600, "+0330"},  // 2044-07-19T16:05:53+03:30
    {"Asia/Dubai", 3058492450, 14400, "+04"},  // 2066-12-02T09:14:10+04:00
    {"Asia/Dubai", 269676599, 14400, "+04"},  // 1978-07-19T10:09:59+04:00
    {"Asia/Karachi", 2423943363, 18000, "PKT"},  // 2046-10-24T02:36:03+05:00
    {"Asia/Karachi", 255985076, 18000, "PKT"},  // 1978-02-10T23:57:56+05:00
    {"Asia/Kathmandu", 2658625969, 20700, "+0545"},  // 2054-04-01T08:57:49+05:45
    {"Asia/Kathmandu", 884585951, 20700, "+0545"},  // 1998-01-12T12:04:11+05:45
    {"Asia/Dhaka", 2132084004, 21600, "+06"},  // 2037-07-25T03:33:24+06:00
    {"Asia/Dhaka", 2922295636, 21600, "+06"},  // 2062-08-09T02:47:16+06:00
    {"Asia/Yangon", 2283721058, 23400, "+0630"},  // 2042-05-15T05:27:38+06:30
    {"Asia/Yangon", 1836494974, 23400, "+0630"},  // 2028-03-12T23:59:34+06:30
    {"Asia/Bangkok", 3338172184, 25200, "+07"},  // 2075-10-13T13:03:04+07:00
    {"Asia/Bangkok", 1349251823, 25200, "+07"},  // 2012-10-03T15:10:23+07:00
    {"Asia/Shanghai", 1999744784, 28800, "CST"},  // 2033-05-15T12:39:44+08:00
    {"Asia/Shanghai", 2514969041, 28800, "CST"},  // 2049-09-11T18:30:41+08:00
    {"Asia/Tokyo", 3966150535, 32400, "JST"},  // 2095-09-06T21:28:55+09:00
    {"Asia/Tokyo", 1946412080, 32400, "JST"},  // 2031-09-06T07:01:20+09:00
    {"Australia/Adelaide", 1552984408, 37800, "ACDT"},  // 2019-03-19T19:03:28+10:30
    {"Australia/Adelaide", 1287489453, 37800, "ACDT"},  // 2010-10-19T22:27:33+10:30
    {"Australia/Eucla", 1066984055, 31500, "+0845"},  // 2003-10-24T17:12:35+08:45
    {"Australia/Eucla", 3411833895, 31500, "+0845"},  // 2078-02-12T04:23:15+08:45
    {"Australia/Hobart", 772092314, 36000, "AEST"},  // 1994-06-20T16:05:14+10:00
    {"Australia/Hobart", 3002158228, 39600, "AEDT"},  // 2065-02-18T15:50:28+11:00
    {"Pacific/Auckland", 3349342752, 46800, "NZDT"},  // 2076-02-20T01:59:12+13:00
    {"Pacific/Auckland", 1048386555, 43200, "NZST"},  // 2003-03-23T14:29:15+12:00
    {"Pacific/Norfolk", 351564607, 41400, "+1130"},  // 1981-02-21T12:20:07+11:30
    {"Pacific/Norfolk", 2467131055, 43200, "+12"},  // 2048-03-07T06:10:55+12:00
    {"Pacific/Fiji", 1289560149, 46800, "+13"},  // 2010-11-13T00:09:09+13:00
    {"Pacific/Fiji", 2255701793, 43200, "+12"},  // 2041-06-25T03:49:53+12:00
    {"Pacific/Tongatapu", 2126508550, 46800, "+13"},  // 2037-05-21T21:49:10+13:00
    {"Pacific/Tongatapu", 3758686919, 46800, "+13"},  // 2089-02-08T20:41:59+13:00
    {"Pacific/Kiritimati", 1475216845, 50400, "+14"},  // 2016-09-30T20:27:25+14:00
    {"Pacific/Kiritimati", 3132943648, 50400, "+14"},  // 2069-04-12T12:07:28+14:00
    {"Antarctica/Troll", 1927728186, 0, "+00"},  // 2031-02-01T16:03:06+00:00
    {"Antarctica/Troll", 1236683272, 0, "+00"},  // 2009-03-10T11:07:52+00:00
    {"America/Asuncion", 2615459068, -10800, "-03"},  // 2052-11-17T09:24:28-03:00
    {"America/Asuncion", 314395342, -10800, "-03"},  // 1979-12-18T17:02:22-03:00
};

TEST(TimeZoneTest, AgreesWithAnIndependentReader) {
  for (const ZoneSample& s : kZoneSamples) {
    const TimeZone& zone = Zone(s.zone);
    EXPECT_EQ(zone.OffsetAt(s.t), s.offset) << s.zone << " " << FormatTimestamp(s.t);
    EXPECT_EQ(zone.AbbreviationAt(s.t), s.abbr) << s.zone << " " << FormatTimestamp(s.t);
  }
}

// ---- POSIX TZ rules -----------------------------------------------------------------

TEST(TimePosixRules, EvaluatesAllRuleForms) {
  struct Case {
    const char* rule;
    const char* utc;
    int offset;
  } cases[] = {
      {"EST5EDT,M3.2.0,M11.1.0", "2030-03-10T06:59:59Z", -5 * 3600},
      {"EST5EDT,M3.2.0,M11.1.0", "2030-03-10T07:00:00Z", -4 * 3600},
      {"EST5EDT,M3.2.0,M11.1.0", "2030-11-03T05:59:59Z", -4 * 3600},
      {"EST5EDT,M3.2.0,M11.1.0", "2030-11-03T06:00:00Z", -5 * 3600},
      {"EST5EDT", "2030-07-01T00:00:00Z", -4 * 3600},  // default US rules
      {"<+0530>-5:30", "2030-07-01T00:00:00Z", 19800},
      {"<-0930>9:30", "2030-07-01T00:00:00Z", -34200},
      // Julian day without leap day: J60 is 1 March in every year.
      {"XXX3YYY,J60/0,J300/0", "2028-02-29T12:00:00Z", -3 * 3600},
      {"XXX3YYY,J60/0,J300/0", "2028-03-01T03:00:00Z", -2 * 3600},
      // Zero-based day counting the leap day: day 59 is 29 February in 2028.
      {"XXX3YYY,59/0,299/0", "2028-02-29T03:00:00Z", -2 * 3600},
      {"XXX3YYY,59/0,299/0", "2027-02-28T12:00:00Z", -3 * 3600},
      {"XXX3YYY,59/0,299/0", "2027-03-01T03:00:00Z", -2 * 3600},
      // Israel: Thursday 26:00 is Friday 02:00.
      {"IST-2IDT,M3.4.4/26,M10.5.0", "2030-03-28T23:59:59Z", 7200},
      {"IST-2IDT,M3.4.4/26,M10.5.0", "2030-03-29T00:00:00Z", 10800},
      // Negative times: Sunday -1:00 is Saturday 23:00.
      {"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2030-03-31T00:59:59Z", -7200},
      {"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2030-03-31T01:00:00Z", -3600},
      // DST all year (the tzfile(5) example).
      {"EST5EDT,0/0,J365/25", "2030-01-01T00:00:00Z", -4 * 3600},
      {"EST5EDT,0/0,J365/25", "2030-07-01T00:00:00Z", -4 * 3600},
      {"EST5EDT,0/0,J365/25", "2030-12-31T23:59:59Z", -4 * 3600},
      // Southern hemisphere: DST spans the new year.
      {"AEST-10AEDT,M10.1.0,M4.1.0/3", "2030-01-01T00:00:00Z", 11 * 3600},
      {"AEST-10AEDT,M10.1.0,M4.1.0/3", "2030-07-01T00:00:00Z", 10 * 3600},
      // An explicit DST offset (Lord Howe), week 5 meaning the last week.
      {"<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "2030-01-01T00:00:00Z", 11 * 3600},
      {"GMT0BST,M3.5.0/1,M10.5.0", "2030-10-27T00:59:59Z", 3600},
      {"GMT0BST,M3.5.0/1,M10.5.0", "2030-10-27T01:00:00Z", 0},
  };
  for (const Case& c : cases) {
    std::string error;
    auto rules = time_internal::ZoneRules::FromPosix(c.rule, &error);
    ASSERT_NE(rules, nullptr) << c.rule << ": " << error;
    EXPECT_EQ(rules->TypeAt(T(c.utc)).offset, c.offset) << c.rule << " at " << c.utc;
  }
  auto all_year = time_internal::ZoneRules::FromPosix("EST5EDT,0/0,J365/25");
  ASSERT_NE(all_year, nullptr);
  EXPECT_EQ(all_year->NextChange(T("2030-06-01T00:00:00Z")), time_internal::kNever);
}

TEST(TimePosixRules, EmbeddedZonesMatchTheirRuleAcrossTheTableEnd) {
  // Decoded zones expand their rule into a table until 2100 and evaluate it
  // directly afterwards; both must agree with the bare rule everywhere.
  struct Case {
    const char* zone;
    const char* rule;
  } cases[] = {
      {"America/New_York", "EST5EDT,M3.2.0,M11.1.0"},
      {"Europe/London", "GMT0BST,M3.5.0/1,M10.5.0"},
      {"Pacific/Chatham", "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45"},
  };
  for (const Case& c : cases) {
    const TimeZone& zone = Zone(c.zone);
    auto rules = time_internal::ZoneRules::FromPosix(c.rule);
    ASSERT_NE(rules, nullptr);
    for (Instant t = T("2030-01-01T00:00:00Z"); t < T("2120-01-01T00:00:00Z"); t += 5 * kDay + 3 * kHour + 1) {
      ASSERT_EQ(zone.OffsetAt(t), rules->TypeAt(t).offset) << c.zone << " " << FormatTimestamp(t);
      ASSERT_EQ(zone.NextTransition(t), rules->NextChange(t)) << c.zone << " " << FormatTimestamp(t);
    }
  }
}

TEST(TimePosixRules, RejectsMalformedRules) {
  for (const char* rule : {"", "5", "E5", "EST", "EST+", "EST5EDT,", "EST5EDT,M3.2.0", "EST5EDT,M13.2.0,M11.1.0",
                           "EST5EDT,M3.6.0,M11.1.0", "EST5EDT,M3.2.7,M11.1.0", "EST5EDT,J0,J365", "EST5EDT,366,0",
                           "<EST5", "<>5", "EST25", "EST5EDT,M3.2.0/168,M11.1.0", "EST5EDT,M3.2.0,M11.1.0x",
                           "EST5:60"}) {
    std::string error;
    EXPECT_EQ(time_internal::ZoneRules::FromPosix(rule, &error), nullptr) << rule;
    EXPECT_FALSE(error.empty()) << rule;
  }
}

TEST(TimePosixRules, RejectsCorruptRecords) {
  for (const char* record : {"", "GMT0|0,0,GMT|0|3600", "GMT0|0,0,GMT|1|3600|", "GMT0|0,x,GMT|0|3600|",
                             "GMT0||0|3600|", "GMT0|0,0,GMT|0|0|", "GMT0|0,0,GMT|0|3600|W", "GMT0|0,0,GMT|0|3600|0",
                             "GMT0|0,0,GMT|0|3600|!", "bad|0,0,GMT|0|3600|", "GMT0|0,0,GMT|0|3600|~~~~~~~~~~~~~~~1"}) {
    EXPECT_EQ(time_internal::ZoneRules::Decode(record), nullptr) << record;
  }
  // No footer: the last type stays.
  auto ok = time_internal::ZoneRules::Decode("|0,0,GMT;3600,1,BST|0|3600|3");
  ASSERT_NE(ok, nullptr);
  EXPECT_EQ(ok->transition_count(), 1u);
  EXPECT_EQ(ok->TypeAt(3599).offset, 0);
  EXPECT_EQ(ok->TypeAt(3600).abbr, "BST");
}

// ---- local schedules -------------------------------------------------------------------

TEST(TimeLocalSchedule, NextLocalTimeAcrossDstAndWeekdays) {
  constexpr std::uint8_t kEveryDay = 0x7f;
  constexpr std::uint8_t kWeekdays = 0x3e;      // Monday..Friday
  constexpr std::uint8_t kSunday = 0x01;
  constexpr std::uint8_t kSaturday = 0x40;
  struct Case {
    const char* zone;
    const char* from;
    const char* at;
    std::uint8_t mask;
    bool inclusive;
    const char* want;
  } cases[] = {
      // Saturday 10:00 EST -> Sunday 09:00, which is already EDT.
      {"America/New_York", "2026-03-07T15:00:00Z", "09:00", kEveryDay, false, "2026-03-08T13:00:00Z"},
      // 02:30 does not exist on 8 March: it becomes 03:30 EDT.
      {"America/New_York", "2026-03-07T12:00:00Z", "02:30", kEveryDay, false, "2026-03-08T07:30:00Z"},
      // Fall back: the first 01:30 is meant, and the repeat is not a new day.
      {"America/New_York", "2026-10-31T12:00:00Z", "01:30", kEveryDay, false, "2026-11-01T05:30:00Z"},
      {"America/New_York", "2026-11-01T05:30:00Z", "01:30", kEveryDay, false, "2026-11-02T06:30:00Z"},
      // Friday 10:00 -> Monday 09:00 with a weekday mask.
      {"America/New_York", "2026-11-27T15:00:00Z", "09:00", kWeekdays, false, "2026-11-30T14:00:00Z"},
      {"America/New_York", "2026-11-30T14:00:00Z", "09:00", kWeekdays, true, "2026-11-30T14:00:00Z"},
      {"America/New_York", "2026-11-30T14:00:00Z", "09:00", kWeekdays, false, "2026-12-01T14:00:00Z"},
      // Earlier the same day.
      {"America/New_York", "2026-11-30T12:00:00Z", "09:00", kWeekdays, false, "2026-11-30T14:00:00Z"},
      // A whole week when the only allowed day is today and its time is past.
      {"Europe/London", "2026-11-29T12:00:00Z", "09:00", kSunday, false, "2026-12-06T09:00:00Z"},
      // The week spans the London change (29 March): BST from then on.
      {"Europe/London", "2026-03-22T12:00:00Z", "09:00", kSunday, false, "2026-03-29T08:00:00Z"},
      {"Asia/Kolkata", "2026-06-01T00:00:00Z", "09:00", kSaturday, false, "2026-06-06T03:30:00Z"},
      // The local date differs from the UTC date.
      {"Pacific/Chatham", "2026-07-01T12:00:00Z", "09:00", kEveryDay, false, "2026-07-01T20:15:00Z"},
      {"Australia/Lord_Howe", "2026-10-03T12:00:00Z", "02:15", kEveryDay, false, "2026-10-03T15:45:00Z"},
      // No day selected is every day.
      {"UTC", "2026-11-27T10:00:00Z", "09:00", 0, false, "2026-11-28T09:00:00Z"},
      {"UTC", "2026-11-27T09:00:00Z", "09:00", 0x80, true, "2026-11-27T09:00:00Z"},
      // 2040 is beyond the stored transitions.
      {"America/New_York", "2040-03-10T12:00:00Z", "02:30", kEveryDay, false, "2040-03-11T07:30:00Z"},
  };
  for (const Case& c : cases) {
    std::optional<LocalTime> at = ParseLocalTime(c.at);
    ASSERT_TRUE(at.has_value());
    Instant got = NextLocalTime(T(c.from), Zone(c.zone), *at, c.mask, c.inclusive);
    EXPECT_EQ(FormatTimestamp(got), c.want) << c.zone << " from " << c.from << " at " << c.at;
  }
}

TEST(TimeLocalSchedule, NextLocalTimeIsMonotonicAndMatchesTheWallClock) {
  const TimeZone& zone = Zone("America/New_York");
  Instant t = T("2026-01-01T00:00:00Z");
  for (int i = 0; i < 800; ++i) {
    Instant next = NextLocalTime(t, zone, {9, 15, 0}, 0x2a, false);  // Mon, Wed, Fri
    ASSERT_GT(next, t);
    ASSERT_LE(next - t, 3 * kDay + kHour);
    LocalDateTime local = zone.ToLocal(next);
    ASSERT_EQ(local.time, (LocalTime{9, 15, 0}));
    ASSERT_TRUE(local.weekday == 1 || local.weekday == 3 || local.weekday == 5);
    t = next;
  }
}

TEST(TimeLocalSchedule, QuietHoursWindows) {
  struct Case {
    const char* zone;
    const char* start;
    const char* end;
    const char* t;
    bool inside;
    const char* window_end;  // when inside
  } cases[] = {
      // 21:00-08:00 wraps midnight.
      {"America/New_York", "21:00", "08:00", "2026-11-02T03:00:00Z", true, "2026-11-02T13:00:00Z"},
      {"America/New_York", "21:00", "08:00", "2026-11-02T12:59:59Z", true, "2026-11-02T13:00:00Z"},
      {"America/New_York", "21:00", "08:00", "2026-11-02T13:00:00Z", false, nullptr},
      {"America/New_York", "21:00", "08:00", "2026-11-02T01:59:59Z", false, nullptr},
      {"America/New_York", "21:00", "08:00", "2026-11-02T02:00:00Z", true, "2026-11-02T13:00:00Z"},
      // Early morning, before the end on the same local day.
      {"America/New_York", "21:00", "08:00", "2026-11-02T10:00:00Z", true, "2026-11-02T13:00:00Z"},
      // The spring-forward night is an hour shorter: 08:00 EDT is 12:00Z.
      {"America/New_York", "21:00", "08:00", "2026-03-08T11:30:00Z", true, "2026-03-08T12:00:00Z"},
      {"America/New_York", "21:00", "08:00", "2026-03-08T02:00:00Z", true, "2026-03-08T12:00:00Z"},
      // The fall-back night is an hour longer: 08:00 EST is 13:00Z.
      {"America/New_York", "21:00", "08:00", "2026-11-01T12:30:00Z", true, "2026-11-01T13:00:00Z"},
      // An end inside the gap is the gap-shifted time, as FromLocal maps it.
      {"America/New_York", "22:00", "02:30", "2026-03-08T07:15:00Z", true, "2026-03-08T07:30:00Z"},
      {"America/New_York", "22:00", "02:30", "2026-03-08T07:30:00Z", false, nullptr},
      // A window that does not wrap.
      {"Europe/London", "12:00", "14:00", "2026-07-01T11:30:00Z", true, "2026-07-01T13:00:00Z"},
      {"Europe/London", "12:00", "14:00", "2026-07-01T10:59:59Z", false, nullptr},
      {"Europe/London", "12:00", "14:00", "2026-07-01T13:00:00Z", false, nullptr},
      {"Asia/Kolkata", "21:00", "08:00", "2026-07-01T16:00:00Z", true, "2026-07-02T02:30:00Z"},
      {"Asia/Kolkata", "21:00", "08:00", "2026-07-01T15:29:59Z", false, nullptr},
      {"Pacific/Chatham", "21:00", "08:00", "2026-07-01T12:00:00Z", true, "2026-07-01T19:15:00Z"},  // 00:45 local
      // An empty window.
      {"UTC", "09:00", "09:00", "2026-07-01T09:00:00Z", false, nullptr},
      {"UTC", "00:00", "00:00", "2026-07-01T12:00:00Z", false, nullptr},
  };
  for (const Case& c : cases) {
    LocalTime start = *ParseLocalTime(c.start);
    LocalTime end = *ParseLocalTime(c.end);
    Instant t = T(c.t);
    EXPECT_EQ(InLocalWindow(t, Zone(c.zone), start, end), c.inside) << c.zone << " " << c.t;
    if (c.inside) {
      EXPECT_EQ(FormatTimestamp(LocalWindowEnd(t, Zone(c.zone), start, end)), c.window_end) << c.zone << " " << c.t;
    } else {
      EXPECT_EQ(LocalWindowEnd(t, Zone(c.zone), start, end), t) << c.zone << " " << c.t;
    }
  }
}

TEST(TimeLocalSchedule, WindowMembershipMatchesTheWallClockAwayFromChanges) {
  // On ordinary days the window is exactly "local time in [start, end)".
  const TimeZone& zone = Zone("Europe/Berlin");
  LocalTime start{21, 0, 0};
  LocalTime end{8, 0, 0};
  for (Instant t = T("2026-06-01T00:00:00Z"); t < T("2026-06-15T00:00:00Z"); t += 7 * kMinute + 3) {
    int s = zone.ToLocal(t).time.SecondsOfDay();
    bool want = s >= start.SecondsOfDay() || s < end.SecondsOfDay();
    ASSERT_EQ(InLocalWindow(t, zone, start, end), want) << FormatTimestamp(t);
    if (want) {
      Instant finish = LocalWindowEnd(t, zone, start, end);
      ASSERT_GT(finish, t);
      ASSERT_EQ(zone.ToLocal(finish).time, end);
      ASSERT_FALSE(InLocalWindow(finish, zone, start, end));
    }
  }
}

}  // namespace
}  // namespace flowproof

namespace flowproof {
namespace {

// The message quoted one byte of a character outside ASCII, which made it
// invalid UTF-8 and so unprintable as JSON (found by logic_fuzz).
TEST(Duration, AnErrorQuotesACharacterOutsideAsciiWhole) {
  std::string error;
  EXPECT_FALSE(ParseDuration("P3\xD0\xBB", &error).has_value());
  EXPECT_NE(error.find("unknown designator '\xD0\xBB'"), std::string::npos) << error;
  EXPECT_FALSE(ParseDuration("3\xE2\x82\xAC", &error).has_value());
  EXPECT_NE(error.find("unknown unit '\xE2\x82\xAC'"), std::string::npos) << error;
  EXPECT_FALSE(ParseDuration("1d\xF0\x9F\x98\x80", &error).has_value());
  EXPECT_NE(error.find("at '\xF0\x9F\x98\x80'"), std::string::npos) << error;
  EXPECT_NO_THROW((void)Json(error).dump());
}

}  // namespace
}  // namespace flowproof
