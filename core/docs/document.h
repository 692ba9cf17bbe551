// `flowproof docs`: a workflow's documentation (FORMAT.md v1.1, "`flowproof
// docs`"), built once as a tree of blocks and written as Markdown
// (markdown.h) or as one self-contained HTML file (html.h), so both formats
// always say the same.
//
//   DocsInput input;
//   input.workflow = &workflow;              // parsed and valid
//   input.fixture = fixture.get();           // optional: contacts for lint
//   input.since = &old_workflow;             // optional: the change log
//   input.since_name = "v1/workflow.json";
//   Document doc = BuildDocument(input);
//   std::cout << RenderMarkdown(doc);
//
// Sections, in order: the title and a one-line summary; the diagram (a
// Mermaid flowchart); entry (triggers, audience, re-enrolment); exit (goal,
// time limit, exit events, exit steps); settings (quiet hours, frequency
// cap); every step in reading order, with every branch and variant in
// words; the timing table (earliest and latest time from enrolment to each
// step, core/lint/timing.h); the content inventory (each template: channel,
// subject or first line, variables read, variants, lint findings); every
// lint finding; with `since`, the change log (core/diff). The words are
// the page's (core/words/page_words.h), conditions unclipped.
//
// All text in the tree is plain text: the writers escape it for their
// format, so nothing a workflow holds can become markup.
#pragma once

#include <string>
#include <vector>

#include "core/model/fixture.h"
#include "core/model/workflow.h"

namespace flowproof::docs {

// A run of inline text in one style.
struct Span {
  enum class Style { kText, kCode, kStrong, kEmphasis };
  Style style = Style::kText;
  std::string text;
};
using Inline = std::vector<Span>;

Span Text(std::string text);
Span Code(std::string text);
Span Strong(std::string text);
Span Emphasis(std::string text);

struct Block {
  enum class Kind {
    kHeading,    // level, text, anchor
    kParagraph,  // text
    kBullets,    // items (each item's text; `nested` code under it, if any)
    kNumbered,   // items
    kTable,      // header, rows, align_right (per column)
    kCode,       // language, code
    kDiagram,    // code = the Mermaid source (HTML adds a drawn SVG)
  };
  Kind kind = Kind::kParagraph;
  int level = 0;
  std::string anchor;  // headings: a stable id ("timing")
  Inline text;
  std::vector<Inline> items;
  std::vector<std::string> item_code;  // kBullets: a ```diff block under item i when non-empty
  std::vector<Inline> header;
  std::vector<std::vector<Inline>> rows;
  std::vector<bool> align_right;
  std::string language;
  std::string code;
};

struct Document {
  std::string title;           // the workflow's name, else its id
  std::string workflow_id;
  std::vector<Block> blocks;   // the title heading first
  std::string mermaid;         // the flowchart source (also in a kDiagram block)
  const Workflow* workflow = nullptr;  // for the HTML writer's drawn diagram
};

struct DocsInput {
  const Workflow* workflow = nullptr;  // required: parsed, valid
  const Fixture* fixture = nullptr;    // optional: lint knows the contacts
  const Workflow* since = nullptr;     // optional: the older version
  std::string since_name;              // how the user named it ("old.json")
  // Lint's pointers into a fixture's embedded workflow ("/workflow").
  std::string pointer_prefix;
};

// Builds the document. Never throws for a parsed workflow.
Document BuildDocument(const DocsInput& input);

}  // namespace flowproof::docs
