// The workflow drawn as SVG on the server side, for the self-contained HTML
// documentation (no script, no external font or file): the same picture as
// the page's diagram (web/src/page/diagram.js), with the same CSS classes
// (fp-node, fp-node--send-email, fp-edge, fp-edge-label, ...), so one style
// sheet (html.cc) draws both this and the page's own exported SVG.
//
//   std::string svg = DiagramSvg(workflow.source);
//   // <svg xmlns="http://www.w3.org/2000/svg" class="fp-diagram-svg" viewBox="0 0 W H" ...>...</svg>
//
// Layout: a small layered (Sugiyama-style) layout in place of the page's
// dagre: cycles broken by a depth-first search from the entry (the edges
// that close them are drawn as arcs on the right), ranks by longest path,
// long edges split into dummy points, the order in each rank improved by
// barycentre sweeps, then each node placed at the mean of its neighbours
// without overlaps. Deterministic: the same workflow gives the same bytes.
// Every text from the workflow is XML-escaped into text nodes or quoted
// attribute values.
#pragma once

#include <string>

#include "core/base/json.h"

namespace flowproof::docs {

// At most this many nodes are drawn; a larger workflow gets a note instead.
constexpr int kMaxDrawnNodes = 400;

// The SVG element (no XML declaration). Never throws.
std::string DiagramSvg(const Json& workflow);

}  // namespace flowproof::docs
