// `flowproof forecast` (FORMAT.md v1.1): what a whole synthetic audience
// will do, counted inside the simulator with no trace kept.
//
// The population is run in slices of contacts (PopulationSlice): contacts of
// one workflow do not affect each other, so a slice run alone gives each of
// its contacts exactly the path it has in one big run, while memory stays
// that of one slice. (A split with `winner` couples contacts: such a
// workflow runs as one slice.) Named contacts run in the first slice.
//
// A v1.1 portfolio (`workflows`) is forecast the same way, slice by slice,
// each slice a portfolio run whose trace lines are tallied as they are made
// (core/forecast/portfolio_forecast.h): its JSON is
// {"contacts", "runs", "portfolio": {...}}, figures across the workflows
// rather than per node.
//
//   // All at once (the command line):
//   ForecastOptions options;
//   options.contacts = 100000;     // overrides population.count
//   options.runs = 3;              // seeds seed..seed+2: means, and "sd"
//   Json result = RunForecast(fixture, options);   // FORMAT.md's JSON
//
//   // Resumably (the page's worker):
//   ForecastRun run(fixture, options);
//   while (!run.done()) {
//     double progress = run.Advance(2000);   // 0..1
//     if (cancelled) break;
//   }
//   Json result = run.Result();
//
// Determinism: the result is a function of the fixture and the options
// only (no wall-clock figure), the same bytes natively and in WebAssembly;
// statistics use IEEE-exact arithmetic and the deterministic functions of
// core/forecast/stats.h.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "core/base/json.h"
#include "core/model/fixture.h"

namespace flowproof {

namespace forecast_internal {
class SlicedRun;
}

struct ForecastOptions {
  // Population contacts to run; none: the population's `count` (0 when the
  // fixture has no population). At most kMaxPopulationCount.
  std::optional<std::uint64_t> contacts;
  // Runs over seeds seed..seed+runs-1 (1..kMaxForecastRuns).
  int runs = 1;
  // Messages rendered per template and run, to report render failures and
  // SMS segments ("render" in the result).
  int render_sample = 200;
  // Contacts per slice (memory versus set-up cost; results do not depend on
  // it). Small slices stay in the caches and below the allocator's trim
  // threshold: 1,024 ran a million contacts in 12% less CPU than 8,192
  // (fewer page faults), and 512 or 2,048 were no better.
  std::uint64_t slice_contacts = 1024;
};

constexpr int kMaxForecastRuns = 100;

// A forecast that runs a bounded amount of work per call.
class ForecastRun {
 public:
  // `fixture` must be valid (ParseFixture / ValidateDocument); options are
  // clamped to their limits (CheckForecastOptions says what is wrong first).
  ForecastRun(std::shared_ptr<const Fixture> fixture, const ForecastOptions& options);
  ~ForecastRun();
  ForecastRun(const ForecastRun&) = delete;
  ForecastRun& operator=(const ForecastRun&) = delete;

  // Processes up to `max_steps` simulated instants (at least one) and
  // returns the progress, 0 to 1: runs and slices done, plus the simulated
  // time of the current slice.
  double Advance(std::size_t max_steps);
  bool done() const;
  double progress() const;
  // FORMAT.md's forecast JSON (plus "render", "enrollments" and, with
  // runs > 1, "sd"), or a portfolio's; only when done().
  Json Result() const;

 private:
  std::unique_ptr<forecast_internal::SlicedRun> impl_;  // one workflow's or a portfolio's
};

// Runs a whole forecast: ForecastRun until done, then its Result.
Json RunForecast(std::shared_ptr<const Fixture> fixture, const ForecastOptions& options);

// What is wrong with the options for this fixture (empty when nothing):
// contacts above kMaxPopulationCount or without a population, runs outside
// 1..kMaxForecastRuns.
std::string CheckForecastOptions(const Fixture& fixture, const ForecastOptions& options);

}  // namespace flowproof
