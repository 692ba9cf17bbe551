// The Embind binding of the flowproof core: one class, `Session`, whose
// methods forward to flowproof::Session (and to core/expect for `coverage`
// and `expectations`), plus `validateWorkflow`, `coverageOf` (several
// fixtures) and `version`. Business logic stays in core/; this file only
// translates.
//
//   import createFlowproofModule from './flowproof_wasm.js';
//   const m = await createFlowproofModule();
//   const s = new m.Session();
//   const loaded = JSON.parse(s.load(fixtureText, '{}'));  // {ok, errors, warnings, status, fixture}
//   JSON.parse(s.runToEnd());                              // {ok, result: status}
//   const jsonl = JSON.parse(s.traceJsonl(0)).result;      // FORMAT.md "Trace"
//   s.delete();
//
// The boundary contract (mirrored in web/src/api/errors.js; keep both sides
// in step):
//   - Every method returns JSON text: {"ok": true, "result": ...} or
//     {"ok": false, "errors": [{"code", "pointer", "line", "column",
//     "message"}]}. `load` returns {"ok", "errors", "warnings", "status",
//     "fixture"} (status and fixture only when ok).
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
//     `unknown_template`, ...) passed through from the core.
#include <emscripten/bind.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/base/json.h"
#include "core/expect/coverage.h"
#include "core/expect/expectations.h"
#include "core/json/json_input.h"
#include "core/base/problem.h"
#include "core/model/workflow_parser.h"
#include "core/sim/session.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"
#include "core/validate/liquid_check.h"

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

// Invalid UTF-8 in user text must not turn serialisation into an exception.
std::string Dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json ErrorJson(const std::string& code, const std::string& pointer, const std::string& message,
               int line = 0, int column = 0) {
  Json error = {{"code", code}, {"pointer", pointer}, {"message", message}};
  error["line"] = line > 0 ? Json(line) : Json();
  error["column"] = column > 0 ? Json(column) : Json();
  return error;
}

Json ProblemsJson(const Problems& problems, const std::string& code) {
  Json out = Json::array();
  for (const Problem& p : problems) out.push_back(ErrorJson(code, p.pointer, p.message, p.line, p.column));
  return out;
}

std::string Ok(const Json& result) { return Dump(Json{{"ok", true}, {"result", result}}); }

std::string Failure(const std::string& code, const std::string& message, const std::string& pointer = "") {
  return Dump(Json{{"ok", false}, {"errors", Json::array({ErrorJson(code, pointer, message)})}});
}

// Runs `body`, turning any exception into an error value. `on_failure` runs
// first (the session drops itself: its state is unknown after a failure
// halfway through a step).
template <typename Body, typename OnFailure>
std::string Guard(Body&& body, OnFailure&& on_failure) {
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

template <typename Body>
std::string Guard(Body&& body) {
  return Guard(std::forward<Body>(body), [] {});
}

// Files a fixture may name ("workflow": "workflow.json"), handed over by
// JavaScript (which fetched them relative to the fixture's URL) as a JSON
// object of path to text.
FileLoader MapLoader(std::shared_ptr<const std::map<std::string, std::string>> files) {
  return [files](const std::string& path, std::string* error) -> std::optional<std::string> {
    std::string key = path;
    while (key.rfind("./", 0) == 0) key.erase(0, 2);
    for (const std::string& candidate : {path, key}) {
      auto it = files->find(candidate);
      if (it != files->end()) return it->second;
    }
    *error = "cannot read '" + path + "': the page could not fetch it beside the fixture";
    return std::nullopt;
  };
}

class WasmSession {
 public:
  // Loads a fixture (JSON text). `files_json` is an object of path to text
  // for workflows given by path ("{}" when there are none). Replaces any
  // previous fixture, also when loading fails.
  std::string Load(const std::string& fixture_json, const std::string& files_json) {
    return Guard(
        [&] {
          session_.reset();
          auto files = std::make_shared<std::map<std::string, std::string>>();
          JsonInputResult parsed_files = ParseJsonText(files_json.empty() ? "{}" : files_json);
          if (!parsed_files.ok() || !parsed_files.value.is_object()) {
            return Failure(kInvalidArgument, "the files argument must be a JSON object of path to text");
          }
          for (const auto& [path, text] : parsed_files.value.items()) {
            if (text.is_string()) (*files)[path] = text.get<std::string>();
          }
          SessionLoadResult loaded = Session::Load(fixture_json, "", MapLoader(files));
          Json out = {{"ok", loaded.ok()},
                      {"errors", ProblemsJson(loaded.problems, kInvalidInput)},
                      {"warnings", ProblemsJson(loaded.warnings, "warning")}};
          if (loaded.ok()) {
            session_ = std::move(loaded.session);
            out["status"] = StatusJson();
            out["fixture"] = SummaryJson();
          }
          return Dump(out);
        },
        [this] { session_.reset(); });
  }

  // Drops the fixture.
  void Unload() { session_.reset(); }

  std::string Status() {
    return Loaded([&] { return Ok(StatusJson()); });
  }

  // One Step(); result: status plus {"stepped": bool}.
  std::string Step() {
    return Mutating([&] {
      bool stepped = session_->Step();
      Json status = StatusJson();
      status["stepped"] = stepped;
      return Ok(status);
    });
  }

  // Up to `max_steps` Step()s, stopping when the run is over; JavaScript
  // calls this in batches to keep long runs responsive and report progress.
  // Result: status plus {"stepped": how many steps were taken}.
  std::string StepMany(int max_steps) {
    return Mutating([&] {
      int stepped = 0;
      while (stepped < max_steps && session_->Step()) ++stepped;
      Json status = StatusJson();
      status["stepped"] = stepped;
      return Ok(status);
    });
  }

  // Moves the clock forward by a duration (FORMAT.md's duration syntax).
  std::string AdvanceBy(const std::string& duration) {
    return Mutating([&] {
      std::string error;
      std::optional<Duration> d = ParseDuration(duration, &error);
      if (!d) return Failure(kInvalidArgument, error);
      if (*d < 0) return Failure(kInvalidArgument, "the clock only moves forward; use stepBack or reset");
      session_->AdvanceBy(*d);
      return Ok(StatusJson());
    });
  }

  // The instant `duration` after now, capped at the clock's end, in seconds
  // since the epoch: JavaScript advances to it in slices (advanceToSeconds).
  std::string TargetOf(const std::string& duration) {
    return Loaded([&] {
      std::string error;
      std::optional<Duration> d = ParseDuration(duration, &error);
      if (!d) return Failure(kInvalidArgument, error);
      if (*d < 0) return Failure(kInvalidArgument, "the clock only moves forward; use stepBack or reset");
      Instant target = session_->now() + *d;
      if (target > session_->until()) target = session_->until();
      return Ok(Json{{"seconds", target}, {"t", FormatTimestamp(target)}});
    });
  }

  // Processes everything up to and including the instant (ISO 8601) and
  // leaves the clock there.
  std::string AdvanceTo(const std::string& timestamp) {
    return Mutating([&] {
      std::string error;
      std::optional<Instant> t = ParseTimestamp(timestamp, &error);
      if (!t) return Failure(kInvalidArgument, error);
      session_->AdvanceTo(*t);
      return Ok(StatusJson());
    });
  }

  // The same with seconds since the epoch (a whole number).
  std::string AdvanceToSeconds(double seconds) {
    return Mutating([&] {
      if (!std::isfinite(seconds) || std::floor(seconds) != seconds || std::fabs(seconds) > 1e15) {
        return Failure(kInvalidArgument, "seconds must be a whole number");
      }
      session_->AdvanceTo(static_cast<Instant>(seconds));
      return Ok(StatusJson());
    });
  }

  std::string RunToEnd() {
    return Mutating([&] {
      session_->RunToEnd();
      return Ok(StatusJson());
    });
  }

  // Steps until a contact enters one of the nodes (a JSON array of ids) or
  // the run ends; with max_steps > 0, at most that many steps (JavaScript's
  // batches). Result: status plus {"hit": bool, "stepped": n}.
  std::string RunToBreakpoint(const std::string& node_ids_json, int max_steps) {
    return Mutating([&] {
      JsonInputResult parsed = ParseJsonText(node_ids_json);
      std::vector<std::string> ids;
      if (parsed.ok() && parsed.value.is_array()) {
        for (const Json& id : parsed.value) {
          if (id.is_string()) ids.push_back(id.get<std::string>());
        }
      }
      if (!parsed.ok() || !parsed.value.is_array() || ids.size() != parsed.value.size()) {
        return Failure(kInvalidArgument, "node ids must be a JSON array of strings");
      }
      std::size_t before = session_->steps_taken();
      bool hit = max_steps <= 0 ? session_->RunToBreakpoint(ids)
                                : session_->RunToBreakpoint(ids, static_cast<std::size_t>(max_steps));
      Json status = StatusJson();
      status["hit"] = hit;
      status["stepped"] = session_->steps_taken() - before;
      return Ok(status);
    });
  }

  // The trace from line `from`: as a JSON array of trace objects (one JSON
  // text, parsed once by JavaScript) or as the exact JSON lines.
  std::string Trace(int from) {
    return Loaded([&] {
      // Each line is a JSON object (newlines inside strings are escaped):
      // joining them with commas is an array.
      std::string out = "{\"ok\":true,\"result\":[";
      out += session_->TraceJsonl(static_cast<std::size_t>(from < 0 ? 0 : from));
      std::size_t begin = out.find('[') + 1;
      std::replace(out.begin() + static_cast<std::ptrdiff_t>(begin), out.end(), '\n', ',');
      if (out.back() == ',') out.pop_back();
      out += "]}";
      return out;
    });
  }
  std::string TraceJsonl(int from) {
    return Loaded([&] { return Ok(session_->TraceJsonl(static_cast<std::size_t>(from < 0 ? 0 : from))); });
  }
  std::string TraceText() {
    return Loaded([&] { return Ok(session_->TraceText()); });
  }

  // The loaded fixture: its name, contact ids, and its workflow document as
  // given (also when the fixture named it by path), for drawing the graph.
  std::string Fixture() {
    return Loaded([&] {
      Json out = SummaryJson();
      out["workflow"] = session_->fixture().workflow->source;
      return Ok(out);
    });
  }

  std::string Contacts() {
    return Loaded([&] { return Ok(session_->Contacts()); });
  }
  // Every contact without its attributes and path: what the page lists
  // (id, timezone, state, node, until, waiting_for, exit_reason,
  // enrolled_at, enrollments; null fields left out), and one contact in
  // full (`selected`, attributes and path included; null when `selected_id`
  // names none): {"contacts": [...], "selected": {...}|null}.
  std::string ContactsSummary(const std::string& selected_id) {
    return Loaded([&] {
      Json all = session_->Contacts();
      Json out = Json::array();
      Json selected;
      for (Json& contact : all) {
        if (!selected_id.empty() && contact.value("id", std::string()) == selected_id) selected = contact;
        Json row = Json::object();
        for (auto& [key, value] : contact.items()) {
          if (key == "attributes" || key == "lists" || key == "consent" || key == "path" || value.is_null()) continue;
          row[key] = std::move(value);
        }
        out.push_back(std::move(row));
      }
      return Ok(Json{{"contacts", std::move(out)}, {"selected", std::move(selected)}});
    });
  }
  // One contact in full (Contacts()'s entry, attributes and path included);
  // `unknown_contact` when there is none.
  std::string Contact(const std::string& id) {
    return Loaded([&] {
      Json all = session_->Contacts();
      for (Json& contact : all) {
        if (contact.value("id", std::string()) == id) return Ok(contact);
      }
      return Failure("unknown_contact", "no contact '" + id + "' in this fixture");
    });
  }
  std::string NodeCounts() {
    return Loaded([&] { return Ok(session_->NodeCounts()); });
  }
  std::string Messages() {
    return Loaded([&] { return Ok(session_->Messages()); });
  }
  // The messages from index `from` on: {"total": n, "items": [...]}, so the
  // page reads only what was sent since it last looked.
  std::string MessagesFrom(int from) {
    return Loaded([&] {
      Json all = session_->Messages();
      std::size_t total = all.size();
      Json items = Json::array();
      for (std::size_t i = from < 0 ? 0 : static_cast<std::size_t>(from); i < total; ++i) items.push_back(std::move(all[i]));
      return Ok(Json{{"total", total}, {"items", std::move(items)}});
    });
  }

  // What the run so far never exercised (core/expect/coverage.h): the same
  // report as `flowproof run --coverage` for this one fixture.
  std::string Coverage() {
    return Loaded([&] {
      std::vector<const Session*> runs = {session_.get()};
      return Ok(flowproof::Coverage(*session_->fixture().workflow, runs, {session_->fixture().name}));
    });
  }

  // The fixture's expectations checked against the run so far (final once
  // the run is finished): {"finished", "passed", "failed", "results":
  // [`run --format json` entries]}.
  std::string Expectations() {
    return Loaded([&] {
      Json results = Json::array();
      int passed = 0;
      for (const ExpectationResult& r : CheckExpectations(session_->fixture(), *session_)) {
        if (r.passed) ++passed;
        results.push_back(ExpectationResultJson(r));
      }
      int failed = static_cast<int>(results.size()) - passed;
      return Ok(Json{{"finished", session_->finished()}, {"passed", passed}, {"failed", failed}, {"results", results}});
    });
  }

  // FORMAT.md's `render` output; the core's {"error": {code, message}}
  // becomes an error value with that code.
  std::string Render(const std::string& contact_id, const std::string& template_name) {
    return Loaded([&] {
      Json rendered = session_->Render(contact_id, template_name);
      if (rendered.is_object() && rendered.contains("error") && rendered["error"].is_object()) {
        const Json& e = rendered["error"];
        return Failure(e.value("code", std::string(kInternalError)), e.value("message", std::string()));
      }
      return Ok(rendered);
    });
  }

 private:
  template <typename Body>
  std::string Loaded(Body&& body) {
    if (!session_) return Failure(kNotLoaded, "no fixture is loaded");
    return Guard(std::forward<Body>(body));
  }
  template <typename Body>
  std::string Mutating(Body&& body) {
    if (!session_) return Failure(kNotLoaded, "no fixture is loaded");
    return Guard(std::forward<Body>(body), [this] { session_.reset(); });
  }

  Json SummaryJson() const {
    const flowproof::Fixture& fixture = session_->fixture();
    Json contacts = Json::array();
    for (const ContactDef& contact : fixture.contacts) contacts.push_back(contact.id);
    Json nodes = Json::array();
    for (const Node& node : fixture.workflow->nodes) nodes.push_back(node.id);
    Json templates = Json::array();
    for (const auto& [name, unused] : fixture.workflow->templates) templates.push_back(name);
    return {{"name", fixture.name},
            {"workflowId", fixture.workflow->id},
            {"workflowName", fixture.workflow->name},
            {"contacts", contacts},
            {"nodes", nodes},
            {"templates", templates}};
  }

  Json StatusJson() const {
    return {{"now", FormatTimestamp(session_->now())},
            {"start", FormatTimestamp(session_->start())},
            {"until", FormatTimestamp(session_->until())},
            {"nowSeconds", session_->now()},
            {"startSeconds", session_->start()},
            {"untilSeconds", session_->until()},
            {"finished", session_->finished()},
            {"steps", session_->steps_taken()},
            {"traceSize", session_->trace_size()}};
  }

  std::unique_ptr<Session> session_;
};

// Coverage of a workflow by several fixtures, each run to its end, as
// `flowproof run --coverage` reports it: `fixtures_json` is a JSON array of
// {"name", "text" (the fixture's JSON), "files" (path to text, for a workflow
// named by path)}. The workflow is the first fixture's; runs of another
// workflow id are ignored (as by the command line). A fixture with problems
// makes the whole call an `invalid_input` error, its pointers prefixed with
// its name ("signups.fixture.json: /contacts/0/id").
std::string CoverageOf(const std::string& fixtures_json) {
  return Guard([&] {
    JsonInputResult parsed = ParseJsonText(fixtures_json);
    if (!parsed.ok() || !parsed.value.is_array() || parsed.value.empty()) {
      return Failure(kInvalidArgument, "fixtures must be a non-empty JSON array of {name, text, files}");
    }
    std::vector<std::unique_ptr<Session>> sessions;
    std::vector<std::string> names;
    Json errors = Json::array();
    for (const Json& item : parsed.value) {
      if (!item.is_object() || !item.contains("text") || !item["text"].is_string()) {
        return Failure(kInvalidArgument, "each fixture is {name, text, files}");
      }
      std::string name = item.value("name", std::string("fixture"));
      auto files = std::make_shared<std::map<std::string, std::string>>();
      if (item.contains("files") && item["files"].is_object()) {
        for (const auto& [path, text] : item["files"].items()) {
          if (text.is_string()) (*files)[path] = text.get<std::string>();
        }
      }
      SessionLoadResult loaded = Session::Load(item["text"].get<std::string>(), "", MapLoader(files));
      if (!loaded.ok()) {
        for (const Problem& p : loaded.problems) {
          errors.push_back(ErrorJson(kInvalidInput, p.pointer, name + ": " + p.message, p.line, p.column));
        }
        continue;
      }
      loaded.session->RunToEnd();
      sessions.push_back(std::move(loaded.session));
      names.push_back(name);
    }
    if (!errors.empty()) return Dump(Json{{"ok", false}, {"errors", errors}});
    std::vector<const Session*> runs;
    for (const auto& session : sessions) runs.push_back(session.get());
    return Ok(Coverage(*sessions.front()->fixture().workflow, runs, names));
  });
}

// Validates a workflow document (JSON text) as `flowproof validate` does:
// {"ok", "errors", "warnings"}.
std::string ValidateWorkflow(const std::string& workflow_json) {
  return Guard([&] {
    JsonInputResult input = ParseJsonText(workflow_json);
    if (!input.ok()) {
      return Dump(Json{{"ok", false},
                       {"errors", ProblemsJson({*input.problem}, kInvalidInput)},
                       {"warnings", Json::array()}});
    }
    WorkflowParseResult parsed = ParseWorkflow(input.value);
    Problems problems = parsed.problems;
    if (parsed.ok()) {
      Problems liquid = CheckWorkflowLiquid(*parsed.workflow);
      problems.insert(problems.end(), liquid.begin(), liquid.end());
    }
    return Dump(Json{{"ok", problems.empty()},
                     {"errors", ProblemsJson(problems, kInvalidInput)},
                     {"warnings", ProblemsJson(parsed.warnings, "warning")}});
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
      .function("coverage", &WasmSession::Coverage)
      .function("expectations", &WasmSession::Expectations)
      .function("render", &WasmSession::Render);
  emscripten::function("validateWorkflow", &flowproof::wasm::ValidateWorkflow);
  emscripten::function("coverageOf", &flowproof::wasm::CoverageOf);
  emscripten::constant("version", std::string(FLOWPROOF_VERSION));
}
