// Liquid rendering benchmark (prints figures; not a timed test).
//
// Renders a realistic marketing email (tests/bench/data/liquid/email.liquid:
// about 400 lines of HTML, two loops over the order items, conditionals and
// two snippets through {% render %}) for N generated contacts, the hot path
// of a campaign send: the template is parsed once and rendered per contact.
// Only rendering is timed; contacts are generated (deterministically, from
// their index) in batches outside the timed region.
//
//   build/liquid_bench                          # 100,000 contacts
//   build/liquid_bench --contacts 20000
//   build/liquid_bench --dump 7                 # print the email of contact 7
//   build/liquid_bench --write-data c.ndjson --hashes h.txt
//
// --write-data writes the generated contacts (one JSON object per line),
// --summary the figures line to a file instead of stdout, and
// --hashes the FNV-1a hash and length of every rendered email, so that
// tests/bench/liquid_bench.mjs can render the same data with liquidjs and
// check that every output is identical. The same program built with emcc
// is what liquid_bench.mjs runs as WebAssembly.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/base/json.h"
#include "core/liquid/liquid.h"

namespace flowproof {
namespace {

#ifdef __EMSCRIPTEN__
constexpr const char* kMode = "wasm";
#else
constexpr const char* kMode = "native";
#endif

// splitmix64: a tiny deterministic generator, seeded per contact.
struct Rng {
  std::uint64_t state;
  std::uint64_t Next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }
  template <typename T, std::size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(static_cast<int>(N))];
  }
};

const char* const kFirstNames[] = {"ana",   "Ben",   "chloe", "Dmitri", "Elena", "farah", "Gus",  "Hana",
                                   "Ivan",  "julia", "Kofi",  "Lena",   "Mateo", "nora",  "Omar", "Priya",
                                   "Quinn", "Rosa",  "Sam",   "Tariq",  "Uma",   "Vera",  "Wes",  "Yuki"};
const char* const kLastNames[] = {"Silva", "Okafor", "Nguyen", "Schmidt", "Garcia", "Kowalski", "Haddad",
                                  "Larsen", "Moreau", "Tanaka", "O'Brien", "Rossi", "Mensah", "Patel"};
const char* const kCities[] = {"Portland", "Denver", "Austin", "Boston", "Seattle", "Chicago", "Madison", "Boise"};
const char* const kStreets[] = {"Alder St", "Birch Ave", "Cedar Ln", "Dogwood Rd", "Elm Ct", "Fir Way"};
const char* const kTiers[] = {"gold", "silver", "silver", "none", "none", "none"};
const char* const kShipping[] = {"standard", "standard", "express", "pickup"};
const char* const kCoupons[] = {"welcome10", "trail15", "autumn20"};

struct Product {
  const char* sku;
  const char* title;
  int price_cents;
  bool sized;
};
const Product kProducts[] = {
    {"RS-2201", "Ridgeline Rain Shell", 18900, true},
    {"TR-1107", "Cascade Trail Runner", 13900, true},
    {"MB-0042", "Summit Merino Beanie", 3400, false},
    {"IB-0750", "Basecamp Insulated Bottle 750 ml", 2900, false},
    {"DP-3300", "Women's Down Parka with Detachable Hood & Faux-Fur Trim", 32900, true},
    {"HP-0028", "Headlamp 'Nightjar' 400 lumen", 4900, false},
    {"TP-2P01", "Two-Person Ultralight Tent", 42900, false},
    {"SK-0410", "Hiking Socks, 3-pack", 2450, true},
    {"GL-0099", "Fleece Gloves", 1999, true},
    {"MP-1200", "Trail Map Set: Pacific Northwest", 1575, false},
};
const char* const kSizes[] = {"XS", "S", "M", "L", "XL"};

Json Contact(int index) {
  Rng rng{static_cast<std::uint64_t>(index) * 7919 + 17};
  std::string first = rng.Pick(kFirstNames);
  if (rng.Below(25) == 0) first = "";  // some contacts have no first name
  std::string last = rng.Pick(kLastNames);
  char id[16];
  std::snprintf(id, sizeof id, "c%06d", index);
  std::string email = (first.empty() ? std::string("customer") : first) + "." + std::to_string(index) + "@example.com";
  for (char& c : email) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  // Each draw is its own statement: the operands of `+` are unsequenced, and
  // g++ and clang would draw in different orders.
  std::string street = std::to_string(100 + rng.Below(9900));
  street += " ";
  street += rng.Pick(kStreets);
  Json contact = {
      {"id", id},
      {"first_name", first},
      {"last_name", last},
      {"email", email},
      {"street", street},
      {"city", rng.Pick(kCities)},
      {"postal_code", std::to_string(10000 + rng.Below(89999))},
      {"tier", rng.Pick(kTiers)},
      {"points", rng.Below(6000)},
      {"orders_count", 1 + rng.Below(12)},
      {"sms_opt_in", rng.Below(3) == 0},
      {"lists", rng.Below(2) == 0 ? Json::array({"newsletter", "product_updates"}) : Json::array({"product_updates"})},
  };
  if (rng.Below(5) != 0) contact["country"] = "US";

  Json items = Json::array();
  int count = 1 + rng.Below(5);
  int subtotal = 0;
  for (int i = 0; i < count; ++i) {
    const Product& p = rng.Pick(kProducts);
    int qty = 1 + rng.Below(3);
    Json item = {{"sku", p.sku}, {"title", p.title}, {"qty", qty}, {"price_cents", p.price_cents},
                 {"backordered", rng.Below(10) == 0}};
    if (p.sized) item["size"] = rng.Pick(kSizes);
    subtotal += p.price_cents * qty;
    items.push_back(std::move(item));
  }
  int discount = 0;
  Json coupon = nullptr;
  if (rng.Below(3) == 0) {
    coupon = rng.Pick(kCoupons);
    discount = subtotal / 10;
  }
  char order_id[16];
  std::snprintf(order_id, sizeof order_id, "NW-%07d", 1000000 + index);
  char placed_on[16];
  std::snprintf(placed_on, sizeof placed_on, "2026-10-%02d", 1 + rng.Below(31));
  Json properties = {
      {"order_id", order_id},   {"placed_on", placed_on},          {"items", std::move(items)},
      {"subtotal_cents", subtotal}, {"discount_cents", discount},  {"coupon", coupon},
      {"shipping", rng.Pick(kShipping)}, {"total_cents", subtotal - discount},
      {"points_earned", (subtotal - discount) / 100},
  };
  return {
      {"contact", std::move(contact)},
      {"event", {{"name", "purchase_completed"}, {"source", "ecommerce"}, {"properties", std::move(properties)}}},
      {"workflow", {{"id", "post-purchase"}, {"name", "Post purchase"}}},
      {"message", {{"template", "order_confirmation"}, {"node", "send_receipt"}}},
      {"now", "2026-11-02T14:30:00Z"},
  };
}

std::uint32_t Fnv1a(const std::string& s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream buffer;
  buffer << in.rdbuf();
  *out = buffer.str();
  return true;
}

std::string DefaultDataDir() {
  std::string file = __FILE__;
  std::size_t slash = file.rfind('/');
  return (slash == std::string::npos ? std::string(".") : file.substr(0, slash)) + "/data/liquid";
}

int Run(int argc, char** argv) {
  int contacts = 100000;
  int batch = 1000;
  int dump = -1;
  std::string data_dir = DefaultDataDir();
  std::string write_data, hashes_path, summary_path;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--contacts") {
      contacts = std::atoi(value().c_str());
    } else if (arg == "--data-dir") {
      data_dir = value();
    } else if (arg == "--write-data") {
      write_data = value();
    } else if (arg == "--hashes") {
      hashes_path = value();
    } else if (arg == "--summary") {
      summary_path = value();
    } else if (arg == "--dump") {
      dump = std::atoi(value().c_str());
    } else if (arg == "--batch") {
      batch = std::atoi(value().c_str());
    } else if (std::isdigit(static_cast<unsigned char>(arg[0]))) {
      contacts = std::atoi(arg.c_str());
    } else {
      std::fprintf(stderr,
                   "usage: liquid_bench [--contacts N] [--data-dir DIR] [--write-data FILE] [--hashes FILE] "
                   "[--summary FILE] [--dump K]\n");
      return 2;
    }
  }
  if (contacts <= 0 || batch <= 0) return 2;

  std::string source, header, footer;
  if (!ReadFile(data_dir + "/email.liquid", &source) || !ReadFile(data_dir + "/header.liquid", &header) ||
      !ReadFile(data_dir + "/footer.liquid", &footer)) {
    std::fprintf(stderr, "cannot read the templates in %s (use --data-dir)\n", data_dir.c_str());
    return 2;
  }
  liquid::ParseResult parsed = liquid::Parse(source, "email");
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n", parsed.error->ToString().c_str());
    return 1;
  }
  liquid::MapPartialLoader partials(Json{{"header", header}, {"footer", footer}});
  liquid::RenderOptions options;
  options.now = 1793629800;  // 2026-11-02T14:30:00Z

  if (dump >= 0) {
    liquid::RenderResult r = liquid::Render(*parsed.tmpl, Contact(dump), &partials, options);
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.error->ToString().c_str());
      return 1;
    }
    std::fwrite(r.output.data(), 1, r.output.size(), stdout);
    return 0;
  }

  std::ofstream data_out;
  if (!write_data.empty()) {
    data_out.open(write_data, std::ios::binary);
    if (!data_out) {
      std::fprintf(stderr, "cannot write %s\n", write_data.c_str());
      return 2;
    }
  }
  std::vector<std::uint32_t> hashes;
  std::vector<std::uint32_t> lengths;
  hashes.reserve(contacts);
  lengths.reserve(contacts);
  double seconds = 0;
  std::uint64_t bytes = 0;
  std::vector<Json> group;
  liquid::RenderResult result;
  for (int start = 0; start < contacts; start += batch) {
    int end = std::min(contacts, start + batch);
    group.clear();
    for (int i = start; i < end; ++i) {
      group.push_back(Contact(i));
      if (data_out.is_open()) data_out << group.back().dump() << '\n';
    }
    for (std::size_t i = 0; i < group.size(); ++i) {
      // One result reused for every contact (liquid::RenderInto), as a
      // sender would: its buffer grows once. Only the render is timed.
      auto t0 = std::chrono::steady_clock::now();
      liquid::RenderInto(*parsed.tmpl, group[i], &partials, options, &result);
      auto t1 = std::chrono::steady_clock::now();
      seconds += std::chrono::duration<double>(t1 - t0).count();
      if (!result.ok()) {
        std::fprintf(stderr, "contact %d: %s\n", start + static_cast<int>(i), result.error->ToString().c_str());
        return 1;
      }
      if (!result.warnings.empty() && start + i == 0) {
        std::fprintf(stderr, "warning: %s\n", result.warnings[0].message.c_str());
      }
      hashes.push_back(Fnv1a(result.output));
      lengths.push_back(static_cast<std::uint32_t>(result.output.size()));
      bytes += result.output.size();
    }
  }
  if (!hashes_path.empty()) {
    std::ofstream out(hashes_path, std::ios::binary);
    for (std::size_t i = 0; i < hashes.size(); ++i) {
      char line[32];
      std::snprintf(line, sizeof line, "%08x %u\n", hashes[i], lengths[i]);
      out << line;
    }
  }
  char summary[200];
  std::snprintf(summary, sizeof summary, "%s: %d renders in %.3f s = %.0f renders/s (%.1f KB per email, %.1f MB/s)\n",
                kMode, contacts, seconds, contacts / seconds, bytes / 1024.0 / contacts, bytes / 1048576.0 / seconds);
  if (summary_path.empty()) {
    std::fputs(summary, stdout);
    std::fflush(stdout);
  } else {
    std::ofstream(summary_path, std::ios::binary) << summary;
  }
  return 0;
}

}  // namespace
}  // namespace flowproof

int main(int argc, char** argv) { return flowproof::Run(argc, argv); }
