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

class NamedCounts {
 public:
  // The count of `name`, added at 0 when new.
  std::uint64_t& operator[](std::string_view name) {
    if (last_ < entries_.size() && SameName(entries_[last_].first, name)) return entries_[last_].second;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (SameName(entries_[i].first, name)) {
        last_ = i;
        return entries_[i].second;
      }
    }
    last_ = entries_.size();
    entries_.emplace_back(std::string(name), 0);
    return entries_.back().second;
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
