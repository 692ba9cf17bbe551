// A contact's own attributes as the fixture writes them ("first_name",
// "lead_score"...), without the fields every contact has (id, timezone,
// lists, consent).
//
// A flat list sorted by name rather than a Json object: a Json object is a
// tree with a heap node per attribute, about 100 bytes each before the
// value, and a million contacts' worth of them was most of a large run's
// memory and most of its cache misses. Names are short, so they sit inside
// the list (small-string storage) and a lookup touches one block.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/json.h"

namespace flowproof {

class Attributes {
 public:
  using Entry = std::pair<std::string, Json>;

  // Sets or replaces one attribute.
  void Set(std::string name, Json value);
  // The value of an attribute, or null when the contact has none.
  const Json* Find(std::string_view name) const;

  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }
  void reserve(std::size_t n) { entries_.reserve(n); }
  // In name order, as a Json object would iterate.
  std::vector<Entry>::const_iterator begin() const { return entries_.begin(); }
  std::vector<Entry>::const_iterator end() const { return entries_.end(); }

  // The attributes as one Json object.
  Json ToJson() const;

  // The entries themselves, for rewriting them in place: a forecast redraws
  // slice after slice of contacts into the same storage, reusing names and
  // values instead of freeing and allocating them (core/sim/population_draw.cc).
  // The caller keeps them sorted by name with names unique.
  std::vector<Entry>& entries_in_place() { return entries_; }

 private:
  std::vector<Entry> entries_;  // sorted by name, names unique
};

}  // namespace flowproof
