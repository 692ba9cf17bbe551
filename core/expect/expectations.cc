#include "core/expect/expectations.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include "core/expect/trace_reader.h"
#include "core/sim/trace_text.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"

namespace flowproof {
namespace {

// A report shows at most this many steps of a contact's path (the JSON report
// too): enough to see what happened, bounded for contacts that loop for months.
constexpr std::size_t kMaxPathSteps = 80;

std::string Q(const std::string& text) { return "'" + text + "'"; }

std::string ValueText(const Json& value) {
  return value.is_string() ? Quote(value.get<std::string>()) : DumpJson(value);
}

// JSON equality where numbers compare numerically (60 == 60.0).
bool JsonEquals(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_number_float() || b.is_number_float()) return a.get<double>() == b.get<double>();
    if (a.is_number_unsigned() && b.is_number_unsigned()) return a.get<std::uint64_t>() == b.get<std::uint64_t>();
    if (a.is_number_unsigned() || b.is_number_unsigned()) {
      const Json& u = a.is_number_unsigned() ? a : b;
      const Json& s = a.is_number_unsigned() ? b : a;
      return s.get<std::int64_t>() >= 0 &&
             static_cast<std::uint64_t>(s.get<std::int64_t>()) == u.get<std::uint64_t>();
    }
    return a.get<std::int64_t>() == b.get<std::int64_t>();
  }
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!JsonEquals(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      auto other = b.find(it.key());
      if (other == b.end() || !JsonEquals(it.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

std::string StringField(const Json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// The subject a `subject_contains` check reads: an email's subject, a push
// notification's title.
std::string SubjectOf(const Json& message) {
  std::string subject = StringField(message, "subject");
  return subject.empty() ? StringField(message, "title") : subject;
}

// The texts a `body_contains` check reads: email html and text, sms, push and
// webhook body.
std::vector<std::string> BodiesOf(const Json& message) {
  std::vector<std::string> bodies;
  for (const char* key : {"html", "text", "body"}) {
    std::string text = StringField(message, key);
    if (!text.empty()) bodies.push_back(std::move(text));
  }
  return bodies;
}

std::vector<std::string> Successors(const Node& node) {
  std::vector<std::string> out;
  if (!node.next.empty()) out.push_back(node.next);
  for (const BranchArm& arm : node.branches) out.push_back(arm.next);
  if (!node.else_next.empty()) out.push_back(node.else_next);
  for (const SplitVariant& variant : node.variants) out.push_back(variant.next);
  if (!node.on_timeout.empty()) out.push_back(node.on_timeout);
  return out;
}

// The nodes from which some node in `targets` can be reached (targets included).
std::set<std::string> CanReach(const Workflow& workflow, const std::set<std::string>& targets) {
  std::set<std::string> reach = targets;
  bool grew = true;
  // Fixpoint over the node list: at most one pass per node, so bounded.
  for (std::size_t pass = 0; grew && pass <= workflow.nodes.size(); ++pass) {
    grew = false;
    for (const Node& node : workflow.nodes) {
      if (reach.count(node.id)) continue;
      for (const std::string& next : Successors(node)) {
        if (reach.count(next)) {
          reach.insert(node.id);
          grew = true;
          break;
        }
      }
    }
  }
  return reach;
}

const Node* FindNode(const Workflow& workflow, const std::string& id) {
  auto it = workflow.node_index.find(id);
  if (it == workflow.node_index.end() || it->second < 0 ||
      it->second >= static_cast<int>(workflow.nodes.size())) {
    return nullptr;
  }
  return &workflow.nodes[it->second];
}

std::string DescribeTrigger(const Workflow& workflow, int index) {
  if (index < 0 || index >= static_cast<int>(workflow.triggers.size())) return "trigger " + std::to_string(index);
  const Trigger& trigger = workflow.triggers[index];
  switch (trigger.type) {
    case TriggerType::kEvent: return "event " + Q(trigger.event);
    case TriggerType::kCondition: return "condition " + DumpJson(trigger.condition ? trigger.condition->source : Json());
    case TriggerType::kDate: return "date in " + Q(trigger.attribute);
    case TriggerType::kSchedule: return "schedule";
    case TriggerType::kInactivity: return "no " + Q(trigger.event) + " for " + FormatDuration(trigger.inactive_for);
  }
  return "trigger";
}

class Checker {
 public:
  Checker(const Fixture& fixture, const RunRecord& run, const Workflow& workflow)
      : fixture_(fixture), workflow_(workflow), run_(run) {
    for (const Json& message : run_.messages) messages_of_[StringField(message, "contact")].push_back(&message);
  }

  ExpectationResult Check(const Expectation& expectation) const {
    ExpectationResult result;
    result.expectation = &expectation;
    result.expected = Describe(expectation);
    if (!expectation.workflow.empty()) result.expected += " in workflow " + Q(expectation.workflow);
    result.description = result.expected;
    // A fixture may say in its own words what an expectation is for.
    auto own = expectation.source.is_object() ? expectation.source.find("description") : expectation.source.end();
    if (expectation.source.is_object() && own != expectation.source.end() && own->is_string() && !own->get<std::string>().empty()) {
      result.description = own->get<std::string>() + ": " + result.expected;
    }
    bool known = std::any_of(fixture_.contacts.begin(), fixture_.contacts.end(),
                             [&](const ContactDef& c) { return c.id == expectation.contact; });
    if (!known) {
      result.passed = false;
      result.actual = "the fixture has no contact " + Q(expectation.contact);
      return result;
    }
    switch (expectation.kind) {
      case ExpectKind::kReaches:
      case ExpectKind::kNeverReaches: CheckReaches(expectation, &result); break;
      case ExpectKind::kReceives:
      case ExpectKind::kNeverReceives: CheckReceives(expectation, &result); break;
      case ExpectKind::kExits: CheckExits(expectation, &result); break;
      case ExpectKind::kAttribute: CheckAttribute(expectation, &result); break;
    }
    if (!result.passed) result.path = Path(expectation.contact);
    if (result.passed) result.divergence.clear();
    return result;
  }

 private:
  std::string When(Instant t) const { return FormatWhen(t, run_.start); }
  // " (2026-11-03T10:00:00Z, +1d10h)"
  std::string InParens(Instant t) const {
    Duration offset = t - run_.start;
    return " (" + FormatTimestamp(t) + ", " + (offset < 0 ? "" : "+") + FormatDuration(offset) + ")";
  }

  std::string Deadline(const Expectation& e) const {
    if (e.at) return " at " + When(*e.at);
    if (e.by) return " by " + When(*e.by);
    return "";
  }

  std::string ContentChecks(const Expectation& e) const {
    std::string out;
    if (e.subject_contains) out += " with subject containing " + Quote(*e.subject_contains);
    if (e.body_contains) out += std::string(out.empty() ? " with" : " and") + " body containing " + Quote(*e.body_contains);
    return out;
  }

  std::string Describe(const Expectation& e) const {
    const std::string& c = e.contact;
    switch (e.kind) {
      case ExpectKind::kReaches: return c + " reaches " + e.target + Deadline(e);
      case ExpectKind::kNeverReaches: return c + " never reaches " + e.target + Deadline(e);
      case ExpectKind::kReceives: return c + " receives " + Q(e.target) + ContentChecks(e) + Deadline(e);
      case ExpectKind::kNeverReceives: return c + " never receives " + Q(e.target) + ContentChecks(e) + Deadline(e);
      case ExpectKind::kExits: return c + " exits with reason " + Q(e.target) + Deadline(e);
      case ExpectKind::kAttribute: return c + "'s " + e.target + " equals " + ValueText(e.equals) + " at the end";
    }
    return c;
  }

  // Whether `t` meets the expectation's time condition (at exactly / by).
  static bool OnTime(const Expectation& e, Instant t) {
    if (e.at) return t == *e.at;
    if (e.by) return t <= *e.by;
    return true;
  }

  std::vector<const TraceEntry*> Lines(const std::string& contact, const char* kind = nullptr) const {
    std::vector<const TraceEntry*> out;
    for (std::size_t i : run_.LinesOf(contact)) {
      if (kind == nullptr || run_.trace[i].kind == kind) out.push_back(&run_.trace[i]);
    }
    return out;
  }

  std::string TimesList(const std::vector<Instant>& times) const {
    std::string out;
    for (std::size_t i = 0; i < times.size() && i < 5; ++i) out += (i ? ", " : "") + When(times[i]);
    if (times.size() > 5) out += " and " + std::to_string(times.size() - 5) + " more";
    return out;
  }

  // ---- reaches / never_reaches ---------------------------------------------

  void CheckReaches(const Expectation& e, ExpectationResult* result) const {
    std::vector<Instant> all, matching;
    for (const TraceEntry* line : Lines(e.contact, "entered")) {
      if (line->Text("node") != e.target) continue;
      all.push_back(line->t);
      if (OnTime(e, line->t)) matching.push_back(line->t);
    }
    bool positive = e.kind == ExpectKind::kReaches;
    result->passed = positive ? !matching.empty() : matching.empty();
    if (positive) {
      if (!matching.empty()) {
        result->actual = e.contact + " entered " + e.target + " at " + TimesList(matching);
      } else if (!all.empty()) {
        result->actual = e.contact + " entered " + e.target + " only at " + TimesList(all);
        result->divergence = LateArrival(e.contact, e.target, all.front(), e);
      } else {
        result->actual = e.contact + " never entered " + e.target;
        result->divergence = FindNode(workflow_, e.target) == nullptr
                                 ? "workflow " + Q(workflow_.id) + " has no node " + e.target
                                 : Divergence(e.contact, {e.target}, "to " + e.target);
      }
    } else {
      if (matching.empty()) {
        result->actual = all.empty() ? e.contact + " never entered " + e.target
                                     : e.contact + " entered " + e.target + " only at " + TimesList(all);
      } else {
        result->actual = e.contact + " entered " + e.target + " at " + TimesList(matching);
        result->divergence = LastDecisionBefore(e.contact, "entered", e.target, matching.front());
      }
    }
  }

  // ---- receives / never_receives -------------------------------------------

  struct Send {
    const TraceEntry* line;
    const Json* message;  // null when the run kept no rendering
  };

  std::vector<Send> SendsOf(const std::string& contact, const std::string& template_name) const {
    static const std::vector<const Json*> kNone;
    auto found = messages_of_.find(contact);
    const std::vector<const Json*>& messages = found == messages_of_.end() ? kNone : found->second;
    std::vector<Send> sends;
    std::size_t k = 0;
    for (const TraceEntry* line : Lines(contact, "sent")) {
      const Json* message = k < messages.size() ? messages[k] : nullptr;
      ++k;
      if (line->Text("template") != template_name) continue;
      if (message != nullptr && StringField(*message, "template") != template_name) message = nullptr;
      sends.push_back({line, message != nullptr ? &(*message)["message"] : nullptr});
    }
    return sends;
  }

  // Empty when the message passes the content checks, else why not.
  std::string ContentMismatch(const Expectation& e, const Json* message) const {
    if (!e.subject_contains && !e.body_contains) return "";
    if (message == nullptr) return "its rendering was not kept";
    if (e.subject_contains) {
      std::string subject = SubjectOf(*message);
      if (subject.find(*e.subject_contains) == std::string::npos) {
        return "its subject was " + Quote(subject);
      }
    }
    if (e.body_contains) {
      std::vector<std::string> bodies = BodiesOf(*message);
      bool found = std::any_of(bodies.begin(), bodies.end(),
                               [&](const std::string& body) { return body.find(*e.body_contains) != std::string::npos; });
      if (!found) {
        return "its body does not contain " + Quote(*e.body_contains) +
               (bodies.empty() ? " (it has no body)" : " (it begins " + Quote(bodies.back(), 160) + ")");
      }
    }
    return "";
  }

  void CheckReceives(const Expectation& e, ExpectationResult* result) const {
    std::vector<Send> sends = SendsOf(e.contact, e.target);
    std::vector<const Send*> matching, content_ok_late, on_time_wrong_content;
    std::string first_mismatch;
    for (const Send& send : sends) {
      std::string mismatch = ContentMismatch(e, send.message);
      bool on_time = OnTime(e, send.line->t);
      if (mismatch.empty() && on_time) matching.push_back(&send);
      else if (mismatch.empty()) content_ok_late.push_back(&send);
      else if (on_time) {
        on_time_wrong_content.push_back(&send);
        if (first_mismatch.empty()) first_mismatch = mismatch;
      }
    }
    bool positive = e.kind == ExpectKind::kReceives;
    result->passed = positive ? !matching.empty() : matching.empty();
    auto times = [](const std::vector<const Send*>& list) {
      std::vector<Instant> out;
      for (const Send* s : list) out.push_back(s->line->t);
      return out;
    };
    if (!positive) {
      if (matching.empty()) {
        result->actual = sends.empty() ? e.contact + " received no " + Q(e.target)
                                       : e.contact + " received " + Q(e.target) + " " + std::to_string(sends.size()) +
                                             " time(s), none matching";
      } else {
        const Send& first = *matching.front();
        result->actual = e.contact + " received " + Q(e.target) + " at " + TimesList(times(matching)) + " from " +
                         first.line->Text("node");
        if (first.message != nullptr && (e.subject_contains || e.body_contains)) {
          result->actual += " (subject " + Quote(SubjectOf(*first.message)) + ")";
        }
        result->divergence = LastDecisionBefore(e.contact, "sent", first.line->Text("node"), first.line->t);
      }
      return;
    }
    if (!matching.empty()) {
      result->actual = e.contact + " received " + Q(e.target) + " at " + TimesList(times(matching));
      return;
    }
    if (!on_time_wrong_content.empty()) {
      const Send& first = *on_time_wrong_content.front();
      result->actual = e.contact + " received " + Q(e.target) + " at " + When(first.line->t) + " but " + first_mismatch;
      result->divergence = SmartContentNote(e.target);
      return;
    }
    if (!content_ok_late.empty()) {
      result->actual = e.contact + " received " + Q(e.target) + " only at " + TimesList(times(content_ok_late));
      result->divergence = LateArrival(e.contact, content_ok_late.front()->line->Text("node"),
                                       content_ok_late.front()->line->t, e);
      return;
    }
    // Suppressed sends of this template say exactly why nothing came.
    std::vector<const TraceEntry*> suppressed;
    for (const TraceEntry* line : Lines(e.contact, "suppressed")) {
      if (line->Text("template") == e.target && OnTime(e, line->t)) suppressed.push_back(line);
    }
    if (!suppressed.empty()) {
      const TraceEntry& line = *suppressed.front();
      result->actual = e.contact + "'s " + Q(e.target) + " at " + line.Text("node") + " was suppressed at " +
                       When(line.t) + ": " + line.Text("reason");
      result->divergence = SuppressionCause(e.contact, line);
      return;
    }
    result->actual = e.contact + " received no " + Q(e.target) + ReceivedInstead(e.contact);
    std::set<std::string> send_nodes;
    for (const Node& node : workflow_.nodes) {
      if (node.type == NodeType::kSend && node.template_name == e.target) send_nodes.insert(node.id);
    }
    if (send_nodes.empty()) {
      result->divergence = "no send node of workflow " + Q(workflow_.id) + " uses template " + Q(e.target);
    } else {
      result->divergence = Divergence(e.contact, send_nodes, "to a send of " + Q(e.target));
    }
  }

  std::string ReceivedInstead(const std::string& contact) const {
    std::vector<const TraceEntry*> sent = Lines(contact, "sent");
    if (sent.empty()) return "; " + contact + " received nothing";
    std::string out = "; " + contact + " received ";
    for (std::size_t i = 0; i < sent.size() && i < 6; ++i) {
      out += (i ? ", " : "") + Q(sent[i]->Text("template")) + " at " + When(sent[i]->t);
    }
    if (sent.size() > 6) out += " and " + std::to_string(sent.size() - 6) + " more";
    return out;
  }

  std::string SmartContentNote(const std::string& template_name) const {
    auto it = workflow_.templates.find(template_name);
    if (it != workflow_.templates.end() && it->second.source.is_object() && it->second.source.contains("variants")) {
      return "template " + Q(template_name) + " has smart-content variants; the one rendered for this contact says otherwise";
    }
    return "";
  }

  std::string SuppressionCause(const std::string& contact, const TraceEntry& line) const {
    std::string reason = line.Text("reason");
    const Json* state = run_.Contact(contact);
    std::string channel = line.Text("channel");
    if (reason == "no_consent") return contact + "'s consent." + channel + " is false";
    if (reason == "render_failed") {  // the simulator's `error` line just before says why
      for (const TraceEntry* error : Lines(contact, "error")) {
        if (error->t == line.t && error->Text("node") == line.Text("node") && error->Text("code") == "render_failed") {
          return "its template failed to render: " + error->Text("message");
        }
      }
      return "its template failed to render";
    }
    if (reason == "no_address") {
      const char* field = channel == "sms" ? "phone" : channel == "push" ? "push_token" : "email";
      return contact + " has no " + field + " attribute, which " + channel + " needs";
    }
    if (reason == "quiet_hours" && workflow_.quiet_hours) {
      char window[64];
      const QuietHours& q = *workflow_.quiet_hours;
      std::snprintf(window, sizeof window, "%02d:%02d-%02d:%02d", q.start.hour, q.start.minute, q.end.hour, q.end.minute);
      std::string zone = state != nullptr ? StringField(*state, "timezone") : "";
      return "it was quiet hours (" + std::string(window) + ", mode skip) in " + contact + "'s zone " + zone;
    }
    if (reason == "frequency_cap" && workflow_.frequency_cap) {
      const FrequencyCap& cap = *workflow_.frequency_cap;
      std::vector<Instant> recent;
      for (const TraceEntry* sent : Lines(contact, "sent")) {
        if (sent->t <= line.t && sent->t > line.t - cap.per) recent.push_back(sent->t);
      }
      return "the frequency cap allows " + std::to_string(cap.max) + " send(s) per " + FormatDuration(cap.per) +
             " and " + contact + " had been sent " + std::to_string(recent.size()) + " in the window" +
             (recent.empty() ? "" : " (at " + TimesList(recent) + ")");
    }
    return DescribeTraceLine(workflow_, ToTraceLine(line));
  }

  // ---- exits ------------------------------------------------------------------

  void CheckExits(const Expectation& e, ExpectationResult* result) const {
    std::vector<const TraceEntry*> exits = Lines(e.contact, "exited");
    std::vector<Instant> matching, late;
    for (const TraceEntry* line : exits) {
      if (line->Text("reason") != e.target) continue;
      (OnTime(e, line->t) ? matching : late).push_back(line->t);
    }
    result->passed = !matching.empty();
    if (result->passed) {
      result->actual = e.contact + " exited with reason " + Q(e.target) + " at " + TimesList(matching);
      return;
    }
    if (!late.empty()) {
      result->actual = e.contact + " exited with reason " + Q(e.target) + " only at " + TimesList(late);
      result->divergence = LateArrival(e.contact, "", late.front(), e);
      return;
    }
    if (!exits.empty()) {
      result->actual = e.contact + " exited with reason " + Q(exits.back()->Text("reason")) + " at " + When(exits.back()->t);
      if (exits.size() > 1) result->actual += " (and " + std::to_string(exits.size() - 1) + " earlier exit(s))";
    } else {
      result->actual = e.contact + " never exited" + EndState(e.contact);
    }
    std::set<std::string> exit_nodes;
    for (const Node& node : workflow_.nodes) {
      if (node.type == NodeType::kExit && node.reason == e.target) exit_nodes.insert(node.id);
    }
    std::string cause;
    if (e.target == "goal") {
      cause = workflow_.goal ? "the goal " + DumpJson(workflow_.goal->source) + " never held while " + e.contact +
                                   " was enrolled"
                             : "workflow " + Q(workflow_.id) + " has no exit.goal";
    } else if (e.target == "expired") {
      cause = workflow_.max_duration
                  ? "exit.max_duration is " + FormatDuration(*workflow_.max_duration) + ExpiryNote(e.contact)
                  : "workflow " + Q(workflow_.id) + " has no exit.max_duration";
    } else if (e.target == "manual") {
      cause = "the fixture's script has no {\"exit\": true} for " + e.contact + " while enrolled";
    } else {
      for (const ExitOnEvent& on : workflow_.exit_on_events) {
        if (on.reason == e.target) {
          cause = "no " + Q(on.event) + " event" + (on.where ? " matching its where" : "") + " arrived while " +
                  e.contact + " was enrolled";
        }
      }
    }
    if (!exit_nodes.empty()) {
      std::string path_cause = Divergence(e.contact, exit_nodes, "to an exit with reason " + Q(e.target));
      result->divergence = cause.empty() ? path_cause : path_cause + "; " + cause;
    } else if (!cause.empty()) {
      result->divergence = cause;
    } else {
      result->divergence = "no exit node, exit event or rule of workflow " + Q(workflow_.id) + " has reason " + Q(e.target);
    }
  }

  std::string ExpiryNote(const std::string& contact) const {
    std::vector<const TraceEntry*> enrolled = Lines(contact, "enrolled");
    if (enrolled.empty()) return ", but " + contact + " was never enrolled";
    Instant due = enrolled.back()->t + *workflow_.max_duration;
    return ": " + contact + " enrolled at " + When(enrolled.back()->t) + " would expire at " + When(due) +
           (due > run_.until ? ", after the clock stops at " + When(run_.until) : "");
  }

  // ---- attribute ----------------------------------------------------------------

  void CheckAttribute(const Expectation& e, ExpectationResult* result) const {
    const Json* state = run_.Contact(e.contact);
    Json value;
    bool present = false;
    if (state != nullptr) {
      const Json& attributes = (*state)["attributes"];
      if (attributes.is_object() && attributes.contains(e.target)) {
        value = attributes[e.target];
        present = true;
      } else if (e.target == "lists" || e.target == "consent" || e.target == "timezone" || e.target == "id") {
        value = (*state)[e.target];
        present = true;
      }
    }
    result->passed = JsonEquals(value, e.equals);
    result->actual = present ? e.contact + "'s " + e.target + " is " + ValueText(value) + " at the end"
                             : e.contact + " has no attribute " + e.target + " at the end";
    if (result->passed) return;
    // Who set it last: an update node (in the trace) or the script.
    std::optional<Instant> by_node_at;
    std::string by_node;
    Json node_value;
    // `lists` changes through add_to_lists / remove_from_lists, not `set`.
    const bool lists = e.target == "lists";
    auto changes_lists = [](const Json& line) {
      for (const char* key : {"add_to_lists", "remove_from_lists"}) {
        auto it = line.find(key);
        if (it != line.end() && it->is_array() && !it->empty()) return true;
      }
      return false;
    };
    for (const TraceEntry* line : Lines(e.contact, "updated")) {
      auto set = line->line.find("set");
      if (lists ? changes_lists(line->line) : set != line->line.end() && set->is_object() && set->contains(e.target)) {
        by_node_at = line->t;
        by_node = line->Text("node");
        node_value = lists ? Json() : (*set)[e.target];
      }
    }
    std::optional<Instant> by_script_at;
    Json script_value;
    for (const ScriptEntry& entry : fixture_.script) {
      if (entry.contact != e.contact || entry.kind != ScriptKind::kSet) continue;
      if (lists ? !entry.add_to_lists.empty() || !entry.remove_from_lists.empty()
                : entry.set.is_object() && entry.set.contains(e.target)) {
        by_script_at = entry.at;
        script_value = lists ? Json() : entry.set[e.target];
      }
    }
    if (lists && (by_node_at || by_script_at)) {
      bool node_last = by_node_at && (!by_script_at || *by_node_at >= *by_script_at);
      result->divergence = "lists were last changed at " + When(node_last ? *by_node_at : *by_script_at) +
                           (node_last ? " by update node " + by_node : std::string(" by the fixture's script"));
      return;
    }
    if (by_node_at && (!by_script_at || *by_node_at >= *by_script_at)) {
      result->divergence = e.target + " was last set to " + ValueText(node_value) + " at " + When(*by_node_at) +
                           " by update node " + by_node;
      std::size_t updates = 0;
      for (const Node& node : workflow_.nodes) {
        if (node.type != NodeType::kUpdate) continue;
        bool touches = std::any_of(node.set.begin(), node.set.end(), [&](const SetAttribute& s) { return s.attribute == e.target; }) ||
                       std::any_of(node.increment.begin(), node.increment.end(), [&](const auto& inc) { return inc.first == e.target; });
        if (touches) ++updates;
      }
      if (updates > 1) result->divergence += " (" + std::to_string(updates) + " update nodes change it)";
    } else if (by_script_at) {
      result->divergence = e.target + " was last set to " + ValueText(script_value) + " at " + When(*by_script_at) +
                           " by the fixture's script";
    } else {
      result->divergence = "nothing in the run changed " + e.target;
      std::set<std::string> updaters;
      for (const Node& node : workflow_.nodes) {
        if (node.type != NodeType::kUpdate) continue;
        for (const SetAttribute& s : node.set) if (s.attribute == e.target) updaters.insert(node.id);
        for (const auto& inc : node.increment) if (inc.first == e.target) updaters.insert(node.id);
        if (lists && (!node.add_to_lists.empty() || !node.remove_from_lists.empty())) updaters.insert(node.id);
      }
      if (!updaters.empty()) {
        result->divergence = Divergence(e.contact, updaters, "to an update of " + e.target);
      }
    }
  }

  // ---- where the path went ---------------------------------------------------

  // Where the contact's run stood when the clock stopped, as ": ..." text.
  std::string EndState(const std::string& contact) const {
    const Json* state = run_.Contact(contact);
    if (state == nullptr) return "";
    std::string phase = StringField(*state, "state");
    std::string node = StringField(*state, "node");
    if (phase == "not_enrolled") return " (" + contact + " was never enrolled)";
    if (phase == "waiting") return " (" + contact + " was still waiting at " + node + WaitingFor(*state) + " when the clock stopped at " + When(run_.until) + ")";
    if (phase == "active") return " (" + contact + " was at " + node + " when the clock stopped)";
    return "";
  }

  std::string WaitingFor(const Json& state) const {
    const Json& waiting = state["waiting_for"];
    if (!waiting.is_object()) return "";
    if (waiting.contains("event")) return " for event " + Q(StringField(waiting, "event"));
    if (waiting.contains("condition")) return " for " + DumpJson(waiting["condition"]) + " to hold";
    if (waiting.contains("quiet_hours_end")) return ", held by quiet hours until " + StringField(waiting, "quiet_hours_end");
    if (waiting.contains("time")) return " until " + StringField(waiting, "time");
    return "";
  }

  // Describes how the contact left node `from` at line index `after` of its
  // lines: the branch taken, the variant drawn, or how a wait ended.
  std::string Decision(const std::string& contact, const std::vector<std::size_t>& lines, std::size_t from_pos,
                       std::size_t to_pos, const std::string& from) const {
    for (std::size_t p = to_pos; p-- > from_pos;) {
      const TraceEntry& line = run_.trace[lines[p]];
      if (line.Text("node") != from) continue;
      if (line.kind == "branch") {
        std::string out = contact + " took branch " + Q(line.Text("label")) + " at " + from + InParens(line.t);
        auto values = line.line.find("values");
        if (values != line.line.end() && values->is_object() && !values->empty()) {
          std::string because;
          for (auto it = values->begin(); it != values->end(); ++it) {
            because += (because.empty() ? "" : ", ") + it.key() + (it.value().is_null() ? " was not set" : " was " + DumpJson(it.value()));
          }
          out += " because " + because;
        } else if (const Node* node = FindNode(workflow_, from)) {
          // Nothing was read (has_event, now, ...): show the conditions instead.
          std::string label = line.Text("label");
          std::string conditions;
          for (const BranchArm& arm : node->branches) {
            if (label != "else" && arm.label != label) continue;
            if (!conditions.empty()) conditions += ", ";
            conditions += Q(arm.label) + " " + DumpJson(arm.when.source);
          }
          if (!conditions.empty()) {
            out += label == "else" ? " because no branch condition held (" + conditions + ")"
                                   : " because its condition held (" + conditions + ")";
          }
        }
        return out;
      }
      if (line.kind == "split") {
        return "split " + from + " put " + contact + " in variant " + Q(line.Text("label")) + InParens(line.t);
      }
      if (line.kind == "resumed") {
        const Node* node = FindNode(workflow_, from);
        std::string via = line.Text("via");
        if (node != nullptr && node->type == NodeType::kWaitEvent) {
          if (via == "timeout") return contact + "'s wait for " + Q(node->event) + " at " + from + " timed out at " + When(line.t) + " (no such event arrived)";
          return "the awaited " + Q(node->event) + " event arrived at " + When(line.t) + " and " + contact + " went on from " + from;
        }
        if (node != nullptr && node->type == NodeType::kWaitUntil) {
          if (via == "timeout") return "the condition of " + from + " never held before its timeout at " + When(line.t);
          return "the condition of " + from + " held at " + When(line.t);
        }
      }
    }
    const TraceEntry& to = run_.trace[lines[to_pos]];
    return contact + " went from " + from + " to " + to.Text("node") + " at " + When(to.t);
  }

  // Where the contact's path left every path that leads to `targets`, or why it
  // never got on one. `goal_words` names the targets ("to send_sms").
  std::string Divergence(const std::string& contact, const std::set<std::string>& targets,
                         const std::string& goal_words) const {
    std::set<std::string> reach = CanReach(workflow_, targets);
    const std::vector<std::size_t>& lines = run_.LinesOf(contact);
    bool enrolled = false;
    std::string found;
    std::string current;
    std::size_t current_pos = 0;
    for (std::size_t p = 0; p < lines.size(); ++p) {
      const TraceEntry& line = run_.trace[lines[p]];
      if (line.kind == "enrolled") {
        enrolled = true;
        current.clear();
      } else if (line.kind == "entered") {
        std::string node = line.Text("node");
        if (!current.empty() && reach.count(current) && !reach.count(node)) {
          found = Decision(contact, lines, current_pos, p, current);
        }
        current = node;
        current_pos = p;
      } else if (line.kind == "exited") {
        if (!current.empty() && reach.count(current)) {
          const Node* node = FindNode(workflow_, current);
          bool at_exit_node = node != nullptr && node->type == NodeType::kExit;
          if (!at_exit_node) {
            found = contact + " left the workflow at " + When(line.t) + " while at " + current + ", with reason " +
                    Q(line.Text("reason"));
          }
        }
        current.clear();
      }
    }
    if (!enrolled) {
      std::vector<const TraceEntry*> rejected = Lines(contact, "enroll_rejected");
      if (!rejected.empty()) {
        std::string why = DescribeTraceLine(workflow_, ToTraceLine(*rejected.front()));
        const std::string prefix = "not enrolled: ";
        if (why.compare(0, prefix.size(), prefix) == 0) why.erase(0, prefix.size());
        std::string out = contact + " was never enrolled: at " + When(rejected.front()->t) + " the trigger fired but " +
                          "enrolment was refused, " + why;
        if (rejected.size() > 1) out += " (refused " + std::to_string(rejected.size()) + " times)";
        return out;
      }
      std::string triggers;
      for (std::size_t i = 0; i < workflow_.triggers.size(); ++i) {
        triggers += (i ? ", " : "") + DescribeTrigger(workflow_, static_cast<int>(i));
      }
      return "no trigger enrolled " + contact + " (the workflow enrols on " + triggers + ")";
    }
    if (!reach.count(workflow_.start)) return "no path from the start node " + workflow_.start + " leads " + goal_words;
    const Json* state = run_.Contact(contact);
    if (state != nullptr && !current.empty() && reach.count(current)) {
      std::string phase = StringField(*state, "state");
      if (phase == "waiting" || phase == "active") {
        return contact + " was still at " + current + WaitingFor(*state) + " when the clock stopped at " + When(run_.until);
      }
    }
    if (!found.empty()) return found;
    return contact + "'s path never led " + goal_words;
  }

  // Why the contact got to `node` (or exited) later than the expectation's time:
  // the last wait before it.
  std::string LateArrival(const std::string& contact, const std::string& node, Instant first, const Expectation& e) const {
    std::string out = contact + (node.empty() ? " got there" : " reached " + node) + " first at " + When(first) + ", " +
                      run_.LocalClock(contact, first) + " in " + contact + "'s zone";
    Instant wanted = e.at ? *e.at : e.by ? *e.by : first;
    Duration gap = first - wanted;
    out += gap >= 0 ? ", " + FormatDuration(gap) + " after " : ", " + FormatDuration(-gap) + " before ";
    out += e.at ? "the expected moment" : "the deadline";
    const TraceEntry* wait = nullptr;
    for (std::size_t i : run_.LinesOf(contact)) {
      const TraceEntry& line = run_.trace[i];
      if (line.t > first) break;
      if (line.kind == "waiting") wait = &line;
    }
    if (wait != nullptr) {
      out += "; before that, at " + wait->Text("node") + " from " + When(wait->t) + ", " + contact + " " +
             DescribeTraceLine(workflow_, ToTraceLine(*wait));
    }
    return out;
  }

  // The last choice (branch, split, end of a wait) the contact made before the
  // line of `kind` for `node` at `t`: why it went where it should not have.
  std::string LastDecisionBefore(const std::string& contact, const char* kind, const std::string& node, Instant t) const {
    const std::vector<std::size_t>& lines = run_.LinesOf(contact);
    std::size_t offending = lines.size();
    for (std::size_t p = 0; p < lines.size(); ++p) {
      const TraceEntry& line = run_.trace[lines[p]];
      if (line.kind == kind && line.Text("node") == node && line.t == t) {
        offending = p;
        break;
      }
    }
    for (std::size_t p = offending; p-- > 0;) {
      const TraceEntry& line = run_.trace[lines[p]];
      if (line.kind == "enrolled") {
        const Json* trigger = line.line.contains("trigger") ? &line.line["trigger"] : nullptr;
        int index = trigger != nullptr && trigger->is_number_integer() ? trigger->get<int>() : -1;
        return contact + " was enrolled at " + When(line.t) + " by " + DescribeTrigger(workflow_, index) +
               " and the path from " + workflow_.start + " leads to " + node + " without a choice";
      }
      bool choice = line.kind == "branch" || line.kind == "split" ||
                    (line.kind == "resumed" && line.Text("via") != "next");
      if (!choice) continue;
      std::string from = line.Text("node");
      // Decision() looks back from the line after the choice.
      return Decision(contact, lines, 0, p + 1 < lines.size() ? p + 1 : p, from);
    }
    return "";
  }

  std::vector<std::string> Path(const std::string& contact) const {
    std::vector<std::string> path;
    const std::vector<std::size_t>& lines = run_.LinesOf(contact);
    for (std::size_t p = 0; p < lines.size(); ++p) {
      if (path.size() == kMaxPathSteps) {
        path.push_back("... " + std::to_string(lines.size() - p) + " more step(s)");
        break;
      }
      const TraceEntry& line = run_.trace[lines[p]];
      std::string step = FormatTimestamp(line.t);
      step += "  ";
      step += DescribeTraceLine(workflow_, ToTraceLine(line));
      step += "   [";
      step += run_.LocalClock(contact, line.t);
      step += ']';
      path.push_back(std::move(step));
    }
    if (path.empty()) path.push_back("(nothing happened to " + contact + ")");
    return path;
  }

  const Fixture& fixture_;
  const Workflow& workflow_;
  const RunRecord& run_;
  std::map<std::string, std::vector<const Json*>> messages_of_;  // contact -> its messages, in send order
};

}  // namespace

const char* ExpectKindName(ExpectKind kind) {
  switch (kind) {
    case ExpectKind::kReaches: return "reaches";
    case ExpectKind::kNeverReaches: return "never_reaches";
    case ExpectKind::kReceives: return "receives";
    case ExpectKind::kNeverReceives: return "never_receives";
    case ExpectKind::kExits: return "exits";
    case ExpectKind::kAttribute: return "attribute";
  }
  return "unknown";
}

namespace {

// The workflow an expectation is about: the one it names; in a portfolio
// without a name, the first that has its node or template (for the words
// of a failure), else the first.
const Workflow& WorkflowOf(const Fixture& fixture, const Expectation& e) {
  if (!fixture.is_portfolio()) return *fixture.workflow;
  for (const auto& workflow : fixture.workflows) {
    if (!e.workflow.empty() ? workflow->id == e.workflow
                            : workflow->node_index.count(e.target) > 0 || workflow->templates.count(e.target) > 0) {
      return *workflow;
    }
  }
  return *fixture.workflow;
}

}  // namespace

std::vector<ExpectationResult> CheckExpectations(const Fixture& fixture, const Session& session) {
  std::vector<ExpectationResult> results;
  if (!fixture.workflow) return results;
  RunRecord run = ReadRun(session);
  std::map<std::string, RunRecord> per_workflow;  // portfolio: filtered runs, made when first needed
  results.reserve(fixture.expectations.size());
  for (const Expectation& expectation : fixture.expectations) {
    try {
      const RunRecord* seen = &run;
      if (fixture.is_portfolio() && !expectation.workflow.empty()) {
        auto it = per_workflow.find(expectation.workflow);
        if (it == per_workflow.end()) it = per_workflow.emplace(expectation.workflow, OnlyWorkflow(run, expectation.workflow)).first;
        seen = &it->second;
      }
      Checker checker(fixture, *seen, WorkflowOf(fixture, expectation));
      results.push_back(checker.Check(expectation));
    } catch (const std::exception& error) {
      // Not expected (the checker reads only what it has checked), but a
      // report must never die half-way: the expectation fails, saying why.
      ExpectationResult failed;
      failed.expectation = &expectation;
      failed.description = failed.expected = expectation.contact + " " + ExpectKindName(expectation.kind) + " " + expectation.target;
      failed.actual = std::string("the check failed internally: ") + error.what();
      results.push_back(std::move(failed));
    }
  }
  return results;
}

Json ExpectationResultJson(const ExpectationResult& result) {
  Json out = Json::object();
  const Expectation* e = result.expectation;
  out["pointer"] = e != nullptr ? e->pointer : "";
  out["kind"] = e != nullptr ? ExpectKindName(e->kind) : "";
  out["contact"] = e != nullptr ? e->contact : "";
  out["target"] = e != nullptr ? e->target : "";
  out["passed"] = result.passed;
  out["description"] = result.description;
  out["expected"] = result.expected;
  out["actual"] = result.actual;
  out["divergence"] = result.divergence;
  out["path"] = result.path;
  out["expectation"] = e != nullptr ? e->source : Json();
  return out;
}

}  // namespace flowproof
