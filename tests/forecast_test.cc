// flowproof forecast (FORMAT.md v1.1): the counts agree with a plain
// simulation of the same population, contact by contact; the result is
// deterministic; bad options are refused.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "core/api/forecast_api.h"
#include "core/base/json_dump.h"
#include "core/forecast/forecast.h"
#include "core/forecast/forecast_output.h"
#include "core/forecast/stats.h"
#include "core/model/fixture_parser.h"
#include "core/sim/session.h"
#include "core/sim/trace.h"
#include "tests/sim_test_support.h"

namespace flowproof {
namespace {

using testing::MakeWorkflow;

// A workflow that uses every counted thing: audience, branch, split, goal,
// an exit event, consent suppression, waits that outlast the clock.
Json CountedFixture(int count) {
  Json nodes = {
      {"hello", {{"type", "send"}, {"channel", "email"}, {"template", "welcome"}, {"next", "ab"}}},
      {"ab", {{"type", "split"}, {"mode", "ab"}, {"variants", Json::array({{{"label", "A"}, {"weight", 50}, {"next", "promo_a"}},
                                                                            {{"label", "B"}, {"weight", 50}, {"next", "nudge_b"}}})}}},
      {"promo_a", {{"type", "send"}, {"channel", "email"}, {"template", "promo"}, {"next", "wait"}}},
      {"nudge_b", {{"type", "send"}, {"channel", "sms"}, {"template", "nudge"}, {"next", "wait"}}},
      {"wait", {{"type", "wait"}, {"for", "3d"}, {"next", "check"}}},
      {"check", {{"type", "branch"},
                 {"branches", Json::array({{{"label", "high"}, {"when", {{">", Json::array({{{"var", "contact.score"}}, 50})}}}, {"next", "ping"}}})},
                 {"else", "long_wait"}}},
      {"ping", {{"type", "send"}, {"channel", "push"}, {"template", "ping"}, {"next", "done"}}},
      {"long_wait", {{"type", "wait"}, {"for", "60d"}, {"next", "done"}}},
      {"done", {{"type", "exit"}}}};
  Json extra = {{"entry", {{"triggers", Json::array({{{"type", "event"}, {"event", "signup"}}})},
                           {"audience", {{"!", Json::array({{{"in_list", Json::array({"vip"})}}})}}}}},
                {"exit", {{"goal", {{"has_event", Json::array({"purchase", "30d"})}}},
                          {"on_events", Json::array({{{"event", "unsubscribed"}, {"reason", "opted_out"}}})}}}};
  Json fixture = testing::MakeFixture(MakeWorkflow(nodes, "hello", extra),
                                      {Json{{"id", "named"}, {"email", "n@example.com"}, {"score", 90}}},
                                      {Json{{"at", "+1h"}, {"contact", "named"}, {"event", "signup"}}});
  fixture["population"] = {
      {"count", count},
      {"timezone", {{"America/New_York", 0.6}, {"Asia/Tokyo", 0.4}}},
      {"attributes", {{"score", {{"uniform", Json::array({0, 100})}, {"round", true}}},
                      {"first_name", {{"sample", Json::array({"Ana", "Ben"})}}},
                      {"email", {{"template", "{{ id }}@example.com"}}},
                      {"phone", {{"choice", {{"+15550100", 0.7}}}}},
                      {"push_token", {{"choice", {{"tok", 0.5}}}}}}},
      {"lists", {{"vip", 0.1}}},
      {"consent", {{"email", 0.9}, {"sms", 0.5}}},
      {"events", Json::array({{{"event", "signup"}, {"at", {{"uniform", Json::array({"+0h", "+5d"})}}}, {"probability", 0.85}},
                              {{"event", "purchase"}, {"rate", "0.05/d"}},
                              {{"event", "unsubscribed"}, {"rate", "0.01/d"}}})}};
  fixture["reactions"] = Json::array({{{"contact", "*"}, {"on_send", "welcome"}, {"event", "email_opened"},
                                       {"after", {{"uniform", Json::array({"10m", "6h"})}}}, {"probability", 0.4}},
                                      {{"contact", "*"}, {"on_send", "promo"}, {"event", "purchase"}, {"after", "2h"}, {"probability", 0.3}}});
  return fixture;
}

std::shared_ptr<const Fixture> Parse(const Json& doc) {
  FixtureParseResult parsed = ParseFixture(doc, "", nullptr);
  EXPECT_TRUE(parsed.ok()) << (parsed.problems.empty() ? "" : parsed.problems[0].ToString());
  return parsed.fixture;
}

// The forecast's counts, computed from the full trace of a plain run.
Json CountsFromTrace(const Json& doc) {
  std::vector<Json> lines;
  SessionOptions options;
  options.on_trace_line = [&](const TraceLine& line) { lines.push_back(line.ToObject()); };
  SessionLoadResult loaded = Session::Load(doc.dump(), "", nullptr, options);
  EXPECT_TRUE(loaded.ok());
  loaded.session->RunToEnd();
  std::set<std::string> enrolled, goal;
  std::map<std::string, std::string> ever_rejected;
  Json out = {{"enrolled", 0}, {"nodes", Json::object()}, {"exits", Json::object()}, {"messages", Json::object()}};
  for (const Json& line : lines) {
    std::string kind = line["kind"], contact = line.value("contact", "");
    if (kind == "enrolled") enrolled.insert(contact);
    if (kind == "enroll_rejected") ever_rejected[contact] = line["reason"];
    if (kind == "entered") {
      Json& slot = out["nodes"][line["node"].get<std::string>()]["entered"];
      slot = slot.is_null() ? 1 : slot.get<int>() + 1;
    }
    if (kind == "branch") {
      Json& slot = out["nodes"][line["node"].get<std::string>()]["branches"][line["label"].get<std::string>()];
      slot = slot.is_null() ? 1 : slot.get<int>() + 1;
    }
    if (kind == "split") {
      Json& slot = out["nodes"][line["node"].get<std::string>()]["variants"][line["label"].get<std::string>()];
      slot = slot.is_null() ? 1 : slot.get<int>() + 1;
    }
    if (kind == "exited") {
      Json& slot = out["exits"][line["reason"].get<std::string>()];
      slot = slot.is_null() ? 1 : slot.get<int>() + 1;
      if (line["reason"] == "goal") goal.insert(contact);
    }
    if (kind == "sent") {
      Json& slot = out["messages"][line["template"].get<std::string>()]["sent"];
      slot = slot.is_null() ? 1 : slot.get<int>() + 1;
    }
    if (kind == "suppressed") {
      Json& slot = out["messages"][line["template"].get<std::string>()]["suppressed"][line["reason"].get<std::string>()];
      slot = slot.is_null() ? 1 : slot.get<int>() + 1;
    }
  }
  out["enrolled"] = enrolled.size();
  out["goal"] = goal.size();
  int audience = 0;
  for (const auto& [contact, reason] : ever_rejected) audience += (!enrolled.count(contact) && reason == "audience") ? 1 : 0;
  out["audience"] = audience;
  return out;
}

TEST(Forecast, CountsAgreeWithAPlainSimulationContactByContact) {
  for (int count : {1, 40, 300}) {
    SCOPED_TRACE(count);
    Json doc = CountedFixture(count);
    Json expected = CountsFromTrace(doc);
    ForecastOptions options;
    options.render_sample = 1000000;  // render every message, as the plain run does
    options.slice_contacts = 37;      // many slices: a slice must not change anyone's path
    Json result = RunForecast(Parse(doc), options);
    EXPECT_EQ(result["contacts"], count + 1);
    EXPECT_EQ(result["enrolled"], expected["enrolled"]);
    EXPECT_EQ(result["goal"]["reached"], expected["goal"]);
    EXPECT_EQ(result["not_enrolled"]["audience"], expected["audience"]);
    EXPECT_EQ(result["not_enrolled"]["no_trigger"].get<int>() + result["not_enrolled"]["audience"].get<int>() + result["enrolled"].get<int>(),
              count + 1);
    for (auto it = expected["nodes"].begin(); it != expected["nodes"].end(); ++it) {
      EXPECT_EQ(result["nodes"][it.key()]["entered"], it.value()["entered"]) << it.key();
      if (it.value().contains("branches")) {
        for (auto b = it.value()["branches"].begin(); b != it.value()["branches"].end(); ++b) {
          EXPECT_EQ(result["nodes"][it.key()]["branches"][b.key()], b.value()) << it.key() << " " << b.key();
        }
      }
      if (it.value().contains("variants")) {
        for (auto v = it.value()["variants"].begin(); v != it.value()["variants"].end(); ++v) {
          EXPECT_EQ(result["nodes"][it.key()]["variants"][v.key()], v.value()) << it.key() << " " << v.key();
        }
      }
    }
    for (auto it = expected["exits"].begin(); it != expected["exits"].end(); ++it) {
      EXPECT_EQ(result["exits"][it.key()], it.value()) << it.key();
    }
    for (auto it = expected["messages"].begin(); it != expected["messages"].end(); ++it) {
      EXPECT_EQ(result["messages"][it.key()]["sent"], it.value().value("sent", Json(0))) << it.key();
      if (it.value().contains("suppressed")) { EXPECT_EQ(result["messages"][it.key()]["suppressed"], it.value()["suppressed"]) << it.key(); }
    }
    if (count == 300) {  // not vacuous: the fixture exercises what is compared
      EXPECT_GT(result["enrolled"].get<int>(), 150);
      EXPECT_GT(result["goal"]["reached"].get<int>(), 10);
      EXPECT_GT(result["not_enrolled"]["audience"].get<int>(), 5);
      EXPECT_GT(result["messages"]["nudge"]["suppressed"]["no_consent"].get<int>(), 10);
      EXPECT_GT(result["nodes"]["long_wait"]["waiting_at_end"].get<int>(), 10);
      EXPECT_GT(result["messages"]["welcome"]["events"]["email_opened"].get<int>(), 10);
    }
  }
}

// A split with `winner` couples contacts: the test decides for everyone held
// after the first arrival. Asked for slices, the forecast still runs such a
// workflow as one, so its counts are those of the plain simulation.
TEST(Forecast, WinnerSelectionIsDecidedOverTheWholeAudience) {
  Json doc = CountedFixture(300);
  doc["workflow"]["nodes"]["ab"]["winner"] = {
      {"test_share", 0.2}, {"decide_after", "1d"}, {"metric", {{"event", "email_opened"}, {"within", "1d"}}}};
  Json expected = CountsFromTrace(doc);
  ForecastOptions options;
  options.slice_contacts = 37;
  Json result = RunForecast(Parse(doc), options);
  for (const char* label : {"A", "B"}) {
    EXPECT_EQ(result["nodes"]["ab"]["variants"][label], expected["nodes"]["ab"]["variants"][label]) << label;
  }
  EXPECT_EQ(result["goal"]["reached"], expected["goal"]);
  // Not vacuous: most contacts took the winner, so the variants are uneven.
  int a = expected["nodes"]["ab"]["variants"].value("A", 0), b = expected["nodes"]["ab"]["variants"].value("B", 0);
  EXPECT_GT(std::max(a, b), 3 * std::min(a, b));
}

TEST(Forecast, SameBytesTwiceAndRunsGiveMeansAndSd) {
  Json doc = CountedFixture(200);
  std::string once = DumpJson(RunForecast(Parse(doc), {}));
  std::string twice = DumpJson(RunForecast(Parse(doc), {}));
  EXPECT_EQ(once, twice);
  ForecastOptions three;
  three.runs = 3;
  Json result = RunForecast(Parse(doc), three);
  EXPECT_EQ(result["runs"], 3);
  ASSERT_TRUE(result.contains("sd"));
  EXPECT_TRUE(result["sd"]["enrolled"].is_number());
  EXPECT_EQ(DumpJson(result), DumpJson(RunForecast(Parse(doc), three)));
  // Another seed draws another audience.
  Json reseeded = doc;
  reseeded["seed"] = 2;
  EXPECT_NE(once, DumpJson(RunForecast(Parse(reseeded), {})));
}

TEST(Forecast, ContactsOverridesTheCount) {
  ForecastOptions options;
  options.contacts = 50;
  Json result = RunForecast(Parse(CountedFixture(10)), options);
  EXPECT_EQ(result["contacts"], 51);
}

TEST(Forecast, OutputsCarryTheFigures) {
  Json result = RunForecast(Parse(CountedFixture(100)), {});
  std::string csv = ForecastCsv(result);
  EXPECT_EQ(csv.rfind("section,item,detail,value,sd\r\n", 0), 0u);
  EXPECT_NE(csv.find("goal,reached,," + DumpJson(result["goal"]["reached"])), std::string::npos);
  std::string html = ForecastHtml(result, "<b>x</b>");
  EXPECT_NE(html.find("&lt;b&gt;x&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  for (const char* loads : {"src=", "href=", "url(", "@import"}) EXPECT_EQ(html.find(loads), std::string::npos) << loads;
  EXPECT_NE(ForecastText(result).find("goal:"), std::string::npos);
}

TEST(Forecast, WilsonAndChiSquareMatchKnownValues) {
  Interval ci = WilsonInterval(12000, 81234);
  EXPECT_NEAR(ci.low, 0.1453, 5e-4);
  EXPECT_NEAR(ci.high, 0.1502, 5e-4);
  // 30/250 against 55/250: z = 2.976 (pooled), chi-square 8.858, p = 0.00292.
  EXPECT_NEAR(ChiSquarePValue({{30, 250}, {55, 250}}), 0.002917, 2e-6);
  // Three groups, df 2: chi-square 8.0 gives p = e^-4 = 0.0183.
  EXPECT_NEAR(UpperGammaQ(1.0, 4.0), 0.018316, 1e-6);
  EXPECT_EQ(ChiSquarePValue({{0, 10}, {0, 10}}), -1);
}

TEST(ForecastApi, EnvelopeProgressAndBadOptions) {
  std::string fixture = CountedFixture(100).dump();
  api::ForecastApi forecast;
  Json started = Json::parse(forecast.Start(fixture, "{}", R"({"contacts": 100})"));
  ASSERT_EQ(started["ok"], true) << started.dump();
  EXPECT_EQ(Json::parse(forecast.Result())["code"], "invalid_argument");  // not finished
  double last = 0;
  for (int i = 0; i < 100000; ++i) {
    Json step = Json::parse(forecast.Advance(5));
    ASSERT_EQ(step["ok"], true);
    EXPECT_GE(step["result"]["progress"].get<double>(), last);
    last = step["result"]["progress"];
    if (step["result"]["done"] == true) break;
  }
  EXPECT_EQ(last, 1.0);
  Json result = Json::parse(forecast.Result());
  EXPECT_EQ(DumpJson(result["result"]), DumpJson(RunForecast(Parse(CountedFixture(100)), {})));
  Json bad = Json::parse(forecast.Start(fixture, "{}", R"({"runs": 0})"));
  EXPECT_EQ(bad["code"], "invalid_argument");
  EXPECT_EQ(bad["errors"][0]["pointer"], "/runs");
  Json too_many = Json::parse(api::Forecast(fixture, "{}", R"({"contacts": 10000000})"));
  EXPECT_EQ(too_many["errors"][0]["pointer"], "/contacts");
  Json csv = Json::parse(api::ForecastFormat(result["result"].dump(), "csv"));
  EXPECT_EQ(csv["ok"], true);
}

}  // namespace
}  // namespace flowproof
