// The core's text API: what the WebAssembly binding (wasm/bindings.cc)
// forwards to, one call for one method. Arguments are JavaScript's own
// (strings, numbers), results are JSON text in the envelope of
// core/api/envelope.h, and nothing is ever thrown: an exception inside
// becomes an `internal_error` value and a session that failed halfway
// through a move drops its fixture. Living in the core, it is tested
// natively (tests/session_api_test.cc) like everything else.
//
//   SessionApi api;
//   Json loaded = Json::parse(api.Load(fixture_text, "{}"));  // {ok, code?, errors, warnings, status?, fixture?}
//   api.AdvanceBy("2d");                                       // {"ok":true,"result":STATUS}
//   api.MessagesBetween(10, -1);                               // {"ok":true,"result":{"total","items"}}
//
// Failure classes (`code` at the top of a failure): `invalid_input` (the
// fixture or workflow has problems: one error each, with its own problem
// code), `not_loaded`, `invalid_argument`, `internal_error`, `out_of_memory`,
// and render's `unknown_contact`, `unknown_template`, `render_failed`.
#pragma once

#include <memory>
#include <string>

#include "core/base/json.h"
#include "core/sim/session.h"

namespace flowproof::api {

class SessionApi {
 public:
  // Loads a fixture (JSON text); `files_json` is an object of path to text
  // ("{}" when none). Replaces any previous fixture, also when loading
  // fails: {"ok", "errors", "warnings"} plus "status" and "fixture" when ok,
  // "code": "invalid_input" when not.
  std::string Load(const std::string& fixture_json, const std::string& files_json);
  void Unload() { session_.reset(); }

  // Where the run is: SessionStatusJson.
  std::string Status();
  // One instant; the status plus "stepped" (whether anything happened).
  std::string Step();
  // Up to `max_steps` steps (JavaScript's batches); "stepped": how many.
  std::string StepMany(int max_steps);
  // Moves the clock forward by a duration ("2d"), to a timestamp, or to a
  // number of seconds since the epoch; a backward duration is invalid.
  std::string AdvanceBy(const std::string& duration);
  std::string AdvanceTo(const std::string& timestamp);
  std::string AdvanceToSeconds(double seconds);
  // now + duration, capped at the clock's end ({"seconds", "t"}):
  // JavaScript advances to it in slices.
  std::string TargetOf(const std::string& duration);
  std::string RunToEnd();
  // Steps until a contact enters one of the nodes (a JSON array of ids), the
  // run ends or, with max_steps > 0, that many steps; the status plus "hit"
  // and "stepped".
  std::string RunToBreakpoint(const std::string& node_ids_json, int max_steps);

  // The trace from line `from`: one JSON array (parsed once by JavaScript),
  // the exact JSON lines of `flowproof simulate`, or the text trace.
  std::string Trace(int from);
  std::string TraceJsonl(int from);
  std::string TraceText();
  // The fixture's outline plus its workflow document as given (the graph).
  std::string Fixture();
  // Every contact where it is now, with attributes (Session::Contacts).
  std::string Contacts();
  // {"contacts": the summaries, "selected": Session::Contact(selected_id)}.
  std::string ContactsSummary(const std::string& selected_id);
  // One contact, or `unknown_contact`.
  std::string Contact(const std::string& id);
  std::string NodeCounts();
  // Every message sent so far; messages [from, to) (a negative `to`: to the
  // end) as {"total", "items"}, so the page reads only what is new; and the
  // same from `from` to the end.
  std::string Messages();
  std::string MessagesBetween(int from, int to);
  std::string MessagesFrom(int from) { return MessagesBetween(from, -1); }
  // `flowproof run --coverage` of this fixture (of a portfolio: an array of
  // one report per workflow, in the order of `workflows`), and its
  // expectations so far.
  std::string Coverage();
  std::string Expectations();
  // The message `template_name` rendered for the contact now.
  std::string Render(const std::string& contact_id, const std::string& template_name);

 private:
  // Reads need a fixture; moves also drop it when they fail halfway.
  template <typename Body>
  std::string Read(Body&& body);
  template <typename Body>
  std::string Move(Body&& body);
  Json StatusWith(const char* key, const Json& value) const;

  std::unique_ptr<Session> session_;
};

// Coverage of the first fixture's workflow by several fixtures run to their
// end: `fixtures_json` is a JSON array of {"name", "text", "files"}. Problems
// of any fixture make the call `invalid_input`, each message led by the
// fixture's name.
std::string CoverageOf(const std::string& fixtures_json);

// `flowproof validate` of a workflow document (JSON text): {"ok", "errors",
// "warnings"}, each problem with its code.
std::string ValidateWorkflow(const std::string& workflow_json);

}  // namespace flowproof::api
