// Serialising JSON values to text, in the two ways the core needs.
//
// Values from users may hold invalid UTF-8 (a template that cut a character
// in half, a hostile fixture): both functions replace such bytes with U+FFFD
// instead of throwing, so printing a value can never fail.
//
//   DumpJson(Json{{"a", 1}})          // {"a":1}         (traces, results)
//   QuoteForMessage(Json("x"))        // "x"              (inside error messages)
#pragma once

#include <string>

#include "core/base/json.h"

namespace flowproof {

// The compact form (no spaces), object keys in sorted order: what traces and
// the WebAssembly boundary print, byte for byte the same on every platform.
std::string DumpJson(const Json& value);

// The compact form cut to at most 80 bytes (whole characters, "..." at the
// end when cut), for quoting a user's value inside a message for people.
std::string QuoteForMessage(const Json& value);

}  // namespace flowproof
