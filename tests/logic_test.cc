// core/logic: FORMAT.md's extra JsonLogic operations, json-logic-js's
// JavaScript quirks beyond the conformance suite, reads recording, compile
// problems and limits, truthiness.
#include <gtest/gtest.h>

#include <functional>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/logic/rule.h"
#include "core/time/timestamp.h"

namespace flowproof::logic {
namespace {

std::shared_ptr<const Rule> MustCompile(const std::string& rule) {
  CompileResult compiled = Compile(Json::parse(rule));
  EXPECT_TRUE(compiled.ok()) << rule << ": " << (compiled.ok() ? "" : compiled.problems[0].ToString());
  return compiled.rule;
}

Json Eval(const std::string& rule, const Json& data, const Host* host = nullptr,
          std::vector<Read>* reads = nullptr) {
  std::shared_ptr<const Rule> compiled = MustCompile(rule);
  if (compiled == nullptr) return "compile error";
  EvalOptions options;
  options.host = host;
  options.reads = reads;
  return Evaluate(*compiled, data, options);
}

Instant At(const char* timestamp) { return *ParseTimestamp(timestamp); }

// A scripted contact: a clock, a history and list memberships. Counts the
// events it hands out and remembers the window asked for.
class FakeHost : public Host {
 public:
  FakeHost(const char* now, std::vector<Json> events, std::set<std::string> lists)
      : now_(At(now)), events_(std::move(events)), lists_(std::move(lists)) {}

  Instant Now() const override { return now_; }
  void VisitEvents(std::string_view name, Instant since,
                   const std::function<bool(const Json& event)>& visit) const override {
    last_since = since;
    for (const Json& event : events_) {
      Instant at = At(event["at"].get<std::string>().c_str());
      if (event["name"] != name || at < since || at > now_) continue;
      ++visited;
      if (!visit(event)) return;
    }
  }
  bool InList(std::string_view list) const override { return lists_.count(std::string(list)) > 0; }

  mutable Instant last_since = 0;
  mutable int visited = 0;

 private:
  Instant now_;
  std::vector<Json> events_;
  std::set<std::string> lists_;
};

Json PastEvent(const char* name, const char* at, Json properties = Json::object()) {
  return {{"name", name}, {"at", at}, {"source", "web"}, {"properties", std::move(properties)}};
}

FakeHost Alice() {
  return FakeHost("2026-11-10T12:00:00Z",
                  {PastEvent("purchase_completed", "2026-11-01T00:00:00Z", {{"total", 20}}),
                   PastEvent("purchase_completed", "2026-11-09T00:00:00Z", {{"total", 80}, {"sku", "A1"}}),
                   PastEvent("purchase_completed", "2026-11-10T06:00:00Z", {{"total", 55}}),
                   PastEvent("page_viewed", "2026-11-10T11:00:00Z", {{"path", "/pricing"}}),
                   PastEvent("page_viewed", "2026-11-11T00:00:00Z")},  // after Now(): not yet happened
                  {"vip", "newsletter"});
}

struct Case {
  const char* rule;
  Json expected;
};

// ---- the extra operations -----------------------------------------------------

TEST(LogicExtras, WithAHost) {
  FakeHost host = Alice();
  Json data = {{"contact", {{"country", "US"}, {"signed_up", "2026-11-08T00:00:00Z"}, {"birthday", "1990-11-09"},
                            {"window", "2d"}, {"wanted", "page_viewed"}, {"min_total", 50}}}};
  const Case cases[] = {
      // has_event: NAME within the last WITHIN (inclusive), optionally WHERE.
      {R"({"has_event": ["purchase_completed", "7d"]})", true},
      {R"({"has_event": ["purchase_completed", "6h"]})", true},   // 06:00 is exactly 6h ago
      {R"({"has_event": ["purchase_completed", "5h"]})", false},
      {R"({"has_event": ["page_viewed", "30m"]})", false},        // 11:00 is 1h ago; the future one does not count
      {R"({"has_event": ["signed_up", "365d"]})", false},
      {R"({"has_event": ["purchase_completed", "P7D"]})", true},  // ISO 8601 durations too
      {R"({"has_event": ["purchase_completed", "30d", {">": [{"var": "event.properties.total"}, 70]}]})", true},
      {R"({"has_event": ["purchase_completed", "1d", {">": [{"var": "event.properties.total"}, 70]}]})", false},
      {R"({"has_event": ["purchase_completed", "30d", {"==": [{"var": "event.properties.sku"}, "A1"]}]})", true},
      {R"({"has_event": ["purchase_completed", "30d", {"==": [{"var": "event.name"}, "page_viewed"]}]})", false},
      {R"({"has_event": ["page_viewed", "1d", {"==": [{"var": "event.source"}, "web"]}]})", true},
      // WHERE reads everything but event.* from the outer data.
      {R"({"has_event": ["purchase_completed", "30d",
            {">=": [{"var": "event.properties.total"}, {"var": "contact.min_total"}]}]})", true},
      {R"({"has_event": ["page_viewed", "1d", {"==": [{"var": "contact.country"}, "FR"]}]})", false},
      // Computed NAME and WITHIN.
      {R"({"has_event": [{"var": "contact.wanted"}, {"var": "contact.window"}]})", true},
      {R"({"has_event": [{"var": "contact.nothing"}, "1d"]})", nullptr},
      {R"({"has_event": ["page_viewed", {"var": "contact.country"}]})", nullptr},  // "US" is no duration
      {R"({"has_event": ["page_viewed", {"cat": ["-", "1d"]}]})", nullptr},      // negative window
      // count_events: how many.
      {R"({"count_events": ["purchase_completed", "30d"]})", 3},
      {R"({"count_events": ["purchase_completed", "2d"]})", 2},
      {R"({"count_events": ["purchase_completed", "30d", {">": [{"var": "event.properties.total"}, 50]}]})", 2},
      {R"({"count_events": ["email_opened", "30d"]})", 0},
      {R"({">=": [{"count_events": ["purchase_completed", "30d"]}, 3]})", true},
      // days_since / hours_since: fractional, to Now().
      {R"({"days_since": [{"var": "contact.signed_up"}]})", 2.5},
      {R"({"days_since": ["2026-11-09T12:00:00Z"]})", 1},
      {R"({"hours_since": ["2026-11-10T09:00:00Z"]})", 3},
      {R"({"hours_since": ["2026-11-10T11:30:00Z"]})", 0.5},
      {R"({"hours_since": ["2026-11-10T07:00:00-05:00"]})", 0},   // offsets honoured
      {R"({"hours_since": ["2026-11-11T12:00:00Z"]})", -24},      // the future is negative
      {R"({"days_since": ["2026-11-09"]})", 1.5},                 // a date is midnight UTC
      {R"({"days_since": [{"var": "contact.country"}]})", nullptr},
      {R"({"days_since": [{"var": "contact.absent"}]})", nullptr},
      {R"({"days_since": [{"+": [1, 2]}]})", nullptr},
      {R"({"<": [{"days_since": [{"var": "contact.signed_up"}]}, 3]})", true},
      // date_add: a timestamp.
      {R"({"date_add": ["2026-11-10T12:00:00Z", "1d12h"]})", "2026-11-12T00:00:00Z"},
      {R"({"date_add": ["2026-11-10T12:00:00Z", "-3d"]})", "2026-11-07T12:00:00Z"},
      {R"({"date_add": ["2026-11-01T20:00:00-05:00", "PT2H"]})", "2026-11-02T03:00:00Z"},
      {R"({"date_add": ["2026-11-10", "0s"]})", "2026-11-10T00:00:00Z"},
      {R"({"date_add": [{"var": "contact.signed_up"}, {"var": "contact.window"}]})", "2026-11-10T00:00:00Z"},
      {R"({"date_add": [{"var": "contact.signed_up"}, {"var": "contact.country"}]})", nullptr},
      {R"({"date_add": [{"var": "contact.absent"}, "1d"]})", nullptr},
      {R"({"days_since": [{"date_add": [{"var": "contact.signed_up"}, "1d"]}]})", 1.5},
      // in_list: membership.
      {R"({"in_list": ["vip"]})", true},
      {R"({"in_list": "newsletter"})", true},
      {R"({"in_list": ["churned"]})", false},
      {R"({"in_list": [{"var": "contact.country"}]})", false},
      {R"({"in_list": [{"var": "contact.min_total"}]})", nullptr},  // not a list name
      {R"({"and": [{"in_list": ["vip"]}, {"!": {"in_list": ["churned"]}}]})", true},
  };
  for (const Case& c : cases) {
    Json actual = Eval(c.rule, data, &host);
    EXPECT_EQ(actual, c.expected) << c.rule;
    // Integral results are integers, as JSON.stringify prints them.
    if (c.expected.is_number_integer()) {
      EXPECT_TRUE(actual.is_number_integer()) << c.rule << " gave " << actual.dump();
    }
  }
}

TEST(LogicExtras, AskTheHostForTheWindowAndStopAtTheFirstMatch) {
  FakeHost host = Alice();
  EXPECT_EQ(Eval(R"({"has_event": ["purchase_completed", "30d"]})", Json::object(), &host), true);
  EXPECT_EQ(host.last_since, At("2026-10-11T12:00:00Z"));
  EXPECT_EQ(host.visited, 1);
  host.visited = 0;
  EXPECT_EQ(Eval(R"({"count_events": ["purchase_completed", "30d"]})", Json::object(), &host), 3);
  EXPECT_EQ(host.visited, 3);
}

TEST(LogicExtras, WithoutAHostYieldNull) {
  Json data = {{"contact", {{"lists", {"vip"}}}}};
  const Case cases[] = {
      {R"({"has_event": ["x", "1d"]})", nullptr},
      {R"({"count_events": ["x", "1d"]})", nullptr},
      {R"({"days_since": ["2026-01-01T00:00:00Z"]})", nullptr},
      {R"({"hours_since": ["2026-01-01T00:00:00Z"]})", nullptr},
      {R"({"in_list": ["vip"]})", nullptr},
      // date_add needs no host: it is arithmetic on its operands.
      {R"({"date_add": ["2026-01-01T00:00:00Z", "1w"]})", "2026-01-08T00:00:00Z"},
  };
  for (const Case& c : cases) EXPECT_EQ(Eval(c.rule, data), c.expected) << c.rule;
}

TEST(LogicExtras, JsonHostReadsTheData) {
  Json data = Json::parse(R"({
    "now": "2026-11-10T12:00:00Z",
    "contact": {"lists": ["vip", 7], "events": [{"name": "ignored", "at": "2026-11-10T00:00:00Z"}]},
    "events": [
      {"name": "purchase_completed", "at": "2026-11-01T00:00:00Z", "properties": {"total": 20}},
      {"name": "purchase_completed", "at": "2026-11-09T00:00:00Z", "properties": {"total": 80}},
      {"name": "purchase_completed", "at": "not a time"},
      {"name": "purchase_completed"},
      {"at": "2026-11-09T00:00:00Z"},
      "junk",
      {"name": "purchase_completed", "at": "2026-11-12T00:00:00Z"}
    ]})");
  JsonHost host(data);
  EXPECT_TRUE(host.HasClock());
  EXPECT_EQ(host.Now(), At("2026-11-10T12:00:00Z"));
  const Case cases[] = {
      {R"({"count_events": ["purchase_completed", "30d"]})", 2},
      {R"({"count_events": ["purchase_completed", "30d", {">": [{"var": "event.properties.total"}, 50]}]})", 1},
      {R"({"has_event": ["ignored", "30d"]})", false},  // "events" wins over contact.events
      {R"({"days_since": ["2026-11-08T00:00:00Z"]})", 2.5},
      {R"({"in_list": ["vip"]})", true},
      {R"({"in_list": ["7"]})", false},
  };
  for (const Case& c : cases) EXPECT_EQ(Eval(c.rule, data, &host), c.expected) << c.rule;

  Json contact_events = Json::parse(R"({"now": "2026-11-10T12:00:00Z",
      "contact": {"events": [{"name": "email_opened", "at": "2026-11-10T10:00:00Z"}]}})");
  JsonHost contact_host(contact_events);
  EXPECT_EQ(Eval(R"({"has_event": ["email_opened", "2h"]})", contact_events, &contact_host), true);
  EXPECT_EQ(Eval(R"({"in_list": ["vip"]})", contact_events, &contact_host), false);
}

TEST(LogicExtras, JsonHostWithoutAClock) {
  for (const char* data_text : {R"({"contact": {"lists": ["vip"]}})", R"({"now": "soon", "contact": {"lists": ["vip"]}})",
                                R"({"now": 1767225600, "contact": {"lists": ["vip"]}})"}) {
    Json data = Json::parse(data_text);
    JsonHost host(data);
    EXPECT_FALSE(host.HasClock()) << data_text;
    EXPECT_EQ(Eval(R"({"has_event": ["x", "1d"]})", data, &host), nullptr) << data_text;
    EXPECT_EQ(Eval(R"({"count_events": ["x", "1d"]})", data, &host), nullptr) << data_text;
    EXPECT_EQ(Eval(R"({"days_since": ["2026-01-01T00:00:00Z"]})", data, &host), nullptr) << data_text;
    EXPECT_EQ(Eval(R"({"in_list": ["vip"]})", data, &host), true) << data_text;
  }
  Json not_an_object = Json::array();
  JsonHost host(not_an_object);
  EXPECT_EQ(Eval(R"({"in_list": ["vip"]})", not_an_object, &host), false);
}

// ---- json-logic-js behaviour the conformance suite does not pin down ----------
// Every expectation below is what json-logic-js 2.0.5 gives (checked with it
// under Node), except {"*": []}, which throws there.

TEST(LogicStandard, JavaScriptSemantics) {
  Json data = Json::parse(R"({"a": [1, 2], "o": {"k": 1, "n": null}, "s": "héllo", "zero": 0, "nil": null,
                              "items": [{"sku": "A", "qty": 2}, {"sku": "B", "qty": 0}], "num": " 12 "})");
  const Case cases[] = {
      // A missing operand is undefined, not null.
      {R"({">": [1]})", false},
      {R"({"<": [-1]})", false},
      {R"({"==": [null]})", true},
      {R"({"===": [null]})", false},
      {R"({"!": []})", true},
      {R"({"-": []})", nullptr},
      {R"({"-": [5, null]})", 5},
      {R"({"/": [4]})", nullptr},
      {R"({"and": []})", nullptr},
      {R"({"log": []})", nullptr},
      // An operand that evaluates to undefined counts as not given.
      {R"({"-": [5, {"and": []}]})", -5},
      {R"({"<": [1, 2, {"or": []}]})", true},
      {R"({"substr": ["abcdef", 2, {"and": []}]})", "cdef"},
      {R"({"var": ["nope", {"and": []}]})", nullptr},
      {R"({"in": [{"reduce": [5, 1, {"or": []}]}, {"map": [[1, 2]]}]})", true},  // undefined in [undefined, undefined]
      {R"({"cat": {"merge": [{"-": []}, {"/": [1, 0]}]}})", "NaN,Infinity"},
      {R"({"/": [1, {"-": [0]}]})", nullptr},                                   // -0 stays -0: -Infinity
      {R"({"min": [0, {"/": [1, {"-": [0]}]}]})", nullptr},
      {R"({"-": [0]})", 0},
      // Arrays and objects are equal only to themselves.
      {R"({"==": [[1], [1]]})", false},
      {R"({"===": [{"var": "a"}, {"var": "a"}]})", true},
      {R"({"==": [{"var": "o"}, {"var": "o"}]})", true},
      {R"({"in": [{"var": "items.1"}, {"var": "items"}]})", true},
      {R"({"==": [[1, 2], "1,2"]})", true},
      {R"({"==": [[], false]})", true},
      {R"({"==": [{"var": "num"}, 12]})", true},
      {R"({"==": ["0x10", 16]})", true},
      {R"({"==": ["0b11", 3]})", true},
      {R"({"==": ["1e3", 1000]})", true},
      {R"({"==": ["1_000", 1000]})", false},
      {R"({"==": ["\u00a012\ufeff", 12]})", true},  // JavaScript white space is trimmed
      // NaN and Infinity are numbers until the result leaves the evaluator.
      {R"({"==": ["Infinity", {"/": [1, 0]}]})", true},
      {R"({"<": [{"/": [1, 0]}, 5]})", false},
      {R"({"cat": [{"/": [-1, 0]}, {"-": ["x"]}]})", "-InfinityNaN"},
      {R"({"map": [[0, 2], {"/": [1, {"var": ""}]}]})", {nullptr, 0.5}},
      {R"({"!": {"/": [0, 0]}})", true},
      {R"({"<": ["10", "9"]})", true},  // two strings compare as strings
      {R"({"<": ["10", 9]})", false},
      {R"({"<": ["\uffff", "\ud83d\ude00"]})", false},  // UTF-16 order: the surrogate is smaller
      {R"({"<": [null, 1]})", true},
      {R"({"<": [{"var": "a"}, "2"]})", true},    // "1,2" < "2"
      {R"({"<=": [1, 1, 1]})", true},
      {R"({"<": [1, 2, null]})", false},          // a given null is 0
      // Arithmetic.
      {R"({"+": [1, 2]})", 3},
      {R"({"+": ["1.5", "2.5abc"]})", 4},        // parseFloat
      {R"({"+": [true]})", nullptr},
      {R"({"+": []})", 0},
      {R"({"*": ["2"]})", "2"},                  // one operand is returned as it is
      {R"({"*": []})", nullptr},
      {R"({"*": ["2", "3"]})", 6},
      {R"({"-": ["5", "2"]})", 3},
      {R"({"-": ["x"]})", nullptr},
      {R"({"%": [-7, 3]})", -1},
      {R"({"/": [1, 4]})", 0.25},
      {R"({"/": [1, 0]})", nullptr},
      {R"({"+": [1e308, 1e308]})", nullptr},
      {R"({"max": []})", nullptr},
      {R"({"max": [1, "3", null]})", 3},
      {R"({"min": [1, "x"]})", nullptr},
      // Strings.
      {R"({"cat": ["a", null, 1.5, true, [1, [2, null]], {"var": "missing"}]})", "a1.5true1,2,"},
      {R"({"cat": [0.000001, " ", 1e-7, " ", 1e21, " ", 123456789012]})", "0.000001 1e-7 1e+21 123456789012"},
      {R"({"cat": [0.1, " ", 100, " ", -2.5e-8]})", "0.1 100 -2.5e-8"},
      {R"({"in": ["", ""]})", false},
      {R"({"in": ["", "abc"]})", true},
      {R"({"in": [1, "a1"]})", true},
      {R"({"in": ["1", [1]]})", false},  // strict inside arrays
      {R"({"in": ["x", {"var": "zero"}]})", false},
      {R"({"substr": [{"var": "s"}, 1, 3]})", "éll"},  // code points
      {R"({"substr": ["abcdef", -2]})", "ef"},
      {R"({"substr": ["abcdef", 1, -1]})", "bcde"},
      {R"({"substr": ["abcdef", 4, -5]})", ""},
      {R"({"substr": ["abcdef", 1, null]})", ""},
      {R"({"substr": ["abcdef", 1, "-1"]})", ""},  // "5" + "-1" is "5-1": NaN
      {R"({"substr": ["abcdef", 1e300, 1e300]})", ""},
      {R"({"substr": ["abcdef", -1e300]})", "abcdef"},
      {R"({"substr": [12345, 1, 2]})", "23"},
      {R"({"substr": []})", "undefined"},
      // var: paths as json-logic-js reads them.
      {R"({"var": "a.1"})", 2},
      {R"({"var": "a.01"})", nullptr},
      {R"({"var": "a.length"})", 2},
      {R"({"var": "s.length"})", 5},
      {R"({"var": "s.1"})", "é"},
      {R"({"var": "s.9"})", nullptr},
      {R"({"var": "items.0.sku"})", "A"},
      {R"({"var": ["o.n", 5]})", nullptr},         // present but null: no default
      {R"({"var": ["o.n.deeper", 5]})", 5},
      {R"({"var": ["nope", {"var": "zero"}]})", 0},
      {R"({"var": [{"cat": ["o", ".", "k"]}]})", 1},
      {R"({"var": 1})", nullptr},
      {R"({"var": "zero.x"})", nullptr},
      // Iteration: `var` reads the element; reduce sees current and accumulator.
      {R"({"map": [{"var": "items"}, {"var": "sku"}]})", {"A", "B"}},
      {R"({"map": [{"var": "items"}]})", {nullptr, nullptr}},
      {R"({"filter": [{"var": "items"}, {"var": "qty"}]})", Json::parse(R"([{"sku": "A", "qty": 2}])")},
      {R"({"reduce": [{"var": "items"}, {"+": [{"var": "accumulator"}, {"var": "current.qty"}]}, 10]})", 12},
      {R"({"reduce": [[1, 2, 3], {"merge": [{"var": "accumulator"}, {"var": "current"}]}, []]})", {1, 2, 3}},
      {R"({"reduce": [[1, 2], {"var": ""}, 0]})", Json::parse(R"({"accumulator": {"accumulator": 0, "current": 1}, "current": 2})")},
      {R"({"reduce": [[1, 2, 3], {"var": "accumulator.x"},
            {"x": {"x": {"x": {"x": 1, "y": 0}, "y": 0}, "y": 0}, "y": 0}]})", Json::parse(R"({"x": 1, "y": 0})")},
      {R"({"reduce": ["nope", {"var": "current"}, 7]})", 7},
      {R"({"all": [[], true]})", false},
      {R"({"all": [{"var": "items"}, {"var": "sku"}]})", true},
      {R"({"some": [{"var": "items"}, {"==": [{"var": "qty"}, 0]}]})", true},
      {R"({"none": [{"var": "items"}, {">": [{"var": "qty"}, 5]}]})", true},
      {R"({"none": [{"var": "nothing"}, true]})", true},
      {R"({"some": [{"var": "nothing"}, true]})", false},
      {R"({"map": [{"var": "nothing"}, 1]})", Json::array()},
      {R"({"merge": [1, [2, [3]], {"var": "a"}]})", Json::parse("[1, 2, [3], 1, 2]")},
      // and/or return the deciding operand, if returns its branch.
      {R"({"or": [0, "", {"var": "a"}, 1]})", {1, 2}},
      {R"({"and": [1, {"var": "s"}]})", "héllo"},
      {R"({"and": [1, [], 2]})", Json::array()},
      {R"({"if": [{"var": "zero"}, "a", {"var": "nil"}, "b", "c"]})", "c"},
      {R"({"?:": [true, {"var": "o"}, 2]})", Json::parse(R"({"k": 1, "n": null})")},
      {R"({"if": []})", nullptr},
      // missing and missing_some read through var.
      {R"({"missing": ["a", "nil", "nope", "o.k", "o.n"]})", {"nil", "nope", "o.n"}},
      {R"({"missing": [["s", "gone"], "ignored"]})", {"gone"}},
      {R"({"missing_some": [1, ["gone", "s"]]})", Json::array()},
      {R"({"missing_some": [2, ["gone", "s"]]})", {"gone"}},
      {R"({"missing": ["x", ["gone", "default"], ["gone"], []]})", Json::parse(R"(["x", ["gone"]])")},
      {R"({"missing_some": [1, "s"]})", Json::array()},   // a string of options is one key; its length counts
      {R"({"missing_some": [1, 5]})", {5}},               // a number has no length: NaN >= 1 fails
      // Literal data: objects that are not single-key operations.
      {R"({"==": [{"a": 1, "b": 2}, {"a": 1, "b": 2}]})", false},
      {R"({"if": [true, {}, 1]})", Json::object()},
  };
  for (const Case& c : cases) {
    Json actual = Eval(c.rule, data);
    EXPECT_EQ(actual, c.expected) << c.rule;
    if (c.expected.is_number_integer()) {
      EXPECT_TRUE(actual.is_number_integer()) << c.rule << " gave " << actual.dump();
    }
  }
}

// A resolver that answers in place and synthesises some values, as the
// simulator's does.
class SynthesisingResolver : public Resolver {
 public:
  const Json* Lookup(std::string_view path, Json& scratch) const override {
    ++lookups;
    if (path == "now") {
      scratch = "2026-11-10T12:00:00Z";
      return &scratch;
    }
    return LookupPath(data_, path, scratch);
  }
  mutable int lookups = 0;

 private:
  Json data_ = {{"contact", {{"tags", {"a", "b"}}}}};
};

TEST(LogicEvaluate, ThroughACustomResolver) {
  SynthesisingResolver resolver;
  std::shared_ptr<const Rule> rule = MustCompile(
      R"({"and": [{"in": ["b", {"var": "contact.tags"}]}, {"==": [{"days_since": [{"var": "now"}]}, 0]}]})");
  FakeHost host("2026-11-10T12:00:00Z", {}, {});
  EvalOptions options;
  options.host = &host;
  EXPECT_EQ(Evaluate(*rule, resolver, options), true);
  EXPECT_EQ(resolver.lookups, 2);
  EXPECT_EQ(Evaluate(*MustCompile(R"({"cat": [{"var": "now"}, "!"]})"), resolver), "2026-11-10T12:00:00Z!");
}

TEST(LogicEvaluate, LookupPathTable) {
  Json data = Json::parse(R"({"a": {"b": [10, {"c": "x"}], "": {"": 5}}, "s": "hi"})");
  struct PathCase {
    const char* path;
    Json expected;  // discarded-free; `nullptr` with found=false means absent
    bool found;
  };
  const PathCase cases[] = {
      {"a.b.0", 10, true},       {"a.b.1.c", "x", true},  {"a.b.2", nullptr, false},
      {"a.b.-1", nullptr, false}, {"a.b. 1", nullptr, false}, {"a.b.length", 2, true},
      {"a.b.4294967296", nullptr, false}, {"a.b.18446744073709551617", nullptr, false},
      {"a..", 5, true},          {"s.0", "h", true},       {"s.length", 2, true},
      {"s.length.x", nullptr, false}, {"nope.x", nullptr, false}, {"a.b.1.c.0", "x", true},
  };
  for (const PathCase& c : cases) {
    Json scratch;
    const Json* found = LookupPath(data, c.path, scratch);
    EXPECT_EQ(found != nullptr, c.found) << c.path;
    if (found != nullptr && c.found) {
      EXPECT_EQ(*found, c.expected) << c.path;
    }
  }
  Json scratch;
  EXPECT_EQ(LookupPath(data, "", scratch), &data);
}

TEST(LogicEvaluate, HostileInputNeverThrows) {
  Json data = {{"big", std::string(100000, 'x')}, {"n", 1e308}};
  const char* rules[] = {
      R"({"substr": [{"var": "big"}, 99990]})",
      R"({"*": [{"var": "n"}, {"var": "n"}, -1]})",
      R"({"var": {"var": "big"}})",
      R"({"map": [{"var": "big"}, {"var": ""}]})",
      R"({"reduce": [{"merge": [[1, 2], [3]]}, {"cat": [{"var": "accumulator"}, {"var": "big"}]}, ""]})",
      R"({"date_add": ["9999-12-31T23:59:59Z", "1000000000000s"]})",
      R"({"date_add": ["0000-01-01T00:00:00Z", "-1000000000000s"]})",
      R"({"missing_some": [{"var": "n"}, {"var": "big"}]})",
  };
  for (const char* rule : rules) {
    std::shared_ptr<const Rule> compiled = MustCompile(rule);
    ASSERT_NE(compiled, nullptr) << rule;
    EXPECT_NO_THROW(Evaluate(*compiled, data)) << rule;
  }
  EXPECT_EQ(Eval(R"({"substr": [{"var": "big"}, 99990]})", data), std::string(10, 'x'));
}

// Random rules over every standard operation: each compiles, evaluates
// without throwing, and comes out as plain JSON (no undefined, NaN or
// Infinity inside). A fixed seed and raw mt19937 output keep the rules the
// same natively and in WebAssembly.
TEST(LogicEvaluate, RandomRulesComeOutAsPlainJson) {
  static const char* kOps[] = {"==", "===", "!=", "!==", ">", ">=", "<", "<=", "!", "!!", "or", "and", "if",
                               "+", "-", "*", "/", "%", "min", "max", "cat", "substr", "in", "merge", "var",
                               "missing", "missing_some", "map", "filter", "reduce", "all", "some", "none", "log"};
  static const char* kLeaves[] = {"0", "1", "-1", "3.5", "1e21", "\"\"", "\"0\"", "\"abc\"", "\" 12 \"", "null",
                                  "true", "false", "[]", "[1, 2]", "[null]", "{\"a\": 1, \"b\": 2}",
                                  "{\"var\": \"n\"}", "{\"var\": \"arr\"}", "{\"var\": \"\"}",
                                  "{\"var\": \"accumulator\"}", "{\"and\": []}", "{\"/\": [1, 0]}"};
  std::mt19937 random(20261129);
  std::function<std::string(int)> make = [&](int depth) -> std::string {
    if (depth == 0 || random() % 4 == 0) return kLeaves[random() % std::size(kLeaves)];
    std::string rule = std::string("{\"") + kOps[random() % std::size(kOps)] + "\": [";
    for (unsigned i = 0, n = random() % 4; i < n; ++i) rule += (i > 0 ? ", " : "") + make(depth - 1);
    return rule + "]}";
  };
  Json data = Json::parse(R"({"n": 5, "arr": [1, "2", null], "accumulator": [[]]})");
  for (int i = 0; i < 3000; ++i) {
    std::string text = make(5);
    CompileResult compiled = Compile(Json::parse(text));
    ASSERT_TRUE(compiled.ok()) << text;
    Json result;
    ASSERT_NO_THROW(result = Evaluate(*compiled.rule, data)) << text;
    std::string printed = result.dump();
    EXPECT_EQ(printed.find("discarded"), std::string::npos) << text << " gave " << printed;
    EXPECT_EQ(Json::parse(printed), result) << text;
  }
}

// ---- reads ----------------------------------------------------------------------

TEST(LogicReads, RecordsRootReadsOnceInFirstReadOrder) {
  FakeHost host = Alice();
  Json data = {{"contact", {{"country", "US"}, {"items", {1, 2}}, {"min", 50}}}};
  std::vector<Read> reads = {Read{"earlier", 1}};  // appended to, never cleared
  Eval(R"({"and": [
        {"==": [{"var": "contact.country"}, "US"]},
        {"!!": {"var": ["contact.missing", 3]}},
        {"some": [{"var": "contact.items"}, {">": [{"var": ""}, 1]}]},
        {"map": [[{"a": 1, "b": 2}], {"var": "a"}]},
        {"has_event": ["purchase_completed", "30d",
           {">=": [{"var": "event.properties.total"}, {"var": "contact.min"}]}]},
        {"missing": ["contact.country", "contact.zip"]},
        {"==": [{"var": "contact.country"}, "US"]}
      ]})",
       data, &host, &reads);
  std::vector<std::pair<std::string, Json>> expected = {
      {"earlier", 1},          {"contact.country", "US"}, {"contact.missing", nullptr},
      {"contact.items", {1, 2}}, {"contact.min", 50},       {"contact.zip", nullptr},
  };
  ASSERT_EQ(reads.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(reads[i].path, expected[i].first) << i;
    EXPECT_EQ(reads[i].value, expected[i].second) << i;
  }
}

TEST(LogicReads, ShortCircuitsReadOnlyWhatWasEvaluated) {
  Json data = {{"a", 0}, {"b", 1}};
  std::vector<Read> reads;
  EXPECT_EQ(Eval(R"({"and": [{"var": "a"}, {"var": "b"}]})", data, nullptr, &reads), 0);
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0].path, "a");
  reads.clear();
  EXPECT_EQ(Eval(R"({"if": [{"var": "b"}, {"var": ""}, {"var": "a"}]})", data, nullptr, &reads), data);
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[1].path, "");
  EXPECT_EQ(reads[1].value, data);
}

// ---- compiling ------------------------------------------------------------------

TEST(LogicCompile, ProblemsArePointedAt) {
  struct ProblemCase {
    const char* rule;
    struct Expected {
      const char* pointer;
      const char* code;
      const char* words;  // a fragment of the message
    };
    std::vector<Expected> problems;
  };
  const ProblemCase cases[] = {
      {R"({"and": [true, {"frobnicate": [1]}]})", {{"/and/1", "unknown_operation", "unknown operation 'frobnicate'"}}},
      {R"({"frobnicate": 1})", {{"", "unknown_operation", "unknown operation 'frobnicate'"}}},
      {R"({"and": [{"if": [{"a/b~": 1}]}]})", {{"/and/0/if/0", "unknown_operation", "unknown operation 'a/b~'"}}},
      {R"({"or": [{"x": 1}, [{"y": 2}]]})", {{"/or/0", "unknown_operation", "'x'"}, {"/or/1/0", "unknown_operation", "'y'"}}},
      {R"({"in_list": []})", {{"", "invalid_condition", "'in_list' takes [LIST], not 0 operands"}}},
      {R"({"not": {"in_list": ["a", "b"]}})", {{"", "unknown_operation", "unknown operation 'not'"}}},
      {R"({"!": {"in_list": ["a", "b"]}})", {{"/!", "invalid_condition", "'in_list' takes [LIST], not 2 operands"}}},
      {R"({"has_event": ["x"]})", {{"", "invalid_condition", "[NAME, WITHIN, WHERE?]"}}},
      {R"({"count_events": ["x", "1d", true, 4]})", {{"", "invalid_condition", "[NAME, WITHIN, WHERE?]"}}},
      {R"({"days_since": []})", {{"", "invalid_condition", "[TIMESTAMP]"}}},
      {R"({"date_add": ["2026-11-01T00:00:00Z"]})", {{"", "invalid_condition", "[TIMESTAMP, DURATION]"}}},
      {R"({"has_event": [1, "7d"]})", {{"/has_event/0", "wrong_type", "expected a name"}}},
      {R"({"has_event": ["x", "seven days"]})", {{"/has_event/1", "not_a_duration", "not a duration"}}},
      {R"({"has_event": ["x", "-1d"]})", {{"/has_event/1", "out_of_range", "cannot be negative"}}},
      {R"({"count_events": ["x", 7]})", {{"/count_events/1", "not_a_duration", "expected a duration"}}},
      {R"({"in_list": [["vip"]]})", {{"/in_list/0", "wrong_type", "expected a name"}}},
      {R"({"days_since": "yesterday"})", {{"/days_since", "not_a_timestamp", "not a timestamp"}}},
      {R"({"hours_since": [20261101]})", {{"/hours_since/0", "not_a_timestamp", "expected a timestamp"}}},
      {R"({"date_add": ["2026-13-01T00:00:00Z", "1d"]})", {{"/date_add/0", "not_a_timestamp", "not a timestamp"}}},
      {R"({"date_add": ["2026-11-01", "P1M"]})", {{"/date_add/1", "not_a_duration", "not a duration"}}},
      {R"({"has_event": ["x", "1d", {"nope": 1}]})", {{"/has_event/2", "unknown_operation", "unknown operation 'nope'"}}},
  };
  for (const ProblemCase& c : cases) {
    CompileResult compiled = Compile(Json::parse(c.rule));
    EXPECT_FALSE(compiled.ok()) << c.rule;
    EXPECT_EQ(compiled.rule, nullptr) << c.rule;
    ASSERT_EQ(compiled.problems.size(), c.problems.size()) << c.rule;
    for (std::size_t i = 0; i < c.problems.size(); ++i) {
      EXPECT_EQ(compiled.problems[i].pointer, c.problems[i].pointer) << c.rule;
      EXPECT_EQ(compiled.problems[i].code, c.problems[i].code) << c.rule;
      EXPECT_NE(compiled.problems[i].message.find(c.problems[i].words), std::string::npos)
          << c.rule << ": " << compiled.problems[i].message;
    }
  }
}

TEST(LogicCompile, AcceptsWhatIsOnlyKnownAtRunTimeAndLenientStandardOperations) {
  const char* rules[] = {
      R"({"has_event": [{"var": "n"}, {"var": "w"}, {"var": "x"}]})",
      R"({"count_events": ["x", "P1DT2H"]})",
      R"({"days_since": {"var": "contact.signed_up"}})",
      R"({"date_add": ["2026-11-01", "-3d"]})",
      R"({"date_add": ["2026-11-01T09:00:00+01:00", {"var": "gap"}]})",
      R"({"in_list": "vip"})",
      R"({"==": []})",
      R"({"var": [1, 2, 3]})",
      R"({"substr": "x"})",
      R"({"if": [1]})",
      R"({"map": [1, 2, 3, 4]})",
      R"(42)",
      R"([1, {"var": "a"}, {"a": 1, "b": 2}, {}])",
  };
  for (const char* rule : rules) {
    CompileResult compiled = Compile(Json::parse(rule));
    EXPECT_TRUE(compiled.ok()) << rule << ": " << (compiled.ok() ? "" : compiled.problems[0].ToString());
    EXPECT_NE(compiled.rule, nullptr) << rule;
  }
}

Json Nested(int depth) {
  Json rule = true;
  for (int i = 0; i < depth; ++i) rule = Json{{"!", Json::array({std::move(rule)})}};
  return rule;
}

TEST(LogicCompile, DepthLimit) {
  CompileResult at_limit = Compile(Nested(kMaxRuleDepth));
  ASSERT_TRUE(at_limit.ok());
  EXPECT_EQ(Evaluate(*at_limit.rule, Json::object()), kMaxRuleDepth % 2 == 0);

  CompileResult over = Compile(Nested(kMaxRuleDepth + 1));
  ASSERT_EQ(over.problems.size(), 1u);
  EXPECT_NE(over.problems[0].message.find("deeper than 256"), std::string::npos);
  EXPECT_EQ(over.problems[0].code, "too_deep");
  EXPECT_EQ(over.problems[0].pointer.size(), (kMaxRuleDepth + 1) * 4u);  // "/!/0" per level

  // Far deeper, and wide at depth: one problem, no stack overflow.
  Json wide = Json::array({Nested(5000), Nested(5000), Nested(300)});
  CompileResult deep = Compile(wide);
  EXPECT_EQ(deep.problems.size(), 1u);
  Json arrays = 1;
  for (int i = 0; i < 5000; ++i) arrays = Json::array({std::move(arrays)});
  EXPECT_FALSE(Compile(arrays).ok());
}

// A rule that doubles an array or a string in a reduce would take 2^40
// items or bytes: the work limits stop it with null and say why, in bounded
// time and memory (it used to end in std::bad_alloc and abort).
TEST(LogicEvaluate, WorkLimitsStopRulesThatDoubleTheirData) {
  std::string forty = "[0";
  for (int i = 1; i < 40; ++i) forty += "," + std::to_string(i);
  forty += "]";
  struct Case {
    std::string rule;
    const char* words;
  };
  const Case cases[] = {
      {R"({"reduce": [)" + forty + R"(, {"merge": [{"var": "accumulator"}, {"var": "accumulator"}]}, [1]]})", "array items"},
      {R"({"reduce": [)" + forty + R"(, {"cat": [{"var": "accumulator"}, {"var": "accumulator"}]}, "xx"]})", "bytes of text"},
      {R"({"reduce": [)" + forty + R"(, {"map": [{"merge": [{"var": "accumulator"}, {"var": "accumulator"}]}, {"var": ""}]}, [1]]})",
       "array items"},
  };
  for (const Case& c : cases) {
    CompileResult compiled = Compile(Json::parse(c.rule));
    ASSERT_TRUE(compiled.ok()) << c.rule;
    std::string error;
    EvalOptions options;
    options.error = &error;
    EXPECT_EQ(Evaluate(*compiled.rule, Json::object(), options), Json()) << c.rule;
    EXPECT_NE(error.find("the evaluation was stopped"), std::string::npos) << error;
    EXPECT_NE(error.find(c.words), std::string::npos) << error;
  }

  // Ordinary rules are far from the limits, and leave the error alone.
  std::string error = "untouched";
  EvalOptions options;
  options.error = &error;
  EXPECT_EQ(Evaluate(*MustCompile(R"({"reduce": [[1, 2, 3], {"+": [{"var": "current"}, {"var": "accumulator"}]}, 0]})"),
                     Json::object(), options),
            6);
  EXPECT_EQ(error, "untouched");
}

TEST(LogicCompile, CompiledRulesAreReusable) {
  std::shared_ptr<const Rule> rule = MustCompile(R"({"if": [{">": [{"var": "score"}, 50]}, "hot", "cold"]})");
  std::map<int, std::string> expected = {{10, "cold"}, {51, "hot"}, {50, "cold"}, {90, "hot"}};
  for (const auto& [score, label] : expected) {
    EXPECT_EQ(Evaluate(*rule, Json{{"score", score}}), label) << score;
  }
}

// ---- what a rule reads ------------------------------------------------------------

// The simulator keeps a false goal until one of these keys changes: a key
// left out would leave a contact in a workflow whose goal it has met.
TEST(LogicReads, KeysReadUnderAName) {
  auto keys = [](const char* text) {
    CompileResult compiled = Compile(Json::parse(text));
    EXPECT_TRUE(compiled.rule) << text;
    return compiled.rule ? KeysReadUnder(*compiled.rule, "contact") : std::vector<std::string>{"(not compiled)"};
  };
  using Keys = std::vector<std::string>;
  EXPECT_EQ(keys(R"({"==": [{"var": "contact.buyer"}, true]})"), (Keys{"buyer"}));
  EXPECT_EQ(keys(R"({"and": [{">": [{"var": "contact.score"}, 5]}, {"==": [{"var": "contact.tier.level"}, "gold"]},
                             {"<": [{"var": "contact.score"}, 9]}]})"),
            (Keys{"score", "tier"}));
  EXPECT_EQ(keys(R"({"var": ["contact.a", {"var": "contact.b"}]})"), (Keys{"a", "b"}));  // the default is read too
  EXPECT_EQ(keys(R"({"!!": {"var": "contact"}})"), (Keys{""}));                          // the whole contact
  EXPECT_EQ(keys(R"({"==": [{"var": "contacts.x"}, {"var": "event.name"}]})"), (Keys{}));  // not under "contact"
  EXPECT_EQ(keys(R"(true)"), (Keys{}));
}

// ---- truthiness -----------------------------------------------------------------

TEST(LogicTruthy, MatchesJsonLogic) {
  const std::pair<Json, bool> cases[] = {
      {Json::array(), false}, {Json::array({0}), true}, {"0", true},    {"", false},
      {0, false},             {0.0, false},             {-0.0, false},  {0.5, true},
      {-1, true},             {Json::object(), true},   {nullptr, false}, {false, false},
      {true, true},           {"false", true},          {Json(Json::value_t::discarded), false},
      {std::uint64_t{0}, false}, {std::uint64_t{3}, true},
  };
  for (const auto& [value, truthy] : cases) EXPECT_EQ(Truthy(value), truthy) << value.dump();
}

}  // namespace
}  // namespace flowproof::logic
