// Condition analysis: JsonLogic over intervals and finite sets of the
// variables a condition reads. Answers "can this condition ever hold?" and
// "does it hold only where some earlier ones do?" without running it.
//
// A condition is brought to disjunctive normal form over atoms; a
// conjunction of atoms is impossible when the constraints it puts on one
// variable cannot all hold. What it understands (README "Lint"):
//   and, or, !, !!, if (as a condition), literals, var (no default) as a
//   truth value; ==, !=, ===, !==, <, <=, >, >= (and the three-operand
//   "between" < and <=) of a var and a literal number, string or boolean;
//   in of a var and a literal array.
// Numbers are compared as JavaScript does: Number(x) is an interval, with
// points removed, plus NaN (a missing or non-numeric value fails every
// order comparison). Strings are finite sets of allowed and excluded values
// (loose and strict equality distinguished where numeric strings make them
// differ). Any other operation is an opaque atom: it can be true or false,
// and only the very same operation negated contradicts it. So the analysis
// never calls a satisfiable condition impossible; it may miss impossible ones.
//
//   std::vector<const logic::Rule*> earlier = {&us_rule};
//   Verdict v = BranchVerdict(*arm.when.rule, earlier);
//   if (v.never) ...v.covered_by (index of the earlier rule, or -1)...
#pragma once

#include <vector>

#include "core/logic/rule.h"

namespace flowproof::lint {

// Whether some data can make `rule` truthy. False only when proven impossible.
bool MayHold(const logic::Rule& rule);

struct BranchVerdict {
  bool never = false;    // the branch can never be taken
  bool impossible = false;  // its own condition can never hold
  // When it can hold but earlier ones cover it: the single earlier rule
  // (index into `earlier`) that holds whenever it does, or -1 when only
  // several together do.
  int covered_by = -1;
};

// The verdict for a branch whose condition is `rule`, after the branches
// whose conditions are `earlier` (in order; the first that holds wins).
BranchVerdict AnalyzeBranch(const logic::Rule& rule, const std::vector<const logic::Rule*>& earlier);

}  // namespace flowproof::lint
