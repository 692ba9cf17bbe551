// The trace of a finished run read back for checking and reporting.
//
// Expectations, coverage and the content-testing report all work from what a
// run printed (FORMAT.md, "Trace"), not from simulator internals, so they
// judge exactly what users see.
//
//   RunRecord record = ReadRun(session);
//   for (std::size_t i : record.LinesOf("alice")) record.trace[i].kind ...
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/base/json.h"
#include "core/model/fixture.h"
#include "core/sim/session.h"
#include "core/sim/trace.h"
#include "core/time/types.h"

namespace flowproof {

// One trace line: its leading fields, and the whole line as JSON.
struct TraceEntry {
  Instant t = 0;
  std::string contact;
  std::string kind;
  Json line;  // every field, including the three above

  // A string field of the line, or "" when absent or not a string.
  std::string Text(const char* key) const;
};

// A finished run as expectations see it.
struct RunRecord {
  std::vector<TraceEntry> trace;
  Json messages = Json::array();  // Session::Messages()
  Json contacts = Json::array();  // Session::Contacts()
  Instant start = 0;
  Instant until = 0;

  // Indexes into `trace` of one contact's lines, in order (empty if none).
  const std::vector<std::size_t>& LinesOf(const std::string& contact) const;
  // The Session::Contacts() entry of a contact, or null.
  const Json* Contact(const std::string& id) const;
  // The wall clock of `t` in the contact's own zone, "Mon 10:00 EST" (UTC
  // for an unknown contact): reports show it beside UTC times because quiet
  // hours, local waits and schedules are about local time.
  std::string LocalClock(const std::string& contact, Instant t) const;

  std::map<std::string, std::vector<std::size_t>> by_contact;
};

// Reads a run: parses every trace line (a line that does not parse is
// skipped; the simulator never writes one).
RunRecord ReadRun(const Session& session);

// v1.1 portfolio: the lines and messages of one workflow, as if it had run
// alone (what an expectation that names `workflow`, and coverage, see).
RunRecord OnlyWorkflow(const RunRecord& run, const std::string& workflow);

// The entry as a TraceLine, for core/sim/trace_text.h's DescribeTraceLine.
TraceLine ToTraceLine(const TraceEntry& entry);

// "2026-11-03T10:00:00Z (+1d10h)": a moment with its offset from the clock
// start, as reports print times.
std::string FormatWhen(Instant t, Instant start);

// Quotes text for reports: "\"Welcome, Alice\"" (JSON string syntax, long
// text shortened to `max_chars` characters with "…").
std::string Quote(const std::string& text, std::size_t max_chars = 120);

}  // namespace flowproof
