#include "core/model/workflow_parser.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>

#include "core/logic/rule.h"
#include "core/model/json_checker.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"
#include "core/time/zone.h"

namespace flowproof {
namespace {

constexpr const char* kWorkflowFormat = "flowproof.workflow/1";

// The names a `{% render %}` or `{% include %}` tag in a Liquid source asks
// for ("{%- render 'footer', name: x %}" -> footer). A scan, not a parse:
// Liquid syntax itself is checked by core/validate/liquid_check.h.
// Inside a `{% liquid %}` tag every line is a tag without delimiters, so
// "render 'footer'" may start any line of it; a name in a variable
// ("{% render name %}") cannot be checked and is skipped.
void ScanTag(std::string_view source, std::size_t i, std::size_t end, bool liquid_lines, std::vector<std::string>& names) {
  auto space = [&](std::size_t k) { return std::isspace(static_cast<unsigned char>(source[k])) != 0; };
  while (i < end && space(i)) ++i;
  std::size_t word = i;
  while (i < end && std::isalpha(static_cast<unsigned char>(source[i]))) ++i;
  std::string_view tag = source.substr(word, i - word);
  if (tag == "liquid" && !liquid_lines) {
    while (i < end) {
      std::size_t line_end = source.find('\n', i);
      if (line_end == std::string_view::npos || line_end > end) line_end = end;
      ScanTag(source, i, line_end, true, names);
      i = line_end + 1;
    }
    return;
  }
  if (tag != "render" && tag != "include") return;
  while (i < end && space(i)) ++i;
  if (i >= end || (source[i] != '\'' && source[i] != '"')) return;
  std::size_t close = source.find(source[i], i + 1);
  if (close != std::string_view::npos && close < end) names.emplace_back(source.substr(i + 1, close - i - 1));
}

std::vector<std::string> SnippetReferences(std::string_view source) {
  std::vector<std::string> names;
  std::size_t at = 0;
  while ((at = source.find("{%", at)) != std::string_view::npos) {
    std::size_t i = at + 2;
    if (i < source.size() && source[i] == '-') ++i;
    std::size_t end = source.find("%}", i);
    if (end == std::string_view::npos) end = source.size();
    if (end > i && source[end - 1] == '-') --end;
    ScanTag(source, i, end, false, names);
    at = end;
  }
  return names;
}

class WorkflowParser {
 public:
  explicit WorkflowParser(bool in_portfolio = false) : in_portfolio_(in_portfolio) {}

  WorkflowParseResult Parse(const Json& doc) {
    WorkflowParseResult result;
    if (!doc.is_object()) {
      check_.Add(problem_code::kWrongType, "", "a workflow must be a JSON object");
      result.problems = std::move(check_.problems);
      return result;
    }
    auto workflow = std::make_shared<Workflow>();
    wf_ = workflow.get();
    wf_->source = doc;
    check_.OnlyKeys(doc, "", {"$schema", "format", "id", "name", "description", "lint", "type", "timezone", "entry", "exit",
                              "settings", "start", "nodes", "templates", "snippets"});
    const Json* format = check_.Member(doc, "format", "", true);
    if (format != nullptr && *format != kWorkflowFormat) {
      check_.Add(problem_code::kWrongFormat, "/format", "expected \"" + std::string(kWorkflowFormat) + "\", got " + QuoteForMessage(*format));
    }
    if (auto id = check_.String(doc, "id", "", true)) wf_->id = *id;
    if (auto name = check_.String(doc, "name", "", false)) wf_->name = *name;
    if (auto type = check_.String(doc, "type", "", false)) {
      static const std::set<std::string> kTypes = {"lifecycle", "behavioral", "promotional", "operational"};
      if (!kTypes.count(*type)) check_.Add(problem_code::kUnknownValue, "/type", "unknown type '" + *type + "' (expected lifecycle, behavioral, promotional or operational)");
      wf_->type = *type;
    }
    check_.ZoneField(doc, "timezone", "", &wf_->timezone);

    CheckLintAnnotation(doc, "");
    ParseSnippets(doc);
    ParseTemplates(doc);
    ParseNodes(doc);
    if (const Json* entry = check_.Member(doc, "entry", "", true)) ParseEntry(*entry);
    if (const Json* exit = check_.Member(doc, "exit", "", false)) ParseExit(*exit);
    if (const Json* settings = check_.Member(doc, "settings", "", false)) ParseSettings(*settings);
    ResolveReferences(doc);

    result.problems = std::move(check_.problems);
    result.warnings = std::move(check_.warnings);
    if (result.problems.empty()) result.workflow = std::move(workflow);
    return result;
  }

 private:
  // `"lint": {"ignore": ["rule", ...]}` on a node or the workflow: read by
  // core/lint, which drops those rules' findings there.
  void CheckLintAnnotation(const Json& holder, const std::string& pointer) {
    const Json* lint = check_.Member(holder, "lint", pointer, false);
    if (lint == nullptr) return;
    if (!lint->is_object()) return check_.Add(problem_code::kWrongType, pointer + "/lint", "'lint' must be an object such as {\"ignore\": [\"rule\"]}");
    check_.OnlyKeys(*lint, pointer + "/lint", {"ignore"});
    const Json* ignore = check_.Member(*lint, "ignore", pointer + "/lint", false);
    if (ignore == nullptr) return;
    bool strings = ignore->is_array();
    if (strings) {
      for (const Json& rule : *ignore) strings = strings && rule.is_string();
    }
    if (!strings) check_.Add(problem_code::kWrongType, pointer + "/lint/ignore", "'ignore' must be an array of lint rule ids");
  }

  void ParseSnippets(const Json& doc) {
    const Json* snippets = check_.Member(doc, "snippets", "", false);
    if (snippets == nullptr) return;
    if (!snippets->is_object()) return check_.Add(problem_code::kWrongType, "/snippets", "'snippets' must be an object of name to Liquid source");
    for (auto it = snippets->begin(); it != snippets->end(); ++it) {
      if (it.key().size() > kMaxIdBytes) {
        check_.Add(problem_code::kTooLarge, "/snippets", "a snippet name of " + std::to_string(it.key().size()) + " bytes is longer than the limit of " +
                                    std::to_string(kMaxIdBytes));
      } else if (!it.value().is_string()) {
        check_.Add(problem_code::kWrongType, "/snippets/" + PointerToken(it.key()), "a snippet must be a Liquid source string");
      } else {
        wf_->snippets[it.key()] = it.value().get<std::string>();
      }
    }
    // Snippets may render other snippets.
    for (const auto& [name, source] : wf_->snippets) CheckSnippetReferences(source, "/snippets/" + PointerToken(name));
  }

  void CheckSnippetReferences(std::string_view source, const std::string& pointer) {
    for (const std::string& snippet : SnippetReferences(source)) {
      if (!wf_->snippets.count(snippet)) check_.Add(problem_code::kBadReference, pointer, "renders snippet '" + snippet + "', which is not in 'snippets'");
    }
  }

  void CheckTemplateFields(const Json& fields, Channel channel, const std::string& pointer, const std::string& name,
                           bool variant) {
    static const std::map<Channel, std::vector<std::string>> kFields = {
        {Channel::kEmail, {"from_name", "subject", "preheader", "html", "text", "from_email", "reply_to"}},
        {Channel::kSms, {"body"}},
        {Channel::kPush, {"title", "body", "deep_link", "image"}},
        {Channel::kAdAudience, {"audience", "operation"}},
        {Channel::kWebhook, {"method", "url", "body", "headers"}}};
    const std::vector<std::string>& allowed = kFields.at(channel);
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      const std::string& key = it.key();
      std::string here = pointer + "/" + PointerToken(key);
      if (IsExtensionKey(key) || (key == "channel" && !variant) || (key == "variants" && !variant) || (key == "when" && variant)) {
        continue;
      }
      if (key == "description") {
        if (!it.value().is_string()) check_.Add(problem_code::kWrongType, here, "'description' must be a string");
        continue;
      }
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string list;
        for (const std::string& f : allowed) list += (list.empty() ? "" : ", ") + f;
        check_.Add(problem_code::kUnknownField, here, "unknown field '" + key + "' for a " + ChannelName(channel) + " template (expected " + list + ")");
        continue;
      }
      if (key == "headers") {
        if (!it.value().is_object()) {
          check_.Add(problem_code::kWrongType, here, "'headers' must be an object of header name to Liquid source");
          continue;
        }
        for (auto header = it.value().begin(); header != it.value().end(); ++header) {
          std::string at = here + "/" + PointerToken(header.key());
          if (!header.value().is_string()) check_.Add(problem_code::kWrongType, at, "a header value must be a Liquid source string");
          else CheckSnippetReferences(header.value().get_ref<const std::string&>(), at);
        }
        continue;
      }
      // A webhook body may be written as JSON whose strings are Liquid.
      bool json_body = channel == Channel::kWebhook && key == "body" && (it.value().is_object() || it.value().is_array());
      if (json_body) continue;
      if (!it.value().is_string()) {
        check_.Add(problem_code::kWrongType, here, "'" + key + "' must be a Liquid source string");
        continue;
      }
      CheckSnippetReferences(it.value().get_ref<const std::string&>(), here);
    }
    if (channel == Channel::kAdAudience && fields.contains("operation") && fields["operation"].is_string()) {
      const std::string& op = fields["operation"].get_ref<const std::string&>();
      if (op != "add" && op != "remove" && op.find("{{") == std::string::npos) {
        check_.Add(problem_code::kUnknownValue, pointer + "/operation", "'operation' must be \"add\" or \"remove\"");
      }
    }
    (void)name;
  }

  void ParseTemplates(const Json& doc) {
    const Json* templates = check_.Member(doc, "templates", "", false);
    if (templates == nullptr) return;
    if (!templates->is_object()) return check_.Add(problem_code::kWrongType, "/templates", "'templates' must be an object of name to template");
    for (auto it = templates->begin(); it != templates->end(); ++it) {
      if (it.key().size() > kMaxIdBytes) {
        check_.Add(problem_code::kTooLarge, "/templates", "a template name of " + std::to_string(it.key().size()) +
                                     " bytes is longer than the limit of " + std::to_string(kMaxIdBytes));
        continue;
      }
      std::string pointer = "/templates/" + PointerToken(it.key());
      const Json& source = it.value();
      if (!source.is_object()) {
        check_.Add(problem_code::kWrongType, pointer, "a template must be an object with a 'channel'");
        continue;
      }
      MessageTemplate message;
      message.name = it.key();
      message.source = source;
      const Json* channel_value = check_.Member(source, "channel", pointer, true);
      std::optional<Channel> channel = channel_value ? check_.ChannelAt(*channel_value, pointer + "/channel") : std::nullopt;
      if (!channel) continue;
      message.channel = *channel;
      CheckTemplateFields(source, *channel, pointer, it.key(), false);
      if (const Json* variants = check_.Member(source, "variants", pointer, false)) {
        if (!variants->is_array() || variants->empty()) {
          check_.Add(variants->is_array() ? problem_code::kEmptyValue : problem_code::kWrongType, pointer + "/variants", "'variants' must be a non-empty array of field sets");
        } else {
          for (std::size_t i = 0; i < variants->size(); ++i) {
            const Json& variant = (*variants)[i];
            std::string here = pointer + "/variants/" + std::to_string(i);
            if (!variant.is_object()) {
              check_.Add(problem_code::kWrongType, here, "a variant must be an object of fields, with 'when' unless it is the last");
              message.variant_conditions.emplace_back();
              continue;
            }
            CheckTemplateFields(variant, *channel, here, it.key(), true);
            if (variant.contains("when")) {
              message.variant_conditions.push_back(check_.ConditionAt(variant["when"], here + "/when"));
            } else {
              if (i + 1 != variants->size()) check_.Add(problem_code::kMissingField, here, "only the last variant may omit 'when' (it is the default)");
              message.variant_conditions.emplace_back();
            }
          }
        }
      }
      wf_->templates[it.key()] = std::move(message);
    }
  }

  void ParseNodes(const Json& doc) {
    const Json* nodes = check_.Member(doc, "nodes", "", true);
    if (nodes == nullptr) return;
    if (!nodes->is_object() || nodes->empty()) return check_.Add(nodes->is_object() ? problem_code::kEmptyValue : problem_code::kWrongType, "/nodes", "'nodes' must be a non-empty object of node id to node");
    for (auto it = nodes->begin(); it != nodes->end(); ++it) {
      std::string pointer = "/nodes/" + PointerToken(it.key());
      if (it.key().size() > kMaxIdBytes) {
        check_.Add(problem_code::kTooLarge, "/nodes", "a node id of " + std::to_string(it.key().size()) + " bytes is longer than the limit of " +
                                 std::to_string(kMaxIdBytes));
        continue;
      }
      if (it.key().empty()) {
        check_.Add(problem_code::kEmptyValue, pointer, "a node id must not be empty");
        continue;
      }
      Node node;
      node.id = it.key();
      if (ParseNode(it.value(), pointer, node)) {
        wf_->node_index[node.id] = static_cast<int>(wf_->nodes.size());
        wf_->nodes.push_back(std::move(node));
      }
    }
  }

  bool ParseNode(const Json& value, const std::string& pointer, Node& node) {
    if (!value.is_object()) {
      check_.Add(problem_code::kWrongType, pointer, "a node must be an object with a 'type'");
      return false;
    }
    std::optional<std::string> type = check_.String(value, "type", pointer, true);
    if (!type) return false;
    static const std::map<std::string, NodeType> kTypes = {
        {"send", NodeType::kSend}, {"update", NodeType::kUpdate}, {"branch", NodeType::kBranch},
        {"split", NodeType::kSplit}, {"wait", NodeType::kWait}, {"wait_event", NodeType::kWaitEvent},
        {"wait_until", NodeType::kWaitUntil}, {"exit", NodeType::kExit},
        {"enroll", NodeType::kEnroll}, {"unenroll", NodeType::kUnenroll}};
    auto found = kTypes.find(*type);
    if (found == kTypes.end()) {
      check_.Add(problem_code::kUnknownValue, pointer + "/type", "unknown node type '" + *type +
                                        "' (expected send, update, branch, split, wait, wait_event, wait_until, exit, enroll or unenroll)");
      return false;
    }
    node.type = found->second;
    check_.String(value, "name", pointer, false);
    CheckLintAnnotation(value, pointer);
    bool needs_next = true;
    switch (node.type) {
      case NodeType::kSend: {
        check_.OnlyKeys(value, pointer, {"type", "name", "description", "lint", "channel", "template", "next"});
        const Json* channel = check_.Member(value, "channel", pointer, true);
        if (channel != nullptr) {
          if (auto c = check_.ChannelAt(*channel, pointer + "/channel")) node.channel = *c;
        }
        if (auto name = check_.String(value, "template", pointer, true)) node.template_name = *name;
        break;
      }
      case NodeType::kUpdate: {
        check_.OnlyKeys(value, pointer, {"type", "name", "description", "lint", "set", "add_to_lists", "remove_from_lists", "increment", "next"});
        if (const Json* set = check_.Member(value, "set", pointer, false)) {
          if (!set->is_object()) check_.Add(problem_code::kWrongType, pointer + "/set", "'set' must be an object of attribute to value");
          else {
            for (auto it = set->begin(); it != set->end(); ++it) {
              std::string here = pointer + "/set/" + PointerToken(it.key());
              if (it.key() == "id") {
                check_.Add(problem_code::kReservedName, here, "a contact's id cannot be changed");
                continue;
              }
              SetAttribute attribute{it.key(), it.value(), std::nullopt};
              // An object whose single key is a JsonLogic operation is
              // evaluated; any other value ({"city": "Paris"}) is a literal.
              if (it.value().is_object() && it.value().size() == 1) {
                const std::string& key = it.value().begin().key();
                logic::CompileResult compiled = logic::Compile(it.value());
                bool literal = compiled.problems.size() == 1 &&
                               (compiled.problems[0].pointer.empty() || compiled.problems[0].pointer == "/" + PointerToken(key)) &&
                               compiled.problems[0].message.rfind("unknown operation '" + key + "'", 0) == 0;
                if (!literal) attribute.expr = check_.ConditionAt(it.value(), here);
              }
              node.set.push_back(std::move(attribute));
            }
          }
        }
        node.add_to_lists = check_.StringList(value, "add_to_lists", pointer);
        node.remove_from_lists = check_.StringList(value, "remove_from_lists", pointer);
        if (const Json* increment = check_.Member(value, "increment", pointer, false)) {
          if (!increment->is_object()) check_.Add(problem_code::kWrongType, pointer + "/increment", "'increment' must be an object of attribute to number");
          else {
            for (auto it = increment->begin(); it != increment->end(); ++it) {
              if (!it.value().is_number()) check_.Add(problem_code::kWrongType, pointer + "/increment/" + PointerToken(it.key()), "must be a number");
              else node.increment.emplace_back(it.key(), it.value().get<double>());
            }
          }
        }
        break;
      }
      case NodeType::kBranch: {
        needs_next = false;
        check_.OnlyKeys(value, pointer, {"type", "name", "description", "lint", "branches", "else"});
        const Json* branches = check_.Member(value, "branches", pointer, true);
        if (branches != nullptr && (!branches->is_array() || branches->empty())) {
          check_.Add(branches->is_array() ? problem_code::kEmptyValue : problem_code::kWrongType, pointer + "/branches", "'branches' must be a non-empty array of {label, when, next}");
        } else if (branches != nullptr) {
          std::set<std::string> labels;
          for (std::size_t i = 0; i < branches->size(); ++i) {
            const Json& arm = (*branches)[i];
            std::string here = pointer + "/branches/" + std::to_string(i);
            if (!arm.is_object()) {
              check_.Add(problem_code::kWrongType, here, "a branch must be an object {label, when, next}");
              continue;
            }
            check_.OnlyKeys(arm, here, {"label", "when", "next"});
            BranchArm parsed;
            if (auto label = check_.String(arm, "label", here, true)) {
              parsed.label = *label;
              if (*label == "else") check_.Add(problem_code::kReservedName, here + "/label", "'else' is the label of the else path; choose another");
              if (!labels.insert(*label).second) check_.Add(problem_code::kDuplicateName, here + "/label", "duplicate branch label '" + *label + "'");
            }
            if (auto when = check_.ConditionField(arm, "when", here, true)) parsed.when = *when;
            if (auto next = check_.String(arm, "next", here, true)) parsed.next = *next;
            node.branches.push_back(std::move(parsed));
          }
        }
        if (auto otherwise = check_.String(value, "else", pointer, true)) node.else_next = *otherwise;
        break;
      }
      case NodeType::kSplit: {
        needs_next = false;
        check_.OnlyKeys(value, pointer, {"type", "name", "description", "lint", "mode", "variants", "winner"});
        if (const Json* winner = check_.Member(value, "winner", pointer, false)) node.winner = ParseWinner(*winner, pointer + "/winner");
        if (auto mode = check_.String(value, "mode", pointer, false)) {
          if (*mode != "ab" && *mode != "random") check_.Add(problem_code::kUnknownValue, pointer + "/mode", "'mode' must be \"ab\" or \"random\"");
          node.ab = *mode != "random";
        }
        const Json* variants = check_.Member(value, "variants", pointer, true);
        if (variants != nullptr && (!variants->is_array() || variants->empty())) {
          check_.Add(variants->is_array() ? problem_code::kEmptyValue : problem_code::kWrongType, pointer + "/variants", "'variants' must be a non-empty array of {label, weight, next}");
        } else if (variants != nullptr) {
          std::set<std::string> labels;
          for (std::size_t i = 0; i < variants->size(); ++i) {
            const Json& v = (*variants)[i];
            std::string here = pointer + "/variants/" + std::to_string(i);
            if (!v.is_object()) {
              check_.Add(problem_code::kWrongType, here, "a variant must be an object {label, weight, next}");
              continue;
            }
            check_.OnlyKeys(v, here, {"label", "weight", "next"});
            SplitVariant parsed;
            if (auto label = check_.String(v, "label", here, true)) {
              parsed.label = *label;
              if (!labels.insert(*label).second) check_.Add(problem_code::kDuplicateName, here + "/label", "duplicate variant label '" + *label + "'");
            }
            const Json* weight = check_.Member(v, "weight", here, true);
            if (weight != nullptr) {
              if (!weight->is_number() || weight->get<double>() <= 0 || !(weight->get<double>() < 1e12)) {
                check_.Add(weight->is_number() ? problem_code::kOutOfRange : problem_code::kWrongType, here + "/weight", "'weight' must be a positive number below 1e12 (weights are relative)");
              } else {
                parsed.weight = weight->get<double>();
              }
            }
            if (auto next = check_.String(v, "next", here, true)) parsed.next = *next;
            node.variants.push_back(std::move(parsed));
          }
        }
        break;
      }
      case NodeType::kWait: {
        check_.OnlyKeys(value, pointer, {"type", "name", "description", "lint", "for", "until", "for_expr", "until_expr", "next"});
        int kinds = 0;
        if (value.contains("for")) {
          ++kinds;
          node.wait_kind = WaitKind::kFor;
          if (auto d = check_.DurationField(value, "for", pointer, true)) {
            if (*d < 0) check_.Add(problem_code::kOutOfRange, pointer + "/for", "'for' must not be negative");
            else node.wait_for = *d;
          }
        }
        if (value.contains("until")) {
          ++kinds;
          node.wait_kind = WaitKind::kUntil;
          ParseUntil(value["until"], pointer + "/until", node);
        }
        if (value.contains("for_expr")) {
          ++kinds;
          node.wait_kind = WaitKind::kForExpr;
          node.expr = check_.ConditionField(value, "for_expr", pointer, true);
        }
        if (value.contains("until_expr")) {
          ++kinds;
          node.wait_kind = WaitKind::kUntilExpr;
          node.expr = check_.ConditionField(value, "until_expr", pointer, true);
        }
        if (kinds != 1) check_.Add(kinds == 0 ? problem_code::kMissingField : problem_code::kConflictingFields, pointer, "a wait needs exactly one of 'for', 'until', 'for_expr' or 'until_expr'");
        break;
      }
      case NodeType::kWaitEvent:
      case NodeType::kWaitUntil: {
        bool event = node.type == NodeType::kWaitEvent;
        if (event) {
          check_.OnlyKeys(value, pointer, {"type", "name", "description", "lint", "event", "where", "source", "timeout", "next", "on_timeout"});
          if (auto name = check_.String(value, "event", pointer, true)) node.event = *name;
          if (auto source = check_.String(value, "source", pointer, false)) node.source = *source;
          node.where = check_.ConditionField(value, "where", pointer, false);
        } else {
          check_.OnlyKeys(value, pointer, {"type", "name", "description", "lint", "condition", "timeout", "next", "on_timeout"});
          node.condition = check_.ConditionField(value, "condition", pointer, true);
        }
        if (value.contains("timeout")) {
          node.timeout = check_.DurationField(value, "timeout", pointer, true);
          if (node.timeout && *node.timeout < 0) check_.Add(problem_code::kOutOfRange, pointer + "/timeout", "'timeout' must not be negative");
          if (auto on_timeout = check_.String(value, "on_timeout", pointer, true)) node.on_timeout = *on_timeout;
        } else if (value.contains("on_timeout")) {
          check_.Add(problem_code::kConflictingFields, pointer + "/on_timeout", "'on_timeout' needs a 'timeout'");
        }
        break;
      }
      case NodeType::kEnroll:
      case NodeType::kUnenroll: {
        // v1.1 portfolio: the fixture parser checks that the workflow exists.
        check_.OnlyKeys(value, pointer, {"type", "name", "description", "lint", "workflow", "next"});
        if (auto target = check_.String(value, "workflow", pointer, true)) {
          if (target->empty()) check_.Add(problem_code::kEmptyValue, pointer + "/workflow", "'workflow' must name a workflow of the portfolio");
          node.target_workflow = *target;
        }
        break;
      }
      case NodeType::kExit: {
        needs_next = false;
        check_.OnlyKeys(value, pointer, {"type", "name", "description", "lint", "reason"});
        if (auto reason = check_.String(value, "reason", pointer, false)) {
          if (reason->empty()) check_.Add(problem_code::kEmptyValue, pointer + "/reason", "'reason' must not be empty");
          else node.reason = *reason;
        }
        break;
      }
    }
    if (needs_next) {
      if (auto next = check_.String(value, "next", pointer, true)) node.next = *next;
    }
    return true;
  }

  // FORMAT.md "Split with winner selection": {test_share, decide_after,
  // metric: {event, within} | "goal"}.
  SplitWinner ParseWinner(const Json& winner, const std::string& pointer) {
    SplitWinner parsed;
    if (!winner.is_object()) {
      check_.Add(problem_code::kWrongType, pointer, "'winner' must be an object {test_share, decide_after, metric}");
      return parsed;
    }
    check_.OnlyKeys(winner, pointer, {"test_share", "decide_after", "metric"});
    if (const Json* share = check_.Member(winner, "test_share", pointer, true)) {
      if (!share->is_number() || !(share->get<double>() >= 0 && share->get<double>() <= 1)) {
        check_.Add(share->is_number() ? problem_code::kOutOfRange : problem_code::kWrongType, pointer + "/test_share", "'test_share' must be a number from 0 to 1");
      } else {
        parsed.test_share = share->get<double>();
      }
    }
    if (auto after = check_.DurationField(winner, "decide_after", pointer, true)) parsed.decide_after = *after;
    if (const Json* metric = check_.Member(winner, "metric", pointer, true)) {
      if (metric->is_string()) {
        if (*metric == "goal") {
          parsed.metric_goal = true;
        } else {
          check_.Add(problem_code::kUnknownValue, pointer + "/metric", "'metric' must be \"goal\" or {event, within}");
        }
      } else if (metric->is_object()) {
        check_.OnlyKeys(*metric, pointer + "/metric", {"event", "within"});
        if (auto event = check_.String(*metric, "event", pointer + "/metric", true)) parsed.metric_event = *event;
        if (auto within = check_.DurationField(*metric, "within", pointer + "/metric", true)) parsed.within = *within;
      } else {
        check_.Add(problem_code::kWrongType, pointer + "/metric", "'metric' must be \"goal\" or {event, within}");
      }
    }
    return parsed;
  }

  void ParseUntil(const Json& until, const std::string& pointer, Node& node) {
    if (!until.is_object()) return check_.Add(problem_code::kWrongType, pointer, "'until' must be {\"time\": \"09:00\", \"days\": [\"mon\", ...]}");
    check_.OnlyKeys(until, pointer, {"time", "days"});
    if (auto t = check_.LocalTimeField(until, "time", pointer, true)) node.until_time = *t;
    if (until.contains("days")) {
      static const char* kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
      std::vector<std::string> days = check_.StringList(until, "days", pointer);
      std::uint8_t mask = 0;
      for (std::size_t i = 0; i < days.size(); ++i) {
        int found = -1;
        for (int d = 0; d < 7; ++d) {
          if (days[i] == kDays[d]) found = d;
        }
        if (found < 0) check_.Add(problem_code::kUnknownValue, pointer + "/days/" + std::to_string(i), "unknown day '" + days[i] + "' (expected mon, tue, wed, thu, fri, sat or sun)");
        else mask |= static_cast<std::uint8_t>(1u << found);
      }
      if (days.empty()) check_.Add(problem_code::kEmptyValue, pointer + "/days", "'days' must name at least one day");
      else if (mask != 0) node.until_days = mask;
    }
  }

  void ParseEntry(const Json& entry) {
    if (!entry.is_object()) return check_.Add(problem_code::kWrongType, "/entry", "'entry' must be an object with 'triggers'");
    check_.OnlyKeys(entry, "/entry", {"triggers", "audience", "reenroll"});
    const Json* triggers = check_.Member(entry, "triggers", "/entry", true);
    // In a portfolio a workflow may be entered only by enroll nodes.
    if (triggers != nullptr && (!triggers->is_array() || (triggers->empty() && !in_portfolio_))) {
      check_.Add(triggers->is_array() ? problem_code::kEmptyValue : problem_code::kWrongType, "/entry/triggers", "'triggers' must be a non-empty array");
    } else if (triggers != nullptr) {
      if (triggers->size() > kMaxEntryTriggers) {
        check_.Add(problem_code::kTooLarge, "/entry/triggers", "at most " + std::to_string(kMaxEntryTriggers) + " triggers are supported, not " +
                                          std::to_string(triggers->size()));
      }
      for (std::size_t i = 0; i < triggers->size(); ++i) ParseTrigger((*triggers)[i], "/entry/triggers/" + std::to_string(i));
    }
    wf_->audience = check_.ConditionField(entry, "audience", "/entry", false);
    if (const Json* reenroll = check_.Member(entry, "reenroll", "/entry", false)) {
      if (*reenroll == "never") wf_->reenroll = Reenroll::kNever;
      else if (*reenroll == "after_exit") wf_->reenroll = Reenroll::kAfterExit;
      else if (reenroll->is_string()) {
        std::string error;
        std::optional<Duration> gap = ParseDuration(reenroll->get<std::string>(), &error);
        if (!gap || *gap < 0) {
          check_.Add(gap ? problem_code::kOutOfRange : problem_code::kUnknownValue, "/entry/reenroll", "'reenroll' must be \"never\", \"after_exit\" or a duration such as \"30d\"");
        } else {
          wf_->reenroll = Reenroll::kAfterGap;
          wf_->reenroll_gap = *gap;
        }
      } else {
        check_.Add(problem_code::kWrongType, "/entry/reenroll", "'reenroll' must be \"never\", \"after_exit\" or a duration such as \"30d\"");
      }
    }
  }

  void ParseTrigger(const Json& value, const std::string& pointer) {
    Trigger trigger;
    if (!value.is_object()) return check_.Add(problem_code::kWrongType, pointer, "a trigger must be an object with a 'type'");
    std::optional<std::string> type = check_.String(value, "type", pointer, true);
    if (!type) return;
    if (*type == "event") {
      trigger.type = TriggerType::kEvent;
      check_.OnlyKeys(value, pointer, {"type", "event", "where", "source"});
      if (auto name = check_.String(value, "event", pointer, true)) trigger.event = *name;
      if (auto source = check_.String(value, "source", pointer, false)) trigger.source = *source;
      trigger.where = check_.ConditionField(value, "where", pointer, false);
    } else if (*type == "condition") {
      trigger.type = TriggerType::kCondition;
      check_.OnlyKeys(value, pointer, {"type", "condition"});
      trigger.condition = check_.ConditionField(value, "condition", pointer, true);
    } else if (*type == "date") {
      trigger.type = TriggerType::kDate;
      check_.OnlyKeys(value, pointer, {"type", "attribute", "offset", "at", "every"});
      if (auto attribute = check_.String(value, "attribute", pointer, true)) trigger.attribute = *attribute;
      if (auto offset = check_.DurationField(value, "offset", pointer, false)) trigger.offset = *offset;
      if (auto at = check_.LocalTimeField(value, "at", pointer, false)) trigger.at = *at;
      if (auto every = check_.String(value, "every", pointer, false)) {
        if (*every != "year") check_.Add(problem_code::kUnknownValue, pointer + "/every", "'every' of a date trigger must be \"year\"");
        trigger.every_year = true;
      }
    } else if (*type == "schedule") {
      trigger.type = TriggerType::kSchedule;
      check_.OnlyKeys(value, pointer, {"type", "at", "every", "local", "audience"});
      if (const Json* local = check_.Member(value, "local", pointer, false)) {
        if (!local->is_boolean()) check_.Add(problem_code::kWrongType, pointer + "/local", "'local' must be true or false");
        else trigger.local = local->get<bool>();
      }
      if (auto at = check_.String(value, "at", pointer, true)) ParseScheduleAt(*at, pointer + "/at", trigger);
      if (value.contains("every")) {
        std::optional<Duration> every = check_.DurationField(value, "every", pointer, true);
        // Each repetition checks every contact's audience: a schedule every
        // second over 90 days is millions of checks per contact, and no
        // platform schedules a campaign more often than this.
        if (every && *every < kMinScheduleEvery) {
          check_.Add(problem_code::kOutOfRange, pointer + "/every", "'every' of a schedule must be at least 1m (one minute)");
        } else if (every) {
          trigger.every = *every;
        }
      }
      trigger.audience = check_.ConditionField(value, "audience", pointer, false);
    } else if (*type == "inactivity") {
      trigger.type = TriggerType::kInactivity;
      check_.OnlyKeys(value, pointer, {"type", "event", "for"});
      if (auto name = check_.String(value, "event", pointer, true)) trigger.event = *name;
      std::optional<Duration> span = check_.DurationField(value, "for", pointer, true);
      if (span && *span <= 0) check_.Add(problem_code::kOutOfRange, pointer + "/for", "'for' must be positive");
      else if (span) trigger.inactive_for = *span;
    } else {
      return check_.Add(problem_code::kUnknownValue, pointer + "/type", "unknown trigger type '" + *type + "' (expected event, condition, date, schedule or inactivity)");
    }
    wf_->triggers.push_back(std::move(trigger));
  }

  // A local schedule reads the wall-clock part in each contact's zone (an
  // offset written after it is ignored); a global one without an offset is
  // read in the workflow's zone.
  void ParseScheduleAt(const std::string& text, const std::string& pointer, Trigger& trigger) {
    std::string error;
    std::string wall = text;
    std::size_t offset = wall.find_first_of("Zz+-", std::min<std::size_t>(wall.size(), 11));
    if (offset != std::string::npos && ParseTimestamp(text)) wall.resize(offset);
    std::optional<LocalDateTime> local = ParseLocalDateTime(wall, &error);
    if (trigger.local) {
      if (!local) return check_.Add(problem_code::kNotATimestamp, pointer, "not a date and time (\"2026-11-27T09:00:00\"): " + error);
      trigger.schedule_local_at = *local;
      return;
    }
    if (std::optional<Instant> at = ParseTimestamp(text)) {
      trigger.schedule_at = *at;
      return;
    }
    std::optional<LocalDateTime> plain = ParseLocalDateTime(text, &error);
    if (!plain) return check_.Add(problem_code::kNotATimestamp, pointer, "not a timestamp (\"2026-11-27T09:00:00Z\"): " + error);
    const TimeZone* zone = FindTimeZone(wf_->timezone);
    trigger.schedule_at = (zone != nullptr ? *zone : UtcZone()).FromLocal(plain->date, plain->time);
  }

  void ParseExit(const Json& exit) {
    if (!exit.is_object()) return check_.Add(problem_code::kWrongType, "/exit", "'exit' must be an object");
    check_.OnlyKeys(exit, "/exit", {"goal", "max_duration", "on_events"});
    wf_->goal = check_.ConditionField(exit, "goal", "/exit", false);
    if (exit.contains("max_duration")) {
      std::optional<Duration> max = check_.DurationField(exit, "max_duration", "/exit", true);
      if (max && *max <= 0) check_.Add(problem_code::kOutOfRange, "/exit/max_duration", "'max_duration' must be positive");
      else wf_->max_duration = max;
    }
    const Json* events = check_.Member(exit, "on_events", "/exit", false);
    if (events == nullptr) return;
    if (!events->is_array()) return check_.Add(problem_code::kWrongType, "/exit/on_events", "'on_events' must be an array of {event, where?, reason?}");
    for (std::size_t i = 0; i < events->size(); ++i) {
      std::string pointer = "/exit/on_events/" + std::to_string(i);
      const Json& value = (*events)[i];
      if (!value.is_object()) {
        check_.Add(problem_code::kWrongType, pointer, "must be an object {event, where?, source?, reason?}");
        continue;
      }
      check_.OnlyKeys(value, pointer, {"event", "where", "source", "reason"});
      ExitOnEvent on_event;
      if (auto name = check_.String(value, "event", pointer, true)) on_event.event = *name;
      if (auto source = check_.String(value, "source", pointer, false)) on_event.source = *source;
      if (auto reason = check_.String(value, "reason", pointer, false)) {
        if (!reason->empty()) on_event.reason = *reason;
      }
      on_event.where = check_.ConditionField(value, "where", pointer, false);
      wf_->exit_on_events.push_back(std::move(on_event));
    }
  }

  void ParseSettings(const Json& settings) {
    if (!settings.is_object()) return check_.Add(problem_code::kWrongType, "/settings", "'settings' must be an object");
    check_.OnlyKeys(settings, "/settings", {"quiet_hours", "frequency_cap"});
    if (const Json* quiet = check_.Member(settings, "quiet_hours", "/settings", false)) {
      const std::string pointer = "/settings/quiet_hours";
      if (!quiet->is_object()) {
        check_.Add(problem_code::kWrongType, pointer, "'quiet_hours' must be {\"start\": \"21:00\", \"end\": \"08:00\", \"mode\": \"hold\"}");
      } else {
        ParseQuietHours(*quiet, pointer);
      }
    }
    if (const Json* cap = check_.Member(settings, "frequency_cap", "/settings", false)) {
      const std::string pointer = "/settings/frequency_cap";
      if (!cap->is_object()) {
        check_.Add(problem_code::kWrongType, pointer, "'frequency_cap' must be {\"max\": 3, \"per\": \"7d\", \"channels\": [...]}");
      } else {
        ParseFrequencyCap(*cap, pointer);
      }
    }
  }

  void ParseQuietHours(const Json& quiet, const std::string& pointer) {
    check_.OnlyKeys(quiet, pointer, {"start", "end", "mode"});
    QuietHours hours;
    auto start = check_.LocalTimeField(quiet, "start", pointer, true);
    auto end = check_.LocalTimeField(quiet, "end", pointer, true);
    if (auto mode = check_.String(quiet, "mode", pointer, false)) {
      if (*mode != "hold" && *mode != "skip") check_.Add(problem_code::kUnknownValue, pointer + "/mode", "'mode' must be \"hold\" or \"skip\"");
      hours.skip = *mode == "skip";
    }
    if (start && end) {
      hours.start = *start;
      hours.end = *end;
      wf_->quiet_hours = hours;
    }
  }

  void ParseFrequencyCap(const Json& cap, const std::string& pointer) {
    wf_->frequency_cap = ParseFrequencyCapAt(cap, pointer, check_);
  }

  int Resolve(const std::string& id, const std::string& pointer) {
    if (id.empty()) return -1;
    auto it = wf_->node_index.find(id);
    if (it == wf_->node_index.end()) {
      check_.Add(problem_code::kBadReference, pointer, "no node '" + id + "' in 'nodes'");
      return -1;
    }
    return it->second;
  }

  void ResolveReferences(const Json& doc) {
    if (auto start = check_.String(doc, "start", "", true)) {
      wf_->start = *start;
      wf_->start_index = Resolve(*start, "/start");
    }
    for (Node& node : wf_->nodes) {
      std::string pointer = "/nodes/" + PointerToken(node.id);
      node.next_index = Resolve(node.next, pointer + "/next");
      node.else_index = Resolve(node.else_next, pointer + "/else");
      node.on_timeout_index = Resolve(node.on_timeout, pointer + "/on_timeout");
      for (std::size_t i = 0; i < node.branches.size(); ++i) {
        node.branches[i].next_index = Resolve(node.branches[i].next, pointer + "/branches/" + std::to_string(i) + "/next");
      }
      for (std::size_t i = 0; i < node.variants.size(); ++i) {
        node.variants[i].next_index = Resolve(node.variants[i].next, pointer + "/variants/" + std::to_string(i) + "/next");
      }
      if (node.type == NodeType::kSend && !node.template_name.empty()) {
        auto it = wf_->templates.find(node.template_name);
        if (it == wf_->templates.end()) {
          if (!doc.contains("templates") || !doc["templates"].is_object() || !doc["templates"].contains(node.template_name)) {
            check_.Add(problem_code::kBadReference, pointer + "/template", "no template '" + node.template_name + "' in 'templates'");
          }
        } else if (it->second.channel != node.channel) {
          check_.Add(problem_code::kChannelMismatch, pointer + "/template", "template '" + node.template_name + "' is for " + ChannelName(it->second.channel) +
                                                ", but this node sends " + ChannelName(node.channel));
        }
      }
    }
    // Nodes no path reaches are a warning: often a forgotten `next`.
    if (wf_->start_index < 0) return;
    std::vector<bool> seen(wf_->nodes.size(), false);
    std::vector<int> stack = {wf_->start_index};
    while (!stack.empty()) {
      int n = stack.back();
      stack.pop_back();
      if (n < 0 || seen[n]) continue;
      seen[n] = true;
      const Node& node = wf_->nodes[n];
      stack.push_back(node.next_index);
      stack.push_back(node.else_index);
      stack.push_back(node.on_timeout_index);
      for (const BranchArm& arm : node.branches) stack.push_back(arm.next_index);
      for (const SplitVariant& variant : node.variants) stack.push_back(variant.next_index);
    }
    for (std::size_t i = 0; i < seen.size(); ++i) {
      if (!seen[i]) {
        check_.Warn(problem_code::kUnreachableNode, "/nodes/" + PointerToken(wf_->nodes[i].id),
                    "no path from 'start' reaches node '" + wf_->nodes[i].id + "'");
      }
    }
  }

  JsonChecker check_;
  Workflow* wf_ = nullptr;
  bool in_portfolio_ = false;
};

}  // namespace

FrequencyCap ParseFrequencyCapAt(const Json& cap, const std::string& pointer, JsonChecker& check_) {
  check_.OnlyKeys(cap, pointer, {"max", "per", "channels"});
  FrequencyCap parsed;
  const Json* max = check_.Member(cap, "max", pointer, true);
  if (max != nullptr && (!max->is_number_integer() || max->get<std::int64_t>() < 0 || max->get<std::int64_t>() > 1000000)) {
    check_.Add(max->is_number() ? problem_code::kOutOfRange : problem_code::kWrongType, pointer + "/max", "'max' must be a whole number of sends from 0 to 1000000");
  } else if (max != nullptr) {
    parsed.max = max->get<int>();
  }
  std::optional<Duration> per = check_.DurationField(cap, "per", pointer, true);
  if (per && *per <= 0) check_.Add(problem_code::kOutOfRange, pointer + "/per", "'per' must be positive");
  else if (per) parsed.per = *per;
  if (const Json* channels = check_.Member(cap, "channels", pointer, false)) {
    if (!channels->is_array()) {
      check_.Add(problem_code::kWrongType, pointer + "/channels", "'channels' must be an array of channels");
    } else {
      for (std::size_t i = 0; i < channels->size(); ++i) {
        if (auto c = check_.ChannelAt((*channels)[i], pointer + "/channels/" + std::to_string(i))) parsed.channels.push_back(*c);
      }
    }
  }
  return parsed;
}


WorkflowParseResult ParseWorkflow(const Json& doc) { return ParseWorkflow(doc, false); }

WorkflowParseResult ParseWorkflow(const Json& doc, bool in_portfolio) {
  try {
    return WorkflowParser(in_portfolio).Parse(doc);
  } catch (const std::exception& error) {
    // A bug, not the user's: still a value, never an exception.
    WorkflowParseResult result;
    result.problems.push_back(Problem{.pointer = "", .message = std::string("internal error while reading the workflow: ") + error.what(),
                                      .code = problem_code::kInternalError});
    return result;
  }
}

bool LooksLikeWorkflow(const Json& doc) {
  return doc.is_object() && doc.contains("format") && doc["format"] == kWorkflowFormat;
}

}  // namespace flowproof
