// POSIX TZ rule evaluation and the embedded record decoder (zone_rules.h).
#include "core/time/zone_rules.h"

#include <algorithm>

#include "core/time/civil.h"

namespace flowproof::time_internal {
namespace {

Instant Clamp(Instant t) { return std::clamp(t, -kFarInstant, kFarInstant); }

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

bool SetError(std::string* error, std::string why) {
  if (error != nullptr) *error = std::move(why);
  return false;
}

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  bool Accept(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  bool IsDigit() const { return Peek() >= '0' && Peek() <= '9'; }
  // 1..max_digits digits.
  bool Number(int max_digits, int& value) {
    value = 0;
    int n = 0;
    while (IsDigit() && n < max_digits) {
      value = value * 10 + (Peek() - '0');
      ++pos_;
      ++n;
    }
    return n > 0 && !IsDigit();
  }
  std::string_view Rest() const { return text_.substr(std::min(pos_, text_.size())); }
  std::size_t pos() const { return pos_; }
  void Advance(std::size_t n) { pos_ += n; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

bool ParseAbbr(Cursor& in, std::string& abbr) {
  abbr.clear();
  if (in.Accept('<')) {
    while (!in.AtEnd() && in.Peek() != '>') {
      char c = in.Peek();
      bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-';
      if (!ok) return false;
      abbr += c;
      in.Advance(1);
    }
    return in.Accept('>') && abbr.size() >= 1;
  }
  while ((in.Peek() >= 'A' && in.Peek() <= 'Z') || (in.Peek() >= 'a' && in.Peek() <= 'z')) {
    abbr += in.Peek();
    in.Advance(1);
  }
  return abbr.size() >= 3;
}

// [+-]hh[:mm[:ss]] with hh <= max_hours, in seconds.
bool ParseHms(Cursor& in, int max_hours, int& seconds) {
  int sign = 1;
  if (in.Accept('-')) {
    sign = -1;
  } else {
    in.Accept('+');
  }
  int h = 0, m = 0, s = 0;
  if (!in.Number(3, h) || h > max_hours) return false;
  if (in.Accept(':')) {
    if (!in.Number(2, m) || m > 59) return false;
    if (in.Accept(':') && (!in.Number(2, s) || s > 59)) return false;
  }
  seconds = sign * (h * 3600 + m * 60 + s);
  return true;
}

}  // namespace

// ---- PosixTz -----------------------------------------------------------------

std::optional<PosixTz> PosixTz::Parse(std::string_view text, std::string* error) {
  PosixTz tz;
  Cursor in(text);
  auto fail = [&](const char* what) {
    SetError(error, "bad POSIX TZ \"" + std::string(text) + "\": " + what);
    return std::nullopt;
  };
  int seconds = 0;
  if (!ParseAbbr(in, tz.std_.abbr)) return fail("expected a standard-time name");
  if (!ParseHms(in, 24, seconds)) return fail("expected a standard-time offset");
  tz.std_.offset = -seconds;  // POSIX counts hours west of Greenwich
  if (in.AtEnd()) return tz;
  tz.has_dst_ = true;
  tz.dst_.is_dst = true;
  if (!ParseAbbr(in, tz.dst_.abbr)) return fail("expected a daylight-time name");
  tz.dst_.offset = tz.std_.offset + 3600;
  if (!in.AtEnd() && in.Peek() != ',') {
    if (!ParseHms(in, 24, seconds)) return fail("expected a daylight-time offset");
    tz.dst_.offset = -seconds;
  }
  if (in.AtEnd()) {
    // POSIX leaves the default rule to the implementation; tzcode uses the
    // US rules.
    tz.start_ = Rule{'M', 3, 2, 0, 7200};
    tz.end_ = Rule{'M', 11, 1, 0, 7200};
    return tz;
  }
  for (Rule* rule : {&tz.start_, &tz.end_}) {
    if (!in.Accept(',')) return fail("expected ',' before a rule");
    int a = 0, b = 0, c = 0;
    if (in.Accept('M')) {
      if (!in.Number(2, a) || a < 1 || a > 12 || !in.Accept('.') || !in.Number(1, b) || b < 1 || b > 5 ||
          !in.Accept('.') || !in.Number(1, c) || c > 6) {
        return fail("expected Mm.w.d");
      }
      *rule = Rule{'M', a, b, c, 7200};
    } else if (in.Accept('J')) {
      if (!in.Number(3, a) || a < 1 || a > 365) return fail("expected Jn with n in 1..365");
      *rule = Rule{'J', 0, 0, a, 7200};
    } else {
      if (!in.Number(3, a) || a > 365) return fail("expected a day number 0..365");
      *rule = Rule{'n', 0, 0, a, 7200};
    }
    if (in.Accept('/') && !ParseHms(in, 167, rule->time)) return fail("expected a rule time");
  }
  if (!in.AtEnd()) return fail("unexpected text after the rules");
  return tz;
}

std::int64_t PosixTz::DayOf(const Rule& rule, int year) const {
  std::int64_t jan1 = DaysFromCivil({year, 1, 1});
  switch (rule.kind) {
    case 'J':  // 1..365, 29 February never counted
      return jan1 + rule.day - 1 + (IsLeapYear(year) && rule.day >= 60 ? 1 : 0);
    case 'n':  // 0..365, 29 February counted
      return jan1 + rule.day;
    default: {
      std::int64_t first = DaysFromCivil({year, rule.month, 1});
      int first_weekday = Weekday({year, rule.month, 1});
      std::int64_t day = first + (rule.day - first_weekday + 7) % 7 + (rule.week - 1) * 7;
      std::int64_t limit = first + DaysInMonth(year, rule.month);
      while (day >= limit) day -= 7;  // week 5 means the last one
      return day;
    }
  }
}

int PosixTz::EventsAround(Instant t, int years_before, int years_after, Event* out) const {
  int year = CivilFromDays(FloorDiv(Clamp(t) + std_.offset, kDay)).year;
  int n = 0;
  for (int y = year - years_before; y <= year + years_after; ++y) {
    // The start is given in standard time, the end in daylight time.
    out[n++] = {DayOf(start_, y) * kDay + start_.time - std_.offset, true};
    out[n++] = {DayOf(end_, y) * kDay + end_.time - dst_.offset, false};
  }
  std::sort(out, out + n, [](const Event& a, const Event& b) {
    return a.at != b.at ? a.at < b.at : (!a.starts_dst && b.starts_dst);
  });
  return n;
}

const LocalType& PosixTz::TypeAt(Instant t) const {
  if (!has_dst_) return std_;
  Event events[6];
  int n = EventsAround(t, 1, 1, events);
  bool dst = false;
  for (int i = 0; i < n && events[i].at <= t; ++i) dst = events[i].starts_dst;
  return dst ? dst_ : std_;
}

Instant PosixTz::NextChange(Instant t) const {
  if (!has_dst_) return kNever;
  bool dst = &TypeAt(t) == &dst_;
  Event events[8];
  int n = EventsAround(t, 1, 2, events);
  for (int i = 0; i < n; ++i) {
    if (events[i].at <= t) continue;
    // The state after all events at this instant.
    int j = i;
    while (j + 1 < n && events[j + 1].at == events[i].at) ++j;
    if (events[j].starts_dst != dst) return events[i].at;
    i = j;
  }
  return kNever;  // DST all year round
}

// ---- ZoneRules -----------------------------------------------------------------

namespace {

constexpr std::string_view kEndDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
constexpr std::string_view kMoreDigits = "WXYZabcdefghijklmnopqrstuvwxyz*~";

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      out.push_back(text.substr(start));
      return out;
    }
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

bool ParseInt(std::string_view text, std::int64_t& value) {
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty() || text.size() > 12) return false;
  value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  if (negative) value = -value;
  return true;
}

}  // namespace

std::shared_ptr<const ZoneRules> ZoneRules::Decode(std::string_view record, std::string* error) {
  auto rules = std::make_shared<ZoneRules>();
  std::vector<std::string_view> fields = Split(record, '|');
  if (fields.size() != 5) return SetError(error, "record needs 5 fields"), nullptr;
  if (!fields[0].empty()) {
    rules->footer_ = PosixTz::Parse(fields[0], error);
    if (!rules->footer_) return nullptr;
  }
  for (std::string_view type_text : Split(fields[1], ';')) {
    std::vector<std::string_view> parts = Split(type_text, ',');
    std::int64_t offset = 0;
    if (parts.size() != 3 || !ParseInt(parts[0], offset) || offset < -100000 || offset > 100000 ||
        (parts[1] != "0" && parts[1] != "1")) {
      return SetError(error, "bad type \"" + std::string(type_text) + "\""), nullptr;
    }
    rules->types_.push_back({static_cast<int>(offset), parts[1] == "1", std::string(parts[2])});
  }
  std::int64_t initial = 0;
  std::int64_t unit = 0;
  if (rules->types_.empty() || rules->types_.size() > 255 || !ParseInt(fields[2], initial) || initial < 0 ||
      initial >= static_cast<std::int64_t>(rules->types_.size()) || !ParseInt(fields[3], unit) || unit < 1 ||
      unit > kDay) {
    return SetError(error, "bad types, initial type or unit"), nullptr;
  }
  rules->initial_ = static_cast<int>(initial);
  const std::uint64_t ntypes = rules->types_.size();
  std::uint64_t value = 0;
  int shift = 0;
  Instant previous = 0;
  for (char c : fields[4]) {
    std::size_t more = kMoreDigits.find(c);
    std::size_t end = more == std::string_view::npos ? kEndDigits.find(c) : std::string_view::npos;
    if ((more == std::string_view::npos && end == std::string_view::npos) || shift > 55) {
      return SetError(error, "bad transition digits"), nullptr;
    }
    value |= static_cast<std::uint64_t>(more != std::string_view::npos ? more : end) << shift;
    shift += 5;
    if (end == std::string_view::npos) continue;
    std::uint64_t units = value / ntypes;
    if (units == 0 || units > static_cast<std::uint64_t>(kFarInstant / unit)) {
      return SetError(error, "bad transition delta"), nullptr;
    }
    previous += static_cast<Instant>(units) * unit;
    if (previous > kFarInstant) return SetError(error, "transition out of range"), nullptr;
    rules->transitions_.push_back(previous);
    rules->transition_types_.push_back(static_cast<std::uint8_t>(value % ntypes));
    value = 0;
    shift = 0;
  }
  if (shift != 0) return SetError(error, "truncated transition"), nullptr;
  rules->ExtendTable();
  rules->BuildBucketIndex();
  return rules;
}

std::shared_ptr<const ZoneRules> ZoneRules::FromPosix(std::string_view posix, std::string* error) {
  std::optional<PosixTz> footer = PosixTz::Parse(posix, error);
  if (!footer) return nullptr;
  auto rules = std::make_shared<ZoneRules>();
  rules->types_.push_back(footer->std_type());
  rules->footer_ = std::move(footer);
  rules->fixed_before_epoch_ = false;
  return rules;
}

void ZoneRules::ExtendTable() {
  if (!footer_ || !footer_->has_dst()) return;
  Instant t = transitions_.empty() ? 0 : transitions_.back();
  // A century of DST is about 200 entries; the bound only guards against a
  // rule that changes absurdly often.
  for (int i = 0; i < 1000; ++i) {
    Instant change = footer_->NextChange(t);
    if (change == kNever || change >= kTableUntil) return;
    const LocalType& type = footer_->TypeAt(change);
    std::size_t index = 0;
    while (index < types_.size() && !types_[index].SameAs(type)) ++index;
    if (index == types_.size()) {
      if (types_.size() >= 255) return;
      types_.push_back(type);
    }
    transitions_.push_back(change);
    transition_types_.push_back(static_cast<std::uint8_t>(index));
    t = change;
  }
}

void ZoneRules::BuildBucketIndex() {
  if (transitions_.empty() || transitions_.size() > 0xffff) return;  // the binary search serves
  std::size_t buckets = static_cast<std::size_t>(transitions_.back() >> kBucketBits) + 2;
  bucket_first_.resize(buckets);
  std::size_t index = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    const Instant start = static_cast<Instant>(b) << kBucketBits;
    while (index < transitions_.size() && transitions_[index] < start) ++index;
    bucket_first_[b] = static_cast<std::uint16_t>(index);
  }
}

std::size_t ZoneRules::FirstTransitionAfter(Instant t) const {
  const std::size_t b = t >= 0 ? static_cast<std::size_t>(t >> kBucketBits) : bucket_first_.size();
  if (b + 1 >= bucket_first_.size()) {
    return std::upper_bound(transitions_.begin(), transitions_.end(), t) - transitions_.begin();
  }
  // Transitions before the bucket are before t; those from the next bucket
  // on are after it.
  std::size_t i = bucket_first_[b];
  const std::size_t end = bucket_first_[b + 1];
  while (i < end && transitions_[i] <= t) ++i;
  return i;
}

const LocalType& ZoneRules::TypeAt(Instant t) const {
  t = Clamp(t);
  if (t < 0 && fixed_before_epoch_) return types_[initial_];
  if (transitions_.empty()) return footer_ ? footer_->TypeAt(t) : types_[initial_];
  if (t < transitions_.front()) return types_[initial_];
  if (t >= transitions_.back() && footer_) return footer_->TypeAt(t);
  return types_[transition_types_[FirstTransitionAfter(t) - 1]];
}

Instant ZoneRules::RawNext(Instant t) const {
  if (t < 0 && fixed_before_epoch_) return 0;
  if (!transitions_.empty() && t < transitions_.back()) {
    return transitions_[FirstTransitionAfter(t)];
  }
  return footer_ ? footer_->NextChange(t) : kNever;
}

Instant ZoneRules::NextChange(Instant t) const {
  if (t >= kFarInstant) return kNever;
  t = Clamp(t);
  const LocalType& current = TypeAt(t);
  Instant candidate = RawNext(t);
  // Candidates that change nothing (the 1970 boundary) are skipped; the bound
  // only matters for a footer whose two types are identical.
  for (int i = 0; i < 16 && candidate != kNever && candidate < kFarInstant; ++i) {
    if (!TypeAt(candidate).SameAs(current)) return candidate;
    candidate = RawNext(candidate);
  }
  return kNever;
}

bool ZoneRules::SteadyOffset(Instant from, Instant to, int* offset) const {
  if (from < 0 || to < from || transitions_.empty() || from < transitions_.front() || to >= transitions_.back()) {
    return false;
  }
  // from lies inside the table: TypeAt(from) is the type of the transition
  // at or before it, and nothing changes until the next one.
  const std::size_t next = FirstTransitionAfter(from);
  if (transitions_[next] <= to) return false;
  *offset = types_[transition_types_[next - 1]].offset;
  return true;
}

Instant ZoneRules::FromLocal(std::int64_t local) const {
  local = Clamp(local);
  // UTC offsets stay within +/- 26 hours, so every instant whose wall clock
  // could read `local` lies within two days of it.
  const Instant low = local - 2 * kDay;
  const Instant high = local + 2 * kDay;
  // No transition within two days: the loop below would return this at once.
  if (int offset = 0; SteadyOffset(low, high, &offset)) return local - offset;
  Instant begin = low;
  const LocalType* type = &TypeAt(begin);
  std::optional<Instant> in_gap;
  for (int i = 0; i < 64; ++i) {
    Instant end = NextChange(begin);
    Instant candidate = local - type->offset;
    if (candidate >= begin && candidate < end) return candidate;  // the first occurrence
    if (end == kNever || end > high) break;
    const LocalType* next = &TypeAt(end);
    if (!in_gap && next->offset > type->offset && local >= end + type->offset && local < end + next->offset) {
      // Skipped by a spring-forward: shift forward by the gap's length, which
      // is reading `local` with the offset from before the gap.
      in_gap = local - type->offset;
    }
    begin = end;
    type = next;
  }
  return in_gap ? *in_gap : local - TypeAt(local).offset;
}

}  // namespace flowproof::time_internal
