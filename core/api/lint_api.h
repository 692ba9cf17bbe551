// `flowproof lint` for the page and the JavaScript API: the findings of a
// workflow or fixture (JSON text), in the envelope of core/api/envelope.h.
//
//   std::string out = Lint(workflow_text, R"({"timing": true})");
//   // {"ok": true, "result": {"findings": [{rule, severity, pointer, message,
//   //   line, column, node?, template?}], "counts": {...},
//   //   "timing": [{"node", "reachable", "earliest", "latest"}]}}
//
// Options (all optional): "format" ("json", the default, or "sarif": the
// result is then the SARIF log), "uri" (the file name SARIF names),
// "noIgnore" (true keeps findings that `lint.ignore` annotations hide),
// "timing" (true adds the timing table: durations as "2d4h", latest null
// when unbounded), "files" (name -> JSON text, for a fixture that names its
// workflow by path). An invalid document gives `invalid_input` with each
// problem located; bad options `invalid_argument`. Never throws.
#pragma once

#include <string>

namespace flowproof::api {

std::string Lint(const std::string& document_json, const std::string& options_json);

}  // namespace flowproof::api
