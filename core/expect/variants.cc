#include "core/expect/variants.h"

#include <algorithm>
#include <map>
#include <vector>

#include "core/expect/trace_reader.h"
#include "core/time/duration.h"

namespace flowproof {
namespace {

constexpr std::size_t kPreviewChars = 160;
constexpr std::size_t kColumnWidth = 46;

std::string Field(const Json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// Whitespace runs collapsed to one space, cut to `max_chars` characters.
std::string Shorten(const std::string& text, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0;
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space = !out.empty();
      continue;
    }
    bool starts_char = (c & 0xC0) != 0x80;
    if (starts_char) {
      if (space) {
        if (chars + 1 >= max_chars) return out + "\xE2\x80\xA6";
        out += ' ';
        ++chars;
        space = false;
      }
      if (chars == max_chars) return out + "\xE2\x80\xA6";
      ++chars;
    }
    out += text[i];
  }
  return out;
}

// What a message says at a glance: an email's preheader (what inboxes show
// beside the subject) or the start of its text, an SMS or push body, what a
// webhook or audience sync does.
std::string Preview(const Json& message, const std::string& channel) {
  if (channel == "webhook") return Field(message, "method") + " " + Field(message, "url") + " " + Field(message, "body");
  if (channel == "ad_audience") return Field(message, "operation") + " " + Field(message, "audience");
  std::string text = Field(message, "preheader");
  if (text.empty()) text = Field(message, "text");
  if (text.empty()) text = Field(message, "body");
  if (text.empty()) text = Field(message, "html");
  return Shorten(text, kPreviewChars);
}

std::size_t Width(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

// Breaks a line into pieces of at most `width` characters, at spaces where
// possible (continuations indented), never inside a UTF-8 sequence.
std::vector<std::string> Wrap(const std::string& line, std::size_t width) {
  const std::string kIndent = "    ";
  std::vector<std::string> out;
  std::string rest = line;
  while (Width(rest) > width) {
    // The byte offset just past `width` characters.
    std::size_t cut = 0, chars = 0;
    while (cut < rest.size() && chars < width) {
      ++cut;
      while (cut < rest.size() && (static_cast<unsigned char>(rest[cut]) & 0xC0) == 0x80) ++cut;
      ++chars;
    }
    std::size_t space = rest.rfind(' ', cut);
    std::size_t floor = out.empty() ? 0 : kIndent.size();
    bool at_space = space != std::string::npos && space > floor + width / 3;
    std::size_t end = at_space ? space : cut;
    out.push_back(rest.substr(0, end));
    rest = kIndent + rest.substr(at_space ? end + 1 : end);
  }
  out.push_back(rest);
  return out;
}

// A weight as written: 50, not 50.0.
Json WeightJson(double weight) {
  if (weight == static_cast<double>(static_cast<long long>(weight)) && weight < 1e15 && weight > -1e15) {
    return Json(static_cast<long long>(weight));
  }
  return Json(weight);
}

}  // namespace

Json Variants(const Session& session) {
  Json out = Json::array();
  const Fixture& fixture = session.fixture();
  if (!fixture.workflow) return out;
  const Workflow& workflow = *fixture.workflow;
  // No catch here: a trace that does not read back is a bug, reported as an
  // internal error by the caller (the run report), never as "no variants".
  {
    RunRecord run = ReadRun(session);
    // The i-th `sent` line of a contact is its i-th rendered message.
    std::map<std::string, std::vector<const Json*>> messages_of;
    for (const Json& message : run.messages) messages_of[Field(message, "contact")].push_back(&message);

    for (const Node& node : workflow.nodes) {
      if (node.type != NodeType::kSplit) continue;
      Json variants = Json::array();
      bool reached = false;
      for (const SplitVariant& variant : node.variants) {
        Json contacts = Json::array();
        Json messages = Json::array();
        for (const auto& [contact, lines] : run.by_contact) {
          std::size_t sent_seen = 0;
          bool in_variant = false;
          Instant split_at = 0;
          bool drew = false;
          for (std::size_t i : lines) {
            const TraceEntry& line = run.trace[i];
            if (line.kind == "split" && line.Text("node") == node.id) {
              in_variant = line.Text("label") == variant.label;
              split_at = line.t;
              if (in_variant) drew = true;
            } else if (line.kind == "exited") {
              in_variant = false;
            } else if (line.kind == "sent") {
              const std::vector<const Json*>& sent = messages_of[contact];
              const Json* message = sent_seen < sent.size() ? sent[sent_seen] : nullptr;
              ++sent_seen;
              if (!in_variant || message == nullptr) continue;
              const Json& body = (*message)["message"];
              std::string channel = Field(*message, "channel");
              std::string subject = Field(body, "subject");
              if (subject.empty()) subject = Field(body, "title");
              messages.push_back({{"contact", contact},
                                  {"t", Field(*message, "t")},
                                  {"after", std::string("+").append(FormatDuration(line.t - split_at))},
                                  {"node", Field(*message, "node")},
                                  {"template", Field(*message, "template")},
                                  {"channel", channel},
                                  {"subject", subject},
                                  {"preview", Preview(body, channel)},
                                  {"message", body}});
            }
          }
          if (drew) contacts.push_back(contact);
        }
        reached = reached || !contacts.empty();
        variants.push_back({{"label", variant.label},
                            {"weight", WeightJson(variant.weight)},
                            {"contacts", std::move(contacts)},
                            {"messages", std::move(messages)}});
      }
      if (reached) {
        out.push_back({{"node", node.id}, {"mode", node.ab ? "ab" : "random"}, {"variants", std::move(variants)}});
      }
    }
  }
  return out;
}

std::string VariantsText(const Json& report) {
  std::string out;
  if (!report.is_array()) return out;
  for (const Json& split : report) {
    const Json& variants = split["variants"];
    out += "Variants of split " + Field(split, "node") + " (" + Field(split, "mode") +
           "), side by side; messages numbered in the order first sent, with the time since the split:\n";
    std::vector<std::vector<std::string>> columns;
    for (const Json& variant : variants) {
      std::vector<std::string> lines;
      std::string weight = variant["weight"].is_number() ? DumpJson(variant["weight"]) : "?";
      lines.push_back("variant " + Field(variant, "label") + " (weight " + weight + ")");
      std::string contacts;
      for (const Json& c : variant["contacts"]) contacts += (contacts.empty() ? "" : ", ") + c.get<std::string>();
      lines.push_back("contacts (" + std::to_string(variant["contacts"].size()) + "): " + (contacts.empty() ? "none" : contacts));
      // Distinct messages by (node, template) in the order first sent.
      std::vector<std::string> keys;
      std::map<std::string, std::pair<const Json*, int>> distinct;
      for (const Json& message : variant["messages"]) {
        std::string key = Field(message, "node") + "\n" + Field(message, "template");
        auto [it, inserted] = distinct.emplace(key, std::make_pair(&message, 0));
        ++it->second.second;
        if (inserted) keys.push_back(key);
      }
      if (keys.empty()) lines.push_back("no messages");
      for (std::size_t k = 0; k < keys.size(); ++k) {
        const auto& [message, count] = distinct[keys[k]];
        lines.push_back(std::to_string(k + 1) + ". " + Field(*message, "channel") + " '" + Field(*message, "template") +
                        "', " + Field(*message, "after") + ", " + std::to_string(count) + " sent");
        if (!Field(*message, "subject").empty()) lines.push_back("   subject: " + Quote(Field(*message, "subject")));
        if (!Field(*message, "preview").empty()) lines.push_back("   says: " + Quote(Field(*message, "preview"), 90));
      }
      std::vector<std::string> wrapped;
      for (const std::string& line : lines) {
        for (std::string& piece : Wrap(line, kColumnWidth)) wrapped.push_back(std::move(piece));
      }
      columns.push_back(std::move(wrapped));
    }
    std::size_t rows = 0;
    for (const auto& column : columns) rows = std::max(rows, column.size());
    for (std::size_t r = 0; r < rows; ++r) {
      std::string row = "  ";
      for (std::size_t c = 0; c < columns.size(); ++c) {
        std::string cell = r < columns[c].size() ? columns[c][r] : "";
        if (c + 1 < columns.size()) cell += std::string(kColumnWidth - std::min(kColumnWidth, Width(cell)), ' ') + " | ";
        row += cell;
      }
      while (!row.empty() && row.back() == ' ') row.pop_back();
      out += row + "\n";
    }
  }
  return out;
}

}  // namespace flowproof
