// A seeded generator of random, valid flowproof fixtures (FORMAT.md v1) for
// the property-based simulation tests (tests/sim_property_test.cc).
//
//   Json fixture = flowproof::property::RandomFixture(seed);
//   // ...load with Session::Load(fixture.dump()); it must validate.
//   Json at_scale = flowproof::property::SplitAtScaleFixture(seed, 5000);
//
// Every draw comes from a SplitMix64 stream seeded with the case's seed, so
// a seed names one fixture on every platform and in every build (no
// std::uniform_int_distribution, whose results differ between libstdc++ and
// libc++). A fixture covers, by chance, every node type, every trigger type,
// every wait kind, exits (goal, max_duration, on_events, exit nodes, manual
// script exits), quiet hours in both modes, frequency caps, splits,
// reactions, contacts in zones with DST changes near the clock start, and
// scripts of events, attribute changes and exits. Times are drawn on a
// coarse grid (quarter hours) so that several things often happen at the
// same instant. Objects are built key by key (never from one-element braced
// lists, which g++ and clang read differently for nlohmann::json).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/base/json.h"

namespace flowproof::property {

// SplitMix64: tiny, fast, and the same numbers everywhere.
class Rng {
 public:
  // The seed is mixed into the starting state: SplitMix64 started at
  // seed * gamma would make seed s + 1's stream seed s's shifted by one draw
  // (neighbouring cases nearly the same).
  explicit Rng(std::uint64_t seed) : state_(Mix(seed ^ 0x632BE59BD9B4E019ull)) {}
  std::uint64_t Next() { return Mix(state_ += 0x9E3779B97F4A7C15ull); }
  // Uniform in [0, n) (n > 0); the modulo bias is irrelevant here.
  int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }
  int Between(int lo, int hi) { return lo + Below(hi - lo + 1); }  // inclusive
  bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& items) { return items[static_cast<std::size_t>(Below(static_cast<int>(items.size())))]; }

  static std::uint64_t Mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

// Tunables; the defaults make cases of a few milliseconds each.
struct GeneratorOptions {
  int max_contacts = 8;
  int max_inner_nodes = 11;  // plus 1 to 3 exit nodes
  int max_script = 24;
  int max_span_days = 12;
};

namespace generator_internal {

inline Json Arr(std::initializer_list<Json> items) {
  Json out = Json::array();
  for (const Json& item : items) out.push_back(item);
  return out;
}
inline Json Op(const char* op, Json args) {
  Json out = Json::object();
  out[op] = std::move(args);
  return out;
}
inline Json Var(const char* path) { return Op("var", Json(path)); }

inline const std::vector<std::string>& Zones() {
  // DST in both hemispheres, a 30-minute DST shift (Lord Howe), half- and
  // quarter-hour offsets, and zones without DST.
  static const std::vector<std::string> zones = {
      "America/New_York", "Europe/London",  "Australia/Sydney", "Asia/Kolkata",       "UTC",
      "America/Los_Angeles", "Europe/Berlin", "America/St_Johns", "Australia/Lord_Howe", "Asia/Kathmandu"};
  return zones;
}

// Clock starts a few days before a DST change somewhere (2026), or in a
// quiet period: US spring forward 8 March, EU 29 March, Sydney back 5 April,
// Sydney forward 4 October, EU back 25 October, US back 1 November.
inline const std::vector<std::string>& DstDates() {
  static const std::vector<std::string> dates = {"2026-03-08", "2026-03-29", "2026-04-05", "2026-10-04",
                                                 "2026-10-25", "2026-11-01", "2026-06-15", "2026-01-10"};
  return dates;
}

inline const std::vector<std::string>& EventNames() {
  static const std::vector<std::string> names = {"signup", "signup", "purchase_completed", "email_opened",
                                                 "email_clicked", "page_viewed", "unsubscribed", "session_started"};
  return names;
}

inline std::string Two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

// A JsonLogic condition over what contacts, scripts and updates change.
inline Json RandomCondition(Rng& rng, int depth = 0) {
  switch (rng.Below(depth < 1 ? 11 : 9)) {
    case 0: return Op(">=", Arr({Var("contact.score"), Json(rng.Between(0, 10) * 10)}));
    case 1: return Op("==", Arr({Var("contact.plan"), Json("pro")}));
    case 2: return Op("in_list", Arr({Json(rng.Chance(0.5) ? "vip" : "newsletter")}));
    case 3: return Op("has_event", Arr({Json(rng.Pick(EventNames())), Json(rng.Chance(0.5) ? "7d" : "1d")}));
    case 4: return Op("==", Arr({Var("event.source"), Json("crm")}));
    case 5: return Op("==", Arr({Var("contact.converted"), Json(true)}));
    case 6: return Op(">", Arr({Op("count_events", Arr({Json("page_viewed"), Json("30d")})), Json(rng.Between(0, 2))}));
    case 7: return Op("!", Arr({Var("contact.phone")}));
    case 8: return Op("==", Arr({Var("contact.country"), Json(rng.Chance(0.5) ? "US" : "GB")}));
    case 9: return Op("and", Arr({RandomCondition(rng, depth + 1), RandomCondition(rng, depth + 1)}));
    default: return Op("or", Arr({RandomCondition(rng, depth + 1), RandomCondition(rng, depth + 1)}));
  }
}

// A local time of day, often one that a DST change skips or repeats.
inline std::string RandomLocalTime(Rng& rng) {
  static const std::vector<std::string> times = {"09:00", "02:30", "01:30", "00:00", "21:00",
                                                 "17:45", "08:00", "03:00", "23:59:30", "02:00"};
  return rng.Pick(times);
}

inline Json Templates() {
  Json t = Json::object();
  t["t_email"] = {{"channel", "email"},
                  {"subject", "Hi {{ contact.first_name | default: 'there' }}"},
                  {"html", "<p>Hello {{ contact.id }}</p><a href=\"https://x.example/u\">Unsubscribe</a>"}};
  Json vip = {{"subject", "For our VIPs"}};
  vip["when"] = Op("in_list", Arr({Json("vip")}));
  Json plain = {{"subject", "News for {{ contact.id }}"}};
  t["t_news"] = {{"channel", "email"}, {"subject", "News"}, {"html", "<p>News</p>"}};
  t["t_news"]["variants"] = Arr({vip, plain});
  t["t_sms"] = {{"channel", "sms"}, {"body", "Hi {{ contact.id }}, reply STOP to opt out"}};
  t["t_push"] = {{"channel", "push"}, {"title", "Hi"}, {"body", "Come back {{ contact.id }}"}};
  t["t_ad"] = {{"channel", "ad_audience"}, {"audience", "lapsed"}, {"operation", "add"}};
  t["t_hook"] = {{"channel", "webhook"}, {"method", "POST"}, {"url", "https://crm.example/hook"},
                 {"body", "{\"id\": \"{{ contact.id }}\"}"}};
  return t;
}

inline std::string NodeId(int i) { return "n" + Two(i); }

class FixtureBuilder {
 public:
  FixtureBuilder(std::uint64_t seed, const GeneratorOptions& options) : rng_(seed), options_(options), seed_(seed) {}

  Json Build() {
    span_days_ = rng_.Between(1, options_.max_span_days);
    base_date_ = rng_.Pick(DstDates());
    // The clock starts zero to three days before the chosen date, on a half hour.
    int day = std::stoi(base_date_.substr(8, 2)) - rng_.Between(0, 3);
    int month = std::stoi(base_date_.substr(5, 2));
    if (day < 1) {  // none of the dates is in a month after one of 30 days... keep it simple:
      day += 28;
      month -= 1;
    }
    // One draw per statement: the operands of an overloaded + are evaluated
    // in an unspecified order (g++ and clang differ), and the same seed must
    // give the same fixture natively and in WebAssembly.
    int hour = rng_.Between(0, 23);
    bool half = rng_.Chance(0.5);
    start_ = base_date_.substr(0, 5) + Two(month) + "-" + Two(day) + "T" + Two(hour) + ":" + (half ? "30" : "00") + ":00Z";
    start_month_ = month;
    start_day_ = day;

    Json workflow = Workflow();
    Json fixture = Json::object();
    fixture["format"] = "flowproof.fixture/1";
    fixture["name"] = "property case " + std::to_string(seed_);
    fixture["workflow"] = std::move(workflow);
    Json clock = Json::object();
    clock["start"] = start_;
    clock["until"] = "+" + std::to_string(span_days_) + "d" + (rng_.Chance(0.3) ? std::to_string(rng_.Between(1, 23)) + "h" : "");
    fixture["clock"] = clock;
    fixture["seed"] = rng_.Between(0, 1000);
    fixture["contacts"] = Contacts();
    fixture["script"] = Script();
    if (rng_.Chance(0.6)) fixture["reactions"] = Reactions();
    return fixture;
  }

 private:
  // A time on the quarter-hour grid inside the clock, as "+Nm".
  std::string RelativeTime() {
    int quarters = span_days_ * 96;
    int q = rng_.Chance(0.15) ? 0 : rng_.Below(quarters + 1);
    return "+" + std::to_string(q * 15) + "m";
  }

  std::string Duration(const std::vector<std::string>& choices) { return rng_.Pick(choices); }

  // A date near the clock start (for date triggers), in an earlier year.
  std::string NearbyDate() {
    if (rng_.Chance(0.1)) return "1992-02-29";
    int month = start_month_, day = start_day_ + rng_.Between(-2, 10);
    if (day < 1) day = 1;
    if (day > 28) {
      day -= 28;
      month = month % 12 + 1;
    }
    return std::to_string(rng_.Between(1975, 2005)) + "-" + Two(month) + "-" + Two(day);
  }

  Json Trigger() {
    Json t = Json::object();
    switch (rng_.Below(7)) {
      case 0:
      case 1:
      case 2:
        t["type"] = "event";
        t["event"] = rng_.Chance(0.6) ? "signup" : rng_.Pick(EventNames());
        if (rng_.Chance(0.2)) t["source"] = rng_.Chance(0.5) ? "web" : "crm";
        if (rng_.Chance(0.2)) t["where"] = RandomCondition(rng_);
        break;
      case 3:
        t["type"] = "condition";
        t["condition"] = RandomCondition(rng_);
        break;
      case 4:
        t["type"] = "date";
        t["attribute"] = "birthday";
        if (rng_.Chance(0.7)) t["offset"] = Duration({"0s", "-7d", "-1d", "1d12h", "-2h", "3d"});
        if (rng_.Chance(0.8)) t["at"] = RandomLocalTime(rng_);
        if (rng_.Chance(0.5)) t["every"] = "year";
        break;
      case 5: {
        t["type"] = "schedule";
        int hours = rng_.Between(-24, 24 * span_days_);
        // The clock start's date at a whole hour, moved by `hours`, written
        // without an offset (workflow zone, or each contact's when local).
        int day = start_day_ + (hours >= 0 ? hours / 24 : -1);
        int month = start_month_;
        if (day < 1) {
          day += 28;
          month -= 1;
        }
        if (day > 28) {
          day -= 28;
          month = month % 12 + 1;
        }
        std::string at = base_date_.substr(0, 5) + Two(month) + "-" + Two(day) + "T" + Two(((hours % 24) + 24) % 24) + ":" +
                         (rng_.Chance(0.5) ? "00" : "30") + ":00";
        if (rng_.Chance(0.25)) at += "Z";
        t["at"] = at;
        if (rng_.Chance(0.5)) t["every"] = Duration({"6h", "1d", "1w", "12h"});
        if (rng_.Chance(0.4)) t["local"] = true;
        if (rng_.Chance(0.3)) t["audience"] = RandomCondition(rng_);
        break;
      }
      default:
        t["type"] = "inactivity";
        t["event"] = rng_.Pick(EventNames());
        t["for"] = Duration({"12h", "1d", "2d", "3d", "36h"});
        break;
    }
    return t;
  }

  Json Workflow() {
    Json wf = Json::object();
    wf["format"] = "flowproof.workflow/1";
    wf["id"] = "wf-" + std::to_string(rng_.Below(1000));
    wf["name"] = "Generated";
    wf["type"] = "lifecycle";
    if (rng_.Chance(0.8)) wf["timezone"] = rng_.Pick(Zones());

    Json entry = Json::object();
    Json triggers = Json::array();
    int trigger_count = rng_.Between(1, 3);
    for (int i = 0; i < trigger_count; ++i) triggers.push_back(Trigger());
    entry["triggers"] = triggers;
    if (rng_.Chance(0.25)) entry["audience"] = RandomCondition(rng_);
    switch (rng_.Below(5)) {
      case 0: break;
      case 1: entry["reenroll"] = "never"; break;
      case 2:
      case 3: entry["reenroll"] = "after_exit"; break;
      default: entry["reenroll"] = Duration({"0s", "12h", "1d", "3d"}); break;
    }
    wf["entry"] = entry;

    Json exit = Json::object();
    if (rng_.Chance(0.3)) {
      exit["goal"] = rng_.Chance(0.6) ? Op("==", Arr({Var("contact.converted"), Json(true)}))
                                      : Op(">=", Arr({Var("contact.score"), Json(90)}));
    }
    if (rng_.Chance(0.3)) exit["max_duration"] = Duration({"1d", "3d", "36h", "PT12H"});
    if (rng_.Chance(0.35)) {
      Json on = Json::array();
      Json unsub = {{"event", "unsubscribed"}};
      if (rng_.Chance(0.6)) unsub["reason"] = "opted_out";
      on.push_back(unsub);
      if (rng_.Chance(0.3)) {
        Json bought = {{"event", "purchase_completed"}};
        if (rng_.Chance(0.5)) bought["source"] = "crm";
        if (rng_.Chance(0.3)) bought["where"] = RandomCondition(rng_);
        on.push_back(bought);
      }
      exit["on_events"] = on;
    }
    if (!exit.empty()) wf["exit"] = exit;

    Json settings = Json::object();
    if (rng_.Chance(0.55)) {
      static const std::vector<std::pair<std::string, std::string>> windows = {
          {"21:00", "08:00"}, {"22:00", "07:00"}, {"20:30", "09:00"}, {"01:30", "08:00"}, {"02:30", "06:00"},
          {"00:00", "08:00"}, {"09:00", "17:00"}, {"23:00", "02:30"}, {"12:00", "13:30"}, {"01:00", "03:00"}};
      const auto& window = windows[static_cast<std::size_t>(rng_.Below(static_cast<int>(windows.size())))];
      Json quiet = {{"start", window.first}, {"end", window.second}};
      int mode = rng_.Below(3);
      if (mode == 1) quiet["mode"] = "hold";
      if (mode == 2) quiet["mode"] = "skip";
      settings["quiet_hours"] = quiet;
    }
    if (rng_.Chance(0.45)) {
      Json cap = Json::object();
      cap["max"] = rng_.Between(0, 3);
      cap["per"] = Duration({"1h", "6h", "1d", "2d", "7d"});
      if (rng_.Chance(0.5)) {
        Json channels = Json::array();
        for (const char* channel : {"email", "sms", "push", "webhook", "ad_audience"}) {
          if (rng_.Chance(0.5)) channels.push_back(channel);
        }
        if (!channels.empty()) cap["channels"] = channels;
      }
      settings["frequency_cap"] = cap;
    }
    if (!settings.empty()) wf["settings"] = settings;

    wf["nodes"] = Nodes();
    wf["start"] = NodeId(0);
    wf["templates"] = Templates();
    return wf;
  }

  // A successor of node i: usually the next one, sometimes a later node or an exit.
  std::string Forward(int i) {
    if (i + 1 < inner_ && rng_.Chance(0.6)) return NodeId(i + 1);
    int choice = rng_.Between(i + 1, inner_ + exits_ - 1);
    return choice < inner_ ? NodeId(choice) : "x" + std::to_string(choice - inner_);
  }

  Json Nodes() {
    inner_ = rng_.Between(2, options_.max_inner_nodes);
    exits_ = rng_.Between(1, 3);
    // Rarely a loop back to an earlier node: through a timed wait (repeated
    // sends meet caps and quiet hours) or with no wait at all (the
    // loop_without_wait error).
    int loop_from = rng_.Chance(0.08) ? rng_.Between(1, inner_ - 1) : -1;
    bool loop_has_wait = rng_.Chance(0.7);
    Json nodes = Json::object();
    for (int i = 0; i < inner_; ++i) {
      Json node = Json::object();
      std::string next = Forward(i);
      if (i == loop_from) {
        if (loop_has_wait) {
          node = {{"type", "wait"}, {"for", Duration({"6h", "1d", "90m"})}, {"next", NodeId(rng_.Below(i))}};
        } else {  // an update that leads to itself: loop_without_wait
          node = {{"type", "update"}, {"next", NodeId(i)}};
          node["increment"] = {{"loops", 1}};
        }
        nodes[NodeId(i)] = node;
        continue;
      }
      switch (rng_.Below(13)) {
        case 0:
        case 1:
        case 2: {  // send, on every channel
          static const std::vector<std::pair<std::string, std::string>> sends = {
              {"email", "t_email"}, {"email", "t_news"}, {"sms", "t_sms"},
              {"push", "t_push"},   {"ad_audience", "t_ad"}, {"webhook", "t_hook"}};
          const auto& send = sends[static_cast<std::size_t>(rng_.Below(static_cast<int>(sends.size())))];
          node = {{"type", "send"}, {"channel", send.first}, {"template", send.second}, {"next", next}};
          break;
        }
        case 3: {  // update
          node = {{"type", "update"}, {"next", next}};
          Json set = Json::object();
          if (rng_.Chance(0.4)) set["score"] = rng_.Between(0, 100);
          if (rng_.Chance(0.2)) set["converted"] = true;
          if (rng_.Chance(0.2)) set["plan"] = "pro";
          if (rng_.Chance(0.15)) set["birthday"] = NearbyDate();
          if (rng_.Chance(0.2)) set["bonus"] = Op("+", Arr({Var("contact.score"), Json(10)}));
          if (!set.empty()) node["set"] = set;
          if (rng_.Chance(0.4)) node["increment"] = {{"score", rng_.Chance(0.7) ? Json(rng_.Between(-20, 30)) : Json(0.5)}};
          if (rng_.Chance(0.3)) node["add_to_lists"] = Arr({Json("vip")});
          if (rng_.Chance(0.2)) node["remove_from_lists"] = Arr({Json("newsletter")});
          if (!node.contains("set") && !node.contains("increment") && !node.contains("add_to_lists") &&
              !node.contains("remove_from_lists")) {
            node["set"] = {{"touched", true}};
          }
          break;
        }
        case 4: {  // branch
          Json branches = Json::array();
          int arms = rng_.Between(1, 3);
          for (int a = 0; a < arms; ++a) {
            Json arm = {{"label", std::string(1, static_cast<char>('A' + a))}, {"next", Forward(i)}};
            arm["when"] = RandomCondition(rng_);
            branches.push_back(arm);
          }
          node = {{"type", "branch"}, {"else", next}};
          node["branches"] = branches;
          break;
        }
        case 5: {  // split
          static const std::vector<double> weights = {1, 10, 33.3, 50, 90, 2.5};
          Json variants = Json::array();
          int count = rng_.Between(2, 3);
          for (int v = 0; v < count; ++v) {
            Json variant = {{"label", std::string(1, static_cast<char>('A' + v))}, {"next", v == 0 ? next : Forward(i)}};
            variant["weight"] = rng_.Pick(weights);
            variants.push_back(variant);
          }
          node = {{"type", "split"}, {"mode", rng_.Chance(0.5) ? "ab" : "random"}};
          node["variants"] = variants;
          break;
        }
        case 6:
        case 7:  // wait for a fixed duration (often across a DST change)
          node = {{"type", "wait"},
                  {"for", Duration({"0s", "15m", "1h", "2h", "90m", "1d", "1d12h", "2d", "23h", "25h", "P1D", "PT2H", "1w"})},
                  {"next", next}};
          break;
        case 8: {  // wait until a local time, maybe on some days
          Json until = {{"time", RandomLocalTime(rng_)}};
          if (rng_.Chance(0.4)) {
            Json days = Json::array();
            for (const char* d : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}) {
              if (rng_.Chance(0.4)) days.push_back(d);
            }
            if (days.empty()) days.push_back("sun");
            until["days"] = days;
          }
          node = {{"type", "wait"}, {"next", next}};
          node["until"] = until;
          break;
        }
        case 9: {  // wait for_expr / until_expr (some yield nothing usable: invalid_wait)
          node = {{"type", "wait"}, {"next", next}};
          switch (rng_.Below(6)) {
            case 0: node["for_expr"] = Op("*", Arr({Var("contact.score"), Json(60)})); break;
            case 1: node["for_expr"] = Op("+", Arr({Json(3600), Json(rng_.Between(-7200, 7200))})); break;
            case 2: node["for_expr"] = Var("contact.wait_seconds"); break;
            case 3: node["until_expr"] = Op("date_add", Arr({Var("now"), Json(Duration({"3h", "1d", "-1d", "0s"}))})); break;
            case 4: node["until_expr"] = Var("contact.birthday"); break;
            default: node["until_expr"] = Op("date_add", Arr({Var("contact.signup_at"), Json("2d")})); break;
          }
          break;
        }
        case 10: {  // wait_event
          node = {{"type", "wait_event"}, {"event", rng_.Pick(EventNames())}, {"next", next}};
          if (rng_.Chance(0.2)) node["source"] = "crm";
          if (rng_.Chance(0.2)) node["where"] = Op("==", Arr({Var("event.properties.template"), Json("t_email")}));
          if (rng_.Chance(0.7)) {
            node["timeout"] = Duration({"1h", "1d", "2d", "36h"});
            node["on_timeout"] = Forward(i);
          }
          break;
        }
        case 11: {  // wait_until
          node = {{"type", "wait_until"}, {"next", next}};
          node["condition"] = RandomCondition(rng_);
          if (rng_.Chance(0.7)) {
            node["timeout"] = Duration({"1h", "1d", "2d", "12h"});
            node["on_timeout"] = Forward(i);
          }
          break;
        }
        default:  // an early exit
          node = {{"type", "exit"}};
          if (rng_.Chance(0.5)) node["reason"] = "early";
          break;
      }
      nodes[NodeId(i)] = node;
    }
    static const std::vector<std::string> reasons = {"", "completed", "done", "churned"};
    for (int x = 0; x < exits_; ++x) {
      Json node = {{"type", "exit"}};
      const std::string& reason = rng_.Pick(reasons);
      if (!reason.empty()) node["reason"] = reason;
      nodes["x" + std::to_string(x)] = node;
    }
    return nodes;
  }

  Json Contacts() {
    Json contacts = Json::array();
    contacts_ = rng_.Between(1, options_.max_contacts);
    for (int i = 0; i < contacts_; ++i) {
      Json c = Json::object();
      c["id"] = "c" + std::to_string(i);
      if (rng_.Chance(0.8)) c["timezone"] = rng_.Pick(Zones());
      if (rng_.Chance(0.85)) c["email"] = "c" + std::to_string(i) + "@example.com";
      if (rng_.Chance(0.5)) c["phone"] = "+1 555 01" + Two(i % 100);
      if (rng_.Chance(0.4)) c["push_token"] = "tok-" + std::to_string(i);
      if (rng_.Chance(0.2)) {
        static const std::vector<std::string> channels = {"email", "sms", "push", "webhook", "ad_audience"};
        c["consent"] = {{rng_.Pick(channels), false}};
      }
      if (rng_.Chance(0.7)) c["score"] = rng_.Between(0, 100);
      if (rng_.Chance(0.5)) c["plan"] = rng_.Chance(0.3) ? "pro" : "free";
      if (rng_.Chance(0.5)) c["country"] = rng_.Chance(0.5) ? "US" : "GB";
      if (rng_.Chance(0.4)) c["first_name"] = "Name" + std::to_string(i);
      if (rng_.Chance(0.5)) {
        Json lists = Json::array();
        if (rng_.Chance(0.6)) lists.push_back("newsletter");
        if (rng_.Chance(0.3)) lists.push_back("vip");
        c["lists"] = lists;
      }
      if (rng_.Chance(0.5)) c["birthday"] = NearbyDate();
      if (rng_.Chance(0.2)) c["converted"] = rng_.Chance(0.3);
      if (rng_.Chance(0.3)) c["signup_at"] = start_;
      contacts.push_back(c);
    }
    return contacts;
  }

  Json Script() {
    Json script = Json::array();
    int count = rng_.Between(0, options_.max_script);
    std::string previous;
    for (int i = 0; i < count; ++i) {
      Json e = Json::object();
      // Sometimes the same instant as the previous entry.
      e["at"] = !previous.empty() && rng_.Chance(0.2) ? previous : RelativeTime();
      previous = e["at"].get<std::string>();
      e["contact"] = "c" + std::to_string(rng_.Below(contacts_));
      int kind = rng_.Below(20);
      if (kind < 13) {
        e["event"] = kind < 5 ? "signup" : rng_.Pick(EventNames());
        if (rng_.Chance(0.25)) e["source"] = rng_.Chance(0.5) ? "crm" : "web";
        if (rng_.Chance(0.2)) e["properties"] = {{"template", "t_email"}};
      } else if (kind < 18) {
        switch (rng_.Below(5)) {
          case 0: e["set"] = {{"score", rng_.Between(0, 100)}}; break;
          case 1: e["set"] = {{"converted", true}}; break;
          case 2: e["set"] = {{"birthday", NearbyDate()}}; break;
          case 3: e["add_to_lists"] = Arr({Json("vip")}); break;
          default:
            e["set"] = {{"plan", "pro"}};
            e["remove_from_lists"] = Arr({Json("newsletter")});
            break;
        }
      } else {
        e["exit"] = true;
      }
      script.push_back(e);
    }
    return script;
  }

  Json Reactions() {
    Json reactions = Json::array();
    int count = rng_.Between(1, 3);
    static const std::vector<std::string> templates = {"t_email", "t_news", "t_sms", "t_push", "t_hook"};
    static const std::vector<std::string> events = {"email_opened", "email_clicked", "purchase_completed", "signup",
                                                    "unsubscribed"};
    for (int i = 0; i < count; ++i) {
      Json r = Json::object();
      if (rng_.Chance(0.3)) r["contact"] = rng_.Chance(0.5) ? "*" : "c" + std::to_string(rng_.Below(contacts_));
      r["on_send"] = rng_.Pick(templates);
      r["event"] = rng_.Pick(events);
      if (rng_.Chance(0.9)) r["after"] = Duration({"0s", "30m", "1h", "2h", "1d"});
      if (rng_.Chance(0.7)) r["probability"] = rng_.Chance(0.5) ? 0.5 : 0.2;
      if (rng_.Chance(0.2)) r["source"] = "crm";
      reactions.push_back(r);
    }
    return reactions;
  }

  Rng rng_;
  GeneratorOptions options_;
  std::uint64_t seed_;
  int span_days_ = 1;
  std::string base_date_;
  std::string start_;
  int start_month_ = 1;
  int start_day_ = 1;
  int inner_ = 0;
  int exits_ = 0;
  int contacts_ = 0;
};

}  // namespace generator_internal

// One random valid fixture for `seed` (the workflow embedded).
inline Json RandomFixture(std::uint64_t seed, const GeneratorOptions& options = {}) {
  return generator_internal::FixtureBuilder(seed, options).Build();
}

// `contacts` contacts enrolled at the clock start by a schedule trigger, all
// entering one split whose variants each exit with their label as reason.
// The split's weights, the workflow and node ids and the fixture seed are
// drawn from `seed`; *weights receives the weights in variant order.
inline Json SplitAtScaleFixture(std::uint64_t seed, int contacts, std::vector<double>* weights) {
  using generator_internal::Arr;
  Rng rng(seed ^ 0x5151);
  static const std::vector<std::vector<double>> choices = {
      {50, 50}, {10, 90}, {1, 1, 1}, {33.3, 33.3, 33.4}, {5, 15, 80}, {1, 99}, {20, 20, 20, 20, 20}, {0.5, 0.25, 0.25}};
  *weights = rng.Pick(choices);
  Json variants = Json::array();
  Json nodes = Json::object();
  for (std::size_t v = 0; v < weights->size(); ++v) {
    std::string label = "V" + std::to_string(v);
    Json variant = {{"label", label}, {"next", "exit_" + label}};
    variant["weight"] = (*weights)[v];
    variants.push_back(variant);
    nodes["exit_" + label] = {{"type", "exit"}, {"reason", label}};
  }
  std::string split_id = "split-" + std::to_string(rng.Below(100000));
  nodes[split_id] = {{"type", "split"}, {"mode", rng.Chance(0.5) ? "ab" : "random"}};
  nodes[split_id]["variants"] = variants;
  Json trigger = {{"type", "schedule"}, {"at", "2026-11-02T00:00:00Z"}};
  Json workflow = {{"format", "flowproof.workflow/1"}, {"id", "scale-" + std::to_string(rng.Below(100000))},
                   {"start", split_id}};
  workflow["entry"] = {{"triggers", Arr({trigger})}};
  workflow["nodes"] = nodes;
  Json people = Json::array();
  for (int i = 0; i < contacts; ++i) {
    Json c = Json::object();
    c["id"] = "contact-" + std::to_string(i);
    people.push_back(c);
  }
  Json fixture = {{"format", "flowproof.fixture/1"}, {"name", "split at scale"}};
  fixture["workflow"] = workflow;
  fixture["clock"] = {{"start", "2026-11-02T00:00:00Z"}, {"until", "+1h"}};
  fixture["seed"] = static_cast<std::int64_t>(rng.Next() % 1000000);
  fixture["contacts"] = people;
  return fixture;
}

}  // namespace flowproof::property
