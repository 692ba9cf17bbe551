// What the three writers of a forecast (forecast_text.cc, forecast_csv.cc,
// forecast_html.cc; declared in forecast_output.h) share: how a figure is
// written, and how a portfolio's result is told from one workflow's.
#pragma once

#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>

#include "core/base/json.h"
#include "core/base/json_dump.h"

namespace flowproof::forecast_internal {

// Numbers as the JSON writes them (shortest round trip), text as is. A
// whole number is written whole even when the JSON holds it as a double
// (0.0): a result that went through JavaScript (the page's downloads) has
// lost that difference, and its CSV must be the command line's.
inline std::string Scalar(const Json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_float()) {
    double x = value.get<double>();
    if (std::isfinite(x) && x == std::trunc(x) && std::fabs(x) < 1e15) return std::to_string(static_cast<std::int64_t>(x));
  }
  return DumpJson(value);
}

inline const Json& At(const Json& object, const char* key) { return MemberOr(object, key); }

inline double Number(const Json& value) { return value.is_number() ? value.get<double>() : 0.0; }

inline std::string Percent(const Json& rate) {
  if (!rate.is_number()) return "n/a";
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(2);
  out << rate.get<double>() * 100 << "%";
  return out.str();
}

inline std::string IntervalText(const Json& ci) {
  if (!ci.is_array() || ci.size() != 2) return "";
  return "[" + Percent(ci[0]) + ", " + Percent(ci[1]) + "]";
}

// A portfolio's forecast (core/forecast/portfolio_forecast.h) rather than one workflow's.
inline bool IsPortfolio(const Json& result) { return result.is_object() && result.contains("portfolio"); }

// A workflow id of the portfolio's list as a key into its per-workflow
// objects ("" for anything but text, which finds nothing).
inline const char* WorkflowKey(const Json& id) { return id.is_string() ? id.get_ref<const std::string&>().c_str() : ""; }

}  // namespace flowproof::forecast_internal
