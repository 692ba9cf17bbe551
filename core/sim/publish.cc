#include "core/sim/publish.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "core/logic/rule.h"
#include "core/sim/trace_vocabulary.h"
#include "core/time/timestamp.h"
#include "core/time/zone.h"

namespace flowproof {

// A friend of Simulator (one line in simulator.h): moves a run's state from
// OLD's simulator into NEW's at the switch.
class PublishSwitch {
 public:
  static void Move(Simulator& from, Simulator& to, const PublishOptions& options, std::vector<Migration>* migrations,
                   const std::vector<TraceLine>* history);
};

namespace {

bool SameWinner(const SplitWinner& a, const SplitWinner& b) {
  return a.test_share == b.test_share && a.decide_after == b.decide_after && a.metric_goal == b.metric_goal &&
         a.metric_event == b.metric_event && a.within == b.within;
}

bool SameLabels(const Node& a, const Node& b) {
  if (a.variants.size() != b.variants.size()) return false;
  for (std::size_t v = 0; v < a.variants.size(); ++v) {
    if (a.variants[v].label != b.variants[v].label) return false;
  }
  return true;
}

bool SameWaitSpec(const Node& a, const Node& b) {
  return a.wait_kind == b.wait_kind && a.wait_for == b.wait_for && a.until_time.SecondsOfDay() == b.until_time.SecondsOfDay() &&
         a.until_days == b.until_days && (a.expr.has_value() == b.expr.has_value()) &&
         (!a.expr || a.expr->source == b.expr->source);
}

}  // namespace

void PublishSwitch::Move(Simulator& a, Simulator& b, const PublishOptions& options, std::vector<Migration>* migrations,
                         const std::vector<TraceLine>* history) {
  using Phase = Simulator::Phase;
  using WaitType = Simulator::WaitType;
  using TimerKind = Simulator::TimerKind;
  const Workflow& old_wf = a.workflow_;
  const Workflow& new_wf = b.workflow_;
  const Instant at = options.at;

  // Contacts: their state, with the defs and default zones of NEW's fixture.
  std::vector<const TimeZone*> zones;
  for (const auto& state : b.contacts_) zones.push_back(state.zone);
  b.contacts_ = std::move(a.contacts_);
  for (std::size_t i = 0; i < b.contacts_.size(); ++i) {
    b.contacts_[i].def = &b.fixture_->contacts[i];
    b.contacts_[i].zone = zones[i];
    b.contacts_[i].goal_false = false;  // the new version's goal is checked afresh
  }
  b.strings_.merge(a.strings_);  // interned names keep their addresses
  b.trace_ = std::move(a.trace_);
  b.trace_count_ = a.trace_count_;
  b.messages_ = std::move(a.messages_);
  b.pending_events_ = std::move(a.pending_events_);
  b.script_cursor_ = a.script_cursor_;
  b.started_ = true;
  b.steps_ = a.steps_;
  for (std::size_t i = 0; i < old_wf.nodes.size(); ++i) {
    auto it = new_wf.node_index.find(old_wf.nodes[i].id);
    if (it != new_wf.node_index.end()) b.entered_count_[it->second] = a.entered_count_[i];
  }
  // Winner tests under way (FORMAT.md "Split with winner selection"): a
  // split that NEW keeps, still with `winner`, keeps its test. Its tested
  // contacts count for the variant of the same label (a label NEW dropped
  // loses its tested contacts); a decision already made stands, under the
  // label's variant in NEW, unless NEW has no such label: then the test is
  // decided again at `at`. Undecided, with other winner settings or labels,
  // the decision is recomputed from the first arrival (as a wait from
  // entry: first arrival + NEW's decide_after, at `at` if that is past) by
  // NEW's metric; NEW's test_share applies to contacts arriving from `at`.
  // A split that lost `winner` releases its held contacts by weight; a
  // removed one makes them exit node_removed (below, per contact).
  struct MovedTest {
    int index;                           // NEW's node index
    std::vector<WinnerTest::Held> held;  // OLD's held list, tokens refreshed below
  };
  std::vector<MovedTest> moved_tests;
  for (auto& [old_index, test] : a.winner_tests_) {
    const Node& old_node = old_wf.nodes[old_index];
    std::string target = old_node.id;
    if (auto renamed = options.renamed.find(target); renamed != options.renamed.end()) target = renamed->second;
    auto found = new_wf.node_index.find(target);
    if (found == new_wf.node_index.end()) continue;
    const Node& node = new_wf.nodes[found->second];
    if (node.type != old_node.type) continue;
    if (!node.winner) continue;  // its held contacts are released, below
    WinnerTest moved = test;
    moved.tested.assign(node.variants.size(), {});
    for (std::size_t v = 0; v < old_node.variants.size(); ++v) {
      for (std::size_t w = 0; w < node.variants.size(); ++w) {
        if (node.variants[w].label == old_node.variants[v].label) moved.tested[w] = test.tested[v];
      }
    }
    bool recomputed = !SameWinner(*old_node.winner, *node.winner) || !SameLabels(old_node, node);
    if (test.decided) {
      moved.winner = -1;
      for (std::size_t w = 0; w < node.variants.size(); ++w) {
        if (node.variants[w].label == old_node.variants[test.winner].label) moved.winner = static_cast<int>(w);
      }
      if (moved.winner < 0) {
        moved.decided = false;
        moved.decision_at = at;
      }
    } else if (recomputed) {
      moved.decision_at = std::max(test.first_arrival + node.winner->decide_after, at);
    }
    moved_tests.push_back({found->second, std::move(moved.held)});
    moved.held.clear();
    b.winner_tests_[found->second] = std::move(moved);
  }

  // Reactions already drawn keep their events; every other timer is made
  // again under NEW's rules below.
  for (auto& [t, bucket] : a.timers_) {
    for (const auto& timer : bucket) {
      if (timer.kind == TimerKind::kReaction) b.timers_[t].push_back(timer);
    }
  }
  bool same_triggers = old_wf.triggers.size() == new_wf.triggers.size();
  if (same_triggers) {
    const Json& old_triggers = old_wf.source.value("entry", Json::object()).value("triggers", Json::array());
    const Json& new_triggers = new_wf.source.value("entry", Json::object()).value("triggers", Json::array());
    same_triggers = old_triggers == new_triggers;
  }

  // NEW's triggers from `at` on: a trigger due exactly at `at` still fires.
  b.now_ = at - 1;
  for (std::size_t i = 0; i < new_wf.triggers.size(); ++i) {
    const Trigger& trigger = new_wf.triggers[i];
    if (trigger.type == TriggerType::kSchedule && !trigger.local) {
      Instant first = trigger.schedule_at;
      if (first < at && trigger.every > 0) first += (at - first + trigger.every - 1) / trigger.every * trigger.every;
      if (first >= at) b.Schedule(first, 0, TimerKind::kGlobalSchedule, 0, static_cast<std::int32_t>(i));
    }
  }
  for (std::size_t c = 0; c < b.contacts_.size(); ++c) b.ScheduleContactTriggers(static_cast<int>(c), false);
  b.now_ = at;
  if (!same_triggers) {
    for (std::size_t c = 0; c < b.contacts_.size(); ++c) {
      auto& state = b.contacts_[c];
      state.condition_held = 0;
      for (std::size_t i = 0; i < new_wf.triggers.size(); ++i) {
        const Trigger& trigger = new_wf.triggers[i];
        if (trigger.type == TriggerType::kCondition && b.Holds(*trigger.condition, static_cast<int>(c), nullptr)) {
          state.condition_held |= std::uint64_t{1} << i;
        }
      }
    }
  }

  // The contacts inside: moved by node id. What must run at `at` runs after
  // every contact has moved, in contact order.
  std::vector<std::function<void()>> then;
  for (std::size_t c = 0; c < b.contacts_.size(); ++c) {
    auto& state = b.contacts_[c];
    const int contact = static_cast<int>(c);
    if (state.phase != Phase::kActive && state.phase != Phase::kWaiting) continue;
    const Node& old_node = old_wf.nodes[state.node];
    std::string target = old_node.id;
    if (auto renamed = options.renamed.find(target); renamed != options.renamed.end()) target = renamed->second;
    auto found = new_wf.node_index.find(target);
    Migration migration{state.def->id, old_node.id, std::nullopt, "", kNoTime, state.wait_until, kNoTime};
    // When the contact entered the node: its latest `waiting` line there
    // (in a portfolio, the line of this workflow).
    const std::vector<TraceLine>& lines = history != nullptr ? *history : b.trace_;
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
      if (it->contact != state.def->id || (!it->workflow.empty() && it->workflow != old_wf.id)) continue;
      const Json* node = it->Find("node");
      if (it->kind == trace_kind::kWaiting && node != nullptr && *node == old_node.id) {
        migration.entered = it->t;
        break;
      }
    }
    if (migration.entered == kNoTime && state.wait == WaitType::kTimer && old_node.wait_kind == WaitKind::kFor) {
      migration.entered = state.wait_until - old_node.wait_for;
    }
    if (b.Trace()) {
      b.Emit(TraceLine(at, state.def->id, trace_kind::kMigrated)
                 .Add("node", old_node.id)
                 .Add("to", found == new_wf.node_index.end() ? Json() : Json(target)));
    }
    if (found == new_wf.node_index.end()) {
      migration.rule = "node_removed";
      migrations->push_back(migration);
      b.Exit(contact, exit_reason::kNodeRemoved);
      continue;
    }
    migration.to = target;
    const int index = found->second;
    const Node& node = new_wf.nodes[index];
    state.node = index;
    migration.rule = target == old_node.id ? "kept" : "renamed";
    if (state.wait == WaitType::kHeld && node.type == old_node.type) {
      // Held outside a winner test (see the tests moved above).
      auto test = b.winner_tests_.find(index);
      if (test == b.winner_tests_.end()) {
        migration.rule = "released";  // NEW's split has no winner: a variant by weight
        state.phase = Phase::kActive;
        state.wait = WaitType::kNone;
        state.wait_until = kNoTime;
        ++state.token;
        then.push_back([&b, contact, index] { b.RunContact(contact, index); });
      } else {
        migration.new_until = test->second.decided ? at : test->second.decision_at;
        if (migration.new_until != migration.old_until) migration.rule = "winner_recomputed";
        state.wait_until = migration.new_until;
        ++state.token;  // DecideWinner releases it (its held entry is refreshed below)
        if (migration.rule == "winner_recomputed" && migration.new_until > at && b.Trace()) {
          b.Emit(TraceLine(at, state.def->id, trace_kind::kWaiting)
                     .Add("node", node.id)
                     .Add("until", FormatTimestamp(migration.new_until))
                     .Add("reason", hold::kWinnerTest));
        }
      }
    } else if (node.type != old_node.type) {
      migration.rule = "restarted";
      state.phase = Phase::kActive;
      state.wait = WaitType::kNone;
      state.wait_until = kNoTime;
      ++state.token;
      then.push_back([&b, contact, index] { b.RunContact(contact, index); });
    } else {
      Instant until = state.wait_until;
      bool recompute = false;
      if (state.wait == WaitType::kTimer && !SameWaitSpec(old_node, node)) {
        recompute = true;
        Instant entered = migration.entered != kNoTime ? migration.entered : at;
        switch (node.wait_kind) {
          case WaitKind::kFor:
            until = entered + node.wait_for;
            break;
          case WaitKind::kUntil:
            until = NextLocalTime(entered, *state.zone, node.until_time, node.until_days, false);
            break;
          case WaitKind::kForExpr: {
            Json value = b.Evaluate(*node.expr, contact, nullptr);
            until = value.is_number() && std::isfinite(value.get<double>())
                        ? entered + static_cast<Instant>(std::ceil(value.get<double>()))
                        : at;
            break;
          }
          case WaitKind::kUntilExpr: {
            Json value = b.Evaluate(*node.expr, contact, nullptr);
            std::optional<Instant> t = value.is_string() ? ParseTimestamp(value.get<std::string>()) : std::nullopt;
            until = t ? *t : at;
            break;
          }
        }
      } else if ((state.wait == WaitType::kEvent || state.wait == WaitType::kCondition) && old_node.timeout != node.timeout) {
        recompute = true;
        Instant entered = migration.entered != kNoTime ? migration.entered : at;
        until = node.timeout ? entered + *node.timeout : kNoTime;
      }
      if (recompute) migration.rule = "wait_recomputed";
      migration.new_until = until;
      bool condition_now = state.wait == WaitType::kCondition && node.condition && old_node.condition &&
                           node.condition->source != old_node.condition->source;
      if (recompute && until != kNoTime && until <= at) {
        const char* via = state.wait == WaitType::kTimer ? resume_via::kNext : resume_via::kTimeout;
        int next = state.wait == WaitType::kTimer ? node.next_index : node.on_timeout_index;
        then.push_back([&b, contact, via, next] { b.Resume(contact, via, next); });
      } else {
        state.wait_until = until;
        ++state.token;
        if (until != kNoTime) b.Schedule(until, static_cast<std::uint32_t>(contact), TimerKind::kWake, state.token, index);
        if (recompute && b.Trace()) {
          TraceLine line(at, state.def->id, trace_kind::kWaiting);
          line.Add("node", node.id);
          if (state.wait == WaitType::kEvent) line.Add("event", node.event);
          if (state.wait == WaitType::kCondition) line.Add("condition", node.condition->source);
          if (until != kNoTime) line.Add("until", FormatTimestamp(until));
          b.Emit(std::move(line));
        }
        if (condition_now) {
          then.push_back([&b, contact, index] {
            auto& s = b.contacts_[contact];
            if (s.phase == Phase::kWaiting && s.wait == WaitType::kCondition &&
                b.Holds(*b.workflow_.nodes[index].condition, contact, nullptr)) {
              b.Resume(contact, resume_via::kCondition, b.workflow_.nodes[index].next_index);
            }
          });
        }
      }
    }
    migrations->push_back(migration);
    // NEW's time limit, counted from the enrolment.
    if (new_wf.max_duration) {
      Instant due = state.enrolled_at + *new_wf.max_duration;
      if (due <= at) {
        then.push_back([&b, contact] {
          auto& s = b.contacts_[contact];
          if (s.phase == Phase::kActive || s.phase == Phase::kWaiting) b.Exit(contact, exit_reason::kExpired);
        });
      } else {
        b.Schedule(due, static_cast<std::uint32_t>(contact), TimerKind::kMaxDuration, 0, state.enrollments);
      }
    }
  }
  // The moved tests: held contacts still waiting there, with their new
  // tokens, in arrival order; the decision timer made again (or the
  // decision taken at `at`, after the moves, when it is due).
  for (MovedTest& moved : moved_tests) {
    WinnerTest& test = b.winner_tests_.at(moved.index);
    for (const WinnerTest::Held& h : moved.held) {
      const auto& state = b.contacts_[h.contact];
      if (state.phase == Phase::kWaiting && state.wait == WaitType::kHeld && state.node == moved.index) {
        test.held.push_back({h.contact, state.token});
      }
    }
    if (test.decided) continue;
    if (test.decision_at <= at) {
      const int index = moved.index;
      then.push_back([&b, index] { b.DecideWinner(index); });
    } else {
      b.Schedule(test.decision_at, 0, TimerKind::kWinnerDecision, 0, moved.index);
    }
  }
  for (auto& step : then) step();
}

PublishedRun RunPublished(std::shared_ptr<const Fixture> old_fixture, std::shared_ptr<const Fixture> new_fixture,
                          const PublishOptions& options, const SimulatorOptions& simulator_options) {
  PublishedRun run;
  if (old_fixture->population || new_fixture->population) {
    run.error = "--publish-at does not support a fixture with a population";
    return run;
  }
  if (options.at <= old_fixture->start) {
    run.simulator = std::make_unique<Simulator>(new_fixture, simulator_options);
    while (run.simulator->Step()) {}
    return run;
  }
  auto old_run = std::make_unique<Simulator>(old_fixture, simulator_options);
  if (options.at > old_fixture->until) {
    while (old_run->Step()) {}
    run.messages_before = old_run->messages().size();
    run.simulator = std::move(old_run);
    return run;
  }
  old_run->AdvanceTo(options.at - 1);
  run.messages_before = old_run->messages().size();
  run.simulator = std::make_unique<Simulator>(new_fixture, simulator_options);
  SwitchToVersion(*old_run, *run.simulator, options, &run.migrations);
  while (run.simulator->Step()) {}
  return run;
}

void SwitchToVersion(Simulator& from, Simulator& to, const PublishOptions& options, std::vector<Migration>* migrations,
                     const std::vector<TraceLine>* history) {
  PublishSwitch::Move(from, to, options, migrations, history);
}

}  // namespace flowproof
