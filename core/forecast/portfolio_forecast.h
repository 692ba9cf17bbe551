// The forecast of a v1.1 portfolio (README "Portfolio"): the population and
// named contacts run through every workflow, slice by slice like the
// forecast of one workflow (core/forecast/sliced_run.h), each slice a
// Portfolio run whose trace lines are tallied as they are made
// (core/expect/portfolio_report.h's PortfolioTally) and never kept. So a
// million contacts take the memory of one slice: run as one session, they
// took 2.2 GB natively, more than WebAssembly can address.
//
// Across the workflows: enrolments, sends and the portfolio cap's
// suppressions per workflow, contacts in two or more workflows at once (and
// which pairs), the most messages to one contact in any 24 hours and the
// mean per contact. And each workflow's own forecast, counted by a
// ForecastCounter on its member simulator as the forecast of one workflow
// counts (flow per node, exits, messages with a rendered sample, goal,
// variants, sends per day). With several runs (seeds seed..seed+K-1), the
// means. JSON:
//   {"contacts": N, "runs": K,
//    "per_contact": {"messages_max_24h", "messages_mean"},  // across the portfolio
//    "portfolio": PortfolioTally::Report(false),
//    "workflows": {id: the forecast JSON of one workflow (with "sd" when K > 1)}}
#pragma once

#include <memory>

#include "core/forecast/forecast.h"
#include "core/forecast/sliced_run.h"
#include "core/model/fixture.h"

namespace flowproof::forecast_internal {

// `fixture` must be a portfolio (Fixture::is_portfolio).
std::unique_ptr<SlicedRun> MakePortfolioForecast(std::shared_ptr<const Fixture> fixture, const ForecastOptions& options);

}  // namespace flowproof::forecast_internal
