// Parse(): template text -> Template (ast.h).
//
// Two levels of lexing. TemplateLexer splits the source into text, {{ output }}
// and {% tag %} tokens (with whitespace control); a {% liquid %} tag's lines
// become tag tokens through LiquidLines. ExprParser tokenizes the markup inside
// one output or tag and parses expressions, filters and conditions.
// Errors are thrown as ParseFailure (with a byte offset) and become an Error
// value in Parse().
#include <algorithm>
#include <cstdlib>
#include <initializer_list>
#include <utility>

#include "core/liquid/ast.h"
#include "core/liquid/filters.h"
#include "core/liquid/liquid.h"

namespace flowproof::liquid {
namespace internal {
namespace {

constexpr int kMaxBlockDepth = 256;
constexpr int kMaxExprDepth = 64;

struct ParseFailure {
  std::string message;
  std::uint32_t offset;
};

[[noreturn]] void ParseFail(std::string message, std::uint32_t offset) {
  throw ParseFailure{std::move(message), offset};
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string_view Trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// ---- template tokens -------------------------------------------------------------

struct Token {
  enum class Kind { kText, kOutput, kTag, kEnd };
  Kind kind = Kind::kEnd;
  std::string_view text;    // kText
  std::string_view name;    // kTag
  std::string_view markup;  // kTag, kOutput (trimmed)
  std::uint32_t offset = 0; // start of the token (or of the tag name)
};

class TokenSource {
 public:
  virtual ~TokenSource() = default;
  virtual Token Next() = 0;
  // Skips a comment body up to its matching endcomment.
  virtual void SkipComment(std::uint32_t offset) = 0;
  // The verbatim body of raw/doc up to {% end_name %}.
  virtual std::string_view VerbatimBody(std::string_view name, std::uint32_t offset) = 0;
};

class TemplateLexer : public TokenSource {
 public:
  explicit TemplateLexer(std::string_view source) : src_(source) {}

  Token Next() override {
    while (pos_ < src_.size()) {
      if (src_[pos_] == '{' && pos_ + 1 < src_.size() && (src_[pos_ + 1] == '{' || src_[pos_ + 1] == '%')) {
        return src_[pos_ + 1] == '%' ? TagToken() : OutputToken();
      }
      std::size_t end = FindMarkupStart(pos_);
      std::string_view text = src_.substr(pos_, end - pos_);
      std::uint32_t offset = static_cast<std::uint32_t>(pos_);
      if (trim_next_) {
        std::size_t b = 0;
        while (b < text.size() && IsSpace(text[b])) ++b;
        text.remove_prefix(b);
        offset += static_cast<std::uint32_t>(b);
        trim_next_ = false;
      }
      if (end + 2 < src_.size() && src_[end + 2] == '-') {
        while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
      }
      pos_ = end;
      if (text.empty()) continue;
      Token t;
      t.kind = Token::Kind::kText;
      t.text = text;
      t.offset = offset;
      return t;
    }
    return Token();
  }

  void SkipComment(std::uint32_t offset) override {
    int depth = 1;
    while (true) {
      Token t = Next();
      if (t.kind == Token::Kind::kEnd) ParseFail("'comment' tag was never closed", offset);
      if (t.kind != Token::Kind::kTag) continue;
      if (t.name == "comment") {
        ++depth;
      } else if (t.name == "endcomment") {
        if (--depth == 0) return;
      } else if (t.name == "raw") {
        VerbatimBody("raw", t.offset);
      }
    }
  }

  std::string_view VerbatimBody(std::string_view name, std::uint32_t offset) override {
    std::string end_name = "end" + std::string(name);
    std::size_t search = pos_;
    while (true) {
      std::size_t open = src_.find("{%", search);
      if (open == std::string_view::npos) ParseFail("'" + std::string(name) + "' tag was never closed", offset);
      std::size_t i = open + 2;
      bool trim_left = i < src_.size() && src_[i] == '-';
      if (trim_left) ++i;
      while (i < src_.size() && IsSpace(src_[i])) ++i;
      std::size_t word = i;
      while (i < src_.size() && IsWordChar(src_[i])) ++i;
      std::string_view tag = src_.substr(word, i - word);
      if (name == "doc" && tag == "doc") ParseFail("'doc' tags cannot be nested", static_cast<std::uint32_t>(open));
      if (tag != end_name) {
        search = open + 2;
        continue;
      }
      std::size_t close = src_.find("%}", i);
      if (close == std::string_view::npos) ParseFail("tag '{%' was never closed", static_cast<std::uint32_t>(open));
      std::string_view body = src_.substr(pos_, open - pos_);
      if (trim_next_) {
        while (!body.empty() && IsSpace(body.front())) body.remove_prefix(1);
      }
      if (trim_left) {
        while (!body.empty() && IsSpace(body.back())) body.remove_suffix(1);
      }
      trim_next_ = close > 0 && src_[close - 1] == '-' && close - 1 > open + 1;
      pos_ = close + 2;
      return body;
    }
  }

 private:
  std::size_t FindMarkupStart(std::size_t from) const {
    std::size_t i = from;
    while (true) {
      i = src_.find('{', i);
      if (i == std::string_view::npos || i + 1 >= src_.size()) return src_.size();
      if (src_[i + 1] == '{' || src_[i + 1] == '%') return i;
      ++i;
    }
  }

  // The inside of the delimiter that opens at pos_ ("{{" or "{%") and
  // closes at the next `close`, without the whitespace-control dashes; moves
  // pos_ past the close and remembers a right dash for the next text.
  struct Inside {
    std::size_t start, b, e;
  };
  Inside ReadDelimited(std::string_view close_with, const char* unclosed) {
    std::size_t start = pos_;
    std::size_t close = src_.find(close_with, pos_ + 2);
    if (close == std::string_view::npos) ParseFail(unclosed, static_cast<std::uint32_t>(start));
    std::size_t b = pos_ + 2, e = close;
    if (b < e && src_[b] == '-') ++b;
    bool trim_right = e > b && src_[e - 1] == '-';
    if (trim_right) --e;
    trim_next_ = trim_right;
    pos_ = close + 2;
    return {start, b, e};
  }

  Token OutputToken() {
    Inside in = ReadDelimited("}}", "output '{{' was never closed (expected '}}')");
    Token t;
    t.kind = Token::Kind::kOutput;
    t.markup = Trim(src_.substr(in.b, in.e - in.b));
    t.offset = static_cast<std::uint32_t>(in.start);
    return t;
  }

  Token TagToken() {
    auto [start, b, e] = ReadDelimited("%}", "tag '{%' was never closed (expected '%}')");
    std::size_t i = b;
    while (i < e && IsSpace(src_[i])) ++i;
    Token t;
    t.kind = Token::Kind::kTag;
    t.offset = static_cast<std::uint32_t>(i < e ? i : start);
    if (i < e && src_[i] == '#') {
      t.name = src_.substr(i, 1);
      t.markup = Trim(src_.substr(i + 1, e - i - 1));
      return t;
    }
    std::size_t word = i;
    while (i < e && IsWordChar(src_[i])) ++i;
    if (i == word) ParseFail("tag '{%' has no tag name", static_cast<std::uint32_t>(start));
    t.name = src_.substr(word, i - word);
    t.markup = Trim(src_.substr(i, e - i));
    return t;
  }

  std::string_view src_;
  std::size_t pos_ = 0;
  bool trim_next_ = false;
};

// The lines of a {% liquid %} tag, one tag per line.
class LiquidLines : public TokenSource {
 public:
  LiquidLines(std::string_view markup, std::string_view source)
      : markup_(markup), base_(static_cast<std::uint32_t>(markup.data() - source.data())) {}

  Token Next() override {
    while (pos_ < markup_.size()) {
      std::size_t end = markup_.find('\n', pos_);
      if (end == std::string_view::npos) end = markup_.size();
      std::string_view line = markup_.substr(pos_, end - pos_);
      std::size_t line_start = pos_;
      pos_ = end + 1;
      std::size_t lead = 0;
      while (lead < line.size() && IsSpace(line[lead])) ++lead;
      line = Trim(line);
      if (line.empty()) continue;
      Token t;
      t.kind = Token::Kind::kTag;
      t.offset = base_ + static_cast<std::uint32_t>(line_start + lead);
      if (line[0] == '#') {
        t.name = line.substr(0, 1);
        t.markup = Trim(line.substr(1));
        return t;
      }
      std::size_t i = 0;
      while (i < line.size() && IsWordChar(line[i])) ++i;
      if (i == 0) ParseFail("a line of a liquid tag must start with a tag name", t.offset);
      t.name = line.substr(0, i);
      t.markup = Trim(line.substr(i));
      return t;
    }
    return Token();
  }

  void SkipComment(std::uint32_t offset) override {
    int depth = 1;
    while (true) {
      Token t = Next();
      if (t.kind == Token::Kind::kEnd) ParseFail("'comment' tag was never closed", offset);
      if (t.name == "comment") ++depth;
      if (t.name == "endcomment" && --depth == 0) return;
    }
  }

  std::string_view VerbatimBody(std::string_view name, std::uint32_t offset) override {
    ParseFail("'" + std::string(name) + "' cannot be used inside a liquid tag", offset);
  }

 private:
  std::string_view markup_;
  std::uint32_t base_;
  std::size_t pos_ = 0;
};

// ---- expressions -------------------------------------------------------------------

struct ExprToken {
  enum class Kind {
    kIdent,
    kInt,
    kFloat,
    kString,
    kDot,
    kDotDot,
    kLBracket,
    kRBracket,
    kLParen,
    kRParen,
    kPipe,
    kColon,
    kComma,
    kCompare,
    kEnd
  };
  Kind kind = Kind::kEnd;
  std::string_view text;
  std::uint32_t offset = 0;
  std::uint32_t end = 0;  // offset just past the token
  std::int64_t i = 0;
  double f = 0;
  CompareOp op = CompareOp::kNone;
};

std::string Describe(const ExprToken& t) {
  if (t.kind == ExprToken::Kind::kEnd) return "the end of the markup";
  return "'" + std::string(t.text) + "'";
}

class ExprParser {
 public:
  ExprParser(std::string_view markup, std::string_view source) : source_(source) {
    std::uint32_t base = static_cast<std::uint32_t>(markup.data() - source.data());
    Lex(markup, base);
  }

  bool AtEnd() const { return Peek().kind == ExprToken::Kind::kEnd; }
  const ExprToken& Peek(std::size_t k = 0) const {
    std::size_t i = std::min(pos_ + k, tokens_.size() - 1);
    return tokens_[i];
  }
  ExprToken Take() {
    ExprToken t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    if (t.kind != ExprToken::Kind::kEnd) last_end_ = t.end;
    return t;
  }
  bool PeekIdent(std::string_view word, std::size_t k = 0) const {
    return Peek(k).kind == ExprToken::Kind::kIdent && Peek(k).text == word;
  }
  bool TakeIdent(std::string_view word) {
    if (!PeekIdent(word)) return false;
    Take();
    return true;
  }
  bool TakeKind(ExprToken::Kind kind) {
    if (Peek().kind != kind) return false;
    Take();
    return true;
  }
  void Expect(ExprToken::Kind kind, const char* what) {
    if (Peek().kind != kind) ParseFail(std::string("expected ") + what + " but found " + Describe(Peek()), Peek().offset);
    Take();
  }
  void ExpectEnd() {
    if (!AtEnd()) ParseFail("unexpected " + Describe(Peek()), Peek().offset);
  }
  std::uint32_t offset() const { return Peek().offset; }
  std::uint32_t last_end() const { return last_end_; }

  std::unique_ptr<Expr> Primary(int depth = 0) {
    if (depth > kMaxExprDepth) ParseFail("expression nested too deeply", Peek().offset);
    const ExprToken& t = Peek();
    auto e = std::make_unique<Expr>();
    e->offset = t.offset;
    switch (t.kind) {
      case ExprToken::Kind::kString: {
        e->kind = Expr::Kind::kLiteral;
        e->text = std::string(t.text);
        e->literal = Value::StringRef(&e->text);
        Take();
        return e;
      }
      case ExprToken::Kind::kInt:
        e->kind = Expr::Kind::kLiteral;
        e->literal = Value::Int(t.i);
        Take();
        return e;
      case ExprToken::Kind::kFloat:
        e->kind = Expr::Kind::kLiteral;
        e->literal = Value::Float(t.f);
        Take();
        return e;
      case ExprToken::Kind::kLParen: {
        Take();
        e->kind = Expr::Kind::kRange;
        e->lo = Primary(depth + 1);
        Expect(ExprToken::Kind::kDotDot, "'..' in a range");
        e->hi = Primary(depth + 1);
        Expect(ExprToken::Kind::kRParen, "')' to close the range");
        return e;
      }
      case ExprToken::Kind::kIdent: {
        ExprToken::Kind next = Peek(1).kind;
        bool path_follows = next == ExprToken::Kind::kDot || next == ExprToken::Kind::kLBracket;
        if (!path_follows) {
          if (t.text == "true" || t.text == "false") {
            e->kind = Expr::Kind::kLiteral;
            e->literal = Value::Bool(t.text == "true");
            Take();
            return e;
          }
          if (t.text == "nil" || t.text == "null") {
            e->kind = Expr::Kind::kLiteral;
            Take();
            return e;
          }
          if (t.text == "empty" || t.text == "blank") {
            e->kind = Expr::Kind::kLiteral;
            e->literal = t.text == "empty" ? Value::Empty() : Value::Blank();
            Take();
            return e;
          }
        }
        e->kind = Expr::Kind::kPath;
        e->root = std::string(t.text);
        Take();
        Segments(e.get(), t.offset, depth);
        return e;
      }
      case ExprToken::Kind::kLBracket: {
        Take();
        e->kind = Expr::Kind::kPath;
        e->root_expr = Primary(depth + 1);
        Expect(ExprToken::Kind::kRBracket, "']'");
        Segments(e.get(), t.offset, depth);
        return e;
      }
      default:
        ParseFail("expected a value but found " + Describe(t), t.offset);
    }
  }

  FilteredExpr Filtered() {
    FilteredExpr f;
    if (AtEnd()) return f;
    f.expr = Primary();
    while (TakeKind(ExprToken::Kind::kPipe)) {
      if (Peek().kind != ExprToken::Kind::kIdent) {
        ParseFail("expected a filter name after '|' but found " + Describe(Peek()), Peek().offset);
      }
      FilterCall call;
      call.offset = Peek().offset;
      call.name = std::string(Take().text);
      if (TakeKind(ExprToken::Kind::kColon)) {
        do {
          if (Peek().kind == ExprToken::Kind::kIdent && Peek(1).kind == ExprToken::Kind::kColon) {
            std::string key(Take().text);
            Take();
            call.kwargs.emplace_back(std::move(key), Primary());
          } else {
            call.args.push_back(Primary());
          }
        } while (TakeKind(ExprToken::Kind::kComma));
      }
      call.spec = FindFilter(call.name);
      if (call.spec != nullptr) {
        int n = static_cast<int>(call.args.size());
        if (!call.kwargs.empty() && !call.spec->keywords) {
          ParseFail("filter '" + call.name + "' takes no keyword arguments", call.offset);
        }
        if (n < call.spec->min_args || n > call.spec->max_args) {
          std::string expected = call.spec->min_args == call.spec->max_args
                                     ? std::to_string(call.spec->min_args)
                                     : std::to_string(call.spec->min_args) + " to " +
                                           std::to_string(call.spec->max_args);
          ParseFail("filter '" + call.name + "' takes " + expected + " argument" +
                        (call.spec->max_args == 1 && call.spec->min_args == 1 ? "" : "s") + ", got " +
                        std::to_string(n),
                    call.offset);
        }
        if (call.name == "default") f.defaulted = true;
      }
      f.filters.push_back(std::move(call));
    }
    ExpectEnd();
    return f;
  }

  std::unique_ptr<Condition> ParseCondition() {
    auto c = std::make_unique<Condition>();
    if (AtEnd()) ParseFail("expected a condition", Peek().offset);
    while (true) {
      Comparison part;
      part.left = Primary();
      if (Peek().kind == ExprToken::Kind::kCompare) {
        part.op = Take().op;
        part.right = Primary();
      } else if (TakeIdent("contains")) {
        part.op = CompareOp::kContains;
        part.right = Primary();
      }
      if (TakeIdent("and")) {
        part.logic = Comparison::Logic::kAnd;
      } else if (TakeIdent("or")) {
        part.logic = Comparison::Logic::kOr;
      }
      bool more = part.logic != Comparison::Logic::kNone;
      c->parts.push_back(std::move(part));
      if (!more) break;
    }
    if (!AtEnd()) {
      ParseFail("unexpected " + Describe(Peek()) + " in a condition (expected ==, !=, <, >, <=, >=, contains, and, or)",
                Peek().offset);
    }
    return c;
  }

 private:
  void Segments(Expr* e, std::uint32_t start, int depth) {
    std::uint32_t root_end = last_end_ - start;
    while (true) {
      if (Peek().kind == ExprToken::Kind::kDot) {
        Take();
        if (Peek().kind != ExprToken::Kind::kIdent) {
          ParseFail("expected a property name after '.' but found " + Describe(Peek()), Peek().offset);
        }
        Segment s;
        s.kind = Segment::Kind::kKey;
        s.key = std::string(Peek().text);
        s.command = s.key == "size" || s.key == "first" || s.key == "last";
        Take();
        e->segments.push_back(std::move(s));
      } else if (Peek().kind == ExprToken::Kind::kLBracket) {
        Take();
        std::unique_ptr<Expr> inner = Primary(depth + 1);
        Expect(ExprToken::Kind::kRBracket, "']'");
        Segment s;
        if (inner->kind == Expr::Kind::kLiteral && inner->literal.is_int()) {
          s.kind = Segment::Kind::kIndex;
          s.index = inner->literal.as_int();
        } else if (inner->kind == Expr::Kind::kLiteral && inner->literal.is_string()) {
          s.kind = Segment::Kind::kKey;
          s.key = inner->text;
        } else {
          s.kind = Segment::Kind::kDynamic;
          s.dynamic = std::move(inner);
        }
        e->segments.push_back(std::move(s));
      } else {
        break;
      }
      e->segments.back().display_end = last_end_ - start;
    }
    e->display = std::string(source_.substr(start, last_end_ - start));
    // Display without inner whitespace ("foo \n .bar" -> "foo.bar").
    std::string compact;
    std::vector<std::uint32_t> map(e->display.size() + 1, 0);
    for (std::size_t i = 0; i < e->display.size(); ++i) {
      map[i] = static_cast<std::uint32_t>(compact.size());
      if (!IsSpace(e->display[i])) compact += e->display[i];
    }
    map[e->display.size()] = static_cast<std::uint32_t>(compact.size());
    for (Segment& s : e->segments) s.display_end = map[std::min<std::size_t>(s.display_end, e->display.size())];
    e->root_display_end = map[std::min<std::size_t>(root_end, e->display.size())];
    e->display = std::move(compact);
  }

  void Lex(std::string_view m, std::uint32_t base) {
    std::size_t i = 0;
    while (true) {
      while (i < m.size() && IsSpace(m[i])) ++i;
      ExprToken t;
      t.offset = base + static_cast<std::uint32_t>(i);
      if (i >= m.size()) {
        t.kind = ExprToken::Kind::kEnd;
        t.end = t.offset;
        tokens_.push_back(t);
        return;
      }
      char c = m[i];
      char next = i + 1 < m.size() ? m[i + 1] : '\0';
      if (c == '\'' || c == '"') {
        std::size_t close = m.find(c, i + 1);
        if (close == std::string_view::npos) ParseFail("unterminated string", t.offset);
        t.kind = ExprToken::Kind::kString;
        t.text = m.substr(i + 1, close - i - 1);
        i = close + 1;
      } else if ((c >= '0' && c <= '9') || (c == '-' && next >= '0' && next <= '9')) {
        std::size_t start = i;
        if (c == '-') ++i;
        while (i < m.size() && m[i] >= '0' && m[i] <= '9') ++i;
        bool is_float = false;
        if (i + 1 < m.size() && m[i] == '.' && m[i + 1] >= '0' && m[i + 1] <= '9') {
          is_float = true;
          ++i;
          while (i < m.size() && m[i] >= '0' && m[i] <= '9') ++i;
        }
        t.text = m.substr(start, i - start);
        std::string digits(t.text);
        if (is_float) {
          t.kind = ExprToken::Kind::kFloat;
          t.f = std::strtod(digits.c_str(), nullptr);
        } else {
          errno = 0;
          long long v = std::strtoll(digits.c_str(), nullptr, 10);
          if (errno == ERANGE) {
            t.kind = ExprToken::Kind::kFloat;
            t.f = std::strtod(digits.c_str(), nullptr);
          } else {
            t.kind = ExprToken::Kind::kInt;
            t.i = v;
          }
        }
      } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
        std::size_t start = i;
        while (i < m.size() && (IsWordChar(m[i]) || m[i] == '-')) ++i;
        if (i < m.size() && m[i] == '?') ++i;
        t.kind = ExprToken::Kind::kIdent;
        t.text = m.substr(start, i - start);
      } else {
        t.text = m.substr(i, 1);
        ++i;
        switch (c) {
          case '.':
            if (next == '.') {
              t.kind = ExprToken::Kind::kDotDot;
              t.text = m.substr(i - 1, 2);
              ++i;
            } else {
              t.kind = ExprToken::Kind::kDot;
            }
            break;
          case '[': t.kind = ExprToken::Kind::kLBracket; break;
          case ']': t.kind = ExprToken::Kind::kRBracket; break;
          case '(': t.kind = ExprToken::Kind::kLParen; break;
          case ')': t.kind = ExprToken::Kind::kRParen; break;
          case '|': t.kind = ExprToken::Kind::kPipe; break;
          case ':': t.kind = ExprToken::Kind::kColon; break;
          case ',': t.kind = ExprToken::Kind::kComma; break;
          case '=':
          case '!':
          case '<':
          case '>': {
            t.kind = ExprToken::Kind::kCompare;
            if (c == '=' && next == '=') {
              t.op = CompareOp::kEq;
            } else if (c == '!' && next == '=') {
              t.op = CompareOp::kNe;
            } else if (c == '<' && next == '>') {
              t.op = CompareOp::kNe;
            } else if (c == '<' && next == '=') {
              t.op = CompareOp::kLe;
            } else if (c == '>' && next == '=') {
              t.op = CompareOp::kGe;
            } else if (c == '<') {
              t.op = CompareOp::kLt;
              break;
            } else if (c == '>') {
              t.op = CompareOp::kGt;
              break;
            } else {
              ParseFail(std::string("unexpected character '") + c + "'" +
                            (c == '=' ? " (use == to compare)" : ""),
                        t.offset);
            }
            t.text = m.substr(i - 1, 2);
            ++i;
            break;
          }
          default: {
            // A character outside ASCII is shown whole: one byte of it made
            // the message invalid UTF-8 (found by liquid_fuzz).
            std::size_t at = i - 1;  // c's offset: i is past it
            std::size_t length = 1;
            if ((static_cast<unsigned char>(c) & 0xC0) == 0xC0) {
              while (length < 4 && at + length < m.size() && (static_cast<unsigned char>(m[at + length]) & 0xC0) == 0x80) {
                ++length;
              }
            }
            std::string shown(m.substr(at, length));
            if (c == '+' || c == '-' || c == '*' || c == '/' || c == '%') {
              ParseFail("unexpected '" + shown + "': Liquid has no arithmetic operators (use the plus, minus, "
                        "times, divided_by and modulo filters)",
                        t.offset);
            }
            ParseFail("unexpected character '" + shown + "'", t.offset);
          }
        }
      }
      t.end = base + static_cast<std::uint32_t>(i);
      tokens_.push_back(t);
    }
  }

  std::string_view source_;
  std::vector<ExprToken> tokens_;
  std::size_t pos_ = 0;
  std::uint32_t last_end_ = 0;
};

// ---- blocks --------------------------------------------------------------------------

bool BodyBlank(const Body& body) {
  for (const auto& node : body) {
    if (!node->blank()) return false;
  }
  return true;
}

void RemoveText(Body& body) {
  body.erase(std::remove_if(body.begin(), body.end(), [](const std::unique_ptr<Node>& n) { return n->is_text(); }),
             body.end());
}

bool IsIdentifierName(std::string_view s, bool allow_question) {
  if (s.empty() || !IsWordChar(s[0])) return false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (IsWordChar(c) || c == '-') continue;
    if (c == '?' && allow_question && i + 1 == s.size()) continue;
    return false;
  }
  return true;
}

// Tags that only make sense inside a block: outside their block they are an
// error rather than an unknown tag.
bool IsDelimiter(std::string_view name) {
  return name == "else" || name == "elsif" || name == "when" || name.substr(0, 3) == "end";
}

class Parser {
 public:
  Parser(Template* t, const ParseOptions& options) : tmpl_(t), source_(t->source()), options_(options) {}

  void ParseDocument() {
    TemplateLexer lexer(source_);
    ParseBody(lexer, &tmpl_->mutable_body(), {}, "", 0);
  }

 private:
  // Parses nodes into `body` until a tag named in `stops` (returned) or the
  // end of the source (an error when a block is open).
  Token ParseBody(TokenSource& src, Body* body, std::initializer_list<std::string_view> stops,
                  std::string_view open_tag, std::uint32_t open_offset) {
    while (true) {
      Token t = src.Next();
      switch (t.kind) {
        case Token::Kind::kEnd:
          if (!open_tag.empty()) ParseFail("'" + std::string(open_tag) + "' tag was never closed", open_offset);
          return t;
        case Token::Kind::kText: {
          auto node = std::make_unique<TextNode>();
          node->offset = t.offset;
          node->text = t.text;
          body->push_back(std::move(node));
          break;
        }
        case Token::Kind::kOutput: {
          auto node = std::make_unique<OutputNode>();
          node->offset = t.offset;
          ExprParser p(t.markup, source_);
          node->value = p.Filtered();
          body->push_back(std::move(node));
          break;
        }
        case Token::Kind::kTag: {
          for (std::string_view stop : stops) {
            if (t.name == stop) return t;
          }
          if (IsDelimiter(t.name)) {
            std::string message = "unexpected '" + std::string(t.name) + "'";
            if (!open_tag.empty()) {
              message += " inside '" + std::string(open_tag) + "' (expected 'end" + std::string(open_tag) + "')";
            }
            ParseFail(message, t.offset);
          }
          ParseTag(src, t, body);
          break;
        }
      }
    }
  }

  struct DepthGuard {
    explicit DepthGuard(Parser* p, std::uint32_t offset) : parser(p) {
      if (++parser->depth_ > kMaxBlockDepth) {
        ParseFail("blocks nested too deeply (more than " + std::to_string(kMaxBlockDepth) + ")", offset);
      }
    }
    ~DepthGuard() { --parser->depth_; }
    Parser* parser;
  };

  void ParseTag(TokenSource& src, const Token& t, Body* body) {
    std::string_view name = t.name;
    if (name == "if" || name == "unless") return body->push_back(ParseIf(src, t));
    if (name == "case") return body->push_back(ParseCase(src, t));
    if (name == "for") return body->push_back(ParseFor(src, t));
    if (name == "tablerow") return body->push_back(ParseTablerow(src, t));
    if (name == "assign") return body->push_back(ParseAssign(t));
    if (name == "capture") return body->push_back(ParseCapture(src, t));
    if (name == "echo") {
      auto node = std::make_unique<OutputNode>();
      node->offset = t.offset;
      ExprParser p(t.markup, source_);
      node->value = p.Filtered();
      return body->push_back(std::move(node));
    }
    if (name == "cycle") return body->push_back(ParseCycle(t));
    if (name == "increment" || name == "decrement") {
      if (!IsIdentifierName(t.markup, true)) {
        ParseFail("'" + std::string(name) + "' needs a variable name", t.offset);
      }
      auto node = std::make_unique<CounterNode>();
      node->offset = t.offset;
      node->name = std::string(t.markup);
      node->increment = name == "increment";
      return body->push_back(std::move(node));
    }
    if (name == "break" || name == "continue") {
      auto node = std::make_unique<InterruptNode>();
      node->offset = t.offset;
      node->is_break = name == "break";
      return body->push_back(std::move(node));
    }
    if (name == "ifchanged") {
      DepthGuard guard(this, t.offset);
      auto node = std::make_unique<IfchangedNode>();
      node->offset = t.offset;
      ParseBody(src, &node->body, {"endifchanged"}, "ifchanged", t.offset);
      node->blank_ = BodyBlank(node->body);
      return body->push_back(std::move(node));
    }
    if (name == "comment") {
      src.SkipComment(t.offset);
      return;
    }
    if (name == "#") {
      // Every line of an inline comment must start with '#'.
      std::string_view m = t.markup;
      for (std::size_t i = m.find('\n'); i != std::string_view::npos; i = m.find('\n', i + 1)) {
        std::size_t j = i + 1;
        while (j < m.size() && IsSpace(m[j])) ++j;
        if (j < m.size() && m[j] != '#') {
          ParseFail("every line of an inline comment must start with '#'",
                    static_cast<std::uint32_t>(m.data() - source_.data() + j));
        }
      }
      return;
    }
    if (name == "doc") {
      if (!t.markup.empty()) ParseFail("'doc' takes no arguments", t.offset);
      src.VerbatimBody("doc", t.offset);
      return;
    }
    if (name == "raw") {
      std::string_view text = src.VerbatimBody("raw", t.offset);
      if (text.empty()) return;
      auto node = std::make_unique<TextNode>();
      node->offset = static_cast<std::uint32_t>(text.data() - source_.data());
      node->text = text;
      node->verbatim = true;
      return body->push_back(std::move(node));
    }
    if (name == "liquid") {
      LiquidLines lines(t.markup, source_);
      ParseBody(lines, body, {}, "", t.offset);
      return;
    }
    if (name == "include" || name == "render") return body->push_back(ParsePartial(t));
    ParseFail("unknown tag '" + std::string(name) + "'", t.offset);
  }

  std::unique_ptr<Node> ParseIf(TokenSource& src, const Token& t) {
    DepthGuard guard(this, t.offset);
    auto node = std::make_unique<IfNode>();
    node->offset = t.offset;
    bool unless = t.name == "unless";
    std::string_view end = unless ? "endunless" : "endif";
    IfNode::Branch first;
    {
      ExprParser p(t.markup, source_);
      first.condition = p.ParseCondition();
    }
    first.negate = unless;
    node->branches.push_back(std::move(first));
    while (true) {
      Token stop = ParseBody(src, &node->branches.back().body, {"elsif", "else", end}, t.name, t.offset);
      if (stop.name == end) break;
      IfNode::Branch branch;
      if (stop.name == "elsif") {
        ExprParser p(stop.markup, source_);
        branch.condition = p.ParseCondition();
      }
      node->branches.push_back(std::move(branch));
    }
    bool blank = true;
    for (const auto& b : node->branches) blank = blank && BodyBlank(b.body);
    if (blank) {
      for (auto& b : node->branches) RemoveText(b.body);
    }
    node->blank_ = blank;
    return node;
  }

  std::unique_ptr<Node> ParseCase(TokenSource& src, const Token& t) {
    DepthGuard guard(this, t.offset);
    auto node = std::make_unique<CaseNode>();
    node->offset = t.offset;
    {
      ExprParser p(t.markup, source_);
      if (p.AtEnd()) ParseFail("'case' needs a value", t.offset);
      node->subject = p.Primary();
      p.ExpectEnd();
    }
    Body ignored;  // anything before the first `when` is never rendered
    Token stop = ParseBody(src, &ignored, {"when", "else", "endcase"}, "case", t.offset);
    while (stop.name != "endcase") {
      CaseNode::When when;
      if (stop.name == "when") {
        ExprParser p(stop.markup, source_);
        if (p.AtEnd()) ParseFail("'when' needs a value", stop.offset);
        while (true) {
          when.values.push_back(p.Primary());
          if (p.TakeKind(ExprToken::Kind::kComma) || p.TakeIdent("or")) continue;
          if (p.AtEnd()) break;
          // Lax mode (Shopify's default) ignores the rest of the markup.
          if (options_.strict) p.ExpectEnd();
          break;
        }
      } else {
        when.is_else = true;
      }
      node->whens.push_back(std::move(when));
      stop = ParseBody(src, &node->whens.back().body, {"when", "else", "endcase"}, "case", t.offset);
    }
    bool blank = true;
    for (const auto& w : node->whens) blank = blank && BodyBlank(w.body);
    if (blank) {
      for (auto& w : node->whens) RemoveText(w.body);
    }
    node->blank_ = blank;
    return node;
  }

  // Attributes after a loop's collection: `limit: 2, offset: 1 reversed cols: 3`.
  void LoopAttributes(ExprParser& p, bool tablerow, std::unique_ptr<Expr>* limit, std::unique_ptr<Expr>* offset,
                      bool* offset_continue, bool* reversed, std::unique_ptr<Expr>* cols) {
    while (!p.AtEnd()) {
      if (p.TakeKind(ExprToken::Kind::kComma)) {
        if (options_.strict && p.AtEnd()) ParseFail("unexpected ',' at the end of the tag", p.offset());
        continue;
      }
      if (!tablerow && p.TakeIdent("reversed")) {
        *reversed = true;
        continue;
      }
      if (p.Peek().kind == ExprToken::Kind::kIdent && p.Peek(1).kind == ExprToken::Kind::kColon) {
        ExprToken attr = p.Take();
        p.Take();
        if (attr.text == "limit") {
          *limit = p.Primary();
        } else if (attr.text == "offset") {
          if (!tablerow && p.PeekIdent("continue") &&
              (p.Peek(1).kind == ExprToken::Kind::kEnd || p.Peek(1).kind == ExprToken::Kind::kComma ||
               p.Peek(1).kind == ExprToken::Kind::kIdent)) {
            p.Take();
            *offset_continue = true;
          } else {
            *offset = p.Primary();
          }
        } else if (tablerow && attr.text == "cols") {
          *cols = p.Primary();
        } else {
          ParseFail("unknown attribute '" + std::string(attr.text) + "'", attr.offset);
        }
        continue;
      }
      ParseFail("unexpected " + Describe(p.Peek()), p.offset());
    }
  }

  std::unique_ptr<Node> ParseFor(TokenSource& src, const Token& t) {
    DepthGuard guard(this, t.offset);
    auto node = std::make_unique<ForNode>();
    node->offset = t.offset;
    ExprParser p(t.markup, source_);
    if (p.Peek().kind != ExprToken::Kind::kIdent) ParseFail("'for' needs a variable name", p.offset());
    node->variable = std::string(p.Take().text);
    if (!p.TakeIdent("in")) ParseFail("expected 'in' after the loop variable", p.offset());
    std::uint32_t start = p.offset();
    node->collection = p.Primary();
    std::string_view collection_text = Trim(source_.substr(start, p.last_end() - start));
    node->name = node->variable + "-" + std::string(collection_text);
    LoopAttributes(p, false, &node->limit, &node->offset_expr, &node->offset_continue, &node->reversed, nullptr);
    Token stop = ParseBody(src, &node->body, {"else", "endfor"}, "for", t.offset);
    if (stop.name == "else") ParseBody(src, &node->else_body, {"endfor"}, "for", t.offset);
    bool blank = BodyBlank(node->body) && BodyBlank(node->else_body);
    if (blank) {
      RemoveText(node->body);
      RemoveText(node->else_body);
    }
    node->blank_ = blank;
    return node;
  }

  std::unique_ptr<Node> ParseTablerow(TokenSource& src, const Token& t) {
    DepthGuard guard(this, t.offset);
    auto node = std::make_unique<TablerowNode>();
    node->offset = t.offset;
    ExprParser p(t.markup, source_);
    if (p.Peek().kind != ExprToken::Kind::kIdent) ParseFail("'tablerow' needs a variable name", p.offset());
    node->variable = std::string(p.Take().text);
    if (!p.TakeIdent("in")) ParseFail("expected 'in' after the loop variable", p.offset());
    node->collection = p.Primary();
    bool unused_continue = false, unused_reversed = false;
    LoopAttributes(p, true, &node->limit, &node->offset_expr, &unused_continue, &unused_reversed, &node->cols);
    ParseBody(src, &node->body, {"endtablerow"}, "tablerow", t.offset);
    node->blank_ = BodyBlank(node->body);
    return node;
  }

  std::unique_ptr<Node> ParseAssign(const Token& t) {
    std::size_t eq = t.markup.find('=');
    if (eq == std::string_view::npos) ParseFail("'assign' needs 'name = value'", t.offset);
    std::string_view target = Trim(t.markup.substr(0, eq));
    if (!IsIdentifierName(target, false)) {
      ParseFail("invalid variable name '" + std::string(target) + "' in 'assign'", t.offset);
    }
    std::string_view value = t.markup.substr(eq + 1);
    auto node = std::make_unique<AssignNode>();
    node->offset = t.offset;
    node->name = std::string(target);
    ExprParser p(value, source_);
    if (p.AtEnd()) ParseFail("'assign' needs a value after '='", p.offset());
    node->value = p.Filtered();
    return node;
  }

  std::unique_ptr<Node> ParseCapture(TokenSource& src, const Token& t) {
    DepthGuard guard(this, t.offset);
    auto node = std::make_unique<CaptureNode>();
    node->offset = t.offset;
    std::string_view name = t.markup;
    if (name.size() >= 2 && (name.front() == '\'' || name.front() == '"') && name.back() == name.front()) {
      name = name.substr(1, name.size() - 2);
    } else if (!IsIdentifierName(name, false)) {
      ParseFail("'capture' needs a variable name", t.offset);
    }
    node->name = std::string(name);
    ParseBody(src, &node->body, {"endcapture"}, "capture", t.offset);
    return node;
  }

  std::unique_ptr<Node> ParseCycle(const Token& t) {
    auto node = std::make_unique<CycleNode>();
    node->offset = t.offset;
    ExprParser p(t.markup, source_);
    if (p.AtEnd()) ParseFail("'cycle' needs values", t.offset);
    std::unique_ptr<Expr> first = p.Primary();
    if (p.TakeKind(ExprToken::Kind::kColon)) {
      node->group = std::move(first);
      node->values.push_back(p.Primary());
    } else {
      node->values.push_back(std::move(first));
    }
    while (p.TakeKind(ExprToken::Kind::kComma)) node->values.push_back(p.Primary());
    p.ExpectEnd();
    if (!node->group) {
      // Unnamed cycles with the same literal values share their position.
      bool literal = true;
      std::string key = "u:[";
      for (const auto& v : node->values) {
        if (v->kind != Expr::Kind::kLiteral) literal = false;
        AppendInspect(v->literal, key);
        key += v->literal.is_int() ? "i," : (v->literal.is_float() ? "f," : ",");
      }
      key += "]";
      if (literal) node->fixed_key = std::move(key);
    }
    return node;
  }

  std::unique_ptr<Node> ParsePartial(const Token& t) {
    auto node = std::make_unique<PartialNode>();
    node->offset = t.offset;
    node->isolated = t.name == "render";
    ExprParser p(t.markup, source_);
    if (p.Peek().kind == ExprToken::Kind::kString) {
      node->name = std::string(p.Take().text);
    } else if (node->isolated) {
      ParseFail("'render' needs a quoted partial name", p.offset());
    } else {
      if (p.AtEnd()) ParseFail("'include' needs a partial name", t.offset);
      node->name_expr = p.Primary();
    }
    if (p.PeekIdent("with") || p.PeekIdent("for")) {
      node->is_for = p.Take().text == "for";
      node->with = p.Primary();
    }
    if (p.TakeIdent("as")) {
      if (p.Peek().kind != ExprToken::Kind::kIdent) ParseFail("expected a name after 'as'", p.offset());
      node->alias = std::string(p.Take().text);
    }
    while (!p.AtEnd()) {
      p.TakeKind(ExprToken::Kind::kComma);
      if (p.AtEnd()) break;
      if (p.Peek().kind != ExprToken::Kind::kIdent || p.Peek(1).kind != ExprToken::Kind::kColon) {
        ParseFail("expected 'name: value' but found " + Describe(p.Peek()), p.offset());
      }
      std::string key(p.Take().text);
      p.Take();
      node->kwargs.emplace_back(std::move(key), p.Primary());
    }
    return node;
  }

  Template* tmpl_;
  std::string_view source_;
  ParseOptions options_;
  int depth_ = 0;
};

}  // namespace
}  // namespace internal

Template::Template(std::string name, std::string source) : name_(std::move(name)), source_(std::move(source)) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < source_.size(); ++i) {
    if (source_[i] == '\n') line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
  }
}

void Template::Locate(std::uint32_t offset, int* line, int* column) const {
  if (offset > source_.size()) offset = static_cast<std::uint32_t>(source_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  std::size_t index = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
  *line = static_cast<int>(index) + 1;
  std::uint32_t start = line_starts_[index];
  *column = static_cast<int>(internal::Utf8Length(std::string_view(source_).substr(start, offset - start))) + 1;
}

ParseResult Parse(std::string_view source, std::string name, const ParseOptions& options) {
  ParseResult result;
  if (source.size() > UINT32_MAX / 2) {
    result.error = Error{std::move(name), 0, 0, "template too large"};
    return result;
  }
  auto tmpl = std::make_shared<Template>(name, std::string(source));
  try {
    internal::Parser parser(tmpl.get(), options);
    parser.ParseDocument();
  } catch (const internal::ParseFailure& f) {
    Error error;
    error.template_name = name;
    tmpl->Locate(f.offset, &error.line, &error.column);
    error.message = f.message;
    result.error = std::move(error);
    return result;
  } catch (const std::bad_alloc&) {
    result.error = Error{std::move(name), 0, 0, "out of memory while parsing"};
    return result;
  }
  result.tmpl = std::move(tmpl);
  return result;
}

ParseResult Parse(std::string_view source, std::string name) { return Parse(source, std::move(name), ParseOptions{}); }

}  // namespace flowproof::liquid
