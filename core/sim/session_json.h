// A session's clock and its fixture's outline as JSON, in the shapes the
// JavaScript API returns them (web/src/api/engine.js; keys in camelCase
// there, as JavaScript reads them).
//
//   Json status = SessionStatusJson(session);
//   // {"now", "start", "until" (timestamps), "nowSeconds", "startSeconds",
//   //  "untilSeconds", "finished", "steps", "traceSize"}
//   Json outline = FixtureOutlineJson(session.fixture());
//   // {"name", "workflowId", "workflowName", "contacts": [ids],
//   //  "nodes": [ids], "templates": [names]}: the first workflow's nodes
//   //  and templates; a portfolio adds "workflows": [every workflow id]
#pragma once

#include "core/base/json.h"
#include "core/model/fixture.h"
#include "core/sim/session.h"

namespace flowproof {

Json SessionStatusJson(const Session& session);
Json FixtureOutlineJson(const Fixture& fixture);

}  // namespace flowproof
