// Winner selection on a split (FORMAT.md "Split with winner selection"):
// Simulator members, kept apart from node_behaviours.cc because the test
// has state of its own (WinnerTest, core/sim/winner_selection.h).
#include "core/sim/winner_selection.h"

#include "core/sim/simulator.h"
#include "core/sim/stable_hash.h"
#include "core/sim/trace_vocabulary.h"
#include "core/time/timestamp.h"

namespace flowproof {

namespace {
// Salt of the test-membership hash: independent of the variant draw, which
// hashes (workflow, node, contact) alone.
constexpr char kTestSalt[] = "winner_test";
}  // namespace

bool Simulator::WinnerSplit(int contact, int index, int drawn, int* variant) {
  const Node& node = workflow_.nodes[index];
  const SplitWinner& rule = *node.winner;
  auto [it, first] = winner_tests_.try_emplace(index);
  WinnerTest& test = it->second;
  if (first) {
    test.first_arrival = now_;
    test.decision_at = now_ + rule.decide_after;
    test.tested.resize(node.variants.size());
    Schedule(test.decision_at, 0, TimerKind::kWinnerDecision, 0, index);
  }
  if (test.decided) {
    *variant = test.winner;
    return true;
  }
  ContactState& state = contacts_[contact];
  bool in_test = UnitInterval(StableHash({workflow_.id, node.id, state.def->id, kTestSalt}, fixture_->seed)) < rule.test_share;
  if (in_test) {
    test.tested[drawn].push_back({static_cast<std::uint32_t>(contact), now_, state.events.size()});
    *variant = drawn;
    return true;
  }
  StartWait(contact, index, WaitType::kHeld, kNoTime);
  state.wait_until = test.decision_at;  // shown as "until"; no wake timer: DecideWinner releases it
  test.held.push_back({static_cast<std::uint32_t>(contact), state.token});
  if (Trace()) {
    Emit(TraceLine(now_, state.def->id, trace_kind::kWaiting)
             .Add("node", node.id)
             .Add("until", FormatTimestamp(test.decision_at))
             .Add("reason", hold::kWinnerTest));
  }
  return false;
}

void Simulator::DecideWinner(int index) {
  const Node& node = workflow_.nodes[index];
  const SplitWinner& rule = *node.winner;
  WinnerTest& test = winner_tests_.at(index);
  Json rates = Json::object();
  Json tested = Json::object();
  double best_rate = -1;
  for (std::size_t v = 0; v < node.variants.size(); ++v) {
    std::size_t hits = 0;
    for (const WinnerTest::Tested& t : test.tested[v]) {
      const ContactState& state = contacts_[t.contact];
      bool hit = false;
      if (rule.metric_goal) {
        // The goal ends the enrolment: reached by now if the contact left
        // with the goal (the run is at the decision instant).
        hit = state.phase == Phase::kExited && state.exit_reason != nullptr && *state.exit_reason == exit_reason::kGoal;
      } else {
        Instant last = std::min(t.assigned_at + rule.within, now_);
        for (std::size_t e = t.history_at; e < state.events.size() && !hit; ++e) {
          const PastEvent& event = state.events[e];
          hit = event.at <= last && *event.name == rule.metric_event;
        }
      }
      if (hit) ++hits;
    }
    double rate = WinnerRate(hits, test.tested[v].size());
    rates[node.variants[v].label] = rate;
    tested[node.variants[v].label] = test.tested[v].size();
    if (rate > best_rate) {  // strictly greater: a tie stays with the first listed
      best_rate = rate;
      test.winner = static_cast<int>(v);
    }
  }
  test.decided = true;
  const SplitVariant& winner = node.variants[test.winner];
  if (Trace()) {
    Emit(TraceLine(now_, "", trace_kind::kWinnerSelected)
             .Add("node", node.id)
             .Add("label", winner.label)
             .Add("rates", std::move(rates))
             .Add("tested", std::move(tested)));
  }
  std::vector<WinnerTest::Held> held = std::move(test.held);
  test.held.clear();
  for (const WinnerTest::Held& h : held) {
    ContactState& state = contacts_[h.contact];
    if (state.phase != Phase::kWaiting || state.token != h.token) continue;  // left or moved on
    state.phase = Phase::kActive;
    state.wait = WaitType::kNone;
    state.wait_until = kNoTime;
    ++state.token;
    if (options_.observer) options_.observer->Split(static_cast<int>(h.contact), index, test.winner);
    if (Trace()) Emit(TraceLine(now_, state.def->id, trace_kind::kSplit).Add("node", node.id).Add("label", winner.label));
    RunContact(static_cast<int>(h.contact), winner.next_index);
  }
}

}  // namespace flowproof
