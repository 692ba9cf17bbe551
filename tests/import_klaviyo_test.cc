// Klaviyo flow exports converted to workflows (core/import/klaviyo*.cc):
// every action type and condition type, Django-to-Liquid translation, the
// losses with their input pointers, bad input (located problems, never a
// crash, never an invalid workflow), and the gallery's committed
// conversions (fixtures/import-klaviyo/*.workflow.json) still match.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/import/import.h"
#include "core/import/klaviyo_template.h"
#include "core/json/json_input.h"
#include "core/validate/validate_document.h"

namespace flowproof {
namespace {

const char kBase[] = "/data/attributes/definition";

// A flow export around `actions` (the first is the entry action), triggered
// by metric M1 unless `definition_extra` says otherwise.
Json Flow(Json actions, Json definition_extra = Json::object()) {
  Json definition = {{"triggers", Json::array({Json{{"type", "metric"}, {"id", "M1"}}})},
                     {"entry_action_id", actions[0]["id"]},
                     {"actions", actions}};
  for (auto& [k, v] : definition_extra.items()) definition[k] = v;
  return Json{{"data", {{"type", "flow"}, {"id", "F1"}, {"attributes", {{"name", "Test"}, {"definition", definition}}}}}};
}

ImportResult Convert(const Json& doc, const NamesMap& names = {}) {
  ImportResult r = ImportWorkflowJson(doc, Platform::kKlaviyo, names);
  if (r.ok()) {
    DocumentOptions options;
    options.kind = DocumentKind::kWorkflow;
    DocumentCheck check = ValidateDocument(r.workflow, options);
    EXPECT_TRUE(check.ok()) << (check.problems.empty() ? "" : check.problems[0].ToString());
  }
  return r;
}

bool HasLossAt(const ImportResult& r, const std::string& pointer, const std::string& words = "") {
  for (const ImportLoss& l : r.losses) {
    if (l.pointer == pointer && l.message.find(words) != std::string::npos) return true;
  }
  return false;
}

std::string AllLosses(const ImportResult& r) {
  std::string out;
  for (const ImportLoss& l : r.losses) out += l.ToString() + "\n";
  for (const Problem& p : r.problems) out += "problem " + p.ToString() + "\n";
  return out;
}

Json Send(const std::string& id, const std::string& next) {
  return Json{{"id", id},
              {"type", "send-email"},
              {"links", {{"next", next.empty() ? Json() : Json(next)}}},
              {"data", {{"status", "live"}, {"message", {{"name", "Mail " + id}, {"subject_line", "Hi"}, {"template_id", "T" + id}}}}}};
}

// --- Action types -------------------------------------------------------

struct ActionCase {
  const char* name;
  Json action;          // converted as the only action (id "1"), links.next null
  Json expected_node;   // fields the node "n" must have (a subset)
};

TEST(ImportKlaviyo, EachActionTypeBecomesItsNode) {
  const ActionCase cases[] = {
      {"delay days", {{"type", "time-delay"}, {"data", {{"unit", "days"}, {"value", 3}}}}, {{"type", "wait"}, {"for", "3d"}}},
      {"delay minutes", {{"type", "time-delay"}, {"data", {{"unit", "minutes"}, {"value", 90}}}}, {{"type", "wait"}, {"for", "90m"}}},
      {"delay hours", {{"type", "time-delay"}, {"data", {{"unit", "hours"}, {"value", 4}}}}, {{"type", "wait"}, {"for", "4h"}}},
      {"delay until only", {{"type", "time-delay"}, {"data", {{"unit", "days"}, {"value", 0}, {"delay_until_time", "09:30:00"}}}},
       {{"type", "wait"}, {"until", {{"time", "09:30"}}}}},
      {"target date", {{"type", "target-date"}, {"data", {{"target_time", "08:00"}, {"target_days", {"monday", "friday"}}}}},
       {{"type", "wait"}, {"until", {{"time", "08:00"}, {"days", {"mon", "fri"}}}}}},
      {"update profile",
       {{"type", "update-profile"},
        {"data", {{"profile_operations", {{{"operator", "update"}, {"property_type", "numeric"}, {"property_key", "score"}, {"property_value", 5}},
                                          {{"operator", "delete"}, {"property_key", "properties['Old Prop']"}}}}}}},
       {{"type", "update"}, {"set", {{"score", 5}, {"Old Prop", nullptr}}}}},
      {"list update add", {{"type", "list-update"}, {"data", {{"name", "x"}, {"list_id", "L1"}, {"on_execution", true}}}},
       {{"type", "update"}, {"add_to_lists", {"vips"}}}},
      {"list update remove", {{"type", "list-update"}, {"data", {{"name", "x"}, {"list_id", "L1"}, {"on_execution", false}}}},
       {{"type", "update"}, {"remove_from_lists", {"vips"}}}},
      {"send email", {{"type", "send-email"}, {"data", Send("1", "")["data"]}},
       {{"type", "send"}, {"channel", "email"}, {"template", "welcome"}}},
      {"send sms", {{"type", "send-sms"}, {"data", {{"status", "live"}, {"message", {{"body", "Hi {{ first_name }}"}}}}}},
       {{"type", "send"}, {"channel", "sms"}}},
      {"send push", {{"type", "send-mobile-push"}, {"data", {{"status", "live"}, {"message", {{"title", "T"}, {"body", "B"}}}}}},
       {{"type", "send"}, {"channel", "push"}}},
      {"send webhook", {{"type", "send-webhook"}, {"data", {{"status", "live"}, {"message", {{"url", "https://x.example/h"}}}}}},
       {{"type", "send"}, {"channel", "webhook"}}},
      {"draft email is not sent", {{"type", "send-email"}, {"data", {{"status", "draft"}, {"message", {{"subject_line", "x"}}}}}},
       {{"type", "update"}}},
      {"internal alert", {{"type", "send-internal-alert"}, {"data", Json::object()}}, {{"type", "update"}}},
      {"unknown type", {{"type", "frobnicate"}}, {{"type", "update"}}},
  };
  NamesMap names = {{"L1", "vips"}, {"T1", "welcome"}};
  for (const ActionCase& c : cases) {
    SCOPED_TRACE(c.name);
    Json action = c.action;
    action["id"] = "1";
    action["links"] = {{"next", nullptr}};
    if (action["data"].is_object() && action["data"].contains("message")) action["data"]["message"]["name"] = "n";
    ImportResult r = Convert(Flow(Json::array({action})), names);
    ASSERT_TRUE(r.ok()) << AllLosses(r);
    const Json& nodes = r.workflow["nodes"];
    std::string start = r.workflow["start"];
    const Json& node = nodes[start];
    for (auto& [k, v] : c.expected_node.items()) EXPECT_EQ(node[k], v) << k << " in " << node.dump();
  }
}

TEST(ImportKlaviyo, DelayThenTimeOfDayIsTwoWaits) {
  Json action = {{"id", "1"}, {"type", "time-delay"}, {"links", {{"next", nullptr}}},
                 {"data", {{"unit", "days"}, {"value", 2}, {"delay_until_time", "10:00"}, {"delay_until_weekdays", {"tuesday"}}}}};
  ImportResult r = Convert(Flow(Json::array({action})));
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  const Json& first = r.workflow["nodes"][r.workflow["start"].get<std::string>()];
  EXPECT_EQ(first["for"], "2d");
  const Json& second = r.workflow["nodes"][first["next"].get<std::string>()];
  EXPECT_EQ(second["until"], (Json{{"time", "10:00"}, {"days", {"tue"}}}));
}

TEST(ImportKlaviyo, SplitsBranchesAndAbTests) {
  Json cond = {{"id", "1"}, {"type", "conditional-split"}, {"links", {{"next_if_true", "2"}, {"next_if_false", "3"}}},
               {"data", {{"profile_filter", {{"condition_groups", {{{"conditions", {{{"type", "profile-property"}, {"property", "country"},
                                                                                    {"filter", {{"type", "string"}, {"operator", "equals"}, {"value", "US"}}}}}}}}}}}}}};
  ImportResult r = Convert(Flow(Json::array({cond, Send("2", ""), Send("3", "")})));
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  const Json& branch = r.workflow["nodes"]["conditional_split_1"];
  EXPECT_EQ(branch["type"], "branch");
  EXPECT_EQ(branch["branches"][0]["when"], (Json{{"==", {{{"var", "contact.country"}}, "US"}}}));
  EXPECT_EQ(branch["branches"][0]["next"], "mail_2");
  EXPECT_EQ(branch["else"], "mail_3");

  // A split on a random sample is a random split.
  Json sample = cond;
  sample["data"]["profile_filter"] = {{"condition_groups", {{{"conditions", {{{"type", "profile-sample"}, {"percentage", 30}}}}}}}};
  r = Convert(Flow(Json::array({sample, Send("2", ""), Send("3", "")})));
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  const Json& split = r.workflow["nodes"]["conditional_split_1"];
  EXPECT_EQ(split["type"], "split");
  EXPECT_EQ(split["mode"], "random");
  EXPECT_EQ(split["variants"][0]["weight"], 30);
  EXPECT_EQ(split["variants"][1]["weight"], 70);

  // A trigger split reads the triggering event's properties.
  Json trig = {{"id", "1"}, {"type", "trigger-split"}, {"links", {{"next_if_true", "2"}, {"next_if_false", nullptr}}},
               {"data", {{"trigger_id", "M1"}, {"trigger_type", "metric"},
                         {"trigger_filter", {{"condition_groups", {{{"conditions", {{{"type", "metric-property"}, {"metric_id", "M1"}, {"field", "Total"},
                                                                                    {"filter", {{"type", "numeric"}, {"operator", "greater-than"}, {"value", 100}}}}}}}}}}}}}};
  r = Convert(Flow(Json::array({trig, Send("2", "")})));
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  EXPECT_EQ(r.workflow["nodes"]["trigger_split_1"]["branches"][0]["when"],
            (Json{{">", {{{"var", "event.properties.Total"}}, 100}}}));

  // Multi-branch: ordered arms, the else branch.
  Json multi = {{"id", "1"}, {"type", "multi-branch-split"},
                {"data", {{"name", "m"}, {"branches", {
                    {{"branch_id", "b2"}, {"order", 2}, {"name", "EU"}, {"links", {{"next", "3"}}},
                     {"branch_filter", {{"condition_groups", {{{"conditions", {{{"type", "profile-property"}, {"property", "region"}, {"filter", {{"type", "string"}, {"operator", "equals"}, {"value", "EU"}}}}}}}}}}}},
                    {{"branch_id", "b1"}, {"order", 1}, {"name", "US"}, {"links", {{"next", "2"}}},
                     {"branch_filter", {{"condition_groups", {{{"conditions", {{{"type", "profile-property"}, {"property", "region"}, {"filter", {{"type", "string"}, {"operator", "equals"}, {"value", "US"}}}}}}}}}}}},
                    {{"branch_id", "b3"}, {"is_else", true}, {"links", {{"next", nullptr}}}}}}}}};
  r = Convert(Flow(Json::array({multi, Send("2", ""), Send("3", "")})));
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  const Json& m = r.workflow["nodes"]["multi_branch_split_1"];
  EXPECT_EQ(m["branches"][0]["label"], "US");
  EXPECT_EQ(m["branches"][1]["label"], "EU");
  EXPECT_EQ(m["else"], "end");

  // A/B test: a split whose variants send the main message and each variation.
  Json ab = {{"id", "1"}, {"type", "ab-test"}, {"links", {{"next", nullptr}}},
             {"data", {{"main_action", Send("m", "")}, {"current_experiment", {{"variations", {Send("v", "")}}, {"allocations", {{"m", 80}, {"v", 20}}}}}}}};
  r = Convert(Flow(Json::array({ab})));
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  const Json& s = r.workflow["nodes"]["ab_test_1"];
  EXPECT_EQ(s["mode"], "ab");
  EXPECT_EQ(s["variants"][0]["weight"], 80);
  EXPECT_EQ(s["variants"][1]["weight"], 20);
  EXPECT_EQ(r.workflow["nodes"][s["variants"][1]["next"].get<std::string>()]["template"], "tv");
}

// --- Conditions -----------------------------------------------------------

struct ConditionCase {
  const char* name;
  Json condition;
  Json expected;
  const char* loss_words;  // "" when exact
};

TEST(ImportKlaviyo, EachConditionTypeBecomesJsonLogic) {
  auto prop = [](const char* property, Json filter) {
    return Json{{"type", "profile-property"}, {"property", property}, {"filter", filter}};
  };
  auto J = [](const char* text) { return Json::parse(text); };
  const ConditionCase cases[] = {
      {"string equals", prop("first_name", J(R"({"type":"string","operator":"equals","value":"Ana"})")),
       J(R"({"==":[{"var":"contact.first_name"},"Ana"]})"), ""},
      {"custom property contains", prop("properties['Favorite Color']", J(R"({"type":"string","operator":"contains","value":"bl"})")),
       J(R"({"in":["bl",{"var":"contact.Favorite Color"}]})"), ""},
      {"string in", prop("country", J(R"({"type":"string","operator":"in","value":["US","CA"]})")),
       J(R"({"in":[{"var":"contact.country"},["US","CA"]]})"), ""},
      {"starts with", prop("email", J(R"({"type":"string","operator":"starts-with","value":"ab"})")),
       J(R"({"==":[{"substr":[{"var":"contact.email"},0,2]},"ab"]})"), ""},
      {"numeric between", prop("age", J(R"({"type":"numeric","operator":"between","start":18,"end":30})")),
       J(R"({"<=":[18,{"var":"contact.age"},30]})"), ""},
      {"boolean", prop("vip", J(R"({"type":"boolean","operator":"equals","value":true})")),
       J(R"({"==":[{"var":"contact.vip"},true]})"), ""},
      {"not set", prop("phone_number", J(R"({"type":"existence","operator":"not-set"})")),
       J(R"({"==":[{"var":"contact.phone_number"},null]})"), ""},
      {"in the last", prop("signup", J(R"({"type":"date","operator":"in-the-last","unit":"week","quantity":2})")),
       J(R"({"<=":[0,{"days_since":[{"var":"contact.signup"}]},14]})"), ""},
      {"list contains", prop("tags", J(R"({"type":"list","operator":"contains","value":"vip"})")),
       J(R"({"in":["vip",{"var":"contact.tags"}]})"), ""},
      {"metric count",
       J(R"({"type":"profile-metric","metric_id":"M9","measurement":"count",
             "measurement_filter":{"type":"numeric","operator":"greater-than","value":0},
             "timeframe_filter":{"type":"date","operator":"in-the-last","unit":"day","quantity":30}})"),
       J(R"({">":[{"count_events":["Placed Order","30d"]},0]})"), "named 'Placed Order'"},
      {"not in group", J(R"({"type":"profile-group-membership","is_member":false,"group_ids":["G1"]})"),
       J(R"({"!":[{"in_list":["G1"]}]})"), "not named"},
      {"sms consent",
       J(R"({"type":"profile-marketing-consent","consent":{"channel":"sms","can_receive_marketing":true,"consent_status":{"subscription":"any"}}})"),
       J(R"({"!=":[{"var":"contact.consent.sms"},false]})"), ""},
      {"predictive",
       J(R"({"type":"profile-predictive-analytics","dimension":"churn_probability","filter":{"type":"numeric","operator":"greater-than","value":0.5}})"),
       Json(false), "predictive analytics"},
      {"region", J(R"({"type":"profile-region","in_region":true,"region":"european_union"})"), Json(false), "no flowproof equivalent"},
      {"regex", prop("email", J(R"({"type":"string","operator":"regex","value":".*"})")), Json(false), "string operator 'regex'"},
  };
  NamesMap names = {{"M9", "Placed Order"}};
  for (const ConditionCase& c : cases) {
    SCOPED_TRACE(c.name);
    Json split = {{"id", "1"}, {"type", "conditional-split"}, {"links", {{"next_if_true", nullptr}, {"next_if_false", nullptr}}},
                  {"data", {{"profile_filter", {{"condition_groups", {{{"conditions", {c.condition}}}}}}}}}};
    ImportResult r = Convert(Flow(Json::array({split})), names);
    ASSERT_TRUE(r.ok()) << AllLosses(r);
    EXPECT_EQ(r.workflow["nodes"]["conditional_split_1"]["branches"][0]["when"], c.expected);
    std::string pointer = std::string(kBase) + "/actions/0/data/profile_filter/condition_groups/0/conditions/0";
    if (std::string(c.loss_words).empty()) {
      for (const ImportLoss& l : r.losses) EXPECT_NE(l.pointer.rfind(pointer, 0), 0u) << AllLosses(r);
    } else {
      bool found = false;
      for (const ImportLoss& l : r.losses) {
        found = found || (l.pointer.rfind(pointer, 0) == 0 && l.message.find(c.loss_words) != std::string::npos);
      }
      EXPECT_TRUE(found) << AllLosses(r);
    }
  }
}

TEST(ImportKlaviyo, GroupsAreAndedAndConditionsInAGroupOred) {
  Json a = {{"type", "profile-property"}, {"property", "a"}, {"filter", {{"type", "boolean"}, {"operator", "equals"}, {"value", true}}}};
  Json b = {{"type", "profile-property"}, {"property", "b"}, {"filter", {{"type", "boolean"}, {"operator", "equals"}, {"value", true}}}};
  Json c = {{"type", "profile-property"}, {"property", "c"}, {"filter", {{"type", "boolean"}, {"operator", "equals"}, {"value", true}}}};
  Json filter = {{"condition_groups", {{{"conditions", {a, b}}}, {{"conditions", {c}}}}}};
  ImportResult r = Convert(Flow(Json::array({Send("1", "")}), {{"profile_filter", filter}}));
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  const Json& audience = r.workflow["entry"]["audience"];
  ASSERT_TRUE(audience.contains("and"));
  EXPECT_TRUE(audience["and"][0].contains("or"));
  EXPECT_EQ(audience["and"][1], (Json{{"==", {{{"var", "contact.c"}}, true}}}));
  EXPECT_EQ(r.workflow["exit"]["goal"], (Json{{"!", {audience}}}));
  EXPECT_TRUE(HasLossAt(r, std::string(kBase) + "/profile_filter", "exit goal"));
}

// --- Flow-level rules ----------------------------------------------------

TEST(ImportKlaviyo, TriggersReentryAndSendingRules) {
  NamesMap names = {{"M1", "Started Checkout"}, {"L7", "newsletter"}};
  // Metric trigger with a filter on the event.
  Json trigger = {{"type", "metric"}, {"id", "M1"},
                  {"trigger_filter", {{"condition_groups", {{{"conditions", {{{"type", "metric-property"}, {"metric_id", "M1"}, {"field", "$value"},
                                                                               {"filter", {{"type", "numeric"}, {"operator", "greater-than"}, {"value", 20}}}}}}}}}}}};
  ImportResult r = Convert(Flow(Json::array({Send("1", "")}), {{"triggers", {trigger}}, {"reentry_criteria", {{"duration", 7}, {"unit", "day"}}}}), names);
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  EXPECT_EQ(r.workflow["entry"]["triggers"][0],
            (Json{{"type", "event"}, {"event", "Started Checkout"}, {"where", {{">", {{{"var", "event.properties.$value"}}, 20}}}}}));
  EXPECT_EQ(r.workflow["entry"]["reenroll"], "7d");
  EXPECT_EQ(r.workflow["settings"]["frequency_cap"], (Json{{"max", 1}, {"per", "16h"}, {"channels", {"email"}}}));
  EXPECT_FALSE(r.workflow["settings"].contains("quiet_hours"));
  EXPECT_TRUE(HasLossAt(r, std::string(kBase) + "/triggers/0/id", "Started Checkout"));

  // List trigger, no re-entry; an SMS-only flow gets the SMS window and quiet hours.
  Json sms = {{"id", "1"}, {"type", "send-sms"}, {"links", {{"next", nullptr}}},
              {"data", {{"status", "live"}, {"message", {{"body", "Hi"}, {"smart_sending_enabled", true}}}}}};
  r = Convert(Flow(Json::array({sms}), {{"triggers", {{{"type", "list"}, {"id", "L7"}}}}, {"reentry_criteria", {{"duration", 1}, {"unit", "alltime"}}}}), names);
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  EXPECT_EQ(r.workflow["entry"]["triggers"][0], (Json{{"type", "condition"}, {"condition", {{"in_list", {"newsletter"}}}}}));
  EXPECT_EQ(r.workflow["entry"]["reenroll"], "never");
  EXPECT_EQ(r.workflow["settings"]["frequency_cap"], (Json{{"max", 1}, {"per", "24h"}, {"channels", {"sms"}}}));
  EXPECT_EQ(r.workflow["settings"]["quiet_hours"], (Json{{"start", "21:00"}, {"end", "08:00"}, {"mode", "hold"}}));

  // Email and SMS together: one cap (email), SMS rules reported as losses.
  sms["id"] = "2";
  r = Convert(Flow(Json::array({Send("1", "2"), sms})), names);
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  EXPECT_EQ(r.workflow["settings"]["frequency_cap"]["channels"], Json({"email"}));
  EXPECT_TRUE(HasLossAt(r, std::string(kBase) + "/actions/1/data/message", "Smart Sending for sms"));
  EXPECT_TRUE(HasLossAt(r, std::string(kBase) + "/actions/1/data/message", "quiet hours"));

  // A date trigger.
  Json date = {{"type", "date"}, {"date_field_type", "profile-property"}, {"date_profile_property", "birthday"},
               {"timedelta_unit_before_date", "days"}, {"timedelta_value_before_date", 3}, {"recurrence_frequency", "annually"},
               {"trigger_time", "09:00:00"}};
  r = Convert(Flow(Json::array({Send("1", "")}), {{"triggers", {date}}}));
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  EXPECT_EQ(r.workflow["entry"]["triggers"][0],
            (Json{{"type", "date"}, {"attribute", "birthday"}, {"offset", "-3d"}, {"at", "09:00"}, {"every", "year"}}));

  // No trigger at all: enrolled by an event, reported.
  r = Convert(Flow(Json::array({Send("1", "")}), {{"triggers", Json::array()}}));
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  EXPECT_EQ(r.workflow["entry"]["triggers"][0]["event"], "enrolled_manually");
  EXPECT_TRUE(HasLossAt(r, std::string(kBase) + "/triggers", "enrolled_manually"));

  // An unsupported trigger becomes an event trigger, reported.
  r = Convert(Flow(Json::array({Send("1", "")}), {{"triggers", {{{"type", "price-drop"}}}}}));
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  EXPECT_EQ(r.workflow["entry"]["triggers"][0]["event"], "klaviyo_price_drop");
  EXPECT_TRUE(HasLossAt(r, std::string(kBase) + "/triggers/0", "price-drop"));
}

TEST(ImportKlaviyo, BareDefinitionIsAccepted) {
  Json doc = Flow(Json::array({Send("1", "")}))["data"]["attributes"]["definition"];
  ImportResult r = Convert(doc);
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  EXPECT_EQ(r.workflow["id"], "klaviyo-flow");
  EXPECT_TRUE(HasLossAt(r, "/actions/0/data/message/template_id"));
}

// --- Bad input -------------------------------------------------------------

struct BadCase {
  const char* name;
  Json doc;
  const char* pointer;
  const char* code;
};

TEST(ImportKlaviyo, BadInputIsALocatedProblem) {
  Json cycle = Flow(Json::array({
      {{"id", "1"}, {"type", "update-profile"}, {"links", {{"next", "2"}}}, {"data", {{"profile_operations", Json::array()}}}},
      {{"id", "2"}, {"type", "list-update"}, {"links", {{"next", "1"}}}, {"data", {{"list_id", "L"}, {"on_execution", true}}}}}));
  const BadCase cases[] = {
      {"hubspot export", {{"startActionId", "1"}, {"actions", Json::array()}}, "", "wrong_format"},
      {"no definition", {{"data", {{"type", "flow"}, {"id", "F"}, {"attributes", {{"name", "x"}}}}}}, "/data/attributes", "missing_field"},
      {"dangling link", Flow(Json::array({Send("1", "9")})), "/data/attributes/definition/actions/0/links/next", "bad_reference"},
      {"dangling entry", Flow(Json::array({Send("1", "")}), {{"entry_action_id", "7"}}), "/data/attributes/definition/entry_action_id", "bad_reference"},
      {"duplicate id", Flow(Json::array({Send("1", "1"), Send("1", "")})), "/data/attributes/definition/actions/1/id", "duplicate_name"},
      {"actions not an array", Flow(Json::array({Send("1", "")}), {{"actions", "x"}}), "/data/attributes/definition/actions", "missing_field"},
      {"negative delay", Flow(Json::array({{{"id", "1"}, {"type", "time-delay"}, {"data", {{"unit", "days"}, {"value", -2}}}}})),
       "/data/attributes/definition/actions/0/data/value", "wrong_type"},
      {"cycle without a delay", cycle, "", "loop_without_wait"},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    ImportResult r = ImportWorkflowJson(c.doc, Platform::kKlaviyo, {});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.ExitCode(), 2);
    EXPECT_TRUE(r.workflow.is_null());
    bool found = false;
    for (const Problem& p : r.problems) {
      found = found || (p.code == c.code && (std::string(c.pointer).empty() || p.pointer == c.pointer));
    }
    EXPECT_TRUE(found) << AllLosses(r);
  }
}

TEST(ImportKlaviyo, ACycleWithADelayIsFine) {
  Json doc = Flow(Json::array({
      {{"id", "1"}, {"type", "time-delay"}, {"links", {{"next", "2"}}}, {"data", {{"unit", "days"}, {"value", 1}}}},
      Send("2", "1")}));
  ImportResult r = Convert(doc);
  EXPECT_TRUE(r.ok()) << AllLosses(r);
}

TEST(ImportKlaviyo, OddShapesNeverCrashNorGiveAnInvalidWorkflow) {
  const Json odd[] = {
      Flow(Json::array({{{"id", "1"}}})),
      Flow(Json::array({{{"id", 5}, {"type", "send-email"}, {"data", 3}}})),
      Flow(Json::array({{{"id", "1"}, {"type", "conditional-split"}, {"data", {{"profile_filter", {{"condition_groups", 4}}}}}}})),
      Flow(Json::array({{{"id", "1"}, {"type", "ab-test"}, {"data", Json::object()}}})),
      Flow(Json::array({{{"id", "1"}, {"type", "multi-branch-split"}, {"data", {{"branches", {1, "x", nullptr}}}}}})),
      Flow(Json::array({{{"id", "1"}, {"type", "update-profile"}, {"data", {{"profile_operations", {{{"property_key", "id"}}}}}}}})),
      Flow(Json::array({Send("1", "")}), {{"triggers", {1, {{"type", "date"}}}}, {"reentry_criteria", {{"unit", "fortnight"}}}}),
      Flow(Json::array({{{"id", "1"}, {"type", "send-sms"}, {"data", {{"message", {{"body", "{% if x %}unclosed {{ a|b:c|d }} {% for %}"}}}}}}})),
      Flow(Json::array({{{"id", "1"}, {"type", "time-delay"}, {"data", {{"unit", "days"}, {"value", 99999999999LL}}}}})),
      Flow(Json::array({{{"id", "1"}, {"type", "time-delay"}, {"data", {{"unit", "hours"}, {"value", 1e300}}}}})),
      Flow(Json::array({Send("1", "")}), {{"reentry_criteria", {{"duration", 1e300}, {"unit", "day"}}}}),
      Flow(Json::array({{{"id", "1"}, {"type", "conditional-split"},
                         {"data", {{"profile_filter", {{"condition_groups", {{{"conditions", {
                             {{"type", "profile-marketing-consent"}, {"consent", {{"channel", "email"}, {"can_receive_marketing", "yes"}}}},
                             {{"type", "profile-property"}, {"property", "d"}, {"filter", {{"type", "date"}, {"operator", "in-the-last"}, {"unit", "day"}, {"quantity", 1e300}}}}}}}}}}}}}}})),
  };
  for (const Json& doc : odd) {
    ImportResult r = Convert(doc);  // Convert checks validity whenever ok
    if (!r.ok()) {
      EXPECT_EQ(r.ExitCode(), 2);
    }
  }
}

// --- Django to Liquid --------------------------------------------------------

struct TextCase {
  const char* django;
  const char* liquid;
  std::size_t untranslated;
};

TEST(ImportKlaviyo, DjangoTextTranslatesToLiquid) {
  const TextCase cases[] = {
      {"plain text, 100% {not a tag}", "plain text, 100% {not a tag}", 0},
      {"Hi {{ person.first_name|default:'there' }}!", "Hi {{ contact.first_name | default: 'there' }}!", 0},
      {"{{ first_name }}", "{{ contact.first_name }}", 0},
      {"{{ event.Items.0.Name }}", "{{ event.properties.Items[0].Name }}", 0},
      {"{{ person|lookup:'Favorite Color' }}", "{{ contact['Favorite Color'] }}", 0},
      {"{{ name|upper|truncatechars:10 }}", "{{ contact.name | upcase | truncate: 10 }}", 0},
      {"{% if person.vip == True %}VIP{% elif tier %}T{% else %}-{% endif %}",
       "{% if contact.vip == true %}VIP{% elsif contact.tier %}T{% else %}-{% endif %}", 0},
      {"{% if 'gold' in person.tags and age > 3 %}y{% endif %}", "{% if contact.tags contains 'gold' and contact.age > 3 %}y{% endif %}", 0},
      {"{% for item in event.Items %}{{ item.Name }}{{ forloop.counter }}{% empty %}none{% endfor %}",
       "{% for item in event.properties.Items %}{{ item.Name }}{{ forloop.index }}{% else %}none{% endfor %}", 0},
      {"a{% comment %}hidden {{ x }}{% endcomment %}b", "ab", 0},
      {"Bye {% unsubscribe %}", "Bye {% raw %}{% unsubscribe %}{% endraw %}", 1},
      {"{{ total|floatformat }}", "{% raw %}{{ total|floatformat }}{% endraw %}", 1},
      {"{% if not vip %}x{% endif %}", "{% raw %}{% if not vip %}{% endraw %}x{% raw %}{% endif %}{% endraw %}", 2},
      {"{{ organization.name }}", "{% raw %}{{ organization.name }}{% endraw %}", 1},
  };
  for (const TextCase& c : cases) {
    SCOPED_TRACE(c.django);
    DjangoTranslation t = TranslateDjangoToLiquid(c.django);
    EXPECT_EQ(t.liquid, c.liquid);
    EXPECT_EQ(t.untranslated.size(), c.untranslated);
  }
}

TEST(ImportKlaviyo, UntranslatedTemplateTextIsALossAtItsField) {
  Json action = Send("1", "");
  action["data"]["message"]["subject_line"] = "Hi {% unsubscribe %}";
  ImportResult r = Convert(Flow(Json::array({action})));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(HasLossAt(r, std::string(kBase) + "/actions/0/data/message/subject_line", "{% unsubscribe %}"));
}

// --- The gallery's conversions ------------------------------------------------

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ImportKlaviyo, GalleryExportsStillConvertToTheCommittedWorkflows) {
  std::filesystem::path dir = std::filesystem::path(FLOWPROOF_SOURCE_DIR) / "fixtures" / "import-klaviyo";
  JsonInputResult names_json = ParseJsonText(ReadAll(dir / "names.json"));
  ASSERT_TRUE(names_json.ok());
  Problems problems;
  std::optional<NamesMap> names = ParseNamesMap(names_json.value, &problems);
  ASSERT_TRUE(names.has_value());
  int checked = 0;
  for (const char* name : {"welcome-series", "abandoned-cart", "winback"}) {
    SCOPED_TRACE(name);
    ImportResult r = ImportWorkflow(ReadAll(dir / (std::string(name) + ".klaviyo.json")), Platform::kKlaviyo, *names);
    ASSERT_TRUE(r.ok()) << AllLosses(r);
    EXPECT_EQ(r.ExitCode(), 1);  // every export names ids, so each has losses
    JsonInputResult committed = ParseJsonText(ReadAll(dir / (std::string(name) + ".workflow.json")));
    ASSERT_TRUE(committed.ok());
    EXPECT_EQ(r.workflow, committed.value) << "re-run the conversion and review the diff";
    ++checked;
  }
  EXPECT_EQ(checked, 3);
}

}  // namespace
}  // namespace flowproof
