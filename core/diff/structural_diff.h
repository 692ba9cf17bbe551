// What changed between two versions of a workflow, by node id and by
// template (FORMAT.md v1.1, "`flowproof diff` and publishing a new version"),
// as JSON and in words.
//
// The comparison is of the documents as written (Workflow::source), field by
// field, so a changed field is reported with its old and new value exactly as
// the user wrote them ("for": ["2d", "3d"]). Both workflows must be parsed
// and valid (core/model/workflow_parser.h).
//
//   StructuralDiff diff = DiffWorkflows(old_workflow, new_workflow);
//   if (diff.empty()) ...                      // nothing differs
//   std::string json = DumpJson(diff.json);    // FORMAT.md's shape
//   for (const ChangeInWords& change : DescribeChanges(diff)) {
//     std::cout << change.line << "\n";        // "wait_2d: waits 2 days → 3 days"
//     for (const std::string& d : change.detail) std::cout << "    " << d << "\n";
//   }
//
// JSON (every key is always present; a group with nothing in it is empty):
//   { "nodes": { "added": ["x"], "removed": ["y"],
//                "renamed": { "old_id": "new_id" },
//                "changed": { "wait_2d": { "for": ["2d", "3d"] } } },
//     "templates": { "added": [], "removed": [], "changed": { "welcome": { "subject": ["Hi", "Hello"] } } },
//     "entry":    { "audience": [OLD, NEW] },          // each changed field of `entry`
//     "exit":     { "max_duration": ["30d", "14d"] },  // each changed field of `exit`
//     "settings": { "quiet_hours": [OLD, NEW] },       // each changed field of `settings`
//     "workflow": { "start": ["a", "b"] },             // id, name, type, timezone, start
//     "snippets": { "added": [], "removed": [], "changed": { "footer": ["old", "new"] } },
//     "warnings": ["the workflows have different ids: 'a' and 'b'"] }
// A field present in only one version has null on the other side.
//
// Renames: a node id that only OLD has and one that only NEW has are the same
// node renamed when their contents are equal once OLD's references (next,
// else, on_timeout, branches' and variants' next) are read through the
// renames found so far; this is repeated until no more are found, so chains
// of renamed nodes resolve from their ends. A pair whose contents are equal
// except for references, and that no other candidate matches either way, is
// a rename too (renamed nodes in a loop). A field whose only change is a
// reference to a renamed node is not reported as changed, nor is `start`.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/base/json.h"
#include "core/model/workflow.h"

namespace flowproof {

struct StructuralDiff {
  Json json;  // the shape above
  // OLD id -> NEW id of each renamed node (also in json["nodes"]["renamed"]).
  std::map<std::string, std::string> renamed;
  // True when nothing differs (warnings alone do not count).
  bool empty() const;
};

// Compares two parsed workflows. Never throws on valid workflows; workflows
// with different ids are compared all the same, with a warning in
// json["warnings"].
StructuralDiff DiffWorkflows(const Workflow& old_workflow, const Workflow& new_workflow);

// One change in words. `line` names what changed and how:
//   "wait_2d: waits 2 days → 3 days"
//   "check_engagement, branch 'opened': now also requires contact.country is 'US'"
//   "template welcome: subject changed"
//   "send_sms: added (sends SMS 'reminder')"
//   "wait_1d: renamed to wait_one_day"
// `detail` holds, for a changed template or snippet, a line diff of the
// source of each changed field ("subject:", then "- old line", "+ new line"),
// and is empty otherwise.
struct ChangeInWords {
  std::string line;
  std::vector<std::string> detail;
};

// The change log: one entry per change, in this order: workflow fields,
// entry, exit, settings, nodes (renamed, removed, added, changed, each by
// id), templates, snippets; warnings are not changes and are left out.
// Conditions are worded as the page words them (web/src/page/explain.js,
// here core/words/page_words.h, which flowproof docs uses too).
std::vector<ChangeInWords> DescribeChanges(const StructuralDiff& diff, const Workflow& old_workflow,
                                           const Workflow& new_workflow);

// The change log as text, one line per change, details indented by four
// spaces; "" when nothing changed.
std::string FormatChangesText(const std::vector<ChangeInWords>& changes);

// The same as Markdown: a bullet per change, details in an indented ```diff
// block under it.
std::string FormatChangesMarkdown(const std::vector<ChangeInWords>& changes);

}  // namespace flowproof
