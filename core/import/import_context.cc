// ImportContext: ids, nodes, templates, names and losses of one conversion,
// and the checks that make sure no invalid workflow leaves the importer.
#include "core/import/import_context.h"

#include <algorithm>
#include <utility>

#include "core/base/json_pointer.h"
#include "core/base/problem_codes.h"
#include "core/liquid/liquid.h"
#include "core/validate/validate_document.h"

namespace flowproof {

namespace {

constexpr std::size_t kMaxIdBytes = 48;

std::string Sanitize(std::string_view wanted, std::string_view fallback) {
  std::string id;
  bool gap = false;
  for (char raw : wanted) {
    unsigned char c = static_cast<unsigned char>(raw);
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
      if (gap && !id.empty()) id += '_';
      gap = false;
      id += static_cast<char>(c);
    } else {
      gap = true;
    }
    if (id.size() >= kMaxIdBytes) break;
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  if (id.empty()) id = std::string(fallback);
  return id;
}

bool TakesTime(const Json& node) {
  if (!node.is_object()) return false;
  auto type = node.find("type");
  if (type == node.end() || !type->is_string()) return false;
  const std::string& t = type->get_ref<const std::string&>();
  return t == "wait" || t == "wait_event" || t == "wait_until";
}

// Wraps `text` so that it renders literally and parses as Liquid.
std::string RawLiquid(std::string_view text) {
  std::string out = "{% raw %}";
  std::size_t i = 0;
  while (true) {
    std::size_t at = text.find("{%", i);
    // Any "{%" could start an "endraw"; close the raw block before it and
    // print the two characters as a string.
    if (at == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, at - i));
    out += "{% endraw %}{{ '{%' }}{% raw %}";
    i = at + 2;
  }
  out += "{% endraw %}";
  return out;
}

bool NamesSnippet(std::string_view liquid) {
  for (std::size_t at = liquid.find("{%"); at != std::string_view::npos; at = liquid.find("{%", at + 2)) {
    std::size_t word = liquid.find_first_not_of(" -\t\r\n", at + 2);
    if (word == std::string_view::npos) return false;
    std::string_view rest = liquid.substr(word);
    if (rest.substr(0, 6) == "render" || rest.substr(0, 7) == "include") return true;
  }
  return false;
}

}  // namespace

std::string InputPointer(const std::string& parent, std::string_view token) {
  return parent + "/" + PointerToken(token);
}

std::string InputPointer(const std::string& parent, std::size_t index) {
  return parent + "/" + std::to_string(index);
}

std::vector<std::pair<std::string, std::string>> NodeSuccessors(const Json& node) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!node.is_object()) return out;
  auto add = [&](const Json& holder, const char* field, const std::string& pointer) {
    auto it = holder.find(field);
    if (it != holder.end() && it->is_string()) out.emplace_back(it->get<std::string>(), pointer + "/" + field);
  };
  add(node, "next", "");
  auto list = [&](const char* field) {
    auto it = node.find(field);
    if (it == node.end() || !it->is_array()) return;
    for (std::size_t i = 0; i < it->size(); ++i) {
      if ((*it)[i].is_object()) add((*it)[i], "next", std::string("/") + field + "/" + std::to_string(i));
    }
  };
  list("branches");
  list("variants");
  add(node, "else", "");
  add(node, "on_timeout", "");
  return out;
}

ImportContext::ImportContext(Platform platform, const NamesMap& names) : platform_(platform), names_(names) {}

void ImportContext::AddLoss(std::string input_pointer, std::string message) {
  if (!loss_seen_.emplace(input_pointer, message).second) return;
  losses_.push_back(ImportLoss{std::move(input_pointer), std::move(message)});
}

void ImportContext::AddProblem(std::string input_pointer, std::string message, const char* code) {
  Problem p;
  p.pointer = std::move(input_pointer);
  p.message = std::move(message);
  p.code = code;
  problems_.push_back(std::move(p));
}

std::string ImportContext::UniqueId(std::string_view wanted, std::string_view fallback, std::set<std::string>& taken) {
  std::string base = Sanitize(wanted, fallback);
  std::string id = base;
  for (int n = 2; taken.contains(id); ++n) id = base + "_" + std::to_string(n);
  taken.insert(id);
  return id;
}

std::string ImportContext::ReserveNodeId(std::string_view wanted) { return UniqueId(wanted, "node", node_ids_); }

void ImportContext::SetNode(const std::string& id, Json node, std::string input_pointer) {
  node_ids_.insert(id);
  nodes_[id] = std::move(node);
  node_pointer_[id] = std::move(input_pointer);
}

std::string ImportContext::AddExitNode(std::string_view wanted, std::string reason, std::string input_pointer) {
  std::string id = ReserveNodeId(wanted);
  Json node = {{"type", "exit"}};
  if (!reason.empty() && reason != "completed") node["reason"] = std::move(reason);
  SetNode(id, std::move(node), std::move(input_pointer));
  return id;
}

std::string ImportContext::AddTemplate(std::string_view wanted, Json tmpl) {
  std::string id = UniqueId(wanted, "template", template_ids_);
  templates_[id] = std::move(tmpl);
  return id;
}

std::string ImportContext::PlaceholderTemplate(std::string_view opaque_id, std::string_view channel,
                                               const std::string& input_pointer) {
  std::string key = std::string(channel) + "\n" + std::string(opaque_id);
  auto found = placeholders_.find(key);
  std::string name;
  auto mapped = names_.find(std::string(opaque_id));
  std::string label = mapped != names_.end() ? mapped->second : std::string(opaque_id);
  if (found != placeholders_.end()) {
    name = found->second;
  } else {
    std::string text = std::string("Placeholder for ") + PlatformName(platform_) + " template " + label;
    Json tmpl = {{"channel", std::string(channel)}};
    // The text is data, not markup: kept literally whatever it holds.
    std::string literal = RawLiquid(text);
    if (channel == "email") {
      // The subject stays short (a long one would be a finding of its own).
      tmpl["subject"] = RawLiquid("Placeholder: " + label);
      tmpl["preheader"] = literal;
      tmpl["html"] = "<p>" + literal + "</p>" + kPlaceholderEmailFooter;
    } else if (channel == "sms") {
      tmpl["body"] = literal + kPlaceholderSmsOptOut;
    } else if (channel == "push") {
      tmpl["title"] = literal;
      tmpl["body"] = literal;
    } else if (channel == "webhook") {
      tmpl["method"] = "POST";
      tmpl["url"] = "https://example.invalid/placeholder";
      tmpl["body"] = literal;
    } else if (channel == "ad_audience") {
      tmpl["audience"] = literal;
      tmpl["operation"] = "add";
    }
    name = AddTemplate(label, std::move(tmpl));
    placeholders_[key] = name;
  }
  AddLoss(input_pointer, "the export does not hold the content of template '" + std::string(opaque_id) +
                             "'; a placeholder " + std::string(channel) + " template '" + name + "' stands in for it");
  return name;
}

std::string ImportContext::CheckedLiquid(std::string_view liquid, const std::string& input_pointer) {
  std::string why;
  if (NamesSnippet(liquid)) {
    why = "it renders a partial ('render'/'include') the export does not hold";
  } else {
    liquid::ParseResult parsed = liquid::Parse(liquid, "imported");
    if (parsed.ok()) return std::string(liquid);
    why = "it is not Liquid flowproof can parse (" + parsed.error->ToString() + ")";
  }
  AddLoss(input_pointer, "the text is kept literally because " + why);
  return RawLiquid(liquid);
}

std::string ImportContext::NameForId(std::string_view id, std::string_view what, const std::string& input_pointer) {
  auto it = names_.find(std::string(id));
  if (it != names_.end() && !it->second.empty()) {
    AddLoss(input_pointer, "the " + std::string(what) + " id '" + std::string(id) + "' is named '" + it->second +
                               "' by the names map");
    return it->second;
  }
  AddLoss(input_pointer, "the " + std::string(what) + " id '" + std::string(id) +
                             "' is not named in the export; it is used as the name (map it with --names)");
  return std::string(id);
}

ImportResult ImportContext::Finish(const std::string& start) {
  ImportResult result;
  // Links naming no node.
  for (const auto& [id, node] : nodes_) {
    for (const auto& [target, field] : NodeSuccessors(node)) {
      if (!nodes_.contains(target)) {
        AddProblem(node_pointer_[id], "this node leads to '" + target + "', which is not a node of the export",
                   problem_code::kBadReference);
      }
    }
  }
  if (!start.empty() && !nodes_.contains(start)) {
    AddProblem("", "the entry leads to no node of the export", problem_code::kBadReference);
  }
  // Cycles of zero-time nodes: depth-first search over nodes that take no
  // time (a wait breaks every cycle through it).
  if (problems_.empty()) {
    // Iterative (an export may chain many thousands of nodes).
    std::map<std::string, int> state;  // 0 new, 1 on the stack, 2 done
    std::map<std::string, std::vector<std::string>> edges;
    for (const auto& [id, node] : nodes_) {
      if (TakesTime(node)) continue;
      for (const auto& [target, field] : NodeSuccessors(node)) {
        if (!TakesTime(nodes_[target])) edges[id].push_back(target);
      }
    }
    bool found = false;
    for (const auto& [root, node] : nodes_) {
      if (found) break;
      if (TakesTime(node) || state[root] != 0) continue;
      std::vector<std::pair<std::string, std::size_t>> stack = {{root, 0}};
      state[root] = 1;
      while (!stack.empty() && !found) {
        auto& [id, next_edge] = stack.back();
        const std::vector<std::string>& out = edges[id];
        if (next_edge >= out.size()) {
          state[id] = 2;
          stack.pop_back();
          continue;
        }
        std::string target = out[next_edge++];
        int s = state[target];
        if (s == 1) {
          AddProblem(node_pointer_[target],
                     "this node is on a loop that takes no time (no delay or wait on the way back to it); "
                     "the contact would loop forever",
                     problem_code::kLoopWithoutWait);
          found = true;
        } else if (s == 0) {
          state[target] = 1;
          stack.emplace_back(target, 0);
        }
      }
    }
  }
  if (!problems_.empty()) {
    result.problems = problems_;
    result.losses = losses_;
    return result;
  }
  Json doc = Json::object();
  doc["format"] = "flowproof.workflow/1";
  if (!workflow_.contains("id")) doc["id"] = "imported";
  if (!workflow_.contains("entry")) doc["entry"] = Json{{"triggers", Json::array()}};
  for (auto it = workflow_.begin(); it != workflow_.end(); ++it) doc[it.key()] = it.value();
  doc["start"] = start;
  Json nodes = Json::object();
  for (const auto& [id, node] : nodes_) nodes[id] = node;
  doc["nodes"] = std::move(nodes);
  if (!templates_.empty()) doc["templates"] = templates_;
  DocumentOptions options;
  options.kind = DocumentKind::kWorkflow;
  DocumentCheck check = ValidateDocument(doc, options);
  if (!check.ok()) {
    std::string what;
    for (const Problem& p : check.problems) {
      if (!what.empty()) what += "; ";
      what += p.ToString();
      if (what.size() > 2000) break;
    }
    AddProblem("", std::string("the ") + PlatformName(platform_) +
                       " converter built a workflow that is not valid (a bug in flowproof, please report it): " + what,
               problem_code::kInternalError);
    result.problems = problems_;
    result.losses = losses_;
    return result;
  }
  result.workflow = std::move(doc);
  result.losses = losses_;
  return result;
}

}  // namespace flowproof
