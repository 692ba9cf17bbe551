#include "core/sim/session.h"

#include <algorithm>
#include <utility>

#include "core/json/json_input.h"
#include "core/sim/contact_paths.h"
#include "core/sim/portfolio.h"
#include "core/sim/population_draw.h"
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
  DocumentOptions check_options;
  check_options.kind = DocumentKind::kFixture;
  check_options.base_dir = base_dir;
  check_options.loader = loader;
  check_options.max_triggers = kMaxTriggers;
  DocumentCheck check = ValidateDocument(fixture, check_options);
  SessionLoadResult result;
  result.problems = std::move(check.problems);
  result.warnings = std::move(check.warnings);
  if (result.problems.empty()) result.session = FromFixture(std::move(check.fixture), options);
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
    // A v1.1 population runs as named contacts after the fixture's own
    // (core/sim/population_draw.h; README "Forecast").
    : fixture_(WithPopulationContacts(std::move(fixture))) {
  if (fixture_->is_portfolio()) portfolio_ = std::make_unique<Portfolio>(fixture_, ToSimulatorOptions(options));
  else simulator_ = std::make_unique<Simulator>(fixture_, ToSimulatorOptions(options));
}

Session::~Session() = default;

bool Session::Step() { return portfolio_ ? portfolio_->Step() : simulator_->Step(); }
bool Session::AdvanceBy(Duration d) { return AdvanceTo(now() + d); }
bool Session::AdvanceTo(Instant t) { return portfolio_ ? portfolio_->AdvanceTo(t) : simulator_->AdvanceTo(t); }

void Session::RunToEnd() {
  while (Step()) {
  }
  AdvanceTo(fixture_->until);
}

bool Session::RunToBreakpoint(const std::vector<std::string>& node_ids, std::size_t max_steps) {
  for (std::size_t taken = 0; taken < max_steps; ++taken) {
    std::size_t before = Trace().size();
    if (!Step()) return false;
    const std::vector<TraceLine>& trace = Trace();
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

const std::vector<TraceLine>& Session::Trace() const { return portfolio_ ? portfolio_->trace() : simulator_->trace(); }

Instant Session::now() const { return portfolio_ ? portfolio_->now() : simulator_->now(); }
Instant Session::start() const { return fixture_->start; }
Instant Session::until() const { return fixture_->until; }
bool Session::finished() const { return portfolio_ ? portfolio_->finished() : simulator_->finished(); }
std::size_t Session::steps_taken() const { return portfolio_ ? portfolio_->steps_taken() : simulator_->steps_taken(); }
std::size_t Session::trace_size() const { return Trace().size(); }
const Fixture& Session::fixture() const { return *fixture_; }

namespace {

// [from, to) within [0, size].
std::pair<std::size_t, std::size_t> Range(std::size_t from, std::size_t to, std::size_t size) {
  to = std::min(to, size);
  return {std::min(from, to), to};
}

}  // namespace

std::string Session::TraceJsonl(std::size_t from, std::size_t to) const {
  const std::vector<TraceLine>& trace = Trace();
  auto [begin, end] = Range(from, to, trace.size());
  std::string out;
  for (std::size_t i = begin; i < end; ++i) {
    out += trace[i].ToJson();
    out += '\n';
  }
  return out;
}

std::string Session::TraceJsonArray(std::size_t from, std::size_t to) const {
  const std::vector<TraceLine>& trace = Trace();
  auto [begin, end] = Range(from, to, trace.size());
  std::string out = "[";
  for (std::size_t i = begin; i < end; ++i) {
    if (i > begin) out += ',';
    out += trace[i].ToJson();  // one object on one line: newlines inside strings are escaped
  }
  out += ']';
  return out;
}

std::string Session::TraceText() const { return FormatTraceText(*fixture_, Trace()); }

ContactPaths& Session::Paths() const {
  if (!paths_) paths_ = std::make_unique<ContactPaths>(*fixture_);
  paths_->Update(Trace());
  return *paths_;
}

Json Session::Contacts() const {
  ContactPaths& paths = Paths();
  Json out = Json::array();
  for (std::size_t i = 0; i < fixture_->contacts.size(); ++i) {
    out.push_back(ContactWithPaths(i, paths));
  }
  return out;
}

Json Session::Contact(const std::string& id) const {
  ContactPaths& paths = Paths();
  std::optional<std::size_t> index = paths.IndexOf(id);
  if (!index) return Json();
  return ContactWithPaths(*index, paths);
}

Json Session::ContactWithPaths(std::size_t index, const ContactPaths& paths) const {
  if (!portfolio_) {
    Json contact = simulator_->Contact(index, true);
    contact["path"] = paths.Path(index);
    return contact;
  }
  // A portfolio: the path in each workflow, and at the top the path in the
  // workflow the contact is shown in (Portfolio::Contact's "workflow").
  Json contact = portfolio_->Contact(index, true);
  const auto& workflows = fixture_->workflows;
  for (std::size_t w = 0; w < workflows.size(); ++w) {
    Json path = paths.Path(index, w);
    if (workflows[w]->id == contact["workflow"]) contact["path"] = path;
    contact["workflows"][workflows[w]->id]["path"] = std::move(path);
  }
  return contact;
}

Json Session::ContactSummaries() const {
  Json out = Json::array();
  for (std::size_t i = 0; i < fixture_->contacts.size(); ++i) {
    Json contact = portfolio_ ? portfolio_->Contact(i, false) : simulator_->Contact(i, false);
    Json row = Json::object();
    for (auto& [key, value] : contact.items()) {
      if (!value.is_null()) row[key] = std::move(value);
    }
    out.push_back(std::move(row));
  }
  return out;
}

Json Session::NodeCounts() const { return portfolio_ ? portfolio_->NodeCounts() : simulator_->NodeCounts(); }

Json Session::Messages() const { return Messages(0, kToEnd); }

Json Session::Messages(std::size_t from, std::size_t to) const {
  auto [begin, end] = Range(from, to, message_count());
  Json out = Json::array();
  const std::vector<ContactDef>& contacts = fixture_->contacts;
  for (std::size_t i = begin; i < end; ++i) {
    const SentMessage& sent = portfolio_ ? portfolio_->message(i) : simulator_->messages()[i];
    const Workflow& workflow = portfolio_ ? portfolio_->workflow(static_cast<std::size_t>(sent.workflow)) : *fixture_->workflow;
    Json message = {{"t", FormatTimestamp(sent.t)},
                    {"contact", contacts[sent.contact].id},
                    {"node", workflow.nodes[sent.node].id},
                    {"template", sent.template_name},
                    {"channel", ChannelName(workflow.nodes[sent.node].channel)},
                    {"message", sent.message}};
    if (portfolio_) message["workflow"] = workflow.id;  // v1.1 portfolio
    out.push_back(std::move(message));
  }
  return out;
}

std::size_t Session::message_count() const { return portfolio_ ? portfolio_->message_count() : simulator_->messages().size(); }

MessageRenderResult Session::Render(const std::string& contact_id, const std::string& template_name) const {
  return portfolio_ ? portfolio_->Render(contact_id, template_name) : simulator_->Render(contact_id, template_name);
}

}  // namespace flowproof
