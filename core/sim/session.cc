#include "core/sim/session.h"

#include "core/json/json_input.h"
#include "core/sim/contact_paths.h"
#include "core/sim/simulator.h"
#include "core/sim/trace_text.h"
#include "core/time/timestamp.h"
#include "core/validate/validate_document.h"

namespace flowproof {

SessionLoadResult Session::Load(std::string_view fixture_json, const std::string& base_dir,
                                const FileLoader& loader, const SessionOptions& options) {
  JsonInputResult input = ParseJsonText(fixture_json);
  if (!input.ok()) {
    SessionLoadResult result;
    result.problems.push_back(*input.problem);
    return result;
  }
  return LoadDocument(input.value, base_dir, loader, options);
}

SessionLoadResult Session::LoadDocument(const Json& fixture, const std::string& base_dir, const FileLoader& loader,
                                        const SessionOptions& options) {
  SessionLoadResult result;
  FileLoader load = loader;
  if (!load) {
    load = [](const std::string& path, std::string* error) -> std::optional<std::string> {
      *error = "cannot read '" + path + "' here: embed the workflow in the fixture";
      return std::nullopt;
    };
  }
  FixtureParseResult parsed = ParseFixture(fixture, base_dir, load);
  result.warnings = parsed.warnings;
  if (!parsed.ok()) {
    result.problems = std::move(parsed.problems);
    return result;
  }
  const std::string prefix = "/workflow";  // the fixture parser reports workflow problems there too
  result.problems = CheckWorkflowLiquid(*parsed.fixture->workflow, prefix);
  if (parsed.fixture->workflow->triggers.size() > kMaxTriggers) {
    result.problems.push_back(Problem{prefix + "/entry/triggers",
                                      "at most " + std::to_string(kMaxTriggers) + " triggers are supported"});
  }
  if (!result.problems.empty()) return result;
  result.session = FromFixture(std::move(parsed.fixture), options);
  return result;
}

std::unique_ptr<Session> Session::FromFixture(std::shared_ptr<const Fixture> fixture,
                                              const SessionOptions& options) {
  return std::unique_ptr<Session>(new Session(std::move(fixture), options));
}

namespace {

SimulatorOptions ToSimulatorOptions(const SessionOptions& options) {
  SimulatorOptions out;
  out.trace_sink = options.on_trace_line;
  out.keep_trace = !options.on_trace_line;
  out.keep_messages = options.keep_messages;
  return out;
}

}  // namespace

Session::Session(std::shared_ptr<const Fixture> fixture, const SessionOptions& options)
    : fixture_(std::move(fixture)), simulator_(std::make_unique<Simulator>(fixture_, ToSimulatorOptions(options))) {}

Session::~Session() = default;

bool Session::Step() { return simulator_->Step(); }
bool Session::AdvanceBy(Duration d) { return simulator_->AdvanceTo(simulator_->now() + d); }
bool Session::AdvanceTo(Instant t) { return simulator_->AdvanceTo(t); }

void Session::RunToEnd() {
  while (simulator_->Step()) {
  }
  simulator_->AdvanceTo(fixture_->until);
}

bool Session::RunToBreakpoint(const std::vector<std::string>& node_ids, std::size_t max_steps) {
  for (std::size_t taken = 0; taken < max_steps; ++taken) {
    std::size_t before = simulator_->trace().size();
    if (!simulator_->Step()) return false;
    const std::vector<TraceLine>& trace = simulator_->trace();
    for (std::size_t i = before; i < trace.size(); ++i) {
      if (trace[i].kind != "entered") continue;
      const Json* node = trace[i].Find("node");
      for (const std::string& id : node_ids) {
        if (node != nullptr && *node == id) return true;
      }
    }
  }
  return false;
}

Instant Session::now() const { return simulator_->now(); }
Instant Session::start() const { return fixture_->start; }
Instant Session::until() const { return fixture_->until; }
bool Session::finished() const { return simulator_->finished(); }
std::size_t Session::steps_taken() const { return simulator_->steps_taken(); }
std::size_t Session::trace_size() const { return simulator_->trace().size(); }
const Fixture& Session::fixture() const { return *fixture_; }

std::string Session::TraceJsonl(std::size_t from) const {
  std::string out;
  const std::vector<TraceLine>& trace = simulator_->trace();
  for (std::size_t i = from; i < trace.size(); ++i) {
    out += trace[i].ToJson();
    out += '\n';
  }
  return out;
}

std::string Session::TraceText() const { return FormatTraceText(*fixture_, simulator_->trace()); }

Json Session::Contacts() const { return simulator_->Contacts(); }
Json Session::NodeCounts() const { return simulator_->NodeCounts(); }

Json Session::Messages() const {
  Json out = Json::array();
  const Workflow& workflow = *fixture_->workflow;
  const std::vector<ContactDef>& contacts = fixture_->contacts;
  for (const SentMessage& sent : simulator_->messages()) {
    out.push_back({{"t", FormatTimestamp(sent.t)},
                   {"contact", contacts[sent.contact].id},
                   {"node", workflow.nodes[sent.node].id},
                   {"template", sent.template_name},
                   {"channel", ChannelName(workflow.nodes[sent.node].channel)},
                   {"message", sent.message}});
  }
  return out;
}

Json Session::Render(const std::string& contact_id, const std::string& template_name) const {
  return simulator_->Render(contact_id, template_name);
}

}  // namespace flowproof
