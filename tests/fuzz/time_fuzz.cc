// Fuzzes the time layer (core/time/): durations, timestamps, fixture times,
// local times, dates and zone names as fixtures spell them. The input is a
// text, a NUL byte, a zone name, a NUL byte, and a local time of day. The
// text goes to every parser; what parses is formatted and read back, and the
// instant it names is looked at in the zone (wall clock, next local time,
// quiet-hours window, next transition). Checked: no crash, overflow or
// out-of-bounds read, and the round trips the headers promise.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time/civil.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"
#include "core/time/zone.h"
#include "tests/fuzz/fuzz_support.h"

namespace flowproof {
namespace {

// Instants whose UTC year is 0000..9999, which timestamps can spell.
bool Spellable(Instant t) {
  static const Instant first = *ParseTimestamp("0000-01-01T00:00:00Z");
  static const Instant last = *ParseTimestamp("9999-12-31T23:59:59Z");
  return t >= first && t <= last;
}

// Error messages quote the text; when the text is UTF-8 (it always is when
// it comes from JSON), so must the message be.
void RequirePrintable(std::string_view text, const std::string& error) {
  if (fuzz::IsValidUtf8(text)) fuzz::Require(fuzz::IsValidUtf8(error), "an error message that is not UTF-8", error);
}

void LookInZone(Instant t, const TimeZone& zone, const LocalTime& at, std::uint8_t mask) {
  int offset = zone.OffsetAt(t);
  fuzz::Require(offset > -26 * 3600 && offset < 26 * 3600, "an offset of more than a day");
  (void)zone.AbbreviationAt(t);
  (void)zone.IsDstAt(t);
  LocalDateTime local = zone.ToLocal(t);
  // The wall-clock reading of t names t, or its first occurrence in an
  // overlap (which reads the same).
  Instant back = zone.FromLocal(local.date, local.time);
  fuzz::Require(back <= t, "FromLocal(ToLocal(t)) is after t", FormatTimestamp(t) + " in " + zone.name());
  LocalDateTime again = zone.ToLocal(back);
  fuzz::Require(again.date == local.date && again.time == local.time, "FromLocal(ToLocal(t)) reads another wall time",
                FormatTimestamp(t) + " in " + zone.name());
  // Read back when the local reading can be spelled too: an instant of
  // 0000-01-01 UTC is in year -1 in New York, which FormatLocalTimestamp
  // prints with a sign and ParseTimestamp (years 0000..9999) refuses.
  if (Spellable(t) && local.date.year >= 0 && local.date.year <= 9999) {
    std::string text = FormatLocalTimestamp(t, zone);
    std::optional<Instant> read = ParseTimestamp(text);
    fuzz::Require(read && *read == t, "FormatLocalTimestamp does not read back", text);
  }
  Instant transition = zone.NextTransition(t);
  fuzz::Require(transition > t, "NextTransition is not after t", FormatTimestamp(t) + " in " + zone.name());
  for (bool inclusive : {false, true}) {
    Instant next = NextLocalTime(t, zone, at, mask, inclusive);
    if (next == TimeZone::kNoTransition) continue;
    fuzz::Require(inclusive ? next >= t : next > t, "NextLocalTime goes back", FormatTimestamp(t) + " in " + zone.name());
    fuzz::Require(next - t <= 10 * kDay, "NextLocalTime is more than ten days on", FormatTimestamp(t) + " in " + zone.name());
  }
  LocalTime end{(at.hour + 7) % 24, at.minute, 0};
  bool inside = InLocalWindow(t, zone, at, end);
  Instant window_end = LocalWindowEnd(t, zone, at, end);
  fuzz::Require(inside ? window_end > t : window_end == t, "LocalWindowEnd disagrees with InLocalWindow",
                FormatTimestamp(t) + " in " + zone.name());
}

}  // namespace
}  // namespace flowproof

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace flowproof;
  std::vector<std::string_view> parts = fuzz::Split(data, size, 3);
  std::string_view text = parts[0];
  std::string error;

  static const Instant clock_start = *ParseTimestamp("2026-03-08T06:59:59Z");  // a DST change in New York
  std::vector<Instant> instants = {clock_start};
  if (std::optional<Duration> d = ParseDuration(text, &error)) {
    std::string canonical = FormatDuration(*d);
    std::optional<Duration> read = ParseDuration(canonical);
    fuzz::Require(read && *read == *d, "FormatDuration does not read back", canonical);
    instants.push_back(clock_start + *d);
  } else {
    fuzz::Require(!error.empty(), "ParseDuration failed without a word");
    RequirePrintable(text, error);
  }
  error.clear();
  if (std::optional<Instant> t = ParseTimestamp(text, &error)) {
    if (Spellable(*t)) {
      std::string canonical = FormatTimestamp(*t);
      std::optional<Instant> read = ParseTimestamp(canonical);
      fuzz::Require(read && *read == *t, "FormatTimestamp does not read back", canonical);
    } else {
      (void)FormatTimestamp(*t);
    }
    instants.push_back(*t);
  } else {
    fuzz::Require(!error.empty(), "ParseTimestamp failed without a word");
    RequirePrintable(text, error);
  }
  error.clear();
  if (std::optional<Instant> t = ParseFixtureTime(text, clock_start, &error)) instants.push_back(*t);
  RequirePrintable(text, error);
  error.clear();
  (void)ParseLocalTime(text, &error);
  RequirePrintable(text, error);
  error.clear();
  (void)ParseLocalDateTime(text, &error);
  RequirePrintable(text, error);
  error.clear();
  if (std::optional<CivilDate> date = ParseCivilDate(text, &error)) {
    (void)DaysFromCivil(*date);
    (void)Weekday(*date);
    (void)AnniversaryIn(*date, 2026);
    (void)AnniversaryIn(*date, 2027);
  }
  RequirePrintable(text, error);

  const TimeZone* zone = FindTimeZone(parts[1]);
  if (zone == nullptr) zone = FindTimeZone("America/New_York");
  LocalTime at{9, 0, 0};
  if (std::optional<LocalTime> given = ParseLocalTime(parts[2])) at = *given;
  std::uint8_t mask = size > 0 ? data[size - 1] : 0x7f;
  for (Instant t : instants) {
    LookInZone(t, *zone, at, mask);
    LookInZone(t, UtcZone(), at, mask);
  }
  return 0;
}
