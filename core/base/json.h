// The JSON value type used across the core.
//
// nlohmann::json keeps object keys sorted (std::map), so iterating an object
// is deterministic; that matters because traces must be byte-identical on
// every run and platform.
#pragma once

#include <nlohmann/json.hpp>

namespace flowproof {

using Json = nlohmann::json;

}  // namespace flowproof
