// The trace as a readable timeline (`flowproof simulate --format text`):
// one line per trace line, in plain words, with the time in UTC and in the
// contact's own zone.
//
//   2026-11-02 01:00:00 UTC  alice  entered send_welcome (send)   [Sun 20:00 EST]
#pragma once

#include <string>
#include <vector>

#include "core/model/fixture.h"
#include "core/sim/trace.h"

namespace flowproof {

// Describes one trace line in words, without its time or contact
// ("took branch 'US' because contact.country was \"US\"").
std::string DescribeTraceLine(const Workflow& workflow, const TraceLine& line);

// The whole timeline, headed by the fixture's name and clock.
std::string FormatTraceText(const Fixture& fixture, const std::vector<TraceLine>& trace);

}  // namespace flowproof
