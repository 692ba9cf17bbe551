// A v1.1 portfolio run: several workflows over the same contacts (FORMAT.md
// "Portfolio"; README "Portfolio").
//
// Each workflow runs in its own Simulator (its membership: enrolment, node,
// waits, its own cap), and the Portfolio makes them one run:
//   - one clock: at each instant every workflow processes the script entry
//     by entry, then its due timers, workflow by workflow in priority order
//     (`portfolio.priority` first, then the rest as listed), again until
//     none is due, so the earlier workflow's sends go first;
//   - one contact: an event (script or reaction) is recorded in every
//     workflow's history before any acts on it; an update node's changes are
//     copied to the other workflows, which handle them as a change (goal,
//     condition waits and triggers); a script `set` is stored in every
//     workflow first, then handled in each;
//   - enroll / unenroll nodes act on the named workflow;
//   - the portfolio's frequency cap counts every workflow's sends, and the
//     zero-time step count (loop_without_wait) is the contact's across
//     workflows, so a cycle of enroll nodes that takes no time is stopped;
//   - one trace, in the order lines were made, each with "workflow".
// A fixture with one `workflow` never comes here: it runs in one Simulator
// exactly as before.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/channel.h"
#include "core/base/json.h"
#include "core/model/fixture.h"
#include "core/sim/publish.h"
#include "core/sim/simulator.h"
#include "core/sim/trace.h"
#include "core/time/types.h"

namespace flowproof {

// The workflows in processing order: `portfolio.priority` first, in its
// order, then every other workflow as listed.
std::vector<std::shared_ptr<const Workflow>> PortfolioOrder(const Fixture& fixture);

class Portfolio {
 public:
  // `options` as for one Simulator (keep_trace, trace_sink, keep_messages,
  // render_messages, max_zero_time_steps); `fixture` must be a portfolio.
  // options.observer is not used: `observers`, if given, holds one per
  // workflow in processing order (PortfolioOrder), each told what happens in
  // its workflow, as a forecast counts each workflow.
  Portfolio(std::shared_ptr<const Fixture> fixture, const SimulatorOptions& options,
            const std::vector<RunObserver*>& observers = {});
  ~Portfolio();
  Portfolio(const Portfolio&) = delete;
  Portfolio& operator=(const Portfolio&) = delete;

  bool Step();
  bool AdvanceTo(Instant t);
  std::optional<Instant> NextInstant() const;
  Instant now() const { return now_; }
  bool finished() const { return !NextInstant().has_value(); }
  std::size_t steps_taken() const { return steps_; }

  const std::vector<TraceLine>& trace() const { return trace_; }
  // Messages in the order they were sent, across workflows.
  std::size_t message_count() const { return message_order_.size(); }
  const SentMessage& message(std::size_t i) const;

  // Workflows in processing order (priority first).
  std::size_t size() const { return members_.size(); }
  const Workflow& workflow(std::size_t i) const { return *workflows_[i]; }
  const Simulator& member(std::size_t i) const { return *members_[i]; }
  // The processing-order index of workflow `id`, or -1.
  int IndexOf(const std::string& id) const;

  // Contact `index` as Simulator::Contact gives it, for the first workflow
  // it is (or was) in, plus "workflows": {id: {state, node, ...}} for each.
  Json Contact(std::size_t index, bool detail) const;
  // {workflow id: that workflow's Simulator::NodeCounts()}.
  Json NodeCounts() const;
  // The template of the first workflow (in processing order) that has it.
  MessageRenderResult Render(const std::string& contact_id, const std::string& template_name) const;

  // Publishing a new version of one workflow (core/sim/publish.h) while the
  // portfolio runs: call after AdvanceTo(options.at - 1). From then on the
  // workflow of `version`'s id runs `version`, its contacts moved as
  // SwitchToVersion moves them (their lines in this trace); the other
  // workflows, the cap and the history go on. False when the portfolio has
  // no workflow of that id.
  bool Publish(std::shared_ptr<const Workflow> version, const PublishOptions& options, std::vector<Migration>* migrations);

  // ---- for the member simulators -------------------------------------------
  // The contact's zero-time steps at `now` so far, this one included.
  int CountStep(int contact, Instant now);
  bool CapAllows(int contact, Channel channel, Instant now);
  void Sent(int contact, Channel channel, Instant now);
  void MessageKept(int workflow, std::size_t index) { message_order_.emplace_back(workflow, index); }
  void BroadcastEvent(int contact, const std::string& name, const std::string& source, const Json& properties);
  void ShareChanges(int from, int contact, const std::vector<std::string>& names);
  void Enroll(int contact, const std::string& target, const Workflow& from, int node);
  void Unenroll(int contact, const std::string& target);

 private:
  void ProcessInstant(Instant t);
  void RunScriptEntry(std::size_t index);
  void TakeLine(const TraceLine& line);

  struct SendAt {
    Instant at;
    Channel channel;
  };
  struct Steps {
    Instant at = kNoTime;
    int count = 0;
  };

  std::shared_ptr<const Fixture> fixture_;
  SimulatorOptions options_;
  std::vector<std::shared_ptr<const Workflow>> workflows_;  // processing order
  std::vector<std::unique_ptr<Simulator>> members_;         // the same order
  std::map<std::string, int> index_;
  std::vector<std::vector<SendAt>> sends_;  // per contact, inside the cap's window (with a cap)
  std::vector<Steps> steps_of_;             // per contact
  std::vector<TraceLine> trace_;
  std::vector<std::pair<int, std::size_t>> message_order_;
  std::size_t script_cursor_ = 0;
  bool started_ = false;
  Instant now_ = 0;
  std::size_t steps_ = 0;
};

}  // namespace flowproof
