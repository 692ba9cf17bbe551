// Expectations, run reports, coverage and the content-testing report
// (core/expect/): each expectation kind passing and failing with the words a
// QA engineer needs, JUnit that XML parsers accept, exit statuses, coverage.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/expect/coverage.h"
#include "core/expect/expectations.h"
#include "core/cli/run_report.h"
#include "core/expect/variants.h"
#include "core/expect/xml_escape.h"
#include "core/sim/session.h"

namespace flowproof {
namespace {

// A small workflow with a choice of every sort: a branch on country, a
// send per branch, an SMS after a wait, a wait for a click with a timeout.
Json TestWorkflow() {
  Json send_us = {{"type", "send"}, {"channel", "email"}, {"template", "welcome_us"}, {"next", "score"}};
  return {
      {"format", "flowproof.workflow/1"},
      {"id", "expect-flow"},
      {"name", "Expectation test flow"},
      {"type", "lifecycle"},
      {"timezone", "UTC"},
      {"entry",
       {{"triggers", Json::array({{{"type", "event"}, {"event", "signup"}}})},
        {"audience", {{"!", {{"in_list", Json::array({"blocked"})}}}}}}},
      {"start", "by_country"},
      {"nodes",
       {{"by_country",
         {{"type", "branch"},
          {"branches", Json::array({{{"label", "US"},
                                     {"when", {{"==", Json::array({{{"var", "contact.country"}}, "US"})}}},
                                     {"next", "send_us"}}})},
          {"else", "send_other"}}},
        {"send_us", send_us},
        {"score", {{"type", "update"}, {"set", {{"score", 10}}}, {"add_to_lists", Json::array({"scored"})}, {"next", "wait_1d"}}},
        {"wait_1d", {{"type", "wait"}, {"for", "1d"}, {"next", "send_sms"}}},
        {"send_sms", {{"type", "send"}, {"channel", "sms"}, {"template", "nudge"}, {"next", "done"}}},
        {"send_other", {{"type", "send"}, {"channel", "email"}, {"template", "welcome_intl"}, {"next", "wait_click"}}},
        {"wait_click",
         {{"type", "wait_event"}, {"event", "email_clicked"}, {"timeout", "2d"}, {"next", "clicked"}, {"on_timeout", "done"}}},
        {"clicked", {{"type", "exit"}, {"reason", "clicked"}}},
        {"done", {{"type", "exit"}}}}},
      {"templates",
       {{"welcome_us",
         {{"channel", "email"}, {"subject", "Welcome, {{ contact.first_name }}!"}, {"html", "<p>Hi {{ contact.first_name }}, howdy.</p>"}}},
        {"welcome_intl", {{"channel", "email"}, {"subject", "Welcome to Acme"}, {"html", "<p>Hello {{ contact.first_name }}.</p>"}}},
        {"nudge", {{"channel", "sms"}, {"body", "Hi {{ contact.first_name }}, come back! Reply STOP to opt out"}}}}},
  };
}

Json TestFixture(Json expectations, Json workflow = TestWorkflow()) {
  return {
      {"format", "flowproof.fixture/1"},
      {"name", "expectation test"},
      {"workflow", std::move(workflow)},
      {"clock", {{"start", "2026-11-02T00:00:00Z"}, {"until", "+5d"}}},
      {"seed", 1},
      {"contacts",
       Json::array({{{"id", "alice"}, {"email", "alice@example.com"}, {"phone", "+15550100"}, {"first_name", "Alice"}, {"country", "US"}},
                    {{"id", "bob"}, {"email", "bob@example.de"}, {"first_name", "Bob"}, {"country", "DE"}},
                    {{"id", "carol"}, {"email", "carol@example.com"}, {"phone", "+15550101"}, {"first_name", "Carol"},
                     {"country", "US"}, {"consent", {{"sms", false}}}},
                    {{"id", "dave"}, {"email", "dave@example.com"}, {"first_name", "Dave"}},
                    {{"id", "erin"}, {"email", "erin@example.com"}, {"lists", Json::array({"blocked"})}}})},
      {"script",
       Json::array({{{"at", "+1h"}, {"contact", "alice"}, {"event", "signup"}},
                    {{"at", "+1h"}, {"contact", "bob"}, {"event", "signup"}},
                    {{"at", "+2h"}, {"contact", "carol"}, {"event", "signup"}},
                    {{"at", "+2h"}, {"contact", "erin"}, {"event", "signup"}}})},
      {"expect", std::move(expectations)},
  };
}

struct Checked {
  std::unique_ptr<Session> session;
  std::vector<ExpectationResult> results;
};

Checked LoadAndCheck(const Json& fixture) {
  Checked out;
  SessionLoadResult loaded = Session::Load(fixture.dump());
  std::string problems;
  for (const Problem& p : loaded.problems) problems += p.ToString() + "\n";
  EXPECT_TRUE(loaded.ok()) << problems;
  if (!loaded.ok()) return out;
  out.session = std::move(loaded.session);
  out.session->RunToEnd();
  out.results = CheckExpectations(out.session->fixture(), *out.session);
  return out;
}

struct ExpectCase {
  const char* name;
  Json expectation;
  bool passed;
  std::vector<std::string> actual_has;      // substrings of `actual`
  std::vector<std::string> divergence_has;  // substrings of `divergence`
};

class ExpectationKinds : public ::testing::TestWithParam<ExpectCase> {};

TEST_P(ExpectationKinds, PassOrFailWithTheRightWords) {
  const ExpectCase& c = GetParam();
  Checked checked = LoadAndCheck(TestFixture(Json::array({c.expectation})));
  ASSERT_EQ(checked.results.size(), 1u);
  const ExpectationResult& r = checked.results[0];
  EXPECT_EQ(r.passed, c.passed) << r.description << "\nactual: " << r.actual << "\ndivergence: " << r.divergence;
  for (const std::string& text : c.actual_has) EXPECT_NE(r.actual.find(text), std::string::npos) << "actual: " << r.actual;
  for (const std::string& text : c.divergence_has) {
    EXPECT_NE(r.divergence.find(text), std::string::npos) << "divergence: " << r.divergence;
  }
  if (!r.passed) {
    EXPECT_FALSE(r.path.empty());
    EXPECT_FALSE(r.expected.empty());
  } else {
    EXPECT_TRUE(r.divergence.empty());
    EXPECT_TRUE(r.path.empty());
  }
}

// Timeline: alice (US) enrols at +1h, gets welcome_us, score 10, waits 1d and
// gets the SMS at +1d1h, exits completed. bob (DE) takes else at +1h, gets
// welcome_intl, waits for a click that never comes, times out at +2d1h.
// carol (US, no SMS consent) is suppressed at +1d2h. dave never signs up.
// erin is in the blocked list: rejected by the audience.
const ExpectCase kExpectCases[] = {
    {"ReachesPasses", {{"contact", "alice"}, {"reaches", "send_us"}}, true, {"alice entered send_us at 2026-11-02T01:00:00Z"}, {}},
    {"ReachesAtExactTime", {{"contact", "alice"}, {"reaches", "send_us"}, {"at", "+1h"}}, true, {}, {}},
    {"ReachesAtWrongTime",
     {{"contact", "alice"}, {"reaches", "send_sms"}, {"at", "+1d"}},
     false,
     {"only at 2026-11-03T01:00:00Z (+1d1h)"},
     {"first at 2026-11-03T01:00:00Z", "1h after the expected moment", "waits until"}},
    {"ReachesByDeadlineMissed",
     {{"contact", "alice"}, {"reaches", "send_sms"}, {"by", "+1d"}},
     false,
     {"only at"},
     {"1h after the deadline"}},
    {"ReachesByDeadlineMet", {{"contact", "alice"}, {"reaches", "send_sms"}, {"by", "+1d1h"}}, true, {}, {}},
    {"ReachesOtherBranch",
     {{"contact", "bob"}, {"reaches", "send_us"}},
     false,
     {"bob never entered send_us"},
     {"bob took branch 'else' at by_country", "contact.country was \"DE\""}},
    {"ReachesNeverEnrolled", {{"contact", "dave"}, {"reaches", "send_us"}}, false, {"never entered"}, {"no trigger enrolled dave", "event 'signup'"}},
    {"ReachesAudienceRejected", {{"contact", "erin"}, {"reaches", "by_country"}}, false, {}, {"erin was never enrolled", "audience"}},
    {"ReachesAfterTimeout",
     {{"contact", "bob"}, {"reaches", "clicked"}},
     false,
     {"never entered clicked"},
     {"wait for 'email_clicked' at wait_click timed out"}},
    {"NeverReachesPasses", {{"contact", "alice"}, {"never_reaches", "send_other"}}, true, {"alice never entered send_other"}, {}},
    {"NeverReachesFails",
     {{"contact", "bob"}, {"never_reaches", "send_other"}},
     false,
     {"bob entered send_other at 2026-11-02T01:00:00Z"},
     {"bob took branch 'else' at by_country"}},
    {"NeverReachesAtOtherTimePasses", {{"contact", "alice"}, {"never_reaches", "send_us"}, {"at", "+2h"}}, true, {}, {}},
    {"ReceivesPasses", {{"contact", "alice"}, {"receives", "welcome_us"}}, true, {"alice received 'welcome_us' at"}, {}},
    {"ReceivesSubjectPasses", {{"contact", "alice"}, {"receives", "welcome_us"}, {"subject_contains", "Welcome, Alice"}}, true, {}, {}},
    {"ReceivesSubjectFails",
     {{"contact", "alice"}, {"receives", "welcome_us"}, {"subject_contains", "Bienvenue"}},
     false,
     {"its subject was \"Welcome, Alice!\""},
     {}},
    {"ReceivesBodyPasses", {{"contact", "alice"}, {"receives", "welcome_us"}, {"body_contains", "Hi Alice, howdy"}}, true, {}, {}},
    {"ReceivesBodyFails",
     {{"contact", "alice"}, {"receives", "welcome_us"}, {"body_contains", "Hola"}},
     false,
     {"its body does not contain \"Hola\""},
     {}},
    {"ReceivesSmsBody", {{"contact", "alice"}, {"receives", "nudge"}, {"body_contains", "Reply STOP"}}, true, {}, {}},
    {"ReceivesWithinMissed",
     {{"contact", "alice"}, {"receives", "nudge"}, {"within", "+1d"}},
     false,
     {"alice received 'nudge' only at 2026-11-03T01:00:00Z"},
     {"after the deadline"}},
    {"ReceivesWithinMet", {{"contact", "alice"}, {"receives", "nudge"}, {"within", "+1d1h"}}, true, {}, {}},
    {"ReceivesSuppressed",
     {{"contact", "carol"}, {"receives", "nudge"}},
     false,
     {"carol's 'nudge' at send_sms was suppressed", "no_consent"},
     {"consent.sms is false"}},
    {"ReceivesOtherBranch",
     {{"contact", "bob"}, {"receives", "welcome_us"}},
     false,
     {"bob received no 'welcome_us'", "'welcome_intl'"},
     {"bob took branch 'else' at by_country"}},
    {"NeverReceivesPasses", {{"contact", "alice"}, {"never_receives", "welcome_intl"}}, true, {"received no 'welcome_intl'"}, {}},
    {"NeverReceivesFails",
     {{"contact", "alice"}, {"never_receives", "welcome_us"}},
     false,
     {"alice received 'welcome_us' at 2026-11-02T01:00:00Z"},
     {"alice took branch 'US' at by_country"}},
    {"NeverReceivesContentNotMatching", {{"contact", "alice"}, {"never_receives", "welcome_us"}, {"subject_contains", "Bienvenue"}}, true, {}, {}},
    {"NeverReceivesContentMatching",
     {{"contact", "alice"}, {"never_receives", "welcome_us"}, {"subject_contains", "Welcome"}},
     false,
     {"(subject \"Welcome, Alice!\")"},
     {}},
    {"NeverReceivesWithinPasses", {{"contact", "alice"}, {"never_receives", "nudge"}, {"within", "+1d"}}, true, {}, {}},
    {"NeverReceivesSuppressedPasses", {{"contact", "carol"}, {"never_receives", "nudge"}}, true, {}, {}},
    {"ExitsPasses", {{"contact", "alice"}, {"exits", "completed"}}, true, {"alice exited with reason 'completed' at"}, {}},
    {"ExitsByMissed", {{"contact", "alice"}, {"exits", "completed"}, {"by", "+1h"}}, false, {"only at"}, {"after the deadline"}},
    {"ExitsOtherReason",
     {{"contact", "bob"}, {"exits", "clicked"}},
     false,
     {"bob exited with reason 'completed' at 2026-11-04T01:00:00Z"},
     {"wait for 'email_clicked' at wait_click timed out"}},
    {"ExitsNoGoal", {{"contact", "alice"}, {"exits", "goal"}}, false, {}, {"has no exit.goal"}},
    {"ExitsNeverEnrolled", {{"contact", "dave"}, {"exits", "completed"}}, false, {"dave never exited", "never enrolled"}, {}},
    {"AttributePasses", {{"contact", "alice"}, {"attribute", "score"}, {"equals", 10}}, true, {"alice's score is 10 at the end"}, {}},
    {"AttributeNumbersCompareNumerically", {{"contact", "alice"}, {"attribute", "score"}, {"equals", 10.0}}, true, {}, {}},
    {"AttributeFails",
     {{"contact", "alice"}, {"attribute", "score"}, {"equals", 11}},
     false,
     {"alice's score is 10 at the end"},
     {"score was last set to 10", "by update node score"}},
    {"AttributeFromContactDef", {{"contact", "bob"}, {"attribute", "country"}, {"equals", "DE"}}, true, {}, {}},
    {"AttributeMissingIsNull", {{"contact", "bob"}, {"attribute", "score"}, {"equals", nullptr}}, true, {}, {}},
    {"AttributeMissingFails",
     {{"contact", "bob"}, {"attribute", "score"}, {"equals", 10}},
     false,
     {"bob has no attribute score"},
     {"bob took branch 'else' at by_country"}},
    {"AttributeLists", {{"contact", "erin"}, {"attribute", "lists"}, {"equals", Json::array({"blocked"})}}, true, {}, {}},
    {"AttributeListsChangedByAnUpdate",
     {{"contact", "alice"}, {"attribute", "lists"}, {"equals", Json::array()}},
     false,
     {"alice's lists is [\"scored\"] at the end"},
     {"lists were last changed at 2026-11-02T01:00:00Z", "by update node score"}},
    {"AttributeStringVsNumber", {{"contact", "alice"}, {"attribute", "score"}, {"equals", "10"}}, false, {}, {}},
};

INSTANTIATE_TEST_SUITE_P(Expect, ExpectationKinds, ::testing::ValuesIn(kExpectCases),
                         [](const ::testing::TestParamInfo<ExpectCase>& info) { return std::string(info.param.name); });

TEST(Expectations, ResultsKeepFixtureOrderAndPointers) {
  Checked checked = LoadAndCheck(TestFixture(Json::array({{{"contact", "alice"}, {"reaches", "send_us"}},
                                                          {{"contact", "bob"}, {"reaches", "send_us"}}})));
  ASSERT_EQ(checked.results.size(), 2u);
  EXPECT_TRUE(checked.results[0].passed);
  EXPECT_FALSE(checked.results[1].passed);
  EXPECT_EQ(checked.results[1].expectation->pointer, "/expect/1");
  Json json = ExpectationResultJson(checked.results[1]);
  EXPECT_EQ(json["kind"], "reaches");
  EXPECT_EQ(json["contact"], "bob");
  EXPECT_EQ(json["pointer"], "/expect/1");
  EXPECT_EQ(json["passed"], false);
  EXPECT_TRUE(json["path"].is_array() && !json["path"].empty());
  EXPECT_NE(json["path"][0].get<std::string>().find("enrolled"), std::string::npos);
}

TEST(Expectations, UserDescriptionLeadsTheGeneratedOne) {
  Checked checked = LoadAndCheck(TestFixture(Json::array({
      {{"contact", "alice"}, {"reaches", "send_us"}, {"description", "US sign-ups get the US welcome"}},
  })));
  ASSERT_EQ(checked.results.size(), 1u);
  EXPECT_EQ(checked.results[0].description, "US sign-ups get the US welcome: alice reaches send_us");
  EXPECT_EQ(checked.results[0].expected, "alice reaches send_us");
}

TEST(Expectations, DescriptionsInPlainWords) {
  Checked checked = LoadAndCheck(TestFixture(Json::array({
      {{"contact", "alice"}, {"reaches", "send_us"}, {"by", "+1d"}},
      {{"contact", "alice"}, {"receives", "welcome_us"}, {"subject_contains", "Welcome"}, {"within", "+1d"}},
      {{"contact", "alice"}, {"attribute", "score"}, {"equals", 10}},
  })));
  ASSERT_EQ(checked.results.size(), 3u);
  EXPECT_EQ(checked.results[0].description, "alice reaches send_us by 2026-11-03T00:00:00Z (+1d)");
  EXPECT_EQ(checked.results[1].description,
            "alice receives 'welcome_us' with subject containing \"Welcome\" by 2026-11-03T00:00:00Z (+1d)");
  EXPECT_EQ(checked.results[2].description, "alice's score equals 10 at the end");
}

// ---- XML ---------------------------------------------------------------------

struct XmlCase {
  const char* input;
  bool attribute;
  const char* output;
};

TEST(XmlEscape, Table) {
  const XmlCase cases[] = {
      {"plain", false, "plain"},
      {"a < b & c > d", false, "a &lt; b &amp; c &gt; d"},
      {"\"quoted\" 'single'", false, "\"quoted\" 'single'"},
      {"\"quoted\" 'single'", true, "&quot;quoted&quot; &apos;single&apos;"},
      {"line\nbreak\ttab", false, "line\nbreak\ttab"},
      {"line\nbreak\ttab", true, "line&#10;break&#9;tab"},
      {"cr\r", false, "cr&#13;"},
      {"bell\x07 nul-free \x1b[0m", false, "bell\\u0007 nul-free \\u001B[0m"},
      {"caf\xC3\xA9 \xF0\x9F\x8E\x81", false, "caf\xC3\xA9 \xF0\x9F\x8E\x81"},
      {"bad \xFF byte", false, "bad \xEF\xBF\xBD byte"},
      {"truncated \xE2\x82", false, "truncated \xEF\xBF\xBD\xEF\xBF\xBD"},
      {"surrogate \xED\xA0\x80", false, "surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"nonchar \xEF\xBF\xBE", false, "nonchar \xEF\xBF\xBD"},
  };
  for (const XmlCase& c : cases) EXPECT_EQ(XmlEscape(c.input, c.attribute), c.output) << c.input;
}

// A strict-enough XML 1.0 well-formedness check for the JUnit report:
// balanced elements, quoted attributes, known entities only, no characters
// XML forbids. Returns "" when well-formed, else what is wrong.
std::string XmlProblem(const std::string& xml) {
  std::vector<std::string> open;
  std::size_t i = 0;
  auto valid_text = [](const std::string& text) -> std::string {
    for (std::size_t k = 0; k < text.size(); ++k) {
      unsigned char c = static_cast<unsigned char>(text[k]);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return "control character in text";
      if (c == '<') return "raw '<' in text";
      if (c == '&') {
        std::size_t semi = text.find(';', k);
        if (semi == std::string::npos) return "unterminated entity";
        std::string entity = text.substr(k + 1, semi - k - 1);
        bool known = entity == "amp" || entity == "lt" || entity == "gt" || entity == "quot" || entity == "apos" ||
                     (entity.size() > 1 && entity[0] == '#');
        if (!known) return "unknown entity &" + entity + ";";
      }
    }
    return "";
  };
  if (xml.compare(0, 5, "<?xml") == 0) i = xml.find("?>") + 2;
  bool root_seen = false;
  while (i < xml.size()) {
    std::size_t lt = xml.find('<', i);
    std::string text = xml.substr(i, lt == std::string::npos ? std::string::npos : lt - i);
    if (std::string problem = valid_text(text); !problem.empty()) return problem;
    if (open.empty() && text.find_first_not_of(" \n\r\t") != std::string::npos) return "text outside the root";
    if (lt == std::string::npos) break;
    std::size_t gt = std::string::npos;
    char quote = 0;
    for (std::size_t k = lt + 1; k < xml.size(); ++k) {
      if (quote) {
        if (xml[k] == quote) quote = 0;
        else if (xml[k] == '<') return "raw '<' in an attribute";
      } else if (xml[k] == '"' || xml[k] == '\'') {
        quote = xml[k];
      } else if (xml[k] == '>') {
        gt = k;
        break;
      }
    }
    if (gt == std::string::npos) return "unterminated tag";
    std::string tag = xml.substr(lt + 1, gt - lt - 1);
    if (std::string problem = valid_text(tag); !problem.empty()) return "in a tag: " + problem;
    if (!tag.empty() && tag[0] == '/') {
      std::string name = tag.substr(1);
      if (open.empty() || open.back() != name) return "mismatched </" + name + ">";
      open.pop_back();
    } else {
      bool self_closing = !tag.empty() && tag.back() == '/';
      std::string name = tag.substr(0, tag.find_first_of(" \t\n/"));
      if (open.empty() && root_seen) return "second root element";
      root_seen = true;
      if (!self_closing) open.push_back(name);
    }
    i = gt + 1;
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  if (!root_seen) return "no root element";
  return "";
}

TEST(XmlCheck, CatchesMalformedXml) {
  EXPECT_EQ(XmlProblem("<a><b x=\"1\"/>ok &amp; fine</a>"), "");
  EXPECT_NE(XmlProblem("<a><b></a>"), "");
  EXPECT_NE(XmlProblem("<a>x & y</a>"), "");
  EXPECT_NE(XmlProblem("<a>\x01</a>"), "");
  EXPECT_NE(XmlProblem("<a></a><b></b>"), "");
}

// ---- flowproof run ---------------------------------------------------------------

// A scratch folder with files, removed afterwards.
class RunReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = (std::filesystem::temp_directory_path() / (std::string("flowproof_expect_") + info->name())).string();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  int Run(const std::vector<std::string>& paths, RunOptions::Format format, bool coverage = false) {
    out_.str("");
    err_.str("");
    RunOptions options;
    options.format = format;
    options.coverage = coverage;
    return RunFixtures(paths, options, out_, err_);
  }

  static std::string LastLine(const std::string& text) {
    std::string trimmed = text;
    while (!trimmed.empty() && trimmed.back() == '\n') trimmed.pop_back();
    std::size_t nl = trimmed.rfind('\n');
    return nl == std::string::npos ? trimmed : trimmed.substr(nl + 1);
  }

  std::string dir_;
  std::ostringstream out_, err_;
};

Json PassingAndFailing() {
  return Json::array({{{"contact", "alice"}, {"reaches", "send_us"}},
                      {{"contact", "bob"}, {"receives", "welcome_us"}},
                      {{"contact", "alice"}, {"exits", "completed"}}});
}

TEST_F(RunReportTest, TextReportAndSummaryLine) {
  std::string path = Write("a.fixture.json", TestFixture(PassingAndFailing()).dump(2));
  EXPECT_EQ(Run({path}, RunOptions::Format::kText), kRunExpectationFailed) << err_.str();
  std::string text = out_.str();
  EXPECT_EQ(LastLine(text), "2 passed, 1 failed");
  EXPECT_NE(text.find("\xE2\x9C\x93 alice reaches send_us"), std::string::npos) << text;
  EXPECT_NE(text.find("\xE2\x9C\x97 bob receives 'welcome_us'"), std::string::npos) << text;
  EXPECT_NE(text.find("expected:    bob receives 'welcome_us'"), std::string::npos) << text;
  EXPECT_NE(text.find("trace shows: bob received no 'welcome_us'"), std::string::npos) << text;
  EXPECT_NE(text.find("diverged:    bob took branch 'else' at by_country"), std::string::npos) << text;
  EXPECT_NE(text.find("path of bob:"), std::string::npos) << text;
  EXPECT_EQ(err_.str(), "");
}

TEST_F(RunReportTest, AllPassExitsZero) {
  std::string path = Write("ok.fixture.json", TestFixture(Json::array({{{"contact", "alice"}, {"reaches", "send_us"}}})).dump());
  EXPECT_EQ(Run({path}, RunOptions::Format::kText), kRunAllPassed);
  EXPECT_EQ(LastLine(out_.str()), "1 passed, 0 failed");
}

TEST_F(RunReportTest, FoldersAreSearchedAndWorkflowsSkipped) {
  Write("flows/one/workflow.json", TestWorkflow().dump(2));
  Json by_path = TestFixture(Json::array({{{"contact", "alice"}, {"reaches", "send_us"}}}));
  by_path["workflow"] = "workflow.json";
  Write("flows/one/by-path.fixture.json", by_path.dump(2));
  // A fixture need not be called *.fixture.json when its format says so.
  Write("flows/two/case.json", TestFixture(Json::array({{{"contact", "bob"}, {"reaches", "send_other"}}})).dump());
  Write("flows/two/notes.json", R"({"format": "something-else"})");
  Write("flows/.hidden/broken.fixture.json", "{");
  EXPECT_EQ(Run({dir_ + "/flows"}, RunOptions::Format::kText), kRunAllPassed) << out_.str() << err_.str();
  EXPECT_EQ(LastLine(out_.str()), "2 passed, 0 failed");
  EXPECT_NE(out_.str().find("by-path.fixture.json"), std::string::npos);
  EXPECT_NE(out_.str().find("case.json"), std::string::npos);
  EXPECT_EQ(out_.str().find("notes.json"), std::string::npos);
}

// A small fixture can make a huge trace (a one-second wait in a loop for
// 90 days is 23 million lines, about a kilobyte each once checked): past the
// limit the fixture is invalid input, with its place, and the others run.
TEST_F(RunReportTest, ARunPastTheTraceLimitIsInvalidInput) {
  Json looping = TestFixture(Json::array({{{"contact", "alice"}, {"reaches", "tick"}}}));
  looping["workflow"]["start"] = "tick";
  looping["workflow"]["nodes"]["tick"] = {{"type", "wait"}, {"for", "1s"}, {"next", "tick"}};
  std::string loop = Write("loop.fixture.json", looping.dump());
  std::string ok = Write("ok.fixture.json", TestFixture(Json::array({{{"contact", "alice"}, {"reaches", "send_us"}}})).dump());
  RunOptions options;
  options.max_trace_lines = 5000;
  out_.str("");
  err_.str("");
  EXPECT_EQ(RunFixtures({loop, ok}, options, out_, err_), kRunInvalidInput);
  EXPECT_NE(err_.str().find("loop.fixture.json: /clock/until: the run made more than 5000 trace lines by 2026-11-02T"),
            std::string::npos)
      << err_.str();
  EXPECT_EQ(LastLine(out_.str()), "1 passed, 0 failed") << out_.str();
}

TEST_F(RunReportTest, AFileNamedTwiceRunsOnce) {
  std::string path = Write("a.fixture.json", TestFixture(Json::array({{{"contact", "alice"}, {"reaches", "send_us"}}})).dump());
  EXPECT_EQ(Run({path, dir_, dir_ + "/"}, RunOptions::Format::kText), kRunAllPassed);
  EXPECT_EQ(LastLine(out_.str()), "1 passed, 0 failed");
}

TEST_F(RunReportTest, InvalidInputIsReportedAndOthersStillRun) {
  std::string good = Write("good.fixture.json", TestFixture(Json::array({{{"contact", "alice"}, {"reaches", "send_us"}}})).dump());
  std::string broken = Write("broken.fixture.json", "{\"format\": \"flowproof.fixture/1\",");
  std::string missing = dir_ + "/missing.fixture.json";
  EXPECT_EQ(Run({good, broken, missing}, RunOptions::Format::kText), kRunInvalidInput);
  EXPECT_EQ(LastLine(out_.str()), "1 passed, 0 failed");
  EXPECT_NE(out_.str().find("\xE2\x9C\x93 alice reaches send_us"), std::string::npos);
  EXPECT_NE(err_.str().find(broken + ": line "), std::string::npos) << err_.str();
  EXPECT_NE(err_.str().find(missing + ": "), std::string::npos) << err_.str();
}

TEST_F(RunReportTest, InvalidWinsOverFailure) {
  std::string failing = Write("f.fixture.json", TestFixture(PassingAndFailing()).dump());
  Json bad = TestFixture(Json::array());
  bad["clock"]["start"] = "yesterday";
  std::string invalid = Write("bad.fixture.json", bad.dump());
  EXPECT_EQ(Run({failing, invalid}, RunOptions::Format::kText), kRunInvalidInput);
  EXPECT_NE(err_.str().find("/clock/start"), std::string::npos) << err_.str();
}

TEST_F(RunReportTest, NoFixturesFoundIsInvalidInput) {
  Write("only/workflow.json", TestWorkflow().dump());
  EXPECT_EQ(Run({dir_ + "/only"}, RunOptions::Format::kText), kRunInvalidInput);
  EXPECT_NE(err_.str().find("no fixtures found"), std::string::npos);
}

TEST_F(RunReportTest, JsonReportStructure) {
  std::string path = Write("a.fixture.json", TestFixture(PassingAndFailing()).dump());
  EXPECT_EQ(Run({path}, RunOptions::Format::kJson, true), kRunExpectationFailed);
  Json report = Json::parse(out_.str());
  EXPECT_EQ(report["format"], "flowproof.run/1");
  EXPECT_EQ(report["status"], 1);
  EXPECT_EQ(report["summary"]["passed"], 2);
  EXPECT_EQ(report["summary"]["failed"], 1);
  EXPECT_EQ(report["summary"]["invalid"], 0);
  ASSERT_EQ(report["fixtures"].size(), 1u);
  const Json& fixture = report["fixtures"][0];
  EXPECT_EQ(fixture["path"], path);
  EXPECT_EQ(fixture["name"], "expectation test");
  EXPECT_EQ(fixture["workflow"], "expect-flow");
  EXPECT_EQ(fixture["status"], "failed");
  ASSERT_EQ(fixture["expectations"].size(), 3u);
  const Json& failed = fixture["expectations"][1];
  EXPECT_EQ(failed["passed"], false);
  EXPECT_EQ(failed["kind"], "receives");
  EXPECT_EQ(failed["pointer"], "/expect/1");
  EXPECT_EQ(failed["expectation"], Json({{"contact", "bob"}, {"receives", "welcome_us"}}));
  EXPECT_NE(failed["divergence"].get<std::string>().find("took branch 'else'"), std::string::npos);
  ASSERT_TRUE(report["coverage"].is_array());
  ASSERT_EQ(report["coverage"].size(), 1u);
  EXPECT_EQ(report["coverage"][0]["workflow"], "expect-flow");
}

TEST_F(RunReportTest, JunitIsWellFormedAndCountsRight) {
  // Hostile text in names and content checks must come out escaped.
  Json fixture = TestFixture(Json::array({
      {{"contact", "alice"}, {"reaches", "send_us"}},
      {{"contact", "alice"}, {"receives", "welcome_us"}, {"subject_contains", "<b>&\"'\x01\x1f]]>"}},
  }));
  fixture["name"] = "Hostile <name> & \"quotes\" \x02 ]]>";
  std::string path = Write("x.fixture.json", fixture.dump());
  std::string broken = Write("broken.fixture.json", "{\"format\": \"flowproof.fixture/1\", \"name\": \"<&>\"");
  EXPECT_EQ(Run({path, broken}, RunOptions::Format::kJunit, true), kRunInvalidInput);
  std::string xml = out_.str();
  EXPECT_EQ(XmlProblem(xml), "") << xml;
  EXPECT_NE(xml.find("<testsuites name=\"flowproof\" tests=\"3\" failures=\"1\" errors=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testsuite name=\"Hostile &lt;name&gt; &amp; &quot;quotes&quot; \\u0002 ]]&gt;\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure type=\"expectation\" message="), std::string::npos);
  EXPECT_NE(xml.find("<error type=\"invalid_input\""), std::string::npos);
  EXPECT_NE(xml.find("classname=\"flowproof.expect-flow.x\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("coverage: expect-flow"), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
}

TEST_F(RunReportTest, TextCoverageBeforeSummary) {
  std::string path = Write("a.fixture.json", TestFixture(Json::array({{{"contact", "alice"}, {"reaches", "send_us"}}})).dump());
  EXPECT_EQ(Run({path}, RunOptions::Format::kText, true), kRunAllPassed);
  std::string text = out_.str();
  EXPECT_NE(text.find("Coverage of workflow expect-flow by 1 fixture(s)"), std::string::npos) << text;
  EXPECT_NE(text.find("wait_outcomes 1/2; wait outcomes that never happened: wait_click/event"), std::string::npos) << text;
  EXPECT_EQ(LastLine(text), "1 passed, 0 failed");
}

// ---- coverage ---------------------------------------------------------------------

TEST(Coverage, ListsWhatNoRunExercised) {
  Checked checked = LoadAndCheck(TestFixture(Json::array()));
  ASSERT_TRUE(checked.session);
  Json report = Coverage(*checked.session->fixture().workflow, {checked.session.get()}, {"a.fixture.json"});
  EXPECT_EQ(report["format"], "flowproof.coverage/1");
  EXPECT_EQ(report["workflow"], "expect-flow");
  EXPECT_EQ(report["fixtures"], Json::array({"a.fixture.json"}));
  // Every node but `clicked` was entered.
  EXPECT_EQ(report["nodes"]["missed"], Json::array({"clicked"}));
  EXPECT_EQ(report["nodes"]["total"], 9);
  EXPECT_EQ(report["nodes"]["covered"], 8);
  // US (alice, carol) and else (bob) were both taken.
  EXPECT_EQ(report["branches"]["missed"], Json::array());
  EXPECT_EQ(report["branches"]["total"], 2);
  // The click never came: only the timeout happened.
  EXPECT_EQ(report["wait_outcomes"]["missed"], Json::array({{{"node", "wait_click"}, {"outcome", "event"}}}));
  EXPECT_EQ(report["exits"]["missed"], Json::array({"clicked"}));
  EXPECT_EQ(report["triggers"]["missed"], Json::array());
  EXPECT_EQ(report["variants"]["total"], 0);
  // 8 nodes + 2 labels + 1 exit + 1 trigger + 1 wait outcome of 9 + 2 + 2 + 1 + 2.
  EXPECT_EQ(report["percent"], 13 * 100 / 16);
  std::string text = CoverageText(report);
  EXPECT_NE(text.find("nodes 8/9; nodes never entered: clicked"), std::string::npos) << text;
  EXPECT_NE(text.find("branches 2/2, all exercised"), std::string::npos) << text;
}

TEST(Coverage, UnionAcrossRunsOfTheSameWorkflow) {
  Json only_bob = TestFixture(Json::array());
  only_bob["script"] = Json::array({{{"at", "+1h"}, {"contact", "bob"}, {"event", "signup"}},
                                    {{"at", "+2h"}, {"contact", "bob"}, {"event", "email_clicked"}}});
  Json only_alice = TestFixture(Json::array());
  only_alice["script"] = Json::array({{{"at", "+1h"}, {"contact", "alice"}, {"event", "signup"}}});
  Checked a = LoadAndCheck(only_bob), b = LoadAndCheck(only_alice);
  ASSERT_TRUE(a.session && b.session);
  Json one = Coverage(*a.session->fixture().workflow, {a.session.get()});
  EXPECT_EQ(one["branches"]["missed"], Json::array({{{"node", "by_country"}, {"label", "US"}}}));
  Json both = Coverage(*a.session->fixture().workflow, {a.session.get(), b.session.get()});
  EXPECT_EQ(both["branches"]["missed"], Json::array());
  EXPECT_EQ(both["nodes"]["missed"], Json::array());
  EXPECT_EQ(both["wait_outcomes"]["missed"], Json::array({{{"node", "wait_click"}, {"outcome", "timeout"}}}));
}

// ---- content testing ---------------------------------------------------------------

Json SplitWorkflow() {
  Json workflow = TestWorkflow();
  workflow["id"] = "split-flow";
  workflow["start"] = "subject_test";
  workflow["nodes"] = {
      {"subject_test",
       {{"type", "split"},
        {"mode", "ab"},
        {"variants", Json::array({{{"label", "A"}, {"weight", 1}, {"next", "send_a"}},
                                  {{"label", "B"}, {"weight", 1}, {"next", "wait_b"}}})}}},
      {"send_a", {{"type", "send"}, {"channel", "email"}, {"template", "welcome_us"}, {"next", "done"}}},
      {"wait_b", {{"type", "wait"}, {"for", "2h"}, {"next", "send_b"}}},
      {"send_b", {{"type", "send"}, {"channel", "email"}, {"template", "welcome_intl"}, {"next", "done"}}},
      {"done", {{"type", "exit"}}}};
  return workflow;
}

TEST(Variants, WhoGotWhichVariantAndWhatItSaid) {
  Json fixture = TestFixture(Json::array(), SplitWorkflow());
  fixture["script"] = Json::array();
  for (const char* id : {"alice", "bob", "carol", "dave"}) {
    fixture["script"].push_back({{"at", "+1h"}, {"contact", id}, {"event", "signup"}});
  }
  Checked checked = LoadAndCheck(fixture);
  ASSERT_TRUE(checked.session);
  Json report = Variants(*checked.session);
  ASSERT_EQ(report.size(), 1u);
  EXPECT_EQ(report[0]["node"], "subject_test");
  EXPECT_EQ(report[0]["mode"], "ab");
  ASSERT_EQ(report[0]["variants"].size(), 2u);
  // Every contact is in exactly one variant, and every message of a variant
  // is its template with its timing.
  std::size_t contacts = 0;
  for (const Json& variant : report[0]["variants"]) {
    contacts += variant["contacts"].size();
    std::string label = variant["label"];
    EXPECT_EQ(variant["messages"].size(), variant["contacts"].size()) << label;
    EXPECT_EQ(variant["weight"], 1);
    for (const Json& message : variant["messages"]) {
      EXPECT_EQ(message["template"], label == "A" ? "welcome_us" : "welcome_intl");
      EXPECT_EQ(message["after"], label == "A" ? "+0s" : "+2h");
      EXPECT_EQ(message["channel"], "email");
      EXPECT_FALSE(message["subject"].get<std::string>().empty());
    }
  }
  EXPECT_EQ(contacts, 4u);
  std::string text = VariantsText(report);
  EXPECT_NE(text.find("Variants of split subject_test (ab), side by side;"), std::string::npos) << text;
  EXPECT_NE(text.find("variant A (weight 1)"), std::string::npos) << text;
  EXPECT_NE(text.find(" | variant B (weight 1)"), std::string::npos) << text;
  EXPECT_NE(text.find("1. email 'welcome_intl', +2h, 2 sent"), std::string::npos) << text;
}

TEST(Variants, NoSplitNoReport) {
  Checked checked = LoadAndCheck(TestFixture(Json::array()));
  ASSERT_TRUE(checked.session);
  EXPECT_EQ(Variants(*checked.session), Json::array());
  EXPECT_EQ(VariantsText(Json::array()), "");
}

}  // namespace
}  // namespace flowproof
