#include "core/forecast/forecast.h"

#include <string>
#include <vector>

#include "core/forecast/forecast_counter.h"
#include "core/forecast/forecast_runs.h"
#include "core/forecast/portfolio_forecast.h"
#include "core/forecast/sliced_run.h"
#include "core/sim/simulator.h"

namespace flowproof {
namespace {

// ---- one workflow's forecast --------------------------------------------------

// Each slice runs in a Simulator that counts into a ForecastCounter, which
// keeps no trace.
class WorkflowForecast : public forecast_internal::SlicedRun {
 public:
  WorkflowForecast(std::shared_ptr<const Fixture> fixture, const ForecastOptions& options)
      : SlicedRun(fixture, options, forecast_internal::CouplesContacts(*fixture->workflow)) {}

  Json Result() const override { return forecast_internal::CombineRuns(results()); }

 private:
  void BeginRun(const std::shared_ptr<const Fixture>&) override {
    counter_ = std::make_unique<ForecastCounter>(*fixture().workflow, fixture().reactions, options().render_sample);
  }

  void StartSlice(std::shared_ptr<const Fixture> slice) override {
    counter_->BeginSlice(slice->contacts.size());
    // One simulator for every slice and run: restarted, it keeps its
    // contacts' lists, timer buckets and compiled templates, where a new one
    // per slice allocated and freed them (a tenth of a forecast).
    if (spare_simulator_ && spare_simulator_->Restart(slice, counter_.get())) {
      simulator_ = std::move(spare_simulator_);
      return;
    }
    SimulatorOptions options;
    options.keep_trace = false;
    options.keep_messages = false;
    options.render_messages = this->options().render_sample > 0;
    options.observer = counter_.get();
    simulator_ = std::make_unique<Simulator>(std::move(slice), options);
  }

  bool Step() override { return simulator_->Step(); }
  Instant Now() const override { return simulator_->now(); }

  void EndSlice() override {
    counter_->EndSlice(*simulator_);
    spare_simulator_ = std::move(simulator_);
  }

  Json RunResult(std::uint64_t audience) override {
    Json result = counter_->ToJson(audience);
    counter_.reset();
    return result;
  }

  // The spare simulator still points at the last slice's storage.
  long SliceHolders() const override { return spare_simulator_ != nullptr ? 2 : 1; }

  std::unique_ptr<ForecastCounter> counter_;
  std::unique_ptr<Simulator> simulator_;  // the slice running now; null between slices
  std::unique_ptr<Simulator> spare_simulator_;  // the last slice's, restarted for the next
};

}  // namespace

// ---- the resumable run ---------------------------------------------------------

ForecastRun::ForecastRun(std::shared_ptr<const Fixture> fixture, const ForecastOptions& options) {
  if (fixture->is_portfolio()) impl_ = forecast_internal::MakePortfolioForecast(std::move(fixture), options);
  else impl_ = std::make_unique<WorkflowForecast>(std::move(fixture), options);
}
ForecastRun::~ForecastRun() = default;
double ForecastRun::Advance(std::size_t max_steps) {
  impl_->Advance(max_steps);
  return impl_->progress();
}
bool ForecastRun::done() const { return impl_->done(); }
double ForecastRun::progress() const { return impl_->progress(); }
Json ForecastRun::Result() const { return impl_->Result(); }

Json RunForecast(std::shared_ptr<const Fixture> fixture, const ForecastOptions& options) {
  ForecastRun run(std::move(fixture), options);
  while (!run.done()) run.Advance(1 << 20);
  return run.Result();
}

std::string CheckForecastOptions(const Fixture& fixture, const ForecastOptions& options) {
  if (options.contacts && *options.contacts > kMaxPopulationCount) {
    return "--contacts: at most " + std::to_string(kMaxPopulationCount) + " population contacts (README \"Limits\")";
  }
  if (options.contacts && *options.contacts > 0 && fixture.population == nullptr) {
    return "--contacts: the fixture has no 'population' to draw contacts from";
  }
  if (options.runs < 1 || options.runs > kMaxForecastRuns) {
    return "--runs: from 1 to " + std::to_string(kMaxForecastRuns);
  }
  if (options.render_sample < 0) return "render_sample: 0 or more";
  return "";
}

}  // namespace flowproof
