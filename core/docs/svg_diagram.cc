#include "core/docs/svg_diagram.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <vector>

#include "core/base/markup_escape.h"
#include "core/docs/graph.h"
#include "core/words/page_words.h"

namespace flowproof::docs {
namespace {

// The page's sizes (diagram.js).
constexpr double kNodeW = 196;
constexpr double kNodeH = 80;
constexpr double kStartH = 56;
constexpr double kRankSep = 58;
constexpr double kNodeSep = 36;
constexpr double kDummySep = 18;
constexpr double kMargin = 16;

std::string Num(double v) {
  char buf[32];
  double r = std::round(v * 10) / 10;
  if (r == std::floor(r)) std::snprintf(buf, sizeof buf, "%.0f", r);
  else std::snprintf(buf, sizeof buf, "%.1f", r);
  std::string s = buf;
  return s == "-0" ? "0" : s;
}

struct Point {
  double x = 0;
  double y = 0;
};

// d3's curveBasis through the points, as the page draws edges.
std::string BasisPath(const std::vector<Point>& p) {
  if (p.empty()) return "";
  std::string d = "M" + Num(p[0].x) + "," + Num(p[0].y);
  if (p.size() == 2) return d + "L" + Num(p[1].x) + "," + Num(p[1].y);
  double x0 = p[0].x, y0 = p[0].y, x1 = p[0].x, y1 = p[0].y;
  auto bezier = [&](double x, double y) {
    d += "C" + Num((2 * x0 + x1) / 3) + "," + Num((2 * y0 + y1) / 3) + "," + Num((x0 + 2 * x1) / 3) + "," +
         Num((y0 + 2 * y1) / 3) + "," + Num((x0 + 4 * x1 + x) / 6) + "," + Num((y0 + 4 * y1 + y) / 6);
  };
  for (std::size_t i = 1; i < p.size(); ++i) {
    double x = p[i].x, y = p[i].y;
    if (i == 2) d += "L" + Num((5 * x0 + x1) / 6) + "," + Num((5 * y0 + y1) / 6);
    if (i >= 2) bezier(x, y);
    x0 = x1;
    x1 = x;
    y0 = y1;
    y1 = y;
  }
  if (p.size() >= 3) bezier(x1, y1);
  return d + "L" + Num(x1) + "," + Num(y1);
}

std::string NodeKind(const Json& node) {
  std::string type = StringMember(node, "type");
  if (type == "send") {
    std::string c = StringMember(node, "channel");
    if (c == "email" || c == "sms" || c == "push" || c == "webhook") return "send-" + c;
    if (c == "ad_audience") return "send-ad-audience";
    return "send-other";
  }
  if (type == "wait_event" || type == "wait_until") return "wait";
  if (type == "update" || type == "branch" || type == "split" || type == "wait" || type == "exit") return type;
  if (type == "enroll" || type == "unenroll") return "update";  // acts on the contact, goes on at once
  return "unknown";
}

std::string TypeLabel(const Json& node) {
  std::string type = StringMember(node, "type");
  if (type == "send") {
    std::string word = words::ChannelWord(StringMember(node, "channel"));
    for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return "SEND " + word;
  }
  static const std::map<std::string, std::string> kLabels = {
      {"update", "UPDATE"}, {"branch", "BRANCH"},       {"split", "SPLIT"},         {"wait", "WAIT"},
      {"exit", "EXIT"},     {"wait_event", "WAIT FOR EVENT"}, {"wait_until", "WAIT UNTIL"},
      {"enroll", "ENROLL"}, {"unenroll", "UNENROLL"}};
  auto it = kLabels.find(type);
  if (it != kLabels.end()) return it->second;
  for (char& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return type.empty() ? "?" : type;
}

struct Vertex {
  bool dummy = false;
  int node = -1;  // DocGraph index; -1 for the entry and dummies
  int rank = 0;
  double width = 0;
  double x = 0;  // centre
  double order = 0;
};

struct LaidEdge {
  const DocEdge* edge = nullptr;
  std::vector<int> chain;  // vertices from source to target (forward edges)
  bool back = false;
};

}  // namespace

std::string DiagramSvg(const Json& workflow) {
  DocGraph graph = BuildDocGraph(workflow);
  const int n = static_cast<int>(graph.ids.size());
  if (n > kMaxDrawnNodes)
    return "<p class=\"fp-doc-note\">The workflow has " + std::to_string(n) + " steps, more than the " +
           std::to_string(kMaxDrawnNodes) + " this document draws; the Mermaid source below has them all.</p>";
  const Json empty = Json::object();
  const Json& nodes = workflow.is_object() && workflow.contains("nodes") && workflow["nodes"].is_object() ? workflow["nodes"] : empty;

  // Vertex 0 is the entry, vertex i + 1 the node i.
  std::vector<Vertex> v(static_cast<std::size_t>(n) + 1);
  v[0].width = kNodeW;
  for (int i = 0; i < n; ++i) {
    v[static_cast<std::size_t>(i) + 1].node = i;
    v[static_cast<std::size_t>(i) + 1].width = kNodeW;
  }
  auto vx = [](int doc_index) { return doc_index + 1; };
  std::vector<std::vector<int>> out(v.size());  // edge indexes by source vertex
  for (std::size_t e = 0; e < graph.edges.size(); ++e) out[static_cast<std::size_t>(vx(graph.edges[e].from))].push_back(static_cast<int>(e));

  // Depth-first search from the entry, then from steps nobody reaches:
  // an edge to a vertex still on the stack closes a cycle.
  std::vector<int> state(v.size(), 0);  // 0 new, 1 on stack, 2 done
  std::vector<bool> back(graph.edges.size(), false);
  std::vector<int> postorder;
  std::function<void(int)> dfs = [&](int u) {
    state[static_cast<std::size_t>(u)] = 1;
    for (int e : out[static_cast<std::size_t>(u)]) {
      int w = vx(graph.edges[static_cast<std::size_t>(e)].to);
      if (state[static_cast<std::size_t>(w)] == 1) back[static_cast<std::size_t>(e)] = true;
      else if (state[static_cast<std::size_t>(w)] == 0) dfs(w);
    }
    state[static_cast<std::size_t>(u)] = 2;
    postorder.push_back(u);
  };
  dfs(0);
  for (int i : graph.order)
    if (state[static_cast<std::size_t>(vx(i))] == 0) dfs(vx(i));

  // Ranks: longest path over the forward edges, in topological order.
  std::vector<int> topo(postorder.rbegin(), postorder.rend());
  for (int u : topo) {
    if (u != 0 && v[static_cast<std::size_t>(u)].rank == 0) v[static_cast<std::size_t>(u)].rank = 1;  // steps nobody reaches sit below the entry
    for (int e : out[static_cast<std::size_t>(u)]) {
      if (back[static_cast<std::size_t>(e)]) continue;
      int w = vx(graph.edges[static_cast<std::size_t>(e)].to);
      v[static_cast<std::size_t>(w)].rank = std::max(v[static_cast<std::size_t>(w)].rank, v[static_cast<std::size_t>(u)].rank + 1);
    }
  }

  // Long edges pass through dummy vertices, one per rank in between.
  std::vector<LaidEdge> laid(graph.edges.size());
  for (std::size_t e = 0; e < graph.edges.size(); ++e) {
    laid[e].edge = &graph.edges[e];
    laid[e].back = back[e];
    int a = vx(graph.edges[e].from), b = vx(graph.edges[e].to);
    laid[e].chain.push_back(a);
    if (!back[e] && a != b) {
      for (int r = v[static_cast<std::size_t>(a)].rank + 1; r < v[static_cast<std::size_t>(b)].rank; ++r) {
        Vertex d;
        d.dummy = true;
        d.rank = r;
        d.width = 0;
        v.push_back(d);
        laid[e].chain.push_back(static_cast<int>(v.size()) - 1);
      }
    }
    laid[e].chain.push_back(b);
  }

  int max_rank = 0;
  for (const Vertex& x : v) max_rank = std::max(max_rank, x.rank);
  std::vector<std::vector<int>> layers(static_cast<std::size_t>(max_rank) + 1);
  // Initial order: reading order of steps, dummies after their edge's source.
  std::vector<int> reading(v.size(), 0);
  {
    int k = 0;
    reading[0] = k++;
    for (int i : graph.order) reading[static_cast<std::size_t>(vx(i))] = k++;
    for (const LaidEdge& le : laid)
      for (std::size_t c = 1; c + 1 < le.chain.size(); ++c) reading[static_cast<std::size_t>(le.chain[c])] = k++;
    std::vector<int> all(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) all[i] = static_cast<int>(i);
    std::sort(all.begin(), all.end(), [&](int a, int b) { return reading[static_cast<std::size_t>(a)] < reading[static_cast<std::size_t>(b)]; });
    for (int u : all) layers[static_cast<std::size_t>(v[static_cast<std::size_t>(u)].rank)].push_back(u);
  }
  // Neighbours along forward segments.
  std::vector<std::vector<int>> up(v.size()), down(v.size());
  for (const LaidEdge& le : laid) {
    if (le.back) continue;
    for (std::size_t c = 0; c + 1 < le.chain.size(); ++c) {
      down[static_cast<std::size_t>(le.chain[c])].push_back(le.chain[c + 1]);
      up[static_cast<std::size_t>(le.chain[c + 1])].push_back(le.chain[c]);
    }
  }
  auto renumber = [&](const std::vector<int>& layer) {
    for (std::size_t i = 0; i < layer.size(); ++i) v[static_cast<std::size_t>(layer[i])].order = static_cast<double>(i);
  };
  for (const auto& layer : layers) renumber(layer);
  auto sweep = [&](std::vector<int>& layer, const std::vector<std::vector<int>>& nb) {
    std::vector<std::pair<double, int>> keyed;
    for (int u : layer) {
      const std::vector<int>& ns = nb[static_cast<std::size_t>(u)];
      double key = v[static_cast<std::size_t>(u)].order;
      if (!ns.empty()) {
        double sum = 0;
        for (int w : ns) sum += v[static_cast<std::size_t>(w)].order;
        key = sum / static_cast<double>(ns.size());
      }
      keyed.emplace_back(key, u);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < layer.size(); ++i) layer[i] = keyed[i].second;
    renumber(layer);
  };
  for (int round = 0; round < 4; ++round) {
    for (std::size_t r = 1; r < layers.size(); ++r) sweep(layers[r], up);
    for (std::size_t r = layers.size(); r-- > 1;) sweep(layers[r - 1], down);
  }

  // Horizontal places: each vertex as near the mean of its neighbours as
  // the order and the spacing allow (least squares by merging blocks).
  auto gap = [&](int a, int b) {
    const Vertex& va = v[static_cast<std::size_t>(a)];
    const Vertex& vb = v[static_cast<std::size_t>(b)];
    double sep = (va.dummy || vb.dummy) ? kDummySep : kNodeSep;
    return va.width / 2 + vb.width / 2 + sep;
  };
  auto place = [&](const std::vector<int>& layer, const std::vector<double>& desired) {
    struct BlockRun {
      std::size_t first, last;
      double sum;  // of desired - offset
      double count;
      double p;
    };
    std::vector<double> offset(layer.size(), 0);
    std::vector<BlockRun> blocks;
    for (std::size_t i = 0; i < layer.size(); ++i) {
      BlockRun b{i, i, desired[i], 1, desired[i]};
      offset[i] = 0;
      while (!blocks.empty()) {
        BlockRun& prev = blocks.back();
        double need = prev.p + offset[prev.last] + gap(layer[prev.last], layer[b.first]);
        if (need <= b.p + offset[b.first]) break;
        double shift = offset[prev.last] + gap(layer[prev.last], layer[b.first]);
        for (std::size_t j = b.first; j <= b.last; ++j) offset[j] += shift;
        prev.sum += b.sum - shift * b.count;
        prev.count += b.count;
        prev.last = b.last;
        prev.p = prev.sum / prev.count;
        b = prev;
        blocks.pop_back();
      }
      blocks.push_back(b);
    }
    for (const BlockRun& b : blocks)
      for (std::size_t j = b.first; j <= b.last; ++j) v[static_cast<std::size_t>(layer[j])].x = b.p + offset[j];
  };
  // Start packed, then pull towards neighbours, down and up.
  for (const auto& layer : layers) {
    std::vector<double> desired(layer.size(), 0);
    place(layer, desired);
  }
  auto pull = [&](const std::vector<std::vector<int>>& nb, bool downward) {
    auto one = [&](const std::vector<int>& layer) {
      std::vector<double> desired;
      for (int u : layer) {
        const std::vector<int>& ns = nb[static_cast<std::size_t>(u)];
        double d = v[static_cast<std::size_t>(u)].x;
        if (!ns.empty()) {
          double sum = 0;
          for (int w : ns) sum += v[static_cast<std::size_t>(w)].x;
          d = sum / static_cast<double>(ns.size());
        }
        desired.push_back(d);
      }
      place(layer, desired);
    };
    if (downward)
      for (std::size_t r = 1; r < layers.size(); ++r) one(layers[r]);
    else
      for (std::size_t r = layers.size(); r-- > 1;) one(layers[r - 1]);
  };
  for (int round = 0; round < 6; ++round) {
    pull(up, true);
    pull(down, false);
  }
  pull(up, true);
  double min_x = 0, max_x = 0;
  bool first = true;
  for (const Vertex& x : v) {
    double l = x.x - x.width / 2, r = x.x + x.width / 2;
    if (first || l < min_x) min_x = l;
    if (first || r > max_x) max_x = r;
    first = false;
  }
  // Back edges loop round on the right: leave room for them.
  int back_count = 0;
  for (const LaidEdge& le : laid) back_count += le.back ? 1 : 0;
  double shift = kMargin - min_x;
  for (Vertex& x : v) x.x += shift;
  double width = (max_x - min_x) + 2 * kMargin + (back_count ? 40.0 + 14.0 * back_count : 0.0);
  double height = kMargin * 2 + (max_rank + 1) * kNodeH + max_rank * kRankSep;
  auto top = [&](int u) {
    const Vertex& x = v[static_cast<std::size_t>(u)];
    double row = kMargin + x.rank * (kNodeH + kRankSep);
    return u == 0 ? row + (kNodeH - kStartH) / 2 : row;
  };
  auto bottom = [&](int u) { return top(u) + (u == 0 ? kStartH : kNodeH); };
  auto centre_y = [&](int u) {
    const Vertex& x = v[static_cast<std::size_t>(u)];
    return kMargin + x.rank * (kNodeH + kRankSep) + kNodeH / 2;
  };

  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"fp-diagram-svg\" viewBox=\"0 0 " +
                    Num(std::ceil(width)) + " " + Num(std::ceil(height)) + "\" width=\"" + Num(std::ceil(width)) +
                    "\" height=\"" + Num(std::ceil(height)) + "\" role=\"img\" aria-label=\"Workflow diagram\">";
  svg += "<defs><marker id=\"fp-doc-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"10\" "
         "markerHeight=\"10\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" "
         "class=\"fp-arrow\"/></marker></defs>";
  std::string edges_svg = "<g class=\"fp-edges\">";
  std::string labels_svg;
  // Ports: a node's exits leave from spread points of its bottom side.
  std::map<int, std::vector<std::size_t>> exits;
  for (std::size_t e = 0; e < laid.size(); ++e)
    if (!laid[e].back) exits[laid[e].chain.front()].push_back(e);
  int back_index = 0;
  for (std::size_t e = 0; e < laid.size(); ++e) {
    const LaidEdge& le = laid[e];
    const DocEdge& de = *le.edge;
    int a = le.chain.front(), b = le.chain.back();
    std::vector<Point> pts;
    Point label_at;
    if (le.back) {
      double right = std::max(v[static_cast<std::size_t>(a)].x, v[static_cast<std::size_t>(b)].x) + kNodeW / 2 + 24 + 14.0 * back_index++;
      double sx = v[static_cast<std::size_t>(a)].x + kNodeW / 2, sy = centre_y(a) + 10;
      double tx = v[static_cast<std::size_t>(b)].x + kNodeW / 2, ty = centre_y(b) - 10;
      right = std::min(right, width - 6);
      pts = {{sx, sy}, {right, sy}, {right, (sy + ty) / 2}, {right, ty}, {tx, ty}};
      label_at = {right, (sy + ty) / 2};
    } else {
      const std::vector<std::size_t>& siblings = exits[a];
      std::size_t k = static_cast<std::size_t>(std::find(siblings.begin(), siblings.end(), e) - siblings.begin());
      double spread = std::min(40.0, (kNodeW - 40) / std::max<double>(1, static_cast<double>(siblings.size())));
      double port = v[static_cast<std::size_t>(a)].x + (static_cast<double>(k) - (static_cast<double>(siblings.size()) - 1) / 2) * spread;
      double y0 = bottom(a);
      pts.push_back({port, y0});
      pts.push_back({port, y0 + 12});
      for (std::size_t c = 1; c + 1 < le.chain.size(); ++c) pts.push_back({v[static_cast<std::size_t>(le.chain[c])].x, centre_y(le.chain[c])});
      double ty = top(b);
      pts.push_back({v[static_cast<std::size_t>(b)].x, ty - 12});
      pts.push_back({v[static_cast<std::size_t>(b)].x, ty});
      // The label sits in the gap below the source, on the way to the next point.
      double gy = y0 + (a == 0 ? (kNodeH - kStartH) / 2 : 0) + kRankSep / 2;
      const Point& p1 = pts[1];
      const Point& p2 = pts[2];
      double t = p2.y == p1.y ? 0 : (gy - p1.y) / (p2.y - p1.y);
      t = std::clamp(t, 0.0, 1.0);
      label_at = {p1.x + (p2.x - p1.x) * t, p1.y + (p2.y - p1.y) * t};
    }
    std::string kind = de.kind.empty() ? "next" : de.kind;
    edges_svg += "<g class=\"fp-edge-group\" data-kind=\"" + EscapeMarkup(kind) + "\"><path class=\"fp-edge fp-edge--" +
                 EscapeMarkup(kind) + (le.back ? " fp-edge--back" : "") + "\" d=\"" + BasisPath(pts) +
                 "\" marker-end=\"url(#fp-doc-arrow)\"/></g>";
    std::string label = words::Clip(de.label, 28);
    if (!label.empty()) {
      double w = static_cast<double>(words::Utf16Length(label)) * 6.6 + 12;
      labels_svg += "<g class=\"fp-edge-label\" transform=\"translate(" + Num(std::round(label_at.x)) + "," +
                    Num(std::round(label_at.y)) + ")\"><rect x=\"" + Num(-w / 2) + "\" y=\"-10\" width=\"" + Num(w) +
                    "\" height=\"20\" rx=\"10\"/><text text-anchor=\"middle\" dominant-baseline=\"central\" y=\"0\">" +
                    EscapeMarkup(label) + "</text></g>";
    }
  }
  edges_svg += "</g>";
  svg += edges_svg;
  svg += "<g class=\"fp-edge-labels\">" + labels_svg + "</g>";

  // Nodes.
  std::string nodes_svg = "<g class=\"fp-nodes\">";
  {
    std::string start_text;
    const Json* triggers = nullptr;
    if (workflow.is_object() && workflow.contains("entry") && workflow["entry"].is_object() &&
        workflow["entry"].contains("triggers") && workflow["entry"]["triggers"].is_array())
      triggers = &workflow["entry"]["triggers"];
    if (triggers && !triggers->empty()) {
      for (std::size_t i = 0; i < triggers->size(); ++i) start_text += (i ? " · or · " : "") + words::DescribeTrigger((*triggers)[i]);
    } else {
      start_text = "no trigger";
    }
    double x = v[0].x - kNodeW / 2, y = top(0);
    nodes_svg += "<g class=\"fp-node fp-node--start\" transform=\"translate(" + Num(std::round(x)) + "," + Num(std::round(y)) +
                 ")\"><title>" + EscapeMarkup("Starts on: " + start_text) + "</title><rect class=\"fp-node-box\" x=\"0\" y=\"0\" width=\"" +
                 Num(kNodeW) + "\" height=\"" + Num(kStartH) +
                 "\" rx=\"28\"/><text class=\"fp-node-type\" x=\"98\" y=\"20\" text-anchor=\"middle\">START</text>"
                 "<text class=\"fp-node-sub\" x=\"98\" y=\"38\" text-anchor=\"middle\">" +
                 EscapeMarkup(words::Clip(start_text, 34)) + "</text></g>";
  }
  for (int i : graph.order) {
    const Vertex& x = v[static_cast<std::size_t>(vx(i))];
    const std::string& id = graph.ids[static_cast<std::size_t>(i)];
    const Json& node = nodes[id];
    std::string what = words::DescribeNode(node);
    bool reachable = graph.reachable[static_cast<std::size_t>(i)];
    nodes_svg += "<g class=\"fp-node fp-node--" + NodeKind(node) + (reachable ? "" : " fp-node--unreachable") +
                 "\" transform=\"translate(" + Num(std::round(x.x - kNodeW / 2)) + "," + Num(std::round(top(vx(i)))) +
                 ")\" data-node=\"" + EscapeMarkup(id) + "\"><title>" + EscapeMarkup(id + " — " + what) +
                 "</title><rect class=\"fp-node-box\" x=\"0\" y=\"0\" width=\"196\" height=\"80\" rx=\"8\"/>"
                 "<rect class=\"fp-node-stripe\" x=\"0\" y=\"0\" width=\"6\" height=\"80\" rx=\"3\"/>"
                 "<text class=\"fp-node-type\" x=\"14\" y=\"17\">" +
                 EscapeMarkup(TypeLabel(node)) + "</text><text class=\"fp-node-title\" x=\"14\" y=\"37\">" +
                 EscapeMarkup(words::Clip(id, 24)) + "</text><text class=\"fp-node-sub\" x=\"14\" y=\"55\">" +
                 EscapeMarkup(words::Clip(what, 31)) + "</text>" +
                 (reachable ? "" : "<text class=\"fp-node-note\" x=\"14\" y=\"72\">no path reaches it</text>") + "</g>";
  }
  nodes_svg += "</g>";
  svg += nodes_svg + "</svg>";
  return svg;
}

}  // namespace flowproof::docs
