#include "core/sim/contact_paths.h"

namespace flowproof {

ContactPaths::ContactPaths(const Fixture& fixture) : fixture_(fixture) {}

void ContactPaths::Prepare() {
  if (prepared_) return;
  prepared_ = true;
  contact_index_.reserve(fixture_.contacts.size());
  for (std::size_t i = 0; i < fixture_.contacts.size(); ++i) {
    contact_index_.emplace(fixture_.contacts[i].id, static_cast<std::uint32_t>(i));
  }
  std::vector<const Workflow*> workflows;
  if (fixture_.is_portfolio()) {
    for (const auto& workflow : fixture_.workflows) workflows.push_back(workflow.get());
  } else {
    workflows.push_back(fixture_.workflow.get());
  }
  node_index_.resize(workflows.size());
  for (std::size_t w = 0; w < workflows.size(); ++w) {
    workflow_index_.emplace(workflows[w]->id, static_cast<std::uint32_t>(w));
    const std::vector<Node>& nodes = workflows[w]->nodes;
    for (std::size_t i = 0; i < nodes.size(); ++i) node_index_[w].emplace(nodes[i].id, static_cast<std::uint32_t>(i));
  }
  paths_.assign(workflows.size(), std::vector<std::vector<std::uint32_t>>(fixture_.contacts.size()));
}

std::optional<std::size_t> ContactPaths::WorkflowOf(const std::string& id) const {
  if (id.empty()) return 0;  // a run of one workflow writes no "workflow"
  auto found = workflow_index_.find(id);
  if (found == workflow_index_.end()) return std::nullopt;
  return found->second;
}

void ContactPaths::Update(const std::vector<TraceLine>& trace) {
  Prepare();
  if (trace.size() < lines_read_) {
    for (auto& per_workflow : paths_) {
      for (std::vector<std::uint32_t>& path : per_workflow) path.clear();
    }
    lines_read_ = 0;
  }
  for (std::size_t i = lines_read_; i < trace.size(); ++i) {
    const TraceLine& line = trace[i];
    bool enrolled = line.kind == "enrolled";
    if (!enrolled && line.kind != "entered") continue;
    auto contact = contact_index_.find(line.contact);
    if (contact == contact_index_.end()) continue;
    std::optional<std::size_t> workflow = WorkflowOf(line.workflow);
    if (!workflow) continue;
    std::vector<std::uint32_t>& path = paths_[*workflow][contact->second];
    if (enrolled) {
      path.clear();
      continue;
    }
    const Json* node = line.Find("node");
    if (node == nullptr || !node->is_string()) continue;
    auto found = node_index_[*workflow].find(node->get_ref<const std::string&>());
    if (found != node_index_[*workflow].end()) path.push_back(found->second);
  }
  lines_read_ = trace.size();
}

std::optional<std::size_t> ContactPaths::IndexOf(std::string_view id) {
  Prepare();
  auto it = contact_index_.find(id);
  if (it == contact_index_.end()) return std::nullopt;
  return it->second;
}

Json ContactPaths::Path(std::size_t index, std::size_t workflow) const {
  Json out = Json::array();
  if (workflow >= paths_.size() || index >= paths_[workflow].size()) return out;
  const std::vector<Node>& nodes = fixture_.is_portfolio() ? fixture_.workflows[workflow]->nodes : fixture_.workflow->nodes;
  for (std::uint32_t node : paths_[workflow][index]) out.push_back(nodes[node].id);
  return out;
}

}  // namespace flowproof
