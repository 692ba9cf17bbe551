// The parsed form of a Liquid template (internal to core/liquid).
//
// Parse() (parser.cc) builds this tree once; Render() (render.cc) walks it
// for every contact. Everything a render needs is decided here: variable
// paths are split into segments, literals are already values, filters are
// resolved to functions and their argument counts checked, and blocks that
// hold only whitespace have it removed (as Shopify does). Source positions are
// kept as byte offsets and turned into line:column only when an error or
// warning is reported.
//
//   {% for item in order.items limit: 2 %}{{ item.title | upcase }}{% endfor %}
//   -> ForNode{var "item", collection Path{root "order", [Key "items"]},
//              limit Literal 2, body [OutputNode{Path item.title, [upcase]}]}
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/liquid/filters.h"
#include "core/liquid/liquid.h"
#include "core/liquid/value.h"

namespace flowproof::liquid {
namespace internal {

class RenderContext;

// How a node's rendering ended: normally, or interrupted by {% break %} /
// {% continue %} (which travel up to the nearest loop).
enum class Flow : std::uint8_t { kNormal, kBreak, kContinue };

struct Expr;

struct Segment {
  enum class Kind : std::uint8_t { kKey, kIndex, kDynamic };
  Kind kind = Kind::kKey;
  bool command = false;  // written as `.size` / `.first` / `.last` (may call the method)
  std::string key;
  std::int64_t index = 0;
  std::unique_ptr<Expr> dynamic;  // foo[bar]
  std::uint32_t display_end = 0;  // length of Expr::display up to and including this segment
};

// An expression without filters: a literal, a range or a variable path.
struct Expr {
  enum class Kind : std::uint8_t { kLiteral, kPath, kRange };
  Kind kind = Kind::kLiteral;
  std::uint32_t offset = 0;
  // kLiteral. String literals point into `text`, so an Expr never moves
  // once built (always held by unique_ptr).
  Value literal;
  std::string text;
  // kPath
  std::string root;                  // variable name, when root_expr is null
  std::unique_ptr<Expr> root_expr;   // `[expr]` as the first segment
  std::vector<Segment> segments;
  std::string display;               // "contact.first_name", for messages
  std::uint32_t root_display_end = 0;  // length of the root's part of `display`
  // kRange
  std::unique_ptr<Expr> lo;
  std::unique_ptr<Expr> hi;
};

struct FilterCall {
  const FilterSpec* spec = nullptr;  // null: unknown filter (warning / strict error)
  std::string name;
  std::uint32_t offset = 0;
  std::vector<std::unique_ptr<Expr>> args;
  std::vector<std::pair<std::string, std::unique_ptr<Expr>>> kwargs;
};

// `expr | filter: args | ...` as in {{ }}, echo and assign.
struct FilteredExpr {
  std::unique_ptr<Expr> expr;  // null for an empty {{ }}
  std::vector<FilterCall> filters;
  bool defaulted = false;      // has a `default` filter: undefined is expected, no warning
};

enum class CompareOp : std::uint8_t { kNone, kEq, kNe, kLt, kGt, kLe, kGe, kContains };

// One comparison of a condition; `logic` joins it to the next one. Liquid
// evaluates `a and b or c` as `a and (b or c)`.
struct Comparison {
  std::unique_ptr<Expr> left;
  CompareOp op = CompareOp::kNone;
  std::unique_ptr<Expr> right;
  enum class Logic : std::uint8_t { kNone, kAnd, kOr } logic = Logic::kNone;
};

struct Condition {
  std::vector<Comparison> parts;
};

struct Node {
  std::uint32_t offset = 0;  // where the tag or output starts, for error locations
  virtual ~Node() = default;
  virtual Flow Render(RenderContext& ctx) const = 0;
  // Whether the node writes nothing by construction (assign, capture, ...,
  // and blocks that hold only such nodes). Blocks made only of blank nodes
  // lose their whitespace text at parse time.
  virtual bool blank() const { return false; }
  virtual bool is_text() const { return false; }
};

using Body = std::vector<std::unique_ptr<Node>>;

struct TextNode : Node {
  std::string_view text;  // into Template::source_
  bool verbatim = false;  // from {% raw %}: never removed as blank whitespace
  Flow Render(RenderContext& ctx) const override;
  bool blank() const override;
  bool is_text() const override { return true; }
};

struct OutputNode : Node {
  FilteredExpr value;
  Flow Render(RenderContext& ctx) const override;
};

struct IfNode : Node {
  struct Branch {
    std::unique_ptr<Condition> condition;  // null: else
    bool negate = false;                   // the first branch of unless
    Body body;
  };
  std::vector<Branch> branches;
  bool blank_ = false;
  Flow Render(RenderContext& ctx) const override;
  bool blank() const override { return blank_; }
};

struct CaseNode : Node {
  struct When {
    std::vector<std::unique_ptr<Expr>> values;  // empty: else
    bool is_else = false;
    Body body;
  };
  std::unique_ptr<Expr> subject;
  std::vector<When> whens;
  bool blank_ = false;
  Flow Render(RenderContext& ctx) const override;
  bool blank() const override { return blank_; }
};

struct ForNode : Node {
  std::string variable;
  std::unique_ptr<Expr> collection;
  std::string name;  // forloop.name and the key of `offset: continue`
  std::unique_ptr<Expr> limit;
  std::unique_ptr<Expr> offset_expr;
  bool offset_continue = false;
  bool reversed = false;
  Body body;
  Body else_body;
  bool blank_ = false;
  Flow Render(RenderContext& ctx) const override;
  bool blank() const override { return blank_; }
};

struct TablerowNode : Node {
  std::string variable;
  std::unique_ptr<Expr> collection;
  std::unique_ptr<Expr> limit;
  std::unique_ptr<Expr> offset_expr;
  std::unique_ptr<Expr> cols;
  Body body;
  bool blank_ = false;
  Flow Render(RenderContext& ctx) const override;
  bool blank() const override { return blank_; }
};

struct CycleNode : Node {
  std::unique_ptr<Expr> group;  // named: `{% cycle 'g': a, b %}`
  std::string fixed_key;        // unnamed: the values' canonical text
  std::vector<std::unique_ptr<Expr>> values;
  Flow Render(RenderContext& ctx) const override;
};

struct IfchangedNode : Node {
  Body body;
  bool blank_ = false;
  Flow Render(RenderContext& ctx) const override;
  bool blank() const override { return blank_; }
};

struct AssignNode : Node {
  std::string name;
  FilteredExpr value;
  Flow Render(RenderContext& ctx) const override;
  bool blank() const override { return true; }
};

struct CaptureNode : Node {
  std::string name;
  Body body;
  Flow Render(RenderContext& ctx) const override;
  bool blank() const override { return true; }
};

struct CounterNode : Node {
  std::string name;
  bool increment = true;
  Flow Render(RenderContext& ctx) const override;
};

struct InterruptNode : Node {
  bool is_break = true;
  Flow Render(RenderContext& ctx) const override;
};

struct PartialNode : Node {
  bool isolated = true;            // render (true) or include (false)
  std::string name;                // quoted name
  std::unique_ptr<Expr> name_expr; // include with a variable name
  std::unique_ptr<Expr> with;      // `with x` / `for x`
  bool is_for = false;
  std::string alias;               // `as name`
  std::vector<std::pair<std::string, std::unique_ptr<Expr>>> kwargs;
  Flow Render(RenderContext& ctx) const override;
};

}  // namespace internal

class Template {
 public:
  Template(std::string name, std::string source);

  const std::string& name() const { return name_; }
  const std::string& source() const { return source_; }
  const internal::Body& body() const { return body_; }
  internal::Body& mutable_body() { return body_; }

  // 1-based line and column (in characters) of a byte offset.
  void Locate(std::uint32_t offset, int* line, int* column) const;

 private:
  std::string name_;
  std::string source_;
  std::vector<std::uint32_t> line_starts_;
  internal::Body body_;
};

}  // namespace flowproof::liquid
