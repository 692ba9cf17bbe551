// What the libFuzzer harnesses share: splitting one input into parts, and
// turning a broken invariant into a crash the fuzzer records.
//
//   std::vector<std::string_view> parts = fuzz::Split(data, size, 3);  // at '\0' bytes
//   fuzz::Require(parsed.ok() == reparsed.ok(), "parse is not deterministic");
//
// Harnesses that read several texts (a rule and its data; a template, its
// partials and its data) take them from one input separated by NUL bytes,
// which no JSON or Liquid text needs, so a seed is the texts joined by "\0".
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/json.h"
#include "core/base/problem.h"

namespace flowproof::fuzz {

// The input cut at its first max_parts - 1 NUL bytes: always max_parts parts,
// the missing ones empty.
inline std::vector<std::string_view> Split(const std::uint8_t* data, std::size_t size, std::size_t max_parts) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    std::size_t nul = rest.find('\0');
    if (nul == std::string_view::npos) break;
    parts.push_back(rest.substr(0, nul));
    rest.remove_prefix(nul + 1);
  }
  parts.push_back(rest);
  parts.resize(max_parts);
  return parts;
}

// Aborts (a finding, with the fuzzer's stack trace and the input saved) when
// `condition` does not hold.
inline void Require(bool condition, const char* what, const std::string& detail = "") {
  if (condition) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n%s\n", what, detail.c_str());
  std::abort();
}

// Whether `text` is valid UTF-8: every message and output must be, because
// the CLI and the WebAssembly binding dump them as JSON.
inline bool IsValidUtf8(std::string_view text) {
  try {
    (void)Json(std::string(text)).dump();
    return true;
  } catch (const Json::type_error&) {
    return false;
  }
}

// A problem must say what and where, in text that can be printed as JSON.
inline void RequireGoodProblem(const Problem& problem, const char* where) {
  Require(!problem.message.empty(), where, "a problem without a message");
  Require(IsValidUtf8(problem.message), where, "a problem message that is not UTF-8: " + problem.message);
  Require(IsValidUtf8(problem.pointer), where, "a problem pointer that is not UTF-8");
  Require(problem.line >= 0 && problem.column >= 0, where, problem.ToString());
}

}  // namespace flowproof::fuzz
