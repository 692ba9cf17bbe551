#include "core/sim/trace_text.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "core/sim/trace_vocabulary.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"
#include "core/time/zone.h"

namespace flowproof {
namespace {

std::string Text(const TraceLine& line, std::string_view key) {
  const Json* value = line.Find(key);
  if (value == nullptr) return "";
  return value->is_string() ? value->get<std::string>() : DumpJson(*value);
}

std::string NodeLabel(const Workflow& workflow, const std::string& id) {
  auto it = workflow.node_index.find(id);
  if (it == workflow.node_index.end()) return id;
  return id + " (" + NodeTypeName(workflow.nodes[it->second].type) + ")";
}

std::string DescribeTrigger(const Workflow& workflow, int index) {
  if (index < 0 || index >= static_cast<int>(workflow.triggers.size())) return "trigger " + std::to_string(index);
  const Trigger& trigger = workflow.triggers[index];
  std::string head = "trigger " + std::to_string(index) + ": ";
  switch (trigger.type) {
    case TriggerType::kEvent: return head + "event '" + trigger.event + "'";
    case TriggerType::kCondition: return head + "condition " + DumpJson(trigger.condition->source) + " became true";
    case TriggerType::kDate: return head + "date in '" + trigger.attribute + "'";
    case TriggerType::kSchedule: return head + "schedule";
    case TriggerType::kInactivity: return head + "no '" + trigger.event + "' for " + FormatDuration(trigger.inactive_for);
  }
  return head;
}

// The words of a suppression or rejection reason (core/sim/trace_vocabulary.h),
// or null for a reason the vocabulary does not know.
const char* ReasonInWords(const std::string& reason) {
  const char* words = WordsFor(kSuppressionReasons, reason);
  return words != nullptr ? words : WordsFor(kRejectionReasons, reason);
}

std::string Reason(const std::string& reason) {
  const char* words = ReasonInWords(reason);
  return words == nullptr ? reason : reason + " (" + words + ")";
}

std::string LocalClock(Instant t, const TimeZone& zone) {
  LocalDateTime local = zone.ToLocal(t);
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s %02d:%02d %s", kDays[local.weekday], local.time.hour,
                local.time.minute, zone.AbbreviationAt(t).c_str());
  return buffer;
}

}  // namespace

std::string DescribeTraceLine(const Workflow& workflow, const TraceLine& line) {
  const std::string& kind = line.kind;
  if (kind == trace_kind::kEnrolled && line.Find("from_workflow") != nullptr) {  // v1.1 enroll node
    return "enrolled by enroll node '" + Text(line, "from_node") + "' of workflow '" + Text(line, "from_workflow") + "'";
  }
  if (kind == trace_kind::kEnrolled) {
    const Json* trigger = line.Find("trigger");
    return "enrolled by " + DescribeTrigger(workflow, trigger != nullptr && trigger->is_number() ? trigger->get<int>() : -1);
  }
  if (kind == trace_kind::kEnrollRejected) return "not enrolled: " + Reason(Text(line, "reason"));
  if (kind == trace_kind::kEntered) return "entered " + NodeLabel(workflow, Text(line, "node"));
  if (kind == trace_kind::kBranch) {
    std::string out = "took branch '" + Text(line, "label") + "'";
    const Json* values = line.Find("values");
    if (values != nullptr && values->is_object() && !values->empty()) {
      std::string because;
      for (auto it = values->begin(); it != values->end(); ++it) {
        if (!because.empty()) because += ", ";
        because += it.key() + (it.value().is_null() ? " was not set" : " was " + DumpJson(it.value()));
      }
      out += " because " + because;
    }
    return out;
  }
  if (kind == trace_kind::kSplit) return "split into variant '" + Text(line, "label") + "'";
  if (kind == trace_kind::kWinnerSelected) {
    // "split ab picked winner 'B' (A 10% of 10, B 40% of 10)"
    std::string out = "split " + Text(line, "node") + " picked winner '" + Text(line, "label") + "'";
    const Json* rates = line.Find("rates");
    const Json* tested = line.Find("tested");
    if (rates != nullptr && tested != nullptr && rates->is_object()) {
      std::string figures;
      for (auto it = rates->begin(); it != rates->end(); ++it) {
        if (!figures.empty()) figures += ", ";
        double rate = it.value().is_number() ? it.value().get<double>() : 0;
        figures += it.key() + " " + std::to_string(static_cast<int>(rate * 100 + 0.5)) + "% of " + DumpJson(tested->value(it.key(), Json(0)));
      }
      out += " (" + figures + ")";
    }
    return out;
  }
  if (kind == trace_kind::kWaiting) {
    std::string until = Text(line, "until");
    if (line.Find("reason") != nullptr) {
      const char* words = WordsFor(kHoldReasons, Text(line, "reason"));
      return std::string(words != nullptr ? words : WordsFor(kHoldReasons, hold::kQuietHours)) + " until " + until;
    }
    if (line.Find("event") != nullptr) {
      return "waits for event '" + Text(line, "event") + "'" + (until.empty() ? "" : " until " + until);
    }
    if (line.Find("condition") != nullptr) {
      return "waits until " + Text(line, "condition") + " holds" + (until.empty() ? "" : ", at most until " + until);
    }
    return "waits until " + until;
  }
  if (kind == trace_kind::kResumed) {
    std::string via = Text(line, "via");
    const char* words = WordsFor(kResumeVias, via);
    return std::string("resumed: ") + (words != nullptr ? words : WordsFor(kResumeVias, resume_via::kNext));
  }
  if (kind == trace_kind::kSent) return "sent " + Text(line, "channel") + " '" + Text(line, "template") + "'";
  if (kind == trace_kind::kSuppressed) {
    std::string why = Reason(Text(line, "reason"));
    if (Text(line, "cap") == "portfolio") why += ", the portfolio's cap";  // v1.1
    return Text(line, "channel") + " '" + Text(line, "template") + "' suppressed: " + why;
  }
  if (kind == trace_kind::kUpdated) {
    std::string out = "updated";
    const Json* set = line.Find("set");
    if (set != nullptr && set->is_object()) {
      for (auto it = set->begin(); it != set->end(); ++it) out += " " + it.key() + " = " + DumpJson(it.value()) + ";";
    }
    if (line.Find("add_to_lists") != nullptr) out += " added to lists " + Text(line, "add_to_lists") + ";";
    if (line.Find("remove_from_lists") != nullptr) out += " removed from lists " + Text(line, "remove_from_lists") + ";";
    if (!out.empty() && out.back() == ';') out.pop_back();
    return out;
  }
  if (kind == trace_kind::kExited) return "exited: " + Text(line, "reason");
  if (kind == trace_kind::kError) return "error " + Text(line, "code") + ": " + Text(line, "message");
  if (kind == trace_kind::kMigrated) {
    const Json* to = line.Find("to");
    std::string node = Text(line, "node");
    if (to == nullptr || to->is_null()) return "new version published: node " + node + " was removed";
    std::string target = Text(line, "to");
    return "new version published: stays at " + (target == node ? node : node + ", now called " + target);
  }
  return kind;
}

std::string FormatTraceText(const Fixture& fixture, const std::vector<TraceLine>& trace) {
  const Workflow& workflow = *fixture.workflow;
  std::map<std::string, const TimeZone*> zones;
  std::size_t width = 7;
  const TimeZone* workflow_zone = FindTimeZone(workflow.timezone);
  for (const ContactDef& contact : fixture.contacts) {
    const TimeZone* zone = contact.timezone.empty() ? nullptr : FindTimeZone(contact.timezone);
    zones[contact.id] = zone != nullptr ? zone : (workflow_zone != nullptr ? workflow_zone : &UtcZone());
    width = std::max(width, contact.id.size());
  }
  std::string out = (fixture.name.empty() ? std::string("Fixture") : fixture.name) + "\n";
  // v1.1 portfolio: every workflow, and each line says whose it is.
  std::map<std::string, const Workflow*> by_id;
  for (const auto& each : fixture.workflows) by_id[each->id] = each.get();
  std::string workflows;
  for (const auto& each : fixture.workflows) workflows += (workflows.empty() ? "" : ", ") + each->id;
  out += (fixture.is_portfolio() ? "workflows " + workflows : "workflow " + workflow.id + (workflow.name.empty() ? "" : " (" + workflow.name + ")")) + ", " +
         std::to_string(fixture.contacts.size()) + " contact(s), from " + FormatTimestamp(fixture.start) +
         " to " + FormatTimestamp(fixture.until) + "\n\n";
  Instant previous = INT64_MIN;
  for (const TraceLine& line : trace) {
    std::string when = line.t == previous ? std::string(20, ' ') : FormatTimestamp(line.t).substr(0, 19) + "Z";
    when[10] = when[10] == 'T' ? ' ' : when[10];
    previous = line.t;
    std::string contact = line.contact;
    contact.resize(width, ' ');
    const TimeZone* zone = zones.count(line.contact) ? zones[line.contact] : &UtcZone();
    auto own = by_id.find(line.workflow);
    std::string described = own != by_id.end() ? line.workflow + ": " + DescribeTraceLine(*own->second, line) : DescribeTraceLine(workflow, line);
    out += when + "  " + contact + "  " + described + "   [" + LocalClock(line.t, *zone) + "]\n";
  }
  if (trace.empty()) out += "(nothing happened)\n";
  return out;
}

}  // namespace flowproof
