#include "core/import/klaviyo_template.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/liquid/liquid.h"

namespace flowproof {
namespace {

// Stands for the looked-up property while the filters after `lookup` are
// translated; no token read from text can hold this byte.
constexpr char kLookupBase[] = "\x01";

enum class TokKind { kString, kNumber, kPath, kOp, kPipe, kColon, kComma, kBad };

struct Tok {
  TokKind kind;
  std::string text;
};

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }
bool IsVariableChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

// Splits a Django expression into tokens. A character Liquid has no use for
// (parentheses, brackets, arithmetic) gives a kBad token: the whole
// expression is then kept as text.
std::vector<Tok> Tokenize(std::string_view s) {
  std::vector<Tok> out;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) { ++i; continue; }
    if (c == '\'' || c == '"') {
      std::size_t end = s.find(c, i + 1);
      if (end == std::string_view::npos) return {{TokKind::kBad, std::string(s.substr(i))}};
      out.push_back({TokKind::kString, std::string(s.substr(i, end - i + 1))});
      i = end + 1;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || (c == '-' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      std::size_t j = i + 1;
      while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
      out.push_back({TokKind::kNumber, std::string(s.substr(i, j - i))});
      i = j;
      continue;
    }
    if (IsIdentStart(c)) {
      std::size_t j = i + 1;
      while (j < s.size() && (IsVariableChar(s[j]) || (s[j] == '.' && j + 1 < s.size() && IsVariableChar(s[j + 1])))) ++j;
      out.push_back({TokKind::kPath, std::string(s.substr(i, j - i))});
      i = j;
      continue;
    }
    if (c == '|') { out.push_back({TokKind::kPipe, "|"}); ++i; continue; }
    if (c == ':') { out.push_back({TokKind::kColon, ":"}); ++i; continue; }
    if (c == ',') { out.push_back({TokKind::kComma, ","}); ++i; continue; }
    if (c == '=' || c == '!' || c == '<' || c == '>') {
      std::string op(1, c);
      if (i + 1 < s.size() && s[i + 1] == '=') op += '=';
      if (op == "=" || op == "!") return {{TokKind::kBad, op}};
      out.push_back({TokKind::kOp, op});
      i += op.size();
      continue;
    }
    return {{TokKind::kBad, std::string(1, c)}};
  }
  return out;
}

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

// Path segments joined with '.', a numeric segment as an index ("Items[0]").
std::string Join(const std::vector<std::string>& parts, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < parts.size(); ++i) {
    bool index = !parts[i].empty() && std::all_of(parts[i].begin(), parts[i].end(),
                                                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
    if (index && i > from) {
      out += "[" + parts[i] + "]";
      continue;
    }
    if (!out.empty()) out += '.';
    out += parts[i];
  }
  return out;
}

class Translator {
 public:
  DjangoTranslation Run(std::string_view text);

 private:
  // A Django variable path as a Liquid path, or nullopt when it has no
  // flowproof equivalent.
  std::optional<std::string> Path(const std::string& path) const;
  // One operand: a literal or a path.
  std::optional<std::string> Operand(const Tok& tok) const;
  // `value|filter:arg|...` as Liquid output markup content.
  std::optional<std::string> Output(const std::vector<Tok>& toks) const;
  // An `if` condition.
  std::optional<std::string> Condition(const std::vector<Tok>& toks) const;
  // A tag's Liquid text, or nullopt to keep it literally.
  std::optional<std::string> Tag(std::string_view inner);
  void KeepLiterally(std::string_view original);

  std::vector<std::string> loop_vars_;
  std::vector<std::string> blocks_;  // "if", "for", "comment"
  std::string out_;
  std::vector<std::string> untranslated_;
};

std::optional<std::string> Translator::Path(const std::string& path) const {
  std::vector<std::string> parts = SplitPath(path);
  const std::string& head = parts[0];
  if (head == "True") return parts.size() == 1 ? std::optional<std::string>("true") : std::nullopt;
  if (head == "False") return parts.size() == 1 ? std::optional<std::string>("false") : std::nullopt;
  if (head == "None") return parts.size() == 1 ? std::optional<std::string>("nil") : std::nullopt;
  for (const std::string& var : loop_vars_) {
    if (head == var) return Join(parts, 0);
  }
  if (head == "forloop") {
    static const std::map<std::string, std::string> kForloop = {
        {"counter", "index"},     {"counter0", "index0"}, {"revcounter", "rindex"},
        {"revcounter0", "rindex0"}, {"first", "first"},   {"last", "last"}};
    if (parts.size() != 2) return std::nullopt;
    auto it = kForloop.find(parts[1]);
    if (it == kForloop.end()) return std::nullopt;
    return "forloop." + it->second;
  }
  if (head == "person") {
    if (parts.size() < 2) return std::nullopt;
    return "contact." + Join(parts, 1);
  }
  if (head == "event") {
    if (parts.size() < 2) return std::nullopt;
    return "event.properties." + Join(parts, 1);
  }
  // Klaviyo's organization, catalog and link helpers have no counterpart.
  if (head == "organization" || head == "catalog" || head == "unsubscribe_link" ||
      head == "manage_preferences_link" || head.rfind("$", 0) == 0) {
    return std::nullopt;
  }
  // A bare name is a profile property (`first_name`, `email`).
  return "contact." + Join(parts, 0);
}

std::optional<std::string> Translator::Operand(const Tok& tok) const {
  switch (tok.kind) {
    case TokKind::kString:
    case TokKind::kNumber:
      return tok.text;
    case TokKind::kPath:
      return Path(tok.text);
    default:
      return std::nullopt;
  }
}

std::optional<std::string> Translator::Output(const std::vector<Tok>& toks) const {
  if (toks.empty()) return std::nullopt;
  // person|lookup:'Favorite Color' reads a property whose name has spaces.
  if (toks.size() >= 4 && toks[0].kind == TokKind::kPath && toks[0].text == "person" && toks[1].kind == TokKind::kPipe &&
      toks[2].text == "lookup" && toks[3].kind == TokKind::kColon && toks.size() >= 5 &&
      toks[4].kind == TokKind::kString) {
    std::vector<Tok> rest = {{TokKind::kPath, kLookupBase}};
    rest.insert(rest.end(), toks.begin() + 5, toks.end());
    std::optional<std::string> tail = Output(rest);
    if (!tail) return std::nullopt;
    return "contact[" + toks[4].text + "]" + tail->substr(std::string(kLookupBase).size());
  }
  std::optional<std::string> value =
      toks[0].kind == TokKind::kPath && toks[0].text == kLookupBase ? std::optional<std::string>(kLookupBase) : Operand(toks[0]);
  if (!value) return std::nullopt;
  std::string result = *value;
  bool plain_path = toks[0].kind == TokKind::kPath;
  std::size_t i = 1;
  // Django filter -> Liquid filter; "" drops it (Liquid does not escape).
  static const std::map<std::string, std::string> kFilters = {
      {"default", "default"},   {"default_if_none", "default"}, {"upper", "upcase"},
      {"lower", "downcase"},    {"capfirst", "capitalize"},     {"length", "size"},
      {"truncatechars", "truncate"}, {"striptags", "strip_html"}, {"first", "first"},
      {"last", "last"},         {"join", "join"},               {"floatformat", "round"},
      {"add", "plus"},          {"safe", ""},                   {"escape", "escape"},
      {"urlencode", "url_encode"}, {"linebreaksbr", "newline_to_br"}, {"cut", "remove"},
      {"truncatewords", "truncatewords"}};
  static const std::map<std::string, bool> kNeedsArgument = {
      {"default", true}, {"default_if_none", true}, {"truncatechars", true}, {"join", true},
      {"floatformat", true}, {"add", true}, {"cut", true}, {"truncatewords", true}};
  while (i < toks.size()) {
    if (toks[i].kind != TokKind::kPipe || i + 1 >= toks.size() || toks[i + 1].kind != TokKind::kPath) {
      return std::nullopt;
    }
    std::string name = toks[i + 1].text;
    i += 2;
    std::optional<std::string> arg;
    if (i < toks.size() && toks[i].kind == TokKind::kColon) {
      if (i + 1 >= toks.size()) return std::nullopt;
      arg = Operand(toks[i + 1]);
      if (!arg) return std::nullopt;
      if (name == "lookup") {
        // person|lookup:'Favorite Color' reads a property whose name has spaces.
        if (!plain_path || toks[i + 1].kind != TokKind::kString) return std::nullopt;
        result += "[" + toks[i + 1].text + "]";
        i += 2;
        continue;
      }
      i += 2;
    }
    auto it = kFilters.find(name);
    if (it == kFilters.end()) return std::nullopt;
    bool needs = kNeedsArgument.count(name) > 0;
    if (needs != arg.has_value()) return std::nullopt;
    plain_path = false;
    if (it->second.empty()) continue;
    result += " | " + it->second;
    if (arg) result += ": " + *arg;
  }
  return result;
}

std::optional<std::string> Translator::Condition(const std::vector<Tok>& toks) const {
  // comparison ((and|or) comparison)*, comparison = operand [op operand]
  std::string out;
  std::size_t i = 0;
  while (true) {
    if (i >= toks.size()) return std::nullopt;
    std::optional<std::string> left = Operand(toks[i]);
    if (!left || (toks[i].kind == TokKind::kPath && (toks[i].text == "not" || toks[i].text == "and" || toks[i].text == "or"))) {
      return std::nullopt;
    }
    ++i;
    std::string clause = *left;
    if (i < toks.size() && toks[i].kind == TokKind::kOp) {
      if (i + 1 >= toks.size()) return std::nullopt;
      std::optional<std::string> right = Operand(toks[i + 1]);
      if (!right) return std::nullopt;
      clause = *left + " " + toks[i].text + " " + *right;
      i += 2;
    } else if (i < toks.size() && toks[i].kind == TokKind::kPath && toks[i].text == "in") {
      if (i + 1 >= toks.size()) return std::nullopt;
      std::optional<std::string> right = Operand(toks[i + 1]);
      if (!right) return std::nullopt;
      clause = *right + " contains " + *left;  // Django `a in b` is Liquid `b contains a`
      i += 2;
    }
    out += clause;
    if (i == toks.size()) return out;
    if (toks[i].kind != TokKind::kPath || (toks[i].text != "and" && toks[i].text != "or")) return std::nullopt;
    out += " " + toks[i].text + " ";
    ++i;
  }
}

std::optional<std::string> Translator::Tag(std::string_view inner) {
  std::size_t start = inner.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return std::nullopt;
  std::size_t end = inner.find_first_of(" \t\r\n", start);
  std::string name(inner.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
  std::string_view rest = end == std::string_view::npos ? std::string_view() : inner.substr(end);
  std::vector<Tok> toks = Tokenize(rest);
  for (const Tok& t : toks) {
    if (t.kind == TokKind::kBad) return std::nullopt;
  }
  if (name == "if" || name == "elif") {
    if (name == "elif" && (blocks_.empty() || blocks_.back() != "if")) return std::nullopt;
    std::optional<std::string> cond = Condition(toks);
    if (!cond) return std::nullopt;
    if (name == "if") blocks_.push_back("if");
    return std::string(name == "if" ? "{% if " : "{% elsif ") + *cond + " %}";
  }
  if (name == "else" && toks.empty()) {
    if (blocks_.empty() || blocks_.back() != "if") return std::nullopt;
    return std::string("{% else %}");
  }
  if (name == "endif" && toks.empty()) {
    if (blocks_.empty() || blocks_.back() != "if") return std::nullopt;
    blocks_.pop_back();
    return std::string("{% endif %}");
  }
  if (name == "for") {
    // for VAR in PATH [reversed]
    if (toks.size() < 3 || toks.size() > 4 || toks[0].kind != TokKind::kPath || toks[1].text != "in" ||
        toks[2].kind != TokKind::kPath || toks[0].text.find('.') != std::string::npos) {
      return std::nullopt;
    }
    if (toks.size() == 4 && toks[3].text != "reversed") return std::nullopt;
    std::optional<std::string> collection = Path(toks[2].text);
    if (!collection) return std::nullopt;
    loop_vars_.push_back(toks[0].text);
    blocks_.push_back("for");
    return "{% for " + toks[0].text + " in " + *collection + (toks.size() == 4 ? " reversed" : "") + " %}";
  }
  if (name == "empty" && toks.empty()) {
    if (blocks_.empty() || blocks_.back() != "for") return std::nullopt;
    return std::string("{% else %}");
  }
  if (name == "endfor" && toks.empty()) {
    if (blocks_.empty() || blocks_.back() != "for") return std::nullopt;
    blocks_.pop_back();
    loop_vars_.pop_back();
    return std::string("{% endfor %}");
  }
  return std::nullopt;
}

// Appends `original` so that Liquid prints it as written.
void Translator::KeepLiterally(std::string_view original) {
  untranslated_.emplace_back(original);
  if (original.find("endraw") == std::string_view::npos) {
    out_ += "{% raw %}";
    out_ += original;
    out_ += "{% endraw %}";
    return;
  }
  for (char c : original) {
    if (c == '{') {
      out_ += "{{ '{' }}";
    } else {
      out_ += c;
    }
  }
}

DjangoTranslation Translator::Run(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t open = text.find('{', i);
    if (open == std::string_view::npos || open + 1 >= text.size()) {
      out_ += text.substr(i);
      break;
    }
    char kind = text[open + 1];
    if (kind != '{' && kind != '%') {
      out_ += text.substr(i, open + 1 - i);
      i = open + 1;
      continue;
    }
    out_ += text.substr(i, open - i);
    std::string_view closer = kind == '{' ? "}}" : "%}";
    std::size_t close = text.find(closer, open + 2);
    if (close == std::string_view::npos) {
      KeepLiterally(text.substr(open));
      break;
    }
    std::string_view original = text.substr(open, close + 2 - open);
    std::string_view inner = text.substr(open + 2, close - open - 2);
    i = close + 2;
    if (kind == '%') {
      // {% comment %} ... {% endcomment %} becomes a Liquid comment as a whole.
      std::vector<Tok> toks = Tokenize(inner);
      if (toks.size() == 1 && toks[0].text == "comment") {
        std::size_t end_tag = text.find("endcomment", i);
        std::size_t end_close = end_tag == std::string_view::npos ? end_tag : text.find("%}", end_tag);
        if (end_close == std::string_view::npos) {
          KeepLiterally(text.substr(open));
          break;
        }
        i = end_close + 2;
        continue;  // a comment renders as nothing in both languages
      }
      std::optional<std::string> tag = Tag(inner);
      if (tag) {
        out_ += *tag;
      } else {
        KeepLiterally(original);
      }
      continue;
    }
    std::vector<Tok> toks = Tokenize(inner);
    bool bad = false;
    for (const Tok& t : toks) bad = bad || t.kind == TokKind::kBad;
    std::optional<std::string> output = bad ? std::nullopt : Output(toks);
    if (output) {
      out_ += "{{ " + *output + " }}";
    } else {
      KeepLiterally(original);
    }
  }
  DjangoTranslation result;
  // An if or for left open (or closed by a tag kept literally) would not
  // parse: then the whole text is kept as written.
  bool parses = blocks_.empty() && liquid::Parse(out_, "klaviyo").ok();
  if (!parses) {
    out_.clear();
    untranslated_.clear();
    if (text.find("{{") == std::string_view::npos && text.find("{%") == std::string_view::npos) {
      result.liquid = std::string(text);
      return result;
    }
    KeepLiterally(text);
  }
  result.liquid = std::move(out_);
  result.untranslated = std::move(untranslated_);
  return result;
}

}  // namespace

DjangoTranslation TranslateDjangoToLiquid(std::string_view text) {
  Translator translator;
  return translator.Run(text);
}

}  // namespace flowproof
