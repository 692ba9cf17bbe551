// ForecastText (forecast_output.h): the forecast in lines for a terminal.
#include <sstream>

#include "core/forecast/forecast_output.h"
#include "core/forecast/forecast_output_parts.h"

namespace flowproof {
namespace {

using namespace forecast_internal;

std::string PortfolioText(const Json& result) {
  const Json& portfolio = At(result, "portfolio");
  const bool one_run = Number(At(result, "runs")) == 1;
  std::ostringstream out;
  out << "Forecast of a portfolio: " << Scalar(At(result, "contacts")) << " contacts, " << Scalar(At(result, "runs"))
      << (one_run ? " run" : " runs (means)") << "\n";
  for (const Json& id : At(portfolio, "workflows")) {
    const char* name = WorkflowKey(id);
    out << "  " << name << ": " << Scalar(At(At(portfolio, "enrolled"), name)) << " enrolled, "
        << Scalar(At(At(portfolio, "sent"), name)) << " sent, " << Scalar(At(At(portfolio, "suppressed_by_portfolio_cap"), name))
        << " suppressed by the portfolio cap\n";
  }
  out << "  contacts in two or more workflows at once: " << Scalar(At(portfolio, "overlapping_contacts")) << "\n";
  for (const Json& pair : At(portfolio, "pairs")) {
    const Json& workflows = At(pair, "workflows");
    if (workflows.size() != 2) continue;
    out << "    " << Scalar(workflows[0]) << " + " << Scalar(workflows[1]) << ": " << Scalar(At(pair, "contacts")) << "\n";
  }
  out << "  most messages to one contact in any 24 hours: " << Scalar(At(portfolio, "messages_max_24h")) << "\n";
  out << "  messages per contact (mean): " << Scalar(At(portfolio, "messages_mean")) << "\n";
  // Then each workflow's own forecast, indented under its name.
  const Json& each = At(result, "workflows");
  for (const Json& id : At(portfolio, "workflows")) {
    const Json& forecast = At(each, WorkflowKey(id));
    if (!forecast.is_object()) continue;
    out << "\nworkflow " << Scalar(id) << ":\n";
    std::istringstream lines(ForecastText(forecast));
    for (std::string line; std::getline(lines, line);) out << (line.empty() ? "" : "  ") << line << "\n";
  }
  return out.str();
}

}  // namespace

std::string ForecastText(const Json& result) {
  if (IsPortfolio(result)) return PortfolioText(result);
  std::ostringstream out;
  const Json& goal = At(result, "goal");
  out << "forecast: " << Scalar(At(result, "contacts")) << " contact(s), " << Scalar(At(result, "runs")) << " run(s)\n";
  out << "enrolled: " << Scalar(At(result, "enrolled")) << " (enrolments " << Scalar(At(result, "enrollments")) << ")\n";
  const Json& not_enrolled = At(result, "not_enrolled");
  out << "not enrolled:";
  for (auto it = not_enrolled.begin(); it != not_enrolled.end(); ++it) out << " " << it.key() << " " << Scalar(it.value());
  out << "\ngoal: " << Scalar(At(goal, "reached")) << " reached, rate " << Percent(At(goal, "rate")) << " "
      << IntervalText(At(goal, "ci95")) << " (95% Wilson)\n";
  out << "\nnodes (entered, waiting at the end):\n";
  const Json& nodes = At(result, "nodes");
  for (auto it = nodes.begin(); it != nodes.end(); ++it) {
    out << "  " << it.key() << ": " << Scalar(At(it.value(), "entered")) << ", " << Scalar(At(it.value(), "waiting_at_end"));
    for (const char* key : {"branches", "variants"}) {
      const Json& labels = At(it.value(), key);
      if (!labels.is_object()) continue;
      out << "  " << key << ":";
      for (auto l = labels.begin(); l != labels.end(); ++l) out << " " << l.key() << "=" << Scalar(l.value());
    }
    out << "\n";
  }
  out << "\nexits:\n";
  const Json& exits = At(result, "exits");
  for (auto it = exits.begin(); it != exits.end(); ++it) out << "  " << it.key() << ": " << Scalar(it.value()) << "\n";
  out << "\nmessages:\n";
  const Json& messages = At(result, "messages");
  const Json& render = At(At(result, "render"), "templates");
  for (auto it = messages.begin(); it != messages.end(); ++it) {
    const Json& m = it.value();
    out << "  " << it.key() << " (" << Scalar(At(m, "channel")) << "): sent " << Scalar(At(m, "sent"));
    const Json& suppressed = At(m, "suppressed");
    for (auto s = suppressed.begin(); s != suppressed.end(); ++s) out << ", suppressed " << s.key() << " " << Scalar(s.value());
    const Json& events = At(m, "events");
    for (auto e = events.begin(); e != events.end(); ++e) out << ", " << e.key() << " " << Scalar(e.value());
    const Json& sample = At(render, it.key().c_str());
    if (sample.is_object()) {
      out << "; rendered " << Scalar(At(sample, "rendered")) << " (sample), failed " << Scalar(At(sample, "failed"));
      if (sample.contains("sms_segments_max")) out << ", SMS segments up to " << Scalar(At(sample, "sms_segments_max"));
    }
    out << "\n";
  }
  const Json& variants = At(result, "variants");
  if (!variants.empty()) out << "\nvariants (goal rate, 95% interval):\n";
  for (auto it = variants.begin(); it != variants.end(); ++it) {
    out << "  " << it.key() << ":";
    for (auto v = it.value().begin(); v != it.value().end(); ++v) {
      if (!v.value().is_object()) continue;
      out << " " << v.key() << " " << Scalar(At(v.value(), "contacts")) << " contacts " << Percent(At(v.value(), "goal_rate")) << " "
          << IntervalText(At(v.value(), "ci95")) << ";";
    }
    out << " p=" << (At(it.value(), "p_value").is_null() ? "n/a" : Scalar(At(it.value(), "p_value")))
        << ", winner " << (At(it.value(), "winner").is_null() ? "none (not significant at 5%)" : Scalar(At(it.value(), "winner"))) << "\n";
  }
  const Json& per_contact = At(result, "per_contact");
  out << "\nper contact: at most " << Scalar(At(per_contact, "messages_max_24h")) << " message(s) in 24 hours, mean "
      << Scalar(At(per_contact, "messages_mean")) << " per enrolled contact\n";
  out << "time to goal:";
  const Json& ttg = At(result, "time_to_goal");
  for (auto it = ttg.begin(); it != ttg.end(); ++it) out << " " << it.key() << " " << (it.value().is_null() ? "n/a" : Scalar(it.value()));
  out << "\n\nsends per local day:\n";
  for (const Json& row : At(result, "by_day")) {
    out << "  " << Scalar(At(row, "day"));
    for (auto it = row.begin(); it != row.end(); ++it) {
      if (it.key() != "day" && Number(it.value()) != 0) out << " " << it.key() << " " << Scalar(it.value());
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace flowproof
