#include "core/forecast/forecast_counter.h"

#include <algorithm>
#include <cstdio>

#include "core/forecast/stats.h"
#include "core/sim/simulator.h"
#include "core/sim/trace_vocabulary.h"
#include "core/time/civil.h"
#include "core/time/zone.h"

namespace flowproof {
namespace {

constexpr int kChannelCount = 5;

Json RoundedRate(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? Json(nullptr) : Json(RoundTo(static_cast<double>(part) / static_cast<double>(whole), 4));
}

Json Ci95(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return nullptr;
  Interval ci = WilsonInterval(part, whole);
  return Json::array({RoundTo(ci.low, 4), RoundTo(ci.high, 4)});
}

}  // namespace

ForecastCounter::ForecastCounter(const Workflow& workflow, const std::vector<Reaction>& reactions, int render_sample)
    : workflow_(workflow), render_sample_(render_sample) {
  const std::size_t nodes = workflow.nodes.size();
  entered_.assign(nodes, 0);
  waiting_.assign(nodes, 0);
  branches_.resize(nodes);
  split_of_node_.assign(nodes, -1);
  template_of_node_.assign(nodes, -1);
  for (std::size_t i = 0; i < nodes; ++i) {
    const Node& node = workflow.nodes[i];
    if (node.type == NodeType::kBranch) branches_[i].assign(node.branches.size() + 1, 0);
    if (node.type == NodeType::kSplit) {
      split_of_node_[i] = static_cast<int>(splits_.size());
      splits_.push_back(SplitCounts{static_cast<int>(i), std::vector<std::uint64_t>(node.variants.size(), 0),
                                    std::vector<std::uint64_t>(node.variants.size(), 0)});
    }
    if (node.type == NodeType::kSend) {
      int t = TemplateIndex(node.template_name);
      if (t < 0) {
        t = static_cast<int>(templates_.size());
        templates_.emplace_back();
        templates_.back().channel = node.channel;
        template_names_.push_back(node.template_name);
      }
      template_of_node_[i] = t;
    }
    if (node.type == NodeType::kExit) exits_[node.reason] = 0;
  }
  // Every way out the workflow names, at 0, so runs and versions line up.
  if (workflow.goal) exits_[exit_reason::kGoal] = 0;
  if (workflow.max_duration) exits_[exit_reason::kExpired] = 0;
  for (const ExitOnEvent& exit : workflow.exit_on_events) exits_[exit.reason] = 0;
  for (const Reaction& reaction : reactions) {
    int t = TemplateIndex(reaction.on_send);
    if (t >= 0) templates_[static_cast<std::size_t>(t)].events[reaction.event] += 0;
  }
}

void ForecastCounter::BeginSlice(std::size_t contacts) {
  flags_.assign(contacts, 0);
  enrolled_at_.assign(contacts, 0);
  variant_.assign(contacts * splits_.size(), -1);
  slice_sends_.clear();
}

void ForecastCounter::EndSlice(const Simulator& simulator) {
  for (std::size_t i = 0; i < flags_.size(); ++i) {
    int node = simulator.WaitingNode(i);
    if (node >= 0) ++waiting_[static_cast<std::size_t>(node)];
    std::uint8_t flags = flags_[i];
    if (flags & kEverEnrolled) {
      ++enrolled_;
      if (flags & kRejectedReenroll) ++reenroll_;
    } else if (flags & kRejectedAudience) {
      ++audience_;
    } else {
      ++no_trigger_;
    }
  }
  // The most sends in any 24 hours: per contact, a window over its sends in
  // time order. They arrive in time order; a counting sort by contact (the
  // slice's contacts are 0..n-1) groups them and keeps that order, in linear
  // time where a stable sort was a few percent of the forecast.
  send_starts_.assign(flags_.size() + 1, 0);
  for (const auto& send : slice_sends_) ++send_starts_[send.first + 1];
  for (std::size_t i = 1; i < send_starts_.size(); ++i) send_starts_[i] += send_starts_[i - 1];
  grouped_sends_.resize(slice_sends_.size());
  for (const auto& send : slice_sends_) grouped_sends_[send_starts_[send.first]++] = send.second;
  // send_starts_[c] is now the end of contact c's sends, the start of c + 1's.
  std::size_t begin = 0, contact_end = 0;
  for (std::size_t c = 0; c < flags_.size(); ++c) {
    std::size_t first = contact_end;
    contact_end = send_starts_[c];
    begin = first;
    for (std::size_t end = first; end < contact_end; ++end) {
      while (grouped_sends_[begin] <= grouped_sends_[end] - kDay) ++begin;
      max_24h_ = std::max<std::uint64_t>(max_24h_, end - begin + 1);
    }
  }
}

void ForecastCounter::Enrolled(int contact, Instant t) {
  flags_[static_cast<std::size_t>(contact)] |= kEverEnrolled;
  enrolled_at_[static_cast<std::size_t>(contact)] = t;
  ++enrollments_;
}

void ForecastCounter::EnrollRejected(int contact, const char* reason) {
  flags_[static_cast<std::size_t>(contact)] |=
      std::string_view(reason) == rejection::kAudience ? kRejectedAudience : kRejectedReenroll;
}

void ForecastCounter::Branch(int contact, int node, int branch) {
  ++branches_[static_cast<std::size_t>(node)][static_cast<std::size_t>(branch + 1)];
}

void ForecastCounter::Split(int contact, int node, int variant) {
  int split = split_of_node_[static_cast<std::size_t>(node)];
  std::int16_t& slot = variant_[static_cast<std::size_t>(contact) * splits_.size() + static_cast<std::size_t>(split)];
  if (slot < 0) {  // sticky: a contact counts once per split
    slot = static_cast<std::int16_t>(variant);
    ++splits_[static_cast<std::size_t>(split)].contacts[static_cast<std::size_t>(variant)];
  }
}

void ForecastCounter::Sent(int contact, int node, Channel channel, Instant t, const TimeZone& zone) {
  ++templates_[static_cast<std::size_t>(template_of_node_[static_cast<std::size_t>(node)])].sent;
  ++sends_;
  Instant local = t + zone.OffsetAt(t);
  std::int64_t day = local >= 0 ? local / kDay : -((-local + kDay - 1) / kDay);
  if (last_day_counts_ == nullptr || day != last_day_) {
    last_day_counts_ = &by_day_[day];
    last_day_ = day;
  }
  ++(*last_day_counts_)[static_cast<std::size_t>(channel)];
  slice_sends_.emplace_back(static_cast<std::uint32_t>(contact), t);
}

void ForecastCounter::Suppressed(int contact, int node, const char* reason) {
  ++templates_[static_cast<std::size_t>(template_of_node_[static_cast<std::size_t>(node)])].suppressed[reason];
}

void ForecastCounter::Exited(int contact, const std::string& reason, Instant t) {
  ++exits_[reason];
  if (reason != exit_reason::kGoal) return;
  std::uint8_t& flags = flags_[static_cast<std::size_t>(contact)];
  time_to_goal_.push_back(t - enrolled_at_[static_cast<std::size_t>(contact)]);
  if (flags & kReachedGoal) return;  // the goal counts each contact once
  flags |= kReachedGoal;
  ++goal_;
  for (std::size_t s = 0; s < splits_.size(); ++s) {
    std::int16_t v = variant_[static_cast<std::size_t>(contact) * splits_.size() + s];
    if (v >= 0) ++splits_[s].reached[static_cast<std::size_t>(v)];
  }
}

int ForecastCounter::TemplateIndex(const std::string& name) {
  const std::size_t n = template_names_.size();
  std::size_t t = FindName(n, [this](std::size_t k) -> const std::string& { return template_names_[k]; }, name, &last_template_);
  return t == n ? -1 : static_cast<int>(t);
}

void ForecastCounter::ReactionEvent(int contact, const std::string& event, const std::string& template_name) {
  int t = TemplateIndex(template_name);
  if (t >= 0) ++templates_[static_cast<std::size_t>(t)].events[event];
}

bool ForecastCounter::WantsRender(int contact, int node) {
  TemplateCounts& counts = templates_[static_cast<std::size_t>(template_of_node_[static_cast<std::size_t>(node)])];
  return counts.rendered < static_cast<std::uint64_t>(render_sample_);
}

void ForecastCounter::Rendered(int contact, int node, const Json* message, const std::string* error) {
  TemplateCounts& counts = templates_[static_cast<std::size_t>(template_of_node_[static_cast<std::size_t>(node)])];
  ++counts.rendered;
  if (message == nullptr) {
    ++counts.failed;
    if (counts.first_error.empty() && error != nullptr) counts.first_error = *error;
    return;
  }
  auto segments = message->find("segments");
  if (segments != message->end() && segments->is_number_integer()) {
    std::int64_t n = segments->get<std::int64_t>();
    counts.segments_max = std::max(counts.segments_max, n);
    counts.segments_total += n;
  }
}

Json ForecastCounter::ToJson(std::uint64_t contacts) const {
  Json out = Json::object();
  out["contacts"] = contacts;
  out["enrolled"] = enrolled_;
  out["enrollments"] = enrollments_;
  out["not_enrolled"] = {{"no_trigger", no_trigger_}, {"audience", audience_}, {"reenroll", reenroll_}};

  Json nodes = Json::object();
  for (std::size_t i = 0; i < workflow_.nodes.size(); ++i) {
    const Node& node = workflow_.nodes[i];
    Json entry = {{"entered", entered_[i]}, {"waiting_at_end", waiting_[i]}};
    if (node.type == NodeType::kBranch) {
      Json labels = Json::object();
      for (std::size_t b = 0; b < node.branches.size(); ++b) labels[node.branches[b].label] = branches_[i][b + 1];
      labels[kElseLabel] = branches_[i][0];
      entry["branches"] = std::move(labels);
    }
    if (node.type == NodeType::kSplit) {
      Json labels = Json::object();
      const SplitCounts& split = splits_[static_cast<std::size_t>(split_of_node_[i])];
      for (std::size_t v = 0; v < node.variants.size(); ++v) labels[node.variants[v].label] = split.contacts[v];
      entry["variants"] = std::move(labels);
    }
    nodes[node.id] = std::move(entry);
  }
  out["nodes"] = std::move(nodes);
  out["exits"] = exits_.ToJson();

  Json messages = Json::object();
  Json render = Json::object();
  for (std::size_t t = 0; t < templates_.size(); ++t) {
    const TemplateCounts& counts = templates_[t];
    messages[template_names_[t]] = {{"channel", ChannelName(counts.channel)},
                                    {"sent", counts.sent},
                                    {"suppressed", counts.suppressed.ToJson()},
                                    {"events", counts.events.ToJson()}};
    Json sample = {{"rendered", counts.rendered}, {"failed", counts.failed}};
    if (!counts.first_error.empty()) sample["first_error"] = counts.first_error;
    if (counts.channel == Channel::kSms && counts.segments_max >= 0) {
      sample["sms_segments_max"] = counts.segments_max;
      sample["sms_segments_mean"] = RoundTo(static_cast<double>(counts.segments_total) /
                                                static_cast<double>(counts.rendered - counts.failed), 4);
    }
    render[template_names_[t]] = std::move(sample);
  }
  out["messages"] = std::move(messages);
  out["render"] = {{"sample_per_template", render_sample_}, {"templates", std::move(render)}};

  out["goal"] = {{"reached", goal_}, {"rate", RoundedRate(goal_, enrolled_)}, {"ci95", Ci95(goal_, enrolled_)}};

  Json variants = Json::object();
  for (const SplitCounts& split : splits_) {
    const Node& node = workflow_.nodes[static_cast<std::size_t>(split.node)];
    Json entry = Json::object();
    std::vector<std::pair<std::uint64_t, std::uint64_t>> groups;
    int best = -1;
    double best_rate = -1;
    for (std::size_t v = 0; v < node.variants.size(); ++v) {
      entry[node.variants[v].label] = {{"contacts", split.contacts[v]},
                                       {"goal_rate", RoundedRate(split.reached[v], split.contacts[v])},
                                       {"ci95", Ci95(split.reached[v], split.contacts[v])}};
      groups.emplace_back(split.reached[v], split.contacts[v]);
      if (split.contacts[v] > 0) {
        double rate = static_cast<double>(split.reached[v]) / static_cast<double>(split.contacts[v]);
        if (rate > best_rate) {  // a tie goes to the variant listed first
          best_rate = rate;
          best = static_cast<int>(v);
        }
      }
    }
    double p = ChiSquarePValue(groups);
    entry["p_value"] = p < 0 ? Json(nullptr) : Json(RoundTo(p, 6));
    // A winner only when the difference is significant at 5%.
    entry["winner"] = p >= 0 && p < 0.05 && best >= 0 ? Json(node.variants[static_cast<std::size_t>(best)].label) : Json(nullptr);
    variants[node.id] = std::move(entry);
  }
  out["variants"] = std::move(variants);

  out["per_contact"] = {{"messages_max_24h", max_24h_},
                        {"messages_mean", enrolled_ == 0 ? 0.0 : RoundTo(static_cast<double>(sends_) / static_cast<double>(enrolled_), 4)}};

  // Nearest-rank percentiles, in seconds here (forecast.cc formats them).
  Json time_to_goal = Json::object();
  std::vector<Instant> sorted = time_to_goal_;
  std::sort(sorted.begin(), sorted.end());
  for (auto [key, q] : {std::pair{"p25", 25}, {"p50", 50}, {"p75", 75}, {"p90", 90}, {"p99", 99}}) {
    if (sorted.empty()) {
      time_to_goal[key] = nullptr;
      continue;
    }
    std::size_t rank = (sorted.size() * static_cast<std::size_t>(q) + 99) / 100;  // ceil(q% of n)
    time_to_goal[key] = sorted[std::max<std::size_t>(rank, 1) - 1];
  }
  out["time_to_goal"] = std::move(time_to_goal);

  // Every local day from the first send to the last, zeros included.
  Json by_day = Json::array();
  if (!by_day_.empty()) {
    for (std::int64_t day = by_day_.begin()->first; day <= by_day_.rbegin()->first; ++day) {
      CivilDate date = CivilFromDays(day);
      char text[16];
      std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year, date.month, date.day);
      Json row = {{"day", text}};
      auto it = by_day_.find(day);
      for (int c = 0; c < kChannelCount; ++c) {
        row[ChannelName(static_cast<Channel>(c))] = it == by_day_.end() ? 0 : it->second[static_cast<std::size_t>(c)];
      }
      by_day.push_back(std::move(row));
    }
  }
  out["by_day"] = std::move(by_day);
  return out;
}

}  // namespace flowproof
