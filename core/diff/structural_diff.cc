#include "core/diff/structural_diff.h"

#include <algorithm>
#include <set>
#include <utility>

#include "core/base/json_dump.h"
#include "core/words/page_words.h"
#include "core/diff/line_diff.h"
#include "core/time/duration.h"

namespace flowproof {
namespace {

using Renames = std::map<std::string, std::string>;

const Json& Field(const Json& object, const std::string& key) { return MemberOr(object, key); }

std::string Str(const Json& value) {
  return value.is_string() ? value.get<std::string>() : (value.is_null() ? "" : DumpJson(value));
}

// The node with every reference to another node read through `renames`
// (OLD id -> NEW id); ids not renamed stay.
Json MapReferences(const Json& node, const Renames& renames) {
  Json out = node;
  auto map = [&](Json& ref) {
    if (!ref.is_string()) return;
    auto it = renames.find(ref.get<std::string>());
    if (it != renames.end()) ref = it->second;
  };
  for (const char* key : {"next", "else", "on_timeout"}) {
    if (out.is_object() && out.contains(key)) map(out[key]);
  }
  for (const char* list : {"branches", "variants"}) {
    if (!out.is_object() || !out.contains(list) || !out[list].is_array()) continue;
    for (Json& arm : out[list]) {
      if (arm.is_object() && arm.contains("next")) map(arm["next"]);
    }
  }
  return out;
}

// The node with every reference blanked: content alone.
Json WithoutReferences(const Json& node) {
  Json out = node;
  if (!out.is_object()) return out;
  for (const char* key : {"next", "else", "on_timeout"}) out.erase(key);
  for (const char* list : {"branches", "variants"}) {
    if (!out.contains(list) || !out[list].is_array()) continue;
    for (Json& arm : out[list]) {
      if (arm.is_object()) arm.erase("next");
    }
  }
  return out;
}

Renames FindRenames(const Json& old_nodes, const Json& new_nodes, const std::vector<std::string>& removed,
                    const std::vector<std::string>& added) {
  Renames renames;
  std::set<std::string> taken;  // NEW ids already matched
  // Strict: equal content with references read through the renames so far,
  // repeated until nothing more matches.
  for (bool found = true; found;) {
    found = false;
    for (const std::string& old_id : removed) {
      if (renames.count(old_id)) continue;
      Json mapped = MapReferences(old_nodes[old_id], renames);
      std::vector<std::string> candidates;
      for (const std::string& new_id : added) {
        if (!taken.count(new_id) && new_nodes[new_id] == mapped) candidates.push_back(new_id);
      }
      if (candidates.size() != 1) continue;
      // The candidate must match no other removed node either.
      int others = 0;
      for (const std::string& other : removed) {
        if (other != old_id && !renames.count(other) && MapReferences(old_nodes[other], renames) == new_nodes[candidates[0]]) {
          ++others;
        }
      }
      if (others != 0) continue;
      renames[old_id] = candidates[0];
      taken.insert(candidates[0]);
      found = true;
    }
  }
  // Loose: equal content apart from references, unique both ways.
  std::map<std::string, std::vector<std::string>> old_to_new, new_to_old;
  for (const std::string& old_id : removed) {
    if (renames.count(old_id)) continue;
    Json content = WithoutReferences(old_nodes[old_id]);
    for (const std::string& new_id : added) {
      if (taken.count(new_id)) continue;
      if (WithoutReferences(new_nodes[new_id]) == content) {
        old_to_new[old_id].push_back(new_id);
        new_to_old[new_id].push_back(old_id);
      }
    }
  }
  for (const auto& [old_id, candidates] : old_to_new) {
    if (candidates.size() == 1 && new_to_old[candidates[0]].size() == 1) renames[old_id] = candidates[0];
  }
  return renames;
}

// Every key of either object whose values differ: key -> [OLD, NEW], null
// for a side without it. `compare_old` is what OLD's value is compared as
// (OLD with references renamed), `old_object` what is reported.
Json ChangedFields(const Json& old_object, const Json& compare_old, const Json& new_object) {
  Json changed = Json::object();
  std::set<std::string> keys;
  if (old_object.is_object()) {
    for (auto it = old_object.begin(); it != old_object.end(); ++it) keys.insert(it.key());
  }
  if (new_object.is_object()) {
    for (auto it = new_object.begin(); it != new_object.end(); ++it) keys.insert(it.key());
  }
  for (const std::string& key : keys) {
    if (Field(compare_old, key) != Field(new_object, key)) {
      changed[key] = Json::array({Field(old_object, key), Field(new_object, key)});
    }
  }
  return changed;
}

// added / removed / changed of two objects of objects (templates).
Json KeyedDiff(const Json& old_map, const Json& new_map) {
  Json out = {{"added", Json::array()}, {"removed", Json::array()}, {"changed", Json::object()}};
  if (old_map.is_object()) {
    for (auto it = old_map.begin(); it != old_map.end(); ++it) {
      if (!new_map.is_object() || !new_map.contains(it.key())) out["removed"].push_back(it.key());
    }
  }
  if (new_map.is_object()) {
    for (auto it = new_map.begin(); it != new_map.end(); ++it) {
      if (!old_map.is_object() || !old_map.contains(it.key())) {
        out["added"].push_back(it.key());
      } else if (old_map[it.key()] != it.value()) {
        out["changed"][it.key()] = it.value().is_object() ? ChangedFields(old_map[it.key()], old_map[it.key()], it.value())
                                                         : Json::array({old_map[it.key()], it.value()});
      }
    }
  }
  return out;
}

bool KeyedEmpty(const Json& keyed) {
  return keyed["added"].empty() && keyed["removed"].empty() && keyed["changed"].empty() &&
         (!keyed.contains("renamed") || keyed["renamed"].empty());
}

}  // namespace

bool StructuralDiff::empty() const {
  return KeyedEmpty(json["nodes"]) && KeyedEmpty(json["templates"]) && KeyedEmpty(json["snippets"]) &&
         json["entry"].empty() && json["exit"].empty() && json["settings"].empty() && json["workflow"].empty();
}

StructuralDiff DiffWorkflows(const Workflow& old_workflow, const Workflow& new_workflow) {
  const Json& old_doc = old_workflow.source;
  const Json& new_doc = new_workflow.source;
  const Json& old_nodes = Field(old_doc, "nodes");
  const Json& new_nodes = Field(new_doc, "nodes");

  std::vector<std::string> removed, added;
  if (old_nodes.is_object()) {
    for (auto it = old_nodes.begin(); it != old_nodes.end(); ++it) {
      if (!new_nodes.is_object() || !new_nodes.contains(it.key())) removed.push_back(it.key());
    }
  }
  if (new_nodes.is_object()) {
    for (auto it = new_nodes.begin(); it != new_nodes.end(); ++it) {
      if (!old_nodes.is_object() || !old_nodes.contains(it.key())) added.push_back(it.key());
    }
  }
  StructuralDiff diff;
  diff.renamed = FindRenames(old_nodes, new_nodes, removed, added);
  std::set<std::string> renamed_to;
  for (const auto& [from, to] : diff.renamed) renamed_to.insert(to);

  Json nodes = {{"added", Json::array()}, {"removed", Json::array()}, {"renamed", Json::object()},
                {"changed", Json::object()}};
  for (const std::string& id : removed) {
    if (!diff.renamed.count(id)) nodes["removed"].push_back(id);
  }
  for (const std::string& id : added) {
    if (!renamed_to.count(id)) nodes["added"].push_back(id);
  }
  for (const auto& [from, to] : diff.renamed) nodes["renamed"][from] = to;
  // Changed: kept ids, and renamed nodes under their NEW id.
  auto compare = [&](const std::string& old_id, const std::string& new_id) {
    const Json& old_node = old_nodes[old_id];
    Json changed = ChangedFields(old_node, MapReferences(old_node, diff.renamed), new_nodes[new_id]);
    if (!changed.empty()) nodes["changed"][new_id] = std::move(changed);
  };
  if (old_nodes.is_object()) {
    for (auto it = old_nodes.begin(); it != old_nodes.end(); ++it) {
      if (new_nodes.is_object() && new_nodes.contains(it.key())) compare(it.key(), it.key());
    }
  }
  for (const auto& [from, to] : diff.renamed) compare(from, to);

  diff.json = Json::object();
  diff.json["nodes"] = std::move(nodes);
  diff.json["templates"] = KeyedDiff(Field(old_doc, "templates"), Field(new_doc, "templates"));
  diff.json["snippets"] = KeyedDiff(Field(old_doc, "snippets"), Field(new_doc, "snippets"));
  for (const char* part : {"entry", "exit", "settings"}) {
    diff.json[part] = ChangedFields(Field(old_doc, part), Field(old_doc, part), Field(new_doc, part));
  }
  // Top-level fields other than the groups above.
  Json old_top = Json::object(), new_top = Json::object(), compare_top = Json::object();
  static const std::set<std::string> kGroups = {"nodes", "templates", "snippets", "entry", "exit", "settings"};
  for (const auto* doc : {&old_doc, &new_doc}) {
    if (!doc->is_object()) continue;
    for (auto it = doc->begin(); it != doc->end(); ++it) {
      if (kGroups.count(it.key())) continue;
      (doc == &old_doc ? old_top : new_top)[it.key()] = it.value();
    }
  }
  compare_top = old_top;
  if (compare_top.contains("start") && compare_top["start"].is_string()) {
    auto it = diff.renamed.find(compare_top["start"].get<std::string>());
    if (it != diff.renamed.end()) compare_top["start"] = it->second;
  }
  diff.json["workflow"] = ChangedFields(old_top, compare_top, new_top);

  diff.json["warnings"] = Json::array();
  if (old_workflow.id != new_workflow.id) {
    diff.json["warnings"].push_back("the workflows have different ids: '" + old_workflow.id + "' and '" +
                                    new_workflow.id + "'");
  }
  return diff;
}

// ---------------------------------------------------------------- in words

namespace {

// "a b c" and "a b d" -> "a b c → d": the words both share at the start are
// said once (but each side keeps at least one word).
std::string Arrow(const std::string& before, const std::string& after) {
  std::size_t common = 0;  // bytes of the shared leading words, up to a space
  for (std::size_t i = 0; i < before.size() && i < after.size() && before[i] == after[i]; ++i) {
    if (before[i] == ' ') common = i + 1;
  }
  if (common >= before.size() || common >= after.size()) common = 0;
  return before + " → " + after.substr(common);
}

std::string Plain(const Json& value) {
  if (value.is_null()) return "none";
  if (value.is_string()) return "'" + value.get<std::string>() + "'";
  return words::DescribeValue(value);
}

std::vector<Json> Conjuncts(const Json& rule) {
  if (rule.is_object() && rule.size() == 1 && rule.contains("and") && rule["and"].is_array()) {
    return std::vector<Json>(rule["and"].begin(), rule["and"].end());
  }
  return {rule};
}

std::string JoinWords(const std::vector<Json>& rules) {
  std::string out;
  for (std::size_t i = 0; i < rules.size(); ++i) out += (i ? " and " : "") + words::DescribeCondition(rules[i]);
  return out;
}

// A condition's change: "now also requires X", "no longer requires X",
// "now X (was Y)", "added: X", "removed (was X)".
std::string ConditionChange(const Json& before, const Json& after) {
  if (before.is_null()) return "added: " + words::DescribeCondition(after);
  if (after.is_null()) return "removed (was " + words::DescribeCondition(before) + ")";
  std::vector<Json> old_parts = Conjuncts(before), new_parts = Conjuncts(after);
  auto missing_from = [](const std::vector<Json>& from, const std::vector<Json>& in) {
    std::vector<Json> out;
    for (const Json& part : from) {
      if (std::find(in.begin(), in.end(), part) == in.end()) out.push_back(part);
    }
    return out;
  };
  std::vector<Json> gained = missing_from(new_parts, old_parts);
  std::vector<Json> lost = missing_from(old_parts, new_parts);
  if (lost.empty() && !gained.empty()) return "now also requires " + JoinWords(gained);
  if (gained.empty() && !lost.empty()) return "no longer requires " + JoinWords(lost);
  return "now " + words::DescribeCondition(after) + " (was " + words::DescribeCondition(before) + ")";
}

std::string Target(const Json& ref) { return ref.is_null() ? "nowhere" : Str(ref); }

// Words for a template or snippet field's source, for the line diff.
std::string SourceText(const Json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  return value.dump(2, ' ', false, Json::error_handler_t::replace);
}

bool IsConditionField(const std::string& key) {
  return key == "where" || key == "condition" || key == "for_expr" || key == "until_expr" || key == "when";
}

// The fields words::DescribeNode reads, per node type: a change to one of them is
// said by the "old words → new words" line.
bool DescribedByNodeWords(const std::string& type, const std::string& key) {
  if (type == "send") return key == "channel" || key == "template";
  if (type == "wait") return key == "for" || key == "until" || key == "for_expr" || key == "until_expr";
  if (type == "wait_event") return key == "event" || key == "timeout";
  if (type == "wait_until") return key == "condition" || key == "timeout";
  if (type == "exit") return key == "reason";
  if (type == "enroll" || type == "unenroll") return key == "workflow";
  return false;
}

std::string FieldChange(const std::string& key, const Json& before, const Json& after) {
  if (IsConditionField(key)) return key + " " + ConditionChange(before, after);
  bool durations = (before.is_string() || before.is_null()) && (after.is_string() || after.is_null()) &&
                   (before.is_null() || ParseDuration(before.get<std::string>()).has_value()) &&
                   (after.is_null() || ParseDuration(after.get<std::string>()).has_value()) &&
                   !(before.is_null() && after.is_null());
  if (durations && key != "start" && key != "id" && key != "name") {
    return key + " " + (before.is_null() ? "none" : words::DurationTextWords(before)) + " → " +
           (after.is_null() ? "none" : words::DurationTextWords(after));
  }
  return key + " " + Plain(before) + " → " + Plain(after);
}

// Arms of a branch or split, keyed by label, in order.
std::vector<std::pair<std::string, Json>> Arms(const Json& list) {
  std::vector<std::pair<std::string, Json>> out;
  if (!list.is_array()) return out;
  for (const Json& arm : list) out.push_back({Str(Field(arm, "label")), arm});
  return out;
}

const Json* FindArm(const std::vector<std::pair<std::string, Json>>& arms, const std::string& label) {
  for (const auto& [name, arm] : arms) {
    if (name == label) return &arm;
  }
  return nullptr;
}

void ArmChanges(const std::string& id, const char* word, const Json& old_list, const Json& new_list,
                const Renames& renames, std::vector<ChangeInWords>* out) {
  auto olds = Arms(old_list), news = Arms(new_list);
  bool is_branch = std::string(word) == "branch";
  auto map_ref = [&](const Json& ref) {
    if (ref.is_string()) {
      auto it = renames.find(ref.get<std::string>());
      if (it != renames.end()) return Json(it->second);
    }
    return ref;
  };
  for (const auto& [label, arm] : olds) {
    const std::string head = id + ", " + word + " '" + label + "': ";
    const Json* now = FindArm(news, label);
    if (now == nullptr) {
      out->push_back({head + "removed" +
                          (is_branch ? " (was when " + words::DescribeCondition(Field(arm, "when")) + ")" : ""),
                      {}});
      continue;
    }
    if (is_branch && Field(arm, "when") != Field(*now, "when")) {
      out->push_back({head + ConditionChange(Field(arm, "when"), Field(*now, "when")), {}});
    }
    if (!is_branch && Field(arm, "weight") != Field(*now, "weight")) {
      out->push_back({head + "weight " + Plain(Field(arm, "weight")) + " → " + Plain(Field(*now, "weight")), {}});
    }
    if (map_ref(Field(arm, "next")) != Field(*now, "next")) {
      out->push_back({head + "now goes to " + Target(Field(*now, "next")) + " (was " + Target(Field(arm, "next")) + ")", {}});
    }
    for (auto it = now->begin(); now->is_object() && it != now->end(); ++it) {
      const std::string& key = it.key();
      if (key == "label" || key == "when" || key == "weight" || key == "next") continue;
      if (Field(arm, key) != it.value()) out->push_back({head + FieldChange(key, Field(arm, key), it.value()), {}});
    }
    for (auto it = arm.begin(); arm.is_object() && it != arm.end(); ++it) {
      if (!now->contains(it.key())) out->push_back({head + FieldChange(it.key(), it.value(), Json()), {}});
    }
  }
  for (const auto& [label, arm] : news) {
    if (FindArm(olds, label) != nullptr) continue;
    std::string what = is_branch ? "when " + words::DescribeCondition(Field(arm, "when")) + ", goes to " + Target(Field(arm, "next"))
                                 : "weight " + Plain(Field(arm, "weight")) + ", goes to " + Target(Field(arm, "next"));
    out->push_back({id + ", " + word + " '" + label + "': added (" + what + ")", {}});
  }
  // The order matters for branches (the first that holds wins).
  std::vector<std::string> old_order, new_order;
  for (const auto& [label, arm] : olds) {
    if (FindArm(news, label)) old_order.push_back(label);
  }
  for (const auto& [label, arm] : news) {
    if (FindArm(olds, label)) new_order.push_back(label);
  }
  if (is_branch && old_order != new_order) {
    auto list = [](const std::vector<std::string>& labels) {
      std::string text;
      for (std::size_t i = 0; i < labels.size(); ++i) text += (i ? ", " : "") + labels[i];
      return text;
    };
    out->push_back({id + ": branches reordered: " + list(old_order) + " → " + list(new_order), {}});
  }
}

void NodeChanges(const std::string& id, const Json& old_node, const Json& new_node, const Json& changed,
                 const Renames& renames, std::vector<ChangeInWords>* out) {
  std::string old_type = Str(Field(old_node, "type")), new_type = Str(Field(new_node, "type"));
  if (old_type != new_type) {
    out->push_back({id + ": now " + words::DescribeNode(new_node) + " (was " + words::DescribeNode(old_node) + ")", {}});
    return;
  }
  std::string before = words::DescribeNode(old_node), after = words::DescribeNode(new_node);
  bool words_said = false;
  if (old_type != "branch" && old_type != "split" && old_type != "update" && before != after) {
    out->push_back({id + ": " + Arrow(before, after), {}});
    words_said = true;
  }
  for (auto it = changed.begin(); it != changed.end(); ++it) {
    const std::string& key = it.key();
    const Json& was = it.value()[0];
    const Json& now = it.value()[1];
    if (key == "type") continue;
    if (words_said && DescribedByNodeWords(old_type, key)) continue;
    if (key == "branches" || key == "variants") {
      ArmChanges(id, key == "branches" ? "branch" : "variant", was, now, renames, out);
    } else if (key == "else") {
      out->push_back({id + ", else: now goes to " + Target(now) + " (was " + Target(was) + ")", {}});
    } else if (key == "next") {
      out->push_back({id + ": next is now " + Target(now) + " (was " + Target(was) + ")", {}});
    } else if (key == "on_timeout") {
      out->push_back({id + ": on timeout now goes to " + Target(now) + " (was " + Target(was) + ")", {}});
    } else {
      out->push_back({id + ": " + FieldChange(key, was, now), {}});
    }
  }
}

std::string Channel(const Json& template_json) { return Str(Field(template_json, "channel")); }

void KeyedSourceChanges(const char* word, const Json& keyed, const Json& old_map, const Json& new_map,
                        std::vector<ChangeInWords>* out) {
  bool templates = std::string(word) == "template";
  for (const Json& name : keyed["removed"]) {
    const Json& was = old_map[name.get<std::string>()];
    out->push_back({std::string(word) + " " + name.get<std::string>() + ": removed" +
                        (templates ? " (" + Channel(was) + ")" : ""),
                    {}});
  }
  for (const Json& name : keyed["added"]) {
    const Json& now = new_map[name.get<std::string>()];
    out->push_back({std::string(word) + " " + name.get<std::string>() + ": added" +
                        (templates ? " (" + Channel(now) + ")" : ""),
                    {}});
  }
  for (auto it = keyed["changed"].begin(); it != keyed["changed"].end(); ++it) {
    ChangeInWords change;
    const std::string head = std::string(word) + " " + it.key() + ": ";
    if (!templates) {
      change.line = head + "changed";
      change.detail = LineDiff(SourceText(it.value()[0]), SourceText(it.value()[1]));
      out->push_back(std::move(change));
      continue;
    }
    std::vector<std::string> fields;
    for (auto field = it.value().begin(); field != it.value().end(); ++field) {
      const Json& was = field.value()[0];
      const Json& now = field.value()[1];
      if (field.key() == "channel") {
        out->push_back({head + "channel " + Plain(was) + " → " + Plain(now), {}});
        continue;
      }
      fields.push_back(field.key());
      change.detail.push_back(field.key() + (was.is_null() ? " (added):" : now.is_null() ? " (removed):" : ":"));
      for (std::string& line : LineDiff(SourceText(was), SourceText(now))) change.detail.push_back(std::move(line));
    }
    if (fields.empty()) continue;
    std::string list;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      list += (i == 0 ? "" : i + 1 == fields.size() ? " and " : ", ") + fields[i];
    }
    change.line = head + list + " changed";
    out->push_back(std::move(change));
  }
}

std::string QuietHoursWords(const Json& q) {
  if (!q.is_object()) return "none";
  std::string mode = q.contains("mode") ? Str(q["mode"]) : "hold";
  return Str(Field(q, "start")) + "–" + Str(Field(q, "end")) + " (" + mode + ")";
}

std::string CapWords(const Json& cap) {
  if (!cap.is_object()) return "none";
  std::string per = words::DurationTextWords(Field(cap, "per"));
  if (per.rfind("1 ", 0) == 0 && per.find(' ', 2) == std::string::npos) per = per.substr(2);  // "per week"
  std::string out = Str(Field(cap, "max")) + " per " + per;
  const Json& channels = Field(cap, "channels");
  if (channels.is_array() && !channels.empty()) {
    out += " on ";
    for (std::size_t i = 0; i < channels.size(); ++i) out += (i ? ", " : "") + Str(channels[i]);
  }
  return out;
}

void TriggerChanges(const Json& before, const Json& after, std::vector<ChangeInWords>* out) {
  std::size_t count = std::max(before.is_array() ? before.size() : 0, after.is_array() ? after.size() : 0);
  for (std::size_t i = 0; i < count; ++i) {
    const Json& was = before.is_array() && i < before.size() ? before[i] : Json();
    const Json& now = after.is_array() && i < after.size() ? after[i] : Json();
    if (was == now) continue;
    const std::string head = "entry, trigger " + std::to_string(i) + ": ";
    if (was.is_null()) {
      out->push_back({head + "added (" + words::DescribeTrigger(now) + ")", {}});
    } else if (now.is_null()) {
      out->push_back({head + "removed (was " + words::DescribeTrigger(was) + ")", {}});
    } else if (words::DescribeTrigger(was) != words::DescribeTrigger(now)) {
      out->push_back({head + Arrow(words::DescribeTrigger(was), words::DescribeTrigger(now)), {}});
    } else {
      out->push_back({head + DumpJson(was) + " → " + DumpJson(now), {}});
    }
  }
}

}  // namespace

std::vector<ChangeInWords> DescribeChanges(const StructuralDiff& diff, const Workflow& old_workflow,
                                           const Workflow& new_workflow) {
  std::vector<ChangeInWords> out;
  const Json& json = diff.json;
  const Json& old_doc = old_workflow.source;
  const Json& new_doc = new_workflow.source;

  for (auto it = json["workflow"].begin(); it != json["workflow"].end(); ++it) {
    out.push_back({"workflow: " + FieldChange(it.key(), it.value()[0], it.value()[1]), {}});
  }
  for (auto it = json["entry"].begin(); it != json["entry"].end(); ++it) {
    const Json& was = it.value()[0];
    const Json& now = it.value()[1];
    if (it.key() == "triggers") {
      TriggerChanges(was, now, &out);
    } else if (it.key() == "audience") {
      out.push_back({"entry, audience: " + ConditionChange(was, now), {}});
    } else if (it.key() == "reenroll") {
      out.push_back({"entry: re-enrolment " + (was.is_null() ? std::string("'never'") : Plain(was)) + " → " +
                         (now.is_null() ? std::string("'never'") : Plain(now)),
                     {}});
    } else {
      out.push_back({"entry: " + FieldChange(it.key(), was, now), {}});
    }
  }
  for (auto it = json["exit"].begin(); it != json["exit"].end(); ++it) {
    const Json& was = it.value()[0];
    const Json& now = it.value()[1];
    if (it.key() == "goal") {
      out.push_back({"exit, goal: " + ConditionChange(was, now), {}});
    } else if (it.key() == "on_events") {
      out.push_back({"exit: on_events " + (was.is_null() ? "none" : DumpJson(was)) + " → " +
                         (now.is_null() ? "none" : DumpJson(now)),
                     {}});
    } else {
      out.push_back({"exit: " + FieldChange(it.key(), was, now), {}});
    }
  }
  for (auto it = json["settings"].begin(); it != json["settings"].end(); ++it) {
    const Json& was = it.value()[0];
    const Json& now = it.value()[1];
    if (it.key() == "quiet_hours") {
      out.push_back({"settings: quiet hours " + QuietHoursWords(was) + " → " + QuietHoursWords(now), {}});
    } else if (it.key() == "frequency_cap") {
      out.push_back({"settings: frequency cap " + CapWords(was) + " → " + CapWords(now), {}});
    } else {
      out.push_back({"settings: " + FieldChange(it.key(), was, now), {}});
    }
  }

  const Json& nodes = json["nodes"];
  const Json& old_nodes = Field(old_doc, "nodes");
  const Json& new_nodes = Field(new_doc, "nodes");
  for (auto it = nodes["renamed"].begin(); it != nodes["renamed"].end(); ++it) {
    out.push_back({it.key() + ": renamed to " + it.value().get<std::string>(), {}});
  }
  for (const Json& id : nodes["removed"]) {
    out.push_back({id.get<std::string>() + ": removed (" + words::DescribeNode(old_nodes[id.get<std::string>()]) + ")", {}});
  }
  for (const Json& id : nodes["added"]) {
    out.push_back({id.get<std::string>() + ": added (" + words::DescribeNode(new_nodes[id.get<std::string>()]) + ")", {}});
  }
  std::map<std::string, std::string> renamed_from;
  for (const auto& [from, to] : diff.renamed) renamed_from[to] = from;
  for (auto it = nodes["changed"].begin(); it != nodes["changed"].end(); ++it) {
    const std::string& id = it.key();
    auto from = renamed_from.find(id);
    const Json& old_node = old_nodes[from == renamed_from.end() ? id : from->second];
    NodeChanges(id, old_node, new_nodes[id], it.value(), diff.renamed, &out);
  }
  KeyedSourceChanges("template", json["templates"], Field(old_doc, "templates"), Field(new_doc, "templates"), &out);
  KeyedSourceChanges("snippet", json["snippets"], Field(old_doc, "snippets"), Field(new_doc, "snippets"), &out);
  return out;
}

std::string FormatChangesText(const std::vector<ChangeInWords>& changes) {
  std::string out;
  for (const ChangeInWords& change : changes) {
    out += change.line + "\n";
    for (const std::string& line : change.detail) out += "    " + line + "\n";
  }
  return out;
}

std::string FormatChangesMarkdown(const std::vector<ChangeInWords>& changes) {
  std::string out;
  for (const ChangeInWords& change : changes) {
    out += "- " + change.line + "\n";
    if (change.detail.empty()) continue;
    out += "\n  ```diff\n";
    for (const std::string& line : change.detail) {
      // A detail line is "field:", "- x", "+ x" or "  …"; a diff block wants
      // the field names as context lines.
      out += "  " + (line.size() > 1 && (line[0] == '-' || line[0] == '+') && line[1] == ' ' ? line : "  " + line) + "\n";
    }
    out += "  ```\n\n";
  }
  return out;
}

}  // namespace flowproof
