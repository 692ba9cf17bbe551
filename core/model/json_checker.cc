#include "core/model/json_checker.h"

#include <algorithm>

#include "core/logic/rule.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"
#include "core/time/zone.h"

namespace flowproof {

std::string PointerToken(const std::string& token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

void JsonChecker::OnlyKeys(const Json& object, const std::string& pointer, std::initializer_list<const char*> allowed) {
  if (!object.is_object()) return;
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char* key) { return it.key() == key; });
    if (!known) {
      std::string list;
      for (const char* key : allowed) list += std::string(list.empty() ? "" : ", ") + key;
      Add(pointer + "/" + PointerToken(it.key()), "unknown field '" + it.key() + "' (expected one of: " + list + ")");
    }
  }
}

const Json* JsonChecker::Member(const Json& object, const char* key, const std::string& pointer, bool required) {
  if (object.is_object()) {
    auto it = object.find(key);
    if (it != object.end()) return &*it;
  }
  if (required) Add(pointer + "/" + key, std::string("'") + key + "' is required");
  return nullptr;
}

std::optional<std::string> JsonChecker::String(const Json& object, const char* key, const std::string& pointer,
                                               bool required) {
  const Json* value = Member(object, key, pointer, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    Add(pointer + "/" + key, std::string("'") + key + "' must be a string");
    return std::nullopt;
  }
  if (required && value->get_ref<const std::string&>().empty()) {
    Add(pointer + "/" + key, std::string("'") + key + "' must not be empty");
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<Duration> JsonChecker::DurationAt(const Json& value, const std::string& pointer) {
  if (!value.is_string()) {
    Add(pointer, "a duration must be a string such as \"2d\", \"1d12h\" or \"PT2H\"");
    return std::nullopt;
  }
  std::string error;
  std::optional<Duration> d = ParseDuration(value.get<std::string>(), &error);
  if (!d) Add(pointer, "not a duration: " + error);
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
  if (!t) Add(pointer + "/" + key, "not a local time of day (\"09:00\"): " + error);
  return t;
}

std::optional<Condition> JsonChecker::ConditionAt(const Json& value, const std::string& pointer) {
  logic::CompileResult compiled = logic::Compile(value);
  for (const Problem& problem : compiled.problems) Add(pointer + problem.pointer, problem.message);
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
    Add(pointer + "/" + key, std::string("'") + key + "' must be an array of strings");
    return out;
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    if ((*value)[i].is_string()) out.push_back((*value)[i].get<std::string>());
    else Add(pointer + "/" + key + "/" + std::to_string(i), "must be a string");
  }
  return out;
}

std::optional<Channel> JsonChecker::ChannelAt(const Json& value, const std::string& pointer) {
  static const std::pair<const char*, Channel> kChannels[] = {
      {"email", Channel::kEmail}, {"sms", Channel::kSms}, {"push", Channel::kPush},
      {"ad_audience", Channel::kAdAudience}, {"webhook", Channel::kWebhook}};
  if (value.is_string()) {
    for (const auto& [name, channel] : kChannels) {
      if (value == name) return channel;
    }
  }
  Add(pointer, "unknown channel " + value.dump() + " (expected email, sms, push, ad_audience or webhook)");
  return std::nullopt;
}

bool JsonChecker::ZoneField(const Json& object, const char* key, const std::string& pointer, std::string* zone) {
  std::optional<std::string> name = String(object, key, pointer, false);
  if (!name) return false;
  if (FindTimeZone(*name) == nullptr) {
    Add(pointer + "/" + key, "unknown time zone '" + *name + "' (expected an IANA name such as \"America/New_York\")");
    return false;
  }
  *zone = *name;
  return true;
}

const char* ChannelName(Channel channel) {
  switch (channel) {
    case Channel::kEmail: return "email";
    case Channel::kSms: return "sms";
    case Channel::kPush: return "push";
    case Channel::kAdAudience: return "ad_audience";
    case Channel::kWebhook: return "webhook";
  }
  return "email";
}

const char* NodeTypeName(NodeType type) {
  switch (type) {
    case NodeType::kSend: return "send";
    case NodeType::kUpdate: return "update";
    case NodeType::kBranch: return "branch";
    case NodeType::kSplit: return "split";
    case NodeType::kWait: return "wait";
    case NodeType::kWaitEvent: return "wait_event";
    case NodeType::kWaitUntil: return "wait_until";
    case NodeType::kExit: return "exit";
  }
  return "exit";
}

}  // namespace flowproof
