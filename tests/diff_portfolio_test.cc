// `flowproof diff --fixture` of a portfolio (core/diff/version_fixture.h):
// an edit to one workflow runs beside the others it shares contacts, a cap
// and enroll nodes with, so what it does to the other workflows shows.
//
// The gallery's online shop (fixtures/portfolio-shop): at 09:00 on Black
// Friday Ben's cart reminder (abandoned-cart, earlier in the priority) and
// the Black Friday email (promotion) are both due, and the portfolio cap of
// two emails a day suppresses Black Friday. The edit drops that cart
// reminder: the abandoned-cart workflow loses an email, and the promotion
// workflow gains one.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/api/diff_api.h"
#include "core/cli/commands.h"
#include "core/forecast/forecast.h"
#include "core/validate/validate_document.h"
#include "tests/cli_test_support.h"

namespace flowproof {
namespace {

const std::string kShop = std::string(FLOWPROOF_SOURCE_DIR) + "/fixtures/portfolio-shop/";

void WriteText(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

CliResult RunDiff(const cli::Args& args) { return RunCli(cli::Diff, args); }

Json Cart() { return Json::parse(ReadText(kShop + "abandoned-cart.workflow.json")); }

// The cart workflow without its second reminder (the 09:00 email).
Json CartWithoutSecondReminder() {
  Json cart = Cart();
  cart["nodes"]["wait_morning"]["next"] = "wait_1d";
  cart["nodes"].erase("send_second");
  return cart;
}

// A workflow written to a file of its own, for the command line.
std::string FileOf(const Json& workflow, const std::string& name) {
  std::string path = testing::TempDir() + name;
  WriteText(path, workflow.dump(2));
  return path;
}

// A portfolio fixture of the gallery with its workflows inlined (so that it
// parses without files), the workflow of `replaced`'s id replaced by it.
Json InlinedShop(const std::string& fixture_file, const Json& replaced = Json()) {
  Json fixture = Json::parse(ReadText(kShop + fixture_file));
  for (Json& entry : fixture["workflows"]) {
    entry = Json::parse(ReadText(kShop + entry.get<std::string>()));
    if (replaced.is_object() && entry["id"] == replaced["id"]) entry = replaced;
  }
  return fixture;
}

const Json* ContactDiff(const Json& contacts, const std::string& id) {
  for (const Json& c : contacts) {
    if (c["contact"] == id) return &c;
  }
  return nullptr;
}

TEST(DiffPortfolio, AnEditToOneWorkflowShowsWhatItDoesToTheOthers) {
  std::string edited = FileOf(CartWithoutSecondReminder(), "cart-v2.workflow.json");
  CliResult json = RunDiff({kShop + "abandoned-cart.workflow.json", edited, "--fixture", kShop + "shop.fixture.json", "--format", "json"});
  ASSERT_EQ(json.status, 1) << json.err;
  Json result = Json::parse(json.out);
  EXPECT_EQ(result["nodes"]["removed"], Json::array({"send_second"}));
  ASSERT_EQ(result["contacts"].size(), 1u) << result["contacts"].dump(2);
  const Json* ben = ContactDiff(result["contacts"], "ben");
  ASSERT_NE(ben, nullptr);
  EXPECT_EQ((*ben)["t"], "2026-11-27T09:00:00Z");
  EXPECT_EQ((*ben)["old"]["node"], "send_second");
  EXPECT_EQ((*ben)["old"]["workflow"], "abandoned-cart");
  EXPECT_EQ((*ben)["new"]["node"], "wait_1d");
  // Paired by workflow and template: the cart loses its reminder, the
  // promotion (not edited) gains the email the cap held back.
  const Json& messages = (*ben)["messages"];
  ASSERT_EQ(messages["lost"].size(), 1u);
  EXPECT_EQ(messages["lost"][0]["template"], "cart_still_there");
  EXPECT_EQ(messages["lost"][0]["workflow"], "abandoned-cart");
  ASSERT_EQ(messages["gained"].size(), 1u);
  EXPECT_EQ(messages["gained"][0]["template"], "black_friday");
  EXPECT_EQ(messages["gained"][0]["workflow"], "promotion");
  EXPECT_EQ(messages["gained"][0]["t"], "2026-11-27T09:00:00Z");
  EXPECT_TRUE(messages["changed"].empty());

  CliResult text = RunDiff({kShop + "abandoned-cart.workflow.json", edited, "--fixture", kShop + "shop.fixture.json"});
  EXPECT_EQ(text.status, 1);
  EXPECT_NE(text.out.find("gained black_friday of promotion at 2026-11-27T09:00:00Z"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("lost cart_still_there of abandoned-cart"), std::string::npos) << text.out;
}

TEST(DiffPortfolio, TheSameVersionChangesNoContact) {
  CliResult same = RunDiff({kShop + "promotion.workflow.json", kShop + "promotion.workflow.json", "--fixture", kShop + "shop.fixture.json",
                            "--format", "json"});
  EXPECT_EQ(same.status, 0) << same.err;
  EXPECT_TRUE(Json::parse(same.out)["contacts"].empty());
}

TEST(DiffPortfolio, ThePopulationsForecastIsThePortfoliosWithTheEditedWorkflow) {
  std::string edited = FileOf(CartWithoutSecondReminder(), "cart-v2.workflow.json");
  CliResult json = RunDiff({kShop + "abandoned-cart.workflow.json", edited, "--fixture", kShop + "audience.fixture.json", "--format", "json"});
  ASSERT_EQ(json.status, 1) << json.err;
  Json cohort = Json::parse(json.out)["forecast"];
  EXPECT_EQ(cohort["workflow"], "abandoned-cart");
  EXPECT_TRUE(cohort["changed"].get<bool>());
  // Each side is the portfolio's own forecast, run here apart.
  auto forecast = [](const Json& fixture) {
    DocumentOptions options;
    options.kind = DocumentKind::kFixture;
    DocumentCheck check = ValidateDocument(fixture, options);
    EXPECT_TRUE(check.ok()) << (check.problems.empty() ? "" : check.problems[0].ToString());
    return RunForecast(check.fixture, ForecastOptions());
  };
  Json before = forecast(InlinedShop("audience.fixture.json"));
  Json after = forecast(InlinedShop("audience.fixture.json", CartWithoutSecondReminder()));
  for (const char* id : {"abandoned-cart", "order-updates", "promotion", "welcome", "win-back"}) {
    for (const char* figure : {"enrolled", "sent", "suppressed_by_portfolio_cap"}) {
      EXPECT_EQ(cohort["portfolio"][figure][id]["old"], before["portfolio"][figure][id]) << figure << " " << id;
      EXPECT_EQ(cohort["portfolio"][figure][id]["new"], after["portfolio"][figure][id]) << figure << " " << id;
    }
  }
  EXPECT_EQ(cohort["messages"]["cart_still_there"]["sent"]["old"], before["workflows"]["abandoned-cart"]["messages"]["cart_still_there"]["sent"]);
  EXPECT_TRUE(cohort["messages"]["cart_still_there"]["sent"]["new"].is_null());
  EXPECT_EQ(cohort["per_contact"]["messages_mean"]["new"], after["per_contact"]["messages_mean"]);
  // Fewer cart emails: the cap holds back fewer of the promotion's, which sends more.
  EXPECT_LT(cohort["portfolio"]["suppressed_by_portfolio_cap"]["promotion"]["delta"].get<int>(), 0);
  EXPECT_GT(cohort["portfolio"]["sent"]["promotion"]["delta"].get<int>(), 0);
  EXPECT_EQ(cohort["portfolio"]["sent"]["promotion"]["delta"].get<int>(),
            -cohort["portfolio"]["suppressed_by_portfolio_cap"]["promotion"]["delta"].get<int>());
  ASSERT_TRUE(cohort["portfolio"]["pairs"].contains("welcome + promotion")) << cohort["portfolio"]["pairs"].dump();

  CliResult text = RunDiff({kShop + "abandoned-cart.workflow.json", edited, "--fixture", kShop + "audience.fixture.json"});
  EXPECT_NE(text.out.find("in the portfolio: workflow abandoned-cart's own figures"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("    promotion: enrolled "), std::string::npos) << text.out;
}

// Published on Black Friday at midnight: Ben waits for the cart's 09:00
// reminder (since 20:00 the day before) and stays; from then on the cart
// runs the newer version, and the promotion goes on as it was.
TEST(DiffPortfolio, PublishingSwitchesTheOneWorkflowWhileTheOthersGoOn) {
  std::string edited = FileOf(CartWithoutSecondReminder(), "cart-v2.workflow.json");
  const std::string shop = kShop + "shop.fixture.json";
  CliResult published = RunDiff({kShop + "abandoned-cart.workflow.json", edited, "--fixture", shop, "--publish-at", "+4d", "--format", "json"});
  ASSERT_EQ(published.status, 1) << published.err;
  Json result = Json::parse(published.out);
  EXPECT_EQ(result["publish"]["at"], "2026-11-27T00:00:00Z");
  EXPECT_EQ(result["publish"]["migrated"],
            Json::parse(R"([{"contact": "ben", "node": "wait_morning", "to": "wait_morning", "rule": "kept",
                              "entered": "2026-11-26T20:00:00Z"}])"));
  const Json* ben = ContactDiff(result["contacts"], "ben");
  ASSERT_NE(ben, nullptr) << result.dump(2);
  EXPECT_EQ((*ben)["new"]["kind"], "migrated");
  EXPECT_EQ((*ben)["new"]["workflow"], "abandoned-cart");
  ASSERT_EQ((*ben)["messages"]["gained"].size(), 1u);
  EXPECT_EQ((*ben)["messages"]["gained"][0]["workflow"], "promotion");
  EXPECT_EQ((*ben)["messages"]["gained"][0]["t"], "2026-11-27T09:00:00Z");

  // A wait NEW changed is recomputed from when Ben entered it.
  Json later = Cart();
  later["nodes"]["wait_morning"]["until"]["time"] = "10:00";
  CliResult recomputed = RunDiff({kShop + "abandoned-cart.workflow.json", FileOf(later, "cart-10.workflow.json"), "--fixture", shop,
                                  "--publish-at", "+4d", "--format", "json"});
  ASSERT_EQ(recomputed.status, 1) << recomputed.err;
  const Json moved = Json::parse(recomputed.out)["publish"]["migrated"];
  ASSERT_EQ(moved.size(), 1u) << moved.dump();
  EXPECT_EQ(moved[0]["rule"], "wait_recomputed");
  EXPECT_EQ(moved[0]["until"], Json::array({"2026-11-27T09:00:00Z", "2026-11-27T10:00:00Z"}));

  // Published at the clock's start: NEW from the beginning, as without publishing.
  CliResult at_start = RunDiff({kShop + "abandoned-cart.workflow.json", edited, "--fixture", shop, "--publish-at", "+0d", "--format", "json"});
  CliResult unpublished = RunDiff({kShop + "abandoned-cart.workflow.json", edited, "--fixture", shop, "--format", "json"});
  EXPECT_EQ(Json::parse(at_start.out)["contacts"], Json::parse(unpublished.out)["contacts"]);
  EXPECT_TRUE(Json::parse(at_start.out)["publish"]["migrated"].empty());
}

TEST(DiffPortfolio, WhatCannotRunInThePortfolioIsRefusedWithItsReason) {
  std::string edited = FileOf(CartWithoutSecondReminder(), "cart-v2.workflow.json");
  const std::string shop = kShop + "shop.fixture.json";
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  Json renamed = CartWithoutSecondReminder();
  renamed["id"] = "cart-2";
  Json enrols_elsewhere = CartWithoutSecondReminder();
  enrols_elsewhere["nodes"]["done"] = {{"type", "enroll"}, {"workflow", "vip"}, {"next", "end"}};
  enrols_elsewhere["nodes"]["end"] = {{"type", "exit"}};
  std::vector<Case> cases = {
      {{kShop + "welcome.workflow.json", edited, "--fixture", shop}, "the versions have different ids ('welcome' and 'abandoned-cart')"},
      {{FileOf(renamed, "cart-renamed.json"), FileOf(renamed, "cart-renamed.json"), "--fixture", shop},
       "the older version: its id 'cart-2' is none of the portfolio's workflows"},
      {{kShop + "abandoned-cart.workflow.json", FileOf(enrols_elsewhere, "cart-enrol.json"), "--fixture", shop},
       "the newer version: /nodes/done/workflow: enroll node 'done' names workflow 'vip', which is not in the portfolio"},
      {{shop, shop}, ""},  // two versions of a portfolio: the one workflow that changed, here none
      {{kShop + "abandoned-cart.workflow.json", kShop + "audience.fixture.json"}, ""},  // a portfolio stands for its workflow of that id
  };
  for (const Case& c : cases) {
    CliResult r = RunDiff(c.args);
    if (c.says.empty()) {
      EXPECT_EQ(r.status, 0) << r.err;
      continue;
    }
    EXPECT_EQ(r.status, 2) << c.says;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
  }
}

// Two workflows that each name a template "hello": "a" sends it after an
// hour, "b" after a day; `a_sends` false drops a's send.
Json TwinPortfolio(bool a_sends) {
  auto workflow = [](const char* id, const char* wait, bool sends) {
    Json nodes = {{"wait", {{"type", "wait"}, {"for", wait}, {"next", sends ? "send" : "done"}}}, {"done", {{"type", "exit"}}}};
    if (sends) nodes["send"] = {{"type", "send"}, {"channel", "email"}, {"template", "hello"}, {"next", "done"}};
    return Json{{"format", "flowproof.workflow/1"}, {"id", id}, {"name", id}, {"type", "behavioral"},
                {"entry", {{"triggers", Json::array({{{"type", "event"}, {"event", "signed_up"}}})}}},
                {"start", "wait"}, {"nodes", nodes},
                {"templates", {{"hello", {{"channel", "email"}, {"subject", std::string("Hello from ") + id}, {"html", "<p>Hi</p>"}}}}}};
  };
  return {{"format", "flowproof.fixture/1"}, {"name", "twins"},
          {"workflows", Json::array({workflow("a", "1h", a_sends), workflow("b", "1d", true)})},
          {"clock", {{"start", "2026-11-23T00:00:00Z"}, {"until", "+3d"}}},
          {"contacts", Json::array({{{"id", "zoe"}, {"email", "zoe@example.com"}, {"timezone", "UTC"}}})},
          {"script", Json::array({{{"at", "+1h"}, {"contact", "zoe"}, {"event", "signed_up"}}})}};
}

TEST(DiffPortfolio, MessagesPairByWorkflowAndTemplate) {
  Json before = TwinPortfolio(true), after = TwinPortfolio(false);
  Json out = Json::parse(api::Diff(before["workflows"][0].dump(), after["workflows"][0].dump(), Json{{"fixture", after.dump()}}.dump()));
  ASSERT_TRUE(out["ok"].get<bool>()) << out.dump();
  const Json* zoe = ContactDiff(out["result"]["contacts"], "zoe");
  ASSERT_NE(zoe, nullptr) << out.dump(2);
  // b's hello is sent at the same time under both: only a's is lost, not
  // a's paired with b's as a change of time.
  const Json& messages = (*zoe)["messages"];
  ASSERT_EQ(messages["lost"].size(), 1u) << messages.dump();
  EXPECT_EQ(messages["lost"][0]["workflow"], "a");
  EXPECT_EQ(messages["lost"][0]["subject"], "Hello from a");
  EXPECT_TRUE(messages["changed"].empty()) << messages.dump();
  EXPECT_TRUE(messages["gained"].empty()) << messages.dump();
}

// The page's Compare: the portfolio as edited (the newer version and the
// fixture) against an older file of one of its workflows.
TEST(DiffPortfolio, TheBindingComparesAPortfolioWithAnOlderFileOfOneOfItsWorkflows) {
  Json portfolio = InlinedShop("shop.fixture.json", CartWithoutSecondReminder());
  Json out = Json::parse(api::Diff(Cart().dump(), portfolio.dump(), Json{{"fixture", portfolio.dump()}}.dump()));
  ASSERT_TRUE(out["ok"].get<bool>()) << out.dump();
  const Json& result = out["result"];
  EXPECT_TRUE(result["differs"].get<bool>());
  EXPECT_EQ(result["nodes"]["removed"], Json::array({"send_second"}));
  const Json* ben = ContactDiff(result["contacts"], "ben");
  ASSERT_NE(ben, nullptr) << result["contacts"].dump(2);
  EXPECT_EQ((*ben)["messages"]["gained"][0]["workflow"], "promotion");

  EXPECT_EQ(result["workflow"], "abandoned-cart");
}

// The page's "Compare with loaded version": two versions of the portfolio
// stand for the one workflow that changed between them.
TEST(DiffPortfolio, TwoVersionsOfAPortfolioCompareTheWorkflowThatChanged) {
  Json loaded = InlinedShop("shop.fixture.json");
  Json edited = InlinedShop("shop.fixture.json", CartWithoutSecondReminder());
  Json out = Json::parse(api::Diff(loaded.dump(), edited.dump(), Json{{"fixture", edited.dump()}}.dump()));
  ASSERT_TRUE(out["ok"].get<bool>()) << out.dump();
  EXPECT_EQ(out["result"]["workflow"], "abandoned-cart");
  EXPECT_EQ(out["result"]["nodes"]["removed"], Json::array({"send_second"}));
  EXPECT_NE(ContactDiff(out["result"]["contacts"], "ben"), nullptr);

  // Two workflows changed: which one to compare would be a guess.
  Json both = edited;
  for (Json& workflow : both["workflows"]) {
    if (workflow["id"] == "welcome") workflow["nodes"]["wait_2d"]["for"] = "3d";
  }
  Json refused = Json::parse(api::Diff(loaded.dump(), both.dump(), Json{{"fixture", both.dump()}}.dump()));
  EXPECT_FALSE(refused["ok"].get<bool>());
  EXPECT_NE(refused.dump().find("more than one of their workflows changed ('abandoned-cart', 'welcome')"), std::string::npos) << refused.dump();
  // Not the same workflows: refused too.
  Json more = loaded;
  Json copy = more["workflows"][2];
  copy["id"] = "welcome-2";
  more["workflows"].push_back(copy);
  Json other = Json::parse(api::Diff(more.dump(), edited.dump(), Json{{"fixture", edited.dump()}}.dump()));
  EXPECT_FALSE(other["ok"].get<bool>()) << other.dump();
  EXPECT_NE(other.dump().find("different workflows"), std::string::npos) << other.dump();
}

}  // namespace
}  // namespace flowproof
