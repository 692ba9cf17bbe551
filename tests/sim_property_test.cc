// Property-based tests of the simulator: thousands of random valid fixtures
// (tests/property/random_workflow.h), each run to the end, and invariants
// checked on every trace (tests/property/trace_invariants.h). When a case
// fails, the test prints its seed, what broke, and the fixture shrunk to the
// smallest one that still fails, ready to save and run with
// `flowproof simulate`.
//
// Environment:
//   FLOWPROOF_PROPERTY_CASES=N   cases (default 2000 natively, 200 in WebAssembly)
//   FLOWPROOF_PROPERTY_SEED=S    first seed (default 1); case i has seed S + i
//   FLOWPROOF_PROPERTY_DUMP=DIR  SimPropertyDump writes fixtures there (for
//                                tests/js/property_parity.test.mjs)
//   FLOWPROOF_PROPERTY_DUMP_COUNT=N  how many (default 40)
//
// Every draw is seeded: the same seeds give the same cases and the same
// verdicts on every run and platform.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/sim/session.h"
#include "core/sim/trace.h"
#include "tests/property/json_schema_lite.h"
#include "tests/property/random_workflow.h"
#include "tests/property/trace_invariants.h"

namespace flowproof::property {
namespace {

#ifdef __EMSCRIPTEN__
constexpr int kDefaultCases = 200;  // a sample: WebAssembly under Node is slower
constexpr int kScaleRuns = 3;
#else
constexpr int kDefaultCases = 2000;
constexpr int kScaleRuns = 10;
#endif

long EnvNumber(const char* name, long fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  return std::strtol(text, nullptr, 10);
}

std::uint64_t SeedOf(int i) { return static_cast<std::uint64_t>(EnvNumber("FLOWPROOF_PROPERTY_SEED", 1)) + static_cast<std::uint64_t>(i); }

// The corpus is generated and run once per process and shared by the tests.
struct Corpus {
  std::vector<CaseRun> runs;
  std::size_t lines = 0;
  double seconds = 0;
};

const Corpus& TheCorpus() {
  static const Corpus corpus = [] {
    Corpus built;
    auto begin = std::chrono::steady_clock::now();
    int cases = static_cast<int>(EnvNumber("FLOWPROOF_PROPERTY_CASES", kDefaultCases));
    built.runs.reserve(static_cast<std::size_t>(cases));
    for (int i = 0; i < cases; ++i) {
      built.runs.push_back(RunCase(SeedOf(i), RandomFixture(SeedOf(i))));
      built.lines += built.runs.back().lines.size();
    }
    built.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    std::printf("[property] %zu cases generated and run, %zu trace lines, %.2f s\n", built.runs.size(), built.lines,
                built.seconds);
    return built;
  }();
  return corpus;
}

const SchemaLite& TraceSchema() {
  static const SchemaLite schema = [] {
    std::ifstream in(std::string(FLOWPROOF_SOURCE_DIR) + "/schema/trace.schema.json");
    std::stringstream text;
    text << in.rdbuf();
    return SchemaLite(SchemaLite::Doc::parse(text.str()));
  }();
  return schema;
}

// Runs `check` over the corpus; each failing case is a test failure, and
// the first few are shrunk and printed with their seed.
void ExpectForAll(const char* invariant, const std::function<std::string(const CaseRun&)>& check) {
  const Corpus& corpus = TheCorpus();
  int failures = 0;
  std::size_t checked = 0;
  for (const CaseRun& run : corpus.runs) {
    if (!run.load_problems.empty()) continue;  // GeneratedFixturesAreValid reports these
    ++checked;
    std::string why = check(run);
    if (why.empty()) continue;
    if (++failures > 3) continue;
    Json small = ShrinkFixture(run.fixture, [&](const Json& candidate) {
      CaseRun again = RunCase(run.seed, candidate);
      return again.load_problems.empty() ? check(again) : std::string();
    });
    CaseRun shrunk = RunCase(run.seed, small);
    ADD_FAILURE() << invariant << " broken by seed " << run.seed << ":\n  " << why << "\nshrunk fixture (" << check(shrunk)
                  << "):\n"
                  << small.dump(2) << "\ntrace of the shrunk fixture:\n"
                  << shrunk.jsonl;
  }
  std::printf("[property] %s: %zu cases checked, %d failed\n", invariant, checked, failures);
  EXPECT_EQ(failures, 0) << invariant;
  EXPECT_GT(checked, 0u);
}

TEST(SimProperty, GeneratedFixturesAreValid) {
  const Corpus& corpus = TheCorpus();
  int invalid = 0;
  for (const CaseRun& run : corpus.runs) {
    if (run.load_problems.empty()) continue;
    if (++invalid <= 3) {
      ADD_FAILURE() << "the generator made an invalid fixture, seed " << run.seed << ":\n"
                    << run.load_problems << run.fixture.dump(2);
    }
  }
  EXPECT_EQ(invalid, 0);
}

// The generator is only as good as what it reaches: every node type,
// trigger, wait kind, exit, quiet-hours mode, cap, split mode, reaction and
// script kind is in the fixtures, and every trace kind, resume, suppression
// reason, exit reason and error code in the traces.
TEST(SimProperty, GeneratorCoversEveryFeature) {
  std::map<std::string, int> seen;
  for (const CaseRun& run : TheCorpus().runs) {
    const Json& wf = run.fixture["workflow"];
    for (const auto& [id, node] : wf["nodes"].items()) {
      std::string type = node["type"].get<std::string>();
      ++seen["node " + type];
      if (type == "send") ++seen["channel " + node["channel"].get<std::string>()];
      if (type == "split") ++seen["split " + node["mode"].get<std::string>()];
      for (const char* wait : {"for", "until", "for_expr", "until_expr"}) {
        if (type == "wait" && node.contains(wait)) ++seen[std::string("wait ") + wait];
      }
    }
    std::vector<std::string> trigger_types;
    for (const Json& trigger : wf["entry"]["triggers"]) {
      trigger_types.push_back(trigger["type"].get<std::string>());
      ++seen["trigger " + trigger_types.back()];
    }
    if (wf.contains("settings") && wf["settings"].contains("quiet_hours")) {
      ++seen["quiet " + wf["settings"]["quiet_hours"].value("mode", "default")];
    }
    if (wf.contains("settings") && wf["settings"].contains("frequency_cap")) ++seen["frequency_cap"];
    if (run.fixture.contains("reactions")) ++seen["reactions"];
    for (const Json& entry : run.fixture["script"]) {
      ++seen[entry.contains("event") ? "script event" : entry.contains("exit") ? "script exit" : "script set"];
    }
    std::set<std::string> zones;
    for (const Json& contact : run.fixture["contacts"]) {
      if (contact.contains("timezone")) ++seen["zone " + contact["timezone"].get<std::string>()];
    }
    for (const Line& line : run.lines) {
      std::string kind = line["kind"].get<std::string>();
      ++seen["kind " + kind];
      if (kind == "resumed") ++seen["via " + line["via"].get<std::string>()];
      if (kind == "suppressed" || kind == "enroll_rejected" || kind == "waiting") {
        if (line.contains("reason")) ++seen[kind + " " + line["reason"].get<std::string>()];
      }
      if (kind == "exited") ++seen["exited " + line["reason"].get<std::string>()];
      if (kind == "error") ++seen["error " + line["code"].get<std::string>()];
      if (kind == "enrolled") ++seen["enrolled by " + trigger_types[line["trigger"].get<std::size_t>()]];
    }
  }
  const char* wanted[] = {
      "node send", "node update", "node branch", "node split", "node wait", "node wait_event", "node wait_until",
      "node exit", "channel email", "channel sms", "channel push", "channel ad_audience", "channel webhook",
      "split ab", "split random", "wait for", "wait until", "wait for_expr", "wait until_expr",
      "trigger event", "trigger condition", "trigger date", "trigger schedule", "trigger inactivity",
      "quiet hold", "quiet skip", "quiet default", "frequency_cap", "reactions",
      "script event", "script set", "script exit",
      "zone America/New_York", "zone Europe/London", "zone Australia/Sydney", "zone Asia/Kolkata", "zone UTC",
      "kind enrolled", "kind enroll_rejected", "kind entered", "kind branch", "kind split", "kind waiting",
      "kind resumed", "kind sent", "kind suppressed", "kind updated", "kind exited", "kind error",
      "via next", "via event", "via timeout",
      "suppressed no_consent", "suppressed no_address", "suppressed frequency_cap",
      "waiting quiet_hours", "enroll_rejected reenroll", "enroll_rejected audience",
      "exited goal", "exited expired", "exited manual", "exited error", "exited completed", "error invalid_wait",
      "enrolled by event", "enrolled by condition", "enrolled by date", "enrolled by schedule", "enrolled by inactivity",
  };
  // Rare (a few in a thousand cases): a sample (WebAssembly's) may miss them.
  const char* rare[] = {"error loop_without_wait", "exited opted_out", "exited exit_event", "via condition",
                        "suppressed quiet_hours"};
  std::string summary;
  for (const auto& [feature, count] : seen) summary += feature + "=" + std::to_string(count) + " ";
  std::printf("[property] coverage: %s\n", summary.c_str());
  for (const char* feature : wanted) EXPECT_GT(seen[feature], 0) << "the generated cases never reach: " << feature;
  if (TheCorpus().runs.size() >= 1000) {
    for (const char* feature : rare) EXPECT_GT(seen[feature], 0) << "the generated cases never reach: " << feature;
  }
}

// The same input gives byte-identical traces, however the session is driven:
// once with RunToEnd keeping the trace, once streamed line by line (as
// `flowproof simulate` prints) while stepping and advancing by random spans.
TEST(SimProperty, SameInputSameTraceBytes) {
  ExpectForAll("determinism", [](const CaseRun& run) -> std::string {
    std::string streamed;
    SessionOptions options;
    options.on_trace_line = [&streamed](const TraceLine& line) { streamed += line.ToJson() + "\n"; };
    SessionLoadResult loaded = Session::Load(run.fixture.dump(), "", nullptr, options);
    if (!loaded.ok()) return "the second load failed";
    Session& session = *loaded.session;
    Rng rng(run.seed);
    while (!session.finished()) {
      if (rng.Chance(0.5)) session.Step();
      else session.AdvanceBy(static_cast<Duration>(rng.Between(1, 6 * 3600)));
    }
    if (streamed == run.jsonl) return "";
    std::size_t at = 0;
    while (at < streamed.size() && at < run.jsonl.size() && streamed[at] == run.jsonl[at]) ++at;
    std::size_t line_start = run.jsonl.rfind('\n', at);
    line_start = line_start == std::string::npos ? 0 : line_start + 1;
    return "the second run differs from byte " + std::to_string(at) + ": first run has \"" +
           run.jsonl.substr(line_start, 200) + "\", second \"" + streamed.substr(line_start, 200) + "\"";
  });
}

TEST(SimProperty, ClockNeverGoesBack) { ExpectForAll("clock never goes back", CheckClockMonotonic); }

TEST(SimProperty, EveryContactEndsInOneState) { ExpectForAll("one end state per contact", CheckLifecycle); }

TEST(SimProperty, NoSendInQuietHoursAndNoCapExceeded) {
  ExpectForAll("quiet hours and caps", CheckQuietHoursAndCaps);
}

TEST(SimProperty, FixedWaitsLastExactlyTheirDuration) {
  int fixed = 0;
  ExpectForAll("exact waits", [&fixed](const CaseRun& run) { return CheckWaitDurations(run, &fixed); });
  std::printf("[property] exact waits: %d fixed waits checked\n", fixed);
  EXPECT_GT(fixed, 0);
}

TEST(SimProperty, TraceLinesMatchTheSchema) {
  const SchemaLite& schema = TraceSchema();
  ASSERT_TRUE(schema.root().contains("$defs"));
  ExpectForAll("trace schema", [&schema](const CaseRun& run) { return CheckSchema(run, schema); });
}

// The goal is checked continuously: no contact stays enrolled past the end
// of an instant at which it meets the goal.
TEST(SimProperty, GoalLeavesAtOnce) {
  int instants = 0;
  ExpectForAll("goal at once", [&instants](const CaseRun& run) { return CheckGoalLeavesAtOnce(run, &instants); });
  std::printf("[property] goal at once: %d instants checked\n", instants);
  EXPECT_GT(instants, 0);
}

// Yearly date triggers fire exactly at their local moment, across DST.
TEST(SimProperty, DateTriggersFireAtTheirLocalMoment) {
  int moments = 0;
  ExpectForAll("date triggers", [&moments](const CaseRun& run) { return CheckDateTriggers(run, &moments); });
  std::printf("[property] date triggers: %d anniversaries inside the clock checked\n", moments);
  EXPECT_GT(moments, 0);
}

// A split's variant is sticky: a contact enrolled again takes the same one.
TEST(SimProperty, SplitVariantIsStickyAcrossEnrolments) {
  int repeated = 0;
  ExpectForAll("sticky splits", [&repeated](const CaseRun& run) -> std::string {
    std::map<std::pair<std::string, std::string>, std::string> taken;  // (contact, node) -> label
    for (std::size_t i = 0; i < run.lines.size(); ++i) {
      const Line& line = run.lines[i];
      if (line["kind"] != "split") continue;
      auto key = std::make_pair(line["contact"].get<std::string>(), line["node"].get<std::string>());
      auto [it, fresh] = taken.emplace(key, line["label"].get<std::string>());
      if (fresh) continue;
      ++repeated;
      if (it->second != line["label"]) return "the contact took variant " + it->second + " before, now at " + Where(run, i);
    }
    return "";
  });
  std::printf("[property] sticky splits: %d repeated split decisions compared\n", repeated);
  EXPECT_GT(repeated, 0);
}

// At scale, split shares stay within binomial bounds: with n contacts and a
// variant of share p, the count X is Binomial(n, p) if the hash is a fair
// draw; |X - np| <= 4.5 sd has a false-failure chance of about 7e-6 per
// variant (normal approximation), 2e-4 over all variants here. The draws
// are a pure function of (workflow id, node id, contact id, seed), so this
// test is deterministic: it either always passes or always fails for the
// configurations below; the bound says how unlikely a failure would be for
// a fair hash.
TEST(SimProperty, SplitSharesWithinBinomialBounds) {
  constexpr int kContacts = 5000;
  double worst = 0;
  for (int r = 0; r < kScaleRuns; ++r) {
    std::vector<double> weights;
    Json fixture = SplitAtScaleFixture(static_cast<std::uint64_t>(r) + 1, kContacts, &weights);
    CaseRun run = RunCase(static_cast<std::uint64_t>(r) + 1, fixture);
    ASSERT_TRUE(run.load_problems.empty()) << run.load_problems;
    std::map<std::string, int> counts;
    int splits = 0;
    for (const Line& line : run.lines) {
      if (line["kind"] == "split") {
        ++counts[line["label"].get<std::string>()];
        ++splits;
      }
    }
    ASSERT_EQ(splits, kContacts) << "every contact passes the split once";
    double total = 0;
    for (double w : weights) total += w;
    for (std::size_t v = 0; v < weights.size(); ++v) {
      double p = weights[v] / total;
      double mean = kContacts * p, sd = std::sqrt(kContacts * p * (1 - p));
      int count = counts["V" + std::to_string(v)];
      double z = (count - mean) / sd;
      worst = std::max(worst, std::fabs(z));
      EXPECT_LE(std::fabs(z), 4.5) << "run " << r << ", variant V" << v << " (weight " << weights[v] << " of " << total
                                   << "): " << count << " of " << kContacts << " contacts, expected " << mean << " +- " << sd
                                   << "\n"
                                   << fixture["workflow"].dump();
    }
  }
  std::printf("[property] split shares: %d runs of %d contacts, largest |z| %.2f\n", kScaleRuns, kContacts, worst);
}

// The checks themselves catch broken traces: each is given a doctored copy
// of a real run and must object. (A property test whose checks cannot fail
// would prove nothing.)
TEST(SimProperty, ChecksCatchDoctoredTraces) {
  const Corpus& corpus = TheCorpus();
  auto find = [&](const std::function<bool(const CaseRun&)>& wanted) -> const CaseRun* {
    for (const CaseRun& run : corpus.runs) {
      if (run.load_problems.empty() && wanted(run)) return &run;
    }
    return nullptr;
  };
  auto index_of = [](const CaseRun& run, const std::function<bool(const Line&)>& wanted) -> int {
    for (std::size_t i = 0; i < run.lines.size(); ++i) {
      if (wanted(run.lines[i])) return static_cast<int>(i);
    }
    return -1;
  };
  auto has = [&](const char* kind) {
    return [&, kind](const CaseRun& run) { return index_of(run, [&](const Line& l) { return l["kind"] == kind; }) >= 0; };
  };

  // The clock going back.
  const CaseRun* run = find([](const CaseRun& r) {
    for (std::size_t i = 1; i < r.times.size(); ++i) if (r.times[i] > r.times[i - 1]) return true;
    return false;
  });
  ASSERT_NE(run, nullptr);
  CaseRun doctored = *run;
  std::reverse(doctored.times.begin(), doctored.times.end());
  EXPECT_NE(CheckClockMonotonic(doctored), "");

  // A line after the exit: the exited line moved before the contact's previous line.
  run = find(has("exited"));
  ASSERT_NE(run, nullptr);
  doctored = *run;
  int exited = index_of(doctored, [](const Line& l) { return l["kind"] == "exited"; });
  doctored.lines.erase(doctored.lines.begin() + exited);
  doctored.times.erase(doctored.times.begin() + exited);
  EXPECT_NE(CheckLifecycle(doctored), "") << "a missing exited line";

  // A fixed wait one second too long.
  run = find([&](const CaseRun& r) {
    return index_of(r, [&](const Line& l) {
             return l["kind"] == "waiting" && NodeType(r, l["node"].get<std::string>()) == "wait" &&
                    (*NodeDef(r, l["node"].get<std::string>())).contains("for");
           }) >= 0;
  });
  ASSERT_NE(run, nullptr);
  doctored = *run;
  int waiting = index_of(doctored, [&](const Line& l) {
    return l["kind"] == "waiting" && NodeType(doctored, l["node"].get<std::string>()) == "wait" &&
           (*NodeDef(doctored, l["node"].get<std::string>())).contains("for");
  });
  doctored.lines[static_cast<std::size_t>(waiting)]["until"] =
      FormatTimestamp(Ts(doctored.lines[static_cast<std::size_t>(waiting)]["until"].get<std::string>()) + 1);
  EXPECT_NE(CheckWaitDurations(doctored), "");

  // A send moved into quiet hours: a quiet-hours suppression or hold relabelled as sent.
  auto quiet_line = [](const Line& l) { return l.contains("reason") && l["reason"] == "quiet_hours"; };
  run = find([&](const CaseRun& r) { return index_of(r, quiet_line) >= 0; });
  ASSERT_NE(run, nullptr);
  doctored = *run;
  Line& quiet = doctored.lines[static_cast<std::size_t>(index_of(doctored, quiet_line))];
  const Json& send = *NodeDef(doctored, quiet["node"].get<std::string>());
  quiet["kind"] = "sent";
  quiet.erase("reason");
  quiet.erase("until");
  quiet["channel"] = send["channel"].get<std::string>();
  quiet["template"] = send["template"].get<std::string>();
  EXPECT_NE(CheckQuietHoursAndCaps(doctored), "");

  // A cap suppression relabelled as sent exceeds the cap.
  run = find([&](const CaseRun& r) {
    return index_of(r, [](const Line& l) { return l["kind"] == "suppressed" && l["reason"] == "frequency_cap"; }) >= 0;
  });
  ASSERT_NE(run, nullptr);
  doctored = *run;
  int capped = index_of(doctored, [](const Line& l) { return l["kind"] == "suppressed" && l["reason"] == "frequency_cap"; });
  doctored.lines[static_cast<std::size_t>(capped)]["kind"] = "sent";
  doctored.lines[static_cast<std::size_t>(capped)].erase("reason");
  EXPECT_NE(CheckQuietHoursAndCaps(doctored), "");

  // Schema: an unknown kind, a missing field, an extra field, a bad reason.
  run = find(has("sent"));
  ASSERT_NE(run, nullptr);
  const SchemaLite& schema = TraceSchema();
  for (int variant = 0; variant < 5; ++variant) {
    doctored = *run;
    Line& line = doctored.lines[static_cast<std::size_t>(index_of(doctored, [](const Line& l) { return l["kind"] == "sent"; }))];
    if (variant == 0) line["kind"] = "delivered";
    if (variant == 1) line.erase("template");
    if (variant == 2) line["extra"] = 1;
    if (variant == 3) {
      line["kind"] = "suppressed";
      line["reason"] = "bored";
    }
    if (variant == 4) line["t"] = "2026-11-02 01:00:00";
    EXPECT_NE(CheckSchema(doctored, schema), "") << "schema variant " << variant;
  }
}

// ---- the choices README "Semantics where FORMAT.md is open" documents --------

// A fixture around `nodes` (JSON text) starting at `start`, with an event
// trigger on "signup"; `extra` adds workflow fields, `script` the script.
// An `extra` "entry" replaces the default one: the text is parsed (the last
// of two equal names wins) and dumped again before the session reads it.
std::string OpenCaseTrace(const std::string& nodes, const std::string& start, const std::string& extra,
                          const std::string& script, const std::string& clock_start = "2026-06-01T00:00:00Z",
                          const std::string& zone = "UTC") {
  std::string text = R"({"format":"flowproof.fixture/1","name":"open","seed":1,"workflow":{"format":"flowproof.workflow/1","id":"w",)"
                     R"("timezone":")" + zone + R"(","entry":{"triggers":[{"type":"event","event":"signup"}]},)" + extra +
                     R"("start":")" + start + R"(","nodes":)" + nodes +
                     R"(,"templates":{"t":{"channel":"email","subject":"s","html":"h"}}},"clock":{"start":")" + clock_start +
                     R"(","until":"+3d"},"contacts":[{"id":"a","email":"a@example.com"}],"script":)" + script + "}";
  CaseRun run = RunCase(0, Json::parse(text));
  EXPECT_EQ(run.load_problems, "") << text;
  return run.jsonl;
}

int Count(const std::string& text, const std::string& part) {
  int n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(OpenSemantics, ScriptEventAtTheTimeoutInstantReleasesTheWait) {
  std::string trace = OpenCaseTrace(
      R"({"we":{"type":"wait_event","event":"buy","timeout":"1d","next":"x","on_timeout":"y"},"x":{"type":"exit","reason":"bought"},"y":{"type":"exit","reason":"late"}})",
      "we", "", R"([{"at":"+0s","contact":"a","event":"signup"},{"at":"+1d","contact":"a","event":"buy"}])");
  EXPECT_NE(trace.find(R"({"t":"2026-06-02T00:00:00Z","contact":"a","kind":"resumed","node":"we","via":"event"})"), std::string::npos) << trace;
}

TEST(OpenSemantics, WaitEndingWithMaxDurationExpires) {
  std::string trace = OpenCaseTrace(R"({"w":{"type":"wait","for":"1d","next":"x"},"x":{"type":"exit"}})", "w",
                                    R"("exit":{"max_duration":"1d"},)",
                                    R"([{"at":"+0s","contact":"a","event":"signup"},{"at":"+1d","contact":"a","event":"signup"}])");
  EXPECT_NE(trace.find(R"({"t":"2026-06-02T00:00:00Z","contact":"a","kind":"exited","reason":"expired"})"), std::string::npos) << trace;
  EXPECT_EQ(Count(trace, R"("kind":"resumed")"), 0) << trace;
  EXPECT_EQ(Count(trace, R"("kind":"enrolled")"), 1) << "the signup at +1d came before the exit: ignored\n" << trace;
}

TEST(OpenSemantics, TriggerWhileEnrolledLeavesNoLine) {
  std::string trace = OpenCaseTrace(R"({"w":{"type":"wait","for":"1d","next":"x"},"x":{"type":"exit"}})", "w",
                                    R"("entry":{"triggers":[{"type":"event","event":"signup"}],"reenroll":"after_exit"},)",
                                    R"([{"at":"+0s","contact":"a","event":"signup"},{"at":"+2h","contact":"a","event":"signup"}])");
  EXPECT_EQ(Count(trace, R"("kind":"enrolled")"), 1) << trace;
  EXPECT_EQ(Count(trace, R"("kind":"enroll_rejected")"), 0) << trace;
}

TEST(OpenSemantics, ReenrollDurationCountsFromTheEnrolmentStart) {
  std::string trace = OpenCaseTrace(
      R"({"w":{"type":"wait","for":"1h","next":"x"},"x":{"type":"exit"}})", "w",
      R"("entry":{"triggers":[{"type":"event","event":"signup"}],"reenroll":"1d"},)",
      R"([{"at":"+0s","contact":"a","event":"signup"},{"at":"+12h","contact":"a","event":"signup"},{"at":"+1d","contact":"a","event":"signup"}])");
  EXPECT_NE(trace.find(R"({"t":"2026-06-01T12:00:00Z","contact":"a","kind":"enroll_rejected","trigger":0,"reason":"reenroll"})"), std::string::npos) << trace;
  EXPECT_NE(trace.find(R"({"t":"2026-06-02T00:00:00Z","contact":"a","kind":"enrolled","trigger":0})"), std::string::npos) << trace;
}

TEST(OpenSemantics, AfterExitEnrolsAgainInTheSameInstant) {
  std::string trace = OpenCaseTrace(R"({"x":{"type":"exit"}})", "x",
                                    R"("entry":{"triggers":[{"type":"event","event":"signup"}],"reenroll":"after_exit"},)",
                                    R"([{"at":"+0s","contact":"a","event":"signup"},{"at":"+0s","contact":"a","event":"signup"}])");
  EXPECT_EQ(Count(trace, R"({"t":"2026-06-01T00:00:00Z","contact":"a","kind":"enrolled","trigger":0})"), 2) << trace;
}

TEST(OpenSemantics, QuietHoursStartingInASpringGapStartAfterIt) {
  // 2026-03-08 in New York: 02:00 EST jumps to 03:00 EDT; 02:30 means 03:30.
  std::string trace = OpenCaseTrace(R"({"s":{"type":"send","channel":"email","template":"t","next":"x"},"x":{"type":"exit"}})", "s",
                                    R"("settings":{"quiet_hours":{"start":"02:30","end":"06:00"}},)",
                                    R"([{"at":"2026-03-08T07:15:00Z","contact":"a","event":"signup"}])", "2026-03-08T00:00:00Z",
                                    "America/New_York");
  EXPECT_NE(trace.find(R"({"t":"2026-03-08T07:15:00Z","contact":"a","kind":"sent")"), std::string::npos) << "03:15 EDT is before 03:30\n" << trace;
}

TEST(OpenSemantics, QuietHoursStartingInAFallBackOverlapStartAtTheFirst) {
  // 2026-11-01 in New York: 01:00-02:00 happens twice; 06:45Z is the second 01:45 (EST).
  std::string trace = OpenCaseTrace(R"({"s":{"type":"send","channel":"email","template":"t","next":"x"},"x":{"type":"exit"}})", "s",
                                    R"("settings":{"quiet_hours":{"start":"01:30","end":"08:00"}},)",
                                    R"([{"at":"2026-11-01T06:45:00Z","contact":"a","event":"signup"}])", "2026-11-01T00:00:00Z",
                                    "America/New_York");
  EXPECT_NE(trace.find(R"("kind":"waiting","node":"s","until":"2026-11-01T13:00:00Z","reason":"quiet_hours"})"), std::string::npos) << trace;
}

TEST(OpenSemantics, AHeldMessageMeetsTheCapWhenReleased) {
  std::string trace = OpenCaseTrace(
      R"({"s":{"type":"send","channel":"email","template":"t","next":"w"},"w":{"type":"wait","for":"2h","next":"s2"},"s2":{"type":"send","channel":"email","template":"t","next":"x"},"x":{"type":"exit"}})",
      "s", R"("settings":{"frequency_cap":{"max":1,"per":"1d"},"quiet_hours":{"start":"00:00","end":"08:00"}},)",
      R"([{"at":"+23h","contact":"a","event":"signup"}])");
  EXPECT_NE(trace.find(R"({"t":"2026-06-02T08:00:00Z","contact":"a","kind":"suppressed","node":"s2","channel":"email","template":"t","reason":"frequency_cap"})"),
            std::string::npos) << trace;
}

TEST(OpenSemantics, ASendExactlyPerAgoNoLongerCounts) {
  std::string trace = OpenCaseTrace(
      R"({"s":{"type":"send","channel":"email","template":"t","next":"w"},"w":{"type":"wait","for":"1d","next":"s2"},"s2":{"type":"send","channel":"email","template":"t","next":"x"},"x":{"type":"exit"}})",
      "s", R"("settings":{"frequency_cap":{"max":1,"per":"1d"}},)", R"([{"at":"+0s","contact":"a","event":"signup"}])");
  EXPECT_EQ(Count(trace, R"("kind":"sent")"), 2) << trace;
}

TEST(OpenSemantics, WaitUntilInAFallBackOverlapMeansTheFirstOccurrence) {
  // Arriving at the second 01:15 (06:15Z): today's 01:30 (the first, 05:30Z) is past.
  std::string trace = OpenCaseTrace(R"({"w":{"type":"wait","until":{"time":"01:30"},"next":"x"},"x":{"type":"exit"}})", "w", "",
                                    R"([{"at":"2026-11-01T06:15:00Z","contact":"a","event":"signup"}])", "2026-11-01T00:00:00Z",
                                    "America/New_York");
  EXPECT_NE(trace.find(R"("kind":"waiting","node":"w","until":"2026-11-02T06:30:00Z"})"), std::string::npos) << trace;
}

TEST(OpenSemantics, ADayWaitAcrossDstIsTwentyFourHours) {
  // 09:00 EDT on 31 October; the clocks go back on 1 November: 08:00 EST.
  std::string trace = OpenCaseTrace(R"({"w":{"type":"wait","for":"1d","next":"x"},"x":{"type":"exit"}})", "w", "",
                                    R"([{"at":"2026-10-31T13:00:00Z","contact":"a","event":"signup"}])", "2026-10-31T00:00:00Z",
                                    "America/New_York");
  EXPECT_NE(trace.find(R"({"t":"2026-11-01T13:00:00Z","contact":"a","kind":"resumed","node":"w","via":"next"})"), std::string::npos) << trace;
}

// Writes generated fixtures for the JavaScript parity test when asked.
TEST(SimPropertyDump, WritesFixturesWhenAsked) {
  const char* dir = std::getenv("FLOWPROOF_PROPERTY_DUMP");
  if (dir == nullptr || *dir == '\0') GTEST_SKIP() << "FLOWPROOF_PROPERTY_DUMP is not set";
  int count = static_cast<int>(EnvNumber("FLOWPROOF_PROPERTY_DUMP_COUNT", 40));
  for (int i = 0; i < count; ++i) {
    std::string path = std::string(dir) + "/case-" + std::to_string(SeedOf(i)) + ".fixture.json";
    std::ofstream out(path);
    out << RandomFixture(SeedOf(i)).dump(2) << "\n";
    ASSERT_TRUE(out.good()) << "cannot write " << path;
  }
  std::printf("[property] wrote %d fixtures to %s\n", count, dir);
}

}  // namespace
}  // namespace flowproof::property
