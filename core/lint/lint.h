// `flowproof lint`: findings about a workflow that is valid but unsound
// (FORMAT.md v1.1, "`flowproof lint`"): nodes nobody reaches, branches that
// can never be taken, sends the frequency cap swallows, templates that read
// variables nobody sets, messages without a way to opt out.
//
// The analyses behind the rules are real, not pattern matching:
//   timing.h      earliest and latest time from enrolment to each node
//                 (expires_before_reached, cap_suppresses_send)
//   conditions.h  JsonLogic over intervals and finite sets of the variables
//                 a condition reads (branch_never_taken, goal_never_holds)
//   templates.h   the Liquid tree: variables read with and without default,
//                 and the links and text of the rendered output
//
//   std::vector<LintFinding> findings = Lint(workflow, fixture_or_null, LintOptions{});
//   for (const LintFinding& f : findings) std::cout << FormatFindingText(f) << "\n";
//   // JSON and SARIF: lint_output.h. Line and column: LocateFindings (locate.h).
//
// Suppression: a node (or the workflow, at its top level) may carry
// `"lint": {"ignore": ["rule", ...]}`; findings of those rules at that node
// (or anywhere, for the top level) are dropped unless options say otherwise.
#pragma once

#include <string>
#include <vector>

#include "core/model/fixture.h"
#include "core/model/workflow.h"

namespace flowproof::lint {

enum class Severity { kError, kWarning, kInfo };

// "error", "warning", "info".
const char* SeverityName(Severity severity);

struct LintFinding {
  std::string rule;      // a stable rule id (Rules())
  Severity severity = Severity::kWarning;
  // JSON Pointer into the document linted: into the workflow, or into the
  // fixture ("/workflow/nodes/x") when LintOptions::pointer_prefix says so.
  std::string pointer;
  std::string message;   // a full sentence, no trailing period
  // 1-based, 0 when unknown (set by LocateFindings from the JSON text).
  int line = 0;
  int column = 0;
  // What the finding is about, for programs (the page's badges, docs'
  // inventory): a node id and/or a template name, "" when none.
  std::string node;
  std::string template_name;
};

// One rule of the table (README "Lint", SARIF's rule list).
struct RuleInfo {
  const char* id;
  Severity severity;
  const char* summary;  // when the rule fires, one sentence
};

// Every rule, in the README's order.
const std::vector<RuleInfo>& Rules();

struct LintOptions {
  // Prepended to every pointer ("/workflow" for a fixture that embeds its
  // workflow; "" otherwise).
  std::string pointer_prefix;
  // Drop findings that a `lint.ignore` annotation names (true); false keeps
  // them (to show what the annotations hide).
  bool apply_ignores = true;
  // Templates are rendered for at most this many of the fixture's contacts
  // (sms_segments, the rendered-output checks); the first ones in order.
  int max_rendered_contacts = 200;
};

// Runs every rule. `fixture` may be null (a bare workflow): the rules that
// need contacts or a script (event_never_emitted, the fixture half of
// unknown_variable and sms_segments' per-contact render) then use what the
// workflow alone says. Findings are sorted by pointer, then rule, then
// message. Never throws.
std::vector<LintFinding> Lint(const Workflow& workflow, const Fixture* fixture, const LintOptions& options);

// True when any finding is an error or a warning (exit status 1).
bool HasErrorsOrWarnings(const std::vector<LintFinding>& findings);

}  // namespace flowproof::lint
