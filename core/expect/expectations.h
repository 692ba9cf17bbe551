// Checking a fixture's expectations (FORMAT.md, "Fixture") against a run.
//
// Everything is decided from what the run recorded: the trace lines, the
// rendered messages and the contacts' final state. A failed expectation says
// what was expected, what the trace shows instead and where the contact's
// path diverged from one that would have met it, in plain words:
//
//   SessionLoadResult loaded = Session::Load(text, base_dir, loader);
//   loaded.session->RunToEnd();
//   for (const ExpectationResult& r : CheckExpectations(loaded.session->fixture(), *loaded.session)) {
//     if (!r.passed) std::cout << r.expected << " / " << r.actual << " / " << r.divergence << "\n";
//   }
//
// Semantics (each also documented in fixtures/README.md):
//   reaches N           some `entered` line of the contact for node N; with
//                       `at`, one exactly then; with `by`, one at or before.
//   never_reaches N     no such line (with `at`/`by`: none at / by then).
//   receives T          a `sent` line for template T (a suppressed send does
//                       not count) whose rendered message passes the content
//                       checks: `subject_contains` (email subject; push title),
//                       `body_contains` (any of email html and text, sms, push
//                       and webhook body); `within` means sent at or before
//                       clock start + within.
//   never_receives T    no such message: with content checks, no message of
//                       T that passes them; with `within`, none by then.
//   exits R             an `exited` line with reason R (with `by`, at or before).
//   attribute A equals  the final value of A equals V (JSON equality, numbers
//                       compared numerically so 60 == 60.0); A may also be
//                       `lists`, `consent` or `timezone`.
#pragma once

#include <string>
#include <vector>

#include "core/base/json.h"
#include "core/model/fixture.h"
#include "core/sim/session.h"

namespace flowproof {

struct ExpectationResult {
  const Expectation* expectation = nullptr;  // points into the fixture
  bool passed = false;
  // Plain words, one sentence each, no trailing period:
  // The expectation itself, "alice receives 'welcome' by 2026-11-03T00:00:00Z",
  // led by the fixture's own "description" when it has one ("Openers get
  // tips: alice reaches send_tips").
  std::string description;
  std::string expected;     // what had to be in the trace, in the generated words
  std::string actual;       // what the trace shows ("alice's send of 'welcome' at send_welcome was suppressed: frequency_cap")
  // Where the contact's path differed from one that meets the expectation,
  // e.g. "alice took branch 'else' at by_country (2026-11-03T10:00:00Z)
  // because contact.country was \"DE\""; empty when passed or unknown.
  std::string divergence;
  // The contact's path through the workflow, one step per entry
  // ("2026-11-02T01:00:00Z enrolled (trigger 0)", "... entered send_welcome",
  // "... took branch 'US' at by_country", "... exited: completed").
  std::vector<std::string> path;
};

// Checks every expectation of `fixture` against `session`, which must have
// been loaded from that fixture and run to its end. Results are in the order
// of the fixture's `expect` list. Never throws; an expectation about a contact
// the run does not know fails with that said in `actual`.
std::vector<ExpectationResult> CheckExpectations(const Fixture& fixture, const Session& session);

// The same result as JSON (the `run --format json` entry of one expectation):
// {"pointer","kind","contact","target","passed","description","expected",
//  "actual","divergence","path":[...],"expectation":{as written}}.
Json ExpectationResultJson(const ExpectationResult& result);

// The name of an expectation kind as written in fixtures ("never_receives").
const char* ExpectKindName(ExpectKind kind);

}  // namespace flowproof
