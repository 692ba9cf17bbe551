#include "core/model/json_checker.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/logic/rule.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"
#include "core/time/zone.h"

namespace flowproof {

namespace {

// Field names longer than this are not quoted back in messages.
constexpr std::size_t kMaxNameInMessage = 200;

// Levenshtein distance, for "did you mean" hints on field names.
std::size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

bool IsExtensionKey(const std::string& key) { return key.size() > 2 && key[0] == 'x' && key[1] == '-'; }

void JsonChecker::OnlyKeys(const Json& object, const std::string& pointer, std::initializer_list<const char*> allowed) {
  if (!object.is_object()) return;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (IsExtensionKey(it.key())) continue;
    bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char* key) { return it.key() == key; });
    if (known && it.key() == "description" && !it.value().is_string()) {
      Add(problem_code::kWrongType, pointer + "/description", "'description' must be a string");
    }
    if (known) continue;
    if (it.key().size() > kMaxNameInMessage) {
      Add(problem_code::kUnknownField, pointer, "unknown field of " + std::to_string(it.key().size()) + " bytes");
      continue;
    }
    std::string list;
    const char* closest = nullptr;
    std::size_t best = 3;  // suggest only names within two edits
    for (const char* key : allowed) {
      list += std::string(list.empty() ? "" : ", ") + key;
      std::size_t distance = EditDistance(it.key(), key);
      if (distance < best) {
        best = distance;
        closest = key;
      }
    }
    std::string hint = closest != nullptr ? "did you mean '" + std::string(closest) + "'? " : "";
    Add(problem_code::kUnknownField, pointer + "/" + PointerToken(it.key()), "unknown field '" + it.key() + "' (" + hint + "expected one of: " + list + ")");
  }
}

const Json* JsonChecker::Member(const Json& object, const char* key, const std::string& pointer, bool required) {
  if (object.is_object()) {
    auto it = object.find(key);
    if (it != object.end()) return &*it;
  }
  if (required) Add(problem_code::kMissingField, pointer + "/" + key, std::string("'") + key + "' is required");
  return nullptr;
}

std::optional<std::string> JsonChecker::String(const Json& object, const char* key, const std::string& pointer,
                                               bool required) {
  const Json* value = Member(object, key, pointer, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    Add(problem_code::kWrongType, pointer + "/" + key, std::string("'") + key + "' must be a string");
    return std::nullopt;
  }
  if (required && value->get_ref<const std::string&>().empty()) {
    Add(problem_code::kEmptyValue, pointer + "/" + key, std::string("'") + key + "' must not be empty");
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<Duration> JsonChecker::DurationAt(const Json& value, const std::string& pointer) {
  if (!value.is_string()) {
    Add(problem_code::kNotADuration, pointer, "a duration must be a string such as \"2d\", \"1d12h\" or \"PT2H\"");
    return std::nullopt;
  }
  std::string error;
  std::optional<Duration> d = ParseDuration(value.get<std::string>(), &error);
  if (!d) Add(problem_code::kNotADuration, pointer, "not a duration: " + error);
  return d;
}

std::optional<Duration> JsonChecker::DurationField(const Json& object, const char* key, const std::string& pointer,
                                                   bool required) {
  const Json* value = Member(object, key, pointer, required);
  return value == nullptr ? std::nullopt : DurationAt(*value, pointer + "/" + key);
}

std::optional<LocalTime> JsonChecker::LocalTimeField(const Json& object, const char* key, const std::string& pointer,
                                                     bool required) {
  std::optional<std::string> text = String(object, key, pointer, required);
  if (!text) return std::nullopt;
  std::string error;
  std::optional<LocalTime> t = ParseLocalTime(*text, &error);
  if (!t) Add(problem_code::kNotATimeOfDay, pointer + "/" + key, "not a local time of day (\"09:00\"): " + error);
  return t;
}

std::optional<Condition> JsonChecker::ConditionAt(const Json& value, const std::string& pointer) {
  // JsonLogic reads an object with several keys (or none) as data, which is
  // always true: as a whole condition that is a mistake, typically two
  // operations where an "and" was meant.
  if (value.is_object() && value.size() != 1) {
    std::string keys;
    for (auto it = value.begin(); it != value.end() && keys.size() < 80; ++it) keys += (keys.empty() ? "" : ", ") + it.key();
    Add(problem_code::kInvalidCondition, pointer, "a condition object must hold exactly one operation (" +
                     (value.empty() ? std::string("this one is empty") : "this one has " + std::to_string(value.size()) + " keys: " + keys) +
                     "); combine several with {\"and\": [...]}");
    return std::nullopt;
  }
  logic::CompileResult compiled = logic::Compile(value);
  for (const Problem& problem : compiled.problems) Add(problem.code.c_str(), pointer + problem.pointer, problem.message);
  if (!compiled.ok()) return std::nullopt;
  return Condition{value, compiled.rule};
}

std::optional<Condition> JsonChecker::ConditionField(const Json& object, const char* key, const std::string& pointer,
                                                     bool required) {
  const Json* value = Member(object, key, pointer, required);
  return value == nullptr ? std::nullopt : ConditionAt(*value, pointer + "/" + key);
}

std::vector<std::string> JsonChecker::StringList(const Json& object, const char* key, const std::string& pointer) {
  std::vector<std::string> out;
  const Json* value = Member(object, key, pointer, false);
  if (value == nullptr) return out;
  if (!value->is_array()) {
    Add(problem_code::kWrongType, pointer + "/" + key, std::string("'") + key + "' must be an array of strings");
    return out;
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    if ((*value)[i].is_string()) out.push_back((*value)[i].get<std::string>());
    else Add(problem_code::kWrongType, pointer + "/" + key + "/" + std::to_string(i), "must be a string");
  }
  return out;
}

std::optional<Channel> JsonChecker::ChannelAt(const Json& value, const std::string& pointer) {
  if (value.is_string()) {
    if (std::optional<Channel> channel = ChannelFromName(value.get_ref<const std::string&>())) return channel;
  }
  Add(problem_code::kUnknownChannel, pointer, "unknown channel " + QuoteForMessage(value) + " (expected " + ChannelNamesForMessage() + ")");
  return std::nullopt;
}

bool JsonChecker::ZoneField(const Json& object, const char* key, const std::string& pointer, std::string* zone) {
  std::optional<std::string> name = String(object, key, pointer, false);
  if (!name) return false;
  if (FindTimeZone(*name) == nullptr) {
    Add(problem_code::kUnknownTimeZone, pointer + "/" + key, "unknown time zone '" + *name + "' (expected an IANA name such as \"America/New_York\")");
    return false;
  }
  *zone = *name;
  return true;
}

}  // namespace flowproof
