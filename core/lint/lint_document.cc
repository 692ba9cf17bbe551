#include "core/lint/lint_document.h"

#include <algorithm>
#include <memory>
#include <set>
#include <tuple>
#include <string>

#include "core/base/json_pointer.h"
#include "core/json/json_input.h"
#include "core/lint/locate.h"
#include "core/lint/portfolio_lint.h"

namespace flowproof::lint {
namespace {

// A fixture's findings: its workflow's, or each workflow's of a portfolio
// (pointers under "/workflows/i"), and the rules across workflows.
std::vector<LintFinding> LintFixture(const Fixture& fixture, LintOptions lint) {
  std::vector<LintFinding> findings;
  if (fixture.is_portfolio()) {
    for (std::size_t i = 0; i < fixture.workflows.size(); ++i) {
      lint.pointer_prefix = "/workflows/" + std::to_string(i);
      std::vector<LintFinding> more = Lint(*fixture.workflows[i], &fixture, lint);
      findings.insert(findings.end(), more.begin(), more.end());
    }
  } else {
    lint.pointer_prefix = "/workflow";
    findings = Lint(*fixture.workflow, &fixture, lint);
  }
  std::vector<LintFinding> across = LintPortfolio(fixture);
  findings.insert(findings.end(), across.begin(), across.end());
  return findings;
}

// Splits whose weights are all numbers of zero or less: their pointers
// ("/nodes/ab"), and the workflow with those weights made 1.
std::vector<std::string> PatchZeroWeights(Json& workflow, bool apply_ignores) {
  std::vector<std::string> patched;
  if (!workflow.is_object()) return patched;
  auto nodes = workflow.find("nodes");
  if (nodes == workflow.end() || !nodes->is_object()) return patched;
  for (auto it = nodes->begin(); it != nodes->end(); ++it) {
    Json& node = it.value();
    if (!node.is_object() || node.value("type", Json()) != "split") continue;
    auto variants = node.find("variants");
    if (variants == node.end() || !variants->is_array() || variants->empty()) continue;
    bool all_non_positive = true;
    for (const Json& v : *variants) {
      if (!v.is_object() || !v.contains("weight") || !v["weight"].is_number() || v["weight"].get<double>() > 0) all_non_positive = false;
    }
    if (!all_non_positive) continue;
    for (Json& v : *variants) v["weight"] = 1;
    // `lint.ignore` of the node or of the workflow: the split is still
    // linted as if its weights were equal, without the finding.
    auto ignores = [](const Json& holder) {
      const Json* lint = holder.contains("lint") ? &holder["lint"] : nullptr;
      if (lint == nullptr || !lint->is_object() || !lint->contains("ignore") || !(*lint)["ignore"].is_array()) return false;
      for (const Json& rule : (*lint)["ignore"]) {
        if (rule == "split_weights") return true;
      }
      return false;
    };
    if (apply_ignores && (ignores(node) || ignores(workflow))) continue;
    patched.push_back(it.key());
  }
  return patched;
}

}  // namespace

LintDocumentResult LintDocumentText(std::string_view text, const DocumentOptions& document, LintOptions lint) {
  LintDocumentResult result;
  JsonInputResult parsed = ParseJsonText(text);
  if (!parsed.ok()) {
    result.problems.push_back(*parsed.problem);
    return result;
  }
  Json doc = std::move(parsed.value);
  bool fixture = document.kind == DocumentKind::kFixture || (document.kind == DocumentKind::kDetect && IsFixtureDocument(doc));
  result.kind = fixture ? DocumentKind::kFixture : DocumentKind::kWorkflow;

  // Zero weights: patched in the workflow (embedded, or read through the loader).
  std::vector<std::string> zero_splits;
  DocumentOptions options = document;
  bool embedded = true;
  if (!fixture) {
    zero_splits = PatchZeroWeights(doc, lint.apply_ignores);
  } else if (doc.is_object() && doc.contains("workflow") && doc["workflow"].is_object()) {
    zero_splits = PatchZeroWeights(doc["workflow"], lint.apply_ignores);
  } else if (document.loader) {
    embedded = false;
    auto found = std::make_shared<std::vector<std::string>>();
    FileLoader inner = document.loader;
    bool apply_ignores = lint.apply_ignores;
    options.loader = [inner, found, apply_ignores](const std::string& path, std::string* error) -> std::optional<std::string> {
      std::optional<std::string> file = inner(path, error);
      if (!file) return file;
      JsonInputResult wf = ParseJsonText(*file);
      if (!wf.ok()) return file;
      std::vector<std::string> patched = PatchZeroWeights(wf.value, apply_ignores);
      if (patched.empty()) return file;
      found->insert(found->end(), patched.begin(), patched.end());
      return wf.value.dump();
    };
    DocumentCheck check = ValidateDocument(doc, options);
    zero_splits = *found;
    if (!check.ok()) {
      result.problems = std::move(check.problems);
      return result;
    }
    lint.pointer_prefix = "/workflow";
    result.findings = LintFixture(*check.fixture, lint);
  }
  if (embedded) {
    DocumentCheck check = ValidateDocument(doc, options);
    if (!check.ok()) {
      result.problems = std::move(check.problems);
      return result;
    }
    if (fixture) {
      lint.pointer_prefix = "/workflow";
      result.findings = LintFixture(*check.fixture, lint);
    } else {
      lint.pointer_prefix = "";
      result.findings = Lint(*check.workflow, nullptr, lint);
    }
  }
  // The patched splits: every weight was zero or less.
  for (const std::string& id : zero_splits) {
    LintFinding f;
    f.rule = "split_weights";
    f.severity = Severity::kError;
    f.pointer = lint.pointer_prefix + "/nodes/" + PointerToken(id) + "/variants";
    f.message = "every variant of split '" + id + "' has a weight of zero or less, so no variant can be drawn";
    f.node = id;
    result.findings.push_back(std::move(f));
  }
  if (embedded) LocateFindings(text, result.findings);
  std::stable_sort(result.findings.begin(), result.findings.end(), [](const LintFinding& a, const LintFinding& b) {
    return std::tie(a.pointer, a.rule, a.message) < std::tie(b.pointer, b.rule, b.message);
  });
  return result;
}

}  // namespace flowproof::lint
