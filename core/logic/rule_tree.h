// The compiled form of a rule: a tree of nodes with an operation enum.
// Internal to core/logic (compile.cc builds it, evaluate.cc walks it).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/json.h"
#include "core/logic/rule.h"

namespace flowproof::logic {

enum class Op : unsigned char {
  kLiteral,   // `literal` (a scalar, or an object that is not an operation)
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
  // kVar whose key is a literal (the usual {"var": "contact.country"}): the
  // path, so evaluation neither evaluates nor converts the key.
  bool static_path = false;
  std::string path;
  // kHasEvent, kCountEvents, kDateAdd whose duration operand is a literal:
  // the parsed duration, so evaluation does not parse it again.
  bool static_duration = false;
  Duration duration = 0;
  Json literal;              // kLiteral, and a constant kArray's value
  // kArray whose elements are all literals (or constant arrays), as `in`'s
  // list usually is: `literal` holds the array built once, and what building
  // it would charge to the work limits, so `in` reads it without copying.
  bool constant_array = false;
  std::size_t constant_items = 0;
  std::size_t constant_text = 0;
  std::vector<Node> args;    // operands, in order
};

class Rule {
 public:
  explicit Rule(Node root) : root_(std::move(root)) {}
  const Node& root() const { return root_; }

 private:
  Node root_;
};

// The TIMESTAMP operand of days_since, hours_since and date_add: an ISO 8601
// timestamp (ParseTimestamp), or a date "YYYY-MM-DD" read as midnight UTC.
std::optional<Instant> ParseTimeOperand(std::string_view text, std::string* error = nullptr);

}  // namespace flowproof::logic
