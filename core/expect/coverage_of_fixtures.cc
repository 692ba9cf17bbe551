#include "core/expect/coverage_of_fixtures.h"

#include <map>
#include <memory>
#include <utility>

#include "core/expect/coverage.h"

namespace flowproof {

Json CoverageByWorkflow(const std::vector<CoverageRun>& runs) {
  std::vector<std::string> order;
  std::map<std::string, std::pair<std::vector<const Session*>, std::vector<std::string>>> groups;
  std::map<std::string, const Workflow*> definitions;  // the first fixture's version of each id
  for (const CoverageRun& run : runs) {
    if (run.session == nullptr || !run.session->fixture().workflow) continue;
    const Fixture& fixture = run.session->fixture();
    // A v1.1 portfolio counts for each of its workflows.
    std::vector<const Workflow*> workflows;
    if (fixture.is_portfolio()) {
      for (const auto& each : fixture.workflows) workflows.push_back(each.get());
    } else {
      workflows.push_back(fixture.workflow.get());
    }
    for (const Workflow* workflow : workflows) {
      auto [it, inserted] = groups.try_emplace(workflow->id);
      if (inserted) {
        order.push_back(workflow->id);
        definitions[workflow->id] = workflow;
      }
      it->second.first.push_back(run.session);
      it->second.second.push_back(run.name);
    }
  }
  Json reports = Json::array();
  for (const std::string& id : order) {
    const auto& [sessions, names] = groups[id];
    reports.push_back(Coverage(*definitions[id], sessions, names));
  }
  return reports;
}

FixturesCoverage CoverageOfFixtures(const std::vector<FixtureSource>& fixtures) {
  FixturesCoverage out;
  std::vector<std::unique_ptr<Session>> sessions;
  std::vector<CoverageRun> runs;
  for (const FixtureSource& fixture : fixtures) {
    SessionLoadResult loaded = Session::Load(fixture.text, fixture.base_dir, fixture.loader);
    if (!loaded.ok()) {
      for (Problem problem : loaded.problems) {
        problem.message = fixture.name + ": " + problem.message;
        out.problems.push_back(std::move(problem));
      }
      continue;
    }
    loaded.session->RunToEnd();
    runs.push_back({fixture.name, loaded.session.get()});
    sessions.push_back(std::move(loaded.session));
  }
  if (out.ok()) out.reports = CoverageByWorkflow(runs);
  return out;
}

}  // namespace flowproof
