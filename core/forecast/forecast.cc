#include "core/forecast/forecast.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/forecast/forecast_counter.h"
#include "core/forecast/stats.h"
#include "core/sim/population_draw.h"
#include "core/sim/simulator.h"
#include "core/time/duration.h"

namespace flowproof {
namespace {

bool HasWinnerSelection(const Workflow& workflow) {
  return std::any_of(workflow.nodes.begin(), workflow.nodes.end(), [](const Node& node) { return node.winner.has_value(); });
}

std::uint64_t PopulationContacts(const Fixture& fixture, const ForecastOptions& options) {
  if (options.contacts) return std::min<std::uint64_t>(*options.contacts, kMaxPopulationCount);
  return fixture.population != nullptr ? fixture.population->count : 0;
}

// ---- means over runs ---------------------------------------------------------

// by_day as an object keyed by day, so that runs line up by day.
Json DaysByKey(const Json& run) {
  Json copy = run;
  Json days = Json::object();
  for (const Json& row : run["by_day"]) {
    Json counts = row;
    counts.erase("day");
    days[row["day"].get<std::string>()] = std::move(counts);
  }
  copy["by_day"] = std::move(days);
  return copy;
}

Json DaysAsArray(const Json& days) {
  Json out = Json::array();
  for (auto it = days.begin(); it != days.end(); ++it) {
    Json row = it.value();
    row["day"] = it.key();
    out.push_back(std::move(row));
  }
  return out;
}

// The mean of the runs' values at one place (a missing count is 0), and
// their sample standard deviation into *sd (null where there is none).
Json Mean(const std::vector<const Json*>& values, Json* sd) {
  const Json* first = nullptr;
  for (const Json* v : values) {
    if (v != nullptr && !v->is_null()) {
      first = v;
      break;
    }
  }
  if (first == nullptr) {
    *sd = nullptr;
    return nullptr;
  }
  if (first->is_object()) {
    Json out = Json::object(), sds = Json::object();
    std::vector<std::string> keys;
    for (const Json* v : values) {
      if (v == nullptr || !v->is_object()) continue;
      for (auto it = v->begin(); it != v->end(); ++it) keys.push_back(it.key());
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const std::string& key : keys) {
      std::vector<const Json*> inner;
      for (const Json* v : values) {
        auto it = v != nullptr && v->is_object() ? v->find(key) : Json::const_iterator();
        inner.push_back(v != nullptr && v->is_object() && it != v->end() ? &*it : nullptr);
      }
      Json inner_sd;
      out[key] = Mean(inner, &inner_sd);
      if (!inner_sd.is_null()) sds[key] = std::move(inner_sd);
    }
    *sd = sds.empty() ? Json(nullptr) : std::move(sds);
    return out;
  }
  if (first->is_array()) {  // ci95: element by element
    Json out = Json::array(), sds = Json::array();
    for (std::size_t i = 0; i < first->size(); ++i) {
      std::vector<const Json*> inner;
      for (const Json* v : values) inner.push_back(v != nullptr && v->is_array() && i < v->size() ? &(*v)[i] : nullptr);
      Json inner_sd;
      out.push_back(Mean(inner, &inner_sd));
      sds.push_back(std::move(inner_sd));
    }
    *sd = std::move(sds);
    return out;
  }
  if (first->is_number()) {
    double sum = 0;
    int n = 0;
    for (const Json* v : values) {
      // A count missing from a run (a suppression that did not happen) is 0;
      // a rate that is null (no contacts) is left out.
      if (v == nullptr) {
        ++n;
      } else if (v->is_number()) {
        sum += v->get<double>();
        ++n;
      }
    }
    double mean = sum / n, squares = 0;
    for (const Json* v : values) {
      double x = v == nullptr ? 0 : v->is_number() ? v->get<double>() : mean;
      squares += (x - mean) * (x - mean);
    }
    *sd = n > 1 ? Json(RoundTo(std::sqrt(squares / (n - 1)), 4)) : Json(nullptr);
    return RoundTo(mean, 4);
  }
  // Text (a channel, a winner): the most frequent, the first run's on a tie.
  *sd = nullptr;
  const Json* best = first;
  int best_count = 0;
  for (const Json* v : values) {
    if (v == nullptr || v->is_null()) continue;
    int count = 0;
    for (const Json* w : values) count += (w != nullptr && *w == *v) ? 1 : 0;
    if (count > best_count) {
      best_count = count;
      best = v;
    }
  }
  return *best;
}

// Seconds to FORMAT.md durations ("2d4h") under time_to_goal.
void FormatDurations(Json& object) {
  if (!object.is_object()) return;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (it.value().is_number()) it.value() = FormatDuration(static_cast<Duration>(std::llround(it.value().get<double>())));
  }
}

Json Combine(const std::vector<Json>& runs) {
  Json out;
  if (runs.size() == 1) {
    out = runs[0];
  } else {
    std::vector<Json> keyed;
    for (const Json& run : runs) keyed.push_back(DaysByKey(run));
    std::vector<const Json*> pointers;
    for (const Json& run : keyed) pointers.push_back(&run);
    Json sd;
    out = Mean(pointers, &sd);
    out["by_day"] = DaysAsArray(out["by_day"]);
    if (sd.is_object()) {
      if (sd.contains("by_day")) sd["by_day"] = DaysAsArray(sd["by_day"]);
      sd.erase("runs");
      if (sd.contains("time_to_goal")) FormatDurations(sd["time_to_goal"]);
    }
    out["sd"] = sd.is_null() ? Json::object() : std::move(sd);
  }
  out["runs"] = static_cast<std::uint64_t>(runs.size());
  FormatDurations(out["time_to_goal"]);
  return out;
}

}  // namespace

// ---- the resumable run ---------------------------------------------------------

class ForecastRun::Impl {
 public:
  Impl(std::shared_ptr<const Fixture> fixture, const ForecastOptions& options)
      : fixture_(std::move(fixture)), options_(options) {
    options_.runs = std::clamp(options_.runs, 1, kMaxForecastRuns);
    options_.render_sample = std::max(options_.render_sample, 0);
    options_.slice_contacts = std::max<std::uint64_t>(options_.slice_contacts, 1);
    population_ = PopulationContacts(*fixture_, options_);
    // A split with `winner` couples its contacts (the test decides for the
    // held ones, from the first arrival of anyone): slices run alone would
    // each decide on their own, so such a workflow runs as one slice.
    if (HasWinnerSelection(*fixture_->workflow)) options_.slice_contacts = std::max<std::uint64_t>(population_, 1);
    slices_ = population_ == 0 ? 1 : (population_ + options_.slice_contacts - 1) / options_.slice_contacts;
    if (fixture_->population == nullptr) population_ = 0;
  }

  bool done() const { return run_ >= options_.runs; }

  double progress() const {
    if (done()) return 1.0;
    double within = 0;
    if (simulator_) {
      Instant span = fixture_->until - fixture_->start;
      within = span <= 0 ? 1.0 : static_cast<double>(simulator_->now() - fixture_->start) / static_cast<double>(span);
    }
    double slices = static_cast<double>(slices_);
    return (run_ + (static_cast<double>(slice_) + within) / slices) / options_.runs;
  }

  void Advance(std::size_t max_steps) {
    std::size_t steps = 0;
    do {
      if (done()) return;
      if (!simulator_) StartSlice();
      if (simulator_->Step()) {
        ++steps;
        continue;
      }
      EndSlice();
    } while (steps < std::max<std::size_t>(max_steps, 1));
  }

  Json Result() const { return Combine(results_); }

 private:
  void StartSlice() {
    if (slice_ == 0) {
      auto seeded = std::make_shared<Fixture>(*fixture_);
      seeded->seed = fixture_->seed + static_cast<std::uint64_t>(run_);
      run_fixture_ = std::move(seeded);
      counter_ = std::make_unique<ForecastCounter>(*fixture_->workflow, fixture_->reactions, options_.render_sample);
    }
    std::uint64_t first = 1 + slice_ * options_.slice_contacts;
    std::uint64_t n = population_ == 0 ? 0 : std::min(options_.slice_contacts, population_ - (first - 1));
    // Each slice is drawn over the last one's contacts and script: freeing
    // and allocating every contact's strings and values was a fifth of a
    // forecast. Only the spare simulator may share that storage, and it
    // reads nothing of it until Restart points it at the new contacts.
    const long holders = spare_simulator_ != nullptr ? 2 : 1;
    if (slice_buffer_ == nullptr || slice_buffer_.use_count() != holders) slice_buffer_ = std::make_shared<Fixture>();
    FillPopulationSlice(*run_fixture_, first, n, slice_ == 0, slice_buffer_.get());
    slice_fixture_ = slice_buffer_;
    counter_->BeginSlice(slice_fixture_->contacts.size());
    // One simulator for every slice and run: restarted, it keeps its
    // contacts' lists, timer buckets and compiled templates, where a new one
    // per slice allocated and freed them (a tenth of a forecast).
    if (spare_simulator_ && spare_simulator_->Restart(slice_fixture_, counter_.get())) {
      simulator_ = std::move(spare_simulator_);
      return;
    }
    SimulatorOptions options;
    options.keep_trace = false;
    options.keep_messages = false;
    options.render_messages = options_.render_sample > 0;
    options.observer = counter_.get();
    simulator_ = std::make_unique<Simulator>(slice_fixture_, options);
  }

  void EndSlice() {
    counter_->EndSlice(*simulator_);
    spare_simulator_ = std::move(simulator_);
    slice_fixture_.reset();
    if (++slice_ < slices_) return;
    results_.push_back(counter_->ToJson(population_ + fixture_->contacts.size()));
    counter_.reset();
    slice_ = 0;
    ++run_;
  }

  std::shared_ptr<const Fixture> fixture_;
  ForecastOptions options_;
  std::uint64_t population_ = 0, slices_ = 1, slice_ = 0;
  int run_ = 0;
  std::shared_ptr<const Fixture> run_fixture_, slice_fixture_;
  std::shared_ptr<Fixture> slice_buffer_;  // slice_fixture_'s storage, reused slice after slice
  std::unique_ptr<ForecastCounter> counter_;
  std::unique_ptr<Simulator> simulator_;  // the slice running now; null between slices
  std::unique_ptr<Simulator> spare_simulator_;  // the last slice's, restarted for the next
  std::vector<Json> results_;
};

ForecastRun::ForecastRun(std::shared_ptr<const Fixture> fixture, const ForecastOptions& options)
    : impl_(std::make_unique<Impl>(std::move(fixture), options)) {}
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
  if (fixture.is_portfolio()) {
    return "this forecast counts one workflow; a portfolio ('workflows') is forecast by the command line, `flowproof "
           "forecast` (text or JSON: overlaps, the most messages in 24 hours, the portfolio cap's suppressions), and its "
           "run by the page's Portfolio tab";
  }
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
