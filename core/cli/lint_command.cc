// `flowproof lint WORKFLOW.json|FIXTURE.json [--format text|json|sarif]`
// (FORMAT.md v1.1): findings on stdout; exit 0 without errors or warnings,
// 1 with any, 2 on invalid input (its problems on stderr, as validate
// prints them).
#include <ostream>

#include "core/base/json_dump.h"
#include "core/cli/cli_support.h"
#include "core/cli/commands.h"
#include "core/lint/lint_document.h"
#include "core/lint/lint_output.h"

namespace flowproof::cli {

int Lint(const Args& args, std::ostream& out, std::ostream& err) {
  ParsedArgs parsed;
  if (!ParseArgs(args, {"format"}, {"no-ignore"}, &parsed, err)) return kInvalidInput;
  const char* usage = "usage: flowproof lint WORKFLOW.json|FIXTURE.json [--format text|json|sarif] [--no-ignore]\n";
  if (parsed.positional.size() != 1) {
    err << usage;
    return kInvalidInput;
  }
  const std::string* format_option = parsed.Option("format");
  std::string format = format_option != nullptr ? *format_option : "text";
  if (format != "text" && format != "json" && format != "sarif") {
    err << "flowproof: --format must be text, json or sarif\n";
    return kInvalidInput;
  }
  const std::string& path = parsed.positional[0];
  std::optional<std::string> text = ReadInputFile(path, err);
  if (!text) return kInvalidInput;
  DocumentOptions document = DiskDocumentOptions(path, DocumentKind::kDetect);
  lint::LintOptions options;
  options.apply_ignores = !parsed.Flag("no-ignore");
  lint::LintDocumentResult result = lint::LintDocumentText(*text, document, options);
  if (!result.ok()) {
    for (const Problem& problem : result.problems) err << path << ": " << problem.ToString() << "\n";
    err << path << ": invalid, not linted\n";
    return kInvalidInput;
  }
  if (format == "json") {
    out << DumpJson(lint::FindingsToJson(result.findings)) << "\n";
  } else if (format == "sarif") {
    out << lint::FindingsToSarif(result.findings, path).dump(2) << "\n";
  } else {
    for (const lint::LintFinding& f : result.findings) out << lint::FormatFindingText(f) << "\n";
    err << path << ": " << result.findings.size() << (result.findings.size() == 1 ? " finding" : " findings") << "\n";
  }
  return lint::HasErrorsOrWarnings(result.findings) ? kProblems : kOk;
}

}  // namespace flowproof::cli
