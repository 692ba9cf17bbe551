#include "core/channels/html_to_text.h"

#include <algorithm>
#include <set>
#include <vector>

#include "core/channels/html_scan.h"
#include "core/base/utf8.h"

namespace flowproof::channels {
namespace {

// Lists nested deeper than this are indented as if at this depth.
constexpr int kMaxListIndent = 8;

// Elements set off by a blank line (2) or just a line break (1).
int BreakFor(const std::string& name) {
  static const std::set<std::string> kParagraph = {
      "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "blockquote", "pre", "table", "figure"};
  static const std::set<std::string> kLine = {
      "div",    "li",      "tr",     "section", "article", "header",     "footer",  "nav",
      "aside",  "main",    "address", "center", "form",    "dt",         "dd",      "figcaption",
      "caption", "tbody",  "thead",  "tfoot",   "fieldset", "legend",    "details", "summary",
      "body",   "html",    "option", "hgroup",  "menu"};
  if (kParagraph.count(name)) return 2;
  if (kLine.count(name)) return 1;
  return 0;
}

bool IsCollapsibleSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x00A0;
}

bool IsInvisiblePadding(char32_t c) {
  return c == 0x200C || c == 0x200B || c == 0x00AD || c == 0x034F || c == 0xFEFF;
}

std::string Trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\n' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\n' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

std::string StripForCompare(std::string s) {
  std::string lower = AsciiLower(s);
  for (const char* prefix : {"mailto:", "tel:", "https://", "http://"}) {
    std::string_view p(prefix);
    if (lower.compare(0, p.size(), p) == 0) {
      s.erase(0, p.size());
      lower.erase(0, p.size());
      break;
    }
  }
  while (!s.empty() && s.back() == '/') s.pop_back();
  return AsciiLower(s);
}

class TextWriter {
 public:
  // Asks for at least `lines` line breaks before the next text.
  void Break(int lines) { pending_break_ = std::max(pending_break_, lines); }

  // An explicit <br>: always one more line break.
  void LineBreak() {
    FlushBreak();
    out_ += '\n';
    pending_space_ = false;
  }

  void Space() { pending_space_ = true; }

  // Text as it flows in HTML: decoded, whitespace collapsed.
  void Flow(std::string_view decoded) {
    for (const CodePoint& cp : DecodeUtf8(decoded)) {
      if (IsCollapsibleSpace(cp.value)) {
        pending_space_ = true;
      } else if (!IsInvisiblePadding(cp.value)) {
        Begin();
        AppendUtf8(cp.value, out_);
      }
    }
  }

  // Text written as is (pre, list markers), after any pending break.
  void Verbatim(std::string_view decoded, bool keep_space = true) {
    if (decoded.empty()) return;
    if (keep_space) {
      Begin();
    } else {
      FlushBreak();
      pending_space_ = false;
    }
    for (const CodePoint& cp : DecodeUtf8(decoded)) {
      if (!IsInvisiblePadding(cp.value)) AppendUtf8(cp.value, out_);
    }
  }

  std::size_t size() const { return out_.size(); }
  std::string_view Since(std::size_t pos) const { return std::string_view(out_).substr(pos); }
  void Truncate(std::size_t pos) { out_.resize(pos); }

  std::string Finish() {
    // Trim the end of every line, then keep at most 2 blank lines in a row.
    std::string result;
    std::size_t start = 0;
    int blank = 0;
    bool any = false;
    while (start <= out_.size()) {
      std::size_t end = out_.find('\n', start);
      if (end == std::string::npos) end = out_.size();
      std::string_view line = std::string_view(out_).substr(start, end - start);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
        line.remove_suffix(1);
      }
      if (line.empty()) {
        ++blank;
      } else {
        if (any) result.append(static_cast<std::size_t>(1 + std::min(blank, 2)), '\n');
        result.append(line);
        any = true;
        blank = 0;
      }
      start = end + 1;
    }
    return result;
  }

 private:
  void FlushBreak() {
    if (pending_break_ > 0 && !out_.empty()) {
      int trailing = 0;
      for (auto it = out_.rbegin(); it != out_.rend() && *it == '\n'; ++it) ++trailing;
      for (int k = trailing; k < pending_break_; ++k) out_ += '\n';
    }
    if (pending_break_ > 0) pending_space_ = false;
    pending_break_ = 0;
  }

  // Before visible text: the pending break, else a pending space unless the
  // line has just begun.
  void Begin() {
    FlushBreak();
    if (pending_space_ && !out_.empty() && out_.back() != '\n' && out_.back() != ' ') out_ += ' ';
    pending_space_ = false;
  }

  std::string out_;
  int pending_break_ = 0;
  bool pending_space_ = false;
};

struct ListState {
  bool ordered = false;
  int counter = 0;
};

struct OpenLink {
  std::string href;
  std::size_t start = 0;
};

}  // namespace

std::string HtmlToText(std::string_view html) {
  std::vector<HtmlToken> tokens = TokenizeHtml(html);
  TextWriter w;
  std::vector<ListState> lists;
  std::vector<OpenLink> links;  // at most one: a new <a> closes the previous
  std::string skip_until;       // end tag that ends a dropped element
  int pre = 0;

  auto close_link = [&]() {
    if (links.empty()) return;
    OpenLink link = std::move(links.back());
    links.pop_back();
    std::string href = Trim(link.href);
    std::string lower = AsciiLower(href);
    if (href.empty() || href[0] == '#' || lower.compare(0, 11, "javascript:") == 0) return;
    std::string text = Trim(w.Since(link.start));
    if (text.empty()) {
      w.Truncate(link.start);
      w.Flow(href);
    } else if (StripForCompare(text) != StripForCompare(href)) {
      w.Flow(" (" + href + ")");
    }
  };

  for (const HtmlToken& t : tokens) {
    if (!skip_until.empty()) {
      if ((t.kind == HtmlToken::kEndTag && t.name == skip_until) ||
          (skip_until == "head" && t.kind == HtmlToken::kStartTag && t.name == "body")) {
        skip_until.clear();
      }
      if (!skip_until.empty() || t.kind == HtmlToken::kEndTag) continue;
    }
    switch (t.kind) {
      case HtmlToken::kComment:
      case HtmlToken::kDeclaration:
        break;
      case HtmlToken::kText:
        if (t.raw) break;
        if (pre > 0) {
          w.Verbatim(DecodeHtmlEntities(t.text));
        } else {
          w.Flow(DecodeHtmlEntities(t.text));
        }
        break;
      case HtmlToken::kStartTag: {
        const std::string& name = t.name;
        if (name == "head" || name == "title" || name == "template") {
          if (!t.self_closing) skip_until = name;
          break;
        }
        if (name == "br") {
          w.LineBreak();
          break;
        }
        if (name == "hr") {
          w.Break(1);
          w.Verbatim("----------", false);
          w.Break(1);
          break;
        }
        if (name == "img") {
          const std::string* alt = t.Attribute("alt");
          if (alt != nullptr) w.Flow(*alt);
          break;
        }
        if (name == "a") {
          close_link();
          const std::string* href = t.Attribute("href");
          if (href != nullptr && !t.self_closing) links.push_back(OpenLink{*href, w.size()});
          break;
        }
        if (name == "td" || name == "th") {
          w.Space();
          break;
        }
        if (name == "pre") ++pre;
        if (name == "ul" || name == "ol") {
          // A nested list continues its item's lines instead of a paragraph.
          w.Break(lists.empty() ? 2 : 1);
          lists.push_back(ListState{name == "ol", 0});
          break;
        }
        if (name == "li") {
          w.Break(1);
          int depth = std::min(static_cast<int>(lists.size()), kMaxListIndent);
          std::string marker(static_cast<std::size_t>(std::max(depth - 1, 0) * 2), ' ');
          if (!lists.empty() && lists.back().ordered) {
            marker += std::to_string(++lists.back().counter) + ". ";
          } else {
            marker += "- ";
          }
          w.Verbatim(marker, false);
          break;
        }
        w.Break(BreakFor(name));
        break;
      }
      case HtmlToken::kEndTag: {
        const std::string& name = t.name;
        if (name == "a") {
          close_link();
          break;
        }
        if (name == "pre" && pre > 0) --pre;
        if (name == "ul" || name == "ol") {
          if (!lists.empty()) lists.pop_back();
          w.Break(lists.empty() ? 2 : 1);
          break;
        }
        if (name == "td" || name == "th") {
          w.Space();
          break;
        }
        w.Break(BreakFor(name));
        break;
      }
    }
  }
  close_link();
  return w.Finish();
}

}  // namespace flowproof::channels
