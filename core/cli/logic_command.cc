#include <ostream>

#include "core/cli/cli_support.h"
#include "core/logic/rule.h"
#include "core/sim/trace.h"

namespace flowproof::cli {

int Logic(const Args& args, std::ostream& out, std::ostream& err) {
  ParsedArgs parsed;
  if (!ParseArgs(args, {}, {}, &parsed, err)) return kInvalidInput;
  if (parsed.positional.size() != 2) {
    err << "usage: flowproof logic RULE.json DATA.json\n";
    return kInvalidInput;
  }
  std::optional<Json> rule = ReadJsonFile(parsed.positional[0], err);
  if (!rule) return kInvalidInput;
  std::optional<Json> data = ReadJsonFile(parsed.positional[1], err);
  if (!data) return kInvalidInput;
  logic::CompileResult compiled = logic::Compile(*rule);
  if (!compiled.ok()) {
    for (const Problem& problem : compiled.problems) err << parsed.positional[0] << ": " << problem.ToString() << "\n";
    return kInvalidInput;
  }
  logic::JsonHost host(*data);
  logic::EvalOptions options;
  options.host = &host;
  std::string error;
  options.error = &error;
  Json result = logic::Evaluate(*compiled.rule, *data, options);
  if (!error.empty()) {
    err << parsed.positional[0] << ": " << error << "\n";
    return kInvalidInput;
  }
  out << DumpJson(result) << "\n";
  return kOk;
}

}  // namespace flowproof::cli
