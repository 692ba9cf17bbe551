#include <ostream>

#include "core/cli/cli_support.h"
#include "core/json/json_input.h"
#include "core/liquid/liquid.h"
#include "core/model/json_checker.h"

namespace flowproof::cli {

int Liquid(const Args& args, std::ostream& out, std::ostream& err) {
  ParsedArgs parsed;
  if (!ParseArgs(args, {"partials"}, {"strict"}, &parsed, err)) return kInvalidInput;
  if (parsed.positional.size() != 2) {
    err << "usage: flowproof liquid TEMPLATE.liquid DATA.json [--partials PARTIALS.json] [--strict]\n";
    return kInvalidInput;
  }
  const std::string& template_path = parsed.positional[0];
  std::optional<std::string> source = ReadInputFile(template_path, err);
  if (!source) return kInvalidInput;
  // DATA keeps its key order: Shopify iterates a hash in the order it was
  // written. The text is checked (limits, located errors) before the
  // order-keeping parse.
  const std::string& data_path = parsed.positional[1];
  std::optional<std::string> data_text = ReadInputFile(data_path, err);
  if (!data_text) return kInvalidInput;
  JsonInputResult checked = ParseJsonText(*data_text);
  if (!checked.ok()) {
    err << data_path << ": " << checked.problem->ToString() << "\n";
    return kInvalidInput;
  }
  nlohmann::ordered_json data = nlohmann::ordered_json::parse(*data_text);
  Json partial_sources = Json::object();
  if (const std::string* partials = parsed.Option("partials")) {
    std::optional<Json> loaded = ReadJsonFile(*partials, err);
    if (!loaded) return kInvalidInput;
    if (!loaded->is_object()) {
      err << *partials << ": /: expected an object of partial name to Liquid source\n";
      return kInvalidInput;
    }
    // A partial that is not text would otherwise be reported as not found.
    bool sources = true;
    for (auto it = loaded->begin(); it != loaded->end(); ++it) {
      if (it->is_string()) continue;
      err << *partials << ": " << Problem{.pointer = "/" + PointerToken(it.key()), .message = "a partial must be a string of Liquid source", .code = problem_code::kWrongType}.ToString()
          << "\n";
      sources = false;
    }
    if (!sources) return kInvalidInput;
    partial_sources = std::move(*loaded);
  }
  liquid::ParseOptions parse_options;
  parse_options.strict = parsed.Flag("strict");
  liquid::ParseResult tmpl = liquid::Parse(*source, template_path, parse_options);
  if (!tmpl.ok()) {
    err << tmpl.error->ToString() << "\n";
    return kInvalidInput;
  }
  liquid::MapPartialLoader loader(std::move(partial_sources));
  liquid::RenderOptions options;
  options.strict = parsed.Flag("strict");
  liquid::RenderResult result = liquid::RenderOrdered(*tmpl.tmpl, data, &loader, options);
  if (!result.ok()) {
    err << result.error->ToString() << "\n";
    return kInvalidInput;
  }
  for (const liquid::Warning& warning : result.warnings) {
    err << "warning: " << warning.template_name << ":" << warning.line << ":" << warning.column << ": "
        << warning.message << "\n";
  }
  out << result.output;
  return kOk;
}

}  // namespace flowproof::cli
