// Deterministic hashing for sticky split assignment and seeded reactions.
//
// Splits must put the same contact in the same variant "in every run and on
// every platform" (FORMAT.md), so the draw is a pure function of its inputs:
// FNV-1a over the parts, finished with SplitMix64's mixer. No std::hash (its
// values differ between libstdc++ and libc++) and no generator state that a
// change of processing order could shift.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace flowproof {

inline std::uint64_t StableHash(std::initializer_list<std::string_view> parts, std::uint64_t seed) {
  std::uint64_t h = 14695981039346656037ull ^ seed;
  for (std::string_view part : parts) {
    for (unsigned char c : part) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xff;  // separator: ("ab","c") and ("a","bc") differ
    h *= 1099511628211ull;
  }
  h += 0x9e3779b97f4a7c15ull;
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
  return h ^ (h >> 31);
}

// A uniform draw in [0, 1) from a hash (53 bits, exactly representable).
inline double UnitInterval(std::uint64_t hash) {
  return static_cast<double>(hash >> 11) * (1.0 / 9007199254740992.0);
}

}  // namespace flowproof
