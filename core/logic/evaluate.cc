// Evaluating a compiled rule: one function per operation family, over a
// scope that is either the root data or an element of map/filter/reduce.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/logic/js_coercion.h"
#include "core/logic/rule.h"
#include "core/logic/rule_tree.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"

namespace flowproof::logic {
namespace {

// Follows a dotted path inside a Json value.
const Json* Descend(const Json* value, std::string_view path) {
  if (path.empty()) return value;
  while (value != nullptr) {
    std::size_t dot = path.find('.');
    std::string_view key = path.substr(0, dot);
    if (value->is_object()) {
      auto it = value->find(key);
      value = it == value->end() ? nullptr : &*it;
    } else if (value->is_array()) {
      std::string index(key);
      char* end = nullptr;
      unsigned long i = std::strtoul(index.c_str(), &end, 10);
      value = !index.empty() && *end == '\0' && i < value->size() ? &(*value)[i] : nullptr;
    } else {
      return nullptr;
    }
    if (dot == std::string_view::npos) return value;
    path = path.substr(dot + 1);
  }
  return nullptr;
}

// Answers "event.*" from a past event and everything else from the outer
// data: the scope of has_event's WHERE.
class EventScope : public Resolver {
 public:
  EventScope(const Json& event, const Resolver& outer) : event_(event), outer_(outer) {}
  const Json* Lookup(std::string_view path, Json& scratch) const override {
    if (path == "event") return &event_;
    if (path.substr(0, 6) == "event.") return Descend(&event_, path.substr(6));
    return outer_.Lookup(path, scratch);
  }

 private:
  const Json& event_;
  const Resolver& outer_;
};

class Evaluator {
 public:
  Evaluator(const EvalOptions& options) : options_(options) {}

  // `scope` is the data `var` reads; `root` says whether it is the rule's
  // own data (reads are recorded only there).
  Json Eval(const Node& node, const Resolver& scope, bool root) {
    switch (node.op) {
      case Op::kLiteral: return node.literal;
      case Op::kArray: {
        Json out = Json::array();
        for (const Node& arg : node.args) out.push_back(Eval(arg, scope, root));
        return out;
      }
      case Op::kVar: return Var(node, scope, root);
      case Op::kMissing: return Missing(EvalArgs(node, scope, root), scope, root);
      case Op::kMissingSome: return MissingSome(node, scope, root);
      case Op::kIf: {
        std::size_t n = node.args.size();
        for (std::size_t i = 0; i + 1 < n; i += 2) {
          if (Truthy(Eval(node.args[i], scope, root))) return Eval(node.args[i + 1], scope, root);
        }
        return n % 2 == 1 ? Eval(node.args[n - 1], scope, root) : Json();
      }
      case Op::kEq: return LooseEquals(Arg(node, 0, scope, root), Arg(node, 1, scope, root));
      case Op::kNe: return !LooseEquals(Arg(node, 0, scope, root), Arg(node, 1, scope, root));
      case Op::kStrictEq: return StrictEquals(Arg(node, 0, scope, root), Arg(node, 1, scope, root));
      case Op::kStrictNe: return !StrictEquals(Arg(node, 0, scope, root), Arg(node, 1, scope, root));
      case Op::kNot: return !Truthy(Arg(node, 0, scope, root));
      case Op::kNotNot: return Truthy(Arg(node, 0, scope, root));
      case Op::kOr:
      case Op::kAnd: {
        Json current;
        for (const Node& arg : node.args) {
          current = Eval(arg, scope, root);
          if (Truthy(current) == (node.op == Op::kOr)) return current;
        }
        return current;
      }
      case Op::kGt:
      case Op::kGe: {
        Json a = Arg(node, 0, scope, root), b = Arg(node, 1, scope, root);
        return LessThan(b, a, node.op == Op::kGe);
      }
      case Op::kLt:
      case Op::kLe: {
        bool or_equal = node.op == Op::kLe;
        Json a = Arg(node, 0, scope, root), b = Arg(node, 1, scope, root);
        if (node.args.size() >= 3) {  // between: a < b < c
          Json c = Arg(node, 2, scope, root);
          return LessThan(a, b, or_equal) && LessThan(b, c, or_equal);
        }
        return LessThan(a, b, or_equal);
      }
      case Op::kMax:
      case Op::kMin: {
        Json args = EvalArgs(node, scope, root);
        if (args.empty()) return Json();
        double best = node.op == Op::kMax ? -INFINITY : INFINITY;
        for (const Json& v : args) {
          double x = ToNumber(v);
          if (std::isnan(x)) return Json();
          best = node.op == Op::kMax ? std::max(best, x) : std::min(best, x);
        }
        return NumberResult(best);
      }
      case Op::kAdd: {
        double sum = 0;
        for (const Json& v : EvalArgs(node, scope, root)) sum += ParseFloat(v);
        return NumberResult(sum);
      }
      case Op::kMul: {
        Json args = EvalArgs(node, scope, root);
        if (args.empty()) return Json();
        double product = ParseFloat(args[0]);
        for (std::size_t i = 1; i < args.size(); ++i) product *= ParseFloat(args[i]);
        return NumberResult(product);
      }
      case Op::kSub: {
        Json args = EvalArgs(node, scope, root);
        if (args.empty()) return Json();
        if (args.size() == 1) return NumberResult(-ToNumber(args[0]));
        return NumberResult(ToNumber(args[0]) - ToNumber(args[1]));
      }
      case Op::kDiv: return NumberResult(ToNumber(Arg(node, 0, scope, root)) / ToNumber(Arg(node, 1, scope, root)));
      case Op::kMod: return NumberResult(std::fmod(ToNumber(Arg(node, 0, scope, root)), ToNumber(Arg(node, 1, scope, root))));
      case Op::kMap:
      case Op::kFilter:
      case Op::kAll:
      case Op::kNone:
      case Op::kSome: return Iterate(node, scope, root);
      case Op::kReduce: return Reduce(node, scope, root);
      case Op::kMerge: {
        Json out = Json::array();
        for (const Json& v : EvalArgs(node, scope, root)) {
          if (v.is_array()) {
            for (const Json& item : v) out.push_back(item);
          } else {
            out.push_back(v);
          }
        }
        return out;
      }
      case Op::kIn: {
        Json needle = Arg(node, 0, scope, root), haystack = Arg(node, 1, scope, root);
        if (haystack.is_string()) return haystack.get_ref<const std::string&>().find(ToJsString(needle)) != std::string::npos;
        if (haystack.is_array()) {
          return std::any_of(haystack.begin(), haystack.end(), [&](const Json& v) { return StrictEquals(v, needle); });
        }
        return false;
      }
      case Op::kCat: {
        std::string out;
        for (const Json& v : EvalArgs(node, scope, root)) out += ToJsString(v);
        return out;
      }
      case Op::kSubstr: return Substr(EvalArgs(node, scope, root));
      case Op::kLog: return Arg(node, 0, scope, root);
      case Op::kHasEvent:
      case Op::kCountEvents: return Events(node, scope, root);
      case Op::kDaysSince:
      case Op::kHoursSince: {
        std::optional<Instant> t = TimestampArg(Arg(node, 0, scope, root));
        if (!t || options_.host == nullptr || !HasNow()) return Json();
        double seconds = static_cast<double>(options_.host->Now() - *t);
        return NumberResult(seconds / (node.op == Op::kDaysSince ? 86400.0 : 3600.0));
      }
      case Op::kDateAdd: {
        std::optional<Instant> t = TimestampArg(Arg(node, 0, scope, root));
        Json duration = Arg(node, 1, scope, root);
        if (!t || !duration.is_string()) return Json();
        std::optional<Duration> d = ParseDuration(duration.get<std::string>());
        if (!d) return Json();
        return FormatTimestamp(*t + *d);
      }
      case Op::kInList: {
        Json list = Arg(node, 0, scope, root);
        if (!list.is_string()) return false;
        if (options_.host != nullptr) return options_.host->InList(list.get<std::string>());
        Json scratch;
        const Json* lists = scope.Lookup("contact.lists", scratch);
        return lists != nullptr && lists->is_array() &&
               std::find(lists->begin(), lists->end(), list) != lists->end();
      }
    }
    return Json();
  }

 private:
  Json Arg(const Node& node, std::size_t i, const Resolver& scope, bool root) {
    return i < node.args.size() ? Eval(node.args[i], scope, root) : Json();
  }

  Json EvalArgs(const Node& node, const Resolver& scope, bool root) {
    Json out = Json::array();
    for (const Node& arg : node.args) out.push_back(Eval(arg, scope, root));
    return out;
  }

  bool HasNow() const {
    auto* json_host = dynamic_cast<const JsonHost*>(options_.host);
    return json_host == nullptr || json_host->has_now();
  }

  static std::optional<Instant> TimestampArg(const Json& value) {
    if (!value.is_string()) return std::nullopt;
    return ParseTimestamp(value.get<std::string>());
  }

  Json Lookup(const std::string& path, const Resolver& scope, bool root, bool* found) {
    Json scratch;
    const Json* value = scope.Lookup(path, scratch);
    *found = value != nullptr;
    Json result = value != nullptr ? *value : Json();
    if (root && options_.reads != nullptr) {
      std::vector<Read>& reads = *options_.reads;
      if (std::none_of(reads.begin(), reads.end(), [&](const Read& r) { return r.path == path; })) {
        reads.push_back(Read{path, result});
      }
    }
    return result;
  }

  Json Var(const Node& node, const Resolver& scope, bool root) {
    Json key = Arg(node, 0, scope, root);
    std::string path;
    if (key.is_string()) path = key.get<std::string>();
    else if (key.is_number()) path = ToJsString(key);
    else if (!key.is_null()) return Json();
    bool found = false;
    Json value = Lookup(path, scope, root, &found);
    if (!found && node.args.size() > 1) return Eval(node.args[1], scope, root);
    return value;
  }

  Json Missing(const Json& args, const Resolver& scope, bool root) {
    const Json& keys = !args.empty() && args[0].is_array() ? args[0] : args;
    Json missing = Json::array();
    for (const Json& key : keys) {
      bool found = false;
      Json value = Lookup(key.is_string() ? key.get<std::string>() : ToJsString(key), scope, root, &found);
      if (value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty())) missing.push_back(key);
    }
    return missing;
  }

  Json MissingSome(const Node& node, const Resolver& scope, bool root) {
    double need = ToNumber(Arg(node, 0, scope, root));
    Json options = Arg(node, 1, scope, root);
    if (!options.is_array()) options = Json::array();
    Json missing = Missing(Json::array({options}), scope, root);
    if (static_cast<double>(options.size() - missing.size()) >= need) return Json::array();
    return missing;
  }

  Json Iterate(const Node& node, const Resolver& scope, bool root) {
    Json items = Arg(node, 0, scope, root);
    if (!items.is_array()) items = Json::array();
    static const Node kNull;
    const Node& body = node.args.size() > 1 ? node.args[1] : kNull;
    Json out = Json::array();
    std::size_t truthy = 0;
    for (const Json& item : items) {
      JsonResolver element(item);
      Json value = Eval(body, element, false);
      bool is_true = Truthy(value);
      truthy += is_true ? 1 : 0;
      if (node.op == Op::kMap) out.push_back(std::move(value));
      else if (node.op == Op::kFilter && is_true) out.push_back(item);
      else if (node.op == Op::kAll && !is_true) return false;
      else if (node.op == Op::kSome && is_true) return true;
    }
    switch (node.op) {
      case Op::kAll: return !items.empty();
      case Op::kSome: return false;
      case Op::kNone: return truthy == 0;
      default: return out;
    }
  }

  Json Reduce(const Node& node, const Resolver& scope, bool root) {
    Json items = Arg(node, 0, scope, root);
    Json accumulator = Arg(node, 2, scope, root);
    if (!items.is_array()) return accumulator;
    static const Node kNull;
    const Node& body = node.args.size() > 1 ? node.args[1] : kNull;
    for (const Json& item : items) {
      Json data = {{"current", item}, {"accumulator", std::move(accumulator)}};
      JsonResolver element(data);
      accumulator = Eval(body, element, false);
    }
    return accumulator;
  }

  static Json Substr(const Json& args) {
    if (args.empty()) return "";
    std::string source = ToJsString(args[0]);
    // Work in code points so a multi-byte character is never cut in half.
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < source.size(); ++i) {
      if ((static_cast<unsigned char>(source[i]) & 0xC0) != 0x80) starts.push_back(i);
    }
    long long length = static_cast<long long>(starts.size());
    auto byte_at = [&](long long cp) { return cp >= length ? source.size() : starts[cp]; };
    double start_arg = args.size() > 1 ? ToNumber(args[1]) : 0;
    long long start = std::isnan(start_arg) ? 0 : static_cast<long long>(start_arg);
    if (start < 0) start = std::max(0LL, length + start);
    start = std::min(start, length);
    long long end = length;
    if (args.size() > 2 && !args[2].is_null()) {
      double n_arg = ToNumber(args[2]);
      long long n = std::isnan(n_arg) ? 0 : static_cast<long long>(n_arg);
      end = n < 0 ? std::max(start, length + n) : std::min(length, start + n);
    }
    return source.substr(byte_at(start), byte_at(end) - byte_at(start));
  }

  Json Events(const Node& node, const Resolver& scope, bool root) {
    Json name = Arg(node, 0, scope, root);
    Json within = Arg(node, 1, scope, root);
    if (options_.host == nullptr || !name.is_string() || !within.is_string() || !HasNow()) return Json();
    std::optional<Duration> window = ParseDuration(within.get<std::string>());
    if (!window) return Json();
    const Node* where = node.args.size() > 2 ? &node.args[2] : nullptr;
    std::int64_t count = 0;
    bool want_any = node.op == Op::kHasEvent;
    options_.host->VisitEvents(name.get<std::string>(), options_.host->Now() - *window, [&](const Json& event) {
      if (where != nullptr) {
        EventScope event_scope(event, scope);
        if (!Truthy(Eval(*where, event_scope, false))) return true;
      }
      ++count;
      return !want_any;  // has_event stops at the first match
    });
    if (want_any) return count > 0;
    return count;
  }

  const EvalOptions& options_;
};

}  // namespace

const Json* JsonResolver::Lookup(std::string_view path, Json& scratch) const { return Descend(&data_, path); }

Json Evaluate(const Rule& rule, const Resolver& data, const EvalOptions& options) {
  try {
    Evaluator evaluator(options);
    return evaluator.Eval(rule.root(), data, true);
  } catch (const std::exception&) {
    return Json();  // a type error deep in nlohmann: null, as json-logic-js gives undefined
  }
}

Json Evaluate(const Rule& rule, const Json& data, const EvalOptions& options) {
  JsonResolver resolver(data);
  return Evaluate(rule, resolver, options);
}

bool Truthy(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return false;
    case Json::value_t::boolean: return value.get<bool>();
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
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
