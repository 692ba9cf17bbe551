#include "core/liquid/number.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/liquid/filters.h"

namespace flowproof::liquid::internal {
namespace {

using Int128 = __int128;

constexpr int kMaxPow = 38;

Int128 Pow10(int n) {
  Int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

Num MakeInt(std::int64_t i) {
  Num n;
  n.kind = Num::Kind::kInt;
  n.i = i;
  return n;
}

Num MakeDouble(double d) {
  Num n;
  n.kind = Num::Kind::kDouble;
  n.d = d;
  return n;
}

Num MakeDecimal(Int128 m, int e) {
  // Keep mantissas short: trailing zeros move into the exponent.
  if (m == 0) {
    e = 0;
  } else {
    while (m % 10 == 0 && e < 400) {
      m /= 10;
      ++e;
    }
  }
  Num n;
  n.kind = Num::Kind::kDecimal;
  n.mantissa = m;
  n.exponent = e;
  return n;
}

std::string Int128ToString(Int128 v) {
  bool negative = v < 0;
  unsigned __int128 u = negative ? static_cast<unsigned __int128>(-(v + 1)) + 1 : static_cast<unsigned __int128>(v);
  char buf[48];
  int pos = 47;
  buf[pos] = '\0';
  do {
    buf[--pos] = static_cast<char>('0' + static_cast<int>(u % 10));
    u /= 10;
  } while (u != 0);
  if (negative) buf[--pos] = '-';
  return std::string(buf + pos);
}

// Digits of a decimal string "-?\d+(\.\d+)?" as a decimal; false when too long.
bool DecimalFromDigits(std::string_view s, Num* out) {
  bool negative = false;
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') {
    negative = true;
    ++i;
  }
  Int128 m = 0;
  int e = 0;
  int digits = 0;
  bool fraction = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.') {
      fraction = true;
      continue;
    }
    if (c < '0' || c > '9') return false;
    if (digits == 0 && c == '0') {
      if (fraction) --e;
      continue;
    }
    if (digits >= 37) {
      // Precision beyond 37 digits: drop the digit (the double fallback would
      // lose more).
      if (!fraction) ++e;
      continue;
    }
    m = m * 10 + (c - '0');
    ++digits;
    if (fraction) --e;
  }
  *out = MakeDecimal(negative ? -m : m, e);
  return true;
}

Num DecimalFromDouble(double d) {
  if (!std::isfinite(d)) return MakeDouble(d);
  if (d == 0) return MakeDecimal(0, 0);
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*e", precision - 1, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  // "-d.ddde+XX"
  std::string digits;
  const char* p = buf;
  bool negative = false;
  if (*p == '-') {
    negative = true;
    ++p;
  }
  for (; *p != 'e'; ++p) {
    if (*p != '.') digits += *p;
  }
  int exp10 = std::atoi(p + 1);
  Int128 m = 0;
  for (char c : digits) m = m * 10 + (c - '0');
  int e = exp10 - static_cast<int>(digits.size()) + 1;
  return MakeDecimal(negative ? -m : m, e);
}

Num ToDecimal(const Num& n) {
  if (n.kind == Num::Kind::kInt) return MakeDecimal(n.i, 0);
  return n;
}

// Brings two decimals to the same exponent; false on overflow.
bool Align(Num* a, Num* b) {
  if (a->exponent == b->exponent) return true;
  Num* hi = a->exponent > b->exponent ? a : b;
  Num* lo = hi == a ? b : a;
  int diff = hi->exponent - lo->exponent;
  if (diff > kMaxPow) return false;
  Int128 scaled;
  if (__builtin_mul_overflow(hi->mantissa, Pow10(diff), &scaled)) return false;
  hi->mantissa = scaled;
  hi->exponent = lo->exponent;
  return true;
}

bool FitsInt64(Int128 v) { return v >= INT64_MIN && v <= INT64_MAX; }

Num FromInt128(Int128 v) {
  if (FitsInt64(v)) return MakeInt(static_cast<std::int64_t>(v));
  return MakeDouble(static_cast<double>(v));
}

bool UseDouble(const Num& a, const Num& b) {
  return a.kind == Num::Kind::kDouble || b.kind == Num::Kind::kDouble;
}

}  // namespace

Num ToNumber(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kInt: return MakeInt(v.as_int());
    case Value::Kind::kFloat: return DecimalFromDouble(v.as_float());
    case Value::Kind::kString: {
      std::string_view s = v.str();
      // Ruby strip: whitespace and NUL at both ends.
      auto is_space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '\0';
      };
      std::size_t b = 0, e = s.size();
      while (b < e && is_space(s[b])) ++b;
      while (e > b && is_space(s[e - 1])) --e;
      std::string_view t = s.substr(b, e - b);
      // /\A-?\d+\.\d+\z/
      std::size_t i = 0;
      if (i < t.size() && t[i] == '-') ++i;
      std::size_t int_digits = 0;
      while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i, ++int_digits;
      if (int_digits > 0 && i < t.size() && t[i] == '.') {
        std::size_t j = i + 1, frac = 0;
        while (j < t.size() && t[j] >= '0' && t[j] <= '9') ++j, ++frac;
        if (frac > 0 && j == t.size()) {
          Num n;
          if (DecimalFromDigits(t, &n)) return n;
          return MakeDouble(std::strtod(std::string(t).c_str(), nullptr));
        }
      }
      // String#to_i: leading whitespace, a sign, digits with single underscores.
      std::size_t k = 0;
      while (k < s.size() && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r' || s[k] == '\f' ||
                              s[k] == '\v')) {
        ++k;
      }
      bool negative = false;
      if (k < s.size() && (s[k] == '-' || s[k] == '+')) {
        negative = s[k] == '-';
        ++k;
      }
      Int128 value = 0;
      bool overflow = false;
      for (; k < s.size(); ++k) {
        char c = s[k];
        if (c == '_' && k + 1 < s.size() && s[k + 1] >= '0' && s[k + 1] <= '9' && k > 0 && s[k - 1] >= '0' &&
            s[k - 1] <= '9') {
          continue;
        }
        if (c < '0' || c > '9') break;
        if (!overflow) {
          value = value * 10 + (c - '0');
          if (value > static_cast<Int128>(INT64_MAX) + 1) overflow = true;
        }
      }
      if (negative) value = -value;
      if (overflow) return MakeDouble(negative ? -9.2233720368547758e18 : 9.2233720368547758e18);
      return FromInt128(value);
    }
    default: return MakeInt(0);
  }
}

double NumToDouble(const Num& a) {
  switch (a.kind) {
    case Num::Kind::kInt: return static_cast<double>(a.i);
    case Num::Kind::kDouble: return a.d;
    case Num::Kind::kDecimal: {
      std::string s = Int128ToString(a.mantissa);
      s += 'e';
      s += std::to_string(a.exponent);
      return std::strtod(s.c_str(), nullptr);
    }
  }
  return 0;
}

bool NumIsZero(const Num& a) {
  switch (a.kind) {
    case Num::Kind::kInt: return a.i == 0;
    case Num::Kind::kDecimal: return a.mantissa == 0;
    case Num::Kind::kDouble: return a.d == 0;
  }
  return false;
}

Num NumAdd(const Num& a, const Num& b) {
  if (a.kind == Num::Kind::kInt && b.kind == Num::Kind::kInt) {
    return FromInt128(static_cast<Int128>(a.i) + b.i);
  }
  if (!UseDouble(a, b)) {
    Num x = ToDecimal(a), y = ToDecimal(b);
    Int128 sum;
    if (Align(&x, &y) && !__builtin_add_overflow(x.mantissa, y.mantissa, &sum)) return MakeDecimal(sum, x.exponent);
  }
  return MakeDouble(NumToDouble(a) + NumToDouble(b));
}

Num NumSub(const Num& a, const Num& b) {
  Num negated = b;
  switch (b.kind) {
    case Num::Kind::kInt:
      if (b.i == INT64_MIN) return MakeDouble(NumToDouble(a) - NumToDouble(b));
      negated.i = -b.i;
      break;
    case Num::Kind::kDecimal: negated.mantissa = -b.mantissa; break;
    case Num::Kind::kDouble: negated.d = -b.d; break;
  }
  return NumAdd(a, negated);
}

Num NumMul(const Num& a, const Num& b) {
  if (a.kind == Num::Kind::kInt && b.kind == Num::Kind::kInt) {
    Int128 product = static_cast<Int128>(a.i) * b.i;
    return FromInt128(product);
  }
  if (!UseDouble(a, b)) {
    Num x = ToDecimal(a), y = ToDecimal(b);
    Int128 product;
    if (!__builtin_mul_overflow(x.mantissa, y.mantissa, &product)) {
      return MakeDecimal(product, x.exponent + y.exponent);
    }
  }
  return MakeDouble(NumToDouble(a) * NumToDouble(b));
}

Num NumDiv(const Num& a, const Num& b) {
  if (NumIsZero(b)) Fail("divided by 0");
  if (a.kind == Num::Kind::kInt && b.kind == Num::Kind::kInt) {
    if (a.i == INT64_MIN && b.i == -1) return MakeDouble(-static_cast<double>(INT64_MIN));
    std::int64_t q = a.i / b.i;
    if (a.i % b.i != 0 && ((a.i < 0) != (b.i < 0))) --q;
    return MakeInt(q);
  }
  double q = NumToDouble(a) / NumToDouble(b);
  // Exact quotients keep their decimal form (0 / 1.1 is 0.0, 10 / 2.0 is 5.0).
  return DecimalFromDouble(q);
}

Num NumMod(const Num& a, const Num& b) {
  if (NumIsZero(b)) Fail("divided by 0");
  if (a.kind == Num::Kind::kInt && b.kind == Num::Kind::kInt) {
    if (b.i == -1) return MakeInt(0);
    std::int64_t r = a.i % b.i;
    if (r != 0 && ((r < 0) != (b.i < 0))) r += b.i;
    return MakeInt(r);
  }
  if (!UseDouble(a, b)) {
    Num x = ToDecimal(a), y = ToDecimal(b);
    if (Align(&x, &y)) {
      Int128 r = x.mantissa % y.mantissa;
      if (r != 0 && ((r < 0) != (y.mantissa < 0))) r += y.mantissa;
      return MakeDecimal(r, x.exponent);
    }
  }
  double x = NumToDouble(a), y = NumToDouble(b);
  double r = std::fmod(x, y);
  if (r != 0 && ((r < 0) != (y < 0))) r += y;
  return MakeDouble(r);
}

Num NumAbs(const Num& a) {
  Num r = a;
  switch (a.kind) {
    case Num::Kind::kInt:
      if (a.i == INT64_MIN) return MakeDouble(-static_cast<double>(a.i));
      r.i = a.i < 0 ? -a.i : a.i;
      break;
    case Num::Kind::kDecimal: r.mantissa = a.mantissa < 0 ? -a.mantissa : a.mantissa; break;
    case Num::Kind::kDouble: r.d = std::fabs(a.d); break;
  }
  return r;
}

int NumCompare(const Num& a, const Num& b) {
  if (a.kind == Num::Kind::kInt && b.kind == Num::Kind::kInt) return a.i < b.i ? -1 : (a.i > b.i ? 1 : 0);
  if (!UseDouble(a, b)) {
    Num x = ToDecimal(a), y = ToDecimal(b);
    if (Align(&x, &y)) return x.mantissa < y.mantissa ? -1 : (x.mantissa > y.mantissa ? 1 : 0);
  }
  double x = NumToDouble(a), y = NumToDouble(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}

namespace {

// Divides a decimal's mantissa down to exponent `target` (>= exponent),
// rounding as `mode` says: 'f' floor, 'c' ceil, 'r' half away from zero.
Int128 ScaleDown(Int128 m, int shift, char mode) {
  if (shift <= 0) return m;
  if (shift > kMaxPow) {
    // |value| < 1 at the target scale.
    if (m == 0) return 0;
    if (mode == 'f') return m < 0 ? -1 : 0;
    if (mode == 'c') return m > 0 ? 1 : 0;
    return 0;
  }
  Int128 p = Pow10(shift);
  Int128 q = m / p;
  Int128 r = m % p;
  if (r == 0) return q;
  switch (mode) {
    case 'f': return m < 0 ? q - 1 : q;
    case 'c': return m > 0 ? q + 1 : q;
    default: {
      Int128 twice = (r < 0 ? -r : r) * 2;
      if (twice >= p) return m < 0 ? q - 1 : q + 1;
      return q;
    }
  }
}

Num ToIntegral(const Num& a, char mode) {
  switch (a.kind) {
    case Num::Kind::kInt: return a;
    case Num::Kind::kDouble: {
      double r = mode == 'f' ? std::floor(a.d) : (mode == 'c' ? std::ceil(a.d) : std::round(a.d));
      if (!std::isfinite(r)) Fail("float " + FormatFloat(a.d) + " out of range");
      if (r >= -9.2e18 && r <= 9.2e18) return MakeInt(static_cast<std::int64_t>(r));
      return MakeDouble(r);
    }
    case Num::Kind::kDecimal: {
      if (a.exponent >= 0) {
        Int128 v;
        if (a.exponent > kMaxPow || __builtin_mul_overflow(a.mantissa, Pow10(a.exponent), &v)) {
          return MakeDouble(NumToDouble(a));
        }
        return FromInt128(v);
      }
      return FromInt128(ScaleDown(a.mantissa, -a.exponent, mode));
    }
  }
  return a;
}

}  // namespace

Num NumCeil(const Num& a) { return ToIntegral(a, 'c'); }
Num NumFloor(const Num& a) { return ToIntegral(a, 'f'); }

Num NumRound(const Num& a, std::int64_t digits) {
  if (a.kind == Num::Kind::kInt) {
    if (digits >= 0) return a;
    if (digits < -18) return MakeInt(0);
    Int128 r = ScaleDown(a.i, static_cast<int>(-digits), 'r');
    return FromInt128(r * Pow10(static_cast<int>(-digits)));
  }
  if (digits <= 0) {
    if (digits == 0) return ToIntegral(a, 'r');
    Num n = ToDecimal(a);
    if (n.kind == Num::Kind::kDouble) {
      double p = std::pow(10.0, static_cast<double>(-digits));
      return ToIntegral(MakeDouble(std::round(a.d / p) * p), 'r');
    }
    int shift = static_cast<int>(-digits) - n.exponent;
    if (digits < -38) return MakeInt(0);
    if (shift <= 0) return ToIntegral(n, 'r');
    Int128 q = ScaleDown(n.mantissa, shift, 'r');
    Int128 v;
    if (__builtin_mul_overflow(q, Pow10(static_cast<int>(-digits)), &v)) return MakeDouble(NumToDouble(a));
    return FromInt128(v);
  }
  if (a.kind == Num::Kind::kDouble) {
    if (!std::isfinite(a.d)) return a;
    double p = std::pow(10.0, static_cast<double>(digits));
    return MakeDouble(std::round(a.d * p) / p);
  }
  if (digits > 400 || a.exponent >= -digits) return a;
  int shift = static_cast<int>(-digits) * -1;  // = digits
  shift = -a.exponent - shift;                 // how many digits to drop
  return MakeDecimal(ScaleDown(a.mantissa, shift, 'r'), static_cast<int>(-digits));
}

Value NumToValue(const Num& n) {
  switch (n.kind) {
    case Num::Kind::kInt: return Value::Int(n.i);
    case Num::Kind::kDecimal: return Value::Float(NumToDouble(n));
    case Num::Kind::kDouble: return Value::Float(n.d);
  }
  return Value();
}

}  // namespace flowproof::liquid::internal
