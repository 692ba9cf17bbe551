#include "core/lint/conditions.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "core/base/json_dump.h"
#include "core/logic/rule_tree.h"

namespace flowproof::lint {
namespace {

using logic::Op;

// More conjunctions than this and a (sub)formula becomes an unknown atom:
// sound (unknown never contradicts anything), and bounded in time.
constexpr std::size_t kMaxTerms = 256;

enum class Cmp { kEq, kNe, kStrictEq, kStrictNe, kLt, kLe, kGt, kGe };

struct Atom {
  enum class Kind { kOpaque, kCompare, kTruthy };
  Kind kind = Kind::kOpaque;
  bool positive = true;
  std::string key;   // kOpaque: the canonical text; kCompare/kTruthy: the var path
  Cmp cmp = Cmp::kEq;
  Json literal;      // kCompare
};

using Term = std::vector<Atom>;   // a conjunction
using Dnf = std::vector<Term>;    // a disjunction of conjunctions

thread_local int unknown_counter = 0;  // only makes keys unique

Atom Unknown() {
  Atom a;
  a.key = "\x01unknown" + std::to_string(++unknown_counter);
  return a;
}

Dnf Single(Atom atom) { return Dnf{Term{std::move(atom)}}; }
Dnf True() { return Dnf{Term{}}; }
Dnf False() { return Dnf{}; }

Dnf Or(Dnf a, const Dnf& b) {
  a.insert(a.end(), b.begin(), b.end());
  if (a.size() > kMaxTerms) return Single(Unknown());
  return a;
}

Dnf And(const Dnf& a, const Dnf& b) {
  if (a.size() * b.size() > kMaxTerms) return Single(Unknown());
  Dnf out;
  for (const Term& x : a) {
    for (const Term& y : b) {
      Term t = x;
      t.insert(t.end(), y.begin(), y.end());
      out.push_back(std::move(t));
    }
  }
  return out;
}

bool IsSimpleVar(const logic::Node& node) {
  return node.op == Op::kVar && node.static_path && node.args.size() <= 1 && !node.path.empty();
}

bool IsScalarLiteral(const logic::Node& node) {
  return node.op == Op::kLiteral && (node.literal.is_number() || node.literal.is_string() || node.literal.is_boolean());
}

Cmp Flip(Cmp c) {
  switch (c) {
    case Cmp::kLt: return Cmp::kGt;
    case Cmp::kLe: return Cmp::kGe;
    case Cmp::kGt: return Cmp::kLt;
    case Cmp::kGe: return Cmp::kLe;
    default: return c;
  }
}

std::optional<Cmp> CmpOf(Op op) {
  switch (op) {
    case Op::kEq: return Cmp::kEq;
    case Op::kNe: return Cmp::kNe;
    case Op::kStrictEq: return Cmp::kStrictEq;
    case Op::kStrictNe: return Cmp::kStrictNe;
    case Op::kLt: return Cmp::kLt;
    case Op::kLe: return Cmp::kLe;
    case Op::kGt: return Cmp::kGt;
    case Op::kGe: return Cmp::kGe;
    default: return std::nullopt;
  }
}

// The canonical text of a subtree, so that the same operation written twice
// is recognised as one atom.
std::string Canonical(const logic::Node& node) {
  std::string out = std::to_string(static_cast<int>(node.op));
  if (node.op == Op::kLiteral) return out + ":" + DumpJson(node.literal);
  if (node.static_path) out += "@" + node.path;
  out += "(";
  for (const logic::Node& arg : node.args) out += Canonical(arg) + ",";
  return out + ")";
}

Dnf Opaque(const logic::Node& node, bool positive) {
  Atom a;
  a.key = Canonical(node);
  a.positive = positive;
  return Single(std::move(a));
}

Dnf Compare(const std::string& path, Cmp cmp, const Json& literal, bool positive) {
  Atom a;
  a.kind = Atom::Kind::kCompare;
  a.key = path;
  a.cmp = cmp;
  a.literal = literal;
  a.positive = positive;
  return Single(std::move(a));
}

Dnf ToDnf(const logic::Node& node, bool positive, int depth);

// var OP literal (either order), or nullopt when the operands are not that.
std::optional<Dnf> SimpleComparison(const logic::Node& a, Cmp cmp, const logic::Node& b, bool positive) {
  if (IsSimpleVar(a) && IsScalarLiteral(b)) return Compare(a.path, cmp, b.literal, positive);
  if (IsSimpleVar(b) && IsScalarLiteral(a)) return Compare(b.path, Flip(cmp), a.literal, positive);
  return std::nullopt;
}

Dnf ToDnf(const logic::Node& node, bool positive, int depth) {
  if (depth > 64) return Single(Unknown());
  switch (node.op) {
    case Op::kLiteral: {
      bool truthy = logic::Truthy(node.literal);
      return truthy == positive ? True() : False();
    }
    case Op::kVar: {
      if (!IsSimpleVar(node)) return Opaque(node, positive);
      Atom a;
      a.kind = Atom::Kind::kTruthy;
      a.key = node.path;
      a.positive = positive;
      return Single(std::move(a));
    }
    case Op::kNot:
      if (node.args.empty()) return positive ? True() : False();  // !undefined is true
      return ToDnf(node.args[0], !positive, depth + 1);
    case Op::kNotNot:
      if (node.args.empty()) return positive ? False() : True();
      return ToDnf(node.args[0], positive, depth + 1);
    case Op::kAnd:
    case Op::kOr: {
      if (node.args.empty()) return Opaque(node, positive);
      // and is a conjunction when positive, a disjunction of negations when not.
      bool conjunction = (node.op == Op::kAnd) == positive;
      Dnf out = conjunction ? True() : False();
      for (const logic::Node& arg : node.args) {
        Dnf part = ToDnf(arg, positive, depth + 1);
        out = conjunction ? And(out, part) : Or(std::move(out), part);
      }
      return out;
    }
    case Op::kIf: {
      // if(c1, a1, c2, a2, ..., else): as a truth value.
      std::size_t n = node.args.size();
      if (n == 0) return positive ? False() : True();
      Dnf out = False();
      Dnf none_before = True();  // no earlier condition held
      std::size_t i = 0;
      for (; i + 1 < n; i += 2) {
        Dnf taken = And(none_before, ToDnf(node.args[i], true, depth + 1));
        out = Or(std::move(out), And(taken, ToDnf(node.args[i + 1], positive, depth + 1)));
        none_before = And(none_before, ToDnf(node.args[i], false, depth + 1));
      }
      Dnf last = i + 1 == n ? ToDnf(node.args[i], positive, depth + 1) : (positive ? False() : True());
      return Or(std::move(out), And(none_before, last));
    }
    case Op::kIn: {
      // {"in": [var, [literals]]}: one of the values, strictly equal.
      if (node.args.size() == 2 && IsSimpleVar(node.args[0]) && node.args[1].op == Op::kArray) {
        const logic::Node& list = node.args[1];
        bool all_literal = std::all_of(list.args.begin(), list.args.end(), IsScalarLiteral);
        if (all_literal) {
          Dnf out = positive ? False() : True();
          for (const logic::Node& v : list.args) {
            Dnf eq = Compare(node.args[0].path, Cmp::kStrictEq, v.literal, positive);
            out = positive ? Or(std::move(out), eq) : And(out, eq);
          }
          return out;
        }
      }
      return Opaque(node, positive);
    }
    default:
      break;
  }
  if (std::optional<Cmp> cmp = CmpOf(node.op)) {
    bool ordered = *cmp == Cmp::kLt || *cmp == Cmp::kLe;
    if (ordered && node.args.size() == 3) {
      // Between: a < x < b (both comparisons), when c is given.
      std::optional<Dnf> left = SimpleComparison(node.args[0], *cmp, node.args[1], positive);
      std::optional<Dnf> right = SimpleComparison(node.args[1], *cmp, node.args[2], positive);
      if (left && right) return positive ? And(*left, *right) : Or(*left, *right);
      return Opaque(node, positive);
    }
    if (node.args.size() == 2) {
      if (std::optional<Dnf> d = SimpleComparison(node.args[0], *cmp, node.args[1], positive)) return *d;
    }
  }
  return Opaque(node, positive);
}

// Whether JavaScript's Number() of the string may be a number (not NaN). Errs
// towards yes: "yes" only weakens what the analysis concludes.
bool NumericLooking(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return true;  // "" and blanks are 0
  std::size_t e = s.find_last_not_of(" \t\r\n");
  std::string t = s.substr(b, e - b + 1);
  if (t.find("Infinity") != std::string::npos) return true;
  if (t.size() > 1 && t[0] == '0' && std::string("xXbBoO").find(t[1]) != std::string::npos) return true;
  return t.find_first_not_of("0123456789+-.eE") == std::string::npos;
}

// The constraints a conjunction puts on one variable.
struct NumberSet {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;
  std::set<double> excluded;
  bool nan_ok = true;
  bool real_ok = true;  // some real number is allowed at all

  void Below(double c, bool open) {
    if (c < hi || (c == hi && open && !hi_open)) { hi = c; hi_open = open; }
  }
  void Above(double c, bool open) {
    if (c > lo || (c == lo && open && !lo_open)) { lo = c; lo_open = open; }
  }
  // Number(x) OP c when positive; NOT (Number(x) OP c) otherwise.
  void Apply(Cmp cmp, double c, bool positive) {
    if (positive) {
      nan_ok = false;
      switch (cmp) {
        case Cmp::kLt: Below(c, true); break;
        case Cmp::kLe: Below(c, false); break;
        case Cmp::kGt: Above(c, true); break;
        case Cmp::kGe: Above(c, false); break;
        default: Below(c, false); Above(c, false); break;
      }
      return;
    }
    // NaN fails every order comparison, so their negations keep NaN.
    switch (cmp) {
      case Cmp::kLt: Above(c, false); break;
      case Cmp::kLe: Above(c, true); break;
      case Cmp::kGt: Below(c, false); break;
      case Cmp::kGe: Below(c, true); break;
      default: excluded.insert(c); break;
    }
  }
  bool RealPossible() const {
    if (!real_ok) return false;
    if (lo > hi) return false;
    if (lo == hi) return !lo_open && !hi_open && !excluded.count(lo);
    return true;
  }
  bool Possible() const { return nan_ok || RealPossible(); }
};

struct StringSet {
  // Required values: (value, strict).
  std::vector<std::pair<std::string, bool>> required;
  std::vector<std::pair<std::string, bool>> excluded;

  bool Possible() const {
    for (std::size_t i = 0; i < required.size(); ++i) {
      for (std::size_t j = i + 1; j < required.size(); ++j) {
        const std::string& a = required[i].first;
        const std::string& b = required[j].first;
        if (a == b) continue;
        // Two different strings: only one numeric value can equal both
        // loosely ("5" and "5.0"), and only when neither is strict.
        bool both_numeric = NumericLooking(a) && NumericLooking(b);
        if (!both_numeric || required[i].second || required[j].second) return false;
      }
      for (const auto& [value, strict_exclusion] : excluded) {
        if (value != required[i].first) continue;
        // x == "5" and x !== "5" both hold for the number 5.
        bool loophole = strict_exclusion && !required[i].second && NumericLooking(value);
        if (!loophole) return false;
      }
    }
    return true;
  }
};

struct Variable {
  NumberSet number;
  StringSet text;
  bool falsy = false;   // the var is used as a truth value and is false
  bool truthy = false;
};

bool TermPossible(const Term& term) {
  std::map<std::string, bool> opaque;  // key -> polarity
  std::map<std::string, Variable> vars;
  for (const Atom& atom : term) {
    if (atom.kind == Atom::Kind::kOpaque) {
      auto [it, inserted] = opaque.emplace(atom.key, atom.positive);
      if (!inserted && it->second != atom.positive) return false;
      continue;
    }
    Variable& v = vars[atom.key];
    if (atom.kind == Atom::Kind::kTruthy) {
      (atom.positive ? v.truthy : v.falsy) = true;
      if (!atom.positive) {
        // false, null, 0, "" and [] are 0 as numbers; a missing value is NaN.
        bool nan_ok = v.number.nan_ok;
        v.number.Apply(Cmp::kEq, 0, true);
        v.number.nan_ok = nan_ok;
      }
      continue;
    }
    const Json& lit = atom.literal;
    Cmp cmp = atom.cmp;
    // x == c and x != c (loose, or strict) contradict each other whatever c is.
    if (cmp == Cmp::kEq || cmp == Cmp::kNe || cmp == Cmp::kStrictEq || cmp == Cmp::kStrictNe) {
      bool strict = cmp == Cmp::kStrictEq || cmp == Cmp::kStrictNe;
      bool pos = atom.positive == (cmp == Cmp::kEq || cmp == Cmp::kStrictEq);
      auto [it, inserted] = opaque.emplace((strict ? "===:" : "==:") + atom.key + "=" + DumpJson(lit), pos);
      if (!inserted && it->second != pos) return false;
    }
    bool order = cmp == Cmp::kLt || cmp == Cmp::kLe || cmp == Cmp::kGt || cmp == Cmp::kGe;
    if (lit.is_number() || lit.is_boolean()) {
      double c = lit.is_boolean() ? (lit.get<bool>() ? 1.0 : 0.0) : lit.get<double>();
      if (lit.is_boolean() && (cmp == Cmp::kStrictEq || cmp == Cmp::kStrictNe)) {
        // x === true: a boolean. Only the same atom negated contradicts it.
        bool pos = atom.positive == (cmp == Cmp::kStrictEq);
        auto [it, inserted] = opaque.emplace("strict:" + atom.key + "=" + DumpJson(lit), pos);
        if (!inserted && it->second != pos) return false;
        continue;
      }
      bool equality = cmp == Cmp::kEq || cmp == Cmp::kStrictEq;
      bool inequality = cmp == Cmp::kNe || cmp == Cmp::kStrictNe;
      if (order) {
        v.number.Apply(cmp, c, atom.positive);
      } else if ((equality && atom.positive) || (inequality && !atom.positive)) {
        // x == c (or not x != c): Number(x) is c.
        if (cmp == Cmp::kEq || cmp == Cmp::kNe || cmp == Cmp::kStrictEq || cmp == Cmp::kStrictNe) {
          v.number.Apply(Cmp::kEq, c, true);
        }
      } else if (cmp == Cmp::kNe || cmp == Cmp::kEq) {
        // x != c: Number(x) is not c, except that null != 0 while Number(null) is 0.
        if (c != 0) v.number.Apply(Cmp::kEq, c, false);
      }
      // x !== c says nothing of Number(x) ("5" !== 5).
    } else if (lit.is_string()) {
      const std::string& s = lit.get_ref<const std::string&>();
      if (order) continue;  // string ordering: not modelled
      bool strict = cmp == Cmp::kStrictEq || cmp == Cmp::kStrictNe;
      bool equal = (cmp == Cmp::kEq || cmp == Cmp::kStrictEq) == atom.positive;
      if (equal) {
        v.text.required.emplace_back(s, strict);
        // Equal to a string that is not a number: Number(x) is NaN, and x is truthy
        // (unless the string is empty).
        if (!NumericLooking(s)) v.number.real_ok = false;
      } else {
        v.text.excluded.emplace_back(s, strict);
      }
    }
  }
  for (const auto& [path, v] : vars) {
    if (v.truthy && v.falsy) return false;
    if (!v.number.Possible()) return false;
    if (!v.text.Possible()) return false;
    // No falsy value (false, null, 0, "", [], a missing one) equals a
    // string that is not a number.
    if (v.falsy) {
      for (const auto& [value, strict] : v.text.required) {
        if (!NumericLooking(value)) return false;
      }
    }
  }
  return true;
}

bool DnfPossible(const Dnf& dnf) {
  return std::any_of(dnf.begin(), dnf.end(), TermPossible);
}

}  // namespace

bool MayHold(const logic::Rule& rule) { return DnfPossible(ToDnf(rule.root(), true, 0)); }

BranchVerdict AnalyzeBranch(const logic::Rule& rule, const std::vector<const logic::Rule*>& earlier) {
  BranchVerdict verdict;
  Dnf self = ToDnf(rule.root(), true, 0);
  if (!DnfPossible(self)) {
    verdict.never = true;
    verdict.impossible = true;
    return verdict;
  }
  for (std::size_t i = 0; i < earlier.size(); ++i) {
    if (!DnfPossible(And(self, ToDnf(earlier[i]->root(), false, 0)))) {
      verdict.never = true;
      verdict.covered_by = static_cast<int>(i);
      return verdict;
    }
  }
  Dnf rest = self;
  for (const logic::Rule* e : earlier) rest = And(rest, ToDnf(e->root(), false, 0));
  if (!DnfPossible(rest)) verdict.never = true;
  return verdict;
}

}  // namespace flowproof::lint
