// What a run does, told as it happens, for aggregation without a trace
// (core/forecast/): the simulator calls these at the points where it would
// write the matching trace line, whether or not it keeps a trace.
//
//   class Counter : public RunObserver {
//     void Sent(int contact, int node, Channel channel, Instant t, const TimeZone& zone) override { ++sent_; }
//     std::size_t sent_ = 0;
//   };
//   Counter counter;
//   SimulatorOptions options;
//   options.keep_trace = false;
//   options.observer = &counter;
//   Simulator sim(fixture, options);
//   while (sim.Step()) {}
//
// Contacts are indexes in the fixture's contacts, nodes indexes in the
// workflow's nodes. Every method has an empty default; an observer must not
// call back into the simulator.
#pragma once

#include <string>

#include "core/base/channel.h"
#include "core/base/json.h"
#include "core/time/types.h"

namespace flowproof {

class TimeZone;

class RunObserver {
 public:
  virtual ~RunObserver() = default;

  // trace `enrolled`.
  virtual void Enrolled(int contact, Instant t) {}
  // trace `enroll_rejected`; reason is enroll_rejection::k* (trace_vocabulary.h).
  virtual void EnrollRejected(int contact, const char* reason) {}
  // trace `entered`.
  virtual void Entered(int contact, int node) {}
  // trace `branch`: `branch` is the index in the node's branches, -1 for else.
  virtual void Branch(int contact, int node, int branch) {}
  // trace `split`: `variant` is the index in the node's variants.
  virtual void Split(int contact, int node, int variant) {}
  // trace `sent`; `zone` is the contact's time zone (local calendar days).
  virtual void Sent(int contact, int node, Channel channel, Instant t, const TimeZone& zone) {}
  // trace `suppressed`; reason is suppression::k*.
  virtual void Suppressed(int contact, int node, const char* reason) {}
  // trace `exited`.
  virtual void Exited(int contact, const std::string& reason, Instant t) {}
  // A reaction's event arrives (properties.template names the template).
  virtual void ReactionEvent(int contact, const std::string& event, const std::string& template_name) {}

  // Whether to render this send's message (when the simulator renders at
  // all): a forecast renders a sample. A message not rendered is sent as if
  // it rendered.
  virtual bool WantsRender(int contact, int node) { return true; }
  // The result of a render asked for: the message, or null and the error.
  virtual void Rendered(int contact, int node, const Json* message, const std::string* error) {}
};

}  // namespace flowproof
