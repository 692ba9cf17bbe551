// The workflow as a graph for documentation: its nodes in reading order and
// every edge with the page's label (words.h NodeEdges), shared by the
// Mermaid flowchart, the drawn SVG and the step list, so all three agree.
//
//   DocGraph graph = BuildDocGraph(workflow.source);
//   for (int i : graph.order) graph.ids[i] ...;       // start first, breadth first
//   for (const DocEdge& e : graph.edges) ...;        // from -1 is the entry
//
// Reading order: breadth first from `start`, each node's exits in the
// workflow's order; nodes no path reaches follow in id order. Edges to ids
// that do not exist are left out (the validator reports them).
#pragma once

#include <string>
#include <vector>

#include "core/base/json.h"

namespace flowproof::docs {

struct DocEdge {
  int from = -1;      // index into DocGraph::ids; -1 is the entry (start)
  int to = -1;
  std::string label;  // as on the page's diagram ("US", "else", "A · 50", "timeout", "")
  std::string kind;   // start, next, branch, else, variant, timeout
  int arm = -1;       // branch or variant index
};

struct DocGraph {
  std::vector<std::string> ids;    // node ids in the workflow's key order
  std::vector<int> order;          // reading order (indexes into ids)
  std::vector<bool> reachable;     // by index
  std::vector<DocEdge> edges;      // the entry edge first, then by node in reading order
};

// Never throws; a document without nodes gives an empty graph.
DocGraph BuildDocGraph(const Json& workflow);

}  // namespace flowproof::docs
