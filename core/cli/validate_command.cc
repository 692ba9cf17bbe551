#include <ostream>

#include "core/cli/cli_support.h"
#include "core/validate/validate_document.h"

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
  // A fixture gets the checks simulate and run make before they run it (its
  // workflow at /workflow/...), rather than a list of its fields that a
  // workflow does not have.
  DocumentCheck check = ValidateDocument(*doc, DiskDocumentOptions(path, DocumentKind::kDetect));
  return Report(path, check.problems, check.warnings, out, err);
}

}  // namespace flowproof::cli
