// Scenario tests of the simulator: each runs a small fixture and compares the
// trace with what FORMAT.md promises, line by line.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "core/sim/trace.h"
#include "tests/sim_test_support.h"

namespace flowproof::testing {
namespace {

using Lines = std::vector<std::string>;

Json Send(const char* template_name, const char* next, const char* channel = "email") {
  return {{"type", "send"}, {"channel", channel}, {"template", template_name}, {"next", next}};
}
Json WaitFor(const char* duration, const char* next) { return {{"type", "wait"}, {"for", duration}, {"next", next}}; }
Json ExitNode(const char* reason = nullptr) {
  Json node = {{"type", "exit"}};
  if (reason != nullptr) node["reason"] = reason;
  return node;
}
Json Alice(Json extra = Json::object()) {
  Json contact = {{"id", "alice"}, {"email", "alice@example.com"}, {"first_name", "Alice"}};
  contact.update(extra);
  return contact;
}
Json Event(const char* at, const char* contact, const char* name) {
  return {{"at", at}, {"contact", contact}, {"event", name}};
}

TEST(Simulator, WelcomeSendWaitExit) {
  Json workflow = MakeWorkflow({{"send_welcome", Send("welcome", "wait_2d")},
                                {"wait_2d", WaitFor("2d", "done")},
                                {"done", ExitNode()}},
                               "send_welcome");
  auto session = RunFixture(MakeFixture(workflow, {Alice()}, {Event("+1h", "alice", "signup")}));
  ASSERT_TRUE(session);
  EXPECT_EQ(CompactTrace(*session), (Lines{
                                        "+1h alice enrolled 0",
                                        "+1h alice entered send_welcome",
                                        "+1h alice sent send_welcome email welcome",
                                        "+1h alice entered wait_2d",
                                        "+1h alice waiting wait_2d until=+2d1h",
                                        "+2d1h alice resumed wait_2d next",
                                        "+2d1h alice entered done",
                                        "+2d1h alice exited completed",
                                    }));
}

TEST(Simulator, TraceLinesHaveFormatKeyOrder) {
  Json workflow = MakeWorkflow({{"send_welcome", Send("welcome", "done")}, {"done", ExitNode()}}, "send_welcome");
  auto session = RunFixture(MakeFixture(workflow, {Alice()}, {Event("+1h", "alice", "signup")}));
  ASSERT_TRUE(session);
  std::string jsonl = session->TraceJsonl();
  EXPECT_EQ(jsonl.substr(0, jsonl.find('\n')),
            R"({"t":"2026-11-02T01:00:00Z","contact":"alice","kind":"enrolled","trigger":0})");
  EXPECT_NE(jsonl.find(R"({"t":"2026-11-02T01:00:00Z","contact":"alice","kind":"sent","node":"send_welcome","channel":"email","template":"welcome"})"),
            std::string::npos);
  EXPECT_NE(jsonl.find(R"({"t":"2026-11-02T01:00:00Z","contact":"alice","kind":"exited","reason":"completed"})"),
            std::string::npos);
}

TEST(Simulator, BranchRecordsLabelAndValuesRead) {
  Json workflow = MakeWorkflow(
      {{"by_country",
        {{"type", "branch"},
         {"branches", Json::array({{{"label", "US"}, {"when", {{"==", Json::array({{{"var", "contact.country"}}, "US"})}}}, {"next", "us"}}})},
         {"else", "other"}}},
       {"us", ExitNode("us")},
       {"other", ExitNode("other")}},
      "by_country");
  Json contacts = {Alice({{"country", "US"}}), {{"id", "bob"}, {"country", "DE"}}, {{"id", "carol"}}};
  Json script = {Event("+1h", "alice", "signup"), Event("+1h", "bob", "signup"), Event("+1h", "carol", "signup")};
  auto session = RunFixture(MakeFixture(workflow, contacts, script));
  ASSERT_TRUE(session);
  std::string jsonl = session->TraceJsonl();
  EXPECT_NE(jsonl.find(R"("kind":"branch","node":"by_country","label":"US","values":{"contact.country":"US"})"), std::string::npos);
  EXPECT_NE(jsonl.find(R"("kind":"branch","node":"by_country","label":"else","values":{"contact.country":"DE"})"), std::string::npos);
  EXPECT_NE(jsonl.find(R"("kind":"branch","node":"by_country","label":"else","values":{"contact.country":null})"), std::string::npos);
  EXPECT_NE(jsonl.find(R"("contact":"alice","kind":"exited","reason":"us")"), std::string::npos);
  EXPECT_NE(jsonl.find(R"("contact":"bob","kind":"exited","reason":"other")"), std::string::npos);
}

TEST(Simulator, SuppressionReasonsAndMovingOn) {
  Json workflow = MakeWorkflow({{"email", Send("welcome", "sms")}, {"sms", Send("nudge", "done", "sms")}, {"done", ExitNode()}},
                               "email");
  Json contacts = {{{"id", "noaddr"}}, Alice({{"phone", "+1 555 0100"}, {"consent", {{"sms", false}}}})};
  auto session = RunFixture(MakeFixture(workflow, contacts, {Event("+0s", "noaddr", "signup"), Event("+0s", "alice", "signup")}));
  ASSERT_TRUE(session);
  Lines trace = CompactTrace(*session);
  EXPECT_EQ(trace, (Lines{
                       "+0s noaddr enrolled 0",
                       "+0s noaddr entered email",
                       "+0s noaddr suppressed email email welcome no_address",
                       "+0s noaddr entered sms",
                       "+0s noaddr suppressed sms sms nudge no_address",
                       "+0s noaddr entered done",
                       "+0s noaddr exited completed",
                       "+0s alice enrolled 0",
                       "+0s alice entered email",
                       "+0s alice sent email email welcome",
                       "+0s alice entered sms",
                       "+0s alice suppressed sms sms nudge no_consent",
                       "+0s alice entered done",
                       "+0s alice exited completed",
                   }));
}

// Whether a contact can be reached is read once and kept; an update of an
// address or of consent makes the simulator read it again.
TEST(Simulator, AnUpdatedAddressOrConsentIsReadAgain) {
  Json workflow = MakeWorkflow(
      {{"first", Send("welcome", "add_email")},
       {"add_email", {{"type", "update"}, {"set", {{"email", "late@example.com"}}}, {"next", "second"}}},
       {"second", Send("welcome", "add_phone")},
       {"add_phone", {{"type", "update"}, {"set", {{"phone", "+1 555 0100"}}}, {"next", "sms"}}},
       {"sms", Send("nudge", "withdraw", "sms")},
       {"withdraw", {{"type", "update"}, {"set", {{"consent", {{"sms", false}}}}}, {"next", "sms_again"}}},
       {"sms_again", Send("nudge", "done", "sms")},
       {"done", ExitNode()}},
      "first");
  auto session = RunFixture(MakeFixture(workflow, {Json{{"id", "late"}}}, {Event("+0s", "late", "signup")}));
  ASSERT_TRUE(session);
  Lines trace = CompactTrace(*session);
  auto has = [&](const std::string& line) { return std::find(trace.begin(), trace.end(), line) != trace.end(); };
  EXPECT_TRUE(has("+0s late suppressed first email welcome no_address")) << ::testing::PrintToString(trace);
  EXPECT_TRUE(has("+0s late sent second email welcome")) << ::testing::PrintToString(trace);
  EXPECT_TRUE(has("+0s late sent sms sms nudge")) << ::testing::PrintToString(trace);
  EXPECT_TRUE(has("+0s late suppressed sms_again sms nudge no_consent")) << ::testing::PrintToString(trace);
}

TEST(Simulator, QuietHoursHoldUntilTheyEndInContactsZone) {
  Json settings = {{"settings", {{"quiet_hours", {{"start", "21:00"}, {"end", "08:00"}}}}}};
  Json workflow = MakeWorkflow({{"email", Send("welcome", "done")}, {"done", ExitNode()}}, "email", settings);
  // 03:00Z on 2 Nov is 22:00 EST on 1 Nov (DST ended that morning): quiet
  // until 08:00 EST = 13:00Z.
  std::vector<Json> contacts = {Alice({{"timezone", "America/New_York"}})};
  auto session = RunFixture(MakeFixture(workflow, contacts, {Event("+3h", "alice", "signup")}));
  ASSERT_TRUE(session);
  EXPECT_EQ(CompactTrace(*session), (Lines{
                                        "+3h alice enrolled 0",
                                        "+3h alice entered email",
                                        "+3h alice waiting email quiet_hours until=+13h",
                                        "+13h alice resumed email next",
                                        "+13h alice sent email email welcome",
                                        "+13h alice entered done",
                                        "+13h alice exited completed",
                                    }));
}

TEST(Simulator, QuietHoursSkipSuppressesButWebhooksIgnoreThem) {
  Json settings = {{"settings", {{"quiet_hours", {{"start", "21:00"}, {"end", "08:00"}, {"mode", "skip"}}}}}};
  Json workflow = MakeWorkflow({{"email", Send("welcome", "hook")}, {"hook", Send("crm", "done", "webhook")}, {"done", ExitNode()}},
                               "email", settings);
  auto session = RunFixture(MakeFixture(workflow, {Alice()}, {Event("+22h", "alice", "signup")}));
  ASSERT_TRUE(session);
  Lines trace = CompactTrace(*session);
  ASSERT_EQ(trace.size(), 7u);
  EXPECT_EQ(trace[2], "+22h alice suppressed email email welcome quiet_hours");
  EXPECT_EQ(trace[4], "+22h alice sent hook webhook crm");
}

TEST(Simulator, FrequencyCapInTrailingWindow) {
  Json settings = {{"settings", {{"frequency_cap", {{"max", 1}, {"per", "1d"}, {"channels", {"email"}}}}}}};
  Json workflow = MakeWorkflow({{"first", Send("welcome", "second")},
                                {"second", Send("promo", "wait")},
                                {"wait", WaitFor("1d", "third")},
                                {"third", Send("promo", "done")},
                                {"done", ExitNode()}},
                               "first", settings);
  auto session = RunFixture(MakeFixture(workflow, {Alice()}, {Event("+0s", "alice", "signup")}));
  ASSERT_TRUE(session);
  Lines trace = CompactTrace(*session);
  EXPECT_EQ(trace[2], "+0s alice sent first email welcome");
  EXPECT_EQ(trace[4], "+0s alice suppressed second email promo frequency_cap");
  // Exactly one day later the first send has left the trailing window.
  EXPECT_EQ(trace[9], "+1d alice sent third email promo");
}

TEST(Simulator, GoalExitsAtOnceOnAttributeChange) {
  Json extra = {{"exit", {{"goal", {{"==", Json::array({{{"var", "contact.purchased"}}, true})}}}}}};
  Json workflow = MakeWorkflow({{"wait", WaitFor("3d", "promo")}, {"promo", Send("promo", "done")}, {"done", ExitNode()}},
                               "wait", extra);
  Json script = {Event("+1h", "alice", "signup"), {{"at", "+1d"}, {"contact", "alice"}, {"set", {{"purchased", true}}}}};
  auto session = RunFixture(MakeFixture(workflow, {Alice()}, script));
  ASSERT_TRUE(session);
  Lines trace = CompactTrace(*session);
  EXPECT_EQ(trace.back(), "+1d alice exited goal");
  EXPECT_EQ(trace.size(), 4u);
}

// The goal reads only contact.vip: it is not evaluated again after the
// update of `score` (FORMAT.md leaves that unobservable), and it is after the
// update of `vip`, before the next node.
TEST(Simulator, GoalIsCheckedAgainAfterAnUpdateOfWhatItReads) {
  Json extra = {{"exit", {{"goal", {{"==", Json::array({{{"var", "contact.vip.level"}}, "gold"})}}}}}};
  Json workflow = MakeWorkflow({{"score", {{"type", "update"}, {"increment", {{"score", 1}}}, {"next", "promo"}}},
                                {"promo", Send("promo", "upgrade")},
                                {"upgrade", {{"type", "update"}, {"set", {{"vip", {{"level", "gold"}}}}}, {"next", "reward"}}},
                                {"reward", Send("welcome", "done")},
                                {"done", ExitNode()}},
                               "score", extra);
  auto session = RunFixture(MakeFixture(workflow, {Alice()}, {Event("+1h", "alice", "signup")}));
  ASSERT_TRUE(session);
  Lines trace = CompactTrace(*session);
  EXPECT_EQ(trace[4], "+1h alice sent promo email promo");
  EXPECT_EQ(trace.back(), "+1h alice exited goal");
  for (const std::string& line : trace) EXPECT_EQ(line.find("reward"), std::string::npos) << line;
}

TEST(Simulator, MaxDurationExpires) {
  Json extra = {{"exit", {{"max_duration", "1d"}}}};
  Json workflow = MakeWorkflow({{"wait", WaitFor("3d", "done")}, {"done", ExitNode()}}, "wait", extra);
  auto session = RunFixture(MakeFixture(workflow, {Alice()}, {Event("+1h", "alice", "signup")}));
  ASSERT_TRUE(session);
  EXPECT_EQ(CompactTrace(*session).back(), "+1d1h alice exited expired");
}

TEST(Simulator, NegativeTriggerAndManualExit) {
  Json extra = {{"exit", {{"on_events", Json::array({{{"event", "unsubscribed"}, {"reason", "opted_out"}}})}}}};
  Json workflow = MakeWorkflow({{"wait", WaitFor("3d", "done")}, {"done", ExitNode()}}, "wait", extra);
  Json contacts = {Alice(), {{"id", "bob"}}};
  Json script = {Event("+1h", "alice", "signup"), Event("+1h", "bob", "signup"), Event("+2h", "alice", "unsubscribed"),
                 {{"at", "+3h"}, {"contact", "bob"}, {"exit", true}}};
  auto session = RunFixture(MakeFixture(workflow, contacts, script));
  ASSERT_TRUE(session);
  Lines trace = CompactTrace(*session);
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+2h alice exited opted_out"), trace.end());
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+3h bob exited manual"), trace.end());
}

TEST(Simulator, WaitEventResumesOnEventOrTimesOut) {
  Json workflow = MakeWorkflow({{"wait_buy",
                                 {{"type", "wait_event"}, {"event", "purchase_completed"}, {"timeout", "2d"},
                                  {"next", "thanks"}, {"on_timeout", "remind"}}},
                                {"thanks", ExitNode("bought")},
                                {"remind", ExitNode("reminded")}},
                               "wait_buy");
  Json contacts = {Alice(), {{"id", "bob"}}};
  Json script = {Event("+0s", "alice", "signup"), Event("+0s", "bob", "signup"), Event("+5h", "alice", "purchase_completed")};
  auto session = RunFixture(MakeFixture(workflow, contacts, script));
  ASSERT_TRUE(session);
  Lines trace = CompactTrace(*session);
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+0s alice waiting wait_buy until=+2d purchase_completed"), trace.end());
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+5h alice resumed wait_buy event"), trace.end());
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+5h alice exited bought"), trace.end());
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+2d bob resumed wait_buy timeout"), trace.end());
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+2d bob exited reminded"), trace.end());
}

TEST(Simulator, WaitUntilConditionRecheckedOnAttributeChange) {
  Json workflow = MakeWorkflow({{"hot",
                                 {{"type", "wait_until"},
                                  {"condition", {{">=", Json::array({{{"var", "contact.score"}}, 50})}}},
                                  {"timeout", "7d"}, {"next", "sales"}, {"on_timeout", "cold"}}},
                                {"sales", ExitNode("hot")},
                                {"cold", ExitNode("cold")}},
                               "hot");
  Json script = {Event("+0s", "alice", "signup"), {{"at", "+1d"}, {"contact", "alice"}, {"set", {{"score", 20}}}},
                 {{"at", "+2d"}, {"contact", "alice"}, {"set", {{"score", 70}}}}};
  auto session = RunFixture(MakeFixture(workflow, {Alice()}, script));
  ASSERT_TRUE(session);
  Lines trace = CompactTrace(*session);
  ASSERT_GE(trace.size(), 3u);
  EXPECT_EQ(trace[trace.size() - 3], "+2d alice resumed hot condition");
  EXPECT_EQ(trace.back(), "+2d alice exited hot");
  // The score of 20 on day 1 re-checked the condition without releasing her.
  EXPECT_EQ(std::count(trace.begin(), trace.end(), "+2d alice resumed hot condition"), 1);
}

TEST(Simulator, ZeroTimeLoopIsStopped) {
  Json workflow = MakeWorkflow({{"a", WaitFor("0s", "b")}, {"b", {{"type", "update"}, {"increment", {{"loops", 1}}}, {"next", "a"}}}},
                               "a");
  auto session = RunFixture(MakeFixture(workflow, {Alice()}, {Event("+0s", "alice", "signup")}));
  ASSERT_TRUE(session);
  Lines trace = CompactTrace(*session);
  ASSERT_GE(trace.size(), 2u);
  EXPECT_EQ(trace[trace.size() - 2], "+0s alice error a loop_without_wait");
  EXPECT_EQ(trace.back(), "+0s alice exited error");
}

TEST(Simulator, SplitIsStickyAndWeighted) {
  Json workflow = MakeWorkflow({{"ab",
                                 {{"type", "split"}, {"mode", "ab"},
                                  {"variants", Json::array({{{"label", "A"}, {"weight", 80}, {"next", "a"}},
                                                            {{"label", "B"}, {"weight", 20}, {"next", "b"}}})}}},
                                {"a", ExitNode("a")},
                                {"b", ExitNode("b")}},
                               "ab");
  Json contacts = Json::array();
  Json script = Json::array();
  for (int i = 0; i < 1000; ++i) {
    std::string id = "c" + std::to_string(i);
    contacts.push_back({{"id", id}});
    script.push_back({{"at", "+0s"}, {"contact", id}, {"event", "signup"}});
  }
  auto first = RunFixture(MakeFixture(workflow, contacts, script));
  auto second = RunFixture(MakeFixture(workflow, contacts, script));
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->TraceJsonl(), second->TraceJsonl());
  Json counts = first->NodeCounts();
  int a = counts["a"]["entered"].get<int>();
  EXPECT_GT(a, 740);
  EXPECT_LT(a, 860);
  EXPECT_EQ(a + counts["b"]["entered"].get<int>(), 1000);
}

TEST(Simulator, ConditionTriggerAtStartAndOnRisingEdge) {
  Json extra = {{"entry", {{"triggers", Json::array({{{"type", "condition"},
                                                       {"condition", {{">=", Json::array({{{"var", "contact.score"}}, 50})}}}}})}}}};
  Json workflow = MakeWorkflow({{"done", ExitNode()}}, "done", extra);
  Json contacts = {Alice({{"score", 60}}), {{"id", "bob"}, {"score", 10}}};
  Json script = {{{"at", "+1d"}, {"contact", "bob"}, {"set", {{"score", 55}}}}};
  auto session = RunFixture(MakeFixture(workflow, contacts, script));
  ASSERT_TRUE(session);
  Lines trace = CompactTrace(*session);
  EXPECT_EQ(trace[0], "+0s alice enrolled 0");
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+1d bob enrolled 0"), trace.end());
}

TEST(Simulator, BirthdayOn29FebruaryFiresOn28InOtherYears) {
  Json extra = {{"timezone", "Europe/London"},
                {"entry", {{"triggers", Json::array({{{"type", "date"}, {"attribute", "birthday"}, {"at", "09:00"}, {"every", "year"}}})},
                           {"reenroll", "after_exit"}}}};
  Json workflow = MakeWorkflow({{"card", Send("welcome", "done")}, {"done", ExitNode()}}, "card", extra);
  Json fixture = MakeFixture(workflow, {Alice({{"birthday", "1992-02-29"}})}, Json::array(), "+800d");
  fixture["clock"]["start"] = "2027-01-01T00:00:00Z";
  auto session = RunFixture(fixture);
  ASSERT_TRUE(session);
  std::string jsonl = session->TraceJsonl();
  EXPECT_NE(jsonl.find(R"({"t":"2027-02-28T09:00:00Z","contact":"alice","kind":"enrolled")"), std::string::npos);
  EXPECT_NE(jsonl.find(R"({"t":"2028-02-29T09:00:00Z","contact":"alice","kind":"enrolled")"), std::string::npos);
}

TEST(Simulator, ScheduleInContactsLocalTime) {
  Json extra = {{"entry", {{"triggers", Json::array({{{"type", "schedule"}, {"at", "2026-11-27T09:00:00"}, {"local", true}}})}}}};
  Json workflow = MakeWorkflow({{"done", ExitNode()}}, "done", extra);
  Json contacts = {Alice({{"timezone", "America/New_York"}}), {{"id", "bob"}, {"timezone", "Europe/Berlin"}}};
  auto session = RunFixture(MakeFixture(workflow, contacts));
  ASSERT_TRUE(session);
  std::string jsonl = session->TraceJsonl();
  EXPECT_NE(jsonl.find(R"({"t":"2026-11-27T08:00:00Z","contact":"bob","kind":"enrolled")"), std::string::npos);
  EXPECT_NE(jsonl.find(R"({"t":"2026-11-27T14:00:00Z","contact":"alice","kind":"enrolled")"), std::string::npos);
}

TEST(Simulator, InactivityFromLastEventOrClockStart) {
  Json extra = {{"entry", {{"triggers", Json::array({{{"type", "inactivity"}, {"event", "session_started"}, {"for", "7d"}}})}}}};
  Json workflow = MakeWorkflow({{"done", ExitNode()}}, "done", extra);
  Json contacts = {Alice(), {{"id", "bob"}}};
  std::vector<Json> script = {Event("+3d", "bob", "session_started")};
  auto session = RunFixture(MakeFixture(workflow, contacts, script));
  ASSERT_TRUE(session);
  Lines trace = CompactTrace(*session);
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+7d alice enrolled 0"), trace.end());
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+10d bob enrolled 0"), trace.end());
}

TEST(Simulator, ReenrollmentRulesAndAudience) {
  Json base = MakeWorkflow({{"done", ExitNode()}}, "done");
  Json contacts = {Alice({{"country", "US"}}), {{"id", "bob"}, {"country", "FR"}}};
  Json script = {Event("+0s", "alice", "signup"), Event("+1d", "alice", "signup"), Event("+0s", "bob", "signup")};

  Json never = base;
  never["entry"]["audience"] = {{"==", Json::array({{{"var", "contact.country"}}, "US"})}};
  Lines trace = CompactTrace(*RunFixture(MakeFixture(never, contacts, script)));
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+1d alice enroll_rejected reenroll 0"), trace.end());
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+0s bob enroll_rejected audience 0"), trace.end());

  Json again = base;
  again["entry"]["reenroll"] = "after_exit";
  trace = CompactTrace(*RunFixture(MakeFixture(again, contacts, script)));
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+1d alice enrolled 0"), trace.end());

  Json gap = base;
  gap["entry"]["reenroll"] = "2d";
  trace = CompactTrace(*RunFixture(MakeFixture(gap, contacts, script)));
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+1d alice enroll_rejected reenroll 0"), trace.end());
}

TEST(Simulator, WaitUntilLocalTimeAcrossDst) {
  // Sat 7 Mar 2026 12:00 EST; "until 09:00 on weekdays" is Mon 9 Mar 09:00
  // EDT = 13:00Z (the clocks sprang forward on Sunday).
  Json workflow = MakeWorkflow({{"wait", {{"type", "wait"}, {"until", {{"time", "09:00"}, {"days", {"mon", "tue", "wed", "thu", "fri"}}}}, {"next", "done"}}},
                                {"done", ExitNode()}},
                               "wait");
  Json fixture = MakeFixture(workflow, {Alice({{"timezone", "America/New_York"}})}, {Event("+0s", "alice", "signup")});
  fixture["clock"]["start"] = "2026-03-07T17:00:00Z";
  auto session = RunFixture(fixture);
  ASSERT_TRUE(session);
  EXPECT_NE(session->TraceJsonl().find(R"("kind":"waiting","node":"wait","until":"2026-03-09T13:00:00Z")"), std::string::npos);
}

TEST(Simulator, ReactionsAreSeededAndCarryTheTemplate) {
  Json workflow = MakeWorkflow({{"email", Send("welcome", "wait_open")},
                                {"wait_open", {{"type", "wait_event"}, {"event", "email_opened"}, {"timeout", "1d"}, {"next", "opened"}, {"on_timeout", "unopened"}}},
                                {"opened", ExitNode("opened")},
                                {"unopened", ExitNode("unopened")}},
                               "email");
  Json contacts = Json::array();
  Json script = Json::array();
  for (int i = 0; i < 200; ++i) {
    std::string id = "c" + std::to_string(i);
    contacts.push_back({{"id", id}, {"email", id + "@example.com"}});
    script.push_back({{"at", "+0s"}, {"contact", id}, {"event", "signup"}});
  }
  Json fixture = MakeFixture(workflow, contacts, script);
  fixture["reactions"] = {{{"contact", "*"}, {"on_send", "welcome"}, {"event", "email_opened"}, {"after", "2h"}, {"probability", 0.4}}};
  auto first = RunFixture(fixture);
  auto second = RunFixture(fixture);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->TraceJsonl(), second->TraceJsonl());
  int opened = first->NodeCounts()["opened"]["entered"].get<int>();
  EXPECT_GT(opened, 55);
  EXPECT_LT(opened, 105);
  fixture["seed"] = 2;
  auto reseeded = RunFixture(fixture);
  EXPECT_NE(reseeded->TraceJsonl(), first->TraceJsonl());
}

TEST(Simulator, StepAdvancesOneInstantAtATime) {
  Json workflow = MakeWorkflow({{"wait", WaitFor("1d", "done")}, {"done", ExitNode()}}, "wait");
  auto session = LoadFixture(MakeFixture(workflow, {Alice()}, {Event("+1h", "alice", "signup")}));
  ASSERT_TRUE(session);
  EXPECT_EQ(session->trace_size(), 0u);
  EXPECT_TRUE(session->Step());  // the clock start: nothing due
  EXPECT_TRUE(session->Step());  // +1h: enrolled, entered, waiting
  EXPECT_EQ(session->trace_size(), 3u);
  EXPECT_EQ(session->Contacts()[0]["state"], "waiting");
  EXPECT_TRUE(session->Step());  // +1d1h: resumed and exited
  EXPECT_EQ(session->Contacts()[0]["state"], "exited");
  EXPECT_FALSE(session->Step());
  EXPECT_TRUE(session->finished());
}

// FORMAT.md: `event` is "the event being handled (absent when none)". A
// re-enrolment by a condition trigger handles no event, so the audience must
// not see the event that released the contact's earlier wait.
TEST(Simulator, AudienceSeesTheEnrollingEventNotAnEarlierOne) {
  Json extra = {{"entry",
                 {{"triggers", Json::array({{{"type", "condition"},
                                             {"condition", {{">=", Json::array({{{"var", "contact.score"}}, 10})}}}}})},
                  {"audience", {{"!=", Json::array({{{"var", "event.name"}}, "test_event"})}}},
                  {"reenroll", "after_exit"}}}};
  Json workflow = MakeWorkflow({{"hold", {{"type", "wait_event"}, {"event", "test_event"}, {"timeout", "1d"},
                                          {"next", "done"}, {"on_timeout", "done"}}},
                                {"done", ExitNode()}},
                               "hold", extra);
  auto set_score = [](const char* at, int score) {
    return Json{{"at", at}, {"contact", "alice"}, {"set", {{"score", score}}}};
  };
  auto session = RunFixture(MakeFixture(
      workflow, {Alice()},
      {set_score("+0s", 20), Event("+1h", "alice", "test_event"), set_score("+2h", 0), set_score("+3h", 20)}));
  ASSERT_TRUE(session);
  Lines trace = CompactTrace(*session);
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+1h alice resumed hold event"), trace.end());
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+3h alice enrolled 0"), trace.end()) << ::testing::PrintToString(trace);
}

// `flowproof simulate` streams its trace: the lines a sink receives are the
// kept trace, byte for byte, and a streaming session keeps none of them.
TEST(Simulator, StreamedTraceIsTheKeptTrace) {
  Json workflow = MakeWorkflow({{"send_welcome", Send("welcome", "wait_2d")},
                                {"wait_2d", WaitFor("2d", "route")},
                                {"route", {{"type", "branch"},
                                           {"branches", Json::array({{{"label", "US"},
                                                                      {"when", {{"==", Json::array({{{"var", "contact.country"}}, "US"})}}},
                                                                      {"next", "done"}}})},
                                           {"else", "done"}}},
                                {"done", ExitNode()}},
                               "send_welcome");
  Json fixture = MakeFixture(workflow, {Alice({{"country", "US"}}), Json{{"id", "bob"}}},
                             {Event("+1h", "alice", "signup"), Event("+2h", "bob", "signup")});
  auto kept = RunFixture(fixture);
  ASSERT_TRUE(kept);

  std::string streamed;
  SessionOptions options;
  options.on_trace_line = [&streamed](const TraceLine& line) { streamed += line.ToJson() + "\n"; };
  options.keep_messages = false;
  SessionLoadResult loaded = Session::Load(fixture.dump(), "", nullptr, options);
  ASSERT_TRUE(loaded.ok());
  loaded.session->RunToEnd();
  EXPECT_EQ(streamed, kept->TraceJsonl());
  EXPECT_NE(streamed.find(R"("kind":"branch","node":"route","label":"US","values":{"contact.country":"US"})"), std::string::npos);
  EXPECT_EQ(loaded.session->trace_size(), 0u);
  EXPECT_EQ(loaded.session->Messages().size(), 0u);
  EXPECT_GT(kept->Messages().size(), 0u);
}

// The page runs to a breakpoint in slices so it can show progress.
TEST(Simulator, RunToBreakpointStopsAfterMaxSteps) {
  Json workflow = MakeWorkflow({{"wait_1d", WaitFor("1d", "wait_2d")}, {"wait_2d", WaitFor("1d", "done")}, {"done", ExitNode()}},
                               "wait_1d");
  auto session = LoadFixture(MakeFixture(workflow, {Alice()}, {Event("+1h", "alice", "signup")}));
  ASSERT_TRUE(session);
  EXPECT_FALSE(session->RunToBreakpoint({"done"}, 2));  // the clock start, then +1h
  EXPECT_FALSE(session->finished());
  EXPECT_EQ(session->steps_taken(), 2u);
  EXPECT_TRUE(session->RunToBreakpoint({"done"}));
  EXPECT_EQ(CompactTrace(*session).back(), "+2d1h alice exited completed");
}

// FORMAT.md "Addresses", with the renderer's rule: blank text is no address,
// a phone needs a digit, and a phone stored as a number is a phone.
TEST(Simulator, BlankAddressesAreNoneAndNumericPhonesCount) {
  Json workflow = MakeWorkflow({{"email", Send("welcome", "sms")}, {"sms", Send("nudge", "done", "sms")}, {"done", ExitNode()}},
                               "email");
  std::vector<Json> contacts = {Json{{"id", "blank"}, {"email", "   "}, {"phone", "+"}},
                                Json{{"id", "numeric"}, {"email", "n@example.com"}, {"phone", 15550100}}};
  auto session = RunFixture(MakeFixture(workflow, contacts, {Event("+1h", "blank", "signup"), Event("+1h", "numeric", "signup")}));
  ASSERT_TRUE(session);
  Lines trace = CompactTrace(*session);
  auto has = [&](const char* line) { return std::find(trace.begin(), trace.end(), line) != trace.end(); };
  EXPECT_TRUE(has("+1h blank suppressed email email welcome no_address")) << ::testing::PrintToString(trace);
  EXPECT_TRUE(has("+1h blank suppressed sms sms nudge no_address"));
  EXPECT_TRUE(has("+1h numeric sent sms sms nudge"));
  // The preview agrees with the simulator.
  Json preview = session->Render("blank", "nudge").message;
  EXPECT_NE(preview["warnings"].dump().find("no_address"), std::string::npos) << preview.dump();
}

// A condition trigger over the contact's history fires at the event that
// makes it true ("re-evaluated at every event and attribute change").
TEST(Simulator, ConditionTriggerOnHistoryFiresAtTheEvent) {
  Json count = {{"count_events", Json::array({"page_viewed", "7d"})}};
  Json extra = {{"entry", {{"triggers", Json::array({{{"type", "condition"}, {"condition", {{">=", Json::array({count, 3})}}}}})}}}};
  Json workflow = MakeWorkflow({{"done", ExitNode()}}, "done", extra);
  auto session = RunFixture(MakeFixture(workflow, {Alice()},
                                        {Event("+1h", "alice", "page_viewed"), Event("+2h", "alice", "page_viewed"),
                                         Event("+3h", "alice", "page_viewed"), Event("+4h", "alice", "page_viewed")}));
  ASSERT_TRUE(session);
  Lines trace = CompactTrace(*session);
  EXPECT_EQ(trace.front(), "+3h alice enrolled 0") << ::testing::PrintToString(trace);
  EXPECT_EQ(std::count_if(trace.begin(), trace.end(), [](const std::string& l) { return l.find("enrolled") != std::string::npos; }), 1)
      << "no new rising edge at the fourth event";
}

// FORMAT.md: `wait.until` is "the next such moment after now": a contact
// that arrives at 09:00 sharp waits for the next 09:00.
TEST(Simulator, WaitUntilAtExactlyThatTimeWaitsForTheNextOne) {
  Json workflow = MakeWorkflow({{"at_nine", {{"type", "wait"}, {"until", {{"time", "09:00"}}}, {"next", "done"}}},
                                {"done", ExitNode()}},
                               "at_nine");
  auto session = RunFixture(MakeFixture(workflow, {Alice()}, {Event("+9h", "alice", "signup")}));
  ASSERT_TRUE(session);
  Lines trace = CompactTrace(*session);
  EXPECT_NE(std::find(trace.begin(), trace.end(), "+9h alice waiting at_nine until=+1d9h"), trace.end())
      << ::testing::PrintToString(trace);
}

// A message that cannot be rendered is not sent: an `error` line says why,
// then the send is suppressed with `render_failed` and the contact moves on.
TEST(Simulator, MessageThatFailsToRenderIsSuppressed) {
  Json extra = {{"snippets", {{"loop", "{% render 'loop' %}"}}}};
  Json workflow = MakeWorkflow({{"sms", Send("broken", "done", "sms")}, {"done", ExitNode()}}, "sms", extra);
  workflow["templates"]["broken"] = {{"channel", "sms"}, {"body", "Hi {% render 'loop' %}"}};
  auto session = RunFixture(MakeFixture(workflow, {Alice({{"phone", "+15550100"}})}, {Event("+1h", "alice", "signup")}));
  ASSERT_TRUE(session);
  Lines trace = CompactTrace(*session);
  auto error = std::find_if(trace.begin(), trace.end(), [](const std::string& l) { return l.rfind("+1h alice error", 0) == 0 && l.find("render_failed") != std::string::npos; });
  ASSERT_NE(error, trace.end()) << ::testing::PrintToString(trace);
  ASSERT_NE(error + 1, trace.end());
  EXPECT_EQ(*(error + 1), "+1h alice suppressed sms sms broken render_failed");
  EXPECT_EQ(trace.back(), "+1h alice exited completed");
  EXPECT_EQ(session->Messages().size(), 0u);
}

// A long chain without waits is not a loop: a 1,200-node path runs to its
// end in one instant (a loop is still stopped, ZeroTimeLoopIsStopped).
TEST(Simulator, LongChainWithoutWaitsIsNotALoop) {
  Json nodes = Json::object();
  for (int i = 0; i < 1200; ++i) {
    nodes["n" + std::to_string(i)] = {{"type", "update"}, {"increment", {{"steps", 1}}}, {"next", i + 1 < 1200 ? "n" + std::to_string(i + 1) : "done"}};
  }
  nodes["done"] = ExitNode();
  auto session = RunFixture(MakeFixture(MakeWorkflow(nodes, "n0"), {Alice()}, {Event("+1h", "alice", "signup")}));
  ASSERT_TRUE(session);
  EXPECT_EQ(CompactTrace(*session).back(), "+1h alice exited completed");
  EXPECT_EQ(session->Contacts()[0]["attributes"]["steps"], 1200);
}

// A script `set` that moves a date trigger's date reschedules it even when
// the same change releases a wait into an update node.
TEST(Simulator, DateChangedByScriptReschedulesAfterAnUpdateRuns) {
  Json extra = {{"entry", {{"triggers", Json::array({{{"type", "event"}, {"event", "signup"}},
                                                     {{"type", "date"}, {"attribute", "renewal"}, {"at", "09:00"}}})},
                           {"reenroll", "after_exit"}}}};
  Json workflow = MakeWorkflow({{"hold", {{"type", "wait_until"}, {"condition", {{"var", "contact.ready"}}}, {"timeout", "30d"},
                                          {"next", "mark"}, {"on_timeout", "done"}}},
                                {"mark", {{"type", "update"}, {"set", {{"marked", true}}}, {"next", "done"}}},
                                {"done", ExitNode()}},
                               "hold", extra);
  auto session = RunFixture(MakeFixture(
      workflow, {Alice({{"renewal", "2026-12-20"}})},
      {Event("+1h", "alice", "signup"),
       Json{{"at", "+2h"}, {"contact", "alice"}, {"set", {{"ready", true}, {"renewal", "2026-11-10"}}}}}));
  ASSERT_TRUE(session);
  std::string jsonl = session->TraceJsonl();
  EXPECT_NE(jsonl.find(R"({"t":"2026-11-10T09:00:00Z","contact":"alice","kind":"enrolled","trigger":1})"), std::string::npos)
      << jsonl;
}

}  // namespace
}  // namespace flowproof::testing
