// `flowproof docs` for the page and the JavaScript API: the documentation
// of a workflow or fixture as Markdown or as one self-contained HTML file,
// in the envelope of core/api/envelope.h.
//
//   std::string out = Docs(fixture_text, R"({"format": "html", "diagramSvg": "<svg ...>",
//                                            "previewContact": "ann", "previews": [...]})");
//   // {"ok": true, "result": {"format": "html", "text": "<!DOCTYPE html>..."}}
//
// Options (all optional): "format" ("md", the default, or "html"); "since"
// (the older version's JSON text, a workflow or a fixture) and "sinceName"
// (how to call it, default "the older version"); for html also
// "diagramSvg" (the page's own drawing, docs/html.h says when it is used),
// "previewContact" and "previews" (rendered messages, docs/html.h). A
// document with problems gives `invalid_input` with each problem located;
// bad options give `invalid_argument`. Never throws.
#pragma once

#include <string>

namespace flowproof::api {

std::string Docs(const std::string& document_json, const std::string& options_json);

}  // namespace flowproof::api
