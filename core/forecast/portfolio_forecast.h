// The forecast of a v1.1 portfolio (README "Portfolio"): the population and
// named contacts run through every workflow, slice by slice like the
// forecast of one workflow (core/forecast/sliced_run.h), each slice a
// Portfolio run whose trace lines are tallied as they are made
// (core/expect/portfolio_report.h's PortfolioTally) and never kept. So a
// million contacts take the memory of one slice: run as one session, they
// took 2.2 GB natively, more than WebAssembly can address.
//
// Per workflow: enrolments, sends and the portfolio cap's suppressions;
// across them: contacts in two or more workflows at once (and which pairs),
// the most messages to one contact in any 24 hours and the mean per
// contact. With several runs (seeds seed..seed+K-1), the means. JSON:
//   {"contacts": N, "runs": K, "portfolio": PortfolioTally::Report(false)}
// Per-node figures stay with the forecast of one workflow. Messages are
// not rendered (counting needs none), so a template that would fail to
// render counts as sent: the forecast of one workflow renders a sample to
// report those, and `flowproof lint` and `run` report them.
#pragma once

#include <memory>

#include "core/forecast/forecast.h"
#include "core/forecast/sliced_run.h"
#include "core/model/fixture.h"

namespace flowproof::forecast_internal {

// `fixture` must be a portfolio (Fixture::is_portfolio).
std::unique_ptr<SlicedRun> MakePortfolioForecast(std::shared_ptr<const Fixture> fixture, const ForecastOptions& options);

}  // namespace flowproof::forecast_internal
