// Parsing and validating workflows and fixtures: every field filled, every
// problem reported at once at its JSON Pointer, never a crash or a stall.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/json/json_input.h"
#include "core/logic/rule.h"
#include "core/model/fixture_parser.h"
#include "core/model/workflow_parser.h"
#include "core/time/timestamp.h"

namespace flowproof {
namespace {

Json ValidWorkflow() {
  return Json::parse(R"({
    "$schema": "https://flowproof.dev/schema/workflow.schema.json",
    "format": "flowproof.workflow/1", "id": "welcome", "name": "Welcome", "type": "lifecycle",
    "description": "Greets new subscribers.",
    "timezone": "America/New_York",
    "x-editor": {"zoom": 2},
    "entry": {"triggers": [{"type": "event", "event": "form_submitted", "source": "web", "where": {"==": [{"var": "event.properties.form_id"}, "nl"]}},
                           {"type": "date", "attribute": "birthday", "offset": "-7d", "at": "09:00", "every": "year"},
                           {"type": "schedule", "at": "2026-11-27T09:00:00", "local": true, "every": "1w", "audience": {"in_list": ["vip"]}},
                           {"type": "inactivity", "event": "session_started", "for": "30d"},
                           {"type": "condition", "condition": {">=": [{"var": "contact.score"}, 50]}},
                           {"type": "schedule", "at": "2026-11-27T09:00:00"}],
              "audience": {"!=": [{"var": "contact.customer"}, true]}, "reenroll": "30d"},
    "exit": {"goal": {"==": [{"var": "contact.bought"}, true]}, "max_duration": "30d",
             "on_events": [{"event": "unsubscribed", "reason": "opted_out"},
                           {"event": "deleted", "source": "crm", "where": {"var": "event.properties.hard"}}]},
    "settings": {"quiet_hours": {"start": "21:00", "end": "08:00", "mode": "skip"},
                 "frequency_cap": {"max": 3, "per": "7d", "channels": ["email", "sms"]}},
    "start": "send",
    "nodes": {
      "send": {"type": "send", "name": "Welcome email", "channel": "email", "template": "welcome", "next": "route", "x-position": [10, 20]},
      "route": {"type": "branch", "branches": [{"label": "US", "when": {"==": [{"var": "contact.country"}, "US"]}, "next": "ab"}], "else": "wait"},
      "ab": {"type": "split", "mode": "random", "variants": [{"label": "A", "weight": 1, "next": "wait"}, {"label": "B", "weight": 3, "next": "buy"}]},
      "wait": {"type": "wait", "until": {"time": "09:00", "days": ["mon", "fri"]}, "next": "pause"},
      "pause": {"type": "wait", "for": "1d12h", "next": "sms"},
      "sms": {"type": "send", "channel": "sms", "template": "nudge", "next": "buy"},
      "buy": {"type": "wait_event", "event": "purchase_completed", "source": "shop", "where": {">": [{"var": "event.properties.total"}, 0]},
              "timeout": "2d", "next": "done", "on_timeout": "hot"},
      "hot": {"type": "wait_until", "condition": {">": [{"var": "contact.score"}, 80]}, "timeout": "1d", "next": "done", "on_timeout": "mark"},
      "mark": {"type": "update", "set": {"stage": "cold", "rank": {"+": [1, 2]}, "address": {"city": "Paris"}},
               "increment": {"score": 5}, "add_to_lists": ["cold"], "remove_from_lists": ["warm"], "next": "later"},
      "later": {"type": "wait", "until_expr": {"date_add": [{"var": "now"}, "1d"]}, "next": "done"},
      "done": {"type": "exit", "reason": "finished"}
    },
    "templates": {
      "welcome": {"channel": "email", "subject": "Hi {{ contact.first_name }}", "html": "<p>Hi</p>{%- render 'footer' -%}",
                  "variants": [{"when": {"==": [{"var": "contact.tier"}, "gold"]}, "subject": "Hi VIP"}, {"subject": "Hi"}]},
      "nudge": {"channel": "sms", "body": "Still there? {% include \"legal\" %}"}
    },
    "snippets": {"footer": "<a href='https://x.example/unsubscribe'>Unsubscribe</a>{% render 'legal' %}", "legal": "Reply STOP to stop"}
  })");
}

std::vector<std::string> Pointers(const Problems& problems) {
  std::vector<std::string> out;
  for (const Problem& p : problems) out.push_back(p.ToString());
  return out;
}

// Whether a problem at `pointer` has the code `code` and `words` in its message.
bool Has(const Problems& problems, const std::string& pointer, const std::string& code, const std::string& words) {
  return std::any_of(problems.begin(), problems.end(), [&](const Problem& p) {
    return p.pointer == pointer && p.code == code && p.message.find(words) != std::string::npos;
  });
}

const Node& NodeNamed(const Workflow& wf, const std::string& id) { return wf.nodes[wf.node_index.at(id)]; }

TEST(WorkflowParser, FullWorkflowParsesWithEveryFieldFilled) {
  WorkflowParseResult parsed = ParseWorkflow(ValidWorkflow());
  ASSERT_TRUE(parsed.ok()) << ::testing::PrintToString(Pointers(parsed.problems));
  EXPECT_TRUE(parsed.warnings.empty()) << ::testing::PrintToString(Pointers(parsed.warnings));
  const Workflow& wf = *parsed.workflow;
  EXPECT_EQ(wf.id, "welcome");
  EXPECT_EQ(wf.name, "Welcome");
  EXPECT_EQ(wf.type, "lifecycle");
  EXPECT_EQ(wf.timezone, "America/New_York");
  EXPECT_EQ(wf.source, ValidWorkflow());

  ASSERT_EQ(wf.triggers.size(), 6u);
  EXPECT_EQ(wf.triggers[0].type, TriggerType::kEvent);
  EXPECT_EQ(wf.triggers[0].event, "form_submitted");
  EXPECT_EQ(wf.triggers[0].source, "web");
  ASSERT_TRUE(wf.triggers[0].where.has_value());
  EXPECT_NE(wf.triggers[0].where->rule, nullptr);
  EXPECT_EQ(wf.triggers[1].type, TriggerType::kDate);
  EXPECT_EQ(wf.triggers[1].attribute, "birthday");
  EXPECT_EQ(wf.triggers[1].offset, -7 * kDay);
  EXPECT_EQ(wf.triggers[1].at, (LocalTime{9, 0, 0}));
  EXPECT_TRUE(wf.triggers[1].every_year);
  EXPECT_EQ(wf.triggers[2].type, TriggerType::kSchedule);
  EXPECT_TRUE(wf.triggers[2].local);
  EXPECT_EQ(wf.triggers[2].schedule_local_at.date, (CivilDate{2026, 11, 27}));
  EXPECT_EQ(wf.triggers[2].schedule_local_at.time, (LocalTime{9, 0, 0}));
  EXPECT_EQ(wf.triggers[2].every, kWeek);
  Json offset = ValidWorkflow();
  offset["entry"]["triggers"][2]["at"] = "2026-11-27T09:00Z";  // with "local", the offset is ignored
  WorkflowParseResult with_offset = ParseWorkflow(offset);
  ASSERT_TRUE(with_offset.ok());
  EXPECT_EQ(with_offset.workflow->triggers[2].schedule_local_at.time, (LocalTime{9, 0, 0}));
  EXPECT_TRUE(wf.triggers[2].audience.has_value());
  EXPECT_EQ(wf.triggers[3].type, TriggerType::kInactivity);
  EXPECT_EQ(wf.triggers[3].event, "session_started");
  EXPECT_EQ(wf.triggers[3].inactive_for, 30 * kDay);
  EXPECT_EQ(wf.triggers[4].type, TriggerType::kCondition);
  EXPECT_TRUE(wf.triggers[4].condition.has_value());
  // A schedule without an offset and without "local" is read in the workflow's zone (EST, -5h).
  EXPECT_FALSE(wf.triggers[5].local);
  EXPECT_EQ(wf.triggers[5].schedule_at, *ParseTimestamp("2026-11-27T14:00:00Z"));

  ASSERT_TRUE(wf.audience.has_value());
  EXPECT_EQ(wf.audience->source, ValidWorkflow()["entry"]["audience"]);
  EXPECT_EQ(wf.reenroll, Reenroll::kAfterGap);
  EXPECT_EQ(wf.reenroll_gap, 30 * kDay);
  EXPECT_TRUE(wf.goal.has_value());
  EXPECT_EQ(wf.max_duration, 30 * kDay);
  ASSERT_EQ(wf.exit_on_events.size(), 2u);
  EXPECT_EQ(wf.exit_on_events[0].reason, "opted_out");
  EXPECT_EQ(wf.exit_on_events[1].reason, "exit_event");
  EXPECT_EQ(wf.exit_on_events[1].source, "crm");
  EXPECT_TRUE(wf.exit_on_events[1].where.has_value());
  ASSERT_TRUE(wf.quiet_hours);
  EXPECT_EQ(wf.quiet_hours->start, (LocalTime{21, 0, 0}));
  EXPECT_EQ(wf.quiet_hours->end, (LocalTime{8, 0, 0}));
  EXPECT_TRUE(wf.quiet_hours->skip);
  ASSERT_TRUE(wf.frequency_cap);
  EXPECT_EQ(wf.frequency_cap->max, 3);
  EXPECT_EQ(wf.frequency_cap->per, 7 * kDay);
  EXPECT_EQ(wf.frequency_cap->channels, (std::vector<Channel>{Channel::kEmail, Channel::kSms}));

  EXPECT_EQ(wf.start, "send");
  EXPECT_EQ(wf.nodes[wf.start_index].id, "send");
  ASSERT_EQ(wf.nodes.size(), 11u);
  for (std::size_t i = 0; i < wf.nodes.size(); ++i) EXPECT_EQ(wf.node_index.at(wf.nodes[i].id), static_cast<int>(i));

  const Node& send = NodeNamed(wf, "send");
  EXPECT_EQ(send.type, NodeType::kSend);
  EXPECT_EQ(send.channel, Channel::kEmail);
  EXPECT_EQ(send.template_name, "welcome");
  EXPECT_EQ(wf.nodes[send.next_index].id, "route");

  const Node& route = NodeNamed(wf, "route");
  ASSERT_EQ(route.branches.size(), 1u);
  EXPECT_EQ(route.branches[0].label, "US");
  EXPECT_NE(route.branches[0].when.rule, nullptr);
  EXPECT_EQ(wf.nodes[route.branches[0].next_index].id, "ab");
  EXPECT_EQ(wf.nodes[route.else_index].id, "wait");

  const Node& ab = NodeNamed(wf, "ab");
  EXPECT_FALSE(ab.ab);
  ASSERT_EQ(ab.variants.size(), 2u);
  EXPECT_EQ(ab.variants[1].label, "B");
  EXPECT_EQ(ab.variants[1].weight, 3);
  EXPECT_EQ(wf.nodes[ab.variants[1].next_index].id, "buy");

  const Node& wait = NodeNamed(wf, "wait");
  EXPECT_EQ(wait.wait_kind, WaitKind::kUntil);
  EXPECT_EQ(wait.until_time, (LocalTime{9, 0, 0}));
  EXPECT_EQ(wait.until_days, (1 << 1) | (1 << 5));
  EXPECT_EQ(NodeNamed(wf, "pause").wait_kind, WaitKind::kFor);
  EXPECT_EQ(NodeNamed(wf, "pause").wait_for, kDay + 12 * kHour);
  EXPECT_EQ(NodeNamed(wf, "later").wait_kind, WaitKind::kUntilExpr);
  EXPECT_TRUE(NodeNamed(wf, "later").expr.has_value());

  const Node& buy = NodeNamed(wf, "buy");
  EXPECT_EQ(buy.event, "purchase_completed");
  EXPECT_EQ(buy.source, "shop");
  EXPECT_TRUE(buy.where.has_value());
  EXPECT_EQ(buy.timeout, 2 * kDay);
  EXPECT_EQ(wf.nodes[buy.on_timeout_index].id, "hot");
  const Node& hot = NodeNamed(wf, "hot");
  EXPECT_TRUE(hot.condition.has_value());
  EXPECT_EQ(wf.nodes[hot.on_timeout_index].id, "mark");

  const Node& mark = NodeNamed(wf, "mark");
  ASSERT_EQ(mark.set.size(), 3u);  // in key order: address, rank, stage
  EXPECT_EQ(mark.set[0].attribute, "address");
  EXPECT_FALSE(mark.set[0].expr.has_value());  // {"city": ...} is not an operation: a literal
  EXPECT_EQ(mark.set[0].value, (Json{{"city", "Paris"}}));
  EXPECT_TRUE(mark.set[1].expr.has_value());   // {"+": ...} is evaluated
  EXPECT_FALSE(mark.set[2].expr.has_value());  // "cold" is a literal
  EXPECT_EQ(mark.add_to_lists, (std::vector<std::string>{"cold"}));
  EXPECT_EQ(mark.remove_from_lists, (std::vector<std::string>{"warm"}));
  ASSERT_EQ(mark.increment.size(), 1u);
  EXPECT_EQ(mark.increment[0], (std::pair<std::string, double>{"score", 5}));

  EXPECT_EQ(NodeNamed(wf, "done").reason, "finished");
  EXPECT_EQ(NodeNamed(wf, "done").next_index, -1);

  ASSERT_EQ(wf.templates.size(), 2u);
  const MessageTemplate& welcome = wf.templates.at("welcome");
  EXPECT_EQ(welcome.name, "welcome");
  EXPECT_EQ(welcome.channel, Channel::kEmail);
  EXPECT_EQ(welcome.source, ValidWorkflow()["templates"]["welcome"]);
  ASSERT_EQ(welcome.variant_conditions.size(), 2u);
  ASSERT_TRUE(welcome.variant_conditions[0].has_value());
  EXPECT_NE(welcome.variant_conditions[0]->rule, nullptr);
  EXPECT_FALSE(welcome.variant_conditions[1].has_value());  // the default
  EXPECT_EQ(wf.templates.at("nudge").channel, Channel::kSms);
  EXPECT_EQ(wf.snippets.at("legal"), "Reply STOP to stop");
}

TEST(WorkflowParser, ConditionsAreCompiledAndEvaluate) {
  WorkflowParseResult parsed = ParseWorkflow(ValidWorkflow());
  ASSERT_TRUE(parsed.ok());
  const Condition& when = NodeNamed(*parsed.workflow, "route").branches[0].when;
  EXPECT_EQ(logic::Evaluate(*when.rule, Json{{"contact", {{"country", "US"}}}}), true);
  EXPECT_EQ(logic::Evaluate(*when.rule, Json{{"contact", {{"country", "FR"}}}}), false);
}

TEST(WorkflowParser, EnumNames) {
  EXPECT_STREQ(ChannelName(Channel::kAdAudience), "ad_audience");
  EXPECT_STREQ(ChannelName(Channel::kWebhook), "webhook");
  EXPECT_STREQ(NodeTypeName(NodeType::kWaitEvent), "wait_event");
  EXPECT_STREQ(NodeTypeName(NodeType::kWaitUntil), "wait_until");
  EXPECT_STREQ(NodeTypeName(NodeType::kExit), "exit");
}

TEST(WorkflowParser, ReportsEveryProblemAtOnce) {
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
  EXPECT_EQ(parsed.workflow, nullptr);
  EXPECT_TRUE(Has(parsed.problems, "/nodes/send/next", "bad_reference", "no node 'nowhere' in 'nodes'"));
  EXPECT_TRUE(Has(parsed.problems, "/nodes/route/else", "missing_field", "'else' is required"));
  EXPECT_TRUE(Has(parsed.problems, "/nodes/buy/timeout", "not_a_duration", "not a duration"));
  EXPECT_TRUE(Has(parsed.problems, "/nodes/wait/until/days/1", "unknown_value", "unknown day 'funday'"));
  EXPECT_TRUE(Has(parsed.problems, "/nodes/hot/condition/and/1", "unknown_operation", "unknown operation 'frobnicate'"));
  EXPECT_TRUE(Has(parsed.problems, "/entry/triggers/1/at", "not_a_time_of_day", "not a local time of day"));
  EXPECT_TRUE(Has(parsed.problems, "/timezone", "unknown_time_zone", "unknown time zone 'Mars/Olympus'"));
  EXPECT_TRUE(Has(parsed.problems, "/templates/welcome/html", "bad_reference", "renders snippet 'header', which is not in 'snippets'"));
  EXPECT_TRUE(Has(parsed.problems, "/nodes/send/chanel", "unknown_field", "unknown field 'chanel' (did you mean 'channel'?"));
  EXPECT_EQ(parsed.problems.size(), 9u) << ::testing::PrintToString(Pointers(parsed.problems));
}

// One problem per case: a JSON merge patch on the valid workflow, the pointer
// it must be reported at, its code and words from the message.
TEST(WorkflowParser, EachRuleHasItsPointerAndMessage) {
  struct Case {
    const char* patch;
    const char* pointer;
    const char* code;
    const char* words;
  };
  const Case cases[] = {
      // Document.
      {R"({"format": "flowproof.workflow/2"})", "/format", "wrong_format", "expected \"flowproof.workflow/1\", got \"flowproof.workflow/2\""},
      {R"({"format": null})", "/format", "missing_field", "'format' is required"},
      {R"({"id": ""})", "/id", "empty_value", "must not be empty"},
      {R"({"id": 7})", "/id", "wrong_type", "must be a string"},
      {R"({"type": "newsletter"})", "/type", "unknown_value", "unknown type 'newsletter'"},
      {R"({"timezone": "EST5"})", "/timezone", "unknown_time_zone", "unknown time zone"},
      {R"({"settngs": {}})", "/settngs", "unknown_field", "did you mean 'settings'?"},
      {R"({"description": 5})", "/description", "wrong_type", "must be a string"},
      {R"({"start": "ghost"})", "/start", "bad_reference", "no node 'ghost'"},
      {R"({"start": null})", "/start", "missing_field", "'start' is required"},
      {R"({"nodes": null})", "/nodes", "missing_field", "'nodes' is required"},
      {R"({"entry": null})", "/entry", "missing_field", "'entry' is required"},
      {R"({"templates": []})", "/templates", "wrong_type", "must be an object"},
      {R"({"snippets": {"footer": 3}})", "/snippets/footer", "wrong_type", "Liquid source string"},
      {R"({"snippets": {"legal": "{% render 'fine_print' %}"}})", "/snippets/legal", "bad_reference", "renders snippet 'fine_print'"},
      // Entry and triggers.
      {R"({"entry": {"triggers": []}})", "/entry/triggers", "empty_value", "non-empty array"},
      {R"({"entry": {"reenroll": "sometimes"}})", "/entry/reenroll", "unknown_value", "\"never\", \"after_exit\" or a duration"},
      {R"({"entry": {"reenroll": "-1d"}})", "/entry/reenroll", "out_of_range", "\"never\", \"after_exit\" or a duration"},
      {R"({"entry": {"audience": {"!=": null, "in_lists": ["a"]}}})", "/entry/audience", "unknown_operation", "unknown operation"},
      {R"({"entry": {"triggers": [{"type": "webhook"}]}})", "/entry/triggers/0/type", "unknown_value", "unknown trigger type 'webhook'"},
      {R"({"entry": {"triggers": [{"type": "event"}]}})", "/entry/triggers/0/event", "missing_field", "'event' is required"},
      {R"({"entry": {"triggers": [{"type": "event", "event": "x", "when": true}]}})", "/entry/triggers/0/when", "unknown_field", "did you mean 'where'?"},
      {R"({"entry": {"triggers": [{"type": "condition"}]}})", "/entry/triggers/0/condition", "missing_field", "'condition' is required"},
      {R"({"entry": {"triggers": [{"type": "date", "attribute": "b", "every": "month"}]}})", "/entry/triggers/0/every", "unknown_value", "must be \"year\""},
      {R"({"entry": {"triggers": [{"type": "date", "attribute": "b", "offset": "1 week"}]}})", "/entry/triggers/0/offset", "not_a_duration", "not a duration"},
      {R"({"entry": {"triggers": [{"type": "date"}]}})", "/entry/triggers/0/attribute", "missing_field", "'attribute' is required"},
      {R"({"entry": {"triggers": [{"type": "schedule", "at": "tomorrow"}]}})", "/entry/triggers/0/at", "not_a_timestamp", "not a timestamp"},
      {R"({"entry": {"triggers": [{"type": "schedule", "at": "2026-11-27T09:00:00", "local": "yes"}]}})", "/entry/triggers/0/local", "wrong_type", "true or false"},
      {R"({"entry": {"triggers": [{"type": "schedule", "at": "2026-11-27T09:00:00Z", "every": "0s"}]}})", "/entry/triggers/0/every", "out_of_range", "at least 1m"},
      {R"({"entry": {"triggers": [{"type": "schedule", "at": "2026-11-27T09:00:00Z", "every": "59s"}]}})", "/entry/triggers/0/every", "out_of_range", "at least 1m"},
      {R"({"entry": {"triggers": [{"type": "inactivity", "event": "login", "for": "0s"}]}})", "/entry/triggers/0/for", "out_of_range", "positive"},
      {R"({"entry": {"triggers": [{"type": "inactivity", "event": "login"}]}})", "/entry/triggers/0/for", "missing_field", "'for' is required"},
      // Exit and settings.
      {R"({"exit": {"max_duration": "0s"}})", "/exit/max_duration", "out_of_range", "positive"},
      {R"({"exit": {"on_events": [{"reason": "x"}]}})", "/exit/on_events/0/event", "missing_field", "'event' is required"},
      {R"({"exit": {"on_events": {"event": "x"}}})", "/exit/on_events", "wrong_type", "must be an array"},
      {R"({"exit": {"goal": {"==": null, "has_event": ["x", "soon"]}}})", "/exit/goal/has_event/1", "not_a_duration", "not a duration"},
      {R"({"settings": {"quiet_hours": {"mode": "pause"}}})", "/settings/quiet_hours/mode", "unknown_value", "\"hold\" or \"skip\""},
      {R"({"settings": {"quiet_hours": {"start": "9pm"}}})", "/settings/quiet_hours/start", "not_a_time_of_day", "not a local time of day"},
      {R"({"settings": {"quiet_hours": "21:00-08:00"}})", "/settings/quiet_hours", "wrong_type", "must be {"},
      {R"({"settings": {"frequency_cap": {"max": -1}}})", "/settings/frequency_cap/max", "out_of_range", "whole number"},
      {R"({"settings": {"frequency_cap": {"max": 2.5}}})", "/settings/frequency_cap/max", "out_of_range", "whole number"},
      {R"({"settings": {"frequency_cap": {"per": "0s"}}})", "/settings/frequency_cap/per", "out_of_range", "positive"},
      {R"({"settings": {"frequency_cap": {"channels": ["fax"]}}})", "/settings/frequency_cap/channels/0", "unknown_channel", "unknown channel \"fax\""},
      // Nodes.
      {R"({"nodes": {"x/y~z": {"type": "teleport"}}})", "/nodes/x~1y~0z/type", "unknown_value", "unknown node type 'teleport'"},
      {R"({"nodes": {"": {"type": "exit"}}})", "/nodes/", "empty_value", "must not be empty"},
      {R"({"nodes": {"send": {"type": null}}})", "/nodes/send/type", "missing_field", "'type' is required"},
      {R"({"nodes": {"send": {"next": null}}})", "/nodes/send/next", "missing_field", "'next' is required"},
      {R"({"nodes": {"send": {"channel": "fax"}}})", "/nodes/send/channel", "unknown_channel", "unknown channel \"fax\""},
      {R"({"nodes": {"send": {"channel": "sms"}}})", "/nodes/send/template", "channel_mismatch", "template 'welcome' is for email, but this node sends sms"},
      {R"({"nodes": {"send": {"template": "missing"}}})", "/nodes/send/template", "bad_reference", "no template 'missing' in 'templates'"},
      {R"({"nodes": {"send": {"timeout": "1d"}}})", "/nodes/send/timeout", "unknown_field", "unknown field 'timeout'"},
      {R"({"nodes": {"route": {"branches": []}}})", "/nodes/route/branches", "empty_value", "non-empty array"},
      {R"({"nodes": {"route": {"else": "nowhere"}}})", "/nodes/route/else", "bad_reference", "no node 'nowhere'"},
      {R"({"nodes": {"route": {"branches": [{"label": "else", "when": true, "next": "ab"}]}}})", "/nodes/route/branches/0/label", "reserved_name", "label of the else path"},
      {R"({"nodes": {"route": {"branches": [{"label": "US", "when": true, "next": "nope"}]}}})", "/nodes/route/branches/0/next", "bad_reference", "no node 'nope'"},
      {R"({"nodes": {"route": {"branches": [{"label": "US", "next": "ab"}]}}})", "/nodes/route/branches/0/when", "missing_field", "'when' is required"},
      {R"({"nodes": {"route": {"branches": [{"label": "US", "when": {"days_since": [1, 2]}, "next": "ab"}]}}})", "/nodes/route/branches/0/when", "invalid_condition", "'days_since' takes [TIMESTAMP]"},
      {R"({"nodes": {"route": {"branches": [{"label": "US", "when": {"==": [1, 1], "!": [false]}, "next": "ab"}]}}})", "/nodes/route/branches/0/when", "invalid_condition", "exactly one operation"},
      {R"({"exit": {"goal": {"==": null}}})", "/exit/goal", "invalid_condition", "exactly one operation (this one is empty)"},
      {R"({"nodes": {"ab": {"variants": [{"label": "A", "weight": 0, "next": "wait"}]}}})", "/nodes/ab/variants/0/weight", "out_of_range", "positive"},
      {R"({"nodes": {"ab": {"variants": [{"label": "A", "weight": "50%", "next": "wait"}]}}})", "/nodes/ab/variants/0/weight", "wrong_type", "positive number"},
      {R"({"nodes": {"ab": {"variants": [{"label": "A", "weight": 1e308, "next": "wait"}]}}})", "/nodes/ab/variants/0/weight", "out_of_range", "below 1e12"},
      {R"({"nodes": {"ab": {"variants": []}}})", "/nodes/ab/variants", "empty_value", "non-empty array"},
      {R"({"nodes": {"ab": {"mode": "multivariate"}}})", "/nodes/ab/mode", "unknown_value", "\"ab\" or \"random\""},
      {R"({"nodes": {"ab": {"variants": [{"label": "A", "weight": 1, "next": "wait"}, {"label": "A", "weight": 1, "next": "buy"}]}}})", "/nodes/ab/variants/1/label", "duplicate_name", "duplicate variant label 'A'"},
      {R"({"nodes": {"wait": {"for": "1d"}}})", "/nodes/wait", "conflicting_fields", "exactly one of 'for', 'until', 'for_expr' or 'until_expr'"},
      {R"({"nodes": {"wait": {"until": null}}})", "/nodes/wait", "missing_field", "exactly one of"},
      {R"({"nodes": {"pause": {"for": "-1d"}}})", "/nodes/pause/for", "out_of_range", "must not be negative"},
      {R"({"nodes": {"pause": {"for": "P1M"}}})", "/nodes/pause/for", "not_a_duration", "not a duration"},
      {R"({"nodes": {"wait": {"until": {"time": "9:00"}}}})", "/nodes/wait/until/time", "not_a_time_of_day", "not a local time of day"},
      {R"({"nodes": {"wait": {"until": {"time": "09:00", "days": []}}}})", "/nodes/wait/until/days", "empty_value", "at least one day"},
      {R"({"nodes": {"wait": {"until": {"time": "09:00", "days": "mon"}}}})", "/nodes/wait/until/days", "wrong_type", "array of strings"},
      {R"({"nodes": {"later": {"until_expr": {"date_add": null, "date_ad": [1]}}}})", "/nodes/later/until_expr", "unknown_operation", "unknown operation"},
      {R"({"nodes": {"buy": {"event": null}}})", "/nodes/buy/event", "missing_field", "'event' is required"},
      {R"({"nodes": {"buy": {"on_timeout": null}}})", "/nodes/buy/on_timeout", "missing_field", "'on_timeout' is required"},
      {R"({"nodes": {"buy": {"timeout": null, "on_timeout": "hot"}}})", "/nodes/buy/on_timeout", "conflicting_fields", "needs a 'timeout'"},
      {R"({"nodes": {"buy": {"timeout": "-1h"}}})", "/nodes/buy/timeout", "out_of_range", "must not be negative"},
      {R"({"nodes": {"hot": {"on_timeout": "gone"}}})", "/nodes/hot/on_timeout", "bad_reference", "no node 'gone'"},
      {R"({"nodes": {"hot": {"condition": null}}})", "/nodes/hot/condition", "missing_field", "'condition' is required"},
      {R"({"nodes": {"mark": {"set": {"id": "x"}}}})", "/nodes/mark/set/id", "reserved_name", "cannot be changed"},
      {R"({"nodes": {"mark": {"set": {"total": {"+": [1, {"frob": 2}]}}}}})", "/nodes/mark/set/total/+/1", "unknown_operation", "unknown operation 'frob'"},
      {R"({"nodes": {"mark": {"set": []}}})", "/nodes/mark/set", "wrong_type", "must be an object"},
      {R"({"nodes": {"mark": {"increment": {"score": "5"}}}})", "/nodes/mark/increment/score", "wrong_type", "must be a number"},
      {R"({"nodes": {"mark": {"add_to_lists": [1]}}})", "/nodes/mark/add_to_lists/0", "wrong_type", "must be a string"},
      {R"({"nodes": {"done": {"reason": ""}}})", "/nodes/done/reason", "empty_value", "must not be empty"},
      {R"({"nodes": {"done": {"next": "send"}}})", "/nodes/done/next", "unknown_field", "unknown field 'next'"},
      {R"({"nodes": {"done": {"name": 3}}})", "/nodes/done/name", "wrong_type", "must be a string"},
      {R"({"nodes": {"done": []}})", "/nodes/done", "wrong_type", "must be an object"},
      // Templates.
      {R"({"templates": {"nudge": {"channel": "pager"}}})", "/templates/nudge/channel", "unknown_channel", "unknown channel \"pager\""},
      {R"({"templates": {"nudge": {"channel": null}}})", "/templates/nudge/channel", "missing_field", "'channel' is required"},
      {R"({"templates": {"nudge": {"subject": "Hi"}}})", "/templates/nudge/subject", "unknown_field", "unknown field 'subject' for a sms template"},
      {R"({"templates": {"nudge": {"body": 5}}})", "/templates/nudge/body", "wrong_type", "Liquid source string"},
      {R"({"templates": {"nudge": {"body": "{%- include 'missing', x: 1 -%}"}}})", "/templates/nudge/body", "bad_reference", "renders snippet 'missing'"},
      {R"({"templates": {"nudge": {"body": "{% liquid\n  assign x = 1\n  render 'gone'\n%}"}}})", "/templates/nudge/body", "bad_reference", "renders snippet 'gone'"},
      {R"({"templates": {"welcome": {"variants": [{"subject": "a"}, {"subject": "b"}]}}})", "/templates/welcome/variants/0", "missing_field", "only the last variant may omit 'when'"},
      {R"({"templates": {"welcome": {"variants": [{"when": {"nope": 1}, "subject": "a"}]}}})", "/templates/welcome/variants/0/when", "unknown_operation", "unknown operation"},
      {R"({"templates": {"welcome": {"variants": [{"channel": "sms", "subject": "a"}]}}})", "/templates/welcome/variants/0/channel", "unknown_field", "unknown field 'channel'"},
      {R"({"templates": {"welcome": {"variants": []}}})", "/templates/welcome/variants", "empty_value", "non-empty array"},
      {R"({"templates": {"ad": {"channel": "ad_audience", "audience": "x", "operation": "replace"}}})", "/templates/ad/operation", "unknown_value", "\"add\" or \"remove\""},
      {R"({"templates": {"hook": {"channel": "webhook", "url": "u", "headers": {"X-Id": 5}}}})", "/templates/hook/headers/X-Id", "wrong_type", "Liquid source string"},
  };
  for (const Case& c : cases) {
    Json doc = ValidWorkflow();
    doc.merge_patch(Json::parse(c.patch));
    WorkflowParseResult parsed = ParseWorkflow(doc);
    EXPECT_FALSE(parsed.ok()) << c.patch;
    EXPECT_TRUE(Has(parsed.problems, c.pointer, c.code, c.words))
        << c.patch << "\n  wanted " << c.pointer << ": ..." << c.words << "... (" << c.code << ")\n  got "
        << ::testing::PrintToString(Pointers(parsed.problems));
  }
}

TEST(WorkflowParser, AcceptedVariations) {
  const char* patches[] = {
      R"({"entry": {"reenroll": "never"}})",
      R"({"entry": {"reenroll": "after_exit"}})",
      R"({"entry": {"reenroll": "P1D"}})",
      R"({"nodes": {"pause": {"for": "PT36H"}}})",
      R"({"nodes": {"pause": {"for": "0s"}}})",
      R"({"settings": {"quiet_hours": {"mode": null}}})",
      R"({"timezone": null, "type": null, "name": null, "exit": null, "settings": null, "snippets": null, "templates": {"welcome": {"html": "x"}, "nudge": {"body": "y"}}})",
      R"({"entry": {"triggers": [{"type": "schedule", "at": "2026-11-27T09:00:00+01:00", "x-note": "ok"}]}})",
      R"({"entry": {"triggers": [{"type": "schedule", "at": "2026-11-27T09:00Z", "local": true}]}})",
      R"({"entry": {"triggers": [{"type": "schedule", "at": "2026-11-27T09:00:00.500-05:00", "local": true}]}})",
      R"({"nodes": {"done": {"description": "the end", "x-color": "red"}}})",
      R"({"templates": {"hook": {"channel": "webhook", "url": "https://x.example", "body": {"id": "{{ contact.id }}"}, "headers": {"X-Id": "1"}}}})",
      R"({"templates": {"ad": {"channel": "ad_audience", "audience": "vip", "operation": "{{ op }}"}}})",
      R"({"templates": {"nudge": {"body": "{% render name %}"}}})",  // a variable name cannot be checked
  };
  for (const char* patch : patches) {
    Json doc = ValidWorkflow();
    doc.merge_patch(Json::parse(patch));
    WorkflowParseResult parsed = ParseWorkflow(doc);
    EXPECT_TRUE(parsed.ok()) << patch << " gave " << ::testing::PrintToString(Pointers(parsed.problems));
  }
}

TEST(WorkflowParser, UnreachableNodesAreWarnings) {
  Json doc = ValidWorkflow();
  doc["nodes"]["orphan"] = {{"type", "exit"}};
  doc["nodes"]["a/b"] = {{"type", "exit"}};
  WorkflowParseResult parsed = ParseWorkflow(doc);
  EXPECT_TRUE(parsed.ok());
  ASSERT_EQ(parsed.warnings.size(), 2u);
  EXPECT_EQ(parsed.warnings[0].pointer, "/nodes/a~1b");
  EXPECT_EQ(parsed.warnings[1].pointer, "/nodes/orphan");
  EXPECT_NE(parsed.warnings[1].message.find("no path from 'start' reaches node 'orphan'"), std::string::npos);
  EXPECT_EQ(parsed.warnings[0].code, "unreachable_node");
  EXPECT_EQ(parsed.warnings[1].code, "unreachable_node");
}

TEST(WorkflowParser, NotAnObject) {
  for (const char* text : {"[]", "null", "\"workflow\"", "3"}) {
    WorkflowParseResult parsed = ParseWorkflow(Json::parse(text));
    ASSERT_EQ(parsed.problems.size(), 1u) << text;
    EXPECT_EQ(parsed.problems[0].pointer, "");
    EXPECT_EQ(parsed.problems[0].ToString(), "/: a workflow must be a JSON object");
    EXPECT_EQ(parsed.problems[0].code, "wrong_type");
  }
}

// Each absurd input is a located problem. How long they take is bounded by
// the limits the messages name (id and field sizes, nesting, trigger count),
// not timed here: timings in unit tests flake under sanitizers and load.
TEST(WorkflowParser, AbsurdInputsAreProblemsNotCrashes) {
  Json huge_id = ValidWorkflow();
  huge_id["nodes"][std::string(1 << 20, 'n')] = {{"type", "exit"}};
  WorkflowParseResult parsed = ParseWorkflow(huge_id);
  EXPECT_TRUE(Has(parsed.problems, "/nodes", "too_large", "a node id of 1048576 bytes is longer than the limit of 200"));

  Json long_id = ValidWorkflow();
  long_id["nodes"][std::string(201, 'n')] = {{"type", "exit"}};
  EXPECT_TRUE(Has(ParseWorkflow(long_id).problems, "/nodes", "too_large", "longer than the limit"));
  Json max_id = ValidWorkflow();
  max_id["nodes"][std::string(200, 'n')] = {{"type", "exit"}};
  EXPECT_TRUE(ParseWorkflow(max_id).ok());

  Json huge_template = ValidWorkflow();
  huge_template["templates"][std::string(1 << 20, 't')] = {{"channel", "sms"}, {"body", "x"}};
  EXPECT_TRUE(Has(ParseWorkflow(huge_template).problems, "/templates", "too_large", "longer than the limit"));

  // The simulator takes at most 64 entry triggers: validate says so, rather
  // than passing a workflow every run of which is then refused.
  Json many_triggers = ValidWorkflow();
  Json trigger = {{"type", "event"}, {"event", "signup"}};
  many_triggers["entry"]["triggers"] = Json::array();
  for (int i = 0; i < 64; ++i) many_triggers["entry"]["triggers"].push_back(trigger);
  EXPECT_TRUE(ParseWorkflow(many_triggers).ok());
  many_triggers["entry"]["triggers"].push_back(trigger);
  EXPECT_TRUE(Has(ParseWorkflow(many_triggers).problems, "/entry/triggers", "too_large", "at most 64 triggers are supported, not 65"));

  Json huge_field = ValidWorkflow();
  huge_field["nodes"]["done"][std::string(1 << 20, 'f')] = 1;
  parsed = ParseWorkflow(huge_field);
  EXPECT_TRUE(Has(parsed.problems, "/nodes/done", "unknown_field", "unknown field of 1048576 bytes"));

  // A condition nested deeper than the rule limit (but within the JSON limit).
  Json deep = true;
  for (int i = 0; i < 400; ++i) deep = Json{{"!", Json::array({deep})}};
  Json deep_doc = ValidWorkflow();
  deep_doc["exit"]["goal"] = deep;
  parsed = ParseWorkflow(deep_doc);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.problems[0].message.find("nests deeper"), std::string::npos) << parsed.problems[0].ToString();
  EXPECT_EQ(parsed.problems[0].code, "too_deep");

  // A chain of 20,000 nodes, and a value that is not valid UTF-8.
  Json chain = ValidWorkflow();
  for (int i = 0; i < 20000; ++i) {
    chain["nodes"]["n" + std::to_string(i)] = {{"type", "wait"}, {"for", "1m"}, {"next", i + 1 < 20000 ? "n" + std::to_string(i + 1) : "done"}};
  }
  chain["start"] = "n0";
  chain["format"] = "\xFF\xFE";
  parsed = ParseWorkflow(chain);
  EXPECT_TRUE(Has(parsed.problems, "/format", "wrong_format", "expected \"flowproof.workflow/1\""));
  chain["format"] = "flowproof.workflow/1";
  parsed = ParseWorkflow(chain);
  EXPECT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.workflow->nodes.size(), 20011u);
}

TEST(WorkflowParser, LooksLikeWorkflow) {
  EXPECT_TRUE(LooksLikeWorkflow(ValidWorkflow()));
  EXPECT_FALSE(LooksLikeWorkflow(Json{{"format", "flowproof.fixture/1"}}));
  EXPECT_FALSE(LooksLikeWorkflow(Json::array()));
}

// ---- fixtures -----------------------------------------------------------------

Json ValidFixture() {
  return Json{{"$schema", "https://flowproof.dev/schema/fixture.schema.json"},
              {"format", "flowproof.fixture/1"},
              {"name", "Welcome"},
              {"workflow", ValidWorkflow()},
              {"clock", {{"start", "2026-11-02T00:00:00Z"}, {"until", "+10d"}}},
              {"seed", 7},
              {"contacts", {{{"id", "alice"}, {"timezone", "Europe/Paris"}, {"email", "a@x.example"}, {"lists", {"nl"}},
                             {"consent", {{"sms", false}}}, {"lead_score", 10}},
                            {{"id", "bob"}}}},
              {"script", {{{"at", "+1h"}, {"contact", "alice"}, {"event", "form_submitted"}, {"source", "web"}, {"properties", {{"form_id", "nl"}}}},
                          {{"at", "+2d"}, {"contact", "alice"}, {"set", {{"score", 60}}}, {"add_to_lists", {"hot"}}},
                          {{"at", "+1h"}, {"contact", "bob"}, {"remove_from_lists", {"nl"}}},
                          {{"at", "2026-11-02T00:30:00Z"}, {"contact", "alice"}, {"exit", true}}}},
              {"reactions", {{{"contact", "*"}, {"on_send", "welcome"}, {"event", "email_opened"}, {"after", "2h"}, {"probability", 0.4}},
                             {{"on_send", "nudge"}, {"event", "sms_clicked"}, {"source", "sms"}, {"properties", {{"x", 1}}}}}},
              {"expect", {{{"contact", "alice"}, {"reaches", "send"}, {"at", "+1h"}},
                          {{"contact", "alice"}, {"receives", "welcome"}, {"subject_contains", "Hi"}, {"body_contains", "Unsubscribe"}, {"within", "1d"}},
                          {{"contact", "alice"}, {"receives", "welcome"}, {"within", "+2d"}, {"by", "+1d"}},
                          {{"contact", "bob"}, {"never_reaches", "sms"}, {"by", "2026-11-05T00:00:00Z"}},
                          {{"contact", "bob"}, {"never_receives", "nudge"}},
                          {{"contact", "alice"}, {"exits", "manual"}, {"by", "+3d"}},
                          {{"contact", "alice"}, {"attribute", "score"}, {"equals", 60}}}}};
}

TEST(FixtureParser, FullFixtureParsesWithEveryFieldFilled) {
  FixtureParseResult parsed = ParseFixture(ValidFixture(), "", nullptr);
  ASSERT_TRUE(parsed.ok()) << ::testing::PrintToString(Pointers(parsed.problems));
  const Fixture& f = *parsed.fixture;
  EXPECT_EQ(f.name, "Welcome");
  ASSERT_NE(f.workflow, nullptr);
  EXPECT_EQ(f.workflow->id, "welcome");
  EXPECT_EQ(f.start, *ParseTimestamp("2026-11-02T00:00:00Z"));
  EXPECT_EQ(f.until - f.start, 10 * kDay);
  EXPECT_EQ(f.seed, 7u);

  ASSERT_EQ(f.contacts.size(), 2u);
  EXPECT_EQ(f.contacts[0].id, "alice");
  EXPECT_EQ(f.contacts[0].timezone, "Europe/Paris");
  EXPECT_EQ(f.contacts[0].lists, (std::vector<std::string>{"nl"}));
  EXPECT_EQ(f.contacts[0].consent, (Json{{"sms", false}}));
  EXPECT_EQ(f.contacts[0].attributes.ToJson(), (Json{{"email", "a@x.example"}, {"lead_score", 10}}));
  EXPECT_EQ(f.contacts[1].timezone, "");
  EXPECT_EQ(f.contacts[1].attributes.ToJson(), Json::object());

  ASSERT_EQ(f.script.size(), 4u);  // stable-sorted by time: exit (+30m), event (+1h), bob (+1h), set (+2d)
  EXPECT_EQ(f.script[0].kind, ScriptKind::kExit);
  EXPECT_EQ(f.script[0].at, f.start + 30 * kMinute);
  EXPECT_EQ(f.script[0].pointer, "/script/3");
  EXPECT_EQ(f.script[1].kind, ScriptKind::kEvent);
  EXPECT_EQ(f.script[1].event, "form_submitted");
  EXPECT_EQ(f.script[1].source, "web");
  EXPECT_EQ(f.script[1].properties, (Json{{"form_id", "nl"}}));
  EXPECT_EQ(f.script[2].contact, "bob");
  EXPECT_EQ(f.script[2].kind, ScriptKind::kSet);
  EXPECT_EQ(f.script[2].remove_from_lists, (std::vector<std::string>{"nl"}));
  EXPECT_EQ(f.script[3].set, (Json{{"score", 60}}));
  EXPECT_EQ(f.script[3].add_to_lists, (std::vector<std::string>{"hot"}));

  ASSERT_EQ(f.reactions.size(), 2u);
  EXPECT_EQ(f.reactions[0].contact, "*");
  EXPECT_EQ(f.reactions[0].on_send, "welcome");
  EXPECT_EQ(f.reactions[0].event, "email_opened");
  EXPECT_EQ(f.reactions[0].after, 2 * kHour);
  EXPECT_DOUBLE_EQ(f.reactions[0].probability, 0.4);
  EXPECT_EQ(f.reactions[1].contact, "*");
  EXPECT_EQ(f.reactions[1].after, 0);
  EXPECT_DOUBLE_EQ(f.reactions[1].probability, 1.0);
  EXPECT_EQ(f.reactions[1].source, "sms");
  EXPECT_EQ(f.reactions[1].properties, (Json{{"x", 1}}));

  ASSERT_EQ(f.expectations.size(), 7u);
  EXPECT_EQ(f.expectations[0].kind, ExpectKind::kReaches);
  EXPECT_EQ(f.expectations[0].target, "send");
  EXPECT_EQ(f.expectations[0].at, f.start + kHour);
  EXPECT_EQ(f.expectations[0].pointer, "/expect/0");
  EXPECT_EQ(f.expectations[1].kind, ExpectKind::kReceives);
  EXPECT_EQ(f.expectations[1].by, f.start + kDay);  // a bare "1d" means "+1d"
  EXPECT_EQ(f.expectations[1].subject_contains, "Hi");
  EXPECT_EQ(f.expectations[1].body_contains, "Unsubscribe");
  EXPECT_EQ(f.expectations[2].by, f.start + kDay);  // the earlier of `by` and `within`
  EXPECT_EQ(f.expectations[3].kind, ExpectKind::kNeverReaches);
  EXPECT_EQ(f.expectations[3].by, f.start + 3 * kDay);
  EXPECT_EQ(f.expectations[4].kind, ExpectKind::kNeverReceives);
  EXPECT_EQ(f.expectations[5].kind, ExpectKind::kExits);
  EXPECT_EQ(f.expectations[5].target, "manual");
  EXPECT_EQ(f.expectations[6].kind, ExpectKind::kAttribute);
  EXPECT_EQ(f.expectations[6].target, "score");
  EXPECT_EQ(f.expectations[6].equals, 60);
}

TEST(FixtureParser, Defaults) {
  Json doc = {{"format", "flowproof.fixture/1"}, {"workflow", ValidWorkflow()}, {"clock", {{"start", "2026-11-02T09:00:00+01:00"}}}};
  FixtureParseResult parsed = ParseFixture(doc, "", nullptr);
  ASSERT_TRUE(parsed.ok()) << ::testing::PrintToString(Pointers(parsed.problems));
  EXPECT_EQ(parsed.fixture->until - parsed.fixture->start, 90 * kDay);
  EXPECT_EQ(parsed.fixture->seed, 0u);
  EXPECT_TRUE(parsed.fixture->contacts.empty());
  EXPECT_TRUE(parsed.fixture->script.empty());
}

TEST(FixtureParser, EachRuleHasItsPointerAndMessage) {
  struct Case {
    const char* patch;
    const char* pointer;
    const char* code;
    const char* words;
  };
  const Case cases[] = {
      {R"({"format": "flowproof.fixture/2"})", "/format", "wrong_format", "expected \"flowproof.fixture/1\""},
      {R"({"workflow": null})", "/workflow", "missing_field", "'workflow' is required"},
      {R"({"workflow": 5})", "/workflow", "wrong_type", "a workflow object or a path"},
      {R"({"workflow": "flow.json"})", "/workflow", "unreadable_file", "cannot read workflow 'flow.json': files cannot be read here"},
      {R"({"workflow": {"start": "ghost"}})", "/workflow/start", "bad_reference", "no node 'ghost'"},
      {R"({"clock": null})", "/clock", "missing_field", "'clock' is required"},
      {R"({"clock": {"start": "2026-11-02T00:00:00"}})", "/clock/start", "not_a_timestamp", "not a timestamp"},
      {R"({"clock": {"until": "-1d"}})", "/clock/until", "not_a_timestamp", "not a time"},
      {R"({"clock": {"until": "2026-11-01T00:00:00Z"}})", "/clock/until", "out_of_range", "before 'start'"},
      {R"({"clock": {"untl": "+1d"}})", "/clock/untl", "unknown_field", "did you mean 'until'?"},
      {R"({"seed": -1})", "/seed", "out_of_range", "whole number"},
      {R"({"seed": 1.5})", "/seed", "out_of_range", "whole number"},
      {R"({"contacts": {}})", "/contacts", "wrong_type", "must be an array"},
      {R"({"contacts": [{"id": "a"}, {"id": "a"}]})", "/contacts/1/id", "duplicate_name", "duplicate contact id 'a'"},
      {R"({"contacts": [{"name": "a"}]})", "/contacts/0/id", "missing_field", "'id' is required"},
      {R"({"contacts": [{"id": 5}]})", "/contacts/0/id", "wrong_type", "non-empty string"},
      {R"({"contacts": [{"id": "*"}]})", "/contacts/0/id", "reserved_name", "every contact"},
      {R"({"contacts": [{"id": "a", "timezone": "Paris"}]})", "/contacts/0/timezone", "unknown_time_zone", "unknown time zone 'Paris'"},
      {R"({"contacts": [{"id": "a", "lists": "nl"}]})", "/contacts/0/lists", "wrong_type", "array of strings"},
      {R"({"contacts": [{"id": "a", "consent": {"sms": "no"}}]})", "/contacts/0/consent/sms", "wrong_type", "true or false"},
      {R"({"contacts": [{"id": "a", "consent": {"text": false}}]})", "/contacts/0/consent/text", "unknown_channel", "unknown channel 'text'"},
      {R"({"script": {}})", "/script", "wrong_type", "must be an array"},
      {R"({"script": [{"at": "+1h", "contact": "carol", "event": "x"}]})", "/script/0/contact", "bad_reference", "no contact 'carol'"},
      {R"({"script": [{"at": "+11d", "contact": "alice", "event": "x"}]})", "/script/0/at", "out_of_range", "outside the clock"},
      {R"({"script": [{"at": "2026-11-01T23:59:59Z", "contact": "alice", "event": "x"}]})", "/script/0/at", "out_of_range", "outside the clock"},
      {R"({"script": [{"at": "in an hour", "contact": "alice", "event": "x"}]})", "/script/0/at", "not_a_timestamp", "not a time"},
      {R"({"script": [{"contact": "alice", "event": "x"}]})", "/script/0/at", "missing_field", "'at' is required"},
      {R"({"script": [{"at": "+1h", "contact": "alice"}]})", "/script/0", "missing_field", "exactly one of"},
      {R"({"script": [{"at": "+1h", "contact": "alice", "event": "x", "set": {}}]})", "/script/0", "conflicting_fields", "exactly one of"},
      {R"({"script": [{"at": "+1h", "contact": "alice", "exit": false}]})", "/script/0/exit", "unknown_value", "must be true"},
      {R"({"script": [{"at": "+1h", "contact": "alice", "set": {"id": "b"}}]})", "/script/0/set/id", "reserved_name", "cannot be changed"},
      {R"({"script": [{"at": "+1h", "contact": "alice", "set": {"a": 1}, "source": "crm"}]})", "/script/0/source", "conflicting_fields", "goes with 'event'"},
      {R"({"script": [{"at": "+1h", "contact": "alice", "event": "x", "properties": []}]})", "/script/0/properties", "wrong_type", "must be an object"},
      {R"({"script": [{"at": "+1h", "contact": "alice", "evnt": "x"}]})", "/script/0/evnt", "unknown_field", "did you mean 'event'?"},
      {R"({"reactions": [{"on_send": "missing", "event": "x"}]})", "/reactions/0/on_send", "bad_reference", "no template 'missing'"},
      {R"({"reactions": [{"on_send": "welcome"}]})", "/reactions/0/event", "missing_field", "'event' is required"},
      {R"({"reactions": [{"on_send": "welcome", "event": "x", "probability": 1.5}]})", "/reactions/0/probability", "out_of_range", "from 0 to 1"},
      {R"({"reactions": [{"on_send": "welcome", "event": "x", "after": "-1h"}]})", "/reactions/0/after", "out_of_range", "must not be negative"},
      {R"({"reactions": [{"on_send": "welcome", "event": "x", "contact": "zed"}]})", "/reactions/0/contact", "bad_reference", "no contact 'zed'"},
      {R"({"expect": [{"contact": "alice"}]})", "/expect/0", "missing_field", "exactly one of"},
      {R"({"expect": [{"contact": "alice", "reaches": "send", "exits": "goal"}]})", "/expect/0", "conflicting_fields", "exactly one of"},
      {R"({"expect": [{"contact": "alice", "reaches": "nowhere"}]})", "/expect/0/reaches", "bad_reference", "no node 'nowhere'"},
      {R"({"expect": [{"contact": "alice", "never_reaches": "nowhere"}]})", "/expect/0/never_reaches", "bad_reference", "no node 'nowhere'"},
      {R"({"expect": [{"contact": "alice", "receives": "nothing"}]})", "/expect/0/receives", "bad_reference", "no template 'nothing'"},
      {R"({"expect": [{"contact": "alice", "attribute": "score"}]})", "/expect/0/equals", "missing_field", "'equals' is required"},
      {R"({"expect": [{"contact": "zed", "exits": "goal"}]})", "/expect/0/contact", "bad_reference", "no contact 'zed'"},
      {R"({"expect": [{"contact": "alice", "exits": "goal", "by": "soon"}]})", "/expect/0/by", "not_a_timestamp", "not a time"},
      {R"({"expect": [{"contact": "alice", "receives": "welcome", "within": "a day"}]})", "/expect/0/within", "not_a_timestamp", "not a time"},
      {R"({"expect": [{"contact": "alice", "reaches": "send", "subject_contains": "Hi"}]})", "/expect/0", "conflicting_fields", "go with 'receives'"},
      {R"({"expect": [{"contact": "alice", "reaches": "send", "eventually": true}]})", "/expect/0/eventually", "unknown_field", "unknown field"},
      // Fields that would otherwise be silently ignored.
      {R"({"expect": [{"contact": "alice", "reaches": "send", "at": "+1h", "by": "+2h"}]})", "/expect/0", "conflicting_fields", "not both"},
      {R"({"expect": [{"contact": "alice", "receives": "welcome", "at": "+1h", "within": "1d"}]})", "/expect/0", "conflicting_fields", "not both"},
      {R"({"expect": [{"contact": "alice", "attribute": "score", "equals": 60, "by": "+1d"}]})", "/expect/0/by", "conflicting_fields", "at the end of the run"},
      {R"({"expect": [{"contact": "alice", "attribute": "score", "equals": 60, "at": "+1d"}]})", "/expect/0/at", "conflicting_fields", "at the end of the run"},
      {R"({"expect": [{"contact": "alice", "reaches": "send", "equals": 1}]})", "/expect/0/equals", "conflicting_fields", "goes with 'attribute'"},
  };
  for (const Case& c : cases) {
    Json doc = ValidFixture();
    doc.merge_patch(Json::parse(c.patch));
    FixtureParseResult parsed = ParseFixture(doc, "", nullptr);
    EXPECT_FALSE(parsed.ok()) << c.patch;
    EXPECT_TRUE(Has(parsed.problems, c.pointer, c.code, c.words))
        << c.patch << "\n  wanted " << c.pointer << ": ..." << c.words << "... (" << c.code << ")\n  got "
        << ::testing::PrintToString(Pointers(parsed.problems));
  }
}

TEST(FixtureParser, ReportsEveryProblemAtOnceEvenWithABrokenClock) {
  Json doc = ValidFixture();
  doc["clock"]["start"] = "yesterday";
  doc["script"][0]["contact"] = "bob2";
  doc["expect"][0]["reaches"] = "nowhere";
  doc["contacts"][0]["timezone"] = "Nowhere/City";
  doc["workflow"]["nodes"]["send"]["next"] = "gone";
  FixtureParseResult parsed = ParseFixture(doc, "", nullptr);
  EXPECT_EQ(parsed.fixture, nullptr);
  EXPECT_TRUE(Has(parsed.problems, "/clock/start", "not_a_timestamp", "not a timestamp"));
  EXPECT_TRUE(Has(parsed.problems, "/script/0/contact", "bad_reference", "no contact 'bob2'"));
  EXPECT_TRUE(Has(parsed.problems, "/contacts/0/timezone", "unknown_time_zone", "unknown time zone"));
  EXPECT_TRUE(Has(parsed.problems, "/workflow/nodes/send/next", "bad_reference", "no node 'gone'"));
  // Without a parsed workflow, node and template names cannot be checked.
  EXPECT_EQ(parsed.problems.size(), 4u) << ::testing::PrintToString(Pointers(parsed.problems));
}

TEST(FixtureParser, WorkflowFilesLoadRelativeToTheFixture) {
  Json fixture = {{"format", "flowproof.fixture/1"},
                  {"workflow", "flow.json"},
                  {"clock", {{"start", "2026-11-02T00:00:00Z"}}},
                  {"contacts", Json::array()}};
  Json broken = ValidWorkflow();
  broken["start"] = "ghost";
  broken["nodes"]["orphan"] = {{"type", "exit"}};
  std::string requested;
  std::string text = broken.dump();
  FileLoader loader = [&](const std::string& path, std::string*) -> std::optional<std::string> {
    requested = path;
    return text;
  };
  FixtureParseResult parsed = ParseFixture(fixture, "dir", loader);
  EXPECT_EQ(requested, "dir/flow.json");
  EXPECT_TRUE(Has(parsed.problems, "/workflow/start", "bad_reference", "no node 'ghost'"));

  text = ValidWorkflow().dump();
  parsed = ParseFixture(fixture, "", loader);
  EXPECT_EQ(requested, "flow.json");
  EXPECT_TRUE(parsed.ok());

  text = "{\n  \"format\": tru\n}";
  parsed = ParseFixture(fixture, "dir", loader);
  EXPECT_TRUE(Has(parsed.problems, "/workflow", "invalid_json", "workflow 'flow.json' is not valid JSON: line 2, column 13"));

  fixture["workflow"] = "/abs/flow.json";
  parsed = ParseFixture(fixture, "dir", loader);
  EXPECT_EQ(requested, "/abs/flow.json");

  FileLoader failing = [](const std::string&, std::string* error) -> std::optional<std::string> {
    *error = "cannot open the file: No such file or directory";
    return std::nullopt;
  };
  parsed = ParseFixture(fixture, "dir", failing);
  EXPECT_TRUE(Has(parsed.problems, "/workflow", "unreadable_file", "cannot read workflow '/abs/flow.json': cannot open the file"));
}

TEST(FixtureParser, WorkflowWarningsComeUnderWorkflow) {
  Json doc = ValidFixture();
  doc["workflow"]["nodes"]["orphan"] = {{"type", "exit"}};
  FixtureParseResult parsed = ParseFixture(doc, "", nullptr);
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed.warnings.size(), 1u);
  EXPECT_EQ(parsed.warnings[0].pointer, "/workflow/nodes/orphan");
  EXPECT_EQ(parsed.warnings[0].code, "unreachable_node");
}

TEST(FixtureParser, AWorkflowIsNotAFixture) {
  FixtureParseResult parsed = ParseFixture(ValidWorkflow(), "", nullptr);
  ASSERT_EQ(parsed.problems.size(), 1u);
  EXPECT_TRUE(Has(parsed.problems, "/format", "wrong_format", "this is a workflow, not a fixture"));
  parsed = ParseFixture(Json::array(), "", nullptr);
  EXPECT_TRUE(Has(parsed.problems, "", "wrong_type", "a fixture must be a JSON object"));
}

TEST(FixtureParser, AbsurdContactIdsAreProblems) {
  Json doc = ValidFixture();
  doc["contacts"].push_back({{"id", std::string(1 << 20, 'c')}});
  FixtureParseResult parsed = ParseFixture(doc, "", nullptr);
  EXPECT_TRUE(Has(parsed.problems, "/contacts/2/id", "too_large", "longer than 200 bytes"));
}

}  // namespace
}  // namespace flowproof
