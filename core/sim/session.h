// A fixture being simulated, driven step by step: what the CLI, the tests,
// the WebAssembly binding and so the page use.
//
//   SessionLoadResult loaded = Session::Load(fixture_json_text, base_dir, loader);
//   if (!loaded.ok()) { for (const Problem& p : loaded.problems) ...; }
//   Session& s = *loaded.session;
//   while (s.Step()) {}                 // or s.RunToEnd(), s.AdvanceBy(kDay)
//   std::string jsonl = s.TraceJsonl();  // FORMAT.md "Trace", one line each
//   Json sent = s.Messages(seen, Session::kToEnd);  // what was sent since `seen`
//   Json ana = s.Contact("ana");         // where Ana is, her path and attributes
//
// The simulation is deterministic: the same fixture gives the same trace,
// byte for byte, natively and in WebAssembly. So "step back" is a replay
// from the start to the previous step (Session::Load + Step n-1 times).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/json.h"
#include "core/model/fixture.h"
#include "core/model/fixture_parser.h"  // FileLoader
#include "core/render/message_renderer.h"  // MessageRenderResult
#include "core/base/problem.h"
#include "core/time/types.h"

namespace flowproof {

class ContactPaths;
class Portfolio;
class Simulator;
struct TraceLine;

class Session;

// How a session keeps what happens. The defaults keep everything (the page,
// the tests, `run`); `flowproof simulate` streams a long trace instead.
struct SessionOptions {
  // Receives each trace line as it is made; when set, lines are not kept
  // (TraceJsonl() and RunToBreakpoint() then see none).
  std::function<void(const TraceLine&)> on_trace_line;
  // Keep each rendered message for Messages() and Render(). Messages are
  // rendered either way: a failed render is a trace line.
  bool keep_messages = true;
};

struct SessionLoadResult {
  std::unique_ptr<Session> session;  // null when problems is non-empty
  Problems problems;                 // every problem with its JSON Pointer (or line/column)
  Problems warnings;                 // e.g. unreachable nodes; the session still loads
  bool ok() const { return session != nullptr; }
};

class Session {
 public:
  // Parses and validates a fixture (JSON text; ValidateDocument in
  // core/validate/validate_document.h, with the simulator's trigger limit)
  // and prepares the run at the clock start; nothing has happened yet.
  // `loader` may be null when the fixture embeds its workflow.
  static SessionLoadResult Load(std::string_view fixture_json, const std::string& base_dir = "",
                                const FileLoader& loader = nullptr, const SessionOptions& options = {});
  // The same from a fixture document already parsed.
  static SessionLoadResult LoadDocument(const Json& fixture, const std::string& base_dir = "",
                                        const FileLoader& loader = nullptr, const SessionOptions& options = {});
  // The same from a parsed fixture.
  static std::unique_ptr<Session> FromFixture(std::shared_ptr<const Fixture> fixture,
                                              const SessionOptions& options = {});

  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Moves the clock to the next instant at which anything happens and
  // processes everything due then. Returns false (and does nothing) when the
  // run is over: nothing pending before clock.until.
  bool Step();
  // Processes everything due up to and including now() + d (or t), then sets
  // the clock there (never past clock.until). Returns false when finished.
  bool AdvanceBy(Duration d);
  bool AdvanceTo(Instant t);
  // Runs to the end (clock.until or nothing pending).
  void RunToEnd();
  // Steps until some contact enters one of `node_ids` (the step in which that
  // happens is completed), the run ends, or `max_steps` steps were taken (so
  // a caller can report progress and call again). Returns true when a
  // breakpoint hit; finished() tells the end from the step limit.
  bool RunToBreakpoint(const std::vector<std::string>& node_ids,
                       std::size_t max_steps = static_cast<std::size_t>(-1));

  Instant now() const;
  Instant start() const;
  Instant until() const;
  bool finished() const;
  std::size_t steps_taken() const;

  // Trace lines [from, to) (`to` capped at trace_size()): JSON lines, each
  // ending in '\n' (FORMAT.md "Trace"), ...
  std::string TraceJsonl(std::size_t from = 0, std::size_t to = kToEnd) const;
  // ...or one JSON array of the same objects, byte for byte the same text
  // ("[" + the lines joined by "," + "]"), serialised directly.
  std::string TraceJsonArray(std::size_t from = 0, std::size_t to = kToEnd) const;
  std::size_t trace_size() const;
  // The trace as readable text for people ("--format text").
  std::string TraceText() const;

  // "To the end" for the ranges below.
  static constexpr std::size_t kToEnd = static_cast<std::size_t>(-1);

  // Every contact and where it is now:
  // [{"id","timezone","state":"not_enrolled"|"active"|"waiting"|"exited",
  //   "node": id|null, "until": ts|null, "waiting_for": {...}|null,
  //   "exit_reason": ...|null, "enrolled_at": ts|null,
  //   "attributes": {...}, "lists": [...], "consent": {...},
  //   "path": [node ids entered, in order]}]
  // In a portfolio, that is the contact in one workflow ("workflow": the
  // first it is in now, else the first it was in), and "workflows" holds
  // its state and "path" in each workflow by id.
  Json Contacts() const;
  // One contact as Contacts() lists it (attributes and path included), found
  // by a hash lookup; null when the fixture has no contact `id`.
  Json Contact(const std::string& id) const;
  // Every contact as Contacts() lists it, without "attributes", "lists",
  // "consent" and "path" and with null fields left out: what a list of
  // every contact shows, without materialising anyone's attributes.
  Json ContactSummaries() const;
  // Per node: how many contacts sit there now, and how many ever entered.
  // {"node_id": {"now": n, "entered": n}, ...}
  Json NodeCounts() const;

  // Every message sent so far, in send order, rendered:
  // [{"t", "contact", "node", "template", "channel", "message": {...}}]
  Json Messages() const;
  // Messages [from, to) (`to` capped at message_count()): only those are
  // turned into JSON, so reading what was sent since the last look costs
  // what was sent since then.
  Json Messages(std::size_t from, std::size_t to = kToEnd) const;
  std::size_t message_count() const;
  // Renders `template_name` for a contact as of now (or the contact's last
  // send of that template, if there was one): FORMAT.md's `render` output,
  // or an error code (unknown_contact, unknown_template, render_failed) and
  // its message.
  MessageRenderResult Render(const std::string& contact_id, const std::string& template_name) const;

  const Fixture& fixture() const;

 private:
  Session(std::shared_ptr<const Fixture> fixture, const SessionOptions& options);
  // Brought up to date with the trace by the const readers that need it
  // (Contacts, Contact), so a run pays nothing for it.
  ContactPaths& Paths() const;
  // Contact `index` as Contacts() lists it: in a portfolio, with its path in
  // every workflow.
  Json ContactWithPaths(std::size_t index, const ContactPaths& paths) const;

  std::shared_ptr<const Fixture> fixture_;
  // One of the two: a fixture of one workflow runs in a Simulator, a v1.1
  // portfolio (`workflows`) in a Portfolio of them.
  std::unique_ptr<Simulator> simulator_;
  std::unique_ptr<Portfolio> portfolio_;
  const std::vector<TraceLine>& Trace() const;
  mutable std::unique_ptr<ContactPaths> paths_;
};

}  // namespace flowproof
