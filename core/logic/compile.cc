// Compiling JsonLogic: operator names to enums, arity checks for the extra
// operations, and located problems.
#include <map>

#include "core/logic/rule.h"
#include "core/logic/rule_tree.h"
#include "core/time/duration.h"

namespace flowproof::logic {
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

struct Arity {
  std::size_t min;
  std::size_t max;
  const char* usage;
};

// Only the extra operations are checked: standard ones stay as lenient as
// json-logic-js, which the conformance suite expects.
const Arity* ExtraArity(Op op) {
  static const Arity kHasEvent{2, 3, "[NAME, WITHIN, WHERE?]"};
  static const Arity kOne{1, 1, "[TIMESTAMP]"};
  static const Arity kDateAdd{2, 2, "[TIMESTAMP, DURATION]"};
  static const Arity kInList{1, 1, "[LIST]"};
  switch (op) {
    case Op::kHasEvent:
    case Op::kCountEvents: return &kHasEvent;
    case Op::kDaysSince:
    case Op::kHoursSince: return &kOne;
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
      problems.push_back(Problem{pointer, "the rule nests deeper than " + std::to_string(kMaxRuleDepth) + " levels"});
      return node;
    }
    if (value.is_array()) {
      node.op = Op::kArray;
      for (std::size_t i = 0; i < value.size(); ++i) {
        node.args.push_back(Compile(value[i], pointer + "/" + std::to_string(i), depth + 1));
      }
      return node;
    }
    // Only an object with exactly one key is an operation (json-logic-js's
    // is_logic); any other value is data.
    if (!value.is_object() || value.size() != 1) {
      node.literal = value;
      return node;
    }
    const std::string& name = value.begin().key();
    const Json& operand = value.begin().value();
    std::string here = pointer + "/" + EscapeToken(name);
    auto it = Operations().find(name);
    if (it == Operations().end()) {
      problems.push_back(Problem{here, "unknown operation '" + name + "'"});
      return node;
    }
    node.op = it->second;
    // A single non-array operand is shorthand for a one-element list.
    if (operand.is_array()) {
      for (std::size_t i = 0; i < operand.size(); ++i) {
        node.args.push_back(Compile(operand[i], here + "/" + std::to_string(i), depth + 1));
      }
    } else {
      node.args.push_back(Compile(operand, here, depth + 1));
    }
    if (const Arity* arity = ExtraArity(node.op)) {
      std::size_t n = operand.is_array() ? operand.size() : 1;
      if (n < arity->min || n > arity->max) {
        problems.push_back(Problem{here, "'" + name + "' takes " + arity->usage});
      } else if ((node.op == Op::kHasEvent || node.op == Op::kCountEvents || node.op == Op::kDateAdd) &&
                 operand[1].is_string()) {
        std::string error;
        if (!ParseDuration(operand[1].get<std::string>(), &error)) {
          problems.push_back(Problem{here + "/1", "not a duration: " + error});
        }
      }
    }
    return node;
  }

  Problems problems;
};

}  // namespace

CompileResult Compile(const Json& rule) {
  Compiler compiler;
  Node root = compiler.Compile(rule, "", 0);
  CompileResult result;
  result.problems = std::move(compiler.problems);
  if (result.problems.empty()) result.rule = std::make_shared<const Rule>(std::move(root));
  return result;
}

}  // namespace flowproof::logic
