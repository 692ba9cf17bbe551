// Duration parsing and formatting (see duration.h for the accepted forms).
#include "core/time/duration.h"

#include <cstdint>

namespace flowproof {
namespace {

bool Fail(std::string* error, std::string_view text, const std::string& why) {
  if (error != nullptr) *error = "invalid duration \"" + std::string(text) + "\": " + why;
  return false;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads a run of digits at `pos` into `value`, failing once it passes
// kMaxDuration (the caller reports the overflow).
bool ReadNumber(std::string_view text, std::size_t& pos, Duration& value, bool& overflow) {
  std::size_t start = pos;
  value = 0;
  overflow = false;
  while (pos < text.size() && IsDigit(text[pos])) {
    if (!overflow) {
      value = value * 10 + (text[pos] - '0');
      if (value > kMaxDuration) overflow = true;
    }
    ++pos;
  }
  return pos > start;
}

// Adds count * unit to total within kMaxDuration.
bool AddChecked(Duration& total, Duration count, Duration unit) {
  if (count > kMaxDuration / unit) return false;
  Duration part = count * unit;
  if (total > kMaxDuration - part) return false;
  total += part;
  return true;
}

// The character at `pos`, quoted. A character outside ASCII is quoted whole
// (its lead byte and the continuation bytes after it): quoting one byte of
// it made the message invalid UTF-8, which cannot be printed as JSON (found
// by logic_fuzz: {"count_events": ["x", "P3\u043b"]}).
std::string Quoted(std::string_view text, std::size_t pos) {
  std::size_t end = pos + 1;
  if ((static_cast<unsigned char>(text[pos]) & 0xC0) == 0xC0) {
    while (end < text.size() && end < pos + 4 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  }
  return "'" + std::string(text.substr(pos, end - pos)) + "'";
}

std::optional<Duration> ParseCompact(std::string_view text, std::size_t pos, std::string* error) {
  static constexpr std::string_view kUnits = "wdhms";
  static constexpr Duration kUnitSeconds[] = {kWeek, kDay, kHour, kMinute, 1};
  Duration total = 0;
  std::size_t next_rank = 0;  // units must come largest first, each once
  while (pos < text.size()) {
    Duration count = 0;
    bool overflow = false;
    if (!ReadNumber(text, pos, count, overflow)) {
      Fail(error, text, pos == 0 || text[pos - 1] == '-'
                            ? "expected a number followed by a unit, such as \"90s\", \"15m\", \"1d12h\" or \"P3D\""
                            : "expected a number after the unit, at " + Quoted(text, pos));
      return std::nullopt;
    }
    if (overflow) {
      Fail(error, text, "too large (the limit is 10^12 seconds)");
      return std::nullopt;
    }
    if (pos == text.size()) {
      Fail(error, text, "missing unit after " + std::to_string(count) + " (use w, d, h, m or s)");
      return std::nullopt;
    }
    char unit = text[pos];
    if (unit == '.' || unit == ',') {
      Fail(error, text, "fractions are not allowed; use a smaller unit (\"1d12h\", not \"1.5d\")");
      return std::nullopt;
    }
    std::size_t rank = kUnits.find(unit);
    if (rank == std::string_view::npos) {
      if (unit == 'y' || unit == 'Y' || unit == 'M') {
        Fail(error, text, "months and years are not exact elapsed time; use days or weeks");
      } else if (unit == 'W' || unit == 'D' || unit == 'H' || unit == 'S') {
        Fail(error, text, "units are lower-case (w, d, h, m, s)");
      } else {
        Fail(error, text, "unknown unit " + Quoted(text, pos) + " (use w, d, h, m or s)");
      }
      return std::nullopt;
    }
    if (rank < next_rank) {
      Fail(error, text, "units must appear at most once each, largest first (\"1d12h\")");
      return std::nullopt;
    }
    next_rank = rank + 1;
    ++pos;
    if (!AddChecked(total, count, kUnitSeconds[rank])) {
      Fail(error, text, "too large (the limit is 10^12 seconds)");
      return std::nullopt;
    }
  }
  return total;
}

char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

std::optional<Duration> ParseIso(std::string_view text, std::size_t pos, std::string* error) {
  ++pos;  // 'P'
  // Designators in the order ISO 8601 requires; Y and M are recognised only
  // to explain why they are refused.
  static constexpr std::string_view kDateUnits = "YMWD";
  static constexpr std::string_view kTimeUnits = "HMS";
  Duration total = 0;
  bool in_time = false;
  bool any = false;
  bool any_time = false;
  std::size_t next_rank = 0;
  while (pos < text.size()) {
    if (Upper(text[pos]) == 'T') {
      if (in_time) {
        Fail(error, text, "'T' appears twice");
        return std::nullopt;
      }
      in_time = true;
      next_rank = 0;
      ++pos;
      continue;
    }
    Duration count = 0;
    bool overflow = false;
    if (!ReadNumber(text, pos, count, overflow)) {
      Fail(error, text, "expected a number at " + Quoted(text, pos) + " (ISO 8601 form: \"P1DT2H30M\")");
      return std::nullopt;
    }
    if (overflow) {
      Fail(error, text, "too large (the limit is 10^12 seconds)");
      return std::nullopt;
    }
    if (pos == text.size()) {
      Fail(error, text, "missing designator after " + std::to_string(count));
      return std::nullopt;
    }
    char unit = Upper(text[pos]);
    if (unit == '.' || unit == ',') {
      Fail(error, text, "fractions are not allowed; use a smaller unit");
      return std::nullopt;
    }
    std::string_view units = in_time ? kTimeUnits : kDateUnits;
    std::size_t rank = units.find(unit);
    if (rank == std::string_view::npos) {
      Fail(error, text, "unknown designator " + Quoted(text, pos) +
                            (in_time ? " after 'T' (use H, M or S)" : " (use W or D, then T and H, M or S)"));
      return std::nullopt;
    }
    if (!in_time && (unit == 'Y' || unit == 'M')) {
      Fail(error, text, std::string(unit == 'Y' ? "years" : "months") +
                            " are not exact elapsed time; use days or weeks (\"P30D\")");
      return std::nullopt;
    }
    if (rank < next_rank) {
      Fail(error, text, "designators must appear at most once each, in ISO 8601 order");
      return std::nullopt;
    }
    next_rank = rank + 1;
    ++pos;
    static constexpr Duration kDateSeconds[] = {0, 0, kWeek, kDay};
    static constexpr Duration kTimeSeconds[] = {kHour, kMinute, 1};
    if (!AddChecked(total, count, in_time ? kTimeSeconds[rank] : kDateSeconds[rank])) {
      Fail(error, text, "too large (the limit is 10^12 seconds)");
      return std::nullopt;
    }
    any = true;
    if (in_time) any_time = true;
  }
  if (in_time && !any_time) {
    Fail(error, text, "'T' must be followed by hours, minutes or seconds");
    return std::nullopt;
  }
  if (!any) {
    Fail(error, text, "an ISO 8601 duration needs at least one part (\"P3D\", \"PT2H\")");
    return std::nullopt;
  }
  return total;
}

}  // namespace

std::optional<Duration> ParseDuration(std::string_view text, std::string* error) {
  if (text.empty()) {
    Fail(error, text, "empty (examples: \"90s\", \"15m\", \"1d12h\", \"P3D\")");
    return std::nullopt;
  }
  std::size_t pos = 0;
  bool negative = false;
  if (text[0] == '-') {
    negative = true;
    pos = 1;
  }
  std::optional<Duration> magnitude;
  if (pos < text.size() && Upper(text[pos]) == 'P') {
    magnitude = ParseIso(text, pos, error);
  } else if (pos == text.size()) {
    Fail(error, text, "expected a number after '-'");
  } else {
    magnitude = ParseCompact(text, pos, error);
  }
  if (!magnitude) return std::nullopt;
  return negative ? -*magnitude : *magnitude;
}

std::string FormatDuration(Duration d) {
  if (d == 0) return "0s";
  std::string out;
  // Work on the unsigned magnitude so that INT64_MIN formats too.
  std::uint64_t rest = d < 0 ? 0 - static_cast<std::uint64_t>(d) : static_cast<std::uint64_t>(d);
  if (d < 0) out += '-';
  static constexpr std::uint64_t kUnitSeconds[] = {kDay, kHour, kMinute, 1};
  static constexpr char kUnitNames[] = {'d', 'h', 'm', 's'};
  for (int i = 0; i < 4; ++i) {
    std::uint64_t count = rest / kUnitSeconds[i];
    rest %= kUnitSeconds[i];
    if (count != 0) {
      out += std::to_string(count);
      out += kUnitNames[i];
    }
  }
  return out;
}

}  // namespace flowproof
