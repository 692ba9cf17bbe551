#include "core/model/fixture_parser.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/json/json_input.h"
#include "core/model/json_checker.h"
#include "core/model/workflow_parser.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"
#include "core/time/zone.h"

namespace flowproof {
namespace {

constexpr const char* kFixtureFormat = "flowproof.fixture/1";

class FixtureParser {
 public:
  FixtureParser(const std::string& base_dir, const FileLoader& load_file) : base_dir_(base_dir), load_file_(load_file) {}

  FixtureParseResult Parse(const Json& doc) {
    FixtureParseResult result;
    if (!doc.is_object()) {
      check_.Add(problem_code::kWrongType, "", "a fixture must be a JSON object");
      result.problems = std::move(check_.problems);
      return result;
    }
    if (LooksLikeWorkflow(doc)) {
      check_.Add(problem_code::kWrongFormat, "/format", "this is a workflow, not a fixture: a fixture names a workflow and adds contacts, a clock and a script");
      result.problems = std::move(check_.problems);
      return result;
    }
    auto fixture = std::make_shared<Fixture>();
    fx_ = fixture.get();
    check_.OnlyKeys(doc, "", {"$schema", "format", "name", "description", "workflow", "workflows", "portfolio", "clock", "seed",
                              "contacts", "script", "reactions", "expect", "population"});
    const Json* format = check_.Member(doc, "format", "", true);
    if (format != nullptr && *format != kFixtureFormat) check_.Add(problem_code::kWrongFormat, "/format", "expected \"" + std::string(kFixtureFormat) + "\", got " + QuoteForMessage(*format));
    if (auto name = check_.String(doc, "name", "", false)) fx_->name = *name;

    if (doc.contains("workflows")) {
      if (doc.contains("workflow")) check_.Add(problem_code::kConflictingFields, "/workflows", "give 'workflow' (one) or 'workflows' (a portfolio), not both");
      ParseWorkflowsField(doc);
    } else {
      ParseWorkflowField(doc);
      if (doc.contains("portfolio")) check_.Add(problem_code::kConflictingFields, "/portfolio", "'portfolio' goes with 'workflows' (a portfolio of several workflows)");
    }
    CheckEnrollTargets();
    ParseClock(doc);
    if (const Json* seed = check_.Member(doc, "seed", "", false)) {
      if (!seed->is_number_unsigned() && !(seed->is_number_integer() && seed->get<std::int64_t>() >= 0)) {
        check_.Add(seed->is_number() ? problem_code::kOutOfRange : problem_code::kWrongType, "/seed", "'seed' must be a whole number, 0 or more");
      } else {
        fx_->seed = seed->get<std::uint64_t>();
      }
    }
    ParsePopulationField(doc);  // before contacts: their ids must not be population ids
    ParseContacts(doc);
    // With a broken clock, times are still parsed (relative to 0) so that
    // their own problems and every other problem are reported at once.
    ParseScript(doc);
    ParseReactions(doc);
    ParseExpectations(doc);
    result.problems = std::move(check_.problems);
    result.warnings = std::move(check_.warnings);
    if (result.problems.empty()) result.fixture = std::move(fixture);
    return result;
  }

 private:
  void Merge(const Problems& problems, Problems& into, const std::string& prefix) {
    for (const Problem& problem : problems) {
      Problem moved = problem;
      moved.pointer = prefix + problem.pointer;
      into.push_back(std::move(moved));
    }
  }

  // A workflow object or a path to one, at `pointer` ("/workflow",
  // "/workflows/2"); its problems are reported under that pointer.
  std::shared_ptr<const Workflow> LoadWorkflowAt(const Json& workflow, const std::string& pointer, const char* key,
                                                 bool in_portfolio = false) {
    Json loaded;
    const Json* source = &workflow;
    if (workflow.is_string()) {
      std::string path = workflow.get<std::string>();
      if (!base_dir_.empty() && !path.empty() && path[0] != '/') path = base_dir_ + "/" + path;
      std::string error;
      std::optional<std::string> text;
      if (load_file_) text = load_file_(path, &error);
      else error = "files cannot be read here; embed the workflow object instead";
      if (!text && error.empty()) error = "cannot read the file";
      if (!text) {
        check_.Add(problem_code::kUnreadableFile, pointer, "cannot read workflow '" + workflow.get<std::string>() + "': " + error);
        return nullptr;
      }
      JsonInputResult parsed = ParseJsonText(*text);
      if (!parsed.ok()) {
        check_.Add(problem_code::kInvalidJson, pointer, "workflow '" + workflow.get<std::string>() + "' is not valid JSON: " + parsed.problem->ToString());
        return nullptr;
      }
      loaded = std::move(parsed.value);
      source = &loaded;
    } else if (!workflow.is_object()) {
      check_.Add(problem_code::kWrongType, pointer, std::string("'") + key + "' must be a workflow object or a path to one");
      return nullptr;
    }
    WorkflowParseResult parsed = ParseWorkflow(*source, in_portfolio);
    Merge(parsed.problems, check_.problems, pointer);
    Merge(parsed.warnings, check_.warnings, pointer);
    return parsed.workflow;
  }

  void ParseWorkflowField(const Json& doc) {
    const Json* workflow = check_.Member(doc, "workflow", "", true);
    if (workflow == nullptr) return;
    workflow_ = LoadWorkflowAt(*workflow, "/workflow", "workflow");
    fx_->workflow = workflow_;
    if (workflow_) workflow_pointers_.push_back("/workflow");
  }

  // v1.1 portfolio: `workflows` and `portfolio`.
  void ParseWorkflowsField(const Json& doc) {
    const Json& workflows = doc["workflows"];
    if (!workflows.is_array() || workflows.empty()) {
      return check_.Add(workflows.is_array() ? problem_code::kEmptyValue : problem_code::kWrongType, "/workflows",
                        "'workflows' must be a non-empty array of workflow objects or paths");
    }
    std::map<std::string, std::string> seen;  // id -> pointer of its first workflow
    bool all_ok = true;
    for (std::size_t i = 0; i < workflows.size(); ++i) {
      std::string pointer = "/workflows/" + std::to_string(i);
      std::shared_ptr<const Workflow> parsed = LoadWorkflowAt(workflows[i], pointer, "workflows", true);
      if (!parsed) {
        all_ok = false;
        continue;
      }
      auto [it, fresh] = seen.emplace(parsed->id, pointer);
      if (!fresh) {
        check_.Add(problem_code::kDuplicateName, workflows[i].is_object() ? pointer + "/id" : pointer,
                   "two workflows with the id '" + parsed->id + "' (the other is " + it->second + "): workflow ids in a portfolio must be unique");
        all_ok = false;
        continue;
      }
      fx_->workflows.push_back(parsed);
      workflow_pointers_.push_back(pointer);
    }
    workflows_ok_ = all_ok;
    if (!all_ok && fx_->workflows.empty()) return;
    if (!fx_->workflows.empty()) {
      workflow_ = fx_->workflows.front();
      fx_->workflow = workflow_;
    }
    const Json* portfolio = check_.Member(doc, "portfolio", "", false);
    if (portfolio == nullptr) return;
    if (!portfolio->is_object()) return check_.Add(problem_code::kWrongType, "/portfolio", "'portfolio' must be {\"frequency_cap\": {...}, \"priority\": [workflow ids]}");
    check_.OnlyKeys(*portfolio, "/portfolio", {"frequency_cap", "priority"});
    if (const Json* cap = check_.Member(*portfolio, "frequency_cap", "/portfolio", false)) {
      if (!cap->is_object()) check_.Add(problem_code::kWrongType, "/portfolio/frequency_cap", "'frequency_cap' must be {\"max\": 1, \"per\": \"1d\", \"channels\": [...]}");
      else fx_->portfolio.frequency_cap = ParseFrequencyCapAt(*cap, "/portfolio/frequency_cap", check_);
    }
    if (const Json* priority = check_.Member(*portfolio, "priority", "/portfolio", false)) {
      if (!priority->is_array()) return check_.Add(problem_code::kWrongType, "/portfolio/priority", "'priority' must be an array of workflow ids, first goes first");
      std::set<std::string> named;
      for (std::size_t i = 0; i < priority->size(); ++i) {
        std::string pointer = "/portfolio/priority/" + std::to_string(i);
        const Json& id = (*priority)[i];
        if (!id.is_string()) {
          check_.Add(problem_code::kWrongType, pointer, "a priority entry must be a workflow id (text)");
          continue;
        }
        const std::string& text = id.get_ref<const std::string&>();
        if (!named.insert(text).second) {
          check_.Add(problem_code::kDuplicateName, pointer, "'" + text + "' is named twice in 'priority'");
          continue;
        }
        if (!seen.count(text)) {
          check_.Add(problem_code::kBadReference, pointer, "no workflow '" + text + "' in 'workflows' (the portfolio has " + WorkflowIdsForMessage() + ")");
          continue;
        }
        fx_->portfolio.priority.push_back(text);
      }
    }
  }

  std::string WorkflowIdsForMessage() const {
    std::string out;
    for (std::size_t i = 0; i < fx_->workflows.size(); ++i) {
      out += i == 0 ? "" : i + 1 == fx_->workflows.size() ? " and " : ", ";
      out += "'" + fx_->workflows[i]->id + "'";
    }
    return out;
  }

  // The workflow of this fixture with id `id`, or null.
  const Workflow* FindWorkflow(const std::string& id) const {
    if (fx_->is_portfolio()) {
      for (const auto& workflow : fx_->workflows) {
        if (workflow->id == id) return workflow.get();
      }
      return nullptr;
    }
    return workflow_ != nullptr && workflow_->id == id ? workflow_.get() : nullptr;
  }

  // Every enroll and unenroll node names a workflow of the portfolio; in a
  // fixture with one workflow, only that one.
  void CheckEnrollTargets() {
    if (!workflows_ok_) return;  // a workflow that did not parse would be reported as missing
    std::vector<const Workflow*> workflows;
    if (fx_->is_portfolio()) {
      for (const auto& workflow : fx_->workflows) workflows.push_back(workflow.get());
    } else if (workflow_) {
      workflows.push_back(workflow_.get());
    }
    for (std::size_t w = 0; w < workflows.size() && w < workflow_pointers_.size(); ++w) {
      for (const Node& node : workflows[w]->nodes) {
        if (node.type != NodeType::kEnroll && node.type != NodeType::kUnenroll) continue;
        if (node.target_workflow.empty() || FindWorkflow(node.target_workflow) != nullptr) continue;
        std::string where = workflow_pointers_[w] + "/nodes/" + PointerToken(node.id) + "/workflow";
        std::string what = std::string(NodeTypeName(node.type)) + " node '" + node.id + "' names workflow '" + node.target_workflow + "'";
        if (fx_->is_portfolio()) {
          check_.Add(problem_code::kBadReference, where, what + ", which is not in the portfolio (it has " + WorkflowIdsForMessage() + ")");
        } else {
          check_.Add(problem_code::kBadReference, where, what + ", but this fixture has one workflow, '" + workflows[w]->id +
                                                          "': list every workflow in 'workflows' to run a portfolio");
        }
      }
    }
  }

  void ParseClock(const Json& doc) {
    const Json* clock = check_.Member(doc, "clock", "", true);
    if (clock == nullptr) return;
    if (!clock->is_object()) return check_.Add(problem_code::kWrongType, "/clock", "'clock' must be {\"start\": TIMESTAMP, \"until\": TIME}");
    check_.OnlyKeys(*clock, "/clock", {"start", "until"});
    std::optional<std::string> start = check_.String(*clock, "start", "/clock", true);
    if (!start) return;
    std::string error;
    std::optional<Instant> t = ParseTimestamp(*start, &error);
    if (!t) return check_.Add(problem_code::kNotATimestamp, "/clock/start", "not a timestamp: " + error);
    fx_->start = *t;
    fx_->until = *t + kDefaultClockSpan;
    if (std::optional<std::string> until = check_.String(*clock, "until", "/clock", false)) {
      std::optional<Instant> end = ParseFixtureTime(*until, fx_->start, &error);
      if (!end) return check_.Add(problem_code::kNotATimestamp, "/clock/until", "not a time: " + error);
      if (*end < fx_->start) return check_.Add(problem_code::kOutOfRange, "/clock/until", "'until' is before 'start'");
      fx_->until = *end;
    }
    clock_ok_ = true;
  }

  // v1.1 `population` (core/model/population.h).
  void ParsePopulationField(const Json& doc) {
    const Json* population = check_.Member(doc, "population", "", false);
    if (population == nullptr) return;
    auto parsed = std::make_shared<Population>();
    std::size_t before = check_.problems.size();
    // With a broken clock, times are checked against the default span.
    ParsePopulation(*population, "/population", fx_->start, clock_ok_ ? fx_->until : fx_->start + kDefaultClockSpan, check_,
                    parsed.get());
    if (check_.problems.size() == before) {
      population_ = parsed.get();
      fx_->population = std::move(parsed);
    }
  }

  void ParseContacts(const Json& doc) {
    const Json* contacts = check_.Member(doc, "contacts", "", false);
    if (contacts == nullptr) return;
    if (!contacts->is_array()) return check_.Add(problem_code::kWrongType, "/contacts", "'contacts' must be an array of contacts");
    for (std::size_t i = 0; i < contacts->size(); ++i) {
      const Json& value = (*contacts)[i];
      std::string pointer = "/contacts/" + std::to_string(i);
      if (!value.is_object()) {
        check_.Add(problem_code::kWrongType, pointer, "a contact must be an object with an 'id'");
        continue;
      }
      ContactDef contact;
      const Json* id = check_.Member(value, "id", pointer, true);
      if (id == nullptr) continue;
      if (!id->is_string() || id->get_ref<const std::string&>().empty()) {
        check_.Add(id->is_string() ? problem_code::kEmptyValue : problem_code::kWrongType, pointer + "/id", "'id' must be a non-empty string");
        continue;
      }
      contact.id = id->get<std::string>();
      if (contact.id.size() > kMaxIdBytes) {
        check_.Add(problem_code::kTooLarge, pointer + "/id", "a contact id longer than " + std::to_string(kMaxIdBytes) + " bytes");
        continue;
      }
      if (contact.id == "*") check_.Add(problem_code::kReservedName, pointer + "/id", "'*' means every contact in reactions; choose another id");
      if (population_ != nullptr && population_->HasId(contact.id)) {
        check_.Add(problem_code::kDuplicateName, pointer + "/id", "'" + contact.id + "' is also the id of a population contact (id_prefix \"" + population_->id_prefix + "\")");
      }
      if (!ids_.insert(contact.id).second) check_.Add(problem_code::kDuplicateName, pointer + "/id", "duplicate contact id '" + contact.id + "'");
      check_.ZoneField(value, "timezone", pointer, &contact.timezone);
      contact.lists = check_.StringList(value, "lists", pointer);
      if (const Json* consent = check_.Member(value, "consent", pointer, false)) {
        if (!consent->is_object()) check_.Add(problem_code::kWrongType, pointer + "/consent", "'consent' must be an object of channel to true/false");
        else {
          for (auto it = consent->begin(); it != consent->end(); ++it) {
            std::string here = pointer + "/consent/" + PointerToken(it.key());
            if (!ChannelFromName(it.key())) {
              check_.Add(problem_code::kUnknownChannel, here, "unknown channel '" + it.key() + "' (expected " + ChannelNamesForMessage() + ")");
            } else if (!it.value().is_boolean()) {
              check_.Add(problem_code::kWrongType, here, "consent must be true or false");
            }
          }
          contact.consent = *consent;
        }
      }
      contact.attributes.reserve(value.size());
      for (auto it = value.begin(); it != value.end(); ++it) {
        const std::string& key = it.key();
        if (key != "id" && key != "timezone" && key != "lists" && key != "consent") contact.attributes.Set(key, it.value());
      }
      fx_->contacts.push_back(std::move(contact));
    }
  }

  std::optional<Instant> Time(const Json& object, const char* key, const std::string& pointer, bool required) {
    std::optional<std::string> text = check_.String(object, key, pointer, required);
    if (!text) return std::nullopt;
    std::string error;
    std::optional<Instant> t = ParseFixtureTime(*text, fx_->start, &error);
    if (!t) check_.Add(problem_code::kNotATimestamp, pointer + "/" + key, "not a time (a timestamp or \"+2d\" after the clock start): " + error);
    return t;
  }

  bool KnownContact(const Json& object, const std::string& pointer, bool allow_any, std::string* id) {
    std::optional<std::string> contact = check_.String(object, "contact", pointer, true);
    if (!contact) return false;
    bool in_population = population_ != nullptr && population_->HasId(*contact);
    if (!(allow_any && *contact == "*") && !ids_.count(*contact) && !in_population) {
      check_.Add(problem_code::kBadReference, pointer + "/contact", "no contact '" + *contact + "' in 'contacts'" + (population_ != nullptr ? " or the population" : ""));
      return false;
    }
    *id = *contact;
    return true;
  }

  void ParseScript(const Json& doc) {
    const Json* script = check_.Member(doc, "script", "", false);
    if (script == nullptr) return;
    if (!script->is_array()) return check_.Add(problem_code::kWrongType, "/script", "'script' must be an array of entries");
    for (std::size_t i = 0; i < script->size(); ++i) {
      const Json& value = (*script)[i];
      std::string pointer = "/script/" + std::to_string(i);
      if (!value.is_object()) {
        check_.Add(problem_code::kWrongType, pointer, "a script entry must be an object {at, contact, event | set | exit}");
        continue;
      }
      check_.OnlyKeys(value, pointer, {"at", "contact", "event", "source", "properties", "set", "add_to_lists", "remove_from_lists", "exit"});
      ScriptEntry entry;
      entry.pointer = pointer;
      std::optional<Instant> at = Time(value, "at", pointer, true);
      if (at && clock_ok_ && (*at < fx_->start || *at > fx_->until)) {
        check_.Add(problem_code::kOutOfRange, pointer + "/at", "outside the clock (" + FormatTimestamp(fx_->start) + " to " + FormatTimestamp(fx_->until) + ")");
      }
      bool contact_ok = KnownContact(value, pointer, false, &entry.contact);
      bool is_event = value.contains("event");
      bool is_set = value.contains("set") || value.contains("add_to_lists") || value.contains("remove_from_lists");
      bool is_exit = value.contains("exit");
      if (is_event + is_set + is_exit != 1) {
        check_.Add(is_event + is_set + is_exit == 0 ? problem_code::kMissingField : problem_code::kConflictingFields, pointer, "a script entry is exactly one of: an event ('event'), an attribute change ('set', 'add_to_lists', 'remove_from_lists') or a manual exit ('exit': true)");
        continue;
      }
      if (!is_event) {
        for (const char* key : {"source", "properties"}) {
          if (value.contains(key)) check_.Add(problem_code::kConflictingFields, pointer + "/" + key, std::string("'") + key + "' goes with 'event'");
        }
      }
      if (is_event) {
        entry.kind = ScriptKind::kEvent;
        if (auto name = check_.String(value, "event", pointer, true)) entry.event = *name;
        if (auto source = check_.String(value, "source", pointer, false)) entry.source = *source;
        if (const Json* properties = check_.Member(value, "properties", pointer, false)) {
          if (!properties->is_object()) check_.Add(problem_code::kWrongType, pointer + "/properties", "'properties' must be an object");
          else entry.properties = *properties;
        }
      } else if (is_set) {
        entry.kind = ScriptKind::kSet;
        if (const Json* set = check_.Member(value, "set", pointer, false)) {
          if (!set->is_object()) check_.Add(problem_code::kWrongType, pointer + "/set", "'set' must be an object of attribute to value");
          else {
            if (set->contains("id")) check_.Add(problem_code::kReservedName, pointer + "/set/id", "a contact's id cannot be changed");
            entry.set = *set;
          }
        }
        entry.add_to_lists = check_.StringList(value, "add_to_lists", pointer);
        entry.remove_from_lists = check_.StringList(value, "remove_from_lists", pointer);
      } else {
        entry.kind = ScriptKind::kExit;
        if (value["exit"] != true) check_.Add(value["exit"].is_boolean() ? problem_code::kUnknownValue : problem_code::kWrongType, pointer + "/exit", "'exit' must be true");
      }
      if (at && contact_ok) {
        entry.at = *at;
        fx_->script.push_back(std::move(entry));
      }
    }
    std::stable_sort(fx_->script.begin(), fx_->script.end(), [](const ScriptEntry& a, const ScriptEntry& b) { return a.at < b.at; });
  }

  bool KnownTemplate(const std::string& name) const {
    if (fx_->is_portfolio()) {
      for (const auto& workflow : fx_->workflows) {
        if (workflow->templates.count(name)) return true;
      }
      return false;
    }
    return workflow_ != nullptr && workflow_->templates.count(name) > 0;
  }

  void ParseReactions(const Json& doc) {
    const Json* reactions = check_.Member(doc, "reactions", "", false);
    if (reactions == nullptr) return;
    if (!reactions->is_array()) return check_.Add(problem_code::kWrongType, "/reactions", "'reactions' must be an array");
    for (std::size_t i = 0; i < reactions->size(); ++i) {
      const Json& value = (*reactions)[i];
      std::string pointer = "/reactions/" + std::to_string(i);
      if (!value.is_object()) {
        check_.Add(problem_code::kWrongType, pointer, "a reaction must be an object {contact, on_send, event, after, probability}");
        continue;
      }
      check_.OnlyKeys(value, pointer, {"contact", "on_send", "event", "source", "properties", "after", "probability"});
      Reaction reaction;
      if (value.contains("contact")) KnownContact(value, pointer, true, &reaction.contact);
      if (auto on_send = check_.String(value, "on_send", pointer, true)) {
        if (workflow_ != nullptr && !KnownTemplate(*on_send)) check_.Add(problem_code::kBadReference, pointer + "/on_send", "no template '" + *on_send + "' in the workflow");
        reaction.on_send = *on_send;
      }
      if (auto event = check_.String(value, "event", pointer, true)) reaction.event = *event;
      if (auto source = check_.String(value, "source", pointer, false)) reaction.source = *source;
      if (const Json* properties = check_.Member(value, "properties", pointer, false)) {
        if (!properties->is_object()) check_.Add(problem_code::kWrongType, pointer + "/properties", "'properties' must be an object");
        else reaction.properties = *properties;
      }
      if (value.contains("after") && value["after"].is_object()) {
        ParseUniformAfter(value["after"], pointer + "/after", &reaction);
      } else if (value.contains("after")) {
        std::optional<Duration> after = check_.DurationField(value, "after", pointer, true);
        if (after && *after < 0) check_.Add(problem_code::kOutOfRange, pointer + "/after", "'after' must not be negative");
        else if (after) reaction.after = *after;
      }
      if (const Json* probability = check_.Member(value, "probability", pointer, false)) {
        if (!probability->is_number() || probability->get<double>() < 0 || probability->get<double>() > 1) {
          check_.Add(probability->is_number() ? problem_code::kOutOfRange : problem_code::kWrongType, pointer + "/probability", "'probability' must be a number from 0 to 1");
        } else {
          reaction.probability = probability->get<double>();
        }
      }
      fx_->reactions.push_back(std::move(reaction));
    }
  }

  // v1.1: a reaction's `after` as {"uniform": ["10m", "6h"]}.
  void ParseUniformAfter(const Json& after, const std::string& pointer, Reaction* reaction) {
    if (!after.contains("uniform")) {
      return check_.Add(problem_code::kUnknownValue, pointer, "'after' is a duration or {\"uniform\": [MIN, MAX]}");
    }
    check_.OnlyKeys(after, pointer, {"uniform"});
    const Json& range = after["uniform"];
    if (!range.is_array() || range.size() != 2) {
      return check_.Add(problem_code::kWrongType, pointer + "/uniform", "'uniform' must be [MIN, MAX] durations");
    }
    std::optional<Duration> low = check_.DurationAt(range[0], pointer + "/uniform/0");
    std::optional<Duration> high = check_.DurationAt(range[1], pointer + "/uniform/1");
    if (!low || !high) return;
    if (*low < 0 || *high < *low) {
      return check_.Add(problem_code::kOutOfRange, pointer + "/uniform", "the delays must not be negative, and MIN not above MAX");
    }
    reaction->after = *low;
    reaction->after_max = *high;
  }

  void ParseExpectations(const Json& doc) {
    const Json* expect = check_.Member(doc, "expect", "", false);
    if (expect == nullptr) return;
    if (!expect->is_array()) return check_.Add(problem_code::kWrongType, "/expect", "'expect' must be an array of expectations");
    static const std::pair<const char*, ExpectKind> kKinds[] = {
        {"reaches", ExpectKind::kReaches}, {"never_reaches", ExpectKind::kNeverReaches},
        {"receives", ExpectKind::kReceives}, {"never_receives", ExpectKind::kNeverReceives},
        {"exits", ExpectKind::kExits}, {"attribute", ExpectKind::kAttribute}};
    for (std::size_t i = 0; i < expect->size(); ++i) {
      const Json& value = (*expect)[i];
      std::string pointer = "/expect/" + std::to_string(i);
      if (!value.is_object()) {
        check_.Add(problem_code::kWrongType, pointer, "an expectation must be an object {contact, reaches | receives | exits | ...}");
        continue;
      }
      check_.OnlyKeys(value, pointer, {"contact", "reaches", "never_reaches", "receives", "never_receives", "exits", "attribute",
                                       "equals", "at", "by", "within", "subject_contains", "body_contains", "description", "workflow"});
      Expectation expectation;
      expectation.source = value;
      expectation.pointer = pointer;
      KnownContact(value, pointer, false, &expectation.contact);
      int kinds = 0;
      for (const auto& [key, kind] : kKinds) {
        if (!value.contains(key)) continue;
        ++kinds;
        expectation.kind = kind;
        if (auto target = check_.String(value, key, pointer, true)) expectation.target = *target;
      }
      if (kinds != 1) {
        check_.Add(kinds == 0 ? problem_code::kMissingField : problem_code::kConflictingFields, pointer, "an expectation has exactly one of: reaches, never_reaches, receives, never_receives, exits, attribute");
        continue;
      }
      bool about_node = expectation.kind == ExpectKind::kReaches || expectation.kind == ExpectKind::kNeverReaches;
      bool about_message = expectation.kind == ExpectKind::kReceives || expectation.kind == ExpectKind::kNeverReceives;
      // v1.1 portfolio: an expectation may be about one workflow's lines;
      // without `workflow` it is about any of them.
      std::vector<const Workflow*> scope;
      if (auto workflow = check_.String(value, "workflow", pointer, false)) {
        expectation.workflow = *workflow;
        if (const Workflow* found = FindWorkflow(*workflow)) scope.push_back(found);
        else if (workflow_ != nullptr) check_.Add(problem_code::kBadReference, pointer + "/workflow", "no workflow '" + *workflow + "' in this fixture");
      } else if (fx_->is_portfolio()) {
        for (const auto& each : fx_->workflows) scope.push_back(each.get());
      } else if (workflow_ != nullptr) {
        scope.push_back(workflow_.get());
      }
      auto in_scope = [&](bool node) {
        for (const Workflow* each : scope) {
          if (node ? each->node_index.count(expectation.target) > 0 : each->templates.count(expectation.target) > 0) return true;
        }
        return false;
      };
      const char* whose = fx_->is_portfolio() && expectation.workflow.empty() ? "in any workflow" : "in the workflow";
      if (about_node && !scope.empty() && !expectation.target.empty() && !in_scope(true)) {
        check_.Add(problem_code::kBadReference, pointer + (expectation.kind == ExpectKind::kReaches ? "/reaches" : "/never_reaches"),
                   "no node '" + expectation.target + "' " + whose);
      }
      if (about_message && !scope.empty() && !expectation.target.empty() && !in_scope(false)) {
        check_.Add(problem_code::kBadReference, pointer + (expectation.kind == ExpectKind::kReceives ? "/receives" : "/never_receives"),
                   "no template '" + expectation.target + "' " + whose);
      }
      if (expectation.kind == ExpectKind::kAttribute) {
        const Json* equals = check_.Member(value, "equals", pointer, true);
        if (equals != nullptr) expectation.equals = *equals;
      }
      expectation.at = Time(value, "at", pointer, false);
      expectation.by = Time(value, "by", pointer, false);
      if (std::optional<std::string> within = check_.String(value, "within", pointer, false)) {
        std::string text = *within;
        // A bare duration ("1d") means the same as "+1d".
        if (!text.empty() && std::isdigit(static_cast<unsigned char>(text[0])) && ParseDuration(text)) text = "+" + text;
        std::string error;
        std::optional<Instant> t = ParseFixtureTime(text, fx_->start, &error);
        if (!t) check_.Add(problem_code::kNotATimestamp, pointer + "/within", "not a time after the clock start (\"+1d\"): " + error);
        else if (!expectation.by || *t < *expectation.by) expectation.by = t;
      }
      if (auto subject = check_.String(value, "subject_contains", pointer, false)) expectation.subject_contains = *subject;
      if (auto body = check_.String(value, "body_contains", pointer, false)) expectation.body_contains = *body;
      if ((expectation.subject_contains || expectation.body_contains) && !about_message) {
        check_.Add(problem_code::kConflictingFields, pointer, "'subject_contains' and 'body_contains' go with 'receives' or 'never_receives'");
      }
      // Fields that would otherwise be silently ignored: an exact moment and
      // a deadline contradict each other, an attribute is compared at the
      // end of the run, and only an attribute has a value to equal.
      if (value.contains("at") && (value.contains("by") || value.contains("within"))) {
        check_.Add(problem_code::kConflictingFields, pointer, "give 'at' (an exact moment) or 'by' / 'within' (a deadline), not both");
      }
      if (expectation.kind == ExpectKind::kAttribute) {
        for (const char* key : {"at", "by", "within"}) {
          if (value.contains(key)) {
            check_.Add(problem_code::kConflictingFields, pointer + "/" + key, "an 'attribute' expectation is checked at the end of the run; '" +
                                                std::string(key) + "' does not apply");
          }
        }
      } else if (value.contains("equals")) {
        check_.Add(problem_code::kConflictingFields, pointer + "/equals", "'equals' goes with 'attribute'");
      }
      fx_->expectations.push_back(std::move(expectation));
    }
  }

  JsonChecker check_;
  std::string base_dir_;
  const FileLoader& load_file_;
  Fixture* fx_ = nullptr;
  std::shared_ptr<const Workflow> workflow_;
  std::vector<std::string> workflow_pointers_;
  bool workflows_ok_ = true;  // every workflow of `workflows` parsed  // "/workflow" or "/workflows/i", per parsed workflow
  std::set<std::string> ids_;
  const Population* population_ = nullptr;  // fx_->population once it parsed
  bool clock_ok_ = false;
};

}  // namespace

FixtureParseResult ParseFixture(const Json& doc, const std::string& base_dir, const FileLoader& load_file) {
  try {
    return FixtureParser(base_dir, load_file).Parse(doc);
  } catch (const std::exception& error) {
    // A bug, not the user's: still a value, never an exception.
    FixtureParseResult result;
    result.problems.push_back(Problem{.pointer = "", .message = std::string("internal error while reading the fixture: ") + error.what(),
                                      .code = problem_code::kInternalError});
    return result;
  }
}

}  // namespace flowproof
