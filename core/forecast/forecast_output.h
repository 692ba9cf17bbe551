// A forecast result (core/forecast/forecast.h) written for people and
// tools: plain text, CSV (one row per figure) and one self-contained HTML
// page (inline CSS and SVG bars, no script, nothing loaded from elsewhere).
// JSON itself is DumpJson(result) (core/base/json_dump.h).
// Each writer has its file (forecast_text.cc, forecast_csv.cc,
// forecast_html.cc); what they share is in forecast_output_parts.h.
//
//   Json result = RunForecast(fixture, options);
//   std::cout << ForecastText(result);
//   std::cout << ForecastCsv(result);              // section,key,subkey,value,sd
//   std::cout << ForecastHtml(result, "Welcome series forecast");
#pragma once

#include <string>

#include "core/base/json.h"

namespace flowproof {

std::string ForecastText(const Json& result);
// Header `section,item,detail,value,sd`; `sd` is empty for one run.
std::string ForecastCsv(const Json& result);
// `title` is escaped; every user text in the result is escaped.
std::string ForecastHtml(const Json& result, const std::string& title);

}  // namespace flowproof
