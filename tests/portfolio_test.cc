// v1.1 portfolio (FORMAT.md "Portfolio"; README "Portfolio"): several
// workflows over the same contacts, the enroll and unenroll nodes, the
// portfolio's cap and priority, per-workflow trace lines and expectations,
// the report of overlaps, and the problems of a bad portfolio.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/api/session_api.h"
#include "core/base/problem_codes.h"
#include "core/expect/coverage_of_fixtures.h"
#include "core/expect/expectations.h"
#include "core/expect/portfolio_report.h"
#include "core/lint/lint_document.h"
#include "core/sim/session.h"
#include "tests/sim_test_support.h"

namespace flowproof::testing {
namespace {

using Lines = std::vector<std::string>;

Json Flow(const std::string& id, Json triggers, Json nodes, const std::string& start, Json extra = Json::object()) {
  Json workflow = {{"format", "flowproof.workflow/1"},
                   {"id", id},
                   {"name", id},
                   {"entry", {{"triggers", std::move(triggers)}}},
                   {"start", start},
                   {"nodes", std::move(nodes)},
                   {"templates",
                    {{id + "_email", {{"channel", "email"}, {"subject", id + " for {{ contact.first_name }}"}, {"html", "<p>" + id + "</p>"}}}}}};
  workflow.update(extra);
  return workflow;
}

Json OnEvent(const char* event) { return Json::array({{{"type", "event"}, {"event", event}}}); }
Json SendThen(const std::string& id, const char* next) {
  return {{"type", "send"}, {"channel", "email"}, {"template", id + "_email"}, {"next", next}};
}
Json Done() { return {{"type", "exit"}}; }

// A flow that sends its email and leaves, entered on `event`.
Json Mailer(const std::string& id, const char* event) {
  return Flow(id, OnEvent(event), {{"send", SendThen(id, "done")}, {"done", Done()}}, "send");
}

Json Portfolio(std::vector<Json> workflows, Json portfolio, std::vector<Json> script, std::vector<Json> expect = {}) {
  Json fixture = {{"format", "flowproof.fixture/1"},
                  {"name", "portfolio"},
                  {"workflows", Json(std::move(workflows))},
                  {"clock", {{"start", kClockStart}, {"until", "+5d"}}},
                  {"seed", 7},
                  {"contacts", Json(std::vector<Json>{{{"id", "ana"}, {"email", "ana@example.com"}, {"first_name", "Ana"}}})},
                  {"script", Json(std::move(script))}};
  if (!portfolio.is_null()) fixture["portfolio"] = std::move(portfolio);
  if (!expect.empty()) fixture["expect"] = Json(std::move(expect));
  return fixture;
}

Json At(const char* at, const char* event) { return {{"at", at}, {"contact", "ana"}, {"event", event}}; }

// "+1h receipt sent send" etc.: offset, workflow, kind, node.
Lines WorkflowTrace(const Session& session) {
  Lines out;
  std::string jsonl = session.TraceJsonl();
  for (std::size_t begin = 0; begin < jsonl.size();) {
    std::size_t end = jsonl.find('\n', begin);
    Json line = Json::parse(jsonl.substr(begin, end - begin));
    begin = end + 1;
    std::string text = "+" + FormatDuration(*ParseTimestamp(line["t"].get<std::string>()) - session.start()) + " " +
                       line.value("workflow", std::string("?")) + " " + line["kind"].get<std::string>();
    for (const char* key : {"node", "reason", "cap", "from_workflow"}) {
      if (line.contains(key)) text += " " + line[key].get<std::string>();
    }
    out.push_back(text);
  }
  return out;
}

Problems LoadProblems(const Json& fixture) {
  SessionLoadResult loaded = Session::Load(fixture.dump(2));
  EXPECT_FALSE(loaded.ok());
  return loaded.problems;
}

bool HasProblem(const Problems& problems, const std::string& pointer, const char* code) {
  for (const Problem& problem : problems) {
    if (problem.pointer == pointer && problem.code == code) return true;
  }
  return false;
}

std::string ProblemList(const Problems& problems) {
  std::string out;
  for (const Problem& problem : problems) out += problem.ToString() + " [" + problem.code + "]\n";
  return out;
}

TEST(Portfolio, PriorityDecidesWhichSendTheCapSuppressesAtOneInstant) {
  Json cap = {{"max", 1}, {"per", "1d"}, {"channels", {"email"}}};
  // The promotion is listed first, but the receipt has priority.
  Json fixture = Portfolio({Mailer("promo", "purchase_completed"), Mailer("receipt", "purchase_completed")},
                           {{"frequency_cap", cap}, {"priority", {"receipt"}}}, {At("+1h", "purchase_completed")});
  auto session = RunFixture(fixture);
  ASSERT_TRUE(session);
  EXPECT_EQ(WorkflowTrace(*session), (Lines{
                                         "+1h receipt enrolled",
                                         "+1h receipt entered send",
                                         "+1h receipt sent send",
                                         "+1h receipt entered done",
                                         "+1h receipt exited completed",
                                         "+1h promo enrolled",
                                         "+1h promo entered send",
                                         "+1h promo suppressed send frequency_cap portfolio",
                                         "+1h promo entered done",
                                         "+1h promo exited completed",
                                     }));
  // Priority the other way round: the promotion goes first, the receipt is capped.
  fixture["portfolio"]["priority"] = {"promo", "receipt"};
  session = RunFixture(fixture);
  ASSERT_TRUE(session);
  EXPECT_EQ(WorkflowTrace(*session)[2], "+1h promo sent send");
  EXPECT_EQ(WorkflowTrace(*session)[7], "+1h receipt suppressed send frequency_cap portfolio");
}

TEST(Portfolio, CapCountsEveryWorkflowAndWindowSlides) {
  Json cap = {{"max", 2}, {"per", "1d"}};
  Json fixture = Portfolio({Mailer("a", "go"), Mailer("b", "go2"), Mailer("c", "go3")}, {{"frequency_cap", cap}},
                           {At("+1h", "go"), At("+2h", "go2"), At("+3h", "go3"), At("+1d1h", "go3")});
  fixture["workflows"][2]["entry"]["reenroll"] = "after_exit";
  auto session = RunFixture(fixture);
  ASSERT_TRUE(session);
  std::string jsonl = session->TraceJsonl();
  // Third send within a day: capped; a day after the first, the window has room again.
  EXPECT_NE(jsonl.find(R"({"t":"2026-11-02T03:00:00Z","contact":"ana","workflow":"c","kind":"suppressed","node":"send","channel":"email","template":"c_email","reason":"frequency_cap","cap":"portfolio"})"),
            std::string::npos)
      << jsonl;
  EXPECT_NE(jsonl.find(R"({"t":"2026-11-03T01:00:00Z","contact":"ana","workflow":"c","kind":"sent")"), std::string::npos) << jsonl;
  Json report = PortfolioReport(*session);
  EXPECT_EQ(report["suppressed_by_portfolio_cap"], Json({{"a", 0}, {"b", 0}, {"c", 1}}));
  EXPECT_EQ(report["messages_max_24h"], 2);
}

TEST(Portfolio, WorkflowCapStillAppliesWithinItsWorkflow) {
  Json own_cap = {{"settings", {{"frequency_cap", {{"max", 1}, {"per", "7d"}}}}}};
  Json twice = Flow("twice", OnEvent("go"),
                    {{"one", SendThen("twice", "two")}, {"two", SendThen("twice", "done")}, {"done", Done()}}, "one", own_cap);
  auto session = RunFixture(Portfolio({twice, Mailer("other", "go")}, Json(), {At("+1h", "go")}));
  ASSERT_TRUE(session);
  Lines trace = WorkflowTrace(*session);
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+1h twice suppressed two frequency_cap"), trace.end());
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+1h other sent send"), trace.end());
}

// A sign-up gets an email, then three days' wait.
Json WelcomeSeries() {
  return Flow("welcome", OnEvent("signup"),
              {{"send", SendThen("welcome", "wait")},
               {"wait", {{"type", "wait"}, {"for", "3d"}, {"next", "done"}}},
               {"done", Done()}},
              "send");
}

TEST(Portfolio, EnrollAndUnenrollNodes) {
  Json welcome = WelcomeSeries();
  // A purchase takes the contact out of the welcome series and into the
  // customer flow, which is entered only by enroll nodes.
  Json buyer = Flow("buyer", OnEvent("purchase"),
                    {{"stop_welcome", {{"type", "unenroll"}, {"workflow", "welcome"}, {"next", "to_customer"}}},
                     {"to_customer", {{"type", "enroll"}, {"workflow", "customer"}, {"next", "done"}}},
                     {"done", Done()}},
                    "stop_welcome");
  Json customer = Flow("customer", Json::array(), {{"send", SendThen("customer", "done")}, {"done", Done()}}, "send");
  auto session = RunFixture(Portfolio({welcome, buyer, customer}, Json(), {At("+1h", "signup"), At("+1d", "purchase")}));
  ASSERT_TRUE(session);
  EXPECT_EQ(WorkflowTrace(*session), (Lines{
                                         "+1h welcome enrolled",
                                         "+1h welcome entered send",
                                         "+1h welcome sent send",
                                         "+1h welcome entered wait",
                                         "+1h welcome waiting wait",
                                         "+1d buyer enrolled",
                                         "+1d buyer entered stop_welcome",
                                         "+1d welcome exited unenrolled",
                                         "+1d buyer entered to_customer",
                                         "+1d buyer entered done",
                                         "+1d buyer exited completed",
                                         "+1d customer enrolled buyer",
                                         "+1d customer entered send",
                                         "+1d customer sent send",
                                         "+1d customer entered done",
                                         "+1d customer exited completed",
                                     }));
}

// What the page reads about a contact in a portfolio: where it is and the
// path it took in each workflow, not one path mixing every workflow's nodes.
TEST(Portfolio, ContactShowsItsStateAndPathInEachWorkflow) {
  Json welcome = WelcomeSeries();
  Json buyer = Flow("buyer", OnEvent("purchase"),
                    {{"stop_welcome", {{"type", "unenroll"}, {"workflow", "welcome"}, {"next", "wait"}}},
                     {"wait", {{"type", "wait"}, {"for", "1d"}, {"next", "done"}}},
                     {"done", Done()}},
                    "stop_welcome");
  auto session = LoadFixture(Portfolio({welcome, buyer}, Json(), {At("+1h", "signup"), At("+1d", "purchase")}));
  ASSERT_TRUE(session);
  session->AdvanceTo(session->start() + 30 * 3600);  // buyer waits; welcome was unenrolled
  Json ana = session->Contact("ana");
  EXPECT_EQ(ana["workflow"], "buyer") << "shown in the workflow it is in now";
  EXPECT_EQ(ana["state"], "waiting");
  EXPECT_EQ(ana["path"], Json::array({"stop_welcome", "wait"}));
  EXPECT_EQ(ana["workflows"]["welcome"]["state"], "exited");
  EXPECT_EQ(ana["workflows"]["welcome"]["exit_reason"], "unenrolled");
  EXPECT_EQ(ana["workflows"]["welcome"]["path"], Json::array({"send", "wait"}));
  EXPECT_EQ(ana["workflows"]["buyer"]["path"], Json::array({"stop_welcome", "wait"}));
  EXPECT_EQ(session->Contacts()[0]["workflows"], ana["workflows"]);
  session->RunToEnd();
  ana = session->Contact("ana");
  EXPECT_EQ(ana["workflow"], "welcome") << "in none now: shown in the first it was in";
  EXPECT_EQ(ana["path"], Json::array({"send", "wait"}));
  EXPECT_EQ(ana["workflows"]["buyer"]["path"], Json::array({"stop_welcome", "wait", "done"}));
}

// The JavaScript API's coverage() of a portfolio: one report per workflow.
TEST(Portfolio, SessionApiCoverageGivesOneReportPerWorkflow) {
  api::SessionApi api;
  Json fixture = Portfolio({Mailer("a", "go"), Flow("b", OnEvent("never"), {{"done", Done()}}, "done")}, Json(), {At("+1h", "go")});
  ASSERT_TRUE(Json::parse(api.Load(fixture.dump(), "{}"))["ok"]);
  ASSERT_TRUE(Json::parse(api.RunToEnd())["ok"]);
  Json coverage = Json::parse(api.Coverage());
  ASSERT_TRUE(coverage["ok"]) << coverage.dump();
  ASSERT_TRUE(coverage["result"].is_array());
  ASSERT_EQ(coverage["result"].size(), 2u);
  EXPECT_EQ(coverage["result"][0]["workflow"], "a");
  EXPECT_EQ(coverage["result"][0]["percent"], 100);
  EXPECT_EQ(coverage["result"][1]["workflow"], "b");
  EXPECT_EQ(coverage["result"][1]["nodes"]["missed"], Json::array({"done"}));
}

TEST(Portfolio, EnrollRespectsAudienceAndReenrolment) {
  Json target = Flow("vip", Json::array(), {{"send", SendThen("vip", "done")}, {"done", Done()}}, "send");
  target["entry"]["audience"] = {{"==", Json::array({{{"var", "contact.tier"}}, "gold"})}};
  Json source = Flow("source", OnEvent("go"),
                     {{"up", {{"type", "update"}, {"set", {{"tier", "gold"}}}, {"next", "en"}}},
                      {"en", {{"type", "enroll"}, {"workflow", "vip"}, {"next", "done"}}},
                      {"done", Done()}},
                     "en");
  // Straight to the enroll node: not gold, so the audience refuses.
  auto session = RunFixture(Portfolio({source, target}, Json(), {At("+1h", "go")}));
  ASSERT_TRUE(session);
  EXPECT_NE(session->TraceJsonl().find(R"("workflow":"vip","kind":"enroll_rejected","from_workflow":"source","from_node":"en","reason":"audience")"),
            std::string::npos)
      << session->TraceJsonl();
  // Through the update first: the other workflow sees the new attribute.
  source["start"] = "up";
  source["entry"]["reenroll"] = "after_exit";
  session = RunFixture(Portfolio({source, target}, Json(), {At("+1h", "go"), At("+2h", "go")}));
  ASSERT_TRUE(session);
  std::string jsonl = session->TraceJsonl();
  EXPECT_NE(jsonl.find(R"({"t":"2026-11-02T01:00:00Z","contact":"ana","workflow":"vip","kind":"enrolled","from_workflow":"source","from_node":"en"})"),
            std::string::npos)
      << jsonl;
  // The second request meets vip's re-enrolment rule ("never").
  EXPECT_NE(jsonl.find(R"({"t":"2026-11-02T02:00:00Z","contact":"ana","workflow":"vip","kind":"enroll_rejected","from_workflow":"source","from_node":"en","reason":"reenroll"})"),
            std::string::npos)
      << jsonl;
}

TEST(Portfolio, SharedAttributesAndEventsReachOtherWorkflowsTriggers) {
  Json scorer = Flow("scorer", OnEvent("go"),
                     {{"up", {{"type", "update"}, {"increment", {{"score", 50}}}, {"next", "done"}}}, {"done", Done()}}, "up");
  Json hot = Flow("hot", Json::array({{{"type", "condition"}, {"condition", {{">=", Json::array({{{"var", "contact.score"}}, 50})}}}}}),
                  {{"send", SendThen("hot", "done")}, {"done", Done()}}, "send");
  Json seen = Flow("seen", Json::array({{{"type", "condition"}, {"condition", {{"has_event", Json::array({"go", "1d"})}}}}}),
                   {{"done", Done()}}, "done");
  auto session = RunFixture(Portfolio({scorer, hot, seen}, Json(), {At("+1h", "go")}));
  ASSERT_TRUE(session);
  Lines trace = WorkflowTrace(*session);
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+1h hot sent send"), trace.end());
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+1h seen enrolled"), trace.end());
}

TEST(Portfolio, ZeroTimeEnrollCycleIsStoppedWithAClearError) {
  Json a = Flow("a", OnEvent("go"), {{"e", {{"type", "enroll"}, {"workflow", "b"}, {"next", "done"}}}, {"done", Done()}}, "e",
                {{"entry", {{"triggers", OnEvent("go")}, {"reenroll", "after_exit"}}}});
  Json b = Flow("b", Json::array(), {{"e", {{"type", "enroll"}, {"workflow", "a"}, {"next", "done"}}}, {"done", Done()}}, "e",
                {{"entry", {{"triggers", Json::array()}, {"reenroll", "after_exit"}}}});
  auto session = RunFixture(Portfolio({a, b}, Json(), {At("+1h", "go")}));
  ASSERT_TRUE(session);
  std::string jsonl = session->TraceJsonl();
  std::size_t error = jsonl.find(R"("kind":"error","code":"loop_without_wait")");
  ASSERT_NE(error, std::string::npos);
  EXPECT_NE(jsonl.find("across the portfolio's workflows (a cycle of enroll nodes", error), std::string::npos);
  EXPECT_NE(jsonl.find(R"("kind":"exited","reason":"error")", error), std::string::npos);
  EXPECT_EQ(jsonl.find(R"("kind":"error")", error + 1), std::string::npos) << "one error stops the cycle";
  EXPECT_TRUE(session->finished());
}

TEST(Portfolio, SelfEnrollCycleInOneWorkflowIsStoppedToo) {
  Json loop = MakeWorkflow({{"again", {{"type", "enroll"}, {"workflow", "test-flow"}, {"next", "done"}}}, {"done", Done()}}, "again",
                           {{"entry", {{"triggers", OnEvent("signup")}, {"reenroll", "after_exit"}}}});
  auto session = RunFixture(MakeFixture(loop, {{{"id", "ana"}}}, {At("+1h", "signup")}));
  ASSERT_TRUE(session);
  std::string jsonl = session->TraceJsonl();
  EXPECT_NE(jsonl.find(R"("kind":"error","code":"loop_without_wait")"), std::string::npos);
  EXPECT_EQ(jsonl.find(R"("workflow":)"), std::string::npos) << "a run of one workflow has no workflow field";
}

TEST(Portfolio, EveryTraceLineNamesItsWorkflow) {
  auto session = RunFixture(Portfolio({Mailer("a", "go"), Mailer("b", "go")}, Json(), {At("+1h", "go")}));
  ASSERT_TRUE(session);
  std::string jsonl = session->TraceJsonl();
  ASSERT_FALSE(jsonl.empty());
  for (std::size_t begin = 0; begin < jsonl.size();) {
    std::size_t end = jsonl.find('\n', begin);
    std::string line = jsonl.substr(begin, end - begin);
    begin = end + 1;
    EXPECT_EQ(line.find(R"(,"contact":"ana","workflow":")"), line.find(",\"contact\"")) << line;
  }
  Json messages = session->Messages();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0]["workflow"], "a");
  EXPECT_EQ(messages[1]["workflow"], "b");
  Json ana = session->Contact("ana");
  EXPECT_EQ(ana["workflows"]["a"]["state"], "exited");
  EXPECT_EQ(ana["workflows"]["b"]["exit_reason"], "completed");
}

TEST(Portfolio, ExpectationsMayNameAWorkflow) {
  // Both workflows have a node "send"; only a reaches it (b waits past the clock's end).
  Json b = Flow("b", OnEvent("go"),
                {{"hold", {{"type", "wait"}, {"for", "10d"}, {"next", "send"}}}, {"send", {{"type", "exit"}, {"reason", "b_done"}}}}, "hold");
  Json fixture = Portfolio({Mailer("a", "go"), b}, Json(), {At("+1h", "go")},
                           {{{"contact", "ana"}, {"reaches", "hold"}, {"workflow", "b"}},
                            {{"contact", "ana"}, {"exits", "completed"}, {"workflow", "a"}},
                            {{"contact", "ana"}, {"exits", "completed"}, {"workflow", "b"}},  // fails: b never exits
                            {{"contact", "ana"}, {"never_reaches", "send"}, {"workflow", "b"}},
                            {{"contact", "ana"}, {"never_reaches", "send"}},  // fails: a reaches it
                            {{"contact", "ana"}, {"receives", "a_email"}, {"workflow", "a"}, {"subject_contains", "Ana"}}});
  auto session = RunFixture(fixture);
  ASSERT_TRUE(session);
  std::vector<ExpectationResult> results = CheckExpectations(session->fixture(), *session);
  ASSERT_EQ(results.size(), 6u);
  EXPECT_TRUE(results[0].passed) << results[0].actual;
  EXPECT_TRUE(results[1].passed) << results[1].actual;
  EXPECT_FALSE(results[2].passed);
  EXPECT_NE(results[2].expected.find("in workflow 'b'"), std::string::npos) << results[2].expected;
  EXPECT_TRUE(results[3].passed) << results[3].actual;
  EXPECT_FALSE(results[4].passed) << "without a workflow, any workflow's lines count";
  EXPECT_TRUE(results[5].passed) << results[5].actual;
}

TEST(Portfolio, CoverageIsPerWorkflow) {
  Json fixture = Portfolio({Mailer("a", "go"), Flow("b", OnEvent("never"), {{"done", Done()}}, "done")}, Json(), {At("+1h", "go")});
  FixturesCoverage coverage = CoverageOfFixtures({{"p.fixture.json", fixture.dump(), "", nullptr}});
  ASSERT_TRUE(coverage.ok());
  ASSERT_EQ(coverage.reports.size(), 2u);
  EXPECT_EQ(coverage.reports[0]["workflow"], "a");
  EXPECT_EQ(coverage.reports[0]["percent"], 100);
  EXPECT_EQ(coverage.reports[1]["workflow"], "b");
  EXPECT_EQ(coverage.reports[1]["nodes"]["missed"], Json::array({"done"}));
}

TEST(Portfolio, ReportsOverlapsAndTheBusiest24Hours) {
  Json slow = Flow("slow", OnEvent("signup"),
                   {{"send", SendThen("slow", "wait")}, {"wait", {{"type", "wait"}, {"for", "2d"}, {"next", "again"}}},
                    {"again", SendThen("slow", "done")}, {"done", Done()}},
                   "send");
  Json quick = Mailer("quick", "purchase");
  Json later = Mailer("later", "late");
  auto session = RunFixture(Portfolio({slow, quick, later}, Json(), {At("+1h", "signup"), At("+5h", "purchase"), At("+3d", "late")}));
  ASSERT_TRUE(session);
  Json report = PortfolioReport(*session);
  EXPECT_EQ(report["overlapping_contacts"], 1);
  EXPECT_EQ(report["pairs"], Json::parse(R"([{"workflows":["slow","quick"],"contacts":1}])"));
  Json ana = report["contacts"][0];
  EXPECT_EQ(ana["overlaps"], Json::parse(R"([{"workflows":["slow","quick"],"from":"2026-11-02T05:00:00Z","until":"2026-11-02T05:00:00Z"}])"));
  EXPECT_EQ(ana["messages"], 4);
  EXPECT_EQ(ana["messages_max_24h"], 2);
  EXPECT_EQ(ana["max_24h_from"], "2026-11-02T01:00:00Z");
  std::string text = PortfolioReportText(report);
  EXPECT_NE(text.find("in two or more workflows at once: 1 contact: slow + quick (1)"), std::string::npos) << text;
  EXPECT_NE(text.find("most messages to one contact in any 24 hours: 2"), std::string::npos) << text;
}

// A population's run has thousands of contacts at the busiest count: the
// text names the first five and says how many more.
TEST(Portfolio, TheBusiestContactsAreNamedFiveAtMost) {
  Json report = {{"workflows", Json::array({"a"})}, {"overlapping_contacts", 0}, {"pairs", Json::array()}, {"messages_max_24h", 2},
                 {"suppressed_by_portfolio_cap", {{"a", 0}}}, {"contacts", Json::array()}};
  for (int i = 1; i <= 8; ++i) {
    report["contacts"].push_back({{"contact", "c" + std::to_string(i)}, {"messages_max_24h", 2}, {"max_24h_from", "2026-11-02T01:00:00Z"}, {"overlaps", Json::array()}});
  }
  report["contacts"].push_back({{"contact", "quiet"}, {"messages_max_24h", 1}, {"max_24h_from", "2026-11-02T01:00:00Z"}, {"overlaps", Json::array()}});
  std::string text = PortfolioReportText(report);
  EXPECT_NE(text.find("24 hours: 2 (c1 from 2026-11-02T01:00:00Z, c2 from"), std::string::npos) << text;
  EXPECT_NE(text.find("c5 from 2026-11-02T01:00:00Z and 3 more)\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("c6"), std::string::npos) << text;
  EXPECT_EQ(text.find("quiet"), std::string::npos) << text;
}

TEST(Portfolio, RunsAreDeterministic) {
  Json cap = {{"max", 1}, {"per", "1d"}};
  Json fixture = Portfolio({Mailer("a", "go"), Mailer("b", "go"), Mailer("c", "go")}, {{"frequency_cap", cap}, {"priority", {"c", "a"}}},
                           {At("+1h", "go"), At("+2d", "go")});
  fixture["reactions"] = Json::array({{{"contact", "*"}, {"on_send", "a_email"}, {"event", "email_opened"}, {"after", "1h"}, {"probability", 0.5}}});
  auto first = RunFixture(fixture);
  auto second = RunFixture(fixture);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->TraceJsonl(), second->TraceJsonl());
  EXPECT_EQ(first->Messages().dump(), second->Messages().dump());
}

TEST(Portfolio, BadPortfoliosGiveLocatedProblems) {
  Json ok = Mailer("a", "go");
  // Two workflows with one id.
  Problems problems = LoadProblems(Portfolio({ok, Mailer("a", "other")}, Json(), {}));
  EXPECT_TRUE(HasProblem(problems, "/workflows/1/id", problem_code::kDuplicateName)) << ProblemList(problems);
  // An enroll naming a workflow that is not in the portfolio.
  Json enrolls = Flow("b", OnEvent("go"), {{"en", {{"type", "enroll"}, {"workflow", "nowhere"}, {"next", "done"}}}, {"done", Done()}}, "en");
  problems = LoadProblems(Portfolio({ok, enrolls}, Json(), {}));
  EXPECT_TRUE(HasProblem(problems, "/workflows/1/nodes/en/workflow", problem_code::kBadReference)) << ProblemList(problems);
  EXPECT_NE(ProblemList(problems).find("'nowhere', which is not in the portfolio"), std::string::npos) << ProblemList(problems);
  // A priority naming an unknown workflow.
  problems = LoadProblems(Portfolio({ok, Mailer("b", "go")}, {{"priority", {"b", "c"}}}, {}));
  EXPECT_TRUE(HasProblem(problems, "/portfolio/priority/1", problem_code::kBadReference)) << ProblemList(problems);
  // workflow and workflows together; portfolio without workflows.
  Json both = Portfolio({ok}, Json(), {});
  both["workflow"] = ok;
  problems = LoadProblems(both);
  EXPECT_TRUE(HasProblem(problems, "/workflows", problem_code::kConflictingFields)) << ProblemList(problems);
  Json single = MakeFixture(ok, {{{"id", "ana"}}});
  single["portfolio"] = {{"priority", {"a"}}};
  problems = LoadProblems(single);
  EXPECT_TRUE(HasProblem(problems, "/portfolio", problem_code::kConflictingFields)) << ProblemList(problems);
  // An enroll in a fixture of one workflow naming another workflow.
  Json lone = MakeFixture(enrolls, {{{"id", "ana"}}});
  problems = LoadProblems(lone);
  EXPECT_TRUE(HasProblem(problems, "/workflow/nodes/en/workflow", problem_code::kBadReference)) << ProblemList(problems);
  EXPECT_NE(ProblemList(problems).find("this fixture has one workflow, 'b'"), std::string::npos) << ProblemList(problems);
  // An expectation naming an unknown workflow.
  problems = LoadProblems(Portfolio({ok}, Json(), {}, {{{"contact", "ana"}, {"exits", "completed"}, {"workflow", "zzz"}}}));
  EXPECT_TRUE(HasProblem(problems, "/expect/0/workflow", problem_code::kBadReference)) << ProblemList(problems);
}


TEST(Portfolio, LintAcrossWorkflows) {
  Json a = Flow("a", OnEvent("go"), {{"e", {{"type", "enroll"}, {"workflow", "b"}, {"next", "done"}}}, {"done", Done()}}, "e");
  Json b = Flow("b", OnEvent("go"), {{"e", {{"type", "enroll"}, {"workflow", "a"}, {"next", "done"}}}, {"done", Done()}}, "e");
  Json c = Mailer("c", "other");
  lint::LintDocumentResult linted = lint::LintDocumentText(Portfolio({a, b, c}, Json(), {}).dump(2), DocumentOptions{}, {});
  ASSERT_TRUE(linted.ok());
  std::vector<std::string> seen;
  for (const lint::LintFinding& f : linted.findings) {
    if (f.rule == "enroll_cycle" || f.rule == "overlapping_triggers") seen.push_back(f.rule + " " + f.pointer);
    if (f.rule == "overlapping_triggers") {
      EXPECT_GT(f.line, 0) << "located in the fixture text";
    }
  }
  EXPECT_EQ(seen, (Lines{"enroll_cycle /workflows/0/nodes/e", "overlapping_triggers /workflows/1/entry/triggers/0",
                         "enroll_cycle /workflows/1/nodes/e"}));  // sorted by pointer
  // A priority that orders both: no overlapping_triggers.
  linted = lint::LintDocumentText(Portfolio({a, b, c}, {{"priority", {"b", "a"}}}, {}).dump(2), DocumentOptions{}, {});
  ASSERT_TRUE(linted.ok());
  for (const lint::LintFinding& f : linted.findings) EXPECT_NE(f.rule, "overlapping_triggers") << f.message;
}

}  // namespace
}  // namespace flowproof::testing
