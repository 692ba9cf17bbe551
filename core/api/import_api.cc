// ImportWorkflow for the binding: arguments checked, the result as
// {workflow, losses, exact}.
#include "core/api/import_api.h"

#include "core/api/envelope.h"
#include "core/import/import.h"
#include "core/json/json_input.h"

namespace flowproof::api {

std::string ImportWorkflow(const std::string& export_json, const std::string& from, const std::string& names_json) {
  return Guard([&]() -> std::string {
    NamesMap names;
    if (!names_json.empty()) {
      JsonInputResult parsed = ParseJsonText(names_json);
      if (!parsed.ok()) return Failure(failure_code::kInvalidArgument, "names: " + parsed.problem->ToString());
      Problems problems;
      std::optional<NamesMap> map = ParseNamesMap(parsed.value, &problems);
      if (!map) return Failure(failure_code::kInvalidArgument, "names: " + problems.front().ToString());
      names = std::move(*map);
    }
    std::optional<Platform> platform;
    if (from.empty() || from == "auto") {
      JsonInputResult parsed = ParseJsonText(export_json);
      if (!parsed.ok()) return InvalidInput({*parsed.problem});
      platform = DetectPlatform(parsed.value);
      if (!platform) {
        Problem p;
        p.pointer = "";
        p.message = "this is not a Dittofeed, Klaviyo or HubSpot export that flowproof recognises";
        p.code = problem_code::kWrongFormat;
        return InvalidInput({p});
      }
    } else {
      platform = ParsePlatform(from);
      if (!platform) return Failure(failure_code::kInvalidArgument, "from must be dittofeed, klaviyo or hubspot, not '" + from + "'");
    }
    ImportResult r = flowproof::ImportWorkflow(export_json, *platform, names);
    if (!r.ok()) return InvalidInput(r.problems);
    Json losses = Json::array();
    for (const ImportLoss& l : r.losses) losses.push_back({{"pointer", l.pointer}, {"message", l.message}});
    return Ok(Json{{"workflow", r.workflow}, {"losses", losses}, {"exact", r.losses.empty()},
                   {"from", PlatformName(*platform)}});
  });
}

}  // namespace flowproof::api
