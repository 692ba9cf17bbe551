// The JSON value type used across the core.
//
// nlohmann::json keeps object keys sorted (std::map), so iterating an object
// is deterministic; that matters because traces must be byte-identical on
// every run and platform.
#pragma once

#include <cmath>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace flowproof {

using Json = nlohmann::json;

// `object[key]` without inserting or throwing: the member, or `missing` when
// `object` is not an object or has no such key. For reading documents whose
// shape is not yet checked (imports, the words of a workflow as written).
//
//   const Json& delay = MemberOr(action, "delay");   // null when absent
inline const Json& MemberOr(const Json& object, std::string_view key, const Json& missing) {
  if (!object.is_object()) return missing;
  auto it = object.find(key);
  return it == object.end() ? missing : *it;
}
inline const Json& MemberOr(const Json& object, std::string_view key) {
  static const Json kNull;
  return MemberOr(object, key, kNull);
}

// The member itself, or nullptr when absent (null is a member too).
inline const Json* FindMember(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// The member's string, or `fallback` when it is absent or not a string.
inline std::string StringMember(const Json& object, std::string_view key, const std::string& fallback = "") {
  const Json* member = FindMember(object, key);
  return member != nullptr && member->is_string() ? member->get<std::string>() : fallback;
}

// A number to write: a whole number as an integer (50, not 50.0); any
// other, or one beyond 2^53, as it is.
inline Json NumberJson(double value) {
  if (value == std::floor(value) && std::fabs(value) < 9e15) return Json(static_cast<long long>(value));
  return Json(value);
}

}  // namespace flowproof
