#include "core/forecast/portfolio_forecast.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/expect/portfolio_report.h"
#include "core/forecast/stats.h"
#include "core/sim/portfolio.h"
#include "core/sim/simulator.h"

namespace flowproof::forecast_internal {
namespace {

// The mean of each number over `runs`, which share one shape, to four
// decimals as the forecast of one workflow gives its means; "pairs" by
// their workflows (a pair absent from a run counts 0).
Json MeanOf(const std::vector<Json>& runs) {
  Json out = runs.front();
  double n = static_cast<double>(runs.size());
  for (const char* key : {"overlapping_contacts", "messages_max_24h", "messages_mean"}) {
    double sum = 0;
    for (const Json& run : runs) sum += run.value(key, 0.0);
    out[key] = RoundTo(sum / n, 4);
  }
  for (const char* key : {"suppressed_by_portfolio_cap", "enrolled", "sent"}) {
    for (auto it = out[key].begin(); it != out[key].end(); ++it) {
      double sum = 0;
      for (const Json& run : runs) sum += run[key].value(it.key(), 0.0);
      it.value() = RoundTo(sum / n, 4);
    }
  }
  std::map<std::pair<std::string, std::string>, double> pairs;
  for (const Json& run : runs) {
    for (const Json& pair : run["pairs"]) {
      pairs[{pair["workflows"][0].get<std::string>(), pair["workflows"][1].get<std::string>()}] += pair.value("contacts", 0.0);
    }
  }
  out["pairs"] = Json::array();
  for (const auto& [key, sum] : pairs) out["pairs"].push_back({{"workflows", {key.first, key.second}}, {"contacts", RoundTo(sum / n, 4)}});
  return out;
}

bool AnyCouplesContacts(const Fixture& fixture) {
  return std::any_of(fixture.workflows.begin(), fixture.workflows.end(),
                     [](const std::shared_ptr<const Workflow>& workflow) { return CouplesContacts(*workflow); });
}

class PortfolioForecast : public SlicedRun {
 public:
  PortfolioForecast(std::shared_ptr<const Fixture> fixture, const ForecastOptions& options)
      : SlicedRun(fixture, options, AnyCouplesContacts(*fixture)) {}

  Json Result() const override {
    const std::vector<Json>& runs = results();
    return {{"contacts", audience_},
            {"runs", runs.size()},
            {"portfolio", runs.size() == 1 ? runs.front() : MeanOf(runs)}};
  }

 private:
  // The tally lists the contacts slice by slice (named ones in the first).
  void BeginRun(const std::shared_ptr<const Fixture>& seeded) override {
    tally_ = std::make_unique<PortfolioTally>(*seeded, std::vector<ContactDef>());
  }

  void StartSlice(std::shared_ptr<const Fixture> slice) override {
    tally_->BeginContacts(slice->contacts);
    SimulatorOptions options;
    options.keep_trace = false;
    options.keep_messages = false;
    // Counting needs no message: rendering every one was four fifths of a
    // portfolio's forecast. (So a template that fails to render counts as
    // sent; the forecast of one workflow renders a sample to find those, and
    // `flowproof lint` and `run` report them.)
    options.render_messages = false;
    options.trace_sink = [this](const TraceLine& line) { tally_->Add(line); };
    portfolio_ = std::make_unique<Portfolio>(std::move(slice), options);
  }

  bool Step() override { return portfolio_->Step(); }
  Instant Now() const override { return portfolio_->now(); }

  void EndSlice() override {
    tally_->Fold();
    portfolio_.reset();
  }

  Json RunResult(std::uint64_t audience) override {
    audience_ = audience;
    Json report = tally_->Report(false);
    tally_.reset();
    // Four decimals, as the forecast of one workflow gives per_contact's.
    report["messages_mean"] = RoundTo(report.value("messages_mean", 0.0), 4);
    return report;
  }

  std::unique_ptr<PortfolioTally> tally_;
  std::unique_ptr<Portfolio> portfolio_;  // the slice running now
  std::uint64_t audience_ = 0;
};

}  // namespace

std::unique_ptr<SlicedRun> MakePortfolioForecast(std::shared_ptr<const Fixture> fixture, const ForecastOptions& options) {
  return std::make_unique<PortfolioForecast>(std::move(fixture), options);
}

}  // namespace flowproof::forecast_internal
