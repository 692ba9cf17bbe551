#include "core/diff/behaviour_diff.h"

#include <map>
#include <vector>

#include "core/base/json_dump.h"
#include "core/diff/cohort_diff.h"
#include "core/diff/line_diff.h"
#include "core/diff/version_fixture.h"
#include "core/sim/portfolio.h"
#include "core/sim/publish.h"
#include "core/sim/simulator.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"

namespace flowproof {
namespace {

struct Sent {
  Instant t;
  std::string workflow;  // in a portfolio, the workflow that sent it; else ""
  std::string template_name;
  Json message;
  // Messages pair by template, and in a portfolio by workflow too: two
  // workflows may each have a template of the same name.
  std::string Key() const { return workflow.empty() ? template_name : workflow + '\n' + template_name; }
};

struct ContactRun {
  std::vector<Json> lines;
  std::vector<Sent> sent;
};

// One version's run, contact by contact: a Simulator's or, for a portfolio,
// the Portfolio's one trace (each line with its "workflow") and its
// messages across workflows.
std::vector<ContactRun> ByContact(const Fixture& fixture, const std::vector<TraceLine>& trace,
                                  const std::vector<const SentMessage*>& messages,
                                  const std::vector<std::string>& workflow_ids) {
  std::vector<ContactRun> out(fixture.contacts.size());
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < fixture.contacts.size(); ++i) index[fixture.contacts[i].id] = i;
  for (const TraceLine& line : trace) {
    auto it = index.find(line.contact);
    if (it != index.end()) out[it->second].lines.push_back(line.ToObject());
  }
  for (const SentMessage* message : messages) {
    if (message->contact < 0 || static_cast<std::size_t>(message->contact) >= out.size()) continue;
    std::string workflow = message->workflow >= 0 && static_cast<std::size_t>(message->workflow) < workflow_ids.size()
                               ? workflow_ids[static_cast<std::size_t>(message->workflow)]
                               : "";
    out[message->contact].sent.push_back(Sent{message->t, std::move(workflow), message->template_name, message->message});
  }
  return out;
}

std::vector<ContactRun> ByContact(const Fixture& fixture, const Simulator& simulator) {
  std::vector<const SentMessage*> messages;
  for (const SentMessage& message : simulator.messages()) messages.push_back(&message);
  return ByContact(fixture, simulator.trace(), messages, {});
}

std::vector<ContactRun> ByContact(const Fixture& fixture, const Portfolio& portfolio) {
  std::vector<const SentMessage*> messages;
  for (std::size_t i = 0; i < portfolio.message_count(); ++i) messages.push_back(&portfolio.message(i));
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < portfolio.size(); ++i) ids.push_back(portfolio.workflow(i).id);
  return ByContact(fixture, portfolio.trace(), messages, ids);
}

// A portfolio version run to its end, contact by contact.
std::vector<ContactRun> RunPortfolio(const std::shared_ptr<const Fixture>& fixture, const SimulatorOptions& options) {
  Portfolio portfolio(fixture, options);
  while (portfolio.Step()) {}
  return ByContact(*fixture, portfolio);
}

Json SentJson(const Sent& sent) {
  Json out = {{"t", FormatTimestamp(sent.t)}, {"template", sent.template_name}};
  if (!sent.workflow.empty()) out["workflow"] = sent.workflow;
  for (const char* field : {"subject", "title", "body"}) {
    if (sent.message.is_object() && sent.message.contains(field) && sent.message[field].is_string()) {
      out[field] = sent.message[field];
    }
  }
  return out;
}

Json MessageChanges(const std::vector<Sent>& before, const std::vector<Sent>& after) {
  Json out = {{"gained", Json::array()}, {"lost", Json::array()}, {"changed", Json::array()}};
  std::map<std::string, std::vector<const Sent*>> old_by, new_by;
  for (const Sent& s : before) old_by[s.Key()].push_back(&s);
  for (const Sent& s : after) new_by[s.Key()].push_back(&s);
  // In time order of the version that has them.
  std::map<std::string, std::size_t> seen;
  for (const Sent& s : before) {
    std::size_t k = seen[s.Key()]++;
    const auto& others = new_by[s.Key()];
    if (k >= others.size()) {
      out["lost"].push_back(SentJson(s));
      continue;
    }
    const Sent& now = *others[k];
    if (s.t == now.t && s.message == now.message) continue;
    Json change = {{"template", s.template_name}, {"t", Json::array({FormatTimestamp(s.t), FormatTimestamp(now.t)})}};
    if (!s.workflow.empty()) change["workflow"] = s.workflow;
    Json fields = Json::object();
    if (s.message.is_object() && now.message.is_object()) {
      std::map<std::string, bool> keys;
      for (auto it = s.message.begin(); it != s.message.end(); ++it) keys[it.key()] = true;
      for (auto it = now.message.begin(); it != now.message.end(); ++it) keys[it.key()] = true;
      for (const auto& [key, unused] : keys) {
        const Json a = s.message.value(key, Json());
        const Json b = now.message.value(key, Json());
        if (a == b) continue;
        auto text = [](const Json& v) { return v.is_string() ? v.get<std::string>() : v.is_null() ? "" : DumpJson(v); };
        fields[key] = LineDiff(text(a), text(b));
      }
    }
    change["diff"] = std::move(fields);
    out["changed"].push_back(std::move(change));
  }
  seen.clear();
  for (const Sent& s : after) {
    std::size_t k = seen[s.Key()]++;
    if (k >= old_by[s.Key()].size()) out["gained"].push_back(SentJson(s));
  }
  return out;
}

// Publishing at `at`, NEW's renamed nodes followed (core/sim/publish.h).
PublishOptions PublishingAt(Instant at, const StructuralDiff& structural) {
  PublishOptions publish;
  publish.at = at;
  publish.renamed = structural.renamed;
  return publish;
}

// The diff's "publish": when, and each contact moved with the rule applied.
Json PublishJson(Instant at, const std::vector<Migration>& migrations) {
  Json migrated = Json::array();
  for (const Migration& m : migrations) {
    Json row = {{"contact", m.contact}, {"node", m.node}, {"to", m.to ? Json(*m.to) : Json()}, {"rule", m.rule}};
    if (m.entered != kNoTime) row["entered"] = FormatTimestamp(m.entered);
    if (m.rule == "wait_recomputed" || m.rule == "winner_recomputed") {
      row["until"] = Json::array({m.old_until == kNoTime ? Json() : Json(FormatTimestamp(m.old_until)),
                                  m.new_until == kNoTime ? Json() : Json(FormatTimestamp(m.new_until))});
    }
    migrated.push_back(std::move(row));
  }
  return {{"at", FormatTimestamp(at)}, {"migrated", std::move(migrated)}};
}

// NEW's run of a fixture of one workflow: in full or, with publish_at, OLD
// until then and NEW from then on (core/sim/publish.h), with the contacts it
// moved in diff->publish. False, with diff->error, when publishing cannot run.
bool RunNewVersion(const std::shared_ptr<const Fixture>& old_fixture, const std::shared_ptr<const Fixture>& new_fixture,
                   const StructuralDiff& structural, const BehaviourDiffOptions& options,
                   const SimulatorOptions& sim_options, BehaviourDiff* diff, std::vector<ContactRun>* after) {
  if (!options.publish_at) {
    Simulator run(new_fixture, sim_options);
    while (run.Step()) {}
    *after = ByContact(*new_fixture, run);
    return true;
  }
  PublishedRun run = RunPublished(old_fixture, new_fixture, PublishingAt(*options.publish_at, structural), sim_options);
  if (!run.ok()) {
    diff->error = run.error;
    diff->error_in_fixture = true;
    return false;
  }
  diff->publish = PublishJson(*options.publish_at, run.migrations);
  *after = ByContact(*new_fixture, *run.simulator);
  return true;
}

// NEW's run of a portfolio: in full, or with publish_at the portfolio under
// OLD until then and the workflow switched to NEW from then on
// (Portfolio::Publish), the other workflows going on as they were.
std::vector<ContactRun> RunNewPortfolio(const std::shared_ptr<const Fixture>& old_fixture,
                                        const std::shared_ptr<const Fixture>& new_fixture,
                                        const std::shared_ptr<const Workflow>& new_workflow, const StructuralDiff& structural,
                                        const BehaviourDiffOptions& options, const SimulatorOptions& sim_options,
                                        BehaviourDiff* diff) {
  if (!options.publish_at || *options.publish_at <= old_fixture->start) {
    if (options.publish_at) diff->publish = PublishJson(*options.publish_at, {});
    return RunPortfolio(new_fixture, sim_options);
  }
  Portfolio run(old_fixture, sim_options);
  std::vector<Migration> migrations;
  if (*options.publish_at <= old_fixture->until) {
    run.AdvanceTo(*options.publish_at - 1);
    run.Publish(new_workflow, PublishingAt(*options.publish_at, structural), &migrations);
  }
  while (run.Step()) {}
  diff->publish = PublishJson(*options.publish_at, migrations);
  return ByContact(*old_fixture, run);
}

}  // namespace

BehaviourDiff DiffBehaviour(const std::shared_ptr<const Fixture>& fixture,
                            const std::shared_ptr<const Workflow>& old_workflow,
                            const std::shared_ptr<const Workflow>& new_workflow, const StructuralDiff& structural,
                            const BehaviourDiffOptions& options) {
  BehaviourDiff diff;
  if (fixture->is_portfolio() && old_workflow->id != new_workflow->id) {
    diff.error = "the versions have different ids ('" + old_workflow->id + "' and '" + new_workflow->id +
                 "'), and in a portfolio each replaces the workflow of its id: give two versions of one workflow";
    return diff;
  }
  // The runs per contact take the named contacts alone (the simulator never
  // draws the population; publishing refuses a fixture that has one).
  VersionFixture old_version = FixtureWithVersion(*fixture, old_workflow, "the older version");
  VersionFixture new_version = FixtureWithVersion(*fixture, new_workflow, "the newer version");
  for (const VersionFixture* version : {&old_version, &new_version}) {
    if (!version->error.empty()) {
      diff.error = version->error;
      return diff;
    }
  }
  auto without_population = [](const std::shared_ptr<const Fixture>& version) {
    auto copy = std::make_shared<Fixture>(*version);
    copy->population = nullptr;
    return std::shared_ptr<const Fixture>(std::move(copy));
  };
  std::shared_ptr<const Fixture> old_fixture = without_population(old_version.fixture);
  std::shared_ptr<const Fixture> new_fixture = without_population(new_version.fixture);
  SimulatorOptions sim_options;
  std::vector<ContactRun> before, after;
  if (fixture->is_portfolio()) {
    diff.workflow = old_workflow->id;
    before = RunPortfolio(old_fixture, sim_options);
    after = RunNewPortfolio(old_fixture, new_fixture, new_workflow, structural, options, sim_options, &diff);
  } else {
    Simulator old_run(old_fixture, sim_options);
    while (old_run.Step()) {}
    before = ByContact(*fixture, old_run);
    if (!RunNewVersion(old_fixture, new_fixture, structural, options, sim_options, &diff, &after)) return diff;
  }
  for (std::size_t c = 0; c < fixture->contacts.size(); ++c) {
    const auto& a = before[c].lines;
    const auto& b = after[c].lines;
    std::size_t i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
    if (i == a.size() && i == b.size()) continue;
    Json old_line = i < a.size() ? a[i] : Json();
    Json new_line = i < b.size() ? b[i] : Json();
    std::string t = old_line.is_null() ? new_line["t"].get<std::string>()
                    : new_line.is_null() ? old_line["t"].get<std::string>()
                    : std::min(old_line["t"].get<std::string>(), new_line["t"].get<std::string>());
    diff.contacts.push_back({{"contact", fixture->contacts[c].id},
                             {"t", t},
                             {"old", old_line},
                             {"new", new_line},
                             {"messages", MessageChanges(before[c].sent, after[c].sent)}});
  }
  diff.forecast = DiffCohort(fixture, old_workflow, new_workflow, options.publish_at);
  return diff;
}

std::optional<Instant> ParsePublishAt(std::string_view text, Instant clock_start) {
  if (!text.empty() && text[0] == '+') {
    std::optional<Duration> offset = ParseDuration(text.substr(1));
    if (!offset) return std::nullopt;
    return clock_start + *offset;
  }
  return ParseTimestamp(text);
}

Json DiffResultJson(const StructuralDiff& structural, const BehaviourDiff* behaviour) {
  Json result = structural.json;
  if (behaviour != nullptr) {
    result["contacts"] = behaviour->contacts;
    if (!behaviour->publish.is_null()) result["publish"] = behaviour->publish;
    if (!behaviour->forecast.is_null()) result["forecast"] = behaviour->forecast;
    if (!behaviour->workflow.empty()) result["workflow"] = behaviour->workflow;
  }
  return result;
}

}  // namespace flowproof
