// A contact's attributes: the flat list the simulator reads in place.
#include <gtest/gtest.h>

#include "core/model/attributes.h"

namespace flowproof {
namespace {

TEST(Attributes, SortedByNameWhateverTheOrderSet) {
  Attributes attributes;
  attributes.Set("zip", "75001");
  attributes.Set("age", 41);
  attributes.Set("plan", "pro");
  std::vector<std::string> names;
  for (const auto& [name, value] : attributes) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"age", "plan", "zip"}));
  EXPECT_EQ(attributes.ToJson().dump(), R"({"age":41,"plan":"pro","zip":"75001"})");
}

TEST(Attributes, SetReplacesAndFindReadsInPlace) {
  Attributes attributes;
  attributes.Set("score", 10);
  attributes.Set("name", "Ada");
  attributes.Set("score", 20);
  EXPECT_EQ(attributes.size(), 2u);
  ASSERT_NE(attributes.Find("score"), nullptr);
  EXPECT_EQ(*attributes.Find("score"), 20);
  EXPECT_EQ(attributes.Find("scor"), nullptr);
  EXPECT_EQ(attributes.Find(""), nullptr);
  const Json* name = attributes.Find("name");
  EXPECT_EQ(name, attributes.Find("name")) << "the same value, not a copy";
}

}  // namespace
}  // namespace flowproof
