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

using Span = std::pair<Instant, std::optional<Instant>>;  // enrolled .. exited (none: still in at the end)

Json TimeJson(const std::optional<Instant>& t) { return t ? Json(FormatTimestamp(*t)) : Json(); }

// The overlap of two stays (README "Portfolio"), or none.
std::optional<Span> Overlap(const Span& a, const Span& b) {
  Instant from = std::max(a.first, b.first);
  std::optional<Instant> until;
  if (a.second && b.second) until = std::min(*a.second, *b.second);
  else until = a.second ? a.second : b.second;
  if (until && from > *until) return std::nullopt;
  // One leaving at the very instant the other began (and began later) is a
  // hand-over: an enroll node then exit, a goal met by the other's update.
  bool hand_over = (a.second && *a.second == b.first && a.first < b.first) || (b.second && *b.second == a.first && b.first < a.first);
  if (hand_over) return std::nullopt;
  return Span{from, until};
}

}  // namespace

PortfolioTally::PortfolioTally(const Fixture& fixture, const std::vector<ContactDef>& contacts) {
  for (const auto& workflow : PortfolioOrder(fixture)) {
    index_.emplace(workflow->id, static_cast<int>(order_.size()));
    order_.push_back(workflow->id);
  }
  BeginContacts(contacts);
  capped_.assign(order_.size(), 0);
  enrolled_.assign(order_.size(), 0);
  sent_.assign(order_.size(), 0);
}

void PortfolioTally::BeginContacts(const std::vector<ContactDef>& contacts) {
  for (const ContactDef& contact : contacts) contacts_.push_back(contact.id);
}

void PortfolioTally::Add(const TraceLine& line) {
  auto found = index_.find(line.workflow);
  if (found == index_.end() || line.contact.empty()) return;
  int w = found->second;
  if (line.kind == "enrolled") {
    ++enrolled_[static_cast<std::size_t>(w)];
    seen_[line.contact].stays[w].push_back(PortfolioTally::Stay{line.t, true, 0});
  } else if (line.kind == "exited") {
    std::vector<PortfolioTally::Stay>& stays = seen_[line.contact].stays[w];
    if (!stays.empty() && stays.back().open) {
      stays.back().open = false;
      stays.back().until = line.t;
    }
  } else if (line.kind == "sent") {
    ++sent_[static_cast<std::size_t>(w)];
    seen_[line.contact].sends.push_back(line.t);
  } else if (line.kind == "suppressed") {
    const Json* cap = line.Find("cap");
    if (cap != nullptr && *cap == "portfolio") ++capped_[static_cast<std::size_t>(w)];
  }
}

void PortfolioTally::Fold() {
  Sum(&folded_, nullptr);
  contacts_.clear();
  seen_.clear();
}

void PortfolioTally::Sum(Sums* sums, Json* listed) const {
  sums->contacts += contacts_.size();
  for (const std::string& id : contacts_) {
    auto found = seen_.find(id);
    if (found == seen_.end()) continue;
    const Seen& seen = found->second;
    Json overlaps = Json::array();
    bool contact_overlaps = false;
    for (auto a = seen.stays.begin(); a != seen.stays.end(); ++a) {
      for (auto b = std::next(a); b != seen.stays.end(); ++b) {
        bool pair_seen = false;
        for (const PortfolioTally::Stay& x : a->second) {
          for (const PortfolioTally::Stay& y : b->second) {
            std::optional<Span> overlap = Overlap(Span{x.from, x.open ? std::nullopt : std::optional<Instant>(x.until)},
                                                  Span{y.from, y.open ? std::nullopt : std::optional<Instant>(y.until)});
            if (!overlap) continue;
            pair_seen = true;
            if (listed != nullptr) {
              overlaps.push_back({{"workflows", {order_[static_cast<std::size_t>(a->first)], order_[static_cast<std::size_t>(b->first)]}},
                                  {"from", FormatTimestamp(overlap->first)},
                                  {"until", TimeJson(overlap->second)}});
            }
          }
        }
        if (pair_seen) ++sums->pairs[{a->first, b->first}];
        contact_overlaps = contact_overlaps || pair_seen;
      }
    }
    if (contact_overlaps) ++sums->overlapping;
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
    sums->max_24h = std::max(sums->max_24h, best);
    sums->messages += static_cast<double>(sends.size());
    if (listed == nullptr) continue;
    Json workflows = Json::array();
    for (const auto& entry : seen.stays) workflows.push_back(order_[static_cast<std::size_t>(entry.first)]);
    listed->push_back({{"contact", id},
                       {"workflows", std::move(workflows)},
                       {"overlaps", std::move(overlaps)},
                       {"messages", sends.size()},
                       {"messages_max_24h", best},
                       {"max_24h_from", TimeJson(best_from)}});
  }
}

Json PortfolioTally::Report(bool per_contact) const {
  Sums sums = folded_;
  Json contacts = Json::array();
  Sum(&sums, per_contact ? &contacts : nullptr);
  Json pairs = Json::array();
  for (const auto& [pair, count] : sums.pairs) {
    pairs.push_back({{"workflows", {order_[static_cast<std::size_t>(pair.first)], order_[static_cast<std::size_t>(pair.second)]}},
                     {"contacts", count}});
  }
  Json suppressed = Json::object(), enrolled = Json::object(), sent = Json::object();
  for (std::size_t i = 0; i < order_.size(); ++i) {
    suppressed[order_[i]] = capped_[i];
    enrolled[order_[i]] = enrolled_[i];
    sent[order_[i]] = sent_[i];
  }
  Json report = {{"workflows", order_},
                 {"overlapping_contacts", sums.overlapping},
                 {"pairs", std::move(pairs)},
                 {"messages_max_24h", sums.max_24h},
                 {"suppressed_by_portfolio_cap", std::move(suppressed)},
                 {"enrolled", std::move(enrolled)},
                 {"sent", std::move(sent)}};
  if (per_contact) {
    report["contacts"] = std::move(contacts);
  } else {
    report["messages_mean"] = sums.contacts == 0 ? 0.0 : sums.messages / static_cast<double>(sums.contacts);
  }
  return report;
}

Json PortfolioReport(const Session& session) {
  const Fixture& fixture = session.fixture();
  if (!fixture.is_portfolio()) return Json();
  PortfolioTally tally(fixture);
  RunRecord run = ReadRun(session);
  for (const TraceEntry& entry : run.trace) tally.Add(ToTraceLine(entry));
  return tally.Report(true);
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
  // Who got that many: the first few by name (a population has thousands).
  constexpr int kNamed = 5;
  std::string who;
  int busiest = 0;
  for (const Json& contact : report["contacts"]) {
    if (contact.value("messages_max_24h", 0) != report.value("messages_max_24h", 0) || report.value("messages_max_24h", 0) <= 0) continue;
    if (++busiest > kNamed) continue;
    who += std::string(who.empty() ? "" : ", ") + contact.value("contact", std::string()) + " from " +
           contact["max_24h_from"].get<std::string>();
  }
  if (busiest > kNamed) who += " and " + std::to_string(busiest - kNamed) + " more";
  out += who.empty() ? "\n" : " (" + who + ")\n";
  std::string capped;
  for (auto it = report["suppressed_by_portfolio_cap"].begin(); it != report["suppressed_by_portfolio_cap"].end(); ++it) {
    if (it.value().get<int>() > 0) capped += std::string(capped.empty() ? "" : ", ") + it.key() + " " + std::to_string(it.value().get<int>());
  }
  out += "    sends suppressed by the portfolio cap: " + (capped.empty() ? std::string("none") : capped) + "\n";
  return out;
}

}  // namespace flowproof
