// The fixture a diff runs one version of a workflow in (core/diff/
// behaviour_diff.h, cohort_diff.h).
//
//   VersionFixture run = FixtureWithVersion(fixture, new_workflow, "the newer version");
//   if (!run.error.empty()) ...;  // "the newer version: ..."
//
// A fixture of one workflow gets the version as its workflow. A portfolio
// (FORMAT.md "Portfolio") keeps its other workflows, its cap and its
// priority, and the version replaces the workflow of the same id: an edit to
// one workflow is diffed where it runs, beside the others it shares contacts,
// caps and enroll nodes with. The version's id must be one of the
// portfolio's, and its enroll and unenroll nodes must name workflows the
// portfolio has (what the fixture parser checks of the workflows it holds).
// The fixture's expectations are dropped: a diff compares runs, it does not
// judge them.
//
// PickVersions chooses the two workflows from the two documents given to
// `flowproof diff` (or tester.diff): each a workflow or a fixture. A
// portfolio fixture stands for its workflow of the other version's id, so
// that the page can compare a portfolio as edited with an older file of one
// of its workflows. Two versions of a portfolio stand for the one workflow
// that changed between them (the page's "Compare with loaded version");
// when several changed, or the workflows are not the same ones, they are
// refused: diff compares two versions of one workflow, and which would be a
// guess.
#pragma once

#include <memory>
#include <string>

#include "core/model/fixture.h"

namespace flowproof {

struct VersionFixture {
  std::shared_ptr<const Fixture> fixture;  // null when error is set
  std::string error;                       // "<which>: ..." when the version cannot run in this fixture
};

VersionFixture FixtureWithVersion(const Fixture& fixture, const std::shared_ptr<const Workflow>& version,
                                  const std::string& which);

// One version as its document gave it: the workflow, or the fixture (whose
// own workflow is used unless it is a portfolio).
struct VersionDocument {
  std::shared_ptr<const Workflow> workflow;
  std::shared_ptr<const Fixture> fixture;  // null for a workflow document
};

struct PickedVersions {
  std::shared_ptr<const Workflow> old_workflow, new_workflow;  // both null when error is set
  std::string error;  // names the document: "the newer version: ..."
};

PickedVersions PickVersions(const VersionDocument& old_doc, const VersionDocument& new_doc);

}  // namespace flowproof
