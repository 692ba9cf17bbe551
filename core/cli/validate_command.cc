#include <ostream>

#include "core/cli/cli_support.h"
#include "core/model/workflow_parser.h"
#include "core/validate/liquid_check.h"

namespace flowproof::cli {
namespace {

// Prints problems (stdout) and warnings (stderr) the way validate does and
// returns its exit status.
int Report(const std::string& path, const Problems& problems, const Problems& warnings, std::ostream& out,
           std::ostream& err) {
  for (const Problem& problem : problems) out << problem.ToString() << "\n";
  for (const Problem& warning : warnings) err << "warning: " << warning.ToString() << "\n";
  if (!problems.empty()) {
    err << path << ": " << problems.size() << (problems.size() == 1 ? " problem" : " problems") << "\n";
    return kProblems;
  }
  err << path << ": valid\n";
  return kOk;
}

// A fixture given to validate gets the checks simulate and run make before
// they run it (its workflow at /workflow/...), rather than a list of its
// fields that a workflow does not have.
int ValidateFixture(const std::string& path, const Json& doc, std::ostream& out, std::ostream& err) {
  SessionLoadResult loaded = Session::LoadDocument(doc, DirectoryOf(path), DiskFileLoader());
  return Report(path, loaded.problems, loaded.warnings, out, err);
}

}  // namespace

int Validate(const Args& args, std::ostream& out, std::ostream& err) {
  ParsedArgs parsed;
  if (!ParseArgs(args, {}, {}, &parsed, err)) return kInvalidInput;
  if (parsed.positional.size() != 1) {
    err << "usage: flowproof validate WORKFLOW.json (or FIXTURE.json)\n";
    return kInvalidInput;
  }
  const std::string& path = parsed.positional[0];
  std::optional<Json> doc = ReadJsonFile(path, err);
  if (!doc) return kInvalidInput;
  auto format = doc->is_object() ? doc->find("format") : doc->end();
  if (doc->is_object() && format != doc->end() && *format == "flowproof.fixture/1") return ValidateFixture(path, *doc, out, err);
  WorkflowParseResult result = ParseWorkflow(*doc);
  Problems problems = result.problems;
  if (result.ok()) {
    Problems liquid = CheckWorkflowLiquid(*result.workflow);
    problems.insert(problems.end(), liquid.begin(), liquid.end());
  }
  return Report(path, problems, result.warnings, out, err);
}

}  // namespace flowproof::cli
