#include "core/json/json_input.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <utility>
#include <vector>

#include "core/base/problem_codes.h"

namespace flowproof {
namespace {

// "512 bytes", "1.5 MiB".
std::string Megabytes(std::size_t bytes) {
  if (bytes < (1u << 20)) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.1f MiB", static_cast<double>(bytes) / (1u << 20));
  return buffer;
}

// A problem at byte `offset` of `text`, with 1-based line and column; columns
// count characters (UTF-8 sequences), as editors do.
Problem At(std::string_view text, std::size_t offset, std::string message,
           const char* code = problem_code::kInvalidJson) {
  Problem problem;
  problem.code = code;
  problem.line = 1;
  problem.column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++problem.line;
      problem.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++problem.column;
    }
  }
  problem.message = std::move(message);
  return problem;
}

// What nlohmann's lexer has been handed so far. SAX callbacks carry no
// position, so the parser reads the text through a ScanIterator that keeps
// this up to date byte by byte, and the handler reads it to locate what it
// finds. From quotes and backslashes alone it also knows whether a byte is
// inside a string, which is all it needs to stop a string over the limit
// while it is being read (before nlohmann buffers megabytes of it) and to
// end the input at a NUL byte, which nlohmann's lexer would otherwise take
// for the end of the text ("{}\0garbage" would parse). The lexer sees the
// input end there; ParseJsonText then reports why.
class Scanner {
 public:
  enum class Stop { kNone, kNulByte, kLongString };

  Scanner(std::string_view text, std::size_t max_string_bytes)
      : text_(text), max_string_bytes_(max_string_bytes) {}

  // Whether byte `i` may be handed to the lexer. Bytes are asked for in
  // order; false ends the input at `i` for good.
  bool Admit(std::size_t i) {
    if (stop_ != Stop::kNone) return false;
    if (i < read_) return true;  // the same byte asked for again
    char c = text_[i];
    if (c == '\0') return StopAt(Stop::kNulByte, i);
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        in_string_ = false;
      }
      // Byte i is the (i - string_start_)th byte between the quotes.
      if (in_string_ && i - string_start_ > max_string_bytes_) return StopAt(Stop::kLongString, string_start_);
    } else if (c == '"') {
      in_string_ = true;
      string_start_ = i;
    }
    read_ = i + 1;
    return true;
  }

  std::string_view text() const { return text_; }
  // Bytes handed to the lexer: the last one is at read() - 1. nlohmann calls
  // start_object and start_array right after reading the bracket.
  std::size_t read() const { return read_; }
  // The opening quote of the string (or key) read last.
  std::size_t string_start() const { return string_start_; }
  Stop stop() const { return stop_; }
  std::size_t stop_offset() const { return stop_offset_; }

 private:
  bool StopAt(Stop why, std::size_t offset) {
    stop_ = why;
    stop_offset_ = offset;
    return false;
  }

  std::string_view text_;
  std::size_t max_string_bytes_;
  std::size_t read_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
  std::size_t string_start_ = 0;
  Stop stop_ = Stop::kNone;
  std::size_t stop_offset_ = 0;
};

// The iterator nlohmann's input adapter reads through: a byte index whose
// comparison with the end asks the Scanner whether the next byte may be read
// (nlohmann's iterator_input_adapter compares with the end once before each
// byte it reads, and never compares otherwise).
class ScanIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  ScanIterator(Scanner* scanner, std::size_t index) : scanner_(scanner), index_(index) {}
  reference operator*() const { return scanner_->text()[index_]; }
  ScanIterator& operator++() {
    ++index_;
    return *this;
  }
  ScanIterator operator++(int) {
    ScanIterator before = *this;
    ++index_;
    return before;
  }
  bool operator==(const ScanIterator& other) const {
    if (index_ == other.index_) return true;
    std::size_t next = index_ < other.index_ ? index_ : other.index_;
    return !scanner_->Admit(next);
  }
  bool operator!=(const ScanIterator& other) const { return !(*this == other); }

 private:
  Scanner* scanner_;
  std::size_t index_;
};

// What nlohmann's parser reported, kept for ParseJsonText.
struct SyntaxError {
  std::size_t position = 0;  // characters read, the offending one included
  std::string last_token;
  int id = 0;                // nlohmann's error id: 101.., 406 for a number overflow
  std::string what;
};

// The SAX handler: builds the value as nlohmann's own DOM parser does (an
// explicit stack, no recursion), and stops at the first field named twice
// in one object or the first bracket over the depth limit. JSON leaves
// duplicate names undefined and nlohmann keeps the last: a workflow with two
// nodes of the same id would silently lose one.
class Builder {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  Builder(const Scanner& scanner, int max_depth) : scanner_(scanner), max_depth_(max_depth) {}

  bool null() { return Put(Json(nullptr)) != nullptr; }
  bool boolean(bool value) { return Put(Json(value)) != nullptr; }
  bool number_integer(number_integer_t value) { return Put(Json(value)) != nullptr; }
  bool number_unsigned(number_unsigned_t value) { return Put(Json(value)) != nullptr; }
  bool number_float(number_float_t value, const string_t&) { return Put(Json(value)) != nullptr; }
  bool string(string_t& value) { return Put(Json(std::move(value))) != nullptr; }
  bool binary(binary_t&) { return false; }  // JSON text has no binary values
  bool start_object(std::size_t) { return Open(Json::value_t::object); }
  bool start_array(std::size_t) { return Open(Json::value_t::array); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }

  bool key(string_t& name) {
    Json::object_t& object = open_.back()->get_ref<Json::object_t&>();
    // try_emplace leaves `name` alone when the key exists.
    auto [slot, inserted] = object.try_emplace(std::move(name));
    if (!inserted) {
      problem_ = At(scanner_.text(), scanner_.string_start(),
                    "the field \"" + Shortened(name) + "\" appears twice in the same object; JSON keeps only one of them",
                    problem_code::kDuplicateName);
      return false;
    }
    slot_ = &slot->second;
    return true;
  }

  bool parse_error(std::size_t position, const std::string& last_token, const Json::exception& error) {
    syntax_error_ = SyntaxError{position, last_token, error.id, error.what()};
    return false;
  }

  Json& root() { return root_; }
  std::optional<Problem>& problem() { return problem_; }
  const std::optional<SyntaxError>& syntax_error() const { return syntax_error_; }

 private:
  // At most 200 bytes of a name, cut at a character boundary (the message
  // must stay valid UTF-8: it is dumped as JSON).
  static std::string Shortened(const std::string& name) {
    if (name.size() <= 200) return name;
    std::size_t end = 200;
    while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) --end;
    return name.substr(0, end) + "...";
  }

  // Places a value where the text puts it: the root, the next element of the
  // innermost array, or the field whose name was just read.
  Json* Put(Json&& value) {
    if (open_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Json& parent = *open_.back();
    if (parent.is_array()) {
      Json::array_t& array = parent.get_ref<Json::array_t&>();
      array.push_back(std::move(value));
      return &array.back();
    }
    *slot_ = std::move(value);
    return slot_;
  }

  bool Open(Json::value_t type) {
    if (++depth_ > max_depth_) {
      problem_ = At(scanner_.text(), scanner_.read() - 1,
                    "arrays and objects nested deeper than " + std::to_string(max_depth_) + " levels are not allowed",
                    problem_code::kTooDeep);
      return false;
    }
    open_.push_back(Put(Json(type)));
    return true;
  }

  bool Close() {
    --depth_;
    open_.pop_back();
    return true;
  }

  const Scanner& scanner_;
  int max_depth_;
  int depth_ = 0;
  Json root_;
  std::vector<Json*> open_;  // the arrays and objects being filled, innermost last
  Json* slot_ = nullptr;     // the value of the field named last
  std::optional<Problem> problem_;
  std::optional<SyntaxError> syntax_error_;
};

bool InToken(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'; }

// nlohmann says "[json.exception.parse_error.101] parse error at line 1,
// column 5: syntax error while parsing object key - invalid literal; last
// read: '<U+0022>a'; expected string literal". Keep the detail and what was
// expected; the line and column replace "last read".
std::string ParseErrorMessage(const std::string& what, const std::string& last_token, std::string_view text,
                              std::size_t offset) {
  std::size_t dash = what.find(" - ");
  std::string rest = dash == std::string::npos ? what : what.substr(dash + 3);
  // Drop "; last read: '<last_token>'", exactly: the token is the user's
  // text, which may itself hold "'; expected " and half of a character
  // (searching for the end of it left bytes that are not UTF-8 in the
  // message; found by json_input_fuzz).
  std::string last_read = "; last read: '" + last_token + "'";
  std::size_t at = rest.find(last_read);
  if (at != std::string::npos) rest.erase(at, last_read.size());
  std::string detail = rest;
  std::string expected;
  std::size_t expect = rest.find("; expected ");
  if (expect != std::string::npos) {
    detail = rest.substr(0, expect);
    expected = rest.substr(expect + 2);
  }
  bool comment = offset < text.size() && text[offset] == '/';
  if (detail == "unexpected end of input") detail = "the text ends too early";
  if (detail == "invalid literal") {
    detail = comment ? "comments are not allowed in JSON" : "unexpected text";
    if (expected.empty()) {
      expected = "expected a value: a string in double quotes, a number, true, false, null, an array or an object";
    }
  }
  if (expected == "expected string literal") expected = "expected a field name in double quotes";
  if (expected == "expected '[', '{', or a literal") expected = "expected a value";
  if (expected == "expected end of input") expected = "expected nothing after the end of the JSON value";
  std::string message = "invalid JSON: " + detail;
  if (!expected.empty()) message += "; " + expected;
  // The commonest mistake in hand-written JSON.
  std::size_t before = offset;
  while (before > 0 && std::isspace(static_cast<unsigned char>(text[before - 1]))) --before;
  if (before > 0 && text[before - 1] == ',' && offset < text.size() && (text[offset] == '}' || text[offset] == ']')) {
    message += " (a comma before '" + std::string(1, text[offset]) + "' is not allowed in JSON)";
  }
  return message;
}

// The problem nlohmann's parser found, located and worded for people.
Problem SyntaxProblem(std::string_view text, const SyntaxError& error) {
  // `position` counts the characters read, the offending one included (and
  // the end of the input, when that is what was read).
  std::size_t offset = error.position > 0 ? error.position - 1 : 0;
  if (offset > text.size()) offset = text.size();
  if (error.id == 406) {
    // "number overflow parsing '1e999'": the lexer has read the number and
    // put back the character after it, so it ends at `position`.
    std::string number = error.last_token.substr(0, 100);
    std::size_t start = error.position >= error.last_token.size() ? error.position - error.last_token.size() : 0;
    return At(text, std::min(start, text.size()), "the number " + number + " is too large");
  }
  // For a bad literal or number nlohmann reads one character past it
  // ("tru}" is known to be wrong at the '}', "tru" at the end of the text):
  // point at its first character.
  if (error.what.find("invalid literal") != std::string::npos || error.what.find("invalid number") != std::string::npos) {
    if (offset > 0 && (offset >= text.size() || !InToken(text[offset])) && InToken(text[offset - 1])) --offset;
    while (offset > 0 && offset < text.size() && InToken(text[offset - 1]) && InToken(text[offset])) --offset;
  }
  return At(text, offset, ParseErrorMessage(error.what, error.last_token, text, offset));
}

// The length of the string whose opening quote is at `open`, as written
// (escapes as two bytes), up to its closing quote or the end of the text.
std::size_t WrittenLength(std::string_view text, std::size_t open) {
  std::size_t i = open + 1;
  while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
  return std::min(i, text.size()) - open - 1;
}

}  // namespace

JsonInputResult ParseJsonText(std::string_view text, const JsonLimits& limits) {
  JsonInputResult result;
  if (text.size() > limits.max_bytes) {
    result.problem = Problem{"", "the input is " + Megabytes(text.size()) + "; the limit is " + Megabytes(limits.max_bytes), 1, 1,
                             problem_code::kTooLarge};
    return result;
  }
  Scanner scanner(text, limits.max_string_bytes);
  Builder builder(scanner, limits.max_depth);
  bool parsed = false;
  try {
    parsed = Json::sax_parse(ScanIterator(&scanner, 0), ScanIterator(&scanner, text.size()), &builder);
  } catch (const std::exception& error) {  // out of memory; nlohmann reports the rest to the handler
    result.problem = Problem{"", std::string("invalid JSON: ") + error.what(), 1, 1, problem_code::kInternalError};
    return result;
  }
  // The scanner's reasons come first: where it stopped the input, the lexer
  // saw the text end and may have reported that, or even accepted it.
  if (scanner.stop() == Scanner::Stop::kNulByte) {
    result.problem = At(text, scanner.stop_offset(),
                        "invalid JSON: a NUL byte is not allowed (inside a string, write it as \\u0000)");
  } else if (scanner.stop() == Scanner::Stop::kLongString) {
    std::size_t length = WrittenLength(text, scanner.stop_offset());
    result.problem = At(text, scanner.stop_offset(), "a string of " + Megabytes(length) +
                                                         " is longer than the limit of " + Megabytes(limits.max_string_bytes),
                        problem_code::kTooLarge);
  } else if (builder.problem()) {
    result.problem = std::move(builder.problem());
  } else if (builder.syntax_error()) {
    result.problem = SyntaxProblem(text, *builder.syntax_error());
  } else if (!parsed) {
    result.problem = At(text, scanner.read(), "invalid JSON");  // not expected: every stop has a reason above
  } else {
    result.value = std::move(builder.root());
  }
  return result;
}

std::optional<std::string> ReadFile(const std::string& path, std::size_t max_bytes, std::string* error) {
  std::string ignored;
  if (error == nullptr) error = &ignored;
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = errno != 0 ? std::string("cannot open the file: ") + std::strerror(errno) : "cannot open the file";
    return std::nullopt;
  }
  // Read in blocks rather than trusting the size the file reports: pipes
  // have none, and a directory opens but reports nonsense.
  std::string text;
  char block[1 << 16];
  while (in) {
    in.read(block, sizeof block);
    std::streamsize got = in.gcount();
    if (got <= 0) break;
    if (text.size() + static_cast<std::size_t>(got) > max_bytes) {
      in.clear();
      in.seekg(0, std::ios::end);
      std::streamoff size = in.tellg();
      *error = size > 0 && static_cast<std::size_t>(size) > max_bytes && size < (std::streamoff{1} << 50)
                   ? "the file is " + Megabytes(static_cast<std::size_t>(size)) + "; the limit is " + Megabytes(max_bytes)
                   : "the file is larger than the limit of " + Megabytes(max_bytes);
      return std::nullopt;
    }
    text.append(block, static_cast<std::size_t>(got));
  }
  if (in.bad() || (!in.eof() && in.fail())) {
    *error = "cannot read the file (is it a directory?)";
    return std::nullopt;
  }
  return text;
}

}  // namespace flowproof
