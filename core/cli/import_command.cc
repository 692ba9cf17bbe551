// flowproof import --from dittofeed|klaviyo|hubspot INPUT.json [-o WORKFLOW.json] [--names NAMES.json]
// (FORMAT.md, v1.1, "flowproof import"): the workflow on stdout or in the
// -o file, every loss and problem on stderr with its pointer in the input.
#include <fstream>
#include <ostream>

#include "core/cli/cli_support.h"
#include "core/cli/commands.h"
#include "core/import/import.h"

namespace flowproof::cli {

namespace {

constexpr const char* kImportUsage =
    "usage: flowproof import --from dittofeed|klaviyo|hubspot INPUT.json [-o WORKFLOW.json] [--names NAMES.json]\n";

}  // namespace

int Import(const Args& args, std::ostream& out, std::ostream& err) {
  // "-o FILE" is spelled as FORMAT.md gives it; the shared parser knows "--out".
  Args spelled = args;
  for (std::string& arg : spelled) {
    if (arg == "-o") arg = "--out";
  }
  ParsedArgs parsed;
  if (!ParseArgs(spelled, {"from", "out", "names"}, {}, &parsed, err)) return kInvalidInput;
  const std::string* from_name = parsed.Option("from");
  if (parsed.positional.size() != 1 || from_name == nullptr) {
    err << kImportUsage;
    return kInvalidInput;
  }
  std::optional<Platform> from = ParsePlatform(*from_name);
  if (!from) {
    err << "flowproof import: --from must be dittofeed, klaviyo or hubspot, not '" << *from_name << "'\n";
    return kInvalidInput;
  }
  NamesMap names;
  if (const std::string* names_path = parsed.Option("names")) {
    std::optional<Json> doc = ReadJsonFile(*names_path, err);
    if (!doc) return kInvalidInput;
    Problems problems;
    std::optional<NamesMap> map = ParseNamesMap(*doc, &problems);
    if (!map) {
      for (const Problem& p : problems) err << *names_path << ": " << p.ToString() << "\n";
      return kInvalidInput;
    }
    names = std::move(*map);
  }
  const std::string& input = parsed.positional[0];
  std::optional<std::string> text = ReadInputFile(input, err);
  if (!text) return kInvalidInput;
  ImportResult result = ImportWorkflow(*text, *from, names);
  for (const Problem& p : result.problems) err << input << ": " << p.ToString() << "\n";
  if (!result.ok()) return kInvalidInput;
  for (const ImportLoss& loss : result.losses) err << input << ": " << loss.ToString() << "\n";
  std::string workflow = ImportedWorkflowText(result.workflow);
  if (const std::string* out_path = parsed.Option("out")) {
    std::ofstream file(*out_path, std::ios::binary | std::ios::trunc);
    file << workflow;
    file.close();
    if (!file) {
      err << *out_path << ": cannot write the file\n";
      return kInvalidInput;
    }
  } else {
    out << workflow;
  }
  return result.ExitCode();
}

}  // namespace flowproof::cli
