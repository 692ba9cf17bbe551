// Fuzzes Liquid (core/liquid/liquid.h) as `flowproof liquid` and message
// rendering use it: the input is a template, a NUL byte, a JSON object of
// partials (name -> source, for render and include), a NUL byte, and the
// data as JSON. The template is parsed in lax and strict mode and rendered
// with the data both as flowproof's Json (sorted keys, as the simulator
// renders) and in document order (as the command does), with the date
// filter's clock and a zone with DST. Checked: no crash or hang within the
// step limit, errors and warnings that can be printed, output within its
// limit, the same output twice.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json/json_input.h"
#include "core/liquid/liquid.h"
#include "core/time/zone.h"
#include "tests/fuzz/fuzz_support.h"

namespace flowproof {
namespace {

// Whether the sources are UTF-8 (as they are when they come from JSON): only
// then must messages, which quote them, be UTF-8 too.
bool utf8_sources = true;

void RequireGoodError(const liquid::Error& error, const char* where) {
  fuzz::Require(!error.message.empty(), where, "an error without a message");
  if (utf8_sources) {
    fuzz::Require(fuzz::IsValidUtf8(error.message), where, "an error message that is not UTF-8: " + error.message);
  }
  fuzz::Require(error.line >= 0 && error.column >= 0, where, error.ToString());
}

void RequireGoodResult(const liquid::RenderResult& result, const liquid::RenderOptions& options) {
  if (result.error) RequireGoodError(*result.error, "liquid::Render");
  for (const liquid::Warning& warning : result.warnings) {
    if (utf8_sources) fuzz::Require(fuzz::IsValidUtf8(warning.message), "a warning that is not UTF-8", warning.message);
  }
  fuzz::Require(result.output.size() <= options.max_output_bytes + 4096, "output over its limit");
}

}  // namespace
}  // namespace flowproof

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace flowproof;
  std::vector<std::string_view> parts = fuzz::Split(data, size, 3);
  Json partials = Json::object();
  if (!parts[1].empty()) {
    JsonInputResult parsed = ParseJsonText(parts[1]);
    if (parsed.ok() && parsed.value.is_object()) partials = std::move(parsed.value);
  }
  Json values = Json::object();
  nlohmann::ordered_json ordered = nlohmann::ordered_json::object();
  if (!parts[2].empty()) {
    JsonInputResult parsed = ParseJsonText(parts[2]);
    if (!parsed.ok()) return 0;
    values = std::move(parsed.value);
    // As the command does: checked first, then read again keeping key order.
    ordered = nlohmann::ordered_json::parse(parts[2]);
  }

  utf8_sources = fuzz::IsValidUtf8(parts[0]);  // partials and data come from JSON: UTF-8
  liquid::ParseOptions strict;
  strict.strict = true;
  liquid::ParseResult strict_parse = liquid::Parse(parts[0], "fuzz", strict);
  if (strict_parse.error) RequireGoodError(*strict_parse.error, "liquid::Parse strict");
  liquid::ParseResult parsed = liquid::Parse(parts[0], "fuzz");
  if (parsed.error) RequireGoodError(*parsed.error, "liquid::Parse");
  fuzz::Require(parsed.ok() || !strict_parse.ok(), "strict mode accepts what lax mode refuses");
  if (!parsed.ok()) return 0;

  liquid::RenderOptions options;
  options.now = 1793700000;  // 2026-11-03, just after New York's DST ends
  options.zone = FindTimeZone("America/New_York");
  options.max_steps = 20'000;
  options.max_output_bytes = 64 << 10;
  liquid::MapPartialLoader loader(partials);
  liquid::RenderResult rendered = liquid::Render(*parsed.tmpl, values, &loader, options);
  RequireGoodResult(rendered, options);
  liquid::MapPartialLoader loader_again(partials);
  liquid::RenderResult again = liquid::Render(*parsed.tmpl, values, &loader_again, options);
  fuzz::Require(again.output == rendered.output && again.ok() == rendered.ok(), "the same render gave another output");

  liquid::MapPartialLoader ordered_loader(partials);
  RequireGoodResult(liquid::RenderOrdered(*parsed.tmpl, ordered, &ordered_loader, options), options);

  options.strict = true;
  liquid::MapPartialLoader strict_loader(partials);
  RequireGoodResult(liquid::Render(*parsed.tmpl, values, &strict_loader, options), options);
  return 0;
}
