// Small builders the converters share: JsonLogic conditions over the
// condition data of FORMAT.md ({"contact": ..., "event": ..., "now": ...}),
// exact durations from a platform's numbers, and the rewrite of a
// platform's template variables to `contact.X`.
//
//   Json rule = AllOf({Compare("==", ContactVar("country"), "US"),
//                      HasEvent("Placed Order", "30d")});
//   // {"and": [{"==": [{"var": "contact.country"}, "US"]},
//   //          {"has_event": ["Placed Order", "30d"]}]}
//   DurationFromSeconds(90.4, &rounded);   // "1m30s", rounded == true
//   RewriteTemplateVariables("Hi {{ user.firstName }}", "user");  // "Hi {{ contact.firstName }}"
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/json.h"

namespace flowproof {

// {"var": path}.
Json Var(std::string_view path);
// {"var": "contact.<attribute>"}; traits and profile properties are contact
// attributes of the same name (FORMAT.md, "flowproof import").
Json ContactVar(std::string_view attribute);
// {"var": "event.properties.<property>"}.
Json EventPropertyVar(std::string_view property);
// {op: [left, right]}.
Json Compare(std::string_view op, Json left, Json right);
// {"!": [rule]}.
Json Not(Json rule);
// {"and": rules}; no rules is `true`, one rule is that rule.
Json AllOf(std::vector<Json> rules);
// {"or": rules}; no rules is `false`, one rule is that rule.
Json AnyOf(std::vector<Json> rules);
// The constant rules `true` and `false` (bare JsonLogic literals).
Json AlwaysTrue();
Json AlwaysFalse();
// {"has_event": [name, within]} / with where; {"count_events": ...}.
Json HasEvent(std::string_view name, std::string_view within, const Json* where = nullptr);
Json CountEvents(std::string_view name, std::string_view within, const Json* where = nullptr);
// {"in_list": [list]}.
Json InList(std::string_view list);
// A window long enough to mean "ever" in has_event/count_events ("36500d").
inline constexpr char kEverWindow[] = "36500d";

// An exact duration spelled canonically ("1d12h") from a number of seconds.
// Fractions are rounded to the nearest second (half away from zero) and
// `rounded` (when non-null) set to true; negative values, NaN and values
// over kMaxDuration (core/time/duration.h) give nullopt.
std::optional<std::string> DurationFromSeconds(double seconds, bool* rounded = nullptr);
// The same for `amount` of `unit` ("seconds", "minutes", "hours", "days",
// "weeks", singular or plural, any case); nullopt for other units.
std::optional<std::string> DurationFromUnit(double amount, std::string_view unit, bool* rounded = nullptr);

// Rewrites, inside Liquid output (`{{ }}`) and tags (`{% %}`) only, every
// variable path starting with `<prefix>.` (a whole identifier: "user." but
// not "superuser.") to start with "contact." instead; also `<prefix>["x"]`
// to `contact["x"]`. Text outside the delimiters and quoted strings inside
// them are kept. Never throws.
std::string RewriteTemplateVariables(std::string_view liquid, std::string_view prefix);

}  // namespace flowproof
