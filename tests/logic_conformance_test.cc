// The JsonLogic conformance suite (jsonlogic.com's tests.json), read from
// ../shared/conformance/jsonlogic beside the checkout; never copied here.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/logic/js_coercion.h"
#include "core/logic/rule.h"

namespace flowproof::logic {
namespace {

// Results compare as JSON, numbers by value (json-logic-js has one number type).
bool SameResult(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
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
  if (!in) GTEST_SKIP() << "JsonLogic conformance suite not found at " << path << " (it lives beside the checkout)";
  std::stringstream text;
  text << in.rdbuf();
  Json cases = Json::parse(text.str());
  int passed = 0, failed = 0;
  std::string section;
  for (const Json& entry : cases) {
    if (entry.is_string()) {
      section = entry.get<std::string>();
      continue;
    }
    const Json& rule = entry[0];
    const Json& data = entry[1];
    const Json& expected = entry[2];
    CompileResult compiled = Compile(rule);
    Json actual = compiled.ok() ? Evaluate(*compiled.rule, data) : Json("compile error");
    if (SameResult(actual, expected)) {
      ++passed;
    } else {
      ++failed;
      ADD_FAILURE() << section << ": " << rule.dump() << " with " << data.dump() << " gave " << actual.dump()
                    << ", expected " << expected.dump();
    }
  }
  std::printf("JsonLogic conformance: %d passed, %d failed of %d\n", passed, failed, passed + failed);
  EXPECT_GT(passed, 200);
}

}  // namespace
}  // namespace flowproof::logic
