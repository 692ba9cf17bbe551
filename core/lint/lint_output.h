// The three output formats of `flowproof lint` (FORMAT.md v1.1):
//   text   one line per finding: "POINTER [line L, column C]: severity rule: message"
//   JSON   {"findings": [ {rule, severity, pointer, message, line?, column?,
//          node?, template?} ... ], "counts": {"error": N, "warning": N, "info": N}}
//   SARIF  2.1.0: one run, tool.driver.rules from Rules(), each result with
//          ruleId, level (error, warning, note), message.text, a logical
//          location whose fullyQualifiedName is the pointer, and a physical
//          location (artifact `uri`, region startLine/startColumn) when the
//          line is known.
// All three keep the order of the findings (Lint sorts them).
//
//   std::cout << FindingsToSarif(findings, "workflow.json").dump(2);
#pragma once

#include <string>
#include <vector>

#include "core/base/json.h"
#include "core/lint/lint.h"

namespace flowproof::lint {

std::string FormatFindingText(const LintFinding& finding);
Json FindingToJson(const LintFinding& finding);
Json FindingsToJson(const std::vector<LintFinding>& findings);
// `uri`: the linted file as the user named it ("" leaves out physical locations).
Json FindingsToSarif(const std::vector<LintFinding>& findings, const std::string& uri);

}  // namespace flowproof::lint
