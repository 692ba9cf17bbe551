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

#include "core/json.h"
#include "core/logic/rule.h"
#include "core/time/types.h"

namespace flowproof {

// A past event as the extra operations see it.
struct EventRecord {
  const std::string* name;
  const std::string* source;
  Instant at;
  const Json* properties;
};

class ConditionScope : public logic::Resolver {
 public:
  // All pointers must outlive the scope; event may be null (no event).
  ConditionScope(const Json* contact, const Json* event, Instant now, const Json* workflow)
      : contact_(contact), event_(event), now_(now), workflow_(workflow) {}

  const Json* Lookup(std::string_view path, Json& scratch) const override;

 private:
  const Json* contact_;
  const Json* event_;
  Instant now_;
  const Json* workflow_;
};

class ContactHost : public logic::Host {
 public:
  using EventVisitor = std::function<void(const std::function<bool(const EventRecord&)>&)>;
  // `visit_events` walks the contact's history, newest first.
  ContactHost(Instant now, const Json* contact, EventVisitor visit_events)
      : now_(now), contact_(contact), visit_events_(std::move(visit_events)) {}

  Instant Now() const override { return now_; }
  void VisitEvents(std::string_view name, Instant since,
                   const std::function<bool(const Json& event)>& visit) const override;
  bool InList(std::string_view list) const override;

 private:
  Instant now_;
  const Json* contact_;
  EventVisitor visit_events_;
};

}  // namespace flowproof
