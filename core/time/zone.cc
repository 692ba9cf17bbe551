// Time zones: the registry over the embedded data, conversions and the local
// schedule helpers (zone.h).
#include "core/time/zone.h"

#include <algorithm>
#include <map>
#include <mutex>

#include "core/time/civil.h"
#include "core/time/tzdata_embedded.h"
#include "core/time/zone_rules.h"

namespace flowproof {

using time_internal::ZoneRules;

TimeZone::TimeZone(std::string name, std::shared_ptr<const ZoneRules> rules)
    : name_(std::move(name)), rules_(std::move(rules)) {}

TimeZone::~TimeZone() = default;

int TimeZone::OffsetAt(Instant t) const { return rules_->TypeAt(t).offset; }

std::string TimeZone::AbbreviationAt(Instant t) const { return rules_->TypeAt(t).abbr; }

bool TimeZone::IsDstAt(Instant t) const { return rules_->TypeAt(t).is_dst; }

LocalDateTime TimeZone::ToLocal(Instant t) const {
  Instant local = 0;
  if (__builtin_add_overflow(t, static_cast<Instant>(OffsetAt(t)), &local)) local = t;
  return CivilFromSeconds(local);
}

Instant TimeZone::FromLocal(const CivilDate& date, const LocalTime& time) const {
  return rules_->FromLocal(CivilSeconds(date, time));
}

Instant TimeZone::FromLocalSeconds(std::int64_t local_seconds) const { return rules_->FromLocal(local_seconds); }

Instant TimeZone::NextTransition(Instant t) const { return rules_->NextChange(t); }

bool TimeZone::SteadyOffset(Instant from, Instant to, int* offset) const { return rules_->SteadyOffset(from, to, offset); }

// ---- the registry ------------------------------------------------------------

namespace {

struct Registry {
  std::mutex mutex;
  // Zones by the name they were asked for; never erased, so pointers last.
  std::map<std::string, std::unique_ptr<TimeZone>, std::less<>> zones;
  std::vector<std::shared_ptr<const ZoneRules>> records{
      static_cast<std::size_t>(time_internal::kEmbeddedZoneRecordCount)};
};

Registry& GetRegistry() {
  static Registry* registry = new Registry;  // never destroyed: pointers outlive static teardown
  return *registry;
}

int FindRecord(std::string_view name) {
  using time_internal::kEmbeddedZoneNameCount;
  using time_internal::kEmbeddedZoneNames;
  const auto* begin = kEmbeddedZoneNames;
  const auto* end = kEmbeddedZoneNames + kEmbeddedZoneNameCount;
  const auto* it = std::lower_bound(begin, end, name, [](const time_internal::EmbeddedZoneName& entry,
                                                        std::string_view key) { return key.compare(entry.name) > 0; });
  if (it == end || name != it->name) return -1;
  return it->record;
}

}  // namespace

const TimeZone& UtcZone() {
  static const TimeZone* utc = new TimeZone("UTC", ZoneRules::FromPosix("UTC0"));
  return *utc;
}

const TimeZone* FindTimeZone(std::string_view iana_name) {
  if (iana_name == "UTC") return &UtcZone();
  int record = FindRecord(iana_name);
  if (record < 0) return nullptr;
  Registry& registry = GetRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  auto found = registry.zones.find(iana_name);
  if (found != registry.zones.end()) return found->second.get();
  std::shared_ptr<const ZoneRules>& rules = registry.records[record];
  if (!rules) {
    rules = ZoneRules::Decode(time_internal::kEmbeddedZoneRecords[record]);
    // The records are generated and checked by the tests; should one ever be
    // corrupt, the zone is reported unknown rather than wrong.
    if (!rules) return nullptr;
  }
  auto zone = std::make_unique<TimeZone>(std::string(iana_name), rules);
  const TimeZone* out = zone.get();
  registry.zones.emplace(std::string(iana_name), std::move(zone));
  return out;
}

std::vector<std::string> TimeZoneNames() {
  std::vector<std::string> names;
  names.reserve(time_internal::kEmbeddedZoneNameCount);
  for (int i = 0; i < time_internal::kEmbeddedZoneNameCount; ++i) {
    names.emplace_back(time_internal::kEmbeddedZoneNames[i].name);
  }
  return names;  // the table is sorted
}

std::string_view TimeZoneDataVersion() { return time_internal::kEmbeddedTzdataVersion; }

// ---- local schedules -------------------------------------------------------------

namespace {

// FromLocal for wall-clock readings near `t`: when the zone's offset does not
// change within `margin` either side of `t`, a reading within margin - 3
// days of t's maps by that one offset, which is exactly what FromLocal finds
// (its search sees no transition within two days of the reading); otherwise
// FromLocal itself. The schedules below map up to ten readings per call, and
// the transition search was most of a forecast's quiet-hours checks.
class NearbyLocal {
 public:
  NearbyLocal(const TimeZone& zone, Instant t, std::int64_t margin) : zone_(zone) {
    constexpr Instant kLimit = 1'000'000'000'000;  // far inside the rules' clamp
    if (t > -kLimit && t < kLimit) {
      if (zone.SteadyOffset(t - margin, t + margin, &offset_)) {
        steady_ = true;
        return;
      }
      Instant next = zone.NextTransition(t - margin);
      if (next == TimeZone::kNoTransition || next > t + margin) {
        steady_ = true;
        offset_ = zone.OffsetAt(t);
      }
    }
  }
  Instant At(const CivilDate& date, const LocalTime& time) const {
    return steady_ ? CivilSeconds(date, time) - offset_ : zone_.FromLocal(date, time);
  }

  // When steady, readings need no calendar at all: day number `day`'s
  // `seconds_of_day` is day * kDay + seconds_of_day - offset, what At gives
  // for CivilFromDays(day) (CivilFromDays and DaysFromCivil were a tenth of
  // a forecast's quiet-hours checks). Only for |t| < kLimit, where day
  // numbers stay far inside CivilFromDays's clamp.
  bool steady() const { return steady_; }
  Instant AtDay(std::int64_t day, int seconds_of_day) const { return day * kDay + seconds_of_day - offset_; }
  // The local day number of `t` (t's own offset: the one in force near it).
  std::int64_t DayOf(Instant t) const {
    Instant local = t + offset_;
    return local / kDay - (local % kDay < 0 ? 1 : 0);
  }

 private:
  const TimeZone& zone_;
  bool steady_ = false;
  int offset_ = 0;
};

}  // namespace

Instant NextLocalTime(Instant from, const TimeZone& zone, const LocalTime& at, std::uint8_t weekday_mask,
                      bool inclusive) {
  if ((weekday_mask & 0x7f) == 0) weekday_mask = 0x7f;
  // From the day before (a gap can push yesterday's time past `from`) to
  // eight days on (a full week after tomorrow): at least one allowed weekday
  // lies in any seven consecutive days after `from`.
  Instant best = TimeZone::kNoTransition;
  // Readings from `from` - 2 days to + 10 days.
  NearbyLocal local(zone, from, 14 * kDay);
  if (local.steady()) {  // the loop below by day numbers
    std::int64_t today = local.DayOf(from);
    int seconds = at.SecondsOfDay();
    for (std::int64_t day = today - 1; day <= today + 8; ++day) {
      if ((weekday_mask >> WeekdayOfDays(day) & 1) == 0) continue;
      Instant candidate = local.AtDay(day, seconds);
      if (inclusive ? candidate >= from : candidate > from) best = std::min(best, candidate);
    }
    return best;
  }
  std::int64_t today = DaysFromCivil(zone.ToLocal(from).date);
  for (std::int64_t day = today - 1; day <= today + 8; ++day) {
    CivilDate date = CivilFromDays(day);
    if ((weekday_mask >> Weekday(date) & 1) == 0) continue;
    Instant candidate = local.At(date, at);
    if (inclusive ? candidate >= from : candidate > from) best = std::min(best, candidate);
  }
  return best;
}

namespace {

// Whether `t` lies in a daily window; if so `*finish` is where that window
// ends. Each window runs from `start` on some day to the next `end` (the same
// day, or the next one when the window wraps midnight), both mapped as
// FromLocal does, so the edges agree with when a held contact is released.
bool WindowAt(Instant t, const TimeZone& zone, const LocalTime& start, const LocalTime& end, Instant* finish) {
  int start_s = start.SecondsOfDay();
  int end_s = end.SecondsOfDay();
  if (start_s == end_s) return false;
  bool wraps = start_s > end_s;
  bool inside = false;
  // Readings from `t` - 3 days to + 3 days.
  NearbyLocal local(zone, t, 8 * kDay);
  if (local.steady()) {  // the loop below by day numbers
    std::int64_t today = local.DayOf(t);
    for (std::int64_t day = today - 2; day <= today + 1; ++day) {
      Instant begin = local.AtDay(day, start_s);
      Instant stop = local.AtDay(wraps ? day + 1 : day, end_s);
      if (begin <= t && t < stop) {
        *finish = inside ? std::max(*finish, stop) : stop;
        inside = true;
      }
    }
    return inside;
  }
  std::int64_t today = DaysFromCivil(zone.ToLocal(t).date);
  for (std::int64_t day = today - 2; day <= today + 1; ++day) {
    Instant begin = local.At(CivilFromDays(day), start);
    Instant stop = local.At(CivilFromDays(wraps ? day + 1 : day), end);
    if (begin <= t && t < stop) {
      *finish = inside ? std::max(*finish, stop) : stop;
      inside = true;
    }
  }
  return inside;
}

}  // namespace

bool InLocalWindow(Instant t, const TimeZone& zone, const LocalTime& start, const LocalTime& end) {
  Instant finish = t;
  return WindowAt(t, zone, start, end, &finish);
}

Instant LocalWindowEnd(Instant t, const TimeZone& zone, const LocalTime& start, const LocalTime& end) {
  Instant finish = t;
  return WindowAt(t, zone, start, end, &finish) ? finish : t;
}

}  // namespace flowproof
