#include "core/lint/lint_output.h"

namespace flowproof::lint {
namespace {

const char* SarifLevel(Severity severity) {
  switch (severity) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "note";
  }
  return "warning";
}

}  // namespace

std::string FormatFindingText(const LintFinding& f) {
  std::string where = f.pointer.empty() ? "/" : f.pointer;
  if (f.line > 0) where += " (line " + std::to_string(f.line) + ", column " + std::to_string(f.column) + ")";
  return where + ": " + SeverityName(f.severity) + " " + f.rule + ": " + f.message;
}

Json FindingToJson(const LintFinding& f) {
  Json j = Json::object();
  j["rule"] = f.rule;
  j["severity"] = SeverityName(f.severity);
  j["pointer"] = f.pointer;
  j["message"] = f.message;
  if (f.line > 0) {
    j["line"] = f.line;
    j["column"] = f.column;
  }
  if (!f.node.empty()) j["node"] = f.node;
  if (!f.template_name.empty()) j["template"] = f.template_name;
  return j;
}

Json FindingsToJson(const std::vector<LintFinding>& findings) {
  Json list = Json::array();
  int counts[3] = {0, 0, 0};
  for (const LintFinding& f : findings) {
    list.push_back(FindingToJson(f));
    ++counts[static_cast<int>(f.severity)];
  }
  return Json{{"findings", std::move(list)},
              {"counts", {{"error", counts[0]}, {"warning", counts[1]}, {"info", counts[2]}}}};
}

Json FindingsToSarif(const std::vector<LintFinding>& findings, const std::string& uri) {
  Json rules = Json::array();
  for (const RuleInfo& rule : Rules()) {
    rules.push_back({{"id", rule.id},
                     {"shortDescription", {{"text", rule.summary}}},
                     {"defaultConfiguration", {{"level", SarifLevel(rule.severity)}}},
                     {"helpUri", "https://github.com/flowproof/flowproof#lint"}});
  }
  Json results = Json::array();
  for (const LintFinding& f : findings) {
    int rule_index = 0;
    for (std::size_t i = 0; i < Rules().size(); ++i) {
      if (f.rule == Rules()[i].id) rule_index = static_cast<int>(i);
    }
    Json location = Json::object();
    location["logicalLocations"] = Json::array({{{"fullyQualifiedName", f.pointer.empty() ? "/" : f.pointer}, {"kind", "object"}}});
    if (!uri.empty()) {
      Json physical = {{"artifactLocation", {{"uri", uri}}}};
      if (f.line > 0) physical["region"] = {{"startLine", f.line}, {"startColumn", f.column}};
      location["physicalLocation"] = std::move(physical);
    }
    results.push_back({{"ruleId", f.rule},
                       {"ruleIndex", rule_index},
                       {"level", SarifLevel(f.severity)},
                       {"message", {{"text", f.message}}},
                       {"locations", Json::array({std::move(location)})}});
  }
  Json run = {{"tool", {{"driver", {{"name", "flowproof"}, {"informationUri", "https://github.com/flowproof/flowproof"}, {"rules", std::move(rules)}}}}},
              {"results", std::move(results)}};
  if (!uri.empty()) run["artifacts"] = Json::array({{{"location", {{"uri", uri}}}}});
  return Json{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", Json::array({std::move(run)})}};
}

}  // namespace flowproof::lint
