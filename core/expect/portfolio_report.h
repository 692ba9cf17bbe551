// What a v1.1 portfolio run did between its workflows (README "Portfolio"):
// the collisions a test of one workflow at a time cannot see.
//
//   Json report = PortfolioReport(session);   // a finished portfolio run
//   std::cout << PortfolioReportText(report);
//
// Read from the trace, like expectations and coverage:
//   {"workflows": [ids, in priority order],
//    "overlapping_contacts": n,          // in two or more workflows at once
//    "pairs": [{"workflows": [a, b], "contacts": n}],
//    "messages_max_24h": n,             // the most sends to one contact in any 24 hours
//    "suppressed_by_portfolio_cap": {workflow id: n},   // every workflow, 0 included
//    "enrolled": {workflow id: n}, "sent": {workflow id: n},   // enrolments and sends
//    "contacts": [{"contact", "workflows": [ids it was in],
//                  "overlaps": [{"workflows": [a, b], "from": t, "until": t|null}],
//                  "messages": n, "messages_max_24h": n, "max_24h_from": t|null}]}
// A contact is in a workflow from its `enrolled` line to its `exited` line
// (or the clock's end: "until" null). Two stays overlap when they share an
// instant (a stay that begins and ends in one instant counts: a send and
// out), except a hand-over: one ends at the very instant the other, which
// began later, begins (an enroll node and then the exit; a goal met through
// the other workflow's update). The 24-hour window counts `sent`
// lines of every workflow at t .. t + 24h (exclusive), t a send's time.
// Only contacts with a send or an enrolment are listed.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/base/json.h"
#include "core/model/fixture.h"
#include "core/sim/session.h"
#include "core/sim/trace.h"

namespace flowproof {

// The same figures from trace lines as a run makes them, keeping no trace:
// what `flowproof forecast` of a portfolio uses (SessionOptions::on_trace_line).
// A forecast runs its audience in slices of contacts, each a run of its own:
//
//   PortfolioTally tally(fixture);           // the workflows, in priority order
//   for each slice:
//     tally.BeginContacts(slice.contacts);   // then Add its run's trace lines
//     tally.Fold();                          // its contacts' figures kept as sums
//   Json report = tally.Report(false);
class PortfolioTally {
 public:
  // The workflows of `fixture`, and its contacts (those a run of it makes
  // trace lines for)...
  explicit PortfolioTally(const Fixture& fixture) : PortfolioTally(fixture, fixture.contacts) {}
  // ...or those of `contacts` (none: each slice's come with BeginContacts).
  PortfolioTally(const Fixture& fixture, const std::vector<ContactDef>& contacts);
  // The contacts of the next slice's run, in its order.
  void BeginContacts(const std::vector<ContactDef>& contacts);
  void Add(const TraceLine& line);
  // Adds the figures of the contacts tallied so far to the sums the report
  // reads and forgets those contacts: a slice's contacts meet none of the
  // next slice's, so each contact's figures are complete at its slice's end.
  void Fold();
  // The report; without `per_contact`, no "contacts" list (a forecast's
  // audience is too large to list) but "messages_mean" (per contact).
  // Folded contacts count in every figure but the list.
  Json Report(bool per_contact) const;

 private:
  struct Stay {
    Instant from = 0;
    bool open = true;
    Instant until = 0;
  };
  struct Seen {
    std::map<int, std::vector<Stay>> stays;  // by workflow (priority order)
    std::vector<Instant> sends;
  };
  std::vector<std::string> order_;       // workflow ids, priority order
  std::map<std::string, int> index_;
  std::vector<std::string> contacts_;    // fixture order
  std::map<std::string, Seen> seen_;
  std::vector<std::uint64_t> capped_;
  std::vector<std::uint64_t> enrolled_;  // enrolments per workflow
  std::vector<std::uint64_t> sent_;      // sends per workflow
  // The figures of folded contacts.
  struct Sums {
    std::uint64_t contacts = 0;
    std::uint64_t overlapping = 0;
    std::map<std::pair<int, int>, std::uint64_t> pairs;  // workflow indexes, priority order
    int max_24h = 0;
    double messages = 0;
  } folded_;
  // Adds the contacts tallied so far to `sums`; with `listed`, each contact
  // with a send or an enrolment as the report's "contacts" lists it.
  void Sum(Sums* sums, Json* listed) const;
};

// Null when the session's fixture is not a portfolio.
Json PortfolioReport(const Session& session);
// The same in words, a line each, indented by two spaces.
std::string PortfolioReportText(const Json& report);

}  // namespace flowproof
