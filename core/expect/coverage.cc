#include "core/expect/coverage.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "core/expect/trace_reader.h"
#include "core/time/duration.h"

namespace flowproof {
namespace {

using Pair = std::pair<std::string, std::string>;

const char* TriggerTypeName(TriggerType type) {
  switch (type) {
    case TriggerType::kEvent: return "event";
    case TriggerType::kCondition: return "condition";
    case TriggerType::kDate: return "date";
    case TriggerType::kSchedule: return "schedule";
    case TriggerType::kInactivity: return "inactivity";
  }
  return "event";
}

std::string TriggerWords(const Trigger& trigger) {
  switch (trigger.type) {
    case TriggerType::kEvent: return "event '" + trigger.event + "'";
    case TriggerType::kCondition: return "condition " + DumpJson(trigger.condition ? trigger.condition->source : Json());
    case TriggerType::kDate: return "date in '" + trigger.attribute + "'";
    case TriggerType::kSchedule: return trigger.local ? "schedule (local time)" : "schedule";
    case TriggerType::kInactivity: return "no '" + trigger.event + "' for " + FormatDuration(trigger.inactive_for);
  }
  return "";
}

// What the runs did, collected from their traces.
struct Seen {
  std::set<std::string> nodes;
  std::set<Pair> branches;
  std::set<Pair> variants;
  std::set<std::string> exits;
  std::set<int> triggers;
  std::set<Pair> waits;
};

void Collect(const Workflow& workflow, const RunRecord& run, Seen* seen) {
  // Per contact: the node last entered and whether it started waiting there,
  // to see a wait_until whose condition already held (no wait line at all).
  std::map<std::string, std::pair<std::string, bool>> last;
  for (const TraceEntry& line : run.trace) {
    std::string node = line.Text("node");
    if (line.kind == "entered") {
      auto it = last.find(line.contact);
      if (it != last.end() && !it->second.second) {
        auto index = workflow.node_index.find(it->second.first);
        if (index != workflow.node_index.end() &&
            workflow.nodes[index->second].type == NodeType::kWaitUntil) {
          seen->waits.insert({it->second.first, "condition"});
        }
      }
      seen->nodes.insert(node);
      last[line.contact] = {node, false};
    } else if (line.kind == "waiting") {
      last[line.contact].second = true;
    } else if (line.kind == "branch") {
      seen->branches.insert({node, line.Text("label")});
    } else if (line.kind == "split") {
      seen->variants.insert({node, line.Text("label")});
    } else if (line.kind == "winner_selected") {  // a split's test was decided
      seen->waits.insert({node, "winner"});
    } else if (line.kind == "exited") {
      seen->exits.insert(line.Text("reason"));
      last.erase(line.contact);
    } else if (line.kind == "enrolled") {
      auto trigger = line.line.find("trigger");
      if (trigger != line.line.end() && trigger->is_number_integer()) seen->triggers.insert(trigger->get<int>());
    } else if (line.kind == "resumed") {
      std::string via = line.Text("via");
      if (via != "next") seen->waits.insert({node, via});
    }
  }
}

struct Tally {
  int total = 0;
  int covered = 0;
  Json missed = Json::array();
  void Add(bool hit, Json item) {
    ++total;
    if (hit) ++covered;
    else missed.push_back(std::move(item));
  }
  Json ToJson() const { return {{"total", total}, {"covered", covered}, {"missed", missed}}; }
};

}  // namespace

Json Coverage(const Workflow& workflow, const std::vector<const Session*>& sessions,
              const std::vector<std::string>& names) {
  Seen seen;
  Json fixtures = Json::array();
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    const Session* session = sessions[i];
    if (session == nullptr || !session->fixture().workflow) continue;
    const Fixture& fixture = session->fixture();
    // v1.1 portfolio: a fixture covers each of its workflows with that
    // workflow's lines.
    bool portfolio = fixture.is_portfolio();
    bool has = portfolio ? std::any_of(fixture.workflows.begin(), fixture.workflows.end(),
                                       [&](const auto& each) { return each->id == workflow.id; })
                         : fixture.workflow->id == workflow.id;
    if (!has) continue;
    fixtures.push_back(i < names.size() ? names[i] : session->fixture().name);
    // A trace always reads back; if it did not, that is a bug to report
    // (the caller's guard turns it into an internal error), not a run that
    // covered nothing.
    Collect(workflow, portfolio ? OnlyWorkflow(ReadRun(*session), workflow.id) : ReadRun(*session), &seen);
  }

  Tally nodes, branches, variants, exits, triggers, waits;
  std::vector<std::string> reasons;
  auto add_reason = [&reasons](const std::string& reason) {
    if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) reasons.push_back(reason);
  };
  for (const Node& node : workflow.nodes) {
    nodes.Add(seen.nodes.count(node.id) > 0, node.id);
    switch (node.type) {
      case NodeType::kBranch:
        for (const BranchArm& arm : node.branches) {
          branches.Add(seen.branches.count({node.id, arm.label}) > 0, {{"node", node.id}, {"label", arm.label}});
        }
        branches.Add(seen.branches.count({node.id, "else"}) > 0, {{"node", node.id}, {"label", "else"}});
        break;
      case NodeType::kSplit:
        for (const SplitVariant& variant : node.variants) {
          variants.Add(seen.variants.count({node.id, variant.label}) > 0, {{"node", node.id}, {"label", variant.label}});
        }
        if (node.winner) waits.Add(seen.waits.count({node.id, "winner"}) > 0, {{"node", node.id}, {"outcome", "winner"}});
        break;
      case NodeType::kWaitEvent:
      case NodeType::kWaitUntil: {
        std::string outcome = node.type == NodeType::kWaitEvent ? "event" : "condition";
        waits.Add(seen.waits.count({node.id, outcome}) > 0, {{"node", node.id}, {"outcome", outcome}});
        if (node.timeout) {
          waits.Add(seen.waits.count({node.id, "timeout"}) > 0, {{"node", node.id}, {"outcome", "timeout"}});
        }
        break;
      }
      case NodeType::kExit:
        add_reason(node.reason);
        break;
      default:
        break;
    }
  }
  if (workflow.goal) add_reason("goal");
  if (workflow.max_duration) add_reason("expired");
  for (const ExitOnEvent& on : workflow.exit_on_events) add_reason(on.reason);
  for (const std::string& reason : reasons) exits.Add(seen.exits.count(reason) > 0, reason);
  for (std::size_t i = 0; i < workflow.triggers.size(); ++i) {
    const Trigger& trigger = workflow.triggers[i];
    triggers.Add(seen.triggers.count(static_cast<int>(i)) > 0,
                 {{"index", i}, {"type", TriggerTypeName(trigger.type)}, {"description", TriggerWords(trigger)}});
  }

  int total = nodes.total + branches.total + variants.total + exits.total + triggers.total + waits.total;
  int covered = nodes.covered + branches.covered + variants.covered + exits.covered + triggers.covered + waits.covered;
  return {{"format", "flowproof.coverage/1"},
          {"workflow", workflow.id},
          {"fixtures", std::move(fixtures)},
          {"percent", total == 0 ? 100 : covered * 100 / total},
          {"nodes", nodes.ToJson()},
          {"branches", branches.ToJson()},
          {"variants", variants.ToJson()},
          {"exits", exits.ToJson()},
          {"triggers", triggers.ToJson()},
          {"wait_outcomes", waits.ToJson()}};
}

std::string CoverageText(const Json& coverage) {
  auto count = [](const Json& part) {
    return std::to_string(part.value("covered", 0)) + "/" + std::to_string(part.value("total", 0));
  };
  std::string out = "Coverage of workflow " + coverage.value("workflow", std::string()) + " by " +
                    std::to_string(coverage.value("fixtures", Json::array()).size()) + " fixture(s): " +
                    std::to_string(coverage.value("percent", 0)) + "%\n";
  struct Part {
    const char* key;
    const char* words;
  };
  static const Part kParts[] = {{"nodes", "nodes never entered"},
                                {"branches", "branch labels never taken"},
                                {"variants", "split variants never drawn"},
                                {"exits", "exit reasons never reached"},
                                {"triggers", "triggers that never enrolled anyone"},
                                {"wait_outcomes", "wait outcomes that never happened"}};
  for (const Part& part : kParts) {
    const Json& section = coverage.contains(part.key) ? coverage[part.key] : Json::object();
    if (section.value("total", 0) == 0) continue;
    std::string missed;
    for (const Json& item : section.value("missed", Json::array())) {
      std::string text;
      if (item.is_string()) text = item.get<std::string>();
      else if (item.contains("label")) text = item.value("node", std::string()) + "/" + item.value("label", std::string());
      else if (item.contains("outcome")) text = item.value("node", std::string()) + "/" + item.value("outcome", std::string());
      else if (item.contains("index")) {
        text = "#";
        text += item["index"].dump();
        text += ' ';
        text += item.value("description", std::string());
      }
      if (!missed.empty()) missed += ", ";
      missed += text;
    }
    out += std::string("  ") + part.key + " " + count(section) + (missed.empty() ? ", all exercised" : "; " + std::string(part.words) + ": " + missed) + "\n";
  }
  return out;
}

}  // namespace flowproof
