#include "core/model/population.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "core/model/json_checker.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"
#include "core/time/zone.h"

namespace flowproof {
namespace {

constexpr double kShareSlack = 1e-9;  // shares written as decimals may sum to 1.0000000001
constexpr const char* kDistributionKeys[] = {"choice", "uniform", "normal", "sample", "between", "template"};

bool IsDistributionObject(const Json& value) {
  if (!value.is_object()) return false;
  for (const char* key : kDistributionKeys) {
    if (value.contains(key)) return true;
  }
  return false;
}

class PopulationParser {
 public:
  PopulationParser(Instant start, Instant until, JsonChecker& check) : start_(start), until_(until), check_(check) {}

  void Parse(const Json& value, const std::string& pointer, Population* out) {
    if (!value.is_object()) {
      return check_.Add(problem_code::kWrongType, pointer, "'population' must be an object {count, attributes, ...}");
    }
    check_.OnlyKeys(value, pointer, {"count", "id_prefix", "timezone", "attributes", "lists", "consent", "events", "description"});
    ParseCount(value, pointer, out);
    if (const Json* prefix = check_.Member(value, "id_prefix", pointer, false)) {
      if (!prefix->is_string()) {
        check_.Add(problem_code::kWrongType, pointer + "/id_prefix", "'id_prefix' must be a string");
      } else if (prefix->get_ref<const std::string&>().size() > 100) {
        check_.Add(problem_code::kTooLarge, pointer + "/id_prefix", "'id_prefix' longer than 100 bytes");
      } else {
        out->id_prefix = prefix->get<std::string>();
      }
    }
    ParseZones(value, pointer, out);
    if (const Json* attributes = check_.Member(value, "attributes", pointer, false)) {
      if (!attributes->is_object()) {
        check_.Add(problem_code::kWrongType, pointer + "/attributes", "'attributes' must be an object of attribute name to distribution");
      } else {
        for (auto it = attributes->begin(); it != attributes->end(); ++it) {
          std::string here = pointer + "/attributes/" + PointerToken(it.key());
          if (it.key() == "id" || it.key() == "timezone" || it.key() == "lists" || it.key() == "consent") {
            check_.Add(problem_code::kReservedName, here, "'" + it.key() + "' is not an attribute: population gives it its own field");
            continue;
          }
          PopulationAttribute attribute{it.key(), {}};
          if (ParseDistribution(it.value(), here, &attribute.distribution)) out->attributes.push_back(std::move(attribute));
        }
        // A Json object iterates sorted: the attributes are in name order.
      }
    }
    ParseShares(value, "lists", pointer, [&](const std::string& key, double share, const std::string&) {
      out->lists.emplace_back(key, share);
    });
    ParseShares(value, "consent", pointer, [&](const std::string& key, double share, const std::string& here) {
      std::optional<Channel> channel = ChannelFromName(key);
      if (!channel) {
        check_.Add(problem_code::kUnknownChannel, here, "unknown channel '" + key + "' (expected " + ChannelNamesForMessage() + ")");
        return;
      }
      out->consent.emplace_back(*channel, share);
    });
    ParseEvents(value, pointer, out);
  }

 private:
  void ParseCount(const Json& value, const std::string& pointer, Population* out) {
    const Json* count = check_.Member(value, "count", pointer, true);
    if (count == nullptr) return;
    std::string here = pointer + "/count";
    if (!count->is_number()) return check_.Add(problem_code::kWrongType, here, "'count' must be a whole number");
    double n = count->get<double>();
    if (n < 0 || std::floor(n) != n) return check_.Add(problem_code::kOutOfRange, here, "'count' must be a whole number, 0 or more");
    if (n > static_cast<double>(kMaxPopulationCount) ||
        (count->is_number_unsigned() && count->get<std::uint64_t>() > kMaxPopulationCount)) {
      return check_.Add(problem_code::kTooLarge, here, "a population of at most " + std::to_string(kMaxPopulationCount) +
                                                           " contacts (README \"Limits\"); forecast a sample and scale the counts");
    }
    out->count = static_cast<std::uint64_t>(n);
  }

  // A probability or share: a number from 0 to 1.
  std::optional<double> Share(const Json& value, const std::string& here) {
    if (!value.is_number()) {
      check_.Add(problem_code::kWrongType, here, "a probability must be a number from 0 to 1");
      return std::nullopt;
    }
    double p = value.get<double>();
    if (!(p >= 0 && p <= 1)) {
      check_.Add(problem_code::kOutOfRange, here, "a probability must be from 0 to 1, not " + QuoteForMessage(value));
      return std::nullopt;
    }
    return p;
  }

  template <typename Each>
  void ParseShares(const Json& value, const char* key, const std::string& pointer, Each&& each) {
    const Json* shares = check_.Member(value, key, pointer, false);
    if (shares == nullptr) return;
    std::string here = pointer + "/" + key;
    if (!shares->is_object()) {
      return check_.Add(problem_code::kWrongType, here, std::string("'") + key + "' must be an object of name to share (0 to 1)");
    }
    for (auto it = shares->begin(); it != shares->end(); ++it) {
      std::string at = here + "/" + PointerToken(it.key());
      if (std::optional<double> p = Share(it.value(), at)) each(it.key(), *p, at);
    }
  }

  void ParseZones(const Json& value, const std::string& pointer, Population* out) {
    const Json* zones = check_.Member(value, "timezone", pointer, false);
    if (zones == nullptr) return;
    std::string here = pointer + "/timezone";
    if (zones->is_string()) {
      if (FindTimeZone(zones->get<std::string>()) == nullptr) {
        return check_.Add(problem_code::kUnknownTimeZone, here, "unknown time zone '" + zones->get<std::string>() + "'");
      }
      out->timezones.emplace_back(zones->get<std::string>(), 1.0);
      return;
    }
    if (!zones->is_object()) {
      return check_.Add(problem_code::kWrongType, here, "'timezone' must be a zone name or an object of zone name to share");
    }
    double sum = 0;
    for (auto it = zones->begin(); it != zones->end(); ++it) {
      std::string at = here + "/" + PointerToken(it.key());
      if (FindTimeZone(it.key()) == nullptr) {
        check_.Add(problem_code::kUnknownTimeZone, at, "unknown time zone '" + it.key() + "'");
        continue;
      }
      std::optional<double> p = Share(it.value(), at);
      if (!p) continue;
      sum += *p;
      out->timezones.emplace_back(it.key(), sum);
    }
    if (sum > 1 + kShareSlack) {
      check_.Add(problem_code::kOutOfRange, here, "the zones' shares add up to more than 1 (" + std::to_string(sum) + ")");
    }
  }

  std::optional<Instant> TimeAt(const Json& value, const std::string& here) {
    if (!value.is_string()) {
      check_.Add(problem_code::kWrongType, here, "a time must be a timestamp or an offset from the clock start (\"+2d\")");
      return std::nullopt;
    }
    std::string error;
    std::optional<Instant> t = ParseFixtureTime(value.get<std::string>(), start_, &error);
    if (!t) check_.Add(problem_code::kNotATimestamp, here, "not a time (a timestamp or \"+2d\" after the clock start): " + error);
    return t;
  }

  // [low, high] of two numbers or two times; *as_time says which.
  bool Range(const Json& value, const std::string& here, bool allow_numbers, double* low, double* high, bool* as_time) {
    if (!value.is_array() || value.size() != 2) {
      check_.Add(problem_code::kWrongType, here, "a range must be [low, high]");
      return false;
    }
    if (allow_numbers && value[0].is_number() && value[1].is_number()) {
      *low = value[0].get<double>();
      *high = value[1].get<double>();
      *as_time = false;
    } else {
      std::optional<Instant> a = TimeAt(value[0], here + "/0");
      std::optional<Instant> b = TimeAt(value[1], here + "/1");
      if (!a || !b) return false;
      *low = static_cast<double>(*a);
      *high = static_cast<double>(*b);
      *as_time = true;
    }
    if (!(*low <= *high) || !std::isfinite(*low) || !std::isfinite(*high)) {
      check_.Add(problem_code::kOutOfRange, here, "a range's low end must not be above its high end");
      return false;
    }
    return true;
  }

  bool ParseTemplate(const Json& value, const std::string& here, Distribution* out) {
    if (!value.is_string()) {
      check_.Add(problem_code::kWrongType, here, "'template' must be text with {{ id }} in it");
      return false;
    }
    const std::string& text = value.get_ref<const std::string&>();
    std::string literal;
    for (std::size_t i = 0; i < text.size();) {
      if (text.compare(i, 2, "{{") == 0) {
        std::size_t end = text.find("}}", i + 2);
        std::string inner = end == std::string::npos ? "" : text.substr(i + 2, end - i - 2);
        auto first = inner.find_first_not_of(" \t-");
        auto last = inner.find_last_not_of(" \t-");
        if (end == std::string::npos || first == std::string::npos || inner.substr(first, last - first + 1) != "id") {
          check_.Add(problem_code::kUnknownValue, here,
                     "a population template may use only {{ id }} (the contact's id); other Liquid is not supported here");
          return false;
        }
        out->literals.push_back(std::move(literal));
        literal.clear();
        i = end + 2;
      } else if (text.compare(i, 2, "{%") == 0) {
        check_.Add(problem_code::kUnknownValue, here, "a population template may use only {{ id }}; Liquid tags are not supported here");
        return false;
      } else {
        literal += text[i++];
      }
    }
    out->literals.push_back(std::move(literal));
    out->kind = Distribution::Kind::kTemplate;
    return true;
  }

  bool ParseDistribution(const Json& value, const std::string& here, Distribution* out) {
    if (!value.is_object()) {  // a constant: every contact gets this value
      out->kind = Distribution::Kind::kSample;
      out->values = {value};
      return true;
    }
    int kinds = 0;
    for (const char* key : kDistributionKeys) kinds += value.contains(key) ? 1 : 0;
    if (kinds == 0) {  // {"poisson": 3}: the distribution is unknown, not a stray field
      check_.Add(problem_code::kUnknownValue, here, "unknown distribution " + QuoteForMessage(value.empty() ? Json("{}") : Json(value.begin().key())) +
                                                        ": expected one of choice, uniform, normal, sample, between, template");
      return false;
    }
    check_.OnlyKeys(value, here, {"choice", "uniform", "normal", "sample", "between", "template", "round", "min", "max"});
    if (kinds != 1) {
      check_.Add(kinds == 0 ? problem_code::kUnknownValue : problem_code::kConflictingFields, here,
                 kinds == 0 ? "unknown distribution: expected one of choice, uniform, normal, sample, between, template"
                            : "a distribution is exactly one of choice, uniform, normal, sample, between, template");
      return false;
    }
    bool ok = true;
    if (const Json* round = check_.Member(value, "round", here, false)) {
      if (!round->is_boolean()) {
        check_.Add(problem_code::kWrongType, here + "/round", "'round' must be true or false");
        ok = false;
      } else {
        out->round = round->get<bool>();
      }
    }
    for (const char* key : {"min", "max"}) {
      const Json* bound = check_.Member(value, key, here, false);
      if (bound == nullptr) continue;
      if (!bound->is_number()) {
        check_.Add(problem_code::kWrongType, here + "/" + key, std::string("'") + key + "' must be a number");
        ok = false;
        continue;
      }
      (key[1] == 'i' ? out->has_min : out->has_max) = true;
      (key[1] == 'i' ? out->min : out->max) = bound->get<double>();
    }
    if (out->has_min && out->has_max && out->min > out->max) {
      check_.Add(problem_code::kOutOfRange, here + "/min", "'min' is above 'max'");
      ok = false;
    }
    if (const Json* choice = value.contains("choice") ? &value["choice"] : nullptr) {
      out->kind = Distribution::Kind::kChoice;
      if (!choice->is_object() || choice->empty()) {
        check_.Add(problem_code::kWrongType, here + "/choice", "'choice' must be an object of value to probability");
        return false;
      }
      double sum = 0;
      for (auto it = choice->begin(); it != choice->end(); ++it) {
        std::optional<double> p = Share(it.value(), here + "/choice/" + PointerToken(it.key()));
        if (!p) {
          ok = false;
          continue;
        }
        sum += *p;
        out->choices.emplace_back(Json(it.key()), sum);
      }
      if (sum > 1 + kShareSlack) {
        check_.Add(problem_code::kOutOfRange, here + "/choice", "the choices' probabilities add up to more than 1 (" + std::to_string(sum) + ")");
        ok = false;
      }
    } else if (value.contains("uniform")) {
      out->kind = Distribution::Kind::kUniform;
      ok = Range(value["uniform"], here + "/uniform", true, &out->low, &out->high, &out->as_timestamp) && ok;
    } else if (value.contains("between")) {
      out->kind = Distribution::Kind::kBetween;
      ok = Range(value["between"], here + "/between", false, &out->low, &out->high, &out->as_timestamp) && ok;
    } else if (value.contains("normal")) {
      out->kind = Distribution::Kind::kNormal;
      const Json& normal = value["normal"];
      std::string at = here + "/normal";
      if (!normal.is_object()) {
        check_.Add(problem_code::kWrongType, at, "'normal' must be {\"mean\": NUMBER, \"sd\": NUMBER}");
        return false;
      }
      check_.OnlyKeys(normal, at, {"mean", "sd"});
      const Json* mean = check_.Member(normal, "mean", at, true);
      const Json* sd = check_.Member(normal, "sd", at, true);
      if (mean == nullptr || sd == nullptr) return false;
      if (!mean->is_number()) return check_.Add(problem_code::kWrongType, at + "/mean", "'mean' must be a number"), false;
      if (!sd->is_number()) return check_.Add(problem_code::kWrongType, at + "/sd", "'sd' must be a number"), false;
      if (sd->get<double>() < 0) return check_.Add(problem_code::kOutOfRange, at + "/sd", "'sd' must not be negative"), false;
      out->low = mean->get<double>();
      out->high = sd->get<double>();
    } else if (value.contains("sample")) {
      out->kind = Distribution::Kind::kSample;
      const Json& sample = value["sample"];
      if (!sample.is_array() || sample.empty()) {
        check_.Add(problem_code::kWrongType, here + "/sample", "'sample' must be a non-empty array of values");
        return false;
      }
      out->values.assign(sample.begin(), sample.end());
    } else {
      ok = ParseTemplate(value["template"], here + "/template", out) && ok;
    }
    bool numeric = (out->kind == Distribution::Kind::kUniform && !out->as_timestamp) || out->kind == Distribution::Kind::kNormal;
    if (!numeric && (out->round || out->has_min || out->has_max)) {
      check_.Add(problem_code::kConflictingFields, here, "'round', 'min' and 'max' go with numeric 'uniform' and 'normal'");
      ok = false;
    }
    return ok;
  }

  void ParseEvents(const Json& value, const std::string& pointer, Population* out) {
    const Json* events = check_.Member(value, "events", pointer, false);
    if (events == nullptr) return;
    if (!events->is_array()) return check_.Add(problem_code::kWrongType, pointer + "/events", "'events' must be an array");
    for (std::size_t i = 0; i < events->size(); ++i) {
      const Json& item = (*events)[i];
      std::string here = pointer + "/events/" + std::to_string(i);
      if (!item.is_object()) {
        check_.Add(problem_code::kWrongType, here, "a population event must be an object {event, at | rate, ...}");
        continue;
      }
      check_.OnlyKeys(item, here, {"event", "source", "at", "rate", "probability", "properties", "description"});
      PopulationEvent event;
      event.pointer = here;
      bool ok = true;
      if (auto name = check_.String(item, "event", here, true)) event.event = *name;
      else ok = false;
      if (auto source = check_.String(item, "source", here, false)) event.source = *source;
      bool has_at = item.contains("at"), has_rate = item.contains("rate");
      if (has_at == has_rate) {
        check_.Add(has_at ? problem_code::kConflictingFields : problem_code::kMissingField, here,
                   "a population event has exactly one of 'at' (once) or 'rate' (a Poisson process, \"2/d\")");
        continue;
      }
      if (has_at) ok = ParseAt(item["at"], here + "/at", &event) && ok;
      else ok = ParseRate(item["rate"], here + "/rate", &event) && ok;
      if (const Json* probability = check_.Member(item, "probability", here, false)) {
        if (!has_at) {
          check_.Add(problem_code::kConflictingFields, here + "/probability", "'probability' goes with 'at'; give a 'rate' its own value");
          ok = false;
        } else if (std::optional<double> p = Share(*probability, here + "/probability")) {
          event.probability = *p;
        } else {
          ok = false;
        }
      }
      if (const Json* properties = check_.Member(item, "properties", here, false)) {
        if (!properties->is_object()) {
          check_.Add(problem_code::kWrongType, here + "/properties", "'properties' must be an object");
          ok = false;
        } else {
          for (auto it = properties->begin(); it != properties->end(); ++it) {
            if (!IsDistributionObject(it.value())) {
              event.properties[it.key()] = it.value();
              continue;
            }
            PopulationAttribute drawn{it.key(), {}};
            if (ParseDistribution(it.value(), here + "/properties/" + PointerToken(it.key()), &drawn.distribution)) {
              event.drawn_properties.push_back(std::move(drawn));
            } else {
              ok = false;
            }
          }
        }
      }
      if (ok) out->events.push_back(std::move(event));
    }
  }

  bool ParseAt(const Json& at, const std::string& here, PopulationEvent* event) {
    if (at.is_string()) {
      std::optional<Instant> t = TimeAt(at, here);
      if (!t) return false;
      event->at_low = event->at_high = *t;
    } else if (at.is_object() && at.contains("uniform") && at.size() == 1) {
      double low = 0, high = 0;
      bool as_time = false;
      if (!Range(at["uniform"], here + "/uniform", false, &low, &high, &as_time)) return false;
      event->at_low = static_cast<Instant>(low);
      event->at_high = static_cast<Instant>(high);
    } else {
      check_.Add(at.is_object() ? problem_code::kUnknownValue : problem_code::kWrongType, here,
                 "'at' must be a time (\"+1d\", a timestamp) or {\"uniform\": [FROM, TO]}");
      return false;
    }
    if (event->at_low < start_ || event->at_high > until_) {
      check_.Add(problem_code::kOutOfRange, here, "outside the clock (" + FormatTimestamp(start_) + " to " + FormatTimestamp(until_) + ")");
      return false;
    }
    event->once = true;
    return true;
  }

  bool ParseRate(const Json& rate, const std::string& here, PopulationEvent* event) {
    if (!rate.is_string()) {
      check_.Add(problem_code::kWrongType, here, "'rate' must be text such as \"0.02/d\" or \"3/h\"");
      return false;
    }
    const std::string& text = rate.get_ref<const std::string&>();
    std::size_t slash = text.find('/');
    double per = 0;
    if (slash != std::string::npos) {
      std::string_view unit = std::string_view(text).substr(slash + 1);
      if (unit == "d") per = 86400;
      else if (unit == "h") per = 3600;
      else if (unit == "w") per = 7 * 86400;
    }
    double n = 0;
    bool number = false;
    if (per > 0) {
      std::string digits = text.substr(0, slash);
      std::size_t used = 0;
      try {
        n = std::stod(digits, &used);
        number = used == digits.size() && !digits.empty() && std::isfinite(n);
      } catch (const std::exception&) {
        number = false;
      }
    }
    if (!number) {
      check_.Add(problem_code::kWrongType, here, "'rate' must be a number of events per day, hour or week: \"0.02/d\", \"3/h\", \"1/w\"");
      return false;
    }
    if (n < 0) {
      check_.Add(problem_code::kOutOfRange, here, "'rate' must not be negative");
      return false;
    }
    event->once = false;
    event->rate_per_second = n / per;
    double expected = event->rate_per_second * static_cast<double>(until_ - start_);
    if (expected > kMaxExpectedEventsPerContact) {
      check_.Add(problem_code::kTooLarge, here, "this rate gives each contact about " + std::to_string(static_cast<long long>(expected)) +
                                                     " events over the clock; at most " +
                                                     std::to_string(static_cast<int>(kMaxExpectedEventsPerContact)) + " (README \"Limits\")");
      return false;
    }
    return true;
  }

  Instant start_, until_;
  JsonChecker& check_;
};

}  // namespace

bool Population::HasId(std::string_view id, std::uint64_t* number) const {
  if (id.size() <= id_prefix.size() || id.compare(0, id_prefix.size(), id_prefix) != 0) return false;
  std::string_view digits = id.substr(id_prefix.size());
  if (digits.size() > 19 || digits[0] == '0') return false;
  std::uint64_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (n < 1 || n > count) return false;
  if (number != nullptr) *number = n;
  return true;
}

void ParsePopulation(const Json& value, const std::string& pointer, Instant start, Instant until, JsonChecker& check,
                     Population* out) {
  PopulationParser(start, until, check).Parse(value, pointer, out);
}

}  // namespace flowproof
