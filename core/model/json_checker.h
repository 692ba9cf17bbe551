// Typed reading of user JSON with located problems: the shared machinery of
// the workflow and fixture parsers. Every accessor records a problem (with
// its JSON Pointer and its code) instead of failing, so one pass reports
// everything.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/base/json.h"
#include "core/base/json_dump.h"     // QuoteForMessage
#include "core/base/json_pointer.h"  // PointerToken
#include "core/base/problem.h"
#include "core/model/workflow.h"
#include "core/time/types.h"

namespace flowproof {

// Whether `key` is an extension field ("x-editor-position"): users and the
// tools that write workflows may add these to any object whose fields
// flowproof defines, and every parser ignores them.
bool IsExtensionKey(const std::string& key);

class JsonChecker {
 public:
  // Records a problem; `code` is one of problem_code::k* (core/base/problem_codes.h).
  void Add(const char* code, std::string pointer, std::string message) {
    problems.push_back(Problem{.pointer = std::move(pointer), .message = std::move(message), .code = code});
  }
  // Records a warning (the workflow stays valid).
  void Warn(const char* code, std::string pointer, std::string message) {
    warnings.push_back(Problem{.pointer = std::move(pointer), .message = std::move(message), .code = code});
  }

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
