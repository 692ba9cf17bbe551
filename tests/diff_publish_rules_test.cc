// The migration rules of core/sim/publish.h that tests/publish_test.cc does
// not trace: a node whose type changed is entered afresh ("restarted"), and
// the timeout of a `wait_event` that changed is recomputed from when the
// contact entered it. Each is a golden trace of the run from the switch on.
#include <gtest/gtest.h>

#include <string>
#include <vector>

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

Json WaitForClick(const char* timeout) {
  return {{"type", "wait_event"}, {"event", "email_clicked"}, {"timeout", timeout}, {"next", "send_promo"}, {"on_timeout", "send_promo"}};
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
  std::vector<std::string> trace;  // from the switch on
  std::vector<Migration> migrations;
};

Published Publish(const Json& old_doc, const Json& new_doc, const char* at) {
  PublishOptions options;
  options.at = *ParseTimestamp(at);
  PublishedRun run = RunPublished(Parse(old_doc), Parse(new_doc), options, {});
  EXPECT_TRUE(run.ok()) << run.error;
  Published out{{}, run.migrations};
  for (const TraceLine& line : run.simulator->trace()) {
    if (line.t >= options.at) out.trace.push_back(line.ToJson());
  }
  return out;
}

const char* kAt = "2026-11-03T00:00:00Z";  // alice waits at wait_2d since 2026-11-02T01:00

TEST(PublishRules, NodeWhoseTypeChangedIsEnteredAfresh) {
  Json new_nodes = Nodes();
  new_nodes["wait_2d"] = WaitForClick("1d");
  Published p = Publish(MakeWorkflow(Nodes(), "send_welcome"), MakeWorkflow(new_nodes, "send_welcome"), kAt);
  ASSERT_EQ(p.migrations.size(), 1u);
  EXPECT_EQ(p.migrations[0].rule, "restarted");
  // Entered at the switch: the timeout counts from then, not from 2026-11-02T01:00.
  EXPECT_EQ(p.trace, (std::vector<std::string>{
                         R"({"t":"2026-11-03T00:00:00Z","contact":"alice","kind":"migrated","node":"wait_2d","to":"wait_2d"})",
                         R"({"t":"2026-11-03T00:00:00Z","contact":"alice","kind":"entered","node":"wait_2d"})",
                         R"({"t":"2026-11-03T00:00:00Z","contact":"alice","kind":"waiting","node":"wait_2d","event":"email_clicked","until":"2026-11-04T00:00:00Z"})",
                         R"({"t":"2026-11-04T00:00:00Z","contact":"alice","kind":"resumed","node":"wait_2d","via":"timeout"})",
                         R"({"t":"2026-11-04T00:00:00Z","contact":"alice","kind":"entered","node":"send_promo"})",
                         R"({"t":"2026-11-04T00:00:00Z","contact":"alice","kind":"sent","node":"send_promo","channel":"email","template":"promo"})",
                         R"({"t":"2026-11-04T00:00:00Z","contact":"alice","kind":"entered","node":"done"})",
                         R"({"t":"2026-11-04T00:00:00Z","contact":"alice","kind":"exited","reason":"completed"})",
                     }));
}

TEST(PublishRules, ChangedEventTimeoutIsRecomputedFromEntry) {
  Json old_nodes = Nodes();
  old_nodes["wait_2d"] = WaitForClick("3d");
  Json new_nodes = Nodes();
  new_nodes["wait_2d"] = WaitForClick("2d");
  Published p = Publish(MakeWorkflow(old_nodes, "send_welcome"), MakeWorkflow(new_nodes, "send_welcome"), kAt);
  ASSERT_EQ(p.migrations.size(), 1u);
  EXPECT_EQ(p.migrations[0].rule, "wait_recomputed");
  EXPECT_EQ(FormatTimestamp(p.migrations[0].new_until), "2026-11-04T01:00:00Z");
  // Entered 2026-11-02T01:00: the 2-day timeout ends 2026-11-04T01:00 (the 3-day one would have been 11-05).
  EXPECT_EQ(p.trace, (std::vector<std::string>{
                         R"({"t":"2026-11-03T00:00:00Z","contact":"alice","kind":"migrated","node":"wait_2d","to":"wait_2d"})",
                         R"({"t":"2026-11-03T00:00:00Z","contact":"alice","kind":"waiting","node":"wait_2d","event":"email_clicked","until":"2026-11-04T01:00:00Z"})",
                         R"({"t":"2026-11-04T01:00:00Z","contact":"alice","kind":"resumed","node":"wait_2d","via":"timeout"})",
                         R"({"t":"2026-11-04T01:00:00Z","contact":"alice","kind":"entered","node":"send_promo"})",
                         R"({"t":"2026-11-04T01:00:00Z","contact":"alice","kind":"sent","node":"send_promo","channel":"email","template":"promo"})",
                         R"({"t":"2026-11-04T01:00:00Z","contact":"alice","kind":"entered","node":"done"})",
                         R"({"t":"2026-11-04T01:00:00Z","contact":"alice","kind":"exited","reason":"completed"})",
                     }));
}

}  // namespace
}  // namespace flowproof
