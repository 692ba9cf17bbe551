// The cohort half of `flowproof diff --fixture` (core/diff/cohort_diff.h):
// with a population, each forecast figure under the older and the newer
// version, with its delta, in the JSON (`forecast`), the text and the
// Markdown, and in the binding's diff.
//
// The pair is tests/golden/diff-cohort: old.workflow.json and
// new.workflow.json differ in one wait (the offer a day later leaves less
// time to buy before the 3.5-day limit), audience.fixture.json holds 400
// synthetic sign-ups and alice. The golden text is regenerated, in
// tests/golden/diff-cohort, by
//   flowproof diff old.workflow.json new.workflow.json --fixture audience.fixture.json > diff.txt
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/api/diff_api.h"
#include "core/cli/commands.h"
#include "core/diff/cohort_diff.h"
#include "core/forecast/forecast.h"
#include "core/validate/validate_document.h"
#include "tests/cli_test_support.h"

namespace flowproof {
namespace {

const std::string kRoot = FLOWPROOF_SOURCE_DIR;
const std::string kDir = kRoot + "/tests/golden/diff-cohort/";

CliResult RunDiff(const cli::Args& args) { return RunCli(cli::Diff, args); }

CliResult DiffPair(std::vector<std::string> extra = {}) {
  cli::Args args = {kDir + "old.workflow.json", kDir + "new.workflow.json", "--fixture", kDir + "audience.fixture.json"};
  args.insert(args.end(), extra.begin(), extra.end());
  return RunDiff(args);
}

std::shared_ptr<const Workflow> WorkflowOf(const Json& doc) {
  DocumentOptions options;
  options.kind = DocumentKind::kWorkflow;
  DocumentCheck check = ValidateDocument(doc, options);
  EXPECT_TRUE(check.ok()) << (check.problems.empty() ? "" : check.problems[0].ToString());
  return check.workflow;
}

// The fixture with its workflow inlined, so that it parses without files.
Json FixtureDoc(const Json& workflow) {
  Json fixture = Json::parse(ReadText(kDir + "audience.fixture.json"));
  fixture["workflow"] = workflow;
  return fixture;
}

std::shared_ptr<const Fixture> FixtureOf(const Json& doc) {
  DocumentOptions options;
  options.kind = DocumentKind::kFixture;
  DocumentCheck check = ValidateDocument(doc, options);
  EXPECT_TRUE(check.ok()) << (check.problems.empty() ? "" : check.problems[0].ToString());
  return check.fixture;
}

Json OldWorkflow() { return Json::parse(ReadText(kDir + "old.workflow.json")); }
Json NewWorkflow() { return Json::parse(ReadText(kDir + "new.workflow.json")); }

TEST(DiffCohort, ALaterOfferLowersTheGoalRateOldToNewWithTheDelta) {
  CliResult r = DiffPair({"--format", "json"});
  ASSERT_EQ(r.status, cli::kProblems) << r.err;
  Json forecast = Json::parse(r.out)["forecast"];
  ASSERT_TRUE(forecast.is_object()) << r.out;
  EXPECT_EQ(forecast["contacts"], 401);  // 400 drawn and alice
  EXPECT_EQ(forecast["seed"], 11);
  EXPECT_EQ(forecast["versions"], "full");
  EXPECT_TRUE(forecast["changed"].get<bool>());
  EXPECT_FALSE(forecast.contains("note"));  // no publishing

  const Json& rate = forecast["goal"]["rate"];
  EXPECT_GT(rate["old"].get<double>(), rate["new"].get<double>()) << rate.dump();
  EXPECT_DOUBLE_EQ(rate["delta"].get<double>(), rate["new"].get<double>() - rate["old"].get<double>());
  EXPECT_EQ(forecast["goal"]["ci95"]["old"].size(), 2u);
  EXPECT_EQ(forecast["goal"]["ci95"]["new"].size(), 2u);
  EXPECT_FALSE(forecast["goal"]["ci95"].contains("delta"));
  // The same people enrol; fewer reach the goal before the limit, so more expire.
  EXPECT_EQ(forecast["enrolled"]["delta"], 0);
  EXPECT_LT(forecast["exits"]["goal"]["delta"].get<int>(), 0);
  EXPECT_GT(forecast["exits"]["expired"]["delta"].get<int>(), 0);
  EXPECT_EQ(forecast["exits"]["goal"]["delta"].get<int>(), forecast["goal"]["reached"]["delta"].get<int>());
  // Per node, per template, per contact and per variant.
  EXPECT_EQ(forecast["nodes"]["send_welcome"]["entered"]["delta"], 0);
  EXPECT_EQ(forecast["nodes"]["check_country"]["branches"]["us"]["delta"], 0);
  EXPECT_LT(forecast["nodes"]["done"]["entered"]["delta"].get<int>(), 0);
  EXPECT_EQ(forecast["messages"]["offer_b"]["sent"]["delta"], 0);
  EXPECT_TRUE(forecast["per_contact"]["messages_max_24h"].contains("delta"));
  EXPECT_TRUE(forecast["per_contact"]["messages_mean"].contains("delta"));
  EXPECT_LT(forecast["variants"]["offer_test"]["B"]["goal_rate"]["delta"].get<double>(), 0);
  EXPECT_TRUE(forecast["variants"]["offer_test"]["A"]["ci95"].contains("old"));
}

TEST(DiffCohort, FiguresAreThoseOfTheForecastOfEachVersionWithTheSameSeed) {
  auto old_fixture = FixtureOf(FixtureDoc(OldWorkflow()));
  auto new_fixture = FixtureOf(FixtureDoc(NewWorkflow()));
  Json a = RunForecast(old_fixture, {});
  Json b = RunForecast(new_fixture, {});
  Json cohort = DiffCohort(new_fixture, old_fixture->workflow, new_fixture->workflow, std::nullopt);
  EXPECT_EQ(cohort["goal"]["rate"]["old"], a["goal"]["rate"]);
  EXPECT_EQ(cohort["goal"]["rate"]["new"], b["goal"]["rate"]);
  EXPECT_EQ(cohort["goal"]["ci95"]["old"], a["goal"]["ci95"]);
  EXPECT_EQ(cohort["goal"]["ci95"]["new"], b["goal"]["ci95"]);
  EXPECT_EQ(cohort["exits"]["expired"]["new"], b["exits"]["expired"]);
  EXPECT_EQ(cohort["nodes"]["wait_after_offer"]["entered"]["old"], a["nodes"]["wait_after_offer"]["entered"]);
  EXPECT_EQ(cohort["messages"]["offer_a"]["sent"]["new"], b["messages"]["offer_a"]["sent"]);
  EXPECT_EQ(cohort["per_contact"]["messages_mean"]["old"], a["per_contact"]["messages_mean"]);
  EXPECT_EQ(cohort["variants"]["offer_test"]["A"]["goal_rate"]["new"], b["variants"]["offer_test"]["A"]["goal_rate"]);
  // Deterministic: a second diff is the same JSON.
  EXPECT_EQ(DiffCohort(new_fixture, old_fixture->workflow, new_fixture->workflow, std::nullopt), cohort);
}

TEST(DiffCohort, ABranchChangeMovesEntriesAndTheGoalRate) {
  // The offer goes to DE instead of US: 40% instead of 60% of the audience.
  Json new_workflow = OldWorkflow();
  new_workflow["nodes"]["check_country"]["branches"][0]["when"] = Json::parse(R"({"==": [{"var": "contact.country"}, "DE"]})");
  auto fixture = FixtureOf(FixtureDoc(new_workflow));
  Json cohort = DiffCohort(fixture, WorkflowOf(OldWorkflow()), fixture->workflow, std::nullopt);
  const Json& us = cohort["nodes"]["check_country"]["branches"]["us"];
  const Json& other = cohort["nodes"]["check_country"]["branches"]["else"];
  EXPECT_LT(us["delta"].get<int>(), 0) << us.dump();
  EXPECT_EQ(us["delta"].get<int>(), -other["delta"].get<int>());  // what one loses the other gains
  EXPECT_EQ(cohort["nodes"]["offer_test"]["entered"]["delta"], us["delta"]);
  EXPECT_LT(cohort["goal"]["rate"]["delta"].get<double>(), 0);
  EXPECT_LT(cohort["messages"]["offer_a"]["sent"]["delta"].get<int>(), 0);
}

TEST(DiffCohort, SameVersionChangesNoFigureAndNoPopulationMeansNoForecast) {
  auto fixture = FixtureOf(FixtureDoc(OldWorkflow()));
  Json same = DiffCohort(fixture, fixture->workflow, fixture->workflow, std::nullopt);
  EXPECT_FALSE(same["changed"].get<bool>());
  EXPECT_EQ(same["goal"]["rate"]["delta"], 0.0);

  Json named_only = FixtureDoc(OldWorkflow());
  named_only.erase("population");
  EXPECT_TRUE(DiffCohort(FixtureOf(named_only), fixture->workflow, fixture->workflow, std::nullopt).is_null());
  Json out = Json::parse(api::Diff(OldWorkflow().dump(), NewWorkflow().dump(), Json{{"fixture", named_only.dump()}}.dump()));
  ASSERT_TRUE(out["ok"].get<bool>()) << out.dump();
  EXPECT_FALSE(out["result"].contains("forecast"));
}

TEST(DiffCohort, TextAndMarkdownGiveEachFigureOldToNewWithTheDelta) {
  CliResult r = DiffPair();
  ASSERT_EQ(r.status, cli::kProblems) << r.err;
  std::string golden = ReadText(kDir + "diff.txt");
  ASSERT_FALSE(golden.empty()) << "missing tests/golden/diff-cohort/diff.txt";
  EXPECT_EQ(r.out, golden) << "regenerate as the comment at the top of tests/diff_cohort_test.cc says, if intended";
  EXPECT_NE(r.out.find("\nForecast of the population:\n"), std::string::npos);
  EXPECT_NE(r.out.find("  goal rate: 8.23% [5.92%, 11.33%] → 5.99% [4.05%, 8.75%] (-2.24 points)\n"), std::string::npos) << r.out;

  CliResult md = DiffPair({"--format", "md"});
  EXPECT_NE(md.out.find("\n## Forecast of the population\n\n- 401 contacts, seed 11"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("\n- goal rate: 8.23%"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("\n  - offer_b: 121 → 121 (±0)\n"), std::string::npos) << md.out;
}

TEST(DiffCohort, PublishAtRunsTheNamedContactsAndSaysWhichForecastItIs) {
  CliResult r = DiffPair({"--publish-at", "+1d", "--format", "json"});
  ASSERT_EQ(r.status, cli::kProblems) << r.err;  // a population no longer refuses publishing
  Json out = Json::parse(r.out);
  ASSERT_EQ(out["publish"]["migrated"].size(), 1u);
  EXPECT_EQ(out["publish"]["migrated"][0]["contact"], "alice");
  EXPECT_EQ(out["forecast"]["versions"], "full");
  EXPECT_NE(out["forecast"]["note"].get<std::string>().find("named contacts only"), std::string::npos);
  // The forecast is the one without publishing.
  Json plain = Json::parse(DiffPair({"--format", "json"}).out);
  Json published = out["forecast"];
  published.erase("note");
  EXPECT_EQ(published, plain["forecast"]);

  CliResult text = DiffPair({"--publish-at", "+1d"});
  EXPECT_NE(text.out.find("  note: publishing migrates the named contacts only"), std::string::npos) << text.out;
}

TEST(DiffCohort, TheBindingsDiffHasTheCLIsForecast) {
  Json fixture = FixtureDoc(NewWorkflow());
  Json out = Json::parse(api::Diff(OldWorkflow().dump(), NewWorkflow().dump(), Json{{"fixture", fixture.dump()}}.dump()));
  ASSERT_TRUE(out["ok"].get<bool>()) << out.dump();
  EXPECT_EQ(out["result"]["forecast"], Json::parse(DiffPair({"--format", "json"}).out)["forecast"]);
  EXPECT_TRUE(out["result"]["differs"].get<bool>());
}

}  // namespace
}  // namespace flowproof
