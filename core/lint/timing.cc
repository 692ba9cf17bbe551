#include "core/lint/timing.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <queue>
#include <utility>

#include "core/time/duration.h"

namespace flowproof::lint {
namespace {

// A daylight-saving change can make a local wait or window an hour longer.
constexpr Duration kDstSlack = kHour;

// The longest a `wait until` waits: from just after an allowed moment to the
// next one, i.e. the largest gap in days between consecutive allowed days.
Duration LongestUntilWait(std::uint8_t days) {
  days &= 0x7f;
  if (days == 0) return 7 * kDay;  // the parser forbids it; be safe
  int longest = 0;
  for (int d = 0; d < 7; ++d) {
    if (!(days & (1u << d))) continue;
    int gap = 1;
    while (!(days & (1u << ((d + gap) % 7)))) ++gap;
    longest = std::max(longest, gap);
  }
  return longest * kDay + kDstSlack;
}

Duration QuietWindowLength(const QuietHours& quiet) {
  int start = quiet.start.SecondsOfDay();
  int end = quiet.end.SecondsOfDay();
  int length = end >= start ? end - start : end + 24 * 3600 - start;
  return length == 0 ? 0 : length + kDstSlack;
}

bool HonoursQuietHours(Channel channel) { return channel != Channel::kWebhook && channel != Channel::kAdAudience; }

}  // namespace

std::string FormatBound(const std::optional<Duration>& bound) {
  return bound ? FormatDuration(*bound) : std::string("unbounded");
}

TimingTable Timing(const Workflow& workflow) {
  TimingTable table;
  const int n = static_cast<int>(workflow.nodes.size());
  table.nodes.resize(n);
  for (int i = 0; i < n; ++i) table.nodes[i].node = workflow.nodes[i].id;

  auto add = [&](int from, int to, Duration min, std::optional<Duration> max) {
    if (to < 0 || to >= n) return;
    table.edges.push_back(TimedEdge{from, to, min, max});
  };
  for (int i = 0; i < n; ++i) {
    const Node& node = workflow.nodes[i];
    switch (node.type) {
      case NodeType::kSend: {
        Duration hold = 0;
        if (workflow.quiet_hours && !workflow.quiet_hours->skip && HonoursQuietHours(node.channel)) {
          hold = QuietWindowLength(*workflow.quiet_hours);
        }
        table.nodes[i].hold = hold;
        add(i, node.next_index, 0, hold);
        break;
      }
      case NodeType::kUpdate:
        add(i, node.next_index, 0, 0);
        break;
      case NodeType::kBranch:
        for (const BranchArm& arm : node.branches) add(i, arm.next_index, 0, 0);
        add(i, node.else_index, 0, 0);
        break;
      case NodeType::kSplit:
        for (const SplitVariant& v : node.variants) add(i, v.next_index, 0, 0);
        break;
      case NodeType::kWait:
        switch (node.wait_kind) {
          case WaitKind::kFor: add(i, node.next_index, std::max<Duration>(0, node.wait_for), std::max<Duration>(0, node.wait_for)); break;
          case WaitKind::kUntil: add(i, node.next_index, 0, LongestUntilWait(node.until_days)); break;
          case WaitKind::kForExpr:
          case WaitKind::kUntilExpr: add(i, node.next_index, 0, std::nullopt); break;
        }
        break;
      case NodeType::kWaitEvent:
      case NodeType::kWaitUntil:
        add(i, node.next_index, 0, node.timeout);
        if (node.timeout) add(i, node.on_timeout_index, *node.timeout, *node.timeout);
        break;
      case NodeType::kEnroll:
      case NodeType::kUnenroll:  // acts on another workflow and goes on at once
        add(i, node.next_index, 0, 0);
        break;
      case NodeType::kExit:
        break;
    }
  }

  const int start = workflow.start_index;
  if (start < 0 || start >= n) return table;

  std::vector<std::vector<int>> out(n);
  for (int e = 0; e < static_cast<int>(table.edges.size()); ++e) out[table.edges[e].from].push_back(e);

  // Earliest: Dijkstra over the least times.
  constexpr Duration kInf = std::numeric_limits<Duration>::max();
  std::vector<Duration> earliest(n, kInf);
  using Item = std::pair<Duration, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
  earliest[start] = 0;
  queue.push({0, start});
  while (!queue.empty()) {
    auto [d, v] = queue.top();
    queue.pop();
    if (d != earliest[v]) continue;
    for (int e : out[v]) {
      const TimedEdge& edge = table.edges[e];
      Duration next = d > kInf - edge.min ? kInf : d + edge.min;
      if (next < earliest[edge.to]) {
        earliest[edge.to] = next;
        queue.push({next, edge.to});
      }
    }
  }

  // Latest: longest paths by Bellman-Ford relaxation over the reachable
  // nodes. A node still improving after n rounds lies behind a cycle that
  // takes time; it and everything after it are unbounded, as is whatever an
  // unbounded edge leads to.
  std::vector<Duration> latest(n, -1);
  std::vector<bool> unbounded(n, false);
  latest[start] = 0;
  std::vector<bool> improving(n, false);
  for (int round = 0; round <= n; ++round) {
    bool changed = false;
    std::fill(improving.begin(), improving.end(), false);
    for (const TimedEdge& edge : table.edges) {
      if (latest[edge.from] < 0 || unbounded[edge.from]) continue;
      if (!edge.max) {
        if (!unbounded[edge.to]) {
          unbounded[edge.to] = true;
          changed = true;
        }
        continue;
      }
      Duration next = latest[edge.from] + *edge.max;
      if (next > latest[edge.to]) {
        latest[edge.to] = next;
        improving[edge.to] = true;
        changed = true;
      }
    }
    if (!changed) break;
    if (round == n) {
      for (int v = 0; v < n; ++v) if (improving[v]) unbounded[v] = true;
    }
  }
  // Propagate unboundedness along every edge.
  std::vector<int> stack;
  for (int v = 0; v < n; ++v) if (unbounded[v]) stack.push_back(v);
  while (!stack.empty()) {
    int v = stack.back();
    stack.pop_back();
    for (int e : out[v]) {
      int to = table.edges[e].to;
      if (!unbounded[to]) {
        unbounded[to] = true;
        stack.push_back(to);
      }
    }
  }

  for (int v = 0; v < n; ++v) {
    NodeTiming& t = table.nodes[v];
    t.reachable = earliest[v] != kInf;
    if (!t.reachable) continue;
    t.earliest = earliest[v];
    if (!unbounded[v]) t.latest = latest[v];
  }
  return table;
}

}  // namespace flowproof::lint
