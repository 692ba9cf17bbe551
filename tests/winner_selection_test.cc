// Winner selection on a split (FORMAT.md "Split with winner selection"):
// test membership, held contacts, the decision and its metric, ties, late
// arrivals, determinism and located problems.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "core/sim/trace.h"
#include "tests/sim_test_support.h"

namespace flowproof::testing {
namespace {

Json WinnerSplit(Json metric, double share = 0.5) {
  return {{"type", "split"},
          {"mode", "ab"},
          {"variants", Json::array({{{"label", "A"}, {"weight", 50}, {"next", "send_a"}},
                                    {{"label", "B"}, {"weight", 50}, {"next", "send_b"}}})},
          {"winner", {{"test_share", share}, {"decide_after", "24h"}, {"metric", std::move(metric)}}}};
}

Json Workflow(Json metric, Json extra = Json::object()) {
  return MakeWorkflow({{"ab", WinnerSplit(std::move(metric))},
                       {"send_a", {{"type", "send"}, {"channel", "email"}, {"template", "welcome"}, {"next", "done"}}},
                       {"send_b", {{"type", "send"}, {"channel", "email"}, {"template", "promo"}, {"next", "done"}}},
                       {"done", {{"type", "exit"}}}},
                      "ab", std::move(extra));
}

Json ClickMetric() { return {{"event", "clicked"}, {"within", "12h"}}; }

std::vector<Json> Contacts(int n) {
  std::vector<Json> contacts;
  for (int i = 0; i < n; ++i) contacts.push_back({{"id", "c" + std::to_string(i)}, {"email", "c" + std::to_string(i) + "@example.com"}});
  return contacts;
}

// Signups of c0..c(n-1), one per hour from +1h.
std::vector<Json> Signups(int n) {
  std::vector<Json> script;
  for (int i = 0; i < n; ++i) script.push_back({{"at", "+" + std::to_string(i + 1) + "h"}, {"contact", "c" + std::to_string(i)}, {"event", "signup"}});
  return script;
}

std::vector<Json> Lines(const Session& session) {
  std::vector<Json> lines;
  std::string jsonl = session.TraceJsonl();
  std::size_t start = 0;
  while (start < jsonl.size()) {
    std::size_t end = jsonl.find('\n', start);
    lines.push_back(Json::parse(jsonl.substr(start, end - start)));
    start = end + 1;
  }
  return lines;
}

struct Outcome {
  std::map<std::string, std::string> tested;  // contact -> variant taken before the decision
  std::vector<std::string> held;             // in arrival order
  std::vector<std::string> released;         // split lines after the decision, in order
  Json decision;                             // the winner_selected line
};

Outcome Read(const Session& session) {
  Outcome out;
  for (const Json& line : Lines(session)) {
    if (line["kind"] == "winner_selected") {
      out.decision = line;
    } else if (line["kind"] == "split") {
      if (out.decision.is_null()) out.tested[line["contact"]] = line["label"];
      else out.released.push_back(line["contact"].get<std::string>() + "=" + line["label"].get<std::string>());
    } else if (line["kind"] == "waiting" && line.value("reason", "") == "winner_test") {
      out.held.push_back(line["contact"]);
    }
  }
  return out;
}

TEST(WinnerSelection, HeldContactsWaitAndTakeTheWinnerAtTheDecision) {
  auto session = RunFixture(MakeFixture(Workflow(ClickMetric()), Contacts(12), Signups(12)));
  ASSERT_TRUE(session);
  Outcome out = Read(*session);
  ASSERT_FALSE(out.held.empty());
  ASSERT_FALSE(out.tested.empty());
  EXPECT_EQ(out.held.size() + out.tested.size(), 12u);
  // First arrival at +1h, decide_after 24h: the decision is at +25h, and no contact.
  EXPECT_EQ(out.decision["t"], "2026-11-03T01:00:00Z");
  EXPECT_FALSE(out.decision.contains("contact"));
  EXPECT_EQ(out.decision["node"], "ab");
  // No clicks: a tie at 0, which goes to the first listed variant.
  EXPECT_EQ(out.decision["label"], "A");
  EXPECT_EQ(out.decision["rates"], (Json{{"A", 0.0}, {"B", 0.0}}));
  std::size_t tested_a = 0;
  for (const auto& [c, label] : out.tested) tested_a += label == "A";
  EXPECT_EQ(out.decision["tested"], (Json{{"A", tested_a}, {"B", out.tested.size() - tested_a}}));
  std::vector<std::string> expected;
  for (const std::string& c : out.held) expected.push_back(c + "=A");
  EXPECT_EQ(out.released, expected);
  // Every contact ends with a sent message and an exit: nobody is stuck.
  std::string jsonl = session->TraceJsonl();
  for (int i = 0; i < 12; ++i) {
    EXPECT_NE(jsonl.find("\"contact\":\"c" + std::to_string(i) + "\",\"kind\":\"exited\""), std::string::npos) << i;
  }
}

// Clicks for every contact tested with `variant`, `delay` after its signup.
std::vector<Json> ClicksFor(const Outcome& first, const std::string& variant, int delay_hours) {
  std::vector<Json> script = Signups(12);
  for (int i = 0; i < 12; ++i) {
    std::string c = "c" + std::to_string(i);
    auto it = first.tested.find(c);
    if (it != first.tested.end() && it->second == variant) {
      script.push_back({{"at", "+" + std::to_string(i + 1 + delay_hours) + "h"}, {"contact", c}, {"event", "clicked"}});
    }
  }
  std::sort(script.begin(), script.end(), [](const Json& a, const Json& b) {
    auto hours = [](const Json& e) { return std::stoi(e["at"].get<std::string>().substr(1)); };
    return hours(a) < hours(b);
  });
  return script;
}

TEST(WinnerSelection, MetricCountsEventsWithinTheWindowOnly) {
  auto base = RunFixture(MakeFixture(Workflow(ClickMetric()), Contacts(12), Signups(12)));
  ASSERT_TRUE(base);
  Outcome first = Read(*base);
  // B's testers click 2h after signup (inside 12h): B wins with rate 1.
  auto within = RunFixture(MakeFixture(Workflow(ClickMetric()), Contacts(12), ClicksFor(first, "B", 2)));
  ASSERT_TRUE(within);
  Outcome b = Read(*within);
  EXPECT_EQ(b.tested, first.tested) << "membership and variants are sticky";
  EXPECT_EQ(b.decision["label"], "B");
  EXPECT_EQ(b.decision["rates"]["B"], 1.0);
  for (const std::string& line : b.released) EXPECT_EQ(line.substr(line.size() - 2), "=B");
  // Clicks 13h after signup are outside `within`: a tie again, A.
  auto late = RunFixture(MakeFixture(Workflow(ClickMetric()), Contacts(12), ClicksFor(first, "B", 13)));
  ASSERT_TRUE(late);
  EXPECT_EQ(Read(*late).decision["label"], "A");
}

TEST(WinnerSelection, GoalMetric) {
  Json goal = {{"exit", {{"goal", {{"has_event", Json::array({"purchased", "30d"})}}}}}};
  auto base = RunFixture(MakeFixture(Workflow("goal", goal), Contacts(12), Signups(12)));
  ASSERT_TRUE(base);
  Outcome first = Read(*base);
  // Tested contacts pass straight through to the exit, so the goal must come
  // while they are enrolled: a wait keeps them in.
  Json workflow = MakeWorkflow({{"ab", WinnerSplit("goal")},
                                {"send_a", {{"type", "send"}, {"channel", "email"}, {"template", "welcome"}, {"next", "hold"}}},
                                {"send_b", {{"type", "send"}, {"channel", "email"}, {"template", "promo"}, {"next", "hold"}}},
                                {"hold", {{"type", "wait"}, {"for", "3d"}, {"next", "done"}}},
                                {"done", {{"type", "exit"}}}},
                               "ab", goal);
  auto run = RunFixture(MakeFixture(workflow, Contacts(12), [&] {
    std::vector<Json> s = ClicksFor(first, "B", 2);
    for (Json& e : s) if (e["event"] == "clicked") e["event"] = "purchased";
    return s;
  }()));
  ASSERT_TRUE(run);
  Outcome out = Read(*run);
  EXPECT_EQ(out.decision["label"], "B");
  EXPECT_EQ(out.decision["rates"]["A"], 0.0);
  EXPECT_EQ(out.decision["rates"]["B"], 1.0);
}

TEST(WinnerSelection, LaterArrivalsTakeTheWinnerAtOnce) {
  std::vector<Json> script = Signups(12);
  script.push_back({{"at", "+3d"}, {"contact", "late"}, {"event", "signup"}});
  std::vector<Json> contacts = Contacts(12);
  contacts.push_back({{"id", "late"}, {"email", "late@example.com"}});
  auto session = RunFixture(MakeFixture(Workflow(ClickMetric()), contacts, script));
  ASSERT_TRUE(session);
  std::string jsonl = session->TraceJsonl();
  EXPECT_NE(jsonl.find(R"({"t":"2026-11-05T00:00:00Z","contact":"late","kind":"split","node":"ab","label":"A"})"), std::string::npos);
  EXPECT_EQ(jsonl.find(R"("contact":"late","kind":"waiting")"), std::string::npos);
}

TEST(WinnerSelection, ShareOneTestsEveryoneAndShareZeroHoldsEveryone) {
  Json all = MakeWorkflow({{"ab", WinnerSplit(ClickMetric(), 1.0)}, {"send_a", {{"type", "exit"}}}, {"send_b", {{"type", "exit"}}}}, "ab");
  auto a = RunFixture(MakeFixture(all, Contacts(6), Signups(6)));
  ASSERT_TRUE(a);
  Outcome oa = Read(*a);
  EXPECT_EQ(oa.tested.size(), 6u);
  EXPECT_TRUE(oa.held.empty());
  Json none = MakeWorkflow({{"ab", WinnerSplit(ClickMetric(), 0.0)}, {"send_a", {{"type", "exit"}}}, {"send_b", {{"type", "exit"}}}}, "ab");
  auto b = RunFixture(MakeFixture(none, Contacts(6), Signups(6)));
  ASSERT_TRUE(b);
  Outcome ob = Read(*b);
  EXPECT_TRUE(ob.tested.empty());
  EXPECT_EQ(ob.held.size(), 6u);
  EXPECT_EQ(ob.decision["tested"], (Json{{"A", 0}, {"B", 0}}));
  EXPECT_EQ(ob.released.size(), 6u);
}

TEST(WinnerSelection, Deterministic) {
  Json fixture = MakeFixture(Workflow(ClickMetric()), Contacts(12), Signups(12));
  auto one = RunFixture(fixture);
  auto two = RunFixture(fixture);
  ASSERT_TRUE(one && two);
  EXPECT_EQ(one->TraceJsonl(), two->TraceJsonl());
}

TEST(WinnerSelection, LocatedProblems) {
  struct Case {
    Json winner;
    std::string pointer;
    std::string code;
  };
  std::vector<Case> cases = {
      {{{"test_share", 1.5}, {"decide_after", "1d"}, {"metric", "goal"}}, "/nodes/ab/winner/test_share", "out_of_range"},
      {{{"test_share", "half"}, {"decide_after", "1d"}, {"metric", "goal"}}, "/nodes/ab/winner/test_share", "wrong_type"},
      {{{"test_share", 0.5}, {"decide_after", "soon"}, {"metric", "goal"}}, "/nodes/ab/winner/decide_after", ""},
      {{{"test_share", 0.5}, {"decide_after", "1d"}, {"metric", "clicks"}}, "/nodes/ab/winner/metric", "unknown_value"},
      {{{"test_share", 0.5}, {"decide_after", "1d"}, {"metric", {{"event", "clicked"}}}}, "/nodes/ab/winner/metric", ""},
      {{{"test_share", 0.5}, {"decide_after", "1d"}}, "/nodes/ab/winner", ""},
      {"yes", "/nodes/ab/winner", "wrong_type"},
  };
  for (const Case& c : cases) {
    Json workflow = Workflow(ClickMetric());
    workflow["nodes"]["ab"]["winner"] = c.winner;
    SessionLoadResult loaded = Session::Load(MakeFixture(workflow, Contacts(1)).dump());
    ASSERT_FALSE(loaded.ok()) << c.winner.dump();
    bool found = false;
    for (const Problem& p : loaded.problems) {
      if (p.pointer.find(c.pointer) != std::string::npos && (c.code.empty() || p.code == c.code)) found = true;
    }
    EXPECT_TRUE(found) << c.winner.dump() << " " << loaded.problems.front().ToString();
  }
}

}  // namespace
}  // namespace flowproof::testing
