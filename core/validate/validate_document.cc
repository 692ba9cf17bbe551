#include "core/validate/validate_document.h"

#include <optional>
#include <utility>

#include "core/json/json_input.h"
#include "core/model/workflow_parser.h"
#include "core/validate/liquid_check.h"

namespace flowproof {
namespace {

void Append(Problems* to, const Problems& more) { to->insert(to->end(), more.begin(), more.end()); }

DocumentCheck CheckWorkflow(const Json& doc) {
  DocumentCheck check;
  check.kind = DocumentKind::kWorkflow;
  WorkflowParseResult parsed = ParseWorkflow(doc);
  check.problems = std::move(parsed.problems);
  check.warnings = std::move(parsed.warnings);
  if (check.problems.empty() && parsed.workflow) {
    Append(&check.problems, CheckWorkflowLiquid(*parsed.workflow));
    if (check.problems.empty()) check.workflow = std::move(parsed.workflow);
  }
  return check;
}

DocumentCheck CheckFixture(const Json& doc, const DocumentOptions& options) {
  DocumentCheck check;
  check.kind = DocumentKind::kFixture;
  FileLoader load = options.loader;
  if (!load) {
    load = [](const std::string& path, std::string* error) -> std::optional<std::string> {
      *error = "cannot read '" + path + "' here: embed the workflow in the fixture";
      return std::nullopt;
    };
  }
  FixtureParseResult parsed = ParseFixture(doc, options.base_dir, load);
  check.warnings = std::move(parsed.warnings);
  if (!parsed.ok()) {
    check.problems = std::move(parsed.problems);
    return check;
  }
  // Every workflow of a portfolio is checked as one alone would be, its
  // problems under "/workflows/i"; a single one's under "/workflow" as the
  // fixture parser reports them.
  std::vector<std::pair<const Workflow*, std::string>> workflows;
  if (parsed.fixture->is_portfolio()) {
    for (std::size_t i = 0; i < parsed.fixture->workflows.size(); ++i) {
      workflows.emplace_back(parsed.fixture->workflows[i].get(), "/workflows/" + std::to_string(i));
    }
  } else {
    workflows.emplace_back(parsed.fixture->workflow.get(), "/workflow");
  }
  for (const auto& [workflow, prefix] : workflows) {
    Append(&check.problems, CheckWorkflowLiquid(*workflow, prefix));
    if (workflow->triggers.size() > options.max_triggers) {
      check.problems.push_back(Problem{.pointer = prefix + "/entry/triggers",
                                       .message = "at most " + std::to_string(options.max_triggers) + " triggers are supported",
                                       .code = problem_code::kTooLarge});
    }
  }
  if (check.problems.empty()) {
    check.workflow = parsed.fixture->workflow;
    check.fixture = std::move(parsed.fixture);
  }
  return check;
}

}  // namespace

bool IsFixtureDocument(const Json& doc) {
  if (!doc.is_object()) return false;
  auto format = doc.find("format");
  return format != doc.end() && *format == "flowproof.fixture/1";
}

DocumentCheck ValidateDocument(const Json& doc, const DocumentOptions& options) {
  bool fixture = options.kind == DocumentKind::kFixture ||
                 (options.kind == DocumentKind::kDetect && IsFixtureDocument(doc));
  return fixture ? CheckFixture(doc, options) : CheckWorkflow(doc);
}

DocumentCheck ValidateDocumentText(std::string_view text, const DocumentOptions& options) {
  JsonInputResult input = ParseJsonText(text);
  if (!input.ok()) {
    DocumentCheck check;
    check.kind = options.kind == DocumentKind::kFixture ? DocumentKind::kFixture : DocumentKind::kWorkflow;
    check.problems.push_back(*input.problem);
    return check;
  }
  return ValidateDocument(input.value, options);
}

}  // namespace flowproof
