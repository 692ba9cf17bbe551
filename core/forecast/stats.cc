#include "core/forecast/stats.h"

#include <cmath>

#include "core/sim/population_random.h"

namespace flowproof {
namespace {

constexpr double kZ95 = 1.959963984540054;

// ln Gamma(a) for a whole or half-whole a (the chi-square's df / 2).
double LogGammaHalfInteger(double a) {
  double sum = 0;
  if (std::floor(a) == a) {
    for (double k = 2; k < a; k += 1) sum += DeterministicLog(k);
    return sum;
  }
  sum = 0.5723649429247001;  // ln sqrt(pi) = ln Gamma(1/2)
  for (double k = 0.5; k < a - 0.25; k += 1) sum += DeterministicLog(k);
  return sum;
}

}  // namespace

Interval WilsonInterval(std::uint64_t successes, std::uint64_t trials) {
  double n = static_cast<double>(trials);
  double p = static_cast<double>(successes) / n;
  double z2 = kZ95 * kZ95;
  double denominator = 1 + z2 / n;
  double center = (p + z2 / (2 * n)) / denominator;
  double half = kZ95 * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
  Interval out{center - half, center + half};
  if (out.low < 0) out.low = 0;
  if (out.high > 1) out.high = 1;
  return out;
}

double UpperGammaQ(double a, double x) {
  if (x <= 0) return 1;
  double log_prefix = -x + a * DeterministicLog(x) - LogGammaHalfInteger(a);
  if (x < a + 1) {  // the series of P(a, x)
    double term = 1 / a, sum = term;
    for (int n = 1; n < 1000; ++n) {
      term *= x / (a + n);
      sum += term;
      if (std::fabs(term) < std::fabs(sum) * 1e-16) break;
    }
    double q = 1 - sum * DeterministicExp(log_prefix);
    return q < 0 ? 0 : q;
  }
  // Lentz's continued fraction for Q(a, x).
  const double tiny = 1e-300;
  double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (int i = 1; i < 1000; ++i) {
    double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < 1e-16) break;
  }
  return DeterministicExp(log_prefix) * h;
}

double ChiSquarePValue(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& groups) {
  double total = 0, reached = 0;
  int k = 0;
  for (const auto& [successes, trials] : groups) {
    if (trials == 0) continue;
    ++k;
    total += static_cast<double>(trials);
    reached += static_cast<double>(successes);
  }
  if (k < 2 || reached == 0 || reached == total) return -1;
  double pooled = reached / total, chi2 = 0;
  for (const auto& [successes, trials] : groups) {
    if (trials == 0) continue;
    double n = static_cast<double>(trials);
    double expected_yes = n * pooled, expected_no = n * (1 - pooled);
    double yes = static_cast<double>(successes), no = n - yes;
    chi2 += (yes - expected_yes) * (yes - expected_yes) / expected_yes + (no - expected_no) * (no - expected_no) / expected_no;
  }
  return UpperGammaQ((k - 1) / 2.0, chi2 / 2);
}

double RoundTo(double x, int decimals) {
  static const double kScale[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
  double scale = kScale[decimals < 0 ? 0 : decimals > 9 ? 9 : decimals];
  double r = std::round(x * scale) / scale;
  return r == 0 ? 0 : r;  // no "-0"
}

}  // namespace flowproof
