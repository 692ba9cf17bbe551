#include "core/model/attributes.h"

#include <algorithm>

#include "core/base/same_name.h"

namespace flowproof {
namespace {

bool NameBefore(const Attributes::Entry& entry, std::string_view name) { return entry.first < name; }

}  // namespace

void Attributes::Set(std::string name, Json value) {
  // The parser adds names in order (a Json object iterates sorted): append.
  if (entries_.empty() || entries_.back().first < name) {
    entries_.emplace_back(std::move(name), std::move(value));
    return;
  }
  auto it = std::lower_bound(entries_.begin(), entries_.end(), std::string_view(name), NameBefore);
  if (it != entries_.end() && it->first == name) {
    it->second = std::move(value);
  } else {
    entries_.emplace(it, std::move(name), std::move(value));
  }
}

const Json* Attributes::Find(std::string_view name) const {
  // A handful of entries: a linear scan of one block beats a binary search.
  for (const Entry& entry : entries_) {
    if (SameName(entry.first, name)) return &entry.second;
  }
  return nullptr;
}

Json Attributes::ToJson() const {
  Json out = Json::object();
  for (const Entry& entry : entries_) out[entry.first] = entry.second;
  return out;
}

}  // namespace flowproof
