// Ruby numerics as Liquid's math filters use them (internal to core/liquid).
//
// Liquid::Utils.to_number keeps integers as integers and turns floats and
// decimal strings into BigDecimal, computes, then converts back with to_f.
// That is why `10.1 | minus: 2.2` prints 7.9 and not 7.8999999999999995, and
// why `9 | divided_by: 2` is 4 but `9 | divided_by: 2.0` is 4.5. Num keeps the
// same distinction: an int64, or an exact decimal (mantissa x 10^exponent)
// with a double fallback for values a 128-bit mantissa cannot hold.
//
//   Num a = ToNumber(Value::Float(10.1)), b = ToNumber(Value::Float(2.2));
//   NumToValue(NumSub(a, b));   // Float 7.9
#pragma once

#include <cstdint>

#include "core/liquid/value.h"

namespace flowproof::liquid::internal {

struct Num {
  enum class Kind : std::uint8_t { kInt, kDecimal, kDouble };
  Kind kind = Kind::kInt;
  std::int64_t i = 0;
  __int128 mantissa = 0;  // kDecimal: mantissa x 10^exponent
  int exponent = 0;
  double d = 0;           // kDouble
};

// Utils.to_number: integers as they are, floats and "-?\d+\.\d+" strings as
// decimals, other strings by to_i ("12abc" -> 12, "foo" -> 0), anything else 0.
Num ToNumber(const Value& v);

Num NumAdd(const Num& a, const Num& b);
Num NumSub(const Num& a, const Num& b);
Num NumMul(const Num& a, const Num& b);
// Integer division floors (Ruby); fails on division by zero.
Num NumDiv(const Num& a, const Num& b);
// Ruby modulo (the result has the divisor's sign); fails on zero.
Num NumMod(const Num& a, const Num& b);
Num NumAbs(const Num& a);
int NumCompare(const Num& a, const Num& b);
double NumToDouble(const Num& a);
bool NumIsZero(const Num& a);
// ceil/floor/round to an integer value (kInt when it fits).
Num NumCeil(const Num& a);
Num NumFloor(const Num& a);
// Ruby round(digits), half away from zero. digits <= 0 gives an integer.
Num NumRound(const Num& a, std::int64_t digits);
// Integers stay Int; decimals become Float (BigDecimal#to_f).
Value NumToValue(const Num& n);

}  // namespace flowproof::liquid::internal
