// What the page, the CLI and the binding read from a session, tested in the
// core: contacts by id and their paths kept as the trace grows, slices of
// messages and of the trace, typed render results, the one document check,
// coverage over several fixtures and the expectations report.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/base/json.h"
#include "core/expect/coverage.h"
#include "core/expect/coverage_of_fixtures.h"
#include "core/expect/expectations_report.h"
#include "core/model/memory_file_loader.h"
#include "core/sim/contact_paths.h"
#include "core/sim/session.h"
#include "core/sim/session_json.h"
#include "core/validate/validate_document.h"
#include "tests/sim_test_support.h"

namespace flowproof {
namespace {

using testing::LoadFixture;
using testing::MakeFixture;
using testing::MakeWorkflow;
using testing::RunFixture;

// welcome, a day's wait, promo, exit; signups at +1h (ana), +2h (bo), and ana again at +3d.
Json WelcomeWorkflow() {
  return MakeWorkflow(
      {{"welcome", {{"type", "send"}, {"channel", "email"}, {"template", "welcome"}, {"next", "wait"}}},
       {"wait", {{"type", "wait"}, {"for", "1d"}, {"next", "promo"}}},
       {"promo", {{"type", "send"}, {"channel", "email"}, {"template", "promo"}, {"next", "done"}}},
       {"done", {{"type", "exit"}}}},
      "welcome", {{"entry", {{"triggers", Json::array({{{"type", "event"}, {"event", "signup"}}})},
                             {"reenroll", "after_exit"}}}});
}

Json WelcomeFixture() {
  return MakeFixture(WelcomeWorkflow(),
                     {{{"id", "ana"}, {"email", "ana@example.com"}, {"first_name", "Ana"}},
                      {{"id", "bo"}, {"email", "bo@example.com"}, {"first_name", "Bo"}},
                      {{"id", "cy"}, {"first_name", "Cy"}}},
                     {{{"at", "+1h"}, {"contact", "ana"}, {"event", "signup"}},
                      {{"at", "+2h"}, {"contact", "bo"}, {"event", "signup"}},
                      {{"at", "+3d"}, {"contact", "ana"}, {"event", "signup"}}});
}

TEST(SessionContacts, ContactByIdIsTheContactsEntry) {
  std::unique_ptr<Session> session = RunFixture(WelcomeFixture());
  ASSERT_TRUE(session);
  Json all = session->Contacts();
  ASSERT_EQ(all.size(), 3u);
  for (const Json& contact : all) EXPECT_EQ(session->Contact(contact["id"]), contact);
  EXPECT_TRUE(session->Contact("nobody").is_null());
  EXPECT_TRUE(session->Contact("").is_null());
  EXPECT_EQ(all[0]["attributes"]["first_name"], "Ana");
  EXPECT_EQ(all[1]["path"], Json::array({"welcome", "wait", "promo", "done"}));
}

TEST(SessionContacts, PathsFollowTheTraceAsItGrowsAndRestartAtEnrolment) {
  std::unique_ptr<Session> session = LoadFixture(WelcomeFixture());
  ASSERT_TRUE(session);
  EXPECT_EQ(session->Contact("ana")["path"], Json::array());
  session->AdvanceBy(2 * kHour);  // ana and bo sent welcome, waiting
  EXPECT_EQ(session->Contact("ana")["path"], Json::array({"welcome", "wait"}));
  EXPECT_EQ(session->Contact("ana")["state"], "waiting");
  session->AdvanceBy(2 * kDay);  // both done
  EXPECT_EQ(session->Contact("ana")["path"], Json::array({"welcome", "wait", "promo", "done"}));
  session->AdvanceBy(1 * kDay);  // ana enrolled again at +3d: a new path
  EXPECT_EQ(session->Contact("ana")["path"], Json::array({"welcome", "wait"}));
  EXPECT_EQ(session->Contact("ana")["enrollments"], 2);
  EXPECT_EQ(session->Contact("cy")["path"], Json::array());

  // Read along the way or only at the end: the same answer as a fresh run.
  session->RunToEnd();
  std::unique_ptr<Session> fresh = RunFixture(WelcomeFixture());
  EXPECT_EQ(session->Contacts(), fresh->Contacts());
}

TEST(SessionContacts, SummariesAreContactsWithoutDetailOrNulls) {
  std::unique_ptr<Session> session = LoadFixture(WelcomeFixture());
  ASSERT_TRUE(session);
  session->AdvanceBy(2 * kHour);
  Json all = session->Contacts();
  Json summaries = session->ContactSummaries();
  ASSERT_EQ(summaries.size(), all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    Json expected = Json::object();
    for (auto& [key, value] : all[i].items()) {
      if (key == "attributes" || key == "lists" || key == "consent" || key == "path" || value.is_null()) continue;
      expected[key] = value;
    }
    EXPECT_EQ(summaries[i], expected) << i;
  }
  EXPECT_EQ(summaries[0]["waiting_for"]["time"], "2026-11-03T01:00:00Z");
  EXPECT_FALSE(summaries[2].contains("node"));  // cy: not enrolled, node null
}

TEST(SessionContacts, ContactPathsByIndex) {
  std::unique_ptr<Session> session = RunFixture(WelcomeFixture());
  ASSERT_TRUE(session);
  ContactPaths paths(session->fixture());
  EXPECT_EQ(paths.IndexOf("bo"), std::optional<std::size_t>(1));
  EXPECT_EQ(paths.IndexOf("zed"), std::nullopt);
  EXPECT_EQ(paths.Path(1), Json::array());  // nothing read yet
  EXPECT_EQ(paths.lines_read(), 0u);
  EXPECT_EQ(paths.Path(99), Json::array());
}

TEST(SessionMessages, SlicesEqualTheWholeList) {
  std::unique_ptr<Session> session = RunFixture(WelcomeFixture());
  ASSERT_TRUE(session);
  Json all = session->Messages();
  ASSERT_EQ(all.size(), 6u);  // ana twice (welcome, promo), bo, ana's second welcome and promo
  ASSERT_EQ(session->message_count(), all.size());
  for (std::size_t from = 0; from <= all.size() + 1; ++from) {
    for (std::size_t to = from; to <= all.size() + 1; ++to) {
      Json expected = Json::array();
      for (std::size_t i = from; i < std::min(to, all.size()); ++i) expected.push_back(all[i]);
      EXPECT_EQ(session->Messages(from, to), expected) << from << ".." << to;
    }
  }
  EXPECT_EQ(session->Messages(4, 2), Json::array());
  EXPECT_EQ(session->Messages(2, Session::kToEnd).size(), 4u);
  EXPECT_EQ(all[0]["template"], "welcome");
  EXPECT_EQ(all[0]["contact"], "ana");
  EXPECT_EQ(all[0]["channel"], "email");
}

TEST(SessionTrace, JsonArrayIsTheLinesJoined) {
  std::unique_ptr<Session> session = RunFixture(WelcomeFixture());
  ASSERT_TRUE(session);
  std::size_t size = session->trace_size();
  ASSERT_GT(size, 10u);
  for (std::size_t from : {std::size_t{0}, std::size_t{3}, size - 1, size, size + 5}) {
    for (std::size_t to : {from, from + 1, size, Session::kToEnd}) {
      std::string jsonl = session->TraceJsonl(from, to);
      std::string joined = "[";
      for (char c : jsonl) joined += c == '\n' ? ',' : c;
      if (joined.back() == ',') joined.pop_back();
      joined += "]";
      EXPECT_EQ(session->TraceJsonArray(from, to), joined) << from << ".." << to;
    }
  }
  EXPECT_EQ(session->TraceJsonl(0, Session::kToEnd), session->TraceJsonl());
  EXPECT_EQ(session->TraceJsonArray(0, 0), "[]");
  Json parsed = Json::parse(session->TraceJsonArray());
  ASSERT_EQ(parsed.size(), size);
  EXPECT_EQ(parsed[0]["kind"], "enrolled");
  EXPECT_EQ(Json::parse(session->TraceJsonl(1, 2)), parsed[1]);
}

TEST(SessionRender, TypedResult) {
  std::unique_ptr<Session> session = RunFixture(WelcomeFixture());
  ASSERT_TRUE(session);
  MessageRenderResult ok = session->Render("bo", "welcome");
  ASSERT_TRUE(ok.ok()) << ok.error;
  EXPECT_EQ(ok.message["subject"], "Welcome Bo");
  EXPECT_TRUE(ok.code.empty());
  MessageRenderResult never_sent = session->Render("cy", "nudge");  // rendered as of now
  ASSERT_TRUE(never_sent.ok());
  EXPECT_EQ(never_sent.message["body"], "Hi Cy! Reply STOP to opt out");
  MessageRenderResult no_contact = session->Render("zed", "welcome");
  EXPECT_FALSE(no_contact.ok());
  EXPECT_EQ(no_contact.code, "unknown_contact");
  EXPECT_EQ(no_contact.error, "no contact 'zed' in the fixture");
  EXPECT_TRUE(no_contact.message.is_null());
  MessageRenderResult no_template = session->Render("ana", "nope");
  EXPECT_EQ(no_template.code, "unknown_template");
  EXPECT_EQ(no_template.error, "no template 'nope' in the workflow");
}

TEST(SessionRender, LiquidErrorIsRenderFailed) {
  Json workflow = WelcomeWorkflow();
  workflow["templates"]["broken"] = {{"channel", "sms"}, {"body", "{{ 1 | divided_by: 0 }}"}};
  std::unique_ptr<Session> session = LoadFixture(MakeFixture(workflow, {{{"id", "ana"}}}));
  ASSERT_TRUE(session);
  MessageRenderResult result = session->Render("ana", "broken");
  EXPECT_EQ(result.code, "render_failed");
  EXPECT_NE(result.error.find("broken.body:1:"), std::string::npos) << result.error;
}

// ---- ValidateDocument ----------------------------------------------------------

TEST(ValidateDocument, WorkflowProblemsThenLiquid) {
  DocumentCheck good = ValidateDocument(WelcomeWorkflow());
  EXPECT_TRUE(good.ok());
  EXPECT_EQ(good.kind, DocumentKind::kWorkflow);
  ASSERT_TRUE(good.workflow);
  EXPECT_EQ(good.workflow->id, "test-flow");

  Json bad = WelcomeWorkflow();
  bad["nodes"]["welcome"]["next"] = "nowhere";
  DocumentCheck structural = ValidateDocument(bad);
  ASSERT_FALSE(structural.ok());
  EXPECT_EQ(structural.problems[0].pointer, "/nodes/welcome/next");
  EXPECT_FALSE(structural.workflow);

  Json liquid = WelcomeWorkflow();
  liquid["templates"]["welcome"]["subject"] = "Hi {{ contact.first_name";
  DocumentCheck syntax = ValidateDocument(liquid);
  ASSERT_EQ(syntax.problems.size(), 1u);
  EXPECT_EQ(syntax.problems[0].pointer, "/templates/welcome/subject");
}

TEST(ValidateDocument, FixturesAreDetectedOrForced) {
  Json fixture = WelcomeFixture();
  DocumentCheck detected = ValidateDocument(fixture);
  EXPECT_TRUE(detected.ok());
  EXPECT_EQ(detected.kind, DocumentKind::kFixture);
  ASSERT_TRUE(detected.fixture);
  EXPECT_EQ(detected.fixture->contacts.size(), 3u);

  DocumentOptions as_workflow;
  as_workflow.kind = DocumentKind::kWorkflow;
  DocumentCheck wrong = ValidateDocument(fixture, as_workflow);
  EXPECT_FALSE(wrong.ok());  // a fixture's fields are not a workflow's

  Json liquid = WelcomeFixture();
  liquid["workflow"]["templates"]["welcome"]["subject"] = "{% if %}";
  DocumentCheck syntax = ValidateDocument(liquid);
  ASSERT_EQ(syntax.problems.size(), 1u);
  EXPECT_EQ(syntax.problems[0].pointer, "/workflow/templates/welcome/subject");
}

TEST(ValidateDocument, TriggerLimitIsTheCallersAndFollowsLiquid) {
  Json fixture = WelcomeFixture();
  fixture["workflow"]["entry"]["triggers"].push_back({{"type", "event"}, {"event", "again"}});
  fixture["workflow"]["templates"]["welcome"]["subject"] = "{% if %}";
  EXPECT_EQ(ValidateDocument(fixture).problems.size(), 1u);  // no limit by default
  DocumentOptions options;
  options.max_triggers = 1;
  DocumentCheck limited = ValidateDocument(fixture, options);
  ASSERT_EQ(limited.problems.size(), 2u);
  EXPECT_EQ(limited.problems[0].pointer, "/workflow/templates/welcome/subject");
  EXPECT_EQ(limited.problems[1].pointer, "/workflow/entry/triggers");
  EXPECT_EQ(limited.problems[1].message, "at most 1 triggers are supported");
  EXPECT_FALSE(limited.fixture);
}

TEST(ValidateDocument, WorkflowByPathNeedsALoader) {
  Json fixture = WelcomeFixture();
  std::string workflow_text = fixture["workflow"].dump();
  fixture["workflow"] = "./flows/welcome.json";
  DocumentCheck without = ValidateDocument(fixture);
  ASSERT_FALSE(without.ok());
  EXPECT_NE(without.problems[0].message.find("embed the workflow in the fixture"), std::string::npos)
      << without.problems[0].message;
  DocumentOptions options;
  options.loader = MemoryFileLoader({{"flows/welcome.json", workflow_text}});
  EXPECT_TRUE(ValidateDocument(fixture, options).ok());
  // Session::LoadDocument makes the same check.
  SessionLoadResult loaded = Session::LoadDocument(fixture, "", options.loader);
  EXPECT_TRUE(loaded.ok());
  loaded = Session::LoadDocument(fixture);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.problems[0].message, without.problems[0].message);
}

TEST(ValidateDocument, MalformedTextHasLineAndColumn) {
  DocumentCheck check = ValidateDocumentText("{\n  \"id\": }");
  ASSERT_EQ(check.problems.size(), 1u);
  EXPECT_EQ(check.problems[0].line, 2);
  EXPECT_GT(check.problems[0].column, 0);
  EXPECT_TRUE(check.warnings.empty());
  EXPECT_TRUE(ValidateDocumentText(WelcomeWorkflow().dump()).ok());
}

// ---- coverage over fixtures, expectations ------------------------------------------

TEST(CoverageOfFixtures, OneReportPerWorkflowInFirstAppearanceOrder) {
  std::unique_ptr<Session> a = RunFixture(WelcomeFixture());
  Json other_workflow = WelcomeWorkflow();
  other_workflow["id"] = "other-flow";
  std::unique_ptr<Session> b = RunFixture(MakeFixture(other_workflow, {{{"id", "ana"}}}));
  std::unique_ptr<Session> c = RunFixture(MakeFixture(WelcomeWorkflow(), {{{"id", "ana"}}}));
  ASSERT_TRUE(a && b && c);
  Json reports = CoverageByWorkflow({{"a", a.get()}, {"b", b.get()}, {"skipped", nullptr}, {"c", c.get()}});
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0]["workflow"], "test-flow");
  EXPECT_EQ(reports[0]["fixtures"], Json::array({"a", "c"}));
  EXPECT_EQ(reports[1]["workflow"], "other-flow");
  EXPECT_EQ(reports[0], Coverage(*a->fixture().workflow, {a.get(), b.get(), c.get()}, {"a", "b", "c"}));
  EXPECT_EQ(CoverageByWorkflow({}), Json::array());
}

TEST(CoverageOfFixtures, LoadsRunsAndNamesProblems) {
  FixtureSource good{"welcome.fixture.json", WelcomeFixture().dump(), "", nullptr};
  FixturesCoverage coverage = CoverageOfFixtures({good});
  ASSERT_TRUE(coverage.ok());
  ASSERT_EQ(coverage.reports.size(), 1u);
  std::unique_ptr<Session> run = RunFixture(WelcomeFixture());
  EXPECT_EQ(coverage.reports[0], Coverage(*run->fixture().workflow, {run.get()}, {"welcome.fixture.json"}));
  EXPECT_EQ(coverage.reports[0]["nodes"]["covered"], 4);

  Json broken = WelcomeFixture();
  broken["contacts"][1]["id"] = "ana";
  FixturesCoverage bad = CoverageOfFixtures({good, {"broken.fixture.json", broken.dump(), "", nullptr},
                                             {"text.fixture.json", "{", "", nullptr}});
  ASSERT_GE(bad.problems.size(), 2u);
  EXPECT_EQ(bad.problems[0].pointer, "/contacts/1/id");
  EXPECT_EQ(bad.problems[0].message.rfind("broken.fixture.json: duplicate contact id", 0), 0u) << bad.problems[0].message;
  for (std::size_t i = 0; i + 1 < bad.problems.size(); ++i) {
    EXPECT_EQ(bad.problems[i].message.rfind("broken.fixture.json: ", 0), 0u) << bad.problems[i].message;
  }
  EXPECT_EQ(bad.problems.back().message.rfind("text.fixture.json: ", 0), 0u);
  EXPECT_EQ(bad.problems.back().line, 1);
  EXPECT_EQ(bad.reports, Json::array());
}

TEST(ExpectationsReport, CountsAndFinished) {
  Json fixture = WelcomeFixture();
  fixture["expect"] = Json::array({{{"contact", "bo"}, {"receives", "promo"}},
                                   {{"contact", "cy"}, {"receives", "welcome"}}});
  std::unique_ptr<Session> session = LoadFixture(fixture);
  ASSERT_TRUE(session);
  Json before = ExpectationsReport(*session);
  EXPECT_EQ(before["finished"], false);
  EXPECT_EQ(before["passed"], 0);
  EXPECT_EQ(before["failed"], 2);
  session->RunToEnd();
  Json after = ExpectationsReport(*session);
  EXPECT_EQ(after["finished"], true);
  EXPECT_EQ(after["passed"], 1);
  EXPECT_EQ(after["failed"], 1);
  ASSERT_EQ(after["results"].size(), 2u);
  EXPECT_EQ(after["results"][0]["passed"], true);
}

// ---- what the binding passes through ---------------------------------------------

TEST(SessionJson, StatusAndOutline) {
  std::unique_ptr<Session> session = LoadFixture(WelcomeFixture());
  ASSERT_TRUE(session);
  session->AdvanceBy(kHour);
  Json status = SessionStatusJson(*session);
  EXPECT_EQ(status["now"], "2026-11-02T01:00:00Z");
  EXPECT_EQ(status["start"], "2026-11-02T00:00:00Z");
  EXPECT_EQ(status["nowSeconds"], status["startSeconds"].get<long long>() + 3600);
  EXPECT_EQ(status["finished"], false);
  EXPECT_EQ(status["steps"], session->steps_taken());
  EXPECT_EQ(status["traceSize"], session->trace_size());
  Json outline = FixtureOutlineJson(session->fixture());
  EXPECT_EQ(outline["workflowId"], "test-flow");
  EXPECT_EQ(outline["contacts"], Json::array({"ana", "bo", "cy"}));
  ASSERT_EQ(outline["nodes"].size(), 4u);
  EXPECT_EQ(outline["nodes"][0], session->fixture().workflow->nodes[0].id);
  EXPECT_EQ(outline["templates"].size(), 5u);
}

TEST(MemoryFileLoader, FindsPathsWithOrWithoutDotSlash) {
  FileLoader load = MemoryFileLoader({{"workflow.json", "{}"}, {"./b.json", "[]"}, {"n.json", 3}});
  std::string error;
  EXPECT_EQ(load("workflow.json", &error), std::optional<std::string>("{}"));
  EXPECT_EQ(load("./workflow.json", &error), std::optional<std::string>("{}"));
  EXPECT_EQ(load("./b.json", &error), std::optional<std::string>("[]"));
  EXPECT_EQ(load("n.json", &error), std::nullopt);
  EXPECT_EQ(error, "cannot read 'n.json': the page could not fetch it beside the fixture");
  EXPECT_EQ(MemoryFileLoader(Json::array())("a", &error), std::nullopt);
}

}  // namespace
}  // namespace flowproof
