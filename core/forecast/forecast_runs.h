// The forecast of one workflow over K runs (seeds seed..seed+K-1): each
// figure the mean of the runs' (a count missing from a run is 0), to four
// decimals, and an "sd" object that mirrors it with the sample standard
// deviations; by_day lined up by day; time_to_goal as FORMAT.md durations.
// One run is given as it is, with "runs": 1.
#pragma once

#include <vector>

#include "core/base/json.h"

namespace flowproof::forecast_internal {

// `runs`: ForecastCounter::ToJson of each run, at least one.
Json CombineRuns(const std::vector<Json>& runs);

// The same figure by figure for any documents of one shape (a portfolio's
// own figures): the means to four decimals, and into *sd the sample
// standard deviations in the same shape (null where there are none).
// Objects line up by key, arrays by position; a number missing from a run
// counts 0.
Json MeanOfRuns(const std::vector<Json>& runs, Json* sd);

}  // namespace flowproof::forecast_internal
