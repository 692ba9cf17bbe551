#include "core/api/lint_api.h"

#include "core/api/envelope.h"
#include "core/base/json_dump.h"
#include "core/lint/lint_document.h"
#include "core/lint/lint_output.h"
#include "core/lint/timing.h"
#include "core/model/memory_file_loader.h"
#include "core/model/workflow_parser.h"
#include "core/time/duration.h"

namespace flowproof::api {

std::string Lint(const std::string& document_json, const std::string& options_json) {
  return Guard([&]() -> std::string {
    Json options = Json::object();
    if (!options_json.empty()) {
      options = Json::parse(options_json, nullptr, false);
      if (options.is_discarded() || !options.is_object()) return Failure(failure_code::kInvalidArgument, "lint options must be a JSON object");
    }
    std::string format = options.value("format", std::string("json"));
    if (format != "json" && format != "sarif") return Failure(failure_code::kInvalidArgument, "'format' must be \"json\" or \"sarif\"");
    DocumentOptions document;
    document.kind = DocumentKind::kDetect;
    if (options.contains("files") && options["files"].is_object()) document.loader = MemoryFileLoader(options["files"]);
    lint::LintOptions lint_options;
    lint_options.apply_ignores = !options.value("noIgnore", false);
    lint::LintDocumentResult r = lint::LintDocumentText(document_json, document, lint_options);
    if (!r.ok()) return InvalidInput(r.problems);
    if (format == "sarif") return Ok(lint::FindingsToSarif(r.findings, options.value("uri", std::string("workflow.json"))));
    Json result = lint::FindingsToJson(r.findings);
    if (options.value("timing", false)) {
      // The timing table of the workflow (valid: linting parsed it).
      Json doc = Json::parse(document_json, nullptr, false);
      const Json* wf = &doc;
      if (r.kind == DocumentKind::kFixture && doc.is_object() && doc.contains("workflow") && doc["workflow"].is_object()) wf = &doc["workflow"];
      WorkflowParseResult parsed = ParseWorkflow(*wf);
      Json timing = Json::array();
      if (parsed.ok()) {
        for (const lint::NodeTiming& t : lint::Timing(*parsed.workflow).nodes) {
          timing.push_back({{"node", t.node},
                            {"reachable", t.reachable},
                            {"earliest", t.reachable ? Json(FormatDuration(t.earliest)) : Json()},
                            {"latest", t.reachable && t.latest ? Json(FormatDuration(*t.latest)) : Json()}});
        }
      }
      result["timing"] = std::move(timing);
    }
    return Ok(result);
  });
}

}  // namespace flowproof::api
