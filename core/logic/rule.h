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
// Semantics follow json-logic-js 2.0.5, the reference implementation, down
// to its JavaScript coercions (==, <, +, cat, truthiness, undefined
// operands); tests/logic_test.cc checks the quirks. Where this differs, on
// purpose: unknown operations are compile problems rather than run-time
// exceptions; what would throw at run time ({"*": []}, {"all": [null, x]})
// yields null (false for all/some); substr counts Unicode code points where
// JavaScript counts UTF-16 units (they differ only outside the Basic
// Multilingual Plane); `log` prints nothing; integers beyond 2^53 print as
// the JSON library prints them.
//
// The extra operations of FORMAT.md read the contact's history, lists and
// the simulated clock from a Host:
//   {"has_event": [NAME, WITHIN, WHERE?]}   true when an event NAME happened
//       in [Now() - WITHIN, Now()] (both ends included) for which WHERE is
//       truthy; WHERE reads "event.*" from that past event and every other
//       path from the rule's data.
//   {"count_events": [NAME, WITHIN, WHERE?]}   how many (an integer).
//   {"days_since": [TIMESTAMP]}, {"hours_since": [TIMESTAMP]}   Now() minus
//       TIMESTAMP in days or hours, fractional (1.5), negative in the future.
//   {"date_add": [TIMESTAMP, DURATION]}   "YYYY-MM-DDTHH:MM:SSZ" (UTC).
//   {"in_list": [LIST]}   whether the contact is a member of LIST.
// TIMESTAMP is an ISO 8601 timestamp with offset or Z, or a date
// "YYYY-MM-DD" (midnight UTC); DURATION and WITHIN are durations ("7d",
// "1d12h", "PT2H"), WITHIN not negative. Operands may be computed
// ({"var": ...}); a computed operand of the wrong kind, a missing host or a
// host without a clock makes the operation yield null (date_add needs no
// host).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/json.h"
#include "core/base/problem.h"
#include "core/time/types.h"

namespace flowproof::logic {

// An immutable compiled rule; share it freely.
class Rule;

// Where `var` reads come from. Paths are dotted ("contact.first_name",
// "items.0.sku"); "" is the whole data. Returns null when absent. A resolver
// that synthesises a value stores it in `scratch` and returns its address
// (valid until scratch changes). Must not throw.
class Resolver {
 public:
  virtual ~Resolver() = default;
  virtual const Json* Lookup(std::string_view path, Json& scratch) const = 0;
};

// Follows a dotted path inside `root` as json-logic-js does: object keys,
// array indexes ("items.0", canonical decimal, at most 9 digits), "length" of arrays and
// strings, and string indexes ("name.0", one UTF-16 unit). "" is `root`
// itself; "a..b" reads the key "" of a. Returns null when absent; values it
// synthesises (a length, a character) are stored in `scratch`.
const Json* LookupPath(const Json& root, std::string_view path, Json& scratch);

// Standard JsonLogic data: a Json document, read with LookupPath. Keeps a
// reference: `data` must outlive the resolver.
class JsonResolver : public Resolver {
 public:
  explicit JsonResolver(const Json& data) : data_(data) {}
  const Json* Lookup(std::string_view path, Json& scratch) const override {
    return LookupPath(data_, path, scratch);
  }

 private:
  const Json& data_;
};

// What the extra operations need from the simulation. Implementations must
// not throw.
class Host {
 public:
  virtual ~Host() = default;
  // The simulated clock.
  virtual Instant Now() const = 0;
  // Calls `visit` with each past event of the contact named `name` with
  // since <= at <= Now(), as {"name","at","source","properties"} ("at" a
  // timestamp string); stops early when visit returns false. Order does not
  // matter to the operations (the simulator visits newest first).
  virtual void VisitEvents(std::string_view name, Instant since,
                           const std::function<bool(const Json& event)>& visit) const = 0;
  // Whether the contact is a member of `list`.
  virtual bool InList(std::string_view list) const = 0;
  // False when there is no clock (JsonHost over data without "now"): the
  // operations that need Now() (has_event, count_events, days_since,
  // hours_since) then yield null.
  virtual bool HasClock() const { return true; }
};

// A Host for `flowproof logic RULE DATA`: Now() from data["now"] (a
// timestamp string; absent or unparsable means no clock, so the time-based
// operations yield null), events from data["events"], else
// data["contact"]["events"] (arrays of {"name","at",...}; entries without a
// name or a parsable "at" are skipped), lists from data["contact"]["lists"].
// Keeps a reference: `data` must outlive the host.
class JsonHost : public Host {
 public:
  explicit JsonHost(const Json& data);
  Instant Now() const override { return now_; }
  bool HasClock() const override { return has_now_; }
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
  // Every problem found, with JSON Pointers relative to the rule's root: an
  // unknown operation or a wrong arity points at the object holding the
  // operation ("/and/1: unknown operation 'foo'"), a bad literal operand at
  // the operand ("/has_event/1: not a duration ...").
  Problems problems;
  bool ok() const { return problems.empty(); }
};

// Nesting of arrays and operations deeper than this is a problem (reported
// once, at the first place it happens), not a stack overflow.
constexpr int kMaxRuleDepth = 256;

// Compiles a rule. An object with exactly one key is an operation (as in
// json-logic-js); any other value is a literal. Problems: unknown operations,
// nesting deeper than kMaxRuleDepth, and for the extra operations wrong
// arities and literal operands of the wrong kind (a NAME or LIST that is not
// a string, a WITHIN or DURATION that ParseDuration rejects or a negative
// WITHIN, a TIMESTAMP string that is not a timestamp or a date). The
// standard operations stay as lenient as json-logic-js: any arity, any
// operand. Never throws.
CompileResult Compile(const Json& rule);

// True when the rule's value is a function of what `var` reads under `name`
// alone ("contact", "contact.score"): every `var` has a literal path that is
// `name` or starts with `name` + ".", and the rule uses no operation whose
// value depends on anything else (missing, missing_some, map, filter,
// reduce, all, none, some, and FORMAT.md's extra operations, which read the
// host). The simulator caches such a goal per contact until the contact's
// attributes change. Conservative: false is always safe.
bool ReadsOnlyUnder(const Rule& rule, std::string_view name);

// The keys under `name` that the rule's `var`s read, one level down
// ("contact.score" and "contact.address.city" give "score" and "address"),
// sorted and without repeats; "" where a `var` reads `name` itself (the whole
// object). Meaningful where ReadsOnlyUnder holds: the simulator then forgets a
// cached false goal only when one of these keys changes.
std::vector<std::string> KeysReadUnder(const Rule& rule, std::string_view name);

// One `var` read against the root data, for explaining decisions
// ("took branch US: contact.country was 'US'").
struct Read {
  std::string path;
  Json value;  // null when absent
};

struct EvalOptions {
  // Without one the extra operations yield null.
  const Host* host = nullptr;
  // When set, receives each path read from the root data (`var`, `missing`,
  // `missing_some`, and non-"event." reads inside a has_event WHERE), once,
  // in first-read order; reads of map/filter/reduce/all/some/none elements
  // and of past events are not recorded. Appended to, not cleared.
  std::vector<Read>* reads = nullptr;
  // When set, receives why an evaluation was stopped (its result is then
  // null): a work limit below, or memory. Left alone otherwise.
  std::string* error = nullptr;
};

// Work limits of one evaluation: array items made, copied or iterated over,
// and bytes of text made (cat). Beyond them the result is null (and
// EvalOptions::error says why), so that a rule that doubles an array or a
// string in a reduce costs bounded time and memory.
constexpr std::size_t kMaxEvalItems = 10'000'000;
constexpr std::size_t kMaxEvalTextBytes = 64u << 20;

// Evaluates a compiled rule against `data`. Never throws: what makes
// json-logic-js yield NaN, Infinity or undefined gives null here (as
// JSON.stringify prints them), an extra operation that cannot be answered
// (no host, no clock, an unparsable timestamp or duration) gives null, and
// an internal failure (out of memory) gives null. Integral numbers come out
// as JSON integers ({"+": [1, 2]} is 3, not 3.0). Thread-safe for distinct
// options.reads; a Rule is shared read-only.
Json Evaluate(const Rule& rule, const Resolver& data, const EvalOptions& options = {});
Json Evaluate(const Rule& rule, const Json& data, const EvalOptions& options = {});

// JsonLogic truthiness: false, null, 0, "" and [] are false; "0", [0] and
// {} are true.
bool Truthy(const Json& value);

}  // namespace flowproof::logic
