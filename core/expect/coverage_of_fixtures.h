// Coverage over several fixtures: what `flowproof run FOLDER --coverage` and
// the page's "count the gallery's other fixtures" report, from one function.
//
//   std::vector<CoverageRun> runs = {{"a.fixture.json", &session_a}, {"b.fixture.json", &session_b}};
//   Json reports = CoverageByWorkflow(runs);   // one report per workflow (core/expect/coverage.h)
//
//   FixtureSource source;                      // or from fixtures not yet run:
//   source.name = "signups.fixture.json";
//   source.text = fixture_json_text;
//   FixturesCoverage c = CoverageOfFixtures({source});
//   if (!c.ok()) ...c.problems...              // messages start "signups.fixture.json: "
//   else ...c.reports[0]...
#pragma once

#include <string>
#include <vector>

#include "core/base/json.h"
#include "core/base/problem.h"
#include "core/model/fixture_parser.h"  // FileLoader
#include "core/sim/session.h"

namespace flowproof {

// A fixture's run and the name it has in the report (its path or name).
struct CoverageRun {
  std::string name;
  const Session* session = nullptr;  // run as far as it is to be counted; null runs are skipped
};

// One Coverage() report per workflow id, in the order the workflows first
// appear in `runs`, each over the runs of that workflow. Never throws.
Json CoverageByWorkflow(const std::vector<CoverageRun>& runs);

// A fixture to load: its JSON text, and where and how a workflow it names by
// path is read (the loader may be null when it embeds its workflow).
struct FixtureSource {
  std::string name;
  std::string text;
  std::string base_dir;
  FileLoader loader;
};

struct FixturesCoverage {
  Json reports = Json::array();  // CoverageByWorkflow of the runs; empty when problems is not
  // Every problem of every fixture that did not load, its message prefixed
  // with the fixture's name ("signups.fixture.json: ..."), pointer, line and
  // column kept.
  Problems problems;
  bool ok() const { return problems.empty(); }
};

// Loads each fixture (Session::Load), runs it to its end and reports
// CoverageByWorkflow over them. When any fixture has problems, no coverage
// is computed and every fixture's problems are returned.
FixturesCoverage CoverageOfFixtures(const std::vector<FixtureSource>& fixtures);

}  // namespace flowproof
