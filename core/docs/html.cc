#include "core/docs/html.h"

#include <algorithm>
#include <cctype>

#include "core/base/json_dump.h"
#include "core/base/markup_escape.h"
#include "core/docs/svg_diagram.h"
#include "core/words/page_words.h"

namespace flowproof::docs {
namespace {

// The policy: nothing from elsewhere, no script at all; inline styles and
// data: images only. Frames get their documents through srcdoc.
constexpr const char* kPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'";

constexpr const char* kStyle = R"CSS(
:root { --fp-text: #1d2433; --fp-muted: #5d6778; --fp-accent: #2f5bd3; --fp-accent-soft: #e6ecfb;
  --fp-border: #dde2ea; --fp-bg: #f6f7f9; --fp-warn: #b45309; --fp-warn-soft: #fff4e0; --fp-danger: #c0352b;
  --fp-c-email: #2f6fde; --fp-c-sms: #0e9484; --fp-c-push: #8a4fd8; --fp-c-ad-audience: #c2418a;
  --fp-c-webhook: #56657a; --fp-c-wait: #d08d12; --fp-c-branch: #e0642b; --fp-c-split: #b8860b;
  --fp-c-update: #3a9a4b; --fp-c-exit: #3b4351; --fp-c-start: #2f5bd3; --fp-path: #f08c00;
  --fp-mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--fp-text); background: var(--fp-bg); }
.fp-doc { max-width: 1080px; margin: 0 auto; padding: 0 24px 48px; }
.fp-doc-head { background: #fff; border-bottom: 1px solid var(--fp-border); margin: 0 -24px 24px; padding: 28px 24px 18px; }
.fp-doc-brand { font-size: 12px; font-weight: 700; letter-spacing: .08em; text-transform: uppercase; color: var(--fp-accent); }
h1 { font-size: 30px; line-height: 1.2; margin: 6px 0 8px; }
h2 { font-size: 21px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--fp-border); }
h3 { font-size: 16px; margin: 22px 0 6px; }
p, ul, ol { margin: 8px 0; }
li { margin: 3px 0; }
code, pre { font-family: var(--fp-mono); font-size: 13px; }
code { background: #eef1f6; border-radius: 4px; padding: 1px 5px; overflow-wrap: anywhere; }
pre { background: #0f172a; color: #e2e8f0; padding: 12px 14px; border-radius: 8px; overflow: auto; line-height: 1.45; }
pre code { background: none; padding: 0; color: inherit; }
em { color: var(--fp-muted); }
nav.fp-toc { display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 14px; margin-top: 12px; }
nav.fp-toc a { color: var(--fp-accent); text-decoration: none; }
nav.fp-toc a:hover { text-decoration: underline; }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--fp-border); border-radius: 8px;
  overflow: hidden; font-size: 14px; margin: 10px 0; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--fp-border); vertical-align: top; }
th { background: #f0f3f8; font-weight: 650; font-size: 13px; }
td code { overflow-wrap: normal; word-break: normal; }
.fp-table-box { overflow-x: auto; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr:last-child td { border-bottom: 0; }
tbody tr:nth-child(even) td { background: #fafbfd; }
.fp-figure { background: #fff; border: 1px solid var(--fp-border); border-radius: 10px; padding: 12px; overflow: auto; }
.fp-figure svg { display: block; margin: 0 auto; max-width: 100%; height: auto; }
details { margin: 10px 0; }
summary { cursor: pointer; color: var(--fp-accent); font-weight: 600; }
.fp-doc-foot { margin-top: 40px; font-size: 13px; color: var(--fp-muted); }
.fp-doc-note { color: var(--fp-muted); }
/* The diagram (the page's classes, web/src/page/page.css). */
.fp-diagram-svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.fp-node { --fp-node-c: #888; }
.fp-node-box { fill: #fff; stroke: #cfd6e1; stroke-width: 1.2; }
.fp-node-stripe { fill: var(--fp-node-c); }
.fp-node-type { font-size: 9.5px; font-weight: 750; letter-spacing: 0.07em; fill: var(--fp-node-c); }
.fp-node-title { font-size: 13.5px; font-weight: 650; fill: var(--fp-text); }
.fp-node-sub { font-size: 11.5px; fill: var(--fp-muted); }
.fp-node-note { font-size: 10.5px; font-weight: 700; fill: var(--fp-warn); }
.fp-node-entered, .fp-node-unvisited, .fp-badge, .fp-bp { display: none; }
.fp-node--send-email { --fp-node-c: var(--fp-c-email); }
.fp-node--send-sms { --fp-node-c: var(--fp-c-sms); }
.fp-node--send-push { --fp-node-c: var(--fp-c-push); }
.fp-node--send-ad-audience { --fp-node-c: var(--fp-c-ad-audience); }
.fp-node--send-webhook, .fp-node--send-other { --fp-node-c: var(--fp-c-webhook); }
.fp-node--wait { --fp-node-c: var(--fp-c-wait); }
.fp-node--branch { --fp-node-c: var(--fp-c-branch); }
.fp-node--split { --fp-node-c: var(--fp-c-split); }
.fp-node--update { --fp-node-c: var(--fp-c-update); }
.fp-node--exit { --fp-node-c: var(--fp-c-exit); }
.fp-node--exit .fp-node-box { fill: #f3f4f6; }
.fp-node--start { --fp-node-c: var(--fp-c-start); }
.fp-node--start .fp-node-box { fill: var(--fp-accent-soft); stroke: #b9c7ef; }
.fp-node--start .fp-node-type { fill: var(--fp-accent); }
.fp-node--unreachable .fp-node-box { stroke-dasharray: 5 4; stroke: var(--fp-warn); fill: #fbfbfb; }
.fp-node--on-path .fp-node-box { stroke: var(--fp-path); stroke-width: 2.5; fill: #fffaf2; }
.fp-edge { fill: none; stroke: #9aa5b5; stroke-width: 1.5; }
.fp-arrow { fill: #9aa5b5; }
.fp-arrow--hl { fill: var(--fp-path); }
.fp-edge--timeout, .fp-edge--else, .fp-edge--back { stroke-dasharray: 6 4; }
.fp-edge-label rect { fill: #fff; stroke: #d7dce5; }
.fp-edge-label text { font-size: 11px; fill: var(--fp-muted); font-weight: 600; }
.fp-edge--on-path .fp-edge { stroke: var(--fp-path); stroke-width: 3.5; stroke-dasharray: none; }
/* Message previews. */
.fp-previews { display: grid; gap: 18px; }
.fp-preview { background: #fff; border: 1px solid var(--fp-border); border-radius: 10px; padding: 14px 16px; }
.fp-preview h3 { margin-top: 0; }
.fp-preview dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 8px 0; font-size: 14px; }
.fp-preview dt { color: var(--fp-muted); }
.fp-preview dd { margin: 0; overflow-wrap: anywhere; }
.fp-preview iframe { display: block; width: 100%; max-width: 640px; height: 560px; border: 1px solid var(--fp-border);
  border-radius: 6px; background: #fff; }
.fp-sms { max-width: 320px; background: #e9e9eb; border-radius: 18px; padding: 10px 14px; white-space: pre-wrap;
  overflow-wrap: anywhere; }
.fp-push { max-width: 360px; background: #f2f2f7; border-radius: 14px; padding: 10px 14px; }
.fp-push strong { display: block; }
.fp-warnings { color: var(--fp-warn); font-size: 14px; }
@media print { body { background: #fff; } .fp-figure { break-inside: avoid; } }
)CSS";

std::string Esc(const std::string& text) { return EscapeMarkup(text); }

std::string Inlines(const Inline& spans) {
  std::string out;
  for (const Span& s : spans) {
    switch (s.style) {
      case Span::Style::kText: out += Esc(s.text); break;
      case Span::Style::kCode: out += "<code>" + Esc(s.text) + "</code>"; break;
      case Span::Style::kStrong: out += "<strong>" + Esc(s.text) + "</strong>"; break;
      case Span::Style::kEmphasis: out += "<em>" + Esc(s.text) + "</em>"; break;
    }
  }
  return out;
}

std::string PlainText(const Inline& spans) {
  std::string out;
  for (const Span& s : spans) out += s.text;
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A member as text: a string as it is, another value as JSON, absent or null as "".
std::string MemberText(const Json& v, const char* name) {
  if (!v.is_object()) return "";
  auto it = v.find(name);
  if (it == v.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : DumpJson(*it);
}

std::string Row(const char* name, const std::string& value) {
  return "<dt>" + std::string(name) + "</dt><dd>" + (value.empty() ? "<em>(empty)</em>" : Esc(value)) + "</dd>";
}

std::string Preview(const Json& p) {
  const Json empty = Json::object();
  const Json& message = p.is_object() && p.contains("message") && p["message"].is_object() ? p["message"] : empty;
  std::string channel = MemberText(p, "channel");
  if (channel.empty()) channel = MemberText(message, "channel");
  std::string out = "<section class=\"fp-preview\"><h3>" + Esc(words::ChannelWord(channel)) + " <code>" +
                    Esc(MemberText(p, "template")) + "</code> at <code>" + Esc(MemberText(p, "node")) + "</code>, " +
                    Esc(MemberText(p, "t")) + "</h3>";
  if (channel == "email") {
    out += "<dl>" + Row("From", MemberText(message, "from_name")) + Row("Subject", MemberText(message, "subject")) +
           Row("Preheader", MemberText(message, "preheader")) + "</dl>";
    std::string srcdoc = MemberText(p, "srcdoc");
    if (srcdoc.empty()) srcdoc = MemberText(message, "html");
    out += "<iframe sandbox=\"\" referrerpolicy=\"no-referrer\" title=\"" + Esc("Email " + MemberText(p, "template")) +
           "\" srcdoc=\"" + Esc(srcdoc) + "\"></iframe>";
  } else if (channel == "sms") {
    out += "<div class=\"fp-sms\">" + Esc(MemberText(message, "body")) + "</div><dl>" + Row("Encoding", MemberText(message, "encoding")) +
           Row("Segments", MemberText(message, "segments")) + "</dl>";
  } else if (channel == "push") {
    out += "<div class=\"fp-push\"><strong>" + Esc(MemberText(message, "title")) + "</strong>" + Esc(MemberText(message, "body")) +
           "</div><dl>" + Row("Deep link", MemberText(message, "deep_link")) + "</dl>";
  } else {
    Json shown = message;
    if (shown.is_object()) shown.erase("warnings");
    out += "<pre><code>" + Esc(shown.dump(2, ' ', false, Json::error_handler_t::replace)) + "</code></pre>";
  }
  if (message.contains("warnings") && message["warnings"].is_array() && !message["warnings"].empty()) {
    out += "<ul class=\"fp-warnings\">";
    for (const Json& w : message["warnings"]) out += "<li>" + Esc(w.is_string() ? w.get<std::string>() : DumpJson(w)) + "</li>";
    out += "</ul>";
  }
  return out + "</section>";
}

}  // namespace

bool IsPlainSvg(const std::string& svg) {
  std::string s = Lower(svg);
  if (s.rfind("<svg", 0) != 0) return false;
  if (s.size() < 6 || s.compare(s.size() - 6, 6, "</svg>") != 0) return false;
  for (const char* bad : {"<script", "<foreignobject", "javascript:", "href", "<iframe", "<image", "<use", "<a ",
                          "<a>", "url(http", "@import", "<!entity", "<style"}) {
    if (s.find(bad) != std::string::npos) return false;
  }
  // Event handler attributes: " on...=" anywhere in a tag.
  for (std::size_t at = s.find(" on"); at != std::string::npos; at = s.find(" on", at + 1)) {
    std::size_t i = at + 3;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    while (i < s.size() && s[i] == ' ') ++i;
    if (i < s.size() && s[i] == '=' ) {
      // Inside text ("… on = …") this is harmless, but a diagram never has it: refuse.
      return false;
    }
  }
  return true;
}

std::string RenderHtml(const Document& document, const HtmlOptions& options) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"" + std::string(kPolicy) + "\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"flowproof docs\">\n";
  out += "<title>" + Esc(document.title) + " · workflow documentation</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  out += "<div class=\"fp-doc\">\n";
  bool has_previews = options.previews.is_array() && !options.previews.empty();
  std::size_t i = 0;
  // The title block and its summary make the header, with a table of contents.
  out += "<header class=\"fp-doc-head\"><div class=\"fp-doc-brand\">Workflow documentation · flowproof</div>\n";
  if (i < document.blocks.size() && document.blocks[i].kind == Block::Kind::kHeading && document.blocks[i].level == 1) {
    out += "<h1 id=\"top\">" + Inlines(document.blocks[i].text) + "</h1>\n";
    ++i;
  }
  while (i < document.blocks.size() && document.blocks[i].kind == Block::Kind::kParagraph) {
    out += "<p>" + Inlines(document.blocks[i].text) + "</p>\n";
    ++i;
  }
  out += "<nav class=\"fp-toc\" aria-label=\"Contents\">";
  for (const Block& b : document.blocks)
    if (b.kind == Block::Kind::kHeading && b.level == 2)
      out += "<a href=\"#" + Esc(b.anchor) + "\">" + Esc(PlainText(b.text)) + "</a>";
  if (has_previews) out += "<a href=\"#messages\">Messages</a>";
  out += "</nav></header>\n<main>\n";
  for (; i < document.blocks.size(); ++i) {
    const Block& b = document.blocks[i];
    switch (b.kind) {
      case Block::Kind::kHeading: {
        int level = std::clamp(b.level, 1, 6);
        std::string tag = "h" + std::to_string(level);
        out += "<" + tag + (b.anchor.empty() ? "" : " id=\"" + Esc(b.anchor) + "\"") + ">" + Inlines(b.text) + "</" + tag + ">\n";
        break;
      }
      case Block::Kind::kParagraph:
        out += "<p>" + Inlines(b.text) + "</p>\n";
        break;
      case Block::Kind::kBullets:
      case Block::Kind::kNumbered: {
        std::string tag = b.kind == Block::Kind::kBullets ? "ul" : "ol";
        out += "<" + tag + ">\n";
        for (std::size_t k = 0; k < b.items.size(); ++k) {
          out += "<li>" + Inlines(b.items[k]);
          if (k < b.item_code.size() && !b.item_code[k].empty())
            out += "<pre><code>" + Esc(b.item_code[k]) + "</code></pre>";
          out += "</li>\n";
        }
        out += "</" + tag + ">\n";
        break;
      }
      case Block::Kind::kTable: {
        auto cls = [&](std::size_t c) { return c < b.align_right.size() && b.align_right[c] ? " class=\"num\"" : ""; };
        out += "<div class=\"fp-table-box\"><table>\n<thead><tr>";
        for (std::size_t c = 0; c < b.header.size(); ++c) out += std::string("<th") + cls(c) + ">" + Inlines(b.header[c]) + "</th>";
        out += "</tr></thead>\n<tbody>\n";
        for (const auto& row : b.rows) {
          out += "<tr>";
          for (std::size_t c = 0; c < row.size(); ++c) out += std::string("<td") + cls(c) + ">" + Inlines(row[c]) + "</td>";
          out += "</tr>\n";
        }
        out += "</tbody>\n</table></div>\n";
        break;
      }
      case Block::Kind::kCode:
        out += "<pre><code>" + Esc(b.code) + "</code></pre>\n";
        break;
      case Block::Kind::kDiagram: {
        std::string svg = !options.diagram_svg.empty() && IsPlainSvg(options.diagram_svg)
                              ? options.diagram_svg
                              : (document.workflow ? DiagramSvg(document.workflow->source) : "");
        out += "<figure class=\"fp-figure\">" + svg + "</figure>\n";
        out += "<details><summary>Mermaid source (GitHub and most Markdown viewers draw it)</summary><pre><code>" +
               Esc(b.code) + "</code></pre></details>\n";
        break;
      }
    }
  }
  if (has_previews) {
    out += "<h2 id=\"messages\">Messages for <code>" + Esc(options.preview_contact) + "</code></h2>\n";
    out += "<p>Every message the contact received in the run, rendered as sent. Email bodies are shown in sandboxed "
           "frames; images from elsewhere are not loaded, because this file loads nothing from elsewhere.</p>\n";
    out += "<div class=\"fp-previews\">\n";
    for (const Json& p : options.previews) out += Preview(p) + "\n";
    out += "</div>\n";
  }
  out += "</main>\n<footer class=\"fp-doc-foot\">Written by <code>flowproof docs</code>. This file is self-contained: "
         "it runs no script and loads nothing from elsewhere.</footer>\n</div>\n</body>\n</html>\n";
  return out;
}

}  // namespace flowproof::docs
