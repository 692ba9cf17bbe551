#include "core/forecast/forecast_runs.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/forecast/stats.h"
#include "core/time/duration.h"

namespace flowproof::forecast_internal {
namespace {

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

}  // namespace

Json MeanOfRuns(const std::vector<Json>& runs, Json* sd) {
  std::vector<const Json*> pointers;
  for (const Json& run : runs) pointers.push_back(&run);
  return Mean(pointers, sd);
}

Json CombineRuns(const std::vector<Json>& runs) {
  Json out;
  if (runs.size() == 1) {
    out = runs[0];
  } else {
    std::vector<Json> keyed;
    for (const Json& run : runs) keyed.push_back(DaysByKey(run));
    Json sd;
    out = MeanOfRuns(keyed, &sd);
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

}  // namespace flowproof::forecast_internal
