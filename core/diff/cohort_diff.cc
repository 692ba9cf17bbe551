#include "core/diff/cohort_diff.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/base/json_dump.h"
#include "core/diff/version_fixture.h"
#include "core/forecast/forecast.h"

namespace flowproof {
namespace {

const Json& Member(const Json& object, const char* key) { return MemberOr(object, key); }

// One figure: both sides and, for numbers, the delta (integers stay exact;
// other numbers are rounded to 6 decimals, the forecast's finest (p-values;
// rates have 4), so that 0.0734 - 0.068 reads 0.0054 and not
// 0.0054000000000000006). Text, intervals and two absent sides have no delta.
Json Figure(const Json& before, const Json& after, bool* changed) {
  Json out = {{"old", before}, {"new", after}};
  if (before != after) *changed = true;
  if (!before.is_number() && !after.is_number()) return out;
  if (before.is_number() && after.is_number()) {
    if (before.is_number_integer() && after.is_number_integer()) {
      out["delta"] = after.get<std::int64_t>() - before.get<std::int64_t>();
    } else {
      double delta = std::round((after.get<double>() - before.get<double>()) * 1e6) / 1e6;
      out["delta"] = delta == 0 ? 0.0 : delta;  // never -0
    }
  } else {
    out["delta"] = nullptr;
  }
  return out;
}

// Objects side by side over the union of their keys (sorted, as Json keeps
// them); anything else is a figure.
Json Tree(const Json& before, const Json& after, bool* changed) {
  if (before.is_object() || after.is_object()) {
    Json out = Json::object();
    const Json empty = Json::object();
    const Json& a = before.is_object() ? before : empty;
    const Json& b = after.is_object() ? after : empty;
    for (auto it = a.begin(); it != a.end(); ++it) out[it.key()] = Tree(it.value(), Member(b, it.key().c_str()), changed);
    for (auto it = b.begin(); it != b.end(); ++it) {
      if (!a.contains(it.key())) out[it.key()] = Tree(Json(), it.value(), changed);
    }
    return out;
  }
  return Figure(before, after, changed);
}

// A forecast's "messages" with each template's "sent" alone.
Json SentOnly(const Json& messages) {
  Json out = Json::object();
  for (auto it = messages.begin(); it != messages.end(); ++it) out[it.key()] = {{"sent", Member(it.value(), "sent")}};
  return out;
}

// A portfolio forecast's own figures to compare: the pairs keyed by their
// two workflows ("a + b") instead of a list, and without the list of ids.
Json PortfolioFigures(const Json& portfolio) {
  Json out = Json::object();
  if (!portfolio.is_object()) return out;
  for (auto it = portfolio.begin(); it != portfolio.end(); ++it) {
    if (it.key() == "workflows") continue;
    if (it.key() != "pairs") {
      out[it.key()] = it.value();
      continue;
    }
    Json pairs = Json::object();
    for (const Json& pair : it.value()) {
      const Json& ids = Member(pair, "workflows");
      if (ids.is_array() && ids.size() == 2 && ids[0].is_string() && ids[1].is_string()) {
        pairs[ids[0].get<std::string>() + " + " + ids[1].get<std::string>()] = Member(pair, "contacts");
      }
    }
    out["pairs"] = std::move(pairs);
  }
  return out;
}

// ---- words ----------------------------------------------------------------

std::string Value(const Json& value) {
  if (value.is_null()) return "—";
  if (value.is_string()) return value.get<std::string>();
  return DumpJson(value);
}

std::string Percent(const Json& rate) {
  if (!rate.is_number()) return "—";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f%%", rate.get<double>() * 100);
  return buffer;
}

std::string Interval(const Json& ci) {
  if (!ci.is_array() || ci.size() != 2) return "";
  return " [" + Percent(ci[0]) + ", " + Percent(ci[1]) + "]";
}

std::string Delta(const Json& delta) {
  if (delta.is_null()) return "";
  if (delta.is_number_integer()) {
    std::int64_t d = delta.get<std::int64_t>();
    return d == 0 ? " (±0)" : d > 0 ? " (+" + std::to_string(d) + ")" : " (" + std::to_string(d) + ")";
  }
  double d = delta.get<double>();
  if (d == 0) return " (±0)";
  return std::string(" (") + (d > 0 ? "+" : "") + DumpJson(delta) + ")";
}

// "1573 → 1600 (+27)"
std::string Count(const Json& figure) {
  return Value(Member(figure, "old")) + " → " + Value(Member(figure, "new")) + Delta(Member(figure, "delta"));
}

// "6.80% [5.66%, 8.15%] → 9.12% [7.90%, 10.4%] (+2.32 points)"
std::string Rate(const Json& rate, const Json& ci) {
  std::string out = Percent(Member(rate, "old")) + Interval(Member(ci, "old")) + " → " + Percent(Member(rate, "new")) +
                    Interval(Member(ci, "new"));
  const Json& delta = Member(rate, "delta");
  if (delta.is_number()) {
    char buffer[48];
    double points = delta.get<double>() * 100;
    if (points == 0) return out + " (±0 points)";
    std::snprintf(buffer, sizeof buffer, " (%+.2f points)", points);
    out += buffer;
  }
  return out;
}

// "completed 1459 → 1420 (-39), goal 107 → 146 (+39)"
std::string Named(const Json& figures) {
  std::string out;
  for (auto it = figures.begin(); it != figures.end(); ++it) {
    out += (out.empty() ? "" : ", ") + it.key() + " " + Count(it.value());
  }
  return out.empty() ? "none" : out;
}

}  // namespace

Json DiffCohort(const std::shared_ptr<const Fixture>& fixture, const std::shared_ptr<const Workflow>& old_workflow,
                const std::shared_ptr<const Workflow>& new_workflow, std::optional<Instant> publish_at) {
  if (!fixture->population) return Json();
  // DiffBehaviour has checked both versions against the fixture already.
  VersionFixture old_version = FixtureWithVersion(*fixture, old_workflow, "the older version");
  VersionFixture new_version = FixtureWithVersion(*fixture, new_workflow, "the newer version");
  if (!old_version.fixture || !new_version.fixture) return Json();
  ForecastOptions options;  // the population's count, one run, the fixture's seed: same for both
  Json a = RunForecast(old_version.fixture, options);
  Json b = RunForecast(new_version.fixture, options);

  bool changed = false;
  Json out = {{"contacts", Member(b, "contacts")}, {"runs", Member(b, "runs")}, {"seed", fixture->seed}, {"versions", "full"}};
  // In a portfolio, the edited workflow's own forecast inside the portfolio
  // (its cap and the other workflows acting on the same contacts), then the
  // portfolio's figures below.
  const bool portfolio = fixture->is_portfolio();
  const std::string& id = old_workflow->id;
  const Json& wa = portfolio ? Member(Member(a, "workflows"), id.c_str()) : a;
  const Json& wb = portfolio ? Member(Member(b, "workflows"), id.c_str()) : b;
  if (portfolio) out["workflow"] = id;
  out["enrolled"] = Figure(Member(wa, "enrolled"), Member(wb, "enrolled"), &changed);
  out["not_enrolled"] = Tree(Member(wa, "not_enrolled"), Member(wb, "not_enrolled"), &changed);
  out["exits"] = Tree(Member(wa, "exits"), Member(wb, "exits"), &changed);
  out["goal"] = Tree(Member(wa, "goal"), Member(wb, "goal"), &changed);
  out["nodes"] = Tree(Member(wa, "nodes"), Member(wb, "nodes"), &changed);
  // Per template only what was sent (suppressions and reaction events
  // follow from it and would bury the figure that moved).
  out["messages"] = Tree(SentOnly(Member(wa, "messages")), SentOnly(Member(wb, "messages")), &changed);
  // Per contact across every workflow of a portfolio.
  out["per_contact"] = Tree(Member(a, "per_contact"), Member(b, "per_contact"), &changed);
  out["variants"] = Tree(Member(wa, "variants"), Member(wb, "variants"), &changed);
  if (portfolio) out["portfolio"] = Tree(PortfolioFigures(Member(a, "portfolio")), PortfolioFigures(Member(b, "portfolio")), &changed);
  out["changed"] = changed;
  if (publish_at) {
    out["note"] =
        "publishing migrates the named contacts only: the forecast runs the older and the newer version each in full over "
        "the whole clock, with the same audience and seed";
  }
  return out;
}

std::string CohortText(const Json& cohort, bool markdown) {
  if (!cohort.is_object()) return "";
  std::ostringstream out;
  const std::string bullet = markdown ? "- " : "  ";
  const std::string sub = markdown ? "  - " : "    ";
  out << (markdown ? "\n## Forecast of the population\n\n" : "\nForecast of the population:\n");
  out << bullet << Value(Member(cohort, "contacts")) << " contacts, seed " << Value(Member(cohort, "seed"))
      << ", each version run in full\n";
  if (cohort.contains("workflow")) {
    out << bullet << "in the portfolio: workflow " << Value(cohort["workflow"])
        << "'s own figures, then the portfolio's; messages per contact across every workflow\n";
  }
  if (cohort.contains("note")) out << bullet << "note: " << cohort["note"].get<std::string>() << "\n";
  out << bullet << "enrolled: " << Count(Member(cohort, "enrolled")) << "\n";
  out << bullet << "not enrolled: " << Named(Member(cohort, "not_enrolled")) << "\n";
  const Json& goal = Member(cohort, "goal");
  if (goal.contains("rate")) {
    out << bullet << "goal reached: " << Count(Member(goal, "reached")) << "\n";
    out << bullet << "goal rate: " << Rate(Member(goal, "rate"), Member(goal, "ci95")) << "\n";
  }
  out << bullet << "exits: " << Named(Member(cohort, "exits")) << "\n";
  const Json& per_contact = Member(cohort, "per_contact");
  out << bullet << "messages per contact: most in 24 hours " << Count(Member(per_contact, "messages_max_24h"))
      << ", mean " << Count(Member(per_contact, "messages_mean")) << "\n";
  out << bullet << "entries per node:\n";
  for (auto it = Member(cohort, "nodes").begin(); it != Member(cohort, "nodes").end(); ++it) {
    const Json& node = it.value();
    out << sub << it.key() << ": " << Count(Member(node, "entered"));
    const Json& waiting = Member(node, "waiting_at_end");
    if (Member(waiting, "old") != Json(0) || Member(waiting, "new") != Json(0)) out << ", waiting at the end " << Count(waiting);
    for (const char* part : {"branches", "variants"}) {
      if (node.contains(part)) out << "; " << part << " " << Named(node[part]);
    }
    out << "\n";
  }
  out << bullet << "sent per template:\n";
  for (auto it = Member(cohort, "messages").begin(); it != Member(cohort, "messages").end(); ++it) {
    out << sub << it.key() << ": " << Count(Member(it.value(), "sent")) << "\n";
  }
  const Json& variants = Member(cohort, "variants");
  if (!variants.empty()) {
    out << bullet << "variant goal rates:\n";
    for (auto split = variants.begin(); split != variants.end(); ++split) {
      for (auto it = split.value().begin(); it != split.value().end(); ++it) {
        if (it.key() == "p_value" || it.key() == "winner") continue;
        out << sub << split.key() << " " << it.key() << ": " << Rate(Member(it.value(), "goal_rate"), Member(it.value(), "ci95"))
            << ", of " << Count(Member(it.value(), "contacts")) << " contacts\n";
      }
      const Json& p = Member(split.value(), "p_value");
      if (p.is_object()) out << sub << split.key() << " p-value: " << Count(p) << "\n";
      const Json& winner = Member(split.value(), "winner");
      if (!Member(winner, "old").is_null() || !Member(winner, "new").is_null()) out << sub << split.key() << " winner: " << Value(Member(winner, "old")) << " → " << Value(Member(winner, "new")) << "\n";
    }
  }
  const Json& portfolio = Member(cohort, "portfolio");
  if (portfolio.is_object()) {
    out << bullet << "in two or more workflows at once: " << Count(Member(portfolio, "overlapping_contacts")) << "\n";
    out << bullet << "per workflow:\n";
    const Json& enrolled = Member(portfolio, "enrolled");
    for (auto it = enrolled.begin(); it != enrolled.end(); ++it) {
      const char* id = it.key().c_str();
      out << sub << it.key() << ": enrolled " << Count(it.value()) << ", sent " << Count(Member(Member(portfolio, "sent"), id))
          << ", held back by the portfolio cap " << Count(Member(Member(portfolio, "suppressed_by_portfolio_cap"), id)) << "\n";
    }
    const Json& pairs = Member(portfolio, "pairs");
    if (!pairs.empty()) {
      out << bullet << "in two workflows at once:\n";
      for (auto it = pairs.begin(); it != pairs.end(); ++it) out << sub << it.key() << ": " << Count(it.value()) << "\n";
    }
  }
  return out.str();
}

}  // namespace flowproof
