// Validating a workflow or fixture document: the one check that
// `flowproof validate`, Session::LoadDocument (and so `simulate`, `run` and
// the page's load) and the page's validateWorkflow all make, so they can
// never disagree about what is valid.
//
//   DocumentOptions options;
//   options.kind = DocumentKind::kDetect;             // a fixture or a workflow
//   options.base_dir = "fixtures/welcome-series";     // for "workflow": "workflow.json"
//   options.loader = DiskFileLoader();                // core/cli/disk_files.h
//   options.max_triggers = kMaxTriggers;              // core/sim/simulator.h
//   DocumentCheck check = ValidateDocument(doc, options);
//   for (const Problem& p : check.problems) std::cout << p.ToString() << "\n";
//
// A workflow gets the parser's checks (core/model/workflow_parser.h) and,
// when those pass, every Liquid text is parsed (core/validate/liquid_check.h).
// A fixture gets the fixture parser's checks (its workflow's problems under
// "/workflow"), then the Liquid check of its workflow and the engine's
// trigger limit, which is passed in by the layer that knows it. Problems come
// in that order; warnings (unreachable nodes, ...) never make a document
// invalid.
#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/json.h"
#include "core/base/problem.h"
#include "core/model/fixture.h"
#include "core/model/fixture_parser.h"  // FileLoader
#include "core/model/workflow.h"

namespace flowproof {

enum class DocumentKind {
  kDetect,    // a fixture when "format" is "flowproof.fixture/1", else a workflow
  kWorkflow,  // always a workflow (a fixture then has unknown fields)
  kFixture,   // always a fixture (a workflow then gives one problem saying so)
};

struct DocumentOptions {
  DocumentKind kind = DocumentKind::kDetect;
  // Where a fixture's workflow path is read from, and how. Without a loader
  // a workflow given by path is a problem: "embed the workflow in the fixture".
  std::string base_dir;
  FileLoader loader;
  // A fixture whose workflow has more triggers than this is invalid (the
  // simulator keeps one bit per trigger); no limit by default.
  std::size_t max_triggers = std::numeric_limits<std::size_t>::max();
};

struct DocumentCheck {
  DocumentKind kind = DocumentKind::kWorkflow;  // what the document was checked as (never kDetect)
  Problems problems;
  Problems warnings;
  // The parsed document when problems is empty: `fixture` for a fixture
  // (its workflow included), `workflow` for a workflow.
  std::shared_ptr<const Fixture> fixture;
  std::shared_ptr<const Workflow> workflow;
  bool ok() const { return problems.empty(); }
  // The workflow checked: the fixture's own, or the document itself.
  const std::shared_ptr<const Workflow>& checked_workflow() const {
    return kind == DocumentKind::kFixture ? fixture->workflow : workflow;
  }
};

// Whether a parsed document says it is a fixture ("format": "flowproof.fixture/1").
bool IsFixtureDocument(const Json& doc);

// Checks `doc` as options.kind says. Never throws.
DocumentCheck ValidateDocument(const Json& doc, const DocumentOptions& options = {});

// The same from JSON text: malformed text is one problem with its line and
// column (core/json/json_input.h) and no warnings.
DocumentCheck ValidateDocumentText(std::string_view text, const DocumentOptions& options = {});

}  // namespace flowproof
