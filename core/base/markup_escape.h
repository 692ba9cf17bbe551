// Text made safe inside HTML, SVG and XML documents the core writes (the
// docs command's pages and diagrams, the forecast's HTML report).
//
//   EscapeMarkup("Tom & \"Jerry\" <3");   // "Tom &amp; &quot;Jerry&quot; &lt;3"
//
// For element text and for attribute values in double or single quotes.
// Control characters other than tab and line feed, which XML 1.0 has no
// place for, become spaces. (JUnit reports have stricter needs of their own:
// core/expect/xml_escape.h.)
#pragma once

#include <string>
#include <string_view>

namespace flowproof {

std::string EscapeMarkup(std::string_view text);

}  // namespace flowproof
