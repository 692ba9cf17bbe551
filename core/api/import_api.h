// `flowproof import` for the page and the JavaScript API: a platform's
// export (JSON text) converted to a v1 workflow, in the envelope of
// core/api/envelope.h.
//
//   std::string out = ImportWorkflow(export_text, "dittofeed", R"({"seg-1": "VIPs"})");
//   // {"ok": true, "result": {"workflow": {...}, "losses": [{"pointer", "message"}],
//   //   "exact": false}}
//
// `from` is "dittofeed", "klaviyo" or "hubspot" ("" or "auto": the platform
// the export looks like). `names_json` is "" or a JSON object of id -> name
// (`--names`). An export that cannot be converted gives `invalid_input` with
// each problem located in the export (another platform's export: code
// wrong_format, the message naming the platform); a bad `from` or names map
// gives `invalid_argument`. Never throws.
#pragma once

#include <string>

namespace flowproof::api {

std::string ImportWorkflow(const std::string& export_json, const std::string& from, const std::string& names_json);

}  // namespace flowproof::api
