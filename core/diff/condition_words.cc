#include "core/diff/condition_words.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

#include "core/base/json_dump.h"
#include "core/time/duration.h"

namespace flowproof {
namespace {

constexpr std::size_t kMaxText = 160;

// Cuts `text` to `max` code points, the last one "…", as explain.js's clip
// does (it counts UTF-16 units; the words here are almost always ASCII).
std::string Clip(const std::string& text, std::size_t max = kMaxText) {
  std::size_t points = 0;
  std::size_t cut = std::string::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (points == max - 1) cut = i;
    if (++points > max) return text.substr(0, cut) + "…";
  }
  return text;
}

std::string Number(const Json& value) {
  if (value.is_number_integer() || value.is_number_unsigned()) return DumpJson(value);
  double d = value.get<double>();
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) {
    return std::to_string(static_cast<std::int64_t>(d));
  }
  return DumpJson(value);
}

bool IsOp(const Json& rule) { return rule.is_object() && rule.size() == 1; }

std::vector<Json> Args(const Json& rule) {
  const Json& value = rule.begin().value();
  if (value.is_array()) return std::vector<Json>(value.begin(), value.end());
  return {value};
}

bool IsGrouping(const Json& rule) {
  if (!IsOp(rule)) return false;
  const std::string& op = rule.begin().key();
  return op == "and" || op == "or" || op == "if" || op == "?:";
}

const char* Comparison(const std::string& op) {
  if (op == "==" || op == "===") return "is";
  if (op == "!=" || op == "!==") return "is not";
  if (op == "<") return "<";
  if (op == "<=") return "≤";
  if (op == ">") return ">";
  if (op == ">=") return "≥";
  return nullptr;
}

const char* Arithmetic(const std::string& op) {
  if (op == "+") return "+";
  if (op == "-") return "−";
  if (op == "*") return "×";
  if (op == "/") return "÷";
  if (op == "%") return "mod";
  return nullptr;
}

std::string Describe(const Json& rule, int depth);

std::string Sub(const Json& rule, int depth) {
  std::string text = Describe(rule, depth + 1);
  return IsGrouping(rule) ? "(" + text + ")" : text;
}

std::string Join(const std::vector<Json>& args, const std::string& separator, int depth) {
  std::string out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += separator;
    out += Sub(args[i], depth);
  }
  return out;
}

std::string PlainText(const Json& value) {
  return value.is_string() ? value.get<std::string>() : DumpJson(value);
}

std::string Describe(const Json& rule, int depth) {
  if (depth > 12) return "…";
  if (!IsOp(rule)) {
    if (rule.is_array()) {
      std::string out = "[";
      for (std::size_t i = 0; i < rule.size(); ++i) out += (i ? ", " : "") + Describe(rule[i], depth + 1);
      return out + "]";
    }
    return ValueInWords(rule);
  }
  const std::string& op = rule.begin().key();
  std::vector<Json> a = Args(rule);
  auto arg = [&](std::size_t i) -> const Json& {
    static const Json kNull;
    return i < a.size() ? a[i] : kNull;
  };
  if (op == "var") {
    const Json& path = arg(0);
    if (path.is_null() || (path.is_string() && path.get<std::string>().empty())) return "the value";
    return a.size() > 1 ? PlainText(path) + " (default " + ValueInWords(a[1]) + ")" : PlainText(path);
  }
  if (op == "==" || op == "===" || op == "!=" || op == "!==") {
    bool negated = op[0] == '!';
    if (a.size() == 2 && a[1].is_null()) return Sub(a[0], depth) + (negated ? " is set" : " is not set");
    return Sub(arg(0), depth) + " " + Comparison(op) + " " + Sub(arg(1), depth);
  }
  if (op == "<" || op == "<=" || op == ">" || op == ">=") {
    std::string c = Comparison(op);
    if (a.size() == 3) return Sub(a[0], depth) + " " + c + " " + Sub(a[1], depth) + " " + c + " " + Sub(a[2], depth);
    return Sub(arg(0), depth) + " " + c + " " + Sub(arg(1), depth);
  }
  if (op == "and") return Join(a, " and ", depth);
  if (op == "or") return Join(a, " or ", depth);
  if (op == "!") return "not " + Sub(arg(0), depth);
  if (op == "!!") return Sub(arg(0), depth) + " is set";
  if (op == "in") {
    if (arg(1).is_string()) return Sub(arg(0), depth) + " appears in " + ValueInWords(a[1]);
    if (arg(1).is_array()) {
      std::string list;
      for (std::size_t i = 0; i < a[1].size(); ++i) list += (i ? ", " : "") + ValueInWords(a[1][i]);
      return Sub(arg(0), depth) + " is one of " + list;
    }
    return Sub(arg(1), depth) + " contains " + Sub(arg(0), depth);
  }
  if (op == "missing") {
    std::vector<Json> names = arg(0).is_array() ? std::vector<Json>(a[0].begin(), a[0].end()) : a;
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + PlainText(names[i]);
    return out + " missing";
  }
  if (op == "if" || op == "?:") {
    if (a.size() >= 3) return "if " + Sub(a[0], depth) + " then " + Sub(a[1], depth) + " else " + Sub(a[2], depth);
    return "if " + Sub(arg(0), depth) + " then " + Sub(arg(1), depth);
  }
  if (op == "has_event" || op == "count_events") {
    std::string head = op == "has_event" ? "the contact had event '" + PlainText(arg(0)) + "' in the last "
                                         : "number of '" + PlainText(arg(0)) + "' events in the last ";
    std::string where = a.size() > 2 ? " where " + Sub(a[2], depth) : "";
    return head + DurationTextInWords(arg(1)) + where;
  }
  if (op == "days_since") return "days since " + Sub(arg(0), depth);
  if (op == "hours_since") return "hours since " + Sub(arg(0), depth);
  if (op == "date_add") return Sub(arg(0), depth) + " + " + DurationTextInWords(arg(1));
  if (op == "in_list") return "the contact is on list '" + PlainText(arg(0)) + "'";
  if (op == "cat") return Join(a, " ⧺ ", depth);
  if (const char* sign = Arithmetic(op); sign != nullptr && a.size() >= 2) {
    return Join(a, std::string(" ") + sign + " ", depth);
  }
  return Clip(DumpJson(rule), 80);
}

std::string Text(const Json& node, const char* key) {
  auto it = node.find(key);
  if (it == node.end()) return "";
  return PlainText(*it);
}

std::string ChannelWord(const std::string& channel) {
  if (channel == "sms") return "SMS";
  if (channel == "ad_audience") return "ad audience";
  return channel.empty() ? "message" : channel;
}

std::string Days(const Json& days) {
  static const std::pair<const char*, const char*> kDays[] = {
      {"mon", "Mon"}, {"tue", "Tue"}, {"wed", "Wed"}, {"thu", "Thu"}, {"fri", "Fri"}, {"sat", "Sat"}, {"sun", "Sun"}};
  std::string out;
  for (std::size_t i = 0; i < days.size(); ++i) {
    std::string day = PlainText(days[i]);
    for (const auto& [key, word] : kDays) {
      if (day == key) day = word;
    }
    out += (i ? ", " : "") + day;
  }
  return out;
}

}  // namespace

std::string ValueInWords(const Json& value) {
  if (value.is_null()) return "nothing";
  if (value.is_string()) return "'" + Clip(value.get<std::string>(), 80) + "'";
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number()) return Number(value);
  if (value.is_array() && value.size() <= 5) {
    bool scalars = true;
    for (const Json& item : value) scalars = scalars && !item.is_object() && !item.is_array();
    if (scalars) {
      std::string out = "[";
      for (std::size_t i = 0; i < value.size(); ++i) out += (i ? ", " : "") + ValueInWords(value[i]);
      return out + "]";
    }
  }
  return Clip(DumpJson(value), 80);
}

std::string ConditionInWords(const Json& rule) { return Clip(Describe(rule, 0)); }

std::string DurationInWords(Duration seconds) {
  std::int64_t rest = seconds < 0 ? -seconds : seconds;
  if (rest == 0) return "no time";
  static const std::pair<const char*, std::int64_t> kUnits[] = {
      {"week", 604800}, {"day", 86400}, {"hour", 3600}, {"minute", 60}, {"second", 1}};
  std::string out;
  int parts = 0;
  for (const auto& [name, size] : kUnits) {
    if (size == 604800 && rest % 604800 != 0) continue;  // "10 days", not "1 week 3 days"
    std::int64_t n = rest / size;
    if (n != 0) {
      out += (parts ? " " : "") + std::to_string(n) + " " + name + (n == 1 ? "" : "s");
      rest -= n * size;
      ++parts;
    }
    if (parts == 2) break;
  }
  return (seconds < 0 ? "-" : "") + out;
}

std::string DurationTextInWords(const Json& duration) {
  if (duration.is_string()) {
    std::optional<Duration> seconds = ParseDuration(duration.get<std::string>());
    if (seconds.has_value()) return DurationInWords(*seconds);
  }
  return ValueInWords(duration);
}

std::string NodeInWords(const Json& node) {
  if (!node.is_object()) return "";
  std::string type = Text(node, "type");
  if (type == "send") {
    std::string channel = Text(node, "channel");
    std::string name = "'" + Text(node, "template") + "'";
    if (channel == "ad_audience") return "syncs ad audience " + name;
    if (channel == "webhook") return "calls webhook " + name;
    return "sends " + ChannelWord(channel) + " " + name;
  }
  if (type == "update") {
    std::vector<std::string> parts;
    auto keys = [&](const char* field) {
      std::string out;
      auto it = node.find(field);
      if (it == node.end() || !it->is_object()) return out;
      for (auto item = it->begin(); item != it->end(); ++item) out += (out.empty() ? "" : ", ") + item.key();
      return out;
    };
    auto list = [&](const char* field) {
      std::string out;
      auto it = node.find(field);
      if (it == node.end() || !it->is_array()) return out;
      for (const Json& item : *it) out += (out.empty() ? "" : ", ") + PlainText(item);
      return out;
    };
    if (node.contains("set") && node["set"].is_object()) parts.push_back("sets " + keys("set"));
    if (node.contains("increment") && node["increment"].is_object()) parts.push_back("adds to " + keys("increment"));
    if (!list("add_to_lists").empty()) parts.push_back("adds to list " + list("add_to_lists"));
    if (!list("remove_from_lists").empty()) parts.push_back("removes from list " + list("remove_from_lists"));
    if (parts.empty()) return "updates the contact";
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
    return out;
  }
  if (type == "branch") {
    std::size_t n = node.contains("branches") && node["branches"].is_array() ? node["branches"].size() : 0;
    return "checks " + std::to_string(n) + " condition" + (n == 1 ? "" : "s");
  }
  if (type == "split") {
    std::size_t n = node.contains("variants") && node["variants"].is_array() ? node["variants"].size() : 0;
    return std::string(Text(node, "mode") == "random" ? "random" : "A/B") + " split into " + std::to_string(n);
  }
  if (type == "wait") {
    if (node.contains("for")) return "waits " + DurationTextInWords(node["for"]);
    if (node.contains("until") && node["until"].is_object()) {
      const Json& until = node["until"];
      std::string time = until.contains("time") ? PlainText(until["time"]) : "?";
      std::string days = until.contains("days") && until["days"].is_array() && !until["days"].empty()
                             ? " on " + Days(until["days"])
                             : "";
      return "waits until " + time + days;
    }
    if (node.contains("for_expr")) return "waits a computed time";
    if (node.contains("until_expr")) return "waits until a computed time";
    return "waits";
  }
  std::string timeout = node.contains("timeout") ? " (up to " + DurationTextInWords(node["timeout"]) + ")" : "";
  if (type == "wait_event") return "waits for '" + Text(node, "event") + "'" + timeout;
  if (type == "wait_until") {
    return "waits until " + ConditionInWords(node.contains("condition") ? node["condition"] : Json()) + timeout;
  }
  if (type == "exit") {
    std::string reason = Text(node, "reason");
    return reason.empty() ? "exit" : "exit (" + reason + ")";
  }
  return type;
}

std::string TriggerInWords(const Json& trigger) {
  if (!trigger.is_object()) return "a trigger";
  std::string type = Text(trigger, "type");
  if (type == "event") {
    std::string source = Text(trigger, "source");
    return "event '" + Text(trigger, "event") + "'" + (source.empty() ? "" : " from " + source) +
           (trigger.contains("where") ? " where " + ConditionInWords(trigger["where"]) : "");
  }
  if (type == "condition") return "when " + ConditionInWords(trigger.contains("condition") ? trigger["condition"] : Json());
  if (type == "date") {
    std::optional<Duration> offset;
    if (trigger.contains("offset") && trigger["offset"].is_string()) offset = ParseDuration(trigger["offset"].get<std::string>());
    std::string rel;
    if (offset.has_value() && *offset != 0) {
      rel = " " + DurationInWords(*offset < 0 ? -*offset : *offset) + (*offset < 0 ? " before" : " after");
    }
    std::string at = Text(trigger, "at");
    return "the date in '" + Text(trigger, "attribute") + "'" + rel + (at.empty() ? "" : " at " + at) +
           (Text(trigger, "every") == "year" ? ", every year" : "");
  }
  if (type == "schedule") {
    std::string every = trigger.contains("every") ? ", every " + DurationTextInWords(trigger["every"]) : "";
    bool local = trigger.contains("local") && trigger["local"].is_boolean() && trigger["local"].get<bool>();
    return "schedule " + Text(trigger, "at") + every + (local ? " (local time)" : "");
  }
  if (type == "inactivity") {
    return "no '" + Text(trigger, "event") + "' for " + DurationTextInWords(trigger.contains("for") ? trigger["for"] : Json());
  }
  return type + " trigger";
}

}  // namespace flowproof
