// The shared machinery of the platform converters: one ImportContext per
// conversion collects the workflow being built (nodes, templates, top-level
// fields), hands out unique node and template ids, resolves opaque ids
// through the names map, records losses and problems located in the input,
// and at the end (Finish) checks the graph and validates the result.
//
//   ImportContext ctx(Platform::kDittofeed, names);
//   std::string send = ctx.ReserveNodeId("send welcome");       // "send_welcome"
//   std::string done = ctx.ReserveNodeId("exit");
//   std::string tpl = ctx.AddTemplate("welcome", {{"channel", "email"}, {"subject", "Hi"}, {"html", "<p>Hi</p>"}});
//   ctx.SetNode(send, {{"type", "send"}, {"channel", "email"}, {"template", tpl}, {"next", done}}, "/journey/definition/nodes/0");
//   ctx.SetNode(done, {{"type", "exit"}}, "/journey/definition/exitNode");
//   ctx.workflow()["id"] = "welcome";          // id, name, entry, exit, settings, timezone...
//   ctx.AddLoss("/journey/definition/nodes/3", "a webhook node has no flowproof twin; it was left out");
//   return ctx.Finish(send);
//
// Finish fills "format", "nodes", "templates" and "start"; then, in order:
//   - a `next`-like field (next, else, on_timeout, branches[].next,
//     variants[].next) naming a node that was never set is a problem
//     bad_reference at the input pointer of the node that names it (a
//     converter should report dangling links itself, with a better pointer);
//   - a cycle of nodes none of which takes time (wait, wait_event,
//     wait_until) is a problem loop_without_wait at the input pointer of one
//     of its nodes;
//   - the workflow is validated (ValidateDocument as a workflow); a problem
//     there is a bug in the converter and becomes one internal_error problem
//     listing what failed, never an invalid workflow handed to the user.
// Once a problem was added, Finish returns the problems and no workflow.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/json.h"
#include "core/base/problem.h"
#include "core/import/import.h"

namespace flowproof {

// The footer of a placeholder email: the platforms put an unsubscribe link in
// every marketing email (Klaviyo refuses to send a template without one;
// HubSpot adds its footer), so a stand-in has one too, and its absence is not
// reported as a finding about the user's message. A placeholder SMS ends with
// the opt-out instruction the platforms append for the same reason.
inline constexpr char kPlaceholderEmailFooter[] =
    "<p><a href=\"https://example.invalid/unsubscribe\">Unsubscribe</a></p>";
inline constexpr char kPlaceholderSmsOptOut[] = " Reply STOP to opt out.";

class ImportContext {
 public:
  ImportContext(Platform platform, const NamesMap& names);

  Platform platform() const { return platform_; }

  // The workflow's top-level fields other than format/nodes/templates/start
  // ("id", "name", "timezone", "entry", "exit", "settings", "snippets"), set
  // by the converter directly. Finish sets "id" to "imported" if it is
  // missing and "entry" to {"triggers": []} if it is missing.
  Json& workflow() { return workflow_; }

  // --- Reporting -------------------------------------------------------
  // A part of the input not carried over exactly; `input_pointer` points
  // INTO THE INPUT. Losses are kept in the order added; an identical
  // (pointer, message) pair is kept once.
  void AddLoss(std::string input_pointer, std::string message);
  // Input that cannot be converted; Finish then returns no workflow.
  // `code` is one of problem_code::k* (wrong_format, wrong_type,
  // missing_field, unknown_value, bad_reference, loop_without_wait, ...).
  void AddProblem(std::string input_pointer, std::string message, const char* code);
  bool has_problems() const { return !problems_.empty(); }

  // --- Ids ---------------------------------------------------------------
  // A node id not used before, made from `wanted`: lower-cased, every run of
  // characters other than [a-z0-9_] becomes one '_', trimmed of '_', at most
  // 48 bytes; "node" when nothing is left; a taken id gets "_2", "_3", ...
  // The id is reserved (not returned again) but the node is not set yet.
  std::string ReserveNodeId(std::string_view wanted);
  // Sets (or replaces) node `id`, converted from the input at `input_pointer`
  // (used to locate graph problems found by Finish).
  void SetNode(const std::string& id, Json node, std::string input_pointer);
  bool HasNode(const std::string& id) const { return nodes_.contains(id); }
  Json& node(const std::string& id) { return nodes_[id]; }
  // Reserves and sets an exit node in one step; returns its id.
  std::string AddExitNode(std::string_view wanted, std::string reason, std::string input_pointer);

  // Adds a template under a unique name made from `wanted` (same rules as
  // node ids, "template" when nothing is left) and returns that name.
  std::string AddTemplate(std::string_view wanted, Json tmpl);
  // A template standing in for content the export does not hold (an opaque
  // template or content id): named for the id (or its --names name), with
  // text saying so ("Placeholder for <platform> template <id>", also as the
  // email's preheader, and the footer / opt-out above), for
  // `channel` ("email", "sms", "push", "webhook", "ad_audience"). Reports
  // the loss at `input_pointer`. Calling it twice for the same (id, channel)
  // returns the same template.
  std::string PlaceholderTemplate(std::string_view opaque_id, std::string_view channel, const std::string& input_pointer);

  // `liquid` itself when it parses as flowproof's Liquid and renders no
  // snippet; otherwise the text kept literally (inside `{% raw %}`, so it
  // still parses) and a loss at `input_pointer` saying why.
  std::string CheckedLiquid(std::string_view liquid, const std::string& input_pointer);

  // --- Names -------------------------------------------------------------
  // The name of opaque id `id` (what: "metric", "list", "segment",
  // "template", "content", ... used in the loss message): the names map's
  // entry when there is one, else `id` itself. Either way the id is
  // reported as a loss at `input_pointer` (FORMAT.md: "each such id is
  // reported as a loss"), saying which name was used.
  std::string NameForId(std::string_view id, std::string_view what, const std::string& input_pointer);
  const NamesMap& names() const { return names_; }

  // --- The end -----------------------------------------------------------
  // Assembles, checks and validates the workflow as described above.
  ImportResult Finish(const std::string& start);

 private:
  std::string UniqueId(std::string_view wanted, std::string_view fallback, std::set<std::string>& taken);

  Platform platform_;
  const NamesMap& names_;
  Json workflow_ = Json::object();
  std::map<std::string, Json> nodes_;
  std::map<std::string, std::string> node_pointer_;  // node id -> input pointer
  std::set<std::string> node_ids_;
  Json templates_ = Json::object();
  std::set<std::string> template_ids_;
  std::map<std::string, std::string> placeholders_;  // channel + '\n' + id -> template name
  std::vector<ImportLoss> losses_;
  std::set<std::pair<std::string, std::string>> loss_seen_;
  Problems problems_;
};

// The successors of a v1 node (next, else, on_timeout, branches[].next,
// variants[].next), each with the field's pointer relative to the node
// ("/next", "/branches/0/next", ...), in that order.
std::vector<std::pair<std::string, std::string>> NodeSuccessors(const Json& node);

// The input pointer of `token` under `parent` (PointerToken-escaped).
std::string InputPointer(const std::string& parent, std::string_view token);
std::string InputPointer(const std::string& parent, std::size_t index);

}  // namespace flowproof
