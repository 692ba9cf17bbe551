#include "core/import/klaviyo_conditions.h"

#include <string>

#include "core/base/json_pointer.h"
#include "core/import/build_logic.h"

namespace flowproof {
namespace {

// Joins rules with `op` ("and"/"or"), dropping the neutral element.
Json Joined(const char* op, Json rules) {
  if (rules.size() == 1) return rules[0];
  return Json{{op, std::move(rules)}};
}

long long IntOr(const Json& object, const char* key, long long fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return fallback;
  return it->get<long long>();
}

// Number of days in a Klaviyo relative-date unit ("day", "hour", "week").
double DaysPerUnit(const std::string& unit) {
  if (unit == "hour" || unit == "hours") return 1.0 / 24.0;
  if (unit == "week" || unit == "weeks") return 7.0;
  if (unit == "day" || unit == "days") return 1.0;
  return 0;
}

}  // namespace

std::string KlaviyoAttribute(const std::string& property) {
  const std::string prefix = "properties['";
  if (property.rfind(prefix, 0) == 0 && property.size() > prefix.size() + 2 &&
      property.compare(property.size() - 2, 2, "']") == 0) {
    return property.substr(prefix.size(), property.size() - prefix.size() - 2);
  }
  const std::string dq = "properties[\"";
  if (property.rfind(dq, 0) == 0 && property.size() > dq.size() + 2 &&
      property.compare(property.size() - 2, 2, "\"]") == 0) {
    return property.substr(dq.size(), property.size() - dq.size() - 2);
  }
  return property;
}

std::string KlaviyoDuration(long long quantity, const std::string& unit) {
  // At most a hundred years of any unit: flowproof durations are bounded.
  if (quantity < 0 || quantity > 36500LL * 24 * 60) return "";
  long long per_minute = unit == "minute" || unit == "minutes" ? 1
                         : unit == "hour" || unit == "hours"   ? 60
                         : unit == "day" || unit == "days"     ? 1440
                                                               : 10080;
  if (quantity > 36500LL * 1440 / per_minute) return "";
  std::string n = std::to_string(quantity);
  if (unit == "minute" || unit == "minutes") return n + "m";
  if (unit == "hour" || unit == "hours") return n + "h";
  if (unit == "day" || unit == "days") return n + "d";
  if (unit == "week" || unit == "weeks") return n + "w";
  return "";
}

int KlaviyoConditions::SamplePercentage(const Json& filter) {
  if (!filter.is_object()) return -1;
  auto groups = filter.find("condition_groups");
  if (groups == filter.end() || !groups->is_array() || groups->size() != 1) return -1;
  const Json& group = (*groups)[0];
  if (!group.is_object() || !group.contains("conditions") || !group["conditions"].is_array() ||
      group["conditions"].size() != 1) {
    return -1;
  }
  const Json& c = group["conditions"][0];
  if (StringMember(c, "type") != "profile-sample") return -1;
  long long pct = IntOr(c, "percentage", -1);
  return pct >= 0 && pct <= 100 ? static_cast<int>(pct) : -1;
}

Json KlaviyoConditions::Unsupported(const std::string& pointer, const std::string& what) {
  context_.AddLoss(pointer, what + " has no flowproof equivalent; the condition is always false");
  return Json(false);
}

Json KlaviyoConditions::Filter(const Json& filter, const std::string& pointer) {
  if (filter.is_null()) return Json(true);
  if (!filter.is_object() || !filter.contains("condition_groups") || !filter["condition_groups"].is_array()) {
    context_.AddLoss(pointer, "a filter without a 'condition_groups' array is ignored (always true)");
    return Json(true);
  }
  const Json& groups = filter["condition_groups"];
  if (groups.empty()) return Json(true);
  Json all = Json::array();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::string group_pointer = pointer + "/condition_groups/" + std::to_string(g);
    const Json& group = groups[g];
    if (!group.is_object() || !group.contains("conditions") || !group["conditions"].is_array() ||
        group["conditions"].empty()) {
      context_.AddLoss(group_pointer, "a condition group without conditions is ignored");
      continue;
    }
    Json any = Json::array();
    for (std::size_t c = 0; c < group["conditions"].size(); ++c) {
      any.push_back(Condition(group["conditions"][c], group_pointer + "/conditions/" + std::to_string(c)));
    }
    all.push_back(Joined("or", std::move(any)));
  }
  if (all.empty()) return Json(true);
  return Joined("and", std::move(all));
}

Json KlaviyoConditions::EventFilter(const Json& filter, const std::string& pointer) {
  if (filter.is_null()) return Json(true);
  if (!filter.is_object() || !filter.contains("condition_groups") || !filter["condition_groups"].is_array()) {
    context_.AddLoss(pointer, "a filter without a 'condition_groups' array is ignored (always true)");
    return Json(true);
  }
  const Json& groups = filter["condition_groups"];
  Json all = Json::array();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::string group_pointer = pointer + "/condition_groups/" + std::to_string(g);
    const Json& group = groups[g];
    if (!group.is_object() || !group.contains("conditions") || !group["conditions"].is_array()) continue;
    Json any = Json::array();
    for (std::size_t c = 0; c < group["conditions"].size(); ++c) {
      const Json& condition = group["conditions"][c];
      std::string p = group_pointer + "/conditions/" + std::to_string(c);
      std::string type = StringMember(condition, "type");
      if (type != "metric-property") {
        any.push_back(Unsupported(p, "the trigger condition '" + type + "'"));
        continue;
      }
      std::string field = StringMember(condition, "field");
      if (field.empty() || !condition.contains("filter")) {
        any.push_back(Unsupported(p, "a metric-property condition without 'field' or 'filter'"));
        continue;
      }
      any.push_back(ValueFilter(Var("event.properties." + field), condition["filter"], p + "/filter"));
    }
    if (!any.empty()) all.push_back(Joined("or", std::move(any)));
  }
  if (all.empty()) return Json(true);
  return Joined("and", std::move(all));
}

Json KlaviyoConditions::Condition(const Json& condition, const std::string& pointer) {
  std::string type = StringMember(condition, "type");
  if (type == "profile-property") {
    std::string property = StringMember(condition, "property");
    if (property.empty() || !condition.contains("filter")) {
      return Unsupported(pointer, "a profile-property condition without 'property' or 'filter'");
    }
    return ValueFilter(Var("contact." + KlaviyoAttribute(property)), condition["filter"], pointer + "/filter");
  }
  if (type == "profile-metric") return MetricCondition(condition, pointer);
  if (type == "profile-group-membership") {
    if (!condition.contains("group_ids") || !condition["group_ids"].is_array() || condition["group_ids"].empty()) {
      return Unsupported(pointer, "a group-membership condition without 'group_ids'");
    }
    Json any = Json::array();
    const Json& ids = condition["group_ids"];
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (!ids[i].is_string()) continue;
      std::string name = context_.NameForId(ids[i].get<std::string>(), "list or segment", pointer + "/group_ids/" + std::to_string(i));
      any.push_back(Json{{"in_list", Json::array({name})}});
    }
    if (any.empty()) return Unsupported(pointer, "a group-membership condition without string ids");
    if (condition.contains("timeframe_filter") && !condition["timeframe_filter"].is_null()) {
      context_.AddLoss(pointer + "/timeframe_filter",
                    "when the profile joined the list or segment is not known to flowproof; the timeframe is ignored");
    }
    Json member = Joined("or", std::move(any));
    bool is_member = !condition.contains("is_member") || condition["is_member"] != Json(false);
    return is_member ? member : Not(std::move(member));
  }
  if (type == "profile-marketing-consent") {
    const Json& consent = condition.contains("consent") ? condition["consent"] : Json();
    std::string channel = StringMember(consent, "channel");
    if (channel != "email" && channel != "sms" && channel != "push") {
      return Unsupported(pointer, "marketing consent for channel '" + channel + "'");
    }
    bool can = consent.is_object() && consent.contains("can_receive_marketing") &&
               consent["can_receive_marketing"] != Json(false);
    std::string subscription = StringMember(consent.is_object() ? consent.value("consent_status", Json()) : Json(), "subscription");
    if (subscription != "any" && !subscription.empty()) {
      context_.AddLoss(pointer + "/consent/consent_status",
                    "flowproof keeps one consent flag per channel; the subscription status '" + subscription +
                        "' is read as " + (can ? "'consented'" : "'not consented'"));
    }
    Json granted = Compare("!=", Var("contact.consent." + channel), Json(false));
    return can ? granted : Not(std::move(granted));
  }
  if (type == "profile-sample") {
    context_.AddLoss(pointer,
                  "a random sample inside a filter has no condition equivalent (a split node would be needed); the "
                  "condition is always false");
    return Json(false);
  }
  if (type == "profile-predictive-analytics") {
    context_.AddLoss(pointer, "predictive analytics ('" + StringMember(condition, "dimension") +
                               "') are not simulated; the condition is always false");
    return Json(false);
  }
  if (type == "profile-region") return Unsupported(pointer, "the region condition");
  if (type == "profile-postal-code-distance") return Unsupported(pointer, "the postal-code distance condition");
  if (type == "profile-has-custom-object") return Unsupported(pointer, "the custom-object condition");
  if (type == "profile-permissions") return Unsupported(pointer, "the WhatsApp permission condition");
  if (type == "profile-not-sent-email" || type == "profile-not-sent-sms" || type == "profile-not-sent-push") {
    return Unsupported(pointer, "the message-history condition '" + type + "'");
  }
  if (type == "profile-not-in-flow") return Unsupported(pointer, "the 'not in flow' condition");
  return Unsupported(pointer, "the condition type '" + type + "'");
}

Json KlaviyoConditions::MetricCondition(const Json& condition, const std::string& pointer) {
  std::string metric_id = StringMember(condition, "metric_id");
  if (metric_id.empty()) return Unsupported(pointer, "a profile-metric condition without 'metric_id'");
  std::string event = context_.NameForId(metric_id, "metric", pointer + "/metric_id");
  std::string measurement = StringMember(condition, "measurement", "count");
  if (measurement != "count") {
    return Unsupported(pointer + "/measurement", "the measurement '" + measurement + "' (only 'count' is)");
  }
  const Json& timeframe = condition.contains("timeframe_filter") ? condition["timeframe_filter"] : Json();
  std::string op = StringMember(timeframe, "operator");
  std::string within;
  if (op == "alltime") {
    within = "36500d";  // a hundred years: longer than any simulated history
  } else if (op == "in-the-last") {
    within = KlaviyoDuration(IntOr(timeframe, "quantity", -1), StringMember(timeframe, "unit"));
  }
  if (within.empty()) {
    context_.AddLoss(pointer + "/timeframe_filter",
                  "the timeframe '" + op + "' is read as all time (flowproof counts events in a trailing window)");
    within = "36500d";
  }
  Json args = Json::array({event, within});
  if (condition.contains("metric_filters") && condition["metric_filters"].is_array() &&
      !condition["metric_filters"].empty()) {
    Json all = Json::array();
    const Json& filters = condition["metric_filters"];
    for (std::size_t i = 0; i < filters.size(); ++i) {
      std::string p = pointer + "/metric_filters/" + std::to_string(i);
      std::string property = StringMember(filters[i], "property");
      if (property.empty() || !filters[i].contains("filter")) {
        all.push_back(Unsupported(p, "a metric filter without 'property' or 'filter'"));
        continue;
      }
      all.push_back(ValueFilter(Var("event.properties." + property), filters[i]["filter"], p + "/filter"));
    }
    args.push_back(Joined("and", std::move(all)));
  }
  Json count = Json{{"count_events", args}};
  const Json& mf = condition.contains("measurement_filter") ? condition["measurement_filter"] : Json();
  std::string mop = StringMember(mf, "operator");
  if (!mf.is_object() || !mf.contains("value") || !mf["value"].is_number()) {
    return Unsupported(pointer + "/measurement_filter", "a count without a numeric 'measurement_filter'");
  }
  return ValueFilter(count, mf, pointer + "/measurement_filter");
}

Json KlaviyoConditions::ValueFilter(const Json& value, const Json& filter, const std::string& pointer) {
  std::string type = StringMember(filter, "type");
  std::string op = StringMember(filter, "operator");
  const Json v = filter.is_object() && filter.contains("value") ? filter["value"] : Json();
  if (type == "existence") {
    if (op == "is-set") return Compare("!=", value, Json());
    if (op == "not-set") return Compare("==", value, Json());
    return Unsupported(pointer, "the existence operator '" + op + "'");
  }
  if (type == "string") {
    if (op == "equals") return Compare("==", value, v);
    if (op == "not-equals") return Compare("!=", value, v);
    if (op == "contains" && v.is_string()) return Compare("in", v, value);
    if (op == "not-contains" && v.is_string()) return Not(Compare("in", v, value));
    if ((op == "starts-with" || op == "not-starts-with") && v.is_string()) {
      long long n = static_cast<long long>(v.get<std::string>().size());
      Json rule = Compare("==", Json{{"substr", Json::array({value, 0, n})}}, v);
      return op == "starts-with" ? rule : Not(std::move(rule));
    }
    if ((op == "ends-with" || op == "not-ends-with") && v.is_string()) {
      long long n = static_cast<long long>(v.get<std::string>().size());
      Json rule = Compare("==", Json{{"substr", Json::array({value, -n})}}, v);
      return op == "ends-with" ? rule : Not(std::move(rule));
    }
    if ((op == "in" || op == "not-in") && v.is_array()) {
      Json rule = Compare("in", value, v);
      return op == "in" ? rule : Not(std::move(rule));
    }
    return Unsupported(pointer, "the string operator '" + op + "'");
  }
  if (type == "numeric") {
    static const std::pair<const char*, const char*> kOps[] = {
        {"equals", "=="},       {"not-equals", "!="},           {"greater-than", ">"},
        {"greater-than-or-equal", ">="}, {"less-than", "<"}, {"less-than-or-equal", "<="}};
    for (const auto& [name, logic] : kOps) {
      if (op == name && v.is_number()) return Compare(logic, value, v);
    }
    if (op == "between" && filter.contains("start") && filter.contains("end")) {
      return Json{{"<=", Json::array({filter["start"], value, filter["end"]})}};
    }
    return Unsupported(pointer, "the numeric operator '" + op + "'");
  }
  if (type == "boolean") {
    if (op == "equals" && v.is_boolean()) return Compare("==", value, v);
    return Unsupported(pointer, "the boolean operator '" + op + "'");
  }
  if (type == "list") {
    if (op == "contains") return Compare("in", v, value);
    if (op == "not-contains") return Not(Compare("in", v, value));
    static const std::pair<const char*, const char*> kLengthOps[] = {
        {"length-equals", "=="},          {"length-greater-than", ">"}, {"length-greater-than-or-equal", ">="},
        {"length-less-than", "<"},        {"length-less-than-or-equal", "<="}};
    for (const auto& [name, logic] : kLengthOps) {
      if (op == name && v.is_number()) {
        // JsonLogic has no length: count the items with reduce.
        Json length = Json{{"reduce", Json::array({value, Json{{"+", Json::array({Var("accumulator"), 1})}}, 0})}};
        return Compare(logic, std::move(length), v);
      }
    }
    return Unsupported(pointer, "the list operator '" + op + "'");
  }
  if (type == "date") {
    Json days = Json{{"days_since", Json::array({value})}};
    if ((op == "before" || op == "after") && filter.contains("date") && filter["date"].is_string()) {
      Json reference = Json{{"days_since", Json::array({filter["date"]})}};
      // Earlier dates are longer ago: "before D" means more days since than D.
      return Compare(op == "before" ? ">" : "<", std::move(days), std::move(reference));
    }
    if (op == "between-static" && filter.contains("start") && filter.contains("end")) {
      return Json{{"and", Json::array({Compare("<=", days, Json{{"days_since", Json::array({filter["start"]})}}),
                                        Compare(">=", days, Json{{"days_since", Json::array({filter["end"]})}})})}};
    }
    double per = DaysPerUnit(StringMember(filter, "unit"));
    if (per > 0 && (op == "in-the-last" || op == "at-least" || op == "in-the-next")) {
      double n = static_cast<double>(IntOr(filter, "quantity", 0)) * per;
      if (op == "in-the-last") return Json{{"<=", Json::array({0, days, NumberJson(n)})}};
      if (op == "at-least") return Compare(">=", days, NumberJson(n));
      return Json{{"<=", Json::array({NumberJson(-n), days, 0})}};
    }
    if (per > 0 && op == "between") {
      double a = static_cast<double>(IntOr(filter, "start", 0)) * per;
      double b = static_cast<double>(IntOr(filter, "end", 0)) * per;
      return Json{{"<=", Json::array({NumberJson(a), days, NumberJson(b)})}};
    }
    return Unsupported(pointer, "the date operator '" + op + "'");
  }
  return Unsupported(pointer, "the filter type '" + type + "'");
}

}  // namespace flowproof
