// `flowproof diff` for the page and the JavaScript API: what changed between
// two versions of a workflow and, given a fixture, what that does to its
// contacts, optionally with the new version published part-way through
// (FORMAT.md v1.1), in the envelope of core/api/envelope.h.
//
//   std::string out = Diff(old_text, new_text, R"({"fixture": "...", "publishAt": "+2d"})");
//   // {"ok": true, "result": {"nodes": {...}, "templates": {...}, ..., "warnings": [...],
//   //   "changes": [{"line": "wait_2d: waits 2 days → 3 days", "detail": [...]}],
//   //   "differs": true, "contacts": [...], "publish": {"at", "migrated": [...]}}}
//
// OLD and NEW are workflows or fixtures (a fixture stands for its workflow).
// The result is `flowproof diff --format json`'s, plus "changes" (the
// change log in words, as `flowproof diff` prints it) and "differs" (its
// exit code 1: with a fixture, some contact's run differs; without, some
// structural change). Options (all optional): "fixture" (JSON text of the
// fixture whose contacts run under both versions), "publishAt" (a
// timestamp, or "+1d" from the fixture's clock start; needs "fixture"),
// "files" (name -> JSON text, for documents that name their workflow by
// path). Two different workflow ids are a warning in "warnings", not a
// failure. A document with problems gives `invalid_input`, each problem
// located and its message naming the document ("the older version: ...");
// bad options give `invalid_argument`. Never throws.
#pragma once

#include <string>

namespace flowproof::api {

std::string Diff(const std::string& old_json, const std::string& new_json, const std::string& options_json);

}  // namespace flowproof::api
