#include "core/diff/version_fixture.h"

#include <cstddef>
#include <vector>

#include "core/base/json_pointer.h"
#include "core/diff/structural_diff.h"

namespace flowproof {
namespace {

// "'a', 'b'": workflow ids as the messages list them.
std::string QuotedIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "'" : ", '") + id + "'";
  return out;
}

std::string WorkflowIds(const Fixture& fixture) {
  std::vector<std::string> ids;
  for (const auto& workflow : fixture.workflows) ids.push_back(workflow->id);
  return QuotedIds(ids);
}

// The place of the portfolio's workflow `id` in fixture.workflows, or
// fixture.workflows.size() when it has none.
std::size_t WorkflowIndex(const Fixture& fixture, const std::string& id) {
  std::size_t i = 0;
  while (i < fixture.workflows.size() && fixture.workflows[i]->id != id) ++i;
  return i;
}

// Two versions of one portfolio: the workflow that changed between them.
PickedVersions OneChangedWorkflow(const Fixture& older, const Fixture& newer) {
  const std::string ids_old = WorkflowIds(older), ids_new = WorkflowIds(newer);
  if (ids_old != ids_new) {
    return {nullptr, nullptr,
            "the two portfolio fixtures have different workflows (" + ids_old + " and " + ids_new +
                "): diff compares two versions of one workflow; give the older version of the one that changed (its workflow file)"};
  }
  std::vector<std::size_t> changed;
  for (std::size_t i = 0; i < older.workflows.size(); ++i) {
    if (!DiffWorkflows(*older.workflows[i], *newer.workflows[i]).empty()) changed.push_back(i);
  }
  if (changed.size() > 1) {
    std::vector<std::string> changed_ids;
    for (std::size_t i : changed) changed_ids.push_back(newer.workflows[i]->id);
    return {nullptr, nullptr,
            "both versions are portfolio fixtures and more than one of their workflows changed (" + QuotedIds(changed_ids) +
                "): diff compares two versions of one workflow; compare them one at a time (each workflow's older file)"};
  }
  std::size_t i = changed.empty() ? 0 : changed[0];  // none changed: any one shows that nothing differs
  return {older.workflows[i], newer.workflows[i], ""};
}

}  // namespace

VersionFixture FixtureWithVersion(const Fixture& fixture, const std::shared_ptr<const Workflow>& version,
                                  const std::string& which) {
  auto copy = std::make_shared<Fixture>(fixture);
  copy->expectations.clear();
  if (!fixture.is_portfolio()) {
    copy->workflow = version;
    return {std::move(copy), ""};
  }
  const std::size_t replaced = WorkflowIndex(fixture, version->id);
  if (replaced == fixture.workflows.size()) {
    return {nullptr, which + ": its id '" + version->id + "' is none of the portfolio's workflows (" + WorkflowIds(fixture) +
                         "); a portfolio names its workflows by id, so both versions keep the id of the one they edit"};
  }
  for (const Node& node : version->nodes) {
    if (node.type != NodeType::kEnroll && node.type != NodeType::kUnenroll) continue;
    if (WorkflowIndex(fixture, node.target_workflow) < fixture.workflows.size()) continue;
    return {nullptr, which + ": /nodes/" + PointerToken(node.id) + "/workflow: " + NodeTypeName(node.type) + " node '" + node.id +
                         "' names workflow '" + node.target_workflow + "', which is not in the portfolio (it has " +
                         WorkflowIds(fixture) + ")"};
  }
  copy->workflows[replaced] = version;
  if (replaced == 0) copy->workflow = version;  // a portfolio's `workflow` is its first (core/model/fixture.h)
  return {std::move(copy), ""};
}

PickedVersions PickVersions(const VersionDocument& old_doc, const VersionDocument& new_doc) {
  auto portfolio = [](const VersionDocument& doc) { return doc.fixture != nullptr && doc.fixture->is_portfolio(); };
  auto own = [](const VersionDocument& doc) { return doc.fixture != nullptr ? doc.fixture->workflow : doc.workflow; };
  if (portfolio(old_doc) && portfolio(new_doc)) return OneChangedWorkflow(*old_doc.fixture, *new_doc.fixture);
  // The portfolio's workflow of the other version's id.
  auto in_portfolio = [](const VersionDocument& doc, const std::string& id, const std::string& which, std::string* error) {
    const Fixture& portfolio = *doc.fixture;
    const std::size_t i = WorkflowIndex(portfolio, id);
    if (i < portfolio.workflows.size()) return portfolio.workflows[i];
    *error = which + ": the portfolio has no workflow '" + id + "' (it has " + WorkflowIds(portfolio) +
             "); a portfolio stands for its workflow of the other version's id";
    return std::shared_ptr<const Workflow>();
  };
  PickedVersions out;
  out.old_workflow = own(old_doc);
  out.new_workflow = own(new_doc);
  if (portfolio(old_doc)) out.old_workflow = in_portfolio(old_doc, out.new_workflow->id, "the older version", &out.error);
  if (portfolio(new_doc)) out.new_workflow = in_portfolio(new_doc, out.old_workflow->id, "the newer version", &out.error);
  if (!out.error.empty()) out.old_workflow = out.new_workflow = nullptr;
  return out;
}

}  // namespace flowproof
