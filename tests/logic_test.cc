// FORMAT.md's extra JsonLogic operations, reads recording, compile problems.
#include <gtest/gtest.h>

#include "core/logic/rule.h"
#include "core/time/timestamp.h"

namespace flowproof::logic {
namespace {

Json Eval(const char* rule, const Json& data, const Host* host = nullptr, std::vector<Read>* reads = nullptr) {
  CompileResult compiled = Compile(Json::parse(rule));
  EXPECT_TRUE(compiled.ok()) << rule;
  if (!compiled.ok()) return Json("compile error");
  EvalOptions options;
  options.host = host;
  options.reads = reads;
  return Evaluate(*compiled.rule, data, options);
}

TEST(JsonLogicExtras, WithJsonHost) {
  Json data = Json::parse(R"({
    "now": "2026-11-10T12:00:00Z",
    "contact": {"lists": ["vip"], "signed_up": "2026-11-08T00:00:00Z"},
    "events": [
      {"name": "purchase_completed", "at": "2026-11-01T00:00:00Z", "properties": {"total": 20}},
      {"name": "purchase_completed", "at": "2026-11-09T00:00:00Z", "properties": {"total": 80}},
      {"name": "page_viewed", "at": "2026-11-10T11:00:00Z"}
    ]})");
  JsonHost host(data);
  struct Case { const char* rule; Json expected; };
  const Case cases[] = {
      {R"({"has_event": ["purchase_completed", "7d"]})", true},
      {R"({"has_event": ["purchase_completed", "12h"]})", false},
      {R"({"count_events": ["purchase_completed", "30d"]})", 2},
      {R"({"count_events": ["purchase_completed", "30d", {">": [{"var": "event.properties.total"}, 50]}]})", 1},
      {R"({"has_event": ["page_viewed", "2h", {"==": [{"var": "contact.lists.0"}, "vip"]}]})", true},
      {R"({"days_since": [{"var": "contact.signed_up"}]})", 2.5},
      {R"({"hours_since": ["2026-11-10T09:00:00Z"]})", 3},
      {R"({"date_add": ["2026-11-10T12:00:00Z", "1d12h"]})", "2026-11-12T00:00:00Z"},
      {R"({"in_list": ["vip"]})", true},
      {R"({"in_list": ["churned"]})", false},
      {R"({"days_since": ["not a date"]})", nullptr},
  };
  for (const Case& c : cases) EXPECT_EQ(Eval(c.rule, data, &host), c.expected) << c.rule;
}

TEST(JsonLogicExtras, WithoutAHostTheyYieldNull) {
  EXPECT_EQ(Eval(R"({"has_event": ["x", "1d"]})", Json::object()), nullptr);
  EXPECT_EQ(Eval(R"({"days_since": ["2026-01-01T00:00:00Z"]})", Json::object()), nullptr);
}

TEST(JsonLogicReads, RecordsRootReadsOnceInOrder) {
  std::vector<Read> reads;
  Json data = {{"contact", {{"country", "US"}, {"items", {1, 2}}}}};
  Eval(R"({"and": [{"==": [{"var": "contact.country"}, "US"]}, {"!": {"var": "contact.missing"}},
                   {"some": [{"var": "contact.items"}, {">": [{"var": ""}, 1]}]}, {"==": [{"var": "contact.country"}, "US"]}]})",
       data, nullptr, &reads);
  ASSERT_EQ(reads.size(), 3u);
  EXPECT_EQ(reads[0].path, "contact.country");
  EXPECT_EQ(reads[0].value, "US");
  EXPECT_EQ(reads[1].path, "contact.missing");
  EXPECT_TRUE(reads[1].value.is_null());
  EXPECT_EQ(reads[2].path, "contact.items");  // element reads inside `some` are not the contact's
}

TEST(JsonLogicCompile, ProblemsArePointedAt) {
  CompileResult compiled = Compile(Json::parse(R"({"and": [true, {"frobnicate": [1]}]})"));
  ASSERT_EQ(compiled.problems.size(), 1u);
  EXPECT_EQ(compiled.problems[0].pointer, "/and/1/frobnicate");
  compiled = Compile(Json::parse(R"({"has_event": ["x", "seven days"]})"));
  ASSERT_EQ(compiled.problems.size(), 1u);
  EXPECT_EQ(compiled.problems[0].pointer, "/has_event/1");
  compiled = Compile(Json::parse(R"({"in_list": []})"));
  EXPECT_FALSE(compiled.ok());
  Json deep = true;
  for (int i = 0; i < 1000; ++i) deep = Json{{"!", Json::array({deep})}};
  compiled = Compile(deep);
  ASSERT_FALSE(compiled.ok());
  EXPECT_NE(compiled.problems[0].message.find("deeper"), std::string::npos);
}

TEST(JsonLogicTruthy, MatchesJsonLogic) {
  EXPECT_FALSE(Truthy(Json::array()));
  EXPECT_TRUE(Truthy(Json::array({0})));
  EXPECT_TRUE(Truthy("0"));
  EXPECT_FALSE(Truthy(""));
  EXPECT_FALSE(Truthy(0.0));
  EXPECT_TRUE(Truthy(Json::object()));
  EXPECT_FALSE(Truthy(nullptr));
}

}  // namespace
}  // namespace flowproof::logic
