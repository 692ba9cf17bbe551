// Parsing and validating workflows, fixtures and JSON text: every problem at
// once, each at its JSON Pointer (or line and column), never a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/json/json_input.h"
#include "core/model/fixture_parser.h"
#include "core/model/workflow_parser.h"

namespace flowproof {
namespace {

Json ValidWorkflow() {
  return Json::parse(R"({
    "format": "flowproof.workflow/1", "id": "welcome", "name": "Welcome", "type": "lifecycle",
    "timezone": "America/New_York",
    "entry": {"triggers": [{"type": "event", "event": "form_submitted", "source": "web"},
                           {"type": "date", "attribute": "birthday", "offset": "-7d", "at": "09:00", "every": "year"},
                           {"type": "schedule", "at": "2026-11-27T09:00:00", "local": true, "every": "1w"},
                           {"type": "inactivity", "event": "session_started", "for": "30d"},
                           {"type": "condition", "condition": {">=": [{"var": "contact.score"}, 50]}}],
              "audience": {"!=": [{"var": "contact.customer"}, true]}, "reenroll": "30d"},
    "exit": {"goal": {"==": [{"var": "contact.bought"}, true]}, "max_duration": "30d",
             "on_events": [{"event": "unsubscribed", "reason": "opted_out"}]},
    "settings": {"quiet_hours": {"start": "21:00", "end": "08:00", "mode": "skip"},
                 "frequency_cap": {"max": 3, "per": "7d", "channels": ["email", "sms"]}},
    "start": "send",
    "nodes": {
      "send": {"type": "send", "channel": "email", "template": "welcome", "next": "route"},
      "route": {"type": "branch", "branches": [{"label": "US", "when": {"==": [{"var": "contact.country"}, "US"]}, "next": "ab"}], "else": "wait"},
      "ab": {"type": "split", "mode": "random", "variants": [{"label": "A", "weight": 1, "next": "wait"}, {"label": "B", "weight": 3, "next": "buy"}]},
      "wait": {"type": "wait", "until": {"time": "09:00", "days": ["mon", "fri"]}, "next": "buy"},
      "buy": {"type": "wait_event", "event": "purchase_completed", "timeout": "2d", "next": "done", "on_timeout": "hot"},
      "hot": {"type": "wait_until", "condition": {">": [{"var": "contact.score"}, 80]}, "timeout": "1d", "next": "done", "on_timeout": "mark"},
      "mark": {"type": "update", "set": {"stage": "cold", "rank": {"+": [1, 2]}}, "increment": {"score": 5}, "add_to_lists": ["cold"], "next": "done"},
      "done": {"type": "exit", "reason": "finished"}
    },
    "templates": {"welcome": {"channel": "email", "subject": "Hi {{ contact.first_name }}", "html": "{% render 'footer' %}"}},
    "snippets": {"footer": "<a href='https://x.example/unsubscribe'>Unsubscribe</a>"}
  })");
}

std::vector<std::string> Pointers(const Problems& problems) {
  std::vector<std::string> out;
  for (const Problem& p : problems) out.push_back(p.pointer);
  return out;
}

bool Has(const Problems& problems, const std::string& pointer, const std::string& words) {
  return std::any_of(problems.begin(), problems.end(), [&](const Problem& p) {
    return p.pointer == pointer && p.message.find(words) != std::string::npos;
  });
}

TEST(WorkflowParser, FullWorkflowParsesWithEveryFieldFilled) {
  WorkflowParseResult parsed = ParseWorkflow(ValidWorkflow());
  ASSERT_TRUE(parsed.ok()) << (parsed.problems.empty() ? "" : parsed.problems[0].ToString());
  const Workflow& wf = *parsed.workflow;
  EXPECT_EQ(wf.triggers.size(), 5u);
  EXPECT_EQ(wf.triggers[1].offset, -7 * kDay);
  EXPECT_TRUE(wf.triggers[1].every_year);
  EXPECT_TRUE(wf.triggers[2].local);
  EXPECT_EQ(wf.triggers[2].every, kWeek);
  EXPECT_EQ(wf.reenroll, Reenroll::kAfterGap);
  EXPECT_EQ(wf.reenroll_gap, 30 * kDay);
  ASSERT_TRUE(wf.quiet_hours);
  EXPECT_TRUE(wf.quiet_hours->skip);
  EXPECT_EQ(wf.frequency_cap->max, 3);
  EXPECT_EQ(wf.exit_on_events[0].reason, "opted_out");
  const Node& wait = wf.nodes[wf.node_index.at("wait")];
  EXPECT_EQ(wait.until_days, (1 << 1) | (1 << 5));
  const Node& mark = wf.nodes[wf.node_index.at("mark")];
  ASSERT_EQ(mark.set.size(), 2u);
  EXPECT_TRUE(mark.set[0].expr.has_value());   // "rank": {"+": ...} is a condition
  EXPECT_FALSE(mark.set[1].expr.has_value());  // "stage": "cold" is a literal
  EXPECT_EQ(wf.nodes[wf.start_index].id, "send");
  EXPECT_TRUE(parsed.warnings.empty());
}

TEST(WorkflowParser, ReportsEveryProblemWithItsPointer) {
  Json doc = ValidWorkflow();
  doc["nodes"]["send"]["next"] = "nowhere";
  doc["nodes"]["route"].erase("else");
  doc["nodes"]["buy"]["timeout"] = "2 days";
  doc["nodes"]["wait"]["until"]["days"] = {"mon", "funday"};
  doc["nodes"]["hot"]["condition"] = {{"and", {true, {{"frobnicate", 1}}}}};
  doc["entry"]["triggers"][1]["at"] = "25:00";
  doc["timezone"] = "Mars/Olympus";
  doc["templates"]["welcome"]["html"] = "{% render 'header' %}";
  doc["nodes"]["send"]["chanel"] = "email";
  WorkflowParseResult parsed = ParseWorkflow(doc);
  EXPECT_FALSE(parsed.ok());
  EXPECT_TRUE(Has(parsed.problems, "/nodes/send/next", "no node 'nowhere'"));
  EXPECT_TRUE(Has(parsed.problems, "/nodes/route/else", "required"));
  EXPECT_TRUE(Has(parsed.problems, "/nodes/buy/timeout", "not a duration"));
  EXPECT_TRUE(Has(parsed.problems, "/nodes/wait/until/days/1", "unknown day 'funday'"));
  EXPECT_TRUE(Has(parsed.problems, "/nodes/hot/condition/and/1/frobnicate", "unknown operation"));
  EXPECT_TRUE(Has(parsed.problems, "/entry/triggers/1/at", "local time"));
  EXPECT_TRUE(Has(parsed.problems, "/timezone", "unknown time zone 'Mars/Olympus'"));
  EXPECT_TRUE(Has(parsed.problems, "/templates/welcome/html", "snippet 'header'"));
  EXPECT_TRUE(Has(parsed.problems, "/nodes/send/chanel", "unknown field"));
  EXPECT_EQ(parsed.problems.size(), 9u) << ::testing::PrintToString(Pointers(parsed.problems));
}

TEST(WorkflowParser, StructuralRules) {
  struct Case {
    const char* patch;  // a JSON merge patch applied to the valid workflow
    const char* pointer;
    const char* words;
  };
  const Case cases[] = {
      {R"({"format": "flowproof.workflow/2"})", "/format", "expected"},
      {R"({"nodes": {"wait": {"for": "1d"}}})", "/nodes/wait", "exactly one of"},
      {R"({"nodes": {"ab": {"variants": [{"label": "A", "weight": 0, "next": "wait"}]}}})", "/nodes/ab/variants/0/weight", "positive"},
      {R"({"nodes": {"send": {"channel": "sms"}}})", "/nodes/send/template", "is for email"},
      {R"({"nodes": {"send": {"template": "missing"}}})", "/nodes/send/template", "no template"},
      {R"({"entry": {"reenroll": "sometimes"}})", "/entry/reenroll", "never"},
      {R"({"entry": {"triggers": [{"type": "webhook"}]}})", "/entry/triggers/0/type", "unknown trigger type"},
      {R"({"settings": {"quiet_hours": {"mode": "pause"}}})", "/settings/quiet_hours/mode", "hold"},
      {R"({"nodes": {"buy": {"timeout": null, "on_timeout": "hot"}}})", "/nodes/buy/on_timeout", "needs a 'timeout'"},
      {R"({"nodes": {"x/y~z": {"type": "teleport"}}})", "/nodes/x~1y~0z/type", "unknown node type"},
      {R"({"start": "ghost"})", "/start", "no node 'ghost'"},
  };
  for (const Case& c : cases) {
    Json doc = ValidWorkflow();
    doc.merge_patch(Json::parse(c.patch));
    WorkflowParseResult parsed = ParseWorkflow(doc);
    EXPECT_TRUE(Has(parsed.problems, c.pointer, c.words))
        << c.patch << " gave " << ::testing::PrintToString(Pointers(parsed.problems));
  }
}

TEST(WorkflowParser, UnreachableNodesAreWarnings) {
  Json doc = ValidWorkflow();
  doc["nodes"]["orphan"] = {{"type", "exit"}};
  WorkflowParseResult parsed = ParseWorkflow(doc);
  EXPECT_TRUE(parsed.ok());
  ASSERT_EQ(parsed.warnings.size(), 1u);
  EXPECT_EQ(parsed.warnings[0].pointer, "/nodes/orphan");
}

TEST(WorkflowParser, HugeNodeIdIsAProblemNotACrash) {
  Json doc = ValidWorkflow();
  doc["nodes"][std::string(1 << 20, 'n')] = {{"type", "exit"}};
  WorkflowParseResult parsed = ParseWorkflow(doc);
  EXPECT_TRUE(Has(parsed.problems, "/nodes", "longer than the limit"));
}

TEST(FixtureParser, ResolvesTimesAndChecksReferences) {
  Json fixture = {{"format", "flowproof.fixture/1"},
                  {"workflow", ValidWorkflow()},
                  {"clock", {{"start", "2026-11-02T00:00:00Z"}, {"until", "+10d"}}},
                  {"contacts", {{{"id", "alice"}, {"timezone", "Europe/Paris"}, {"email", "a@x.example"}, {"consent", {{"sms", false}}}}}},
                  {"script", {{{"at", "+1h"}, {"contact", "alice"}, {"event", "form_submitted"}},
                              {{"at", "+2d"}, {"contact", "alice"}, {"set", {{"score", 60}}}},
                              {{"at", "+30m"}, {"contact", "alice"}, {"exit", true}}}},
                  {"expect", {{{"contact", "alice"}, {"reaches", "send"}, {"at", "+1h"}},
                              {{"contact", "alice"}, {"receives", "welcome"}, {"within", "1d"}}}}};
  FixtureParseResult parsed = ParseFixture(fixture, "", nullptr);
  ASSERT_TRUE(parsed.ok()) << parsed.problems[0].ToString();
  const Fixture& f = *parsed.fixture;
  EXPECT_EQ(f.until - f.start, 10 * kDay);
  ASSERT_EQ(f.script.size(), 3u);
  EXPECT_EQ(f.script[0].kind, ScriptKind::kExit);  // sorted by time: +30m first
  EXPECT_EQ(f.contacts[0].attributes["email"], "a@x.example");
  EXPECT_FALSE(f.contacts[0].attributes.contains("consent"));
  EXPECT_EQ(*f.expectations[1].by, f.start + kDay);

  fixture["script"][0]["contact"] = "bob";
  fixture["script"][1]["at"] = "+11d";
  fixture["expect"][0]["reaches"] = "nowhere";
  fixture["contacts"][0]["timezone"] = "Nowhere/City";
  parsed = ParseFixture(fixture, "", nullptr);
  EXPECT_TRUE(Has(parsed.problems, "/script/0/contact", "no contact 'bob'"));
  EXPECT_TRUE(Has(parsed.problems, "/script/1/at", "outside the clock"));
  EXPECT_TRUE(Has(parsed.problems, "/expect/0/reaches", "no node 'nowhere'"));
  EXPECT_TRUE(Has(parsed.problems, "/contacts/0/timezone", "unknown time zone"));
}

TEST(FixtureParser, WorkflowProblemsAreUnderWorkflowAndWorkflowFilesLoad) {
  Json fixture = {{"format", "flowproof.fixture/1"},
                  {"workflow", "flow.json"},
                  {"clock", {{"start", "2026-11-02T00:00:00Z"}}},
                  {"contacts", Json::array()}};
  Json broken = ValidWorkflow();
  broken["start"] = "ghost";
  std::string requested;
  FileLoader loader = [&](const std::string& path, std::string*) -> std::optional<std::string> {
    requested = path;
    return broken.dump();
  };
  FixtureParseResult parsed = ParseFixture(fixture, "dir", loader);
  EXPECT_EQ(requested, "dir/flow.json");
  EXPECT_TRUE(Has(parsed.problems, "/workflow/start", "no node 'ghost'"));
  FixtureParseResult workflow_given = ParseFixture(ValidWorkflow(), "", nullptr);
  EXPECT_TRUE(Has(workflow_given.problems, "/format", "this is a workflow, not a fixture"));
}

TEST(JsonInput, MalformedJsonHasLineAndColumn) {
  JsonInputResult parsed = ParseJsonText("{\n  \"a\": 1,\n  \"b\": tru\n}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problem->line, 3);
  EXPECT_EQ(parsed.problem->column, 8);
  EXPECT_NE(parsed.problem->ToString().find("line 3, column 8"), std::string::npos);
}

TEST(JsonInput, AbsurdInputsAreErrorsNotCrashes) {
  std::string deep(200000, '[');
  deep += std::string(200000, ']');
  JsonInputResult parsed = ParseJsonText(deep);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.problem->message.find("nesting deeper"), std::string::npos);

  std::string big = "\"" + std::string(100u << 20, 'x') + "\"";
  parsed = ParseJsonText(big);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.problem->message.find("limit"), std::string::npos);

  std::string long_key = "{\"" + std::string(2u << 20, 'k') + "\": 1}";
  parsed = ParseJsonText(long_key);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problem->column, 2);
}

}  // namespace
}  // namespace flowproof
