#include "core/api/diff_api.h"

#include <optional>

#include "core/api/envelope.h"
#include "core/diff/behaviour_diff.h"
#include "core/diff/structural_diff.h"
#include "core/diff/version_fixture.h"
#include "core/model/memory_file_loader.h"
#include "core/validate/validate_document.h"

namespace flowproof::api {
namespace {

// One of the documents, checked; its problems name it, so that the page can
// say which of the two (or the fixture) is wrong.
struct Checked {
  DocumentCheck check;
  std::optional<std::string> failure;  // the InvalidInput envelope
};

Checked CheckNamed(const std::string& text, DocumentKind kind, const DocumentOptions& base, const char* name) {
  DocumentOptions options = base;
  options.kind = kind;
  Checked out{ValidateDocumentText(text, options), std::nullopt};
  if (!out.check.ok()) {
    Problems problems = out.check.problems;
    for (Problem& p : problems) p.message = std::string(name) + ": " + p.message;
    out.failure = InvalidInput(problems);
  }
  return out;
}

}  // namespace

std::string Diff(const std::string& old_json, const std::string& new_json, const std::string& options_json) {
  return Guard([&]() -> std::string {
    Json options = Json::object();
    if (!options_json.empty()) {
      options = Json::parse(options_json, nullptr, false);
      if (!options.is_object()) {
        return Failure(failure_code::kInvalidArgument, "the options must be a JSON object {fixture, publishAt, files}");
      }
    }
    DocumentOptions base;
    if (options.contains("files") && options["files"].is_object()) base.loader = MemoryFileLoader(options["files"]);
    Checked old_doc = CheckNamed(old_json, DocumentKind::kDetect, base, "the older version");
    if (old_doc.failure) return *old_doc.failure;
    Checked new_doc = CheckNamed(new_json, DocumentKind::kDetect, base, "the newer version");
    if (new_doc.failure) return *new_doc.failure;
    PickedVersions versions = PickVersions({old_doc.check.workflow, old_doc.check.fixture}, {new_doc.check.workflow, new_doc.check.fixture});
    if (!versions.error.empty()) return Failure(failure_code::kInvalidInput, versions.error);
    std::shared_ptr<const Workflow> old_workflow = versions.old_workflow, new_workflow = versions.new_workflow;

    std::string fixture_text = StringOption(options, "fixture");
    std::string publish_text = StringOption(options, "publishAt");
    if (!publish_text.empty() && fixture_text.empty()) {
      return Failure(failure_code::kInvalidArgument, "'publishAt' needs 'fixture' (the contacts to publish under)");
    }
    std::shared_ptr<const Fixture> fixture;
    if (!fixture_text.empty()) {
      Checked fixture_doc = CheckNamed(fixture_text, DocumentKind::kFixture, base, "the fixture");
      if (fixture_doc.failure) return *fixture_doc.failure;
      fixture = fixture_doc.check.fixture;
    }
    BehaviourDiffOptions behaviour_options;
    if (!publish_text.empty()) {
      behaviour_options.publish_at = ParsePublishAt(publish_text, fixture->start);
      if (!behaviour_options.publish_at) {
        return Failure(failure_code::kInvalidArgument, "'publishAt' '" + publish_text +
                                                           "' is not a timestamp (\"2026-11-03T12:00:00Z\") or an offset from the clock start (\"+1d\")");
      }
    }

    StructuralDiff structural = DiffWorkflows(*old_workflow, *new_workflow);
    std::optional<BehaviourDiff> behaviour;
    if (fixture) {
      behaviour = DiffBehaviour(fixture, old_workflow, new_workflow, structural, behaviour_options);
      if (!behaviour->error.empty()) {
        return Failure(failure_code::kInvalidInput, (behaviour->error_in_fixture ? "the fixture: " : "") + behaviour->error);
      }
    }
    Json result = DiffResultJson(structural, behaviour ? &*behaviour : nullptr);
    Json changes = Json::array();
    for (const ChangeInWords& change : DescribeChanges(structural, *old_workflow, *new_workflow)) {
      changes.push_back({{"line", change.line}, {"detail", change.detail}});
    }
    result["changes"] = std::move(changes);
    result["differs"] = fixture ? behaviour->differs() : !structural.empty();
    return Ok(result);
  });
}

}  // namespace flowproof::api
