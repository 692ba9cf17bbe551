#include "core/import/hubspot_import.h"

#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/base/problem_codes.h"
#include "core/import/build_logic.h"
#include "core/import/import_context.h"
#include "core/time/timestamp.h"

namespace flowproof {
namespace {

// HubSpot's built-in action type ids (developers.hubspot.com, "Workflow
// actions and enrollment types").
constexpr char kDelay[] = "0-1";
constexpr char kSendEmail[] = "0-4";
constexpr char kSetProperty[] = "0-5";
constexpr char kListMembership[] = "0-13";  // legacy: fields.operation ADD/REMOVE
constexpr char kWaitForEvent[] = "0-29";
constexpr char kDelayUntilDate[] = "0-35";
constexpr char kAddToList[] = "0-63809083";
constexpr char kRemoveFromList[] = "0-63863438";

// Event type ids with a FORMAT.md standard event name.
const std::map<std::string, std::string>& KnownEvents() {
  static const std::map<std::string, std::string> kEvents = {
      {"4-1639801", "form_submitted"}, {"4-666440", "email_opened"}, {"4-666288", "email_clicked"}};
  return kEvents;
}

// A string, or an integer as its text (HubSpot writes ids either way).
std::string TextMember(const Json& object, const char* key, const std::string& fallback = "") {
  const Json& v = MemberOr(object, key);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  return fallback;
}

// HubSpot sends numbers as strings ("1440"); nullopt when not a number.
std::optional<double> Number(const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (!v.is_string()) return std::nullopt;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(d)) return std::nullopt;
  return d;
}

std::string TwoDigits(long long n) { return (n < 10 ? "0" : "") + std::to_string(n); }

class HubSpotFlow {
 public:
  explicit HubSpotFlow(ImportContext& ctx) : ctx_(ctx) {}
  ImportResult Convert(const Json& doc);

 private:
  std::string Target(const Json& connection, const std::string& pointer);
  std::string EndNode();
  Json FilterBranch(const Json& branch, const std::string& pointer);
  Json Filter(const Json& filter, const std::string& pointer, const std::string& subject);
  Json PropertyFilter(const Json& value, const Json& operation, const std::string& pointer);
  std::string EventName(const std::string& type_id, const std::string& pointer);
  void ConvertEnrollment(const Json& criteria, const std::string& pointer);
  void ConvertTimeWindows(const Json& doc);
  void ConvertAction(const Json& action, const std::string& node_id, const std::string& pointer);
  void ConvertSingle(const Json& action, const std::string& node_id, const std::string& pointer);
  void NoOp(const std::string& node_id, const std::string& next, const std::string& pointer, const std::string& why);

  ImportContext& ctx_;
  std::map<std::string, std::string> node_of_;  // actionId -> node id
  std::string end_node_;
  bool event_based_ = false;
};

std::string HubSpotFlow::EndNode() {
  if (end_node_.empty()) end_node_ = ctx_.AddExitNode("end", "completed", "");
  return end_node_;
}

std::string HubSpotFlow::Target(const Json& connection, const std::string& pointer) {
  std::string id = TextMember(connection, "nextActionId");
  if (id.empty()) return EndNode();
  auto it = node_of_.find(id);
  if (it == node_of_.end()) {
    ctx_.AddProblem(InputPointer(pointer, "nextActionId"), "names action '" + id + "', which is not in 'actions'",
                    problem_code::kBadReference);
    return EndNode();
  }
  return it->second;
}

void HubSpotFlow::NoOp(const std::string& node_id, const std::string& next, const std::string& pointer,
                       const std::string& why) {
  ctx_.AddLoss(pointer, why + "; it became a step that changes nothing");
  ctx_.SetNode(node_id, Json{{"type", "update"}, {"next", next}}, pointer);
}

std::string HubSpotFlow::EventName(const std::string& type_id, const std::string& pointer) {
  // Every use (a trigger, an event filter, a wait for an event) needs one:
  // an empty id would build a workflow with an empty event name.
  if (type_id.empty()) {
    ctx_.AddProblem(pointer, "an event needs a non-empty 'eventTypeId'", problem_code::kMissingField);
    return "missing_event_type";
  }
  auto it = KnownEvents().find(type_id);
  if (it != KnownEvents().end() && !ctx_.names().count(type_id)) return it->second;
  return ctx_.NameForId(type_id, "event type", pointer);
}

// A filter branch: its filters and sub-branches joined by its type (AND or
// OR); UNIFIED_EVENTS branches ask whether the contact had the event.
Json HubSpotFlow::FilterBranch(const Json& branch, const std::string& pointer) {
  if (branch.is_null()) return AlwaysTrue();
  std::string type = TextMember(branch, "filterBranchType", TextMember(branch, "filterBranchOperator", "AND"));
  std::vector<Json> parts;
  const Json& filters = MemberOr(branch, "filters");
  const Json& subs = MemberOr(branch, "filterBranches");
  if (type == "UNIFIED_EVENTS") {
    std::string event = EventName(TextMember(branch, "eventTypeId"), InputPointer(pointer, "eventTypeId"));
    std::vector<Json> where;
    if (filters.is_array()) {
      for (std::size_t i = 0; i < filters.size(); ++i) {
        where.push_back(Filter(filters[i], InputPointer(InputPointer(pointer, "filters"), i), "event.properties."));
      }
    }
    Json w = AllOf(std::move(where));
    Json rule = w == AlwaysTrue() ? HasEvent(event, kEverWindow) : HasEvent(event, kEverWindow, &w);
    std::string op = TextMember(branch, "operator", "HAS_COMPLETED");
    if (op == "HAS_NOT_COMPLETED") return Not(std::move(rule));
    if (op != "HAS_COMPLETED") {
      ctx_.AddLoss(InputPointer(pointer, "operator"), "the event operator '" + op + "' is read as HAS_COMPLETED");
    }
    return rule;
  }
  if (type != "AND" && type != "OR") {
    ctx_.AddLoss(pointer, "the filter branch type '" + type + "' has no flowproof equivalent; it is always false");
    return AlwaysFalse();
  }
  if (filters.is_array()) {
    for (std::size_t i = 0; i < filters.size(); ++i) {
      parts.push_back(Filter(filters[i], InputPointer(InputPointer(pointer, "filters"), i), "contact."));
    }
  }
  if (subs.is_array()) {
    for (std::size_t i = 0; i < subs.size(); ++i) {
      parts.push_back(FilterBranch(subs[i], InputPointer(InputPointer(pointer, "filterBranches"), i)));
    }
  }
  if (parts.empty()) return AlwaysTrue();
  return type == "OR" ? AnyOf(std::move(parts)) : AllOf(std::move(parts));
}

Json HubSpotFlow::Filter(const Json& filter, const std::string& pointer, const std::string& subject) {
  std::string type = TextMember(filter, "filterType");
  if (type == "PROPERTY") {
    std::string property = TextMember(filter, "property");
    if (property.empty()) {
      ctx_.AddLoss(pointer, "a property filter without 'property' is always false");
      return AlwaysFalse();
    }
    return PropertyFilter(Var(subject + property), MemberOr(filter, "operation"), InputPointer(pointer, "operation"));
  }
  if (type == "IN_LIST") {
    std::string list_id = TextMember(filter, "listId");
    if (list_id.empty()) {
      ctx_.AddLoss(pointer, "a list filter without 'listId' is always false");
      return AlwaysFalse();
    }
    Json rule = InList(ctx_.NameForId(list_id, "list", InputPointer(pointer, "listId")));
    return TextMember(filter, "operator", "IN_LIST") == "NOT_IN_LIST" ? Not(std::move(rule)) : rule;
  }
  if (type == "CONSTANT") {
    return MemberOr(filter, "shouldAccept") == Json(false) ? AlwaysFalse() : AlwaysTrue();
  }
  ctx_.AddLoss(pointer, "the filter type '" + type + "' has no flowproof equivalent; it is always false");
  return AlwaysFalse();
}

Json HubSpotFlow::PropertyFilter(const Json& value, const Json& operation, const std::string& pointer) {
  std::string op = TextMember(operation, "operator");
  std::string kind = TextMember(operation, "operationType");
  bool numeric = kind == "NUMBER" || kind == "NUMBER_RANGED";
  // A value as the property holds it: numbers for NUMBER, booleans for BOOL.
  auto literal = [&](const Json& v) -> Json {
    if (numeric) {
      if (std::optional<double> d = Number(v)) return NumberJson(*d);
    }
    if (kind == "BOOL" && v.is_string()) {
      if (v == "true") return Json(true);
      if (v == "false") return Json(false);
    }
    return v;
  };
  Json values = Json::array();
  if (MemberOr(operation, "values").is_array()) {
    for (const Json& v : operation["values"]) values.push_back(literal(v));
  } else if (!MemberOr(operation, "value").is_null()) {
    values.push_back(literal(operation["value"]));
  }
  auto one = [&]() -> std::optional<Json> {
    if (values.size() == 1) return values[0];
    return std::nullopt;
  };
  Json rule;
  if (op == "IS_KNOWN") {
    rule = Compare("!=", value, Json());
  } else if (op == "IS_UNKNOWN") {
    rule = Compare("==", value, Json());
  } else if ((op == "IS_EQUAL_TO" || op == "IS_ANY_OF") && !values.empty()) {
    rule = values.size() == 1 ? Compare("==", value, values[0]) : Compare("in", value, values);
  } else if ((op == "IS_NOT_EQUAL_TO" || op == "IS_NONE_OF") && !values.empty()) {
    rule = values.size() == 1 ? Compare("!=", value, values[0]) : Not(Compare("in", value, values));
  } else if ((op == "CONTAINS" || op == "DOES_NOT_CONTAIN") && one() && one()->is_string()) {
    rule = Compare("in", *one(), value);
    if (op == "DOES_NOT_CONTAIN") rule = Not(std::move(rule));
  } else if ((op == "STARTS_WITH" || op == "ENDS_WITH") && one() && one()->is_string()) {
    long long n = static_cast<long long>(one()->get<std::string>().size());
    Json part = op == "STARTS_WITH" ? Json{{"substr", Json::array({value, 0, n})}} : Json{{"substr", Json::array({value, -n})}};
    rule = Compare("==", std::move(part), *one());
  } else if ((op == "IS_GREATER_THAN" || op == "IS_GREATER_THAN_OR_EQUAL_TO" || op == "IS_LESS_THAN" ||
              op == "IS_LESS_THAN_OR_EQUAL_TO") && one()) {
    static const std::map<std::string, std::string> kOps = {{"IS_GREATER_THAN", ">"},
                                                            {"IS_GREATER_THAN_OR_EQUAL_TO", ">="},
                                                            {"IS_LESS_THAN", "<"},
                                                            {"IS_LESS_THAN_OR_EQUAL_TO", "<="}};
    rule = Compare(kOps.at(op), value, *one());
  } else if (op == "IS_BETWEEN" || op == "IS_NOT_BETWEEN") {
    std::optional<double> low = Number(MemberOr(operation, "lowerBound"));
    std::optional<double> high = Number(MemberOr(operation, "upperBound"));
    if (!low || !high) {
      ctx_.AddLoss(pointer, "a range without numeric 'lowerBound' and 'upperBound' is always false");
      return AlwaysFalse();
    }
    rule = Json{{"<=", Json::array({NumberJson(*low), value, NumberJson(*high)})}};
    if (op == "IS_NOT_BETWEEN") rule = Not(std::move(rule));
  } else {
    ctx_.AddLoss(pointer, "the property operator '" + op + "' (" + kind +
                              ") has no flowproof equivalent; the filter is always false");
    return AlwaysFalse();
  }
  if (MemberOr(operation, "includeObjectsWithNoValueSet") == Json(true)) {
    rule = AnyOf({Compare("==", value, Json()), std::move(rule)});
  }
  return rule;
}

void HubSpotFlow::ConvertEnrollment(const Json& criteria, const std::string& pointer) {
  Json& entry = ctx_.workflow()["entry"];
  entry["triggers"] = Json::array();
  std::string type = TextMember(criteria, "type", "MANUAL");
  bool reenroll = MemberOr(criteria, "shouldReEnroll") == Json(true);
  entry["reenroll"] = reenroll ? "after_exit" : "never";
  if (type == "LIST_BASED") {
    Json rule = FilterBranch(MemberOr(criteria, "listFilterBranch"), InputPointer(pointer, "listFilterBranch"));
    entry["triggers"].push_back(Json{{"type", "condition"}, {"condition", rule}});
    if (MemberOr(criteria, "unEnrollObjectsNotMeetingCriteria") == Json(true)) {
      ctx_.workflow()["exit"]["goal"] = Not(rule);
      ctx_.AddLoss(InputPointer(pointer, "unEnrollObjectsNotMeetingCriteria"),
                   "a contact that stops meeting the criteria leaves through the exit goal (exit reason 'goal')");
    }
    const Json& re = MemberOr(criteria, "reEnrollmentTriggersFilterBranches");
    if (reenroll && re.is_array() && !re.empty()) {
      ctx_.AddLoss(InputPointer(pointer, "reEnrollmentTriggersFilterBranches"),
                   "re-enrolment triggers are not simulated; a contact re-enrols whenever the criteria become true again");
    }
    return;
  }
  if (type == "EVENT_BASED") {
    event_based_ = true;
    const Json& branches = MemberOr(criteria, "eventFilterBranches");
    std::string bp = InputPointer(pointer, "eventFilterBranches");
    if (branches.is_array()) {
      for (std::size_t i = 0; i < branches.size(); ++i) {
        const Json& b = branches[i];
        std::string p = InputPointer(bp, i);
        Json trigger = {{"type", "event"}, {"event", EventName(TextMember(b, "eventTypeId"), InputPointer(p, "eventTypeId"))}};
        std::vector<Json> where;
        const Json& filters = MemberOr(b, "filters");
        if (filters.is_array()) {
          for (std::size_t j = 0; j < filters.size(); ++j) {
            where.push_back(Filter(filters[j], InputPointer(InputPointer(p, "filters"), j), "event.properties."));
          }
        }
        Json w = AllOf(std::move(where));
        if (w != AlwaysTrue()) trigger["where"] = w;
        if (TextMember(b, "operator", "HAS_COMPLETED") != "HAS_COMPLETED") {
          ctx_.AddLoss(InputPointer(p, "operator"), "only completed events enrol; the operator is read as HAS_COMPLETED");
        }
        entry["triggers"].push_back(std::move(trigger));
      }
    }
    std::vector<Json> audience;
    const Json& lists = MemberOr(criteria, "listMembershipFilterBranches");
    if (lists.is_array()) {
      for (std::size_t i = 0; i < lists.size(); ++i) {
        audience.push_back(FilterBranch(lists[i], InputPointer(InputPointer(pointer, "listMembershipFilterBranches"), i)));
      }
    }
    if (!MemberOr(criteria, "refinementCriteria").is_null()) {
      audience.push_back(FilterBranch(criteria["refinementCriteria"], InputPointer(pointer, "refinementCriteria")));
    }
    Json a = AllOf(std::move(audience));
    if (a != AlwaysTrue()) entry["audience"] = a;
    if (entry["triggers"].empty()) {
      ctx_.AddLoss(bp, "no event enrols contacts in this flow; it is enrolled by the event 'enrolled_manually'");
      entry["triggers"].push_back(Json{{"type", "event"}, {"event", "enrolled_manually"}});
    }
    return;
  }
  // A workflow needs a trigger: a fixture enrols contacts with this event.
  ctx_.AddLoss(InputPointer(pointer, "type"), "the flow enrols contacts " +
                                                  std::string(type == "MANUAL" ? "manually" : "by '" + type + "'") +
                                                  "; the workflow is enrolled by the event 'enrolled_manually'");
  entry["triggers"].push_back(Json{{"type", "event"}, {"event", "enrolled_manually"}});
}

void HubSpotFlow::ConvertTimeWindows(const Json& doc) {
  const Json& windows = MemberOr(doc, "timeWindows");
  if (windows.is_array() && !windows.empty()) {
    std::set<std::string> days;
    std::string start, end;
    bool same = true;
    for (const Json& w : windows) {
      auto time = [](const Json& t) -> std::string {
        const Json& h = MemberOr(t, "hour");
        const Json& m = MemberOr(t, "minute");
        if (!h.is_number_integer() || h.get<long long>() < 0 || h.get<long long>() > 23) return "";
        long long minute = m.is_number_integer() ? m.get<long long>() : 0;
        if (minute < 0 || minute > 59) return "";
        return TwoDigits(h.get<long long>()) + ":" + TwoDigits(minute);
      };
      std::string s = time(MemberOr(w, "startTime"));
      std::string e = time(MemberOr(w, "endTime"));
      if (s.empty() || e.empty()) {
        same = false;
        break;
      }
      if (start.empty()) {
        start = s;
        end = e;
      } else if (s != start || e != end) {
        same = false;
      }
      days.insert(TextMember(w, "day"));
    }
    if (!same || start == end) {
      ctx_.AddLoss("/timeWindows", "the time windows differ from day to day (or are unreadable); they are not simulated");
    } else {
      // Sends are allowed from start to end: quiet hours are the rest of the day.
      ctx_.workflow()["settings"]["quiet_hours"] = Json{{"start", end}, {"end", start}, {"mode", "hold"}};
      ctx_.AddLoss("/timeWindows", "HubSpot holds every action outside the window, in the portal's time zone; flowproof "
                                   "holds sends only, in each contact's zone (quiet hours " + end + "-" + start + ")");
      if (days.size() < 7) {
        ctx_.AddLoss("/timeWindows", "days without a window are not blocked (flowproof's quiet hours are the same every day)");
      }
    }
  }
  const Json& blocked = MemberOr(doc, "blockedDates");
  if (blocked.is_array() && !blocked.empty()) {
    ctx_.AddLoss("/blockedDates", "blocked dates are not simulated");
  }
}

void HubSpotFlow::ConvertSingle(const Json& action, const std::string& node_id, const std::string& pointer) {
  std::string type_id = TextMember(action, "actionTypeId");
  const Json& fields = MemberOr(action, "fields");
  std::string fp = InputPointer(pointer, "fields");
  std::string next = Target(MemberOr(action, "connection"), InputPointer(pointer, "connection"));
  if (type_id == kDelay) {
    std::optional<double> delta = Number(MemberOr(fields, "delta"));
    bool rounded = false;
    std::optional<std::string> d;
    if (delta) d = DurationFromUnit(*delta, TextMember(fields, "time_unit", "MINUTES"), &rounded);
    if (!d) {
      ctx_.AddProblem(fp, "a delay needs a non-negative 'delta' and a 'time_unit' (MINUTES, HOURS, DAYS, WEEKS)",
                      problem_code::kWrongType);
      return;
    }
    if (rounded) ctx_.AddLoss(InputPointer(fp, "delta"), "the delay is rounded to the nearest second");
    ctx_.SetNode(node_id, Json{{"type", "wait"}, {"for", *d}, {"next", next}}, pointer);
    return;
  }
  if (type_id == kDelayUntilDate) {
    const Json& date = MemberOr(fields, "date");
    Json at;
    if (TextMember(date, "type") == "OBJECT_PROPERTY" && !TextMember(date, "propertyName").empty()) {
      at = ContactVar(TextMember(date, "propertyName"));
    } else if (std::optional<double> ms = Number(MemberOr(date, "staticValue")); ms && *ms >= 0 && *ms < 253402300800000.0) {
      at = FormatTimestamp(static_cast<Instant>(std::floor(*ms / 1000.0)));
    } else {
      NoOp(node_id, next, pointer, "a delay until a date without a readable date");
      return;
    }
    std::optional<double> delta = Number(MemberOr(fields, "delta"));
    if (delta && *delta != 0) {
      std::optional<std::string> d = DurationFromUnit(std::fabs(*delta), TextMember(fields, "time_unit", "DAYS"));
      if (d) at = Json{{"date_add", Json::array({at, (*delta < 0 ? "-" : "") + *d})}};
    }
    if (!MemberOr(fields, "time_of_day").is_null()) {
      ctx_.AddLoss(InputPointer(fp, "time_of_day"), "the time of day on the date is not simulated; the wait ends at the "
                                                    "date's own time");
    }
    ctx_.SetNode(node_id, Json{{"type", "wait"}, {"until_expr", at}, {"next", next}}, pointer);
    return;
  }
  if (type_id == kWaitForEvent) {
    const Json& branches = MemberOr(fields, "event_filter_branches");
    if (!branches.is_array() || branches.empty()) {
      NoOp(node_id, next, pointer, "a wait for an event without 'event_filter_branches'");
      return;
    }
    std::string bp = InputPointer(fp, "event_filter_branches");
    if (branches.size() > 1) ctx_.AddLoss(bp, "only the first event of the wait is simulated");
    const Json& b = branches[0];
    std::string p = InputPointer(bp, 0);
    Json node = {{"type", "wait_event"}, {"event", EventName(TextMember(b, "eventTypeId"), InputPointer(p, "eventTypeId"))}, {"next", next}};
    std::vector<Json> where;
    const Json& filters = MemberOr(b, "filters");
    if (filters.is_array()) {
      for (std::size_t j = 0; j < filters.size(); ++j) {
        where.push_back(Filter(filters[j], InputPointer(InputPointer(p, "filters"), j), "event.properties."));
      }
    }
    Json w = AllOf(std::move(where));
    if (w != AlwaysTrue()) node["where"] = w;
    if (std::optional<double> minutes = Number(MemberOr(fields, "expiration_minutes"))) {
      if (std::optional<std::string> d = DurationFromUnit(*minutes, "minutes")) {
        node["timeout"] = *d;
        node["on_timeout"] = next;  // HubSpot goes on down the same path when the wait expires
      }
    }
    ctx_.SetNode(node_id, std::move(node), pointer);
    return;
  }
  if (type_id == kSendEmail) {
    std::string content = TextMember(fields, "content_id");
    if (content.empty()) {
      NoOp(node_id, next, pointer, "an email action without 'content_id'");
      return;
    }
    std::string tmpl = ctx_.PlaceholderTemplate(content, "email", InputPointer(fp, "content_id"));
    ctx_.SetNode(node_id, Json{{"type", "send"}, {"channel", "email"}, {"template", tmpl}, {"next", next}}, pointer);
    return;
  }
  if (type_id == kSetProperty) {
    std::string property = TextMember(fields, "property_name");
    const Json& value = MemberOr(fields, "value");
    if (property.empty() || property == "id") {
      NoOp(node_id, next, pointer, "a set-property action without a usable 'property_name'");
      return;
    }
    std::string vtype = TextMember(value, "type", "STATIC_VALUE");
    if (vtype != "STATIC_VALUE" || !value.contains("staticValue")) {
      NoOp(node_id, next, pointer, "the value type '" + vtype + "' is not simulated");
      return;
    }
    Json v = value["staticValue"];
    if (v.is_object()) {
      NoOp(node_id, next, pointer, "an object value");
      return;
    }
    ctx_.SetNode(node_id, Json{{"type", "update"}, {"set", Json{{property, v}}}, {"next", next}}, pointer);
    return;
  }
  if (type_id == kAddToList || type_id == kRemoveFromList || type_id == kListMembership) {
    std::string list_id = TextMember(fields, "listId", TextMember(fields, "list_id"));
    if (list_id.empty()) {
      NoOp(node_id, next, pointer, "a list action without 'listId'");
      return;
    }
    bool add = type_id == kAddToList || (type_id == kListMembership && TextMember(fields, "operation", "ADD") == "ADD");
    std::string list = ctx_.NameForId(list_id, "list", InputPointer(fp, fields.contains("listId") ? "listId" : "list_id"));
    ctx_.SetNode(node_id, Json{{"type", "update"}, {add ? "add_to_lists" : "remove_from_lists", Json::array({list})}, {"next", next}},
                 pointer);
    return;
  }
  NoOp(node_id, next, pointer,
       type_id.empty() ? std::string("an action without 'actionTypeId'")
                       : "the action type '" + type_id + "' (tasks, notifications, records, ...) is not simulated");
}

void HubSpotFlow::ConvertAction(const Json& action, const std::string& node_id, const std::string& pointer) {
  std::string type = TextMember(action, "type", "SINGLE_CONNECTION");
  if (type == "SINGLE_CONNECTION") {
    ConvertSingle(action, node_id, pointer);
  } else if (type == "WEBHOOK") {
    std::string next = Target(MemberOr(action, "connection"), InputPointer(pointer, "connection"));
    std::string url = TextMember(action, "webhookUrl");
    Json tmpl = {{"channel", "webhook"}, {"method", TextMember(action, "method", "POST")}, {"url", url}};
    std::string name = ctx_.AddTemplate("webhook_" + node_id, std::move(tmpl));
    if (url.find("{{") != std::string::npos || url.find("{%") != std::string::npos) {
      ctx_.AddLoss(InputPointer(pointer, "webhookUrl"), "the URL's template markup is read as Liquid");
    }
    ctx_.SetNode(node_id, Json{{"type", "send"}, {"channel", "webhook"}, {"template", name}, {"next", next}}, pointer);
  } else if (type == "LIST_BRANCH") {
    Json arms = Json::array();
    const Json& branches = MemberOr(action, "listBranches");
    std::string bp = InputPointer(pointer, "listBranches");
    std::set<std::string> labels;
    if (branches.is_array()) {
      for (std::size_t i = 0; i < branches.size(); ++i) {
        std::string p = InputPointer(bp, i);
        std::string label = TextMember(branches[i], "branchName", "branch " + std::to_string(i + 1));
        if (label.empty() || label == "else") label = "branch " + std::to_string(i + 1);
        while (labels.count(label)) label += "'";
        labels.insert(label);
        Json when = FilterBranch(MemberOr(branches[i], "filterBranch"), InputPointer(p, "filterBranch"));
        arms.push_back(Json{{"label", label}, {"when", when}, {"next", Target(MemberOr(branches[i], "connection"), InputPointer(p, "connection"))}});
      }
    }
    std::string otherwise = Target(MemberOr(action, "defaultBranch"), InputPointer(pointer, "defaultBranch"));
    if (arms.empty()) {
      ctx_.SetNode(node_id, Json{{"type", "update"}, {"next", otherwise}}, pointer);
      return;
    }
    ctx_.SetNode(node_id, Json{{"type", "branch"}, {"branches", arms}, {"else", otherwise}}, pointer);
  } else if (type == "STATIC_BRANCH") {
    const Json& input = MemberOr(action, "inputValue");
    std::string property = TextMember(input, "propertyName");
    std::string otherwise = Target(MemberOr(action, "defaultBranch"), InputPointer(pointer, "defaultBranch"));
    if (property.empty()) {
      NoOp(node_id, otherwise, pointer, "a value branch on anything but a contact property takes the default branch");
      return;
    }
    Json arms = Json::array();
    const Json& branches = MemberOr(action, "staticBranches");
    std::string bp = InputPointer(pointer, "staticBranches");
    std::set<std::string> labels;
    if (branches.is_array()) {
      for (std::size_t i = 0; i < branches.size(); ++i) {
        std::string p = InputPointer(bp, i);
        const Json& v = MemberOr(branches[i], "branchValue");
        std::string label = v.is_string() ? v.get<std::string>() : v.dump();
        if (label.empty() || label == "else") label = "value " + std::to_string(i + 1);
        while (labels.count(label)) label += "'";
        labels.insert(label);
        arms.push_back(Json{{"label", label}, {"when", Compare("==", ContactVar(property), v)},
                            {"next", Target(MemberOr(branches[i], "connection"), InputPointer(p, "connection"))}});
      }
    }
    if (arms.empty()) {
      ctx_.SetNode(node_id, Json{{"type", "update"}, {"next", otherwise}}, pointer);
      return;
    }
    ctx_.SetNode(node_id, Json{{"type", "branch"}, {"branches", arms}, {"else", otherwise}}, pointer);
  } else if (type == "AB_TEST_BRANCH") {
    const Json& branches = MemberOr(action, "testBranches");
    std::string bp = InputPointer(pointer, "testBranches");
    if (!branches.is_array() || branches.empty()) {
      ctx_.AddProblem(bp, "an A/B test branch needs 'testBranches'", problem_code::kMissingField);
      return;
    }
    Json variants = Json::array();
    for (std::size_t i = 0; i < branches.size(); ++i) {
      std::string label = i < 26 ? std::string(1, static_cast<char>('A' + i)) : "V" + std::to_string(i + 1);
      variants.push_back(Json{{"label", label}, {"weight", 1}, {"next", Target(branches[i], InputPointer(bp, i))}});
    }
    ctx_.SetNode(node_id, Json{{"type", "split"}, {"mode", "random"}, {"variants", variants}}, pointer);
  } else {
    std::string next = Target(MemberOr(action, "connection"), InputPointer(pointer, "connection"));
    NoOp(node_id, next, pointer, "the action type '" + type + "' (custom code, ...) is not simulated");
  }
}

ImportResult HubSpotFlow::Convert(const Json& doc) {
  Json& wf = ctx_.workflow();
  std::string id = TextMember(doc, "id");
  wf["id"] = id.empty() ? "hubspot-flow" : "hubspot-" + id;
  if (!TextMember(doc, "name").empty()) wf["name"] = TextMember(doc, "name");
  std::string object_type = TextMember(doc, "objectTypeId", "0-1");
  if (object_type != "0-1") {
    ctx_.AddLoss("/objectTypeId", "the flow enrols '" + object_type + "' records, simulated as contacts");
  }
  const Json& actions = MemberOr(doc, "actions");
  if (!actions.is_array()) {
    ctx_.AddProblem("/actions", "a HubSpot flow needs an 'actions' array", problem_code::kMissingField);
    return ctx_.Finish("");
  }
  std::vector<std::string> node_ids(actions.size());
  for (std::size_t i = 0; i < actions.size(); ++i) {
    std::string p = InputPointer("/actions", i);
    if (!actions[i].is_object()) {
      ctx_.AddProblem(p, "an action must be an object", problem_code::kWrongType);
      continue;
    }
    std::string action_id = TextMember(actions[i], "actionId");
    if (action_id.empty()) {
      ctx_.AddProblem(p, "an action needs an 'actionId'", problem_code::kMissingField);
      continue;
    }
    if (node_of_.count(action_id)) {
      ctx_.AddProblem(InputPointer(p, "actionId"), "the action id '" + action_id + "' is used twice",
                      problem_code::kDuplicateName);
      continue;
    }
    std::string type = TextMember(actions[i], "type", "SINGLE_CONNECTION");
    std::string kind = type;
    if (type == "SINGLE_CONNECTION") {
      static const std::map<std::string, std::string> kKinds = {
          {kDelay, "delay"},           {kSendEmail, "send_email"},     {kSetProperty, "set_property"},
          {kListMembership, "list"},   {kWaitForEvent, "wait_for_event"}, {kDelayUntilDate, "delay_until_date"},
          {kAddToList, "add_to_list"}, {kRemoveFromList, "remove_from_list"}};
      auto it = kKinds.find(TextMember(actions[i], "actionTypeId"));
      kind = it != kKinds.end() ? it->second : "action_" + TextMember(actions[i], "actionTypeId");
    }
    node_ids[i] = ctx_.ReserveNodeId(kind + "_" + action_id);
    node_of_[action_id] = node_ids[i];
  }
  std::string start;
  std::string start_id = TextMember(doc, "startActionId");
  if (start_id.empty()) {
    if (!actions.empty()) {
      ctx_.AddProblem("/startActionId", "the flow needs a 'startActionId'", problem_code::kMissingField);
    } else {
      start = EndNode();
    }
  } else if (!node_of_.count(start_id)) {
    ctx_.AddProblem("/startActionId", "names action '" + start_id + "', which is not in 'actions'",
                    problem_code::kBadReference);
  } else {
    start = node_of_[start_id];
  }
  ConvertEnrollment(MemberOr(doc, "enrollmentCriteria"), "/enrollmentCriteria");
  wf["type"] = event_based_ ? "behavioral" : "lifecycle";
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (!node_ids[i].empty()) ConvertAction(actions[i], node_ids[i], InputPointer("/actions", i));
  }
  if (!MemberOr(doc, "goalFilterBranch").is_null()) {
    Json goal = FilterBranch(doc["goalFilterBranch"], "/goalFilterBranch");
    if (wf.contains("exit") && wf["exit"].contains("goal")) {
      wf["exit"]["goal"] = AnyOf({goal, wf["exit"]["goal"]});
    } else {
      wf["exit"]["goal"] = goal;
    }
  }
  const Json& unenroll = MemberOr(doc, "unEnrollmentSetting");
  std::string utype = TextMember(unenroll, "type", "NONE");
  if (utype != "NONE") {
    ctx_.AddLoss("/unEnrollmentSetting", "unenrolling contacts from other workflows ('" + utype + "') is not simulated");
  }
  const Json& suppression = MemberOr(doc, "suppressionListIds");
  if (suppression.is_array() && !suppression.empty()) {
    std::vector<Json> none;
    for (std::size_t i = 0; i < suppression.size(); ++i) {
      std::string list_id = TextMember(Json{{"v", suppression[i]}}, "v");
      if (list_id.empty()) continue;
      none.push_back(InList(ctx_.NameForId(list_id, "suppression list", InputPointer("/suppressionListIds", i))));
    }
    if (!none.empty()) {
      Json excluded = Not(AnyOf(std::move(none)));
      Json& entry = wf["entry"];
      entry["audience"] = entry.contains("audience") ? AllOf({entry["audience"], excluded}) : excluded;
    }
  }
  ConvertTimeWindows(doc);
  return ctx_.Finish(start);
}

}  // namespace

ImportResult ImportFromHubSpot(const Json& doc, const NamesMap& names) {
  ImportContext ctx(Platform::kHubSpot, names);
  HubSpotFlow flow(ctx);
  return flow.Convert(doc);
}

}  // namespace flowproof
