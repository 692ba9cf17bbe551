// Fuzzes JsonLogic (core/logic/rule.h) as `flowproof logic RULE DATA` runs
// it: the input is the rule's JSON text, a NUL byte, and the data's JSON
// text (missing data is null). Both are read with ParseJsonText, the rule is
// compiled and, when it compiles, evaluated against the data with the
// command's JsonHost (clock, events, lists from the data) and without a
// host. Checked: no crash, printable problems, and results that print.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/json_dump.h"
#include "core/json/json_input.h"
#include "core/logic/rule.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace flowproof;
  std::vector<std::string_view> parts = fuzz::Split(data, size, 2);
  JsonInputResult rule = ParseJsonText(parts[0]);
  if (!rule.ok()) return 0;
  Json values;  // null without data
  if (!parts[1].empty()) {
    JsonInputResult parsed = ParseJsonText(parts[1]);
    if (!parsed.ok()) return 0;
    values = std::move(parsed.value);
  }
  logic::CompileResult compiled = logic::Compile(rule.value);
  for (const Problem& problem : compiled.problems) fuzz::RequireGoodProblem(problem, "logic::Compile");
  fuzz::Require(compiled.ok() == (compiled.rule != nullptr), "a rule beside problems, or neither");
  if (!compiled.ok()) return 0;

  logic::JsonHost host(values);
  std::vector<logic::Read> reads;
  std::string error;
  logic::EvalOptions options;
  options.host = &host;
  options.reads = &reads;
  options.error = &error;
  Json result = logic::Evaluate(*compiled.rule, values, options);
  (void)DumpJson(result);
  (void)logic::Truthy(result);
  for (const logic::Read& read : reads) (void)DumpJson(read.value);
  fuzz::Require(error.empty() || result.is_null(), "a result beside an evaluation error", error);

  // Without a host the extra operations yield null; nothing else changes.
  Json plain = logic::Evaluate(*compiled.rule, values);
  (void)DumpJson(plain);
  // The same evaluation twice gives the same result.
  std::string again_error;
  logic::EvalOptions again_options;
  again_options.host = &host;
  again_options.error = &again_error;
  fuzz::Require(DumpJson(logic::Evaluate(*compiled.rule, values, again_options)) == DumpJson(result),
                "the same rule and data gave another result");
  return 0;
}
