#include "core/liquid/date_format.h"

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "core/time/civil.h"
#include "core/time/zone.h"

namespace flowproof::liquid::internal {
namespace {

constexpr const char* kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
constexpr const char* kDayNames[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

struct Broken {
  LocalDateTime local;
  Instant instant = 0;
  int offset = 0;
  std::string abbreviation;
  int yday = 1;  // 1..366
};

int WeeksInIsoYear(std::int64_t y) {
  auto p = [](std::int64_t year) {
    return ((year + FloorDiv(year, 4) - FloorDiv(year, 100) + FloorDiv(year, 400)) % 7 + 7) % 7;
  };
  return (p(y) == 4 || p(y - 1) == 3) ? 53 : 52;
}

// ISO 8601 week-numbering year and week of a date.
void IsoWeek(const Broken& b, std::int64_t* iso_year, int* iso_week) {
  int wday = b.local.weekday == 0 ? 7 : b.local.weekday;  // Monday 1 .. Sunday 7
  int week = (b.yday - wday + 10) / 7;
  std::int64_t year = b.local.date.year;
  if (week < 1) {
    --year;
    week = WeeksInIsoYear(year);
  } else if (week > WeeksInIsoYear(year)) {
    week = 1;
    ++year;
  }
  *iso_year = year;
  *iso_week = week;
}

void AppendPadded(std::string& out, std::int64_t value, int width, char pad) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  if (value < 0) {
    if (pad == '0') {
      out += '-';
      if (static_cast<int>(digits.size()) + 1 < width) out.append(width - digits.size() - 1, '0');
      out += digits;
      return;
    }
    digits.insert(digits.begin(), '-');
  }
  if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), pad);
  out += digits;
}

void AppendText(std::string& out, std::string text, int width, char pad_flag, bool upcase, bool swapcase) {
  if (upcase) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  } else if (swapcase) {
    bool all_upper = true;
    for (char c : text) {
      if (std::islower(static_cast<unsigned char>(c))) all_upper = false;
    }
    for (char& c : text) {
      c = static_cast<char>(all_upper ? std::tolower(static_cast<unsigned char>(c))
                                      : std::toupper(static_cast<unsigned char>(c)));
    }
  }
  char pad = pad_flag == '0' ? '0' : ' ';
  if (pad_flag != '-' && static_cast<int>(text.size()) < width) out.append(width - text.size(), pad);
  out += text;
}

void AppendOffset(std::string& out, int offset, int colons, char pad_flag, int width) {
  char sign = offset < 0 ? '-' : '+';
  int abs_offset = offset < 0 ? -offset : offset;
  int hours = abs_offset / 3600;
  int minutes = (abs_offset / 60) % 60;
  int seconds = abs_offset % 60;
  // Built with appends only (g++ 12 misreports `"x" + std::string` at -O3).
  auto two = [](std::string& to, int v) {
    if (v < 10) to += '0';
    to += std::to_string(v);
  };
  std::string body;
  if (pad_flag == '-') {
    body += std::to_string(hours);
  } else if (pad_flag == '_' && hours < 10) {
    body += ' ';
    body += std::to_string(hours);
  } else {
    two(body, hours);
  }
  if (colons >= 1) body += ':';
  two(body, minutes);
  if (colons >= 2) {
    body += ':';
    two(body, seconds);
  }
  std::size_t length = body.size() + 1;
  std::size_t padding = static_cast<int>(length) < width ? static_cast<std::size_t>(width) - length : 0;
  // Ruby pads after the sign with zeros, or before it with spaces for '_'.
  std::string text;
  if (pad_flag == '_') text.append(padding, ' ');
  text += sign;
  if (pad_flag != '_') text.append(padding, '0');
  text += body;
  out += text;
}

void Format(std::string_view format, const Broken& b, std::string& out, int depth);

void Directive(char conv, const Broken& b, std::string& out, char pad_flag, int width, bool upcase, bool swapcase,
               int colons, int depth) {
  const LocalDateTime& l = b.local;
  auto num = [&](std::int64_t value, int default_width, char default_pad) {
    char pad = default_pad;
    if (pad_flag == '-') {
      out += std::to_string(value);
      return;
    }
    if (pad_flag == '_') pad = ' ';
    if (pad_flag == '0') pad = '0';
    AppendPadded(out, value, width > 0 ? width : default_width, pad);
  };
  auto text = [&](std::string s) { AppendText(out, std::move(s), width, pad_flag, upcase, swapcase); };
  auto sub = [&](std::string_view f) {
    if (depth > 2) return;
    std::string inner;
    Format(f, b, inner, depth + 1);
    text(std::move(inner));
  };
  int hour12 = l.time.hour % 12 == 0 ? 12 : l.time.hour % 12;
  switch (conv) {
    case 'Y': num(l.date.year, pad_flag == '-' ? 1 : 4, '0'); break;
    case 'C': num(FloorDiv(l.date.year, 100), 2, '0'); break;
    case 'y': num(((l.date.year % 100) + 100) % 100, 2, '0'); break;
    case 'm': num(l.date.month, 2, '0'); break;
    case 'B': text(kMonthNames[l.date.month - 1]); break;
    case 'b':
    case 'h': text(std::string(kMonthNames[l.date.month - 1]).substr(0, 3)); break;
    case 'd': num(l.date.day, 2, '0'); break;
    case 'e': num(l.date.day, 2, ' '); break;
    case 'j': num(b.yday, 3, '0'); break;
    case 'H': num(l.time.hour, 2, '0'); break;
    case 'k': num(l.time.hour, 2, ' '); break;
    case 'I': num(hour12, 2, '0'); break;
    case 'l': num(hour12, 2, ' '); break;
    case 'M': num(l.time.minute, 2, '0'); break;
    case 'S': num(l.time.second, 2, '0'); break;
    case 'L': num(0, width > 0 ? width : 3, '0'); break;
    case 'N': {
      int w = width > 0 ? width : 9;
      out.append(static_cast<std::size_t>(w), '0');
      break;
    }
    case 'p': {
      bool lower = swapcase;  // %#p is lower case
      std::string s = l.time.hour < 12 ? "AM" : "PM";
      if (lower) s = l.time.hour < 12 ? "am" : "pm";
      AppendText(out, s, width, pad_flag, false, false);
      break;
    }
    case 'P': text(l.time.hour < 12 ? "am" : "pm"); break;
    case 'A': text(kDayNames[l.weekday]); break;
    case 'a': text(std::string(kDayNames[l.weekday]).substr(0, 3)); break;
    case 'u': num(l.weekday == 0 ? 7 : l.weekday, 1, '0'); break;
    case 'w': num(l.weekday, 1, '0'); break;
    case 'U': num((b.yday - 1 - l.weekday + 7) / 7, 2, '0'); break;
    case 'W': num((b.yday - 1 - ((l.weekday + 6) % 7) + 7) / 7, 2, '0'); break;
    case 'G':
    case 'g':
    case 'V': {
      std::int64_t iso_year = 0;
      int iso_week = 0;
      IsoWeek(b, &iso_year, &iso_week);
      if (conv == 'G') num(iso_year, 4, '0');
      if (conv == 'g') num(((iso_year % 100) + 100) % 100, 2, '0');
      if (conv == 'V') num(iso_week, 2, '0');
      break;
    }
    case 's': num(b.instant, 1, '0'); break;
    case 'z': AppendOffset(out, b.offset, colons, pad_flag, width); break;
    case 'Z': text(b.abbreviation); break;
    case 'n': out += '\n'; break;
    case 't': out += '\t'; break;
    case '%': out += '%'; break;
    case 'c': sub("%a %b %e %H:%M:%S %Y"); break;
    case 'D':
    case 'x': sub("%m/%d/%y"); break;
    case 'F': sub("%Y-%m-%d"); break;
    case 'T':
    case 'X': sub("%H:%M:%S"); break;
    case 'R': sub("%H:%M"); break;
    case 'r': sub("%I:%M:%S %p"); break;
    case 'v': sub("%e-%^b-%4Y"); break;
    case '+': sub("%a %b %e %H:%M:%S %Z %Y"); break;
    default: break;
  }
}

bool IsConversion(char c) {
  switch (c) {
    case 'Y': case 'C': case 'y': case 'm': case 'B': case 'b': case 'h': case 'd': case 'e': case 'j':
    case 'H': case 'k': case 'I': case 'l': case 'M': case 'S': case 'L': case 'N': case 'p': case 'P':
    case 'A': case 'a': case 'u': case 'w': case 'U': case 'W': case 'G': case 'g': case 'V': case 's':
    case 'z': case 'Z': case 'n': case 't': case '%': case 'c': case 'D': case 'x': case 'F': case 'T':
    case 'X': case 'R': case 'r': case 'v': case '+':
      return true;
    default:
      return false;
  }
}

void Format(std::string_view format, const Broken& b, std::string& out, int depth) {
  for (std::size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if (c != '%' || i + 1 >= format.size()) {
      out += c;
      continue;
    }
    std::size_t start = i;
    std::size_t j = i + 1;
    char pad_flag = 0;
    bool upcase = false, swapcase = false;
    while (j < format.size() && (format[j] == '-' || format[j] == '_' || format[j] == '0' || format[j] == '^' ||
                                 format[j] == '#')) {
      if (format[j] == '^') {
        upcase = true;
      } else if (format[j] == '#') {
        swapcase = true;
      } else {
        pad_flag = format[j];
      }
      ++j;
    }
    int width = 0;
    while (j < format.size() && format[j] >= '0' && format[j] <= '9' && width < 1000) {
      width = width * 10 + (format[j] - '0');
      ++j;
    }
    int colons = 0;
    while (j < format.size() && format[j] == ':' && colons < 3) {
      ++colons;
      ++j;
    }
    if (j >= format.size() || !IsConversion(format[j]) || (colons > 0 && format[j] != 'z')) {
      // Not a directive: copy it as written.
      out += format.substr(start, (j < format.size() ? j + 1 : j) - start);
      i = j < format.size() ? j : format.size();
      continue;
    }
    Directive(format[j], b, out, pad_flag, width, upcase, swapcase, colons, depth);
    i = j;
  }
}

// ---- parsing -------------------------------------------------------------------

// Whether `word` starts `full`, ignoring ASCII case.
bool IsPrefixIgnoringCase(std::string_view word, std::string_view full) {
  if (word.size() > full.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(word[i])) != std::tolower(static_cast<unsigned char>(full[i]))) return false;
  }
  return true;
}

int MonthFromName(std::string_view word) {
  if (word.size() < 3) return 0;
  for (int m = 0; m < 12; ++m) {
    // "Mar", "March", and "Sept" style prefixes of at least three letters.
    if (IsPrefixIgnoringCase(word, kMonthNames[m])) return m + 1;
  }
  return 0;
}

bool IsDayName(std::string_view word) {
  if (word.size() < 3) return false;
  for (const char* name : kDayNames) {
    if (IsPrefixIgnoringCase(word, name)) return true;
  }
  return false;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Offsets of the zone names Ruby's Time.parse knows without a zone database.
bool ZoneNameOffset(std::string_view word, int* offset) {
  static const struct {
    const char* name;
    int hours;
  } kZones[] = {{"utc", 0},  {"gmt", 0},  {"z", 0},   {"ut", 0},   {"est", -5}, {"edt", -4}, {"cst", -6},
                {"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7}};
  std::string w = Lower(word);
  for (const auto& z : kZones) {
    if (w == z.name) {
      *offset = z.hours * 3600;
      return true;
    }
  }
  return false;
}

struct Parsed {
  int year = INT32_MIN;
  int month = 0;
  int day = 0;
  int hour = -1;
  int minute = 0;
  int second = 0;
  bool has_offset = false;
  int offset = 0;
  int meridian = 0;  // 1 am, 2 pm
};

bool ParseDigits(std::string_view s, std::size_t& i, int min_len, int max_len, int* value) {
  std::size_t start = i;
  int v = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && static_cast<int>(i - start) < max_len) {
    v = v * 10 + (s[i] - '0');
    ++i;
  }
  if (static_cast<int>(i - start) < min_len) {
    i = start;
    return false;
  }
  *value = v;
  return true;
}

// "HH:MM[:SS[.fff]]" at i.
bool ParseClock(std::string_view s, std::size_t& i, Parsed* p) {
  std::size_t start = i;
  int h = 0, m = 0, sec = 0;
  if (!ParseDigits(s, i, 1, 2, &h) || i >= s.size() || s[i] != ':') {
    i = start;
    return false;
  }
  ++i;
  if (!ParseDigits(s, i, 2, 2, &m)) {
    i = start;
    return false;
  }
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!ParseDigits(s, i, 2, 2, &sec)) {
      i = start;
      return false;
    }
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    }
  }
  if (h > 24 || m > 59 || sec > 60) {
    i = start;
    return false;
  }
  p->hour = h;
  p->minute = m;
  p->second = sec;
  return true;
}

// "+HH:MM", "+HHMM", "+HH", "Z".
bool ParseNumericOffset(std::string_view s, std::size_t& i, Parsed* p) {
  std::size_t start = i;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z') &&
      (i + 1 == s.size() || !std::isalpha(static_cast<unsigned char>(s[i + 1])))) {
    ++i;
    p->has_offset = true;
    p->offset = 0;
    return true;
  }
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return false;
  int sign = s[i] == '-' ? -1 : 1;
  ++i;
  int hh = 0, mm = 0;
  if (!ParseDigits(s, i, 2, 2, &hh)) {
    i = start;
    return false;
  }
  if (i < s.size() && s[i] == ':') ++i;
  if (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
    if (!ParseDigits(s, i, 2, 2, &mm)) {
      i = start;
      return false;
    }
  }
  if (hh > 23 || mm > 59) {
    i = start;
    return false;
  }
  p->has_offset = true;
  p->offset = sign * (hh * 3600 + mm * 60);
  return true;
}

void SkipSpaces(std::string_view s, std::size_t& i) {
  while (i < s.size() && (std::isspace(static_cast<unsigned char>(s[i])) || s[i] == ',')) ++i;
}

// Time, meridian and zone after a date.
bool ParseTail(std::string_view s, std::size_t i, Parsed* p) {
  while (true) {
    SkipSpaces(s, i);
    if (i >= s.size()) return true;
    if (ParseClock(s, i, p)) continue;
    if (ParseNumericOffset(s, i, p)) continue;
    if (std::isalpha(static_cast<unsigned char>(s[i]))) {
      std::size_t start = i;
      while (i < s.size() && (std::isalpha(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
      std::string word = Lower(s.substr(start, i - start));
      if (word == "am" || word == "a.m." || word == "pm" || word == "p.m.") {
        p->meridian = word[0] == 'a' ? 1 : 2;
        continue;
      }
      if (word == "at" || word == "t") continue;
      int offset = 0;
      if (ZoneNameOffset(word, &offset)) {
        p->has_offset = true;
        p->offset = offset;
        continue;
      }
      if (IsDayName(word)) continue;
      return false;
    }
    if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      // "3pm", "10 PM": an hour with a meridian.
      int h = 0;
      std::size_t start = i;
      ParseDigits(s, i, 1, 2, &h);
      std::size_t k = i;
      while (k < s.size() && s[k] == ' ') ++k;
      std::string rest = Lower(s.substr(k, 2));
      if (h <= 12 && (rest == "am" || rest == "pm")) {
        p->hour = h;
        p->minute = 0;
        p->second = 0;
        i = k;
        continue;
      }
      i = start;
      return false;
    }
    return false;
  }
}

bool ParseIso(std::string_view s, Parsed* p) {
  std::size_t i = 0;
  int y = 0, m = 0, d = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
    negative = s[i] == '-';
    ++i;
  }
  if (!ParseDigits(s, i, 4, 4, &y)) return false;
  if (i >= s.size() || (s[i] != '-' && s[i] != '/')) return false;
  char sep = s[i++];
  if (!ParseDigits(s, i, 1, 2, &m)) return false;
  if (i >= s.size() || s[i] != sep) return false;
  ++i;
  if (!ParseDigits(s, i, 1, 2, &d)) return false;
  p->year = negative ? -y : y;
  p->month = m;
  p->day = d;
  if (i < s.size() && (s[i] == 'T' || s[i] == 't')) ++i;
  return ParseTail(s, i, p);
}

bool ParseWords(std::string_view s, Parsed* p) {
  // Tokens: words and numbers; a month name anchors the date.
  std::size_t i = 0;
  std::vector<int> numbers;  // day / year candidates in order
  bool seen_month = false;
  while (i < s.size()) {
    SkipSpaces(s, i);
    if (i >= s.size()) break;
    char c = s[i];
    if (c == '.' || c == '/' || c == '-') {
      if (c == '-' && seen_month && numbers.size() >= 2 && p->hour >= 0) {
        // "-0500" after a time: an offset.
        if (ParseNumericOffset(s, i, p)) continue;
      }
      ++i;
      continue;
    }
    if (c == '+' && ParseNumericOffset(s, i, p)) continue;
    if (std::isdigit(static_cast<unsigned char>(c))) {
      if (ParseClock(s, i, p)) continue;
      if (c == '-' || c == '+') continue;
      std::size_t start = i;
      int v = 0;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && i - start < 9) {
        v = v * 10 + (s[i] - '0');
        ++i;
      }
      // Ordinal suffixes and "3pm".
      std::size_t k = i;
      while (k < s.size() && s[k] == ' ') ++k;
      std::string suffix = Lower(s.substr(i, 2));
      std::string spaced = Lower(s.substr(k, 2));
      if ((suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") &&
          (i + 2 >= s.size() || !std::isalpha(static_cast<unsigned char>(s[i + 2])))) {
        i += 2;
        numbers.push_back(v);
        continue;
      }
      if ((spaced == "am" || spaced == "pm") && v <= 12 && i - start <= 2 &&
          (k + 2 >= s.size() || !std::isalpha(static_cast<unsigned char>(s[k + 2])))) {
        p->hour = v;
        p->minute = 0;
        p->second = 0;
        p->meridian = spaced[0] == 'a' ? 1 : 2;
        i = k + 2;
        continue;
      }
      if (i - start == 4 && p->hour < 0 && numbers.size() >= 1 && seen_month && s[start - 1] != '-' &&
          s[start - 1] != '+') {
        numbers.push_back(v);
        continue;
      }
      numbers.push_back(v);
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c))) {
      std::size_t start = i;
      while (i < s.size() && (std::isalpha(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
      std::string_view raw = s.substr(start, i - start);
      while (!raw.empty() && raw.back() == '.') raw.remove_suffix(1);
      std::string word = Lower(raw);
      if (int month = MonthFromName(word); month != 0 && !seen_month) {
        p->month = month;
        seen_month = true;
        continue;
      }
      if (IsDayName(word) || word == "at" || word == "of" || word == "the") continue;
      if (word == "am" || word == "a.m" || word == "pm" || word == "p.m") {
        p->meridian = word[0] == 'a' ? 1 : 2;
        continue;
      }
      int offset = 0;
      if (ZoneNameOffset(word, &offset)) {
        p->has_offset = true;
        p->offset = offset;
        continue;
      }
      return false;
    }
    return false;
  }
  if (!seen_month) return false;
  // Day first, then year; a number above 31 is the year.
  for (int v : numbers) {
    if (p->day == 0 && v >= 1 && v <= 31) {
      p->day = v;
    } else if (p->year == INT32_MIN) {
      p->year = v;
    } else {
      return false;
    }
  }
  if (p->day == 0) p->day = 1;
  return true;
}

}  // namespace

std::string RubyStrftime(std::string_view format, Instant t, const TimeZone& zone) {
  Broken b;
  b.instant = t;
  b.local = zone.ToLocal(t);
  b.offset = zone.OffsetAt(t);
  b.abbreviation = zone.AbbreviationAt(t);
  b.yday = static_cast<int>(DaysFromCivil(b.local.date) - DaysFromCivil({b.local.date.year, 1, 1})) + 1;
  std::string out;
  Format(format, b, out, 0);
  return out;
}

std::optional<Instant> ParseDateString(std::string_view text, const TimeZone& zone, Instant now) {
  std::size_t b = 0, e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  std::string_view s = text.substr(b, e - b);
  if (s.empty() || s.size() > 200) return std::nullopt;
  Parsed p;
  if (!ParseIso(s, &p)) {
    p = Parsed();
    if (!ParseWords(s, &p)) return std::nullopt;
  }
  LocalDateTime today = zone.ToLocal(now);
  if (p.year == INT32_MIN) p.year = today.date.year;
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31) return std::nullopt;
  if (p.year < -100000 || p.year > 100000) return std::nullopt;
  if (p.hour < 0) p.hour = 0;
  if (p.meridian != 0) {
    if (p.hour > 12) return std::nullopt;
    if (p.meridian == 1 && p.hour == 12) p.hour = 0;
    if (p.meridian == 2 && p.hour < 12) p.hour += 12;
  }
  CivilDate date{p.year, p.month, p.day};
  LocalTime time{p.hour, p.minute, p.second > 59 ? 59 : p.second};
  if (p.has_offset) return CivilSeconds(date, time) - p.offset;
  return zone.FromLocal(date, time);
}

}  // namespace flowproof::liquid::internal
