#include "core/liquid/filters.h"

#include <algorithm>
#include <cstdio>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/liquid/date_format.h"
#include "core/liquid/number.h"
#include "core/liquid/text.h"
#include "core/time/zone.h"

namespace flowproof::liquid::internal {

void Fail(std::string message) { throw Failure{std::move(message)}; }

namespace {

constexpr int kMaxFlatten = 100;

// ---- helpers ------------------------------------------------------------------

Value Str(std::string s, const FilterEnv& env) {
  if (s.size() > env.max_string_bytes) {
    Fail("a filter result is longer than the output limit (" + std::to_string(env.max_string_bytes) + " bytes)");
  }
  return Value::String(std::move(s));
}

Value Arr(std::vector<Value> items, const FilterEnv& env) {
  if (items.size() > env.max_items) {
    Fail("an array has more than " + std::to_string(env.max_items) + " items");
  }
  return Value::Array(std::move(items));
}

void Flatten(const Value& v, std::vector<Value>& out, const FilterEnv& env, int depth) {
  if (depth > kMaxFlatten) Fail("arrays nested too deeply");
  if (v.is_array()) {
    std::size_t n = v.ArraySize();
    for (std::size_t i = 0; i < n; ++i) {
      Value item = v.ArrayAt(i);
      if (item.is_array()) {
        Flatten(item, out, env, depth + 1);
      } else {
        out.push_back(std::move(item));
      }
      if (out.size() > env.max_items) Fail("an array has more than " + std::to_string(env.max_items) + " items");
    }
  }
}

// Liquid's InputIterator: arrays flattened, a hash as one item, ranges
// expanded, nil as nothing, anything else as a single item.
std::vector<Value> Items(const Value& input, const FilterEnv& env) {
  std::vector<Value> out;
  switch (input.kind()) {
    case Value::Kind::kNil: break;
    case Value::Kind::kArray: Flatten(input, out, env, 0); break;
    case Value::Kind::kRange: {
      Value arr = RangeToArray(input, env);
      out = *arr.vec();
      break;
    }
    default: out.push_back(input); break;
  }
  return out;
}

// Ruby's item[property], as the array filters use it.
enum class Lookup { kValue, kTypeError, kNoMethod };

Lookup Index(const Value& item, const Value& property, Value* result) {
  *result = Value();
  switch (item.kind()) {
    case Value::Kind::kObject: {
      if (property.is_string()) item.ObjectFind(property.str(), result);
      return Lookup::kValue;
    }
    case Value::Kind::kArray: {
      std::int64_t index = 0;
      if (property.is_int()) {
        index = property.as_int();
      } else if (property.is_float()) {
        index = static_cast<std::int64_t>(property.as_float());
      } else {
        return Lookup::kTypeError;
      }
      std::int64_t n = static_cast<std::int64_t>(item.ArraySize());
      if (index < 0) index += n;
      if (index >= 0 && index < n) *result = item.ArrayAt(static_cast<std::size_t>(index));
      return Lookup::kValue;
    }
    case Value::Kind::kString: {
      std::string_view s = item.str();
      if (property.is_string()) {
        if (s.find(property.str()) != std::string_view::npos) *result = Value::String(std::string(property.str()));
        return Lookup::kValue;
      }
      if (property.is_int()) {
        std::vector<std::size_t> offsets;
        CharOffsets(s, &offsets);
        std::int64_t n = static_cast<std::int64_t>(offsets.size()) - 1;
        std::int64_t index = property.as_int();
        if (index < 0) index += n;
        if (index >= 0 && index < n) {
          *result = Value::String(std::string(s.substr(offsets[index], offsets[index + 1] - offsets[index])));
        }
        return Lookup::kValue;
      }
      return Lookup::kTypeError;
    }
    case Value::Kind::kInt: {
      // Integer#[] reads a bit.
      if (!property.is_int()) return Lookup::kTypeError;
      std::int64_t bit = property.as_int();
      std::int64_t v = item.as_int();
      if (bit < 0) {
        *result = Value::Int(0);
      } else if (bit >= 63) {
        *result = Value::Int(v < 0 ? 1 : 0);
      } else {
        *result = Value::Int((v >> bit) & 1);
      }
      return Lookup::kValue;
    }
    case Value::Kind::kLoop: return Lookup::kValue;
    default: return Lookup::kNoMethod;
  }
}

bool RespondsToIndex(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kObject:
    case Value::Kind::kArray:
    case Value::Kind::kString:
    case Value::Kind::kInt:
    case Value::Kind::kLoop: return true;
    default: return false;
  }
}

[[noreturn]] void PropertyError(const Value& property) {
  Fail("cannot select the property '" + ToS(property) + "'");
}

const Value& Arg(const Value* args, std::size_t nargs, std::size_t i, const Value& fallback) {
  return i < nargs ? args[i] : fallback;
}

const Value kNil;

// ---- string filters -------------------------------------------------------------

Value FAppend(const Value& in, const Value* a, std::size_t, const FilterEnv& env) {
  std::string s = ToS(in);
  AppendToS(a[0], s);
  return Str(std::move(s), env);
}

Value FPrepend(const Value& in, const Value* a, std::size_t, const FilterEnv& env) {
  std::string s = ToS(a[0]);
  AppendToS(in, s);
  return Str(std::move(s), env);
}

Value FDowncase(const Value& in, const Value*, std::size_t, const FilterEnv&) { return Value::String(Downcase(ToS(in))); }
Value FUpcase(const Value& in, const Value*, std::size_t, const FilterEnv&) { return Value::String(Upcase(ToS(in))); }
Value FCapitalize(const Value& in, const Value*, std::size_t, const FilterEnv&) {
  return Value::String(Capitalize(ToS(in)));
}

std::string EscapeHtml(std::string_view s, bool once) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      case '&': {
        if (once) {
          // Leave entities (&amp; &#39;) alone.
          std::size_t j = i + 1;
          bool entity = false;
          if (j < s.size() && s[j] == '#') {
            std::size_t k = j + 1;
            while (k < s.size() && s[k] >= '0' && s[k] <= '9') ++k;
            entity = k > j + 1 && k < s.size() && s[k] == ';';
          } else {
            std::size_t k = j;
            while (k < s.size() && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z'))) ++k;
            entity = k > j && k < s.size() && s[k] == ';';
          }
          if (entity) {
            out += '&';
            break;
          }
        }
        out += "&amp;";
        break;
      }
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

Value FEscape(const Value& in, const Value*, std::size_t, const FilterEnv& env) {
  if (in.is_nil()) return Value();
  return Str(EscapeHtml(ToS(in), false), env);
}

Value FEscapeOnce(const Value& in, const Value*, std::size_t, const FilterEnv& env) {
  return Str(EscapeHtml(ToS(in), true), env);
}

Value FUrlEncode(const Value& in, const Value*, std::size_t, const FilterEnv& env) {
  if (in.is_nil()) return Value();
  std::string s = ToS(in);
  std::string out;
  static const char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
        c == '-' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return Str(std::move(out), env);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Value FUrlDecode(const Value& in, const Value*, std::size_t, const FilterEnv&) {
  if (in.is_nil()) return Value();
  std::string s = ToS(in);
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  if (!ValidUtf8(out)) Fail("invalid byte sequence in UTF-8");
  return Value::String(std::move(out));
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64Encode(std::string_view s, bool url_safe) {
  std::string out;
  out.reserve((s.size() + 2) / 3 * 4);
  std::size_t i = 0;
  while (i + 2 < s.size()) {
    std::uint32_t n = (static_cast<unsigned char>(s[i]) << 16) | (static_cast<unsigned char>(s[i + 1]) << 8) |
                      static_cast<unsigned char>(s[i + 2]);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += kBase64[(n >> 6) & 63];
    out += kBase64[n & 63];
    i += 3;
  }
  if (i < s.size()) {
    std::uint32_t n = static_cast<unsigned char>(s[i]) << 16;
    if (i + 1 < s.size()) n |= static_cast<unsigned char>(s[i + 1]) << 8;
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += i + 1 < s.size() ? kBase64[(n >> 6) & 63] : '=';
    out += '=';
  }
  if (url_safe) {
    for (char& c : out) {
      if (c == '+') c = '-';
      if (c == '/') c = '_';
    }
  }
  return out;
}

// Ruby's strict_decode64: the length a multiple of 4, padding only at the end.
bool Base64Decode(std::string_view s, std::string* out) {
  if (s.size() % 4 != 0) return false;
  out->clear();
  for (std::size_t i = 0; i < s.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s[i + k];
      if (c == '=') {
        if (i + 4 != s.size() || k < 2) return false;
        v[k] = 0;
        ++pad;
        continue;
      }
      if (pad > 0) return false;
      const char* p = std::strchr(kBase64, c);
      if (p == nullptr || c == '\0') return false;
      v[k] = static_cast<int>(p - kBase64);
    }
    std::uint32_t n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out->push_back(static_cast<char>((n >> 16) & 0xFF));
    if (pad < 2) out->push_back(static_cast<char>((n >> 8) & 0xFF));
    if (pad < 1) out->push_back(static_cast<char>(n & 0xFF));
  }
  return true;
}

Value FBase64Encode(const Value& in, const Value*, std::size_t, const FilterEnv& env) {
  return Str(Base64Encode(ToS(in), false), env);
}

Value FBase64UrlSafeEncode(const Value& in, const Value*, std::size_t, const FilterEnv& env) {
  return Str(Base64Encode(ToS(in), true), env);
}

Value FBase64Decode(const Value& in, const Value*, std::size_t, const FilterEnv&) {
  std::string out;
  if (!Base64Decode(ToS(in), &out)) Fail("invalid base64 provided to base64_decode");
  return Value::String(std::move(out));
}

Value FBase64UrlSafeDecode(const Value& in, const Value*, std::size_t, const FilterEnv&) {
  std::string s = ToS(in);
  if (!s.empty() && s.back() != '=' && s.size() % 4 != 0) s.append(4 - s.size() % 4, '=');
  for (char& c : s) {
    if (c == '-') {
      c = '+';
    } else if (c == '_') {
      c = '/';
    } else if (c == '+' || c == '/') {
      c = '!';  // not in the URL-safe alphabet
    }
  }
  std::string out;
  if (!Base64Decode(s, &out)) Fail("invalid base64 provided to base64_url_safe_decode");
  return Value::String(std::move(out));
}

Value FSlice(const Value& in, const Value* a, std::size_t n, const FilterEnv&) {
  std::int64_t offset = ToInteger(a[0]);
  std::int64_t length = (n > 1 && !a[1].is_nil()) ? ToInteger(a[1]) : 1;
  if (in.is_array()) {
    std::int64_t size = static_cast<std::int64_t>(in.ArraySize());
    if (offset < 0) offset += size;
    if (offset < 0 || offset > size || length < 0) return Value::Array({});
    std::vector<Value> out;
    for (std::int64_t i = offset; i < size && i - offset < length; ++i) out.push_back(in.ArrayAt(i));
    return Value::Array(std::move(out));
  }
  std::string s = ToS(in);
  std::vector<std::size_t> offsets;
  CharOffsets(s, &offsets);
  std::int64_t size = static_cast<std::int64_t>(offsets.size()) - 1;
  if (offset < 0) offset += size;
  if (offset < 0 || offset > size || length < 0) return Value::String("");
  std::int64_t end = length > size - offset ? size : offset + length;
  return Value::String(s.substr(offsets[offset], offsets[end] - offsets[offset]));
}

Value FTruncate(const Value& in, const Value* a, std::size_t n, const FilterEnv& env) {
  if (in.is_nil()) return Value();
  std::string s = ToS(in);
  std::int64_t length = n > 0 ? ToInteger(a[0]) : 50;
  std::string ellipsis = n > 1 ? ToS(a[1]) : "...";
  std::vector<std::size_t> offsets;
  CharOffsets(s, &offsets);
  std::int64_t size = static_cast<std::int64_t>(offsets.size()) - 1;
  if (size <= length) return Value::String(std::move(s));
  std::int64_t keep = length - static_cast<std::int64_t>(Utf8Length(ellipsis));
  if (keep < 0) keep = 0;
  if (keep > size) keep = size;
  std::string out = s.substr(0, offsets[keep]);
  out += ellipsis;
  return Str(std::move(out), env);
}

Value FTruncatewords(const Value& in, const Value* a, std::size_t n, const FilterEnv& env) {
  if (in.is_nil()) return Value();
  std::string s = ToS(in);
  std::int64_t words = n > 0 ? ToInteger(a[0]) : 15;
  if (words <= 0) words = 1;
  std::vector<std::string_view> list;
  std::size_t i = 0;
  bool more = false;
  while (i < s.size()) {
    while (i < s.size() && IsRubySpace(s[i])) ++i;
    if (i >= s.size()) break;
    if (static_cast<std::int64_t>(list.size()) == words) {
      more = true;
      break;
    }
    std::size_t start = i;
    while (i < s.size() && !IsRubySpace(s[i])) ++i;
    list.emplace_back(std::string_view(s).substr(start, i - start));
  }
  if (!more) return Value::String(std::move(s));
  std::string out;
  for (std::size_t k = 0; k < list.size(); ++k) {
    if (k > 0) out += ' ';
    out += list[k];
  }
  out += n > 1 ? ToS(a[1]) : "...";
  return Str(std::move(out), env);
}

std::vector<Value> SplitString(std::string_view s, std::string_view pattern) {
  std::vector<Value> out;
  if (s.empty()) return out;
  if (pattern == " ") {
    std::size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && IsRubySpace(s[i])) ++i;
      if (i >= s.size()) break;
      std::size_t start = i;
      while (i < s.size() && !IsRubySpace(s[i])) ++i;
      out.push_back(Value::String(std::string(s.substr(start, i - start))));
    }
    return out;
  }
  if (pattern.empty()) {
    std::vector<std::size_t> offsets;
    CharOffsets(s, &offsets);
    for (std::size_t k = 0; k + 1 < offsets.size(); ++k) {
      out.push_back(Value::String(std::string(s.substr(offsets[k], offsets[k + 1] - offsets[k]))));
    }
    return out;
  }
  std::size_t start = 0;
  while (true) {
    std::size_t pos = s.find(pattern, start);
    if (pos == std::string_view::npos) {
      out.push_back(Value::String(std::string(s.substr(start))));
      break;
    }
    out.push_back(Value::String(std::string(s.substr(start, pos - start))));
    start = pos + pattern.size();
  }
  while (!out.empty() && out.back().str().empty()) out.pop_back();
  return out;
}

Value FSplit(const Value& in, const Value* a, std::size_t, const FilterEnv& env) {
  std::string s = ToS(in);
  return Arr(SplitString(s, ToS(a[0])), env);
}

std::string_view StripView(std::string_view s, bool left, bool right) {
  auto space = [](char c) { return IsRubySpace(c) || c == '\0'; };
  std::size_t b = 0, e = s.size();
  if (left) {
    while (b < e && space(s[b])) ++b;
  }
  if (right) {
    while (e > b && space(s[e - 1])) --e;
  }
  return s.substr(b, e - b);
}

Value FStrip(const Value& in, const Value*, std::size_t, const FilterEnv&) {
  return Value::String(std::string(StripView(ToS(in), true, true)));
}
Value FLstrip(const Value& in, const Value*, std::size_t, const FilterEnv&) {
  return Value::String(std::string(StripView(ToS(in), true, false)));
}
Value FRstrip(const Value& in, const Value*, std::size_t, const FilterEnv&) {
  return Value::String(std::string(StripView(ToS(in), false, true)));
}

// Finds `close` at or after `from`; npos when absent.
std::size_t FindFrom(std::string_view s, std::string_view what, std::size_t from) { return s.find(what, from); }

Value FStripHtml(const Value& in, const Value*, std::size_t, const FilterEnv&) {
  std::string s = ToS(in);
  // Blocks whose content is not text: <script>, <!-- -->, <style>.
  std::string pass;
  pass.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '<') {
      std::string_view rest = std::string_view(s).substr(i);
      std::size_t end = std::string_view::npos;
      if (rest.substr(0, 7) == "<script") {
        std::size_t close = FindFrom(s, "</script>", i + 7);
        if (close != std::string::npos) end = close + 9;
      }
      if (end == std::string_view::npos && rest.substr(0, 4) == "<!--") {
        std::size_t close = FindFrom(s, "-->", i + 4);
        if (close != std::string::npos) end = close + 3;
      }
      if (end == std::string_view::npos && rest.substr(0, 6) == "<style") {
        std::size_t close = FindFrom(s, "</style>", i + 6);
        if (close != std::string::npos) end = close + 8;
      }
      if (end != std::string_view::npos) {
        i = end;
        continue;
      }
    }
    pass += s[i++];
  }
  std::string out;
  out.reserve(pass.size());
  i = 0;
  while (i < pass.size()) {
    if (pass[i] == '<') {
      std::size_t close = pass.find('>', i + 1);
      if (close != std::string::npos) {
        i = close + 1;
        continue;
      }
    }
    out += pass[i++];
  }
  return Value::String(std::move(out));
}

Value FStripNewlines(const Value& in, const Value*, std::size_t, const FilterEnv&) {
  std::string s = ToS(in);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') continue;
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    out += s[i];
  }
  return Value::String(std::move(out));
}

Value FNewlineToBr(const Value& in, const Value*, std::size_t, const FilterEnv& env) {
  std::string s = ToS(in);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    if (s[i] == '\n') {
      out += "<br />\n";
    } else {
      out += s[i];
    }
  }
  return Str(std::move(out), env);
}

enum class Which { kAll, kFirst, kLast };

std::string ReplaceIn(std::string_view s, std::string_view pattern, std::string_view replacement, Which which,
                      const FilterEnv& env) {
  std::string out;
  if (pattern.empty()) {
    if (which == Which::kFirst) return std::string(replacement) + std::string(s);
    if (which == Which::kLast) return std::string(s) + std::string(replacement);
    std::vector<std::size_t> offsets;
    CharOffsets(s, &offsets);
    for (std::size_t k = 0; k + 1 < offsets.size(); ++k) {
      out += replacement;
      out.append(s.substr(offsets[k], offsets[k + 1] - offsets[k]));
      if (out.size() > env.max_string_bytes) break;
    }
    out += replacement;
    return out;
  }
  if (which == Which::kLast) {
    std::size_t pos = s.rfind(pattern);
    if (pos == std::string_view::npos) return std::string(s);
    out.append(s.substr(0, pos));
    out.append(replacement);
    out.append(s.substr(pos + pattern.size()));
    return out;
  }
  std::size_t start = 0;
  while (true) {
    std::size_t pos = s.find(pattern, start);
    if (pos == std::string_view::npos) break;
    out.append(s.substr(start, pos - start));
    out.append(replacement);
    start = pos + pattern.size();
    if (which == Which::kFirst || out.size() > env.max_string_bytes) break;
  }
  out.append(s.substr(start));
  return out;
}

Value FReplace(const Value& in, const Value* a, std::size_t n, const FilterEnv& env) {
  return Str(ReplaceIn(ToS(in), ToS(a[0]), n > 1 ? ToS(a[1]) : std::string(), Which::kAll, env), env);
}
Value FReplaceFirst(const Value& in, const Value* a, std::size_t n, const FilterEnv& env) {
  return Str(ReplaceIn(ToS(in), ToS(a[0]), n > 1 ? ToS(a[1]) : std::string(), Which::kFirst, env), env);
}
Value FReplaceLast(const Value& in, const Value* a, std::size_t, const FilterEnv& env) {
  return Str(ReplaceIn(ToS(in), ToS(a[0]), ToS(a[1]), Which::kLast, env), env);
}
Value FRemove(const Value& in, const Value* a, std::size_t, const FilterEnv& env) {
  return Str(ReplaceIn(ToS(in), ToS(a[0]), "", Which::kAll, env), env);
}
Value FRemoveFirst(const Value& in, const Value* a, std::size_t, const FilterEnv& env) {
  return Str(ReplaceIn(ToS(in), ToS(a[0]), "", Which::kFirst, env), env);
}
Value FRemoveLast(const Value& in, const Value* a, std::size_t, const FilterEnv& env) {
  return Str(ReplaceIn(ToS(in), ToS(a[0]), "", Which::kLast, env), env);
}

// ---- date ----------------------------------------------------------------------

Value FDate(const Value& in, const Value* a, std::size_t, const FilterEnv& env) {
  std::string format = ToS(a[0]);
  if (format.empty()) return in;
  const TimeZone& zone = env.zone != nullptr ? *env.zone : UtcZone();
  std::optional<Instant> t;
  if (in.is_int()) {
    t = in.as_int();
  } else if (in.is_string()) {
    std::string_view s = in.str();
    if (s.empty()) return in;
    std::string lower = Downcase(s);
    if (lower == "now" || lower == "today") {
      t = env.now;
    } else if (std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) && s.size() <= 18) {
      t = std::strtoll(std::string(s).c_str(), nullptr, 10);
    } else {
      t = ParseDateString(s, zone, env.now);
    }
  }
  // Years 1 to 9999: enough for any message, and the calendar maths stays
  // far from overflow.
  if (!t || *t < -62135596800 || *t > 253402300799) return in;
  return Str(RubyStrftime(format, *t, zone), env);
}

// ---- math ------------------------------------------------------------------------

Value FPlus(const Value& in, const Value* a, std::size_t, const FilterEnv&) {
  return NumToValue(NumAdd(ToNumber(in), ToNumber(a[0])));
}
Value FMinus(const Value& in, const Value* a, std::size_t, const FilterEnv&) {
  return NumToValue(NumSub(ToNumber(in), ToNumber(a[0])));
}
Value FTimes(const Value& in, const Value* a, std::size_t, const FilterEnv&) {
  return NumToValue(NumMul(ToNumber(in), ToNumber(a[0])));
}
Value FDividedBy(const Value& in, const Value* a, std::size_t, const FilterEnv&) {
  return NumToValue(NumDiv(ToNumber(in), ToNumber(a[0])));
}
Value FModulo(const Value& in, const Value* a, std::size_t, const FilterEnv&) {
  return NumToValue(NumMod(ToNumber(in), ToNumber(a[0])));
}
Value FAbs(const Value& in, const Value*, std::size_t, const FilterEnv&) { return NumToValue(NumAbs(ToNumber(in))); }
Value FCeil(const Value& in, const Value*, std::size_t, const FilterEnv&) { return NumToValue(NumCeil(ToNumber(in))); }
Value FFloor(const Value& in, const Value*, std::size_t, const FilterEnv&) {
  return NumToValue(NumFloor(ToNumber(in)));
}

Value FRound(const Value& in, const Value* a, std::size_t n, const FilterEnv&) {
  std::int64_t digits = 0;
  if (n > 0) {
    Num d = ToNumber(a[0]);
    if (d.kind == Num::Kind::kInt) {
      digits = d.i;
    } else {
      double x = NumToDouble(d);
      digits = x > 1000 ? 1000 : (x < -1000 ? -1000 : static_cast<std::int64_t>(x));
    }
  }
  if (digits > 1000) digits = 1000;
  if (digits < -1000) digits = -1000;
  return NumToValue(NumRound(ToNumber(in), digits));
}

Value FAtLeast(const Value& in, const Value* a, std::size_t, const FilterEnv&) {
  Num min = ToNumber(a[0]);
  Num value = ToNumber(in);
  return NumToValue(NumCompare(min, value) > 0 ? min : value);
}

Value FAtMost(const Value& in, const Value* a, std::size_t, const FilterEnv&) {
  Num max = ToNumber(a[0]);
  Num value = ToNumber(in);
  return NumToValue(NumCompare(max, value) < 0 ? max : value);
}

// ---- arrays ---------------------------------------------------------------------

Value FSize(const Value& in, const Value*, std::size_t, const FilterEnv&) {
  switch (in.kind()) {
    case Value::Kind::kString: return Value::Int(static_cast<std::int64_t>(Utf8Length(in.str())));
    case Value::Kind::kArray: return Value::Int(static_cast<std::int64_t>(in.ArraySize()));
    case Value::Kind::kObject: return Value::Int(static_cast<std::int64_t>(in.ObjectSize()));
    case Value::Kind::kRange: return Value::Int(in.range_size());
    case Value::Kind::kInt: return Value::Int(8);  // Integer#size: bytes of the machine word
    default: return Value::Int(0);
  }
}

Value FFirst(const Value& in, const Value*, std::size_t, const FilterEnv&) {
  switch (in.kind()) {
    case Value::Kind::kArray: return in.ArraySize() > 0 ? in.ArrayAt(0) : Value();
    case Value::Kind::kRange: return in.range_size() > 0 ? Value::Int(in.range_lo()) : Value();
    case Value::Kind::kObject: return in.FirstPair();
    default: return Value();
  }
}

Value FLast(const Value& in, const Value*, std::size_t, const FilterEnv&) {
  switch (in.kind()) {
    case Value::Kind::kArray: return in.ArraySize() > 0 ? in.ArrayAt(in.ArraySize() - 1) : Value();
    case Value::Kind::kRange: return in.range_size() > 0 ? Value::Int(in.range_hi()) : Value();
    default: return Value();
  }
}

Value FJoin(const Value& in, const Value* a, std::size_t n, const FilterEnv& env) {
  std::string glue = n > 0 ? ToS(a[0]) : " ";
  std::string out;
  if (in.is_range()) {
    // Joined without materialising the range.
    for (std::int64_t i = in.range_lo(); i <= in.range_hi(); ++i) {
      if (i != in.range_lo()) out += glue;
      out += std::to_string(i);
      if (out.size() > env.max_string_bytes) Str(std::move(out), env);
    }
    return Value::String(std::move(out));
  }
  std::vector<Value> items = Items(in, env);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += glue;
    AppendToS(items[i], out);
    if (out.size() > env.max_string_bytes) Str(std::move(out), env);
  }
  return Value::String(std::move(out));
}

Value FReverse(const Value& in, const Value*, std::size_t, const FilterEnv& env) {
  std::vector<Value> items = Items(in, env);
  std::reverse(items.begin(), items.end());
  return Value::Array(std::move(items));
}

Value FConcat(const Value& in, const Value* a, std::size_t, const FilterEnv& env) {
  if (!a[0].is_array()) Fail("concat filter requires an array argument");
  std::vector<Value> items = Items(in, env);
  std::size_t n = a[0].ArraySize();
  for (std::size_t i = 0; i < n; ++i) items.push_back(a[0].ArrayAt(i));
  return Arr(std::move(items), env);
}

Value FCompact(const Value& in, const Value* a, std::size_t n, const FilterEnv& env) {
  std::vector<Value> items = Items(in, env);
  std::vector<Value> out;
  if (n == 0 || a[0].is_nil()) {
    for (Value& v : items) {
      if (!v.is_nil()) out.push_back(std::move(v));
    }
    return Value::Array(std::move(out));
  }
  for (Value& v : items) {
    Value field;
    Lookup l = Index(v, a[0], &field);
    if (l == Lookup::kNoMethod) return Value();
    if (l == Lookup::kTypeError) PropertyError(a[0]);
    if (!field.is_nil()) out.push_back(std::move(v));
  }
  return Value::Array(std::move(out));
}

Value FMap(const Value& in, const Value* a, std::size_t, const FilterEnv& env) {
  std::vector<Value> items = Items(in, env);
  std::vector<Value> out;
  out.reserve(items.size());
  for (Value& v : items) {
    if (a[0].is_string() && a[0].str() == "to_liquid") {
      out.push_back(std::move(v));
      continue;
    }
    Value field;
    Lookup l = Index(v, a[0], &field);
    if (l == Lookup::kTypeError) PropertyError(a[0]);
    out.push_back(std::move(field));
  }
  return Value::Array(std::move(out));
}

// Liquid's nil_safe_compare: nils sort last, incomparable values fail.
int NilSafeCompare(const Value& x, const Value& y) {
  int c = 0;
  if (Compare(x, y, &c)) return c;
  if (x.is_nil()) return 1;
  if (y.is_nil()) return -1;
  Fail("cannot sort values of incompatible types");
}

int CaseCompare(std::string_view x, std::string_view y) {
  std::size_t n = std::min(x.size(), y.size());
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char a = static_cast<unsigned char>(x[i]);
    unsigned char b = static_cast<unsigned char>(y[i]);
    if (a >= 'A' && a <= 'Z') a = static_cast<unsigned char>(a + 32);
    if (b >= 'A' && b <= 'Z') b = static_cast<unsigned char>(b + 32);
    if (a != b) return a < b ? -1 : 1;
  }
  return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
}

int NilSafeCaseCompare(const Value& x, const Value& y) {
  if (!x.is_nil() && !y.is_nil()) return CaseCompare(ToS(x), ToS(y));
  if (x.is_nil() && y.is_nil()) return 0;
  return x.is_nil() ? 1 : -1;
}

Value SortBy(const Value& in, const Value* a, std::size_t n, const FilterEnv& env, bool natural) {
  std::vector<Value> items = Items(in, env);
  if (items.empty()) return Value::Array({});
  auto cmp = natural ? NilSafeCaseCompare : NilSafeCompare;
  if (n == 0 || a[0].is_nil()) {
    std::stable_sort(items.begin(), items.end(), [&](const Value& x, const Value& y) { return cmp(x, y) < 0; });
    return Value::Array(std::move(items));
  }
  for (const Value& v : items) {
    if (!RespondsToIndex(v)) return Value();
  }
  std::vector<std::pair<Value, std::size_t>> keyed;
  keyed.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    Value field;
    if (Index(items[i], a[0], &field) == Lookup::kTypeError) PropertyError(a[0]);
    keyed.emplace_back(std::move(field), i);
  }
  std::stable_sort(keyed.begin(), keyed.end(),
                   [&](const auto& x, const auto& y) { return cmp(x.first, y.first) < 0; });
  std::vector<Value> out;
  out.reserve(items.size());
  for (auto& k : keyed) out.push_back(std::move(items[k.second]));
  return Value::Array(std::move(out));
}

Value FSort(const Value& in, const Value* a, std::size_t n, const FilterEnv& env) {
  return SortBy(in, a, n, env, false);
}
Value FSortNatural(const Value& in, const Value* a, std::size_t n, const FilterEnv& env) {
  return SortBy(in, a, n, env, true);
}

// A key that is equal for values Ruby's uniq (eql?) considers the same.
std::string UniqKey(const Value& v) {
  std::string key(1, static_cast<char>('a' + static_cast<int>(v.kind())));
  AppendInspect(v, key);
  return key;
}

Value FUniq(const Value& in, const Value* a, std::size_t n, const FilterEnv& env) {
  std::vector<Value> items = Items(in, env);
  std::vector<Value> out;
  std::unordered_set<std::string> seen;
  bool by_property = n > 0 && !a[0].is_nil();
  for (Value& v : items) {
    std::string key;
    if (by_property) {
      Value field;
      Lookup l = Index(v, a[0], &field);
      if (l == Lookup::kNoMethod) return Value();
      if (l == Lookup::kTypeError) PropertyError(a[0]);
      key = UniqKey(field);
    } else {
      key = UniqKey(v);
    }
    if (seen.insert(std::move(key)).second) out.push_back(std::move(v));
  }
  return Value::Array(std::move(out));
}

// Liquid's filter_array, shared by where/reject/has/find/find_index.
enum class ArrayOp { kWhere, kReject, kHas, kFind, kFindIndex };

Value FilterArray(const Value& in, const Value* a, std::size_t n, const FilterEnv& env, ArrayOp op) {
  std::vector<Value> items = Items(in, env);
  if (items.empty()) {
    switch (op) {
      case ArrayOp::kWhere:
      case ArrayOp::kReject: return Value::Array({});
      case ArrayOp::kHas: return Value::Bool(false);
      default: return Value();
    }
  }
  const Value& property = a[0];
  const Value& target = Arg(a, n, 1, kNil);
  std::vector<Value> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    Value field;
    Lookup l = Index(items[i], property, &field);
    if (l == Lookup::kNoMethod) return Value();
    if (l == Lookup::kTypeError) {
      // An undefined property selects nothing rather than failing.
      if (property.is_nil()) return Value();
      PropertyError(property);
    }
    bool match = target.is_nil() ? field.truthy() : Equal(field, target);
    switch (op) {
      case ArrayOp::kWhere:
        if (match) out.push_back(items[i]);
        break;
      case ArrayOp::kReject:
        if (!match) out.push_back(items[i]);
        break;
      case ArrayOp::kHas:
        if (match) return Value::Bool(true);
        break;
      case ArrayOp::kFind:
        if (match) return items[i];
        break;
      case ArrayOp::kFindIndex:
        if (match) return Value::Int(static_cast<std::int64_t>(i));
        break;
    }
  }
  switch (op) {
    case ArrayOp::kHas: return Value::Bool(false);
    case ArrayOp::kFind:
    case ArrayOp::kFindIndex: return Value();
    default: return Value::Array(std::move(out));
  }
}

Value FWhere(const Value& in, const Value* a, std::size_t n, const FilterEnv& env) {
  return FilterArray(in, a, n, env, ArrayOp::kWhere);
}
Value FReject(const Value& in, const Value* a, std::size_t n, const FilterEnv& env) {
  return FilterArray(in, a, n, env, ArrayOp::kReject);
}
Value FHas(const Value& in, const Value* a, std::size_t n, const FilterEnv& env) {
  return FilterArray(in, a, n, env, ArrayOp::kHas);
}
Value FFind(const Value& in, const Value* a, std::size_t n, const FilterEnv& env) {
  return FilterArray(in, a, n, env, ArrayOp::kFind);
}
Value FFindIndex(const Value& in, const Value* a, std::size_t n, const FilterEnv& env) {
  return FilterArray(in, a, n, env, ArrayOp::kFindIndex);
}

Value FSum(const Value& in, const Value* a, std::size_t n, const FilterEnv& env) {
  std::vector<Value> items = Items(in, env);
  bool by_property = n > 0 && !a[0].is_nil();
  std::vector<Value> values;
  values.reserve(items.size());
  for (Value& v : items) {
    if (!by_property) {
      values.push_back(std::move(v));
      continue;
    }
    if (!RespondsToIndex(v)) {
      values.push_back(Value::Int(0));
      continue;
    }
    Value field;
    if (Index(v, a[0], &field) == Lookup::kTypeError) PropertyError(a[0]);
    values.push_back(std::move(field));
  }
  Num total;
  for (const Value& v : Items(Value::Array(std::move(values)), env)) total = NumAdd(total, ToNumber(v));
  return NumToValue(total);
}

// ---- default and json -------------------------------------------------------------

Value FDefault(const Value& in, const Value* a, std::size_t n, const FilterEnv& env) {
  bool allow_false = env.allow_false != nullptr && env.allow_false->truthy();
  bool use_default = allow_false ? in.is_nil() : !in.truthy();
  if (!use_default) {
    switch (in.kind()) {
      case Value::Kind::kString:
      case Value::Kind::kArray:
      case Value::Kind::kObject:
      case Value::Kind::kEmpty:
      case Value::Kind::kBlank: use_default = IsEmpty(in) || in.kind() == Value::Kind::kEmpty ||
                                              in.kind() == Value::Kind::kBlank;
        break;
      default: break;
    }
  }
  if (!use_default) return in;
  return n > 0 ? a[0] : Value::String("");
}

Value FJson(const Value& in, const Value*, std::size_t, const FilterEnv& env) {
  if (in.is_range() && static_cast<std::size_t>(in.range_size()) > env.max_items) {
    Fail("a range has more than " + std::to_string(env.max_items) + " items");
  }
  return Str(ToJson(in).dump(-1, ' ', false, Json::error_handler_t::replace), env);
}

const FilterSpec kFilters[] = {
    {"abs", 0, 0, false, FAbs},
    {"append", 1, 1, false, FAppend},
    {"at_least", 1, 1, false, FAtLeast},
    {"at_most", 1, 1, false, FAtMost},
    {"base64_decode", 0, 0, false, FBase64Decode},
    {"base64_encode", 0, 0, false, FBase64Encode},
    {"base64_url_safe_decode", 0, 0, false, FBase64UrlSafeDecode},
    {"base64_url_safe_encode", 0, 0, false, FBase64UrlSafeEncode},
    {"capitalize", 0, 0, false, FCapitalize},
    {"ceil", 0, 0, false, FCeil},
    {"compact", 0, 1, false, FCompact},
    {"concat", 1, 1, false, FConcat},
    {"date", 1, 1, false, FDate},
    {"default", 0, 1, true, FDefault},
    {"divided_by", 1, 1, false, FDividedBy},
    {"downcase", 0, 0, false, FDowncase},
    {"escape", 0, 0, false, FEscape},
    {"escape_once", 0, 0, false, FEscapeOnce},
    {"find", 1, 2, false, FFind},
    {"find_index", 1, 2, false, FFindIndex},
    {"first", 0, 0, false, FFirst},
    {"floor", 0, 0, false, FFloor},
    {"h", 0, 0, false, FEscape},
    {"has", 1, 2, false, FHas},
    {"join", 0, 1, false, FJoin},
    {"json", 0, 0, false, FJson},
    {"last", 0, 0, false, FLast},
    {"lstrip", 0, 0, false, FLstrip},
    {"map", 1, 1, false, FMap},
    {"minus", 1, 1, false, FMinus},
    {"modulo", 1, 1, false, FModulo},
    {"newline_to_br", 0, 0, false, FNewlineToBr},
    {"plus", 1, 1, false, FPlus},
    {"prepend", 1, 1, false, FPrepend},
    {"reject", 1, 2, false, FReject},
    {"remove", 1, 1, false, FRemove},
    {"remove_first", 1, 1, false, FRemoveFirst},
    {"remove_last", 1, 1, false, FRemoveLast},
    {"replace", 1, 2, false, FReplace},
    {"replace_first", 1, 2, false, FReplaceFirst},
    {"replace_last", 2, 2, false, FReplaceLast},
    {"reverse", 0, 0, false, FReverse},
    {"round", 0, 1, false, FRound},
    {"rstrip", 0, 0, false, FRstrip},
    {"size", 0, 0, false, FSize},
    {"slice", 1, 2, false, FSlice},
    {"sort", 0, 1, false, FSort},
    {"sort_natural", 0, 1, false, FSortNatural},
    {"split", 1, 1, false, FSplit},
    {"strip", 0, 0, false, FStrip},
    {"strip_html", 0, 0, false, FStripHtml},
    {"strip_newlines", 0, 0, false, FStripNewlines},
    {"sum", 0, 1, false, FSum},
    {"times", 1, 1, false, FTimes},
    {"truncate", 0, 2, false, FTruncate},
    {"truncatewords", 0, 2, false, FTruncatewords},
    {"uniq", 0, 1, false, FUniq},
    {"upcase", 0, 0, false, FUpcase},
    {"url_decode", 0, 0, false, FUrlDecode},
    {"url_encode", 0, 0, false, FUrlEncode},
    {"where", 1, 2, false, FWhere},
};

}  // namespace

const FilterSpec* FindFilter(std::string_view name) {
  // The table is sorted by name.
  const FilterSpec* begin = std::begin(kFilters);
  const FilterSpec* end = std::end(kFilters);
  const FilterSpec* it =
      std::lower_bound(begin, end, name, [](const FilterSpec& f, std::string_view n) { return f.name < n; });
  if (it != end && it->name == name) return it;
  return nullptr;
}

std::int64_t ToInteger(const Value& v) {
  if (v.is_int()) return v.as_int();
  std::string s = ToS(v);
  // Ruby's Integer(): optional whitespace and sign, digits (single underscores
  // between them), nothing else.
  std::size_t i = 0, e = s.size();
  while (i < e && IsRubySpace(s[i])) ++i;
  while (e > i && IsRubySpace(s[e - 1])) --e;
  bool negative = false;
  if (i < e && (s[i] == '+' || s[i] == '-')) {
    negative = s[i] == '-';
    ++i;
  }
  if (i >= e) Fail("invalid integer");
  __int128 value = 0;
  bool prev_digit = false;
  for (; i < e; ++i) {
    char c = s[i];
    if (c == '_' && prev_digit && i + 1 < e && s[i + 1] >= '0' && s[i + 1] <= '9') {
      prev_digit = false;
      continue;
    }
    if (c < '0' || c > '9') Fail("invalid integer");
    prev_digit = true;
    value = value * 10 + (c - '0');
    if (value > static_cast<__int128>(INT64_MAX)) Fail("integer out of range");
  }
  return static_cast<std::int64_t>(negative ? -value : value);
}

Value RangeToArray(const Value& range, const FilterEnv& env) {
  if (static_cast<std::size_t>(range.range_size()) > env.max_items) {
    Fail("a range has more than " + std::to_string(env.max_items) + " items");
  }
  std::vector<Value> out;
  out.reserve(static_cast<std::size_t>(range.range_size()));
  for (std::int64_t i = range.range_lo(); i <= range.range_hi(); ++i) out.push_back(Value::Int(i));
  return Value::Array(std::move(out));
}

}  // namespace flowproof::liquid::internal
