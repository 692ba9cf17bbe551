#include "core/cli/run_report.h"

#include <map>
#include <memory>
#include <ostream>

#include "core/cli/disk_files.h"
#include "core/cli/fixture_files.h"
#include "core/expect/coverage.h"
#include "core/expect/coverage_of_fixtures.h"
#include "core/expect/expectations.h"
#include "core/expect/portfolio_report.h"
#include "core/expect/variants.h"
#include "core/expect/xml_escape.h"
#include "core/json/json_input.h"
#include "core/sim/session.h"
#include "core/time/timestamp.h"

namespace flowproof {
namespace {

// One fixture file's run.
struct FixtureRun {
  std::string path;
  std::string name;         // the fixture's name, or its path when it has none
  std::string workflow_id;  // "" when it did not load
  Problems problems;        // non-empty: invalid input, not run
  Problems warnings;
  std::unique_ptr<Session> session;
  std::vector<ExpectationResult> results;
  Json variants = Json::array();
  Json portfolio;  // v1.1: core/expect/portfolio_report.h, null for one workflow

  bool invalid() const { return !problems.empty(); }
  int failed() const {
    int n = 0;
    for (const ExpectationResult& r : results) n += r.passed ? 0 : 1;
    return n;
  }
  int passed() const { return static_cast<int>(results.size()) - failed(); }
  const char* status() const { return invalid() ? "invalid" : failed() > 0 ? "failed" : "passed"; }
};

std::string Stem(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  for (const char* suffix : {".fixture.json", ".json"}) {
    std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      return name.substr(0, name.size() - s.size());
    }
  }
  return name;
}

// Runs to the end, or stops (false) once the trace is longer than
// `max_lines`: Session::RunToEnd with a bound.
bool RunBounded(Session& session, std::size_t max_lines) {
  while (session.Step()) {
    if (session.trace_size() > max_lines) return false;
  }
  session.AdvanceTo(session.until());
  return true;
}

FixtureRun RunOne(const FoundFixture& found, const RunOptions& options) {
  FixtureRun run;
  run.path = found.path;
  run.name = found.path;
  try {
    SessionLoadResult loaded = Session::Load(found.text, DirectoryOf(found.path), DiskFileLoader());
    run.warnings = loaded.warnings;
    if (!loaded.ok()) {
      run.problems = loaded.problems;
      if (run.problems.empty()) {
        run.problems.push_back({.pointer = "", .message = "the fixture could not be loaded", .code = problem_code::kInternalError});
      }
      return run;
    }
    run.session = std::move(loaded.session);
    const Fixture& fixture = run.session->fixture();
    if (!fixture.name.empty()) run.name = fixture.name;
    run.workflow_id = fixture.workflow ? fixture.workflow->id : "";
    if (!RunBounded(*run.session, options.max_trace_lines)) {
      run.problems = {{.pointer = "/clock/until",
                       .message = "the run made more than " + std::to_string(options.max_trace_lines) + " trace lines by " +
                                  FormatTimestamp(run.session->now()) + "; shorten the clock, or give loops longer waits",
                       .code = problem_code::kTooLarge}};
      run.session.reset();
      return run;
    }
    run.results = CheckExpectations(fixture, *run.session);
    run.variants = Variants(*run.session);
    run.portfolio = PortfolioReport(*run.session);
  } catch (const std::exception& error) {
    run.session.reset();
    run.results.clear();
    run.problems = {{.pointer = "", .message = std::string("the fixture could not be run: ") + error.what(),
                     .code = problem_code::kInternalError}};
  }
  return run;
}

Json ProblemJson(const Problem& problem) {
  Json out = {{"pointer", problem.pointer}, {"message", problem.message}};
  if (problem.line > 0) {
    out["line"] = problem.line;
    out["column"] = problem.column;
  }
  return out;
}

// Coverage per workflow id, in the order workflows first appear.
Json CoverageReports(const std::vector<FixtureRun>& runs) {
  std::vector<CoverageRun> named;
  for (const FixtureRun& run : runs) named.push_back({run.path, run.session.get()});
  return CoverageByWorkflow(named);
}

std::string Indent(const std::string& text, const std::string& prefix) {
  std::string out;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    out += prefix + text.substr(begin, end - begin) + "\n";
    begin = end + 1;
  }
  return out;
}

// ---- text ----------------------------------------------------------------------

void WriteText(const std::vector<FixtureRun>& runs, const std::vector<std::pair<std::string, std::string>>& errors,
               const Json* coverage, int passed, int failed, std::ostream& out) {
  for (const auto& [path, message] : errors) out << path << "\n  \xE2\x9C\x97 invalid input: " << message << "\n\n";
  for (const FixtureRun& run : runs) {
    out << run.path;
    if (run.name != run.path) out << ": " << run.name;
    out << "\n";
    if (run.invalid()) {
      for (const Problem& problem : run.problems) out << "  \xE2\x9C\x97 invalid input: " << problem.ToString() << "\n";
      out << "\n";
      continue;
    }
    const Fixture& fixture = run.session->fixture();
    if (fixture.is_portfolio()) {
      out << "  workflows";
      for (std::size_t i = 0; i < fixture.workflows.size(); ++i) out << (i ? ", " : " ") << fixture.workflows[i]->id;
    } else {
      out << "  workflow " << run.workflow_id;
    }
    out << ", " << fixture.contacts.size() << " contact(s), "
        << FormatTimestamp(fixture.start) << " to " << FormatTimestamp(fixture.until) << "\n";
    for (const Problem& warning : run.warnings) out << "  ! warning: " << warning.ToString() << "\n";
    if (run.results.empty()) out << "  (no expectations)\n";
    for (const ExpectationResult& result : run.results) {
      out << "  " << (result.passed ? "\xE2\x9C\x93 " : "\xE2\x9C\x97 ") << result.description << "\n";
      if (result.passed) continue;
      out << "      expected:    " << result.expected << "\n";
      out << "      trace shows: " << result.actual << "\n";
      if (!result.divergence.empty()) out << "      diverged:    " << result.divergence << "\n";
      if (result.expectation != nullptr) out << "      path of " << result.expectation->contact << ":\n";
      for (const std::string& step : result.path) out << "        " << step << "\n";
    }
    if (!run.variants.empty()) out << Indent(VariantsText(run.variants), "  ");
    if (!run.portfolio.is_null()) out << PortfolioReportText(run.portfolio);
    out << "\n";
  }
  if (coverage != nullptr) {
    for (const Json& report : *coverage) out << CoverageText(report) << "\n";
  }
  int invalid = static_cast<int>(errors.size());
  for (const FixtureRun& run : runs) invalid += run.invalid() ? 1 : 0;
  if (runs.empty() && errors.empty()) out << "no fixtures found\n";
  if (invalid > 0) out << invalid << " fixture(s) could not be run (invalid input)\n";
  out << passed << " passed, " << failed << " failed\n";
}

// ---- JSON -------------------------------------------------------------------------

void WriteJson(const std::vector<FixtureRun>& runs, const std::vector<std::pair<std::string, std::string>>& errors,
               const Json* coverage, int passed, int failed, int status, std::ostream& out) {
  Json fixtures = Json::array();
  int invalid = 0;
  for (const auto& [path, message] : errors) {
    ++invalid;
    fixtures.push_back({{"path", path},
                        {"name", path},
                        {"workflow", nullptr},
                        {"status", "invalid"},
                        {"problems", Json::array({{{"pointer", ""}, {"message", message}}})},
                        {"warnings", Json::array()},
                        {"passed", 0},
                        {"failed", 0},
                        {"expectations", Json::array()},
                        {"variants", Json::array()}});
  }
  for (const FixtureRun& run : runs) {
    invalid += run.invalid() ? 1 : 0;
    Json problems = Json::array(), warnings = Json::array(), expectations = Json::array();
    for (const Problem& p : run.problems) problems.push_back(ProblemJson(p));
    for (const Problem& p : run.warnings) warnings.push_back(ProblemJson(p));
    for (const ExpectationResult& r : run.results) expectations.push_back(ExpectationResultJson(r));
    fixtures.push_back({{"path", run.path},
                        {"name", run.name},
                        {"workflow", run.workflow_id.empty() ? Json() : Json(run.workflow_id)},
                        {"status", run.status()},
                        {"problems", std::move(problems)},
                        {"warnings", std::move(warnings)},
                        {"passed", run.passed()},
                        {"failed", run.failed()},
                        {"expectations", std::move(expectations)},
                        {"variants", run.variants}});
    if (!run.portfolio.is_null()) {  // v1.1 portfolio
      Json ids = Json::array();
      for (const auto& workflow : run.session->fixture().workflows) ids.push_back(workflow->id);
      fixtures.back()["workflows"] = std::move(ids);
      fixtures.back()["portfolio"] = run.portfolio;
    }
  }
  Json report = {{"format", "flowproof.run/1"},
                 {"status", status},
                 {"summary", {{"passed", passed}, {"failed", failed}, {"invalid", invalid}, {"fixtures", fixtures.size()}}},
                 {"fixtures", std::move(fixtures)}};
  if (coverage != nullptr) report["coverage"] = *coverage;
  out << report.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

// ---- JUnit ---------------------------------------------------------------------------

std::string Attr(const std::string& text) {
  std::string out = "\"";
  out += XmlEscape(text, true);
  out += '"';
  return out;
}

std::string ClassName(const FixtureRun& run) {
  std::string stem = Stem(run.path);
  for (char& c : stem) {
    if (c == '.') c = '_';
  }
  std::string workflow = run.workflow_id.empty() ? "invalid" : run.workflow_id;
  for (char& c : workflow) {
    if (c == '.') c = '_';
  }
  return "flowproof." + workflow + "." + stem;
}

void WriteJunit(const std::vector<FixtureRun>& runs, const std::vector<std::pair<std::string, std::string>>& errors,
                const Json* coverage, int passed, int failed, std::ostream& out) {
  int invalid = static_cast<int>(errors.size());
  for (const FixtureRun& run : runs) invalid += run.invalid() ? 1 : 0;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"flowproof\" tests=\"" << (passed + failed + invalid) << "\" failures=\"" << failed
      << "\" errors=\"" << invalid << "\" time=\"0\">\n";
  for (const auto& [path, message] : errors) {
    out << "  <testsuite name=" << Attr(path) << " tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0\">\n";
    out << "    <testcase name=\"load fixture\" classname=" << Attr("flowproof.invalid." + Stem(path)) << " time=\"0\">\n";
    out << "      <error type=\"invalid_input\" message=" << Attr(message) << ">" << XmlEscape(path + ": " + message)
        << "</error>\n";
    out << "    </testcase>\n  </testsuite>\n";
  }
  for (const FixtureRun& run : runs) {
    int tests = run.invalid() ? 1 : static_cast<int>(run.results.size());
    out << "  <testsuite name=" << Attr(run.name) << " tests=\"" << tests << "\" failures=\"" << run.failed()
        << "\" errors=\"" << (run.invalid() ? 1 : 0) << "\" skipped=\"0\" time=\"0\">\n";
    out << "    <properties>\n";
    out << "      <property name=\"path\" value=" << Attr(run.path) << "/>\n";
    if (!run.workflow_id.empty()) out << "      <property name=\"workflow\" value=" << Attr(run.workflow_id) << "/>\n";
    out << "    </properties>\n";
    std::string classname = Attr(ClassName(run));
    if (run.invalid()) {
      std::string body;
      for (const Problem& problem : run.problems) body += run.path + ": " + problem.ToString() + "\n";
      out << "    <testcase name=\"load fixture\" classname=" << classname << " time=\"0\">\n";
      out << "      <error type=\"invalid_input\" message=" << Attr(run.problems.front().ToString()) << ">"
          << XmlEscape(body) << "</error>\n";
      out << "    </testcase>\n";
    }
    for (const ExpectationResult& result : run.results) {
      std::string name = result.description;
      if (result.expectation != nullptr) name += " [" + result.expectation->pointer + "]";
      out << "    <testcase name=" << Attr(name) << " classname=" << classname << " time=\"0\"";
      if (result.passed) {
        out << "/>\n";
        continue;
      }
      std::string body = "expected:    " + result.expected + "\ntrace shows: " + result.actual + "\n";
      if (!result.divergence.empty()) body += "diverged:    " + result.divergence + "\n";
      if (result.expectation != nullptr) body += "path of " + result.expectation->contact + ":\n";
      for (const std::string& step : result.path) body += "  " + step + "\n";
      out << ">\n      <failure type=\"expectation\" message=" << Attr(result.actual) << ">" << XmlEscape(body)
          << "</failure>\n    </testcase>\n";
    }
    std::string system_out = run.variants.empty() ? "" : VariantsText(run.variants);
    if (!run.portfolio.is_null()) system_out += PortfolioReportText(run.portfolio);
    if (!system_out.empty()) out << "    <system-out>" << XmlEscape(system_out) << "</system-out>\n";
    out << "  </testsuite>\n";
  }
  if (coverage != nullptr) {
    for (const Json& report : *coverage) {
      out << "  <testsuite name=" << Attr("coverage: " + report.value("workflow", std::string()))
          << " tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0\">\n";
      out << "    <properties>\n      <property name=\"percent\" value=\"" << report.value("percent", 0) << "\"/>\n"
          << "    </properties>\n";
      out << "    <system-out>" << XmlEscape(CoverageText(report)) << "</system-out>\n  </testsuite>\n";
    }
  }
  out << "</testsuites>\n";
}

}  // namespace

int RunFixtures(const std::vector<std::string>& paths, const RunOptions& options, std::ostream& out,
                std::ostream& err) {
  FixtureSearch found = FindFixtures(paths, kMaxFolderDepth);
  std::vector<FixtureRun> runs;
  runs.reserve(found.fixtures.size());
  for (const FoundFixture& fixture : found.fixtures) runs.push_back(RunOne(fixture, options));

  for (const auto& [path, message] : found.errors) err << path << ": " << message << "\n";
  if (found.fixtures.empty() && found.errors.empty()) err << "flowproof: no fixtures found\n";
  int passed = 0, failed = 0;
  bool invalid = !found.errors.empty() || found.fixtures.empty();
  for (const FixtureRun& run : runs) {
    for (const Problem& problem : run.problems) err << run.path << ": " << problem.ToString() << "\n";
    invalid = invalid || run.invalid();
    passed += run.passed();
    failed += run.failed();
  }
  int status = invalid ? kRunInvalidInput : failed > 0 ? kRunExpectationFailed : kRunAllPassed;

  Json coverage;
  if (options.coverage) {
    try {
      coverage = CoverageReports(runs);
    } catch (const std::exception& error) {
      // A bug of ours: said as one, never as "nothing was covered".
      err << "flowproof: internal error while measuring coverage (a bug in flowproof): " << error.what() << "\n";
      return kRunInvalidInput;
    }
  }
  const Json* coverage_ptr = options.coverage ? &coverage : nullptr;
  switch (options.format) {
    case RunOptions::Format::kText: WriteText(runs, found.errors, coverage_ptr, passed, failed, out); break;
    case RunOptions::Format::kJson: WriteJson(runs, found.errors, coverage_ptr, passed, failed, status, out); break;
    case RunOptions::Format::kJunit: WriteJunit(runs, found.errors, coverage_ptr, passed, failed, out); break;
  }
  return status;
}

}  // namespace flowproof
