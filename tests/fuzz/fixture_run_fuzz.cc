// Fuzzes what `flowproof simulate` does with a fixture file: Session::Load
// (JSON input, fixture and workflow parsing and validation, condition and
// template compilation) with a file loader that refuses every path, then a
// run to the end, then what the page and `flowproof run` read from the
// session (contacts, counts, messages, previews, expectations, coverage).
//
// Work per input is bounded so that one input cannot take seconds: at most
// kMaxContacts contacts and kMaxScript script entries (inputs with more are
// skipped), and the run stops after kMaxSteps steps or kMaxTraceLines lines.
// Checked: no crash, problems that can be printed, trace lines that are
// JSON objects, and the same trace when the run is repeated with the lines
// streamed as `simulate` streams them.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/json_dump.h"
#include "core/expect/coverage.h"
#include "core/expect/expectations.h"
#include "core/json/json_input.h"
#include "core/sim/session.h"
#include "core/sim/trace.h"
#include "tests/fuzz/fuzz_support.h"

namespace flowproof {
namespace {

constexpr std::size_t kMaxContacts = 8;
constexpr std::size_t kMaxScript = 64;
constexpr std::size_t kMaxSteps = 400;
constexpr std::size_t kMaxTraceLines = 4000;

std::size_t SizeOf(const Json& doc, const char* field) {
  const Json* value = doc.is_object() && doc.contains(field) ? &doc[field] : nullptr;
  return value != nullptr && (value->is_array() || value->is_object()) ? value->size() : 0;
}

// Fixtures name their workflow by path; a fuzzed one must not read files.
std::optional<std::string> RefuseEveryPath(const std::string& path, std::string* error) {
  if (error != nullptr) *error = "the fuzzer reads no files";
  return std::nullopt;
}

// Steps the session within the budget. Returns whether it reached the end.
bool RunBounded(Session& session, const std::function<std::size_t()>& lines) {
  std::size_t steps = 0;
  while (steps < kMaxSteps && lines() < kMaxTraceLines) {
    if (!session.Step()) return true;
    ++steps;
  }
  return session.finished();
}

}  // namespace
}  // namespace flowproof

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace flowproof;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  JsonInputResult doc = ParseJsonText(text);
  if (doc.ok() && (SizeOf(doc.value, "contacts") > kMaxContacts || SizeOf(doc.value, "script") > kMaxScript)) return 0;

  SessionLoadResult loaded = Session::Load(text, "", RefuseEveryPath);
  for (const Problem& problem : loaded.problems) fuzz::RequireGoodProblem(problem, "Session::Load problem");
  for (const Problem& problem : loaded.warnings) fuzz::RequireGoodProblem(problem, "Session::Load warning");
  fuzz::Require(loaded.ok() == loaded.problems.empty(), "a session beside problems, or neither");
  if (!loaded.ok()) return 0;
  Session& session = *loaded.session;
  bool finished = RunBounded(session, [&session] { return session.trace_size(); });
  std::string trace = session.TraceJsonl();

  // Every line is one JSON object with a time, a contact and a kind.
  std::size_t start = 0;
  while (start < trace.size()) {
    std::size_t end = trace.find('\n', start);
    fuzz::Require(end != std::string::npos, "a trace line without its newline");
    JsonInputResult line = ParseJsonText(std::string_view(trace).substr(start, end - start));
    fuzz::Require(line.ok() && line.value.is_object() && line.value.contains("t") && line.value.contains("kind"),
                  "a trace line that is not a trace object", trace.substr(start, end - start));
    start = end + 1;
  }

  // What the page and `run` read afterwards.
  // DumpJson, as the binding prints them: values may hold text cut in the
  // middle of a character by a template, which dump() would refuse.
  (void)DumpJson(session.Contacts());
  (void)DumpJson(session.NodeCounts());
  (void)DumpJson(session.Messages());
  (void)session.TraceText();
  const Fixture& fixture = session.fixture();
  if (!fixture.contacts.empty() && fixture.workflow != nullptr) {
    std::size_t previews = 0;
    for (const auto& [name, message] : fixture.workflow->templates) {
      if (++previews > 4) break;
      (void)DumpJson(session.Render(fixture.contacts.front().id, name).message);
    }
  }
  if (finished) {
    for (const ExpectationResult& result : CheckExpectations(fixture, session)) {
      (void)DumpJson(ExpectationResultJson(result));
    }
    if (fixture.workflow != nullptr) (void)CoverageText(Coverage(*fixture.workflow, {&session}));
  }

  // The same run streamed, as `flowproof simulate` prints it, gives the
  // same lines: the simulation is deterministic.
  std::string streamed;
  std::size_t streamed_lines = 0;
  SessionOptions options;
  options.keep_messages = false;
  options.on_trace_line = [&](const TraceLine& line) {
    streamed += line.ToJson();
    streamed += '\n';
    ++streamed_lines;
  };
  SessionLoadResult again = Session::Load(text, "", RefuseEveryPath, options);
  fuzz::Require(again.ok(), "a fixture that loaded once does not load again");
  std::size_t lines_before = session.trace_size();
  RunBounded(*again.session, [&streamed_lines] { return streamed_lines; });
  fuzz::Require(streamed_lines == lines_before && streamed == trace, "the same fixture gave another trace",
                trace.substr(0, 2000) + "\n---\n" + streamed.substr(0, 2000));
  return 0;
}
