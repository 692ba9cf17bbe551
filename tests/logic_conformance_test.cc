// The JsonLogic conformance suite (jsonlogic.com's tests.json), read from
// ../shared/conformance/jsonlogic beside the checkout; never copied here.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/logic/js_coercion.h"
#include "core/logic/rule.h"
#include "tests/conformance_support.h"

namespace flowproof::logic {
namespace {

// Results compare as JSON; numbers by value, and an integral expectation
// ("3") must come out as an integer, not 3.0, as JSON.stringify prints it.
bool SameResult(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) {
    return a.get<double>() == b.get<double>() && a.is_number_float() == b.is_number_float();
  }
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!SameResult(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (!b.contains(it.key()) || !SameResult(it.value(), b[it.key()])) return false;
    }
    return true;
  }
  return a == b;
}

TEST(JsonLogicConformance, EveryCasePasses) {
  std::string path = std::string(FLOWPROOF_SOURCE_DIR) + "/../shared/conformance/jsonlogic/tests.json";
  std::ifstream in(path);
  if (!in) FLOWPROOF_SUITE_MISSING("The JsonLogic conformance suite", path);
  std::stringstream text;
  text << in.rdbuf();
  Json cases = Json::parse(text.str(), nullptr, false);
  ASSERT_TRUE(cases.is_array()) << path << " is not a JSON array";
  int passed = 0, failed = 0, index = 0;
  std::string section;
  for (const Json& entry : cases) {
    if (entry.is_string()) {  // a section heading such as "# Between"
      section = entry.get<std::string>();
      continue;
    }
    ++index;
    ASSERT_TRUE(entry.is_array() && entry.size() == 3) << "case " << index << " is not [rule, data, expected]";
    const Json& rule = entry[0];
    const Json& data = entry[1];
    const Json& expected = entry[2];
    CompileResult compiled = Compile(rule);
    Json actual;
    if (compiled.ok()) {
      actual = Evaluate(*compiled.rule, data);
    } else {
      actual = "compile error: " + compiled.problems[0].ToString();
    }
    if (SameResult(actual, expected)) {
      ++passed;
    } else {
      ++failed;
      ADD_FAILURE() << "case " << index << " (" << section << "): " << rule.dump() << " with data " << data.dump()
                    << " gave " << actual.dump() << ", expected " << expected.dump();
    }
  }
  std::printf("JsonLogic conformance: %d passed, %d failed of %d\n", passed, failed, passed + failed);
  EXPECT_EQ(failed, 0);
  EXPECT_GT(passed, 0) << "the suite at " << path << " holds no cases";
}

}  // namespace
}  // namespace flowproof::logic
