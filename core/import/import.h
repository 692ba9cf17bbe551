// Importing a marketing platform's exported workflow as a v1 workflow
// (FORMAT.md, v1.1, "flowproof import").
//
// A converter reads one platform's export (Dittofeed's journey with its
// segments and templates, Klaviyo's flow definition, HubSpot's Automation v4
// flow) and writes a flowproof workflow. What it carries over exactly is
// silent; every part it could not carry over exactly is an ImportLoss with
// the JSON Pointer of that part IN THE INPUT and what was done instead.
// Input it cannot convert at all (not JSON, another platform's export, an
// unknown node type, a dangling link, a loop that takes no time) gives
// located problems and no workflow.
//
//   NamesMap names = {{"XyZ12", "Placed Order"}};   // opaque id -> name (--names)
//   ImportResult r = ImportWorkflow(text, Platform::kKlaviyo, names);
//   if (!r.problems.empty()) { for (auto& p : r.problems) std::cerr << p.ToString() << "\n"; return 2; }
//   for (const ImportLoss& l : r.losses) std::cerr << l.ToString() << "\n";
//   std::cout << DumpJson(r.workflow);
//   return r.ExitCode();   // 0 exact, 1 with losses, 2 invalid input
//
// Contract, checked by the tests and the fuzz harness: ImportWorkflow never
// throws, and when `problems` is empty, `workflow` passes ValidateDocument
// (core/validate/validate_document.h) as a workflow. The same input gives
// the same workflow and losses, byte for byte.
//
// Writing a converter: see core/import/import_context.h (node ids, nodes,
// templates, names, losses, the final checks) and core/import/build_logic.h
// (JsonLogic and durations).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/json.h"
#include "core/base/problem.h"

namespace flowproof {

enum class Platform { kDittofeed, kKlaviyo, kHubSpot };

// "dittofeed", "klaviyo", "hubspot".
const char* PlatformName(Platform platform);
// The inverse of PlatformName (exact, lower-case); nullopt for anything else.
std::optional<Platform> ParsePlatform(std::string_view name);

// The platform whose export `doc` looks like, judged from its top-level
// shape only (Dittofeed: "journey" with a "definition" holding "entryNode";
// Klaviyo: a JSON:API "data" of type "flow", or a bare definition with
// "actions" and "entry_action_id"; HubSpot: "startActionId" or "actions"
// holding "actionTypeId"/"type": "LIST_BRANCH" ...); nullopt when none fits.
std::optional<Platform> DetectPlatform(const Json& doc);

// Opaque platform id (metric, list, segment, template, content id) -> name,
// from `--names NAMES.json`.
using NamesMap = std::map<std::string, std::string>;

// One part of the input not carried over exactly.
struct ImportLoss {
  std::string pointer;  // JSON Pointer into the INPUT ("" is its root)
  std::string message;  // what it was and what was done instead, a full sentence without the period
  // "POINTER: message" (the root prints as "/").
  std::string ToString() const { return (pointer.empty() ? std::string("/") : pointer) + ": " + message; }
};

struct ImportResult {
  Json workflow;                   // a valid v1 workflow; null when problems is non-empty
  std::vector<ImportLoss> losses;  // in input order where the converter can; stable
  Problems problems;               // invalid input, each located in the input
  bool ok() const { return problems.empty(); }
  // 0 converted exactly, 1 converted with losses, 2 invalid input.
  int ExitCode() const { return !problems.empty() ? 2 : (losses.empty() ? 0 : 1); }
};

// Converts `text` (JSON) exported from `from`. Malformed JSON is one problem
// with line and column; an export that looks like another platform's is one
// problem (code wrong_format) at "" saying which platform it looks like.
// Never throws.
ImportResult ImportWorkflow(std::string_view text, Platform from, const NamesMap& names = {});

// The same from parsed JSON.
ImportResult ImportWorkflowJson(const Json& doc, Platform from, const NamesMap& names = {});

// The workflow as `flowproof import` writes it: two-space indentation,
// sorted keys, a final newline; invalid UTF-8 replaced. Converting the same
// export again gives the same bytes (the gallery test checks it).
std::string ImportedWorkflowText(const Json& workflow);

// Reads a `--names` document: a JSON object of id -> name (both strings).
// Problems are located in that document.
std::optional<NamesMap> ParseNamesMap(const Json& doc, Problems* problems);

}  // namespace flowproof
