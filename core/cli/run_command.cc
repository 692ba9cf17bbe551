#include <ostream>

#include "core/cli/cli_support.h"
#include "core/cli/run_report.h"

namespace flowproof::cli {

int Run(const Args& args, std::ostream& out, std::ostream& err) {
  ParsedArgs parsed;
  if (!ParseArgs(args, {"format"}, {"coverage"}, &parsed, err)) return kInvalidInput;
  if (parsed.positional.empty()) {
    err << "usage: flowproof run FIXTURE.json|DIR... [--format text|json|junit] [--coverage]\n";
    return kInvalidInput;
  }
  RunOptions options;
  if (const std::string* format = parsed.Option("format")) {
    if (*format == "text") options.format = RunOptions::Format::kText;
    else if (*format == "json") options.format = RunOptions::Format::kJson;
    else if (*format == "junit") options.format = RunOptions::Format::kJunit;
    else {
      err << "flowproof: --format must be text, json or junit\n";
      return kInvalidInput;
    }
  }
  options.coverage = parsed.Flag("coverage");
  return RunFixtures(parsed.positional, options, out, err);
}

}  // namespace flowproof::cli
