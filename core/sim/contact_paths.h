// What the page and expectations read about each contact, kept up to date
// as the run goes instead of recomputed from the whole trace on every read:
// a contact's index by id, and its path (the nodes it entered since its
// latest enrolment): in a portfolio, one path per workflow, as each line
// names its workflow.
//
//   ContactPaths paths(fixture);
//   paths.Update(simulator.trace());     // reads only the lines made since the last call
//   if (std::optional<std::size_t> i = paths.IndexOf("ana")) {
//     Json path = paths.Path(*i);        // ["welcome", "wait_1d", ...]
//   }
//
// Session owns one and brings it up to date when it is read (the run itself
// pays nothing). Memory is only taken on first use: a benchmark of a million
// contacts that never asks for paths does not pay for them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/base/json.h"
#include "core/model/fixture.h"
#include "core/sim/trace.h"

namespace flowproof {

class ContactPaths {
 public:
  // `fixture` must outlive this object.
  explicit ContactPaths(const Fixture& fixture);

  // Reads the trace lines after those already read (`trace` only grows
  // during a run; a shorter trace than last time starts over). An
  // "enrolled" line empties the contact's path, an "entered" line extends it.
  void Update(const std::vector<TraceLine>& trace);

  // The contact's index in the fixture (and in the simulator), or none.
  // A hash lookup, not a search (the index is built on first use).
  std::optional<std::size_t> IndexOf(std::string_view id);

  // The node ids contact `index` entered since its latest enrolment, in
  // order, as of the last Update(): a JSON array of strings. `workflow` is
  // the workflow's place in a portfolio's `workflows` (0 for a fixture of
  // one workflow).
  Json Path(std::size_t index, std::size_t workflow = 0) const;

  std::size_t lines_read() const { return lines_read_; }

 private:
  void Prepare();
  // The workflow a trace line is about: its place, or none when the line
  // names a workflow this fixture does not have.
  std::optional<std::size_t> WorkflowOf(const std::string& id) const;

  const Fixture& fixture_;
  bool prepared_ = false;
  // Keys view the ids in fixture_ (which outlives this object).
  std::unordered_map<std::string_view, std::uint32_t> contact_index_;
  std::unordered_map<std::string_view, std::uint32_t> workflow_index_;
  std::vector<std::unordered_map<std::string_view, std::uint32_t>> node_index_;  // per workflow
  std::vector<std::vector<std::vector<std::uint32_t>>> paths_;  // node indexes, per workflow, per contact
  std::size_t lines_read_ = 0;
};

}  // namespace flowproof
