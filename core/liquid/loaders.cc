// MapPartialLoader and TemplateCache (liquid.h).
#include "core/liquid/ast.h"
#include "core/liquid/liquid.h"

namespace flowproof::liquid {

MapPartialLoader::MapPartialLoader(Json sources) : sources_(std::move(sources)) {}

std::shared_ptr<const Template> MapPartialLoader::Load(std::string_view name, std::optional<Error>* parse_error) {
  auto cached = parsed_.find(name);
  if (cached == parsed_.end()) {
    if (!sources_.is_object()) return nullptr;
    auto it = sources_.find(name);
    if (it == sources_.end() || !it->is_string()) return nullptr;
    cached = parsed_.emplace(std::string(name), Parse(it->get_ref<const std::string&>(), std::string(name))).first;
  }
  if (!cached->second.ok()) {
    if (parse_error != nullptr) *parse_error = cached->second.error;
    return nullptr;
  }
  return cached->second.tmpl;
}

ParseResult TemplateCache::Get(std::string_view name, std::string_view source) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(std::pair<std::string_view, std::string_view>(name, source));
  if (it != entries_.end()) return it->second;
  ParseResult parsed = Parse(source, std::string(name));
  entries_.emplace(std::pair<std::string, std::string>(name, source), parsed);
  return parsed;
}

}  // namespace flowproof::liquid
