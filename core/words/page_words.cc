#include "core/words/page_words.h"

#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <string_view>

#include "core/base/json_dump.h"
#include "core/base/utf8.h"
#include "core/logic/js_coercion.h"

namespace flowproof::words {
namespace {

// JavaScript's `undefined`: a field that is not there.
const Json kMissing = Json(Json::value_t::discarded);

bool IsMissing(const Json& v) { return v.is_discarded(); }

// `value.field` in JavaScript terms: undefined unless value is an object
// that has it.
const Json& Field(const Json& value, const char* name) { return MemberOr(value, name, kMissing); }

// `${value}`: String(value).
std::string Str(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  return logic::ToJsString(value);
}

// JavaScript truthiness of a JSON value.
bool Truthy(const Json& v) {
  if (v.is_discarded() || v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) {
    double d = v.get<double>();
    return d != 0 && !std::isnan(d);
  }
  if (v.is_string()) return !v.get_ref<const std::string&>().empty();
  return true;
}

// `x ?? fallback` for a value written into a template literal.
std::string StrOr(const Json& value, const char* fallback) {
  return (value.is_discarded() || value.is_null()) ? fallback : Str(value);
}

bool IsOp(const Json& rule) { return rule.is_object() && rule.size() == 1; }

const std::string& OpName(const Json& rule) { return rule.begin().key(); }

std::vector<Json> Args(const Json& rule) {
  const Json& value = rule.begin().value();
  if (value.is_array()) return std::vector<Json>(value.begin(), value.end());
  return {value};
}

const Json& At(const std::vector<Json>& a, std::size_t i) { return i < a.size() ? a[i] : kMissing; }

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::string NumberText(double d) { return logic::NumberToJsString(d); }

// parseDuration of web/src/page/time.js: FORMAT.md durations and ISO 8601
// ("P3D", "PT2H"), with a sign; nullopt when malformed.
std::optional<std::int64_t> ParseDurationLikePage(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  std::int64_t sign = 1;
  if (!text.empty() && text.front() == '-') {
    sign = -1;
    text.remove_prefix(1);
  } else if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
  // Reads digits then a unit letter; false when the shape is wrong.
  auto number = [&](std::size_t& i, std::int64_t& n) {
    if (i >= text.size() || !digit(text[i])) return false;
    n = 0;
    while (i < text.size() && digit(text[i])) {
      if (n > 1'000'000'000'000LL) return false;
      n = n * 10 + (text[i] - '0');
      ++i;
    }
    return true;
  };
  if (lower(text[0]) == 'p') {
    // ^P(nW)?(nD)?(T(nH)?(nM)?(nS)?)?$, not "P" alone, not ending in T.
    if (text.size() == 1 || lower(text.back()) == 't') return std::nullopt;
    std::size_t i = 1;
    std::int64_t total = 0;
    const char* date_units = "wd";
    const std::int64_t date_sizes[] = {604800, 86400};
    int next_unit = 0;
    while (i < text.size() && lower(text[i]) != 't') {
      std::int64_t n = 0;
      if (!number(i, n) || i >= text.size()) return std::nullopt;
      char u = lower(text[i++]);
      bool found = false;
      for (int k = next_unit; k < 2; ++k) {
        if (date_units[k] == u) {
          total += n * date_sizes[k];
          next_unit = k + 1;
          found = true;
          break;
        }
      }
      if (!found) return std::nullopt;
    }
    if (i < text.size()) {
      ++i;  // 'T'
      const char* time_units = "hms";
      const std::int64_t time_sizes[] = {3600, 60, 1};
      next_unit = 0;
      while (i < text.size()) {
        std::int64_t n = 0;
        if (!number(i, n) || i >= text.size()) return std::nullopt;
        char u = lower(text[i++]);
        bool found = false;
        for (int k = next_unit; k < 3; ++k) {
          if (time_units[k] == u) {
            total += n * time_sizes[k];
            next_unit = k + 1;
            found = true;
            break;
          }
        }
        if (!found) return std::nullopt;
      }
    }
    return sign * total;
  }
  // ^(\d+[wdhms])+$ (lower-case units only).
  std::size_t i = 0;
  std::int64_t total = 0;
  while (i < text.size()) {
    std::int64_t n = 0;
    if (!number(i, n) || i >= text.size()) return std::nullopt;
    std::int64_t size = 0;
    switch (text[i++]) {
      case 'w': size = 604800; break;
      case 'd': size = 86400; break;
      case 'h': size = 3600; break;
      case 'm': size = 60; break;
      case 's': size = 1; break;
      default: return std::nullopt;
    }
    total += n * size;
  }
  return sign * total;
}

std::string Describe(const Json& rule, int depth);

std::string Sub(const Json& r, int depth) {
  std::string t = Describe(r, depth + 1);
  if (IsOp(r)) {
    const std::string& op = OpName(r);
    if (op == "and" || op == "or" || op == "if" || op == "?:") return "(" + t + ")";
  }
  return t;
}

const std::map<std::string, std::string>& Comparisons() {
  static const std::map<std::string, std::string> kComparisons = {
      {"==", "is"}, {"===", "is"}, {"!=", "is not"}, {"!==", "is not"},
      {"<", "<"},   {"<=", "≤"},   {">", ">"},       {">=", "≥"}};
  return kComparisons;
}

const std::map<std::string, std::string>& Arithmetic() {
  static const std::map<std::string, std::string> kArithmetic = {
      {"+", "+"}, {"-", "−"}, {"*", "×"}, {"/", "÷"}, {"%", "mod"}};
  return kArithmetic;
}

std::string Describe(const Json& rule, int depth) {
  if (depth > 12) return "…";
  if (!IsOp(rule)) {
    if (rule.is_array()) {
      std::vector<std::string> parts;
      for (const Json& r : rule) parts.push_back(Describe(r, depth + 1));
      return "[" + Join(parts, ", ") + "]";
    }
    return DescribeValue(rule);
  }
  const std::string& op = OpName(rule);
  std::vector<Json> a = Args(rule);
  auto sub = [&](const Json& r) { return Sub(r, depth); };
  if (op == "var") {
    const Json& path = At(a, 0);
    if (IsMissing(path) || path.is_null() || (path.is_string() && path.get_ref<const std::string&>().empty()))
      return "the value";
    return a.size() > 1 ? Str(path) + " (default " + DescribeValue(a[1]) + ")" : Str(path);
  }
  if (op == "==" || op == "===" || op == "!=" || op == "!==") {
    if (a.size() == 2 && a[1].is_null()) return sub(a[0]) + (op[0] == '!' ? " is set" : " is not set");
    return sub(At(a, 0)) + " " + Comparisons().at(op) + " " + sub(At(a, 1));
  }
  if (op == "<" || op == "<=" || op == ">" || op == ">=") {
    const std::string& word = Comparisons().at(op);
    if (a.size() == 3) return sub(a[0]) + " " + word + " " + sub(a[1]) + " " + word + " " + sub(a[2]);
    return sub(At(a, 0)) + " " + word + " " + sub(At(a, 1));
  }
  if (op == "and" || op == "or") {
    std::vector<std::string> parts;
    for (const Json& r : a) parts.push_back(sub(r));
    return Join(parts, op == "and" ? " and " : " or ");
  }
  if (op == "!") return "not " + sub(At(a, 0));
  if (op == "!!") return sub(At(a, 0)) + " is set";
  if (op == "in") {
    const Json& b = At(a, 1);
    if (b.is_string()) return sub(At(a, 0)) + " appears in " + DescribeValue(b);
    if (b.is_array()) {
      std::vector<std::string> parts;
      for (const Json& v : b) parts.push_back(DescribeValue(v));
      return sub(At(a, 0)) + " is one of " + Join(parts, ", ");
    }
    return sub(b) + " contains " + sub(At(a, 0));
  }
  if (op == "missing") {
    std::vector<std::string> parts;
    if (At(a, 0).is_array()) {
      for (const Json& v : a[0]) parts.push_back(Str(v));
    } else {
      for (const Json& v : a) parts.push_back(Str(v));
    }
    return Join(parts, ", ") + " missing";
  }
  if (op == "if" || op == "?:") {
    if (a.size() >= 3) return "if " + sub(a[0]) + " then " + sub(a[1]) + " else " + sub(a[2]);
    return "if " + sub(At(a, 0)) + " then " + sub(At(a, 1));
  }
  if (op == "has_event" || op == "count_events") {
    std::string where = IsMissing(At(a, 2)) ? "" : " where " + sub(a[2]);
    std::string head = op == "has_event" ? "the contact had event '" : "number of '";
    std::string tail = op == "has_event" ? "' in the last " : "' events in the last ";
    return head + Str(At(a, 0)) + tail + DurationTextWords(At(a, 1)) + where;
  }
  if (op == "days_since") return "days since " + sub(At(a, 0));
  if (op == "hours_since") return "hours since " + sub(At(a, 0));
  if (op == "date_add") return sub(At(a, 0)) + " + " + DurationTextWords(At(a, 1));
  if (op == "in_list") return "the contact is on list '" + Str(At(a, 0)) + "'";
  if (op == "cat") {
    std::vector<std::string> parts;
    for (const Json& r : a) parts.push_back(sub(r));
    return Join(parts, " ⧺ ");
  }
  auto arithmetic = Arithmetic().find(op);
  if (arithmetic != Arithmetic().end() && a.size() >= 2) {
    std::vector<std::string> parts;
    for (const Json& r : a) parts.push_back(sub(r));
    return Join(parts, " " + arithmetic->second + " ");
  }
  return Clip(DumpJson(rule), 80);
}

}  // namespace

std::size_t Utf16Length(const std::string& text) {
  std::size_t units = 0;
  for (const CodePoint& cp : DecodeUtf8(text)) units += cp.value > 0xFFFF ? 2 : 1;
  return units;
}

std::string Clip(const std::string& text, int max) {
  if (max <= 0) return text;
  // Count UTF-16 code units as String.length does.
  std::size_t units = 0;
  std::vector<CodePoint> cps = DecodeUtf8(text);
  for (const CodePoint& cp : cps) units += cp.value > 0xFFFF ? 2 : 1;
  if (units <= static_cast<std::size_t>(max)) return text;
  std::string out;
  std::size_t kept = 0;
  for (const CodePoint& cp : cps) {
    std::size_t w = cp.value > 0xFFFF ? 2 : 1;
    if (kept + w > static_cast<std::size_t>(max - 1)) break;
    AppendUtf8(cp.value, out);
    kept += w;
  }
  return out + "…";
}

std::string DescribeValue(const Json& value) {
  if (value.is_discarded() || value.is_null()) return "nothing";
  if (value.is_string()) return "'" + Clip(value.get<std::string>(), 80) + "'";
  if (value.is_number() || value.is_boolean()) return Str(value);
  if (value.is_array() && value.size() <= 5) {
    bool flat = true;
    for (const Json& v : value) flat = flat && !v.is_object() && !v.is_array();
    if (flat) {
      std::vector<std::string> parts;
      for (const Json& v : value) parts.push_back(DescribeValue(v));
      return "[" + Join(parts, ", ") + "]";
    }
  }
  return Clip(DumpJson(value), 80);
}

std::string DescribeCondition(const Json& rule, int max_chars) { return Clip(Describe(rule, 0), max_chars); }

std::string DurationWords(std::int64_t seconds) {
  std::int64_t rest = seconds < 0 ? -seconds : seconds;
  if (rest == 0) return "no time";
  static const std::pair<const char*, std::int64_t> kUnits[] = {
      {"week", 604800}, {"day", 86400}, {"hour", 3600}, {"minute", 60}, {"second", 1}};
  std::vector<std::string> parts;
  for (const auto& [name, size] : kUnits) {
    if (std::string_view(name) == "week" && rest % 604800 != 0) continue;  // "10 days", not "1 week 3 days"
    std::int64_t n = rest / size;
    if (n) {
      parts.push_back(std::to_string(n) + " " + name + (n == 1 ? "" : "s"));
      rest -= n * size;
    }
    if (parts.size() == 2) break;
  }
  return (seconds < 0 ? "-" : "") + Join(parts, " ");
}

std::string DurationTextWords(const Json& value) {
  if (value.is_string()) {
    if (auto seconds = ParseDurationLikePage(value.get_ref<const std::string&>())) return DurationWords(*seconds);
  }
  return DescribeValue(value);
}

std::string ChannelWord(const std::string& channel) {
  static const std::map<std::string, std::string> kWords = {
      {"email", "email"}, {"sms", "SMS"}, {"push", "push"}, {"ad_audience", "ad audience"}, {"webhook", "webhook"}};
  auto it = kWords.find(channel);
  return it == kWords.end() ? channel : it->second;
}

std::string DescribeNode(const Json& node, int max_chars) {
  if (!node.is_object()) return "";
  std::string type = StrOr(Field(node, "type"), "");
  if (type == "send") {
    std::string channel = Str(Field(node, "channel"));
    std::string name = Str(Field(node, "template"));
    if (channel == "ad_audience") return "syncs ad audience '" + name + "'";
    if (channel == "webhook") return "calls webhook '" + name + "'";
    return "sends " + ChannelWord(channel) + " '" + name + "'";
  }
  if (type == "update") {
    std::vector<std::string> parts;
    auto keys = [](const Json& object) {
      std::vector<std::string> names;
      for (auto it = object.begin(); it != object.end(); ++it) names.push_back(it.key());
      return Join(names, ", ");
    };
    auto items = [](const Json& list) {
      std::vector<std::string> names;
      for (const Json& v : list) names.push_back(v.is_null() ? "" : Str(v));
      return Join(names, ", ");
    };
    const Json& set = Field(node, "set");
    const Json& increment = Field(node, "increment");
    const Json& add = Field(node, "add_to_lists");
    const Json& remove = Field(node, "remove_from_lists");
    if (set.is_object()) parts.push_back("sets " + keys(set));
    if (increment.is_object()) parts.push_back("adds to " + keys(increment));
    if (add.is_array() && !add.empty()) parts.push_back("adds to list " + items(add));
    if (remove.is_array() && !remove.empty()) parts.push_back("removes from list " + items(remove));
    return parts.empty() ? "updates the contact" : Join(parts, "; ");
  }
  if (type == "branch") {
    const Json& branches = Field(node, "branches");
    std::size_t n = branches.is_array() ? branches.size() : 0;
    return "checks " + std::to_string(n) + " condition" + (n == 1 ? "" : "s");
  }
  if (type == "split") {
    const Json& variants = Field(node, "variants");
    std::size_t n = variants.is_array() ? variants.size() : 0;
    return std::string(Str(Field(node, "mode")) == "random" ? "random" : "A/B") + " split into " + std::to_string(n);
  }
  if (type == "wait") {
    const Json& until = Field(node, "until");
    if (!IsMissing(Field(node, "for"))) return "waits " + DurationTextWords(Field(node, "for"));
    if (until.is_object() || until.is_array()) {
      static const std::map<std::string, std::string> kDays = {{"mon", "Mon"}, {"tue", "Tue"}, {"wed", "Wed"},
                                                               {"thu", "Thu"}, {"fri", "Fri"}, {"sat", "Sat"},
                                                               {"sun", "Sun"}};
      const Json& days = Field(until, "days");
      std::string on;
      if (days.is_array() && !days.empty()) {
        std::vector<std::string> names;
        for (const Json& d : days) {
          std::string key = Str(d);
          auto it = kDays.find(key);
          names.push_back(it == kDays.end() ? key : it->second);
        }
        on = " on " + Join(names, ", ");
      }
      return "waits until " + StrOr(Field(until, "time"), "?") + on;
    }
    if (!IsMissing(Field(node, "for_expr"))) return "waits a computed time";
    if (!IsMissing(Field(node, "until_expr"))) return "waits until a computed time";
    return "waits";
  }
  const Json& timeout = Field(node, "timeout");
  std::string up_to = Truthy(timeout) ? " (up to " + DurationTextWords(timeout) + ")" : "";
  if (type == "wait_event") return "waits for '" + Str(Field(node, "event")) + "'" + up_to;
  if (type == "wait_until") return "waits until " + DescribeCondition(Field(node, "condition"), max_chars) + up_to;
  if (type == "exit") {
    const Json& reason = Field(node, "reason");
    return Truthy(reason) ? "exit (" + Str(reason) + ")" : "exit";
  }
  if (type == "enroll") return "enrolls in workflow '" + StrOr(Field(node, "workflow"), "?") + "'";
  if (type == "unenroll") return "takes out of workflow '" + StrOr(Field(node, "workflow"), "?") + "'";
  return StrOr(Field(node, "type"), "");
}

std::string DescribeTrigger(const Json& trigger, int max_chars) {
  if (!trigger.is_object()) return "a trigger";
  std::string type = StrOr(Field(trigger, "type"), "");
  if (type == "event") {
    std::string out = "event '" + Str(Field(trigger, "event")) + "'";
    if (Truthy(Field(trigger, "source"))) out += " from " + Str(Field(trigger, "source"));
    if (!IsMissing(Field(trigger, "where"))) out += " where " + DescribeCondition(Field(trigger, "where"), max_chars);
    return out;
  }
  if (type == "condition") return "when " + DescribeCondition(Field(trigger, "condition"), max_chars);
  if (type == "date") {
    std::int64_t offset = 0;
    const Json& offset_text = Field(trigger, "offset");
    if (Truthy(offset_text) && offset_text.is_string()) offset = ParseDurationLikePage(offset_text.get<std::string>()).value_or(0);
    std::string rel = offset ? " " + DurationWords(offset < 0 ? -offset : offset) + (offset < 0 ? " before" : " after") : "";
    std::string out = "the date in '" + Str(Field(trigger, "attribute")) + "'" + rel;
    if (Truthy(Field(trigger, "at"))) out += " at " + Str(Field(trigger, "at"));
    if (Field(trigger, "every") == Json("year")) out += ", every year";
    return out;
  }
  if (type == "schedule") {
    std::string out = "schedule " + StrOr(Field(trigger, "at"), "");
    if (Truthy(Field(trigger, "every"))) out += ", every " + DurationTextWords(Field(trigger, "every"));
    if (Truthy(Field(trigger, "local"))) out += " (local time)";
    return out;
  }
  if (type == "inactivity")
    return "no '" + Str(Field(trigger, "event")) + "' for " + DurationTextWords(Field(trigger, "for"));
  return Str(Field(trigger, "type")) + " trigger";
}

std::string ReasonWords(const std::string& reason) {
  static const std::map<std::string, std::string> kReasons = {
      {"no_consent", "the contact has not consented to this channel"},
      {"no_address", "the contact has no address for this channel"},
      {"frequency_cap", "the frequency cap was reached"},
      {"quiet_hours", "it is quiet hours in the contact's zone"},
      {"audience", "the contact is not in the workflow's audience"},
      {"reenroll", "re-enrolment is not allowed yet"},
      {"render_failed", "the message could not be rendered"},
  };
  auto it = kReasons.find(reason);
  if (it != kReasons.end()) return it->second;
  std::string out = reason;
  for (char& c : out)
    if (c == '_') c = ' ';
  return out;
}

std::vector<NodeEdge> NodeEdges(const Json& node) {
  std::vector<NodeEdge> out;
  if (!node.is_object()) return out;
  auto add = [&](const Json& to, std::string label, const char* kind, int arm = -1) {
    if (to.is_string() && !to.get_ref<const std::string&>().empty())
      out.push_back(NodeEdge{to.get<std::string>(), std::move(label), kind, arm});
  };
  std::string type = StrOr(Field(node, "type"), "");
  if (type == "branch") {
    const Json& branches = Field(node, "branches");
    if (branches.is_array()) {
      int i = 0;
      for (const Json& b : branches) {
        add(Field(b, "next"), StrOr(Field(b, "label"), ""), "branch", i);
        ++i;
      }
    }
    add(Field(node, "else"), "else", "else");
  } else if (type == "split") {
    const Json& variants = Field(node, "variants");
    if (variants.is_array()) {
      int i = 0;
      for (const Json& v : variants) {
        std::string label = StrOr(Field(v, "label"), "");
        const Json& weight = Field(v, "weight");
        if (weight.is_number() && std::isfinite(weight.get<double>())) label += " · " + NumberText(weight.get<double>());
        add(Field(v, "next"), label, "variant", i);
        ++i;
      }
    }
  } else if (type == "wait_event") {
    add(Field(node, "next"), "'" + Str(Field(node, "event")) + "' arrived", "next");
    add(Field(node, "on_timeout"), "timeout", "timeout");
  } else if (type == "wait_until") {
    add(Field(node, "next"), "condition holds", "next");
    add(Field(node, "on_timeout"), "timeout", "timeout");
  } else if (type != "exit") {
    add(Field(node, "next"), "", "next");
  }
  return out;
}

std::string ElseWhy(const Json& branches, int max_chars) {
  if (!branches.is_array() || branches.empty()) return "it has no other path";
  if (branches.size() == 1)
    return "'" + Str(Field(branches[0], "label")) + "' (" + DescribeCondition(Field(branches[0], "when"), max_chars) +
           ") did not hold";
  std::vector<std::string> labels;
  for (const Json& b : branches) labels.push_back("'" + Str(Field(b, "label")) + "'");
  return "none of " + Join(labels, ", ") + " held";
}

std::string VariantShare(const Json& variants, std::size_t index) {
  if (!variants.is_array() || index >= variants.size()) return "";
  double total = 0;
  for (const Json& v : variants) {
    const Json& w = Field(v, "weight");
    if (w.is_number() && std::isfinite(w.get<double>())) total += w.get<double>();
  }
  if (!(total > 0)) return "";
  const Json& w = Field(variants[index], "weight");
  double share = w.is_number() ? std::floor(w.get<double>() / total * 1000 + 0.5) / 10 : NAN;
  return NumberText(share) + "% of contacts";
}

std::string ReenrollWords(const Json& reenroll) {
  if (IsMissing(reenroll) || reenroll.is_null() || reenroll == Json("never")) return "this workflow never re-enrols a contact";
  if (reenroll == Json("after_exit")) return "a contact re-enrols only after it has exited";
  return "at most one enrolment every " + DurationTextWords(reenroll);
}

}  // namespace flowproof::words
