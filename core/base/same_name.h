// Equality of short names (attribute keys, field names) on hot paths.
//
//   SameName(entry.first, "email")
//
// std::string_view's == calls memcmp whenever the lengths agree. Natively
// that is a few vector instructions; under WebAssembly it is a call into a
// word loop, and the simulator compares a contact's handful of attribute
// names ("email", "phone", "score", "lists": many share a length) on every
// condition, send and update. Names are a few bytes and those that differ
// almost always differ in their first: an inline loop stops there.
#pragma once

#include <cstddef>
#include <string_view>

namespace flowproof {

inline bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace flowproof
