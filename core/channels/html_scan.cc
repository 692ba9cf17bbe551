#include "core/channels/html_scan.h"

#include <cstdlib>

#include "core/base/utf8.h"

namespace flowproof::channels {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWithIgnoreCase(std::string_view text, std::size_t at, std::string_view prefix) {
  if (text.size() - at < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(text[at + i]) != prefix[i]) return false;
  }
  return true;
}

// Finds `needle` (lower-case) case-insensitively from `from`; npos if absent.
std::size_t FindIgnoreCase(std::string_view text, std::size_t from, std::string_view needle) {
  if (needle.size() > text.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= text.size(); ++i) {
    if (StartsWithIgnoreCase(text, i, needle)) return i;
  }
  return std::string_view::npos;
}

// HTML 4 Latin-1 entities, U+00A0 .. U+00FF in order.
constexpr const char* kLatin1Entities[96] = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",    "copy",
    "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn", "sup2",   "sup3",
    "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",   "raquo",  "frac14", "frac12",
    "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde", "Auml",   "Aring",  "AElig",  "Ccedil",
    "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave", "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde",
    "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",
    "Uuml",   "Yacute", "THORN",  "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",
    "aelig",  "ccedil", "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",
    "eth",    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};

struct NamedEntity {
  const char* name;
  char32_t value;
};

constexpr NamedEntity kOtherEntities[] = {
    {"amp", '&'},         {"lt", '<'},          {"gt", '>'},         {"quot", '"'},       {"apos", '\''},
    {"ndash", 0x2013},    {"mdash", 0x2014},    {"lsquo", 0x2018},   {"rsquo", 0x2019},   {"sbquo", 0x201A},
    {"ldquo", 0x201C},    {"rdquo", 0x201D},    {"bdquo", 0x201E},   {"dagger", 0x2020},  {"Dagger", 0x2021},
    {"bull", 0x2022},     {"hellip", 0x2026},   {"permil", 0x2030},  {"prime", 0x2032},   {"Prime", 0x2033},
    {"lsaquo", 0x2039},   {"rsaquo", 0x203A},   {"euro", 0x20AC},    {"trade", 0x2122},   {"larr", 0x2190},
    {"uarr", 0x2191},     {"rarr", 0x2192},     {"darr", 0x2193},    {"harr", 0x2194},    {"hearts", 0x2665},
    {"ensp", 0x2002},     {"emsp", 0x2003},     {"thinsp", 0x2009},  {"zwnj", 0x200C},    {"zwj", 0x200D},
    {"lrm", 0x200E},      {"rlm", 0x200F},      {"OElig", 0x0152},   {"oelig", 0x0153},   {"Scaron", 0x0160},
    {"scaron", 0x0161},   {"Yuml", 0x0178},     {"fnof", 0x0192},    {"circ", 0x02C6},    {"tilde", 0x02DC},
    {"check", 0x2713},    {"star", 0x2606},     {"starf", 0x2605},   {"minus", 0x2212},   {"infin", 0x221E},
    {"le", 0x2264},       {"ge", 0x2265},       {"ne", 0x2260},      {"asymp", 0x2248},   {"Alpha", 0x0391},
    {"alpha", 0x03B1},    {"beta", 0x03B2},     {"pi", 0x03C0},      {"Omega", 0x03A9},   {"mu", 0x03BC},
    {"rupee", 0x20B9},    {"NewLine", '\n'},    {"Tab", '\t'}};

// The named entities that browsers also recognise without a ';' (when not
// followed by '=').
constexpr const char* kLegacyNoSemicolon[] = {"amp", "lt", "gt", "quot", "nbsp", "copy", "reg"};

// HTML's remapping of numeric references 0x80..0x9F (Windows-1252); 0 keeps
// the value.
constexpr char32_t kWindows1252[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

bool LookupEntity(std::string_view name, char32_t* value) {
  for (int i = 0; i < 96; ++i) {
    if (name == kLatin1Entities[i]) {
      *value = 0xA0 + static_cast<char32_t>(i);
      return true;
    }
  }
  for (const NamedEntity& e : kOtherEntities) {
    if (name == e.name) {
      *value = e.value;
      return true;
    }
  }
  return false;
}

// Parses the attributes of a start tag from `i` (just after the name) up to
// and including '>'; returns the index after '>' (or the end of input).
std::size_t ParseAttributes(std::string_view html, std::size_t i, HtmlToken& token) {
  const std::size_t n = html.size();
  while (i < n) {
    while (i < n && IsSpace(html[i])) ++i;
    if (i >= n) break;
    if (html[i] == '>') return i + 1;
    if (html[i] == '/') {
      if (i + 1 < n && html[i + 1] == '>') {
        token.self_closing = true;
        return i + 2;
      }
      ++i;
      continue;
    }
    std::size_t name_start = i;
    // The first character may be '=' (HTML tolerates it as part of the name).
    ++i;
    while (i < n && !IsSpace(html[i]) && html[i] != '=' && html[i] != '>' && html[i] != '/') ++i;
    std::string name = AsciiLower(html.substr(name_start, i - name_start));
    std::size_t j = i;
    while (j < n && IsSpace(html[j])) ++j;
    std::string value;
    if (j < n && html[j] == '=') {
      ++j;
      while (j < n && IsSpace(html[j])) ++j;
      if (j < n && (html[j] == '"' || html[j] == '\'')) {
        char quote = html[j];
        std::size_t end = html.find(quote, j + 1);
        if (end == std::string_view::npos) end = n;
        value = DecodeHtmlEntities(html.substr(j + 1, end - j - 1));
        i = end < n ? end + 1 : n;
      } else {
        std::size_t start = j;
        while (j < n && !IsSpace(html[j]) && html[j] != '>') ++j;
        value = DecodeHtmlEntities(html.substr(start, j - start));
        i = j;
      }
    }
    token.attributes.emplace_back(std::move(name), std::move(value));
  }
  return n;
}

}  // namespace

const std::string* HtmlToken::Attribute(std::string_view attribute) const {
  for (const auto& [key, value] : attributes) {
    if (key == attribute) return &value;
  }
  return nullptr;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = Lower(c);
  return out;
}

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  return FindIgnoreCase(haystack, 0, AsciiLower(needle)) != std::string_view::npos;
}

std::vector<HtmlToken> TokenizeHtml(std::string_view html) {
  std::vector<HtmlToken> tokens;
  const std::size_t n = html.size();
  std::size_t i = 0;
  std::size_t text_start = 0;
  auto flush_text = [&](std::size_t end) {
    if (end > text_start) {
      HtmlToken t;
      t.kind = HtmlToken::kText;
      t.text = html.substr(text_start, end - text_start);
      t.offset = text_start;
      tokens.push_back(std::move(t));
    }
  };
  while (i < n) {
    if (html[i] != '<' || i + 1 >= n) {
      ++i;
      continue;
    }
    char next = html[i + 1];
    HtmlToken t;
    t.offset = i;
    std::size_t after;
    if (html.compare(i, 4, "<!--") == 0) {
      std::size_t end = html.find("-->", i + 4);
      t.kind = HtmlToken::kComment;
      t.text = html.substr(i + 4, (end == std::string_view::npos ? n : end) - (i + 4));
      after = end == std::string_view::npos ? n : end + 3;
    } else if (next == '!' || next == '?') {
      std::size_t end = html.find('>', i + 2);
      t.kind = HtmlToken::kDeclaration;
      t.text = html.substr(i + 2, (end == std::string_view::npos ? n : end) - (i + 2));
      after = end == std::string_view::npos ? n : end + 1;
    } else if (next == '/' && i + 2 < n && IsAlpha(html[i + 2])) {
      std::size_t j = i + 2;
      while (j < n && !IsSpace(html[j]) && html[j] != '>' && html[j] != '/') ++j;
      t.kind = HtmlToken::kEndTag;
      t.name = AsciiLower(html.substr(i + 2, j - (i + 2)));
      std::size_t end = html.find('>', j);
      after = end == std::string_view::npos ? n : end + 1;
    } else if (IsAlpha(next)) {
      std::size_t j = i + 1;
      while (j < n && !IsSpace(html[j]) && html[j] != '>' && html[j] != '/') ++j;
      t.kind = HtmlToken::kStartTag;
      t.name = AsciiLower(html.substr(i + 1, j - (i + 1)));
      after = ParseAttributes(html, j, t);
    } else {
      ++i;  // a '<' that starts no markup is text
      continue;
    }
    flush_text(i);
    bool raw = t.kind == HtmlToken::kStartTag && !t.self_closing && (t.name == "script" || t.name == "style");
    std::string name = t.name;
    tokens.push_back(std::move(t));
    i = after;
    text_start = i;
    if (raw) {
      std::string close = "</" + name;
      std::size_t end = FindIgnoreCase(html, i, close);
      if (end == std::string_view::npos) end = n;
      if (end > i) {
        HtmlToken body;
        body.kind = HtmlToken::kText;
        body.raw = true;
        body.text = html.substr(i, end - i);
        body.offset = i;
        tokens.push_back(std::move(body));
      }
      i = end;
      text_start = i;
    }
  }
  flush_text(n);
  return tokens;
}

std::string DecodeHtmlEntities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    std::size_t amp = text.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, amp - i));
    i = amp + 1;
    if (i < n && text[i] == '#') {
      std::size_t j = i + 1;
      bool hex = j < n && (text[j] == 'x' || text[j] == 'X');
      if (hex) ++j;
      std::size_t digits_start = j;
      while (j < n && (hex ? IsHex(text[j]) : IsDigit(text[j])) && j - digits_start < 8) ++j;
      if (j == digits_start) {
        out += '&';
        continue;
      }
      unsigned long value = std::strtoul(std::string(text.substr(digits_start, j - digits_start)).c_str(),
                                         nullptr, hex ? 16 : 10);
      while (j < n && (hex ? IsHex(text[j]) : IsDigit(text[j]))) {
        value = 0x110000;  // too many digits: out of range
        ++j;
      }
      if (j < n && text[j] == ';') ++j;
      char32_t cp = static_cast<char32_t>(value);
      if (value >= 0x80 && value <= 0x9F && kWindows1252[value - 0x80] != 0) cp = kWindows1252[value - 0x80];
      if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) cp = kReplacementChar;
      AppendUtf8(cp, out);
      i = j;
      continue;
    }
    std::size_t j = i;
    while (j < n && (IsAlpha(text[j]) || IsDigit(text[j])) && j - i < 32) ++j;
    std::string_view name = text.substr(i, j - i);
    char32_t cp = 0;
    if (!name.empty() && j < n && text[j] == ';' && LookupEntity(name, &cp)) {
      AppendUtf8(cp, out);
      i = j + 1;
      continue;
    }
    bool legacy = false;
    for (const char* k : kLegacyNoSemicolon) {
      if (name == k) legacy = true;
    }
    // "?a=1&reg=2" in a URL is a parameter, not "®=2" (HTML's attribute rule).
    if (legacy && !(j < n && text[j] == '=') && LookupEntity(name, &cp)) {
      AppendUtf8(cp, out);
      i = j;
      continue;
    }
    out += '&';
  }
  return out;
}

}  // namespace flowproof::channels
