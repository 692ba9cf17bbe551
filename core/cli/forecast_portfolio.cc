// `flowproof forecast` of a v1.1 portfolio (README "Portfolio"): the
// population and named contacts run through every workflow, the trace
// counted as it is made (core/expect/portfolio_report.h's PortfolioTally),
// never kept. Per-node figures stay with the forecast of one workflow.
#include "core/cli/forecast_portfolio.h"

#include <map>
#include <memory>
#include <ostream>

#include "core/base/json_dump.h"
#include "core/cli/cli_support.h"
#include "core/expect/portfolio_report.h"
#include "core/sim/session.h"

namespace flowproof::cli {
namespace {

// The mean of each number over `runs`, which share one shape; "pairs" by
// their workflows (a pair absent from a run counts 0).
Json MeanOf(const std::vector<Json>& runs) {
  Json out = runs.front();
  double n = static_cast<double>(runs.size());
  for (const char* key : {"overlapping_contacts", "messages_max_24h", "messages_mean"}) {
    double sum = 0;
    for (const Json& run : runs) sum += run.value(key, 0.0);
    out[key] = sum / n;
  }
  for (const char* key : {"suppressed_by_portfolio_cap", "enrolled", "sent"}) {
    for (auto it = out[key].begin(); it != out[key].end(); ++it) {
      double sum = 0;
      for (const Json& run : runs) sum += run[key].value(it.key(), 0.0);
      it.value() = sum / n;
    }
  }
  std::map<std::pair<std::string, std::string>, double> pairs;
  for (const Json& run : runs) {
    for (const Json& pair : run["pairs"]) {
      pairs[{pair["workflows"][0].get<std::string>(), pair["workflows"][1].get<std::string>()}] += pair.value("contacts", 0.0);
    }
  }
  out["pairs"] = Json::array();
  for (const auto& [key, sum] : pairs) out["pairs"].push_back({{"workflows", {key.first, key.second}}, {"contacts", sum / n}});
  return out;
}

std::string Number(const Json& value) {
  return value.is_number_integer() ? std::to_string(value.get<std::int64_t>()) : DumpJson(value);
}

}  // namespace

int ForecastPortfolio(std::shared_ptr<const Fixture> fixture, std::optional<std::uint64_t> contacts, int runs,
                      const std::string& format, std::ostream& out, std::ostream& err) {
  if (format != "text" && format != "json") {
    err << "flowproof: a portfolio's forecast is --format text or json\n";
    return kInvalidInput;
  }
  auto copy = std::make_shared<Fixture>(*fixture);
  if (contacts && *contacts > 0) {
    if (fixture->population == nullptr) {
      err << "flowproof: --contacts: the fixture has no 'population' to draw contacts from\n";
      return kInvalidInput;
    }
    auto population = std::make_shared<Population>(*fixture->population);
    population->count = *contacts;
    copy->population = std::move(population);
  }
  std::vector<Json> reports;
  std::size_t audience = 0;
  for (int run = 0; run < runs; ++run) {
    copy->seed = fixture->seed + static_cast<std::uint64_t>(run);
    auto seeded = std::make_shared<const Fixture>(*copy);
    // The tally reads the contacts the session draws (named, then the population's).
    std::unique_ptr<PortfolioTally> tally;
    SessionOptions options;
    options.keep_messages = false;
    options.on_trace_line = [&tally](const TraceLine& line) { tally->Add(line); };
    std::unique_ptr<Session> session = Session::FromFixture(seeded, options);
    tally = std::make_unique<PortfolioTally>(session->fixture());
    session->RunToEnd();
    audience = session->fixture().contacts.size();
    reports.push_back(tally->Report(false));
  }
  Json portfolio = reports.size() == 1 ? reports.front() : MeanOf(reports);
  Json result = {{"contacts", audience}, {"runs", runs}, {"portfolio", portfolio}};
  if (format == "json") {
    out << DumpJson(result) << "\n";
    return kOk;
  }
  out << "Forecast of a portfolio: " << audience << " contacts, " << runs << (runs == 1 ? " run" : " runs (means)") << "\n";
  for (const Json& id : portfolio["workflows"]) {
    const std::string& name = id.get_ref<const std::string&>();
    out << "  " << name << ": " << Number(portfolio["enrolled"][name]) << " enrolled, " << Number(portfolio["sent"][name])
        << " sent, " << Number(portfolio["suppressed_by_portfolio_cap"][name]) << " suppressed by the portfolio cap\n";
  }
  out << "  contacts in two or more workflows at once: " << Number(portfolio["overlapping_contacts"]) << "\n";
  for (const Json& pair : portfolio["pairs"]) {
    out << "    " << pair["workflows"][0].get<std::string>() << " + " << pair["workflows"][1].get<std::string>() << ": "
        << Number(pair["contacts"]) << "\n";
  }
  out << "  most messages to one contact in any 24 hours: " << Number(portfolio["messages_max_24h"]) << "\n";
  out << "  messages per contact (mean): " << Number(portfolio["messages_mean"]) << "\n";
  return kOk;
}

}  // namespace flowproof::cli
