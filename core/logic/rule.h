// JsonLogic (jsonlogic.com) conditions: compile once, evaluate many times.
//
// Every workflow condition (branches, audiences, goals, waits, smart
// content) is a JsonLogic rule. Rules are compiled to a tree of operation
// nodes so that a million evaluations do no parsing and no map lookups of
// operator names; `var` reads the data through a Resolver so the simulator
// can answer from a contact in place instead of building a Json per call.
//
//   logic::CompileResult compiled = logic::Compile(Json::parse(R"({"==":[{"var":"a"},1]})"));
//   if (!compiled.ok()) ...compiled.problems...
//   Json result = logic::Evaluate(*compiled.rule, Json{{"a", 1}});   // true
//
// Semantics follow json-logic-js, the reference implementation: JavaScript
// coercions for ==, <, +, cat and truthiness. The extra operations of
// FORMAT.md (has_event, count_events, days_since, hours_since, date_add,
// in_list) read the contact's history and the simulated clock from a Host.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/model/problem.h"
#include "core/time/types.h"

namespace flowproof::logic {

// An immutable compiled rule; share it freely.
class Rule;

// Where `var` reads come from. Paths are dotted ("contact.first_name",
// "items.0.sku"); "" is the whole data. Returns null when absent. A resolver
// that synthesises a value stores it in `scratch` and returns its address.
class Resolver {
 public:
  virtual ~Resolver() = default;
  virtual const Json* Lookup(std::string_view path, Json& scratch) const = 0;
};

// Standard JsonLogic data: a Json document (arrays indexed by number).
class JsonResolver : public Resolver {
 public:
  explicit JsonResolver(const Json& data) : data_(data) {}
  const Json* Lookup(std::string_view path, Json& scratch) const override;

 private:
  const Json& data_;
};

// What the extra operations need from the simulation.
class Host {
 public:
  virtual ~Host() = default;
  virtual Instant Now() const = 0;
  // Calls `visit` with each past event named `name` with since <= at <=
  // Now(), newest first, as {"name","at","source","properties"}; stops when
  // visit returns false.
  virtual void VisitEvents(std::string_view name, Instant since,
                           const std::function<bool(const Json& event)>& visit) const = 0;
  virtual bool InList(std::string_view list) const = 0;
};

// A Host for `flowproof logic RULE DATA`: Now() from data["now"] (a
// timestamp; absent means the time-based operations yield null), events from
// data["events"] or data["contact"]["events"] (arrays of {"name","at",...}),
// lists from data["contact"]["lists"].
class JsonHost : public Host {
 public:
  explicit JsonHost(const Json& data);
  Instant Now() const override { return now_; }
  bool has_now() const { return has_now_; }
  void VisitEvents(std::string_view name, Instant since,
                   const std::function<bool(const Json& event)>& visit) const override;
  bool InList(std::string_view list) const override;

 private:
  const Json& data_;
  Instant now_ = 0;
  bool has_now_ = false;
};

struct CompileResult {
  std::shared_ptr<const Rule> rule;  // null when problems is non-empty
  Problems problems;                 // pointers relative to the rule ("/and/1")
  bool ok() const { return problems.empty(); }
};

// Nesting deeper than this is a problem, not a stack overflow.
constexpr int kMaxRuleDepth = 256;

// Compiles a rule. Unknown operations, wrong arities and literal arguments
// of the wrong type for the extra operations (a WITHIN that is not a
// duration) are problems; the standard operations stay as lenient as
// json-logic-js.
CompileResult Compile(const Json& rule);

// One `var` read against the root data, for explaining decisions
// ("took branch US: contact.country was 'US'").
struct Read {
  std::string path;
  Json value;  // null when absent
};

struct EvalOptions {
  const Host* host = nullptr;           // without one the extra operations yield null
  std::vector<Read>* reads = nullptr;   // root reads, deduplicated, in first-read order
};

// Evaluates a compiled rule. Never throws: a runtime type error yields null
// (as json-logic-js yields NaN/undefined, which JSON prints as null).
Json Evaluate(const Rule& rule, const Resolver& data, const EvalOptions& options = {});
Json Evaluate(const Rule& rule, const Json& data, const EvalOptions& options = {});

// JsonLogic truthiness: false, null, 0, "" and [] are false; "0" and {} true.
bool Truthy(const Json& value);

}  // namespace flowproof::logic
