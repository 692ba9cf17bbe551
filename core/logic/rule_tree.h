// The compiled form of a rule: a tree of nodes with an operation enum.
// Internal to core/logic.
#pragma once

#include <string>
#include <vector>

#include "core/json.h"
#include "core/logic/rule.h"

namespace flowproof::logic {

enum class Op : unsigned char {
  kLiteral,   // `literal`
  kArray,     // an array whose elements are rules
  kVar, kMissing, kMissingSome,
  kIf, kEq, kStrictEq, kNe, kStrictNe, kNot, kNotNot, kOr, kAnd,
  kGt, kGe, kLt, kLe, kMax, kMin, kAdd, kSub, kMul, kDiv, kMod,
  kMap, kFilter, kReduce, kAll, kNone, kSome, kMerge, kIn, kCat, kSubstr, kLog,
  // FORMAT.md's extra operations
  kHasEvent, kCountEvents, kDaysSince, kHoursSince, kDateAdd, kInList,
};

struct Node {
  Op op = Op::kLiteral;
  Json literal;              // kLiteral
  std::vector<Node> args;    // operands, in order
};

class Rule {
 public:
  explicit Rule(Node root) : root_(std::move(root)) {}
  const Node& root() const { return root_; }

 private:
  Node root_;
};

}  // namespace flowproof::logic
