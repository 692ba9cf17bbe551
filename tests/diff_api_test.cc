// The diff of the page and the JavaScript API (core/api/diff_api.h): the
// CLI's JSON plus the change log in words, the behaviour diff and publishing
// when a fixture is given, and located failures that name the document.
#include <gtest/gtest.h>

#include <string>

#include "core/api/diff_api.h"
#include "sim_test_support.h"

namespace flowproof {
namespace {

using testing::MakeFixture;
using testing::MakeWorkflow;

Json Nodes(const char* wait) {
  return {{"send_welcome", {{"type", "send"}, {"channel", "email"}, {"template", "welcome"}, {"next", "wait_2d"}}},
          {"wait_2d", {{"type", "wait"}, {"for", wait}, {"next", "send_promo"}}},
          {"send_promo", {{"type", "send"}, {"channel", "email"}, {"template", "promo"}, {"next", "done"}}},
          {"done", {{"type", "exit"}}}};
}

Json Call(const Json& old_doc, const Json& new_doc, const Json& options = Json::object()) {
  return Json::parse(api::Diff(old_doc.dump(), new_doc.dump(), options.dump()));
}

Json Fixture(const Json& workflow) {
  Json alice = {{"id", "alice"}, {"email", "alice@example.com"}, {"first_name", "Alice"}};
  return MakeFixture(workflow, {alice}, {{{"at", "+1h"}, {"contact", "alice"}, {"event", "signup"}}}, "+10d");
}

TEST(DiffApi, StructuralChangeInJsonAndWords) {
  Json out = Call(MakeWorkflow(Nodes("2d"), "send_welcome"), MakeWorkflow(Nodes("3d"), "send_welcome"));
  ASSERT_TRUE(out["ok"].get<bool>()) << out.dump();
  const Json& r = out["result"];
  EXPECT_EQ(r["nodes"]["changed"]["wait_2d"]["for"], Json::array({"2d", "3d"}));
  ASSERT_EQ(r["changes"].size(), 1u);
  EXPECT_EQ(r["changes"][0]["line"], "wait_2d: waits 2 days → 3 days");
  EXPECT_TRUE(r["differs"].get<bool>());
  EXPECT_FALSE(r.contains("contacts"));  // no fixture, no behaviour diff

  Json same = Call(MakeWorkflow(Nodes("2d"), "send_welcome"), MakeWorkflow(Nodes("2d"), "send_welcome"));
  EXPECT_FALSE(same["result"]["differs"].get<bool>());
  EXPECT_TRUE(same["result"]["changes"].empty());
}

TEST(DiffApi, FixtureGivesTheBehaviourDiffAndPublishMigrates) {
  Json old_wf = MakeWorkflow(Nodes("2d"), "send_welcome");
  Json new_wf = MakeWorkflow(Nodes("3d"), "send_welcome");
  // A fixture given as OLD or NEW stands for its workflow.
  Json out = Call(Fixture(old_wf), new_wf, {{"fixture", Fixture(new_wf).dump()}});
  ASSERT_TRUE(out["ok"].get<bool>()) << out.dump();
  ASSERT_EQ(out["result"]["contacts"].size(), 1u);
  const Json& alice = out["result"]["contacts"][0];
  EXPECT_EQ(alice["contact"], "alice");
  EXPECT_EQ(alice["messages"]["changed"][0]["template"], "promo");  // a day later
  EXPECT_TRUE(out["result"]["differs"].get<bool>());

  Json published = Call(old_wf, new_wf, {{"fixture", Fixture(old_wf).dump()}, {"publishAt", "+1d"}});
  ASSERT_TRUE(published["ok"].get<bool>()) << published.dump();
  const Json& migrated = published["result"]["publish"]["migrated"];
  ASSERT_EQ(migrated.size(), 1u);
  EXPECT_EQ(migrated[0]["contact"], "alice");
  EXPECT_EQ(migrated[0]["rule"], "wait_recomputed");
  EXPECT_EQ(published["result"]["publish"]["at"], "2026-11-03T00:00:00Z");
}

TEST(DiffApi, DifferentIdsWarnAndBadInputNamesTheDocument) {
  Json other = MakeWorkflow(Nodes("2d"), "send_welcome");
  other["id"] = "another-flow";
  Json out = Call(MakeWorkflow(Nodes("2d"), "send_welcome"), other);
  ASSERT_TRUE(out["ok"].get<bool>()) << out.dump();
  ASSERT_EQ(out["result"]["warnings"].size(), 1u);

  Json bad = Json::parse(api::Diff(MakeWorkflow(Nodes("2d"), "send_welcome").dump(), "{\n  \"format\": 1,", "{}"));
  EXPECT_FALSE(bad["ok"].get<bool>());
  EXPECT_EQ(bad["code"], "invalid_input");
  EXPECT_EQ(bad["errors"][0]["code"], "invalid_json");
  EXPECT_EQ(bad["errors"][0]["line"], 2);
  EXPECT_NE(bad["errors"][0]["message"].get<std::string>().find("the newer version: "), std::string::npos);

  Json broken_old = MakeWorkflow(Nodes("2d"), "send_welcome");
  broken_old["nodes"]["wait_2d"]["next"] = "nowhere";
  Json located = Call(broken_old, other);
  EXPECT_EQ(located["errors"][0]["pointer"], "/nodes/wait_2d/next");
  EXPECT_NE(located["errors"][0]["message"].get<std::string>().find("the older version: "), std::string::npos);

  Json wf = MakeWorkflow(Nodes("2d"), "send_welcome");
  EXPECT_EQ(Call(wf, wf, {{"publishAt", "+1d"}})["code"], "invalid_argument");  // no fixture
  EXPECT_EQ(Call(wf, wf, {{"fixture", Fixture(wf).dump()}, {"publishAt", "soon"}})["code"], "invalid_argument");
  EXPECT_EQ(Json::parse(api::Diff(wf.dump(), wf.dump(), "[]"))["code"], "invalid_argument");
}

}  // namespace
}  // namespace flowproof
