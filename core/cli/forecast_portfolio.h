// `flowproof forecast` of a fixture with `workflows` (README "Portfolio"):
// enrolments, sends and portfolio-cap suppressions per workflow, contacts
// in two or more workflows at once (and which pairs), the most messages to
// one contact in any 24 hours and the mean per contact; with several runs
// (seeds seed..seed+K-1), the means. JSON:
//   {"contacts": N, "runs": K, "portfolio": PortfolioTally::Report(false)}
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "core/model/fixture.h"

namespace flowproof::cli {

int ForecastPortfolio(std::shared_ptr<const Fixture> fixture, std::optional<std::uint64_t> contacts, int runs,
                      const std::string& format, std::ostream& out, std::ostream& err);

}  // namespace flowproof::cli
