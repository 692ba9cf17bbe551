// MessageRenderer: each channel end to end, smart content, Liquid warnings and
// errors, and the gallery's workflows rendering without errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "core/channels/sha256.h"
#include "core/model/workflow.h"
#include "core/model/workflow_parser.h"
#include "core/render/message_renderer.h"
#include "core/time/timestamp.h"
#include "core/time/zone.h"

namespace flowproof {
namespace {

Channel ChannelFrom(const std::string& name) {
  if (name == "sms") return Channel::kSms;
  if (name == "push") return Channel::kPush;
  if (name == "ad_audience") return Channel::kAdAudience;
  if (name == "webhook") return Channel::kWebhook;
  return Channel::kEmail;
}

// A workflow built by hand from templates and snippets (conditions of
// variants are compiled by the renderer when a hand-built workflow leaves them
// out).
std::shared_ptr<const Workflow> MakeWorkflow(const Json& templates, const Json& snippets = Json::object()) {
  auto workflow = std::make_shared<Workflow>();
  workflow->id = "welcome-series";
  workflow->name = "Welcome series";
  for (auto it = templates.begin(); it != templates.end(); ++it) {
    MessageTemplate t;
    t.name = it.key();
    t.channel = ChannelFrom(it->value("channel", "email"));
    t.source = *it;
    workflow->templates[it.key()] = t;
  }
  for (auto it = snippets.begin(); it != snippets.end(); ++it) workflow->snippets[it.key()] = it->get<std::string>();
  return workflow;
}

Json Ana() {
  return {{"id", "ana"},
          {"timezone", "America/New_York"},
          {"email", "  Ana@Example.com "},
          {"phone", "+1 (555) 010-9999"},
          {"push_token", "tok-1"},
          {"first_name", "Ana"},
          {"lists", Json::array({"newsletter"})},
          {"consent", Json::object()}};
}

MessageContext ContextFor(Json contact) {
  MessageContext context;
  context.contact = std::move(contact);
  context.now = *ParseTimestamp("2026-11-02T14:30:00Z");
  context.node = "send_welcome";
  return context;
}

const char* kFooter = "<p><a href=\"https://acme.example/unsubscribe?c={{ contact_id }}\">Unsubscribe</a></p>";

TEST(RenderTest, EmailEndToEnd) {
  auto workflow = MakeWorkflow({{"welcome",
                                 {{"channel", "email"},
                                  {"from_name", "Acme"},
                                  {"subject", "Welcome, {{ contact.first_name }}!"},
                                  {"preheader", "Your code is inside"},
                                  {"html", "<h1>Hi {{ contact.first_name }}</h1>{% render 'footer', contact_id: contact.id %}"}}}},
                               {{"footer", kFooter}});
  MessageRenderer renderer(workflow);
  RenderedMessage m = renderer.Render("welcome", ContextFor(Ana()));
  ASSERT_TRUE(m.ok()) << *m.error;
  Json expected = {
      {"channel", "email"},
      {"template", "welcome"},
      {"from_name", "Acme"},
      {"subject", "Welcome, Ana!"},
      {"preheader", "Your code is inside"},
      {"html", "<h1>Hi Ana</h1><p><a href=\"https://acme.example/unsubscribe?c=ana\">Unsubscribe</a></p>"},
      {"text", "Hi Ana\n\nUnsubscribe (https://acme.example/unsubscribe?c=ana)"},
      {"warnings", Json::array()},
  };
  EXPECT_EQ(m.message, expected) << m.message.dump(2);
}

TEST(RenderTest, EmailTextFieldWinsAndChecksRun) {
  auto workflow = MakeWorkflow({{"promo",
                                 {{"channel", "email"},
                                  {"subject", ""},
                                  {"html", "<img src=\"a.png\"><a href=\"http://acme.example\">Shop</a>"},
                                  {"text", "Shop at acme.example, {{ contact.first_name }}"}}}});
  MessageRenderer renderer(workflow);
  RenderedMessage m = renderer.Render("promo", ContextFor(Ana()));
  ASSERT_TRUE(m.ok()) << *m.error;
  EXPECT_EQ(m.message["text"], "Shop at acme.example, Ana");
  EXPECT_EQ(m.message["from_name"], "");
  EXPECT_EQ(m.message["warnings"], Json::array({
                                       "empty_subject: the subject is empty",
                                       "missing_preheader: no preheader; inboxes show the first text of the body instead",
                                       "missing_unsubscribe: no unsubscribe link or instruction",
                                       "image_without_alt: 1 image has no alt attribute (first: a.png)",
                                       "link_not_https: 1 link does not use https (first: http://acme.example)",
                                   }));
}

TEST(RenderTest, AddressConsentAndLiquidWarningsComeFirst) {
  auto workflow = MakeWorkflow({{"welcome",
                                 {{"channel", "email"},
                                  {"subject", "Hi {{ contact.frist_name }}"},
                                  {"preheader", "p"},
                                  {"html", "{% render 'footer', contact_id: contact.id %}{{ x | nosuchfilter }}"}}}},
                               {{"footer", std::string(kFooter) + "{{ oops }}"}});
  Json contact = Ana();
  contact.erase("email");
  contact["consent"] = {{"email", false}};
  MessageRenderer renderer(workflow);
  RenderedMessage m = renderer.Render("welcome", ContextFor(contact));
  ASSERT_TRUE(m.ok()) << *m.error;
  EXPECT_EQ(m.message["warnings"], Json::array({
                                       "no_address: contact has no email",
                                       "no_consent: contact.consent.email is false",
                                       "undefined_variable: contact.frist_name (subject, line 1, column 7)",
                                       "undefined_variable: oops (html via snippet footer, line 1, column 88)",
                                       "undefined_variable: x (html, line 1, column 49)",
                                       "unknown_filter: nosuchfilter (html, line 1, column 53)",
                                   }))
      << m.message["warnings"].dump(2);
}

TEST(RenderTest, LiquidErrorsNameTemplateFieldLineAndColumn) {
  auto workflow = MakeWorkflow({{"welcome",
                                 {{"channel", "email"},
                                  {"subject", "Hi"},
                                  {"html", "<p>\n{% iff contact.vip %}VIP{% endif %}</p>"}}},
                                {"divide", {{"channel", "sms"}, {"body", "{{ 10 | divided_by: 0 }}"}}},
                                {"partial", {{"channel", "sms"}, {"body", "{% render 'missing' %}"}}}});
  MessageRenderer renderer(workflow);
  RenderedMessage m = renderer.Render("welcome", ContextFor(Ana()));
  ASSERT_FALSE(m.ok());
  EXPECT_TRUE(m.message.is_null());
  EXPECT_EQ(m.error->rfind("welcome.html:2:4: unknown tag", 0), 0u) << *m.error;

  m = renderer.Render("divide", ContextFor(Ana()));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error->rfind("divide.body:1:", 0), 0u) << *m.error;

  m = renderer.Render("partial", ContextFor(Ana()));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error->rfind("partial.body:1:", 0), 0u) << *m.error;

  m = renderer.Render("nope", ContextFor(Ana()));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(*m.error, "no template 'nope' in the workflow");
}

TEST(RenderTest, StrictModeTurnsUndefinedVariablesIntoErrors) {
  auto workflow = MakeWorkflow({{"s", {{"channel", "sms"}, {"body", "Hi {{ contact.frist_name }} STOP"}}}});
  MessageRenderer lax(workflow);
  EXPECT_TRUE(lax.Render("s", ContextFor(Ana())).ok());
  MessageRenderer strict(workflow, /*strict=*/true);
  RenderedMessage m = strict.Render("s", ContextFor(Ana()));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error->rfind("s.body:1:7: ", 0), 0u) << *m.error;
}

TEST(RenderTest, Variables) {
  auto workflow = MakeWorkflow(
      {{"vars",
        {{"channel", "sms"},
         {"body",
          "{{ workflow.id }}|{{ workflow.name }}|{{ now }}|{{ message.template }}|{{ message.node }}|"
          "{{ event.name }}:{{ event.properties.sku }}|{{ contact.lists | join: ',' }}|"
          "{{ 'now' | date: '%H:%M' }} STOP"}}}});
  MessageRenderer renderer(workflow);
  MessageContext context = ContextFor(Ana());
  context.event = {{"name", "purchase_completed"}, {"properties", {{"sku", "TENT-2"}}}};
  context.zone = FindTimeZone("America/New_York");
  ASSERT_NE(context.zone, nullptr);
  RenderedMessage m = renderer.Render("vars", context);
  ASSERT_TRUE(m.ok()) << *m.error;
  EXPECT_EQ(m.message["body"],
            "welcome-series|Welcome series|2026-11-02T14:30:00Z|vars|send_welcome|purchase_completed:TENT-2|"
            "newsletter|09:30 STOP");
  // Rendering again (from the parse cache) gives the same message.
  EXPECT_EQ(renderer.Render("vars", context).message, m.message);
  // Without an event, `event` is nil and renders empty.
  context.event = nullptr;
  m = renderer.Render("vars", context);
  ASSERT_TRUE(m.ok()) << *m.error;
  EXPECT_NE(m.message["body"].get<std::string>().find("|send_welcome|:|"), std::string::npos) << m.message["body"];
}

TEST(RenderTest, Sms) {
  auto workflow = MakeWorkflow(
      {{"code", {{"channel", "sms"}, {"body", "Hi {{ contact.first_name }}, your code is 1234. Reply STOP to opt out"}}},
       {"curly", {{"channel", "sms"}, {"body", "It\u2019s {{ contact.first_name }}\u2019s day"}}}});
  MessageRenderer renderer(workflow);
  RenderedMessage m = renderer.Render("code", ContextFor(Ana()));
  ASSERT_TRUE(m.ok()) << *m.error;
  Json expected = {{"channel", "sms"},
                   {"template", "code"},
                   {"body", "Hi Ana, your code is 1234. Reply STOP to opt out"},
                   {"encoding", "GSM-7"},
                   {"segments", 1},
                   {"characters", 48},
                   {"warnings", Json::array()}};
  EXPECT_EQ(m.message, expected) << m.message.dump(2);

  Json contact = Ana();
  contact.erase("phone");
  m = renderer.Render("curly", ContextFor(contact));
  ASSERT_TRUE(m.ok()) << *m.error;
  EXPECT_EQ(m.message["encoding"], "UCS-2");
  EXPECT_EQ(m.message["warnings"],
            Json::array({"no_address: contact has no phone",
                         "missing_opt_out: no opt-out instruction such as \"Reply STOP to opt out\"; carriers require "
                         "one in marketing texts",
                         "ucs2_forced: \u2019 (U+2019) forces UCS-2: 70 characters per segment instead of 160; use ' "
                         "instead"}));
}

TEST(RenderTest, Push) {
  auto workflow = MakeWorkflow({{"cart",
                                 {{"channel", "push"},
                                  {"title", "{{ contact.first_name }}, your cart misses you and would love to see you"},
                                  {"body", "Complete your order today"},
                                  {"deep_link", "acme://cart/{{ contact.id }}"},
                                  {"image", "http://cdn.acme.example/cart.png"}}}});
  MessageRenderer renderer(workflow);
  RenderedMessage m = renderer.Render("cart", ContextFor(Ana()));
  ASSERT_TRUE(m.ok()) << *m.error;
  const std::string title = "Ana, your cart misses you and would love to see you";
  EXPECT_EQ(m.message["title"], title);
  EXPECT_EQ(m.message["deep_link"], "acme://cart/ana");
  EXPECT_EQ(m.message["preview"],
            Json({{"ios", {{"title", "Ana, your cart misses you and would lov\u2026"}, {"body", "Complete your order today"}}},
                  {"android", {{"title", title}, {"body", "Complete your order today"}}}}));
  EXPECT_EQ(m.message["warnings"],
            Json::array({"title_truncated: the title is 51 characters; iOS lock screens show about 40",
                         "image_not_https: the image \"http://cdn.acme.example/cart.png\" is not an https URL; iOS "
                         "will not download it"}));
}

TEST(RenderTest, AdAudience) {
  auto workflow = MakeWorkflow({{"aud", {{"channel", "ad_audience"}, {"audience", "bf-{{ contact.lists[0] }}"}}},
                                {"drop", {{"channel", "ad_audience"}, {"audience", "bf"}, {"operation", "remove"}}},
                                {"bad", {{"channel", "ad_audience"}, {"audience", "bf"}, {"operation", "{{ contact.op }}"}}}});
  MessageRenderer renderer(workflow);
  RenderedMessage m = renderer.Render("aud", ContextFor(Ana()));
  ASSERT_TRUE(m.ok()) << *m.error;
  Json expected = {{"channel", "ad_audience"},
                   {"template", "aud"},
                   {"audience", "bf-newsletter"},
                   {"operation", "add"},
                   {"identifiers",
                    {{"email_sha256", channels::Sha256Hex("ana@example.com")},
                     {"phone_sha256", channels::Sha256Hex("+15550109999")}}},
                   {"warnings", Json::array()}};
  EXPECT_EQ(m.message, expected) << m.message.dump(2);

  Json contact = Ana();
  contact.erase("phone");
  m = renderer.Render("drop", ContextFor(contact));
  ASSERT_TRUE(m.ok()) << *m.error;
  EXPECT_EQ(m.message["operation"], "remove");
  EXPECT_EQ(m.message["identifiers"], Json({{"email_sha256", channels::Sha256Hex("ana@example.com")}}));

  contact.erase("email");
  m = renderer.Render("drop", ContextFor(contact));
  ASSERT_TRUE(m.ok()) << *m.error;
  EXPECT_EQ(m.message["identifiers"], Json::object());
  EXPECT_EQ(m.message["warnings"], Json::array({"no_address: contact has no email or phone to match"}));

  // A phone of punctuation only gives no identifier, so nothing to match.
  contact["phone"] = "+ ()";
  m = renderer.Render("drop", ContextFor(contact));
  ASSERT_TRUE(m.ok()) << *m.error;
  EXPECT_EQ(m.message["identifiers"], Json::object());
  EXPECT_EQ(m.message["warnings"], Json::array({"no_address: contact has no email or phone to match"}));
  contact.erase("phone");

  contact["op"] = "purge";
  m = renderer.Render("bad", ContextFor(contact));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(*m.error, "bad.operation: operation must be \"add\" or \"remove\", not \"purge\"");
}

TEST(RenderTest, Webhook) {
  auto workflow = MakeWorkflow(
      {{"json_text",
        {{"channel", "webhook"},
         {"method", "post"},
         {"url", "https://crm.example/leads/{{ contact.id }}"},
         {"body", "{\"id\": \"{{ contact.id }}\", \"score\": {{ contact.score | default: 0 }}}"}}},
       {"plain", {{"channel", "webhook"}, {"url", "http://crm.example/ping"}, {"body", "id={{ contact.id }}"}}},
       {"structured",
        {{"channel", "webhook"},
         {"url", "https://crm.example/x"},
         {"headers", {{"X-Contact", "{{ contact.id }}"}}},
         {"body", {{"id", "{{ contact.id }}"}, {"tags", Json::array({"a", "{{ contact.first_name }}"})}, {"n", 3}}}}},
       {"broken", {{"channel", "webhook"}, {"url", "x"}, {"body", {{"id", "{{ contact.id "}}}}}});
  MessageRenderer renderer(workflow);
  RenderedMessage m = renderer.Render("json_text", ContextFor(Ana()));
  ASSERT_TRUE(m.ok()) << *m.error;
  Json expected = {{"channel", "webhook"},
                   {"template", "json_text"},
                   {"method", "POST"},
                   {"url", "https://crm.example/leads/ana"},
                   {"body", "{\"id\": \"ana\", \"score\": 0}"},
                   {"body_json", {{"id", "ana"}, {"score", 0}}},
                   {"warnings", Json::array()}};
  EXPECT_EQ(m.message, expected) << m.message.dump(2);

  m = renderer.Render("plain", ContextFor(Ana()));
  ASSERT_TRUE(m.ok()) << *m.error;
  EXPECT_EQ(m.message["method"], "POST");
  EXPECT_EQ(m.message["body"], "id=ana");
  EXPECT_FALSE(m.message.contains("body_json"));
  EXPECT_EQ(m.message["warnings"], Json::array({"url_not_https: http://crm.example/ping is sent unencrypted"}));

  m = renderer.Render("structured", ContextFor(Ana()));
  ASSERT_TRUE(m.ok()) << *m.error;
  EXPECT_EQ(m.message["body_json"], Json({{"id", "ana"}, {"tags", Json::array({"a", "Ana"})}, {"n", 3}}));
  EXPECT_EQ(m.message["body"], "{\"id\":\"ana\",\"n\":3,\"tags\":[\"a\",\"Ana\"]}");
  EXPECT_EQ(m.message["headers"], Json({{"X-Contact", "ana"}}));

  m = renderer.Render("broken", ContextFor(Ana()));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error->rfind("broken.body.id:1:", 0), 0u) << *m.error;
}

TEST(RenderTest, SmartContentPicksTheFirstVariantThatHolds) {
  auto workflow = MakeWorkflow(
      {{"offer",
        {{"channel", "email"},
         {"from_name", "Acme"},
         {"preheader", "p"},
         {"html", "<a href=\"https://acme.example/unsubscribe\">Unsubscribe</a>"},
         {"variants",
          Json::array({{{"when", {{"==", Json::array({{{"var", "contact.tier"}}, "gold"})}}},
                        {"subject", "Gold: {{ contact.first_name }}"}},
                       {{"when", {{"in_list", Json::array({"vip"})}}}, {"subject", "VIP {{ contact.frist }}"}},
                       {{"subject", "Hello"}, {"from_name", "Acme Team"}}})}}},
       {"no_default",
        {{"channel", "sms"},
         {"body", "Base STOP"},
         {"variants", Json::array({{{"when", {{"var", "contact.vip"}}}, {"body", "VIP STOP"}}})}}}});
  MessageRenderer renderer(workflow);
  Json gold = Ana();
  gold["tier"] = "gold";
  gold["lists"] = Json::array({"vip"});
  RenderedMessage m = renderer.Render("offer", ContextFor(gold));
  ASSERT_TRUE(m.ok()) << *m.error;
  EXPECT_EQ(m.message["variant"], 0);
  EXPECT_EQ(m.message["subject"], "Gold: Ana");
  EXPECT_EQ(m.message["from_name"], "Acme");  // inherited from the template

  Json vip = Ana();
  vip["lists"] = Json::array({"vip"});
  m = renderer.Render("offer", ContextFor(vip));
  ASSERT_TRUE(m.ok()) << *m.error;
  EXPECT_EQ(m.message["variant"], 1);
  EXPECT_EQ(m.message["subject"], "VIP ");
  EXPECT_EQ(m.message["warnings"],
            Json::array({"undefined_variable: contact.frist (variants[1].subject, line 1, column 8)"}));

  m = renderer.Render("offer", ContextFor(Ana()));
  ASSERT_TRUE(m.ok()) << *m.error;
  EXPECT_EQ(m.message["variant"], 2);
  EXPECT_EQ(m.message["subject"], "Hello");
  EXPECT_EQ(m.message["from_name"], "Acme Team");  // the variant overrides

  m = renderer.Render("no_default", ContextFor(Ana()));
  ASSERT_TRUE(m.ok()) << *m.error;
  EXPECT_FALSE(m.message.contains("variant"));
  EXPECT_EQ(m.message["body"], "Base STOP");
  EXPECT_EQ(m.message["warnings"][0].get<std::string>().rfind("no_variant: ", 0), 0u);
}

TEST(RenderTest, SmartContentSeesEventAndNow) {
  auto workflow = MakeWorkflow(
      {{"t",
        {{"channel", "sms"},
         {"variants",
          Json::array({{{"when", {{">", Json::array({{{"var", "event.properties.total"}}, 100})}}}, {"body", "big STOP"}},
                       {{"when", {{"==", Json::array({{{"var", "workflow.id"}}, "welcome-series"})}}},
                        {"body", "wf {{ now }} STOP"}}})}}}});
  MessageRenderer renderer(workflow);
  MessageContext context = ContextFor(Ana());
  context.event = {{"name", "purchase_completed"}, {"properties", {{"total", 250}}}};
  EXPECT_EQ(renderer.Render("t", context).message["body"], "big STOP");
  context.event = nullptr;
  EXPECT_EQ(renderer.Render("t", context).message["body"], "wf 2026-11-02T14:30:00Z STOP");
}

// Every template of every workflow in the gallery renders (no Liquid error)
// for a contact with the usual attributes.
TEST(RenderTest, GalleryWorkflowsRender) {
  namespace fs = std::filesystem;
  fs::path root = fs::path(FLOWPROOF_SOURCE_DIR) / "fixtures";
  if (!fs::exists(root)) GTEST_SKIP() << "no fixtures folder at " << root;
  int rendered = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().filename() != "workflow.json") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    Json doc = Json::parse(text.str(), nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << entry.path();
    WorkflowParseResult parsed = ParseWorkflow(doc);
    ASSERT_TRUE(parsed.ok()) << entry.path() << ": " << parsed.problems[0].ToString();
    MessageRenderer renderer(parsed.workflow);
    for (const auto& [name, unused] : parsed.workflow->templates) {
      MessageContext context = ContextFor(Ana());
      context.event = {{"name", "form_submitted"}, {"properties", Json::object()}};
      RenderedMessage m = renderer.Render(name, context);
      EXPECT_TRUE(m.ok()) << entry.path() << " " << name << ": " << m.error.value_or("");
      if (m.ok()) {
        EXPECT_EQ(m.message["template"], name);
      }
      ++rendered;
    }
  }
  EXPECT_GT(rendered, 10);
}

}  // namespace
}  // namespace flowproof
