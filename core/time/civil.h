// Proleptic Gregorian calendar arithmetic (no time zones).
//
// Days are counted from 1970-01-01 (day 0), so an Instant's date is
// CivilFromDays(floor(t / 86400)). The algorithms are Howard Hinnant's
// days_from_civil / civil_from_days, exact for every int year.
//
//   CivilDate d = CivilFromDays(DaysFromCivil({2026, 2, 28}) + 1);  // 2026-03-01
//   Weekday(d);                                                     // 0 (Sunday)
//   AnniversaryIn({1992, 2, 29}, 2027);                              // 2027-02-28
#pragma once

#include <cstdint>

#include "core/time/types.h"

namespace flowproof {

// True for Gregorian leap years (divisible by 4, except centuries not
// divisible by 400).
bool IsLeapYear(int year);

// The number of days in `month` (1..12) of `year`; 0 for a month out of range.
int DaysInMonth(int year, int month);

// Days since 1970-01-01 of a date. Fields are not validated: an out-of-range
// day simply counts on (2026-02-30 == 2026-03-02), months must be 1..12.
std::int64_t DaysFromCivil(const CivilDate& d);

// The date `days` after 1970-01-01 (negative: before). Exact for the range an
// int year can hold.
CivilDate CivilFromDays(std::int64_t days);

// The day of the week of `d`: 0 = Sunday .. 6 = Saturday.
int Weekday(const CivilDate& d);
// The same for the date `days` after 1970-01-01, without building the date.
int WeekdayOfDays(std::int64_t days);

// The date `date` falls on in `year` (same month and day); 29 February becomes
// 28 February in years that are not leap years.
CivilDate AnniversaryIn(const CivilDate& date, int year);

// The UTC wall-clock reading of `t`, weekday included.
LocalDateTime UtcDateTime(Instant t);

// Seconds since the epoch of a wall-clock reading taken as UTC (ignores its
// weekday field). Useful to do arithmetic on local readings.
std::int64_t CivilSeconds(const CivilDate& date, const LocalTime& time);

// The wall-clock reading `seconds` after the epoch, taken as UTC (inverse of
// CivilSeconds), weekday included.
LocalDateTime CivilFromSeconds(std::int64_t seconds);

}  // namespace flowproof
