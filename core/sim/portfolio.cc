#include "core/sim/portfolio.h"

#include <algorithm>
#include <limits>

#include "core/sim/trace_vocabulary.h"

namespace flowproof {
std::vector<std::shared_ptr<const Workflow>> PortfolioOrder(const Fixture& fixture) {
  std::vector<std::shared_ptr<const Workflow>> order;
  for (const std::string& id : fixture.portfolio.priority) {
    for (const auto& workflow : fixture.workflows) {
      if (workflow->id == id) order.push_back(workflow);
    }
  }
  for (const auto& workflow : fixture.workflows) {
    if (std::find(order.begin(), order.end(), workflow) == order.end()) order.push_back(workflow);
  }
  return order;
}

Portfolio::Portfolio(std::shared_ptr<const Fixture> fixture, const SimulatorOptions& options,
                     const std::vector<RunObserver*>& observers)
    : fixture_(std::move(fixture)), options_(options) {
  now_ = fixture_->start;
  workflows_ = PortfolioOrder(*fixture_);
  for (std::size_t i = 0; i < workflows_.size(); ++i) {
    index_.emplace(workflows_[i]->id, static_cast<int>(i));
    SimulatorOptions member = options;
    member.workflow = workflows_[i];
    member.portfolio = this;
    member.portfolio_index = static_cast<int>(i);
    member.observer = i < observers.size() ? observers[i] : nullptr;
    // Lines from every member go through TakeLine, in the order made.
    member.keep_trace = false;
    member.trace_sink = options.keep_trace || options.trace_sink ? [this](const TraceLine& line) { TakeLine(line); }
                                                                 : std::function<void(const TraceLine&)>();
    members_.push_back(std::make_unique<Simulator>(fixture_, member));
  }
  std::size_t contacts = fixture_->contacts.size();
  steps_of_.resize(contacts);
  if (fixture_->portfolio.frequency_cap) sends_.resize(contacts);
}

Portfolio::~Portfolio() = default;

bool Portfolio::Publish(std::shared_ptr<const Workflow> version, const PublishOptions& options,
                        std::vector<Migration>* migrations) {
  const int i = IndexOf(version->id);
  if (i < 0) return false;
  std::unique_ptr<Simulator>& member = members_[static_cast<std::size_t>(i)];
  SimulatorOptions next_options = member->options_;  // the portfolio, its place, its sink and observer
  next_options.workflow = version;
  auto next = std::make_unique<Simulator>(fixture_, next_options);
  SwitchToVersion(*member, *next, options, migrations, &trace_);
  member = std::move(next);
  workflows_[static_cast<std::size_t>(i)] = std::move(version);
  return true;
}

int Portfolio::IndexOf(const std::string& id) const {
  auto it = index_.find(id);
  return it == index_.end() ? -1 : it->second;
}

void Portfolio::TakeLine(const TraceLine& line) {
  if (options_.trace_sink) options_.trace_sink(line);
  if (options_.keep_trace) trace_.push_back(line);
}

const SentMessage& Portfolio::message(std::size_t i) const {
  const auto& [workflow, index] = message_order_[i];
  return members_[static_cast<std::size_t>(workflow)]->messages()[index];
}

std::optional<Instant> Portfolio::NextInstant() const {
  if (!started_) return fixture_->start;
  Instant next = std::numeric_limits<Instant>::max();
  if (script_cursor_ < fixture_->script.size()) next = fixture_->script[script_cursor_].at;
  for (const auto& member : members_) {
    if (!member->timers_.empty()) next = std::min(next, member->timers_.begin()->first);
  }
  if (next == std::numeric_limits<Instant>::max() || next > fixture_->until) return std::nullopt;
  return next;
}

bool Portfolio::Step() {
  std::optional<Instant> next = NextInstant();
  if (!next) return false;
  ProcessInstant(*next);
  return true;
}

bool Portfolio::AdvanceTo(Instant t) {
  t = std::min(t, fixture_->until);
  for (std::optional<Instant> next = NextInstant(); next && *next <= t; next = NextInstant()) {
    ProcessInstant(*next);
  }
  now_ = std::max(now_, t);
  for (auto& member : members_) member->now_ = std::max(member->now_, t);
  return !finished();
}

void Portfolio::ProcessInstant(Instant t) {
  now_ = t;
  ++steps_;
  // Every member is at t before any acts: an enrolment asked of a workflow
  // is scheduled at its now.
  for (auto& member : members_) {
    member->now_ = t;
    ++member->steps_;
  }
  if (!started_) {
    started_ = true;
    for (auto& member : members_) member->started_ = true;
    for (auto& member : members_) member->Start();
  }
  const std::vector<ScriptEntry>& script = fixture_->script;
  while (script_cursor_ < script.size() && script[script_cursor_].at <= t) RunScriptEntry(script_cursor_++);
  // Timers, workflow by workflow in priority order; a workflow can give
  // another (or itself) work at t (an enroll node), so again until none is due.
  for (bool any = true; any;) {
    any = false;
    for (auto& member : members_) {
      if (!member->timers_.empty() && member->timers_.begin()->first <= t) {
        member->ProcessDueTimers(t);
        any = true;
      }
    }
  }
}

void Portfolio::RunScriptEntry(std::size_t index) {
  const ScriptEntry& entry = fixture_->script[index];
  int contact = members_.front()->script_contacts_[index];
  if (contact < 0) return;  // the fixture parser rejects unknown contacts
  switch (entry.kind) {
    case ScriptKind::kEvent:
      BroadcastEvent(contact, entry.event, entry.source, entry.properties);
      break;
    case ScriptKind::kSet: {
      // Stored everywhere first, so no workflow acts on a contact that
      // another one has not been told about yet.
      std::vector<char> dates_moved;
      for (auto& member : members_) dates_moved.push_back(member->ApplyScriptSet(member->contacts_[contact], entry));
      for (std::size_t i = 0; i < members_.size(); ++i) members_[i]->HandleAttributeChange(contact, dates_moved[i] != 0);
      break;
    }
    case ScriptKind::kExit:
      for (auto& member : members_) member->ExitIfEnrolled(contact, exit_reason::kManual);
      break;
  }
}

void Portfolio::BroadcastEvent(int contact, const std::string& name, const std::string& source, const Json& properties) {
  std::vector<int> recorded;
  recorded.reserve(members_.size());
  for (auto& member : members_) {
    recorded.push_back(member->RecordEvent(
        contact, Simulator::PastEvent{member->Intern(name), member->Intern(source), member->now_, properties}));
  }
  for (std::size_t i = 0; i < members_.size(); ++i) members_[i]->DeliverRecorded(contact, recorded[i]);
}

void Portfolio::ShareChanges(int from, int contact, const std::vector<std::string>& names) {
  if (names.empty()) return;
  const Simulator& source = *members_[static_cast<std::size_t>(from)];
  for (std::size_t i = 0; i < members_.size(); ++i) {
    if (static_cast<int>(i) != from) members_[i]->ReceiveChanges(contact, source, names);
  }
}

void Portfolio::Enroll(int contact, const std::string& target, const Workflow& from, int node) {
  int index = IndexOf(target);
  if (index >= 0) members_[static_cast<std::size_t>(index)]->RequestEnroll(contact, from, node);
}

void Portfolio::Unenroll(int contact, const std::string& target) {
  int index = IndexOf(target);
  if (index >= 0) members_[static_cast<std::size_t>(index)]->ExitIfEnrolled(contact, exit_reason::kUnenrolled);
}

int Portfolio::CountStep(int contact, Instant now) {
  Steps& steps = steps_of_[static_cast<std::size_t>(contact)];
  if (steps.at != now) {
    steps.at = now;
    steps.count = 0;
  }
  return ++steps.count;
}

bool Portfolio::CapAllows(int contact, Channel channel, Instant now) {
  if (!fixture_->portfolio.frequency_cap) return true;
  const FrequencyCap& cap = *fixture_->portfolio.frequency_cap;
  auto capped = [&](Channel c) {
    return cap.channels.empty() || std::find(cap.channels.begin(), cap.channels.end(), c) != cap.channels.end();
  };
  if (!capped(channel)) return true;
  std::vector<SendAt>& sends = sends_[static_cast<std::size_t>(contact)];
  // A send exactly `per` ago no longer counts, as with a workflow's cap.
  sends.erase(sends.begin(), std::find_if(sends.begin(), sends.end(), [&](const SendAt& send) { return send.at > now - cap.per; }));
  int recent = 0;
  for (const SendAt& send : sends) {
    if (capped(send.channel)) ++recent;
  }
  return recent < cap.max;
}

void Portfolio::Sent(int contact, Channel channel, Instant now) {
  if (fixture_->portfolio.frequency_cap) sends_[static_cast<std::size_t>(contact)].push_back(SendAt{now, channel});
}

Json Portfolio::Contact(std::size_t index, bool detail) const {
  Json workflows = Json::object();
  int first_in = -1;
  int first_seen = -1;
  for (std::size_t i = 0; i < members_.size(); ++i) {
    Json state = members_[i]->Contact(index, false);
    const std::string& phase = state["state"].get_ref<const std::string&>();
    if (first_in < 0 && (phase == "active" || phase == "waiting")) first_in = static_cast<int>(i);
    if (first_seen < 0 && phase != "not_enrolled") first_seen = static_cast<int>(i);
    for (const char* key : {"id", "timezone"}) state.erase(key);
    workflows[workflows_[i]->id] = std::move(state);
  }
  int shown = first_in >= 0 ? first_in : first_seen >= 0 ? first_seen : 0;
  Json contact = members_[static_cast<std::size_t>(shown)]->Contact(index, detail);
  contact["workflow"] = workflows_[static_cast<std::size_t>(shown)]->id;
  contact["workflows"] = std::move(workflows);
  return contact;
}

Json Portfolio::NodeCounts() const {
  Json out = Json::object();
  for (std::size_t i = 0; i < members_.size(); ++i) out[workflows_[i]->id] = members_[i]->NodeCounts();
  return out;
}

MessageRenderResult Portfolio::Render(const std::string& contact_id, const std::string& template_name) const {
  for (const auto& member : members_) {
    if (member->workflow_.templates.count(template_name)) return member->Render(contact_id, template_name);
  }
  return members_.front()->Render(contact_id, template_name);
}

}  // namespace flowproof
