// JavaScript's value coercions, as json-logic-js inherits them: ToNumber,
// ToString, parseFloat, loose and strict equality, relational comparison.
// Internal to core/logic.
#pragma once

#include <string>

#include "core/json.h"

namespace flowproof::logic {

// ToNumber: null 0, bools 0/1, strings parsed whole (trimmed; "" is 0),
// arrays through their string form; NaN when not a number.
double ToNumber(const Json& value);
// parseFloat: the longest numeric prefix of the string form; NaN if none.
double ParseFloat(const Json& value);
// String(value): "null", "true", numbers as JavaScript prints them, arrays
// joined with ",", objects "[object Object]".
std::string ToJsString(const Json& value);
// A double as JavaScript prints it (shortest round-trip form).
std::string NumberToJsString(double value);
// A number result as JSON: integral values become integers, NaN and the
// infinities null (JSON.stringify's behaviour).
Json NumberResult(double value);

bool LooseEquals(const Json& a, const Json& b);   // ==
bool StrictEquals(const Json& a, const Json& b);  // ===
// a < b (or a <= b) with JavaScript's relational coercions.
bool LessThan(const Json& a, const Json& b, bool or_equal);

}  // namespace flowproof::logic
