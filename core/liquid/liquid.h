// Liquid templates with Shopify/liquid semantics (the Ruby reference, lax
// error mode by default): output with filters, the standard tags (if, unless,
// case, for, tablerow, cycle, ifchanged, assign, capture, increment,
// decrement, comment, `#`, doc, raw, echo, liquid) and partials through
// render (isolated scope) and include (shared scope).
//
// A template is parsed once into an immutable tree and rendered many times:
// rendering one template for many contacts is the hot path, so variable paths
// are pre-split at parse time, lookups never copy the data, and output goes
// into one string.
//
//   liquid::ParseResult parsed = liquid::Parse("Hi {{ contact.first_name | default: 'there' }}!",
//                                              "welcome.subject");
//   if (!parsed.ok()) { std::cerr << parsed.error->ToString(); return; }
//   liquid::RenderResult r = liquid::Render(*parsed.tmpl, {{"contact", {{"first_name", "Ana"}}}});
//   if (r.ok()) std::cout << r.output;   // "Hi Ana!"
//
// Errors are values (Error), never exceptions. Every limit (output size,
// steps, nesting depth) is explicit in RenderOptions; exceeding one is an
// error, never a hang or a crash.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/json.h"
#include "core/time/types.h"

namespace flowproof {

class TimeZone;

namespace liquid {

// A parse or render failure, located in its template (1-based line and
// column; 0 when unknown).
struct Error {
  std::string template_name;
  int line = 0;
  int column = 0;
  std::string message;
  // "welcome.subject:3:14: unknown tag 'iff'".
  std::string ToString() const;
};

// Something suspicious that did not stop rendering, such as an undefined
// variable ("undefined variable 'contact.frist_name'") or filter.
struct Warning {
  std::string template_name;
  int line = 0;
  int column = 0;
  std::string message;
};

// An immutable parsed template. Obtained from Parse(); safe to render from
// several threads at once.
class Template;

struct ParseResult {
  std::shared_ptr<const Template> tmpl;  // null when error is set
  std::optional<Error> error;
  bool ok() const { return !error; }
};

// Parses `source`. `name` labels errors and warnings ("welcome.subject").
// Fails on malformed markup: unknown or unclosed tags, bad expressions,
// unterminated `{{`/`{%`, and filters given the wrong number of arguments.
// Unknown filters are not a parse error (they warn, or fail under strict, at
// render time). Nesting deeper than 256 blocks fails. Never throws.
ParseResult Parse(std::string_view source, std::string name = "template");

// Parse options. The default is Shopify's lax error mode as far as real
// templates rely on it (a `when` list stops at the first token it does not
// understand; stray commas between `for`/`tablerow` attributes are ignored);
// anything else malformed is an error in both modes, which is more useful to
// template authors than Ruby's silent guessing. `strict` also rejects those
// two leftovers, as Shopify's strict/strict2 modes do.
struct ParseOptions {
  bool strict = false;
};
ParseResult Parse(std::string_view source, std::string name, const ParseOptions& options);

// Where `render` and `include` find partials.
class PartialLoader {
 public:
  virtual ~PartialLoader() = default;
  // The partial called `name`, or null when there is none (a render-time
  // error at the tag's line and column). When the partial exists but does not
  // parse, returns null and sets *parse_error (which is then reported).
  virtual std::shared_ptr<const Template> Load(std::string_view name, std::optional<Error>* parse_error) = 0;
};

// Partials from a JSON object of name -> Liquid source. Each is parsed on
// first use and kept. Non-string values count as absent. Not thread-safe.
class MapPartialLoader : public PartialLoader {
 public:
  explicit MapPartialLoader(Json sources);
  std::shared_ptr<const Template> Load(std::string_view name, std::optional<Error>* parse_error) override;

 private:
  Json sources_;
  std::map<std::string, ParseResult, std::less<>> parsed_;
};

// Parse-once cache keyed by (name, source): a template rendered for many
// contacts is parsed once. Failed parses are cached too. Thread-safe.
class TemplateCache {
 public:
  // The parse of `source` under `name`, parsing it on first request. Looking
  // up a cached template copies nothing.
  ParseResult Get(std::string_view name, std::string_view source);

 private:
  // Orders (name, source) keys and lets lookups use string_views.
  struct KeyLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      std::string_view an = a.first, as = a.second, bn = b.first, bs = b.second;
      return an < bn || (an == bn && as < bs);
    }
  };
  std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, ParseResult, KeyLess> entries_;
};

struct RenderOptions {
  // Undefined variables and filters become errors instead of warnings.
  bool strict = false;
  // "now" and "today" in the date filter.
  Instant now = 0;
  // The zone the date filter shows times in (the contact's); null -> UTC.
  const TimeZone* zone = nullptr;
  // Limits: exceeding one is an error, never a hang.
  std::size_t max_output_bytes = 1 << 20;
  std::size_t max_steps = 1'000'000;  // tags, outputs and loop iterations executed
  int max_depth = 64;                 // nested render/include and block depth
};

struct RenderResult {
  std::string output;              // what was rendered (partial when error is set)
  std::vector<Warning> warnings;   // in order of first occurrence
  std::optional<Error> error;
  bool ok() const { return !error; }
};

// Renders `tmpl` with the members of `data` (an object; anything else is an
// empty scope) as its variables. Undefined variables render empty, as Shopify
// does, and are reported as warnings (once per variable per render); with
// options.strict they are errors. Render-time errors (division by zero, a
// missing partial, a limit exceeded, a filter given a wrong argument type)
// stop rendering and set `error`, with the line and column of the tag or
// output that failed. `partials` may be null (render/include then fail).
// Never throws.
RenderResult Render(const Template& tmpl, const Json& data, PartialLoader* partials = nullptr,
                    const RenderOptions& options = {});

// The same into `result`, which is cleared first but keeps the capacity of
// its output: one RenderResult reused across renders (a campaign's contacts,
// the fields of a message) grows its buffer once, so later renders neither
// allocate nor touch fresh pages as the output grows.
void RenderInto(const Template& tmpl, const Json& data, PartialLoader* partials, const RenderOptions& options,
                RenderResult* result);

// Render with data whose objects keep their insertion order, which is the
// order Shopify iterates hashes in (`{% for pair in hash %}`, `first`,
// `json`). flowproof's Json sorts object keys; use this when the order of the
// source document matters (the `flowproof liquid` command, conformance tests).
RenderResult RenderOrdered(const Template& tmpl, const nlohmann::ordered_json& data,
                           PartialLoader* partials = nullptr, const RenderOptions& options = {});

}  // namespace liquid
}  // namespace flowproof
