// The core's text API (core/api/session_api.h): the envelope JavaScript gets
// through the binding, checked natively. Every failure is a value with its
// class at the top and each located problem with its own code.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/api/session_api.h"
#include "core/base/json.h"

namespace flowproof::api {
namespace {

std::string Quickstart() {
  std::ifstream in(FLOWPROOF_SOURCE_DIR "/fixtures/examples/quickstart.fixture.json");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Json Parse(const std::string& text) { return Json::parse(text); }

TEST(SessionApi, LoadsRunsAndReadsInTheEnvelope) {
  SessionApi api;
  Json loaded = Parse(api.Load(Quickstart(), "{}"));
  ASSERT_TRUE(loaded["ok"].get<bool>()) << loaded.dump();
  EXPECT_FALSE(loaded.contains("code"));
  EXPECT_TRUE(loaded["errors"].empty());
  EXPECT_TRUE(loaded.contains("status"));
  EXPECT_TRUE(loaded.contains("fixture"));

  Json ended = Parse(api.RunToEnd());
  ASSERT_TRUE(ended["ok"].get<bool>());
  Json trace = Parse(api.Trace(0));
  ASSERT_TRUE(trace["ok"].get<bool>());
  EXPECT_GT(trace["result"].size(), 0u);
  // The JSON lines are the same lines as the array.
  Json jsonl = Parse(api.TraceJsonl(0));
  std::size_t lines = 0;
  for (char c : jsonl["result"].get<std::string>()) lines += c == '\n';
  EXPECT_EQ(lines, trace["result"].size());

  Json sent = Parse(api.MessagesBetween(0, -1));
  ASSERT_TRUE(sent["ok"].get<bool>());
  EXPECT_EQ(sent["result"]["items"].size(), sent["result"]["total"].get<std::size_t>());
  Json tail = Parse(api.MessagesBetween(1, -1));
  EXPECT_EQ(tail["result"]["items"].size() + 1, sent["result"]["items"].size());
}

TEST(SessionApi, ProblemsCarryTheirOwnCodesUnderTheFailureClass) {
  SessionApi api;
  Json malformed = Parse(api.Load("{\n  \"format\": \"flowproof.fixture/1\",\n  \"contacts\": [1,,]\n}", "{}"));
  EXPECT_FALSE(malformed["ok"].get<bool>());
  EXPECT_EQ(malformed["code"], "invalid_input");
  EXPECT_EQ(malformed["errors"][0]["code"], "invalid_json");
  EXPECT_EQ(malformed["errors"][0]["line"], 3);

  Json doc = Json::parse(Quickstart());
  doc["contacts"][0]["timezone"] = "Mars/Olympus_Mons";
  Json invalid = Parse(api.Load(doc.dump(), "{}"));
  EXPECT_EQ(invalid["code"], "invalid_input");
  bool zone = false;
  for (const Json& e : invalid["errors"]) zone = zone || (e["pointer"] == "/contacts/0/timezone" && e["code"] == "unknown_time_zone");
  EXPECT_TRUE(zone) << invalid.dump();

  Json validation = Parse(ValidateWorkflow("{\"format\": \"flowproof.workflow/1\"}"));
  EXPECT_FALSE(validation["ok"].get<bool>());
  EXPECT_EQ(validation["code"], "invalid_input");
  for (const Json& e : validation["errors"]) EXPECT_NE(e["code"], "invalid_input") << e.dump();
}

TEST(SessionApi, OtherFailuresAreValuesWithTheirClass) {
  SessionApi api;
  Json not_loaded = Parse(api.Step());
  EXPECT_FALSE(not_loaded["ok"].get<bool>());
  EXPECT_EQ(not_loaded["code"], "not_loaded");
  EXPECT_EQ(not_loaded["errors"][0]["code"], "not_loaded");

  ASSERT_TRUE(Parse(api.Load(Quickstart(), "{}"))["ok"].get<bool>());
  EXPECT_EQ(Parse(api.AdvanceBy("-1d"))["code"], "invalid_argument");
  EXPECT_EQ(Parse(api.AdvanceBy("3x"))["code"], "invalid_argument");
  EXPECT_EQ(Parse(api.AdvanceToSeconds(0.5))["code"], "invalid_argument");
  EXPECT_EQ(Parse(api.RunToBreakpoint("[1]", 0))["code"], "invalid_argument");
  EXPECT_EQ(Parse(api.Contact("nobody"))["code"], "unknown_contact");
  EXPECT_EQ(Parse(api.Render("nobody", "nothing"))["code"], "unknown_contact");
  EXPECT_EQ(Parse(api.Load(Quickstart(), "[]"))["code"], "invalid_argument");
  // A failed load unloads the previous fixture.
  EXPECT_EQ(Parse(api.Status())["code"], "not_loaded");
  EXPECT_EQ(Parse(CoverageOf("[]"))["code"], "invalid_argument");
}

}  // namespace
}  // namespace flowproof::api
