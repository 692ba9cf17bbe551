// HubSpot Automation v4 flows converted to workflows
// (core/import/hubspot_import.cc): every action type and filter type, the
// flow-level settings (enrolment, goal, time windows), losses with their
// input pointers, bad input as located problems (never a crash, never an
// invalid workflow), and the gallery's committed conversions
// (fixtures/import-hubspot/*.workflow.json) still match.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/import/import.h"
#include "core/json/json_input.h"
#include "core/validate/validate_document.h"

namespace flowproof {
namespace {

Json J(const char* text) { return Json::parse(text); }

// A contact flow around `actions`, starting at the first.
Json Flow(Json actions, Json extra = Json::object()) {
  Json doc = {{"id", "42"}, {"type", "CONTACT_FLOW"}, {"objectTypeId", "0-1"}, {"name", "Test"},
              {"startActionId", actions.empty() ? Json("1") : actions[0]["actionId"]}, {"actions", actions},
              {"enrollmentCriteria", {{"type", "LIST_BASED"}, {"shouldReEnroll", false},
                                      {"listFilterBranch", J(R"({"filterBranchType":"OR","filters":[],"filterBranches":[]})")}}},
              {"timeWindows", Json::array()}, {"blockedDates", Json::array()}};
  for (auto& [k, v] : extra.items()) doc[k] = v;
  return doc;
}

ImportResult Convert(const Json& doc, const NamesMap& names = {}) {
  ImportResult r = ImportWorkflowJson(doc, Platform::kHubSpot, names);
  if (r.ok()) {
    DocumentOptions options;
    options.kind = DocumentKind::kWorkflow;
    DocumentCheck check = ValidateDocument(r.workflow, options);
    EXPECT_TRUE(check.ok()) << (check.problems.empty() ? "" : check.problems[0].ToString());
  }
  return r;
}

std::string AllLosses(const ImportResult& r) {
  std::string out;
  for (const ImportLoss& l : r.losses) out += l.ToString() + "\n";
  for (const Problem& p : r.problems) out += "problem " + p.ToString() + "\n";
  return out;
}

bool HasLossAt(const ImportResult& r, const std::string& pointer, const std::string& words = "") {
  for (const ImportLoss& l : r.losses) {
    if (l.pointer == pointer && l.message.find(words) != std::string::npos) return true;
  }
  return false;
}

struct ActionCase {
  const char* name;
  const char* action;    // action "1" (its connection, if any, is dropped: the flow ends after it)
  const char* node;      // fields the start node must have
  const char* loss_at;   // pointer of an expected loss, or ""
};

TEST(ImportHubSpot, EachActionTypeBecomesItsNode) {
  const ActionCase cases[] = {
      {"delay minutes", R"({"type":"SINGLE_CONNECTION","actionTypeId":"0-1","fields":{"delta":"1440","time_unit":"MINUTES"}})",
       R"({"type":"wait","for":"1d"})", ""},
      {"delay days", R"({"type":"SINGLE_CONNECTION","actionTypeId":"0-1","fields":{"delta":"3","time_unit":"DAYS"}})",
       R"({"type":"wait","for":"3d"})", ""},
      {"delay until a date property",
       R"({"type":"SINGLE_CONNECTION","actionTypeId":"0-35","fields":{"date":{"type":"OBJECT_PROPERTY","propertyName":"renewal_date"},"delta":"-2","time_unit":"DAYS"}})",
       R"({"type":"wait","until_expr":{"date_add":[{"var":"contact.renewal_date"},"-2d"]}})", ""},
      {"delay until a static date",
       R"({"type":"SINGLE_CONNECTION","actionTypeId":"0-35","fields":{"date":{"type":"STATIC_VALUE","staticValue":"1719446400000"},"delta":"0","time_unit":"DAYS","time_of_day":{"hour":12,"minute":0}}})",
       R"({"type":"wait","until_expr":"2024-06-27T00:00:00Z"})", "/actions/0/fields/time_of_day"},
      {"wait for an event",
       R"({"type":"SINGLE_CONNECTION","actionTypeId":"0-29","fields":{"event_filter_branches":[{"filterBranchType":"UNIFIED_EVENTS","eventTypeId":"4-666288","operator":"HAS_COMPLETED","filters":[],"filterBranches":[]}],"expiration_minutes":"120"}})",
       R"({"type":"wait_event","event":"email_clicked","timeout":"2h"})", ""},
      {"send email", R"({"type":"SINGLE_CONNECTION","actionTypeId":"0-4","fields":{"content_id":"9001"}})",
       R"({"type":"send","channel":"email","template":"promo"})", "/actions/0/fields/content_id"},
      {"set property",
       R"({"type":"SINGLE_CONNECTION","actionTypeId":"0-5","fields":{"property_name":"hs_lead_status","value":{"type":"STATIC_VALUE","staticValue":"OPEN"}}})",
       R"({"type":"update","set":{"hs_lead_status":"OPEN"}})", ""},
      {"add to list", R"({"type":"SINGLE_CONNECTION","actionTypeId":"0-63809083","fields":{"listId":"55"}})",
       R"({"type":"update","add_to_lists":["vips"]})", "/actions/0/fields/listId"},
      {"remove from list", R"({"type":"SINGLE_CONNECTION","actionTypeId":"0-63863438","fields":{"listId":"55"}})",
       R"({"type":"update","remove_from_lists":["vips"]})", "/actions/0/fields/listId"},
      {"legacy list action", R"({"type":"SINGLE_CONNECTION","actionTypeId":"0-13","fields":{"operation":"REMOVE","list_id":"55"}})",
       R"({"type":"update","remove_from_lists":["vips"]})", ""},
      {"webhook", R"({"type":"WEBHOOK","method":"POST","webhookUrl":"https://crm.example.com/h","queryParams":[]})",
       R"({"type":"send","channel":"webhook"})", ""},
      {"create task", R"({"type":"SINGLE_CONNECTION","actionTypeId":"0-3","fields":{"subject":"Call"}})",
       R"({"type":"update"})", "/actions/0"},
      {"custom code", R"({"type":"CUSTOM_CODE","runtime":"NODE20X","sourceCode":"x","secretNames":[]})",
       R"({"type":"update"})", "/actions/0"},
  };
  NamesMap names = {{"9001", "promo"}, {"55", "vips"}};
  for (const ActionCase& c : cases) {
    SCOPED_TRACE(c.name);
    Json action = J(c.action);
    action["actionId"] = "1";
    ImportResult r = Convert(Flow(Json::array({action})), names);
    ASSERT_TRUE(r.ok()) << AllLosses(r);
    const Json& node = r.workflow["nodes"][r.workflow["start"].get<std::string>()];
    Json expected = J(c.node);
    for (auto& [k, v] : expected.items()) EXPECT_EQ(node[k], v) << k << " in " << node.dump();
    if (std::string(c.loss_at).size() > 0) {
      EXPECT_TRUE(HasLossAt(r, c.loss_at)) << AllLosses(r);
    }
  }
}

TEST(ImportHubSpot, BranchesAndAbTests) {
  Json list_branch = J(R"({"actionId":"1","type":"LIST_BRANCH",
    "listBranches":[{"branchName":"Leads","connection":{"edgeType":"STANDARD","nextActionId":"2"},
      "filterBranch":{"filterBranchType":"AND","filterBranches":[],"filters":[
        {"filterType":"PROPERTY","property":"lifecyclestage","operation":{"operationType":"MULTISTRING","operator":"IS_EQUAL_TO","values":["lead"]}}]}}],
    "defaultBranchName":"Others","defaultBranch":{"edgeType":"STANDARD","nextActionId":"3"}})");
  Json two = J(R"({"actionId":"2","type":"SINGLE_CONNECTION","actionTypeId":"0-1","fields":{"delta":"1","time_unit":"HOURS"}})");
  Json three = J(R"({"actionId":"3","type":"SINGLE_CONNECTION","actionTypeId":"0-1","fields":{"delta":"2","time_unit":"HOURS"}})");
  ImportResult r = Convert(Flow(Json::array({list_branch, two, three})));
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  const Json& b = r.workflow["nodes"]["list_branch_1"];
  EXPECT_EQ(b["branches"][0]["label"], "Leads");
  EXPECT_EQ(b["branches"][0]["when"], J(R"({"==":[{"var":"contact.lifecyclestage"},"lead"]})"));
  EXPECT_EQ(b["branches"][0]["next"], "delay_2");
  EXPECT_EQ(b["else"], "delay_3");

  Json static_branch = J(R"({"actionId":"1","type":"STATIC_BRANCH","inputValue":{"type":"OBJECT_PROPERTY","propertyName":"tier"},
    "staticBranches":[{"branchValue":"gold","connection":{"edgeType":"STANDARD","nextActionId":"2"}}],
    "defaultBranch":{"edgeType":"STANDARD","nextActionId":"3"}})");
  r = Convert(Flow(Json::array({static_branch, two, three})));
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  EXPECT_EQ(r.workflow["nodes"]["static_branch_1"]["branches"][0]["when"], J(R"({"==":[{"var":"contact.tier"},"gold"]})"));

  Json ab = J(R"({"actionId":"1","type":"AB_TEST_BRANCH","testBranches":[{"edgeType":"STANDARD","nextActionId":"2"},{"edgeType":"STANDARD","nextActionId":"3"}]})");
  r = Convert(Flow(Json::array({ab, two, three})));
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  const Json& s = r.workflow["nodes"]["ab_test_branch_1"];
  EXPECT_EQ(s["type"], "split");
  EXPECT_EQ(s["mode"], "random");
  EXPECT_EQ(s["variants"].size(), 2u);
  EXPECT_EQ(s["variants"][1]["next"], "delay_3");
}

struct FilterCase {
  const char* name;
  const char* filter;
  const char* expected;
  bool lossy;
};

TEST(ImportHubSpot, EachFilterTypeBecomesJsonLogic) {
  const FilterCase cases[] = {
      {"number greater", R"({"filterType":"PROPERTY","property":"score","operation":{"operationType":"NUMBER","operator":"IS_GREATER_THAN","value":"80"}})",
       R"({">":[{"var":"contact.score"},80]})", false},
      {"any of", R"({"filterType":"PROPERTY","property":"country","operation":{"operationType":"ENUMERATION","operator":"IS_ANY_OF","values":["US","CA"]}})",
       R"({"in":[{"var":"contact.country"},["US","CA"]]})", false},
      {"none of", R"({"filterType":"PROPERTY","property":"country","operation":{"operationType":"ENUMERATION","operator":"IS_NONE_OF","values":["US","CA"]}})",
       R"({"!":[{"in":[{"var":"contact.country"},["US","CA"]]}]})", false},
      {"contains", R"({"filterType":"PROPERTY","property":"email","operation":{"operationType":"STRING","operator":"CONTAINS","value":"@acme"}})",
       R"({"in":["@acme",{"var":"contact.email"}]})", false},
      {"known", R"({"filterType":"PROPERTY","property":"phone","operation":{"operationType":"ALL_PROPERTY","operator":"IS_KNOWN"}})",
       R"({"!=":[{"var":"contact.phone"},null]})", false},
      {"between", R"({"filterType":"PROPERTY","property":"age","operation":{"operationType":"NUMBER_RANGED","operator":"IS_BETWEEN","lowerBound":"18","upperBound":"30"}})",
       R"({"<=":[18,{"var":"contact.age"},30]})", false},
      {"bool", R"({"filterType":"PROPERTY","property":"vip","operation":{"operationType":"BOOL","operator":"IS_EQUAL_TO","value":"true"}})",
       R"({"==":[{"var":"contact.vip"},true]})", false},
      {"no value included", R"({"filterType":"PROPERTY","property":"tier","operation":{"operationType":"MULTISTRING","operator":"IS_EQUAL_TO","values":["a"],"includeObjectsWithNoValueSet":true}})",
       R"({"or":[{"==":[{"var":"contact.tier"},null]},{"==":[{"var":"contact.tier"},"a"]}]})", false},
      {"in list", R"({"filterType":"IN_LIST","listId":"12","operator":"IN_LIST"})", R"({"in_list":["12"]})", true},
      {"not in list", R"({"filterType":"IN_LIST","listId":"12","operator":"NOT_IN_LIST"})", R"({"!":[{"in_list":["12"]}]})", true},
      {"constant", R"({"filterType":"CONSTANT","shouldAccept":false})", "false", false},
      {"page view", R"({"filterType":"PAGE_VIEW","pageUrl":"https://x"})", "false", true},
      {"ever equal", R"({"filterType":"PROPERTY","property":"x","operation":{"operationType":"MULTISTRING","operator":"HAS_EVER_BEEN_EQUAL_TO","values":["a"]}})",
       "false", true},
  };
  for (const FilterCase& c : cases) {
    SCOPED_TRACE(c.name);
    Json branch = {{"actionId", "1"}, {"type", "LIST_BRANCH"},
                   {"listBranches", {{{"branchName", "b"}, {"filterBranch", {{"filterBranchType", "AND"}, {"filters", {J(c.filter)}}, {"filterBranches", Json::array()}}}}}}};
    ImportResult r = Convert(Flow(Json::array({branch})));
    ASSERT_TRUE(r.ok()) << AllLosses(r);
    EXPECT_EQ(r.workflow["nodes"]["list_branch_1"]["branches"][0]["when"], J(c.expected));
    bool loss = false;
    for (const ImportLoss& l : r.losses) loss = loss || l.pointer.rfind("/actions/0/listBranches/0/filterBranch/filters/0", 0) == 0;
    EXPECT_EQ(loss, c.lossy) << AllLosses(r);
  }
}

TEST(ImportHubSpot, EnrollmentGoalAndTimeWindows) {
  Json email = J(R"({"actionId":"1","type":"SINGLE_CONNECTION","actionTypeId":"0-4","fields":{"content_id":"9"}})");
  Json extra = J(R"({
    "enrollmentCriteria":{"type":"EVENT_BASED","shouldReEnroll":true,
      "eventFilterBranches":[{"filterBranchType":"UNIFIED_EVENTS","eventTypeId":"4-1639801","operator":"HAS_COMPLETED","filterBranches":[],
        "filters":[{"filterType":"PROPERTY","property":"form_id","operation":{"operationType":"STRING","operator":"IS_EQUAL_TO","value":"f1"}}]}],
      "listMembershipFilterBranches":[]},
    "goalFilterBranch":{"filterBranchType":"OR","filters":[],"filterBranches":[{"filterBranchType":"UNIFIED_EVENTS","eventTypeId":"pe1_demo","operator":"HAS_COMPLETED","filters":[],"filterBranches":[]}]},
    "timeWindows":[{"day":"MONDAY","startTime":{"hour":9,"minute":0},"endTime":{"hour":17,"minute":30}},
                   {"day":"TUESDAY","startTime":{"hour":9,"minute":0},"endTime":{"hour":17,"minute":30}}],
    "blockedDates":[{"month":"DECEMBER","dayOfMonth":25}],
    "unEnrollmentSetting":{"type":"SELECTIVE","flowIds":["7"]}})");
  ImportResult r = Convert(Flow(Json::array({email}), extra), {{"pe1_demo", "demo_booked"}});
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  EXPECT_EQ(r.workflow["entry"]["triggers"][0],
            J(R"({"type":"event","event":"form_submitted","where":{"==":[{"var":"event.properties.form_id"},"f1"]}})"));
  EXPECT_EQ(r.workflow["entry"]["reenroll"], "after_exit");
  EXPECT_EQ(r.workflow["exit"]["goal"], J(R"({"has_event":["demo_booked","36500d"]})"));
  EXPECT_EQ(r.workflow["settings"]["quiet_hours"], J(R"({"start":"17:30","end":"09:00","mode":"hold"})"));
  EXPECT_TRUE(HasLossAt(r, "/timeWindows", "days without a window"));
  EXPECT_TRUE(HasLossAt(r, "/blockedDates"));
  EXPECT_TRUE(HasLossAt(r, "/unEnrollmentSetting"));
  EXPECT_TRUE(HasLossAt(r, "/goalFilterBranch/filterBranches/0/eventTypeId", "demo_booked"));

  // Manual enrolment: no trigger, reported.
  r = Convert(Flow(Json::array({email}), J(R"({"enrollmentCriteria":{"type":"MANUAL","shouldReEnroll":false}})")));
  ASSERT_TRUE(r.ok()) << AllLosses(r);
  EXPECT_EQ(r.workflow["entry"]["triggers"][0], J(R"({"type":"event","event":"enrolled_manually"})"));
  EXPECT_TRUE(HasLossAt(r, "/enrollmentCriteria/type", "manually"));
}

struct BadCase {
  const char* name;
  Json doc;
  const char* pointer;
  const char* code;
};

TEST(ImportHubSpot, BadInputIsALocatedProblem) {
  Json setp = J(R"({"type":"SINGLE_CONNECTION","actionTypeId":"0-5","fields":{"property_name":"a","value":{"staticValue":"x"}}})");
  Json a1 = setp, a2 = setp;
  a1["actionId"] = "1";
  a1["connection"] = {{"edgeType", "STANDARD"}, {"nextActionId", "2"}};
  a2["actionId"] = "2";
  a2["connection"] = {{"edgeType", "GOTO"}, {"nextActionId", "1"}};
  Json dangling = a1;
  const BadCase cases[] = {
      {"klaviyo export", J(R"({"data":{"type":"flow","attributes":{"definition":{"actions":[],"entry_action_id":"1"}}}})"), "", "wrong_format"},
      {"no actions", J(R"({"startActionId":"1"})"), "/actions", "missing_field"},
      {"dangling start", Flow(Json::array({a2}), {{"startActionId", "9"}}), "/startActionId", "bad_reference"},
      {"dangling connection", Flow(Json::array({dangling})), "/actions/0/connection/nextActionId", "bad_reference"},
      {"duplicate id", Flow(Json::array({a1, a1})), "/actions/1/actionId", "duplicate_name"},
      {"bad delay", Flow(Json::array({J(R"({"actionId":"1","type":"SINGLE_CONNECTION","actionTypeId":"0-1","fields":{"delta":"soon","time_unit":"DAYS"}})")})),
       "/actions/0/fields", "wrong_type"},
      {"cycle without a delay", Flow(Json::array({a1, a2})), "", "loop_without_wait"},
      // Found by import_fuzz: an empty id built a wait for the event '' (an internal error).
      {"wait for an event without its id",
       Flow(Json::array({J(R"({"actionId":"1","type":"SINGLE_CONNECTION","actionTypeId":"0-29","fields":{"event_filter_branches":[{"filterBranchType":"UNIFIED_EVENTS","eventTypeId":""}]}})")})),
       "/actions/0/fields/event_filter_branches/0/eventTypeId", "missing_field"},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    ImportResult r = ImportWorkflowJson(c.doc, Platform::kHubSpot, {});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.ExitCode(), 2);
    bool found = false;
    for (const Problem& p : r.problems) {
      found = found || (p.code == c.code && (std::string(c.pointer).empty() || p.pointer == c.pointer));
    }
    EXPECT_TRUE(found) << AllLosses(r);
  }
}

TEST(ImportHubSpot, OddShapesNeverCrashNorGiveAnInvalidWorkflow) {
  const Json odd[] = {
      Flow(Json::array({J(R"({"actionId":1,"type":"LIST_BRANCH","listBranches":[1,{"filterBranch":7}]})")})),
      Flow(Json::array({J(R"({"actionId":"1","type":"STATIC_BRANCH","inputValue":{"actionId":"3","dataKey":"x"}})")})),
      Flow(Json::array({J(R"({"actionId":"1","type":"SINGLE_CONNECTION","actionTypeId":"0-35","fields":{"date":{"type":"STATIC_VALUE","staticValue":"1e300"}}})")})),
      Flow(Json::array({J(R"({"actionId":"1","type":"SINGLE_CONNECTION","actionTypeId":"0-29","fields":{"event_filter_branches":[3]}})")})),
      Flow(Json::array({J(R"({"actionId":"1","type":"SINGLE_CONNECTION","actionTypeId":"0-5","fields":{"property_name":"id","value":5}})")})),
      Flow(Json::array(), J(R"({"enrollmentCriteria":{"type":"LIST_BASED","listFilterBranch":{"filterBranchType":"ASSOCIATION"}},"timeWindows":[{"day":"MONDAY","startTime":{"hour":30}}]})")),
  };
  for (const Json& doc : odd) {
    ImportResult r = Convert(doc);
    if (!r.ok()) {
      EXPECT_EQ(r.ExitCode(), 2);
    }
  }
}

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ImportHubSpot, GalleryExportsStillConvertToTheCommittedWorkflows) {
  std::filesystem::path dir = std::filesystem::path(FLOWPROOF_SOURCE_DIR) / "fixtures" / "import-hubspot";
  JsonInputResult names_json = ParseJsonText(ReadAll(dir / "names.json"));
  ASSERT_TRUE(names_json.ok());
  Problems problems;
  std::optional<NamesMap> names = ParseNamesMap(names_json.value, &problems);
  ASSERT_TRUE(names.has_value());
  int checked = 0;
  for (const char* name : {"welcome-series", "abandoned-cart", "winback"}) {
    SCOPED_TRACE(name);
    ImportResult r = ImportWorkflow(ReadAll(dir / (std::string(name) + ".hubspot.json")), Platform::kHubSpot, *names);
    ASSERT_TRUE(r.ok()) << AllLosses(r);
    EXPECT_EQ(r.ExitCode(), 1);
    JsonInputResult committed = ParseJsonText(ReadAll(dir / (std::string(name) + ".workflow.json")));
    ASSERT_TRUE(committed.ok());
    EXPECT_EQ(r.workflow, committed.value) << "re-run the conversion and review the diff";
    ++checked;
  }
  EXPECT_EQ(checked, 3);
}

}  // namespace
}  // namespace flowproof
