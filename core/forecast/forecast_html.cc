// ForecastHtml (forecast_output.h): one self-contained page, inline CSS and
// SVG bars, no script, nothing loaded from elsewhere.
#include <algorithm>
#include <sstream>
#include <string>
#include <string_view>

#include "core/base/markup_escape.h"
#include "core/forecast/forecast_output.h"
#include "core/forecast/forecast_output_parts.h"

namespace flowproof {
namespace {

using namespace forecast_internal;

// The report's cells are many: a short name for the escaping.
std::string Html(std::string_view text) { return EscapeMarkup(text); }

// One horizontal bar of an inline SVG, `share` of the full width.
std::string Bar(double share, const char* color) {
  share = std::clamp(share, 0.0, 1.0);
  std::ostringstream out;
  out << "<svg class=\"bar\" width=\"200\" height=\"12\" role=\"img\" aria-hidden=\"true\"><rect width=\""
      << static_cast<int>(share * 200 + 0.5) << "\" height=\"12\" fill=\"" << color << "\"/></svg>";
  return out.str();
}

// The page's head, its style and its title as a heading.
std::string HtmlHead(const std::string& title) {
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
         Html(title) +
         "</title><style>"
         "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1d2433;max-width:960px}"
         "h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em;border-bottom:1px solid #d8dce5}h3{font-size:1em;margin-top:1.2em}"
         "table{border-collapse:collapse}td,th{padding:2px 10px 2px 0;text-align:left;vertical-align:middle}"
         "td.n{text-align:right;font-variant-numeric:tabular-nums}.note{color:#5a6478}.bar{display:block}"
         "</style></head><body>\n<h1>" +
         Html(title) + "</h1>\n";
}

// The page's end: what the figures are.
constexpr const char* kHtmlFoot =
    "<p class=\"note\">Made by flowproof forecast from a synthetic audience; counts are simulated, not measured. "
    "Messages are rendered for a sample only (see the message tables).</p>\n</body></html>\n";

// ---- one workflow's forecast ----------------------------------------------------

// One workflow's forecast as HTML sections, headed at <h`level`>.
std::string WorkflowHtml(const Json& result, int level) {
  const std::string h = "<h" + std::to_string(level) + ">", end_h = "</h" + std::to_string(level) + ">";
  std::ostringstream out;
  const Json& goal = At(result, "goal");
  // Bars against enrolments: a contact that re-enrols enters the first node
  // (and exits) once per enrolment, so "enrolled" (contacts) would overflow them.
  double enrolled = std::max({1.0, Number(At(result, "enrolled")), Number(At(result, "enrollments"))});
  out << "<p>" << Html(Scalar(At(result, "contacts"))) << " contacts, " << Html(Scalar(At(result, "runs")))
      << " run(s); enrolled " << Html(Scalar(At(result, "enrolled"))) << "; goal reached by " << Html(Scalar(At(goal, "reached")))
      << " (" << Percent(At(goal, "rate")) << ", 95% interval " << IntervalText(At(goal, "ci95")) << ").</p>\n";

  out << h << "Flow" << end_h << "<table><tr><th>node</th><th>entered</th><th></th><th>waiting at end</th><th>paths</th></tr>\n";
  const Json& nodes = At(result, "nodes");
  for (auto it = nodes.begin(); it != nodes.end(); ++it) {
    const Json& n = it.value();
    std::string paths;
    for (const char* key : {"branches", "variants"}) {
      const Json& labels = At(n, key);
      for (auto l = labels.begin(); l != labels.end(); ++l) paths += Html(l.key()) + " " + Html(Scalar(l.value())) + "; ";
    }
    out << "<tr><td>" << Html(it.key()) << "</td><td class=\"n\">" << Html(Scalar(At(n, "entered"))) << "</td><td>"
        << Bar(Number(At(n, "entered")) / enrolled, "#3b6fd8") << "</td><td class=\"n\">" << Html(Scalar(At(n, "waiting_at_end")))
        << "</td><td>" << paths << "</td></tr>\n";
  }
  out << "</table>\n" << h << "Exits" << end_h << "<table>\n";
  const Json& exits = At(result, "exits");
  for (auto it = exits.begin(); it != exits.end(); ++it) {
    out << "<tr><td>" << Html(it.key()) << "</td><td class=\"n\">" << Html(Scalar(it.value())) << "</td><td>"
        << Bar(Number(it.value()) / enrolled, "#c4572e") << "</td></tr>\n";
  }
  out << "</table>\n" << h << "Messages" << end_h << "<table><tr><th>template</th><th>channel</th><th>sent</th><th>suppressed</th><th>reactions</th><th>render sample</th></tr>\n";
  const Json& messages = At(result, "messages");
  const Json& render = At(At(result, "render"), "templates");
  for (auto it = messages.begin(); it != messages.end(); ++it) {
    const Json& m = it.value();
    std::string suppressed, events, sample;
    for (auto s = At(m, "suppressed").begin(); s != At(m, "suppressed").end(); ++s) suppressed += Html(s.key()) + " " + Html(Scalar(s.value())) + "; ";
    for (auto e = At(m, "events").begin(); e != At(m, "events").end(); ++e) {
      events += Html(e.key()) + " " + Html(Scalar(e.value())) + " (" + Percent(Json(Number(e.value()) / std::max(1.0, Number(At(m, "sent"))))) + "); ";
    }
    const Json& r = At(render, it.key().c_str());
    if (r.is_object()) {
      sample = Html(Scalar(At(r, "rendered"))) + " rendered, " + Html(Scalar(At(r, "failed"))) + " failed";
      if (r.contains("sms_segments_max")) sample += ", up to " + Html(Scalar(At(r, "sms_segments_max"))) + " SMS segments";
    }
    out << "<tr><td>" << Html(it.key()) << "</td><td>" << Html(Scalar(At(m, "channel"))) << "</td><td class=\"n\">" << Html(Scalar(At(m, "sent")))
        << "</td><td>" << suppressed << "</td><td>" << events << "</td><td>" << sample << "</td></tr>\n";
  }
  out << "</table>\n";
  const Json& variants = At(result, "variants");
  if (!variants.empty()) out << h << "Variants" << end_h << "\n";
  for (auto it = variants.begin(); it != variants.end(); ++it) {
    out << "<p>" << Html(it.key()) << ": p-value " << (At(it.value(), "p_value").is_null() ? "n/a" : Html(Scalar(At(it.value(), "p_value"))))
        << ", winner " << (At(it.value(), "winner").is_null() ? "none (not significant at 5%)" : Html(Scalar(At(it.value(), "winner"))))
        << "</p><table><tr><th>variant</th><th>contacts</th><th>goal rate</th><th>95% interval</th><th></th></tr>\n";
    for (auto v = it.value().begin(); v != it.value().end(); ++v) {
      if (!v.value().is_object()) continue;
      const Json& ci = At(v.value(), "ci95");
      std::ostringstream svg;
      if (ci.is_array() && ci.size() == 2) {
        int low = static_cast<int>(Number(ci[0]) * 200 + 0.5), high = static_cast<int>(Number(ci[1]) * 200 + 0.5);
        int mid = static_cast<int>(Number(At(v.value(), "goal_rate")) * 200 + 0.5);
        svg << "<svg width=\"200\" height=\"12\" aria-hidden=\"true\"><rect x=\"" << low << "\" y=\"4\" width=\"" << std::max(1, high - low)
            << "\" height=\"4\" fill=\"#9bb3e8\"/><rect x=\"" << std::max(0, mid - 1) << "\" width=\"2\" height=\"12\" fill=\"#1d2433\"/></svg>";
      }
      out << "<tr><td>" << Html(v.key()) << "</td><td class=\"n\">" << Html(Scalar(At(v.value(), "contacts"))) << "</td><td class=\"n\">"
          << Percent(At(v.value(), "goal_rate")) << "</td><td>" << IntervalText(ci) << "</td><td>" << svg.str() << "</td></tr>\n";
    }
    out << "</table>\n";
  }
  const Json& per_contact = At(result, "per_contact");
  out << h << "Fatigue and timing" << end_h << "<p>At most " << Html(Scalar(At(per_contact, "messages_max_24h")))
      << " message(s) to one contact in 24 hours; " << Html(Scalar(At(per_contact, "messages_mean"))) << " per enrolled contact on average.</p><p>Time to goal:";
  const Json& ttg = At(result, "time_to_goal");
  for (auto it = ttg.begin(); it != ttg.end(); ++it) out << " " << Html(it.key()) << " " << (it.value().is_null() ? "n/a" : Html(Scalar(it.value()))) << ";";
  out << "</p>\n" << h << "Sends per local day" << end_h << "<table><tr><th>day</th><th>email</th><th>sms</th><th>push</th><th>ad_audience</th><th>webhook</th><th></th></tr>\n";
  double peak = 1;
  for (const Json& row : At(result, "by_day")) {
    double total = 0;
    for (const char* c : {"email", "sms", "push", "ad_audience", "webhook"}) total += Number(At(row, c));
    peak = std::max(peak, total);
  }
  for (const Json& row : At(result, "by_day")) {
    double total = 0;
    out << "<tr><td>" << Html(Scalar(At(row, "day"))) << "</td>";
    for (const char* c : {"email", "sms", "push", "ad_audience", "webhook"}) {
      out << "<td class=\"n\">" << Html(Scalar(At(row, c))) << "</td>";
      total += Number(At(row, c));
    }
    out << "<td>" << Bar(total / peak, "#3b6fd8") << "</td></tr>\n";
  }
  out << "</table>\n";
  return out.str();
}

// ---- a portfolio's forecast (core/forecast/portfolio_forecast.h) ----------------

std::string PortfolioHtml(const Json& result, const std::string& title) {
  const Json& portfolio = At(result, "portfolio");
  double contacts = std::max(1.0, Number(At(result, "contacts")));
  std::ostringstream out;
  out << HtmlHead(title) << "<p>A portfolio of " << At(portfolio, "workflows").size() << " workflows, "
      << Html(Scalar(At(result, "contacts"))) << " contacts, " << Html(Scalar(At(result, "runs")))
      << " run(s) (several runs: means over their seeds).</p>\n";
  out << "<h2>Workflows, in priority order</h2><table><tr><th>workflow</th><th>enrolled</th><th></th><th>sent</th>"
         "<th>suppressed by the portfolio cap</th></tr>\n";
  for (const Json& id : At(portfolio, "workflows")) {
    const char* name = WorkflowKey(id);
    const Json& enrolled = At(At(portfolio, "enrolled"), name);
    out << "<tr><td>" << Html(name) << "</td><td class=\"n\">" << Html(Scalar(enrolled)) << "</td><td>"
        << Bar(Number(enrolled) / contacts, "#3b6fd8") << "</td><td class=\"n\">" << Html(Scalar(At(At(portfolio, "sent"), name)))
        << "</td><td class=\"n\">" << Html(Scalar(At(At(portfolio, "suppressed_by_portfolio_cap"), name))) << "</td></tr>\n";
  }
  out << "</table>\n<h2>Overlaps</h2><p>" << Html(Scalar(At(portfolio, "overlapping_contacts")))
      << " contact(s) in two or more workflows at once.</p>\n";
  if (!At(portfolio, "pairs").empty()) {
    out << "<table><tr><th>workflows</th><th>contacts in both at once</th><th></th></tr>\n";
    for (const Json& pair : At(portfolio, "pairs")) {
      const Json& workflows = At(pair, "workflows");
      if (workflows.size() != 2) continue;
      out << "<tr><td>" << Html(Scalar(workflows[0])) << " + " << Html(Scalar(workflows[1])) << "</td><td class=\"n\">"
          << Html(Scalar(At(pair, "contacts"))) << "</td><td>" << Bar(Number(At(pair, "contacts")) / contacts, "#c4572e")
          << "</td></tr>\n";
    }
    out << "</table>\n";
  }
  out << "<h2>Fatigue</h2><p>At most " << Html(Scalar(At(portfolio, "messages_max_24h")))
      << " message(s) to one contact in any 24 hours, across the workflows; " << Html(Scalar(At(portfolio, "messages_mean")))
      << " per contact on average.</p>\n";
  // Then each workflow's own forecast.
  const Json& each = At(result, "workflows");
  for (const Json& id : At(portfolio, "workflows")) {
    const Json& forecast = At(each, WorkflowKey(id));
    if (!forecast.is_object()) continue;
    out << "<h2>Workflow " << Html(Scalar(id)) << "</h2>\n" << WorkflowHtml(forecast, 3);
  }
  out << kHtmlFoot;
  return out.str();
}

}  // namespace

std::string ForecastHtml(const Json& result, const std::string& title) {
  if (IsPortfolio(result)) return PortfolioHtml(result, title);
  return HtmlHead(title) + WorkflowHtml(result, 2) + kHtmlFoot;
}

}  // namespace flowproof
