// The documentation as one self-contained HTML file: inline CSS, the
// diagram drawn as inline SVG (svg_diagram.h, or the page's own drawing),
// the Mermaid source as code, and nothing that loads from elsewhere: no
// script, no external style, font, image or frame source. A Content Security
// Policy in the file (default-src 'none'; inline styles; data: images) holds
// it to that even for the message previews.
//
//   std::string html = RenderHtml(BuildDocument(input), HtmlOptions{});
//
// With previews (the page's "Export documentation"): each rendered message
// of one contact in its own section, email HTML only inside a sandboxed
// frame (sandbox="", no scripts, an opaque origin) through srcdoc, every
// other field as text. Remote images in an email are not loaded (the
// policy forbids it), which the section says.
#pragma once

#include <string>

#include "core/base/json.h"
#include "core/docs/document.h"

namespace flowproof::docs {

struct HtmlOptions {
  // The page's own diagram, serialised by the page (an <svg> element drawn
  // with text nodes only). Used as given when it is an <svg> element with
  // no script, event handler, foreign object or link in it; otherwise, and
  // when empty, the diagram is drawn here.
  std::string diagram_svg;
  // The contact whose messages `previews` holds ("" with no previews).
  std::string preview_contact;
  // An array of rendered messages, as the page keeps them:
  // [{ "t": ISO, "node": ID, "template": NAME, "channel": C,
  //    "message": { channel fields, "warnings": [...] },
  //    "srcdoc": the email's frame document (optional; else message.html) }].
  // Anything else (null) means no preview section.
  Json previews;
};

// The whole file, starting with <!DOCTYPE html>. Never throws.
std::string RenderHtml(const Document& document, const HtmlOptions& options);

// Whether `svg` may be embedded as the diagram (see HtmlOptions).
bool IsPlainSvg(const std::string& svg);

}  // namespace flowproof::docs
