// Invariants of a simulation run, checked on its trace (FORMAT.md "Trace"),
// for the property-based tests (tests/sim_property_test.cc).
//
//   CaseRun run = RunCase(seed, RandomFixture(seed));
//   std::string why = CheckLifecycle(run);   // "" when it holds
//
// Each check reads the fixture as written (its workflow's nodes, settings and
// contacts' zones) and the trace the session printed, and says in words what
// broke and on which trace line. The time-zone arithmetic here uses only
// TimeZone::FromLocal and ToLocal (core/time), never the simulator's own
// window and wait helpers, so a check is an independent second opinion.
// ShrinkFixture drops contacts, script entries, reactions, triggers and
// settings while a check still fails, so a failure prints a small fixture.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/base/json.h"
#include "core/sim/session.h"
#include "core/time/civil.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"
#include "core/time/zone.h"
#include "tests/property/json_schema_lite.h"

namespace flowproof::property {

using Line = nlohmann::ordered_json;

constexpr Instant kNever = INT64_MIN;

// One generated case after its run.
struct CaseRun {
  std::uint64_t seed = 0;
  Json fixture;
  std::string load_problems;  // non-empty: the generator made an invalid fixture
  std::string jsonl;
  std::vector<Line> lines;
  std::vector<Instant> times;  // each line's t
  Json contacts;               // Session::Contacts() at the end
  Instant start = 0;
  Instant until = 0;
};

inline Instant Ts(const std::string& text) { return ParseTimestamp(text).value_or(kNever); }
inline Duration Dur(const std::string& text) { return ParseDuration(text).value_or(0); }

// Loads and runs to the end, keeping the trace.
inline CaseRun RunCase(std::uint64_t seed, Json fixture) {
  CaseRun run;
  run.seed = seed;
  run.fixture = std::move(fixture);
  SessionLoadResult loaded = Session::Load(run.fixture.dump());
  if (!loaded.ok()) {
    for (const Problem& problem : loaded.problems) run.load_problems += problem.ToString() + "\n";
    return run;
  }
  Session& session = *loaded.session;
  session.RunToEnd();
  run.jsonl = session.TraceJsonl();
  run.start = session.start();
  run.until = session.until();
  run.contacts = session.Contacts();
  std::size_t begin = 0;
  while (begin < run.jsonl.size()) {
    std::size_t end = run.jsonl.find('\n', begin);
    run.lines.push_back(Line::parse(run.jsonl.substr(begin, end - begin)));
    run.times.push_back(Ts(run.lines.back()["t"].get<std::string>()));
    begin = end + 1;
  }
  return run;
}

// ---- reading the fixture ---------------------------------------------------

inline const Json& Workflow(const CaseRun& run) { return run.fixture["workflow"]; }

inline const Json* NodeDef(const CaseRun& run, const std::string& id) {
  const Json& nodes = Workflow(run)["nodes"];
  auto it = nodes.find(id);
  return it == nodes.end() ? nullptr : &*it;
}

inline std::string NodeType(const CaseRun& run, const std::string& id) {
  const Json* node = NodeDef(run, id);
  return node != nullptr ? (*node)["type"].get<std::string>() : "";
}

inline const TimeZone& ContactZone(const CaseRun& run, const std::string& contact) {
  for (const Json& c : run.fixture["contacts"]) {
    if (c["id"] == contact && c.contains("timezone")) return *FindTimeZone(c["timezone"].get<std::string>());
  }
  const Json& wf = Workflow(run);
  return wf.contains("timezone") ? *FindTimeZone(wf["timezone"].get<std::string>()) : UtcZone();
}

inline std::string Where(const CaseRun& run, std::size_t i) {
  return "trace line " + std::to_string(i + 1) + ": " + run.lines[i].dump();
}

inline std::string LocalText(Instant t, const TimeZone& zone) { return FormatLocalTimestamp(t, zone); }

// ---- independent time-zone arithmetic ---------------------------------------

// The quiet-hours windows around t, as instants: for each local date D near
// t's, [FromLocal(D, start), FromLocal(D or D+1, end)). Edges are wall times
// mapped as FORMAT.md says (a gap moves forward, an overlap means the first).
// Returns the end of the window containing t, or kNever when t is outside.
inline Instant QuietWindowEnd(Instant t, const TimeZone& zone, const LocalTime& start, const LocalTime& end) {
  if (start == end) return kNever;
  bool wraps = end.SecondsOfDay() < start.SecondsOfDay();
  std::int64_t today = DaysFromCivil(zone.ToLocal(t).date);
  for (std::int64_t d = today - 1; d <= today; ++d) {
    Instant from = zone.FromLocal(CivilFromDays(d), start);
    Instant to = zone.FromLocal(CivilFromDays(wraps ? d + 1 : d), end);
    if (from <= t && t < to) return to;
  }
  return kNever;
}

inline LocalTime Lt(const std::string& text) { return ParseLocalTime(text).value_or(LocalTime{}); }

// The first instant after `from` whose local wall time is `at` on one of
// `days` (names "mon".."sun"; empty: every day), times in a gap moved
// forward as FromLocal does.
inline Instant NextLocal(Instant from, const TimeZone& zone, const LocalTime& at, const Json& days) {
  static const char* kNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  std::int64_t day = DaysFromCivil(zone.ToLocal(from).date) - 1;
  for (int i = 0; i < 12; ++i, ++day) {
    CivilDate date = CivilFromDays(day);
    bool allowed = days.is_null() || days.empty();
    for (const Json& d : days.is_array() ? days : Json::array()) allowed = allowed || d == kNames[Weekday(date)];
    if (!allowed) continue;
    Instant candidate = zone.FromLocal(date, at);
    if (candidate > from) return candidate;
  }
  return kNever;
}

// ---- the invariants -----------------------------------------------------------

// The clock never goes back.
inline std::string CheckClockMonotonic(const CaseRun& run) {
  for (std::size_t i = 1; i < run.times.size(); ++i) {
    if (run.times[i] < run.times[i - 1]) return "the clock went back at " + Where(run, i);
  }
  for (std::size_t i = 0; i < run.times.size(); ++i) {
    if (run.times[i] < run.start || run.times[i] > run.until) return "a line outside the clock at " + Where(run, i);
  }
  return "";
}

// Every enrolled contact ends in exactly one state, its path follows the
// graph, and nothing of an enrolment follows its exit.
inline std::string CheckLifecycle(const CaseRun& run) {
  enum class Phase { kNone, kActive, kWaiting, kExited };
  struct Track {
    Phase phase = Phase::kNone;
    std::string node;           // the node entered last
    std::string expect_entered; // the node the graph says comes next ("" = any, or none)
    std::string wait_node;
    bool wait_quiet = false;
    Instant wait_until = kNever;
    std::string last_kind;
    Instant last_t = kNever;
    int enrollments = 0;
    Instant enrolled_at = kNever;
    std::string exit_reason;
    bool stop_pending = false;     // after error loop_without_wait / invalid_wait
    bool render_pending = false;   // after error render_failed
    bool node_done = false;        // the current node printed its own line
  };
  const Json& wf = Workflow(run);
  const Json entry = wf.value("entry", Json::object());
  std::string reenroll = entry.contains("reenroll") ? entry["reenroll"].get<std::string>() : "never";
  std::set<std::string> outside_reasons = {"goal", "expired", "manual"};
  if (wf.contains("exit") && wf["exit"].contains("on_events")) {
    for (const Json& on : wf["exit"]["on_events"]) outside_reasons.insert(on.value("reason", "exit_event"));
  }
  std::optional<Duration> max_duration;
  if (wf.contains("exit") && wf["exit"].contains("max_duration")) max_duration = Dur(wf["exit"]["max_duration"]);

  std::map<std::string, Track> tracks;
  for (const Json& c : run.fixture["contacts"]) tracks[c["id"].get<std::string>()];

  for (std::size_t i = 0; i < run.lines.size(); ++i) {
    const Line& line = run.lines[i];
    const std::string contact = line["contact"].get<std::string>();
    const std::string kind = line["kind"].get<std::string>();
    const Instant t = run.times[i];
    auto found = tracks.find(contact);
    if (found == tracks.end()) return "a line for an unknown contact at " + Where(run, i);
    Track& c = found->second;
    auto fail = [&](const std::string& what) { return what + " (" + contact + " was " + c.last_kind + " before) at " + Where(run, i); };
    auto text = [&](const char* key) { return line.contains(key) ? line[key].get<std::string>() : std::string(); };
    bool same_instant = c.last_t == t;

    if (c.stop_pending && !(kind == "exited" && text("reason") == "error" && same_instant)) {
      return fail("an error that stops the contact is not followed by exited/error");
    }
    if (c.render_pending && !(kind == "suppressed" && text("reason") == "render_failed" && same_instant)) {
      return fail("render_failed is not followed by suppressed/render_failed");
    }

    if (kind == "enrolled" || kind == "enroll_rejected") {
      if (c.phase == Phase::kActive || c.phase == Phase::kWaiting) return fail(kind + " while enrolled");
      bool again = c.enrollments > 0;
      bool allowed = !again || reenroll == "after_exit" ||
                     (reenroll != "never" && t - c.enrolled_at >= Dur(reenroll));
      if (kind == "enrolled") {
        if (!allowed) return fail("enrolled again although entry.reenroll is " + reenroll);
        c.phase = Phase::kActive;
        ++c.enrollments;
        c.enrolled_at = t;
        c.node.clear();
        c.exit_reason.clear();
        c.expect_entered = wf["start"].get<std::string>();
        c.node_done = true;
      } else if (text("reason") == "reenroll" && allowed) {
        return fail("enroll_rejected/reenroll although entry.reenroll (" + reenroll + ") allows it");
      } else if (text("reason") == "audience" && !allowed) {
        return fail("enroll_rejected/audience although the re-enrolment rule already forbids it");
      }
    } else if (c.phase != Phase::kActive && c.phase != Phase::kWaiting) {
      return fail("a line of kind " + kind + " outside an enrolment");
    } else if (kind == "entered") {
      if (c.phase != Phase::kActive) return fail("entered while waiting");
      if (!same_instant) return fail("entered at a later instant than the step before it");
      if (!c.node_done) return fail("entered a node before the previous node (" + c.node + ") did anything");
      if (!c.expect_entered.empty() && text("node") != c.expect_entered) {
        return fail("entered " + text("node") + " where the graph leads to " + c.expect_entered);
      }
      if (NodeDef(run, text("node")) == nullptr) return fail("entered an unknown node");
      c.node = text("node");
      c.expect_entered.clear();
      c.node_done = false;
      // A wait whose end is already past and a wait_until whose condition
      // already holds continue at once, without a line of their own.
      std::string type = NodeType(run, c.node);
      if (type == "wait" || type == "wait_until") {
        c.expect_entered = (*NodeDef(run, c.node))["next"].get<std::string>();
        c.node_done = true;
      }
    } else if (kind == "exited") {
      if (text("reason").empty()) return fail("exited without a reason");
      bool from_node = NodeType(run, c.node) == "exit" && !c.node_done && c.phase == Phase::kActive;
      if (from_node) {
        std::string want = (*NodeDef(run, c.node)).value("reason", "completed");
        if (text("reason") != want) return fail("the exit node " + c.node + " gave reason " + text("reason") + ", not " + want);
      } else if (text("reason") == "error") {
        if (!c.stop_pending) return fail("exited/error without an error line just before");
      } else if (!outside_reasons.count(text("reason"))) {
        return fail("exited with reason " + text("reason") + " that no exit node or exit rule gives here");
      } else if (text("reason") != "goal" && c.phase != Phase::kWaiting) {
        return fail("exited/" + text("reason") + " in the middle of a zero-time run");
      } else if (text("reason") == "expired" && (!max_duration || t != c.enrolled_at + *max_duration)) {
        return fail("exited/expired not exactly max_duration after enrolment");
      }
      c.phase = Phase::kExited;
      c.exit_reason = text("reason");
      c.stop_pending = false;
    } else if (kind == "error") {
      if (c.phase != Phase::kActive) return fail("error while waiting");
      std::string code = text("code");
      if (code == "render_failed") c.render_pending = true;
      else c.stop_pending = true;
      if (code == "invalid_wait" && NodeType(run, c.node) != "wait") return fail("invalid_wait at a node that is no wait");
    } else if (kind == "waiting") {
      if (c.phase != Phase::kActive) return fail("waiting while already waiting");
      if (text("node") != c.node) return fail("waiting at a node other than the one entered (" + c.node + ")");
      std::string type = NodeType(run, c.node);
      bool quiet = line.contains("reason");
      if (quiet ? type != "send" : (type != "wait" && type != "wait_event" && type != "wait_until")) {
        return fail("waiting at a node of type " + type);
      }
      c.phase = Phase::kWaiting;
      c.wait_node = c.node;
      c.wait_quiet = quiet;
      c.wait_until = line.contains("until") ? Ts(text("until")) : kNever;
      if (c.wait_until != kNever && c.wait_until <= t) return fail("waiting until a moment not in the future");
      c.expect_entered.clear();
    } else if (kind == "resumed") {
      if (c.phase != Phase::kWaiting) return fail("resumed without waiting");
      if (text("node") != c.wait_node) return fail("resumed at a node other than the one waited at");
      const Json& node = *NodeDef(run, c.wait_node);
      std::string type = node["type"].get<std::string>();
      std::string via = text("via");
      bool ok = (type == "wait" && via == "next") || (type == "send" && via == "next" && c.wait_quiet) ||
                (type == "wait_event" && (via == "event" || via == "timeout")) ||
                (type == "wait_until" && (via == "condition" || via == "timeout"));
      if (!ok) return fail("resumed via " + via + " from a " + type);
      if (via == "timeout" && c.wait_until == kNever) return fail("timed out from a wait without timeout");
      if (c.wait_until != kNever && t > c.wait_until) return fail("resumed after the wait's until");
      c.phase = Phase::kActive;
      if (type == "send") {
        c.expect_entered.clear();  // the send itself comes next
      } else {
        c.expect_entered = via == "timeout" ? node["on_timeout"].get<std::string>() : node["next"].get<std::string>();
        c.node_done = true;
      }
    } else {
      // The node's own line: branch, split, sent, suppressed, updated.
      if (c.phase != Phase::kActive) return fail(kind + " while waiting");
      if (text("node") != c.node) return fail(kind + " for a node other than the one entered (" + c.node + ")");
      const Json& node = *NodeDef(run, c.node);
      std::string type = node["type"].get<std::string>();
      std::string want = kind == "branch" ? "branch" : kind == "split" ? "split" : kind == "updated" ? "update" : "send";
      if (type != want) return fail(kind + " at a node of type " + type);
      if (kind == "sent" || kind == "suppressed") {
        if (text("channel") != node["channel"] || text("template") != node["template"]) return fail("channel or template differs from the node's");
        if (kind == "suppressed" && text("reason") == "render_failed") c.render_pending = false;
        c.expect_entered = node["next"].get<std::string>();
      } else if (kind == "updated") {
        c.expect_entered = node["next"].get<std::string>();
      } else if (kind == "branch") {
        std::string label = text("label");
        c.expect_entered = label == "else" ? node["else"].get<std::string>() : "";
        for (const Json& arm : node["branches"]) {
          if (arm["label"] == label) c.expect_entered = arm["next"].get<std::string>();
        }
        if (c.expect_entered.empty()) return fail("branch label " + label + " that the node does not have");
      } else {
        std::string label = text("label");
        c.expect_entered.clear();
        for (const Json& variant : node["variants"]) {
          if (variant["label"] == label) c.expect_entered = variant["next"].get<std::string>();
        }
        if (c.expect_entered.empty()) return fail("split label " + label + " that the node does not have");
      }
      c.node_done = true;
    }
    c.last_kind = kind;
    c.last_t = t;
  }

  // The end: exactly one state per contact, the same one Session::Contacts() reports.
  for (const Json& reported : run.contacts) {
    const std::string id = reported["id"].get<std::string>();
    const Track& c = tracks[id];
    std::string state = reported["state"].get<std::string>();
    auto fail = [&](const std::string& what) { return "at the end, " + id + ": " + what + "; Contacts() says " + reported.dump(); };
    if (c.stop_pending || c.render_pending) return fail("the trace ends inside an error");
    if (reported["enrollments"] != c.enrollments) return fail("the trace has " + std::to_string(c.enrollments) + " enrolments");
    switch (c.phase) {
      case Phase::kNone:
        if (state != "not_enrolled") return fail("never enrolled in the trace");
        break;
      case Phase::kActive:
        return fail("still active (neither waiting nor exited) when the run ended");
      case Phase::kWaiting:
        if (state != "waiting" || reported["node"] != c.wait_node) return fail("waiting at " + c.wait_node + " in the trace");
        if (c.wait_until != kNever && c.wait_until <= run.until) {
          return fail("still waiting although its wait ended at " + FormatTimestamp(c.wait_until) + ", before the clock's end");
        }
        if (max_duration && c.enrolled_at + *max_duration <= run.until) {
          return fail("still enrolled although max_duration ran out before the clock's end");
        }
        break;
      case Phase::kExited:
        if (state != "exited" || reported["exit_reason"] != c.exit_reason) return fail("exited with " + c.exit_reason + " in the trace");
        break;
    }
  }
  return "";
}

// No send falls inside quiet hours (in the contact's zone; webhook and
// ad_audience ignore them); a quiet-hours suppression or hold happens only
// inside them, and a hold lasts until they end. No frequency cap is
// exceeded, and a cap suppression happens only when the cap is full.
inline std::string CheckQuietHoursAndCaps(const CaseRun& run) {
  const Json& settings = Workflow(run).value("settings", Json::object());
  std::optional<LocalTime> quiet_start, quiet_end;
  bool skip = false;
  if (settings.contains("quiet_hours")) {
    quiet_start = Lt(settings["quiet_hours"]["start"]);
    quiet_end = Lt(settings["quiet_hours"]["end"]);
    skip = settings["quiet_hours"].value("mode", "hold") == "skip";
  }
  std::optional<int> cap_max;
  Duration cap_per = 0;
  std::set<std::string> capped;
  if (settings.contains("frequency_cap")) {
    cap_max = settings["frequency_cap"]["max"].get<int>();
    cap_per = Dur(settings["frequency_cap"]["per"]);
    for (const Json& ch : settings["frequency_cap"].value("channels", Json::array())) capped.insert(ch.get<std::string>());
  }
  auto is_capped = [&](const std::string& channel) { return capped.empty() || capped.count(channel) > 0; };
  std::map<std::string, std::vector<Instant>> capped_sends;  // per contact

  for (std::size_t i = 0; i < run.lines.size(); ++i) {
    const Line& line = run.lines[i];
    const std::string kind = line["kind"].get<std::string>();
    if (kind != "sent" && kind != "suppressed" && !(kind == "waiting" && line.contains("reason"))) continue;
    const std::string contact = line["contact"].get<std::string>();
    const Instant t = run.times[i];
    const TimeZone& zone = ContactZone(run, contact);
    std::string channel = line.contains("channel") ? line["channel"].get<std::string>()
                                                   : (*NodeDef(run, line["node"].get<std::string>()))["channel"].get<std::string>();
    bool for_people = channel != "webhook" && channel != "ad_audience";
    Instant window_end = quiet_start ? QuietWindowEnd(t, zone, *quiet_start, *quiet_end) : kNever;
    std::string local = " (local " + LocalText(t, zone) + " in " + zone.name() + ")";
    std::string reason = line.contains("reason") ? line["reason"].get<std::string>() : "";

    if (kind == "sent" && for_people && window_end != kNever) return "a send inside quiet hours" + local + " at " + Where(run, i);
    if (reason == "quiet_hours") {
      if (!for_people) return "quiet hours applied to " + channel + " at " + Where(run, i);
      if (window_end == kNever) return "quiet hours applied outside them" + local + " at " + Where(run, i);
      if (kind == "suppressed" && !skip) return "suppressed for quiet hours in hold mode at " + Where(run, i);
      if (kind == "waiting" && skip) return "held for quiet hours in skip mode at " + Where(run, i);
      if (kind == "waiting" && Ts(line["until"].get<std::string>()) != window_end) {
        return "held until " + line["until"].get<std::string>() + " but quiet hours end at " + FormatTimestamp(window_end) + local +
               " at " + Where(run, i);
      }
    }
    if (cap_max && is_capped(channel) && (kind == "sent" || reason == "frequency_cap")) {
      std::vector<Instant>& sends = capped_sends[contact];
      int recent = 0;
      for (Instant s : sends) recent += s > t - cap_per ? 1 : 0;
      if (kind == "sent") {
        if (recent + 1 > *cap_max) {
          return "frequency cap exceeded: " + std::to_string(recent + 1) + " capped sends within " +
                 settings["frequency_cap"]["per"].get<std::string>() + " (max " + std::to_string(*cap_max) + ") at " + Where(run, i);
        }
        sends.push_back(t);
      } else if (recent < *cap_max) {
        return "suppressed by the cap with only " + std::to_string(recent) + " capped sends in the window at " + Where(run, i);
      }
    }
  }
  return "";
}

// A wait lasts exactly as long as it says, across DST: `for` and timeouts
// are exact elapsed time, `until` the next such local moment; a timed
// resume happens exactly at `until`.
inline std::string CheckWaitDurations(const CaseRun& run, int* fixed_waits_checked = nullptr) {
  std::map<std::string, std::pair<std::size_t, Instant>> open;  // contact -> (waiting line, until)
  for (std::size_t i = 0; i < run.lines.size(); ++i) {
    const Line& line = run.lines[i];
    const std::string kind = line["kind"].get<std::string>();
    const std::string contact = line["contact"].get<std::string>();
    const Instant t = run.times[i];
    if (kind == "waiting") {
      const Json& node = *NodeDef(run, line["node"].get<std::string>());
      std::string type = node["type"].get<std::string>();
      Instant until = line.contains("until") ? Ts(line["until"].get<std::string>()) : kNever;
      open[contact] = {i, until};
      if (line.contains("reason")) continue;  // quiet hours: CheckQuietHoursAndCaps
      std::optional<Instant> want;
      if (type == "wait" && node.contains("for")) {
        want = t + Dur(node["for"]);
        if (fixed_waits_checked != nullptr) ++*fixed_waits_checked;
      } else if (type == "wait" && node.contains("until")) {
        const TimeZone& zone = ContactZone(run, contact);
        want = NextLocal(t, zone, Lt(node["until"]["time"]), node["until"].value("days", Json()));
      } else if ((type == "wait_event" || type == "wait_until") && node.contains("timeout")) {
        want = t + Dur(node["timeout"]);
      } else if (type == "wait_event" || type == "wait_until") {
        if (until != kNever) return "a wait without timeout has an until at " + Where(run, i);
        continue;
      } else {
        continue;  // for_expr / until_expr: the value depends on the contact
      }
      if (until != *want) {
        return "the wait should end at " + FormatTimestamp(*want) + " (local " + LocalText(*want, ContactZone(run, contact)) + ") at " +
               Where(run, i);
      }
    } else if (kind == "resumed") {
      auto it = open.find(contact);
      if (it == open.end()) return "resumed without a waiting line at " + Where(run, i);
      std::string via = line["via"].get<std::string>();
      Instant until = it->second.second;
      if ((via == "next" || via == "timeout") && t != until) {
        return "a timed wait resumed at " + FormatTimestamp(t) + ", not at its until " + FormatTimestamp(until) + " (" +
               Where(run, it->second.first) + ") at " + Where(run, i);
      }
      open.erase(it);
    } else if (kind == "exited") {
      auto it = open.find(contact);
      if (it != open.end() && it->second.second != kNever && t > it->second.second) {
        return "the contact was still waiting after its until at " + Where(run, i);
      }
      open.erase(contact);
    }
  }
  return "";
}

// Every line validates against schema/trace.schema.json and prints its keys
// in the order the schema lists them.
inline std::string CheckSchema(const CaseRun& run, const SchemaLite& schema) {
  const Line& root = schema.root();
  std::vector<std::string> leading;
  for (auto it = root["properties"].begin(); it != root["properties"].end(); ++it) leading.push_back(it.key());
  for (std::size_t i = 0; i < run.lines.size(); ++i) {
    const Line& line = run.lines[i];
    std::string why = schema.Validate(line);
    if (!why.empty()) return "schema: " + why + " at " + Where(run, i);
    // Key order: t, contact, kind, then the kind's fields in the schema's order.
    const Line& def = schema.Resolve("#/$defs/" + line["kind"].get<std::string>());
    std::vector<std::string> order = leading;
    for (auto it = def["properties"].begin(); it != def["properties"].end(); ++it) {
      if (std::find(order.begin(), order.end(), it.key()) == order.end()) order.push_back(it.key());
    }
    std::size_t position = 0;
    for (auto it = line.begin(); it != line.end(); ++it) {
      auto at = std::find(order.begin() + static_cast<std::ptrdiff_t>(position), order.end(), it.key());
      if (at == order.end()) return "key '" + it.key() + "' out of the schema's order at " + Where(run, i);
      position = static_cast<std::size_t>(at - order.begin()) + 1;
    }
  }
  return "";
}

// The goal is checked continuously: at the end of every instant (of the
// trace or of a script entry), no enrolled contact meets it. Only the two
// goals the generator writes are understood (converted == true, score >=
// 90); attributes are followed through the contacts, the script's `set`
// entries and the trace's `updated` lines.
inline std::string CheckGoalLeavesAtOnce(const CaseRun& run, int* instants_checked = nullptr) {
  const Json& wf = Workflow(run);
  if (!wf.contains("exit") || !wf["exit"].contains("goal")) return "";
  const Json& goal = wf["exit"]["goal"];
  bool converted_goal = goal.contains("==");
  bool score_goal = goal.contains(">=");
  if (!converted_goal && !score_goal) return "";
  struct State {
    Json converted;
    Json score;
    bool enrolled = false;
  };
  std::map<std::string, State> contacts;
  for (const Json& c : run.fixture["contacts"]) {
    State& state = contacts[c["id"].get<std::string>()];
    state.converted = c.value("converted", Json());
    state.score = c.value("score", Json());
  }
  auto apply = [](State& state, const Json& set) {
    if (set.contains("converted")) state.converted = set["converted"];
    if (set.contains("score")) state.score = set["score"];
  };
  auto meets = [&](const State& state) {
    if (converted_goal) return state.converted == Json(true);
    return state.score.is_number() && state.score.get<double>() >= 90;
  };
  // Script entries in time order (the parser sorts them stably by time).
  std::vector<std::pair<Instant, const Json*>> script;
  for (const Json& entry : run.fixture["script"]) {
    std::string at = entry["at"].get<std::string>();
    Instant t = at[0] == '+' ? run.start + Dur(at.substr(1)) : Ts(at);
    script.emplace_back(t, &entry);
  }
  std::stable_sort(script.begin(), script.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::set<Instant> instants(run.times.begin(), run.times.end());
  for (const auto& entry : script) instants.insert(entry.first);
  std::size_t line = 0, next_script = 0;
  for (Instant t : instants) {
    if (t > run.until) break;
    for (; next_script < script.size() && script[next_script].first <= t; ++next_script) {
      const Json& entry = *script[next_script].second;
      if (entry.contains("set")) apply(contacts[entry["contact"].get<std::string>()], entry["set"]);
    }
    for (; line < run.lines.size() && run.times[line] <= t; ++line) {
      const Line& l = run.lines[line];
      State& state = contacts[l["contact"].get<std::string>()];
      std::string kind = l["kind"].get<std::string>();
      if (kind == "enrolled") state.enrolled = true;
      if (kind == "exited") state.enrolled = false;
      if (kind == "updated" && l.contains("set")) apply(state, Json::parse(l["set"].dump()));
    }
    if (instants_checked != nullptr) ++*instants_checked;
    for (const auto& [id, state] : contacts) {
      if (state.enrolled && meets(state)) {
        return id + " meets the goal " + goal.dump() + " (converted " + state.converted.dump() + ", score " + state.score.dump() +
               ") but is still enrolled at the end of instant " + FormatTimestamp(t);
      }
    }
  }
  return "";
}

// Date triggers fire at local `at` on the date plus `offset` (whole days of
// the offset move the calendar date, the rest is exact time), each year with
// "every": "year": every firing (enrolled or enroll_rejected naming the
// trigger) is at such a moment, and at each such moment inside the clock
// the contact either has a firing line or was already enrolled. Contacts
// whose date changes during the run are left out.
inline std::string CheckDateTriggers(const CaseRun& run, int* moments_checked = nullptr) {
  const Json& wf = Workflow(run);
  const Json& triggers = wf["entry"]["triggers"];
  bool date_moves = false;
  for (const auto& [id, node] : wf["nodes"].items()) {
    if (node.contains("set") && node["set"].contains("birthday")) date_moves = true;
  }
  if (date_moves) return "";
  std::set<std::string> moved;
  for (const Json& entry : run.fixture["script"]) {
    if (entry.contains("set") && entry["set"].contains("birthday")) moved.insert(entry["contact"].get<std::string>());
  }
  for (std::size_t i = 0; i < triggers.size(); ++i) {
    const Json& trigger = triggers[i];
    if (trigger["type"] != "date" || trigger.value("every", "") != "year") continue;
    Duration offset = trigger.contains("offset") ? Dur(trigger["offset"]) : 0;
    LocalTime at = trigger.contains("at") ? Lt(trigger["at"]) : LocalTime{};
    for (const Json& c : run.fixture["contacts"]) {
      std::string id = c["id"].get<std::string>();
      if (moved.count(id) || !c.contains("birthday")) continue;
      std::optional<CivilDate> date = ParseCivilDate(c["birthday"].get<std::string>());
      if (!date) continue;
      const TimeZone& zone = ContactZone(run, id);
      std::set<Instant> moments;
      int year = zone.ToLocal(run.start).date.year;
      for (int y = year - 1; y <= year + 1; ++y) {
        Instant m = zone.FromLocal(CivilFromDays(DaysFromCivil(AnniversaryIn(*date, y)) + offset / kDay), at) + offset % kDay;
        if (m >= run.start && m <= run.until) moments.insert(m);
      }
      bool enrolled = false;
      std::set<Instant> fired;
      std::vector<std::pair<Instant, bool>> enrolled_before;  // (t, enrolled after the line)
      for (std::size_t l = 0; l < run.lines.size(); ++l) {
        const Line& line = run.lines[l];
        if (line["contact"] != id) continue;
        std::string kind = line["kind"].get<std::string>();
        if ((kind == "enrolled" || kind == "enroll_rejected") && line["trigger"] == i) {
          if (!moments.count(run.times[l])) {
            return "date trigger " + std::to_string(i) + " " + trigger.dump() + " fired for " + id + " (" + c["birthday"].get<std::string>() +
                   ", " + zone.name() + ", local " + LocalText(run.times[l], zone) + ") at no moment it names at " + Where(run, l);
          }
          fired.insert(run.times[l]);
        }
        if (kind == "enrolled") enrolled = true;
        if (kind == "exited") enrolled = false;
        enrolled_before.emplace_back(run.times[l], enrolled);
      }
      for (Instant m : moments) {
        if (moments_checked != nullptr) ++*moments_checked;
        if (fired.count(m)) continue;
        // Enrolled before m, or enrolled at m by something that ran before
        // the date timer (a script entry at the same instant runs first).
        bool was_enrolled = false;
        for (const auto& [t, state] : enrolled_before) {
          if (t > m) break;
          if (t < m) was_enrolled = state;
          else was_enrolled = was_enrolled || state;
        }
        if (!was_enrolled) {
          return "date trigger " + std::to_string(i) + " " + trigger.dump() + " did not fire for " + id + " (" +
                 c["birthday"].get<std::string>() + ", " + zone.name() + ") at " + FormatTimestamp(m) + " (local " + LocalText(m, zone) + ")";
        }
      }
    }
  }
  return "";
}

// ---- shrinking ---------------------------------------------------------------

// Drops parts of a fixture while `still_fails` (given a fixture, the failure
// message or "") keeps failing; returns the smallest failing fixture found.
inline Json ShrinkFixture(Json fixture, const std::function<std::string(const Json&)>& still_fails, int budget = 300) {
  auto attempt = [&](Json candidate) {
    if (budget-- <= 0) return false;
    if (still_fails(candidate).empty()) return false;
    fixture = std::move(candidate);
    return true;
  };
  bool progress = true;
  while (progress && budget > 0) {
    progress = false;
    // Contacts (with their script entries and reactions).
    for (std::size_t i = 0; i < fixture["contacts"].size() && fixture["contacts"].size() > 1; ++i) {
      Json candidate = fixture;
      std::string id = candidate["contacts"][i]["id"].get<std::string>();
      candidate["contacts"].erase(i);
      Json script = Json::array();
      for (const Json& e : candidate["script"]) if (e["contact"] != id) script.push_back(e);
      candidate["script"] = script;
      if (candidate.contains("reactions")) {
        Json reactions = Json::array();
        for (const Json& r : candidate["reactions"]) if (r.value("contact", "*") != id) reactions.push_back(r);
        candidate["reactions"] = reactions;
      }
      if (attempt(candidate)) { progress = true; --i; }
    }
    for (const char* list : {"script", "reactions"}) {
      if (!fixture.contains(list)) continue;
      for (std::size_t i = 0; i < fixture[list].size(); ++i) {
        Json candidate = fixture;
        candidate[list].erase(i);
        if (attempt(candidate)) { progress = true; --i; }
      }
    }
    // No reference into `fixture` is kept: attempt() replaces it.
    for (std::size_t i = 0; i < fixture["workflow"]["entry"]["triggers"].size() &&
                            fixture["workflow"]["entry"]["triggers"].size() > 1;
         ++i) {
      Json candidate = fixture;
      candidate["workflow"]["entry"]["triggers"].erase(i);
      if (attempt(candidate)) { progress = true; --i; }
    }
    for (const char* part : {"settings", "exit"}) {
      if (!fixture["workflow"].contains(part)) continue;
      for (const std::string& key : {std::string("quiet_hours"), std::string("frequency_cap"), std::string("goal"),
                                     std::string("max_duration"), std::string("on_events")}) {
        if (!fixture["workflow"][part].contains(key)) continue;
        Json candidate = fixture;
        candidate["workflow"][part].erase(key);
        if (candidate["workflow"][part].empty()) candidate["workflow"].erase(part);
        if (attempt(candidate)) progress = true;
      }
    }
    for (const char* key : {"audience", "reenroll"}) {
      if (!fixture["workflow"]["entry"].contains(key)) continue;
      Json candidate = fixture;
      candidate["workflow"]["entry"].erase(key);
      if (attempt(candidate)) progress = true;
    }
  }
  return fixture;
}

}  // namespace flowproof::property
