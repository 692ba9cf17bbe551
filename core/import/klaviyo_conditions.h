// Klaviyo's condition groups as flowproof conditions (JsonLogic).
//
// A Klaviyo filter (`profile_filter`, a conditional split's filter, a
// trigger's `trigger_filter`) is `{"condition_groups": [{"conditions":
// [...]}, ...]}`: the groups are joined with AND, the conditions inside one
// group with OR. Each condition type maps to a JsonLogic rule over FORMAT.md's
// data (`contact.X`, `event.properties.X`, `has_event`/`count_events`,
// `in_list`, `days_since`). Conditions without an equivalent (predictive
// analytics, regions, postal-code distance, custom objects, "has not been
// sent a message") become `false` and are reported as losses with their
// pointer; so is every opaque metric, list or segment id that the names map
// does not name.
//
//   KlaviyoConditions conditions(sink);
//   Json rule = conditions.Filter(definition["profile_filter"], "/data/attributes/definition/profile_filter");
#pragma once

#include <string>

#include "core/base/json.h"
#include "core/import/import_context.h"

namespace flowproof {

class KlaviyoConditions {
 public:
  explicit KlaviyoConditions(ImportContext& context) : context_(context) {}

  // A whole filter (`condition_groups`), or `true` when it is null or has no
  // groups. `pointer` is the filter's place in the input.
  Json Filter(const Json& filter, const std::string& pointer);

  // The percentage of a filter that is exactly one `profile-sample`
  // condition (a random split), or -1.
  static int SamplePercentage(const Json& filter);

  // A filter over the triggering event (`metric-property` conditions):
  // its fields are read from `event.properties`.
  Json EventFilter(const Json& filter, const std::string& pointer);

 private:
  Json Condition(const Json& condition, const std::string& pointer);
  // `filter` (string, numeric, boolean, date, list, existence) applied to `value`.
  Json ValueFilter(const Json& value, const Json& filter, const std::string& pointer);
  Json MetricCondition(const Json& condition, const std::string& pointer);
  Json Unsupported(const std::string& pointer, const std::string& what);

  ImportContext& context_;
};

// The contact attribute a Klaviyo profile property names: `first_name` for
// `first_name`, `Favorite Color` for `properties['Favorite Color']`.
std::string KlaviyoAttribute(const std::string& property);

// A count of Klaviyo units ("day", "days", "hour", "week", ...) as a
// flowproof duration ("3d"), or "" for a unit without a fixed length.
std::string KlaviyoDuration(long long quantity, const std::string& unit);

}  // namespace flowproof
