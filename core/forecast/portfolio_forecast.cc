#include "core/forecast/portfolio_forecast.h"

#include <algorithm>
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

// "pairs" as {first: {second: contacts}}, so that runs line up by pair
// (a pair absent from a run counts 0), and back to FORMAT.md's list, in
// the same order (by the two workflow ids).
Json PairsByKey(const Json& portfolio) {
  Json copy = portfolio;
  Json pairs = Json::object();
  for (const Json& pair : portfolio["pairs"]) {
    pairs[pair["workflows"][0].get<std::string>()][pair["workflows"][1].get<std::string>()] = pair["contacts"];
  }
  copy["pairs"] = std::move(pairs);
  return copy;
}

Json PairsAsList(const Json& keyed) {
  Json out = Json::array();
  for (auto first = keyed.begin(); first != keyed.end(); ++first) {
    for (auto second = first.value().begin(); second != first.value().end(); ++second) {
      out.push_back({{"workflows", {first.key(), second.key()}}, {"contacts", second.value()}});
    }
  }
  return out;
}

// The portfolio's figures over `runs` (each a PortfolioTally report): their
// means, and into *sd their standard deviations in the same shape.
Json MeanOf(const std::vector<Json>& runs, Json* sd) {
  std::vector<Json> keyed;
  for (const Json& run : runs) keyed.push_back(PairsByKey(run));
  Json out = MeanOfRuns(keyed, sd);
  out["pairs"] = PairsAsList(out["pairs"]);
  if (sd->is_object() && sd->contains("pairs")) (*sd)["pairs"] = PairsAsList((*sd)["pairs"]);
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
    Json sd;
    Json portfolio = runs.size() == 1 ? portfolios.front() : MeanOf(portfolios, &sd);
    Json workflows = Json::object();
    for (const auto& workflow : order_) {
      std::vector<Json> each;
      for (const Json& run : runs) each.push_back(run["workflows"][workflow->id]);
      workflows[workflow->id] = CombineRuns(each);
    }
    // FORMAT.md's per_contact, across the portfolio (per contact of the audience).
    auto per_contact = [](const Json& figures) {
      return Json{{"messages_max_24h", figures.value("messages_max_24h", Json())},
                  {"messages_mean", figures.value("messages_mean", Json())}};
    };
    Json out = {{"contacts", audience_},
                {"runs", runs.size()},
                {"per_contact", per_contact(portfolio)},
                {"portfolio", portfolio},
                {"workflows", std::move(workflows)}};
    // Over several runs an "sd" mirrors the portfolio's own figures, as each
    // workflow's forecast carries its own.
    if (sd.is_object()) out["sd"] = {{"per_contact", per_contact(sd)}, {"portfolio", std::move(sd)}};
    return out;
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
