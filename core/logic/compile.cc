// Compiling JsonLogic: operator names to enums, literal `var` paths to
// strings, checks of the extra operations, and located problems.
#include <algorithm>
#include <map>

#include "core/logic/js_coercion.h"
#include "core/logic/rule.h"
#include "core/logic/rule_tree.h"
#include "core/time/civil.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"

namespace flowproof::logic {

std::optional<Instant> ParseTimeOperand(std::string_view text, std::string* error) {
  std::optional<Instant> t = ParseTimestamp(text, error);
  if (t || text.size() != 10) return t;
  std::optional<CivilDate> date = ParseCivilDate(text);  // "2026-11-02": midnight UTC
  if (!date) return std::nullopt;
  return DaysFromCivil(*date) * kDay;
}

namespace {

const std::map<std::string, Op, std::less<>>& Operations() {
  static const std::map<std::string, Op, std::less<>> kOps = {
      {"var", Op::kVar}, {"missing", Op::kMissing}, {"missing_some", Op::kMissingSome},
      {"if", Op::kIf}, {"?:", Op::kIf}, {"==", Op::kEq}, {"===", Op::kStrictEq},
      {"!=", Op::kNe}, {"!==", Op::kStrictNe}, {"!", Op::kNot}, {"!!", Op::kNotNot},
      {"or", Op::kOr}, {"and", Op::kAnd}, {">", Op::kGt}, {">=", Op::kGe}, {"<", Op::kLt},
      {"<=", Op::kLe}, {"max", Op::kMax}, {"min", Op::kMin}, {"+", Op::kAdd}, {"-", Op::kSub},
      {"*", Op::kMul}, {"/", Op::kDiv}, {"%", Op::kMod}, {"map", Op::kMap}, {"filter", Op::kFilter},
      {"reduce", Op::kReduce}, {"all", Op::kAll}, {"none", Op::kNone}, {"some", Op::kSome},
      {"merge", Op::kMerge}, {"in", Op::kIn}, {"cat", Op::kCat}, {"substr", Op::kSubstr},
      {"log", Op::kLog}, {"has_event", Op::kHasEvent}, {"count_events", Op::kCountEvents},
      {"days_since", Op::kDaysSince}, {"hours_since", Op::kHoursSince}, {"date_add", Op::kDateAdd},
      {"in_list", Op::kInList},
  };
  return kOps;
}

std::string EscapeToken(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// json-logic-js's is_logic: an object with exactly one key.
bool IsOperation(const Json& value) { return value.is_object() && value.size() == 1; }

// What each operand of an extra operation must be when it is written as a
// literal rather than computed.
enum class Kind { kName, kWithin, kDuration, kTimestamp, kWhere };

struct Signature {
  std::size_t min;
  std::size_t max;
  const char* usage;
  Kind kinds[3];
};

// Only the extra operations are checked: the standard ones stay as lenient
// as json-logic-js, which the conformance suite expects.
const Signature* ExtraSignature(Op op) {
  static const Signature kEvents{2, 3, "[NAME, WITHIN, WHERE?]", {Kind::kName, Kind::kWithin, Kind::kWhere}};
  static const Signature kSince{1, 1, "[TIMESTAMP]", {Kind::kTimestamp}};
  static const Signature kDateAdd{2, 2, "[TIMESTAMP, DURATION]", {Kind::kTimestamp, Kind::kDuration}};
  static const Signature kInList{1, 1, "[LIST]", {Kind::kName}};
  switch (op) {
    case Op::kHasEvent:
    case Op::kCountEvents: return &kEvents;
    case Op::kDaysSince:
    case Op::kHoursSince: return &kSince;
    case Op::kDateAdd: return &kDateAdd;
    case Op::kInList: return &kInList;
    default: return nullptr;
  }
}

class Compiler {
 public:
  Node Compile(const Json& value, const std::string& pointer, int depth) {
    Node node;
    if (depth > kMaxRuleDepth) {
      if (!too_deep_) {
        Add(problem_code::kTooDeep, pointer, "the rule nests deeper than " + std::to_string(kMaxRuleDepth) + " levels");
        too_deep_ = true;
      }
      return node;
    }
    if (value.is_array()) {
      node.op = Op::kArray;
      node.args.reserve(value.size());
      for (std::size_t i = 0; i < value.size(); ++i) {
        node.args.push_back(Compile(value[i], pointer + "/" + std::to_string(i), depth + 1));
      }
      // Past the depth limit the rule is refused anyway; copying a value
      // thousands of levels deep would overflow the stack first.
      if (!too_deep_) SetConstantArray(node, value);
      return node;
    }
    if (!IsOperation(value)) {
      node.literal = value;
      return node;
    }
    const std::string& name = value.begin().key();
    const Json& operand = value.begin().value();
    std::string here = pointer + "/" + EscapeToken(name);
    auto it = Operations().find(name);
    if (it == Operations().end()) {
      Add(problem_code::kUnknownOperation, pointer, "unknown operation '" + name + "'");
      return node;
    }
    node.op = it->second;
    // A single non-array operand is shorthand for a one-element list.
    if (operand.is_array()) {
      node.args.reserve(operand.size());
      for (std::size_t i = 0; i < operand.size(); ++i) {
        node.args.push_back(Compile(operand[i], here + "/" + std::to_string(i), depth + 1));
      }
    } else {
      node.args.push_back(Compile(operand, here, depth + 1));
    }
    if (node.op == Op::kVar) SetStaticPath(node);
    if ((node.op == Op::kHasEvent || node.op == Op::kCountEvents || node.op == Op::kDateAdd) &&
        node.args.size() >= 2 && node.args[1].op == Op::kLiteral && node.args[1].literal.is_string()) {
      if (std::optional<Duration> d = ParseDuration(node.args[1].literal.get_ref<const std::string&>())) {
        node.static_duration = true;
        node.duration = *d;
      }
    }
    if (const Signature* signature = ExtraSignature(node.op)) CheckExtra(name, *signature, operand, pointer, here);
    return node;
  }

  Problems problems;

 private:
  void Add(const char* code, std::string pointer, std::string message) {
    problems.push_back(Problem{.pointer = std::move(pointer), .message = std::move(message), .code = code});
  }

  // An array of literals: its value and the charges Evaluator::Array makes
  // building it (the array's size, each literal object's size, each literal
  // string's bytes, and the same for nested constant arrays).
  static void SetConstantArray(Node& node, const Json& value) {
    std::size_t items = node.args.size(), text = 0;
    for (const Node& arg : node.args) {
      if (arg.op == Op::kArray && arg.constant_array) {
        items += arg.constant_items;
        text += arg.constant_text;
      } else if (arg.op == Op::kLiteral) {
        if (arg.literal.is_object()) items += arg.literal.size();
        else if (arg.literal.is_string()) text += arg.literal.get_ref<const std::string&>().size();
      } else {
        return;
      }
    }
    node.constant_array = true;
    node.constant_items = items;
    node.constant_text = text;
    node.literal = value;
  }

  // {"var": "a.b"}, {"var": ["a.b", default]}, {"var": 1}, {"var": null}
  // and {"var": []}: the key needs no evaluation.
  static void SetStaticPath(Node& node) {
    if (node.args.empty()) {
      node.static_path = true;  // var(undefined): the whole data
      return;
    }
    const Node& key = node.args[0];
    if (key.op != Op::kLiteral) return;
    node.static_path = true;
    if (!key.literal.is_null()) node.path = ToJsString(key.literal);
  }

  void CheckExtra(const std::string& name, const Signature& signature, const Json& operand,
                  const std::string& pointer, const std::string& here) {
    std::size_t n = operand.is_array() ? operand.size() : 1;
    if (n < signature.min || n > signature.max) {
      Add(problem_code::kInvalidCondition, pointer,
          "'" + name + "' takes " + signature.usage + ", not " + std::to_string(n) + (n == 1 ? " operand" : " operands"));
      return;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const Json& arg = operand.is_array() ? operand[i] : operand;
      std::string at = operand.is_array() ? here + "/" + std::to_string(i) : here;
      if (IsOperation(arg)) continue;  // computed: checked when evaluated
      std::string error;
      switch (signature.kinds[i]) {
        case Kind::kName:
          if (!arg.is_string()) Add(problem_code::kWrongType, at, "expected a name (a string)");
          break;
        case Kind::kWithin:
        case Kind::kDuration: {
          if (!arg.is_string()) {
            Add(problem_code::kNotADuration, at, "expected a duration such as \"7d\"");
            break;
          }
          std::optional<Duration> d = ParseDuration(arg.get<std::string>(), &error);
          if (!d) Add(problem_code::kNotADuration, at, "not a duration: " + error);
          else if (signature.kinds[i] == Kind::kWithin && *d < 0) {
            Add(problem_code::kOutOfRange, at, "the window cannot be negative");
          }
          break;
        }
        case Kind::kTimestamp:
          if (!arg.is_string()) {
            Add(problem_code::kNotATimestamp, at, "expected a timestamp such as \"2026-11-27T09:00:00Z\"");
          } else if (!ParseTimeOperand(arg.get<std::string>(), &error)) {
            Add(problem_code::kNotATimestamp, at, "not a timestamp: " + error);
          }
          break;
        case Kind::kWhere: break;  // any rule
      }
    }
  }

  bool too_deep_ = false;
};

}  // namespace

CompileResult Compile(const Json& rule) {
  CompileResult result;
  try {
    Compiler compiler;
    Node root = compiler.Compile(rule, "", 0);
    result.problems = std::move(compiler.problems);
    if (result.problems.empty()) result.rule = std::make_shared<const Rule>(std::move(root));
  } catch (const std::exception& e) {  // out of memory
    result.rule = nullptr;
    result.problems.push_back(
        Problem{.pointer = "", .message = std::string("cannot compile the rule: ") + e.what(), .code = problem_code::kInternalError});
  }
  return result;
}

namespace {

bool NodeReadsOnlyUnder(const Node& node, std::string_view name) {
  switch (node.op) {
    case Op::kVar: {
      if (!node.static_path || node.args.empty()) return false;  // computed path, or the whole data
      std::string_view path = node.path;
      bool under = path.substr(0, name.size()) == name && (path.size() == name.size() || path[name.size()] == '.');
      if (!under) return false;
      break;  // a default operand (args[1]) is checked below
    }
    case Op::kMissing: case Op::kMissingSome:
    case Op::kMap: case Op::kFilter: case Op::kReduce: case Op::kAll: case Op::kNone: case Op::kSome:
    case Op::kHasEvent: case Op::kCountEvents: case Op::kDaysSince: case Op::kHoursSince:
    case Op::kDateAdd: case Op::kInList:
      return false;
    default:
      break;
  }
  for (const Node& arg : node.args) {
    if (!NodeReadsOnlyUnder(arg, name)) return false;
  }
  return true;
}

}  // namespace

bool ReadsOnlyUnder(const Rule& rule, std::string_view name) { return NodeReadsOnlyUnder(rule.root(), name); }

namespace {

void CollectKeysUnder(const Node& node, std::string_view name, std::vector<std::string>* keys) {
  if (node.op == Op::kVar && node.static_path) {
    std::string_view path = node.path;
    if (path.substr(0, name.size()) == name) {
      if (path.size() == name.size()) {
        keys->emplace_back();
      } else if (path[name.size()] == '.') {
        std::string_view rest = path.substr(name.size() + 1);
        keys->emplace_back(rest.substr(0, rest.find('.')));
      }
    }
  }
  for (const Node& arg : node.args) CollectKeysUnder(arg, name, keys);
}

}  // namespace

std::vector<std::string> KeysReadUnder(const Rule& rule, std::string_view name) {
  std::vector<std::string> keys;
  CollectKeysUnder(rule.root(), name, &keys);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace flowproof::logic
