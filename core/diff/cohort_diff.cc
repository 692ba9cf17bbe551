#include "core/diff/cohort_diff.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/base/json_dump.h"
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

std::shared_ptr<const Fixture> WithWorkflow(const Fixture& fixture, const std::shared_ptr<const Workflow>& workflow) {
  auto copy = std::make_shared<Fixture>(fixture);
  copy->workflow = workflow;
  copy->workflows.clear();  // one workflow's versions, never a portfolio's forecast
  copy->portfolio = {};
  copy->expectations.clear();
  return copy;
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
  ForecastOptions options;  // the population's count, one run, the fixture's seed: same for both
  Json a = RunForecast(WithWorkflow(*fixture, old_workflow), options);
  Json b = RunForecast(WithWorkflow(*fixture, new_workflow), options);

  bool changed = false;
  Json out = {{"contacts", Member(b, "contacts")}, {"runs", Member(b, "runs")}, {"seed", fixture->seed}, {"versions", "full"}};
  out["enrolled"] = Figure(Member(a, "enrolled"), Member(b, "enrolled"), &changed);
  out["not_enrolled"] = Tree(Member(a, "not_enrolled"), Member(b, "not_enrolled"), &changed);
  out["exits"] = Tree(Member(a, "exits"), Member(b, "exits"), &changed);
  out["goal"] = Tree(Member(a, "goal"), Member(b, "goal"), &changed);
  out["nodes"] = Tree(Member(a, "nodes"), Member(b, "nodes"), &changed);
  // Per template only what was sent (suppressions and reaction events
  // follow from it and would bury the figure that moved).
  Json sent_a = Json::object(), sent_b = Json::object();
  for (auto it = Member(a, "messages").begin(); it != Member(a, "messages").end(); ++it) sent_a[it.key()] = {{"sent", Member(it.value(), "sent")}};
  for (auto it = Member(b, "messages").begin(); it != Member(b, "messages").end(); ++it) sent_b[it.key()] = {{"sent", Member(it.value(), "sent")}};
  out["messages"] = Tree(sent_a, sent_b, &changed);
  out["per_contact"] = Tree(Member(a, "per_contact"), Member(b, "per_contact"), &changed);
  out["variants"] = Tree(Member(a, "variants"), Member(b, "variants"), &changed);
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
  return out.str();
}

}  // namespace flowproof
