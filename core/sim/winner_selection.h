// Winner selection on a `split` (FORMAT.md "Split with winner selection"):
// the state of one split's test while the simulator runs it.
//
// From the first arrival, each contact is in the test with probability
// test_share (a sticky hash of workflow, node, contact and seed, like the
// variant draw) and takes a variant by weight; the others wait at the node.
// decide_after after the first arrival the simulator counts, per variant,
// the tested contacts with the metric, picks the highest share (a tie goes
// to the variant listed first), writes `winner_selected` and releases the
// held contacts down the winner. The functions that do it are Simulator
// members in winner_selection.cc (HoldForWinner, DecideWinner).
//
//   "winner": { "test_share": 0.2, "decide_after": "24h",
//               "metric": { "event": "email_clicked", "within": "24h" } }
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/time/types.h"

namespace flowproof {

struct WinnerTest {
  // A contact assigned to a variant as part of the test: when, and how long
  // its event history was then (the metric counts only events after it).
  struct Tested {
    std::uint32_t contact;
    Instant assigned_at;
    std::size_t history_at;
  };
  // A contact waiting for the decision; the token tells whether it still
  // waits there (an exit or a time limit moves the token on).
  struct Held {
    std::uint32_t contact;
    std::uint32_t token;
  };

  Instant first_arrival = 0;
  Instant decision_at = 0;
  bool decided = false;
  int winner = -1;                          // index into the node's variants
  std::vector<std::vector<Tested>> tested;  // per variant, in arrival order
  std::vector<Held> held;                   // in arrival order
};

// The share of `hits` in `tested`, 0 when nobody was tested.
inline double WinnerRate(std::size_t hits, std::size_t tested) {
  return tested == 0 ? 0.0 : static_cast<double>(hits) / static_cast<double>(tested);
}

}  // namespace flowproof
