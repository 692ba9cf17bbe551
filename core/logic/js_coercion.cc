#include "core/logic/js_coercion.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace flowproof::logic {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool IsJsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string Trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && IsJsSpace(s[b])) ++b;
  while (e > b && IsJsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

double StringToNumber(const std::string& raw) {
  std::string s = Trim(raw);
  if (s.empty()) return 0;
  if (s == "Infinity" || s == "+Infinity") return std::numeric_limits<double>::infinity();
  if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    char* end = nullptr;
    unsigned long long v = std::strtoull(s.c_str() + 2, &end, 16);
    return *end == '\0' ? static_cast<double>(v) : kNaN;
  }
  // strtod accepts forms JavaScript does not ("nan", "inf", hex floats).
  for (char c : s) {
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
      return kNaN;
    }
  }
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  return *end == '\0' ? v : kNaN;
}

// ToPrimitive for arrays and objects, as a string.
std::string PrimitiveString(const Json& value) { return ToJsString(value); }

}  // namespace

std::string NumberToJsString(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return "0";
  if (std::floor(value) == value && std::fabs(value) < 1e21) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer;
  }
  char buffer[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  std::string out = buffer;
  // C prints "1e-07"; JavaScript prints "1e-7".
  std::size_t e = out.find('e');
  if (e != std::string::npos) {
    std::string mantissa = out.substr(0, e), exponent = out.substr(e + 1);
    char sign = exponent[0];
    std::size_t digits = exponent.find_first_not_of("+-0");
    out = mantissa + "e" + (sign == '-' ? "-" : "+") + (digits == std::string::npos ? "0" : exponent.substr(digits));
  }
  return out;
}

std::string ToJsString(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    case Json::value_t::string: return value.get<std::string>();
    case Json::value_t::number_integer: return std::to_string(value.get<std::int64_t>());
    case Json::value_t::number_unsigned: return std::to_string(value.get<std::uint64_t>());
    case Json::value_t::number_float: return NumberToJsString(value.get<double>());
    case Json::value_t::array: {
      std::string out;
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (i > 0) out += ',';
        if (!value[i].is_null()) out += ToJsString(value[i]);  // [null].join() is ""
      }
      return out;
    }
    default: return "[object Object]";
  }
}

double ToNumber(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return 0;
    case Json::value_t::boolean: return value.get<bool>() ? 1 : 0;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return value.get<double>();
    case Json::value_t::string: return StringToNumber(value.get<std::string>());
    case Json::value_t::array: return StringToNumber(PrimitiveString(value));
    default: return kNaN;
  }
}

double ParseFloat(const Json& value) {
  if (value.is_number()) return value.get<double>();
  std::string s = ToJsString(value);
  std::size_t b = 0;
  while (b < s.size() && IsJsSpace(s[b])) ++b;
  const char* start = s.c_str() + b;
  if (std::strncmp(start, "Infinity", 8) == 0 || std::strncmp(start, "+Infinity", 9) == 0) {
    return std::numeric_limits<double>::infinity();
  }
  if (std::strncmp(start, "-Infinity", 9) == 0) return -std::numeric_limits<double>::infinity();
  // The longest prefix of sign, digits, one dot, exponent.
  std::size_t i = b;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits_start = i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  }
  if (i == digits_start || (i == digits_start + 1 && s[digits_start] == '.')) return kNaN;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) {
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      i = j;
    }
  }
  return std::strtod(s.substr(b, i - b).c_str(), nullptr);
}

Json NumberResult(double value) {
  if (!std::isfinite(value)) return Json();
  if (std::floor(value) == value && std::fabs(value) < 9007199254740992.0) {
    return Json(static_cast<std::int64_t>(value));
  }
  return Json(value);
}

bool StrictEquals(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  if (a.type() != b.type()) return false;
  if (a.is_array() || a.is_object()) return false;  // distinct references
  return a == b;
}

bool LooseEquals(const Json& a, const Json& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if ((a.is_number() && b.is_number()) || a.type() == b.type()) return StrictEquals(a, b);
  if (a.is_boolean()) return LooseEquals(Json(a.get<bool>() ? 1 : 0), b);
  if (b.is_boolean()) return LooseEquals(a, Json(b.get<bool>() ? 1 : 0));
  if (a.is_number() && b.is_string()) return a.get<double>() == ToNumber(b);
  if (a.is_string() && b.is_number()) return ToNumber(a) == b.get<double>();
  if ((a.is_array() || a.is_object()) && (b.is_number() || b.is_string())) return LooseEquals(Json(PrimitiveString(a)), b);
  if ((b.is_array() || b.is_object()) && (a.is_number() || a.is_string())) return LooseEquals(a, Json(PrimitiveString(b)));
  return false;
}

bool LessThan(const Json& a, const Json& b, bool or_equal) {
  Json pa = (a.is_array() || a.is_object()) ? Json(PrimitiveString(a)) : a;
  Json pb = (b.is_array() || b.is_object()) ? Json(PrimitiveString(b)) : b;
  if (pa.is_string() && pb.is_string()) {
    const std::string& x = pa.get_ref<const std::string&>();
    const std::string& y = pb.get_ref<const std::string&>();
    return or_equal ? x <= y : x < y;
  }
  double x = ToNumber(pa), y = ToNumber(pb);
  if (std::isnan(x) || std::isnan(y)) return false;
  return or_equal ? x <= y : x < y;
}

}  // namespace flowproof::logic
