// Forecast benchmark (prints figures; not a timed test; README "Benchmarks").
//
// The simulation benchmark's 20-node workflow (tests/bench/bench_workflow.h:
// branches, a split, waits of every kind, sends on four channels, quiet
// hours and a frequency cap) over 90 simulated days, for a population drawn
// from the seed: sign-up dates over the first 30 days (a date trigger),
// countries, scores, addresses, consent, and a one-off purchase for a fifth
// of the audience. `flowproof forecast` counts it without a trace, rendering
// 200 messages per template. The clock covers everything: drawing the
// population, setting up each slice, running it, and the statistics.
//
//   build/forecast_bench             # 1,000,000 contacts
//   build/forecast_bench 100000      # another size
//   node build-wasm/forecast_bench.js 1000000   # the same under WebAssembly
//   build/forecast_bench 20000 --fixture  # print the fixture (to diff forecasts)
//   node build-wasm/forecast_bench.js 1000000 --repeat 3  # three forecasts in one process
//
// With --repeat each forecast is timed on its own line. Under WebAssembly the
// first includes V8 compiling the hot functions while they run (they start
// in its baseline compiler and are optimised after a while, in the
// background); the later ones are what a second forecast costs in a process
// that already has the module, as on the page or through the JavaScript API.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include "core/base/json_dump.h"
#include "core/forecast/forecast.h"
#include "core/model/fixture_parser.h"
#include "tests/bench/bench_workflow.h"

namespace flowproof {
namespace {

// The simulation benchmark's workflow, with a goal: a buyer leaves early.
Json BenchmarkWorkflow() {
  Json workflow = bench::BenchmarkWorkflow();
  workflow["exit"]["goal"] = {{"==", Json::array({bench::Var("contact.buyer"), true})}};
  return workflow;
}

Json BenchmarkFixture(std::uint64_t contacts) {
  return {{"format", "flowproof.fixture/1"},
          {"name", "forecast benchmark"},
          {"workflow", BenchmarkWorkflow()},
          {"clock", {{"start", "2026-01-05T00:00:00Z"}, {"until", "+90d"}}},
          {"seed", 7},
          {"population",
           {{"count", contacts},
            {"timezone", {{"America/New_York", 0.5}, {"Europe/Berlin", 0.3}, {"Asia/Tokyo", 0.2}}},
            {"attributes",
             {{"country", {{"choice", {{"US", 0.375}, {"DE", 0.125}, {"FR", 0.125}, {"ES", 0.125}, {"BR", 0.125}, {"JP", 0.125}}}}},
              {"first_name", {{"sample", Json::array({"Ana", "Ben", "Chloé", "Dev"})}}},
              {"score", {{"uniform", Json::array({0, 59})}, {"round", true}}},
              {"signup_date", {{"between", Json::array({"2026-01-05T00:00:00Z", "2026-02-03T23:59:59Z"})}}},
              {"email", {{"template", "{{ id }}@example.com"}}},
              {"phone", {{"choice", {{"+15550100", 0.333}}}}},
              {"push_token", {{"choice", {{"tok", 0.25}}}}}}},
            {"consent", {{"email", 0.97}, {"sms", 0.8}}},
            {"events", Json::array({{{"event", "purchase_completed"}, {"at", {{"uniform", Json::array({"+2d", "+42d"})}}}, {"probability", 0.2}}})}}},
          {"reactions", Json::array({{{"contact", "*"}, {"on_send", "welcome"}, {"event", "email_opened"},
                                      {"after", {{"uniform", Json::array({"10m", "6h"})}}}, {"probability", 0.4}}})}};
}

// Peak resident memory in MB from /proc/self/status (VmHWM); -1 where there
// is none (WebAssembly in Node).
double PeakMb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return -1;
}

}  // namespace
}  // namespace flowproof

int main(int argc, char** argv) {
  using namespace flowproof;
  std::uint64_t contacts = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  if (argc > 2 && std::strcmp(argv[2], "--fixture") == 0) {
    std::printf("%s\n", DumpJson(BenchmarkFixture(contacts)).c_str());
    return 0;
  }
  int repeat = argc > 3 && std::strcmp(argv[2], "--repeat") == 0 ? std::atoi(argv[3]) : 1;
  for (int i = 1; i <= repeat; ++i) {
    auto started = std::chrono::steady_clock::now();
    FixtureParseResult parsed = ParseFixture(BenchmarkFixture(contacts), "", nullptr);
    if (!parsed.ok()) {
      std::fprintf(stderr, "%s\n", parsed.problems[0].ToString().c_str());
      return 2;
    }
    ForecastOptions options;
    if (const char* slice = std::getenv("FORECAST_SLICE")) options.slice_contacts = std::strtoull(slice, nullptr, 10);
    Json result = RunForecast(parsed.fixture, options);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    double peak = PeakMb();
    std::string which = repeat > 1 ? "forecast " + std::to_string(i) + "/" + std::to_string(repeat) : "forecast";
    std::printf("%s: contacts=%llu  simulated=90d  seconds=%.2f  contacts/s=%.0f  peak_memory=%s\n", which.c_str(),
                static_cast<unsigned long long>(contacts), seconds, static_cast<double>(contacts) / seconds,
                peak < 0 ? "n/a (no /proc here)" : (std::to_string(static_cast<int>(peak + 0.5)) + " MB").c_str());
    std::printf("  enrolled=%s  goal=%s  sent(welcome)=%s  by_day=%zu days\n", DumpJson(result["enrolled"]).c_str(),
                DumpJson(result["goal"]["reached"]).c_str(), DumpJson(result["messages"]["welcome"]["sent"]).c_str(),
                result["by_day"].size());
  }
  return 0;
}
