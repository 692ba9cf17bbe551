#include "core/import/klaviyo_import.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/base/problem_codes.h"
#include "core/import/import_context.h"
#include "core/import/klaviyo_conditions.h"
#include "core/import/klaviyo_template.h"

namespace flowproof {
namespace {

// Klaviyo's account defaults (README, platform rules): Smart Sending skips a
// message when the profile got one on that channel within the window; SMS
// quiet hours hold texts from 21:00 to 08:00 local time.
constexpr char kEmailSmartSendingWindow[] = "16h";
constexpr char kSmsSmartSendingWindow[] = "24h";
constexpr char kPushSmartSendingWindow[] = "24h";
constexpr char kQuietStart[] = "21:00";
constexpr char kQuietEnd[] = "08:00";

bool Bool(const Json& object, const char* key, bool fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  if (it == object.end() || !it->is_boolean()) return fallback;
  return it->get<bool>();
}

// An action's id: `id`, else `temporary_id`; numbers are read as their text.
std::string ActionId(const Json& action) {
  for (const char* key : {"id", "temporary_id"}) {
    const Json& v = MemberOr(action, key);
    if (v.is_string() && !v.get<std::string>().empty()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
  }
  return "";
}

// A link target: a string or integer id; "" for null or absent.
std::string LinkTarget(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  return "";
}

// Text that goes into a placeholder: no markup characters.
std::string Plain(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != '{' && c != '}' && c != '%' && c != '<' && c != '>') out += c;
  }
  return out;
}

// "09:00:00" -> "09:00"; a valid local time or "".
std::string LocalTime(const std::string& t) {
  if (t.size() < 5 || t[2] != ':') return "";
  std::string hm = t.substr(0, 5);
  for (int i : {0, 1, 3, 4}) {
    if (hm[i] < '0' || hm[i] > '9') return "";
  }
  if (hm.substr(0, 2) > "23" || hm.substr(3, 2) > "59") return "";
  return hm;
}

std::string Weekday(const std::string& day) {
  static const std::map<std::string, std::string> kDays = {
      {"monday", "mon"}, {"tuesday", "tue"}, {"wednesday", "wed"}, {"thursday", "thu"},
      {"friday", "fri"}, {"saturday", "sat"}, {"sunday", "sun"}};
  auto it = kDays.find(day);
  return it == kDays.end() ? "" : it->second;
}

class KlaviyoFlow {
 public:
  KlaviyoFlow(ImportContext& ctx) : ctx_(ctx), conditions_(ctx) {}
  ImportResult Convert(const Json& doc);

 private:
  struct Send {
    std::string channel;
    std::string pointer;  // the action's message
    bool smart_sending = true;
    bool quiet_hours = true;  // SMS only
  };

  // The node a link leads to; "" (null) is the end of the flow. A link to no
  // action is a problem at `pointer`.
  std::string Target(const Json& link, const std::string& pointer);
  std::string EndNode();
  void ConvertTriggers(const Json& definition, const std::string& pointer);
  void ConvertAction(const Json& action, const std::string& node_id, const std::string& pointer);
  // A send node for `message_action` (a send-* action or an ab-test
  // variation) at `node_id` leading to `next`.
  void ConvertSend(const Json& send_action, const std::string& node_id, const std::string& next,
                   const std::string& pointer);
  void ConvertDelay(const Json& data, const std::string& node_id, const std::string& next, const std::string& pointer,
                    bool target_date);
  void ConvertAbTest(const Json& data, const std::string& node_id, const std::string& next, const std::string& pointer);
  void NoOp(const std::string& node_id, const std::string& next, const std::string& pointer, const std::string& why);
  std::string Text(const Json& message, const char* key, const std::string& pointer);
  void ApplySendingRules();

  ImportContext& ctx_;
  KlaviyoConditions conditions_;
  std::map<std::string, std::string> node_of_;  // action id -> node id
  std::string end_node_;
  std::vector<Send> sends_;
  std::string trigger_type_;
};

std::string KlaviyoFlow::EndNode() {
  if (end_node_.empty()) end_node_ = ctx_.AddExitNode("end", "completed", "");
  return end_node_;
}

std::string KlaviyoFlow::Target(const Json& link, const std::string& pointer) {
  std::string id = LinkTarget(link);
  if (id.empty()) return EndNode();
  auto it = node_of_.find(id);
  if (it == node_of_.end()) {
    ctx_.AddProblem(pointer, "links to action '" + id + "', which is not in 'actions'", problem_code::kBadReference);
    return EndNode();
  }
  return it->second;
}

std::string KlaviyoFlow::Text(const Json& message, const char* key, const std::string& pointer) {
  const Json& v = MemberOr(message, key);
  if (!v.is_string()) return "";
  DjangoTranslation t = TranslateDjangoToLiquid(v.get<std::string>());
  for (const std::string& kept : t.untranslated) {
    ctx_.AddLoss(InputPointer(pointer, key), "the Klaviyo template syntax '" + kept +
                                                 "' has no Liquid translation; it is kept as literal text");
  }
  return t.liquid;
}

void KlaviyoFlow::NoOp(const std::string& node_id, const std::string& next, const std::string& pointer,
                       const std::string& why) {
  ctx_.AddLoss(pointer, why + "; it became a step that changes nothing");
  ctx_.SetNode(node_id, Json{{"type", "update"}, {"next", next}}, pointer);
}

void KlaviyoFlow::ConvertTriggers(const Json& definition, const std::string& pointer) {
  Json triggers = Json::array();
  const Json& list = MemberOr(definition, "triggers");
  std::string tp = InputPointer(pointer, "triggers");
  if (!list.is_array() || list.empty()) {
    // A workflow needs a trigger: a fixture enrols contacts with this event.
    ctx_.AddLoss(tp, "the flow has no trigger; it is enrolled by the event 'enrolled_manually'");
    triggers.push_back(Json{{"type", "event"}, {"event", "enrolled_manually"}});
  } else {
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Json& t = list[i];
      std::string p = InputPointer(tp, i);
      std::string type = StringMember(t, "type");
      if (trigger_type_.empty()) trigger_type_ = type;
      std::string id = LinkTarget(MemberOr(t, "id"));
      if (type == "metric" && !id.empty()) {
        Json trigger = {{"type", "event"}, {"event", ctx_.NameForId(id, "metric", InputPointer(p, "id"))}};
        Json where = conditions_.EventFilter(MemberOr(t, "trigger_filter"), InputPointer(p, "trigger_filter"));
        if (where != Json(true)) trigger["where"] = where;
        triggers.push_back(std::move(trigger));
      } else if ((type == "list" || type == "segment") && !id.empty()) {
        std::string name = ctx_.NameForId(id, type.c_str(), InputPointer(p, "id"));
        if (type == "segment") {
          ctx_.AddLoss(p, "segment membership is simulated as membership of a list of the same name");
        }
        triggers.push_back(Json{{"type", "condition"}, {"condition", Json{{"in_list", Json::array({name})}}}});
      } else if (type == "date" && StringMember(t, "date_field_type", "profile-property") == "profile-property" &&
                 !StringMember(t, "date_profile_property").empty()) {
        Json trigger = {{"type", "date"}, {"attribute", KlaviyoAttribute(StringMember(t, "date_profile_property"))}};
        long long n = MemberOr(t, "timedelta_value_before_date").is_number_integer()
                          ? MemberOr(t, "timedelta_value_before_date").get<long long>()
                          : 0;
        std::string unit = StringMember(t, "timedelta_unit_before_date", "weeks");
        if (unit == "months") {
          ctx_.AddLoss(InputPointer(p, "timedelta_unit_before_date"),
                       "a month is not a fixed length; it is taken as 30 days");
          n *= 30;
          unit = "days";
        }
        std::string offset = KlaviyoDuration(n < 0 ? -n : n, unit);
        if (n != 0 && !offset.empty()) trigger["offset"] = (n > 0 ? "-" : "") + offset;
        std::string at = LocalTime(StringMember(t, "trigger_time"));
        trigger["at"] = at.empty() ? "09:00" : at;
        if (at.empty()) ctx_.AddLoss(InputPointer(p, "trigger_time"), "no readable trigger time; 09:00 is used");
        std::string recurrence = StringMember(t, "recurrence_frequency", "monthly");
        if (recurrence == "annually") {
          trigger["every"] = "year";
        } else if (recurrence != "never") {
          ctx_.AddLoss(InputPointer(p, "recurrence_frequency"),
                       "flowproof date triggers repeat yearly or not at all; the '" + recurrence +
                           "' recurrence fires once");
        }
        if (MemberOr(t, "trigger_days").is_array() && !MemberOr(t, "trigger_days").empty()) {
          ctx_.AddLoss(InputPointer(p, "trigger_days"), "the allowed trigger days are not simulated");
        }
        std::string zone = StringMember(t, "timezone", "profile");
        if (zone != "profile") {
          ctx_.AddLoss(InputPointer(p, "timezone"), "the trigger fires in each contact's zone, not in " + zone);
        }
        triggers.push_back(std::move(trigger));
      } else {
        std::string name = type.empty() ? "klaviyo_trigger" : "klaviyo_" + type;
        std::replace(name.begin(), name.end(), '-', '_');
        ctx_.AddLoss(p, "the '" + type + "' trigger has no flowproof equivalent; it became an event trigger named '" +
                            name + "'");
        triggers.push_back(Json{{"type", "event"}, {"event", name}});
      }
    }
  }
  ctx_.workflow()["entry"]["triggers"] = std::move(triggers);
}

void KlaviyoFlow::ConvertDelay(const Json& data, const std::string& node_id, const std::string& next,
                               const std::string& pointer, bool target_date) {
  std::string dp = InputPointer(pointer, "data");
  std::string zone = StringMember(data, "timezone", "profile");
  if (zone != "profile") {
    ctx_.AddLoss(InputPointer(dp, "timezone"), "the wait uses each contact's zone, not " + zone);
  }
  std::string until_time = LocalTime(StringMember(data, target_date ? "target_time" : "delay_until_time"));
  const Json& days_in = MemberOr(data, target_date ? "target_days" : "delay_until_weekdays");
  Json days = Json::array();
  if (days_in.is_array()) {
    for (const Json& d : days_in) {
      std::string w = d.is_string() ? Weekday(d.get<std::string>()) : "";
      if (!w.empty() && std::find(days.begin(), days.end(), Json(w)) == days.end()) days.push_back(w);
    }
  }
  bool has_until = !until_time.empty() || !days.empty();
  if (has_until && until_time.empty()) {
    ctx_.AddLoss(dp, "a weekday delay without a time of day waits until 00:00 on the first allowed day");
    until_time = "00:00";
  }
  Json until;
  if (has_until) {
    until = Json{{"time", until_time}};
    if (!days.empty() && days.size() < 7) until["days"] = days;
  }
  if (target_date) {
    if (!has_until) {
      NoOp(node_id, next, pointer, "a target-date delay without a target time");
      return;
    }
    ctx_.SetNode(node_id, Json{{"type", "wait"}, {"until", until}, {"next", next}}, pointer);
    return;
  }
  long long value = MemberOr(data, "value").is_number_integer() ? MemberOr(data, "value").get<long long>() : -1;
  std::string duration = KlaviyoDuration(value, StringMember(data, "unit", "days"));
  if (duration.empty()) {
    ctx_.AddProblem(InputPointer(dp, "value"), "a time delay needs a non-negative whole 'value' in minutes, hours or days",
                    problem_code::kWrongType);
    return;
  }
  const Json& secondary = MemberOr(data, "secondary_value");
  if (secondary.is_number() && secondary != Json(0)) {
    ctx_.AddLoss(InputPointer(dp, "secondary_value"), "the secondary delay value is not simulated");
  }
  if (!has_until) {
    ctx_.SetNode(node_id, Json{{"type", "wait"}, {"for", duration}, {"next", next}}, pointer);
    return;
  }
  if (value == 0) {
    ctx_.SetNode(node_id, Json{{"type", "wait"}, {"until", until}, {"next", next}}, pointer);
    return;
  }
  // Klaviyo waits the delay, then until the time of day: two waits.
  std::string then = ctx_.ReserveNodeId(node_id + "_until");
  ctx_.SetNode(node_id, Json{{"type", "wait"}, {"for", duration}, {"next", then}}, pointer);
  ctx_.SetNode(then, Json{{"type", "wait"}, {"until", until}, {"next", next}}, pointer);
}

void KlaviyoFlow::ConvertSend(const Json& action, const std::string& node_id, const std::string& next,
                              const std::string& pointer) {
  std::string type = StringMember(action, "type");
  const Json& data = MemberOr(action, "data");
  std::string dp = InputPointer(pointer, "data");
  std::string status = StringMember(data, "status", "live");
  if (status != "live") {
    NoOp(node_id, next, pointer, "the message's status is '" + status + "', so Klaviyo does not send it automatically");
    return;
  }
  const Json& message = MemberOr(data, "message");
  std::string mp = InputPointer(dp, "message");
  if (!message.is_object()) {
    NoOp(node_id, next, pointer, "the send action has no 'message'");
    return;
  }
  std::string channel = type == "send-email" ? "email" : type == "send-sms" ? "sms" : type == "send-mobile-push" ? "push" : "webhook";
  Json tmpl = {{"channel", channel}};
  std::string label = StringMember(message, "name");
  std::string template_id = LinkTarget(MemberOr(message, "template_id"));
  std::string wanted = label;
  if (!template_id.empty()) {
    wanted = ctx_.NameForId(template_id, "template", InputPointer(mp, "template_id"));
  }
  if (wanted.empty()) wanted = channel + "_" + node_id;
  if (channel == "email") {
    std::string from = Text(message, "from_label", mp);
    if (!from.empty()) tmpl["from_name"] = from;
    tmpl["subject"] = Text(message, "subject_line", mp);
    std::string preheader = Text(message, "preview_text", mp);
    if (!preheader.empty()) tmpl["preheader"] = preheader;
    std::string body = template_id.empty() ? "the flow export holds no template for this email"
                                           : "the flow export holds only the id of Klaviyo template " + Plain(template_id);
    if (template_id.empty()) ctx_.AddLoss(mp, "the email has no 'template_id'; its body is a placeholder");
    tmpl["html"] = "<p>Placeholder: " + body + ".</p>" + kPlaceholderEmailFooter;
  } else if (channel == "sms") {
    tmpl["body"] = Text(message, "body", mp);
    if (!MemberOr(message, "image_id").is_null() || !MemberOr(message, "dynamic_image").is_null()) {
      ctx_.AddLoss(mp, "the MMS image is not simulated; the message is sent as a text");
    }
  } else if (channel == "push") {
    std::string title = Text(message, "title", mp);
    if (!title.empty()) tmpl["title"] = title;
    tmpl["body"] = Text(message, "body", mp);
    for (const char* key : {"ios_link", "android_link", "web_url"}) {
      std::string link = Text(message, key, mp);
      if (!link.empty()) {
        tmpl["deep_link"] = link;
        break;
      }
    }
    std::string image = Text(message, "dynamic_image", mp);
    if (!image.empty()) tmpl["image"] = image;
  } else {
    tmpl["method"] = "POST";
    tmpl["url"] = Text(message, "url", mp);
    std::string body = Text(message, "body", mp);
    if (!body.empty()) tmpl["body"] = body;
    if (MemberOr(message, "headers").is_object() && !MemberOr(message, "headers").empty()) {
      ctx_.AddLoss(InputPointer(mp, "headers"), "webhook headers are not recorded");
    }
  }
  std::string template_name = ctx_.AddTemplate(wanted, std::move(tmpl));
  Json send = {{"type", "send"}, {"channel", channel}, {"template", template_name}, {"next", next}};
  if (channel != "webhook") {
    Send s{channel, mp, Bool(message, "smart_sending_enabled", true) && !Bool(message, "transactional", false),
           Bool(message, "sms_quiet_hours_enabled", true)};
    sends_.push_back(s);
  }
  // A message filter skips the message for profiles that do not match.
  const Json& filter = MemberOr(message, "additional_filters");
  Json rule = conditions_.Filter(filter, InputPointer(mp, "additional_filters"));
  if (rule == Json(true)) {
    ctx_.SetNode(node_id, std::move(send), pointer);
    return;
  }
  std::string send_id = ctx_.ReserveNodeId(node_id + "_send");
  ctx_.SetNode(send_id, std::move(send), pointer);
  ctx_.SetNode(node_id,
               Json{{"type", "branch"},
                    {"branches", Json::array({Json{{"label", "message filter"}, {"when", rule}, {"next", send_id}}})},
                    {"else", next}},
               InputPointer(mp, "additional_filters"));
}

void KlaviyoFlow::ConvertAbTest(const Json& data, const std::string& node_id, const std::string& next,
                                const std::string& pointer) {
  std::string dp = InputPointer(pointer, "data");
  const Json& main = MemberOr(data, "main_action");
  const Json& experiment = MemberOr(data, "current_experiment");
  const Json& variations = MemberOr(experiment, "variations");
  if (!main.is_object()) {
    ctx_.AddProblem(InputPointer(dp, "main_action"), "an ab-test action needs a 'main_action' (a send action)",
                    problem_code::kMissingField);
    return;
  }
  if (!variations.is_array() || variations.empty()) {
    ConvertSend(main, node_id, next, InputPointer(dp, "main_action"));
    return;
  }
  std::vector<std::pair<const Json*, std::string>> arms = {{&main, InputPointer(dp, "main_action")}};
  std::string vp = InputPointer(InputPointer(dp, "current_experiment"), "variations");
  for (std::size_t i = 0; i < variations.size(); ++i) arms.emplace_back(&variations[i], InputPointer(vp, i));
  const Json& allocations = MemberOr(experiment, "allocations");
  bool weighted = allocations.is_object() && !allocations.empty();
  std::vector<double> weights;
  for (const auto& [arm, p] : arms) {
    const Json& w = MemberOr(allocations, ActionId(*arm).c_str());
    if (w.is_number() && w.get<double>() > 0) {
      weights.push_back(w.get<double>());
    } else {
      weighted = false;
    }
  }
  if (!weighted) {
    if (allocations.is_object() && !allocations.empty()) {
      ctx_.AddLoss(InputPointer(InputPointer(dp, "current_experiment"), "allocations"),
                   "the allocations do not name every variation by id; the variations get equal weights");
    }
    weights.assign(arms.size(), 1.0);
  }
  const Json& winner = MemberOr(experiment, "automatic_winner_selection_settings");
  if (Bool(winner, "enabled", false)) {
    ctx_.AddLoss(InputPointer(InputPointer(dp, "current_experiment"), "automatic_winner_selection_settings"),
                 "Klaviyo ends the test on statistical certainty or a date; flowproof keeps splitting by the weights");
  }
  Json variants = Json::array();
  for (std::size_t i = 0; i < arms.size(); ++i) {
    std::string label = i == 0 ? "A" : std::string(1, static_cast<char>('A' + std::min<std::size_t>(i, 25)));
    if (i >= 26) label = "V" + std::to_string(i + 1);
    std::string arm_node = ctx_.ReserveNodeId(node_id + "_" + label);
    ConvertSend(*arms[i].first, arm_node, next, arms[i].second);
    Json weight = weights[i] == static_cast<double>(static_cast<long long>(weights[i]))
                      ? Json(static_cast<long long>(weights[i]))
                      : Json(weights[i]);
    variants.push_back(Json{{"label", label}, {"weight", weight}, {"next", arm_node}});
  }
  ctx_.SetNode(node_id, Json{{"type", "split"}, {"mode", "ab"}, {"variants", variants}}, pointer);
}

void KlaviyoFlow::ConvertAction(const Json& action, const std::string& node_id, const std::string& pointer) {
  std::string type = StringMember(action, "type");
  const Json& data = MemberOr(action, "data");
  const Json& links = MemberOr(action, "links");
  std::string lp = InputPointer(pointer, "links");
  std::string dp = InputPointer(pointer, "data");
  auto next = [&]() { return Target(MemberOr(links, "next"), InputPointer(lp, "next")); };
  if (type == "time-delay") {
    ConvertDelay(data, node_id, next(), pointer, false);
  } else if (type == "target-date") {
    ConvertDelay(data, node_id, next(), pointer, true);
  } else if (type == "send-email" || type == "send-sms" || type == "send-mobile-push" || type == "send-webhook") {
    ConvertSend(action, node_id, next(), pointer);
  } else if (type == "ab-test") {
    ConvertAbTest(data, node_id, next(), pointer);
  } else if (type == "conditional-split" || type == "trigger-split") {
    std::string yes = Target(MemberOr(links, "next_if_true"), InputPointer(lp, "next_if_true"));
    std::string no = Target(MemberOr(links, "next_if_false"), InputPointer(lp, "next_if_false"));
    if (type == "conditional-split") {
      const Json& filter = MemberOr(data, "profile_filter");
      int pct = KlaviyoConditions::SamplePercentage(filter);
      if (pct > 0 && pct < 100) {
        ctx_.SetNode(node_id,
                     Json{{"type", "split"},
                          {"mode", "random"},
                          {"variants", Json::array({Json{{"label", "true"}, {"weight", pct}, {"next", yes}},
                                                    Json{{"label", "false"}, {"weight", 100 - pct}, {"next", no}}})}},
                     pointer);
        return;
      }
      Json when = pct == 0 ? Json(false) : pct == 100 ? Json(true) : conditions_.Filter(filter, InputPointer(dp, "profile_filter"));
      ctx_.SetNode(node_id,
                   Json{{"type", "branch"},
                        {"branches", Json::array({Json{{"label", "true"}, {"when", when}, {"next", yes}}})},
                        {"else", no}},
                   pointer);
      return;
    }
    Json when = conditions_.EventFilter(MemberOr(data, "trigger_filter"), InputPointer(dp, "trigger_filter"));
    if (trigger_type_ != "metric") {
      ctx_.AddLoss(pointer, "a trigger split in a flow not triggered by a metric reads the contact's last event");
    }
    ctx_.SetNode(node_id,
                 Json{{"type", "branch"},
                      {"branches", Json::array({Json{{"label", "true"}, {"when", when}, {"next", yes}}})},
                      {"else", no}},
                 pointer);
  } else if (type == "multi-branch-split") {
    const Json& branches = MemberOr(data, "branches");
    std::string bp = InputPointer(dp, "branches");
    if (!branches.is_array()) {
      ctx_.AddProblem(bp, "a multi-branch split needs a 'branches' array", problem_code::kMissingField);
      return;
    }
    std::vector<std::size_t> order(branches.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const Json& oa = MemberOr(branches[a], "order");
      const Json& ob = MemberOr(branches[b], "order");
      long long x = oa.is_number_integer() ? oa.get<long long>() : 0;
      long long y = ob.is_number_integer() ? ob.get<long long>() : 0;
      return x < y;
    });
    Json arms = Json::array();
    std::string otherwise;
    std::set<std::string> labels;
    for (std::size_t i : order) {
      const Json& b = branches[i];
      std::string p = InputPointer(bp, i);
      std::string target = Target(MemberOr(MemberOr(b, "links"), "next"), InputPointer(InputPointer(p, "links"), "next"));
      if (Bool(b, "is_else", false)) {
        otherwise = target;
        continue;
      }
      std::string label = StringMember(b, "name", StringMember(b, "branch_id", "branch " + std::to_string(i + 1)));
      while (labels.count(label)) label += "'";
      labels.insert(label);
      arms.push_back(Json{{"label", label}, {"when", conditions_.Filter(MemberOr(b, "branch_filter"), InputPointer(p, "branch_filter"))},
                          {"next", target}});
    }
    if (otherwise.empty()) otherwise = EndNode();
    if (arms.empty()) {
      ctx_.SetNode(node_id, Json{{"type", "update"}, {"next", otherwise}}, pointer);
      return;
    }
    ctx_.SetNode(node_id, Json{{"type", "branch"}, {"branches", arms}, {"else", otherwise}}, pointer);
  } else if (type == "update-profile") {
    Json set = Json::object();
    const Json& ops = MemberOr(data, "profile_operations");
    std::string op_pointer = InputPointer(dp, "profile_operations");
    if (ops.is_array()) {
      for (std::size_t i = 0; i < ops.size(); ++i) {
        const Json& op = ops[i];
        std::string p = InputPointer(op_pointer, i);
        std::string key = KlaviyoAttribute(StringMember(op, "property_key"));
        std::string operation = StringMember(op, "operator");
        if (key.empty() || key == "id") {
          ctx_.AddLoss(p, "a profile operation without a usable 'property_key' is left out");
          continue;
        }
        if (operation == "delete") {
          set[key] = nullptr;
        } else if (StringMember(op, "property_type") == "list" || !MemberOr(op, "property_operation").is_null()) {
          ctx_.AddLoss(p, "adding to or removing from a list-valued property is not simulated; it is left out");
        } else if (StringMember(op, "property_type") == "date" && MemberOr(op, "property_value") == Json("today")) {
          set[key] = Json{{"var", "now"}};
        } else if (op.contains("property_value")) {
          const Json& v = op["property_value"];
          if (v.is_object()) {
            ctx_.AddLoss(p, "an object value is left out (flowproof would read it as a condition)");
          } else {
            set[key] = v;
          }
        }
      }
    }
    Json node = {{"type", "update"}, {"next", next()}};
    if (!set.empty()) node["set"] = set;
    ctx_.SetNode(node_id, std::move(node), pointer);
  } else if (type == "list-update") {
    std::string list_id = LinkTarget(MemberOr(data, "list_id"));
    if (list_id.empty()) {
      NoOp(node_id, next(), pointer, "a list update without 'list_id'");
      return;
    }
    std::string list = ctx_.NameForId(list_id, "list", InputPointer(dp, "list_id"));
    bool add = MemberOr(data, "on_execution") != Json(false);
    ctx_.SetNode(node_id,
                 Json{{"type", "update"}, {add ? "add_to_lists" : "remove_from_lists", Json::array({list})}, {"next", next()}},
                 pointer);
  } else if (type == "countdown-delay" || type == "back-in-stock-delay") {
    NoOp(node_id, next(), pointer, "the '" + type + "' delay depends on data flowproof does not have");
  } else if (type == "send-internal-alert" || type == "internal-service" || type == "code" ||
             type == "send-whatsapp" || type == "content-experiment") {
    NoOp(node_id, next(), pointer, "the '" + type + "' action is not simulated");
  } else {
    // Unknown or unsupported: keep the path going.
    const Json& n = MemberOr(links, "next");
    std::string target;
    if (!n.is_null() || links.contains("next") || !links.is_object()) {
      target = next();
    } else {
      target = Target(MemberOr(links, "next_if_false"), InputPointer(lp, "next_if_false"));
      if (!MemberOr(links, "next_if_true").is_null()) {
        ctx_.AddLoss(InputPointer(lp, "next_if_true"), "the 'true' path of this split is never taken");
      }
    }
    NoOp(node_id, target, pointer,
         type.empty() ? std::string("an action without a 'type'") : "the action type '" + type + "' is not supported");
  }
}

void KlaviyoFlow::ApplySendingRules() {
  // Smart Sending: one cap, on the first channel (email, sms, push) that uses it.
  static const std::pair<const char*, const char*> kWindows[] = {
      {"email", kEmailSmartSendingWindow}, {"sms", kSmsSmartSendingWindow}, {"push", kPushSmartSendingWindow}};
  std::string capped;
  for (const auto& entry : kWindows) {
    // Named copies, not a structured binding: clang 14 (emcc 3.1.6) cannot
    // capture a structured binding in the lambda below.
    const char* channel = entry.first;
    const char* window = entry.second;
    bool used = std::any_of(sends_.begin(), sends_.end(), [&](const Send& s) { return s.channel == channel && s.smart_sending; });
    if (!used) continue;
    if (capped.empty()) {
      capped = channel;
      ctx_.workflow()["settings"]["frequency_cap"] =
          Json{{"max", 1}, {"per", window}, {"channels", Json::array({channel})}};
      for (const Send& s : sends_) {
        if (s.channel == channel && !s.smart_sending) {
          ctx_.AddLoss(s.pointer, "this " + s.channel + " has Smart Sending off (or is transactional), but the flow's "
                                  "frequency cap applies to every " + s.channel + " send");
        }
      }
      continue;
    }
    for (const Send& s : sends_) {
      if (s.channel == channel && s.smart_sending) {
        ctx_.AddLoss(s.pointer, "Smart Sending for " + s.channel + " is not simulated (flowproof has one frequency cap, "
                                "used for " + capped + ")");
      }
    }
  }
  // SMS quiet hours: flowproof's apply to every channel, so only when the
  // flow sends nothing else that they would hold.
  bool sms_quiet = std::any_of(sends_.begin(), sends_.end(), [](const Send& s) { return s.channel == "sms" && s.quiet_hours; });
  bool others = std::any_of(sends_.begin(), sends_.end(), [](const Send& s) { return s.channel != "sms"; });
  if (!sms_quiet) return;
  if (others) {
    for (const Send& s : sends_) {
      if (s.channel == "sms" && s.quiet_hours) {
        ctx_.AddLoss(s.pointer, "SMS quiet hours are not simulated: flowproof's quiet hours would also hold this flow's "
                                "other messages");
      }
    }
    return;
  }
  ctx_.workflow()["settings"]["quiet_hours"] = Json{{"start", kQuietStart}, {"end", kQuietEnd}, {"mode", "hold"}};
  for (const Send& s : sends_) {
    if (s.channel == "sms" && !s.quiet_hours) {
      ctx_.AddLoss(s.pointer, "this SMS has quiet hours off, but the flow's quiet hours apply to every send");
    }
  }
}

ImportResult KlaviyoFlow::Convert(const Json& doc) {
  // Where the definition is: the API response, the resource, or bare.
  const Json* definition = nullptr;
  std::string base;
  const Json* resource = nullptr;
  std::string resource_pointer;
  if (doc.is_object() && MemberOr(doc, "data").is_object()) {
    resource = &doc["data"];
    resource_pointer = "/data";
  } else if (doc.is_object() && MemberOr(doc, "attributes").is_object()) {
    resource = &doc;
  }
  if (resource != nullptr) {
    const Json& attributes = MemberOr(*resource, "attributes");
    if (MemberOr(attributes, "definition").is_object()) {
      definition = &attributes["definition"];
      base = resource_pointer + "/attributes/definition";
    } else {
      ctx_.AddProblem(resource_pointer + "/attributes",
                      "the flow has no 'definition': fetch it with ?additional-fields[flow]=definition",
                      problem_code::kMissingField);
      return ctx_.Finish("");
    }
  } else if (doc.is_object() && doc.contains("actions")) {
    definition = &doc;
  } else {
    ctx_.AddProblem("", "this is not a Klaviyo flow: expected {\"data\": {\"type\": \"flow\", \"attributes\": {\"definition\": ...}}}",
                    problem_code::kWrongFormat);
    return ctx_.Finish("");
  }
  Json& wf = ctx_.workflow();
  if (resource != nullptr) {
    std::string id = LinkTarget(MemberOr(*resource, "id"));
    wf["id"] = id.empty() ? "klaviyo-flow" : "klaviyo-" + id;
    std::string name = StringMember(MemberOr(*resource, "attributes"), "name");
    if (!name.empty()) wf["name"] = name;
  } else {
    wf["id"] = "klaviyo-flow";
  }

  const Json& actions = MemberOr(*definition, "actions");
  std::string ap = InputPointer(base, "actions");
  if (!actions.is_array()) {
    ctx_.AddProblem(ap, "a flow definition needs an 'actions' array", problem_code::kMissingField);
    return ctx_.Finish("");
  }
  // Node ids first, so links can point forward.
  std::vector<std::string> node_ids(actions.size());
  for (std::size_t i = 0; i < actions.size(); ++i) {
    std::string id = ActionId(actions[i]);
    std::string p = InputPointer(ap, i);
    if (!actions[i].is_object()) {
      ctx_.AddProblem(p, "an action must be an object", problem_code::kWrongType);
      continue;
    }
    if (id.empty()) {
      ctx_.AddProblem(p, "an action needs an 'id'", problem_code::kMissingField);
      continue;
    }
    if (node_of_.count(id)) {
      ctx_.AddProblem(InputPointer(p, "id"), "the action id '" + id + "' is used twice", problem_code::kDuplicateName);
      continue;
    }
    std::string type = StringMember(actions[i], "type", "action");
    std::string wanted = StringMember(MemberOr(MemberOr(actions[i], "data"), "message"), "name");
    if (wanted.empty()) wanted = type + "_" + id;
    node_ids[i] = ctx_.ReserveNodeId(wanted);
    node_of_[id] = node_ids[i];
  }
  std::string start;
  std::string entry = LinkTarget(MemberOr(*definition, "entry_action_id"));
  if (entry.empty()) {
    ctx_.AddProblem(InputPointer(base, "entry_action_id"), "the flow needs an 'entry_action_id'", problem_code::kMissingField);
  } else if (!node_of_.count(entry)) {
    ctx_.AddProblem(InputPointer(base, "entry_action_id"), "names action '" + entry + "', which is not in 'actions'",
                    problem_code::kBadReference);
  } else {
    start = node_of_[entry];
  }
  ConvertTriggers(*definition, base);
  wf["type"] = trigger_type_ == "metric" ? "behavioral" : "lifecycle";
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (!node_ids[i].empty()) ConvertAction(actions[i], node_ids[i], InputPointer(ap, i));
  }

  const Json& filter = MemberOr(*definition, "profile_filter");
  std::string fp = InputPointer(base, "profile_filter");
  Json audience = conditions_.Filter(filter, fp);
  if (audience != Json(true)) {
    wf["entry"]["audience"] = audience;
    wf["exit"]["goal"] = Json{{"!", Json::array({audience})}};
    ctx_.AddLoss(fp, "Klaviyo re-checks flow filters before each message and removes profiles that stop matching; "
                     "flowproof checks the negated filter continuously as the exit goal (exit reason 'goal')");
  }
  const Json& reentry = MemberOr(*definition, "reentry_criteria");
  std::string rp = InputPointer(base, "reentry_criteria");
  if (reentry.is_object()) {
    long long duration = MemberOr(reentry, "duration").is_number_integer() ? MemberOr(reentry, "duration").get<long long>() : -1;
    std::string unit = StringMember(reentry, "unit");
    if (unit == "alltime") {
      wf["entry"]["reenroll"] = duration == 0 ? "after_exit" : "never";
    } else if (duration == 0) {
      wf["entry"]["reenroll"] = "after_exit";
    } else {
      std::string d = KlaviyoDuration(duration, unit);
      if (d.empty()) {
        ctx_.AddLoss(rp, "unreadable re-entry criteria; a profile may enter again after it exits");
        wf["entry"]["reenroll"] = "after_exit";
      } else {
        wf["entry"]["reenroll"] = d;
      }
    }
  } else {
    // Klaviyo's defaults: a profile enters a list- or segment-triggered flow
    // once, a metric-triggered flow again on every trigger (flowproof: after
    // it left, as it cannot be in one workflow twice at once).
    wf["entry"]["reenroll"] = trigger_type_ == "list" || trigger_type_ == "segment" ? "never" : "after_exit";
  }
  ApplySendingRules();
  return ctx_.Finish(start);
}

}  // namespace

ImportResult ImportFromKlaviyo(const Json& doc, const NamesMap& names) {
  ImportContext ctx(Platform::kKlaviyo, names);
  KlaviyoFlow flow(ctx);
  return flow.Convert(doc);
}

}  // namespace flowproof
