// The Embind binding of the flowproof core: one class, `Session`, whose
// methods forward to flowproof::Session (and to core/expect for `coverage`
// and `expectations`), plus `validateWorkflow` (core/validate's
// ValidateDocument), `coverageOf` (core/expect's CoverageOfFixtures) and
// `version`. Business logic stays in core/, where the CLI and the tests reach
// it; this file only translates arguments and wraps results.
//
//   import createFlowproofModule from './flowproof_wasm.js';
//   const m = await createFlowproofModule();
//   const s = new m.Session();
//   const loaded = JSON.parse(s.load(fixtureText, '{}'));  // {ok, errors, warnings, status, fixture}
//   JSON.parse(s.runToEnd());                              // {ok, result: status}
//   const jsonl = JSON.parse(s.traceJsonl(0)).result;      // FORMAT.md "Trace"
//   const sent = JSON.parse(s.messagesBetween(10, 20)).result;  // {total, items}
//   s.delete();
//
// The boundary contract (mirrored in web/src/api/errors.js; keep both sides
// in step):
//   - Every method returns JSON text: {"ok": true, "result": ...} or
//     {"ok": false, "errors": [{"code", "pointer", "line", "column",
//     "message"}]}. `load` returns {"ok", "errors", "warnings", "status",
//     "fixture"} (status and fixture only when ok); `validateWorkflow`
//     returns {"ok", "errors", "warnings"}.
//   - Nothing is thrown into JavaScript: every call catches C++ exceptions
//     and turns them into an error value. (A WebAssembly trap, such as
//     running out of stack, is not an exception; web/src/api/engine.js
//     catches it, drops the module instance and reports `wasm_trap`.)
//   - Large payloads (fixtures, traces, contacts) cross as JSON text, so the
//     binding needs no emscripten::val and stays small.
//   - Error codes: `invalid_input` (the fixture or workflow has problems, one
//     error per problem), `not_loaded` (no fixture loaded), `invalid_argument`
//     (an argument such as a duration is malformed), `internal_error` (a C++
//     exception escaped the core: a bug; the session is dropped),
//     `out_of_memory`, and render's own codes (`unknown_contact`,
//     `unknown_template`, `render_failed`) passed through from the core.
#include <emscripten/bind.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/base/json.h"
#include "core/base/problem.h"
#include "core/expect/coverage.h"
#include "core/expect/coverage_of_fixtures.h"
#include "core/expect/expectations_report.h"
#include "core/json/json_input.h"
#include "core/model/memory_file_loader.h"
#include "core/sim/session.h"
#include "core/sim/session_json.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"
#include "core/validate/validate_document.h"

#ifndef FLOWPROOF_VERSION
#define FLOWPROOF_VERSION "0.0.0"
#endif

namespace flowproof::wasm {
namespace {

constexpr char kInvalidInput[] = "invalid_input";
constexpr char kNotLoaded[] = "not_loaded";
constexpr char kInvalidArgument[] = "invalid_argument";
constexpr char kInternalError[] = "internal_error";
constexpr char kOutOfMemory[] = "out_of_memory";
constexpr std::size_t kEnd = Session::kToEnd;

// ---- the envelope -------------------------------------------------------------

// Invalid UTF-8 in user text must not turn serialisation into an exception.
std::string Dump(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json ErrorJson(const std::string& code, const std::string& pointer, const std::string& message, int line = 0,
               int column = 0) {
  return {{"code", code}, {"pointer", pointer}, {"message", message},
          {"line", line > 0 ? Json(line) : Json()}, {"column", column > 0 ? Json(column) : Json()}};
}
Json ProblemsJson(const Problems& problems, const std::string& code) {
  Json out = Json::array();
  for (const Problem& p : problems) out.push_back(ErrorJson(code, p.pointer, p.message, p.line, p.column));
  return out;
}
std::string Ok(const Json& result) { return Dump(Json{{"ok", true}, {"result", result}}); }
// The same around JSON text the core serialised already (the trace).
std::string OkText(const std::string& json) { return "{\"ok\":true,\"result\":" + json + "}"; }
std::string Failure(const std::string& code, const std::string& message) {
  return Dump(Json{{"ok", false}, {"errors", Json::array({ErrorJson(code, "", message)})}});
}

// Runs `body`, turning any exception into an error value; `on_failure` runs
// first (a session drops itself: its state is unknown after a failure
// halfway through a step).
template <typename Body, typename OnFailure = void (*)()>
std::string Guard(Body&& body, OnFailure&& on_failure = [] {}) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    on_failure();
    return Failure(kOutOfMemory, "out of memory; the fixture was unloaded");
  } catch (const std::exception& e) {
    on_failure();
    return Failure(kInternalError, std::string("internal error (a bug in flowproof): ") + e.what());
  } catch (...) {
    on_failure();
    return Failure(kInternalError, "internal error (a bug in flowproof)");
  }
}

// ---- arguments ----------------------------------------------------------------

// A forward move of the clock ("2d"), or the reason there is none.
std::optional<Duration> ForwardDuration(const std::string& text, std::string* error) {
  std::optional<Duration> d = ParseDuration(text, error);
  if (d && *d < 0) *error = "the clock only moves forward; use stepBack or reset";
  return d && *d >= 0 ? d : std::nullopt;
}

std::size_t Index(int i) { return i < 0 ? 0 : static_cast<std::size_t>(i); }

class WasmSession {
 public:
  // Loads a fixture (JSON text); `files_json` is an object of path to text
  // ("{}" when none). Replaces any previous fixture, also when loading fails.
  std::string Load(const std::string& fixture_json, const std::string& files_json) {
    return Guard([&] {
      session_.reset();
      JsonInputResult files = ParseJsonText(files_json.empty() ? "{}" : files_json);
      if (!files.ok() || !files.value.is_object()) {
        return Failure(kInvalidArgument, "the files argument must be a JSON object of path to text");
      }
      SessionLoadResult loaded = Session::Load(fixture_json, "", MemoryFileLoader(files.value));
      Json out = {{"ok", loaded.ok()}, {"errors", ProblemsJson(loaded.problems, kInvalidInput)},
                  {"warnings", ProblemsJson(loaded.warnings, "warning")}};
      if (loaded.ok()) {
        session_ = std::move(loaded.session);
        out["status"] = StatusJson();
        out["fixture"] = SummaryJson();
      }
      return Dump(out);
    }, [this] { session_.reset(); });
  }
  void Unload() { session_.reset(); }

  std::string Status() { return Read([&] { return Ok(StatusJson()); }); }
  std::string Step() { return Move([&] { return Ok(StatusWith("stepped", session_->Step())); }); }
  // Up to `max_steps` steps (JavaScript's batches); "stepped": how many.
  std::string StepMany(int max_steps) {
    return Move([&] {
      int stepped = 0;
      while (stepped < max_steps && session_->Step()) ++stepped;
      return Ok(StatusWith("stepped", stepped));
    });
  }
  std::string AdvanceBy(const std::string& duration) {
    return Move([&] {
      std::string error;
      std::optional<Duration> d = ForwardDuration(duration, &error);
      if (!d) return Failure(kInvalidArgument, error);
      session_->AdvanceBy(*d);
      return Ok(StatusJson());
    });
  }
  // now + duration, capped at the clock's end: JavaScript advances to it in slices.
  std::string TargetOf(const std::string& duration) {
    return Read([&] {
      std::string error;
      std::optional<Duration> d = ForwardDuration(duration, &error);
      if (!d) return Failure(kInvalidArgument, error);
      Instant target = std::min(session_->now() + *d, session_->until());
      return Ok(Json{{"seconds", target}, {"t", FormatTimestamp(target)}});
    });
  }
  std::string AdvanceTo(const std::string& timestamp) {
    return Move([&] {
      std::string error;
      std::optional<Instant> t = ParseTimestamp(timestamp, &error);
      if (!t) return Failure(kInvalidArgument, error);
      session_->AdvanceTo(*t);
      return Ok(StatusJson());
    });
  }
  std::string AdvanceToSeconds(double seconds) {
    return Move([&] {
      if (!std::isfinite(seconds) || std::floor(seconds) != seconds || std::fabs(seconds) > 1e15) {
        return Failure(kInvalidArgument, "seconds must be a whole number");
      }
      session_->AdvanceTo(static_cast<Instant>(seconds));
      return Ok(StatusJson());
    });
  }
  std::string RunToEnd() {
    return Move([&] {
      session_->RunToEnd();
      return Ok(StatusJson());
    });
  }
  // Steps until a contact enters one of the nodes (a JSON array of ids), the
  // run ends or, with max_steps > 0, that many steps; adds "hit" and "stepped".
  std::string RunToBreakpoint(const std::string& node_ids_json, int max_steps) {
    return Move([&] {
      JsonInputResult parsed = ParseJsonText(node_ids_json);
      bool strings = parsed.ok() && parsed.value.is_array() &&
                     std::all_of(parsed.value.begin(), parsed.value.end(), [](const Json& id) { return id.is_string(); });
      if (!strings) return Failure(kInvalidArgument, "node ids must be a JSON array of strings");
      std::size_t before = session_->steps_taken();
      bool hit = session_->RunToBreakpoint(parsed.value.get<std::vector<std::string>>(), max_steps <= 0 ? kEnd : Index(max_steps));
      Json status = StatusWith("hit", hit);
      status["stepped"] = session_->steps_taken() - before;
      return Ok(status);
    });
  }

  // The trace from line `from`: one JSON array (parsed once by JavaScript), or the exact JSON lines.
  std::string Trace(int from) { return Read([&] { return OkText(session_->TraceJsonArray(Index(from))); }); }
  std::string TraceJsonl(int from) { return Read([&] { return Ok(session_->TraceJsonl(Index(from))); }); }
  std::string TraceText() { return Read([&] { return Ok(session_->TraceText()); }); }
  // The fixture's summary plus its workflow document as given, for drawing the graph.
  std::string Fixture() {
    return Read([&] {
      Json out = SummaryJson();
      out["workflow"] = session_->fixture().workflow->source;
      return Ok(out);
    });
  }
  std::string Contacts() { return Read([&] { return Ok(session_->Contacts()); }); }
  // {"contacts": Session::ContactSummaries(), "selected": Session::Contact(selected_id)}
  std::string ContactsSummary(const std::string& selected_id) {
    return Read([&] {
      Json selected = selected_id.empty() ? Json() : session_->Contact(selected_id);
      return Ok(Json{{"contacts", session_->ContactSummaries()}, {"selected", std::move(selected)}});
    });
  }
  std::string Contact(const std::string& id) {
    return Read([&] {
      Json contact = session_->Contact(id);
      return contact.is_null() ? Failure("unknown_contact", "no contact '" + id + "' in this fixture") : Ok(contact);
    });
  }
  std::string NodeCounts() { return Read([&] { return Ok(session_->NodeCounts()); }); }
  std::string Messages() { return Read([&] { return Ok(session_->Messages()); }); }
  // Messages [from, to) (a negative `to`: to the end): {"total": every
  // message so far, "items": those}, so the page reads only what is new.
  std::string MessagesBetween(int from, int to) {
    return Read([&] {
      Json items = session_->Messages(Index(from), to < 0 ? kEnd : Index(to));
      return Ok(Json{{"total", session_->message_count()}, {"items", std::move(items)}});
    });
  }
  std::string MessagesFrom(int from) { return MessagesBetween(from, -1); }
  // `flowproof run --coverage` for this one fixture, and its expectations so far.
  std::string Coverage() {
    return Read([&] { return Ok(flowproof::Coverage(*session_->fixture().workflow, {session_.get()}, {session_->fixture().name})); });
  }
  std::string Expectations() { return Read([&] { return Ok(ExpectationsReport(*session_)); }); }
  std::string Render(const std::string& contact_id, const std::string& template_name) {
    return Read([&] {
      MessageRenderResult r = session_->Render(contact_id, template_name);
      return r.ok() ? Ok(r.message) : Failure(r.code, r.error);
    });
  }

 private:
  template <typename Body>
  std::string Read(Body&& body) {
    return session_ ? Guard(std::forward<Body>(body)) : Failure(kNotLoaded, "no fixture is loaded");
  }
  template <typename Body>
  std::string Move(Body&& body) {
    return session_ ? Guard(std::forward<Body>(body), [this] { session_.reset(); })
                    : Failure(kNotLoaded, "no fixture is loaded");
  }

  Json StatusJson() const { return SessionStatusJson(*session_); }
  Json SummaryJson() const { return FixtureOutlineJson(session_->fixture()); }
  template <typename Value>
  Json StatusWith(const char* key, Value value) const {
    Json status = StatusJson();
    status[key] = value;
    return status;
  }

  std::unique_ptr<Session> session_;
};

// Coverage of the first fixture's workflow by several fixtures run to their
// end: a JSON array of {"name", "text", "files"}. Problems of any fixture make
// the call `invalid_input`, each message led by the fixture's name.
std::string CoverageOf(const std::string& fixtures_json) {
  return Guard([&] {
    JsonInputResult parsed = ParseJsonText(fixtures_json);
    if (!parsed.ok() || !parsed.value.is_array() || parsed.value.empty()) {
      return Failure(kInvalidArgument, "fixtures must be a non-empty JSON array of {name, text, files}");
    }
    std::vector<FixtureSource> sources;
    for (const Json& item : parsed.value) {
      if (!item.is_object() || !item.contains("text") || !item["text"].is_string()) {
        return Failure(kInvalidArgument, "each fixture is {name, text, files}");
      }
      sources.push_back({item.value("name", std::string("fixture")), item["text"].get<std::string>(), "",
                         MemoryFileLoader(item.value("files", Json::object()))});
    }
    FixturesCoverage coverage = CoverageOfFixtures(sources);
    if (!coverage.ok()) return Dump(Json{{"ok", false}, {"errors", ProblemsJson(coverage.problems, kInvalidInput)}});
    return Ok(coverage.reports.at(0));
  });
}

// `flowproof validate` of a workflow document (JSON text): {"ok", "errors", "warnings"}.
std::string ValidateWorkflow(const std::string& workflow_json) {
  return Guard([&] {
    DocumentOptions options;
    options.kind = DocumentKind::kWorkflow;
    DocumentCheck check = ValidateDocumentText(workflow_json, options);
    return Dump(Json{{"ok", check.ok()}, {"errors", ProblemsJson(check.problems, kInvalidInput)},
                     {"warnings", ProblemsJson(check.warnings, "warning")}});
  });
}

}  // namespace
}  // namespace flowproof::wasm

EMSCRIPTEN_BINDINGS(flowproof) {
  using flowproof::wasm::WasmSession;
  emscripten::class_<WasmSession>("Session")
      .constructor<>()
      .function("load", &WasmSession::Load)
      .function("unload", &WasmSession::Unload)
      .function("status", &WasmSession::Status)
      .function("step", &WasmSession::Step)
      .function("stepMany", &WasmSession::StepMany)
      .function("advanceBy", &WasmSession::AdvanceBy)
      .function("targetOf", &WasmSession::TargetOf)
      .function("advanceTo", &WasmSession::AdvanceTo)
      .function("advanceToSeconds", &WasmSession::AdvanceToSeconds)
      .function("runToEnd", &WasmSession::RunToEnd)
      .function("runToBreakpoint", &WasmSession::RunToBreakpoint)
      .function("trace", &WasmSession::Trace)
      .function("traceJsonl", &WasmSession::TraceJsonl)
      .function("traceText", &WasmSession::TraceText)
      .function("fixture", &WasmSession::Fixture)
      .function("contacts", &WasmSession::Contacts)
      .function("nodeCounts", &WasmSession::NodeCounts)
      .function("contactsSummary", &WasmSession::ContactsSummary)
      .function("contact", &WasmSession::Contact)
      .function("messages", &WasmSession::Messages)
      .function("messagesFrom", &WasmSession::MessagesFrom)
      .function("messagesBetween", &WasmSession::MessagesBetween)
      .function("coverage", &WasmSession::Coverage)
      .function("expectations", &WasmSession::Expectations)
      .function("render", &WasmSession::Render);
  emscripten::function("validateWorkflow", &flowproof::wasm::ValidateWorkflow);
  emscripten::function("coverageOf", &flowproof::wasm::CoverageOf);
  emscripten::constant("version", std::string(FLOWPROOF_VERSION));
}
