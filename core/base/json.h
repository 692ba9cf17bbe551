// The JSON value type used across the core.
//
// nlohmann::json keeps object keys sorted (std::map), so iterating an object
// is deterministic; that matters because traces must be byte-identical on
// every run and platform.
#pragma once

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

}  // namespace flowproof
