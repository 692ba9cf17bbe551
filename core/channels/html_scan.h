// A small, forgiving HTML tokenizer for the checks and conversions that
// flowproof applies to rendered email HTML (html_to_text.h, email_checks.h).
//
// It is not a tree builder: it reports tags, text and comments in document
// order, the way email linters scan messages. It accepts anything (unclosed
// tags, stray '<', attributes without quotes, conditional comments
// "<!--[if mso]>...<![endif]-->", which are comments), runs in one linear pass
// and never fails. The content of <script> and <style> is returned as one raw
// text token (a "</p>" inside a script is not a tag).
//
//   for (const HtmlToken& t : TokenizeHtml(html)) {
//     if (t.kind == HtmlToken::kStartTag && t.name == "img" && !t.Attribute("alt")) ...
//   }
//   DecodeHtmlEntities("Fish &amp; chips &#8211; &euro;5");  // "Fish & chips – €5"
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flowproof::channels {

struct HtmlToken {
  enum Kind { kText, kStartTag, kEndTag, kComment, kDeclaration };
  Kind kind = kText;
  // kText: the raw text (entities not decoded). kComment: the comment body.
  // kDeclaration: what is between "<!" or "<?" and ">".
  std::string_view text;
  // kStartTag / kEndTag: the tag name, lower-case ASCII.
  std::string name;
  // kStartTag: attributes in order, names lower-case, values with entities
  // decoded. An attribute written without a value has value "".
  std::vector<std::pair<std::string, std::string>> attributes;
  bool self_closing = false;  // kStartTag written "<br/>"
  bool raw = false;           // kText inside <script> or <style>
  std::size_t offset = 0;     // byte offset of the token in the input

  // The first attribute called `name` (lower-case), or null when absent.
  const std::string* Attribute(std::string_view name) const;
};

// Splits `html` into tokens (see the overview). Never fails; the tokens' text
// views point into `html`, which must outlive them.
std::vector<HtmlToken> TokenizeHtml(std::string_view html);

// Decodes character references: the HTML 4 named entities for Latin-1
// (&nbsp; .. &yuml;), the common typographic ones (&mdash; &rsquo; &hellip;
// &euro; &trade; &bull; &zwnj; ...), &amp; &lt; &gt; &quot; &apos;, and numeric
// references (&#8217; &#x2019;; 0x80-0x9F mapped as Windows-1252, as browsers
// do; 0, surrogates and values past U+10FFFF become U+FFFD). Unknown or
// malformed references are left as written. The result is valid UTF-8 when
// the input is (ill-formed input bytes pass through unchanged).
std::string DecodeHtmlEntities(std::string_view text);

// ASCII case-insensitive substring search.
bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle);

// ASCII lower-case copy.
std::string AsciiLower(std::string_view text);

}  // namespace flowproof::channels
