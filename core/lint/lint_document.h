// Linting a document as the command line and the page get it: JSON text of a
// workflow or a fixture. Validation first (core/validate): an invalid
// document gives its problems and no findings, except that a split whose
// weights are all zero or negative is a lint finding (`split_weights`,
// an error) rather than a validation problem, and the rest of the workflow
// is linted as if its weights were equal.
//
//   DocumentOptions options;  // base_dir and loader for a fixture's workflow path
//   LintDocumentResult r = LintDocumentText(text, options, LintOptions{});
//   if (!r.ok()) ...r.problems (exit 2)...
//   else ...r.findings, with line and column when the workflow is in `text`...
#pragma once

#include <string_view>
#include <vector>

#include "core/base/problem.h"
#include "core/lint/lint.h"
#include "core/validate/validate_document.h"

namespace flowproof::lint {

struct LintDocumentResult {
  Problems problems;  // the document is invalid: no findings
  std::vector<LintFinding> findings;
  DocumentKind kind = DocumentKind::kWorkflow;
  bool ok() const { return problems.empty(); }
};

// `lint.pointer_prefix` is set here ("/workflow" for a fixture).
LintDocumentResult LintDocumentText(std::string_view text, const DocumentOptions& document, LintOptions lint);

}  // namespace flowproof::lint
