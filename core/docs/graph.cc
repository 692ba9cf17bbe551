#include "core/docs/graph.h"

#include <deque>
#include <map>

#include "core/words/page_words.h"

namespace flowproof::docs {

DocGraph BuildDocGraph(const Json& workflow) {
  DocGraph graph;
  if (!workflow.is_object()) return graph;
  auto nodes_it = workflow.find("nodes");
  if (nodes_it == workflow.end() || !nodes_it->is_object()) return graph;
  const Json& nodes = *nodes_it;
  std::map<std::string, int> index;
  for (auto it = nodes.begin(); it != nodes.end(); ++it) {
    index[it.key()] = static_cast<int>(graph.ids.size());
    graph.ids.push_back(it.key());
  }
  const int n = static_cast<int>(graph.ids.size());
  graph.reachable.assign(n, false);
  std::vector<std::vector<DocEdge>> out(n);
  for (int i = 0; i < n; ++i) {
    for (words::NodeEdge& e : words::NodeEdges(nodes[graph.ids[i]])) {
      auto to = index.find(e.to);
      if (to == index.end()) continue;
      out[i].push_back(DocEdge{i, to->second, std::move(e.label), std::move(e.kind), e.arm});
    }
  }
  std::deque<int> queue;
  auto start = workflow.find("start");
  if (start != workflow.end() && start->is_string()) {
    auto it = index.find(start->get<std::string>());
    if (it != index.end()) {
      graph.edges.push_back(DocEdge{-1, it->second, "", "start", -1});
      graph.reachable[it->second] = true;
      queue.push_back(it->second);
    }
  }
  while (!queue.empty()) {
    int i = queue.front();
    queue.pop_front();
    graph.order.push_back(i);
    for (const DocEdge& e : out[i]) {
      if (!graph.reachable[e.to]) {
        graph.reachable[e.to] = true;
        queue.push_back(e.to);
      }
    }
  }
  for (int i = 0; i < n; ++i)
    if (!graph.reachable[i]) graph.order.push_back(i);
  for (int i : graph.order)
    for (const DocEdge& e : out[i]) graph.edges.push_back(e);
  return graph;
}

}  // namespace flowproof::docs
