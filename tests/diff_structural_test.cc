// The structural diff of two workflow versions (core/diff/structural_diff.h):
// FORMAT.md's JSON shape, renames, and the change log in words.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/base/json_dump.h"
#include "core/words/page_words.h"
#include "core/diff/line_diff.h"
#include "core/diff/structural_diff.h"
#include "core/model/workflow_parser.h"
#include "sim_test_support.h"

namespace flowproof {
namespace {

using testing::MakeWorkflow;

Json Nodes() {
  return {{"send_welcome", {{"type", "send"}, {"channel", "email"}, {"template", "welcome"}, {"next", "wait_2d"}}},
          {"wait_2d", {{"type", "wait"}, {"for", "2d"}, {"next", "check_engagement"}}},
          {"check_engagement",
           {{"type", "branch"},
            {"branches", Json::array({{{"label", "opened"},
                                       {"when", {{"has_event", Json::array({"email_opened", "2d"})}}},
                                       {"next", "send_promo"}}})},
            {"else", "done"}}},
          {"send_promo", {{"type", "send"}, {"channel", "email"}, {"template", "promo"}, {"next", "done"}}},
          {"done", {{"type", "exit"}}}};
}

std::shared_ptr<const Workflow> Parse(const Json& doc) {
  WorkflowParseResult parsed = ParseWorkflow(doc);
  std::string problems;
  for (const Problem& p : parsed.problems) problems += p.ToString() + "\n";
  EXPECT_TRUE(parsed.ok()) << problems;
  return parsed.workflow;
}

struct Compared {
  StructuralDiff diff;
  std::vector<std::string> lines;
};

Compared Compare(const Json& old_doc, const Json& new_doc) {
  auto old_workflow = Parse(old_doc);
  auto new_workflow = Parse(new_doc);
  Compared out;
  if (!old_workflow || !new_workflow) return out;
  out.diff = DiffWorkflows(*old_workflow, *new_workflow);
  for (const ChangeInWords& change : DescribeChanges(out.diff, *old_workflow, *new_workflow)) {
    out.lines.push_back(change.line);
  }
  return out;
}

TEST(DiffStructural, IdenticalVersionsDifferInNothing) {
  Json doc = MakeWorkflow(Nodes(), "send_welcome");
  Compared c = Compare(doc, doc);
  EXPECT_TRUE(c.diff.empty());
  EXPECT_TRUE(c.lines.empty());
  EXPECT_EQ(DumpJson(c.diff.json),
            R"({"entry":{},"exit":{},"nodes":{"added":[],"changed":{},"removed":[],"renamed":{}},"settings":{},)"
            R"("snippets":{"added":[],"changed":{},"removed":[]},"templates":{"added":[],"changed":{},"removed":[]},)"
            R"("warnings":[],"workflow":{}})");
}

TEST(DiffStructural, ChangedWaitIsOneFieldWithOldAndNew) {
  Json old_doc = MakeWorkflow(Nodes(), "send_welcome");
  Json new_doc = old_doc;
  new_doc["nodes"]["wait_2d"]["for"] = "3d";
  Compared c = Compare(old_doc, new_doc);
  EXPECT_FALSE(c.diff.empty());
  EXPECT_EQ(DumpJson(c.diff.json["nodes"]["changed"]), R"({"wait_2d":{"for":["2d","3d"]}})");
  EXPECT_EQ(c.lines, std::vector<std::string>{"wait_2d: waits 2 days → 3 days"});
}

TEST(DiffStructural, BranchConditionGainingAConjunctIsNowAlsoRequires) {
  Json old_doc = MakeWorkflow(Nodes(), "send_welcome");
  Json new_doc = old_doc;
  Json& when = new_doc["nodes"]["check_engagement"]["branches"][0]["when"];
  when = {{"and", Json::array({when, {{"==", Json::array({{{"var", "contact.country"}}, "US"})}}})}};
  Compared c = Compare(old_doc, new_doc);
  EXPECT_EQ(c.lines, std::vector<std::string>{
                         "check_engagement, branch 'opened': now also requires contact.country is 'US'"});
  // And back: the conjunct is no longer required.
  Compared back = Compare(new_doc, old_doc);
  EXPECT_EQ(back.lines, std::vector<std::string>{
                            "check_engagement, branch 'opened': no longer requires contact.country is 'US'"});
}

TEST(DiffStructural, TemplateSubjectChangeHasALineDiff) {
  Json old_doc = MakeWorkflow(Nodes(), "send_welcome");
  Json new_doc = old_doc;
  new_doc["templates"]["welcome"]["subject"] = "Welcome aboard, {{ contact.first_name }}";
  auto old_workflow = Parse(old_doc);
  auto new_workflow = Parse(new_doc);
  StructuralDiff diff = DiffWorkflows(*old_workflow, *new_workflow);
  EXPECT_EQ(DumpJson(diff.json["templates"]["changed"]),
            R"({"welcome":{"subject":["Welcome {{ contact.first_name }}","Welcome aboard, {{ contact.first_name }}"]}})");
  std::vector<ChangeInWords> changes = DescribeChanges(diff, *old_workflow, *new_workflow);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].line, "template welcome: subject changed");
  EXPECT_EQ(changes[0].detail, (std::vector<std::string>{"subject:", "- Welcome {{ contact.first_name }}",
                                                         "+ Welcome aboard, {{ contact.first_name }}"}));
  EXPECT_EQ(FormatChangesText(changes),
            "template welcome: subject changed\n    subject:\n    - Welcome {{ contact.first_name }}\n"
            "    + Welcome aboard, {{ contact.first_name }}\n");
}

TEST(DiffStructural, RenamedNodeIsARenameNotRemovalAndAddition) {
  Json old_doc = MakeWorkflow(Nodes(), "send_welcome");
  Json new_doc = old_doc;
  new_doc["nodes"]["wait_two_days"] = new_doc["nodes"]["wait_2d"];
  new_doc["nodes"].erase("wait_2d");
  new_doc["nodes"]["send_welcome"]["next"] = "wait_two_days";
  Compared c = Compare(old_doc, new_doc);
  EXPECT_EQ(DumpJson(c.diff.json["nodes"]),
            R"({"added":[],"changed":{},"removed":[],"renamed":{"wait_2d":"wait_two_days"}})");
  EXPECT_EQ(c.lines, std::vector<std::string>{"wait_2d: renamed to wait_two_days"});
}

TEST(DiffStructural, ChainOfRenamesResolvesFromItsEnd) {
  Json old_doc = MakeWorkflow(Nodes(), "send_welcome");
  Json new_doc = old_doc;
  // send_welcome -> welcome_mail, wait_2d -> pause: both renamed, and
  // welcome_mail's next follows the second rename; start too.
  new_doc["nodes"]["welcome_mail"] = new_doc["nodes"]["send_welcome"];
  new_doc["nodes"]["welcome_mail"]["next"] = "pause";
  new_doc["nodes"]["pause"] = new_doc["nodes"]["wait_2d"];
  new_doc["nodes"].erase("send_welcome");
  new_doc["nodes"].erase("wait_2d");
  new_doc["start"] = "welcome_mail";
  Compared c = Compare(old_doc, new_doc);
  EXPECT_EQ(DumpJson(c.diff.json["nodes"]["renamed"]), R"({"send_welcome":"welcome_mail","wait_2d":"pause"})");
  EXPECT_TRUE(c.diff.json["workflow"].empty()) << c.diff.json["workflow"];
  EXPECT_TRUE(c.diff.json["nodes"]["added"].empty());
  EXPECT_TRUE(c.diff.json["nodes"]["removed"].empty());
}

TEST(DiffStructural, TwoIdenticalNewNodesAreNotGuessedAsARename) {
  Json old_doc = MakeWorkflow(Nodes(), "send_welcome");
  Json new_doc = old_doc;
  // wait_2d removed; two identical waits added: which one it became is a guess.
  new_doc["nodes"]["wait_a"] = new_doc["nodes"]["wait_2d"];
  new_doc["nodes"]["wait_b"] = new_doc["nodes"]["wait_2d"];
  new_doc["nodes"].erase("wait_2d");
  new_doc["nodes"]["send_welcome"]["next"] = "wait_a";
  new_doc["nodes"]["send_promo"]["next"] = "wait_b";
  Compared c = Compare(old_doc, new_doc);
  EXPECT_TRUE(c.diff.renamed.empty());
  EXPECT_EQ(DumpJson(c.diff.json["nodes"]["removed"]), R"(["wait_2d"])");
  EXPECT_EQ(DumpJson(c.diff.json["nodes"]["added"]), R"(["wait_a","wait_b"])");
}

TEST(DiffStructural, AddedRemovedAndChangedNodesInWords) {
  Json old_doc = MakeWorkflow(Nodes(), "send_welcome");
  Json new_doc = old_doc;
  new_doc["nodes"].erase("send_promo");
  new_doc["nodes"]["check_engagement"]["branches"][0]["next"] = "send_sms";
  new_doc["nodes"]["send_sms"] = {{"type", "send"}, {"channel", "sms"}, {"template", "nudge"}, {"next", "done"}};
  Compared c = Compare(old_doc, new_doc);
  EXPECT_EQ(c.lines, (std::vector<std::string>{
                         "send_promo: removed (sends email 'promo')",
                         "send_sms: added (sends SMS 'nudge')",
                         "check_engagement, branch 'opened': now goes to send_sms (was send_promo)",
                     }));
}

TEST(DiffStructural, EntryExitAndSettingsFieldsWithOldAndNew) {
  Json old_doc = MakeWorkflow(Nodes(), "send_welcome", {{"exit", {{"max_duration", "30d"}}}});
  Json new_doc = old_doc;
  new_doc["exit"]["max_duration"] = "14d";
  new_doc["settings"] = {{"frequency_cap", {{"max", 2}, {"per", "7d"}}}};
  new_doc["entry"]["audience"] = {{"==", Json::array({{{"var", "contact.country"}}, "US"})}};
  Compared c = Compare(old_doc, new_doc);
  EXPECT_EQ(DumpJson(c.diff.json["exit"]), R"({"max_duration":["30d","14d"]})");
  EXPECT_EQ(DumpJson(c.diff.json["settings"]), R"({"frequency_cap":[null,{"max":2,"per":"7d"}]})");
  EXPECT_EQ(c.lines, (std::vector<std::string>{
                         "entry, audience: added: contact.country is 'US'",
                         "exit: max_duration 30 days → 2 weeks",
                         "settings: frequency cap none → 2 per week",
                     }));
}

TEST(DiffStructural, DifferentWorkflowIdsGiveAWarningNotAChange) {
  Json old_doc = MakeWorkflow(Nodes(), "send_welcome");
  Json new_doc = old_doc;
  new_doc["id"] = "other-flow";
  Compared c = Compare(old_doc, new_doc);
  EXPECT_EQ(DumpJson(c.diff.json["warnings"]), R"(["the workflows have different ids: 'test-flow' and 'other-flow'"])");
  EXPECT_EQ(DumpJson(c.diff.json["workflow"]), R"({"id":["test-flow","other-flow"]})");
}

TEST(DiffStructural, NodeTypeChangeSaysBothSides) {
  Json old_doc = MakeWorkflow(Nodes(), "send_welcome");
  Json new_doc = old_doc;
  new_doc["nodes"]["wait_2d"] = {{"type", "wait_event"}, {"event", "email_opened"}, {"timeout", "2d"},
                                 {"next", "check_engagement"}, {"on_timeout", "done"}};
  Compared c = Compare(old_doc, new_doc);
  EXPECT_EQ(c.lines, std::vector<std::string>{
                         "wait_2d: now waits for 'email_opened' (up to 2 days) (was waits 2 days)"});
}

TEST(LineDiff, OnlyChangedLinesWithAnEllipsisBetweenChanges) {
  EXPECT_TRUE(LineDiff("a\nb", "a\nb").empty());
  EXPECT_EQ(LineDiff("a\nb\nc", "a\nB\nc"), (std::vector<std::string>{"- b", "+ B"}));
  EXPECT_EQ(LineDiff("a\nb\nc\nd\ne", "A\nb\nc\nd\nE"), (std::vector<std::string>{"- a", "+ A", "  …", "- e", "+ E"}));
  EXPECT_EQ(LineDiff("", "x"), (std::vector<std::string>{"- ", "+ x"}));
}

TEST(ConditionWords, MatchThePagesWords) {
  // The same words as web/src/page/explain.js's describeCondition.
  EXPECT_EQ(words::DescribeCondition(Json::parse(R"({"==":[{"var":"contact.country"},"US"]})")), "contact.country is 'US'");
  EXPECT_EQ(words::DescribeCondition(Json::parse(R"({"and":[{">=":[{"var":"contact.lead_score"},50]},{"in_list":["vip"]}]})")),
            "contact.lead_score ≥ 50 and the contact is on list 'vip'");
  EXPECT_EQ(words::DescribeCondition(Json::parse(R"({"has_event":["email_opened","2d"]})")),
            "the contact had event 'email_opened' in the last 2 days");
  EXPECT_EQ(words::DescribeCondition(Json::parse(R"({"!=":[{"var":"contact.email"},null]})")), "contact.email is set");
  EXPECT_EQ(words::DurationWords(129600), "1 day 12 hours");
  EXPECT_EQ(words::DurationWords(1209600), "2 weeks");
  EXPECT_EQ(words::DurationWords(0), "no time");
}

}  // namespace
}  // namespace flowproof
