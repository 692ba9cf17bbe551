// `flowproof forecast FIXTURE.json [--contacts N] [--runs K] [--format text|json|csv|html]`
// (FORMAT.md v1.1): the fixture's population and named contacts, counted
// inside the core (core/forecast/forecast.h); of a portfolio, the figures
// across its workflows (core/forecast/portfolio_forecast.h). Exit 0, or 2
// on invalid input.
#include <ostream>

#include "core/base/json_dump.h"
#include "core/cli/cli_support.h"
#include "core/cli/commands.h"
#include "core/forecast/forecast.h"
#include "core/forecast/forecast_output.h"
#include "core/validate/validate_document.h"

namespace flowproof::cli {
namespace {

// A whole number from `low` to `high`, or nullopt after printing why.
std::optional<std::uint64_t> WholeNumber(const std::string& name, const std::string& text, std::uint64_t low, std::uint64_t high,
                                         std::ostream& err) {
  std::uint64_t n = 0;
  bool ok = !text.empty() && text.size() <= 12;
  for (char c : text) ok = ok && c >= '0' && c <= '9';
  if (ok) n = std::stoull(text);
  if (!ok || n < low || n > high) {
    err << "flowproof: --" << name << " must be a whole number from " << low << " to " << high << ", not '" << text << "'\n";
    return std::nullopt;
  }
  return n;
}

}  // namespace

int Forecast(const Args& args, std::ostream& out, std::ostream& err) {
  ParsedArgs parsed;
  if (!ParseArgs(args, {"contacts", "runs", "format", "render-sample"}, {}, &parsed, err)) return kInvalidInput;
  if (parsed.positional.size() != 1) {
    err << "usage: flowproof forecast FIXTURE.json [--contacts N] [--runs K] [--format text|json|csv|html]\n";
    return kInvalidInput;
  }
  std::string format = parsed.Option("format") != nullptr ? *parsed.Option("format") : "text";
  if (format != "text" && format != "json" && format != "csv" && format != "html") {
    err << "flowproof: --format must be text, json, csv or html\n";
    return kInvalidInput;
  }
  ForecastOptions options;
  if (const std::string* contacts = parsed.Option("contacts")) {
    auto n = WholeNumber("contacts", *contacts, 0, kMaxPopulationCount, err);
    if (!n) return kInvalidInput;
    options.contacts = *n;
  }
  if (const std::string* runs = parsed.Option("runs")) {
    auto n = WholeNumber("runs", *runs, 1, kMaxForecastRuns, err);
    if (!n) return kInvalidInput;
    options.runs = static_cast<int>(*n);
  }
  if (const std::string* sample = parsed.Option("render-sample")) {
    auto n = WholeNumber("render-sample", *sample, 0, 1000000, err);
    if (!n) return kInvalidInput;
    options.render_sample = static_cast<int>(*n);
  }
  const std::string& path = parsed.positional[0];
  std::optional<CheckedDocument> checked = CheckDocumentFile(path, DocumentKind::kFixture, err);
  if (!checked) return kInvalidInput;
  const DocumentCheck& check = checked->check;
  std::string wrong = CheckForecastOptions(*check.fixture, options);
  if (!wrong.empty()) {
    err << "flowproof: " << wrong << "\n";
    return kInvalidInput;
  }
  Json result = RunForecast(check.fixture, options);
  if (format == "json") out << DumpJson(result) << "\n";
  else if (format == "csv") out << ForecastCsv(result);
  else if (format == "html") out << ForecastHtml(result, "Forecast: " + (check.fixture->name.empty() ? path : check.fixture->name));
  else out << ForecastText(result);
  return kOk;
}

}  // namespace flowproof::cli
