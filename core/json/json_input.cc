#include "core/json/json_input.h"

#include <cctype>
#include <cstdio>
#include <fstream>

namespace flowproof {
namespace {

std::string Megabytes(std::size_t bytes) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f MiB", static_cast<double>(bytes) / (1u << 20));
  return buffer;
}

Problem At(std::string_view text, std::size_t offset, std::string message) {
  Problem problem;
  problem.line = 1;
  problem.column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++problem.line;
      problem.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++problem.column;  // columns count characters, not UTF-8 bytes
    }
  }
  problem.message = std::move(message);
  return problem;
}

// One pass over the text that checks nesting depth and string lengths,
// ignoring everything else (the real parser reports syntax errors).
std::optional<Problem> CheckLimits(std::string_view text, const JsonLimits& limits) {
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      std::size_t start = i++;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\') ++i;
        ++i;
      }
      if (i - start - 1 > limits.max_string_bytes) {
        return At(text, start, "a string of " + Megabytes(i - start - 1) + " is longer than the limit of " +
                                   Megabytes(limits.max_string_bytes));
      }
    } else if (c == '[' || c == '{') {
      if (++depth > limits.max_depth) {
        return At(text, i, "nesting deeper than " + std::to_string(limits.max_depth) + " levels is not allowed");
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::nullopt;
}

// nlohmann's messages start "[json.exception.parse_error.101] parse error at
// line 1, column 5: "; keep what follows.
std::string PlainMessage(const std::string& what) {
  std::size_t colon = what.find(": ");
  return colon == std::string::npos ? what : what.substr(colon + 2);
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
  } catch (const Json::parse_error& error) {
    std::size_t offset = error.byte > 0 ? error.byte - 1 : 0;
    // For a bad literal or number nlohmann points past it ("tru" is known to
    // be wrong at the character after it): point at its first character.
    std::string what = error.what();
    if (what.find("invalid literal") != std::string::npos || what.find("invalid number") != std::string::npos) {
      auto in_token = [&](std::size_t i) {
        char c = text[i];
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
      };
      if (offset < text.size() && !in_token(offset) && offset > 0) --offset;
      while (offset > 0 && offset <= text.size() && in_token(offset - 1)) --offset;
    }
    result.problem = At(text, offset, PlainMessage(error.what()));
    result.value = Json();
  } catch (const std::exception& error) {
    result.problem = Problem{"", error.what(), 1, 1};
    result.value = Json();
  }
  return result;
}

std::optional<std::string> ReadFile(const std::string& path, std::size_t max_bytes, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot open the file";
    return std::nullopt;
  }
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size < 0) {
    *error = "cannot read the file";
    return std::nullopt;
  }
  if (static_cast<std::size_t>(size) > max_bytes) {
    *error = "the file is " + Megabytes(static_cast<std::size_t>(size)) + "; the limit is " + Megabytes(max_bytes);
    return std::nullopt;
  }
  std::string text(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  in.read(text.data(), size);
  if (!in) {
    *error = "cannot read the file";
    return std::nullopt;
  }
  return text;
}

}  // namespace flowproof
