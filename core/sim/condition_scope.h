// What a condition sees during a run (FORMAT.md, "Data that a condition sees").
//
// Building {"contact", "event", "now", "workflow"} as one Json object for every
// evaluation would copy the contact each time; for a million contacts that is
// most of the run. ConditionScope answers `var` lookups from the parts in
// place instead, and ContactHost gives the extra operations (has_event,
// in_list, days_since...) the contact's history and the simulated clock.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/json.h"
#include "core/logic/rule.h"
#include "core/model/fixture.h"
#include "core/time/types.h"

namespace flowproof {

// A past event as conditions and the extra operations see it.
struct EventRecord {
  const std::string* name;
  const std::string* source;
  Instant at;
  const Json* properties;
};

// FORMAT.md's `event` object for a record: {"name", "at", "source", "properties"}.
Json EventJson(const EventRecord& event);

// An attribute a run set (script `set`, `update` nodes); names are interned.
struct AttributeChange {
  const std::string* name;
  Json value;
};
// In the order first set: a flat list, as a contact rarely has more than a few.
using AttributeChanges = std::vector<AttributeChange>;

// A contact as conditions and templates see it: the fixture's attributes,
// then the fields every contact has (id, timezone, lists, consent), then
// whatever the run changed (script `set`, `update` nodes). The simulator
// keeps only the changes, not a copy of every contact: with a million
// contacts the copy was most of its memory.
struct ContactView {
  const ContactDef* def;
  const AttributeChanges* changes;
  const std::string* timezone;

  // One top-level field; null when absent. May return &scratch.
  const Json* Get(std::string_view key, Json& scratch) const;
  // The whole contact as one object (templates, the page's contact list).
  Json Materialize() const;
  bool InList(std::string_view list) const;
};

class ConditionScope : public logic::Resolver {
 public:
  // All pointers must outlive the scope; event may be null (no event).
  ConditionScope(const ContactView& contact, const EventRecord* event, Instant now, const Json* workflow)
      : contact_(contact), event_(event), now_(now), workflow_(workflow) {}

  const Json* Lookup(std::string_view path, Json& scratch) const override;

 private:
  const Json* LookupEvent(std::string_view rest, Json& scratch) const;

  ContactView contact_;
  const EventRecord* event_;
  Instant now_;
  const Json* workflow_;
};

class ContactHost : public logic::Host {
 public:
  using EventVisitor = std::function<void(const std::function<bool(const EventRecord&)>&)>;
  // `visit_events` walks the contact's history, newest first.
  ContactHost(Instant now, const ContactView& contact, EventVisitor visit_events)
      : now_(now), contact_(contact), visit_events_(std::move(visit_events)) {}

  Instant Now() const override { return now_; }
  void VisitEvents(std::string_view name, Instant since,
                   const std::function<bool(const Json& event)>& visit) const override;
  bool InList(std::string_view list) const override { return contact_.InList(list); }

 private:
  Instant now_;
  ContactView contact_;
  EventVisitor visit_events_;
};

}  // namespace flowproof
