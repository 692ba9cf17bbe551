// Publishing a new version while contacts are held outside a winner test
// (FORMAT.md "Split with winner selection" and "publishing a new version";
// core/sim/publish.h). The gallery's winner-test fixture (22 sign-ups, a
// decision 24 hours after the first) is published mid-test, at +12h, when
// ana, cleo, dev and others wait at subject_test for the decision, under:
//   kept            the same version: the test goes on, the run is the plain one
//   removed         NEW drops the split: the held contacts exit node_removed
//   decide_sooner   decide_after 24h -> 6h: recomputed from the first
//                   arrival, so due already: decided at the switch
//   decide_later    decide_after 24h -> 36h: the held wait 12 hours more
//   metric          the metric is now the goal: same time, NEW's metric
//   no_winner       NEW's split has no winner: released by weight
//   label_renamed   published after the decision (+2d) with B renamed B2:
//                   no variant of the winner's label, decided again at once
// Each case's migrations and trace from the switch on are compared with
// tests/golden/diff-publish-winner/<case>.jsonl; regenerate them with
//   FLOWPROOF_REGENERATE_GOLDEN=1 build/flowproof_tests --gtest_filter='PublishWinner*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/base/json_dump.h"
#include "core/sim/publish.h"
#include "core/time/timestamp.h"
#include "core/validate/validate_document.h"

namespace flowproof {
namespace {

const std::string kRoot = FLOWPROOF_SOURCE_DIR;

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Json OldWorkflow() { return Json::parse(ReadText(kRoot + "/fixtures/winner-test/workflow.json")); }

std::shared_ptr<const Fixture> FixtureWith(const Json& workflow) {
  Json fixture = Json::parse(ReadText(kRoot + "/fixtures/winner-test/signups.fixture.json"));
  fixture["workflow"] = workflow;
  fixture.erase("expect");
  DocumentOptions options;
  options.kind = DocumentKind::kFixture;
  DocumentCheck check = ValidateDocument(fixture, options);
  EXPECT_TRUE(check.ok()) << (check.problems.empty() ? "" : check.problems[0].ToString());
  return check.fixture;
}

struct Outcome {
  std::vector<Migration> migrations;
  std::vector<Json> after;  // trace lines at or after the switch
  std::string text;         // migrations then lines, one JSON a line: the golden file
};

Outcome Publish(const Json& new_workflow, const std::string& at) {
  PublishOptions options;
  options.at = *ParseTimestamp(at);
  PublishedRun run = RunPublished(FixtureWith(OldWorkflow()), FixtureWith(new_workflow), options, {});
  EXPECT_TRUE(run.ok()) << run.error;
  Outcome out;
  out.migrations = run.migrations;
  for (const Migration& m : run.migrations) {
    Json row = {{"migration", m.contact}, {"node", m.node}, {"to", m.to ? Json(*m.to) : Json()}, {"rule", m.rule}};
    if (m.old_until != kNoTime || m.new_until != kNoTime) {
      row["until"] = Json::array({m.old_until == kNoTime ? Json() : Json(FormatTimestamp(m.old_until)),
                                  m.new_until == kNoTime ? Json() : Json(FormatTimestamp(m.new_until))});
    }
    out.text += DumpJson(row) + "\n";
  }
  for (const TraceLine& line : run.simulator->trace()) {
    if (line.t < options.at) continue;
    out.after.push_back(line.ToObject());
    out.text += line.ToJson() + "\n";
  }
  return out;
}

void ExpectGolden(const std::string& name, const Outcome& outcome) {
  const std::string path = kRoot + "/tests/golden/diff-publish-winner/" + name + ".jsonl";
  if (std::getenv("FLOWPROOF_REGENERATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << outcome.text;
  }
  std::string golden = ReadText(path);
  ASSERT_FALSE(golden.empty()) << "missing " << path;
  EXPECT_EQ(outcome.text, golden) << name << ": regenerate as the comment at the top of this file says, if intended";
}

const char* kMidTest = "2026-12-01T21:00:00Z";   // +12h: held contacts wait for 2026-12-02T09:00
const char* kDecision = "2026-12-02T09:00:00Z";  // the decision under OLD

int Count(const Outcome& o, const char* kind, const char* key = nullptr, const char* value = nullptr) {
  int n = 0;
  for (const Json& line : o.after) {
    if (line["kind"] != kind) continue;
    if (key == nullptr || (line.contains(key) && line[key] == value)) ++n;
  }
  return n;
}

TEST(PublishWinner, KeptSplitKeepsItsHeldContactsAndTheTestGoesOn) {
  Outcome o = Publish(OldWorkflow(), kMidTest);
  ASSERT_FALSE(o.migrations.empty());
  for (const Migration& m : o.migrations) {
    EXPECT_EQ(m.rule, "kept") << m.contact;
    EXPECT_EQ(FormatTimestamp(m.new_until), kDecision) << m.contact;
  }
  // The same decision at the same time as without publishing, and every
  // held contact released then down the winner.
  PublishOptions never;
  never.at = *ParseTimestamp("2027-01-01T00:00:00Z");  // after the clock: OLD alone
  PublishedRun plain = RunPublished(FixtureWith(OldWorkflow()), FixtureWith(OldWorkflow()), never, {});
  std::vector<std::string> expected;
  for (const TraceLine& line : plain.simulator->trace()) {
    if (line.t >= *ParseTimestamp(kMidTest)) expected.push_back(line.ToJson());
  }
  std::vector<std::string> got;
  for (std::size_t i = 0, line = 0; i < o.text.size(); line++) {
    std::size_t end = o.text.find('\n', i);
    std::string text = o.text.substr(i, end - i);
    i = end + 1;
    if (line < o.migrations.size() || text.find("\"kind\":\"migrated\"") != std::string::npos) continue;
    got.push_back(text);
  }
  EXPECT_EQ(got, expected);
  EXPECT_EQ(Count(o, "winner_selected"), 1);
  // Every held contact is released down the winner at the decision.
  int released = 0;
  for (const Json& line : o.after) {
    if (line["kind"] == "split" && line["t"] == kDecision && line["label"] == "B") ++released;
  }
  EXPECT_EQ(released, static_cast<int>(o.migrations.size()));
  ExpectGolden("kept", o);
}

TEST(PublishWinner, RemovedSplitMakesItsHeldContactsExitNodeRemoved) {
  Json next = OldWorkflow();
  next["nodes"].erase("subject_test");
  next["start"] = "send_b";
  Outcome o = Publish(next, kMidTest);
  ASSERT_FALSE(o.migrations.empty());
  for (const Migration& m : o.migrations) EXPECT_EQ(m.rule, "node_removed") << m.contact;
  EXPECT_EQ(Count(o, "exited", "reason", "node_removed"), static_cast<int>(o.migrations.size()));
  EXPECT_EQ(Count(o, "winner_selected"), 0);
  ExpectGolden("removed", o);
}

TEST(PublishWinner, SoonerDecisionIsRecomputedFromTheFirstArrivalAndTakenAtTheSwitch) {
  Json next = OldWorkflow();
  next["nodes"]["subject_test"]["winner"]["decide_after"] = "6h";
  Outcome o = Publish(next, kMidTest);
  ASSERT_FALSE(o.migrations.empty());
  for (const Migration& m : o.migrations) {
    EXPECT_EQ(m.rule, "winner_recomputed") << m.contact;
    EXPECT_EQ(FormatTimestamp(m.old_until), kDecision);
    EXPECT_EQ(FormatTimestamp(m.new_until), kMidTest);  // 09:00 + 6h is past: at once
  }
  ASSERT_GE(o.after.size(), 2u);
  bool decided_at_switch = false;
  for (const Json& line : o.after) {
    if (line["kind"] == "winner_selected") decided_at_switch = line["t"] == kMidTest;
  }
  EXPECT_TRUE(decided_at_switch);
  ExpectGolden("decide_sooner", o);
}

TEST(PublishWinner, LaterDecisionKeepsThemHeldLonger) {
  Json next = OldWorkflow();
  next["nodes"]["subject_test"]["winner"]["decide_after"] = "36h";
  Outcome o = Publish(next, kMidTest);
  for (const Migration& m : o.migrations) {
    EXPECT_EQ(m.rule, "winner_recomputed") << m.contact;
    EXPECT_EQ(FormatTimestamp(m.new_until), "2026-12-02T21:00:00Z");
  }
  // Each held contact gets a waiting line with the new decision time.
  EXPECT_EQ(Count(o, "waiting", "until", "2026-12-02T21:00:00Z"), static_cast<int>(o.migrations.size()));
  int decisions = 0;
  for (const Json& line : o.after) {
    if (line["kind"] == "winner_selected") {
      ++decisions;
      EXPECT_EQ(line["t"], "2026-12-02T21:00:00Z");
    }
  }
  EXPECT_EQ(decisions, 1);
  ExpectGolden("decide_later", o);
}

TEST(PublishWinner, OtherMetricAtTheSameTimeKeepsTheContactsAndDecidesByTheNewMetric) {
  Json next = OldWorkflow();
  next["nodes"]["subject_test"]["winner"]["metric"] = "goal";
  Outcome o = Publish(next, kMidTest);
  for (const Migration& m : o.migrations) EXPECT_EQ(m.rule, "kept") << m.contact;  // same decision time
  bool decided = false;
  for (const Json& line : o.after) {
    if (line["kind"] != "winner_selected") continue;
    decided = true;
    EXPECT_EQ(line["t"], kDecision);
    // No goal in this workflow: every rate is 0, the tie goes to A.
    EXPECT_EQ(line["label"], "A");
    EXPECT_EQ(line["rates"]["B"], 0.0);
  }
  EXPECT_TRUE(decided);
  ExpectGolden("metric", o);
}

TEST(PublishWinner, SplitWithoutWinnerReleasesItsHeldContactsByWeight) {
  Json next = OldWorkflow();
  next["nodes"]["subject_test"].erase("winner");
  Outcome o = Publish(next, kMidTest);
  ASSERT_FALSE(o.migrations.empty());
  for (const Migration& m : o.migrations) EXPECT_EQ(m.rule, "released") << m.contact;
  // All of them take a variant at the switch; nobody waits for a decision.
  int split_at_switch = 0;
  for (const Json& line : o.after) {
    if (line["kind"] == "split" && line["t"] == kMidTest) ++split_at_switch;
  }
  EXPECT_EQ(split_at_switch, static_cast<int>(o.migrations.size()));
  EXPECT_EQ(Count(o, "winner_selected"), 0);
  ExpectGolden("no_winner", o);
}

TEST(PublishWinner, DecisionWhoseLabelNewDroppedIsMadeAgainAtTheSwitch) {
  Json next = OldWorkflow();
  next["nodes"]["subject_test"]["variants"][1]["label"] = "B2";
  const char* after_decision = "2026-12-03T09:00:00Z";
  Outcome o = Publish(next, after_decision);
  int decisions = 0;
  for (const Json& line : o.after) {
    if (line["kind"] != "winner_selected") continue;
    ++decisions;
    EXPECT_EQ(line["t"], after_decision);
    EXPECT_EQ(line["label"], "A");  // B's tested contacts do not count for B2: A wins the tie
  }
  EXPECT_EQ(decisions, 1);
  ExpectGolden("label_renamed", o);
}

}  // namespace
}  // namespace flowproof
