// The documentation as GitHub-flavoured Markdown (document.h builds it).
//
//   std::string md = RenderMarkdown(BuildDocument(input));
//
// Every plain-text span is escaped (backslash before Markdown's punctuation,
// line breaks folded into spaces), code spans are fenced with more
// backticks than they hold, table cells escape '|', and fenced blocks use a
// fence longer than any run of backticks inside, so text from a workflow
// can never become a link, an image, HTML or a table cell of its own. The
// diagram is a ```mermaid block, which GitHub draws as is. The output ends
// with one newline and is the same bytes on every platform.
#pragma once

#include <string>

#include "core/docs/document.h"

namespace flowproof::docs {

std::string RenderMarkdown(const Document& document);

// One plain-text span escaped for Markdown (exposed for tests).
std::string EscapeMarkdownText(const std::string& text);

}  // namespace flowproof::docs
