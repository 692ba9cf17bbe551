// JavaScript's value coercions, as json-logic-js inherits them: ToNumber,
// ToString, parseFloat, loose and strict equality, relational comparison.
// Internal to core/logic.
//
// JavaScript's `undefined` (an operand that was not given: {"-": [5]}'s b,
// {">": [1]}'s right side) is a Json of type `discarded`, kUndefined below:
// it differs from null (null === undefined is false, null >= 0 is true but
// undefined >= 0 is false), and becomes null only when a result leaves the
// evaluator (JSON.stringify's behaviour). NaN and the infinities likewise.
#pragma once

#include <cmath>
#include <string>

#include "core/base/json.h"

namespace flowproof::logic {

// The `undefined` value.
extern const Json kUndefined;
inline bool IsUndefined(const Json& value) { return value.is_discarded(); }

// ToNumber: null 0, bools 0/1, strings parsed whole (trimmed; "" is 0; hex,
// octal and binary literals; "Infinity"), arrays through their string form,
// undefined and objects NaN.
double ToNumber(const Json& value);
// parseFloat: the longest decimal prefix of the string form (after leading
// white space); NaN if none.
double ParseFloat(const Json& value);
// String(value): "null", "undefined", "true", numbers as JavaScript prints
// them, arrays joined with "," (null and undefined elements empty), objects
// "[object Object]".
std::string ToJsString(const Json& value);
// Appends String(value) to `out` (cheaper than ToJsString for cat).
void AppendJsString(const Json& value, std::string& out);
// A double as JavaScript prints it (Number.prototype.toString: shortest
// round-trip digits, fixed notation for 1e-7 < |x| < 1e21).
std::string NumberToJsString(double value);
// A number result as JSON: integral values become integers (as JSON.stringify
// prints them). NaN and the infinities stay doubles while the evaluation goes
// on ({"<": [{"/": [1, 0]}, 5]} is false, as in JavaScript) and become null
// where a result leaves it: see IsNonFinite.
Json NumberResult(double value);
// True for NaN and the infinities, which JSON cannot hold.
inline bool IsNonFinite(const Json& value) {
  return value.is_number_float() && !std::isfinite(value.get<double>());
}

// a == b and a === b. Arrays and objects are equal only to themselves in
// JavaScript (reference identity): here, only when both are the same Json
// in memory (two reads of one path of the data).
bool LooseEquals(const Json& a, const Json& b);
bool StrictEquals(const Json& a, const Json& b);
// a < b (or a <= b) with JavaScript's relational coercions: two strings
// compare as strings, anything else as numbers (NaN compares false).
bool LessThan(const Json& a, const Json& b, bool or_equal);

}  // namespace flowproof::logic
