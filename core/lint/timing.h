// Time analysis of a workflow: the earliest and latest time from enrolment
// to each node, over every path of the graph (FORMAT.md v1.1, `flowproof
// lint`, `flowproof docs` "timing table").
//
// Each edge of the graph takes a range of elapsed time:
//   wait for D                 exactly D
//   wait until HH:MM [days]    0 (arriving just before the moment) to the
//                              longest gap between two allowed days, plus
//                              one hour for a daylight-saving change
//   wait for_expr / until_expr 0 to unbounded (computed per contact)
//   wait_event, wait_until     `next`: 0 to the timeout (unbounded without
//                              one); `on_timeout`: exactly the timeout
//   send with quiet hours      0 to the window's length plus one hour (DST)
//     in `hold` mode           for channels that honour them (not webhook or
//                              ad_audience); the hold happens inside the
//                              send node, so it delays what comes after it
//   everything else            0
// The earliest time is a shortest path (Dijkstra over the least times);
// the latest is a longest path, unbounded when a cycle that takes time, or
// an unbounded wait, lies on some path to the node.
//
//   TimingTable table = Timing(workflow);
//   for (const NodeTiming& t : table.nodes)
//     if (t.reachable) std::cout << t.node << " " << FormatDuration(t.earliest) << " .. "
//                                << (t.latest ? FormatDuration(*t.latest) : "unbounded") << "\n";
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/model/workflow.h"
#include "core/time/types.h"

namespace flowproof::lint {

struct NodeTiming {
  std::string node;       // node id
  bool reachable = false; // some path from `start` reaches it
  Duration earliest = 0;  // least time from enrolment to entering the node
  // Greatest time from enrolment to entering the node; nullopt when there
  // is no bound (an unbounded wait, or a loop that takes time, on a path).
  std::optional<Duration> latest;
  // Send nodes: the most a quiet-hours hold can add inside the node (0 when
  // there are no quiet hours in hold mode or the channel ignores them).
  Duration hold = 0;
};

// An edge of the time graph: leaving `from` towards `to` takes between
// `min` and `max` (nullopt: unbounded) seconds, counted from entering `from`.
struct TimedEdge {
  int from = -1;
  int to = -1;
  Duration min = 0;
  std::optional<Duration> max;
};

struct TimingTable {
  std::vector<NodeTiming> nodes;  // in the order of Workflow::nodes
  std::vector<TimedEdge> edges;   // every edge, in node order then field order
};

// Analyses `workflow` (a parsed workflow: node indexes resolved). Never
// throws; linear in edges for the earliest, nodes x edges for the latest.
TimingTable Timing(const Workflow& workflow);

// "2d4h", "0s" or "unbounded": a bound for people.
std::string FormatBound(const std::optional<Duration>& bound);

}  // namespace flowproof::lint
