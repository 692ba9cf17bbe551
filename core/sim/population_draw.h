// Drawing a fixture's population contact by contact (FORMAT.md v1.1,
// "Population"): contact n is a pure function of (seed, n), so any slice of
// the audience can be drawn alone, in any order, and the same seed gives the
// same audience natively and in WebAssembly. The draws use only the
// project's seeded hash (core/sim/stable_hash.h) and IEEE-exact arithmetic
// (+ - * / and sqrt; logarithms are computed here from those), never
// std:: distributions or libm's transcendental functions, whose results
// differ between libstdc++/glibc and libc++/musl.
//
//   PopulationDrawer drawer(*fixture);
//   ContactDef contact;
//   std::vector<ScriptEntry> events;
//   for (std::uint64_t n = 1; n <= fixture->population->count; ++n) {
//     drawer.Draw(n, &contact, &events);   // "p<n>", its attributes, its events
//   }
//
//   // Population contacts as named ones (what `run`, `simulate` and the page do):
//   std::shared_ptr<const Fixture> whole = WithPopulationContacts(fixture);
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/model/fixture.h"
#include "core/model/population.h"

namespace flowproof {

class PopulationDrawer {
 public:
  // `fixture` (and its population) must outlive the drawer.
  explicit PopulationDrawer(const Fixture& fixture);

  // Contact `number` (1..count): id, zone, lists, consent and attributes
  // into *contact (replacing what it held), and its population events
  // appended to *events (unsorted; `contact` set to its id). Events outside
  // the clock are not drawn.
  // *contact's storage (strings, attribute names and values, consent) is
  // reused where it can be: drawing into the same ContactDef again allocates
  // little. The result does not depend on what *contact held.
  void Draw(std::uint64_t number, ContactDef* contact, std::vector<ScriptEntry>* events) const;

 private:
  const Fixture& fixture_;
  const Population& population_;
  std::uint64_t base_ = 0;  // the seed's and prefix's hash
  // Each field draws from its own stream (the contact's seed and the
  // field's key), so adding an attribute does not change the others.
  std::vector<std::uint64_t> attribute_keys_, list_keys_, consent_keys_, event_keys_;
  std::uint64_t zone_key_ = 0;
  // The population's attribute names are sorted and unique (the parser's
  // order): attributes are then written in place in that order.
  bool attributes_sorted_ = false;
};

// A drawn number with the distribution's min / max clamp and rounding.
Json Finish(const Distribution& distribution, double x);

// The fixture with its population drawn as named contacts after its own
// (and their events merged into the script, stably by time), and no
// `population`; the fixture itself when it has none. What `run`,
// `simulate`, `render` and the page's session do with a population.
std::shared_ptr<const Fixture> WithPopulationContacts(std::shared_ptr<const Fixture> fixture);

// A fixture of the named contacts (when `with_named`) and population
// contacts [first, first + n), with their script, and no population: one
// slice of a forecast.
std::shared_ptr<const Fixture> PopulationSlice(const Fixture& fixture, std::uint64_t first, std::uint64_t n,
                                               bool with_named);

// The same slice drawn into *out, reusing the contacts and script that *out
// holds from an earlier slice (a forecast's slices, one after another: their
// contacts were freed and allocated again each time). *out ends equal to
// what PopulationSlice returns, whatever it held before.
void FillPopulationSlice(const Fixture& fixture, std::uint64_t first, std::uint64_t n, bool with_named,
                         Fixture* out);

}  // namespace flowproof
