// The counts of one forecast run, gathered from the simulator through
// RunObserver (core/sim/run_observer.h) slice by slice, and written as
// FORMAT.md's forecast JSON (durations in seconds; forecast.cc formats them
// after averaging runs).
//
//   ForecastCounter counter(workflow, reactions, render_sample);
//   counter.BeginSlice(contacts_in_slice);
//   options.observer = &counter;  ... run the slice ...
//   counter.EndSlice(simulator);
//   Json run = counter.ToJson(total_contacts);
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/base/json.h"
#include "core/forecast/named_counts.h"
#include "core/model/fixture.h"
#include "core/model/workflow.h"
#include "core/sim/run_observer.h"

namespace flowproof {

class Simulator;

class ForecastCounter : public RunObserver {
 public:
  ForecastCounter(const Workflow& workflow, const std::vector<Reaction>& reactions, int render_sample);
  // Not copied: last_day_counts_ points into its own map.
  ForecastCounter(const ForecastCounter&) = delete;
  ForecastCounter& operator=(const ForecastCounter&) = delete;

  // Per-contact state is kept for one slice only.
  void BeginSlice(std::size_t contacts);
  // Counts who waits where at the end and each contact's 24-hour peak.
  void EndSlice(const Simulator& simulator);
  Json ToJson(std::uint64_t contacts) const;

  void Enrolled(int contact, Instant t) override;
  void EnrollRejected(int contact, const char* reason) override;
  void Entered(int contact, int node) override { ++entered_[static_cast<std::size_t>(node)]; }
  void Branch(int contact, int node, int branch) override;
  void Split(int contact, int node, int variant) override;
  void Sent(int contact, int node, Channel channel, Instant t, const TimeZone& zone) override;
  void Suppressed(int contact, int node, const char* reason) override;
  void Exited(int contact, const std::string& reason, Instant t) override;
  void ReactionEvent(int contact, const std::string& event, const std::string& template_name) override;
  bool WantsRender(int contact, int node) override;
  void Rendered(int contact, int node, const Json* message, const std::string* error) override;

 private:
  // The index of a template in templates_ by name, or -1.
  int TemplateIndex(const std::string& name);

  static constexpr std::uint8_t kEverEnrolled = 1, kRejectedAudience = 2, kRejectedReenroll = 4, kReachedGoal = 8;
  struct TemplateCounts {
    Channel channel = Channel::kEmail;
    std::uint64_t sent = 0;
    NamedCounts suppressed;
    NamedCounts events;
    std::uint64_t rendered = 0, failed = 0;
    std::int64_t segments_max = -1, segments_total = 0;
    std::string first_error;
  };
  struct SplitCounts {
    int node = 0;
    std::vector<std::uint64_t> contacts, reached;
  };

  const Workflow& workflow_;
  int render_sample_;
  std::vector<int> split_of_node_;  // node -> index in splits_, or -1
  std::vector<int> template_of_node_;  // node -> index in templates_, or -1
  std::vector<std::string> template_names_;
  std::vector<TemplateCounts> templates_;
  std::size_t last_template_ = 0;  // TemplateIndex's last answer, tried first

  // Whole run.
  std::uint64_t enrolled_ = 0, enrollments_ = 0, no_trigger_ = 0, audience_ = 0, reenroll_ = 0, goal_ = 0;
  std::uint64_t sends_ = 0, max_24h_ = 0;
  std::vector<std::uint64_t> entered_, waiting_;
  std::vector<std::vector<std::uint64_t>> branches_;  // per node: [else, arm 0, arm 1, ...]
  NamedCounts exits_;
  std::vector<SplitCounts> splits_;
  std::vector<Instant> time_to_goal_;
  std::map<std::int64_t, std::array<std::uint64_t, 5>> by_day_;  // local day number -> per channel
  // The last send's day and its counts: sends come in time order, so nearly
  // every one falls on the day before it and needs no search of the map
  // (map entries never move).
  std::int64_t last_day_ = 0;
  std::array<std::uint64_t, 5>* last_day_counts_ = nullptr;

  // This slice, per contact.
  std::vector<std::uint8_t> flags_;
  std::vector<Instant> enrolled_at_;
  std::vector<std::int16_t> variant_;  // contact * splits + split: the variant, -1 none
  std::vector<std::pair<std::uint32_t, Instant>> slice_sends_;
  // EndSlice's scratch, kept between slices: sends grouped by contact.
  std::vector<std::size_t> send_starts_;
  std::vector<Instant> grouped_sends_;
};

}  // namespace flowproof
