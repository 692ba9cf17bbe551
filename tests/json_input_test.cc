// Reading JSON text: malformed input is located by line and column with a
// message for people, and absurd input is refused quickly instead of
// crashing, recursing or stalling.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/json/json_input.h"

namespace flowproof {
namespace {

TEST(JsonInput, ValidTextParses) {
  JsonInputResult parsed = ParseJsonText("\xEF\xBB\xBF{\"a\": [1, 2.5, \"\xC3\xA9\", null, true]}");  // with a BOM
  ASSERT_TRUE(parsed.ok()) << parsed.problem->ToString();
  EXPECT_EQ(parsed.value["a"][2], "\xC3\xA9");
  EXPECT_EQ(parsed.value["a"][1], 2.5);
}

TEST(JsonInput, MalformedJsonIsLocated) {
  struct Case {
    const char* text;
    int line;
    int column;
    const char* words;
  };
  const Case cases[] = {
      {"", 1, 1, "ends too early"},
      {"{\n  \"a\": 1,\n  \"b\": tru\n}", 3, 8, "unexpected text"},          // the start of the bad literal
      {"{\"a\": 1,}", 1, 9, "comma before '}' is not allowed"},               // trailing comma
      {"[1,\n  2,\n  ]", 3, 3, "comma before ']' is not allowed"},
      {"{\"a\" 1}", 1, 6, "expected ':'"},
      {"{'a': 1}", 1, 2, "field name in double quotes"},                      // single quotes
      {"[1 2]", 1, 4, "expected ']'"},
      {"{\"a\": 1} x", 1, 10, "nothing after the end"},
      {"\"abc", 1, 5, "missing closing quote"},
      {"{\"a\": \"x\ny\"}", 1, 9, "must be escaped"},                         // raw newline in a string
      {"[1.]", 1, 2, "expected digit after '.'"},
      {"// note\n{}", 1, 1, "comments are not allowed"},
      {"{\"\xC3\xA9\xC3\xA9\": nul}", 1, 8, "unexpected text"},               // columns count characters, not bytes
      {"[\"\xFF\"]", 1, 3, "UTF-8"},
      {"[1e999]", 1, 2, "too large"},
      {"[[[", 1, 4, "ends too early"},
  };
  for (const Case& c : cases) {
    JsonInputResult parsed = ParseJsonText(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.problem->line, c.line) << c.text << " -> " << parsed.problem->ToString();
    EXPECT_EQ(parsed.problem->column, c.column) << c.text << " -> " << parsed.problem->ToString();
    EXPECT_NE(parsed.problem->message.find(c.words), std::string::npos) << c.text << " -> " << parsed.problem->ToString();
    EXPECT_EQ(parsed.problem->message.find("json.exception"), std::string::npos) << parsed.problem->message;
    EXPECT_EQ(parsed.problem->message.find("last read"), std::string::npos) << parsed.problem->message;
    EXPECT_TRUE(parsed.value.is_null());
  }
}

TEST(JsonInput, ProblemPrintsLineAndColumn) {
  JsonInputResult parsed = ParseJsonText("{\n  \"a\": 1,\n  \"b\": tru\n}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problem->ToString().rfind("line 3, column 8: invalid JSON", 0), 0u) << parsed.problem->ToString();
}

// Each absurd input must be refused where it breaks a limit, without
// recursion (a 200,000-deep array would overflow the stack) and without
// reading past the limit (the 100 MiB string is refused by its size first).
// No wall-clock budget: timings flake under the sanitizers and load.
TEST(JsonInput, AbsurdInputsAreRefusedFast) {

  std::string deep(200000, '[');
  deep += std::string(200000, ']');
  JsonInputResult parsed = ParseJsonText(deep);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.problem->message.find("nested deeper than 512"), std::string::npos) << parsed.problem->message;
  EXPECT_EQ(parsed.problem->column, 513);

  std::string deep_objects;
  for (int i = 0; i < 100000; ++i) deep_objects += "{\"a\":";
  parsed = ParseJsonText(deep_objects);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.problem->message.find("nested deeper"), std::string::npos);

  std::string huge = "\"" + std::string(100u << 20, 'x') + "\"";  // 100 MiB
  parsed = ParseJsonText(huge);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.problem->message.find("the limit is 64.0 MiB"), std::string::npos) << parsed.problem->message;

  std::string long_key = "{\"" + std::string(2u << 20, 'k') + "\": 1}";  // a 2 MiB key
  parsed = ParseJsonText(long_key);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.problem->message.find("longer than the limit of 1.0 MiB"), std::string::npos) << parsed.problem->message;
  EXPECT_EQ(parsed.problem->column, 2);

  std::string unterminated = "[\"" + std::string(3u << 20, 'u');  // no closing quote
  parsed = ParseJsonText(unterminated);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.problem->message.find("longer than the limit"), std::string::npos);
}

TEST(JsonInput, LimitsAreAdjustable) {
  JsonLimits limits;
  limits.max_depth = 2;
  limits.max_string_bytes = 4;
  limits.max_bytes = 20;
  EXPECT_TRUE(ParseJsonText("[[1]]", limits).ok());
  EXPECT_FALSE(ParseJsonText("[[[1]]]", limits).ok());
  EXPECT_TRUE(ParseJsonText("[\"abcd\"]", limits).ok());
  EXPECT_FALSE(ParseJsonText("[\"abcde\"]", limits).ok());
  EXPECT_TRUE(ParseJsonText("[\"a\\\"b\"]", limits).ok());  // an escaped quote does not end the string
  JsonInputResult big = ParseJsonText("[1, 2, 3, 4, 5, 6, 7, 8]", limits);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.problem->message.find("the input is 24 bytes; the limit is 20 bytes"), std::string::npos) << big.problem->message;
}

TEST(ReadFile, ReadsBoundedFiles) {
  std::string path = ::testing::TempDir() + "flowproof_read_file_test.json";
  {
    std::ofstream out(path, std::ios::binary);
    out << std::string(1000, 'a');
  }
  std::string error;
  std::optional<std::string> text = ReadFile(path, 1000, &error);
  ASSERT_TRUE(text.has_value()) << error;
  EXPECT_EQ(text->size(), 1000u);

  EXPECT_FALSE(ReadFile(path, 999, &error).has_value());
  EXPECT_EQ(error, "the file is 1000 bytes; the limit is 999 bytes");

  EXPECT_FALSE(ReadFile(path + ".missing", 1000, &error).has_value());
  EXPECT_EQ(error.rfind("cannot open the file", 0), 0u) << error;
  EXPECT_FALSE(ReadFile(path + ".missing", 1000, nullptr).has_value());  // error may be null
  std::remove(path.c_str());
}

}  // namespace
}  // namespace flowproof

namespace flowproof {
namespace {

// nlohmann keeps the last of two equal names: a workflow with two nodes of
// the same id would lose one without a word.
TEST(JsonInput, AFieldNamedTwiceInOneObjectIsLocated) {
  JsonInputResult parsed = ParseJsonText("{\"nodes\": {\n  \"a\": 1,\n  \"b\": [{\"a\": 2}],\n  \"a\": 3\n}}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problem->line, 4);
  EXPECT_EQ(parsed.problem->column, 3);
  EXPECT_NE(parsed.problem->message.find("\"a\" appears twice"), std::string::npos) << parsed.problem->message;
  // The same name in different objects, or as a string value, is fine.
  EXPECT_TRUE(ParseJsonText(R"({"a": {"a": "a"}, "b": [{"a": 1}, {"a": 2}], "c": "a"})").ok());
  EXPECT_TRUE(ParseJsonText(R"({"x\"y": 1, "x": 2})").ok());
}

}  // namespace
}  // namespace flowproof

namespace flowproof {
namespace {

// Parses exactly `text`, from a buffer that holds nothing after it, so that
// a read past the end is a read outside the allocation (which ASan reports).
JsonInputResult ParseExactly(const std::string& text, const JsonLimits& limits = {}) {
  std::vector<char> bytes(text.begin(), text.end());
  return ParseJsonText(std::string_view(bytes.data(), bytes.size()), limits);
}

// nlohmann's lexer takes a NUL byte for the end of the text, so everything
// after one was silently dropped.
TEST(JsonInput, ANulByteIsRefusedWhereItIs) {
  struct Case {
    std::string text;
    int line;
    int column;
  };
  const Case cases[] = {
      {std::string("{}\0garbage", 10), 1, 3},
      {std::string("{}\0", 3), 1, 3},
      {std::string("\0", 1), 1, 1},
      {std::string("[\"a\0b\"]", 7), 1, 4},  // inside a string
      {std::string("{\"a\":\n 1\0}", 10), 2, 3},
      {std::string("[1, 2\0, 3]", 10), 1, 6},
  };
  for (const Case& c : cases) {
    JsonInputResult parsed = ParseExactly(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text.size();
    EXPECT_NE(parsed.problem->message.find("NUL byte"), std::string::npos) << parsed.problem->ToString();
    EXPECT_EQ(parsed.problem->line, c.line) << parsed.problem->ToString();
    EXPECT_EQ(parsed.problem->column, c.column) << parsed.problem->ToString();
    EXPECT_TRUE(parsed.value.is_null());
  }
  // An escaped NUL is a character like any other.
  JsonInputResult escaped = ParseJsonText(R"(["a\u0000b"])");
  ASSERT_TRUE(escaped.ok()) << escaped.problem->ToString();
  EXPECT_EQ(escaped.value[0].get<std::string>(), std::string("a\0b", 3));
}

TEST(JsonInput, TextAfterTheValueIsRefused) {
  for (const char* text : {"{} {}", "[1]]", "1 2", "\"a\"x", "null,", "{\"a\": 1}}", "true false"}) {
    JsonInputResult parsed = ParseExactly(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_NE(parsed.problem->message.find("nothing after the end"), std::string::npos) << text << " -> " << parsed.problem->ToString();
  }
  EXPECT_TRUE(ParseJsonText("{}\n\t \r\n").ok());  // white space is fine
}

TEST(JsonInput, DuplicateNamesInNestedObjectsAreLocated) {
  JsonInputResult parsed = ParseJsonText("{\"a\": {\"b\": 1,\n  \"c\": {\"d\": 1, \"d\": 2}}}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problem->line, 2);
  EXPECT_EQ(parsed.problem->column, 17);
  EXPECT_NE(parsed.problem->message.find("\"d\" appears twice"), std::string::npos) << parsed.problem->message;
  // The first repeated name in the text is the one reported, however deep.
  parsed = ParseJsonText(R"({"x": {"y": 1, "y": 2}, "x": 3})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problem->column, 16);
  EXPECT_NE(parsed.problem->message.find("\"y\" appears twice"), std::string::npos) << parsed.problem->message;
  // Names are compared as JSON reads them: "\u0061" is "a".
  parsed = ParseJsonText(R"({"a": 1, "\u0061": 2})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problem->column, 10);
  // Objects inside arrays each have their own names.
  EXPECT_TRUE(ParseJsonText(R"([{"a": 1}, {"a": 2}, [{"a": {"a": 3}}]])").ok());
}

TEST(JsonInput, DepthExactlyAtTheLimitParsesAndOneMoreIsRefused) {
  std::string at_limit = std::string(512, '[') + std::string(512, ']');
  EXPECT_TRUE(ParseJsonText(at_limit).ok());
  std::string over = std::string(513, '[') + std::string(513, ']');
  JsonInputResult parsed = ParseJsonText(over);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problem->column, 513);
  EXPECT_NE(parsed.problem->message.find("nested deeper than 512"), std::string::npos);

  std::string objects_at_limit;
  for (int i = 0; i < 512; ++i) objects_at_limit += "{\"a\":";
  objects_at_limit += "1" + std::string(512, '}');
  EXPECT_TRUE(ParseJsonText(objects_at_limit).ok());
  std::string objects_over = "[" + objects_at_limit + "]";
  parsed = ParseJsonText(objects_over);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problem->column, 1 + 511 * 5 + 1);  // the 513th bracket
  // Depth counts brackets open at once, not brackets seen: siblings do not add up.
  std::string siblings = "[";
  for (int i = 0; i < 1000; ++i) siblings += "[[]],";
  siblings += "1]";
  EXPECT_TRUE(ParseJsonText(siblings).ok());
}

TEST(JsonInput, ANumberTooLargeForADoubleIsLocated) {
  struct Case {
    const char* text;
    int line;
    int column;
    const char* number;
  };
  const Case cases[] = {
      {"1e999", 1, 1, "1e999"},
      {"[-1e999]", 1, 2, "-1e999"},
      {"{\"a\":\n  1.5E+400}", 2, 3, "1.5E+400"},
  };
  for (const Case& c : cases) {
    JsonInputResult parsed = ParseExactly(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.problem->line, c.line) << parsed.problem->ToString();
    EXPECT_EQ(parsed.problem->column, c.column) << parsed.problem->ToString();
    EXPECT_EQ(parsed.problem->message, std::string("the number ") + c.number + " is too large");
  }
  EXPECT_TRUE(ParseJsonText("[1e308, 1e-999, 18446744073709551616]").ok());  // underflow and big integers are doubles
}

TEST(JsonInput, AKeyOverTheLimitIsLocatedAtItsQuote) {
  JsonLimits limits;
  limits.max_string_bytes = 8;
  EXPECT_TRUE(ParseJsonText("{\"12345678\": \"12345678\"}", limits).ok());
  JsonInputResult parsed = ParseJsonText("{\"a\": 1,\n \"123456789\": 2}", limits);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problem->line, 2);
  EXPECT_EQ(parsed.problem->column, 2);
  EXPECT_EQ(parsed.problem->message, "a string of 9 bytes is longer than the limit of 8 bytes");
  // Lengths are as written: an escape counts its backslash.
  parsed = ParseJsonText(R"({"\u00e9\u00e9": 1})", limits);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problem->message, "a string of 12 bytes is longer than the limit of 8 bytes");
}

// nlohmann's SAX parser keeps its own stack of open brackets, and so does
// the handler: 200,000 levels are a loop, not 200,000 stack frames (which
// would overflow the 4 MiB stack of the WebAssembly build).
TEST(JsonInput, DeepNestingCostsNoRecursion) {
  JsonLimits limits;
  limits.max_depth = 1000000;
  constexpr int kLevels = 200000;
  std::string arrays = std::string(kLevels, '[') + std::string(kLevels, ']');
  JsonInputResult parsed = ParseJsonText(arrays, limits);
  ASSERT_TRUE(parsed.ok()) << parsed.problem->ToString();
  int depth = 0;
  for (const Json* at = &parsed.value; at->is_array() && !at->empty(); at = &(*at)[0]) ++depth;
  EXPECT_EQ(depth, kLevels - 1);  // the innermost array is empty

  std::string objects;
  for (int i = 0; i < kLevels; ++i) objects += "{\"a\":";
  objects += "null" + std::string(kLevels, '}');
  parsed = ParseJsonText(objects, limits);
  ASSERT_TRUE(parsed.ok()) << parsed.problem->ToString();
  // And with the default limit, the 513th bracket stops it at once.
  parsed = ParseJsonText(objects);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problem->column, 512 * 5 + 1);
}

// The error path pointed at the start of a bad literal by looking at the
// character after it, which for "tru" at the very end of the text is past
// the end (found by json_input_fuzz).
TEST(JsonInput, ALiteralCutShortAtTheEndIsReadWithinTheText) {
  for (const char* text : {"tru", "[fals", "{\"a\": nul", "-", "[1.5e", "n"}) {
    JsonInputResult parsed = ParseExactly(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.problem->line, 1);
    EXPECT_GE(parsed.problem->column, 1);
  }
  JsonInputResult parsed = ParseExactly("[tru");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.problem->column, 2) << parsed.problem->ToString();
}

}  // namespace
}  // namespace flowproof

namespace flowproof {
namespace {

// The "last read: '...'" part of nlohmann's message was cut by searching for
// the "'; expected " after it, which the user's text can itself hold: half
// of a character was left in the message, which then could not be printed
// as JSON (found by json_input_fuzz).
TEST(JsonInput, AMessageNeverQuotesTheTextItFailedOn) {
  const std::string texts[] = {
      "\"{2'; expected 2\xD0",  // an ill-formed string holding "'; expected "
      "[\"a'; expected 2\", \"\xFF\"]",
      "{\"x\": tru'; expected 2}",
  };
  for (const std::string& text : texts) {
    JsonInputResult parsed = ParseExactly(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.problem->message.find("expected 2"), std::string::npos) << parsed.problem->message;
    EXPECT_NO_THROW((void)Json(parsed.problem->message).dump()) << parsed.problem->message;
  }
}

}  // namespace
}  // namespace flowproof
