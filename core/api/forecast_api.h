// The forecast's text API (FORMAT.md v1.1 "`flowproof forecast`") for the
// WebAssembly binding and so the page's worker: JSON text in, the envelope
// of core/api/envelope.h out, nothing thrown.
//
//   ForecastApi forecast;
//   forecast.Start(fixture_text, "{}", R"({"contacts": 100000, "runs": 1})");
//       // {"ok":true,"result":{"progress":0,"done":false}} or invalid_input / invalid_argument
//   for (;;) {
//     Json step = Json::parse(forecast.Advance(5000));   // {"ok":true,"result":{"progress":0.42,"done":false}}
//     if (step["result"]["done"]) break;                 // cancel: just stop calling (or Cancel())
//   }
//   forecast.Result();                   // {"ok":true,"result":FORECAST_JSON}; not_loaded before Start,
//                                        // invalid_argument ("not finished") before done
//   ForecastFormat(result_json, "csv");  // {"ok":true,"result":"section,item,..."} (also "html", "text")
//
// Options JSON (all optional): {"contacts": N, "runs": K, "render_sample": S}.
// Failure classes: `invalid_input` (the fixture's problems, each with its
// code and pointer), `invalid_argument` (bad options: pointer "/contacts",
// "/runs"...), `not_loaded`, `internal_error`, `out_of_memory`.
#pragma once

#include <memory>
#include <string>

namespace flowproof {
class ForecastRun;
}

namespace flowproof::api {

class ForecastApi {
 public:
  ForecastApi();
  ~ForecastApi();

  // Validates the fixture (as Session::Load does) and the options, and
  // prepares the forecast; replaces any previous one, also when it fails.
  std::string Start(const std::string& fixture_json, const std::string& files_json, const std::string& options_json);
  // Up to `max_steps` simulated instants; {"progress", "done"}.
  std::string Advance(int max_steps);
  // The forecast JSON once done.
  std::string Result();
  // Drops the forecast.
  void Cancel();

 private:
  std::unique_ptr<ForecastRun> run_;
};

// One call: Start, Advance to the end, Result (for the JS API's
// `tester.forecast` without progress, and tests).
std::string Forecast(const std::string& fixture_json, const std::string& files_json, const std::string& options_json);

// A forecast result (JSON text) as "text", "csv", "html" or "json";
// the result is a string.
std::string ForecastFormat(const std::string& result_json, const std::string& format);

}  // namespace flowproof::api
