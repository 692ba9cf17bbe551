// ImportWorkflow: parse, recognise the platform, dispatch to its converter,
// and guard the contract (no throw, no invalid workflow) in one place.
#include "core/import/import.h"

#include <exception>
#include <new>

#include "core/base/json_pointer.h"
#include "core/base/problem_codes.h"
#include "core/import/converters.h"
#include "core/json/json_input.h"

namespace flowproof {

namespace {

bool IsString(const Json* value, std::string_view text) {
  return value != nullptr && value->is_string() && value->get_ref<const std::string&>() == text;
}

bool LooksLikeDittofeedDefinition(const Json* definition) {
  const Json* entry = definition == nullptr ? nullptr : FindMember(*definition, "entryNode");
  return entry != nullptr && entry->is_object();
}

bool LooksLikeDittofeed(const Json& doc) {
  if (const Json* journey = FindMember(doc, "journey")) {
    if (LooksLikeDittofeedDefinition(FindMember(*journey, "definition"))) return true;
  }
  return LooksLikeDittofeedDefinition(FindMember(doc, "definition")) || LooksLikeDittofeedDefinition(&doc);
}

bool HubSpotAction(const Json& action) {
  if (FindMember(action, "actionTypeId") != nullptr || FindMember(action, "actionId") != nullptr) return true;
  const Json* type = FindMember(action, "type");
  return IsString(type, "SINGLE_CONNECTION") || IsString(type, "LIST_BRANCH") || IsString(type, "STATIC_BRANCH") ||
         IsString(type, "AB_TEST_BRANCH");
}

bool LooksLikeHubSpot(const Json& doc) {
  if (FindMember(doc, "startActionId") != nullptr || FindMember(doc, "enrollmentCriteria") != nullptr) return true;
  const Json* actions = FindMember(doc, "actions");
  if (actions != nullptr && actions->is_array()) {
    for (const Json& action : *actions) {
      if (HubSpotAction(action)) return true;
    }
  }
  return false;
}

bool LooksLikeKlaviyoDefinition(const Json& definition) {
  const Json* actions = FindMember(definition, "actions");
  return actions != nullptr && actions->is_array() &&
         (FindMember(definition, "entry_action_id") != nullptr || FindMember(definition, "triggers") != nullptr);
}

bool LooksLikeKlaviyo(const Json& doc) {
  if (const Json* data = FindMember(doc, "data")) {
    if (IsString(FindMember(*data, "type"), "flow")) return true;
    if (const Json* attributes = FindMember(*data, "attributes")) {
      if (const Json* definition = FindMember(*attributes, "definition")) return LooksLikeKlaviyoDefinition(*definition);
    }
  }
  if (const Json* definition = FindMember(doc, "definition")) {
    if (LooksLikeKlaviyoDefinition(*definition)) return true;
  }
  return LooksLikeKlaviyoDefinition(doc);
}

ImportResult Failure(std::string pointer, std::string message, const char* code) {
  ImportResult result;
  Problem p;
  p.pointer = std::move(pointer);
  p.message = std::move(message);
  p.code = code;
  result.problems.push_back(std::move(p));
  return result;
}

}  // namespace

const char* PlatformName(Platform platform) {
  switch (platform) {
    case Platform::kDittofeed:
      return "dittofeed";
    case Platform::kKlaviyo:
      return "klaviyo";
    case Platform::kHubSpot:
      return "hubspot";
  }
  return "unknown";
}

std::optional<Platform> ParsePlatform(std::string_view name) {
  if (name == "dittofeed") return Platform::kDittofeed;
  if (name == "klaviyo") return Platform::kKlaviyo;
  if (name == "hubspot") return Platform::kHubSpot;
  return std::nullopt;
}

std::optional<Platform> DetectPlatform(const Json& doc) {
  if (!doc.is_object()) return std::nullopt;
  if (LooksLikeDittofeed(doc)) return Platform::kDittofeed;
  if (LooksLikeHubSpot(doc)) return Platform::kHubSpot;
  if (LooksLikeKlaviyo(doc)) return Platform::kKlaviyo;
  return std::nullopt;
}

ImportResult ImportWorkflowJson(const Json& doc, Platform from, const NamesMap& names) {
  try {
    if (!doc.is_object()) {
      return Failure("", std::string("a ") + PlatformName(from) + " export is a JSON object, not " +
                             (doc.is_array() ? "an array" : "a " + std::string(doc.type_name())),
                     problem_code::kWrongType);
    }
    std::optional<Platform> looks = DetectPlatform(doc);
    if (looks && *looks != from) {
      return Failure("", std::string("this looks like a ") + PlatformName(*looks) + " export, not a " +
                             PlatformName(from) + " one; run with --from " + PlatformName(*looks),
                     problem_code::kWrongFormat);
    }
    switch (from) {
      case Platform::kDittofeed:
        return ImportFromDittofeed(doc, names);
      case Platform::kKlaviyo:
        return ImportFromKlaviyo(doc, names);
      case Platform::kHubSpot:
        return ImportFromHubSpot(doc, names);
    }
    return Failure("", "unknown platform", problem_code::kInternalError);
  } catch (const std::bad_alloc&) {
    return Failure("", "the import ran out of memory", problem_code::kTooLarge);
  } catch (const std::exception& e) {
    return Failure("", std::string("the import failed (a bug in flowproof, please report it): ") + e.what(),
                   problem_code::kInternalError);
  }
}

ImportResult ImportWorkflow(std::string_view text, Platform from, const NamesMap& names) {
  JsonInputResult parsed = ParseJsonText(text);
  if (!parsed.ok()) {
    ImportResult result;
    result.problems.push_back(*parsed.problem);
    return result;
  }
  return ImportWorkflowJson(parsed.value, from, names);
}

std::string ImportedWorkflowText(const Json& workflow) {
  return workflow.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::optional<NamesMap> ParseNamesMap(const Json& doc, Problems* problems) {
  auto add = [&](std::string pointer, std::string message, const char* code) {
    if (problems != nullptr) {
      Problem p;
      p.pointer = std::move(pointer);
      p.message = std::move(message);
      p.code = code;
      problems->push_back(std::move(p));
    }
  };
  if (!doc.is_object()) {
    add("", "a names map is a JSON object of id to name", problem_code::kWrongType);
    return std::nullopt;
  }
  NamesMap names;
  bool ok = true;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (!it.value().is_string()) {
      add("/" + PointerToken(it.key()), "a name must be a string", problem_code::kWrongType);
      ok = false;
      continue;
    }
    names[it.key()] = it.value().get<std::string>();
  }
  if (!ok) return std::nullopt;
  return names;
}

}  // namespace flowproof
