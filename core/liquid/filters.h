// The standard Liquid filters (Shopify/liquid's StandardFilters) plus `json`
// (internal to core/liquid).
//
// Each filter is a plain function over Values; the parser resolves a filter
// name to its FilterSpec once and checks the argument count against it, so a
// render never looks a filter up by name. Filters fail by calling Fail(),
// which the renderer turns into an Error located at the filter.
//
//   const FilterSpec* upcase = FindFilter("upcase");
//   FilterEnv env;
//   Value out = upcase->fn(Value::String("ana"), nullptr, 0, env);  // "ANA"
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/liquid/value.h"
#include "core/time/types.h"

namespace flowproof {
class TimeZone;
}

namespace flowproof::liquid::internal {

// Thrown by Fail(); caught by Render(), which adds the location.
struct Failure {
  std::string message;
};
[[noreturn]] void Fail(std::string message);

// What a filter may need from the render.
struct FilterEnv {
  Instant now = 0;
  const TimeZone* zone = nullptr;       // null: UTC
  std::size_t max_string_bytes = 1 << 20;  // longer results fail (no runaway memory)
  std::size_t max_items = 1'000'000;       // arrays (and ranges made arrays) above this fail
  const Value* allow_false = nullptr;   // default's `allow_false:` keyword, when given
};

using FilterFn = Value (*)(const Value& input, const Value* args, std::size_t nargs, const FilterEnv& env);

struct FilterSpec {
  std::string_view name;
  int min_args;
  int max_args;
  bool keywords;  // accepts keyword arguments (only `default`)
  FilterFn fn;
};

// The filter called `name`, or null.
const FilterSpec* FindFilter(std::string_view name);

// Ruby's Integer(x.to_s) as Liquid::Utils.to_integer uses it: integers pass,
// "12" parses, anything else fails with "invalid integer".
std::int64_t ToInteger(const Value& v);

// Materialises a range as an array of integers (fails above env.max_items).
Value RangeToArray(const Value& range, const FilterEnv& env);

}  // namespace flowproof::liquid::internal
