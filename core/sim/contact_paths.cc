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
  const std::vector<Node>& nodes = fixture_.workflow->nodes;
  for (std::size_t i = 0; i < nodes.size(); ++i) node_index_.emplace(nodes[i].id, static_cast<std::uint32_t>(i));
  paths_.assign(fixture_.contacts.size(), {});
}

void ContactPaths::Update(const std::vector<TraceLine>& trace) {
  Prepare();
  if (trace.size() < lines_read_) {
    for (std::vector<std::uint32_t>& path : paths_) path.clear();
    lines_read_ = 0;
  }
  for (std::size_t i = lines_read_; i < trace.size(); ++i) {
    const TraceLine& line = trace[i];
    bool enrolled = line.kind == "enrolled";
    if (!enrolled && line.kind != "entered") continue;
    auto contact = contact_index_.find(line.contact);
    if (contact == contact_index_.end()) continue;
    std::vector<std::uint32_t>& path = paths_[contact->second];
    if (enrolled) {
      path.clear();
      continue;
    }
    const Json* node = line.Find("node");
    if (node == nullptr || !node->is_string()) continue;
    auto found = node_index_.find(node->get_ref<const std::string&>());
    if (found != node_index_.end()) path.push_back(found->second);
  }
  lines_read_ = trace.size();
}

std::optional<std::size_t> ContactPaths::IndexOf(std::string_view id) {
  Prepare();
  auto it = contact_index_.find(id);
  if (it == contact_index_.end()) return std::nullopt;
  return it->second;
}

Json ContactPaths::Path(std::size_t index) const {
  Json out = Json::array();
  if (index >= paths_.size()) return out;
  const std::vector<Node>& nodes = fixture_.workflow->nodes;
  for (std::uint32_t node : paths_[index]) out.push_back(nodes[node].id);
  return out;
}

}  // namespace flowproof
