#include "core/logic/js_coercion.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string_view>

namespace flowproof::logic {

const Json kUndefined(Json::value_t::discarded);

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();
// Integers up to 2^53 are exact doubles; JSON.stringify prints them whole.
constexpr double kMaxSafeInteger = 9007199254740992.0;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The byte length of the JavaScript white space or line terminator that
// starts at s[i] (StrWhiteSpaceChar: ASCII space and controls, NBSP, BOM,
// the Unicode space separators, U+2028/2029), or 0.
std::size_t SpaceAt(std::string_view s, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  auto byte = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
  if (c == 0xC2 && byte(1) == 0xA0) return 2;
  if (c == 0xE1 && byte(1) == 0x9A && byte(2) == 0x80) return 3;
  if (c == 0xE2 && byte(1) == 0x80 && (byte(2) <= 0x8A || byte(2) == 0xA8 || byte(2) == 0xA9 || byte(2) == 0xAF) &&
      byte(2) >= 0x80) {
    return 3;
  }
  if (c == 0xE2 && byte(1) == 0x81 && byte(2) == 0x9F) return 3;
  if (c == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) return 3;
  if (c == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) return 3;
  return 0;
}

std::string_view TrimStart(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t n = SpaceAt(s, i);
    if (n == 0) break;
    i += n;
  }
  return s.substr(i);
}

std::string_view Trim(std::string_view s) {
  s = TrimStart(s);
  while (!s.empty()) {
    std::size_t n = 0;
    for (std::size_t len = 1; len <= 3 && len <= s.size() && n == 0; ++len) {
      if (SpaceAt(s, s.size() - len) == len) n = len;
    }
    if (n == 0) break;
    s.remove_suffix(n);
  }
  return s;
}

// The length of the longest prefix of `s` that is a StrUnsignedDecimalLiteral
// without "Infinity": digits [. digits] | . digits, then an optional exponent.
std::size_t DecimalPrefix(std::string_view s) {
  std::size_t i = 0, digits = 0;
  while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    std::size_t j = i + 1;
    while (j < s.size() && IsDigit(s[j])) ++j, ++digits;
    if (digits > 0) i = j;
  }
  if (digits == 0) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && IsDigit(s[j])) {
      while (j < s.size() && IsDigit(s[j])) ++j;
      i = j;
    }
  }
  return i;
}

double Strtod(std::string_view s) { return std::strtod(std::string(s).c_str(), nullptr); }

// StringToNumber: the whole trimmed string must be a numeric literal.
double StringToNumber(std::string_view raw) {
  std::string_view s = Trim(raw);
  if (s.empty()) return 0;
  if (s.size() > 2 && s[0] == '0') {
    int base = 0;
    char p = s[1];
    if (p == 'x' || p == 'X') base = 16;
    if (p == 'o' || p == 'O') base = 8;
    if (p == 'b' || p == 'B') base = 2;
    if (base != 0) {
      double value = 0;
      for (char c : s.substr(2)) {
        int digit = IsDigit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : 99;
        if (digit >= base) return kNaN;
        value = value * base + digit;
      }
      return value;
    }
  }
  double sign = 1;
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') {
    if (body[0] == '-') sign = -1;
    body.remove_prefix(1);
  }
  if (body == "Infinity") return sign * kInfinity;
  if (body.empty() || DecimalPrefix(body) != body.size()) return kNaN;
  return sign * Strtod(body);
}

// Reads a UTF-8 string as UTF-16 code units, for JavaScript's string order
// (which differs from code point order for astral characters).
class Utf16Units {
 public:
  explicit Utf16Units(std::string_view s) : s_(s) {}
  // The next code unit, or -1 at the end. Invalid bytes read as themselves.
  int Next() {
    if (low_ != 0) {
      int unit = low_;
      low_ = 0;
      return unit;
    }
    if (i_ >= s_.size()) return -1;
    unsigned char c = static_cast<unsigned char>(s_[i_]);
    int length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length <= 1 || i_ + length > s_.size()) {
      ++i_;
      return c;
    }
    std::uint32_t cp = c & (0xFF >> (length + 1));
    for (int k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s_[i_ + k]) & 0x3F);
    i_ += length;
    if (cp < 0x10000) return static_cast<int>(cp);
    cp -= 0x10000;
    low_ = static_cast<int>(0xDC00 + (cp & 0x3FF));
    return static_cast<int>(0xD800 + (cp >> 10));
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
  int low_ = 0;
};

int CompareJsStrings(std::string_view a, std::string_view b) {
  Utf16Units x(a), y(b);
  while (true) {
    int u = x.Next(), v = y.Next();
    if (u != v) return u < v ? -1 : 1;
    if (u < 0) return 0;
  }
}

bool IsObjectLike(const Json& value) { return value.is_array() || value.is_object(); }

}  // namespace

std::string NumberToJsString(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return "0";  // -0 too
  // The shortest digits that read back as `value`, and their exponent.
  char buffer[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*e", precision - 1, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  std::string text = buffer;
  std::string out = value < 0 ? "-" : "";
  std::size_t e = text.find('e');
  std::string digits;
  for (std::size_t i = 0; i < e; ++i) {
    if (IsDigit(text[i])) digits += text[i];
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  int n = std::atoi(text.c_str() + e + 1) + 1;  // the decimal point's position
  int k = static_cast<int>(digits.size());
  if (k <= n && n <= 21) return out + digits + std::string(n - k, '0');
  if (0 < n && n <= 21) return out + digits.substr(0, n) + "." + digits.substr(n);
  if (-6 < n && n <= 0) return out + "0." + std::string(-n, '0') + digits;
  out += digits.substr(0, 1);
  if (k > 1) out += "." + digits.substr(1);
  return out + "e" + (n - 1 >= 0 ? "+" : "-") + std::to_string(std::abs(n - 1));
}

void AppendJsString(const Json& value, std::string& out) {
  switch (value.type()) {
    case Json::value_t::null: out += "null"; return;
    case Json::value_t::discarded: out += "undefined"; return;
    case Json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; return;
    case Json::value_t::string: out += value.get_ref<const std::string&>(); return;
    case Json::value_t::number_integer: {
      std::int64_t v = value.get<std::int64_t>();
      if (std::fabs(static_cast<double>(v)) <= kMaxSafeInteger) out += std::to_string(v);
      else out += NumberToJsString(static_cast<double>(v));
      return;
    }
    case Json::value_t::number_unsigned: {
      std::uint64_t v = value.get<std::uint64_t>();
      if (static_cast<double>(v) <= kMaxSafeInteger) out += std::to_string(v);
      else out += NumberToJsString(static_cast<double>(v));
      return;
    }
    case Json::value_t::number_float: out += NumberToJsString(value.get<double>()); return;
    case Json::value_t::array: {
      bool first = true;
      for (const Json& item : value) {
        if (!first) out += ',';
        first = false;
        if (!item.is_null() && !item.is_discarded()) AppendJsString(item, out);  // [null].join() is ""
      }
      return;
    }
    default: out += "[object Object]"; return;
  }
}

std::string ToJsString(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  std::string out;
  AppendJsString(value, out);
  return out;
}

double ToNumber(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return 0;
    case Json::value_t::boolean: return value.get<bool>() ? 1 : 0;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return value.get<double>();
    case Json::value_t::string: return StringToNumber(value.get_ref<const std::string&>());
    case Json::value_t::array: return StringToNumber(ToJsString(value));
    default: return kNaN;  // objects, undefined
  }
}

double ParseFloat(const Json& value) {
  if (value.is_number()) return value.get<double>();
  std::string text = ToJsString(value);
  std::string_view s = TrimStart(text);
  double sign = 1;
  std::string_view body = s;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    if (body[0] == '-') sign = -1;
    body.remove_prefix(1);
  }
  if (body.substr(0, 8) == "Infinity") return sign * kInfinity;
  std::size_t n = DecimalPrefix(body);
  if (n == 0) return kNaN;
  return sign * Strtod(body.substr(0, n));
}

Json NumberResult(double value) {
  // -0 stays a double: 1 / -0 is -Infinity.
  if (!std::isfinite(value) || (value == 0 && std::signbit(value))) return Json(value);
  if (std::floor(value) == value && std::fabs(value) <= kMaxSafeInteger) {
    return Json(static_cast<std::int64_t>(value));
  }
  return Json(value);
}

bool StrictEquals(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  if (&a == &b) return true;  // the same array or object (NaN never reaches here)
  if (a.type() != b.type()) return false;
  if (IsObjectLike(a)) return false;  // distinct references
  if (a.is_discarded()) return true;  // undefined === undefined
  return a == b;
}

bool LooseEquals(const Json& a, const Json& b) {
  bool a_nullish = a.is_null() || a.is_discarded(), b_nullish = b.is_null() || b.is_discarded();
  if (a_nullish || b_nullish) return a_nullish && b_nullish;
  if ((a.is_number() && b.is_number()) || a.type() == b.type()) return StrictEquals(a, b);
  if (a.is_boolean()) return LooseEquals(Json(a.get<bool>() ? 1 : 0), b);
  if (b.is_boolean()) return LooseEquals(a, Json(b.get<bool>() ? 1 : 0));
  if (a.is_number() && b.is_string()) return a.get<double>() == ToNumber(b);
  if (a.is_string() && b.is_number()) return ToNumber(a) == b.get<double>();
  if (IsObjectLike(a) && (b.is_number() || b.is_string())) return LooseEquals(Json(ToJsString(a)), b);
  if (IsObjectLike(b) && (a.is_number() || a.is_string())) return LooseEquals(a, Json(ToJsString(b)));
  return false;
}

bool LessThan(const Json& a, const Json& b, bool or_equal) {
  // ToPrimitive turns arrays and objects into strings.
  bool a_string = a.is_string() || IsObjectLike(a), b_string = b.is_string() || IsObjectLike(b);
  if (a_string && b_string) {
    int c = a.is_string() && b.is_string()
                ? CompareJsStrings(a.get_ref<const std::string&>(), b.get_ref<const std::string&>())
                : CompareJsStrings(ToJsString(a), ToJsString(b));
    return or_equal ? c <= 0 : c < 0;
  }
  double x = ToNumber(a), y = ToNumber(b);
  // NaN compares false either way (x <= y is false too, unlike !(y < x)).
  return or_equal ? x <= y : x < y;
}

}  // namespace flowproof::logic
