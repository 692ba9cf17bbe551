// The per-platform converters ImportWorkflowJson (core/import/import.h)
// dispatches to. Each receives the parsed export, already checked not to be
// another platform's (DetectPlatform), and builds the workflow with an
// ImportContext (core/import/import_context.h), ending with ctx.Finish().
// Each never throws (ImportWorkflowJson also catches, as a last guard, and
// reports an internal_error problem).
//
//   ImportResult r = ImportFromDittofeed(doc, names);
#pragma once

#include "core/base/json.h"
#include "core/import/import.h"

namespace flowproof {

// core/import/dittofeed*.cc
ImportResult ImportFromDittofeed(const Json& doc, const NamesMap& names);
// core/import/klaviyo*.cc (helper "impkh")
ImportResult ImportFromKlaviyo(const Json& doc, const NamesMap& names);
// core/import/hubspot*.cc (helper "impkh")
ImportResult ImportFromHubSpot(const Json& doc, const NamesMap& names);

}  // namespace flowproof
