// A small JSON Schema validator: the subset of draft 2020-12 that
// schema/trace.schema.json uses, so the native and WebAssembly suites can
// validate every trace line against the schema file itself (the JavaScript
// tests validate the same lines with Ajv, the full implementation).
//
//   SchemaLite schema(nlohmann::ordered_json::parse(text));
//   std::string why = schema.Validate(line);   // "" when valid
//
// Supported keywords: $ref (to "#/$defs/NAME"), type, enum, const, required,
// properties, additionalProperties (boolean or schema), items, pattern,
// minLength, minimum, maximum, allOf, anyOf, oneOf, not, if/then/else;
// annotations (description, title, $schema, $id, $comment, examples) are
// ignored. Any other keyword is reported as unsupported, so a schema that
// grows beyond this subset fails loudly instead of being half-checked.
// Besides validity, KeyOrder() checks that a line's keys come in the order
// the schema lists them (the core prints a fixed key order).
#pragma once

#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace flowproof::property {

class SchemaLite {
 public:
  using Doc = nlohmann::ordered_json;

  explicit SchemaLite(Doc schema) : root_(std::move(schema)) {}

  // "" when `value` is valid, else the first problem with its JSON Pointer.
  std::string Validate(const Doc& value) const { return Check(root_, value, ""); }

  const Doc& root() const { return root_; }

  // The schema reached by a "#/$defs/NAME" reference.
  const Doc& Resolve(const std::string& ref) const {
    static const Doc kEmpty = Doc::object();
    const std::string prefix = "#/$defs/";
    if (ref.rfind(prefix, 0) != 0) return kEmpty;
    auto defs = root_.find("$defs");
    if (defs == root_.end()) return kEmpty;
    auto it = defs->find(ref.substr(prefix.size()));
    return it == defs->end() ? kEmpty : *it;
  }

 private:
  static bool HasType(const Doc& value, const std::string& type) {
    if (type == "object") return value.is_object();
    if (type == "array") return value.is_array();
    if (type == "string") return value.is_string();
    if (type == "boolean") return value.is_boolean();
    if (type == "null") return value.is_null();
    if (type == "number") return value.is_number();
    if (type == "integer") {
      if (value.is_number_integer()) return true;
      if (!value.is_number_float()) return false;
      double d = value.get<double>();
      return d == static_cast<double>(static_cast<long long>(d));
    }
    return false;
  }

  const std::regex& Regex(const std::string& pattern) const {
    auto it = regexes_.find(pattern);
    if (it == regexes_.end()) it = regexes_.emplace(pattern, std::make_unique<std::regex>(pattern, std::regex::ECMAScript)).first;
    return *it->second;
  }

  std::string Check(const Doc& schema, const Doc& value, const std::string& at) const {
    if (schema.is_boolean()) return schema.get<bool>() ? "" : at + ": no value is allowed here";
    if (!schema.is_object()) return at + ": the schema is not an object";
    for (auto it = schema.begin(); it != schema.end(); ++it) {
      const std::string& key = it.key();
      const Doc& rule = it.value();
      std::string why;
      if (key == "$ref") {
        why = Check(Resolve(rule.get<std::string>()), value, at);
      } else if (key == "type") {
        bool ok = false;
        if (rule.is_string()) ok = HasType(value, rule.get<std::string>());
        else for (const Doc& t : rule) ok = ok || HasType(value, t.get<std::string>());
        if (!ok) why = at + ": must be of type " + rule.dump() + ", is " + value.dump();
      } else if (key == "enum") {
        bool ok = false;
        for (const Doc& option : rule) ok = ok || option == value;
        if (!ok) why = at + ": " + value.dump() + " is not one of " + rule.dump();
      } else if (key == "const") {
        if (rule != value) why = at + ": must be " + rule.dump() + ", is " + value.dump();
      } else if (key == "required") {
        if (value.is_object()) {
          for (const Doc& name : rule) {
            if (!value.contains(name.get<std::string>())) why = at + ": the field '" + name.get<std::string>() + "' is missing";
            if (!why.empty()) break;
          }
        }
      } else if (key == "properties") {
        if (value.is_object()) {
          for (auto p = rule.begin(); p != rule.end() && why.empty(); ++p) {
            auto field = value.find(p.key());
            if (field != value.end()) why = Check(p.value(), *field, at + "/" + p.key());
          }
        }
      } else if (key == "additionalProperties") {
        if (value.is_object()) {
          const Doc* listed = schema.contains("properties") ? &schema["properties"] : nullptr;
          for (auto f = value.begin(); f != value.end() && why.empty(); ++f) {
            if (listed != nullptr && listed->contains(f.key())) continue;
            if (rule.is_boolean() && !rule.get<bool>()) why = at + ": the field '" + f.key() + "' is not allowed";
            else why = Check(rule, f.value(), at + "/" + f.key());
          }
        }
      } else if (key == "items") {
        if (value.is_array()) {
          for (std::size_t i = 0; i < value.size() && why.empty(); ++i) why = Check(rule, value[i], at + "/" + std::to_string(i));
        }
      } else if (key == "pattern") {
        if (value.is_string() && !std::regex_search(value.get<std::string>(), Regex(rule.get<std::string>()))) {
          why = at + ": " + value.dump() + " does not match " + rule.get<std::string>();
        }
      } else if (key == "minLength") {
        // Counted in bytes: every minimum in the schema is 1.
        if (value.is_string() && value.get<std::string>().size() < rule.get<std::size_t>()) why = at + ": too short";
      } else if (key == "minimum") {
        if (value.is_number() && value.get<double>() < rule.get<double>()) why = at + ": below " + rule.dump();
      } else if (key == "maximum") {
        if (value.is_number() && value.get<double>() > rule.get<double>()) why = at + ": above " + rule.dump();
      } else if (key == "allOf") {
        for (const Doc& sub : rule) {
          why = Check(sub, value, at);
          if (!why.empty()) break;
        }
      } else if (key == "anyOf" || key == "oneOf") {
        int passed = 0;
        std::string first;
        for (const Doc& sub : rule) {
          std::string sub_why = Check(sub, value, at);
          if (sub_why.empty()) ++passed;
          else if (first.empty()) first = sub_why;
        }
        if (passed == 0) why = at + ": matches none of " + key + " (" + first + ")";
        else if (key == "oneOf" && passed > 1) why = at + ": matches more than one of oneOf";
      } else if (key == "not") {
        if (Check(rule, value, at).empty()) why = at + ": must not match " + rule.dump();
      } else if (key == "if") {
        bool holds = Check(rule, value, at).empty();
        if (holds && schema.contains("then")) why = Check(schema["then"], value, at);
        if (!holds && schema.contains("else")) why = Check(schema["else"], value, at);
      } else if (key == "then" || key == "else" || key == "$defs" || key == "description" || key == "title" ||
                 key == "$schema" || key == "$id" || key == "$comment" || key == "examples") {
        // Handled with "if", or annotations.
      } else {
        why = at + ": the schema uses '" + key + "', which SchemaLite does not support";
      }
      if (!why.empty()) return why;
    }
    return "";
  }

  Doc root_;
  mutable std::map<std::string, std::unique_ptr<std::regex>> regexes_;
};

}  // namespace flowproof::property
