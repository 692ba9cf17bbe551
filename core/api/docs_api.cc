#include "core/api/docs_api.h"

#include "core/api/envelope.h"
#include "core/docs/document.h"
#include "core/docs/html.h"
#include "core/docs/markdown.h"
#include "core/validate/validate_document.h"

namespace flowproof::api {


std::string Docs(const std::string& document_json, const std::string& options_json) {
  return Guard([&]() -> std::string {
    Json options = Json::object();
    if (!options_json.empty()) {
      options = Json::parse(options_json, nullptr, false);
      if (!options.is_object())
        return Failure(failure_code::kInvalidArgument,
                       "the options must be a JSON object {format, since, sinceName, diagramSvg, previewContact, previews}");
    }
    std::string format = StringOption(options, "format");
    if (format.empty()) format = "md";
    if (format != "md" && format != "html") return Failure(failure_code::kInvalidArgument, "the format must be md or html");
    DocumentOptions check_options;
    check_options.kind = DocumentKind::kDetect;
    DocumentCheck current = ValidateDocumentText(document_json, check_options);
    if (!current.ok()) return InvalidInput(current.problems);
    DocumentCheck old;
    docs::DocsInput input;
    input.workflow = current.checked_workflow().get();
    if (current.kind == DocumentKind::kFixture) {
      input.fixture = current.fixture.get();
      input.pointer_prefix = "/workflow";  // the page's fixtures embed their workflow
    }
    std::string since = StringOption(options, "since");
    if (!since.empty()) {
      old = ValidateDocumentText(since, check_options);
      if (!old.ok()) {
        Problems problems = old.problems;
        for (Problem& p : problems) p.message = "the older version: " + p.message;
        return InvalidInput(problems);
      }
      input.since = old.checked_workflow().get();
      input.since_name = StringOption(options, "sinceName");
    }
    docs::Document document = docs::BuildDocument(input);
    std::string text;
    if (format == "html") {
      docs::HtmlOptions html;
      html.diagram_svg = StringOption(options, "diagramSvg");
      html.preview_contact = StringOption(options, "previewContact");
      if (options.contains("previews") && options["previews"].is_array()) html.previews = options["previews"];
      text = docs::RenderHtml(document, html);
    } else {
      text = docs::RenderMarkdown(document);
    }
    return Ok(Json{{"format", format}, {"text", text}});
  });
}

}  // namespace flowproof::api
