#include "core/docs/mermaid.h"

#include "core/docs/graph.h"
#include "core/words/page_words.h"

namespace flowproof::docs {
namespace {

// Labels are cut so that the chart stays readable; the document's text
// says everything in full.
constexpr int kLabelChars = 48;

std::string Kind(const Json& node) {
  std::string type = node.is_object() && node.contains("type") && node["type"].is_string() ? node["type"].get<std::string>() : "";
  if (type == "send") {
    std::string channel = node.contains("channel") && node["channel"].is_string() ? node["channel"].get<std::string>() : "";
    if (channel == "email" || channel == "sms" || channel == "push" || channel == "webhook") return "send_" + channel;
    if (channel == "ad_audience") return "send_ad";
    return "send_other";
  }
  if (type == "wait_event" || type == "wait_until") return "wait";
  if (type == "update" || type == "branch" || type == "split" || type == "wait" || type == "exit") return type;
  if (type == "enroll" || type == "unenroll") return "update";  // acts on the contact, goes on at once
  return "unknown";
}

// Opening and closing of the node's shape.
std::pair<const char*, const char*> Shape(const std::string& kind) {
  if (kind == "update") return {"[/\"", "\"/]"};
  if (kind == "branch") return {"{\"", "\"}"};
  if (kind == "split") return {"{{\"", "\"}}"};
  if (kind == "wait") return {"(\"", "\")"};
  if (kind == "exit") return {"(((\"", "\")))"};
  return {"[\"", "\"]"};
}

}  // namespace

std::string MermaidLabelText(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '"': out += "#quot;"; break;
      case '<': out += "#lt;"; break;
      case '>': out += "#gt;"; break;
      case '&': out += "#amp;"; break;
      case '#': out += "#35;"; break;
      case '`': out += "#96;"; break;
      case '|': out += "#124;"; break;
      case '\n': out += "<br/>"; break;
      case '\r': break;
      case '\t': out += ' '; break;
      default:
        // Other control characters have no place in a label.
        if (static_cast<unsigned char>(c) < 0x20) out += ' ';
        else out += c;
    }
  }
  return out;
}

std::string MermaidFlowchart(const Json& workflow) {
  DocGraph graph = BuildDocGraph(workflow);
  const Json empty = Json::object();
  const Json& nodes = workflow.is_object() && workflow.contains("nodes") && workflow["nodes"].is_object() ? workflow["nodes"] : empty;
  std::string out = "flowchart TD\n";
  // The entry: every trigger, as the page's start node says it.
  std::string start_text;
  const Json* triggers = nullptr;
  if (workflow.is_object() && workflow.contains("entry") && workflow["entry"].is_object() &&
      workflow["entry"].contains("triggers") && workflow["entry"]["triggers"].is_array())
    triggers = &workflow["entry"]["triggers"];
  if (triggers && !triggers->empty()) {
    for (std::size_t i = 0; i < triggers->size(); ++i)
      start_text += (i ? " · or · " : "") + words::DescribeTrigger((*triggers)[i]);
  } else {
    start_text = "no trigger";
  }
  out += "  start([\"" + MermaidLabelText("START\n" + words::Clip(start_text, kLabelChars * 2)) + "\"])\n";
  for (int i : graph.order) {
    const Json& node = nodes[graph.ids[i]];
    std::string kind = Kind(node);
    auto [open, close] = Shape(kind);
    std::string label = words::Clip(graph.ids[i], kLabelChars) + "\n" + words::Clip(words::DescribeNode(node), kLabelChars);
    out += "  n" + std::to_string(i) + open + MermaidLabelText(label) + close + "\n";
  }
  for (const DocEdge& e : graph.edges) {
    std::string from = e.from < 0 ? "start" : "n" + std::to_string(e.from);
    std::string arrow = e.kind == "timeout" ? " -.->" : " -->";
    std::string label = e.label.empty() ? "" : "|\"" + MermaidLabelText(words::Clip(e.label, 28)) + "\"|";
    out += "  " + from + arrow + label + " n" + std::to_string(e.to) + "\n";
  }
  // Colours by type (the page's palette); unreachable nodes dashed.
  out += "  classDef entry fill:#eef2ff,stroke:#4f46e5,color:#1e1b4b\n";
  out += "  classDef send_email fill:#e0f2fe,stroke:#0369a1,color:#0c4a6e\n";
  out += "  classDef send_sms fill:#dcfce7,stroke:#15803d,color:#14532d\n";
  out += "  classDef send_push fill:#fae8ff,stroke:#a21caf,color:#4a044e\n";
  out += "  classDef send_ad fill:#fef9c3,stroke:#a16207,color:#422006\n";
  out += "  classDef send_webhook fill:#f1f5f9,stroke:#475569,color:#0f172a\n";
  out += "  classDef send_other fill:#f1f5f9,stroke:#475569,color:#0f172a\n";
  out += "  classDef update fill:#fff7ed,stroke:#c2410c,color:#431407\n";
  out += "  classDef branch fill:#fefce8,stroke:#a16207,color:#422006\n";
  out += "  classDef split fill:#fdf2f8,stroke:#be185d,color:#500724\n";
  out += "  classDef wait fill:#f5f5f4,stroke:#57534e,color:#1c1917\n";
  out += "  classDef exit fill:#f3f4f6,stroke:#374151,color:#111827\n";
  out += "  classDef unknown fill:#ffffff,stroke:#9ca3af,color:#111827\n";
  out += "  classDef unreachable stroke-dasharray:4 3,opacity:0.6\n";
  out += "  class start entry\n";
  // One `class` line per kind, nodes in reading order.
  std::vector<std::pair<std::string, std::string>> by_kind;
  for (int i : graph.order) {
    std::string kind = Kind(nodes[graph.ids[i]]);
    bool found = false;
    for (auto& [k, list] : by_kind)
      if (k == kind) {
        list += ",n" + std::to_string(i);
        found = true;
      }
    if (!found) by_kind.emplace_back(kind, "n" + std::to_string(i));
  }
  for (const auto& [kind, list] : by_kind) out += "  class " + list + " " + kind + "\n";
  std::string unreachable;
  for (int i : graph.order)
    if (!graph.reachable[i]) unreachable += (unreachable.empty() ? "" : ",") + ("n" + std::to_string(i));
  if (!unreachable.empty()) out += "  class " + unreachable + " unreachable\n";
  return out;
}

}  // namespace flowproof::docs
