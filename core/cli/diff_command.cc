// `flowproof diff OLD.json NEW.json [--fixture FIXTURE.json] [--publish-at T]
// [--format text|json|md]` (FORMAT.md v1.1): what changed between two
// versions, and with a fixture what that does to its contacts.
#include <ostream>

#include "core/base/json_dump.h"
#include "core/cli/cli_support.h"
#include "core/diff/behaviour_diff.h"
#include "core/diff/cohort_diff.h"
#include "core/diff/structural_diff.h"
#include "core/diff/version_fixture.h"
#include "core/validate/validate_document.h"

namespace flowproof::cli {
namespace {

// A workflow file or a fixture (core/diff/version_fixture.h, PickVersions),
// parsed and valid; prints every problem with the file named.
std::optional<VersionDocument> LoadVersion(const std::string& path, std::ostream& err) {
  std::optional<CheckedDocument> checked = CheckDocumentFile(path, DocumentKind::kDetect, err);
  if (!checked) return std::nullopt;
  return VersionDocument{checked->check.workflow, checked->check.fixture};
}

std::shared_ptr<const Fixture> LoadFixture(const std::string& path, std::ostream& err) {
  std::optional<CheckedDocument> checked = CheckDocumentFile(path, DocumentKind::kFixture, err);
  return checked ? checked->check.fixture : nullptr;
}

std::string Line(const Json& line) { return line.is_null() ? "(trace ended)" : DumpJson(line); }

// "welcome_email", or in a portfolio "welcome_email of welcome" (two
// workflows may each have a template of that name).
std::string TemplateOf(const Json& message) {
  std::string name = message["template"].get<std::string>();
  return message.contains("workflow") ? name + " of " + message["workflow"].get<std::string>() : name;
}

void PrintBehaviourText(const BehaviourDiff& behaviour, bool markdown, std::ostream& out) {
  if (!behaviour.publish.is_null()) {
    out << (markdown ? "\n## Published at " : "\nPublished at ") << behaviour.publish["at"].get<std::string>() << "\n";
    if (markdown) out << "\n";
    if (behaviour.publish["migrated"].empty()) out << (markdown ? "- " : "  ") << "no contact was inside the workflow\n";
    for (const Json& m : behaviour.publish["migrated"]) {
      out << (markdown ? "- " : "  ") << m["contact"].get<std::string>() << " at " << m["node"].get<std::string>() << ": ";
      std::string rule = m["rule"].get<std::string>();
      if (rule == "node_removed") out << "exited (node_removed)";
      else if (rule == "renamed") out << "stays, now at " << m["to"].get<std::string>();
      else if (rule == "restarted") out << "the node's type changed: entered afresh";
      else if (rule == "released") out << "the split has no winner any more: takes a variant by weight";
      else if (rule == "winner_recomputed") out << "held for the winner test: decision " << Line(m["until"][0]) << " → " << Line(m["until"][1]);
      else if (rule == "wait_recomputed") out << "wait recomputed from " << m.value("entered", "?") << ": until " << Line(m["until"][0]) << " → " << Line(m["until"][1]);
      else out << "stays";
      out << "\n";
    }
  }
  out << (markdown ? "\n## Contacts whose run differs\n\n" : "\nContacts whose run differs:\n");
  if (behaviour.contacts.empty()) out << (markdown ? "- " : "  ") << "none\n";
  for (const Json& c : behaviour.contacts) {
    const std::string bullet = markdown ? "- " : "  ";
    const std::string indent = markdown ? "  - " : "    ";
    out << bullet << c["contact"].get<std::string>() << ": first difference at " << c["t"].get<std::string>() << "\n";
    out << indent << "old: " << (markdown ? "`" : "") << Line(c["old"]) << (markdown ? "`" : "") << "\n";
    out << indent << "new: " << (markdown ? "`" : "") << Line(c["new"]) << (markdown ? "`" : "") << "\n";
    const Json& messages = c["messages"];
    for (const Json& m : messages["gained"]) out << indent << "gained " << TemplateOf(m) << " at " << m["t"].get<std::string>() << "\n";
    for (const Json& m : messages["lost"]) out << indent << "lost " << TemplateOf(m) << " (was at " << m["t"].get<std::string>() << ")\n";
    for (const Json& m : messages["changed"]) {
      out << indent << "changed " << TemplateOf(m);
      if (m["t"][0] != m["t"][1]) out << ": " << m["t"][0].get<std::string>() << " → " << m["t"][1].get<std::string>();
      out << "\n";
      for (auto it = m["diff"].begin(); it != m["diff"].end(); ++it) {
        out << indent << "  " << it.key() << ":\n";
        for (const Json& line : it.value()) out << indent << "    " << line.get<std::string>() << "\n";
      }
    }
  }
}

}  // namespace

int Diff(const Args& args, std::ostream& out, std::ostream& err) {
  ParsedArgs parsed;
  if (!ParseArgs(args, {"fixture", "publish-at", "format"}, {}, &parsed, err)) return kInvalidInput;
  const std::string* format = parsed.Option("format");
  std::string fmt = format ? *format : "text";
  if (parsed.positional.size() != 2 || (fmt != "text" && fmt != "json" && fmt != "md")) {
    err << "usage: flowproof diff OLD.json NEW.json [--fixture FIXTURE.json] [--publish-at T] [--format text|json|md]\n";
    return kInvalidInput;
  }
  std::optional<VersionDocument> old_doc = LoadVersion(parsed.positional[0], err);
  std::optional<VersionDocument> new_doc = LoadVersion(parsed.positional[1], err);
  if (!old_doc || !new_doc) return kInvalidInput;
  PickedVersions versions = PickVersions(*old_doc, *new_doc);
  if (!versions.error.empty()) {
    err << "flowproof diff: " << versions.error << "\n";
    return kInvalidInput;
  }
  std::shared_ptr<const Workflow> old_workflow = versions.old_workflow, new_workflow = versions.new_workflow;
  const std::string* fixture_path = parsed.Option("fixture");
  const std::string* publish_text = parsed.Option("publish-at");
  if (publish_text && !fixture_path) {
    err << "flowproof diff: --publish-at needs --fixture (the contacts to publish under)\n";
    return kInvalidInput;
  }
  std::shared_ptr<const Fixture> fixture;
  if (fixture_path) {
    fixture = LoadFixture(*fixture_path, err);
    if (!fixture) return kInvalidInput;
  }
  BehaviourDiffOptions options;
  if (publish_text) {
    std::optional<Instant> at = ParsePublishAt(*publish_text, fixture->start);
    if (!at) {
      err << "flowproof diff: --publish-at '" << *publish_text
          << "' is not a timestamp (\"2026-11-03T12:00:00Z\") or an offset from the clock start (\"+1d\")\n";
      return kInvalidInput;
    }
    options.publish_at = at;
  }

  StructuralDiff structural = DiffWorkflows(*old_workflow, *new_workflow);
  for (const Json& warning : structural.json["warnings"]) err << "warning: " << warning.get<std::string>() << "\n";
  std::optional<BehaviourDiff> behaviour;
  if (fixture) {
    behaviour = DiffBehaviour(fixture, old_workflow, new_workflow, structural, options);
    if (!behaviour->error.empty()) {
      err << (behaviour->error_in_fixture ? *fixture_path : std::string("flowproof diff")) << ": " << behaviour->error << "\n";
      return kInvalidInput;
    }
  }
  // FORMAT.md: with a fixture, what counts is behaviour (a structural change
  // that no contact feels, a renamed node say, is still printed).
  bool differs = fixture ? behaviour->differs() : !structural.empty();

  if (fmt == "json") {
    Json result = DiffResultJson(structural, behaviour ? &*behaviour : nullptr);
    out << result.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  } else {
    std::vector<ChangeInWords> changes = DescribeChanges(structural, *old_workflow, *new_workflow);
    if (fmt == "md") {
      out << "# Changes from " << parsed.positional[0] << " to " << parsed.positional[1] << "\n\n";
      out << (changes.empty() ? std::string("No structural change.\n") : FormatChangesMarkdown(changes));
    } else {
      out << (changes.empty() ? std::string("No structural change.\n") : FormatChangesText(changes));
    }
    if (behaviour) PrintBehaviourText(*behaviour, fmt == "md", out);
    if (behaviour) out << CohortText(behaviour->forecast, fmt == "md");
  }
  return differs ? kProblems : kOk;
}

}  // namespace flowproof::cli
