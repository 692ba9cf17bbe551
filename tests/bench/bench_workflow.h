// The benchmarks' workflow: 20 nodes with branches, a split, waits of every
// kind, sends on four channels, quiet hours and a frequency cap, entered on a
// date trigger (each contact's signup_date). sim_bench runs it as written;
// forecast_bench adds a goal.
#pragma once

#include "core/base/json.h"

namespace flowproof::bench {

inline Json Var(const char* path) { return {{"var", path}}; }

inline Json BenchmarkWorkflow() {
  Json nodes = {
      {"welcome", {{"type", "send"}, {"channel", "email"}, {"template", "welcome"}, {"next", "by_country"}}},
      {"by_country",
       {{"type", "branch"},
        {"branches", Json::array({{{"label", "US"}, {"when", {{"==", Json::array({Var("contact.country"), "US"})}}}, {"next", "us_split"}},
                                  {{"label", "EU"}, {"when", {{"in", Json::array({Var("contact.country"), Json::array({"DE", "FR", "ES"})})}}}, {"next", "eu_wait"}}})},
        {"else", "row_wait"}}},
      {"us_split",
       {{"type", "split"}, {"mode", "ab"},
        {"variants", Json::array({{{"label", "A"}, {"weight", 50}, {"next", "us_sms"}}, {{"label", "B"}, {"weight", 50}, {"next", "us_push"}}})}}},
      {"us_sms", {{"type", "send"}, {"channel", "sms"}, {"template", "sms_offer"}, {"next", "wait_purchase"}}},
      {"us_push", {{"type", "send"}, {"channel", "push"}, {"template", "push_offer"}, {"next", "wait_purchase"}}},
      {"eu_wait", {{"type", "wait"}, {"until", {{"time", "09:00"}, {"days", {"mon", "tue", "wed", "thu", "fri"}}}}, {"next", "eu_email"}}},
      {"eu_email", {{"type", "send"}, {"channel", "email"}, {"template", "offer"}, {"next", "wait_purchase"}}},
      {"row_wait", {{"type", "wait"}, {"for", "1d"}, {"next", "row_email"}}},
      {"row_email", {{"type", "send"}, {"channel", "email"}, {"template", "offer"}, {"next", "wait_purchase"}}},
      {"wait_purchase",
       {{"type", "wait_event"}, {"event", "purchase_completed"}, {"timeout", "3d"}, {"next", "thank"}, {"on_timeout", "score"}}},
      {"thank", {{"type", "send"}, {"channel", "email"}, {"template", "thanks"}, {"next", "mark_buyer"}}},
      {"mark_buyer", {{"type", "update"}, {"set", {{"buyer", true}}}, {"next", "done"}}},
      {"score", {{"type", "update"}, {"increment", {{"score", 10}}}, {"next", "is_hot"}}},
      {"is_hot",
       {{"type", "branch"},
        {"branches", Json::array({{{"label", "hot"}, {"when", {{">=", Json::array({Var("contact.score"), 50})}}}, {"next", "hand_off"}}})},
        {"else", "cool_off"}}},
      {"hand_off", {{"type", "send"}, {"channel", "webhook"}, {"template", "crm"}, {"next", "done"}}},
      {"cool_off", {{"type", "wait"}, {"for", "7d"}, {"next", "reminder"}}},
      {"reminder", {{"type", "send"}, {"channel", "email"}, {"template", "reminder"}, {"next", "last_chance"}}},
      {"last_chance", {{"type", "wait_until"}, {"condition", {{"==", Json::array({Var("contact.buyer"), true})}}}, {"timeout", "14d"}, {"next", "done"}, {"on_timeout", "lapsed"}}},
      {"lapsed", {{"type", "exit"}, {"reason", "lapsed"}}},
      {"done", {{"type", "exit"}}},
  };
  Json email = {{"channel", "email"}, {"subject", "Hi {{ contact.first_name }}"}, {"html", "<p>Hello</p><a href=\"https://x.example/unsubscribe\">unsubscribe</a>"}};
  return {{"format", "flowproof.workflow/1"},
          {"id", "bench"},
          {"name", "Benchmark"},
          {"type", "behavioral"},
          {"timezone", "America/New_York"},
          {"entry", {{"triggers", Json::array({{{"type", "date"}, {"attribute", "signup_date"}, {"at", "10:00"}}})}}},
          {"exit", {{"max_duration", "60d"}}},
          {"settings", {{"quiet_hours", {{"start", "21:00"}, {"end", "08:00"}}}, {"frequency_cap", {{"max", 5}, {"per", "7d"}}}}},
          {"start", "welcome"},
          {"nodes", nodes},
          {"templates",
           {{"welcome", email}, {"offer", email}, {"thanks", email}, {"reminder", email},
            {"sms_offer", {{"channel", "sms"}, {"body", "Offer! Reply STOP to opt out"}}},
            {"push_offer", {{"channel", "push"}, {"title", "Offer"}, {"body", "Open the app"}}},
            {"crm", {{"channel", "webhook"}, {"method", "POST"}, {"url", "https://crm.example/hook"}, {"body", "{}"}}}}}};
}

}  // namespace flowproof::bench
