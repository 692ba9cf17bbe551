// Simulation benchmark (prints figures; not a timed test).
//
// A 20-node workflow with branches, a split, waits of every kind and sends on
// three channels runs over N contacts for 90 simulated days. Contacts sign up
// over the first 30 days (a date trigger on their signup date), so the queue
// holds a realistic spread of timers. Prints contacts per second, trace lines
// per second, peak memory and the simulator's own bytes per contact.
//
//   build/sim_bench            # 100,000 and 1,000,000 contacts
//   build/sim_bench 250000     # one run of that size
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/model/fixture.h"
#include "core/model/workflow_parser.h"
#include "core/sim/simulator.h"
#include "core/time/timestamp.h"
#include "tests/bench/bench_workflow.h"

namespace flowproof {
namespace {

long PeakRssKb() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

void RunOnce(std::size_t contacts) {
  WorkflowParseResult parsed = ParseWorkflow(bench::BenchmarkWorkflow());
  if (!parsed.ok()) {
    for (const Problem& p : parsed.problems) std::fprintf(stderr, "%s\n", p.ToString().c_str());
    std::exit(2);
  }
  auto fixture = std::make_shared<Fixture>();
  fixture->name = "benchmark";
  fixture->workflow = parsed.workflow;
  fixture->start = *ParseTimestamp("2026-01-05T00:00:00Z");
  fixture->until = fixture->start + 90 * kDay;
  fixture->seed = 7;
  static const char* kCountries[] = {"US", "DE", "FR", "BR", "US", "JP", "ES", "US"};
  fixture->contacts.reserve(contacts);
  for (std::size_t i = 0; i < contacts; ++i) {
    ContactDef contact;
    contact.id = "c" + std::to_string(i);
    Instant signup = fixture->start + static_cast<Instant>((i * 2654435761u) % (30 * kDay));
    contact.attributes.Set("email", contact.id + "@example.com");
    contact.attributes.Set("country", kCountries[i % 8]);
    contact.attributes.Set("score", static_cast<int>(i % 60));
    contact.attributes.Set("signup_date", FormatTimestamp(signup).substr(0, 10));
    if (i % 3 == 0) contact.attributes.Set("phone", "+15550100");
    if (i % 4 == 0) contact.attributes.Set("push_token", "tok");
    fixture->contacts.push_back(std::move(contact));
  }
  // Some contacts buy while they wait: events in the script.
  for (std::size_t i = 0; i < contacts; i += 5) {
    ScriptEntry entry;
    entry.at = fixture->start + 2 * kDay + static_cast<Instant>((i * 40503u) % (40 * kDay));
    entry.contact = "c" + std::to_string(i);
    entry.event = "purchase_completed";
    fixture->script.push_back(std::move(entry));
  }
  std::stable_sort(fixture->script.begin(), fixture->script.end(),
                   [](const ScriptEntry& a, const ScriptEntry& b) { return a.at < b.at; });

  long rss_before = PeakRssKb();
  SimulatorOptions options;
  options.keep_trace = false;
  options.render_messages = false;
  // Setting up the run is on the clock too; then a day at a time, with the
  // state measured between days, off the clock.
  auto started = std::chrono::steady_clock::now();
  Simulator simulator(fixture, options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::size_t peak_state = 0;
  for (int day = 1; day <= 90; ++day) {
    started = std::chrono::steady_clock::now();
    simulator.AdvanceTo(fixture->start + day * kDay);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (day % 5 == 0) peak_state = std::max(peak_state, simulator.ApproximateStateBytes());
  }
  long rss_after = PeakRssKb();
  // The process's growth while the run was on: what the simulator holds
  // for contacts beyond the fixture (its own record, histories, changes,
  // timers), allocator overhead included.
  double grown = static_cast<double>(rss_after - rss_before) * 1024.0;
  std::printf("contacts=%zu  simulated=90d  seconds=%.2f  contacts/s=%.0f  trace_lines=%zu  lines/s=%.0f\n", contacts,
              seconds, contacts / seconds, simulator.trace_lines_written(), simulator.trace_lines_written() / seconds);
  std::printf("  simulator memory: %.0f bytes/contact measured (peak RSS grew %.1f MB), %.0f estimated from its containers\n",
              grown / contacts, grown / 1048576.0, static_cast<double>(peak_state) / contacts);
  std::printf("  fixture input (contacts as parsed): %.0f bytes/contact; peak RSS %.1f MB\n",
              rss_before * 1024.0 / contacts, rss_after / 1024.0);
}

}  // namespace
}  // namespace flowproof

int main(int argc, char** argv) {
  if (argc > 1) {
    flowproof::RunOnce(std::strtoul(argv[1], nullptr, 10));
    return 0;
  }
  flowproof::RunOnce(100000);
  flowproof::RunOnce(1000000);
  return 0;
}
