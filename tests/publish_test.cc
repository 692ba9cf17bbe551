// Publishing a new version mid-run (core/sim/publish.h): one golden trace
// per migration rule of FORMAT.md ("kept nodes keep their contacts, a
// changed wait is recomputed from entry, contacts at removed nodes exit
// node_removed"), plus the behaviour diff that reports them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/diff/behaviour_diff.h"
#include "core/diff/structural_diff.h"
#include "core/sim/publish.h"
#include "core/time/timestamp.h"
#include "core/validate/validate_document.h"
#include "sim_test_support.h"

namespace flowproof {
namespace {

using testing::MakeFixture;
using testing::MakeWorkflow;

Json Nodes() {
  return {{"send_welcome", {{"type", "send"}, {"channel", "email"}, {"template", "welcome"}, {"next", "wait_2d"}}},
          {"wait_2d", {{"type", "wait"}, {"for", "2d"}, {"next", "send_promo"}}},
          {"send_promo", {{"type", "send"}, {"channel", "email"}, {"template", "promo"}, {"next", "done"}}},
          {"done", {{"type", "exit"}}}};
}

std::shared_ptr<const Fixture> Parse(const Json& workflow) {
  Json alice = {{"id", "alice"}, {"email", "alice@example.com"}};
  Json fixture = MakeFixture(workflow, {alice}, {{{"at", "+1h"}, {"contact", "alice"}, {"event", "signup"}}}, "+10d");
  DocumentOptions options;
  options.kind = DocumentKind::kFixture;
  DocumentCheck check = ValidateDocument(fixture, options);
  EXPECT_TRUE(check.ok()) << (check.problems.empty() ? "" : check.problems[0].ToString());
  return check.fixture;
}

struct Published {
  std::vector<std::string> trace;  // every line after the switch, JSON
  std::vector<Migration> migrations;
};

Published Publish(const Json& old_doc, const Json& new_doc, const std::string& at,
                  std::map<std::string, std::string> renamed = {}) {
  auto old_fixture = Parse(old_doc);
  auto new_fixture = Parse(new_doc);
  PublishOptions options;
  options.at = *ParseTimestamp(at);
  options.renamed = std::move(renamed);
  PublishedRun run = RunPublished(old_fixture, new_fixture, options, {});
  EXPECT_TRUE(run.ok()) << run.error;
  Published out;
  for (const TraceLine& line : run.simulator->trace()) {
    if (line.t >= options.at) out.trace.push_back(line.ToJson());
  }
  out.migrations = run.migrations;
  return out;
}

const char* kAt = "2026-11-03T00:00:00Z";  // alice waits at wait_2d since +1h

TEST(Publish, KeptNodeKeepsItsContactAndItsWait) {
  Json old_doc = MakeWorkflow(Nodes(), "send_welcome");
  Json new_doc = old_doc;
  new_doc["templates"]["promo"]["subject"] = "Bigger deals";
  Published p = Publish(old_doc, new_doc, kAt);
  ASSERT_EQ(p.migrations.size(), 1u);
  EXPECT_EQ(p.migrations[0].rule, "kept");
  EXPECT_EQ(p.trace, (std::vector<std::string>{
                         R"({"t":"2026-11-03T00:00:00Z","contact":"alice","kind":"migrated","node":"wait_2d","to":"wait_2d"})",
                         R"({"t":"2026-11-04T01:00:00Z","contact":"alice","kind":"resumed","node":"wait_2d","via":"next"})",
                         R"({"t":"2026-11-04T01:00:00Z","contact":"alice","kind":"entered","node":"send_promo"})",
                         R"({"t":"2026-11-04T01:00:00Z","contact":"alice","kind":"sent","node":"send_promo","channel":"email","template":"promo"})",
                         R"({"t":"2026-11-04T01:00:00Z","contact":"alice","kind":"entered","node":"done"})",
                         R"({"t":"2026-11-04T01:00:00Z","contact":"alice","kind":"exited","reason":"completed"})",
                     }));
}

TEST(Publish, ChangedWaitIsRecomputedFromEntry) {
  Json old_doc = MakeWorkflow(Nodes(), "send_welcome");
  Json new_doc = old_doc;
  new_doc["nodes"]["wait_2d"]["for"] = "3d";
  Published p = Publish(old_doc, new_doc, kAt);
  ASSERT_EQ(p.migrations.size(), 1u);
  EXPECT_EQ(p.migrations[0].rule, "wait_recomputed");
  EXPECT_EQ(FormatTimestamp(p.migrations[0].entered), "2026-11-02T01:00:00Z");
  ASSERT_GE(p.trace.size(), 3u);
  EXPECT_EQ(p.trace[1], R"({"t":"2026-11-03T00:00:00Z","contact":"alice","kind":"waiting","node":"wait_2d","until":"2026-11-05T01:00:00Z"})");
  EXPECT_EQ(p.trace[2], R"({"t":"2026-11-05T01:00:00Z","contact":"alice","kind":"resumed","node":"wait_2d","via":"next"})");
}

TEST(Publish, ShortenedWaitAlreadyOverContinuesAtOnce) {
  Json old_doc = MakeWorkflow(Nodes(), "send_welcome");
  Json new_doc = old_doc;
  new_doc["nodes"]["wait_2d"]["for"] = "1d";  // entered +1h: over at +1d1h, before the switch at +1d
  Published p = Publish(old_doc, new_doc, "2026-11-03T12:00:00Z");
  ASSERT_EQ(p.migrations.size(), 1u);
  EXPECT_EQ(p.migrations[0].rule, "wait_recomputed");
  ASSERT_GE(p.trace.size(), 2u);
  EXPECT_EQ(p.trace[1], R"({"t":"2026-11-03T12:00:00Z","contact":"alice","kind":"resumed","node":"wait_2d","via":"next"})");
}

TEST(Publish, ContactAtARemovedNodeExitsNodeRemoved) {
  Json old_doc = MakeWorkflow(Nodes(), "send_welcome");
  Json new_doc = old_doc;
  new_doc["nodes"].erase("wait_2d");
  new_doc["nodes"]["send_welcome"]["next"] = "send_promo";
  Published p = Publish(old_doc, new_doc, kAt);
  ASSERT_EQ(p.migrations.size(), 1u);
  EXPECT_EQ(p.migrations[0].rule, "node_removed");
  EXPECT_EQ(p.trace, (std::vector<std::string>{
                         R"({"t":"2026-11-03T00:00:00Z","contact":"alice","kind":"migrated","node":"wait_2d","to":null})",
                         R"({"t":"2026-11-03T00:00:00Z","contact":"alice","kind":"exited","reason":"node_removed"})",
                     }));
}

TEST(Publish, ContactAtARenamedNodeFollowsTheRename) {
  Json old_doc = MakeWorkflow(Nodes(), "send_welcome");
  Json new_doc = old_doc;
  new_doc["nodes"]["pause"] = new_doc["nodes"]["wait_2d"];
  new_doc["nodes"].erase("wait_2d");
  new_doc["nodes"]["send_welcome"]["next"] = "pause";
  Published p = Publish(old_doc, new_doc, kAt, {{"wait_2d", "pause"}});
  ASSERT_EQ(p.migrations.size(), 1u);
  EXPECT_EQ(p.migrations[0].rule, "renamed");
  ASSERT_GE(p.trace.size(), 2u);
  EXPECT_EQ(p.trace[0], R"({"t":"2026-11-03T00:00:00Z","contact":"alice","kind":"migrated","node":"wait_2d","to":"pause"})");
  EXPECT_EQ(p.trace[1], R"({"t":"2026-11-04T01:00:00Z","contact":"alice","kind":"resumed","node":"pause","via":"next"})");
}

TEST(BehaviourDiff, ReportsFirstDifferenceAndMessagesChanged) {
  Json old_doc = MakeWorkflow(Nodes(), "send_welcome");
  Json new_doc = old_doc;
  new_doc["nodes"]["wait_2d"]["for"] = "3d";
  new_doc["templates"]["promo"]["subject"] = "Bigger deals";
  auto fixture = Parse(old_doc);
  auto new_fixture = Parse(new_doc);
  StructuralDiff structural = DiffWorkflows(*fixture->workflow, *new_fixture->workflow);
  BehaviourDiff diff = DiffBehaviour(fixture, fixture->workflow, new_fixture->workflow, structural, {});
  ASSERT_TRUE(diff.error.empty()) << diff.error;
  ASSERT_EQ(diff.contacts.size(), 1u);
  const Json& alice = diff.contacts[0];
  EXPECT_EQ(alice["contact"], "alice");
  EXPECT_EQ(alice["t"], "2026-11-02T01:00:00Z");
  EXPECT_EQ(alice["old"]["until"], "2026-11-04T01:00:00Z");
  EXPECT_EQ(alice["new"]["until"], "2026-11-05T01:00:00Z");
  ASSERT_EQ(alice["messages"]["changed"].size(), 1u);
  EXPECT_EQ(alice["messages"]["changed"][0]["template"], "promo");
  EXPECT_EQ(alice["messages"]["changed"][0]["diff"]["subject"], Json::array({"- Deals", "+ Bigger deals"}));
  EXPECT_TRUE(alice["messages"]["gained"].empty());
  EXPECT_TRUE(alice["messages"]["lost"].empty());
}

}  // namespace
}  // namespace flowproof
