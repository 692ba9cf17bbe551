#include <ostream>

#include "core/cli/cli_support.h"
#include "core/liquid/liquid.h"

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
  std::optional<Json> data = ReadJsonFile(parsed.positional[1], err);
  if (!data) return kInvalidInput;
  Json partial_sources = Json::object();
  if (const std::string* partials = parsed.Option("partials")) {
    std::optional<Json> loaded = ReadJsonFile(*partials, err);
    if (!loaded) return kInvalidInput;
    if (!loaded->is_object()) {
      err << *partials << ": expected an object of partial name to Liquid source\n";
      return kInvalidInput;
    }
    partial_sources = std::move(*loaded);
  }
  liquid::ParseResult tmpl = liquid::Parse(*source, template_path);
  if (!tmpl.ok()) {
    err << tmpl.error->ToString() << "\n";
    return kInvalidInput;
  }
  liquid::MapPartialLoader loader(std::move(partial_sources));
  liquid::RenderOptions options;
  options.strict = parsed.Flag("strict");
  liquid::RenderResult result = liquid::Render(*tmpl.tmpl, *data, &loader, options);
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
