#include "core/forecast/portfolio_forecast.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/expect/portfolio_report.h"
#include "core/forecast/forecast_counter.h"
#include "core/forecast/forecast_runs.h"
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
      : SlicedRun(fixture, options, AnyCouplesContacts(*fixture)), order_(PortfolioOrder(*fixture)) {}

  Json Result() const override {
    const std::vector<Json>& runs = results();
    std::vector<Json> portfolios;
    for (const Json& run : runs) portfolios.push_back(run["portfolio"]);
    Json portfolio = runs.size() == 1 ? portfolios.front() : MeanOf(portfolios);
    Json workflows = Json::object();
    for (const auto& workflow : order_) {
      std::vector<Json> each;
      for (const Json& run : runs) each.push_back(run["workflows"][workflow->id]);
      workflows[workflow->id] = CombineRuns(each);
    }
    return {{"contacts", audience_},
            {"runs", runs.size()},
            // FORMAT.md's per_contact, across the portfolio (per contact of the audience).
            {"per_contact", {{"messages_max_24h", portfolio["messages_max_24h"]}, {"messages_mean", portfolio["messages_mean"]}}},
            {"portfolio", std::move(portfolio)},
            {"workflows", std::move(workflows)}};
  }

 private:
  // The tally lists the contacts slice by slice (named ones in the first);
  // each workflow has its own counter, as the forecast of one workflow.
  void BeginRun(const std::shared_ptr<const Fixture>& seeded) override {
    tally_ = std::make_unique<PortfolioTally>(*seeded, std::vector<ContactDef>());
    counters_.clear();
    for (const auto& workflow : order_) {
      counters_.push_back(std::make_unique<ForecastCounter>(*workflow, fixture().reactions, options().render_sample));
    }
  }

  void StartSlice(std::shared_ptr<const Fixture> slice) override {
    tally_->BeginContacts(slice->contacts);
    std::vector<RunObserver*> observers;
    for (const auto& counter : counters_) {
      counter->BeginSlice(slice->contacts.size());
      observers.push_back(counter.get());
    }
    SimulatorOptions options;
    options.keep_trace = false;
    options.keep_messages = false;
    // Each counter renders its sample of each template (render failures,
    // SMS segments); the rest are counted unrendered.
    options.render_messages = this->options().render_sample > 0;
    options.trace_sink = [this](const TraceLine& line) { tally_->Add(line); };
    portfolio_ = std::make_unique<Portfolio>(std::move(slice), options, observers);
  }

  bool Step() override { return portfolio_->Step(); }
  Instant Now() const override { return portfolio_->now(); }

  void EndSlice() override {
    tally_->Fold();
    for (std::size_t i = 0; i < counters_.size(); ++i) counters_[i]->EndSlice(portfolio_->member(i));
    portfolio_.reset();
  }

  Json RunResult(std::uint64_t audience) override {
    audience_ = audience;
    Json report = tally_->Report(false);
    tally_.reset();
    // Four decimals, as the forecast of one workflow gives per_contact's.
    report["messages_mean"] = RoundTo(report.value("messages_mean", 0.0), 4);
    Json workflows = Json::object();
    for (std::size_t i = 0; i < counters_.size(); ++i) workflows[order_[i]->id] = counters_[i]->ToJson(audience);
    counters_.clear();
    return {{"portfolio", std::move(report)}, {"workflows", std::move(workflows)}};
  }

  std::vector<std::shared_ptr<const Workflow>> order_;  // processing order, as the Portfolio's members
  std::unique_ptr<PortfolioTally> tally_;
  std::vector<std::unique_ptr<ForecastCounter>> counters_;  // one per workflow, in order_
  std::unique_ptr<Portfolio> portfolio_;  // the slice running now
  std::uint64_t audience_ = 0;
};

}  // namespace

std::unique_ptr<SlicedRun> MakePortfolioForecast(std::shared_ptr<const Fixture> fixture, const ForecastOptions& options) {
  return std::make_unique<PortfolioForecast>(std::move(fixture), options);
}

}  // namespace flowproof::forecast_internal
