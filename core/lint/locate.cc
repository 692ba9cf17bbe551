#include "core/lint/locate.h"

#include <cctype>

#include "core/base/json_pointer.h"

namespace flowproof::lint {
namespace {

// A forgiving single-pass JSON scanner that records where each value (and
// each member's key) starts, by pointer. Depth is bounded by an explicit
// stack, not recursion.
class Scanner {
 public:
  Scanner(std::string_view text, std::map<std::string, TextPosition>& out) : text_(text), out_(out) {}

  void Run() {
    struct Frame {
      std::string pointer;
      bool object;
      int index;
    };
    std::vector<Frame> stack;
    std::string pending_key;  // for the value that follows a key
    bool have_key = false;
    Skip();
    Mark("");
    while (i_ < text_.size()) {
      char c = text_[i_];
      if (c == '{' || c == '[') {
        std::string here = CurrentPointer(stack.empty() ? nullptr : &stack.back().pointer, stack.empty() ? false : stack.back().object,
                                          stack.empty() ? 0 : stack.back().index, pending_key, have_key);
        if (stack.size() > 600) return;
        stack.push_back(Frame{here, c == '{', 0});
        have_key = false;
        Advance();
        Skip();
        if (!stack.back().object && i_ < text_.size() && text_[i_] != ']') Mark(stack.back().pointer + "/0");
        continue;
      }
      if (c == '}' || c == ']') {
        if (!stack.empty()) stack.pop_back();
        Advance();
        continue;
      }
      if (c == ',') {
        Advance();
        Skip();
        if (!stack.empty() && !stack.back().object) {
          ++stack.back().index;
          Mark(stack.back().pointer + "/" + std::to_string(stack.back().index));
        }
        continue;
      }
      if (c == ':') {
        Advance();
        continue;
      }
      if (c == '"') {
        TextPosition start = pos_;
        std::string s = String();
        Skip();
        if (!stack.empty() && stack.back().object && !have_key && i_ < text_.size() && text_[i_] == ':') {
          pending_key = s;
          have_key = true;
          std::string pointer = stack.back().pointer + "/" + PointerToken(s);
          out_.emplace(pointer, start);
        } else {
          have_key = false;
        }
        continue;
      }
      if (std::isspace(static_cast<unsigned char>(c))) {
        Skip();
        continue;
      }
      // A scalar: consumes a key.
      have_key = false;
      while (i_ < text_.size() && std::string_view(",]}: \t\r\n").find(text_[i_]) == std::string_view::npos) Advance();
    }
  }

 private:
  static std::string CurrentPointer(const std::string* parent, bool parent_object, int index, const std::string& key, bool have_key) {
    if (parent == nullptr) return "";
    if (parent_object) return have_key ? *parent + "/" + PointerToken(key) : *parent;
    return *parent + "/" + std::to_string(index);
  }

  void Mark(const std::string& pointer) { out_.emplace(pointer, pos_); }

  void Advance() {
    unsigned char c = static_cast<unsigned char>(text_[i_]);
    ++i_;
    pos_.offset = static_cast<int>(i_);
    if (c == '\n') {
      ++pos_.line;
      pos_.column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++pos_.column;  // a character counts at its first byte
    }
  }

  void Skip() {
    while (i_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[i_]))) Advance();
  }

  std::string String() {
    std::string s;
    Advance();  // opening quote
    while (i_ < text_.size() && text_[i_] != '"') {
      if (text_[i_] == '\\' && i_ + 1 < text_.size()) {
        char e = text_[i_ + 1];
        Advance();
        Advance();
        switch (e) {
          case 'n': s += '\n'; break;
          case 't': s += '\t'; break;
          case 'r': s += '\r'; break;
          case 'b': s += '\b'; break;
          case 'f': s += '\f'; break;
          case 'u': {
            // Keys with \u escapes: decode the BMP code point (surrogates as is).
            unsigned cp = 0;
            for (int k = 0; k < 4 && i_ < text_.size(); ++k) {
              cp = cp * 16 + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(text_[i_])) ? text_[i_] - '0' : (std::tolower(text_[i_]) - 'a' + 10));
              Advance();
            }
            if (cp < 0x80) s += static_cast<char>(cp);
            else if (cp < 0x800) { s += static_cast<char>(0xC0 | (cp >> 6)); s += static_cast<char>(0x80 | (cp & 0x3F)); }
            else { s += static_cast<char>(0xE0 | (cp >> 12)); s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)); s += static_cast<char>(0x80 | (cp & 0x3F)); }
            break;
          }
          default: s += e; break;
        }
        continue;
      }
      s += text_[i_];
      Advance();
    }
    if (i_ < text_.size()) Advance();  // closing quote
    return s;
  }

  std::string_view text_;
  std::map<std::string, TextPosition>& out_;
  std::size_t i_ = 0;
  TextPosition pos_;
};

}  // namespace

PointerLocator::PointerLocator(std::string_view text) { Scanner(text, positions_).Run(); }

std::optional<TextPosition> PointerLocator::Find(const std::string& pointer) const {
  auto it = positions_.find(pointer);
  if (it == positions_.end()) return std::nullopt;
  return it->second;
}

void LocateFindings(std::string_view text, std::vector<LintFinding>& findings) {
  PointerLocator locator(text);
  for (LintFinding& f : findings) {
    std::string pointer = f.pointer;
    while (true) {
      if (auto at = locator.Find(pointer)) {
        f.line = at->line;
        f.column = at->column;
        break;
      }
      std::size_t slash = pointer.rfind('/');
      if (slash == std::string::npos) break;
      pointer = pointer.substr(0, slash);
    }
  }
}

}  // namespace flowproof::lint
