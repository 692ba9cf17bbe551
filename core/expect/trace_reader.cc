#include "core/expect/trace_reader.h"

#include <cstdio>

#include "core/time/duration.h"
#include "core/time/timestamp.h"
#include "core/time/zone.h"

namespace flowproof {

std::string TraceEntry::Text(const char* key) const {
  auto it = line.find(key);
  return it != line.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const std::vector<std::size_t>& RunRecord::LinesOf(const std::string& contact) const {
  static const std::vector<std::size_t> kNone;
  auto it = by_contact.find(contact);
  return it == by_contact.end() ? kNone : it->second;
}

const Json* RunRecord::Contact(const std::string& id) const {
  for (const Json& contact : contacts) {
    auto it = contact.find("id");
    if (it != contact.end() && *it == id) return &contact;
  }
  return nullptr;
}

std::string RunRecord::LocalClock(const std::string& contact, Instant t) const {
  const TimeZone* zone = nullptr;
  if (const Json* state = Contact(contact)) {
    auto it = state->find("timezone");
    if (it != state->end() && it->is_string()) zone = FindTimeZone(it->get<std::string>());
  }
  if (zone == nullptr) zone = &UtcZone();
  LocalDateTime local = zone->ToLocal(t);
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%s %02d:%02d ", kDays[(local.weekday % 7 + 7) % 7], local.time.hour,
                local.time.minute);
  return buffer + zone->AbbreviationAt(t);
}

RunRecord ReadRun(const Session& session) {
  RunRecord record;
  record.start = session.start();
  record.until = session.until();
  record.messages = session.Messages();
  record.contacts = session.Contacts();
  std::string jsonl = session.TraceJsonl();
  std::size_t begin = 0;
  while (begin < jsonl.size()) {
    std::size_t end = jsonl.find('\n', begin);
    if (end == std::string::npos) end = jsonl.size();
    Json line = Json::parse(jsonl.begin() + static_cast<std::ptrdiff_t>(begin),
                            jsonl.begin() + static_cast<std::ptrdiff_t>(end), nullptr, false);
    begin = end + 1;
    if (!line.is_object()) continue;
    TraceEntry entry;
    entry.line = std::move(line);
    entry.contact = entry.Text("contact");
    entry.kind = entry.Text("kind");
    std::optional<Instant> t = ParseTimestamp(entry.Text("t"));
    if (!t) continue;
    entry.t = *t;
    record.by_contact[entry.contact].push_back(record.trace.size());
    record.trace.push_back(std::move(entry));
  }
  return record;
}

// v1.1 portfolio: the lines and messages of one workflow, as if it had run
// alone (an expectation that names `workflow` sees only those).
RunRecord OnlyWorkflow(const RunRecord& run, const std::string& workflow) {
  RunRecord out;
  out.start = run.start;
  out.until = run.until;
  out.contacts = run.contacts;
  for (const TraceEntry& entry : run.trace) {
    if (entry.Text("workflow") != workflow) continue;
    out.by_contact[entry.contact].push_back(out.trace.size());
    out.trace.push_back(entry);
  }
  for (const Json& message : run.messages) {
    if (message.is_object() && message.value("workflow", std::string()) == workflow) out.messages.push_back(message);
  }
  return out;
}

TraceLine ToTraceLine(const TraceEntry& entry) {
  TraceLine line(entry.t, entry.contact, entry.kind);
  for (auto it = entry.line.begin(); it != entry.line.end(); ++it) {
    if (it.key() == "t" || it.key() == "contact" || it.key() == "kind") continue;
    if (it.key() == "workflow") {
      line.workflow = it.value().is_string() ? it.value().get<std::string>() : "";
      continue;
    }
    line.Add(it.key(), it.value());
  }
  return line;
}

std::string FormatWhen(Instant t, Instant start) {
  Duration offset = t - start;
  return FormatTimestamp(t) + " (" + (offset < 0 ? "" : "+") + FormatDuration(offset) + ")";
}

std::string Quote(const std::string& text, std::size_t max_chars) {
  std::string shortened;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80) {
      if (chars == max_chars) {
        shortened += "\xE2\x80\xA6";  // …
        break;
      }
      ++chars;
    }
    shortened += text[i];
  }
  return DumpJson(Json(shortened));
}

}  // namespace flowproof
