// A fixture's `population`: a synthetic audience described by distributions
// (FORMAT.md v1.1, "Population: a synthetic audience").
//
// This is only the description, parsed and validated with located problems;
// contacts are drawn from it one at a time by core/sim/population_draw.h, so
// a million contacts never cost a million JSON objects.
//
//   JsonChecker check;
//   Population population;
//   ParsePopulation(doc["population"], "/population", start, until, check, &population);
//   if (check.problems.empty()) ... population.count, population.attributes ...
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/base/channel.h"
#include "core/base/json.h"
#include "core/time/types.h"

namespace flowproof {

class JsonChecker;

// The most contacts a population may have (README "Limits"). A forecast
// keeps a few bytes per contact (time to goal, per-run counts), and `run` /
// `simulate` materialise each population contact like a named one.
constexpr std::uint64_t kMaxPopulationCount = 5'000'000;
// The most events one population event rule may give a contact on average
// over the clock (`rate` times the clock's span): beyond it the fixture is
// refused rather than the run exhausting memory.
constexpr double kMaxExpectedEventsPerContact = 1000.0;

// One distribution of values.
struct Distribution {
  enum class Kind : std::uint8_t {
    kChoice,    // value -> probability; the rest get no value
    kUniform,   // numbers in [low, high], or instants in [low, high] (timestamps / offsets)
    kNormal,    // mean, sd; clamped to min / max
    kSample,    // one of `values`, equal chance
    kBetween,   // instants in [low, high]
    kTemplate,  // text with {{ id }} placeholders
  };
  Kind kind = Kind::kChoice;
  // kChoice: cumulative probabilities (the last is at most 1).
  std::vector<std::pair<Json, double>> choices;
  // kUniform / kNormal (mean = low, sd = high) / kBetween and timestamp kUniform.
  double low = 0, high = 0;
  bool as_timestamp = false;  // kUniform / kBetween: values are instants (seconds), written as timestamps
  bool has_min = false, has_max = false;
  double min = 0, max = 0;
  bool round = false;
  std::vector<Json> values;           // kSample
  std::vector<std::string> literals;  // kTemplate: text between the {{ id }}s (one more than the ids)
};

struct PopulationAttribute {
  std::string name;
  Distribution distribution;
};

struct PopulationEvent {
  std::string event;
  std::string source;
  // Once (`at`, drawn uniformly in [at_low, at_high], with `probability`),
  // or a Poisson process of `rate_per_second` over the whole clock.
  bool once = true;
  Instant at_low = 0, at_high = 0;
  double probability = 1.0;
  double rate_per_second = 0.0;
  Json properties = Json::object();                 // fixed properties
  std::vector<PopulationAttribute> drawn_properties;  // properties given as distributions
  std::string pointer;                              // "/population/events/1"
};

struct Population {
  std::uint64_t count = 0;
  std::string id_prefix = "p";
  // Cumulative shares of time zones; the rest keep the workflow's zone.
  std::vector<std::pair<std::string, double>> timezones;
  std::vector<PopulationAttribute> attributes;  // sorted by name
  std::vector<std::pair<std::string, double>> lists;  // list -> share of contacts on it
  std::vector<std::pair<Channel, double>> consent;    // channel -> share that consents
  std::vector<PopulationEvent> events;

  // Whether `id` is one of this population's ids (prefix then 1..count, no
  // leading zero); *number is then its number.
  bool HasId(std::string_view id, std::uint64_t* number = nullptr) const;
  // The id of contact `number` (1-based).
  std::string Id(std::uint64_t number) const { return id_prefix + std::to_string(number); }
};

// Parses `value` (the fixture's "population") into *out, recording every
// problem in `check` under `pointer`: probabilities outside [0, 1] (and
// choice / zone shares summing above 1), negative or malformed rates,
// unknown distributions, a `count` that is not a whole number from 0 to
// kMaxPopulationCount, unknown time zones and channels, times outside the
// clock [start, until]. Never throws.
void ParsePopulation(const Json& value, const std::string& pointer, Instant start, Instant until, JsonChecker& check,
                     Population* out);

}  // namespace flowproof
