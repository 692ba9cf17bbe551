// Timestamp, local time and date parsing and formatting (see timestamp.h).
#include "core/time/timestamp.h"

#include <cstdio>

#include "core/time/civil.h"
#include "core/time/duration.h"
#include "core/time/zone.h"

namespace flowproof {
namespace {

// A hand-written scanner: the formats are fixed-width and the error messages
// should say which part is wrong.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  void Skip() { ++pos_; }
  bool Accept(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  // Exactly `width` digits.
  bool Digits(int width, int& value) {
    value = 0;
    for (int i = 0; i < width; ++i) {
      char c = Peek();
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
      ++pos_;
    }
    return true;
  }
  bool IsDigit() const { return Peek() >= '0' && Peek() <= '9'; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

struct Parsed {
  CivilDate date;
  LocalTime time;
  bool has_time = false;
  bool has_offset = false;
  int offset = 0;  // seconds east of UTC
};

enum class DayCheck { kExact, kLeapYear };

bool Fail(std::string* error, std::string_view what, std::string_view text, const std::string& why) {
  if (error != nullptr) *error = "invalid " + std::string(what) + " \"" + std::string(text) + "\": " + why;
  return false;
}

bool ParseDate(Scanner& in, CivilDate& date, DayCheck check, std::string& why) {
  if (!in.Digits(4, date.year) || !in.Accept('-') || !in.Digits(2, date.month) || !in.Accept('-') ||
      !in.Digits(2, date.day)) {
    why = "expected a date as YYYY-MM-DD";
    return false;
  }
  if (date.month < 1 || date.month > 12) {
    why = "month " + std::to_string(date.month) + " is out of range (01..12)";
    return false;
  }
  int days = DaysInMonth(check == DayCheck::kLeapYear ? 2000 : date.year, date.month);
  if (date.day < 1 || date.day > days) {
    why = "day " + std::to_string(date.day) + " is out of range for that month";
    return false;
  }
  return true;
}

// "HH:MM", "HH:MM:SS", then optional fractional seconds when allowed.
bool ParseTime(Scanner& in, LocalTime& time, bool allow_fraction, std::string& why) {
  if (!in.Digits(2, time.hour) || !in.Accept(':') || !in.Digits(2, time.minute)) {
    why = "expected a time as HH:MM or HH:MM:SS";
    return false;
  }
  time.second = 0;
  if (in.Accept(':')) {
    if (!in.Digits(2, time.second)) {
      why = "expected two digits of seconds";
      return false;
    }
    if (allow_fraction && (in.Peek() == '.' || in.Peek() == ',')) {
      in.Skip();
      if (!in.IsDigit()) {
        why = "expected digits after the decimal point";
        return false;
      }
      // Truncated: the earlier whole second is meant.
      while (in.IsDigit()) in.Skip();
    }
  }
  if (time.hour > 23) {
    why = "hour " + std::to_string(time.hour) + " is out of range (00..23)";
    return false;
  }
  if (time.minute > 59) {
    why = "minute " + std::to_string(time.minute) + " is out of range (00..59)";
    return false;
  }
  if (time.second > 59) {
    why = "second " + std::to_string(time.second) + " is out of range (00..59)";
    return false;
  }
  return true;
}

// 'Z', or +HH:MM, +HHMM, +HH (and '-'); also +HH:MM:SS.
bool ParseOffset(Scanner& in, int& offset, std::string& why) {
  if (in.Accept('Z') || in.Accept('z')) {
    offset = 0;
    return true;
  }
  int sign = in.Peek() == '-' ? -1 : 1;
  if (!in.Accept('+') && !in.Accept('-')) {
    why = "expected 'Z' or an offset such as +01:00";
    return false;
  }
  int hours = 0;
  int minutes = 0;
  if (!in.Digits(2, hours)) {
    why = "expected an offset as +HH:MM, +HHMM or +HH";
    return false;
  }
  int seconds = 0;
  if (in.Accept(':')) {
    if (!in.Digits(2, minutes)) {
      why = "expected two digits of offset minutes";
      return false;
    }
    // Seconds, as FormatLocalTimestamp prints for the few pre-1972 offsets
    // that had them (Africa/Monrovia's -00:44:30).
    if (in.Accept(':') && (!in.Digits(2, seconds) || seconds > 59)) {
      why = "expected two digits of offset seconds";
      return false;
    }
  } else if (in.IsDigit() && !in.Digits(2, minutes)) {
    why = "expected two digits of offset minutes";
    return false;
  }
  if (hours > 23 || minutes > 59) {
    why = "offset out of range (at most 23:59)";
    return false;
  }
  offset = sign * (hours * 3600 + minutes * 60 + seconds);
  return true;
}

bool AcceptSeparator(Scanner& in) { return in.Accept('T') || in.Accept('t') || in.Accept(' '); }

// YYYY-MM-DD[(T| )HH:MM[:SS[.f]][offset]]; what is optional is decided by the
// callers, which check has_time and has_offset.
bool ParseParts(std::string_view text, DayCheck check, Parsed& out, std::string& why) {
  Scanner in(text);
  if (!ParseDate(in, out.date, check, why)) return false;
  if (in.AtEnd()) return true;
  if (!AcceptSeparator(in)) {
    why = "expected 'T' between the date and the time";
    return false;
  }
  out.has_time = true;
  if (!ParseTime(in, out.time, true, why)) return false;
  if (in.AtEnd()) return true;
  out.has_offset = true;
  if (!ParseOffset(in, out.offset, why)) return false;
  if (!in.AtEnd()) {
    why = "unexpected text after the offset";
    return false;
  }
  return true;
}

void AppendPadded(std::string& out, std::int64_t value, int width) {
  char buffer[32];
  if (value < 0 || width > 20) {
    std::snprintf(buffer, sizeof buffer, "%0*lld", width, static_cast<long long>(value));
    out += buffer;
    return;
  }
  // Digits by hand: snprintf was most of formatting a timestamp, which a
  // forecast does for every drawn date.
  char* end = buffer + sizeof buffer;
  char* p = end;
  auto rest = static_cast<std::uint64_t>(value);
  do {
    *--p = static_cast<char>('0' + rest % 10);
    rest /= 10;
  } while (rest != 0);
  while (end - p < width) *--p = '0';
  out.append(p, static_cast<std::size_t>(end - p));
}

void AppendDateTime(std::string& out, const LocalDateTime& local) {
  int year = local.date.year;
  if (year < 0) {
    out += '-';
    AppendPadded(out, -static_cast<std::int64_t>(year), 4);
  } else {
    if (year > 9999) out += '+';
    AppendPadded(out, year, 4);
  }
  out += '-';
  AppendPadded(out, local.date.month, 2);
  out += '-';
  AppendPadded(out, local.date.day, 2);
  out += 'T';
  AppendPadded(out, local.time.hour, 2);
  out += ':';
  AppendPadded(out, local.time.minute, 2);
  out += ':';
  AppendPadded(out, local.time.second, 2);
}

// A date with a time of day (exact day check), or nullopt with the error set
// (`missing_time` says what a bare date lacks).
std::optional<Parsed> ParseDateAndTime(std::string_view text, std::string_view what, const char* missing_time,
                                       std::string* error) {
  Parsed parts;
  std::string why;
  if (!ParseParts(text, DayCheck::kExact, parts, why)) {
    Fail(error, what, text, why);
    return std::nullopt;
  }
  if (!parts.has_time) {
    Fail(error, what, text, missing_time);
    return std::nullopt;
  }
  return parts;
}

}  // namespace

std::optional<Instant> ParseTimestamp(std::string_view text, std::string* error) {
  static constexpr std::string_view kWhat = "timestamp";
  std::optional<Parsed> parts =
      ParseDateAndTime(text, kWhat, "a time and an offset or Z are required (\"2026-11-27T09:00:00Z\")", error);
  if (!parts) return std::nullopt;
  if (!parts->has_offset) {
    Fail(error, kWhat, text, "an offset or Z is required (\"2026-11-27T09:00:00Z\")");
    return std::nullopt;
  }
  return CivilSeconds(parts->date, parts->time) - parts->offset;
}

std::optional<Instant> ParseFixtureTime(std::string_view text, Instant clock_start, std::string* error) {
  if (!text.empty() && text[0] == '+') {
    std::string_view rest = text.substr(1);
    if (!rest.empty() && (rest[0] == '-' || rest[0] == '+')) {
      Fail(error, "time", text, "a relative time is '+' and a duration (\"+2d3h\")");
      return std::nullopt;
    }
    std::optional<Duration> d = ParseDuration(rest, error);
    if (!d) return std::nullopt;
    Instant out = 0;
    if (__builtin_add_overflow(clock_start, *d, &out)) {
      Fail(error, "time", text, "out of range");
      return std::nullopt;
    }
    return out;
  }
  std::optional<Instant> t = ParseTimestamp(text, error);
  if (!t && error != nullptr && ParseDuration(text)) {
    Fail(error, "time", text,
         "relative times start with '+' (\"+" + std::string(text) + "\"); absolute ones need a date, time and offset");
  }
  return t;
}

std::string FormatTimestamp(Instant t) {
  std::string out;
  FormatTimestampInto(t, &out);
  return out;
}

void FormatTimestampInto(Instant t, std::string* out) {
  LocalDateTime local = CivilFromSeconds(t);
  if (local.date.year < 0 || local.date.year > 9999) {
    out->clear();
    AppendDateTime(*out, local);
    *out += 'Z';
    return;
  }
  // Four-digit years, every timestamp a run meets, written into one buffer
  // and copied once: appended piece by piece they cost a forecast more than
  // drawing the date.
  char text[20] = {'0', '0', '0', '0', '-', '0', '0', '-', '0', '0', 'T', '0', '0', ':', '0', '0', ':', '0', '0', 'Z'};
  auto put = [&text](int at, int value, int width) {
    for (int i = at + width - 1; i >= at; --i, value /= 10) text[i] = static_cast<char>('0' + value % 10);
  };
  put(0, local.date.year, 4);
  put(5, local.date.month, 2);
  put(8, local.date.day, 2);
  put(11, local.time.hour, 2);
  put(14, local.time.minute, 2);
  put(17, local.time.second, 2);
  out->assign(text, sizeof text);
}

std::string FormatLocalTimestamp(Instant t, const TimeZone& zone) {
  int offset = zone.OffsetAt(t);
  Instant local = 0;
  if (__builtin_add_overflow(t, static_cast<Instant>(offset), &local)) local = t;
  std::string out;
  out.reserve(25);
  AppendDateTime(out, CivilFromSeconds(local));
  out += offset < 0 ? '-' : '+';
  int magnitude = offset < 0 ? -offset : offset;
  AppendPadded(out, magnitude / 3600, 2);
  out += ':';
  AppendPadded(out, magnitude / 60 % 60, 2);
  if (magnitude % 60 != 0) {
    out += ':';
    AppendPadded(out, magnitude % 60, 2);
  }
  return out;
}

std::optional<LocalTime> ParseLocalTime(std::string_view text, std::string* error) {
  Scanner in(text);
  LocalTime time;
  std::string why;
  if (!ParseTime(in, time, false, why)) {
    Fail(error, "local time", text, why);
    return std::nullopt;
  }
  if (!in.AtEnd()) {
    Fail(error, "local time", text, "expected HH:MM or HH:MM:SS and nothing more (\"09:00\")");
    return std::nullopt;
  }
  return time;
}

std::optional<CivilDate> ParseCivilDate(std::string_view text, std::string* error) {
  Parsed parts;
  std::string why;
  if (!ParseParts(text, DayCheck::kLeapYear, parts, why)) {
    Fail(error, "date", text, why + " (expected \"1990-02-28\" or a timestamp)");
    return std::nullopt;
  }
  return parts.date;
}

std::optional<LocalDateTime> ParseLocalDateTime(std::string_view text, std::string* error) {
  static constexpr std::string_view kWhat = "local date-time";
  std::optional<Parsed> parts = ParseDateAndTime(text, kWhat, "a time is required (\"2026-11-27T09:00:00\")", error);
  if (!parts) return std::nullopt;
  if (parts->has_offset) {
    Fail(error, kWhat, text, "takes no offset or Z: the wall-clock time is read in each contact's zone");
    return std::nullopt;
  }
  LocalDateTime out;
  out.date = parts->date;
  out.time = parts->time;
  out.weekday = Weekday(parts->date);
  return out;
}

}  // namespace flowproof
