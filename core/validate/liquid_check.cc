#include "core/validate/liquid_check.h"

#include "core/base/json_pointer.h"
#include "core/liquid/liquid.h"

namespace flowproof {
namespace {

void CheckText(const std::string& source, const std::string& name, const std::string& pointer,
               Problems& problems) {
  liquid::ParseResult parsed = liquid::Parse(source, name);
  if (parsed.ok()) return;
  const liquid::Error& error = *parsed.error;
  problems.push_back(Problem{.pointer = pointer,
                             .message = "Liquid error at line " + std::to_string(error.line) + ", column " +
                                        std::to_string(error.column) + ": " + error.message,
                             .code = problem_code::kLiquidSyntax});
}

void CheckFields(const Json& fields, const std::string& name, const std::string& pointer, Problems& problems) {
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    if (it.key() == "when" || it.key() == "channel" || it.key() == "variants") continue;
    if (it.value().is_string()) {
      CheckText(it.value().get<std::string>(), name + "." + it.key(), pointer + "/" + PointerToken(it.key()),
                problems);
    }
  }
}

}  // namespace

Problems CheckWorkflowLiquid(const Workflow& workflow, const std::string& prefix) {
  Problems problems;
  for (const auto& [name, message_template] : workflow.templates) {
    const Json& source = message_template.source;
    if (!source.is_object()) continue;
    std::string pointer = prefix + "/templates/" + PointerToken(name);
    CheckFields(source, name, pointer, problems);
    auto variants = source.find("variants");
    if (variants != source.end() && variants->is_array()) {
      for (std::size_t i = 0; i < variants->size(); ++i) {
        if ((*variants)[i].is_object()) {
          CheckFields((*variants)[i], name, pointer + "/variants/" + std::to_string(i), problems);
        }
      }
    }
  }
  for (const auto& [name, source] : workflow.snippets) {
    CheckText(source, name, prefix + "/snippets/" + PointerToken(name), problems);
  }
  return problems;
}

}  // namespace flowproof
