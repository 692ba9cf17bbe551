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

#include <string>

#include "core/base/json.h"
#include "core/sim/session.h"

namespace flowproof {

// Null when the session's fixture is not a portfolio.
Json PortfolioReport(const Session& session);
// The same in words, a line each, indented by two spaces.
std::string PortfolioReportText(const Json& report);

}  // namespace flowproof
