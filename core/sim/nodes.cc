// Moving a contact through the workflow: entering nodes, waiting, resuming
// and leaving, and the effects that several behaviours share (a send, an
// update). What each node type does is in node_behaviours.cc.
#include <algorithm>
#include <cmath>

#include "core/channels/addresses.h"
#include "core/logic/rule.h"
#include "core/render/message_renderer.h"
#include "core/sim/portfolio.h"
#include "core/sim/simulator.h"
#include "core/sim/stable_hash.h"
#include "core/sim/trace_vocabulary.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"
#include "core/time/zone.h"

namespace flowproof {
namespace {

constexpr std::uint8_t Bit(Channel channel) { return static_cast<std::uint8_t>(1u << static_cast<int>(channel)); }

// One bit per channel that the contact has no address for, and one per
// channel it withdrew consent for (channels/addresses.h: the renderer's
// rules too).
void ReadReach(const ContactView& contact, std::uint8_t* no_address, std::uint8_t* no_consent) {
  Json scratch;
  channels::Reach reach = channels::ReadReach([&](const char* key) { return contact.Get(key, scratch); });
  *no_address = reach.no_address;
  *no_consent = reach.no_consent;
}


// A cheap test on the wall-clock time of day that rules most instants out
// before the exact (DST-aware) window test: outside the window by more than
// the largest DST shift (2 hours), the exact answer is no as well.
bool MaybeInWindow(Instant t, const TimeZone& zone, const QuietHours& quiet) {
  constexpr int kMargin = 2 * 3600;
  int tod = static_cast<int>(((t + zone.OffsetAt(t)) % kDay + kDay) % kDay);
  int start = quiet.start.SecondsOfDay(), end = quiet.end.SecondsOfDay();
  auto distance = [](int a, int b) {  // forward distance on the 24-hour circle
    return static_cast<int>(((b - a) % kDay + kDay) % kDay);
  };
  int window = distance(start, end);
  // Inside [start - margin, end + margin) on the circle.
  return distance((start - kMargin + static_cast<int>(kDay)) % static_cast<int>(kDay), tod) < window + 2 * kMargin;
}

}  // namespace

bool Simulator::CheckGoal(int contact, const EventRecord* event) {
  if (!workflow_.goal) return false;
  ContactState& state = contacts_[contact];
  if (state.goal_false) return false;
  if (!Holds(*workflow_.goal, contact, event)) {
    state.goal_false = goal_cacheable_;
    return false;
  }
  Exit(contact, exit_reason::kGoal);
  return true;
}

void Simulator::RunContact(int contact, int node) {
  ContactState& state = contacts_[contact];
  int current = node;
  // The goal is a condition on the contact's data, history and `now`; inside
  // this loop only an update node changes any of them (events and reactions
  // arrive through the queue), so once it has not held it is checked again
  // only after an update. Checking it before every node was a sixth of a
  // forecast.
  bool goal_may_hold = true;
  const std::int32_t enrollments = state.enrollments;
  while (current >= 0) {
    // Zero-time steps are counted per contact and instant, across resumes,
    // so a loop through a wait that is already over is caught too.
    int steps_now;
    if (portfolio_ == nullptr) {
      auto epoch = static_cast<std::uint32_t>(steps_);
      if (state.step_epoch != epoch) {
        state.step_epoch = epoch;
        state.steps_in_epoch = 0;
      }
      steps_now = ++state.steps_in_epoch;
    } else {
      // In a portfolio the count is the contact's, across workflows: a
      // cycle of enroll nodes is a loop that takes no time too.
      steps_now = portfolio_->CountStep(contact, now_);
    }
    if (steps_now > zero_time_step_limit_) {
      if (Trace()) Emit(TraceLine(now_, state.def->id, trace_kind::kError)
               .Add("code", trace_error::kLoopWithoutWait)
               .Add("message", "stopped after " + std::to_string(zero_time_step_limit_) +
                                   (portfolio_ == nullptr ? std::string(" steps that took no time; add a wait to the loop")
                                                          : std::string(" steps that took no time across the portfolio's workflows (a cycle of "
                                                                        "enroll nodes, or a loop); add a wait to the loop")))
               .Add("node", workflow_.nodes[current].id));
      Exit(contact, exit_reason::kError);
      return;
    }
    if (goal_may_hold && CheckGoal(contact, nullptr)) return;
    goal_may_hold = false;
    EnterNode(contact, current);
    int next = -1;
    if (!ExecuteNode(contact, current, &next)) return;
    // In a portfolio, another workflow can act on this one meanwhile (its
    // update met this goal, its unenroll node took the contact out, and a
    // trigger took it in again): then this run of the contact is over.
    if (portfolio_ != nullptr && (state.phase != Phase::kActive || state.enrollments != enrollments)) return;
    if (workflow_.nodes[current].type == NodeType::kUpdate) goal_may_hold = true;
    current = next;
  }
}

void Simulator::EnterNode(int contact, int node) {
  ContactState& state = contacts_[contact];
  state.node = node;
  state.phase = Phase::kActive;
  ++entered_count_[node];
  if (options_.observer) options_.observer->Entered(contact, node);
  if (Trace()) Emit(TraceLine(now_, state.def->id, trace_kind::kEntered).Add("node", workflow_.nodes[node].id));
}

bool Simulator::ExecuteSend(int contact, const Node& node, bool after_hold) {
  ContactState& state = contacts_[contact];
  // `node` is always one of workflow_.nodes (SendNode, a quiet-hours hold's
  // end): its index without a lookup by id, which was a string search per send.
  const int index = static_cast<int>(&node - workflow_.nodes.data());
  auto suppress = [&](const char* reason) {
    if (options_.observer) options_.observer->Suppressed(contact, index, reason);
    if (Trace()) Emit(TraceLine(now_, state.def->id, trace_kind::kSuppressed)
             .Add("node", node.id)
             .Add("channel", ChannelName(node.channel))
             .Add("template", node.template_name)
             .Add("reason", reason));
    return true;
  };
  if (!state.reach_known) {  // Change() resets it when these fields change
    ReadReach(View(state), &state.no_address, &state.no_consent);
    state.reach_known = true;
  }
  if (state.no_consent & Bit(node.channel)) return suppress(suppression::kNoConsent);
  if (state.no_address & Bit(node.channel)) return suppress(suppression::kNoAddress);

  // Quiet hours hold people, not systems: webhooks and audience syncs ignore them.
  bool quiet_applies = workflow_.quiet_hours && node.channel != Channel::kWebhook &&
                       node.channel != Channel::kAdAudience;
  if (quiet_applies) {
    const QuietHours& quiet = *workflow_.quiet_hours;
    if (MaybeInWindow(now_, *state.zone, quiet) && InLocalWindow(now_, *state.zone, quiet.start, quiet.end)) {
      if (quiet.skip) return suppress(suppression::kQuietHours);
      Instant end = LocalWindowEnd(now_, *state.zone, quiet.start, quiet.end);
      StartWait(contact, index, WaitType::kQuietHours, end);
      if (Trace()) {
        Emit(TraceLine(now_, state.def->id, trace_kind::kWaiting)
                 .Add("node", node.id)
                 .Add("until", FormatTimestamp(end))
                 .Add("reason", hold::kQuietHours));
      }
      return false;
    }
  }
  (void)after_hold;

  if (workflow_.frequency_cap) {
    const FrequencyCap& cap = *workflow_.frequency_cap;
    auto capped = [&](Channel channel) {
      return cap.channels.empty() ||
             std::find(cap.channels.begin(), cap.channels.end(), channel) != cap.channels.end();
    };
    // Sends older than the window never count again: the clock only moves on.
    auto expired = [&](const SendRecord& send) { return send.at <= now_ - cap.per; };
    state.sends.erase(state.sends.begin(), std::find_if_not(state.sends.begin(), state.sends.end(), expired));
    if (capped(node.channel)) {
      int recent = 0;
      for (const SendRecord& send : state.sends) {
        if (capped(send.channel)) ++recent;
      }
      if (recent >= cap.max) return suppress(suppression::kFrequencyCap);
    }
  }
  // v1.1 portfolio: the portfolio's cap counts every workflow's sends (this
  // one's cap above still applies within it). Its line says which cap.
  if (portfolio_ != nullptr && !portfolio_->CapAllows(contact, node.channel, now_)) {
    if (options_.observer) options_.observer->Suppressed(contact, index, suppression::kFrequencyCap);
    if (Trace()) Emit(TraceLine(now_, state.def->id, trace_kind::kSuppressed)
             .Add("node", node.id)
             .Add("channel", ChannelName(node.channel))
             .Add("template", node.template_name)
             .Add("reason", suppression::kFrequencyCap)
             .Add("cap", "portfolio"));
    return true;
  }

  // A message that cannot be rendered is not sent: the error says why, the
  // suppression that nothing went out (as a platform aborts the send).
  std::optional<Json> message;
  // A forecast renders only a sample (RunObserver::WantsRender).
  if (renderer_ && (!options_.observer || options_.observer->WantsRender(contact, index))) {
    message = RenderMessage(contact, index, node.template_name);
    if (!message) return suppress(suppression::kRenderFailed);
  }
  if (workflow_.frequency_cap) state.sends.push_back(SendRecord{now_, node.channel});
  if (portfolio_ != nullptr) portfolio_->Sent(contact, node.channel, now_);
  ++state.send_count;
  if (options_.observer) options_.observer->Sent(contact, index, node.channel, now_, *state.zone);
  if (Trace()) Emit(TraceLine(now_, state.def->id, trace_kind::kSent)
           .Add("node", node.id)
           .Add("channel", ChannelName(node.channel))
           .Add("template", node.template_name));
  if (message && options_.keep_messages) {
    messages_.push_back(SentMessage{now_, contact, index, options_.portfolio_index, node.template_name, std::move(*message)});
    if (portfolio_ != nullptr) portfolio_->MessageKept(options_.portfolio_index, messages_.size() - 1);
  }
  EmitReactions(contact, node.template_name);
  return true;
}

std::optional<Json> Simulator::RenderMessage(int contact, int node, const std::string& template_name) {
  const ContactState& state = contacts_[contact];
  MessageContext context = MessageContextFor(state);
  context.node = workflow_.nodes[node].id;
  RenderedMessage rendered = renderer_->Render(template_name, context);
  if (options_.observer) options_.observer->Rendered(contact, node, rendered.ok() ? &rendered.message : nullptr, rendered.ok() ? nullptr : &*rendered.error);
  if (rendered.ok()) return std::move(rendered.message);
  if (Trace()) Emit(TraceLine(now_, state.def->id, trace_kind::kError)
           .Add("code", trace_error::kRenderFailed)
           .Add("message", *rendered.error)
           .Add("node", workflow_.nodes[node].id));
  return std::nullopt;
}

void Simulator::EmitReactions(int contact, const std::string& template_name) {
  const ContactState& state = contacts_[contact];
  const std::vector<Reaction>& reactions = fixture_->reactions;
  for (std::size_t i = 0; i < reactions.size(); ++i) {
    const Reaction& reaction = reactions[i];
    if (reaction.on_send != template_name) continue;
    if (reaction.contact != "*" && reaction.contact != state.def->id) continue;
    if (reaction.probability < 1.0) {
      // One draw per (reaction, contact, send): independent of the order in
      // which other contacts happen to be processed.
      // StableHash({"reaction", i, id, template, send_count}) without the
      // strings: a reaction is drawn for every send.
      std::uint64_t hash = StableHasher(fixture_->seed)
                               .Add("reaction")
                               .AddNumber(i)
                               .Add(state.def->id)
                               .Add(template_name)
                               .AddNumber(state.send_count)
                               .Finish();
      if (UnitInterval(hash) >= reaction.probability) continue;
    }
    Json properties = reaction.properties.is_object() ? reaction.properties : Json::object();
    properties["template"] = template_name;
    pending_events_.push_back(PendingEvent{reaction.event, reaction.source, std::move(properties)});
    Duration after = reaction.after;
    if (reaction.after_max > reaction.after) {  // v1.1 {"uniform": [A, B]}: its own draw, same inputs
      std::uint64_t hash = StableHasher(fixture_->seed)
                               .Add("reaction-delay")
                               .AddNumber(i)
                               .Add(state.def->id)
                               .Add(template_name)
                               .AddNumber(state.send_count)
                               .Finish();
      after += static_cast<Duration>(hash % static_cast<std::uint64_t>(reaction.after_max - reaction.after + 1));
    }
    Schedule(now_ + after, static_cast<std::uint32_t>(contact), TimerKind::kReaction, 0,
             static_cast<std::int32_t>(pending_events_.size() - 1));
  }
}

void Simulator::ApplyUpdate(int contact, const Node& node) {
  ContactState& state = contacts_[contact];
  Json changes;  // null until the trace needs it (an object on the first key): no allocation when untraced
  // Values are computed before any is stored, so one `set` reads the contact
  // as it was when the node was entered, whatever the key order.
  std::vector<std::pair<std::string, Json>> computed;
  for (const SetAttribute& set : node.set) {
    computed.emplace_back(set.attribute, set.expr ? Evaluate(*set.expr, contact, nullptr) : set.value);
  }
  bool dates_moved = false;
  for (auto& [attribute, value] : computed) {
    if (tracing_) changes[attribute] = value;
    Change(state, attribute) = std::move(value);
    dates_moved = dates_moved || MovesDateTrigger(attribute);
  }
  for (const auto& [attribute, amount] : node.increment) {
    Json scratch;
    const Json* current = View(state).Get(attribute, scratch);
    Json base = current != nullptr ? *current : Json();
    double sum = (base.is_number() ? base.get<double>() : 0.0) + amount;
    bool integral = (base.is_number_integer() || base.is_null()) && std::floor(amount) == amount &&
                    std::fabs(sum) < 9e15;
    Json& slot = Change(state, attribute);
    slot = integral ? Json(static_cast<std::int64_t>(sum)) : Json(sum);
    if (tracing_) changes[attribute] = slot;
    dates_moved = dates_moved || MovesDateTrigger(attribute);
  }
  ChangeLists(state, node.add_to_lists, node.remove_from_lists);
  if (Trace()) {
    TraceLine line(now_, state.def->id, trace_kind::kUpdated);
    line.Add("node", node.id);
    if (!changes.empty()) line.Add("set", std::move(changes));
    if (!node.add_to_lists.empty()) line.Add("add_to_lists", node.add_to_lists);
    if (!node.remove_from_lists.empty()) line.Add("remove_from_lists", node.remove_from_lists);
    Emit(std::move(line));
  }
  // The change can make condition triggers' edges move (their state must stay
  // true to the contact) and date triggers move; the goal is checked at the
  // next node entry.
  CheckConditionTriggers(contact, false);
  if (dates_moved) ScheduleContactTriggers(contact, true);
  if (portfolio_ != nullptr) {  // the other workflows see the same contact
    std::vector<std::string> names;
    for (const SetAttribute& set : node.set) names.push_back(set.attribute);
    for (const auto& [attribute, amount] : node.increment) names.push_back(attribute);
    if (!node.add_to_lists.empty() || !node.remove_from_lists.empty()) names.push_back("lists");
    portfolio_->ShareChanges(options_.portfolio_index, contact, names);
  }
}

void Simulator::ReceiveChanges(int contact, const Simulator& from, const std::vector<std::string>& names) {
  ContactState& state = contacts_[contact];
  ContactView source = from.View(from.contacts_[contact]);
  bool dates_moved = false;
  for (const std::string& name : names) {
    Json scratch;
    const Json* value = source.Get(name, scratch);
    Change(state, name) = value != nullptr ? *value : Json();
    dates_moved = dates_moved || MovesDateTrigger(name);
  }
  HandleAttributeChange(contact, dates_moved);
}

void Simulator::StartWait(int contact, int node, WaitType type, Instant until) {
  ContactState& state = contacts_[contact];
  state.phase = Phase::kWaiting;
  state.wait = type;
  state.node = node;
  state.wait_until = until;
  ++state.token;
  if (until != kNoTime) {
    Schedule(until, static_cast<std::uint32_t>(contact), TimerKind::kWake, state.token, node);
  }
}

void Simulator::Resume(int contact, const char* via, int next_node) {
  ContactState& state = contacts_[contact];
  state.phase = Phase::kActive;
  state.wait = WaitType::kNone;
  state.wait_until = kNoTime;
  ++state.token;
  if (Trace()) Emit(TraceLine(now_, state.def->id, trace_kind::kResumed).Add("node", workflow_.nodes[state.node].id).Add("via", via));
  RunContact(contact, next_node);
}

void Simulator::Exit(int contact, const std::string& reason) {
  ContactState& state = contacts_[contact];
  state.phase = Phase::kExited;
  state.wait = WaitType::kNone;
  state.wait_until = kNoTime;
  state.exit_reason = Intern(reason);
  ++state.token;
  if (options_.observer) options_.observer->Exited(contact, reason, now_);
  if (Trace()) Emit(TraceLine(now_, state.def->id, trace_kind::kExited).Add("reason", reason));
}

}  // namespace flowproof
