// JsonLogic, duration and template-variable builders shared by the converters.
#include "core/import/build_logic.h"

#include <cctype>
#include <cmath>
#include <string>

#include "core/time/duration.h"

namespace flowproof {

Json Var(std::string_view path) { return Json{{"var", std::string(path)}}; }

Json ContactVar(std::string_view attribute) { return Var("contact." + std::string(attribute)); }

Json EventPropertyVar(std::string_view property) { return Var("event.properties." + std::string(property)); }

Json Compare(std::string_view op, Json left, Json right) {
  return Json{{std::string(op), Json::array({std::move(left), std::move(right)})}};
}

Json Not(Json rule) { return Json{{"!", Json::array({std::move(rule)})}}; }

namespace {

Json Combine(const char* op, std::vector<Json> rules, bool empty_value) {
  if (rules.empty()) return Json(empty_value);
  if (rules.size() == 1) return std::move(rules.front());
  Json args = Json::array();
  for (Json& rule : rules) args.push_back(std::move(rule));
  return Json{{op, std::move(args)}};
}

Json EventOperation(const char* op, std::string_view name, std::string_view within, const Json* where) {
  Json args = Json::array({std::string(name), std::string(within)});
  if (where != nullptr) args.push_back(*where);
  return Json{{op, std::move(args)}};
}

}  // namespace

Json AllOf(std::vector<Json> rules) { return Combine("and", std::move(rules), true); }
Json AnyOf(std::vector<Json> rules) { return Combine("or", std::move(rules), false); }
Json AlwaysTrue() { return Json(true); }
Json AlwaysFalse() { return Json(false); }

Json HasEvent(std::string_view name, std::string_view within, const Json* where) {
  return EventOperation("has_event", name, within, where);
}

Json CountEvents(std::string_view name, std::string_view within, const Json* where) {
  return EventOperation("count_events", name, within, where);
}

Json InList(std::string_view list) { return Json{{"in_list", Json::array({std::string(list)})}}; }

std::optional<std::string> DurationFromSeconds(double seconds, bool* rounded) {
  if (!std::isfinite(seconds) || seconds < 0 || seconds > static_cast<double>(kMaxDuration)) return std::nullopt;
  double whole = std::round(seconds);
  if (whole != seconds && rounded != nullptr) *rounded = true;
  return FormatDuration(static_cast<Duration>(whole));
}

std::optional<std::string> DurationFromUnit(double amount, std::string_view unit, bool* rounded) {
  std::string u;
  for (char c : unit) u += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!u.empty() && u.back() == 's') u.pop_back();
  double factor = 0;
  if (u == "second") factor = 1;
  else if (u == "minute") factor = 60;
  else if (u == "hour") factor = 3600;
  else if (u == "day") factor = 86400;
  else if (u == "week") factor = 7 * 86400;
  else return std::nullopt;
  if (!std::isfinite(amount) || amount < 0 || amount > static_cast<double>(kMaxDuration) / factor) return std::nullopt;
  return DurationFromSeconds(amount * factor, rounded);
}

namespace {

bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

// Rewrites `prefix.` / `prefix[` to `contact.` / `contact[` in the markup
// between `from` and `to` of `text`, skipping quoted strings.
void RewriteMarkup(std::string_view markup, std::string_view prefix, std::string& out) {
  std::size_t i = 0;
  while (i < markup.size()) {
    char c = markup[i];
    if (c == '"' || c == '\'') {
      std::size_t end = markup.find(c, i + 1);
      if (end == std::string_view::npos) end = markup.size() - 1;
      out.append(markup.substr(i, end - i + 1));
      i = end + 1;
      continue;
    }
    bool at_start = i == 0 || !(IsIdentChar(markup[i - 1]) || markup[i - 1] == '.');
    if (at_start && markup.substr(i, prefix.size()) == prefix && i + prefix.size() < markup.size() &&
        (markup[i + prefix.size()] == '.' || markup[i + prefix.size()] == '[')) {
      out += "contact";
      i += prefix.size();
      continue;
    }
    out += c;
    ++i;
  }
}

}  // namespace

std::string RewriteTemplateVariables(std::string_view liquid, std::string_view prefix) {
  std::string out;
  out.reserve(liquid.size());
  std::size_t i = 0;
  while (i < liquid.size()) {
    std::size_t open = liquid.find('{', i);
    if (open == std::string_view::npos || open + 1 >= liquid.size()) {
      out.append(liquid.substr(i));
      break;
    }
    char kind = liquid[open + 1];
    if (kind != '{' && kind != '%') {
      out.append(liquid.substr(i, open + 1 - i));
      i = open + 1;
      continue;
    }
    const char* closer = kind == '{' ? "}}" : "%}";
    std::size_t close = liquid.find(closer, open + 2);
    if (close == std::string_view::npos) {
      out.append(liquid.substr(i));
      break;
    }
    out.append(liquid.substr(i, open + 2 - i));
    std::string_view markup = liquid.substr(open + 2, close - open - 2);
    // A raw block is kept as written up to its end.
    std::size_t word = markup.find_first_not_of(" -\t\r\n");
    if (kind == '%' && word != std::string_view::npos && markup.substr(word, 3) == "raw" &&
        (word + 3 == markup.size() || !IsIdentChar(markup[word + 3]))) {
      std::size_t end = liquid.find("endraw", close);
      std::size_t end_close = end == std::string_view::npos ? std::string_view::npos : liquid.find("%}", end);
      if (end_close == std::string_view::npos) {
        out.append(liquid.substr(open + 2));
        break;
      }
      out.append(liquid.substr(open + 2, end_close + 2 - (open + 2)));
      i = end_close + 2;
      continue;
    }
    RewriteMarkup(markup, prefix, out);
    out += closer;
    i = close + 2;
  }
  return out;
}

}  // namespace flowproof
