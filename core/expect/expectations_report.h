// A fixture's expectations checked against its run so far, as one JSON
// value: what the page's Expectations tab shows and `tester.expectations()`
// returns.
//
//   Json report = ExpectationsReport(session);
//   // {"finished": bool, "passed": n, "failed": n,
//   //  "results": [ExpectationResultJson(...), ...]}   (`run --format json` entries)
//
// Before the run is finished the results are provisional: an expectation
// that a contact receives a message "within" a time may still pass.
#pragma once

#include "core/base/json.h"
#include "core/sim/session.h"

namespace flowproof {

Json ExpectationsReport(const Session& session);

}  // namespace flowproof
