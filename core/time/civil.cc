// Proleptic Gregorian calendar arithmetic after Howard Hinnant's
// "chrono-Compatible Low-Level Date Algorithms" (public domain).
#include "core/time/civil.h"

#include <climits>

namespace flowproof {
namespace {

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Huge inputs (hostile durations added to instants) must not overflow: days
// are clamped to what an int year can hold, about +/- 2^31 years.
constexpr std::int64_t kMaxDays = 784'000'000'000LL;

int ClampYear(std::int64_t year) {
  if (year > INT_MAX) return INT_MAX;
  if (year < INT_MIN) return INT_MIN;
  return static_cast<int>(year);
}

}  // namespace

bool IsLeapYear(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

std::int64_t DaysFromCivil(const CivilDate& d) {
  std::int64_t y = static_cast<std::int64_t>(d.year) - (d.month <= 2 ? 1 : 0);
  std::int64_t era = FloorDiv(y, 400);
  std::int64_t yoe = y - era * 400;                                    // [0, 399]
  std::int64_t mp = d.month > 2 ? d.month - 3 : d.month + 9;           // [0, 11]
  std::int64_t doy = (153 * mp + 2) / 5 + static_cast<std::int64_t>(d.day) - 1;
  std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(std::int64_t days) {
  if (days > kMaxDays) days = kMaxDays;
  if (days < -kMaxDays) days = -kMaxDays;
  std::int64_t z = days + 719468;
  std::int64_t era = FloorDiv(z, 146097);
  std::int64_t doe = z - era * 146097;                                   // [0, 146096]
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);            // [0, 365]
  std::int64_t mp = (5 * doy + 2) / 153;                                 // [0, 11]
  CivilDate out;
  out.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  out.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  out.year = ClampYear(yoe + era * 400 + (out.month <= 2 ? 1 : 0));
  return out;
}

int Weekday(const CivilDate& d) { return WeekdayOfDays(DaysFromCivil(d)); }

int WeekdayOfDays(std::int64_t days) {
  return static_cast<int>(((days % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday (4)
}

CivilDate AnniversaryIn(const CivilDate& date, int year) {
  CivilDate out{year, date.month, date.day};
  if (date.month == 2 && date.day == 29 && !IsLeapYear(year)) out.day = 28;
  return out;
}

std::int64_t CivilSeconds(const CivilDate& date, const LocalTime& time) {
  return DaysFromCivil(date) * kDay + time.SecondsOfDay();
}

LocalDateTime CivilFromSeconds(std::int64_t seconds) {
  std::int64_t days = FloorDiv(seconds, kDay);
  std::int64_t rest = seconds % kDay;  // not seconds - days * kDay: that overflows near INT64_MIN
  if (rest < 0) rest += kDay;
  LocalDateTime out;
  out.date = CivilFromDays(days);
  out.time.hour = static_cast<int>(rest / 3600);
  out.time.minute = static_cast<int>(rest / 60 % 60);
  out.time.second = static_cast<int>(rest % 60);
  out.weekday = WeekdayOfDays(days);
  return out;
}

LocalDateTime UtcDateTime(Instant t) { return CivilFromSeconds(t); }

}  // namespace flowproof
