#include <ostream>

#include "core/cli/cli_support.h"
#include "core/model/workflow_parser.h"
#include "core/validate/liquid_check.h"

namespace flowproof::cli {

int Validate(const Args& args, std::ostream& out, std::ostream& err) {
  ParsedArgs parsed;
  if (!ParseArgs(args, {}, {}, &parsed, err)) return kInvalidInput;
  if (parsed.positional.size() != 1) {
    err << "usage: flowproof validate WORKFLOW.json\n";
    return kInvalidInput;
  }
  const std::string& path = parsed.positional[0];
  std::optional<Json> doc = ReadJsonFile(path, err);
  if (!doc) return kInvalidInput;
  WorkflowParseResult result = ParseWorkflow(*doc);
  Problems problems = result.problems;
  if (result.ok()) {
    Problems liquid = CheckWorkflowLiquid(*result.workflow);
    problems.insert(problems.end(), liquid.begin(), liquid.end());
  }
  for (const Problem& problem : problems) out << problem.ToString() << "\n";
  for (const Problem& warning : result.warnings) err << "warning: " << warning.ToString() << "\n";
  if (!problems.empty()) {
    err << path << ": " << problems.size() << (problems.size() == 1 ? " problem" : " problems") << "\n";
    return kProblems;
  }
  err << path << ": valid\n";
  return kOk;
}

}  // namespace flowproof::cli
