// Checks that every Liquid text in a workflow parses, so a typo in a template
// is reported by `validate` and at load time with its place, instead of
// surfacing as a failed send in the middle of a run.
//
//   Problems problems = CheckWorkflowLiquid(workflow, "/workflow");
#pragma once

#include <string>

#include "core/base/problem.h"
#include "core/model/workflow.h"

namespace flowproof {

// Parses every text field of every template (and of each smart-content
// variant) and every snippet. Each problem's pointer is `prefix` plus the
// field's place in the workflow document; the message carries the Liquid
// error's line and column within that field.
Problems CheckWorkflowLiquid(const Workflow& workflow, const std::string& prefix = "");

}  // namespace flowproof
