// `flowproof docs WORKFLOW.json|FIXTURE.json [--since OLD.json] [--format md|html]`
// (FORMAT.md v1.1): the workflow's documentation on stdout.
#include <ostream>

#include "core/cli/cli_support.h"
#include "core/docs/document.h"
#include "core/docs/html.h"
#include "core/docs/markdown.h"
#include "core/validate/validate_document.h"

namespace flowproof::cli {
namespace {

constexpr const char* kDocsUsage =
    "usage: flowproof docs WORKFLOW.json|FIXTURE.json [--since OLD.json] [--format md|html]\n";

struct Loaded {
  DocumentCheck check;
  bool embedded = false;  // a fixture that holds its workflow (lint points into /workflow)
};

// Reads and checks a workflow or fixture; prints its problems ("PATH: POINTER: message").
std::optional<Loaded> Load(const std::string& path, std::ostream& err) {
  std::optional<CheckedDocument> checked = CheckDocumentFile(path, DocumentKind::kDetect, err);
  if (!checked) return std::nullopt;
  bool embedded = checked->check.kind == DocumentKind::kFixture && checked->doc["workflow"].is_object();
  return Loaded{std::move(checked->check), embedded};
}

}  // namespace

int Docs(const Args& args, std::ostream& out, std::ostream& err) {
  ParsedArgs parsed;
  if (!ParseArgs(args, {"since", "format"}, {}, &parsed, err)) return kInvalidInput;
  if (parsed.positional.size() != 1) {
    err << kDocsUsage;
    return kInvalidInput;
  }
  const std::string* format = parsed.Option("format");
  std::string fmt = format ? *format : "md";
  if (fmt != "md" && fmt != "html") {
    err << "flowproof docs: --format must be md or html, not '" << fmt << "'\n" << kDocsUsage;
    return kInvalidInput;
  }
  const std::string& path = parsed.positional[0];
  std::optional<Loaded> current = Load(path, err);
  if (!current) return kInvalidInput;
  std::optional<Loaded> old;
  const std::string* since = parsed.Option("since");
  if (since) {
    old = Load(*since, err);
    if (!old) return kInvalidInput;
  }
  docs::DocsInput input;
  input.workflow = current->check.checked_workflow().get();
  if (current->check.kind == DocumentKind::kFixture) input.fixture = current->check.fixture.get();
  if (current->embedded) input.pointer_prefix = "/workflow";
  if (old) {
    input.since = old->check.checked_workflow().get();
    input.since_name = *since;
  }
  docs::Document document = docs::BuildDocument(input);
  if (fmt == "html") out << docs::RenderHtml(document, docs::HtmlOptions{});
  else out << docs::RenderMarkdown(document);
  return kOk;
}

}  // namespace flowproof::cli
