// A FileLoader over files held in memory: the page fetches the files a
// fixture names ("workflow": "workflow.json") beside the fixture and hands
// them over as a JSON object of path to text; tests use it the same way.
//
//   FileLoader load = MemoryFileLoader(Json{{"workflow.json", workflow_text}});
//   SessionLoadResult loaded = Session::Load(fixture_text, "", load);
//
// A path is found as written or without leading "./"; values that are not
// text are ignored, as is a `files` value that is not an object.
#pragma once

#include "core/base/json.h"
#include "core/model/fixture_parser.h"  // FileLoader

namespace flowproof {

FileLoader MemoryFileLoader(const Json& files);

}  // namespace flowproof
