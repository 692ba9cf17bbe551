// Counts by name (exit reasons, suppression reasons, reaction events), as a
// forecast keeps them: a handful of names, each counted up to millions of
// times. A flat list searched from the name last counted, where a std::map
// compared strings at each level of its tree on every count; those
// comparisons cost WebAssembly about four times what they cost natively
// (README, "Benchmarks").
//
//   NamedCounts exits;
//   ++exits["goal"];
//   Json object = exits.ToJson();   // {"goal": 1}, names in order
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/json.h"
#include "core/base/same_name.h"

namespace flowproof {

// Where `name` is among `count` names (`name_at(i)` gives the i-th), trying
// *last first (the name found before: counts come in runs of one name) and
// remembering the answer there; `count` when it is not among them. Also the
// forecast's search of its template names (ForecastCounter::TemplateIndex).
template <class NameAt>
std::size_t FindName(std::size_t count, const NameAt& name_at, std::string_view name, std::size_t* last) {
  if (*last < count && SameName(name_at(*last), name)) return *last;
  for (std::size_t i = 0; i < count; ++i) {
    if (SameName(name_at(i), name)) return *last = i;
  }
  return count;
}

class NamedCounts {
 public:
  // The count of `name`, added at 0 when new.
  std::uint64_t& operator[](std::string_view name) {
    std::size_t i = FindName(entries_.size(), [this](std::size_t k) -> const std::string& { return entries_[k].first; }, name, &last_);
    if (i == entries_.size()) {
      last_ = i;
      entries_.emplace_back(std::string(name), 0);
    }
    return entries_[i].second;
  }

  // One object, names in order (as a Json object iterates).
  Json ToJson() const {
    Json out = Json::object();
    for (const auto& [name, count] : entries_) out[name] = count;
    return out;
  }

 private:
  std::vector<std::pair<std::string, std::uint64_t>> entries_;  // in the order first counted
  std::size_t last_ = 0;
};

}  // namespace flowproof
