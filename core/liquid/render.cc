// Render(): walks a parsed Template for one set of variables.
//
// Variables live in Frames: a Frame is one render context (the document, or a
// partial rendered with {% render %}, which is isolated). A Frame holds a stack
// of scopes (assign writes to the outermost, loops and include arguments push
// inner ones), the increment/decrement counters, cycle positions, `offset:
// continue` positions and the innermost forloop. The render data ("globals")
// are visible from every Frame, as Shopify's global objects are.
//
// Errors are thrown as Failure (filters.h) and caught once in Render(); the
// location reported is the node or filter being evaluated when it happened.
#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/liquid/ast.h"
#include "core/liquid/filters.h"
#include "core/liquid/liquid.h"
#include "core/liquid/value.h"

namespace flowproof::liquid {
namespace internal {

// A render's variables. Outside the anonymous namespace: RenderContext
// (declared in ast.h) holds one.
using Scope = std::vector<std::pair<std::string_view, Value>>;

struct Frame {
  Value globals;  // the render data (an object, or nil)
  std::vector<Scope> scopes;  // scopes[0]: the outermost (assign, capture)
  std::vector<std::pair<std::string, std::int64_t>> counters;
  std::vector<std::pair<std::string, std::int64_t>> cycles;
  std::vector<std::pair<std::string, std::int64_t>> offsets;  // offset: continue
  std::shared_ptr<LoopState> loop;                            // innermost forloop
  bool has_ifchanged = false;
  std::string ifchanged;
};

namespace {

// A partial that failed to parse: its own Error is reported as is.
struct PartialParseFailure {
  Error error;
};

std::int64_t* FindCounter(std::vector<std::pair<std::string, std::int64_t>>& list, std::string_view key) {
  for (auto& entry : list) {
    if (entry.first == key) return &entry.second;
  }
  return nullptr;
}

std::int64_t& CounterSlot(std::vector<std::pair<std::string, std::int64_t>>& list, std::string_view key) {
  if (std::int64_t* found = FindCounter(list, key)) return *found;
  list.emplace_back(std::string(key), 0);
  return list.back().second;
}

}  // namespace

class RenderContext {
 public:
  RenderContext(const RenderOptions& options, PartialLoader* partials, RenderResult* result)
      : options_(options), partials_(partials), result_(result) {
    env_.now = options.now;
    env_.zone = options.zone;
    env_.max_string_bytes = options.max_output_bytes;
    env_.max_items = options.max_steps;
  }

  const RenderOptions& options() const { return options_; }
  std::string& out() { return *out_; }
  void set_out(std::string* out) { out_ = out; }
  Frame& frame() { return *frame_; }
  void set_frame(Frame* f) { frame_ = f; }
  const Template* tmpl() const { return tmpl_; }
  void set_tmpl(const Template* t) { tmpl_ = t; }
  void At(std::uint32_t offset) { offset_ = offset; }
  std::uint32_t offset() const { return offset_; }
  const FilterEnv& env() const { return env_; }

  void Step() {
    if (++steps_ > options_.max_steps) {
      Fail("rendering took more than " + std::to_string(options_.max_steps) +
           " steps (a loop too long for a message?)");
    }
  }
  void Steps(std::size_t n) {
    steps_ += n;
    if (steps_ > options_.max_steps) {
      Fail("rendering took more than " + std::to_string(options_.max_steps) + " steps");
    }
  }
  void CheckOutput() {
    if (out_->size() > options_.max_output_bytes) {
      Fail("output is longer than the limit of " + std::to_string(options_.max_output_bytes) + " bytes");
    }
  }
  void Enter() {
    if (++depth_ > options_.max_depth) {
      Fail("nesting deeper than " + std::to_string(options_.max_depth) + " (blocks and partials)");
    }
  }
  void Leave() { --depth_; }

  Error MakeError(const std::string& message) const {
    Error e;
    if (tmpl_ != nullptr) {
      e.template_name = tmpl_->name();
      tmpl_->Locate(offset_, &e.line, &e.column);
    }
    e.message = message;
    return e;
  }

  void Warn(const std::string& key, std::uint32_t offset, std::string message) {
    if (!warned_.insert(key).second) return;
    Warning w;
    w.template_name = tmpl_->name();
    tmpl_->Locate(offset, &w.line, &w.column);
    w.message = std::move(message);
    result_->warnings.push_back(std::move(w));
  }

  void Undefined(const Expr& e, std::size_t display_length) {
    std::string name = e.display.substr(0, std::min(display_length, e.display.size()));
    if (name.empty()) name = e.root;
    if (options_.strict) {
      offset_ = e.offset;
      Fail("undefined variable '" + name + "'");
    }
    Warn("v:" + name, e.offset, "undefined variable '" + name + "'");
  }

  // ---- variables ----

  bool FindVariable(std::string_view name, Value* out) {
    Frame& f = *frame_;
    for (auto scope = f.scopes.rbegin(); scope != f.scopes.rend(); ++scope) {
      for (auto& entry : *scope) {
        if (entry.first == name) {
          *out = entry.second;
          return true;
        }
      }
    }
    if (!f.counters.empty()) {
      if (std::int64_t* c = FindCounter(f.counters, name)) {
        *out = Value::Int(*c);
        return true;
      }
    }
    return f.globals.is_object() && f.globals.ObjectFind(name, out);
  }

  static void SetIn(Scope& scope, std::string_view name, Value v) {
    for (auto& entry : scope) {
      if (entry.first == name) {
        entry.second = std::move(v);
        return;
      }
    }
    scope.emplace_back(name, std::move(v));
  }
  void Assign(std::string_view name, Value v) { SetIn(frame_->scopes.front(), name, std::move(v)); }
  void SetLocal(std::string_view name, Value v) { SetIn(frame_->scopes.back(), name, std::move(v)); }

  // ---- expressions ----

  Value Eval(const Expr& e, bool report) {
    switch (e.kind) {
      case Expr::Kind::kLiteral: return e.literal;
      case Expr::Kind::kRange: {
        // Bounds are clamped to +-2^53 so that sizes never overflow; a range
        // that large fails the step limit long before it matters.
        constexpr std::int64_t kMaxBound = std::int64_t{1} << 53;
        std::int64_t lo = std::clamp(RangeBound(Eval(*e.lo, report)), -kMaxBound, kMaxBound);
        std::int64_t hi = std::clamp(RangeBound(Eval(*e.hi, report)), -kMaxBound, kMaxBound);
        return Value::Range(lo, hi);
      }
      case Expr::Kind::kPath: return Lookup(e, report);
    }
    return Value();
  }

  static std::int64_t RangeBound(const Value& v) {
    switch (v.kind()) {
      case Value::Kind::kInt: return v.as_int();
      case Value::Kind::kFloat: {
        double d = v.as_float();
        if (!(d > -9.2e18 && d < 9.2e18)) Fail("invalid range bound");
        return static_cast<std::int64_t>(d);
      }
      case Value::Kind::kString: {
        // String#to_i
        std::string_view s = v.str();
        std::size_t i = 0;
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) ++i;
        bool negative = false;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
        std::int64_t n = 0;
        for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
          if (n > (INT64_MAX - 9) / 10) Fail("invalid range bound");
          n = n * 10 + (s[i] - '0');
        }
        return negative ? -n : n;
      }
      case Value::Kind::kNil: return 0;
      default: Fail("invalid range bound " + ToS(v));
    }
  }

  Value Lookup(const Expr& e, bool report) {
    Value cur;
    bool found;
    if (e.root_expr) {
      Value key = Eval(*e.root_expr, report);
      found = key.is_string() && FindVariable(key.str(), &cur);
    } else {
      found = FindVariable(e.root, &cur);
    }
    if (!found) {
      if (report) Undefined(e, e.root_display_end);
      return Value();
    }
    for (std::size_t i = 0; i < e.segments.size(); ++i) {
      const Segment& s = e.segments[i];
      Value next;
      if (!Member(cur, s, report, &next)) {
        if (report) Undefined(e, s.display_end);
        return Value();
      }
      cur = std::move(next);
    }
    return cur;
  }

  bool Member(const Value& cur, const Segment& s, bool report, Value* out) {
    // The key: a literal name or index, or an evaluated one.
    const std::string* key = nullptr;
    std::string dynamic_key;
    bool has_index = false;
    std::int64_t index = 0;
    switch (s.kind) {
      case Segment::Kind::kKey: key = &s.key; break;
      case Segment::Kind::kIndex:
        has_index = true;
        index = s.index;
        break;
      case Segment::Kind::kDynamic: {
        Value k = Eval(*s.dynamic, report);
        if (k.is_string()) {
          dynamic_key = std::string(k.str());
          key = &dynamic_key;
        } else if (k.is_int()) {
          has_index = true;
          index = k.as_int();
        } else {
          return false;
        }
        break;
      }
    }
    switch (cur.kind()) {
      case Value::Kind::kObject: {
        if (key != nullptr) {
          if (cur.ObjectFind(*key, out)) return true;
          if (s.command) {
            if (s.key == "size") {
              *out = Value::Int(static_cast<std::int64_t>(cur.ObjectSize()));
              return true;
            }
            if (s.key == "first") {
              *out = cur.FirstPair();
              return true;
            }
          }
        }
        return false;
      }
      case Value::Kind::kArray: {
        if (has_index) {
          std::int64_t n = static_cast<std::int64_t>(cur.ArraySize());
          if (index < 0) index += n;
          *out = (index >= 0 && index < n) ? cur.ArrayAt(static_cast<std::size_t>(index)) : Value();
          return true;
        }
        if (s.command) {
          std::size_t n = cur.ArraySize();
          if (s.key == "size") {
            *out = Value::Int(static_cast<std::int64_t>(n));
          } else if (s.key == "first") {
            *out = n > 0 ? cur.ArrayAt(0) : Value();
          } else {
            *out = n > 0 ? cur.ArrayAt(n - 1) : Value();
          }
          return true;
        }
        return false;
      }
      case Value::Kind::kString:
        if (s.command && s.key == "size") {
          *out = Value::Int(static_cast<std::int64_t>(Utf8Length(cur.str())));
          return true;
        }
        return false;
      case Value::Kind::kRange:
        if (s.command) {
          if (s.key == "size") {
            *out = Value::Int(cur.range_size());
          } else if (cur.range_size() == 0) {
            *out = Value();
          } else {
            *out = Value::Int(s.key == "first" ? cur.range_lo() : cur.range_hi());
          }
          return true;
        }
        return false;
      case Value::Kind::kLoop:
        return key != nullptr && LoopMember(*cur.loop(), *key, out);
      default: return false;
    }
  }

  static bool LoopMember(const LoopState& l, std::string_view key, Value* out) {
    if (key == "index") *out = Value::Int(l.index0 + 1);
    else if (key == "index0") *out = Value::Int(l.index0);
    else if (key == "rindex") *out = Value::Int(l.length - l.index0);
    else if (key == "rindex0") *out = Value::Int(l.length - l.index0 - 1);
    else if (key == "first") *out = Value::Bool(l.index0 == 0);
    else if (key == "last") *out = Value::Bool(l.index0 == l.length - 1);
    else if (key == "length") *out = Value::Int(l.length);
    else if (!l.tablerow && key == "name") *out = Value::String(l.name);
    else if (!l.tablerow && key == "parentloop") *out = l.parent ? Value::Loop(l.parent) : Value();
    else if (l.tablerow && key == "col") *out = Value::Int(l.col);
    else if (l.tablerow && key == "col0") *out = Value::Int(l.col - 1);
    else if (l.tablerow && key == "col_first") *out = Value::Bool(l.col == 1);
    else if (l.tablerow && key == "col_last") *out = Value::Bool(l.col == l.cols);
    else if (l.tablerow && key == "row") *out = Value::Int(l.row);
    else return false;
    return true;
  }

  Value EvalFiltered(const FilteredExpr& f) {
    Value v = f.expr ? Eval(*f.expr, !f.defaulted) : Value();
    for (const FilterCall& call : f.filters) {
      offset_ = call.offset;
      if (call.spec == nullptr) {
        if (options_.strict) Fail("unknown filter '" + call.name + "'");
        Warn("f:" + call.name, call.offset, "unknown filter '" + call.name + "'");
        continue;
      }
      std::size_t n = call.args.size();
      if (n == 0 && call.kwargs.empty()) {
        v = call.spec->fn(v, nullptr, 0, env_);
        continue;
      }
      Value args[2];  // no standard filter takes more (checked when parsing)
      // `a | default: b | default: 'x'` falls back across variables: an
      // undefined fallback is expected too.
      bool report = call.name != "default";
      for (std::size_t i = 0; i < n; ++i) args[i] = Eval(*call.args[i], report);
      Value allow_false;
      for (const auto& kw : call.kwargs) {
        if (kw.first == "allow_false") {
          allow_false = Eval(*kw.second, report);
          env_.allow_false = &allow_false;
        }
      }
      v = call.spec->fn(v, args, n, env_);
      env_.allow_false = nullptr;
    }
    return v;
  }

  bool EvalCondition(const Condition& c) {
    for (const Comparison& part : c.parts) {
      bool v = EvalComparison(part);
      switch (part.logic) {
        case Comparison::Logic::kAnd:
          if (!v) return false;
          break;
        case Comparison::Logic::kOr:
          if (v) return true;
          break;
        case Comparison::Logic::kNone: return v;
      }
    }
    return false;
  }

  // Ruby's equal_variables: `blank` and `empty` ask the other side.
  static bool EqualVariables(const Value& a, const Value& b) {
    auto special = [](const Value& v) {
      return v.kind() == Value::Kind::kEmpty || v.kind() == Value::Kind::kBlank;
    };
    if (special(a) || special(b)) {
      const Value& literal = special(a) ? a : b;
      const Value& other = special(a) ? b : a;
      if (special(other)) return false;
      return literal.kind() == Value::Kind::kBlank ? IsBlank(other) : IsEmpty(other);
    }
    return Equal(a, b);
  }

  bool EvalComparison(const Comparison& p) {
    Value left = Eval(*p.left, false);
    if (p.op == CompareOp::kNone) return left.truthy();
    Value right = Eval(*p.right, false);
    switch (p.op) {
      case CompareOp::kEq: return EqualVariables(left, right);
      case CompareOp::kNe: return !EqualVariables(left, right);
      case CompareOp::kContains: return Contains(left, right);
      default: break;
    }
    bool comparable_left = left.is_number() || left.is_string();
    bool comparable_right = right.is_number() || right.is_string();
    if (!comparable_left || !comparable_right) return false;
    int cmp = 0;
    if (!Compare(left, right, &cmp)) {
      offset_ = p.left->offset;
      std::string shown;
      AppendInspect(right, shown);
      Fail(std::string("comparison of ") + (left.is_string() ? "String" : (left.is_int() ? "Integer" : "Float")) +
           " with " + shown + " failed");
    }
    switch (p.op) {
      case CompareOp::kLt: return cmp < 0;
      case CompareOp::kGt: return cmp > 0;
      case CompareOp::kLe: return cmp <= 0;
      case CompareOp::kGe: return cmp >= 0;
      default: return false;
    }
  }

  static bool Contains(const Value& left, const Value& right) {
    if (!left.truthy() || !right.truthy()) return false;
    switch (left.kind()) {
      case Value::Kind::kString: {
        if (right.is_string()) return left.str().find(right.str()) != std::string_view::npos;
        return left.str().find(ToS(right)) != std::string_view::npos;
      }
      case Value::Kind::kArray: {
        std::size_t n = left.ArraySize();
        for (std::size_t i = 0; i < n; ++i) {
          if (Equal(left.ArrayAt(i), right)) return true;
        }
        return false;
      }
      case Value::Kind::kObject: {
        Value ignored;
        return right.is_string() && left.ObjectFind(right.str(), &ignored);
      }
      case Value::Kind::kRange: {
        if (!right.is_number()) return false;
        double x = right.is_int() ? static_cast<double>(right.as_int()) : right.as_float();
        return x >= static_cast<double>(left.range_lo()) && x <= static_cast<double>(left.range_hi());
      }
      default: return false;
    }
  }

  Flow RenderBody(const Body& body) {
    for (const auto& node : body) {
      Flow flow = node->Render(*this);
      if (flow != Flow::kNormal) return flow;
    }
    return Flow::kNormal;
  }

  // Renders `body` one nesting level deeper (the depth limit counts it).
  Flow RenderNested(const Body& body) {
    Enter();
    Flow flow = RenderBody(body);
    Leave();
    return flow;
  }

  // Renders `body` one nesting level deeper into a separate buffer
  // (capture, ifchanged).
  std::string RenderNestedToString(const Body& body, Flow* flow) {
    std::string buffer;
    std::string* saved = out_;
    out_ = &buffer;
    *flow = RenderNested(body);
    out_ = saved;
    return buffer;
  }

  std::shared_ptr<const Template> LoadPartial(const std::string& name) {
    if (partials_ == nullptr) Fail("partial '" + name + "' not found (no partials were given)");
    std::optional<Error> parse_error;
    std::shared_ptr<const Template> t = partials_->Load(name, &parse_error);
    if (parse_error) throw PartialParseFailure{*parse_error};
    if (!t) Fail("partial '" + name + "' not found");
    for (const auto& kept : keep_alive_) {
      if (kept == t) return t;
    }
    keep_alive_.push_back(t);
    return t;
  }

 private:
  const RenderOptions& options_;
  PartialLoader* partials_;
  RenderResult* result_;
  std::string* out_ = nullptr;
  Frame* frame_ = nullptr;
  const Template* tmpl_ = nullptr;
  std::uint32_t offset_ = 0;
  std::size_t steps_ = 0;
  int depth_ = 0;
  FilterEnv env_;
  std::set<std::string> warned_;
  std::vector<std::shared_ptr<const Template>> keep_alive_;
};

// ---- nodes ------------------------------------------------------------------------

bool TextNode::blank() const {
  if (verbatim) return text.empty();
  for (char c : text) {
    if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')) return false;
  }
  return true;
}

Flow TextNode::Render(RenderContext& ctx) const {
  ctx.Step();
  ctx.out().append(text);
  ctx.At(offset);
  ctx.CheckOutput();
  return Flow::kNormal;
}

Flow OutputNode::Render(RenderContext& ctx) const {
  ctx.At(offset);
  ctx.Step();
  Value v = ctx.EvalFiltered(value);
  AppendOutput(v, ctx.out());
  ctx.At(offset);
  ctx.CheckOutput();
  return Flow::kNormal;
}

Flow IfNode::Render(RenderContext& ctx) const {
  ctx.At(offset);
  ctx.Step();
  for (const Branch& branch : branches) {
    bool take = true;
    if (branch.condition) {
      take = ctx.EvalCondition(*branch.condition);
      if (branch.negate) take = !take;
    }
    if (take) {
      return ctx.RenderNested(branch.body);
    }
  }
  return Flow::kNormal;
}

Flow CaseNode::Render(RenderContext& ctx) const {
  ctx.At(offset);
  ctx.Step();
  Value subject_value = ctx.Eval(*subject, false);
  bool run_else = true;
  for (const When& when : whens) {
    if (when.is_else) {
      if (run_else) {
        Flow flow = ctx.RenderNested(when.body);
        if (flow != Flow::kNormal) return flow;
      }
      continue;
    }
    // Like Shopify, a `when` with several matching values renders its body
    // once per match.
    for (const auto& v : when.values) {
      if (!RenderContext::EqualVariables(subject_value, ctx.Eval(*v, false))) continue;
      run_else = false;
      Flow flow = ctx.RenderNested(when.body);
      if (flow != Flow::kNormal) return flow;
    }
  }
  return Flow::kNormal;
}

namespace {

// The items a loop walks over, without copying them (an object's members
// are listed once per loop, as [key, value] pairs).
struct Collection {
  enum class Kind { kNone, kArray, kRange, kObject, kSingle };
  Kind kind = Kind::kNone;
  Value value;
  std::int64_t size = 0;
  std::vector<Value> members;

  static Collection Of(const Value& v) {
    Collection c;
    c.value = v;
    switch (v.kind()) {
      case Value::Kind::kArray:
        c.kind = Kind::kArray;
        c.size = static_cast<std::int64_t>(v.ArraySize());
        break;
      case Value::Kind::kRange:
        c.kind = Kind::kRange;
        c.size = v.range_size();
        break;
      case Value::Kind::kObject:
        c.kind = Kind::kObject;
        v.ForEachMember([&](const std::string& key, Value member) {
          std::vector<Value> pair;
          pair.push_back(Value::StringRef(&key));
          pair.push_back(std::move(member));
          c.members.push_back(Value::Array(std::move(pair)));
        });
        c.size = static_cast<std::int64_t>(c.members.size());
        break;
      case Value::Kind::kString:
        // A string is one item (Liquid's slice_collection), unless empty.
        if (!v.str().empty()) {
          c.kind = Kind::kSingle;
          c.size = 1;
        }
        break;
      default: break;
    }
    return c;
  }

  // Item i (0 <= i < size).
  Value At(std::int64_t i) const {
    switch (kind) {
      case Kind::kArray: return value.ArrayAt(static_cast<std::size_t>(i));
      case Kind::kRange: return Value::Int(value.range_lo() + i);
      case Kind::kSingle: return value;
      case Kind::kObject: return members[static_cast<std::size_t>(i)];
      default: return Value();
    }
  }
};

std::int64_t LoopInteger(RenderContext& ctx, const Expr& e) {
  Value v = ctx.Eval(e, true);
  ctx.At(e.offset);
  if (v.is_nil()) return 0;
  if (v.is_float()) return static_cast<std::int64_t>(v.as_float());
  return ToInteger(v);
}

// The items of `c` selected by [from, to) then reversed, as indexes into c.
struct Slice {
  std::int64_t begin = 0;
  std::int64_t end = 0;
  std::int64_t length() const { return end - begin; }
};

Slice SliceOf(const Collection& c, std::int64_t from, bool has_limit, std::int64_t limit) {
  Slice s;
  if (from < 0) from = 0;
  s.begin = std::min(from, c.size);
  std::int64_t to = c.size;
  if (has_limit) {
    std::int64_t capped = limit < 0 ? 0 : limit;
    if (from <= c.size - capped) to = std::min(c.size, from + capped);
  }
  s.end = std::max(s.begin, to);
  return s;
}

}  // namespace

Flow ForNode::Render(RenderContext& ctx) const {
  ctx.At(offset);
  ctx.Step();
  Frame& frame = ctx.frame();
  Collection items = Collection::Of(ctx.Eval(*collection, true));
  std::int64_t from = 0;
  if (offset_continue) {
    if (std::int64_t* saved = FindCounter(frame.offsets, name)) from = *saved;
  } else if (offset_expr) {
    from = LoopInteger(ctx, *offset_expr);
  }
  bool has_limit = false;
  std::int64_t limit_value = 0;
  if (limit) {
    Value v = ctx.Eval(*limit, true);
    ctx.At(limit->offset);
    if (!v.is_nil()) {
      has_limit = true;
      limit_value = v.is_float() ? static_cast<std::int64_t>(v.as_float()) : ToInteger(v);
    }
  }
  ctx.At(offset);
  Slice slice = SliceOf(items, from, has_limit, limit_value);
  CounterSlot(frame.offsets, name) = from + slice.length();
  if (slice.length() == 0) {
    if (else_body.empty()) return Flow::kNormal;
    return ctx.RenderNested(else_body);
  }
  ctx.Enter();
  auto loop = std::make_shared<LoopState>();
  loop->name = name;
  loop->length = slice.length();
  loop->parent = frame.loop;
  frame.loop = loop;
  frame.scopes.emplace_back();
  ctx.SetLocal("forloop", Value::Loop(loop));
  ctx.SetLocal(variable, Value());
  std::size_t var_slot = frame.scopes.back().size() - 1;
  for (std::int64_t i = 0; i < slice.length(); ++i) {
    ctx.Step();
    std::int64_t index = reversed ? slice.end - 1 - i : slice.begin + i;
    Value item = items.At(index);
    // The body may have pushed or reassigned; our scope is still the last one.
    Scope& scope = ctx.frame().scopes.back();
    scope[var_slot].second = std::move(item);
    loop->index0 = i;
    Flow flow = ctx.RenderBody(body);
    if (flow == Flow::kBreak) break;
  }
  Frame& after = ctx.frame();
  after.scopes.pop_back();
  after.loop = loop->parent;
  ctx.Leave();
  return Flow::kNormal;
}

Flow TablerowNode::Render(RenderContext& ctx) const {
  ctx.At(offset);
  ctx.Step();
  Value value = ctx.Eval(*collection, true);
  Collection items = Collection::Of(value);
  std::int64_t from = offset_expr ? LoopInteger(ctx, *offset_expr) : 0;
  bool has_limit = false;
  std::int64_t limit_value = 0;
  if (limit) {
    Value v = ctx.Eval(*limit, true);
    ctx.At(limit->offset);
    if (!v.is_nil()) {
      has_limit = true;
      limit_value = v.is_float() ? static_cast<std::int64_t>(v.as_float()) : ToInteger(v);
    }
  }
  std::int64_t cols_value = 0;
  bool has_cols = false;
  if (cols) {
    has_cols = true;
    cols_value = LoopInteger(ctx, *cols);
  }
  ctx.At(offset);
  Slice slice = SliceOf(items, from, has_limit, limit_value);
  std::string& out = ctx.out();
  out += "<tr class=\"row1\">\n";
  ctx.Enter();
  auto loop = std::make_shared<LoopState>();
  loop->tablerow = true;
  loop->length = slice.length();
  loop->cols = has_cols ? cols_value : slice.length();
  Frame& frame = ctx.frame();
  frame.scopes.emplace_back();
  ctx.SetLocal("tablerowloop", Value::Loop(loop));
  ctx.SetLocal(variable, Value());
  std::size_t var_slot = frame.scopes.back().size() - 1;
  for (std::int64_t i = 0; i < slice.length(); ++i) {
    ctx.Step();
    ctx.frame().scopes.back()[var_slot].second = items.At(slice.begin + i);
    loop->index0 = i;
    ctx.out() += "<td class=\"col" + std::to_string(loop->col) + "\">";
    Flow flow = ctx.RenderBody(body);
    ctx.out() += "</td>";
    ctx.CheckOutput();
    if (flow == Flow::kBreak) break;
    if (loop->col == loop->cols && i != slice.length() - 1) {
      ctx.out() += "</tr>\n<tr class=\"row" + std::to_string(loop->row + 1) + "\">";
    }
    if (loop->col == loop->cols) {
      loop->col = 1;
      ++loop->row;
    } else {
      ++loop->col;
    }
  }
  ctx.frame().scopes.pop_back();
  ctx.Leave();
  ctx.out() += "</tr>\n";
  ctx.CheckOutput();
  return Flow::kNormal;
}

Flow CycleNode::Render(RenderContext& ctx) const {
  ctx.At(offset);
  ctx.Step();
  std::string key;
  if (group) {
    Value g = ctx.Eval(*group, false);
    key = "n:";
    key += static_cast<char>('a' + static_cast<int>(g.kind()));
    AppendInspect(g, key);
  } else if (!fixed_key.empty()) {
    key = fixed_key;
  } else {
    key = "p:" + std::to_string(reinterpret_cast<std::uintptr_t>(this));
  }
  std::int64_t& position = CounterSlot(ctx.frame().cycles, key);
  if (position >= 0 && position < static_cast<std::int64_t>(values.size())) {
    Value v = ctx.Eval(*values[static_cast<std::size_t>(position)], true);
    if (v.is_array()) {
      AppendOutput(v, ctx.out());
    } else {
      AppendToS(v, ctx.out());
    }
  }
  ++position;
  if (position >= static_cast<std::int64_t>(values.size())) position = 0;
  ctx.CheckOutput();
  return Flow::kNormal;
}

Flow IfchangedNode::Render(RenderContext& ctx) const {
  ctx.At(offset);
  ctx.Step();
  Flow flow = Flow::kNormal;
  std::string text = ctx.RenderNestedToString(body, &flow);
  Frame& frame = ctx.frame();
  if (!frame.has_ifchanged || frame.ifchanged != text) {
    frame.has_ifchanged = true;
    frame.ifchanged = text;
    ctx.out() += text;
    ctx.CheckOutput();
  }
  return flow;
}

Flow AssignNode::Render(RenderContext& ctx) const {
  ctx.At(offset);
  ctx.Step();
  Value v = ctx.EvalFiltered(value);
  ctx.Assign(name, std::move(v));
  return Flow::kNormal;
}

Flow CaptureNode::Render(RenderContext& ctx) const {
  ctx.At(offset);
  ctx.Step();
  Flow flow = Flow::kNormal;
  std::string text = ctx.RenderNestedToString(body, &flow);
  ctx.Assign(name, Value::String(std::move(text)));
  return flow;
}

Flow CounterNode::Render(RenderContext& ctx) const {
  ctx.At(offset);
  ctx.Step();
  Frame& frame = ctx.frame();
  std::int64_t* slot = FindCounter(frame.counters, name);
  if (slot == nullptr) {
    std::int64_t start = 0;
    // Like Shopify, a counter starts from a global of the same name.
    Value global;
    if (frame.globals.is_object() && frame.globals.ObjectFind(name, &global) && global.is_int()) {
      start = global.as_int();
    }
    frame.counters.emplace_back(name, start);
    slot = &frame.counters.back().second;
  }
  if (increment) {
    ctx.out() += std::to_string(*slot);
    ++*slot;
  } else {
    --*slot;
    ctx.out() += std::to_string(*slot);
  }
  return Flow::kNormal;
}

Flow InterruptNode::Render(RenderContext& ctx) const {
  ctx.Step();
  return is_break ? Flow::kBreak : Flow::kContinue;
}

Flow PartialNode::Render(RenderContext& ctx) const {
  ctx.At(offset);
  ctx.Step();
  std::string partial_name = name;
  if (name_expr) {
    Value n = ctx.Eval(*name_expr, true);
    ctx.At(offset);
    if (!n.is_string()) Fail("'include' needs a partial name, got " + (n.is_nil() ? "nil" : ToS(n)));
    partial_name = std::string(n.str());
  }
  std::shared_ptr<const Template> partial = ctx.LoadPartial(partial_name);
  // The variable the partial sees its `with`/`for` value as. Scope entries
  // refer to this string; they are all gone before this function returns.
  std::string var_name = alias;
  if (var_name.empty()) {
    std::size_t slash = partial_name.rfind('/');
    var_name = partial_name.substr(slash == std::string::npos ? 0 : slash + 1);
  }
  std::string_view var = var_name;

  Value bound;
  bool has_bound = false;
  if (with) {
    bound = ctx.Eval(*with, true);
    has_bound = true;
  } else if (!isolated) {
    has_bound = true;
    if (!ctx.FindVariable(partial_name, &bound)) bound = Value();
  }
  // Arguments are evaluated in the caller's scope.
  std::vector<std::pair<std::string_view, Value>> args;
  args.reserve(kwargs.size());
  for (const auto& kw : kwargs) args.emplace_back(kw.first, ctx.Eval(*kw.second, true));

  const Template* caller = ctx.tmpl();
  std::uint32_t caller_offset = offset;
  ctx.Enter();
  Flow result = Flow::kNormal;
  if (isolated) {
    Frame* outer = &ctx.frame();
    auto render_one = [&](const Value* item, std::shared_ptr<LoopState> loop) {
      Frame inner;
      inner.globals = outer->globals;
      inner.scopes.emplace_back();
      for (auto& a : args) RenderContext::SetIn(inner.scopes.front(), a.first, a.second);
      if (loop) RenderContext::SetIn(inner.scopes.front(), "forloop", Value::Loop(loop));
      if (item != nullptr && !item->is_nil()) RenderContext::SetIn(inner.scopes.front(), var, *item);
      ctx.set_frame(&inner);
      ctx.set_tmpl(partial.get());
      ctx.RenderBody(partial->body());  // break/continue stay inside the partial
      ctx.set_frame(outer);
      ctx.set_tmpl(caller);
    };
    bool iterable = bound.is_array() || bound.is_range() || bound.is_object();
    if (has_bound && is_for && iterable) {
      Collection c = Collection::Of(bound);
      auto loop = std::make_shared<LoopState>();
      loop->name = partial_name;
      loop->length = c.size;
      for (std::int64_t i = 0; i < c.size; ++i) {
        ctx.Step();
        loop->index0 = i;
        Value item = c.At(i);
        render_one(&item, loop);
      }
    } else {
      render_one(has_bound ? &bound : nullptr, nullptr);
    }
  } else {
    Frame& frame = ctx.frame();
    frame.scopes.emplace_back();
    for (auto& a : args) ctx.SetLocal(a.first, a.second);
    ctx.set_tmpl(partial.get());
    if (bound.is_array()) {
      std::size_t n = bound.ArraySize();
      for (std::size_t i = 0; i < n; ++i) {
        ctx.Step();
        ctx.SetLocal(var, bound.ArrayAt(i));
        result = ctx.RenderBody(partial->body());
        if (result != Flow::kNormal) break;
      }
    } else {
      ctx.SetLocal(var, bound);
      result = ctx.RenderBody(partial->body());
    }
    ctx.set_tmpl(caller);
    ctx.frame().scopes.pop_back();
  }
  ctx.Leave();
  ctx.At(caller_offset);
  return result;
}

}  // namespace internal

std::string Error::ToString() const {
  std::string out = template_name;
  out += ':';
  out += std::to_string(line);
  out += ':';
  out += std::to_string(column);
  out += ": ";
  out += message;
  return out;
}

namespace {

void RenderWith(const Template& tmpl, internal::Value data, PartialLoader* partials, const RenderOptions& options,
                RenderResult& result) {
  result.output.clear();  // keeps its capacity (RenderInto)
  result.warnings.clear();
  result.error.reset();
  internal::RenderContext ctx(options, partials, &result);
  internal::Frame frame;
  frame.globals = data.is_object() ? std::move(data) : internal::Value();
  frame.scopes.emplace_back();
  // Most output is the template's own text: this is room for it and for
  // what the tags add, so the buffer rarely grows (and copies) mid-render.
  result.output.reserve(tmpl.source().size() + tmpl.source().size() / 2);
  ctx.set_out(&result.output);
  ctx.set_frame(&frame);
  ctx.set_tmpl(&tmpl);
  try {
    ctx.RenderBody(tmpl.body());
  } catch (const internal::Failure& f) {
    result.error = ctx.MakeError(f.message);
  } catch (const internal::PartialParseFailure& f) {
    result.error = f.error;
  } catch (const std::bad_alloc&) {
    result.error = ctx.MakeError("out of memory");
  } catch (const std::exception& e) {
    result.error = ctx.MakeError(e.what());
  }
}

}  // namespace

RenderResult Render(const Template& tmpl, const Json& data, PartialLoader* partials, const RenderOptions& options) {
  RenderResult result;
  RenderWith(tmpl, internal::Value::FromJson(data), partials, options, result);
  return result;
}

void RenderInto(const Template& tmpl, const Json& data, PartialLoader* partials, const RenderOptions& options,
                RenderResult* result) {
  RenderWith(tmpl, internal::Value::FromJson(data), partials, options, *result);
}

RenderResult RenderOrdered(const Template& tmpl, const nlohmann::ordered_json& data, PartialLoader* partials,
                           const RenderOptions& options) {
  RenderResult result;
  RenderWith(tmpl, internal::Value::FromJson(data), partials, options, result);
  return result;
}

}  // namespace flowproof::liquid
