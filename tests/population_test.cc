// A fixture's population (FORMAT.md v1.1): located problems for bad input,
// and draws that are a pure function of (seed, contact number).
#include <gtest/gtest.h>

#include <cmath>

#include "core/model/fixture_parser.h"
#include "core/sim/population_draw.h"
#include "core/sim/population_random.h"
#include "tests/sim_test_support.h"

namespace flowproof {
namespace {

Json WithPopulation(Json population) {
  Json fixture = testing::MakeFixture(testing::MakeWorkflow({{"done", {{"type", "exit"}}}}, "done"), {});
  fixture["population"] = std::move(population);
  return fixture;
}

struct BadCase {
  const char* name;
  Json population;
  const char* pointer;
  const char* code;
};

TEST(Population, BadInputGetsALocatedProblem) {
  const BadCase cases[] = {
      {"probability above 1", {{"count", 10}, {"consent", {{"email", 1.5}}}}, "/population/consent/email", "out_of_range"},
      {"list share above 1", {{"count", 10}, {"lists", {{"vip", 2}}}}, "/population/lists/vip", "out_of_range"},
      {"choice sums above 1", {{"count", 10}, {"attributes", {{"c", {{"choice", {{"a", 0.7}, {"b", 0.6}}}}}}}}, "/population/attributes/c/choice", "out_of_range"},
      {"negative rate", {{"count", 10}, {"events", Json::array({{{"event", "x"}, {"rate", "-1/d"}}})}}, "/population/events/0/rate", "out_of_range"},
      {"malformed rate", {{"count", 10}, {"events", Json::array({{{"event", "x"}, {"rate", "often"}}})}}, "/population/events/0/rate", "wrong_type"},
      {"unknown distribution", {{"count", 10}, {"attributes", {{"score", {{"poisson", 3}}}}}}, "/population/attributes/score", "unknown_value"},
      {"count over the limit", {{"count", 10000000}}, "/population/count", "too_large"},
      {"negative count", {{"count", -1}}, "/population/count", "out_of_range"},
      {"unknown zone", {{"count", 10}, {"timezone", {{"Mars/Olympus", 1}}}}, "/population/timezone/Mars~1Olympus", "unknown_time_zone"},
      {"unknown channel", {{"count", 10}, {"consent", {{"fax", 0.5}}}}, "/population/consent/fax", "unknown_channel"},
      {"negative sd", {{"count", 10}, {"attributes", {{"s", {{"normal", {{"mean", 1}, {"sd", -2}}}}}}}}, "/population/attributes/s/normal/sd", "out_of_range"},
      {"event after the clock", {{"count", 10}, {"events", Json::array({{{"event", "x"}, {"at", "+90d"}}})}}, "/population/events/0/at", "out_of_range"},
      {"Liquid beyond id", {{"count", 10}, {"attributes", {{"email", {{"template", "{{ name }}@x"}}}}}}, "/population/attributes/email/template", "unknown_value"},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    FixtureParseResult parsed = ParseFixture(WithPopulation(c.population), "", nullptr);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.problems[0].pointer, c.pointer) << parsed.problems[0].ToString();
    EXPECT_EQ(parsed.problems[0].code, std::string(c.code)) << parsed.problems[0].ToString();
  }
}

TEST(Population, TenMillionIsRefusedAtOnce) {
  FixtureParseResult parsed = ParseFixture(WithPopulation({{"count", 10000000}}), "", nullptr);
  ASSERT_EQ(parsed.problems.size(), 1u);
  EXPECT_NE(parsed.problems[0].message.find("5000000"), std::string::npos);
}

TEST(Population, ContactsArePureFunctionsOfSeedAndNumber) {
  Json doc = WithPopulation({{"count", 1000},
                             {"timezone", {{"Europe/London", 0.5}}},
                             {"attributes", {{"score", {{"normal", {{"mean", 50}, {"sd", 10}}}, {"round", true}}},
                                             {"email", {{"template", "{{ id }}@example.com"}}},
                                             {"joined", {{"between", Json::array({"2025-01-01T00:00:00Z", "2025-12-31T00:00:00Z"})}}}}},
                             {"lists", {{"vip", 0.2}}},
                             {"consent", {{"sms", 0.3}}},
                             {"events", Json::array({{{"event", "buy"}, {"rate", "1/d"}}})}});
  FixtureParseResult parsed = ParseFixture(doc, "", nullptr);
  ASSERT_TRUE(parsed.ok()) << parsed.problems[0].ToString();
  PopulationDrawer drawer(*parsed.fixture);
  ContactDef a, b;
  std::vector<ScriptEntry> ea, eb;
  drawer.Draw(17, &a, &ea);
  drawer.Draw(3, &b, &eb);
  eb.clear();
  drawer.Draw(17, &b, &eb);
  EXPECT_EQ(a.id, "p17");
  EXPECT_EQ(a.attributes.ToJson(), b.attributes.ToJson());
  EXPECT_EQ(a.attributes.Find("email")->get<std::string>(), "p17@example.com");
  EXPECT_EQ(ea.size(), eb.size());
  // Shares come out near their probabilities over the audience.
  int london = 0, vip = 0, sms = 0;
  double events = 0, score = 0;
  for (std::uint64_t n = 1; n <= 1000; ++n) {
    ContactDef c;
    std::vector<ScriptEntry> e;
    drawer.Draw(n, &c, &e);
    london += c.timezone == "Europe/London";
    vip += !c.lists.empty();
    sms += c.consent["sms"] == true;
    events += static_cast<double>(e.size());
    score += c.attributes.Find("score")->get<double>();
  }
  EXPECT_NEAR(london, 500, 60);
  EXPECT_NEAR(vip, 200, 45);
  EXPECT_NEAR(sms, 300, 50);
  EXPECT_NEAR(events / 1000, 30, 1.5);  // 1/d over the default 30 days
  EXPECT_NEAR(score / 1000, 50, 1.5);
  // A population contact is a contact of `run`: named with its id.
  std::shared_ptr<const Fixture> whole = WithPopulationContacts(parsed.fixture);
  ASSERT_EQ(whole->contacts.size(), 1000u);
  EXPECT_EQ(whole->contacts[16].attributes.ToJson(), a.attributes.ToJson());
}

TEST(Population, DeterministicLogAndExpMatchLibm) {
  for (double x : {1e-300, 1e-9, 0.1, 0.5, 0.999, 1.0, 1.5, 2.0, 10.0, 12345.678, 1e300}) {
    EXPECT_NEAR(DeterministicLog(x), std::log(x), 1e-14 * std::max(1.0, std::fabs(std::log(x)))) << x;
  }
  for (double x : {-700.0, -10.0, -1.0, 0.0, 0.5, 1.0, 20.0, 700.0}) {
    EXPECT_NEAR(DeterministicExp(x) / std::exp(x), 1.0, 2e-15 * std::max(1.0, std::fabs(x))) << x;
  }
}

TEST(Population, ScriptAndExpectationsMayNamePopulationContacts) {
  Json doc = WithPopulation({{"count", 5}});
  doc["script"] = Json::array({{{"at", "+1h"}, {"contact", "p5"}, {"event", "signup"}}});
  doc["expect"] = Json::array({{{"contact", "p5"}, {"reaches", "done"}}});
  EXPECT_TRUE(ParseFixture(doc, "", nullptr).ok());
  doc["script"][0]["contact"] = "p6";
  EXPECT_FALSE(ParseFixture(doc, "", nullptr).ok());
}

}  // namespace
}  // namespace flowproof
