// Template analysis from the Liquid parser's tree (core/liquid/ast.h): what
// each template of a workflow reads, and whether it guards the read with a
// `default` filter. Drives `unknown_variable`; `flowproof docs` lists the
// variables of each template in its content inventory.
//
//   std::map<std::string, TemplateAnalysis> all = AnalyzeTemplates(workflow);
//   for (const VariableRead& v : all["welcome"].reads)
//     if (!v.defaulted) ...v.path ("contact.first_name"), v.field ("subject") ...
//
// Reads are followed into snippets ({% render 'footer' %}, {% include %}),
// attributed to the field that renders them. Names bound inside the
// template (assign, capture, for variables, increment) are not reads. A
// template whose field does not parse has no reads from that field (the
// validator reports the syntax error).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/base/channel.h"
#include "core/model/workflow.h"

namespace flowproof::lint {

struct VariableRead {
  std::string path;        // dotted, as written: "contact.first_name", "event.properties.total"
  std::string field;       // "subject", "html", "variants/1/body", "snippet footer"
  bool defaulted = false;  // every read of it in this field has `| default`
  int line = 0;            // in the field's text, 1-based (first read)
  int column = 0;
};

struct TemplateAnalysis {
  std::string name;
  Channel channel = Channel::kEmail;
  std::vector<VariableRead> reads;  // by field order, then first occurrence
  int variants = 0;                 // smart-content variants (0: none)
  // The subject (email), title (push), or first line of the body, as
  // written (Liquid source, not rendered).
  std::string headline;
};

TemplateAnalysis AnalyzeTemplate(const Workflow& workflow, const MessageTemplate& message_template);
std::map<std::string, TemplateAnalysis> AnalyzeTemplates(const Workflow& workflow);

}  // namespace flowproof::lint
