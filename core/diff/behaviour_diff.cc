#include "core/diff/behaviour_diff.h"

#include <map>
#include <vector>

#include "core/base/json_dump.h"
#include "core/diff/cohort_diff.h"
#include "core/diff/line_diff.h"
#include "core/sim/publish.h"
#include "core/sim/simulator.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"

namespace flowproof {
namespace {

struct Sent {
  Instant t;
  std::string template_name;
  Json message;
};

struct ContactRun {
  std::vector<Json> lines;
  std::vector<Sent> sent;
};

std::vector<ContactRun> ByContact(const Fixture& fixture, const Simulator& simulator) {
  std::vector<ContactRun> out(fixture.contacts.size());
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < fixture.contacts.size(); ++i) index[fixture.contacts[i].id] = i;
  for (const TraceLine& line : simulator.trace()) {
    auto it = index.find(line.contact);
    if (it != index.end()) out[it->second].lines.push_back(line.ToObject());
  }
  for (const SentMessage& message : simulator.messages()) {
    if (message.contact >= 0 && static_cast<std::size_t>(message.contact) < out.size()) {
      out[message.contact].sent.push_back(Sent{message.t, message.template_name, message.message});
    }
  }
  return out;
}

Json SentJson(const Sent& sent) {
  Json out = {{"t", FormatTimestamp(sent.t)}, {"template", sent.template_name}};
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
  for (const Sent& s : before) old_by[s.template_name].push_back(&s);
  for (const Sent& s : after) new_by[s.template_name].push_back(&s);
  // In time order of the version that has them.
  std::map<std::string, std::size_t> seen;
  for (const Sent& s : before) {
    std::size_t k = seen[s.template_name]++;
    const auto& others = new_by[s.template_name];
    if (k >= others.size()) {
      out["lost"].push_back(SentJson(s));
      continue;
    }
    const Sent& now = *others[k];
    if (s.t == now.t && s.message == now.message) continue;
    Json change = {{"template", s.template_name}, {"t", Json::array({FormatTimestamp(s.t), FormatTimestamp(now.t)})}};
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
    std::size_t k = seen[s.template_name]++;
    if (k >= old_by[s.template_name].size()) out["gained"].push_back(SentJson(s));
  }
  return out;
}

}  // namespace

BehaviourDiff DiffBehaviour(const std::shared_ptr<const Fixture>& fixture,
                            const std::shared_ptr<const Workflow>& old_workflow,
                            const std::shared_ptr<const Workflow>& new_workflow, const StructuralDiff& structural,
                            const BehaviourDiffOptions& options) {
  BehaviourDiff diff;
  // The runs per contact take the named contacts alone (the simulator never
  // draws the population; publishing refuses a fixture that has one).
  auto with = [&](const std::shared_ptr<const Workflow>& workflow) {
    auto copy = std::make_shared<Fixture>(*fixture);
    copy->workflow = workflow;
    copy->expectations.clear();
    copy->population = nullptr;
    return std::shared_ptr<const Fixture>(std::move(copy));
  };
  std::shared_ptr<const Fixture> old_fixture = with(old_workflow), new_fixture = with(new_workflow);
  SimulatorOptions sim_options;
  Simulator old_run(old_fixture, sim_options);
  while (old_run.Step()) {}

  std::unique_ptr<Simulator> new_run;
  if (options.publish_at) {
    PublishOptions publish;
    publish.at = *options.publish_at;
    publish.renamed = structural.renamed;
    PublishedRun run = RunPublished(old_fixture, new_fixture, publish, sim_options);
    if (!run.ok()) {
      diff.error = run.error;
      return diff;
    }
    new_run = std::move(run.simulator);
    Json migrated = Json::array();
    for (const Migration& m : run.migrations) {
      Json row = {{"contact", m.contact}, {"node", m.node}, {"to", m.to ? Json(*m.to) : Json()}, {"rule", m.rule}};
      if (m.entered != kNoTime) row["entered"] = FormatTimestamp(m.entered);
      if (m.rule == "wait_recomputed" || m.rule == "winner_recomputed") {
        row["until"] = Json::array({m.old_until == kNoTime ? Json() : Json(FormatTimestamp(m.old_until)),
                                    m.new_until == kNoTime ? Json() : Json(FormatTimestamp(m.new_until))});
      }
      migrated.push_back(std::move(row));
    }
    diff.publish = {{"at", FormatTimestamp(*options.publish_at)}, {"migrated", std::move(migrated)}};
  } else {
    new_run = std::make_unique<Simulator>(new_fixture, sim_options);
    while (new_run->Step()) {}
  }

  std::vector<ContactRun> before = ByContact(*fixture, old_run);
  std::vector<ContactRun> after = ByContact(*fixture, *new_run);
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
  }
  return result;
}

}  // namespace flowproof
