// Dittofeed journeys to v1 workflows (FORMAT.md, v1.1, "flowproof import").
//
// The export is {"journey": JourneyResource, "segments": [SegmentResource],
// "templates": [MessageTemplateResource], "userProperties": [...]?} as
// Dittofeed's admin API returns them (a bare journey resource or a bare
// JourneyDefinition is accepted too). Node by node:
//   EntryNode (segment)  -> a condition trigger on the segment's condition
//   EventEntryNode       -> an event trigger
//   DelayNode Second     -> wait for; LocalTime -> wait until (time, days);
//                           UserProperty -> wait until_expr (date_add)
//   SegmentSplitNode     -> branch (a lone RandomBucket segment -> split)
//   MessageNode          -> send (the template converted, user.X -> contact.X)
//   WaitForNode          -> wait_until (timeout -> on_timeout)
//   RandomCohortNode     -> split (mode random)
//   ExitNode             -> exit
// Segment trees (Trait, Performed, LastPerformed, Email, And, Or, Includes,
// Everyone, Manual, SubscriptionGroup, RandomBucket, ...) become JsonLogic.
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/base/json_dump.h"
#include "core/base/problem_codes.h"
#include "core/import/build_logic.h"
#include "core/import/converters.h"
#include "core/import/import_context.h"
#include "core/json/json_input.h"
#include "core/time/zone.h"

namespace flowproof {

namespace {

std::optional<double> Num(const Json& object, const char* name) {
  const Json* v = FindMember(object, name);
  if (v == nullptr || !v->is_number()) return std::nullopt;
  return v->get<double>();
}

constexpr int kMaxSegmentDepth = 64;

// Dittofeed's internal events that flowproof has a standard name for.
std::string EventName(const std::string& dittofeed) {
  if (dittofeed == "DFEmailOpened") return "email_opened";
  if (dittofeed == "DFEmailClicked") return "email_clicked";
  return dittofeed;
}

bool LooksLikeUuid(const std::string& id) {
  if (id.size() < 32) return false;
  for (char c : id) {
    if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == '-')) return false;
  }
  return true;
}

class Converter {
 public:
  Converter(const Json& doc, const NamesMap& names) : doc_(doc), ctx_(Platform::kDittofeed, names) {}

  ImportResult Run();

 private:
  struct Resource {
    const Json* value;
    std::string pointer;
  };

  void IndexResources(const char* field, std::map<std::string, Resource>& index);
  Json SegmentCondition(const std::string& segment_id, const std::string& use_pointer);
  Json SegmentNode(const Json& node, const std::string& pointer, const std::map<std::string, Resource>& body,
                   int depth);
  Json PropertyCondition(const Json& property, const std::string& pointer, bool on_event);
  Json Operator(const Json& target, const Json& op, const std::string& pointer);
  std::string SegmentLabel(const std::string& segment_id);
  const Json* LoneRandomBucket(const std::string& segment_id);
  std::string TemplateFor(const std::string& template_id, const std::string& channel, const std::string& pointer);
  std::string TemplateName(const std::string& template_id);
  std::string Text(const Json& def, const char* field, const std::string& pointer);
  void ConvertEntry(const Json& entry, const std::string& pointer, const Json* journey);
  void ConvertNode(const Json& node, const std::string& pointer);
  std::string Link(const Json& node, const char* field, const std::string& pointer);
  std::string NodeIdFor(const Json& node, const std::string& fallback);

  const Json& doc_;
  ImportContext ctx_;
  std::map<std::string, Resource> segments_, templates_, user_properties_;
  std::map<std::string, Json> segment_conditions_;
  std::map<std::string, std::string> template_names_;  // Dittofeed id + channel -> template name
  std::map<std::string, std::string> node_ids_;        // Dittofeed node id -> node id
  std::string exit_id_;
  std::string current_segment_;  // the segment whose tree is being converted
  std::optional<std::string> timezone_;
  bool timezone_conflict_ = false;
};

void Converter::IndexResources(const char* field, std::map<std::string, Resource>& index) {
  const Json* list = FindMember(doc_, field);
  if (list == nullptr) return;
  std::string base = std::string("/") + field;
  if (!list->is_array()) {
    ctx_.AddProblem(base, std::string("'") + field + "' must be an array of resources", problem_code::kWrongType);
    return;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& r = (*list)[i];
    std::string id = StringMember(r, "id");
    if (id.empty()) {
      ctx_.AddLoss(InputPointer(base, i), "a resource without an 'id' was ignored");
      continue;
    }
    index.emplace(id, Resource{&r, InputPointer(base, i)});
  }
}

std::string Converter::SegmentLabel(const std::string& segment_id) {
  auto it = segments_.find(segment_id);
  std::string name = it != segments_.end() ? StringMember(*it->second.value, "name") : std::string();
  return name.empty() ? segment_id : name;
}

Json Converter::SegmentCondition(const std::string& segment_id, const std::string& use_pointer) {
  auto cached = segment_conditions_.find(segment_id);
  if (cached != segment_conditions_.end()) return cached->second;
  auto it = segments_.find(segment_id);
  Json rule;
  if (it == segments_.end()) {
    // FORMAT.md: an id the export does not name becomes a list of that name.
    rule = InList(ctx_.NameForId(segment_id, "segment", use_pointer));
  } else {
    std::string pointer = it->second.pointer + "/definition";
    const Json* def = FindMember(*it->second.value, "definition");
    const Json* entry = def != nullptr ? FindMember(*def, "entryNode") : nullptr;
    if (entry == nullptr || !entry->is_object()) {
      ctx_.AddLoss(pointer, "the segment has no definition with an 'entryNode'; it is taken as matching nobody");
      rule = AlwaysFalse();
    } else {
      std::map<std::string, Resource> body;
      if (const Json* nodes = FindMember(*def, "nodes"); nodes != nullptr && nodes->is_array()) {
        for (std::size_t i = 0; i < nodes->size(); ++i) {
          std::string id = StringMember((*nodes)[i], "id");
          if (!id.empty()) body.emplace(id, Resource{&(*nodes)[i], InputPointer(pointer + "/nodes", i)});
        }
      }
      current_segment_ = segment_id;
      rule = SegmentNode(*entry, pointer + "/entryNode", body, 0);
    }
  }
  segment_conditions_[segment_id] = rule;
  return rule;
}

Json Converter::Operator(const Json& target, const Json& op, const std::string& pointer) {
  std::string type = StringMember(op, "type");
  const Json* value = FindMember(op, "value");
  Json exists = Compare("!=", target, nullptr);
  if (type == "Equals" && value != nullptr) return Compare("==", target, *value);
  if (type == "NotEquals" && value != nullptr) return Compare("!=", target, *value);
  if (type == "Exists") return exists;
  if (type == "NotExists") return Compare("==", target, nullptr);
  if (type == "GreaterThanOrEqual" && value != nullptr) return AllOf({exists, Compare(">=", target, *value)});
  if (type == "LessThan" && value != nullptr) return AllOf({exists, Compare("<", target, *value)});
  if (type == "Within") {
    if (auto w = Num(op, "windowSeconds"); w && *w >= 0) {
      return AllOf({exists, Compare("<=", Json{{"hours_since", Json::array({target})}}, *w / 3600.0)});
    }
  }
  if (type == "AbsoluteTimestamp") {
    std::string at = StringMember(op, "absoluteTimestamp");
    std::string direction = StringMember(op, "direction");
    if (!at.empty() && (direction == "after" || direction == "before")) {
      Json mine = Json{{"hours_since", Json::array({target})}};
      Json theirs = Json{{"hours_since", Json::array({at})}};
      return AllOf({exists, Compare(direction == "after" ? "<" : ">", mine, theirs)});
    }
  }
  if (type == "HasBeen" && value != nullptr) {
    ctx_.AddLoss(pointer, "'HasBeen' (the value held for a time window) needs the value's history; only the current "
                          "value is compared");
    return Compare("==", target, *value);
  }
  ctx_.AddLoss(pointer, "the operator '" + type + "' is not one flowproof knows; the condition is taken as false");
  return AlwaysFalse();
}

Json Converter::PropertyCondition(const Json& property, const std::string& pointer, bool on_event) {
  std::string path = StringMember(property, "path");
  if (path.rfind("$.", 0) == 0) path = path.substr(2);
  const Json* op = FindMember(property, "operator");
  if (path.empty() || op == nullptr) {
    ctx_.AddLoss(pointer, "a property test without 'path' or 'operator' is taken as false");
    return AlwaysFalse();
  }
  if (path.find_first_of("[]*$") != std::string::npos) {
    ctx_.AddLoss(pointer + "/path", "the JSONPath '" + path + "' is read as a plain dotted path");
  }
  Json target = on_event ? EventPropertyVar(path) : ContactVar(path);
  return Operator(target, *op, pointer + "/operator");
}

Json Converter::SegmentNode(const Json& node, const std::string& pointer,
                            const std::map<std::string, Resource>& body, int depth) {
  if (depth > kMaxSegmentDepth) {
    ctx_.AddLoss(pointer, "the segment tree nests deeper than 64 (or refers to itself); this part is taken as false");
    return AlwaysFalse();
  }
  std::string type = StringMember(node, "type");
  if (type == "And" || type == "Or") {
    std::vector<Json> parts;
    const Json* children = FindMember(node, "children");
    if (children != nullptr && children->is_array()) {
      for (std::size_t i = 0; i < children->size(); ++i) {
        const Json& child = (*children)[i];
        std::string id = child.is_string() ? child.get<std::string>() : std::string();
        auto it = body.find(id);
        if (it == body.end()) {
          ctx_.AddLoss(InputPointer(pointer + "/children", i),
                       "the segment node '" + id + "' is not in the segment's 'nodes'; it is taken as false");
          parts.push_back(AlwaysFalse());
          continue;
        }
        parts.push_back(SegmentNode(*it->second.value, it->second.pointer, body, depth + 1));
      }
    }
    return type == "And" ? AllOf(std::move(parts)) : AnyOf(std::move(parts));
  }
  if (type == "Trait") return PropertyCondition(node, pointer, false);
  if (type == "Everyone") return AlwaysTrue();
  if (type == "Performed" || type == "KeyedPerformed") {
    std::string event = EventName(StringMember(node, "event"));
    if (type == "KeyedPerformed") {
      ctx_.AddLoss(pointer, "a keyed 'performed' condition (events matched by key '" + StringMember(node, "key") +
                                "') is read as any such event");
    }
    std::vector<Json> where_parts;
    if (const Json* props = FindMember(node, "properties"); props != nullptr && props->is_array()) {
      for (std::size_t i = 0; i < props->size(); ++i) {
        where_parts.push_back(PropertyCondition((*props)[i], InputPointer(pointer + "/properties", i), true));
      }
    }
    std::string window = kEverWindow;
    if (auto within = Num(node, "withinSeconds")) {
      bool rounded = false;
      if (auto d = DurationFromSeconds(*within, &rounded)) window = *d;
      if (rounded) ctx_.AddLoss(pointer + "/withinSeconds", "the window is rounded to whole seconds");
    }
    std::string time_op = StringMember(node, "timeOperator");
    if (time_op == "AfterAbsolute" || time_op == "BeforeAbsolute") {
      ctx_.AddLoss(pointer + "/timeOperator", "events " + std::string(time_op == "AfterAbsolute" ? "after" : "before") +
                                                  " a fixed moment are counted over all time");
    }
    Json where = AllOf(std::move(where_parts));
    const Json* where_ptr = where.is_boolean() && where.get<bool>() ? nullptr : &where;
    double times = Num(node, "times").value_or(1);
    std::string times_op = StringMember(node, "timesOperator");
    if (times_op.empty()) times_op = ">=";
    if (times_op == ">=" && times <= 1) return HasEvent(event, window, where_ptr);
    Json count = CountEvents(event, window, where_ptr);
    if (times_op == "=") return Compare("==", count, times);
    if (times_op == "<") return Compare("<", count, times);
    return Compare(">=", count, times);
  }
  if (type == "LastPerformed") {
    std::string event = EventName(StringMember(node, "event"));
    std::vector<Json> parts;
    for (const char* field : {"whereProperties", "hasProperties"}) {
      if (const Json* props = FindMember(node, field); props != nullptr && props->is_array()) {
        for (std::size_t i = 0; i < props->size(); ++i) {
          parts.push_back(PropertyCondition((*props)[i], InputPointer(pointer + "/" + field, i), true));
        }
      }
    }
    ctx_.AddLoss(pointer, "'last performed' tests the latest '" + event +
                              "' event; flowproof tests whether any such event matches");
    Json where = AllOf(std::move(parts));
    const Json* where_ptr = where.is_boolean() && where.get<bool>() ? nullptr : &where;
    return HasEvent(event, kEverWindow, where_ptr);
  }
  if (type == "Email") {
    std::string event = StringMember(node, "event");
    std::string flow_event = EventName(event);
    if (flow_event == event) {
      ctx_.AddLoss(pointer, "the email event '" + event + "' has no flowproof twin (only opens and clicks); "
                                "the condition is taken as false");
      return AlwaysFalse();
    }
    Json where = Compare("==", EventPropertyVar("template"), TemplateName(StringMember(node, "templateId")));
    double times = Num(node, "times").value_or(1);
    if (times <= 1) return HasEvent(flow_event, kEverWindow, &where);
    return Compare(">=", CountEvents(flow_event, kEverWindow, &where), times);
  }
  if (type == "Includes") {
    std::string path = StringMember(node, "path");
    if (path.rfind("$.", 0) == 0) path = path.substr(2);
    Json list = ContactVar(path);
    return AllOf({Compare("!=", list, nullptr), Json{{"in", Json::array({StringMember(node, "item"), list})}}});
  }
  if (type == "Manual") {
    ctx_.AddLoss(pointer, "a manual segment (members uploaded by hand) becomes membership of a list of the same "
                          "name; put contacts on it in the fixture");
    return InList(SegmentLabel(current_segment_));
  }
  if (type == "SubscriptionGroup" || type == "SubscriptionGroupUnsubscribed") {
    std::string group = ctx_.NameForId(StringMember(node, "subscriptionGroupId"), "subscription group", pointer);
    ctx_.AddLoss(pointer, "subscription group membership becomes membership of the list '" + group + "'");
    return type == "SubscriptionGroup" ? InList(group) : Not(InList(group));
  }
  if (type == "RandomBucket") {
    ctx_.AddLoss(pointer, "a random bucket inside a condition has no flowproof twin; it is taken as false (a split on a "
                          "lone random-bucket segment becomes a random split)");
    return AlwaysFalse();
  }
  if (type == "Broadcast") {
    ctx_.AddLoss(pointer, "a broadcast segment has no flowproof twin; it is taken as false");
    return AlwaysFalse();
  }
  ctx_.AddLoss(pointer + "/type", "the segment node type '" + type + "' is not known; it is taken as false");
  return AlwaysFalse();
}

const Json* Converter::LoneRandomBucket(const std::string& segment_id) {
  auto it = segments_.find(segment_id);
  if (it == segments_.end()) return nullptr;
  const Json* def = FindMember(*it->second.value, "definition");
  const Json* entry = def != nullptr ? FindMember(*def, "entryNode") : nullptr;
  if (entry == nullptr || StringMember(*entry, "type") != "RandomBucket") return nullptr;
  auto p = Num(*entry, "percent");
  if (!p || !(*p > 0 && *p < 1)) return nullptr;
  return entry;
}

std::string Converter::TemplateName(const std::string& template_id) {
  auto it = templates_.find(template_id);
  if (it == templates_.end()) return template_id;
  std::string name = StringMember(*it->second.value, "name");
  return name.empty() ? template_id : name;
}

// A Liquid text of a template: user.X -> contact.X, Dittofeed's own tags
// replaced by fixed links, kept literally when it still does not parse.
std::string Converter::Text(const Json& def, const char* field, const std::string& pointer) {
  const Json* v = FindMember(def, field);
  if (v == nullptr || !v->is_string()) return std::string();
  std::string here = pointer + "/" + field;
  std::string text = RewriteTemplateVariables(v->get<std::string>(), "user");
  static const std::pair<const char*, const char*> kTags[] = {
      {"unsubscribe_link", "<a href=\"https://example.invalid/unsubscribe\">Unsubscribe</a>"},
      {"unsubscribe_url", "https://example.invalid/unsubscribe"},
      {"subscription_management_link", "<a href=\"https://example.invalid/preferences\">Manage subscriptions</a>"},
      {"subscription_management_url", "https://example.invalid/preferences"},
      {"view_in_browser_url", "https://example.invalid/view"},
  };
  for (const auto& [tag, replacement] : kTags) {
    std::size_t at = 0;
    while ((at = text.find("{%", at)) != std::string::npos) {
      std::size_t word = text.find_first_not_of(" -\t", at + 2);
      std::size_t close = text.find("%}", at);
      if (word == std::string::npos || close == std::string::npos) break;
      // The tag's name ends where the tag does or at a character that
      // cannot continue a name ("unsubscribe_link" is not "unsubscribe_linked").
      const std::size_t length = std::strlen(tag), end = word + length;
      if (text.compare(word, length, tag) == 0 && end <= close &&
          (end == close || (!std::isalnum(static_cast<unsigned char>(text[end])) && text[end] != '_'))) {
        text.replace(at, close + 2 - at, replacement);
        ctx_.AddLoss(here, std::string("Dittofeed's {% ") + tag + " %} becomes the fixed text " + replacement);
        at += std::strlen(replacement);
      } else {
        at += 2;
      }
    }
  }
  if (text.find("markdown") != std::string::npos && text.find("| markdown") != std::string::npos) {
    ctx_.AddLoss(here, "the 'markdown' filter is Dittofeed's own; flowproof leaves the text as it is");
  }
  return ctx_.CheckedLiquid(text, here);
}

std::string Converter::TemplateFor(const std::string& template_id, const std::string& channel,
                                   const std::string& pointer) {
  std::string key = channel + "\n" + template_id;
  if (auto done = template_names_.find(key); done != template_names_.end()) return done->second;
  auto it = templates_.find(template_id);
  std::string name;
  if (it == templates_.end()) {
    name = ctx_.PlaceholderTemplate(template_id, channel, pointer);
  } else {
    const Json& resource = *it->second.value;
    std::string rp = it->second.pointer;
    const Json* def = FindMember(resource, "definition");
    std::string dp = rp + "/definition";
    if (def == nullptr || !def->is_object()) {
      def = FindMember(resource, "draft");
      dp = rp + "/draft";
      if (def != nullptr && def->is_object()) ctx_.AddLoss(dp, "the template has no published definition; its draft is used");
    }
    static const std::map<std::string, std::string> kChannels = {
        {"Email", "email"}, {"Sms", "sms"}, {"MobilePush", "push"}, {"Webhook", "webhook"}};
    std::string type = def != nullptr ? StringMember(*def, "type") : std::string();
    auto ch = kChannels.find(type);
    Json tmpl = {{"channel", channel}};
    bool usable = def != nullptr && def->is_object() && ch != kChannels.end() && ch->second == channel;
    if (usable && channel == "email") {
      const Json* body = FindMember(*def, "body");
      if (body == nullptr || !body->is_string()) {
        usable = false;
      } else {
        std::string from = StringMember(*def, "from");
        std::size_t lt = from.find('<');
        if (lt != std::string::npos && lt > 0) {
          std::string display = from.substr(0, lt);
          while (!display.empty() && (display.back() == ' ' || display.back() == '"')) display.pop_back();
          while (!display.empty() && (display.front() == ' ' || display.front() == '"')) display.erase(0, 1);
          from = display;
        }
        if (!from.empty()) tmpl["from_name"] = ctx_.CheckedLiquid(RewriteTemplateVariables(from, "user"), dp + "/from");
        tmpl["subject"] = Text(*def, "subject", dp);
        tmpl["html"] = Text(*def, "body", dp);
        for (const char* dropped : {"replyTo", "cc", "bcc", "headers", "attachmentUserProperties"}) {
          if (FindMember(*def, dropped) != nullptr) {
            ctx_.AddLoss(dp + "/" + dropped, std::string("'") + dropped + "' has no flowproof field; it was left out");
          }
        }
      }
    } else if (usable && channel == "sms") {
      tmpl["body"] = Text(*def, "body", dp);
    } else if (usable && channel == "push") {
      if (FindMember(*def, "title") != nullptr) tmpl["title"] = Text(*def, "title", dp);
      tmpl["body"] = Text(*def, "body", dp);
      if (FindMember(*def, "imageUrl") != nullptr) tmpl["image"] = Text(*def, "imageUrl", dp);
    } else if (usable && channel == "webhook") {
      std::string body = RewriteTemplateVariables(StringMember(*def, "body"), "user");
      JsonInputResult parsed = ParseJsonText(body);
      const Json* config = parsed.ok() ? FindMember(parsed.value, "config") : nullptr;
      if (config == nullptr || !config->is_object()) {
        usable = false;
      } else {
        std::string method = StringMember(*config, "method");
        tmpl["method"] = method.empty() ? "POST" : method;
        tmpl["url"] = ctx_.CheckedLiquid(StringMember(*config, "url"), dp + "/body");
        if (const Json* data = FindMember(*config, "data")) {
          tmpl["body"] = ctx_.CheckedLiquid(data->is_string() ? data->get<std::string>() : DumpJson(*data), dp + "/body");
        }
        if (FindMember(*config, "headers") != nullptr || FindMember(parsed.value, "secret") != nullptr) {
          ctx_.AddLoss(dp + "/body", "webhook headers and secrets are not recorded");
        }
      }
    }
    if (usable) {
      name = ctx_.AddTemplate(TemplateName(template_id), std::move(tmpl));
    } else {
      ctx_.AddLoss(dp, "the template's content could not be read as a " + channel +
                           " template (low-code email body, another channel, or an unreadable webhook body)");
      name = ctx_.PlaceholderTemplate(template_id, channel, pointer);
    }
  }
  template_names_[key] = name;
  return name;
}

std::string Converter::NodeIdFor(const Json& node, const std::string& fallback) {
  std::string name = StringMember(node, "name");
  if (!name.empty()) return name;
  std::string id = StringMember(node, "id");
  if (!id.empty() && !LooksLikeUuid(id)) return id;
  return fallback;
}

std::string Converter::Link(const Json& node, const char* field, const std::string& pointer) {
  std::string target = StringMember(node, field);
  if (target == "ExitNode") return exit_id_;
  auto it = node_ids_.find(target);
  if (it == node_ids_.end()) {
    ctx_.AddProblem(pointer + "/" + field, "'" + target + "' is not a node of the journey", problem_code::kBadReference);
    return exit_id_;
  }
  return it->second;
}

void Converter::ConvertEntry(const Json& entry, const std::string& pointer, const Json* journey) {
  Json trigger;
  std::string type = StringMember(entry, "type");
  bool can_run_multiple = journey != nullptr && FindMember(*journey, "canRunMultiple") != nullptr &&
                          FindMember(*journey, "canRunMultiple")->is_boolean() && FindMember(*journey, "canRunMultiple")->get<bool>();
  if (type == "EntryNode" || type == "SegmentEntryNode") {
    std::string segment = StringMember(entry, "segment");
    trigger = {{"type", "condition"}, {"condition", SegmentCondition(segment, pointer + "/segment")}};
    const Json* re = FindMember(entry, "reEnter");
    if (re != nullptr && re->is_boolean() && re->get<bool>()) {
      ctx_.AddLoss(pointer + "/reEnter", "Dittofeed re-enters a contact still in the segment when it exits; flowproof "
                                         "re-enrols it the next time the segment condition becomes true (after_exit)");
      can_run_multiple = true;
    }
  } else if (type == "EventEntryNode") {
    if (StringMember(entry, "event").empty()) {
      ctx_.AddProblem(pointer + "/event", "an event entry needs the name of its 'event'", problem_code::kMissingField);
      return;
    }
    trigger = {{"type", "event"}, {"event", EventName(StringMember(entry, "event"))}};
    if (!StringMember(entry, "key").empty()) {
      ctx_.AddLoss(pointer + "/key", "the entry's event key '" + StringMember(entry, "key") +
                                         "' (which later waits match on) is not carried over");
    }
  } else {
    ctx_.AddProblem(pointer + "/type", "the entry node type '" + type + "' is not one of EntryNode, EventEntryNode",
                    problem_code::kUnknownValue);
    return;
  }
  Json entry_out = {{"triggers", Json::array({trigger})}};
  if (can_run_multiple) entry_out["reenroll"] = "after_exit";
  ctx_.workflow()["entry"] = std::move(entry_out);
}

void Converter::ConvertNode(const Json& node, const std::string& pointer) {
  std::string type = StringMember(node, "type");
  std::string id = node_ids_[StringMember(node, "id")];
  if (type == "DelayNode") {
    const Json* variant = FindMember(node, "variant");
    std::string vp = pointer + "/variant";
    std::string vtype = variant != nullptr ? StringMember(*variant, "type") : std::string();
    Json out = {{"type", "wait"}, {"next", Link(node, "child", pointer)}};
    if (vtype == "Second") {
      bool rounded = false;
      auto d = DurationFromSeconds(Num(*variant, "seconds").value_or(-1), &rounded);
      if (!d) {
        ctx_.AddProblem(vp + "/seconds", "'seconds' must be a number of seconds from 0 up", problem_code::kOutOfRange);
        return;
      }
      if (rounded) ctx_.AddLoss(vp + "/seconds", "the delay is rounded to whole seconds (" + *d + ")");
      if (*d == "0s") {
        out["for_expr"] = 0;
      } else {
        out["for"] = *d;
      }
    } else if (vtype == "LocalTime") {
      double hour = Num(*variant, "hour").value_or(-1);
      double minute = Num(*variant, "minute").value_or(0);
      if (!(hour >= 0 && hour <= 23 && hour == std::floor(hour)) || !(minute >= 0 && minute <= 59 && minute == std::floor(minute))) {
        ctx_.AddProblem(vp, "a local-time delay needs a whole 'hour' 0-23 and 'minute' 0-59", problem_code::kOutOfRange);
        return;
      }
      char time[8];
      std::snprintf(time, sizeof time, "%02d:%02d", static_cast<int>(hour), static_cast<int>(minute));
      Json until = {{"time", time}};
      if (const Json* days = FindMember(*variant, "allowedDaysOfWeek"); days != nullptr && days->is_array()) {
        static const char* kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
        Json list = Json::array();
        bool seen[7] = {};
        for (const Json& d : *days) {
          if (d.is_number_integer() && d.get<long long>() >= 0 && d.get<long long>() <= 6) seen[d.get<int>()] = true;
        }
        for (int d = 1; d <= 7; ++d) {
          if (seen[d % 7]) list.push_back(kDays[d % 7]);
        }
        if (list.empty()) {
          ctx_.AddLoss(vp + "/allowedDaysOfWeek", "no valid day (0 = Sunday .. 6) is allowed; every day is");
        } else if (list.size() < 7) {
          until["days"] = std::move(list);
        }
      }
      std::string zone = StringMember(*variant, "defaultTimezone");
      if (!zone.empty() && FindTimeZone(zone) == nullptr) {
        ctx_.AddLoss(vp + "/defaultTimezone", "'" + zone + "' is not an IANA time zone; it was left out");
      } else if (!zone.empty()) {
        if (timezone_ && *timezone_ != zone) timezone_conflict_ = true;
        if (!timezone_) timezone_ = zone;
        if (timezone_conflict_) {
          ctx_.AddLoss(vp + "/defaultTimezone", "local-time delays name different default zones; the workflow's "
                                                "zone is the first one, " + *timezone_);
        }
      }
      out["until"] = std::move(until);
    } else if (vtype == "UserProperty") {
      std::string prop_id = StringMember(*variant, "userProperty");
      std::string attribute;
      auto it = user_properties_.find(prop_id);
      if (it != user_properties_.end()) {
        const Json* def = FindMember(*it->second.value, "definition");
        if (def != nullptr && StringMember(*def, "type") == "Trait") attribute = StringMember(*def, "path");
        if (attribute.empty()) attribute = StringMember(*it->second.value, "name");
      }
      if (attribute.empty()) attribute = ctx_.NameForId(prop_id, "user property", vp + "/userProperty");
      if (attribute.rfind("$.", 0) == 0) attribute = attribute.substr(2);
      bool rounded = false;
      auto offset = DurationFromSeconds(Num(*variant, "offsetSeconds").value_or(0), &rounded);
      if (!offset) {
        ctx_.AddProblem(vp + "/offsetSeconds", "'offsetSeconds' must be a number of seconds from 0 up",
                        problem_code::kOutOfRange);
        return;
      }
      if (rounded) ctx_.AddLoss(vp + "/offsetSeconds", "the offset is rounded to whole seconds");
      std::string signed_offset = (StringMember(*variant, "offsetDirection") == "before" && *offset != "0s" ? "-" : "") + *offset;
      Json value = ContactVar(attribute);
      out["until_expr"] = Json{{"if", Json::array({Compare("!=", value, nullptr),
                                                     Json{{"date_add", Json::array({value, signed_offset})}},
                                                     Var("now")})}};
    } else {
      ctx_.AddProblem(vp + "/type", "the delay variant '" + vtype + "' is not one of Second, LocalTime, UserProperty",
                      problem_code::kUnknownValue);
      return;
    }
    ctx_.SetNode(id, std::move(out), pointer);
  } else if (type == "MessageNode") {
    const Json* variant = FindMember(node, "variant");
    std::string vp = pointer + "/variant";
    static const std::map<std::string, std::string> kChannels = {
        {"Email", "email"}, {"Sms", "sms"}, {"MobilePush", "push"}, {"Webhook", "webhook"}};
    std::string vtype = variant != nullptr ? StringMember(*variant, "type") : std::string();
    auto ch = kChannels.find(vtype);
    if (ch == kChannels.end()) {
      ctx_.AddProblem(vp + "/type", "the message channel '" + vtype + "' is not one of Email, Sms, MobilePush, Webhook",
                      problem_code::kUnknownValue);
      return;
    }
    std::string tmpl = TemplateFor(StringMember(*variant, "templateId"), ch->second, vp + "/templateId");
    if (!StringMember(node, "subscriptionGroupId").empty()) {
      ctx_.AddLoss(pointer + "/subscriptionGroupId", "the subscription group is not checked before sending; the "
                                                      "contact's consent for the channel decides");
    }
    ctx_.SetNode(id, {{"type", "send"}, {"channel", ch->second}, {"template", tmpl}, {"next", Link(node, "child", pointer)}},
                 pointer);
  } else if (type == "SegmentSplitNode") {
    const Json* variant = FindMember(node, "variant");
    std::string vp = pointer + "/variant";
    if (variant == nullptr || StringMember(*variant, "type") != "Boolean") {
      ctx_.AddProblem(vp + "/type", "the segment split variant must be 'Boolean'", problem_code::kUnknownValue);
      return;
    }
    std::string segment = StringMember(*variant, "segment");
    std::string yes = Link(*variant, "trueChild", vp);
    std::string no = Link(*variant, "falseChild", vp);
    if (const Json* bucket = LoneRandomBucket(segment)) {
      double share = *Num(*bucket, "percent");
      ctx_.AddLoss(vp + "/segment", "the random-bucket segment becomes a random split with the same share; which "
                                    "contacts fall in the bucket is drawn by flowproof's seeded draw");
      ctx_.SetNode(id, {{"type", "split"}, {"mode", "random"},
                        {"variants", Json::array({{{"label", "in bucket"}, {"weight", NumberJson(share * 100)}, {"next", yes}},
                                                  {{"label", "not in bucket"}, {"weight", NumberJson((1 - share) * 100)}, {"next", no}}})}},
                   pointer);
      return;
    }
    std::string label = SegmentLabel(segment);
    if (label == "else" || label.empty()) label = "in segment";
    ctx_.SetNode(id, {{"type", "branch"},
                      {"branches", Json::array({{{"label", label}, {"when", SegmentCondition(segment, vp + "/segment")}, {"next", yes}}})},
                      {"else", no}},
                 pointer);
  } else if (type == "WaitForNode") {
    bool rounded = false;
    auto timeout = DurationFromSeconds(Num(node, "timeoutSeconds").value_or(-1), &rounded);
    if (!timeout || *timeout == "0s") {
      ctx_.AddProblem(pointer + "/timeoutSeconds", "'timeoutSeconds' must be a positive number of seconds",
                      problem_code::kOutOfRange);
      return;
    }
    if (rounded) ctx_.AddLoss(pointer + "/timeoutSeconds", "the timeout is rounded to whole seconds");
    std::string on_timeout = Link(node, "timeoutChild", pointer);
    const Json* children = FindMember(node, "segmentChildren");
    std::vector<std::pair<Json, std::string>> paths;  // condition, next
    if (children != nullptr && children->is_array()) {
      for (std::size_t i = 0; i < children->size(); ++i) {
        std::string cp = InputPointer(pointer + "/segmentChildren", i);
        const Json& child = (*children)[i];
        paths.emplace_back(SegmentCondition(StringMember(child, "segmentId"), cp + "/segmentId"), Link(child, "id", cp));
      }
    }
    if (paths.empty()) {
      ctx_.AddLoss(pointer + "/segmentChildren", "a wait with no segment to wait for only waits for its timeout");
      ctx_.SetNode(id, {{"type", "wait"}, {"for", *timeout}, {"next", on_timeout}}, pointer);
      return;
    }
    std::string next = paths.front().second;
    std::vector<Json> conditions;
    for (const auto& p : paths) conditions.push_back(p.first);
    if (paths.size() > 1) {
      // Which segment was reached decides the path, first listed first.
      std::string which = ctx_.ReserveNodeId(id + "_which");
      Json branches = Json::array();
      std::set<std::string> labels;
      for (std::size_t i = 0; i < paths.size(); ++i) {
        std::string label = "segment " + std::to_string(i + 1);
        branches.push_back({{"label", label}, {"when", paths[i].first}, {"next", paths[i].second}});
      }
      ctx_.SetNode(which, {{"type", "branch"}, {"branches", branches}, {"else", paths.front().second}}, pointer);
      next = which;
    }
    ctx_.SetNode(id, {{"type", "wait_until"}, {"condition", AnyOf(conditions)}, {"timeout", *timeout},
                      {"next", next}, {"on_timeout", on_timeout}},
                 pointer);
  } else if (type == "RandomCohortNode") {
    const Json* children = FindMember(node, "children");
    Json variants = Json::array();
    std::set<std::string> labels;
    if (children != nullptr && children->is_array()) {
      for (std::size_t i = 0; i < children->size(); ++i) {
        std::string cp = InputPointer(pointer + "/children", i);
        const Json& child = (*children)[i];
        double percent = Num(child, "percent").value_or(0);
        std::string next = Link(child, "id", cp);
        if (!(percent > 0 && percent < 1e9)) {
          ctx_.AddLoss(cp + "/percent", "a cohort of no share is never drawn; it was left out");
          continue;
        }
        std::string label = StringMember(child, "name");
        if (label.empty() || label == "else") label = "cohort " + std::to_string(i + 1);
        std::string unique = label;
        for (int n = 2; labels.contains(unique); ++n) unique = label + " " + std::to_string(n);
        labels.insert(unique);
        variants.push_back({{"label", unique}, {"weight", NumberJson(percent)}, {"next", next}});
      }
    }
    if (variants.empty()) {
      ctx_.AddProblem(pointer + "/children", "a random cohort node needs at least one child with a positive 'percent'",
                      problem_code::kEmptyValue);
      return;
    }
    ctx_.SetNode(id, {{"type", "split"}, {"mode", "random"}, {"variants", std::move(variants)}}, pointer);
  } else if (type == "RateLimitNode") {
    ctx_.AddLoss(pointer, "a rate-limit node has no settings and no child in Dittofeed's definition; the contact exits here");
    ctx_.SetNode(id, {{"type", "exit"}, {"reason", "rate_limited"}}, pointer);
  } else {
    ctx_.AddProblem(pointer + "/type",
                    "the node type '" + type + "' is not one of DelayNode, SegmentSplitNode, MessageNode, "
                    "WaitForNode, RandomCohortNode, RateLimitNode",
                    problem_code::kUnknownValue);
  }
}

ImportResult Converter::Run() {
  const Json* journey = FindMember(doc_, "journey");
  std::string jp = "/journey";
  if (journey == nullptr) {
    if (FindMember(doc_, "definition") != nullptr) {
      journey = &doc_;
      jp = "";
    } else if (FindMember(doc_, "entryNode") != nullptr) {
      journey = nullptr;
    }
  }
  const Json* definition = journey != nullptr ? FindMember(*journey, "definition") : &doc_;
  std::string dp = journey != nullptr ? jp + "/definition" : "";
  if (journey != nullptr && (definition == nullptr || !definition->is_object())) {
    const Json* draft = FindMember(*journey, "draft");
    ctx_.AddProblem(dp, draft != nullptr ? "the journey has no published 'definition' (only a draft, whose UI shape "
                                           "is not converted)"
                                         : "the journey has no 'definition'",
                    problem_code::kMissingField);
    return ctx_.Finish("");
  }
  IndexResources("segments", segments_);
  IndexResources("templates", templates_);
  IndexResources("userProperties", user_properties_);
  if (journey != nullptr) {
    std::string name = StringMember(*journey, "name");
    std::string id = StringMember(*journey, "id");
    if (!name.empty()) ctx_.workflow()["name"] = name;
    ctx_.workflow()["id"] = !id.empty() ? id : (!name.empty() ? name : "dittofeed-journey");
  } else {
    ctx_.workflow()["id"] = "dittofeed-journey";
  }
  const Json* entry = FindMember(*definition, "entryNode");
  if (entry == nullptr || !entry->is_object()) {
    ctx_.AddProblem(dp + "/entryNode", "a journey definition needs an 'entryNode' object", problem_code::kMissingField);
    return ctx_.Finish("");
  }
  const Json* nodes = FindMember(*definition, "nodes");
  if (nodes != nullptr && !nodes->is_array()) {
    ctx_.AddProblem(dp + "/nodes", "'nodes' must be an array of journey nodes", problem_code::kWrongType);
    return ctx_.Finish("");
  }
  // Ids first, so links can point forwards.
  exit_id_ = ctx_.ReserveNodeId("exit");
  ctx_.SetNode(exit_id_, {{"type", "exit"}}, dp + "/exitNode");
  std::vector<std::pair<const Json*, std::string>> body;
  if (nodes != nullptr) {
    for (std::size_t i = 0; i < nodes->size(); ++i) {
      const Json& node = (*nodes)[i];
      std::string np = InputPointer(dp + "/nodes", i);
      std::string did = StringMember(node, "id");
      if (!node.is_object() || did.empty()) {
        ctx_.AddProblem(np, "a journey node must be an object with an 'id'", problem_code::kMissingField);
        continue;
      }
      if (node_ids_.contains(did) || did == "ExitNode") {
        ctx_.AddProblem(np + "/id", "the node id '" + did + "' is used twice", problem_code::kDuplicateName);
        continue;
      }
      std::string type = StringMember(node, "type");
      std::string fallback = type == "MessageNode" ? "send" : type == "DelayNode" ? "wait" :
                             type == "SegmentSplitNode" ? "split" : type == "WaitForNode" ? "wait_for" :
                             type == "RandomCohortNode" ? "cohorts" : "node";
      node_ids_[did] = ctx_.ReserveNodeId(NodeIdFor(node, fallback));
      body.emplace_back(&node, np);
    }
  }
  ConvertEntry(*entry, dp + "/entryNode", journey);
  std::string start = Link(*entry, "child", dp + "/entryNode");
  for (const auto& [node, np] : body) ConvertNode(*node, np);
  if (timezone_) ctx_.workflow()["timezone"] = *timezone_;
  return ctx_.Finish(start);
}

}  // namespace

ImportResult ImportFromDittofeed(const Json& doc, const NamesMap& names) {
  Converter converter(doc, names);
  return converter.Run();
}

}  // namespace flowproof
