// The plain-text alternative of an HTML email, made the way ESPs make it when
// the template gives no `text` (FORMAT.md: "made from html when absent").
//
// Rules, in the spirit of html2text / the npm html-to-text package:
// - <head>, <title>, <style>, <script>, <template> and comments (including
//   Outlook's conditional comments) are dropped;
// - block elements (p, div, h1-h6, table rows, lists, blockquote, ...) start
//   and end lines; p, headings, lists, blockquote, pre and tables are set off
//   by a blank line; <br> is a line break; <hr> a line of ten '-';
// - <li> starts a line with "- " (unordered) or "1. " (ordered), indented two
//   spaces per nesting level; table cells are separated by a space;
// - links become "text (url)" unless the text already is the URL (ignoring
//   "mailto:"/"tel:", a scheme "http(s)://" and a trailing '/'); a link with no
//   text becomes its URL; "#anchor" and "javascript:" links keep only their text;
// - images become their alt text (nothing when it is empty or missing);
// - character references are decoded (html_scan.h); whitespace runs collapse
//   to one space, except inside <pre>; &nbsp; counts as whitespace, and the
//   invisible padding of preheader hacks (&zwnj;, U+200B, soft hyphen, U+034F)
//   is removed;
// - lines are trimmed and at most 2 consecutive blank lines are kept; the
//   result has no leading or trailing blank lines and no final newline.
// Elements hidden with CSS (display:none preheaders) are kept, as most
// converters do. Linear in the input; output is valid UTF-8 (ill-formed input
// bytes become U+FFFD).
//
//   HtmlToText("<h1>Hi Ana</h1><p>See <a href=\"https://x.io\">our sale</a></p>");
//   // "Hi Ana\n\nSee our sale (https://x.io)"
#pragma once

#include <string>
#include <string_view>

namespace flowproof::channels {

// Converts `html` to readable plain text by the rules above. Never fails.
std::string HtmlToText(std::string_view html);

}  // namespace flowproof::channels
