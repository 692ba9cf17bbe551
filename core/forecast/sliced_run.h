// What every forecast does around its simulation (core/forecast/forecast.h):
// K runs over seeds seed..seed+K-1, each the population drawn and run in
// slices of contacts (named contacts in the first), a bounded amount of
// work per Advance, and the progress. What a slice is run in, and what is
// counted, is the subclass's: one workflow's Simulator and ForecastCounter
// (forecast.cc), or a portfolio's run and tally (portfolio_forecast.cc).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/base/json.h"
#include "core/forecast/forecast.h"
#include "core/model/fixture.h"
#include "core/time/types.h"

namespace flowproof::forecast_internal {

// Whether the workflow couples its contacts: a split with `winner` decides
// for the held contacts from everyone's results, so its audience runs as one
// slice.
bool CouplesContacts(const Workflow& workflow);

class SlicedRun {
 public:
  // `one_slice`: the whole audience in one slice (a split with `winner`
  // couples its contacts, so slices run alone would each decide on their own).
  SlicedRun(std::shared_ptr<const Fixture> fixture, const ForecastOptions& options, bool one_slice);
  virtual ~SlicedRun();
  SlicedRun(const SlicedRun&) = delete;
  SlicedRun& operator=(const SlicedRun&) = delete;

  bool done() const { return run_ >= options_.runs; }
  double progress() const;
  void Advance(std::size_t max_steps);
  // The forecast's JSON from every run's result; only when done().
  virtual Json Result() const = 0;

 protected:
  const Fixture& fixture() const { return *fixture_; }
  const ForecastOptions& options() const { return options_; }
  // Population contacts per run (0 without a population).
  std::uint64_t population() const { return population_; }
  // The results of the runs done, one each (RunResult), in seed order.
  const std::vector<Json>& results() const { return results_; }

  // A run begins (its first slice comes next): `seeded` is the fixture with
  // this run's seed.
  virtual void BeginRun(const std::shared_ptr<const Fixture>& seeded) = 0;
  // Prepares `slice` (its contacts drawn, named ones in the first) to run.
  virtual void StartSlice(std::shared_ptr<const Fixture> slice) = 0;
  // One simulated instant of the slice; false when it is over.
  virtual bool Step() = 0;
  // The slice's simulated clock (for the progress).
  virtual Instant Now() const = 0;
  // The slice is over: count what remains of it.
  virtual void EndSlice() = 0;
  // The run is over (every slice ended): its result, `audience` contacts.
  virtual Json RunResult(std::uint64_t audience) = 0;
  // How many owners the last slice's storage has once it ended: 1, or 2
  // when the subclass keeps it (a simulator restarted for the next slice).
  virtual long SliceHolders() const { return 1; }

 private:
  void BeginSlice();
  void FinishSlice();

  std::shared_ptr<const Fixture> fixture_;
  ForecastOptions options_;
  std::uint64_t population_ = 0, slices_ = 1, slice_ = 0;
  int run_ = 0;
  bool in_slice_ = false;
  std::shared_ptr<const Fixture> run_fixture_;
  std::shared_ptr<Fixture> slice_buffer_;  // the slice's storage, drawn over slice after slice
  std::vector<Json> results_;
};

}  // namespace flowproof::forecast_internal
