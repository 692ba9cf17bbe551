#include "core/forecast/sliced_run.h"

#include <algorithm>

#include "core/sim/population_draw.h"

namespace flowproof::forecast_internal {
namespace {

std::uint64_t PopulationContacts(const Fixture& fixture, const ForecastOptions& options) {
  if (options.contacts) return std::min<std::uint64_t>(*options.contacts, kMaxPopulationCount);
  return fixture.population != nullptr ? fixture.population->count : 0;
}

}  // namespace

bool CouplesContacts(const Workflow& workflow) {
  return std::any_of(workflow.nodes.begin(), workflow.nodes.end(), [](const Node& node) { return node.winner.has_value(); });
}

SlicedRun::SlicedRun(std::shared_ptr<const Fixture> fixture, const ForecastOptions& options, bool one_slice)
    : fixture_(std::move(fixture)), options_(options) {
  options_.runs = std::clamp(options_.runs, 1, kMaxForecastRuns);
  options_.render_sample = std::max(options_.render_sample, 0);
  options_.slice_contacts = std::max<std::uint64_t>(options_.slice_contacts, 1);
  population_ = PopulationContacts(*fixture_, options_);
  if (one_slice) options_.slice_contacts = std::max<std::uint64_t>(population_, 1);
  slices_ = population_ == 0 ? 1 : (population_ + options_.slice_contacts - 1) / options_.slice_contacts;
  if (fixture_->population == nullptr) population_ = 0;
}

SlicedRun::~SlicedRun() = default;

double SlicedRun::progress() const {
  if (done()) return 1.0;
  double within = 0;
  if (in_slice_) {
    Instant span = fixture_->until - fixture_->start;
    within = span <= 0 ? 1.0 : static_cast<double>(Now() - fixture_->start) / static_cast<double>(span);
  }
  double slices = static_cast<double>(slices_);
  return (run_ + (static_cast<double>(slice_) + within) / slices) / options_.runs;
}

void SlicedRun::Advance(std::size_t max_steps) {
  std::size_t steps = 0;
  do {
    if (done()) return;
    if (!in_slice_) BeginSlice();
    if (Step()) {
      ++steps;
      continue;
    }
    FinishSlice();
  } while (steps < std::max<std::size_t>(max_steps, 1));
}

void SlicedRun::BeginSlice() {
  if (slice_ == 0) {
    auto seeded = std::make_shared<Fixture>(*fixture_);
    seeded->seed = fixture_->seed + static_cast<std::uint64_t>(run_);
    run_fixture_ = std::move(seeded);
    BeginRun(run_fixture_);
  }
  std::uint64_t first = 1 + slice_ * options_.slice_contacts;
  std::uint64_t n = population_ == 0 ? 0 : std::min(options_.slice_contacts, population_ - (first - 1));
  // Each slice is drawn over the last one's contacts and script: freeing
  // and allocating every contact's strings and values was a fifth of a
  // forecast. Only a subclass that keeps the last slice's runner may share
  // that storage, and it reads nothing of it until given the new slice.
  if (slice_buffer_ == nullptr || slice_buffer_.use_count() != SliceHolders()) slice_buffer_ = std::make_shared<Fixture>();
  FillPopulationSlice(*run_fixture_, first, n, slice_ == 0, slice_buffer_.get());
  in_slice_ = true;
  StartSlice(slice_buffer_);
}

void SlicedRun::FinishSlice() {
  EndSlice();
  in_slice_ = false;
  if (++slice_ < slices_) return;
  results_.push_back(RunResult(population_ + fixture_->contacts.size()));
  slice_ = 0;
  ++run_;
}

}  // namespace flowproof::forecast_internal
