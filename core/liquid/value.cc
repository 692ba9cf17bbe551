#include "core/liquid/value.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace flowproof::liquid::internal {
namespace {

// Containers nested deeper than this are printed as "..." and compared as
// unequal: JSON from the outside may be arbitrarily deep, the C++ stack is not.
constexpr int kMaxNesting = 100;

}  // namespace

Value Value::Array(std::vector<Value> items) {
  Value v;
  v.kind_ = Kind::kArray;
  v.json_ = nullptr;
  v.hold_ = std::make_shared<std::vector<Value>>(std::move(items));
  return v;
}

Value Value::Loop(std::shared_ptr<LoopState> loop) {
  Value v;
  v.kind_ = Kind::kLoop;
  v.hold_ = std::move(loop);
  return v;
}

const std::vector<Value>* Value::vec() const {
  if (kind_ != Kind::kArray || json_ != nullptr) return nullptr;
  return static_cast<const std::vector<Value>*>(hold_.get());
}

LoopState* Value::loop() const {
  return kind_ == Kind::kLoop ? static_cast<LoopState*>(hold_.get()) : nullptr;
}

std::size_t Value::ArraySize() const {
  if (kind_ != Kind::kArray) return 0;
  if (json_ != nullptr) return VisitJson([](const auto& j) { return j.size(); });
  return static_cast<const std::vector<Value>*>(hold_.get())->size();
}

Value Value::ArrayAt(std::size_t i) const {
  if (json_ != nullptr) return VisitJson([i](const auto& j) { return FromJson(j[i]); });
  return (*static_cast<const std::vector<Value>*>(hold_.get()))[i];
}

Value Value::FirstPair() const {
  return VisitJson([](const auto& j) {
    if (j.empty()) return Value();
    std::vector<Value> pair;
    pair.push_back(StringRef(&j.begin().key()));
    pair.push_back(FromJson(j.begin().value()));
    return Array(std::move(pair));
  });
}

// ---- numbers ----------------------------------------------------------------

void AppendFloat(double d, std::string& out) {
  if (std::isnan(d)) {
    out += "NaN";
    return;
  }
  if (std::isinf(d)) {
    out += d < 0 ? "-Infinity" : "Infinity";
    return;
  }
  if (d == 0) {
    out += std::signbit(d) ? "-0.0" : "0.0";
    return;
  }
  // Shortest digits that read back as the same double (what Ruby prints).
  char buf[40];
  int precision = 1;
  for (; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*e", precision - 1, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  // buf: "-d.ddddde+XX"
  const char* p = buf;
  bool negative = false;
  if (*p == '-') {
    negative = true;
    ++p;
  }
  char digits[24];
  int n = 0;
  for (; *p != 'e'; ++p) {
    if (*p != '.') digits[n++] = *p;
  }
  int exponent = std::atoi(p + 1);
  while (n > 1 && digits[n - 1] == '0') --n;
  int decpt = exponent + 1;  // value = 0.DIGITS x 10^decpt
  if (negative) out += '-';
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-decpt), '0');
      out.append(digits, n);
    } else if (decpt >= n) {
      out.append(digits, n);
      out.append(static_cast<std::size_t>(decpt - n), '0');
      out += ".0";
    } else {
      out.append(digits, decpt);
      out += '.';
      out.append(digits + decpt, n - decpt);
    }
    return;
  }
  out += digits[0];
  out += '.';
  if (n > 1) {
    out.append(digits + 1, n - 1);
  } else {
    out += '0';
  }
  int e = decpt - 1;
  out += 'e';
  out += e < 0 ? '-' : '+';
  if (e < 0) e = -e;
  if (e < 10) out += '0';
  out += std::to_string(e);
}

std::string FormatFloat(double d) {
  std::string out;
  AppendFloat(d, out);
  return out;
}

// ---- strings ----------------------------------------------------------------

std::size_t Utf8Length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

namespace {

void AppendInspectString(std::string_view s, std::string& out) {
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\f': out += "\\f"; break;
      case '\v': out += "\\v"; break;
      case '\b': out += "\\b"; break;
      case '\a': out += "\\a"; break;
      case 0x1b: out += "\\e"; break;
      case '#':
        if (i + 1 < s.size() && (s[i + 1] == '{' || s[i + 1] == '$' || s[i + 1] == '@')) out += '\\';
        out += '#';
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, c == 0x7f ? "\\x%02X" : "\\u%04X", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

}  // namespace

void AppendInspect(const Value& v, std::string& out, int depth) {
  if (depth > kMaxNesting) {
    out += "...";
    return;
  }
  switch (v.kind()) {
    case Value::Kind::kNil: out += "nil"; return;
    case Value::Kind::kString: AppendInspectString(v.str(), out); return;
    case Value::Kind::kArray: {
      out += '[';
      std::size_t n = v.ArraySize();
      for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) out += ", ";
        AppendInspect(v.ArrayAt(i), out, depth + 1);
      }
      out += ']';
      return;
    }
    case Value::Kind::kObject: {
      out += '{';
      bool first = true;
      v.ForEachMember([&](const std::string& key, const Value& member) {
        if (!first) out += ", ";
        first = false;
        AppendInspectString(key, out);
        out += "=>";
        AppendInspect(member, out, depth + 1);
      });
      out += '}';
      return;
    }
    default: AppendToS(v, out);
  }
}

void AppendToS(const Value& v, std::string& out) {
  switch (v.kind()) {
    case Value::Kind::kNil: return;
    case Value::Kind::kBool: out += v.as_bool() ? "true" : "false"; return;
    case Value::Kind::kInt: out += std::to_string(v.as_int()); return;
    case Value::Kind::kFloat: AppendFloat(v.as_float(), out); return;
    case Value::Kind::kString: out += v.str(); return;
    case Value::Kind::kArray:
    case Value::Kind::kObject: AppendInspect(v, out); return;
    case Value::Kind::kRange:
      out += std::to_string(v.range_lo());
      out += "..";
      out += std::to_string(v.range_hi());
      return;
    case Value::Kind::kEmpty:
    case Value::Kind::kBlank: return;
    case Value::Kind::kLoop: out += v.loop()->tablerow ? "TablerowloopDrop" : "ForloopDrop"; return;
  }
}

std::string ToS(const Value& v) {
  if (v.is_string()) return std::string(v.str());
  std::string out;
  AppendToS(v, out);
  return out;
}

void AppendOutput(const Value& v, std::string& out, int depth) {
  switch (v.kind()) {
    case Value::Kind::kString: out += v.str(); return;
    case Value::Kind::kArray: {
      if (depth > kMaxNesting) return;
      std::size_t n = v.ArraySize();
      for (std::size_t i = 0; i < n; ++i) AppendOutput(v.ArrayAt(i), out, depth + 1);
      return;
    }
    default: AppendToS(v, out);
  }
}

// ---- comparison ---------------------------------------------------------------

bool Equal(const Value& a, const Value& b, int depth) {
  using K = Value::Kind;
  if (depth > kMaxNesting) return false;
  if (a.is_number() && b.is_number()) {
    if (a.is_int() && b.is_int()) return a.as_int() == b.as_int();
    double x = a.is_int() ? static_cast<double>(a.as_int()) : a.as_float();
    double y = b.is_int() ? static_cast<double>(b.as_int()) : b.as_float();
    return x == y;
  }
  if (a.kind() == K::kArray && b.kind() == K::kRange) return Equal(b, a, depth);
  if (a.kind() == K::kRange && b.kind() == K::kArray) {
    if (static_cast<std::size_t>(a.range_size()) != b.ArraySize()) return false;
    for (std::size_t i = 0; i < b.ArraySize(); ++i) {
      if (!Equal(Value::Int(a.range_lo() + static_cast<std::int64_t>(i)), b.ArrayAt(i), depth + 1)) return false;
    }
    return true;
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case K::kNil:
    case K::kEmpty:
    case K::kBlank: return true;
    case K::kBool: return a.as_bool() == b.as_bool();
    case K::kString: return a.str() == b.str();
    case K::kRange: return a.range_lo() == b.range_lo() && a.range_hi() == b.range_hi();
    case K::kArray: {
      std::size_t n = a.ArraySize();
      if (n != b.ArraySize()) return false;
      for (std::size_t i = 0; i < n; ++i) {
        if (!Equal(a.ArrayAt(i), b.ArrayAt(i), depth + 1)) return false;
      }
      return true;
    }
    case K::kObject: {
      if (a.ObjectSize() != b.ObjectSize()) return false;
      bool equal = true;
      a.ForEachMember([&](const std::string& key, const Value& member) {
        Value other;
        if (equal && !(b.ObjectFind(key, &other) && Equal(member, other, depth + 1))) equal = false;
      });
      return equal;
    }
    case K::kLoop: return a.loop() == b.loop();
    default: return false;
  }
}

bool IsBlank(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNil: return true;
    case Value::Kind::kBool: return !v.as_bool();
    case Value::Kind::kString:
      for (char c : v.str()) {
        if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')) return false;
      }
      return true;
    case Value::Kind::kArray: return v.ArraySize() == 0;
    case Value::Kind::kObject: return v.ObjectSize() == 0;
    case Value::Kind::kRange: return v.range_size() == 0;
    default: return false;
  }
}

bool IsEmpty(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kString: return v.str().empty();
    case Value::Kind::kArray: return v.ArraySize() == 0;
    case Value::Kind::kObject: return v.ObjectSize() == 0;
    case Value::Kind::kRange: return v.range_size() == 0;
    default: return false;
  }
}

bool Compare(const Value& a, const Value& b, int* cmp, int depth) {
  if (depth > kMaxNesting) return false;
  if (a.is_number() && b.is_number()) {
    if (a.is_int() && b.is_int()) {
      *cmp = a.as_int() < b.as_int() ? -1 : (a.as_int() > b.as_int() ? 1 : 0);
      return true;
    }
    double x = a.is_int() ? static_cast<double>(a.as_int()) : a.as_float();
    double y = b.is_int() ? static_cast<double>(b.as_int()) : b.as_float();
    if (std::isnan(x) || std::isnan(y)) return false;
    *cmp = x < y ? -1 : (x > y ? 1 : 0);
    return true;
  }
  if (a.is_string() && b.is_string()) {
    int c = a.str().compare(b.str());
    *cmp = c < 0 ? -1 : (c > 0 ? 1 : 0);
    return true;
  }
  if (a.is_array() && b.is_array()) {
    std::size_t n = std::min(a.ArraySize(), b.ArraySize());
    for (std::size_t i = 0; i < n; ++i) {
      int c = 0;
      if (!Compare(a.ArrayAt(i), b.ArrayAt(i), &c, depth + 1)) return false;
      if (c != 0) {
        *cmp = c;
        return true;
      }
    }
    *cmp = a.ArraySize() < b.ArraySize() ? -1 : (a.ArraySize() > b.ArraySize() ? 1 : 0);
    return true;
  }
  // Object#<=>: 0 for equal objects, otherwise not comparable.
  if (a.kind() == b.kind() && Equal(a, b, depth)) {
    *cmp = 0;
    return true;
  }
  return false;
}

OrderedJson ToJson(const Value& v, int depth) {
  if (depth > kMaxNesting) return nullptr;
  switch (v.kind()) {
    case Value::Kind::kNil: return nullptr;
    case Value::Kind::kBool: return v.as_bool();
    case Value::Kind::kInt: return v.as_int();
    case Value::Kind::kFloat: return v.as_float();
    case Value::Kind::kString: return std::string(v.str());
    case Value::Kind::kArray: {
      OrderedJson out = OrderedJson::array();
      std::size_t n = v.ArraySize();
      for (std::size_t i = 0; i < n; ++i) out.push_back(ToJson(v.ArrayAt(i), depth + 1));
      return out;
    }
    case Value::Kind::kObject: {
      // Serialised in iteration order (insertion order for ordered_json).
      OrderedJson out = OrderedJson::object();
      v.ForEachMember([&](const std::string& key, const Value& member) { out[key] = ToJson(member, depth + 1); });
      return out;
    }
    case Value::Kind::kRange: {
      OrderedJson out = OrderedJson::array();
      // Bounded by the caller (ranges are limited before they get here).
      for (std::int64_t i = v.range_lo(); i <= v.range_hi(); ++i) out.push_back(i);
      return out;
    }
    case Value::Kind::kEmpty:
    case Value::Kind::kBlank: return "";
    case Value::Kind::kLoop: {
      const LoopState& l = *v.loop();
      OrderedJson out = {{"index", l.index0 + 1}, {"index0", l.index0}, {"length", l.length},
                  {"rindex", l.length - l.index0}, {"rindex0", l.length - l.index0 - 1},
                  {"first", l.index0 == 0}, {"last", l.index0 == l.length - 1}};
      if (!l.tablerow) out["name"] = l.name;
      return out;
    }
  }
  return nullptr;
}

}  // namespace flowproof::liquid::internal
