// Runtime values of the Liquid engine (internal).
//
// A Value is what an expression evaluates to. Values read from the render
// data are borrowed: a string or array found in the data is referenced by
// pointer, never copied, so looking up `contact.first_name` for every contact
// costs no allocation. Values made while rendering (filter results, captured
// text, split arrays) own their storage.
//
//   Value name = Value::FromJson(data["contact"]["first_name"]);  // borrowed
//   Value upper = Value::String("ANA");                           // owned
//   std::string out;
//   AppendOutput(upper, out);                                     // "ANA"
//
// The semantics follow Shopify/liquid's Ruby objects: nil and false are the
// only falsy values, integers and floats are distinct, `blank` and `empty` are
// special literals.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/json.h"

namespace flowproof::liquid::internal {

using OrderedJson = nlohmann::ordered_json;

struct LoopState;

class Value {
 public:
  enum class Kind : std::uint8_t {
    kNil,
    kBool,
    kInt,
    kFloat,
    kString,
    kArray,   // a JSON array (borrowed) or an owned vector of values
    kObject,  // a JSON object (borrowed)
    kRange,   // (lo..hi), inclusive, never materialised unless needed
    kEmpty,   // the `empty` literal
    kBlank,   // the `blank` literal
    kLoop,    // forloop / tablerowloop
  };

  Value() : range_{0, 0} {}

  static Value Nil() { return Value(); }
  static Value Bool(bool b) {
    Value v;
    v.kind_ = Kind::kBool;
    v.b_ = b;
    return v;
  }
  static Value Int(std::int64_t i) {
    Value v;
    v.kind_ = Kind::kInt;
    v.i_ = i;
    return v;
  }
  static Value Float(double f) {
    Value v;
    v.kind_ = Kind::kFloat;
    v.f_ = f;
    return v;
  }
  static Value String(std::string s) {
    Value v;
    v.kind_ = Kind::kString;
    v.sref_ = nullptr;
    v.str_ = std::move(s);
    return v;
  }
  // A string that outlives the value (data, template text).
  static Value StringRef(const std::string* s) {
    Value v;
    v.kind_ = Kind::kString;
    v.sref_ = s;
    return v;
  }
  static Value Array(std::vector<Value> items);
  static Value Range(std::int64_t lo, std::int64_t hi) {
    Value v;
    v.kind_ = Kind::kRange;
    v.range_.lo = lo;
    v.range_.hi = hi;
    return v;
  }
  static Value Empty() {
    Value v;
    v.kind_ = Kind::kEmpty;
    return v;
  }
  static Value Blank() {
    Value v;
    v.kind_ = Kind::kBlank;
    return v;
  }
  static Value Loop(std::shared_ptr<LoopState> loop);
  // Borrows `j` (which must outlive the value): strings and containers are
  // referenced, scalars copied. Objects of an ordered_json keep their
  // insertion order when iterated.
  static Value FromJson(const Json& j) { return FromJsonT(j, false); }
  static Value FromJson(const OrderedJson& j) { return FromJsonT(j, true); }

  Kind kind() const { return kind_; }
  bool is_nil() const { return kind_ == Kind::kNil; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_int() const { return kind_ == Kind::kInt; }
  bool is_float() const { return kind_ == Kind::kFloat; }
  bool is_number() const { return kind_ == Kind::kInt || kind_ == Kind::kFloat; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }
  bool is_range() const { return kind_ == Kind::kRange; }
  // Liquid truthiness: only nil and false are falsy.
  bool truthy() const { return !(kind_ == Kind::kNil || (kind_ == Kind::kBool && !b_)); }

  bool as_bool() const { return b_; }
  std::int64_t as_int() const { return i_; }
  double as_float() const { return f_; }
  std::string_view str() const { return sref_ != nullptr ? std::string_view(*sref_) : std::string_view(str_); }
  // Moves an owned string out, or copies a borrowed one.
  std::string TakeString() && { return sref_ != nullptr ? *sref_ : std::move(str_); }
  std::int64_t range_lo() const { return range_.lo; }
  std::int64_t range_hi() const { return range_.hi; }
  std::int64_t range_size() const { return range_.hi >= range_.lo ? range_.hi - range_.lo + 1 : 0; }
  // kObject, and kArray backed by JSON (not an owned vector).
  bool json_backed() const { return (kind_ == Kind::kArray || kind_ == Kind::kObject) && json_ != nullptr; }
  // Calls f with the backing JSON (Json or OrderedJson); json_backed() only.
  template <typename F>
  decltype(auto) VisitJson(F&& f) const {
    if (ordered_) return f(*static_cast<const OrderedJson*>(json_));
    return f(*static_cast<const Json*>(json_));
  }
  // kObject access.
  std::size_t ObjectSize() const {
    return VisitJson([](const auto& j) { return j.size(); });
  }
  bool ObjectFind(std::string_view key, Value* out) const {
    return VisitJson([&](const auto& j) {
      auto it = j.find(key);
      if (it == j.end()) return false;
      *out = FromJson(*it);
      return true;
    });
  }
  // Members in iteration order (sorted keys, or insertion order for
  // ordered_json): f(const std::string& key, Value value).
  template <typename F>
  void ForEachMember(F&& f) const {
    VisitJson([&](const auto& j) {
      for (auto it = j.begin(); it != j.end(); ++it) f(it.key(), FromJson(it.value()));
    });
  }
  // [key, value] of the first member (Ruby's Hash#first), nil when empty.
  Value FirstPair() const;
  // kArray backed by an owned vector (null for JSON arrays).
  const std::vector<Value>* vec() const;
  LoopState* loop() const;

  // kArray: number of items and item access (JSON items are borrowed).
  std::size_t ArraySize() const;
  Value ArrayAt(std::size_t i) const;

 private:
  struct RangeData {
    std::int64_t lo;
    std::int64_t hi;
  };
  template <typename J>
  static Value FromJsonT(const J& j, bool ordered) {
    switch (j.type()) {
      case Json::value_t::string:
        return StringRef(j.template get_ptr<const std::string*>());
      case Json::value_t::number_integer:
        return Int(j.template get<std::int64_t>());
      case Json::value_t::number_unsigned: {
        std::uint64_t u = j.template get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(INT64_MAX)) return Float(static_cast<double>(u));
        return Int(static_cast<std::int64_t>(u));
      }
      case Json::value_t::number_float:
        return Float(j.template get<double>());
      case Json::value_t::boolean:
        return Bool(j.template get<bool>());
      case Json::value_t::array:
      case Json::value_t::object: {
        Value v;
        v.kind_ = j.is_array() ? Kind::kArray : Kind::kObject;
        v.json_ = &j;
        v.ordered_ = ordered;
        return v;
      }
      default:
        return Value();
    }
  }

  Kind kind_ = Kind::kNil;
  bool ordered_ = false;  // json_ is an OrderedJson
  union {
    bool b_;
    std::int64_t i_;
    double f_;
    const std::string* sref_;
    const void* json_;
    RangeData range_;
  };
  std::string str_;
  std::shared_ptr<void> hold_;  // owned vector<Value> or LoopState
};

// forloop and tablerowloop state, shared by the drop values that refer to it.
struct LoopState {
  std::string name;      // forloop.name: "item-order.items"
  std::int64_t length = 0;
  std::int64_t index0 = 0;
  std::int64_t cols = 0;  // tablerow only (0: not a tablerow)
  std::int64_t col = 1;
  std::int64_t row = 1;
  bool tablerow = false;
  std::shared_ptr<LoopState> parent;  // forloop.parentloop
};

// Ruby's Float#to_s: "5.0", "2.857142857142857", "1.0e+20".
std::string FormatFloat(double d);
void AppendFloat(double d, std::string& out);

// Ruby's to_s as Liquid applies it (Liquid::Utils.to_s): nil -> "", arrays
// and hashes inspected ("[1, 2]", {"a"=>1}), ranges "1..5".
std::string ToS(const Value& v);
void AppendToS(const Value& v, std::string& out);

// Ruby's inspect: strings quoted, nil as "nil".
void AppendInspect(const Value& v, std::string& out, int depth = 0);

// What `{{ v }}` writes: like ToS, except that arrays write their items one
// after the other (recursively) and nil items write nothing.
void AppendOutput(const Value& v, std::string& out, int depth = 0);

// Ruby ==: 1 == 1.0, "1" != 1, arrays and hashes by content.
bool Equal(const Value& a, const Value& b, int depth = 0);

// Ruby's blank?/empty? as Liquid emulates them for the `blank` and `empty`
// literals.
bool IsBlank(const Value& v);
bool IsEmpty(const Value& v);  // false for values that have no size

// Ruby <=>: sets *cmp and returns true when the two are comparable (numbers
// with numbers, strings with strings, arrays element-wise); false otherwise.
bool Compare(const Value& a, const Value& b, int* cmp, int depth = 0);

// The number of characters (UTF-8 code points) of a string.
std::size_t Utf8Length(std::string_view s);

// The value as a JSON document (ranges become arrays, drops objects); object
// members keep their iteration order.
OrderedJson ToJson(const Value& v, int depth = 0);

}  // namespace flowproof::liquid::internal
