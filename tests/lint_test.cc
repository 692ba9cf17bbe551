// flowproof lint (core/lint): one table per rule, each with cases where the
// rule fires and where it must not; the analyses behind them (timing,
// conditions, template reads); the output formats; suppression by
// annotation; and the gallery, which is lint-clean (no error or warning;
// each info finding explained below).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/api/lint_api.h"
#include "core/cli/disk_files.h"
#include "core/lint/conditions.h"
#include "core/lint/lint.h"
#include "core/lint/lint_document.h"
#include "core/lint/lint_output.h"
#include "core/lint/locate.h"
#include "core/lint/templates.h"
#include "core/lint/timing.h"
#include "core/logic/rule.h"
#include "core/model/workflow_parser.h"

namespace flowproof::lint {
namespace {

// A workflow with the given nodes (start "a"), templates and extra top-level fields.
Json MakeWorkflow(const Json& nodes, const Json& templates = Json::object(), const Json& extra = Json::object()) {
  Json wf = {{"format", "flowproof.workflow/1"},
             {"id", "t"},
             {"entry", {{"triggers", Json::array({{{"type", "event"}, {"event", "signup"}}})}}},
             {"start", "a"},
             {"nodes", nodes},
             {"templates", templates}};
  for (auto it = extra.begin(); it != extra.end(); ++it) wf[it.key()] = it.value();
  return wf;
}

Json MakeFixture(const Json& workflow, const Json& extra = Json::object()) {
  Json fx = {{"format", "flowproof.fixture/1"},
             {"name", "lint"},
             {"workflow", workflow},
             {"clock", {{"start", "2026-11-02T00:00:00Z"}, {"until", "+10d"}}},
             {"contacts", Json::array({{{"id", "ana"}, {"email", "ana@example.com"}, {"phone", "+15555550100"}, {"first_name", "Ana"}}})},
             {"script", Json::array({{{"at", "+0s"}, {"contact", "ana"}, {"event", "signup"}}})}};
  for (auto it = extra.begin(); it != extra.end(); ++it) fx[it.key()] = it.value();
  return fx;
}

LintDocumentResult LintJson(const Json& doc, LintOptions options = {}) {
  return LintDocumentText(doc.dump(2), DocumentOptions{}, options);
}

std::vector<LintFinding> Of(const std::vector<LintFinding>& findings, const std::string& rule) {
  std::vector<LintFinding> out;
  for (const LintFinding& f : findings) {
    if (f.rule == rule) out.push_back(f);
  }
  return out;
}

struct RuleCase {
  const char* name;
  Json document;
  int expected;                 // findings of the rule
  const char* pointer = "";     // the first finding's pointer, when expected > 0
};

void CheckRule(const std::string& rule, const std::vector<RuleCase>& cases) {
  for (const RuleCase& c : cases) {
    SCOPED_TRACE(rule + ": " + c.name);
    LintDocumentResult r = LintJson(c.document);
    ASSERT_TRUE(r.ok()) << r.problems[0].ToString();
    std::vector<LintFinding> found = Of(r.findings, rule);
    EXPECT_EQ(static_cast<int>(found.size()), c.expected);
    if (c.expected > 0 && !found.empty()) {
      EXPECT_EQ(found[0].pointer, c.pointer);
      EXPECT_GT(found[0].line, 0);
      for (const RuleInfo& info : Rules()) {
        if (rule == info.id) { EXPECT_EQ(found[0].severity, info.severity); }
      }
    }
  }
}

const Json kExit = {{"type", "exit"}};
const Json kGoodEmail = {{"channel", "email"}, {"subject", "Hi"}, {"html", "<p>Hi</p><a href=\"https://x.example/u\">Unsubscribe</a>"}};

TEST(LintRules, UnreachableNode) {
  CheckRule("unreachable_node",
            {{"every node reached", MakeWorkflow({{"a", {{"type", "wait"}, {"for", "1d"}, {"next", "b"}}}, {"b", kExit}}), 0},
             {"an orphan", MakeWorkflow({{"a", kExit}, {"orphan", kExit}}), 1, "/nodes/orphan"},
             {"only behind an orphan", MakeWorkflow({{"a", kExit}, {"o1", {{"type", "wait"}, {"for", "1d"}, {"next", "o2"}}}, {"o2", kExit}}), 2, "/nodes/o1"}});
}

TEST(LintRules, ExpiresBeforeReached) {
  Json chain = {{"a", {{"type", "wait"}, {"for", "2d"}, {"next", "b"}}}, {"b", {{"type", "wait"}, {"for", "2d"}, {"next", "c"}}}, {"c", kExit}};
  Json shortcut = {{"a", {{"type", "wait_event"}, {"event", "x"}, {"timeout", "5d"}, {"next", "c"}, {"on_timeout", "c"}}}, {"c", kExit}};
  CheckRule("expires_before_reached",
            {{"no max_duration", MakeWorkflow(chain), 0},
             {"long enough", MakeWorkflow(chain, Json::object(), {{"exit", {{"max_duration", "5d"}}}}), 0},
             {"4d of waits, 3d to live", MakeWorkflow(chain, Json::object(), {{"exit", {{"max_duration", "3d"}}}}), 1, "/nodes/c"},
             {"exactly at max_duration: the expiry fires first", MakeWorkflow(chain, Json::object(), {{"exit", {{"max_duration", "4d"}}}}), 1, "/nodes/c"},
             {"an event may come at once", MakeWorkflow(shortcut, Json::object(), {{"exit", {{"max_duration", "1d"}}}}), 0}});
}

TEST(LintRules, BranchNeverTaken) {
  // A vector, not a Json: clang turns a one-element brace list into that
  // element's copy, g++ into an array of it.
  auto branch = [](std::vector<Json> arms) {
    return MakeWorkflow({{"a", {{"type", "branch"}, {"branches", Json(arms)}, {"else", "z"}}}, {"z", kExit}});
  };
  auto arm = [](const char* label, Json when) { return Json{{"label", label}, {"when", when}, {"next", "z"}}; };
  Json score = {{"var", "contact.score"}};
  Json country = {{"var", "contact.country"}};
  CheckRule("branch_never_taken",
            {{"disjoint ranges", branch({arm("low", {{"<", {score, 50}}}), arm("high", {{">=", {score, 50}}})}), 0},
             {"a narrower range after a wider one", branch({arm("hi", {{">=", {score, 50}}}), arm("higher", {{">=", {score, 80}}})}), 1, "/nodes/a/branches/1"},
             {"a wider range after a narrower one", branch({arm("higher", {{">=", {score, 80}}}), arm("hi", {{">=", {score, 50}}})}), 0},
             {"an empty interval", branch({arm("never", {{"and", {{{">", {score, 10}}}, {{"<", {score, 5}}}}}})}), 1, "/nodes/a/branches/0"},
             {"the same country twice", branch({arm("US", {{"==", {country, "US"}}}), arm("US again", {{"in", {country, {"US"}}}})}), 1, "/nodes/a/branches/1"},
             {"two countries", branch({arm("US", {{"==", {country, "US"}}}), arm("DE", {{"==", {country, "DE"}}})}), 0},
             {"covered by two together", branch({arm("lo", {{"<", {score, 50}}}), arm("hi", {{">=", {score, 50}}}), arm("mid", {{"==", {score, 60}}})}), 1, "/nodes/a/branches/2"},
             {"NaN escapes both halves", branch({arm("lo", {{"<", {score, 50}}}), arm("not lo", {{"!", {{"<", {score, 50}}}}})}), 0},
             {"an opaque operation and its negation", branch({arm("list", {{"in_list", {"vip"}}}), arm("again", {{"!!", {{"in_list", {"vip"}}}}})}), 1, "/nodes/a/branches/1"},
             {"an operation it does not understand", branch({arm("ev", {{"has_event", {"x", "1d"}}}), arm("days", {{">", {{{"days_since", {{{"var", "contact.signup_at"}}}}}, 3}}})}), 0},
             {"a string and a number", branch({arm("US", {{"==", {country, "US"}}}), arm("big", {{">", {country, 3}}})}), 0},
             {"strict and loose on a numeric string", branch({arm("strict", {{"===", {score, "5"}}}), arm("loose", {{"==", {score, "5"}}})}), 0}});
}

TEST(LintRules, SplitWeights) {
  auto split = [](double a, double b) {
    return MakeWorkflow({{"a", {{"type", "split"}, {"mode", "ab"}, {"variants", {{{"label", "A"}, {"weight", a}, {"next", "z"}}, {{"label", "B"}, {"weight", b}, {"next", "z"}}}}}}, {"z", kExit}});
  };
  CheckRule("split_weights", {{"positive weights", split(50, 50), 0},
                              {"all zero", split(0, 0), 1, "/nodes/a/variants"},
                              {"zero and negative", split(0, -5), 1, "/nodes/a/variants"}});
  Json ignored = split(0, 0);
  ignored["nodes"]["a"]["lint"] = {{"ignore", {"split_weights"}}};
  EXPECT_TRUE(Of(LintJson(ignored).findings, "split_weights").empty());
  LintOptions keep;
  keep.apply_ignores = false;
  EXPECT_EQ(Of(LintJson(ignored, keep).findings, "split_weights").size(), 1u);
  // One zero weight among positive ones is a validation problem, not a finding.
  EXPECT_FALSE(LintJson(split(0, 50)).ok());
}

TEST(LintRules, CapSuppressesSend) {
  auto email = [](const char* next) { return Json{{"type", "send"}, {"channel", "email"}, {"template", "e"}, {"next", next}}; };
  Json cap1d = {{"settings", {{"frequency_cap", {{"max", 1}, {"per", "1d"}, {"channels", {"email"}}}}}}};
  Json templates = {{"e", kGoodEmail}};
  Json back_to_back = {{"a", email("b")}, {"b", email("z")}, {"z", kExit}};
  Json waited = {{"a", email("w")}, {"w", {{"type", "wait"}, {"for", "1d"}, {"next", "b"}}}, {"b", email("z")}, {"z", kExit}};
  Json one_path_skips = {{"a", {{"type", "branch"}, {"branches", {{{"label", "x"}, {"when", {{"var", "contact.x"}}}, {"next", "s1"}}}}, {"else", "b"}}},
                         {"s1", email("b")}, {"b", email("z")}, {"z", kExit}};
  Json event_wait = {{"a", email("w")}, {"w", {{"type", "wait_event"}, {"event", "x"}, {"next", "b"}}}, {"b", email("z")}, {"z", kExit}};
  Json quiet = {{"settings", {{"frequency_cap", {{"max", 1}, {"per", "1d"}}}, {"quiet_hours", {{"start", "21:00"}, {"end", "08:00"}}}}}};
  Json sms_then_email = {{"a", {{"type", "send"}, {"channel", "sms"}, {"template", "s"}, {"next", "b"}}}, {"b", email("z")}, {"z", kExit}};
  Json sms_templates = {{"e", kGoodEmail}, {"s", {{"channel", "sms"}, {"body", "Hi. Reply STOP to opt out"}}}};
  CheckRule("cap_suppresses_send",
            {{"no cap", MakeWorkflow(back_to_back, templates), 0},
             {"two emails at once, cap 1 a day", MakeWorkflow(back_to_back, templates, cap1d), 1, "/nodes/b"},
             {"a day apart", MakeWorkflow(waited, templates, cap1d), 0},
             {"one path has no earlier send", MakeWorkflow(one_path_skips, templates, cap1d), 0},
             {"an event wait without timeout may last a day", MakeWorkflow(event_wait, templates, cap1d), 0},
             {"quiet hours hold before the first send only", MakeWorkflow(back_to_back, templates, quiet), 1, "/nodes/b"},
             {"an SMS does not count for an email-only cap", MakeWorkflow(sms_then_email, sms_templates, cap1d), 0}});
}

TEST(LintRules, UnknownVariable) {
  Json wf_reads_first = MakeWorkflow({{"a", {{"type", "send"}, {"channel", "email"}, {"template", "e"}, {"next", "z"}}}, {"z", kExit}},
                                     {{"e", {{"channel", "email"}, {"subject", "Hi {{ contact.first_name }}"}, {"html", kGoodEmail["html"]}}}});
  Json wf_reads_nick = wf_reads_first;
  wf_reads_nick["templates"]["e"]["subject"] = "Hi {{ contact.nickname }}";
  Json wf_default = wf_reads_first;
  wf_default["templates"]["e"]["subject"] = "Hi {{ contact.nickname | default: 'there' }}";
  Json wf_guarded = wf_reads_first;
  wf_guarded["templates"]["e"]["subject"] = "Hi{% if contact.nickname %} {{ contact.nickname }}{% endif %}";
  Json wf_updated = wf_reads_nick;
  wf_updated["nodes"]["a"]["next"] = "z";
  wf_updated["start"] = "u";
  wf_updated["nodes"]["u"] = {{"type", "update"}, {"set", {{"nickname", "pal"}}}, {"next", "a"}};
  Json wf_snippet = wf_reads_first;
  wf_snippet["templates"]["e"]["html"] = "<p>{% render 'footer' %}</p>";
  wf_snippet["snippets"] = {{"footer", "<a href=\"https://x.example/u\">Unsubscribe</a> {{ contact.zip }}"}};
  CheckRule("unknown_variable",
            {{"an attribute the contacts have", MakeFixture(wf_reads_first), 0},
             {"an attribute nobody sets", MakeFixture(wf_reads_nick), 1, "/workflow/templates/e"},
             {"with default", MakeFixture(wf_default), 0},
             {"inside an if that tests it", MakeFixture(wf_guarded), 0},
             {"set by an update node", MakeFixture(wf_updated), 0},
             {"read in a snippet", MakeFixture(wf_snippet), 1, "/workflow/templates/e"},
             {"a bare workflow: no contacts to compare with", wf_reads_nick, 0}});
}

TEST(LintRules, EmailWithoutUnsubscribe) {
  auto wf = [](Json email) {
    return MakeWorkflow({{"a", {{"type", "send"}, {"channel", "email"}, {"template", "e"}, {"next", "z"}}}, {"z", kExit}}, {{"e", email}});
  };
  CheckRule("email_without_unsubscribe",
            {{"an unsubscribe link", wf(kGoodEmail), 0},
             {"a preferences URL", wf({{"channel", "email"}, {"subject", "x"}, {"html", "<a href=\"https://x.example/preferences?id=1\">Manage</a>"}}), 0},
             {"opt out in the link text", wf({{"channel", "email"}, {"subject", "x"}, {"html", "<a href=\"https://x.example/o\">Opt out</a>"}}), 0},
             {"no link at all", wf({{"channel", "email"}, {"subject", "x"}, {"html", "<p>Hello</p>"}}), 1, "/templates/e"},
             {"the word outside any link", wf({{"channel", "email"}, {"subject", "x"}, {"html", "<p>To unsubscribe, write to us</p><a href=\"https://x.example\">Shop</a>"}}), 1, "/templates/e"},
             {"a link only in a branch the contact does not take",
              wf({{"channel", "email"}, {"subject", "x"}, {"html", "{% if contact.vip %}<a href=\"https://x.example/unsubscribe\">u</a>{% endif %}"}}), 1, "/templates/e"}});
}

TEST(LintRules, SmsWithoutOptOut) {
  auto wf = [](const char* body) {
    return MakeWorkflow({{"a", {{"type", "send"}, {"channel", "sms"}, {"template", "s"}, {"next", "z"}}}, {"z", kExit}},
                        {{"s", {{"channel", "sms"}, {"body", body}}}});
  };
  CheckRule("sms_without_opt_out", {{"STOP", wf("Sale today. Reply STOP to opt out"), 0},
                                    {"stop in lower case", wf("Sale today. Text stop to end"), 0},
                                    {"no way out", wf("Sale today!"), 1, "/templates/s"},
                                    {"STOP inside a word", wf("Non-STOPPABLE sale today"), 1, "/templates/s"}});
}

TEST(LintRules, SmsSegments) {
  auto wf = [](const std::string& body) {
    return MakeWorkflow({{"a", {{"type", "send"}, {"channel", "sms"}, {"template", "s"}, {"next", "z"}}}, {"z", kExit}},
                        {{"s", {{"channel", "sms"}, {"body", body}}}});
  };
  std::string stop = " Reply STOP to opt out";
  Json long_for_ana = MakeFixture(wf("{% if contact.first_name == 'Ana' %}" + std::string(600, 'x') + "{% endif %}" + stop));
  CheckRule("sms_segments", {{"three segments", wf(std::string(459 - stop.size(), 'x') + stop), 0},
                             {"four segments", wf(std::string(460 - stop.size(), 'x') + stop), 1, "/templates/s"},
                             {"UCS-2 makes it long", wf(std::string(150, 'x') + "\xF0\x9F\x98\x80" + std::string(60, 'y') + stop), 1, "/templates/s"},
                             {"long only for a fixture contact", long_for_ana, 1, "/workflow/templates/s"}});
}

TEST(LintRules, EventNeverEmitted) {
  Json wf = MakeWorkflow({{"a", {{"type", "wait_event"}, {"event", "clicked"}, {"timeout", "1d"}, {"next", "z"}, {"on_timeout", "z"}}}, {"z", kExit}},
                         Json::object(), {{"exit", {{"on_events", {{{"event", "unsubscribed"}}}}}}});
  Json clicks = Json::array({{{"at", "+0s"}, {"contact", "ana"}, {"event", "signup"}}, {{"at", "+1h"}, {"contact", "ana"}, {"event", "clicked"}}, {{"at", "+2h"}, {"contact", "ana"}, {"event", "unsubscribed"}}});
  Json reactions = Json::array({{{"contact", "*"}, {"on_send", "e"}, {"event", "clicked"}, {"after", "1h"}}});
  Json wf_send = wf;
  wf_send["start"] = "s";
  wf_send["nodes"]["s"] = {{"type", "send"}, {"channel", "email"}, {"template", "e"}, {"next", "a"}};
  wf_send["templates"] = {{"e", kGoodEmail}};
  CheckRule("event_never_emitted",
            {{"neither emitted", MakeFixture(wf), 2, "/workflow/exit/on_events/0/event"},
             {"both scripted", MakeFixture(wf, {{"script", clicks}}), 0},
             {"clicked by a reaction", MakeFixture(wf_send, {{"reactions", reactions}}), 1, "/workflow/exit/on_events/0/event"},
             {"a bare workflow", wf, 0}});
}

TEST(LintRules, ConditionNeverHolds) {
  Json never = {{"and", {{{"==", {{{"var", "contact.plan"}}, "pro"}}}, {{"==", {{{"var", "contact.plan"}}, "free"}}}}}};
  Json fine = {{"==", {{{"var", "contact.plan"}}, "pro"}}};
  Json nodes = {{"a", kExit}};
  CheckRule("condition_never_holds",
            {{"a goal that can hold", MakeWorkflow(nodes, Json::object(), {{"exit", {{"goal", fine}}}}), 0},
             {"a goal that cannot", MakeWorkflow(nodes, Json::object(), {{"exit", {{"goal", never}}}}), 1, "/exit/goal"},
             {"a wait_until that cannot", MakeWorkflow({{"a", {{"type", "wait_until"}, {"condition", never}, {"timeout", "1d"}, {"next", "z"}, {"on_timeout", "z"}}}, {"z", kExit}}), 1, "/nodes/a/condition"}});
}

TEST(LintRules, WaitWithoutTimeout) {
  Json forever = {{"a", {{"type", "wait_event"}, {"event", "x"}, {"next", "z"}}}, {"z", kExit}};
  Json timed = {{"a", {{"type", "wait_event"}, {"event", "x"}, {"timeout", "3d"}, {"next", "z"}, {"on_timeout", "z"}}}, {"z", kExit}};
  CheckRule("wait_without_timeout", {{"with a timeout", MakeWorkflow(timed), 0},
                                     {"none, no max_duration", MakeWorkflow(forever), 1, "/nodes/a"},
                                     {"none, but max_duration", MakeWorkflow(forever, Json::object(), {{"exit", {{"max_duration", "30d"}}}}), 0}});
}

TEST(LintRules, EveryRuleHasATable) {
  // The tests above, by rule id: a new rule needs its table.
  std::set<std::string> tested = {"unreachable_node", "expires_before_reached", "branch_never_taken", "split_weights",
                                  "cap_suppresses_send", "unknown_variable", "email_without_unsubscribe", "sms_without_opt_out",
                                  "sms_segments", "event_never_emitted", "condition_never_holds", "wait_without_timeout",
                                  // tests/portfolio_test.cc (LintAcrossWorkflows)
                                  "enroll_cycle", "overlapping_triggers"};
  for (const RuleInfo& rule : Rules()) EXPECT_TRUE(tested.count(rule.id)) << rule.id;
  EXPECT_EQ(Rules().size(), tested.size());
}

TEST(LintIgnore, NodeAndWorkflowAnnotations) {
  Json wf = MakeWorkflow({{"a", kExit}, {"orphan", kExit}, {"orphan2", kExit}});
  EXPECT_EQ(Of(LintJson(wf).findings, "unreachable_node").size(), 2u);
  wf["nodes"]["orphan"]["lint"] = {{"ignore", {"unreachable_node"}}};
  EXPECT_EQ(Of(LintJson(wf).findings, "unreachable_node").size(), 1u);
  LintOptions keep;
  keep.apply_ignores = false;
  EXPECT_EQ(Of(LintJson(wf, keep).findings, "unreachable_node").size(), 2u);
  wf["lint"] = {{"ignore", {"unreachable_node"}}};
  EXPECT_TRUE(Of(LintJson(wf).findings, "unreachable_node").empty());
  // The annotation's shape is checked by the parser.
  wf["nodes"]["a"]["lint"] = {{"ignore", "unreachable_node"}};
  LintDocumentResult bad = LintJson(wf);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.problems[0].pointer, "/nodes/a/lint/ignore");
}

TEST(LintTiming, EarliestAndLatest) {
  Json wf = MakeWorkflow({{"a", {{"type", "send"}, {"channel", "email"}, {"template", "e"}, {"next", "w"}}},
                          {"w", {{"type", "wait"}, {"for", "2d"}, {"next", "u"}}},
                          {"u", {{"type", "wait"}, {"until", {{"time", "09:00"}, {"days", {"mon"}}}}, {"next", "ev"}}},
                          {"ev", {{"type", "wait_event"}, {"event", "x"}, {"timeout", "1d"}, {"next", "z"}, {"on_timeout", "t"}}},
                          {"t", {{"type", "wait_event"}, {"event", "y"}, {"next", "z"}}},
                          {"z", kExit}},
                         {{"e", kGoodEmail}}, Json{{"settings", {{"quiet_hours", {{"start", "22:00"}, {"end", "07:00"}}}}}});
  WorkflowParseResult parsed = ParseWorkflow(wf);
  ASSERT_TRUE(parsed.ok());
  TimingTable table = Timing(*parsed.workflow);
  std::map<std::string, NodeTiming> by;
  for (const NodeTiming& t : table.nodes) by[t.node] = t;
  EXPECT_EQ(by["a"].earliest, 0);
  EXPECT_EQ(by["a"].hold, 10 * kHour);  // 9 hours of quiet plus an hour for DST
  EXPECT_EQ(by["w"].earliest, 0);
  EXPECT_EQ(*by["w"].latest, 10 * kHour);
  EXPECT_EQ(by["u"].earliest, 2 * kDay);
  EXPECT_EQ(*by["ev"].latest, 10 * kHour + 2 * kDay + 7 * kDay + kHour);  // up to a week for Monday 09:00
  EXPECT_EQ(by["t"].earliest, 3 * kDay);
  EXPECT_FALSE(by["z"].latest.has_value());  // the second event wait has no timeout
  EXPECT_EQ(by["z"].earliest, 2 * kDay);
  EXPECT_EQ(FormatBound(std::nullopt), "unbounded");
}

TEST(LintTiming, LoopThatTakesTimeIsUnbounded) {
  Json wf = MakeWorkflow({{"a", {{"type", "wait"}, {"for", "1d"}, {"next", "b"}}},
                          {"b", {{"type", "branch"}, {"branches", {{{"label", "again"}, {"when", {{"var", "contact.x"}}}, {"next", "a"}}}}, {"else", "z"}}},
                          {"z", kExit}});
  WorkflowParseResult parsed = ParseWorkflow(wf);
  ASSERT_TRUE(parsed.ok());
  TimingTable table = Timing(*parsed.workflow);
  EXPECT_EQ(table.nodes[1].earliest, kDay);
  EXPECT_FALSE(table.nodes[1].latest.has_value());
  EXPECT_FALSE(table.nodes[2].latest.has_value());
}

std::shared_ptr<const logic::Rule> Rule(const char* json) {
  logic::CompileResult c = logic::Compile(Json::parse(json));
  EXPECT_TRUE(c.ok());
  return c.rule;
}

TEST(LintConditions, Satisfiability) {
  struct Case {
    const char* rule;
    bool may_hold;
  } cases[] = {
      {R"({"==": [{"var": "a"}, 1]})", true},
      {R"({"and": [{"==": [{"var": "a"}, 1]}, {"==": [{"var": "a"}, 2]}]})", false},
      {R"({"and": [{">": [{"var": "a"}, 1]}, {"<": [{"var": "a"}, 2]}]})", true},
      {R"({"and": [{">=": [{"var": "a"}, 2]}, {"<=": [{"var": "a"}, 2]}]})", true},
      {R"({"and": [{">": [{"var": "a"}, 2]}, {"<=": [{"var": "a"}, 2]}]})", false},
      {R"({"<": [5, {"var": "a"}, 3]})", false},
      {R"({"<": [1, {"var": "a"}, 3]})", true},
      {R"({"and": [{"!": {"var": "a"}}, {">": [{"var": "a"}, 0]}]})", false},
      {R"({"and": [{"!": {"var": "a"}}, {"==": [{"var": "a"}, "US"]}]})", false},
      {R"({"and": [{"var": "a"}, {"!": {"var": "a"}}]})", false},
      {R"({"and": [{"!=": [{"var": "a"}, 0]}, {"==": [{"var": "a"}, 0]}]})", false},
      {R"({"and": [{"in": [{"var": "c"}, ["US", "CA"]]}, {"==": [{"var": "c"}, "DE"]}]})", false},
      {R"({"and": [{"in": [{"var": "c"}, ["US", "CA"]]}, {"!=": [{"var": "c"}, "US"]}]})", true},
      {R"({"and": [{"==": [{"var": "c"}, "5"]}, {"==": [{"var": "c"}, "5.0"]}]})", true},
      {R"({"or": [false, {"==": [{"var": "a"}, 1]}]})", true},
      {R"({"and": [true, false]})", false},
      {R"({"if": [{"var": "a"}, false, false]})", false},
      {R"({"has_event": ["x", "1d"]})", true},
      {R"({"and": [{"has_event": ["x", "1d"]}, {"!": {"has_event": ["x", "1d"]}}]})", false},
      {R"({"and": [{"===": [{"var": "a"}, true]}, {"!==": [{"var": "a"}, true]}]})", false},
      {R"({"and": [{"==": [{"var": ["a", 0]}, 1]}, {"==": [{"var": ["a", 0]}, 2]}]})", true},
  };
  for (const Case& c : cases) EXPECT_EQ(MayHold(*Rule(c.rule)), c.may_hold) << c.rule;
}

TEST(LintConditions, ImplicationNamesTheEarlierBranch) {
  auto hi = Rule(R"({">=": [{"var": "s"}, 50]})");
  auto lo = Rule(R"({"<": [{"var": "s"}, 50]})");
  auto higher = Rule(R"({">=": [{"var": "s"}, 80]})");
  BranchVerdict v = AnalyzeBranch(*higher, {lo.get(), hi.get()});
  EXPECT_TRUE(v.never);
  EXPECT_FALSE(v.impossible);
  EXPECT_EQ(v.covered_by, 1);
  EXPECT_FALSE(AnalyzeBranch(*hi, {higher.get()}).never);
}

TEST(LintTemplates, ReadsWithAndWithoutDefault) {
  Json wf = MakeWorkflow({{"a", kExit}},
                         {{"e", {{"channel", "email"},
                                 {"subject", "Hi {{ contact.first_name | default: 'there' }}"},
                                 {"html", "{% assign n = contact.plan %}{{ n }} {% for i in event.properties.items %}{{ i.sku }}{% endfor %}\n{{ contact.city }}"}}}});
  WorkflowParseResult parsed = ParseWorkflow(wf);
  ASSERT_TRUE(parsed.ok());
  TemplateAnalysis a = AnalyzeTemplates(*parsed.workflow)["e"];
  std::map<std::string, VariableRead> by;
  for (const VariableRead& r : a.reads) by[r.path] = r;
  EXPECT_TRUE(by["contact.first_name"].defaulted);
  EXPECT_FALSE(by["contact.plan"].defaulted);
  EXPECT_FALSE(by["contact.city"].defaulted);
  EXPECT_EQ(by["contact.city"].line, 2);
  EXPECT_EQ(by["contact.city"].column, 4);
  EXPECT_TRUE(by.count("event.properties.items"));
  EXPECT_FALSE(by.count("n"));
  EXPECT_FALSE(by.count("i.sku"));
  EXPECT_EQ(a.headline, "Hi {{ contact.first_name | default: 'there' }}");
}

TEST(LintLocate, PointersToLinesAndColumns) {
  std::string text = "{\n  \"a\": {\"b\": [1, {\"c~/\": 2}]},\n  \"\xC3\xA9\": {\"x\": 1}\n}";
  PointerLocator locator(text);
  EXPECT_EQ(locator.Find("")->line, 1);
  EXPECT_EQ(locator.Find("/a")->line, 2);
  EXPECT_EQ(locator.Find("/a")->column, 3);
  EXPECT_EQ(locator.Find("/a/b")->column, 9);
  EXPECT_EQ(locator.Find("/a/b/0")->column, 15);
  EXPECT_EQ(locator.Find("/a/b/1")->column, 18);
  EXPECT_EQ(locator.Find("/a/b/1/c~0~1")->column, 19);
  EXPECT_EQ(locator.Find("/\xC3\xA9/x")->line, 3);
  EXPECT_EQ(locator.Find("/\xC3\xA9/x")->column, 9);  // é is one column
  EXPECT_FALSE(locator.Find("/nope").has_value());
}

TEST(LintOutput, JsonAndSarifShapes) {
  Json wf = MakeWorkflow({{"a", kExit}, {"orphan", kExit}});
  LintDocumentResult r = LintJson(wf);
  ASSERT_EQ(r.findings.size(), 1u);
  Json j = FindingsToJson(r.findings);
  EXPECT_EQ(j["findings"][0]["rule"], "unreachable_node");
  EXPECT_EQ(j["findings"][0]["severity"], "warning");
  EXPECT_EQ(j["findings"][0]["pointer"], "/nodes/orphan");
  EXPECT_EQ(j["findings"][0]["node"], "orphan");
  EXPECT_EQ(j["counts"]["warning"], 1);
  Json s = FindingsToSarif(r.findings, "wf.json");
  EXPECT_EQ(s["version"], "2.1.0");
  ASSERT_EQ(s["runs"].size(), 1u);
  const Json& result = s["runs"][0]["results"][0];
  EXPECT_EQ(result["ruleId"], "unreachable_node");
  EXPECT_EQ(result["level"], "warning");
  EXPECT_EQ(result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], "/nodes/orphan");
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["region"]["startLine"], r.findings[0].line);
  EXPECT_EQ(s["runs"][0]["tool"]["driver"]["rules"].size(), Rules().size());
  EXPECT_EQ(FormatFindingText(r.findings[0]).rfind("/nodes/orphan (line ", 0), 0u);
}

TEST(LintOutput, SortedAndDeterministic) {
  Json wf = MakeWorkflow({{"a", kExit}, {"z2", kExit}, {"b1", kExit}});
  std::string first = FindingsToJson(LintJson(wf).findings).dump();
  EXPECT_EQ(first, FindingsToJson(LintJson(wf).findings).dump());
  std::vector<LintFinding> f = LintJson(wf).findings;
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].pointer, "/nodes/b1");
  EXPECT_EQ(f[1].pointer, "/nodes/z2");
}

TEST(LintDocument, InvalidInputHasProblemsNotFindings) {
  EXPECT_FALSE(LintDocumentText("{", DocumentOptions{}, {}).ok());
  EXPECT_FALSE(LintDocumentText("{}", DocumentOptions{}, {}).ok());
}

// The gallery: no errors or warnings; every info finding is listed here
// with the reason it is left as it is.
TEST(LintGallery, CleanOrExplained) {
  // (folder, rule) -> why the finding stays.
  const std::map<std::pair<std::string, std::string>, std::string> explained = {
      {{"welcome-series", "event_never_emitted"}, "the safety exit on 'unsubscribed': the fixtures test other paths"},
      {{"abandoned-cart", "event_never_emitted"}, "the safety exit on 'unsubscribed': the fixture tests the recovery"},
      {{"black-friday", "event_never_emitted"}, "the safety exit on 'unsubscribed': the fixture tests local midnight"},
  };
  namespace fs = std::filesystem;
  fs::path root = fs::path(FLOWPROOF_SOURCE_DIR) / "fixtures";
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    std::string name = entry.path().filename().string();
    if (name == "workflow.json" || name.find(".fixture.json") != std::string::npos) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 20u);
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    DocumentOptions options;
    options.base_dir = file.parent_path().string();
    options.loader = DiskFileLoader();
    LintDocumentResult r = LintDocumentText(text.str(), options, {});
    ASSERT_TRUE(r.ok());
    for (const LintFinding& f : r.findings) {
      std::string folder = file.parent_path().filename().string();
      EXPECT_TRUE(explained.count({folder, f.rule})) << FormatFindingText(f);
    }
  }
}

TEST(LintApi, EnvelopeTimingSarifAndErrors) {
  Json wf = MakeWorkflow({{"a", {{"type", "wait"}, {"for", "2d"}, {"next", "z"}}}, {"z", kExit}, {"orphan", kExit}});
  Json out = Json::parse(api::Lint(wf.dump(), R"({"timing": true})"));
  ASSERT_TRUE(out["ok"].get<bool>()) << out.dump();
  EXPECT_EQ(out["result"]["findings"][0]["rule"], "unreachable_node");
  std::map<std::string, Json> timing;
  for (const Json& t : out["result"]["timing"]) timing[t["node"].get<std::string>()] = t;
  EXPECT_EQ(timing["z"]["earliest"], "2d");
  EXPECT_EQ(timing["z"]["latest"], "2d");
  EXPECT_FALSE(timing["orphan"]["reachable"].get<bool>());
  EXPECT_TRUE(timing["orphan"]["latest"].is_null());
  Json sarif = Json::parse(api::Lint(wf.dump(), R"({"format": "sarif"})"));
  EXPECT_EQ(sarif["result"]["version"], "2.1.0");
  Json bad = Json::parse(api::Lint("{", "{}"));
  EXPECT_FALSE(bad["ok"].get<bool>());
  EXPECT_EQ(bad["code"], "invalid_input");
  EXPECT_EQ(Json::parse(api::Lint(wf.dump(), R"({"format": "xml"})"))["code"], "invalid_argument");
  // A fixture naming its workflow by path gets it from "files".
  Json fx = MakeFixture("wf.json");
  Json files = {{"files", {{"wf.json", wf.dump()}}}};
  Json via_files = Json::parse(api::Lint(fx.dump(), files.dump()));
  ASSERT_TRUE(via_files["ok"].get<bool>()) << via_files.dump();
  EXPECT_EQ(via_files["result"]["findings"][0]["pointer"], "/workflow/nodes/orphan");
}

}  // namespace
}  // namespace flowproof::lint
