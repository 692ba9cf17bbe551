// Helpers for simulator scenario tests: build a fixture around a workflow,
// run it, and read the trace back in a compact form that tests compare
// line by line ("+1h alice entered send_welcome").
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/base/json.h"
#include "core/sim/session.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"

namespace flowproof::testing {

inline constexpr const char* kClockStart = "2026-11-02T00:00:00Z";

// A workflow with an event trigger on "signup", the given nodes and start;
// `extra` fields are merged over it (triggers, exit, settings, templates...).
inline Json MakeWorkflow(Json nodes, std::string start, Json extra = Json::object()) {
  Json workflow = {
      {"format", "flowproof.workflow/1"},
      {"id", "test-flow"},
      {"name", "Test flow"},
      {"type", "lifecycle"},
      {"entry", {{"triggers", Json::array({{{"type", "event"}, {"event", "signup"}}})}}},
      {"start", start},
      {"nodes", std::move(nodes)},
      {"templates",
       {{"welcome", {{"channel", "email"}, {"subject", "Welcome {{ contact.first_name }}"}, {"html", "<p>Hi</p>"}}},
        {"promo", {{"channel", "email"}, {"subject", "Deals"}, {"html", "<p>Deals</p>"}}},
        {"nudge", {{"channel", "sms"}, {"body", "Hi {{ contact.first_name }}! Reply STOP to opt out"}}},
        {"ping", {{"channel", "push"}, {"title", "Hi"}, {"body", "Come back"}}},
        {"crm", {{"channel", "webhook"}, {"method", "POST"}, {"url", "https://crm.example/hook"}, {"body", "{}"}}}}},
  };
  workflow.update(extra);
  return workflow;
}

// Contacts and script are vectors, not Json: a one-element braced list
// ({Alice()}) converted to Json is an array under g++ but a copy of the
// element under clang (nlohmann/json's single-element initializer-list
// ambiguity), so the WebAssembly build would see an object.
inline Json MakeFixture(Json workflow, std::vector<Json> contacts, std::vector<Json> script = {},
                        std::string until = "+30d") {
  return {{"format", "flowproof.fixture/1"},
          {"name", "test"},
          {"workflow", std::move(workflow)},
          {"clock", {{"start", kClockStart}, {"until", until}}},
          {"seed", 1},
          {"contacts", Json(std::move(contacts))},
          {"script", Json(std::move(script))}};
}

inline std::unique_ptr<Session> LoadFixture(const Json& fixture) {
  SessionLoadResult loaded = Session::Load(fixture.dump());
  std::string problems;
  for (const Problem& problem : loaded.problems) problems += problem.ToString() + "\n";
  EXPECT_TRUE(loaded.ok()) << problems;
  return std::move(loaded.session);
}

inline std::unique_ptr<Session> RunFixture(const Json& fixture) {
  std::unique_ptr<Session> session = LoadFixture(fixture);
  if (session) session->RunToEnd();
  return session;
}

// The trace as "OFFSET CONTACT KIND DETAIL" lines: OFFSET from the clock
// start ("+1d2h", "+0s"); DETAIL the line's other fields' values, in order,
// objects as JSON.
inline std::vector<std::string> CompactTrace(const Session& session) {
  std::vector<std::string> lines;
  std::string jsonl = session.TraceJsonl();
  std::size_t begin = 0;
  while (begin < jsonl.size()) {
    std::size_t end = jsonl.find('\n', begin);
    Json line = Json::parse(jsonl.substr(begin, end - begin));
    begin = end + 1;
    Instant t = *ParseTimestamp(line["t"].get<std::string>());
    std::string out = "+" + FormatDuration(t - session.start()) + " " + line["contact"].get<std::string>() + " " +
                      line["kind"].get<std::string>();
    // The main fields in a fixed order, whatever order the line has them in.
    for (const char* key : {"node", "label", "via", "channel", "template", "reason", "until", "event", "trigger", "code"}) {
      if (line.contains(key)) {
        const Json& value = line[key];
        std::string text = value.is_string() ? value.get<std::string>() : value.dump();
        if (std::string(key) == "until") {
          text = "until=+" + FormatDuration(*ParseTimestamp(text) - session.start());
        }
        out += " " + text;
      }
    }
    lines.push_back(out);
  }
  return lines;
}

}  // namespace flowproof::testing
