// A workflow as a Mermaid `flowchart` (https://mermaid.js.org/syntax/flowchart.html),
// which GitHub, GitLab and most Markdown viewers draw from a ```mermaid block.
//
//   std::string source = MermaidFlowchart(workflow.source);
//   // flowchart TD
//   //   start(["START<br/>event 'form_submitted' ..."])
//   //   n0[/"tag_subscriber<br/>sets lifecycle_stage"/]
//   //   start --> n0
//   //   n3 -->|"opened"| n4
//
// Node ids in the chart are n0, n1, ... (never the user's ids, which may be
// Mermaid keywords such as `end`, or hold any character); every label is a
// quoted string in which quotes, angle brackets, ampersands, '#',
// backticks and '|' are written as Mermaid entity codes (#quot; #lt; #gt;
// #amp; #35; #96; #124;), so no user text can close the label, add markup or turn it
// into a Markdown string. Shapes by type: the entry a stadium, send a
// rectangle, update a parallelogram, branch a rhombus, split a hexagon,
// waits rounded, exit a double circle; classes colour them by type and channel.
// Timeout edges are dotted; branch, variant and wait outcomes carry the
// page's labels.
#pragma once

#include <string>

#include "core/base/json.h"

namespace flowproof::docs {

// The flowchart source, lines ending in "\n", no ``` fence. Never throws.
std::string MermaidFlowchart(const Json& workflow);

// `text` as the inside of a quoted Mermaid label (the escaping above;
// newlines become <br/>).
std::string MermaidLabelText(const std::string& text);

}  // namespace flowproof::docs
