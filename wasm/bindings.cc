// The Embind binding of the flowproof core: registrations only. Every method
// is the core's own text API (core/api/session_api.h), which parses
// JavaScript's arguments, calls the core and wraps the result in the JSON
// envelope of core/api/envelope.h; this file adds nothing to it, so what
// JavaScript gets is what the native tests check.
//
//   import createFlowproofModule from './flowproof_wasm.js';
//   const m = await createFlowproofModule();
//   const s = new m.Session();
//   const loaded = JSON.parse(s.load(fixtureText, '{}'));  // {ok, code?, errors, warnings, status, fixture}
//   JSON.parse(s.runToEnd());                              // {ok, result: status}
//   const jsonl = JSON.parse(s.traceJsonl(0)).result;      // FORMAT.md "Trace"
//   const sent = JSON.parse(s.messagesBetween(10, 20)).result;  // {total, items}
//   s.delete();
//
// The boundary contract (mirrored in web/src/api/either/errors.js; keep both
// sides in step):
//   - Every method returns JSON text: {"ok": true, "result": ...} or
//     {"ok": false, "code": CLASS, "errors": [{"code", "pointer", "line",
//     "column", "message"}]}. `load` and `validateWorkflow` return {"ok",
//     "errors", "warnings"} (plus "code" when not ok; `load` adds "status"
//     and "fixture" when ok). A located problem carries its own code
//     (`unknown_field`, `invalid_json`, ...: README "Error codes"); CLASS is
//     one of the failure codes listed there (`invalid_input`, `not_loaded`,
//     `invalid_argument`, `internal_error`, `out_of_memory`,
//     `unknown_contact`, `unknown_template`, `render_failed`).
//   - Nothing is thrown into JavaScript: the core's API catches every C++
//     exception. (A WebAssembly trap, such as running out of stack, is not an
//     exception; web/src/api/either/engine.js catches it, drops the module
//     instance and reports `wasm_trap`.)
//   - Large payloads (fixtures, traces, contacts) cross as JSON text, so the
//     binding needs no emscripten::val.
#include <emscripten/bind.h>

#include <string>

#include "core/api/diff_api.h"
#include "core/api/docs_api.h"
#include "core/api/forecast_api.h"
#include "core/api/import_api.h"
#include "core/api/lint_api.h"
#include "core/api/session_api.h"

#ifndef FLOWPROOF_VERSION
#define FLOWPROOF_VERSION "0.0.0"
#endif

EMSCRIPTEN_BINDINGS(flowproof) {
  using flowproof::api::SessionApi;
  emscripten::class_<SessionApi>("Session")
      .constructor<>()
      .function("load", &SessionApi::Load)
      .function("unload", &SessionApi::Unload)
      .function("status", &SessionApi::Status)
      .function("step", &SessionApi::Step)
      .function("stepMany", &SessionApi::StepMany)
      .function("advanceBy", &SessionApi::AdvanceBy)
      .function("targetOf", &SessionApi::TargetOf)
      .function("advanceTo", &SessionApi::AdvanceTo)
      .function("advanceToSeconds", &SessionApi::AdvanceToSeconds)
      .function("runToEnd", &SessionApi::RunToEnd)
      .function("runToBreakpoint", &SessionApi::RunToBreakpoint)
      .function("trace", &SessionApi::Trace)
      .function("traceJsonl", &SessionApi::TraceJsonl)
      .function("traceText", &SessionApi::TraceText)
      .function("fixture", &SessionApi::Fixture)
      .function("contacts", &SessionApi::Contacts)
      .function("nodeCounts", &SessionApi::NodeCounts)
      .function("contactsSummary", &SessionApi::ContactsSummary)
      .function("contact", &SessionApi::Contact)
      .function("messages", &SessionApi::Messages)
      .function("messagesFrom", &SessionApi::MessagesFrom)
      .function("messagesBetween", &SessionApi::MessagesBetween)
      .function("coverage", &SessionApi::Coverage)
      .function("expectations", &SessionApi::Expectations)
      .function("render", &SessionApi::Render);
  emscripten::class_<flowproof::api::ForecastApi>("Forecast")  // core/api/forecast_api.h
      .constructor<>()
      .function("start", &flowproof::api::ForecastApi::Start)
      .function("advance", &flowproof::api::ForecastApi::Advance)
      .function("result", &flowproof::api::ForecastApi::Result)
      .function("cancel", &flowproof::api::ForecastApi::Cancel);
  emscripten::function("forecast", &flowproof::api::Forecast);
  emscripten::function("forecastFormat", &flowproof::api::ForecastFormat);
  emscripten::function("docs", &flowproof::api::Docs);  // core/api/docs_api.h
  emscripten::function("diff", &flowproof::api::Diff);  // core/api/diff_api.h
  emscripten::function("lint", &flowproof::api::Lint);  // core/api/lint_api.h
  emscripten::function("importWorkflow", &flowproof::api::ImportWorkflow);  // core/api/import_api.h
  emscripten::function("validateWorkflow", &flowproof::api::ValidateWorkflow);
  emscripten::function("coverageOf", &flowproof::api::CoverageOf);
  emscripten::constant("version", std::string(FLOWPROOF_VERSION));
}
