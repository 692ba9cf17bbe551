// Evaluating a compiled rule.
//
// Eval returns a reference rather than a value: to a literal inside the rule,
// to the data itself (a `var`), or to `slot`, storage its caller provides for
// a computed result. So a `var` of a large value, an `if` or an `and` copies
// nothing; only operations that build a value (arithmetic, cat, map...) write
// to their slot.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/logic/js_coercion.h"
#include "core/logic/rule.h"
#include "core/logic/rule_tree.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"

namespace flowproof::logic {
namespace {

const Json kNull;
const Json kTrue(true);
const Json kFalse(false);

const Json& Bool(bool value) { return value ? kTrue : kFalse; }

// Moves a result out of its slot, or copies it from wherever it lives.
// Arrays built during an evaluation may hold undefined, NaN and Infinity,
// as in JavaScript ({"cat": {"merge": [{"-": []}]}} is "NaN"); Sanitize
// turns them into null when the result leaves the evaluator.
Json Own(const Json& value, Json& slot) {
  if (&value == &slot) return std::move(slot);
  return value;
}

// JSON.stringify's view of a value: undefined, NaN and the infinities are
// null, -0 is 0.
void Sanitize(Json& value) {
  if (value.is_discarded() || IsNonFinite(value)) {
    value = nullptr;
  } else if (value.is_number_float() && value.get<double>() == 0) {
    value = 0;
  } else if (value.is_array() || value.is_object()) {
    for (Json& item : value) Sanitize(item);
  }
}

// The UTF-16 length of a UTF-8 string, and its UTF-16 unit at `index` as a
// string (a lone surrogate, which UTF-8 cannot hold, becomes U+FFFD).
std::size_t Utf16Length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

std::optional<std::string> Utf16UnitAt(const std::string& s, std::size_t index) {
  std::size_t unit = 0;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t length = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    length = std::min(length, s.size() - i);
    std::size_t units = length == 4 ? 2 : 1;
    if (index < unit + units) return units == 2 ? std::string("\xEF\xBF\xBD") : s.substr(i, length);
    unit += units;
    i += length;
  }
  return std::nullopt;
}

// A canonical array index ("0", "12"; not "01", "+1", " 1"), or npos.
// Nine digits at most, so it cannot overflow a 32-bit size_t (WebAssembly).
std::size_t ArrayIndex(std::string_view key) {
  if (key.empty() || key.size() > 9 || (key.size() > 1 && key[0] == '0')) return std::string::npos;
  std::size_t index = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return std::string::npos;
    index = index * 10 + static_cast<std::size_t>(c - '0');
  }
  return index;
}

// value[key] as JavaScript reads it.
const Json* Child(const Json& value, std::string_view key, Json& scratch) {
  if (value.is_object()) {
    auto it = value.find(key);
    return it == value.end() ? nullptr : &*it;
  }
  if (value.is_array()) {
    if (key == "length") {
      Json length = value.size();
      scratch = std::move(length);
      return &scratch;
    }
    std::size_t index = ArrayIndex(key);
    return index < value.size() ? &value[index] : nullptr;
  }
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    Json result;
    if (key == "length") {
      result = Utf16Length(s);
    } else {
      std::size_t index = ArrayIndex(key);
      if (index == std::string::npos) return nullptr;
      std::optional<std::string> unit = Utf16UnitAt(s, index);
      if (!unit) return nullptr;
      result = std::move(*unit);
    }
    scratch = std::move(result);  // `value` may be scratch itself: computed first
    return &scratch;
  }
  return nullptr;
}

// Follows every dot-separated segment of `path` (one segment when it has no
// dot; "" is the key "").
const Json* Descend(const Json* value, std::string_view path, Json& scratch) {
  while (value != nullptr) {
    std::size_t dot = path.find('.');
    value = Child(*value, path.substr(0, dot), scratch);
    if (dot == std::string_view::npos) return value;
    path.remove_prefix(dot + 1);
  }
  return nullptr;
}

// "name" and "name.rest": the value `rest` names under `value`. Returns
// false when `path` is not under `name`.
bool UnderName(std::string_view path, std::string_view name, const Json& value, Json& scratch,
               const Json** found) {
  if (path.substr(0, name.size()) != name) return false;
  if (path.size() == name.size()) {
    *found = &value;
    return true;
  }
  if (path[name.size()] != '.') return false;
  *found = Descend(&value, path.substr(name.size() + 1), scratch);
  return true;
}

// The data of a reduce step: {"current": ..., "accumulator": ...}, answered
// in place.
class ReduceData : public Resolver {
 public:
  ReduceData(const Json& current, const Json& accumulator) : current_(current), accumulator_(accumulator) {}
  const Json* Lookup(std::string_view path, Json& scratch) const override {
    const Json* found = nullptr;
    if (path.empty()) {
      Json whole = {{"accumulator", accumulator_}, {"current", current_}};
      scratch = std::move(whole);
      return &scratch;
    }
    if (UnderName(path, "current", current_, scratch, &found)) return found;
    if (UnderName(path, "accumulator", accumulator_, scratch, &found)) return found;
    return nullptr;
  }

 private:
  const Json& current_;
  const Json& accumulator_;
};

// What `var` reads: the rule's data (root: reads are recorded), an element
// of map/filter/..., or, inside a has_event WHERE, the outer data with
// "event" bound to a past event.
struct Scope {
  const Resolver* data;
  bool root;
  const Json* event;
};

// JavaScript's ToIntegerOrInfinity.
double ToInteger(double x) { return std::isnan(x) ? 0 : std::trunc(x); }

// Thrown when an evaluation exceeds its work limits (EvalLimits in rule.h);
// caught in Evaluate.
struct LimitExceeded {
  std::string what;
};

class Evaluator {
 public:
  explicit Evaluator(const EvalOptions& options) : host_(options.host), reads_(options.reads) {}

  const Json& Eval(const Node& node, const Scope& scope, Json& slot) {
    switch (node.op) {
      case Op::kLiteral: return node.literal;
      case Op::kArray: return Array(node, scope, slot);
      case Op::kVar: return Var(node, scope, slot);
      case Op::kMissing: return Missing(node, scope, slot);
      case Op::kMissingSome: return MissingSome(node, scope, slot);
      case Op::kIf: {
        std::size_t n = node.args.size(), i = 0;
        for (; i + 1 < n; i += 2) {
          if (Truthy(Eval(node.args[i], scope, slot))) return Eval(node.args[i + 1], scope, slot);
        }
        return i + 1 == n ? Eval(node.args[i], scope, slot) : kNull;
      }
      case Op::kEq:
      case Op::kNe:
      case Op::kStrictEq:
      case Op::kStrictNe:
      case Op::kGt:
      case Op::kGe:
      case Op::kLt:
      case Op::kLe: return Compare(node, scope);
      case Op::kNot: return Bool(!Truthy(Arg(node, 0, scope, slot)));
      case Op::kNotNot: return Bool(Truthy(Arg(node, 0, scope, slot)));
      case Op::kOr:
      case Op::kAnd: {
        // The deciding operand itself, as JavaScript's || and && return it.
        const Json* current = &kUndefined;
        for (const Node& arg : node.args) {
          current = &Eval(arg, scope, slot);
          if (Truthy(*current) == (node.op == Op::kOr)) return *current;
        }
        return *current;
      }
      case Op::kMax:
      case Op::kMin:
      case Op::kAdd:
      case Op::kMul:
      case Op::kSub:
      case Op::kDiv:
      case Op::kMod: return Arithmetic(node, scope, slot);
      case Op::kMap:
      case Op::kFilter:
      case Op::kAll:
      case Op::kNone:
      case Op::kSome: return Iterate(node, scope, slot);
      case Op::kReduce: return Reduce(node, scope, slot);
      case Op::kMerge: return Merge(node, scope, slot);
      case Op::kIn: return In(node, scope);
      case Op::kCat: {
        std::string out;
        for (const Node& arg : node.args) {
          Json temp;
          const Json& value = Eval(arg, scope, temp);
          if (!value.is_null() && !value.is_discarded()) {
            std::size_t before = out.size();
            AppendJsString(value, out);  // join() skips them
            ChargeText(out.size() - before);
          }
        }
        slot = std::move(out);
        return slot;
      }
      case Op::kSubstr: return Substr(node, scope, slot);
      case Op::kLog: return Arg(node, 0, scope, slot);
      case Op::kHasEvent:
      case Op::kCountEvents: return Events(node, scope, slot);
      case Op::kDaysSince:
      case Op::kHoursSince:
      case Op::kDateAdd:
      case Op::kInList: return Extra(node, scope, slot);
    }
    return kNull;
  }

 private:
  // Work limits: every array item made, copied or visited and every byte of
  // text made counts, so that a rule doubling an array or a string in a
  // reduce stops early instead of taking all memory.
  void ChargeItems(std::size_t n) {
    items_ += n;
    if (items_ > kMaxEvalItems) {
      throw LimitExceeded{"more than " + std::to_string(kMaxEvalItems) + " array items made or visited"};
    }
  }
  void ChargeText(std::size_t n) {
    text_ += n;
    if (text_ > kMaxEvalTextBytes) {
      throw LimitExceeded{"more than " + std::to_string(kMaxEvalTextBytes) + " bytes of text made"};
    }
  }
  // Own(), counting what a copy costs.
  Json Keep(const Json& value, Json& slot) {
    if (&value != &slot) {
      if (value.is_array() || value.is_object()) ChargeItems(value.size());
      else if (value.is_string()) ChargeText(value.get_ref<const std::string&>().size());
    }
    return Own(value, slot);
  }

  // Operand i, or undefined when the rule gives fewer.
  const Json& Arg(const Node& node, std::size_t i, const Scope& scope, Json& slot) {
    return i < node.args.size() ? Eval(node.args[i], scope, slot) : kUndefined;
  }

  const Json& Array(const Node& node, const Scope& scope, Json& slot) {
    Json out = Json::array();
    Json::array_t& items = out.get_ref<Json::array_t&>();
    ChargeItems(node.args.size());
    items.reserve(node.args.size());
    for (const Node& arg : node.args) {
      Json temp;
      items.push_back(Keep(Eval(arg, scope, temp), temp));
    }
    slot = std::move(out);
    return slot;
  }

  // Reads `path` in the scope, recording root reads.
  const Json* Lookup(std::string_view path, const Scope& scope, Json& scratch) {
    const Json* found = nullptr;
    if (scope.event == nullptr || !UnderName(path, "event", *scope.event, scratch, &found)) {
      found = scope.data->Lookup(path, scratch);
      if (scope.root && reads_ != nullptr) Record(path, found);
    }
    // An undefined array element or accumulator reads as absent.
    return found != nullptr && found->is_discarded() ? nullptr : found;
  }

  void Record(std::string_view path, const Json* value) {
    for (const Read& read : *reads_) {
      if (read.path == path) return;
    }
    reads_->push_back(Read{std::string(path), value != nullptr && !value->is_discarded() ? *value : Json()});
  }

  const Json& Var(const Node& node, const Scope& scope, Json& slot) {
    std::string dynamic;
    std::string_view path = node.path;
    bool readable = true;
    if (!node.static_path) {
      Json temp;
      readable = KeyPath(Eval(node.args[0], scope, temp), dynamic);
      path = dynamic;
    }
    if (const Json* found = readable ? Lookup(path, scope, slot) : nullptr) return *found;
    if (node.args.size() < 2) return kNull;
    const Json& fallback = Eval(node.args[1], scope, slot);
    return fallback.is_discarded() ? kNull : fallback;  // an undefined default is null
  }

  // json-logic-js's var path of a key: undefined, null and "" read the whole
  // data; anything else its string form. False when that string form is
  // empty although the key was not ([] or [null]): JavaScript then reads the
  // property "" ; no data here has one worth reading, so it is absent.
  static bool KeyPath(const Json& key, std::string& path) {
    if (key.is_null() || key.is_discarded()) {
      path.clear();
      return true;
    }
    path = ToJsString(key);
    return !path.empty() || key.is_string();
  }

  // Whether `key` (a value of `missing`) is absent, null or "". json-logic-js
  // reads it as {"var": key}, so an array key is [path, default].
  bool IsMissing(const Json& key, const Scope& scope) {
    const Json* fallback = &kNull;
    const Json* path_key = &key;
    if (key.is_array()) {
      path_key = key.empty() ? &kUndefined : &key[0];
      if (key.size() > 1 && !key[1].is_discarded()) fallback = &key[1];
    }
    std::string path;
    Json scratch;
    const Json* value = KeyPath(*path_key, path) ? Lookup(path, scope, scratch) : nullptr;
    if (value == nullptr) value = fallback;
    return value->is_null() || (value->is_string() && value->get_ref<const std::string&>().empty());
  }

  // The keys json-logic-js's missing() checks: the first operand when it is
  // an array, else every operand.
  void MissingKeys(const Json* const* operands, std::size_t n, const Scope& scope, Json& out) {
    if (n > 0 && operands[0]->is_array()) {
      for (const Json& key : *operands[0]) {
        if (IsMissing(key, scope)) out.push_back(key);
      }
      return;
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (IsMissing(*operands[i], scope)) out.push_back(operands[i]->is_discarded() ? Json() : *operands[i]);
    }
  }

  const Json& Missing(const Node& node, const Scope& scope, Json& slot) {
    std::vector<Json> slots(node.args.size());
    std::vector<const Json*> operands(node.args.size());
    for (std::size_t i = 0; i < node.args.size(); ++i) operands[i] = &Eval(node.args[i], scope, slots[i]);
    Json out = Json::array();
    MissingKeys(operands.data(), operands.size(), scope, out);
    slot = std::move(out);
    return slot;
  }

  // missing_some(need, options): [] when at least `need` of `options` are
  // present, else the missing ones. Like json-logic-js, a non-array `options`
  // is one key, and its "length" is a string's length or undefined (NaN).
  const Json& MissingSome(const Node& node, const Scope& scope, Json& slot) {
    Json need_slot, options_slot;
    const Json& need = Arg(node, 0, scope, need_slot);
    const Json& options = Arg(node, 1, scope, options_slot);
    Json missing = Json::array();
    const Json* operands[1] = {&options};
    if (options.is_array()) {
      std::vector<const Json*> items;
      for (const Json& item : options) items.push_back(&item);
      MissingKeys(items.data(), items.size(), scope, missing);
    } else {
      MissingKeys(operands, 1, scope, missing);
    }
    double length = options.is_array()    ? static_cast<double>(options.size())
                    : options.is_string() ? static_cast<double>(Utf16Length(options.get_ref<const std::string&>()))
                                          : NAN;
    slot = length - static_cast<double>(missing.size()) >= ToNumber(need) ? Json::array() : std::move(missing);
    return slot;
  }

  const Json& Compare(const Node& node, const Scope& scope) {
    Json a_slot, b_slot;
    const Json& a = Arg(node, 0, scope, a_slot);
    const Json& b = Arg(node, 1, scope, b_slot);
    switch (node.op) {
      case Op::kEq: return Bool(LooseEquals(a, b));
      case Op::kNe: return Bool(!LooseEquals(a, b));
      case Op::kStrictEq: return Bool(StrictEquals(a, b));
      case Op::kStrictNe: return Bool(!StrictEquals(a, b));
      case Op::kGt: return Bool(LessThan(b, a, false));
      case Op::kGe: return Bool(LessThan(b, a, true));
      default: break;
    }
    bool or_equal = node.op == Op::kLe;
    // Between, a < b < c, unless c is undefined (c is evaluated even when
    // a < b fails, as in JavaScript).
    Json c_slot;
    const Json& c = Arg(node, 2, scope, c_slot);
    if (c.is_discarded()) return Bool(LessThan(a, b, or_equal));
    return Bool(LessThan(a, b, or_equal) && LessThan(b, c, or_equal));
  }

  const Json& Arithmetic(const Node& node, const Scope& scope, Json& slot) {
    std::size_t n = node.args.size();
    double result = 0;
    switch (node.op) {
      case Op::kMax:
      case Op::kMin: {
        bool max = node.op == Op::kMax;
        result = max ? -INFINITY : INFINITY;  // Math.max() is -Infinity: null
        for (const Node& arg : node.args) {
          Json temp;
          double x = ToNumber(Eval(arg, scope, temp));
          if (std::isnan(x) || std::isnan(result)) result = NAN;
          else result = max ? std::max(result, x) : std::min(result, x);
        }
        break;
      }
      case Op::kAdd:
        for (const Node& arg : node.args) {
          Json temp;
          result += ParseFloat(Eval(arg, scope, temp));
        }
        break;
      case Op::kMul:
        // reduce() without an initial value: one operand is returned as it
        // is, none is a TypeError (null here).
        if (n == 0) return kNull;
        if (n == 1) return Eval(node.args[0], scope, slot);
        for (std::size_t i = 0; i < n; ++i) {
          Json temp;
          double x = ParseFloat(Eval(node.args[i], scope, temp));
          result = i == 0 ? x : result * x;
        }
        break;
      case Op::kSub: {
        Json a_slot, b_slot;
        double a = ToNumber(Arg(node, 0, scope, a_slot));
        const Json& b = Arg(node, 1, scope, b_slot);
        result = b.is_discarded() ? -a : a - ToNumber(b);
        break;
      }
      default: {  // kDiv, kMod
        Json a_slot, b_slot;
        double a = ToNumber(Arg(node, 0, scope, a_slot)), b = ToNumber(Arg(node, 1, scope, b_slot));
        result = node.op == Op::kDiv ? a / b : std::fmod(a, b);
        break;
      }
    }
    slot = NumberResult(result);
    return slot;
  }

  const Json& Iterate(const Node& node, const Scope& scope, Json& slot) {
    Json items_slot;
    const Json& items = Arg(node, 0, scope, items_slot);
    const Node* body = node.args.size() > 1 ? &node.args[1] : nullptr;
    Op op = node.op;
    if (!items.is_array()) {
      if (op == Op::kAll || op == Op::kSome) return kFalse;
      if (op == Op::kNone) return kTrue;
      slot = Json::array();
      return slot;
    }
    if (op == Op::kAll && items.empty()) return kFalse;
    // Only map and filter build an array.
    Json out = op == Op::kMap || op == Op::kFilter ? Json::array() : Json();
    for (const Json& item : items) {
      ChargeItems(1);
      JsonResolver element(item);
      Scope inner{&element, false, nullptr};
      Json temp;
      // A missing body is `undefined`, falsy.
      const Json& value = body != nullptr ? Eval(*body, inner, temp) : kUndefined;
      if (op == Op::kMap) {
        out.push_back(Keep(value, temp));
        continue;
      }
      bool truthy = Truthy(value);
      if (op == Op::kFilter && truthy) {
        if (item.is_array() || item.is_object()) ChargeItems(item.size());
        out.push_back(item);
      }
      if (op == Op::kAll && !truthy) return kFalse;
      if (op == Op::kSome && truthy) return kTrue;
      if (op == Op::kNone && truthy) return kFalse;
    }
    if (op == Op::kAll || op == Op::kNone) return kTrue;
    if (op == Op::kSome) return kFalse;
    slot = std::move(out);
    return slot;
  }

  const Json& Reduce(const Node& node, const Scope& scope, Json& slot) {
    Json items_slot;
    const Json& items = Arg(node, 0, scope, items_slot);
    Json accumulator;  // null without an initial value (one that evaluates to undefined stays so)
    if (node.args.size() > 2) {
      Json temp;
      accumulator = Keep(Eval(node.args[2], scope, temp), temp);
    }
    if (items.is_array()) {
      const Node* body = node.args.size() > 1 ? &node.args[1] : nullptr;
      for (const Json& item : items) {
        ChargeItems(1);
        if (body == nullptr) {
          accumulator = kUndefined;
          continue;
        }
        ReduceData data(item, accumulator);
        Json temp;
        // Own() copies before the assignment: the result may be inside the accumulator.
        Json next = Keep(Eval(*body, Scope{&data, false, nullptr}, temp), temp);
        accumulator = std::move(next);
      }
    }
    slot = std::move(accumulator);
    return slot;
  }

  const Json& Merge(const Node& node, const Scope& scope, Json& slot) {
    Json out = Json::array();
    for (const Node& arg : node.args) {
      Json temp;
      const Json& value = Eval(arg, scope, temp);
      if (!value.is_array()) {
        ChargeItems(1);
        out.push_back(Keep(value, temp));
      } else if (&value == &temp) {
        ChargeItems(temp.size());
        for (Json& item : temp) out.push_back(std::move(item));
      } else {
        ChargeItems(value.size());
        for (const Json& item : value) out.push_back(item);
      }
    }
    slot = std::move(out);
    return slot;
  }

  const Json& In(const Node& node, const Scope& scope) {
    Json a_slot, b_slot;
    const Json& needle = Arg(node, 0, scope, a_slot);
    const Json& haystack = ListOperand(node, scope, b_slot);
    if (haystack.is_string()) {
      const std::string& text = haystack.get_ref<const std::string&>();
      // `!b` first: "" contains nothing, not even "".
      return Bool(!text.empty() && text.find(ToJsString(needle)) != std::string::npos);
    }
    if (haystack.is_array()) {
      for (const Json& item : haystack) {
        if (StrictEquals(item, needle)) return kTrue;
      }
    }
    return kFalse;
  }

  // `in`'s second operand. A literal list ({"in": [x, ["DE", "FR"]]}) is
  // read where the rule holds it, with the charges building it would make,
  // instead of being copied at every evaluation.
  const Json& ListOperand(const Node& node, const Scope& scope, Json& slot) {
    if (node.args.size() > 1 && node.args[1].constant_array) {
      const Node& list = node.args[1];
      ChargeItems(list.constant_items);
      ChargeText(list.constant_text);
      return list.literal;
    }
    return Arg(node, 1, scope, slot);
  }

  // JavaScript's String.prototype.substr(start, length), in code points, as
  // json-logic-js calls it (a negative length counts back from the end).
  const Json& Substr(const Node& node, const Scope& scope, Json& slot) {
    Json source_slot, start_slot, length_slot;
    std::string source = ToJsString(Arg(node, 0, scope, source_slot));
    std::vector<std::size_t> starts;  // byte offset of each code point
    for (std::size_t i = 0; i < source.size(); ++i) {
      if ((static_cast<unsigned char>(source[i]) & 0xC0) != 0x80) starts.push_back(i);
    }
    double size = static_cast<double>(starts.size());
    double start = ToInteger(ToNumber(Arg(node, 1, scope, start_slot)));
    start = start < 0 ? std::max(size + start, 0.0) : std::min(start, size);
    double rest = size - start;
    double length = rest;
    const Json& end = Arg(node, 2, scope, length_slot);
    if (!end.is_discarded()) {
      if (LessThan(end, Json(0), false)) {
        // temp.substr(0, temp.length + end): `+` concatenates when end is
        // a string or an array ("5" + "-1" is "5-1", NaN, so "").
        double sum = end.is_string() || end.is_array()
                         ? ToNumber(Json(NumberToJsString(rest) + ToJsString(end)))
                         : rest + ToNumber(end);
        length = ToInteger(sum);
      } else {
        length = ToInteger(ToNumber(end));
      }
    }
    length = std::clamp(length, 0.0, rest);
    auto byte_at = [&](double cp) {
      std::size_t i = static_cast<std::size_t>(cp);
      return i >= starts.size() ? source.size() : starts[i];
    };
    std::size_t from = byte_at(start), to = byte_at(start + length);
    slot = source.substr(from, to - from);
    return slot;
  }

  const Json& Events(const Node& node, const Scope& scope, Json& slot) {
    Json name_slot, within_slot;
    const Json& name = Arg(node, 0, scope, name_slot);
    std::optional<Duration> window;
    if (node.static_duration) {
      window = node.duration;
    } else {
      const Json& within = Arg(node, 1, scope, within_slot);
      if (within.is_string()) window = ParseDuration(within.get_ref<const std::string&>());
    }
    if (host_ == nullptr || !host_->HasClock() || !name.is_string() || !window || *window < 0) return kNull;
    const Node* where = node.args.size() > 2 ? &node.args[2] : nullptr;
    bool want_any = node.op == Op::kHasEvent;
    std::int64_t count = 0;
    host_->VisitEvents(name.get_ref<const std::string&>(), host_->Now() - *window, [&](const Json& event) {
      if (where != nullptr) {
        Json temp;
        if (!Truthy(Eval(*where, Scope{scope.data, scope.root, &event}, temp))) return true;
      }
      ++count;
      return !want_any;  // has_event stops at the first match
    });
    if (want_any) return Bool(count > 0);
    slot = count;
    return slot;
  }

  static std::optional<Instant> TimeOperand(const Json& value) {
    if (!value.is_string()) return std::nullopt;
    return ParseTimeOperand(value.get_ref<const std::string&>());
  }

  const Json& Extra(const Node& node, const Scope& scope, Json& slot) {
    Json a_slot, b_slot;
    const Json& a = Arg(node, 0, scope, a_slot);
    switch (node.op) {
      case Op::kDaysSince:
      case Op::kHoursSince: {
        std::optional<Instant> t = TimeOperand(a);
        if (!t || host_ == nullptr || !host_->HasClock()) return kNull;
        double seconds = static_cast<double>(host_->Now() - *t);
        slot = NumberResult(seconds / static_cast<double>(node.op == Op::kDaysSince ? kDay : kHour));
        return slot;
      }
      case Op::kDateAdd: {
        // Needs no host: it is pure arithmetic on its operands.
        std::optional<Instant> t = TimeOperand(a);
        std::optional<Duration> d;
        if (node.static_duration) {
          d = node.duration;
        } else {
          const Json& duration = Arg(node, 1, scope, b_slot);
          if (duration.is_string()) d = ParseDuration(duration.get_ref<const std::string&>());
        }
        if (!t || !d) return kNull;
        slot = FormatTimestamp(*t + *d);
        return slot;
      }
      default: {  // kInList
        if (host_ == nullptr || !a.is_string()) return kNull;
        return Bool(host_->InList(a.get_ref<const std::string&>()));
      }
    }
  }

  const Host* host_;
  std::vector<Read>* reads_;
  std::size_t items_ = 0;
  std::size_t text_ = 0;
};

}  // namespace

const Json* LookupPath(const Json& root, std::string_view path, Json& scratch) {
  return path.empty() ? &root : Descend(&root, path, scratch);
}

Json Evaluate(const Rule& rule, const Resolver& data, const EvalOptions& options) {
  try {
    Evaluator evaluator(options);
    Json slot;
    const Json& result = evaluator.Eval(rule.root(), Scope{&data, true, nullptr}, slot);
    if (&result != &slot) {  // a literal or the data: plain JSON, but for undefined
      return result.is_discarded() ? Json() : result;
    }
    Sanitize(slot);
    return slot;
  } catch (const LimitExceeded& limit) {
    if (options.error != nullptr) *options.error = "the evaluation was stopped: " + limit.what;
    return Json();
  } catch (...) {  // out of memory deep in a copy: null, never a crash
    if (options.error != nullptr) *options.error = "the evaluation ran out of memory";
    return Json();
  }
}

Json Evaluate(const Rule& rule, const Json& data, const EvalOptions& options) {
  JsonResolver resolver(data);
  return Evaluate(rule, resolver, options);
}

bool Truthy(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded: return false;
    case Json::value_t::boolean: return value.get<bool>();
    case Json::value_t::number_integer: return value.get<std::int64_t>() != 0;
    case Json::value_t::number_unsigned: return value.get<std::uint64_t>() != 0;
    case Json::value_t::number_float: {
      double x = value.get<double>();
      return x != 0 && !std::isnan(x);
    }
    case Json::value_t::string: return !value.get_ref<const std::string&>().empty();
    case Json::value_t::array: return !value.empty();
    default: return true;
  }
}

}  // namespace flowproof::logic
