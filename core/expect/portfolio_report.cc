#include "core/expect/portfolio_report.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "core/expect/trace_reader.h"
#include "core/sim/portfolio.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"

namespace flowproof {
namespace {

// One stay of a contact in a workflow: enrolled .. exited (none: still in
// at the clock's end).
struct Stay {
  Instant from = 0;
  std::optional<Instant> until;
};

Json TimeJson(const std::optional<Instant>& t) { return t ? Json(FormatTimestamp(*t)) : Json(); }

// The overlap of two stays (README "Portfolio"), or none.
std::optional<std::pair<Instant, std::optional<Instant>>> Overlap(const Stay& a, const Stay& b) {
  Instant from = std::max(a.from, b.from);
  std::optional<Instant> until;
  if (a.until && b.until) until = std::min(*a.until, *b.until);
  else until = a.until ? a.until : b.until;
  if (until && from > *until) return std::nullopt;
  // One leaving at the very instant the other began (and began later) is a
  // hand-over: an enroll node then exit, a goal met by the other's update.
  bool hand_over = (a.until && *a.until == b.from && a.from < b.from) || (b.until && *b.until == a.from && b.from < a.from);
  if (hand_over) return std::nullopt;
  return std::make_pair(from, until);
}

struct ContactStays {
  std::map<int, std::vector<Stay>> stays;  // by workflow (priority order)
  std::vector<Instant> sends;
};

}  // namespace

Json PortfolioReport(const Session& session) {
  const Fixture& fixture = session.fixture();
  if (!fixture.is_portfolio()) return Json();
  std::vector<std::shared_ptr<const Workflow>> order = PortfolioOrder(fixture);
  std::map<std::string, int> index;
  Json ids = Json::array();
  for (std::size_t i = 0; i < order.size(); ++i) {
    index.emplace(order[i]->id, static_cast<int>(i));
    ids.push_back(order[i]->id);
  }
  std::vector<int> capped(order.size(), 0);

  RunRecord run = ReadRun(session);
  std::vector<std::string> contact_order;  // fixture order
  for (const ContactDef& contact : fixture.contacts) contact_order.push_back(contact.id);
  std::map<std::string, ContactStays> by_contact;
  for (const TraceEntry& line : run.trace) {
    auto found = index.find(line.Text("workflow"));
    if (found == index.end() || line.contact.empty()) continue;
    int w = found->second;
    if (line.kind == "enrolled") {
      by_contact[line.contact].stays[w].push_back(Stay{line.t, std::nullopt});
    } else if (line.kind == "exited") {
      std::vector<Stay>& stays = by_contact[line.contact].stays[w];
      if (!stays.empty() && !stays.back().until) stays.back().until = line.t;
    } else if (line.kind == "sent") {
      by_contact[line.contact].sends.push_back(line.t);
    } else if (line.kind == "suppressed" && line.Text("cap") == "portfolio") {
      ++capped[static_cast<std::size_t>(w)];
    }
  }

  std::map<std::pair<int, int>, int> pair_contacts;
  int overlapping = 0;
  int max_24h = 0;
  Json contacts = Json::array();
  for (const std::string& id : contact_order) {
    auto found = by_contact.find(id);
    if (found == by_contact.end()) continue;
    const ContactStays& seen = found->second;
    Json workflows = Json::array();
    for (const auto& [w, stays] : seen.stays) workflows.push_back(order[static_cast<std::size_t>(w)]->id);
    Json overlaps = Json::array();
    for (auto a = seen.stays.begin(); a != seen.stays.end(); ++a) {
      for (auto b = std::next(a); b != seen.stays.end(); ++b) {
        bool pair_seen = false;
        for (const Stay& x : a->second) {
          for (const Stay& y : b->second) {
            auto overlap = Overlap(x, y);
            if (!overlap) continue;
            pair_seen = true;
            overlaps.push_back({{"workflows", {order[static_cast<std::size_t>(a->first)]->id, order[static_cast<std::size_t>(b->first)]->id}},
                                {"from", FormatTimestamp(overlap->first)},
                                {"until", TimeJson(overlap->second)}});
          }
        }
        if (pair_seen) ++pair_contacts[{a->first, b->first}];
      }
    }
    if (!overlaps.empty()) ++overlapping;
    // The most sends in a 24-hour window that starts at a send.
    int best = 0;
    std::optional<Instant> best_from;
    const std::vector<Instant>& sends = seen.sends;  // in time order, as the trace is
    for (std::size_t i = 0, j = 0; i < sends.size(); ++i) {
      while (j < sends.size() && sends[j] < sends[i] + kDay) ++j;
      int count = static_cast<int>(j - i);
      if (count > best) {
        best = count;
        best_from = sends[i];
      }
    }
    max_24h = std::max(max_24h, best);
    contacts.push_back({{"contact", id},
                        {"workflows", std::move(workflows)},
                        {"overlaps", std::move(overlaps)},
                        {"messages", sends.size()},
                        {"messages_max_24h", best},
                        {"max_24h_from", TimeJson(best_from)}});
  }
  Json pairs = Json::array();
  for (const auto& [pair, count] : pair_contacts) {
    pairs.push_back({{"workflows", {order[static_cast<std::size_t>(pair.first)]->id, order[static_cast<std::size_t>(pair.second)]->id}},
                     {"contacts", count}});
  }
  Json suppressed = Json::object();
  for (std::size_t i = 0; i < order.size(); ++i) suppressed[order[i]->id] = capped[i];
  return {{"workflows", std::move(ids)},
          {"overlapping_contacts", overlapping},
          {"pairs", std::move(pairs)},
          {"messages_max_24h", max_24h},
          {"suppressed_by_portfolio_cap", std::move(suppressed)},
          {"contacts", std::move(contacts)}};
}

std::string PortfolioReportText(const Json& report) {
  if (!report.is_object()) return "";
  std::string out = "  portfolio of " + std::to_string(report["workflows"].size()) + " workflows, in priority order:";
  for (const Json& id : report["workflows"]) out += " " + id.get<std::string>();
  out += "\n";
  int overlapping = report.value("overlapping_contacts", 0);
  out += "    in two or more workflows at once: " + std::to_string(overlapping) + (overlapping == 1 ? " contact" : " contacts");
  std::string pairs;
  for (const Json& pair : report["pairs"]) {
    pairs += std::string(pairs.empty() ? "" : ", ") + pair["workflows"][0].get<std::string>() + " + " +
             pair["workflows"][1].get<std::string>() + " (" + std::to_string(pair.value("contacts", 0)) + ")";
  }
  out += pairs.empty() ? "\n" : ": " + pairs + "\n";
  for (const Json& contact : report["contacts"]) {
    const std::string id = contact.value("contact", std::string());
    for (const Json& overlap : contact["overlaps"]) {
      out += "      " + id + " was in " + overlap["workflows"][0].get<std::string>() + " and " +
             overlap["workflows"][1].get<std::string>() + " from " + overlap["from"].get<std::string>() +
             (overlap["until"].is_string() ? " until " + overlap["until"].get<std::string>() : " to the end") + "\n";
    }
  }
  out += "    most messages to one contact in any 24 hours: " + std::to_string(report.value("messages_max_24h", 0));
  std::string who;
  for (const Json& contact : report["contacts"]) {
    if (contact.value("messages_max_24h", 0) == report.value("messages_max_24h", 0) && report.value("messages_max_24h", 0) > 0) {
      who += std::string(who.empty() ? "" : ", ") + contact.value("contact", std::string()) + " from " +
             contact["max_24h_from"].get<std::string>();
    }
  }
  out += who.empty() ? "\n" : " (" + who + ")\n";
  std::string capped;
  for (auto it = report["suppressed_by_portfolio_cap"].begin(); it != report["suppressed_by_portfolio_cap"].end(); ++it) {
    if (it.value().get<int>() > 0) capped += std::string(capped.empty() ? "" : ", ") + it.key() + " " + std::to_string(it.value().get<int>());
  }
  out += "    sends suppressed by the portfolio cap: " + (capped.empty() ? std::string("none") : capped) + "\n";
  return out;
}

}  // namespace flowproof
