// Lint rules across the workflows of a fixture (README "Portfolio", "Lint"):
//   enroll_cycle          enroll nodes lead from a workflow back into itself
//   overlapping_triggers  two workflows enrol on the same event and
//                         `portfolio.priority` does not order them
// A fixture of one workflow gets enroll_cycle only (an enroll node naming
// its own workflow). Pointers are into the fixture: "/workflows/2/nodes/x".
#pragma once

#include <vector>

#include "core/lint/lint.h"
#include "core/model/fixture.h"

namespace flowproof::lint {

std::vector<LintFinding> LintPortfolio(const Fixture& fixture);

}  // namespace flowproof::lint
