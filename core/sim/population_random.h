// The random streams of a population draw (core/sim/population_draw.h):
// SplitMix64 over a per-contact, per-field seed, and the few transcendental
// functions the draws need computed with + - * / and sqrt only (IEEE-exact
// on every platform), so native and WebAssembly draw the same audience.
// libm's log and cos are not guaranteed to round alike on glibc and musl.
//
//   DrawStream stream(ContactSeed(base, 17), field_key);
//   double u = stream.Unit();        // [0, 1)
//   double z = stream.Normal();      // standard normal (Marsaglia's polar method)
//   double e = stream.Exponential(); // mean 1
#pragma once

#include <cmath>
#include <cstdint>

namespace flowproof {

inline std::uint64_t MixBits(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

inline std::uint64_t ContactSeed(std::uint64_t base, std::uint64_t number) {
  return MixBits(base + number * 0xd1b54a32d192ed03ull);
}

// Natural logarithm of x > 0 from frexp (exact) and the atanh series; within
// 1 ulp or so of libm, and the same bits on every IEEE platform.
inline double DeterministicLog(double x) {
  int exponent = 0;
  double m = std::frexp(x, &exponent);  // x = m * 2^exponent, m in [0.5, 1)
  m *= 2;
  exponent -= 1;
  if (m > 1.4142135623730951) {
    m /= 2;
    exponent += 1;
  }
  double s = (m - 1) / (m + 1);  // |s| <= 0.1716
  double s2 = s * s, power = s, sum = 0;
  for (int k = 0; k < 16; ++k) {
    sum += power / (2 * k + 1);
    power *= s2;
  }
  return 2 * sum + exponent * 0.6931471805599453;
}

// e^x from a reduction by ln 2 (ldexp is exact) and the Taylor series.
inline double DeterministicExp(double x) {
  if (x < -745) return 0;
  if (x > 709) return HUGE_VAL;
  double k = std::floor(x / 0.6931471805599453 + 0.5);
  // ln 2 in two parts (Cody and Waite): k * kHigh is exact, so r keeps its bits.
  double r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10;  // |r| <= 0.35
  double term = 1, sum = 1;
  for (int i = 1; i < 24; ++i) {
    term *= r / i;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(k));
}

class DrawStream {
 public:
  DrawStream(std::uint64_t contact_seed, std::uint64_t field_key) : state_(MixBits(contact_seed ^ field_key)) {}

  std::uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ull;
    return MixBits(state_);
  }
  // Uniform in [0, 1), 53 bits.
  double Unit() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }
  // Uniform integer in [0, n) (n > 0); the modulo bias is below 2^-40 for
  // any n a fixture can give.
  std::uint64_t Below(std::uint64_t n) { return n <= 1 ? 0 : Next() % n; }
  // Mean 1: -log(U) with U in (0, 1].
  double Exponential() { return -DeterministicLog(1.0 - Unit()); }
  double Normal() {
    for (int i = 0; i < 64; ++i) {
      double u = 2 * Unit() - 1, v = 2 * Unit() - 1;
      double s = u * u + v * v;
      if (s > 0 && s < 1) return u * std::sqrt(-2 * DeterministicLog(s) / s);
    }
    return 0;  // 64 misses in a row: probability 2^-140
  }

 private:
  std::uint64_t state_;
};

}  // namespace flowproof
