// The statistics of a forecast, computed with IEEE-exact arithmetic and the
// deterministic log / exp of core/sim/population_random.h, so that a
// forecast's JSON is the same bytes natively and in WebAssembly.
//
//   Interval ci = WilsonInterval(120, 1000);            // 95%: {0.1011, 0.1417}
//   double p = ChiSquarePValue({{30, 250}, {55, 250}});  // reached, contacts per variant
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace flowproof {

struct Interval {
  double low = 0, high = 0;
};

// The Wilson score interval at 95% for `successes` of `trials` (> 0).
Interval WilsonInterval(std::uint64_t successes, std::uint64_t trials);

// The p-value of Pearson's chi-square test of independence on a k x 2 table
// (per group: successes, trials); for two groups this is the two-sided
// pooled two-proportion z test (chi-square = z squared). Groups without
// trials are left out; -1 when fewer than two groups remain or no group
// differs (every rate 0 or every rate 1).
double ChiSquarePValue(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& groups);

// The regularised upper incomplete gamma function Q(a, x), a > 0, x >= 0.
double UpperGammaQ(double a, double x);

// x rounded to `decimals` places (0..9), half away from zero.
double RoundTo(double x, int decimals);

}  // namespace flowproof
