// Trace lines: what happened to a contact, when, and why (FORMAT.md "Trace").
//
// A line is kept as its leading fields plus an ordered list of extra fields,
// so it serialises with a fixed key order ("t", "contact", "kind", then the
// kind's own fields in the order they were added), byte for byte the same on
// every run and platform.
//
//   TraceLine line(now, "alice", "entered");
//   line.Add("node", "send_welcome");
//   out += line.ToJson();   // {"t":"...","contact":"alice","kind":"entered","node":"send_welcome"}
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/base/json.h"
#include "core/base/json_dump.h"  // DumpJson, which every trace printer uses
#include "core/time/types.h"

namespace flowproof {

struct TraceLine {
  TraceLine(Instant t, std::string contact, std::string kind)
      : t(t), contact(std::move(contact)), kind(std::move(kind)) {}

  TraceLine& Add(std::string key, Json value) {
    fields.emplace_back(std::move(key), std::move(value));
    return *this;
  }
  // The value of an extra field, or null when the line has none.
  const Json* Find(std::string_view key) const;

  // One JSON object on one line, without the trailing newline.
  std::string ToJson() const;
  // The same as a Json object (for the page and expectations).
  Json ToObject() const;

  Instant t;
  std::string contact;
  // v1.1 portfolio: the workflow the line is about, written after
  // "contact"; "" (not written) in a run of one workflow.
  std::string workflow;
  std::string kind;
  std::vector<std::pair<std::string, Json>> fields;
};

}  // namespace flowproof
