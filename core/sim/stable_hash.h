// Deterministic hashing for sticky split assignment and seeded reactions.
//
// Splits must put the same contact in the same variant "in every run and on
// every platform" (FORMAT.md), so the draw is a pure function of its inputs:
// FNV-1a over the parts, finished with SplitMix64's mixer. No std::hash (its
// values differ between libstdc++ and libc++) and no generator state that a
// change of processing order could shift.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace flowproof {

// StableHash part by part, for hot paths that would otherwise build strings
// for the parts: Add(part)... then Finish() gives what StableHash({part...},
// seed) gives; AddNumber(n) hashes n as std::to_string(n) would write it.
class StableHasher {
 public:
  explicit StableHasher(std::uint64_t seed) : h_(14695981039346656037ull ^ seed) {}
  StableHasher& Add(std::string_view part) {
    for (unsigned char c : part) {
      h_ ^= c;
      h_ *= 1099511628211ull;
    }
    h_ ^= 0xff;  // separator: ("ab","c") and ("a","bc") differ
    h_ *= 1099511628211ull;
    return *this;
  }
  StableHasher& AddNumber(std::uint64_t n) {
    char digits[20];
    char* end = digits + sizeof digits;
    char* p = end;
    do {
      *--p = static_cast<char>('0' + n % 10);
      n /= 10;
    } while (n != 0);
    return Add(std::string_view(p, static_cast<std::size_t>(end - p)));
  }
  std::uint64_t Finish() const {
    std::uint64_t h = h_ + 0x9e3779b97f4a7c15ull;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
    return h ^ (h >> 31);
  }

 private:
  std::uint64_t h_;
};

inline std::uint64_t StableHash(std::initializer_list<std::string_view> parts, std::uint64_t seed) {
  StableHasher hasher(seed);
  for (std::string_view part : parts) hasher.Add(part);
  return hasher.Finish();
}

// A uniform draw in [0, 1) from a hash (53 bits, exactly representable).
inline double UnitInterval(std::uint64_t hash) {
  return static_cast<double>(hash >> 11) * (1.0 / 9007199254740992.0);
}

}  // namespace flowproof
