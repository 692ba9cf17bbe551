#include "core/lint/portfolio_lint.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "core/base/json_pointer.h"

namespace flowproof::lint {
namespace {

struct Member {
  const Workflow* workflow;
  std::string pointer;  // "/workflow" or "/workflows/i"
};

std::vector<Member> MembersOf(const Fixture& fixture) {
  std::vector<Member> members;
  if (fixture.is_portfolio()) {
    for (std::size_t i = 0; i < fixture.workflows.size(); ++i) members.push_back({fixture.workflows[i].get(), "/workflows/" + std::to_string(i)});
  } else if (fixture.workflow) {
    members.push_back({fixture.workflow.get(), "/workflow"});
  }
  return members;
}

// Workflows reachable from `from` along enroll nodes (itself only when a
// path returns to it).
std::set<std::string> EnrollReach(const std::map<std::string, std::set<std::string>>& edges, const std::string& from) {
  std::set<std::string> seen;
  std::vector<std::string> stack = {from};
  while (!stack.empty()) {
    std::string at = stack.back();
    stack.pop_back();
    auto it = edges.find(at);
    if (it == edges.end()) continue;
    for (const std::string& next : it->second) {
      if (seen.insert(next).second) stack.push_back(next);
    }
  }
  return seen;
}

bool SourcesMeet(const std::string& a, const std::string& b) { return a.empty() || b.empty() || a == b; }

}  // namespace

std::vector<LintFinding> LintPortfolio(const Fixture& fixture) {
  std::vector<LintFinding> findings;
  std::vector<Member> members = MembersOf(fixture);
  std::map<std::string, std::set<std::string>> edges;
  for (const Member& member : members) {
    for (const Node& node : member.workflow->nodes) {
      if (node.type == NodeType::kEnroll) edges[member.workflow->id].insert(node.target_workflow);
    }
  }
  for (const Member& member : members) {
    const std::string& id = member.workflow->id;
    for (const Node& node : member.workflow->nodes) {
      if (node.type != NodeType::kEnroll) continue;
      std::set<std::string> onward = EnrollReach(edges, node.target_workflow);
      if (node.target_workflow != id && !onward.count(id)) continue;
      LintFinding f;
      f.rule = "enroll_cycle";
      f.severity = Severity::kWarning;
      f.pointer = member.pointer + "/nodes/" + PointerToken(node.id);
      f.node = node.id;
      f.message = node.target_workflow == id
                      ? "enroll node '" + node.id + "' enrols the contact in its own workflow '" + id + "' again"
                      : "enroll node '" + node.id + "' enrols into '" + node.target_workflow + "', whose enroll nodes lead back into '" + id + "'";
      f.message += ": where re-enrolment allows it a contact goes round, and without a wait on the way the loop guard stops it (loop_without_wait)";
      findings.push_back(std::move(f));
    }
  }
  // Workflows both in `priority` are ordered; any other pair goes in listing order.
  const std::vector<std::string>& priority = fixture.portfolio.priority;
  auto ordered = [&](const std::string& a, const std::string& b) {
    return std::find(priority.begin(), priority.end(), a) != priority.end() &&
           std::find(priority.begin(), priority.end(), b) != priority.end();
  };
  for (std::size_t i = 0; i < members.size(); ++i) {
    for (std::size_t j = i + 1; j < members.size(); ++j) {
      const Workflow& a = *members[i].workflow;
      const Workflow& b = *members[j].workflow;
      if (ordered(a.id, b.id)) continue;
      for (std::size_t k = 0; k < b.triggers.size(); ++k) {
        const Trigger& tb = b.triggers[k];
        if (tb.type != TriggerType::kEvent) continue;
        bool shared = std::any_of(a.triggers.begin(), a.triggers.end(), [&](const Trigger& ta) {
          return ta.type == TriggerType::kEvent && ta.event == tb.event && SourcesMeet(ta.source, tb.source);
        });
        if (!shared) continue;
        LintFinding f;
        f.rule = "overlapping_triggers";
        f.severity = Severity::kWarning;
        f.pointer = members[j].pointer + "/entry/triggers/" + std::to_string(k);
        f.message = "workflows '" + a.id + "' and '" + b.id + "' both enrol on '" + tb.event +
                    "', and 'portfolio.priority' does not order them: name both there to say whose sends go first when the cap allows only one";
        findings.push_back(std::move(f));
      }
    }
  }
  return findings;
}

}  // namespace flowproof::lint
