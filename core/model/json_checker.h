// Typed reading of user JSON with located problems: the shared machinery of
// the workflow and fixture parsers. Every accessor records a problem (with
// its JSON Pointer) instead of failing, so one pass reports everything.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/model/problem.h"
#include "core/model/workflow.h"
#include "core/time/types.h"

namespace flowproof {

// RFC 6901 escaping of one reference token ("a/b" -> "a~1b").
std::string PointerToken(const std::string& token);

// Whether `key` is an extension field ("x-editor-position"): users and the
// tools that write workflows may add these to any object whose fields
// flowproof defines, and every parser ignores them.
bool IsExtensionKey(const std::string& key);

// `value` as JSON text for a message, cut to about 80 characters; never
// throws (invalid UTF-8 is replaced).
std::string Dump(const Json& value);

class JsonChecker {
 public:
  void Add(std::string pointer, std::string message) { problems.push_back(Problem{std::move(pointer), std::move(message)}); }

  // Problems for keys of `object` not in `allowed` (likely typos; the
  // message suggests the closest allowed name), except extension keys. An
  // allowed "description" must be a string.
  void OnlyKeys(const Json& object, const std::string& pointer, std::initializer_list<const char*> allowed);
  // The member `key`, or null (and a problem when `required`).
  const Json* Member(const Json& object, const char* key, const std::string& pointer, bool required);

  std::optional<std::string> String(const Json& object, const char* key, const std::string& pointer, bool required);
  std::optional<Duration> DurationAt(const Json& value, const std::string& pointer);
  std::optional<Duration> DurationField(const Json& object, const char* key, const std::string& pointer, bool required);
  std::optional<LocalTime> LocalTimeField(const Json& object, const char* key, const std::string& pointer, bool required);
  std::optional<Condition> ConditionAt(const Json& value, const std::string& pointer);
  std::optional<Condition> ConditionField(const Json& object, const char* key, const std::string& pointer, bool required);
  std::vector<std::string> StringList(const Json& object, const char* key, const std::string& pointer);
  std::optional<Channel> ChannelAt(const Json& value, const std::string& pointer);
  bool ZoneField(const Json& object, const char* key, const std::string& pointer, std::string* zone);

  Problems problems;
  Problems warnings;
};

}  // namespace flowproof
