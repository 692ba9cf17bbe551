#include "core/lint/lint.h"

#include <algorithm>
#include <memory>
#include <set>
#include <tuple>

#include "core/base/json_pointer.h"
#include "core/channels/html_scan.h"
#include "core/channels/sms.h"
#include "core/lint/conditions.h"
#include "core/lint/templates.h"
#include "core/lint/timing.h"
#include "core/render/message_renderer.h"
#include "core/time/duration.h"
#include "core/time/zone.h"

namespace flowproof::lint {
namespace {

const std::vector<RuleInfo> kRules = {
    {"unreachable_node", Severity::kWarning, "no path from `start` reaches the node"},
    {"expires_before_reached", Severity::kWarning,
     "`exit.max_duration` ends every path before it reaches the node (the shortest time to reach it is longer)"},
    {"branch_never_taken", Severity::kWarning,
     "the branch's condition can never hold, or an earlier branch's holds whenever it does"},
    {"split_weights", Severity::kError, "variant weights are all zero or negative"},
    {"cap_suppresses_send", Severity::kWarning,
     "on every path, the frequency cap is already spent when the contact reaches this send"},
    {"unknown_variable", Severity::kWarning,
     "a template reads `contact.X` that no contact of the fixture, population or `update` node sets, and gives no `default`"},
    {"email_without_unsubscribe", Severity::kWarning,
     "an email template renders no link whose text or URL says unsubscribe / opt out / preferences"},
    {"sms_without_opt_out", Severity::kWarning, "an SMS template tells no way to opt out (STOP)"},
    {"sms_segments", Severity::kInfo, "an SMS renders to more than 3 segments for some contact"},
    {"event_never_emitted", Severity::kInfo,
     "a fixture's workflow waits for, or exits on, an event that its script, reactions and population never emit"},
    {"condition_never_holds", Severity::kWarning,
     "the goal, the audience, a trigger's condition or a `wait_until` condition can never hold"},
    {"wait_without_timeout", Severity::kInfo,
     "a `wait_event` or `wait_until` has no timeout and the workflow no `max_duration`: a contact whose event never comes stays enrolled for ever"},
    {"enroll_cycle", Severity::kWarning,
     "a fixture's enroll nodes lead from a workflow back into itself (core/lint/portfolio_lint.h)"},
    {"overlapping_triggers", Severity::kWarning,
     "two workflows of a portfolio enrol on the same event and `portfolio.priority` does not order them"},
};

Severity SeverityOf(const std::string& rule) {
  for (const RuleInfo& r : kRules) {
    if (rule == r.id) return r.severity;
  }
  return Severity::kWarning;
}

class Linter {
 public:
  Linter(const Workflow& workflow, const Fixture* fixture, const LintOptions& options)
      : wf_(workflow), fixture_(fixture), options_(options), timing_(Timing(workflow)) {
    if (fixture_ != nullptr && fixture_->population) {
      for (const PopulationAttribute& a : fixture_->population->attributes) population_attributes_.push_back(a.name);
      for (const PopulationEvent& e : fixture_->population->events) population_events_.push_back(e.event);
    }
  }

  std::vector<LintFinding> Run() {
    Reachability();
    Expiry();
    Branches();
    SplitWeights();
    CapRule();
    Conditions();
    Waits();
    TemplateVariables();
    RenderedContent();
    Events();
    return Finish();
  }

 private:
  std::string NodePointer(const Node& node) const { return "/nodes/" + PointerToken(node.id); }

  void Add(const std::string& rule, std::string pointer, std::string message, const std::string& node = "",
           const std::string& template_name = "") {
    LintFinding f;
    f.rule = rule;
    f.severity = SeverityOf(rule);
    f.pointer = std::move(pointer);
    f.message = std::move(message);
    f.node = node;
    f.template_name = template_name;
    findings_.push_back(std::move(f));
  }

  void Reachability() {
    for (std::size_t i = 0; i < wf_.nodes.size(); ++i) {
      if (timing_.nodes[i].reachable) continue;
      const Node& node = wf_.nodes[i];
      Add("unreachable_node", NodePointer(node), "no path from the start node '" + wf_.start + "' reaches '" + node.id + "'", node.id);
    }
  }

  void Expiry() {
    if (!wf_.max_duration) return;
    Duration max = *wf_.max_duration;
    for (std::size_t i = 0; i < wf_.nodes.size(); ++i) {
      const NodeTiming& t = timing_.nodes[i];
      if (!t.reachable) continue;
      // At exactly max_duration the expiry timer (set at enrolment) fires
      // before any wait that ends then.
      if (t.earliest < max || (t.earliest == max && max == 0)) continue;
      const Node& node = wf_.nodes[i];
      Add("expires_before_reached", NodePointer(node),
          "the shortest path reaches '" + node.id + "' " + FormatDuration(t.earliest) + " after enrolment, but exit.max_duration ends the enrolment after " +
              FormatDuration(max),
          node.id);
    }
  }

  void Branches() {
    for (const Node& node : wf_.nodes) {
      if (node.type != NodeType::kBranch) continue;
      std::vector<const logic::Rule*> earlier;
      for (std::size_t i = 0; i < node.branches.size(); ++i) {
        const BranchArm& arm = node.branches[i];
        if (arm.when.rule) {
          BranchVerdict v = AnalyzeBranch(*arm.when.rule, earlier);
          if (v.never) {
            std::string label = "branch '" + arm.label + "'";
            std::string message;
            if (v.impossible) message = label + " is never taken: its condition can never hold";
            else if (v.covered_by >= 0) {
              message = label + " is never taken: branch '" + node.branches[v.covered_by].label +
                        "', listed before it, holds whenever it does";
            } else {
              message = label + " is never taken: the branches listed before it together hold whenever it does";
            }
            Add("branch_never_taken", NodePointer(node) + "/branches/" + std::to_string(i), message, node.id);
          }
          earlier.push_back(arm.when.rule.get());
        }
      }
    }
  }

  void SplitWeights() {
    for (const Node& node : wf_.nodes) {
      if (node.type != NodeType::kSplit || node.variants.empty()) continue;
      bool any_positive = std::any_of(node.variants.begin(), node.variants.end(), [](const SplitVariant& v) { return v.weight > 0; });
      if (!any_positive) {
        Add("split_weights", NodePointer(node) + "/variants",
            "every variant of split '" + node.id + "' has a weight of zero or less, so no variant can be drawn", node.id);
      }
    }
  }

  bool CapCounts(Channel channel) const {
    const flowproof::FrequencyCap& cap = *wf_.frequency_cap;
    return cap.channels.empty() || std::find(cap.channels.begin(), cap.channels.end(), channel) != cap.channels.end();
  }

  // The least number of sends on the cap's channels that every path to send
  // node `target` is sure to have made within the cap's window before it.
  // A backward search over (node, time since) labels, keeping only labels
  // not dominated by one that is as old and has counted no more.
  int LeastSendsInWindow(int target) const {
    const flowproof::FrequencyCap& cap = *wf_.frequency_cap;
    const int n = static_cast<int>(wf_.nodes.size());
    std::vector<std::vector<const TimedEdge*>> in(n);
    for (const TimedEdge& e : timing_.edges) {
      if (timing_.nodes[e.from].reachable) in[e.to].push_back(&e);
    }
    struct Label {
      int node;
      Duration elapsed;  // the most time from entering the node to entering the target
      int count;
    };
    std::vector<std::vector<std::pair<Duration, int>>> kept(n);
    constexpr int kNoPath = 1 << 30;
    int best = kNoPath;
    const Duration target_hold = timing_.nodes[target].hold;
    std::vector<Label> stack = {{target, 0, 0}};
    int budget = 200000;  // labels explored: bounded on hostile graphs
    while (!stack.empty() && budget-- > 0) {
      Label label = stack.back();
      stack.pop_back();
      if (label.count >= best) continue;
      if (label.node == wf_.start_index) best = std::min(best, label.count);  // the path may start here
      for (const TimedEdge* e : in[label.node]) {
        const Node& from = wf_.nodes[e->from];
        if (!e->max) {
          best = std::min(best, label.count);  // nothing before an unbounded wait counts for sure
          continue;
        }
        // `from` sends as it leaves, label.elapsed at most before the
        // target is entered; the target may then hold for quiet hours, but
        // not when it is entered at the very instant of a send (a send
        // happens outside quiet hours).
        int count = label.count;
        Duration gap = label.elapsed + (label.elapsed > 0 ? target_hold : 0);
        if (from.type == NodeType::kSend && CapCounts(from.channel) && gap < cap.per) ++count;
        Duration elapsed = label.elapsed + *e->max;  // from entering `from`
        if (elapsed >= cap.per) {
          best = std::min(best, count);  // what lies further back is outside the window
          continue;
        }
        if (count >= best) continue;
        bool dominated = false;
        for (const auto& [old_elapsed, old_count] : kept[e->from]) {
          if (old_elapsed >= elapsed && old_count <= count) dominated = true;
        }
        if (dominated) continue;
        kept[e->from].push_back({elapsed, count});
        stack.push_back({e->from, elapsed, count});
      }
    }
    if (budget <= 0) return 0;  // undecided: claim nothing
    return best == kNoPath ? 0 : best;
  }

  void CapRule() {
    if (!wf_.frequency_cap || wf_.frequency_cap->max <= 0 || wf_.frequency_cap->per <= 0) return;
    const flowproof::FrequencyCap& cap = *wf_.frequency_cap;
    for (std::size_t i = 0; i < wf_.nodes.size(); ++i) {
      const Node& node = wf_.nodes[i];
      if (node.type != NodeType::kSend || !timing_.nodes[i].reachable || !CapCounts(node.channel)) continue;
      int least = LeastSendsInWindow(static_cast<int>(i));
      if (least >= cap.max) {
        Add("cap_suppresses_send", NodePointer(node),
            "every path to '" + node.id + "' sends at least " + std::to_string(least) + " message" + (least == 1 ? "" : "s") +
                " within the frequency cap's window of " + FormatDuration(cap.per) + " just before it, so the cap of " +
                std::to_string(cap.max) + " suppresses this send (when those messages went out)",
            node.id);
      }
    }
  }

  void Conditions() {
    auto check = [&](const std::optional<Condition>& condition, const std::string& pointer, const std::string& what,
                     const std::string& node) {
      if (!condition || !condition->rule) return;
      if (!MayHold(*condition->rule)) Add("condition_never_holds", pointer, what + " can never hold", node);
    };
    check(wf_.goal, "/exit/goal", "the goal condition", "");
    check(wf_.audience, "/entry/audience", "the audience condition", "");
    for (std::size_t i = 0; i < wf_.triggers.size(); ++i) {
      const Trigger& t = wf_.triggers[i];
      std::string p = "/entry/triggers/" + std::to_string(i);
      check(t.condition, p + "/condition", "the condition of trigger " + std::to_string(i), "");
      check(t.where, p + "/where", "the `where` of trigger " + std::to_string(i), "");
      check(t.audience, p + "/audience", "the audience of trigger " + std::to_string(i), "");
    }
    for (const Node& node : wf_.nodes) {
      if (node.type == NodeType::kWaitUntil) check(node.condition, NodePointer(node) + "/condition", "the condition of '" + node.id + "'", node.id);
      if (node.type == NodeType::kWaitEvent) check(node.where, NodePointer(node) + "/where", "the `where` of '" + node.id + "'", node.id);
    }
  }

  void Waits() {
    if (wf_.max_duration) return;
    for (std::size_t i = 0; i < wf_.nodes.size(); ++i) {
      const Node& node = wf_.nodes[i];
      if ((node.type != NodeType::kWaitEvent && node.type != NodeType::kWaitUntil) || node.timeout || !timing_.nodes[i].reachable) continue;
      std::string what = node.type == NodeType::kWaitEvent ? "the event '" + node.event + "'" : "its condition";
      Add("wait_without_timeout", NodePointer(node),
          "'" + node.id + "' waits for " + what + " with no timeout, and the workflow has no exit.max_duration: a contact for whom it never comes stays enrolled for ever",
          node.id);
    }
  }

  // contact.X names every contact has, or that the platform fills in.
  std::set<std::string> KnownContactFields() const {
    std::set<std::string> known = {"id", "timezone", "lists", "consent"};
    for (const Node& node : wf_.nodes) {
      for (const SetAttribute& s : node.set) known.insert(s.attribute);
      for (const auto& [name, by] : node.increment) known.insert(name);
    }
    if (fixture_ != nullptr) {
      for (const ContactDef& c : fixture_->contacts) {
        for (const auto& [name, value] : c.attributes) known.insert(name);
      }
      for (const ScriptEntry& s : fixture_->script) {
        if (s.kind == ScriptKind::kSet && s.set.is_object()) {
          for (auto it = s.set.begin(); it != s.set.end(); ++it) known.insert(it.key());
        }
      }
      for (const std::string& name : population_attributes_) known.insert(name);
    }
    return known;
  }

  void TemplateVariables() {
    // Without a fixture there are no contacts to compare with: only a
    // fixture (or its population) says which attributes contacts have.
    if (fixture_ == nullptr) return;
    std::set<std::string> known = KnownContactFields();
    for (const auto& [name, analysis] : AnalyzeTemplates(wf_)) {
      std::set<std::string> reported;
      for (const VariableRead& read : analysis.reads) {
        if (read.defaulted || read.path.rfind("contact.", 0) != 0) continue;
        std::string rest = read.path.substr(8);
        std::string attribute = rest.substr(0, rest.find('.'));
        if (attribute.empty() || known.count(attribute) || reported.count(attribute)) continue;
        reported.insert(attribute);
        std::string field = read.field;
        std::string where = field;
        if (read.line > 0) where += ", line " + std::to_string(read.line) + ", column " + std::to_string(read.column);
        Add("unknown_variable", "/templates/" + PointerToken(name),
            "template '" + name + "' reads contact." + attribute + " (" + where +
                ") with no default, and no contact of the fixture or update node sets it",
            "", name);
      }
    }
  }

  // Contacts to render the messages for: the fixture's (as templates see
  // them), else one made-up contact with every channel's address.
  std::vector<std::pair<std::string, Json>> RenderContacts() const {
    std::vector<std::pair<std::string, Json>> contacts;
    if (fixture_ != nullptr && !fixture_->contacts.empty()) {
      for (const ContactDef& c : fixture_->contacts) {
        if (static_cast<int>(contacts.size()) >= options_.max_rendered_contacts) break;
        Json contact = c.attributes.ToJson();
        contact["id"] = c.id;
        contact["timezone"] = c.timezone.empty() ? wf_.timezone : c.timezone;
        contact["lists"] = c.lists;
        contact["consent"] = c.consent;
        contacts.emplace_back(c.id, std::move(contact));
      }
      return contacts;
    }
    Json contact = {{"id", "lint"}, {"timezone", wf_.timezone}, {"lists", Json::array()}, {"consent", Json::object()},
                    {"email", "lint@example.com"}, {"phone", "+15555550100"}, {"push_token", "lint"}};
    contacts.emplace_back("", std::move(contact));
    return contacts;
  }

  static bool SaysUnsubscribe(std::string_view text) {
    for (const char* word : {"unsubscribe", "unsub", "opt out", "opt-out", "optout", "preferences", "preference center"}) {
      if (channels::ContainsIgnoreCase(text, word)) return true;
    }
    return false;
  }

  // Whether the rendered HTML (or, without HTML, the text) has a link that
  // says unsubscribe: in its URL or in its text.
  static bool HasUnsubscribeLink(const std::string& html, const std::string& text) {
    bool in_link = false;
    std::string link_text;
    bool found = false;
    for (const channels::HtmlToken& t : channels::TokenizeHtml(html)) {
      if (t.kind == channels::HtmlToken::kStartTag && (t.name == "a" || t.name == "area")) {
        const std::string* href = t.Attribute("href");
        if (href != nullptr && SaysUnsubscribe(*href)) found = true;
        if (t.name == "a") {
          in_link = true;
          link_text.clear();
        }
      } else if (t.kind == channels::HtmlToken::kEndTag && t.name == "a") {
        if (in_link && SaysUnsubscribe(channels::DecodeHtmlEntities(link_text))) found = true;
        in_link = false;
      } else if (t.kind == channels::HtmlToken::kText && in_link) {
        link_text += t.text;
      }
    }
    if (found) return true;
    if (!html.empty()) return false;
    // A text-only email: a URL on a line that says unsubscribe.
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find('\n', start);
      std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (SaysUnsubscribe(line) && (line.find("://") != std::string::npos || line.find("{{") != std::string::npos)) return true;
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return false;
  }

  void RenderedContent() {
    std::shared_ptr<const Workflow> shared(&wf_, [](const Workflow*) {});
    MessageRenderer renderer(shared);
    std::vector<std::pair<std::string, Json>> contacts = RenderContacts();
    Instant now = fixture_ != nullptr ? fixture_->start : 0;
    for (const auto& [name, message_template] : wf_.templates) {
      if (message_template.channel != Channel::kEmail && message_template.channel != Channel::kSms) continue;
      std::string pointer = "/templates/" + PointerToken(name);
      std::string no_unsubscribe_for, no_stop_for, long_for;
      int most_segments = 0;
      bool rendered_any = false;
      for (const auto& [id, contact] : contacts) {
        MessageContext context;
        context.contact = contact;
        context.now = now;
        RenderedMessage m = renderer.Render(name, context);
        if (!m.ok() || !m.message.is_object()) continue;
        rendered_any = true;
        std::string label = id.empty() ? "" : " for contact '" + id + "'";
        if (message_template.channel == Channel::kEmail) {
          std::string html = m.message.value("html", "");
          std::string text = m.message.value("text", "");
          if (no_unsubscribe_for.empty() && !HasUnsubscribeLink(html, message_template.source.contains("html") ? "" : text)) {
            no_unsubscribe_for = label.empty() ? " " : label;
          }
        } else {
          std::string body = m.message.value("body", "");
          channels::SmsInfo info = channels::AnalyzeSms(body);
          bool has_stop = true;
          for (const std::string& w : channels::SmsWarnings(body, info)) {
            if (w.rfind("missing_opt_out:", 0) == 0) has_stop = false;
          }
          if (!has_stop && no_stop_for.empty()) no_stop_for = label.empty() ? " " : label;
          if (info.segments > most_segments) {
            most_segments = info.segments;
            long_for = label;
          }
        }
      }
      if (!rendered_any) continue;
      auto trim = [](const std::string& s) { return s == " " ? std::string() : s; };
      if (!no_unsubscribe_for.empty()) {
        Add("email_without_unsubscribe", pointer,
            "email '" + name + "' renders no link whose text or URL says unsubscribe, opt out or preferences" + trim(no_unsubscribe_for), "", name);
      }
      if (!no_stop_for.empty()) {
        Add("sms_without_opt_out", pointer,
            "SMS '" + name + "' tells no way to opt out (such as \"Reply STOP to opt out\")" + trim(no_stop_for), "", name);
      }
      if (most_segments > channels::kSmsCostlySegments) {
        Add("sms_segments", pointer,
            "SMS '" + name + "' renders to " + std::to_string(most_segments) + " segments" + long_for + ", each billed as one message", "", name);
      }
    }
  }

  void Events() {
    if (fixture_ == nullptr) return;
    std::set<std::string> emitted;
    for (const ScriptEntry& s : fixture_->script) {
      if (s.kind == ScriptKind::kEvent) emitted.insert(s.event);
    }
    for (const Reaction& r : fixture_->reactions) emitted.insert(r.event);
    for (const std::string& e : population_events_) emitted.insert(e);
    for (const Node& node : wf_.nodes) {
      if (node.type != NodeType::kWaitEvent || emitted.count(node.event)) continue;
      Add("event_never_emitted", NodePointer(node) + "/event",
          "'" + node.id + "' waits for the event '" + node.event + "', which the fixture's script, reactions and population never emit", node.id);
    }
    for (std::size_t i = 0; i < wf_.exit_on_events.size(); ++i) {
      const ExitOnEvent& e = wf_.exit_on_events[i];
      if (emitted.count(e.event)) continue;
      Add("event_never_emitted", "/exit/on_events/" + std::to_string(i) + "/event",
          "the workflow exits on the event '" + e.event + "', which the fixture's script, reactions and population never emit");
    }
  }

  // `lint.ignore` of a node or of the whole workflow.
  static std::set<std::string> Ignores(const Json& holder) {
    std::set<std::string> rules;
    if (!holder.is_object()) return rules;
    auto lint = holder.find("lint");
    if (lint == holder.end() || !lint->is_object()) return rules;
    auto ignore = lint->find("ignore");
    if (ignore == lint->end() || !ignore->is_array()) return rules;
    for (const Json& r : *ignore) {
      if (r.is_string()) rules.insert(r.get<std::string>());
    }
    return rules;
  }

  std::vector<LintFinding> Finish() {
    std::vector<LintFinding> out;
    std::set<std::string> global = Ignores(wf_.source);
    const Json* nodes = wf_.source.is_object() && wf_.source.contains("nodes") ? &wf_.source["nodes"] : nullptr;
    for (LintFinding& f : findings_) {
      if (options_.apply_ignores) {
        if (global.count(f.rule)) continue;
        if (!f.node.empty() && nodes != nullptr && nodes->is_object() && nodes->contains(f.node) && Ignores((*nodes)[f.node]).count(f.rule)) continue;
      }
      f.pointer = options_.pointer_prefix + f.pointer;
      out.push_back(std::move(f));
    }
    std::sort(out.begin(), out.end(), [](const LintFinding& a, const LintFinding& b) {
      return std::tie(a.pointer, a.rule, a.message) < std::tie(b.pointer, b.rule, b.message);
    });
    return out;
  }

  const Workflow& wf_;
  const Fixture* fixture_;
  const LintOptions& options_;
  TimingTable timing_;
  std::vector<LintFinding> findings_;
  std::vector<std::string> population_attributes_;
  std::vector<std::string> population_events_;
};

}  // namespace

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "info";
  }
  return "warning";
}

const std::vector<RuleInfo>& Rules() { return kRules; }

std::vector<LintFinding> Lint(const Workflow& workflow, const Fixture* fixture, const LintOptions& options) {
  return Linter(workflow, fixture, options).Run();
}

bool HasErrorsOrWarnings(const std::vector<LintFinding>& findings) {
  return std::any_of(findings.begin(), findings.end(), [](const LintFinding& f) { return f.severity != Severity::kInfo; });
}

}  // namespace flowproof::lint
