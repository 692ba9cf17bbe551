#include "core/sim/population_draw.h"

#include <algorithm>
#include <cmath>

#include "core/sim/population_random.h"
#include "core/sim/stable_hash.h"
#include "core/time/timestamp.h"

namespace flowproof {
namespace {

// Events drawn for one contact from one rate rule at most (the parser keeps
// the expected number at kMaxExpectedEventsPerContact, so this is a guard
// against a tail that long, not a limit users meet).
constexpr int kMaxEventsPerRule = 10 * static_cast<int>(kMaxExpectedEventsPerContact);

// `value` into *out, reusing out's string when both are strings (a redrawn
// contact's attribute usually has the same kind as the one it replaces).
void AssignInPlace(Json& out, const Json& value) {
  if (out.is_string() && value.is_string()) {
    out.get_ref<std::string&>() = value.get_ref<const std::string&>();
  } else {
    out = value;
  }
}

// A string into *out, reusing out's string when it holds one.
std::string& StringInPlace(Json& out) {
  if (!out.is_string()) out = std::string();
  return out.get_ref<std::string&>();
}

// One value of a distribution into *out, or null for "no value" (a choice's
// rest).
void DrawValueInto(const Distribution& d, DrawStream& stream, const std::string& id, Json& out) {
  switch (d.kind) {
    case Distribution::Kind::kChoice: {
      double u = stream.Unit();
      for (const auto& [value, cumulative] : d.choices) {
        if (u < cumulative) return AssignInPlace(out, value);
      }
      out = nullptr;
      return;
    }
    case Distribution::Kind::kUniform:
    case Distribution::Kind::kBetween: {
      if (d.as_timestamp) {
        auto low = static_cast<Instant>(d.low), high = static_cast<Instant>(d.high);
        FormatTimestampInto(low + static_cast<Instant>(stream.Below(static_cast<std::uint64_t>(high - low) + 1)), &StringInPlace(out));
        return;
      }
      double x = d.low + stream.Unit() * (d.high - d.low);
      out = Finish(d, x);
      return;
    }
    case Distribution::Kind::kNormal:
      out = Finish(d, d.low + d.high * stream.Normal());
      return;
    case Distribution::Kind::kSample:
      return AssignInPlace(out, d.values.size() == 1 ? d.values[0] : d.values[stream.Below(d.values.size())]);
    case Distribution::Kind::kTemplate: {
      std::string& text = StringInPlace(out);
      text = d.literals[0];
      for (std::size_t i = 1; i < d.literals.size(); ++i) {
        text += id;
        text += d.literals[i];
      }
      return;
    }
  }
  out = nullptr;
}

Json DrawValue(const Distribution& d, DrawStream& stream, const std::string& id) {
  Json value;
  DrawValueInto(d, stream, id, value);
  return value;
}

}  // namespace

Json Finish(const Distribution& d, double x) {
  if (d.has_min) x = std::max(x, d.min);
  if (d.has_max) x = std::min(x, d.max);
  if (d.round) {
    x = std::round(x);
    if (std::fabs(x) < 9e15) return static_cast<std::int64_t>(x);
  }
  return x;
}

PopulationDrawer::PopulationDrawer(const Fixture& fixture) : fixture_(fixture), population_(*fixture.population) {
  base_ = StableHash({"population", population_.id_prefix}, fixture.seed);
  for (const PopulationAttribute& attribute : population_.attributes) {
    attribute_keys_.push_back(StableHash({"attribute", attribute.name}, 0));
  }
  for (const auto& [list, share] : population_.lists) list_keys_.push_back(StableHash({"list", list}, 0));
  for (const auto& [channel, share] : population_.consent) consent_keys_.push_back(StableHash({"consent", ChannelName(channel)}, 0));
  for (std::size_t i = 0; i < population_.events.size(); ++i) {
    event_keys_.push_back(StableHash({"event", std::to_string(i)}, 0));
  }
  zone_key_ = StableHash({"timezone"}, 0);
  attributes_sorted_ = std::adjacent_find(population_.attributes.begin(), population_.attributes.end(),
                                          [](const PopulationAttribute& a, const PopulationAttribute& b) {
                                            return !(a.name < b.name);
                                          }) == population_.attributes.end();
}

void PopulationDrawer::Draw(std::uint64_t number, ContactDef* contact, std::vector<ScriptEntry>* events) const {
  const std::uint64_t seed = ContactSeed(base_, number);
  contact->id = population_.Id(number);
  contact->timezone.clear();
  if (!population_.timezones.empty()) {
    DrawStream stream(seed, zone_key_);
    double u = stream.Unit();
    for (const auto& [zone, cumulative] : population_.timezones) {
      if (u < cumulative) {
        contact->timezone = zone;
        break;
      }
    }
  }
  contact->lists.clear();
  for (std::size_t i = 0; i < population_.lists.size(); ++i) {
    DrawStream stream(seed, list_keys_[i]);
    if (stream.Unit() < population_.lists[i].second) contact->lists.push_back(population_.lists[i].first);
  }
  // Consent: the same channels for every contact, so a redrawn contact's
  // object keeps its keys and only its values change.
  Json& consent = contact->consent;
  bool consent_in_place = consent.is_object() && consent.size() == population_.consent.size();
  for (std::size_t i = 0; consent_in_place && i < population_.consent.size(); ++i) {
    auto it = consent.find(ChannelName(population_.consent[i].first));
    if (it == consent.end()) {
      consent_in_place = false;
      break;
    }
    DrawStream stream(seed, consent_keys_[i]);
    *it = stream.Unit() < population_.consent[i].second;
  }
  if (!consent_in_place) {
    consent = Json::object();
    for (std::size_t i = 0; i < population_.consent.size(); ++i) {
      DrawStream stream(seed, consent_keys_[i]);
      consent[ChannelName(population_.consent[i].first)] = stream.Unit() < population_.consent[i].second;
    }
  }
  if (attributes_sorted_) {
    // In name order straight into the entries (what Set would make), over
    // the names and values the contact held; each field's stream is its
    // own, so the order of drawing changes no value.
    std::vector<Attributes::Entry>& entries = contact->attributes.entries_in_place();
    std::size_t used = 0;
    for (std::size_t i = 0; i < population_.attributes.size(); ++i) {
      if (used == entries.size()) entries.emplace_back();
      DrawStream stream(seed, attribute_keys_[i]);
      Json& value = entries[used].second;
      DrawValueInto(population_.attributes[i].distribution, stream, contact->id, value);
      if (value.is_null()) continue;
      entries[used].first = population_.attributes[i].name;
      ++used;
    }
    entries.resize(used);
  } else {
    contact->attributes = Attributes();
    contact->attributes.reserve(population_.attributes.size());
    for (std::size_t i = 0; i < population_.attributes.size(); ++i) {
      DrawStream stream(seed, attribute_keys_[i]);
      Json value = DrawValue(population_.attributes[i].distribution, stream, contact->id);
      if (!value.is_null()) contact->attributes.Set(population_.attributes[i].name, std::move(value));
    }
  }
  if (events == nullptr) return;
  const Instant start = fixture_.start, until = fixture_.until;
  for (std::size_t i = 0; i < population_.events.size(); ++i) {
    const PopulationEvent& rule = population_.events[i];
    DrawStream stream(seed, event_keys_[i]);
    auto add = [&](Instant at, int occurrence) {
      ScriptEntry entry;
      entry.at = at;
      entry.contact = contact->id;
      entry.kind = ScriptKind::kEvent;
      entry.event = rule.event;
      entry.source = rule.source;
      entry.properties = rule.properties;
      for (std::size_t k = 0; k < rule.drawn_properties.size(); ++k) {
        DrawStream property(seed, event_keys_[i] ^ (0x9e3779b97f4a7c15ull * static_cast<std::uint64_t>(occurrence + 1)) ^
                                      static_cast<std::uint64_t>(k));
        Json value = DrawValue(rule.drawn_properties[k].distribution, property, contact->id);
        if (!value.is_null()) entry.properties[rule.drawn_properties[k].name] = std::move(value);
      }
      events->push_back(std::move(entry));
    };
    if (rule.once) {
      if (rule.probability < 1.0 && !(stream.Unit() < rule.probability)) continue;
      Instant at = rule.at_low + static_cast<Instant>(stream.Below(static_cast<std::uint64_t>(rule.at_high - rule.at_low) + 1));
      if (at >= start && at <= until) add(at, 0);
      continue;
    }
    if (rule.rate_per_second <= 0) continue;
    // A Poisson process: exponential gaps of mean 1/rate from the clock start.
    double t = static_cast<double>(start);
    for (int k = 0; k < kMaxEventsPerRule; ++k) {
      t += stream.Exponential() / rule.rate_per_second;
      if (!(t <= static_cast<double>(until))) break;
      add(static_cast<Instant>(std::ceil(t)), k);
    }
  }
}

namespace {

void Fill(const Fixture& fixture, std::uint64_t first, std::uint64_t n, bool with_named, bool keep_expectations,
          Fixture* out) {
  out->name = fixture.name;
  out->workflow = fixture.workflow;
  out->workflows = fixture.workflows;    // v1.1 portfolio (empty for one workflow)
  out->portfolio = fixture.portfolio;
  out->start = fixture.start;
  out->until = fixture.until;
  out->seed = fixture.seed;
  out->reactions = fixture.reactions;
  if (keep_expectations) out->expectations = fixture.expectations;
  else out->expectations.clear();
  out->population = nullptr;
  const Population* population = fixture.population.get();
  std::uint64_t last = first + n;  // exclusive
  const std::size_t named = with_named ? fixture.contacts.size() : 0;
  const std::size_t drawn = population != nullptr ? static_cast<std::size_t>(n) : 0;
  // Contacts an earlier slice left are drawn over (Draw reuses their storage).
  out->contacts.resize(named + drawn);
  for (std::size_t i = 0; i < named; ++i) out->contacts[i] = fixture.contacts[i];
  std::vector<ScriptEntry>& script = out->script;
  script.clear();
  for (const ScriptEntry& entry : fixture.script) {
    std::uint64_t number = 0;
    bool is_drawn = population != nullptr && population->HasId(entry.contact, &number);
    if (is_drawn ? (number >= first && number < last) : with_named) script.push_back(entry);
  }
  if (population != nullptr && n > 0) {
    PopulationDrawer drawer(fixture);
    for (std::uint64_t number = first; number < last; ++number) {
      const std::size_t index = named + static_cast<std::size_t>(number - first);
      const std::size_t drawn_from = script.size();
      drawer.Draw(number, &out->contacts[index], &script);
      for (std::size_t k = drawn_from; k < script.size(); ++k) script[k].contact_hint = static_cast<std::int32_t>(index);
    }
  }
  // The fixture's own entries first at an instant, then population events by
  // contact: sorted by (instant, position), the order a stable sort keeps.
  // The keys are sorted and each entry then moved once, cycle by cycle: an
  // entry is large (strings, properties), and a merge sort of the entries
  // moved each of them about log n times.
  std::vector<std::pair<Instant, std::size_t>> order(script.size());
  for (std::size_t i = 0; i < script.size(); ++i) order[i] = {script[i].at, i};
  std::sort(order.begin(), order.end());
  for (std::size_t start = 0; start < order.size(); ++start) {
    if (order[start].second == start) continue;  // in place, or placed by an earlier cycle
    ScriptEntry held = std::move(script[start]);
    std::size_t to = start;
    for (std::size_t from = order[to].second; from != start; from = order[to].second) {
      script[to] = std::move(script[from]);
      order[to].second = to;
      to = from;
    }
    script[to] = std::move(held);
    order[to].second = to;
  }
}

std::shared_ptr<Fixture> Slice(const Fixture& fixture, std::uint64_t first, std::uint64_t n, bool with_named,
                               bool keep_expectations) {
  auto out = std::make_shared<Fixture>();
  Fill(fixture, first, n, with_named, keep_expectations, out.get());
  return out;
}

}  // namespace

void FillPopulationSlice(const Fixture& fixture, std::uint64_t first, std::uint64_t n, bool with_named,
                         Fixture* out) {
  Fill(fixture, first, n, with_named, false, out);
}

std::shared_ptr<const Fixture> WithPopulationContacts(std::shared_ptr<const Fixture> fixture) {
  if (fixture == nullptr || fixture->population == nullptr) return fixture;
  return Slice(*fixture, 1, fixture->population->count, true, true);
}

std::shared_ptr<const Fixture> PopulationSlice(const Fixture& fixture, std::uint64_t first, std::uint64_t n,
                                               bool with_named) {
  return Slice(fixture, first, n, with_named, false);
}

}  // namespace flowproof
