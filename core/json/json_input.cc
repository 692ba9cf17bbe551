#include "core/json/json_input.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <utility>
#include <vector>

namespace flowproof {
namespace {

// "512 bytes", "1.5 MiB".
std::string Megabytes(std::size_t bytes) {
  if (bytes < (1u << 20)) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.1f MiB", static_cast<double>(bytes) / (1u << 20));
  return buffer;
}

// A problem at byte `offset` of `text`, with 1-based line and column; columns
// count characters (UTF-8 sequences), as editors do.
Problem At(std::string_view text, std::size_t offset, std::string message) {
  Problem problem;
  problem.line = 1;
  problem.column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++problem.line;
      problem.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++problem.column;
    }
  }
  problem.message = std::move(message);
  return problem;
}

// The index of the quote that closes the string opened at `open` (escapes
// skipped), or past the end when the text ends first.
std::size_t ClosingQuote(std::string_view text, std::size_t open) {
  std::size_t i = open + 1;
  while (i < text.size() && text[i] != '"') {
    if (text[i] == '\\') ++i;
    ++i;
  }
  return i;
}

// One linear pass that checks nesting depth and string lengths before the
// real parser runs, so that hostile input is rejected in O(n) with no
// recursion. Syntax is left to the parser.
std::optional<Problem> CheckLimits(std::string_view text, const JsonLimits& limits) {
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      std::size_t start = i;
      i = ClosingQuote(text, start);
      std::size_t length = (i < text.size() ? i : text.size()) - start - 1;
      if (length > limits.max_string_bytes) {
        return At(text, start, "a string of " + Megabytes(length) + " is longer than the limit of " +
                                   Megabytes(limits.max_string_bytes));
      }
    } else if (c == '[' || c == '{') {
      if (++depth > limits.max_depth) {
        return At(text, i, "arrays and objects nested deeper than " + std::to_string(limits.max_depth) +
                               " levels are not allowed");
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::nullopt;
}

// JSON leaves duplicate field names undefined and nlohmann keeps the last:
// a workflow with two nodes of the same id would silently lose one. One
// linear pass over text that already parsed finds the first field named twice
// in the same object (names compared as written).
std::optional<Problem> FindDuplicateKey(std::string_view text) {
  using Key = std::pair<std::string_view, std::size_t>;  // name as written, offset of its quote
  std::vector<std::vector<Key>> open;  // one list per object being read; arrays push none
  std::vector<bool> is_object;
  std::optional<std::size_t> first;    // the earliest repeated name seen
  std::string_view first_name;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      std::size_t start = i;
      i = ClosingQuote(text, start);
      std::size_t after = i + 1;
      while (after < text.size() && std::isspace(static_cast<unsigned char>(text[after]))) ++after;
      bool key = after < text.size() && text[after] == ':' && !is_object.empty() && is_object.back();
      if (key) open.back().emplace_back(text.substr(start + 1, i - start - 1), start);
    } else if (c == '{' || c == '[') {
      is_object.push_back(c == '{');
      if (c == '{') open.emplace_back();
    } else if (c == '}' || c == ']') {
      if (c == '}' && !open.empty()) {
        std::vector<Key>& keys = open.back();
        std::stable_sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) { return a.first < b.first; });
        for (std::size_t k = 1; k < keys.size(); ++k) {
          if (keys[k].first == keys[k - 1].first && (!first || keys[k].second < *first)) {
            first = keys[k].second;
            first_name = keys[k].first;
          }
        }
        open.pop_back();
      }
      if (!is_object.empty()) is_object.pop_back();
    }
  }
  if (!first) return std::nullopt;
  return At(text, *first, "the field \"" + std::string(first_name.substr(0, 200)) +
                              "\" appears twice in the same object; JSON keeps only one of them");
}

bool InToken(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'; }

// nlohmann says "[json.exception.parse_error.101] parse error at line 1,
// column 5: syntax error while parsing object key - invalid literal; last
// read: '<U+0022>a'; expected string literal". Keep the detail and what was
// expected; the line and column replace "last read".
std::string ParseErrorMessage(const std::string& what, std::string_view text, std::size_t offset) {
  std::size_t dash = what.find(" - ");
  std::string rest = dash == std::string::npos ? what : what.substr(dash + 3);
  // Drop "; last read: '...'" (its text may itself hold "; ").
  std::size_t last_read = rest.find("; last read: '");
  if (last_read != std::string::npos) {
    std::size_t after = rest.rfind("'; expected ");
    std::size_t end = after != std::string::npos && after > last_read ? after + 1 : rest.size();
    rest.erase(last_read, end - last_read);
  }
  std::string detail = rest;
  std::string expected;
  std::size_t expect = rest.find("; expected ");
  if (expect != std::string::npos) {
    detail = rest.substr(0, expect);
    expected = rest.substr(expect + 2);
  }
  bool comment = offset < text.size() && text[offset] == '/';
  if (detail == "unexpected end of input") detail = "the text ends too early";
  if (detail == "invalid literal") {
    detail = comment ? "comments are not allowed in JSON" : "unexpected text";
    if (expected.empty()) {
      expected = "expected a value: a string in double quotes, a number, true, false, null, an array or an object";
    }
  }
  if (expected == "expected string literal") expected = "expected a field name in double quotes";
  if (expected == "expected '[', '{', or a literal") expected = "expected a value";
  if (expected == "expected end of input") expected = "expected nothing after the end of the JSON value";
  std::string message = "invalid JSON: " + detail;
  if (!expected.empty()) message += "; " + expected;
  // The commonest mistake in hand-written JSON.
  std::size_t before = offset;
  while (before > 0 && std::isspace(static_cast<unsigned char>(text[before - 1]))) --before;
  if (before > 0 && text[before - 1] == ',' && offset < text.size() && (text[offset] == '}' || text[offset] == ']')) {
    message += " (a comma before '" + std::string(1, text[offset]) + "' is not allowed in JSON)";
  }
  return message;
}

}  // namespace

JsonInputResult ParseJsonText(std::string_view text, const JsonLimits& limits) {
  JsonInputResult result;
  if (text.size() > limits.max_bytes) {
    result.problem = Problem{"", "the input is " + Megabytes(text.size()) + "; the limit is " + Megabytes(limits.max_bytes), 1, 1};
    return result;
  }
  if (std::optional<Problem> problem = CheckLimits(text, limits)) {
    result.problem = std::move(problem);
    return result;
  }
  try {
    result.value = Json::parse(text.begin(), text.end());
    if (std::optional<Problem> duplicate = FindDuplicateKey(text)) {
      result.problem = std::move(duplicate);
      result.value = Json();
    }
  } catch (const Json::parse_error& error) {
    // `byte` counts the characters read, the offending one included.
    std::size_t offset = error.byte > 0 ? error.byte - 1 : 0;
    if (offset > text.size()) offset = text.size();
    std::string what = error.what();
    // For a bad literal or number nlohmann reads one character past it
    // ("tru}" is known to be wrong at the '}'): point at its first character.
    if (what.find("invalid literal") != std::string::npos || what.find("invalid number") != std::string::npos) {
      if (offset < text.size() && !InToken(text[offset]) && offset > 0 && InToken(text[offset - 1])) --offset;
      while (offset > 0 && offset <= text.size() && InToken(text[offset - 1]) && InToken(text[offset])) --offset;
    }
    result.problem = At(text, offset, ParseErrorMessage(what, text, offset));
    result.value = Json();
  } catch (const Json::out_of_range& error) {
    // "number overflow parsing '1e999'": no position given, so find the number.
    std::string what = error.what();
    std::size_t open = what.find('\'');
    std::size_t close = open == std::string::npos ? open : what.find('\'', open + 1);
    std::string number = close == std::string::npos ? "" : what.substr(open + 1, close - open - 1);
    std::size_t offset = number.empty() ? 0 : text.find(number);
    if (offset == std::string_view::npos) offset = 0;
    result.problem = At(text, offset, "the number " + number + " is too large");
    result.value = Json();
  } catch (const std::exception& error) {
    result.problem = Problem{"", std::string("invalid JSON: ") + error.what(), 1, 1};
    result.value = Json();
  }
  return result;
}

std::optional<std::string> ReadFile(const std::string& path, std::size_t max_bytes, std::string* error) {
  std::string ignored;
  if (error == nullptr) error = &ignored;
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = errno != 0 ? std::string("cannot open the file: ") + std::strerror(errno) : "cannot open the file";
    return std::nullopt;
  }
  // Read in blocks rather than trusting the size the file reports: pipes
  // have none, and a directory opens but reports nonsense.
  std::string text;
  char block[1 << 16];
  while (in) {
    in.read(block, sizeof block);
    std::streamsize got = in.gcount();
    if (got <= 0) break;
    if (text.size() + static_cast<std::size_t>(got) > max_bytes) {
      in.clear();
      in.seekg(0, std::ios::end);
      std::streamoff size = in.tellg();
      *error = size > 0 && static_cast<std::size_t>(size) > max_bytes && size < (std::streamoff{1} << 50)
                   ? "the file is " + Megabytes(static_cast<std::size_t>(size)) + "; the limit is " + Megabytes(max_bytes)
                   : "the file is larger than the limit of " + Megabytes(max_bytes);
      return std::nullopt;
    }
    text.append(block, static_cast<std::size_t>(got));
  }
  if (in.bad() || (!in.eof() && in.fail())) {
    *error = "cannot read the file (is it a directory?)";
    return std::nullopt;
  }
  return text;
}

}  // namespace flowproof
