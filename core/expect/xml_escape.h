// Text made safe for XML 1.0 (JUnit reports).
//
//   XmlEscape("a < b & \"c\"\x01");   // "a &lt; b &amp; &quot;c&quot;\\u0001"
//
// XML 1.0 cannot carry most control characters at all, not even as character
// references, so they are written as visible "\uXXXX" text; invalid UTF-8
// bytes and the non-characters U+FFFE and U+FFFF become U+FFFD. Tab, line
// feed and carriage return are kept (in attributes they are written as
// character references so that parsers do not normalise them away).
#pragma once

#include <string>
#include <string_view>

namespace flowproof {

// Escapes `text` for element content (`attribute` false) or for a
// double-quoted attribute value (`attribute` true). Never fails.
std::string XmlEscape(std::string_view text, bool attribute = false);

}  // namespace flowproof
