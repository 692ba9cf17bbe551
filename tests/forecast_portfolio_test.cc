// `flowproof forecast` of a v1.1 portfolio (README "Portfolio"): run slice
// by slice, its figures are those of one plain run of the whole audience
// (PortfolioReport over the session's trace); several runs give means; the
// JavaScript API and every output format take a portfolio too.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "core/api/forecast_api.h"
#include "core/base/json_dump.h"
#include "core/expect/portfolio_report.h"
#include "core/forecast/forecast.h"
#include "core/forecast/forecast_output.h"
#include "core/model/fixture_parser.h"
#include "core/sim/session.h"
#include "tests/sim_test_support.h"

namespace flowproof {
namespace {

Json Mailer(const std::string& id, const char* trigger, const char* wait) {
  return {{"format", "flowproof.workflow/1"},
          {"id", id},
          {"name", id},
          {"entry", {{"triggers", Json::array({{{"type", "event"}, {"event", trigger}}})}, {"reenroll", "after_exit"}}},
          {"start", "first"},
          {"nodes",
           {{"first", {{"type", "send"}, {"channel", "email"}, {"template", "mail"}, {"next", "pause"}}},
            {"pause", {{"type", "wait"}, {"for", wait}, {"next", "second"}}},
            {"second", {{"type", "send"}, {"channel", "email"}, {"template", "mail"}, {"next", "done"}}},
            {"done", {{"type", "exit"}}}}},
          {"templates", {{"mail", {{"channel", "email"}, {"subject", id + " for {{ contact.first_name }}"}, {"html", "<p>hi</p>"}}}}}};
}

// Two workflows that overlap (a buyer who browsed is in both) under a cap
// of two emails a day that the second workflow's sends run into.
Json PortfolioFixture(int count) {
  Json fixture = {{"format", "flowproof.fixture/1"},
                  {"name", "shop <portfolio>"},
                  {"workflows", Json::array({Mailer("receipts", "purchase", "1d"), Mailer("promo", "browse", "2h")})},
                  {"portfolio", {{"frequency_cap", {{"max", 2}, {"per", "1d"}, {"channels", Json::array({"email"})}}},
                                 {"priority", Json::array({"receipts", "promo"})}}},
                  {"clock", {{"start", testing::kClockStart}, {"until", "+5d"}}},
                  {"seed", 3},
                  {"contacts", Json::array({{{"id", "named"}, {"email", "n@example.com"}, {"first_name", "Nia"}}})},
                  {"script", Json::array({{{"at", "+1h"}, {"contact", "named"}, {"event", "purchase"}},
                                          {{"at", "+2h"}, {"contact", "named"}, {"event", "browse"}}})}};
  fixture["population"] = {
      {"count", count},
      {"timezone", {{"America/New_York", 0.5}, {"Europe/Berlin", 0.5}}},
      {"attributes", {{"first_name", {{"sample", Json::array({"Ana", "Ben"})}}}, {"email", {{"template", "{{ id }}@example.com"}}}}},
      {"consent", {{"email", 0.9}}},
      {"events", Json::array({{{"event", "purchase"}, {"at", {{"uniform", Json::array({"+0h", "+3d"})}}}, {"probability", 0.5}},
                              {{"event", "browse"}, {"rate", "0.6/d"}}})}};
  return fixture;
}

std::shared_ptr<const Fixture> Parse(const Json& doc) {
  FixtureParseResult parsed = ParseFixture(doc, "", nullptr);
  EXPECT_TRUE(parsed.ok()) << (parsed.problems.empty() ? "" : parsed.problems[0].ToString());
  return parsed.fixture;
}

TEST(ForecastPortfolio, SlicesGiveTheFiguresOfOnePlainRun) {
  for (int count : {1, 60, 400}) {
    SCOPED_TRACE(count);
    Json doc = PortfolioFixture(count);
    // The plain run: every drawn contact in one session, its whole trace read.
    std::unique_ptr<Session> session = Session::FromFixture(Parse(doc));
    session->RunToEnd();
    Json plain = PortfolioReport(*session);
    double messages = 0;
    for (const Json& contact : plain["contacts"]) messages += contact["messages"].get<double>();

    ForecastOptions options;
    options.slice_contacts = 37;  // many slices: a slice must not change anyone's figures
    Json result = RunForecast(Parse(doc), options);
    EXPECT_EQ(result["contacts"], count + 1);
    EXPECT_EQ(result["runs"], 1);
    const Json& p = result["portfolio"];
    for (const char* key : {"workflows", "enrolled", "sent", "suppressed_by_portfolio_cap", "overlapping_contacts", "pairs",
                            "messages_max_24h"}) {
      EXPECT_EQ(DumpJson(p[key]), DumpJson(plain[key])) << key;
    }
    EXPECT_NEAR(p["messages_mean"].get<double>(), messages / (count + 1), 5e-5) << "to four decimals";
    EXPECT_FALSE(p.contains("contacts")) << "a forecast lists no contacts";
    if (count == 400) {  // not vacuous: the fixture overlaps and meets the cap
      EXPECT_GT(p["overlapping_contacts"].get<int>(), 20);
      EXPECT_GT(p["suppressed_by_portfolio_cap"]["promo"].get<int>(), 5);
      EXPECT_GT(p["sent"]["receipts"].get<int>(), 100);
      EXPECT_EQ(p["messages_max_24h"], 2);
    }
  }
}

TEST(ForecastPortfolio, SameBytesTwiceAndRunsGiveMeans) {
  Json doc = PortfolioFixture(200);
  ForecastOptions one;
  std::string once = DumpJson(RunForecast(Parse(doc), one));
  EXPECT_EQ(once, DumpJson(RunForecast(Parse(doc), one)));
  ForecastOptions three;
  three.runs = 3;
  Json means = RunForecast(Parse(doc), three);
  EXPECT_EQ(means["runs"], 3);
  // The mean of three seeds' figures, each run alone.
  double sent = 0;
  for (int run = 0; run < 3; ++run) {
    Json reseeded = doc;
    reseeded["seed"] = 3 + run;
    sent += RunForecast(Parse(reseeded), one)["portfolio"]["sent"]["promo"].get<double>();
  }
  EXPECT_NEAR(means["portfolio"]["sent"]["promo"].get<double>(), sent / 3, 5e-5) << "to four decimals";
  ForecastOptions more;
  more.contacts = 500;
  EXPECT_EQ(RunForecast(Parse(doc), more)["contacts"], 501);
}

// Each workflow's own forecast, counted on its member of the portfolio:
// the same whatever the slices, and agreeing with the figures across the
// portfolio; a template that fails to render is reported.
TEST(ForecastPortfolio, EachWorkflowHasItsOwnForecast) {
  Json doc = PortfolioFixture(400);
  ForecastOptions sliced;
  sliced.slice_contacts = 37;
  Json result = RunForecast(Parse(doc), sliced);
  ForecastOptions whole;
  whole.slice_contacts = 1 << 20;
  EXPECT_EQ(DumpJson(result["workflows"]), DumpJson(RunForecast(Parse(doc), whole)["workflows"])) << "slices change nothing";
  const Json& p = result["portfolio"];
  EXPECT_EQ(result["per_contact"]["messages_max_24h"], p["messages_max_24h"]);
  EXPECT_EQ(result["per_contact"]["messages_mean"], p["messages_mean"]);
  for (const char* id : {"receipts", "promo"}) {
    SCOPED_TRACE(id);
    const Json& w = result["workflows"][id];
    EXPECT_EQ(w["contacts"], 401);
    EXPECT_EQ(w["enrollments"], p["enrolled"][id]);
    EXPECT_EQ(w["messages"]["mail"]["sent"], p["sent"][id]);
    EXPECT_EQ(w["messages"]["mail"]["suppressed"].value("frequency_cap", 0), p["suppressed_by_portfolio_cap"][id])
        << "neither workflow has a cap of its own";
    EXPECT_EQ(w["nodes"]["first"]["entered"], w["enrollments"]);
    EXPECT_GT(w["render"]["templates"]["mail"]["rendered"].get<int>(), 0);
  }

  // The promotion's subject cannot be rendered: the sample says so, and
  // those sends are suppressed (render_failed) as in a run.
  doc["workflows"][1]["snippets"] = {{"loop", "{% render 'loop' %}"}};
  doc["workflows"][1]["templates"]["mail"]["subject"] = "{% render 'loop' %}";
  Json broken = RunForecast(Parse(doc), sliced)["workflows"];
  const Json& sample = broken["promo"]["render"]["templates"]["mail"];
  EXPECT_GT(sample["failed"].get<int>(), 0) << sample;
  EXPECT_EQ(sample["failed"], sample["rendered"]) << "every one rendered failed";
  EXPECT_TRUE(sample.contains("first_error")) << sample;
  EXPECT_EQ(broken["receipts"]["render"]["templates"]["mail"]["failed"], 0);

  ForecastOptions three;
  three.runs = 3;
  Json means = RunForecast(Parse(PortfolioFixture(100)), three);
  EXPECT_EQ(means["workflows"]["promo"]["runs"], 3);
  EXPECT_TRUE(means["workflows"]["promo"]["sd"].contains("enrollments")) << means["workflows"]["promo"]["sd"];
  // The portfolio's own figures have their deviations too (FORMAT.md: with
  // --runs an "sd" object mirrors the figures), pairs lined up by workflows.
  ASSERT_TRUE(means.contains("sd")) << "no sd at the top of a portfolio's forecast over runs";
  const Json& sd = means["sd"];
  EXPECT_TRUE(sd["per_contact"]["messages_mean"].is_number()) << sd;
  EXPECT_TRUE(sd["portfolio"]["sent"]["promo"].is_number()) << sd;
  EXPECT_TRUE(sd["portfolio"]["overlapping_contacts"].is_number()) << sd;
  ASSERT_EQ(sd["portfolio"]["pairs"].size(), means["portfolio"]["pairs"].size()) << sd;
  for (std::size_t i = 0; i < sd["portfolio"]["pairs"].size(); ++i) {
    EXPECT_EQ(sd["portfolio"]["pairs"][i]["workflows"], means["portfolio"]["pairs"][i]["workflows"]);
    EXPECT_TRUE(sd["portfolio"]["pairs"][i]["contacts"].is_number());
  }
  // The per-run figures agree with the means and deviations computed here.
  std::vector<double> sent;
  for (std::uint64_t seed : {0, 1, 2}) {
    ForecastOptions one;
    Fixture reseeded = *Parse(PortfolioFixture(100));
    reseeded.seed += seed;
    sent.push_back(RunForecast(std::make_shared<const Fixture>(reseeded), one)["portfolio"]["sent"]["promo"].get<double>());
  }
  double mean = (sent[0] + sent[1] + sent[2]) / 3;
  double variance = 0;
  for (double x : sent) variance += (x - mean) * (x - mean) / 2;
  EXPECT_NEAR(means["portfolio"]["sent"]["promo"].get<double>(), mean, 1e-4);
  EXPECT_NEAR(sd["portfolio"]["sent"]["promo"].get<double>(), std::sqrt(variance), 1e-4);
  // The CSV gives every deviation in its column, the workflows' too, and no
  // row of its own.
  std::string csv = ForecastCsv(means);
  EXPECT_EQ(csv.find(",sd."), std::string::npos) << csv;
  EXPECT_NE(csv.find("portfolio,sent,promo," + DumpJson(means["portfolio"]["sent"]["promo"]) + "," +
                     DumpJson(sd["portfolio"]["sent"]["promo"]) + "\r\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("workflows,promo,enrollments," + DumpJson(means["workflows"]["promo"]["enrollments"]) + "," +
                     DumpJson(means["workflows"]["promo"]["sd"]["enrollments"]) + "\r\n"),
            std::string::npos)
      << csv;
}

TEST(ForecastPortfolio, TheApiAndEveryFormatTakeAPortfolio) {
  std::string fixture = PortfolioFixture(100).dump();
  Json result = Json::parse(api::Forecast(fixture, "{}", R"({"contacts": 150})"));
  ASSERT_EQ(result["ok"], true) << result.dump();
  EXPECT_EQ(result["result"]["contacts"], 151);
  EXPECT_TRUE(result["result"]["portfolio"]["sent"].contains("promo"));
  const Json& forecast = result["result"];
  std::string text = ForecastText(forecast);
  EXPECT_NE(text.find("Forecast of a portfolio: 151 contacts, 1 run"), std::string::npos) << text;
  EXPECT_NE(text.find("  promo: " + DumpJson(forecast["portfolio"]["enrolled"]["promo"]) + " enrolled"), std::string::npos) << text;
  EXPECT_NE(text.find("\nworkflow promo:\n  forecast: 151 contact(s), 1 run(s)\n"), std::string::npos) << text;
  std::string csv = ForecastCsv(forecast);
  EXPECT_NE(csv.find("portfolio,sent,promo," + DumpJson(forecast["portfolio"]["sent"]["promo"]) + ","), std::string::npos) << csv;
  std::string html = ForecastHtml(forecast, "shop <portfolio>");
  EXPECT_NE(html.find("shop &lt;portfolio&gt;"), std::string::npos);
  EXPECT_NE(html.find("<td>receipts + promo</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("<h2>Workflow promo</h2>\n<p>151 contacts"), std::string::npos) << html;
  EXPECT_NE(html.find("<h3>Flow</h3>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<script"), std::string::npos);
  Json formatted = Json::parse(api::ForecastFormat(forecast.dump(), "html"));
  EXPECT_EQ(formatted["ok"], true);
  EXPECT_EQ(formatted["result"], ForecastHtml(forecast, "Forecast")) << "the API titles its page Forecast";
}

}  // namespace
}  // namespace flowproof
