#include "core/docs/markdown.h"

#include <algorithm>

namespace flowproof::docs {
namespace {

std::string FoldLines(const std::string& text) {
  std::string out;
  for (char c : text) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return out;
}

std::size_t LongestBacktickRun(const std::string& text) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

std::string CodeSpan(const std::string& raw, bool in_table) {
  std::string text = FoldLines(raw);
  if (in_table) {
    std::string piped;
    for (char c : text) {
      if (c == '|') piped += '\\';
      piped += c;
    }
    text = piped;
  }
  std::string fence(LongestBacktickRun(text) + 1, '`');
  bool pad = !text.empty() && (text.front() == '`' || text.back() == '`' || text.front() == ' ');
  if (text.empty()) return "` `";
  return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
}

std::string Inlines(const Inline& spans, bool in_table) {
  std::string out;
  for (const Span& s : spans) {
    switch (s.style) {
      case Span::Style::kText: out += EscapeMarkdownText(s.text); break;
      case Span::Style::kCode: out += CodeSpan(s.text, in_table); break;
      case Span::Style::kStrong:
        if (!s.text.empty()) {
          // Emphasis markers may not sit next to spaces: keep them outside.
          std::string t = s.text;
          std::size_t lead = t.find_first_not_of(' ');
          if (lead == std::string::npos) {
            out += t;
            break;
          }
          std::size_t trail = t.find_last_not_of(' ');
          out += t.substr(0, lead) + "**" + EscapeMarkdownText(t.substr(lead, trail - lead + 1)) + "**" + t.substr(trail + 1);
        }
        break;
      case Span::Style::kEmphasis:
        if (!s.text.empty()) out += "*" + EscapeMarkdownText(s.text) + "*";
        break;
    }
  }
  if (in_table) {
    // A '|' in plain text is escaped by EscapeMarkdownText already.
  }
  return out;
}

// A line of text must not start a block of its own (a heading, a list, a quote).
std::string GuardLineStart(const std::string& line) {
  if (line.empty()) return line;
  char c = line[0];
  if (c == '+' || c == '-' || c == '=' || c == '#') return "\\" + line;
  std::size_t digits = 0;
  while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
  if (digits > 0 && digits < line.size() && (line[digits] == '.' || line[digits] == ')'))
    return line.substr(0, digits) + "\\" + line.substr(digits);
  return line;
}

std::string Fenced(const std::string& language, const std::string& code, const std::string& indent) {
  std::string fence(std::max<std::size_t>(3, LongestBacktickRun(code) + 1), '`');
  std::string out = indent + fence + language + "\n";
  std::size_t start = 0;
  while (start < code.size()) {
    std::size_t end = code.find('\n', start);
    if (end == std::string::npos) end = code.size();
    out += indent + code.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out + indent + fence + "\n";
}

}  // namespace

std::string EscapeMarkdownText(const std::string& raw) {
  std::string text = FoldLines(raw);
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    switch (c) {
      case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>':
      case '|': case '~': case '&':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderMarkdown(const Document& document) {
  std::string out;
  for (const Block& b : document.blocks) {
    if (!out.empty()) out += "\n";
    switch (b.kind) {
      case Block::Kind::kHeading:
        out += std::string(static_cast<std::size_t>(std::clamp(b.level, 1, 6)), '#') + " " + Inlines(b.text, false) + "\n";
        break;
      case Block::Kind::kParagraph:
        out += GuardLineStart(Inlines(b.text, false)) + "\n";
        break;
      case Block::Kind::kBullets:
      case Block::Kind::kNumbered:
        for (std::size_t i = 0; i < b.items.size(); ++i) {
          out += (b.kind == Block::Kind::kBullets ? "- " : std::to_string(i + 1) + ". ") + Inlines(b.items[i], false) + "\n";
          if (i < b.item_code.size() && !b.item_code[i].empty()) out += Fenced("diff", b.item_code[i], "  ");
        }
        break;
      case Block::Kind::kTable: {
        auto row = [&](const std::vector<Inline>& cells) {
          std::string line = "|";
          for (const Inline& cell : cells) line += " " + Inlines(cell, true) + " |";
          return line + "\n";
        };
        out += row(b.header);
        out += "|";
        for (std::size_t i = 0; i < b.header.size(); ++i)
          out += (i < b.align_right.size() && b.align_right[i]) ? " ---: |" : " --- |";
        out += "\n";
        for (const std::vector<Inline>& r : b.rows) out += row(r);
        break;
      }
      case Block::Kind::kCode:
      case Block::Kind::kDiagram:
        out += Fenced(b.language, b.code, "");
        break;
    }
  }
  return out;
}

}  // namespace flowproof::docs
