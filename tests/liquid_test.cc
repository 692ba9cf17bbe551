// Liquid behaviour marketing templates rely on: tokens with defaults,
// undefined-variable warnings, strict mode, error locations, limits, partials
// and dates in the contact's zone. Shopify conformance as a whole is checked
// by liquid_golden_test.cc.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/base/json.h"
#include "core/liquid/liquid.h"
#include "core/time/zone.h"

namespace flowproof::liquid {
namespace {

RenderResult RenderText(const std::string& source, const Json& data, const RenderOptions& options = {},
                        const Json& partials = Json::object()) {
  ParseResult parsed = Parse(source, "t");
  EXPECT_TRUE(parsed.ok()) << source << ": " << (parsed.ok() ? "" : parsed.error->ToString());
  if (!parsed.ok()) return RenderResult{"", {}, parsed.error};
  MapPartialLoader loader(partials);
  return Render(*parsed.tmpl, data, &loader, options);
}

const Json kContact = {
    {"contact",
     {{"first_name", "Ana"},
      {"last_name", "Silva"},
      {"email", "ana@example.com"},
      {"lead_score", 72},
      {"balance", 19.5},
      {"vip", true},
      {"lists", {"newsletter", "vip"}},
      {"coupon", nullptr},
      {"orders",
       {{{"id", "A1"}, {"total", 30}, {"items", {{{"title", "Shoe"}, {"qty", 2}}, {{"title", "Hat"}, {"qty", 1}}}}},
        {{"id", "A2"}, {"total", 12.5}, {"items", Json::array()}}}}}},
    {"workflow", {{"id", "welcome"}}},
};

struct RenderCase {
  const char* name;
  const char* source;
  const char* expected;
};

TEST(LiquidTest, RendersMarketingTemplates) {
  const RenderCase cases[] = {
      {"token", "Hi {{ contact.first_name }}!", "Hi Ana!"},
      {"token with default present", "Hi {{ contact.first_name | default: 'there' }}", "Hi Ana"},
      {"token with default missing", "Hi {{ contact.nickname | default: 'there' }}", "Hi there"},
      {"default on null attribute", "{{ contact.coupon | default: 'WELCOME10' }}", "WELCOME10"},
      {"default on empty string", "{{ '' | default: 'x' }}", "x"},
      {"default keeps false with allow_false", "{{ false | default: 'x', allow_false: true }}", "false"},
      {"filters chain", "{{ contact.first_name | upcase | prepend: 'Dear ' | append: ',' }}", "Dear ANA,"},
      {"capitalize non-ASCII", "{{ 'élodie' | capitalize }} {{ 'JOSÉ' | downcase }}", "Élodie josé"},
      {"integer math stays integer", "{{ contact.lead_score | plus: 8 | divided_by: 10 }}", "8"},
      {"float math is decimal", "{{ contact.balance | minus: 2.2 }} {{ 10.1 | minus: 2.2 }}", "17.3 7.9"},
      {"float output like Ruby", "{{ 5.0 }} {{ 20 | divided_by: 7.0 }} {{ 0.00001 }}", "5.0 2.857142857142857 1.0e-05"},
      {"round and money-like", "{{ 19.999 | round: 2 }} {{ 3.5 | round }} {{ 2.5 | round }}", "20.0 4 3"},
      {"if elsif else", "{% if contact.lead_score > 80 %}hot{% elsif contact.lead_score > 50 %}warm{% else %}cold{% endif %}",
       "warm"},
      {"unless", "{% unless contact.vip %}regular{% else %}vip{% endunless %}", "vip"},
      {"contains on array", "{% if contact.lists contains 'vip' %}yes{% endif %}", "yes"},
      {"contains on string", "{% if contact.email contains '@example' %}yes{% endif %}", "yes"},
      {"and or", "{% if contact.vip and contact.lead_score > 100 or true %}x{% endif %}", "x"},
      {"case when", "{% case contact.id %}{% when nil %}none{% else %}some{% endcase %}", "none"},
      {"blank and empty", "{% if contact.coupon == blank %}b{% endif %}{% if contact.lists == empty %}e{% endif %}", "b"},
      {"for with forloop",
       "{% for o in contact.orders %}{{ forloop.index }}/{{ forloop.length }}:{{ o.id }}{% unless forloop.last %}, "
       "{% endunless %}{% endfor %}",
       "1/2:A1, 2/2:A2"},
      {"nested loops and else",
       "{% for o in contact.orders %}[{% for i in o.items %}{{ i.qty }}x{{ i.title }} {% else %}empty{% endfor %}]"
       "{% endfor %}",
       "[2xShoe 1xHat ][empty]"},
      {"limit offset reversed", "{% for i in (1..10) limit: 3 offset: 2 reversed %}{{ i }}{% endfor %}", "543"},
      {"break and continue", "{% for i in (1..9) %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 5 %}{% break %}"
                             "{% endif %}{{ i }}{% endfor %}",
       "134"},
      {"cycle", "{% for i in (1..4) %}{% cycle 'odd', 'even' %} {% endfor %}", "odd even odd even "},
      {"assign and capture", "{% assign n = contact.orders | size %}{% capture s %}{{ n }} orders{% endcapture %}{{ s }}",
       "2 orders"},
      {"increment", "{% increment c %}{% increment c %}{% decrement d %}", "01-1"},
      {"where map sum", "{{ contact.orders | map: 'total' | sum }} {{ contact.orders | where: 'id', 'A2' | map: 'id' }}",
       "42.5 A2"},
      {"sort and join", "{{ 'b,c,a' | split: ',' | sort | join: '-' }}", "a-b-c"},
      {"truncate", "{{ 'Ground control to Major Tom.' | truncate: 20 }}", "Ground control to..."},
      {"truncatewords", "{{ 'one two three four' | truncatewords: 2, '…' }}", "one two…"},
      {"escape", "{{ '<b>\"Tom\" & Jerry</b>' | escape }}", "&lt;b&gt;&quot;Tom&quot; &amp; Jerry&lt;/b&gt;"},
      {"url_encode", "{{ 'ana+test@example.com' | url_encode }}", "ana%2Btest%40example.com"},
      {"strip_html and newline_to_br", "{{ '<p>a</p>\nb' | strip_html | newline_to_br }}", "a<br />\nb"},
      {"base64", "{{ 'hello' | base64_encode }} {{ 'aGVsbG8=' | base64_decode }}", "aGVsbG8= hello"},
      {"json", "{{ contact.lists | json }} {{ contact.first_name | json }}", "[\"newsletter\",\"vip\"] \"Ana\""},
      {"whitespace control", "a  {%- if true -%}  b  {%- endif -%}  c", "abc"},
      {"blank block removed", "x{% if true %}\n  {% assign y = 1 %}\n{% endif %}x", "xx"},
      {"raw", "{% raw %}{{ not parsed }}{% endraw %}", "{{ not parsed }}"},
      {"comments", "a{% comment %}{{ x }}{% endcomment %}{% # note %}b", "ab"},
      {"liquid tag", "{% liquid\n assign x = contact.first_name | upcase\n echo x\n%}", "ANA"},
      {"echo", "{% echo contact.last_name | downcase %}", "silva"},
      {"tablerow", "{% tablerow i in (1..2) %}{{ i }}{% endtablerow %}",
       "<tr class=\"row1\">\n<td class=\"col1\">1</td><td class=\"col2\">2</td></tr>\n"},
      {"array index and size", "{{ contact.lists[0] }} {{ contact.lists.size }} {{ contact.lists.last }}",
       "newsletter 2 vip"},
      {"slice", "{{ contact.first_name | slice: 0, 2 }}", "An"},
  };
  for (const RenderCase& c : cases) {
    RenderResult r = RenderText(c.source, kContact);
    ASSERT_TRUE(r.ok()) << c.name << ": " << r.error->ToString();
    EXPECT_EQ(r.output, c.expected) << c.name;
  }
}

TEST(LiquidTest, UndefinedVariablesWarnOncePerVariableWithLocation) {
  RenderResult r = RenderText("Hi {{ contact.frist_name }}\n  {{ contact.frist_name }} {{ nope.x.y }}", kContact);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.output, "Hi \n   ");
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[0].message, "undefined variable 'contact.frist_name'");
  EXPECT_EQ(r.warnings[0].template_name, "t");
  EXPECT_EQ(r.warnings[0].line, 1);
  EXPECT_EQ(r.warnings[0].column, 7);
  EXPECT_EQ(r.warnings[1].message, "undefined variable 'nope'");
  EXPECT_EQ(r.warnings[1].line, 2);
  EXPECT_EQ(r.warnings[1].column, 31);
}

TEST(LiquidTest, NoWarningWhereUndefinedIsExpected) {
  // A `default` filter or a condition means the author handles the absence.
  RenderResult r = RenderText(
      "{{ contact.nickname | default: 'friend' }}{% if contact.coupon_code %}x{% endif %}"
      "{{ contact.nick | default: contact.alias | default: '' }}"
      "{% unless contact.phone %}no phone{% endunless %}",
      kContact);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.output, "friendno phone");
  EXPECT_TRUE(r.warnings.empty());
}

TEST(LiquidTest, UnknownFilterWarnsAndPassesInputThrough) {
  RenderResult r = RenderText("{{ contact.first_name | shout }}", kContact);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.output, "Ana");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].message, "unknown filter 'shout'");
  EXPECT_EQ(r.warnings[0].column, 25);
}

struct StrictCase {
  const char* source;
  int line;
  int column;
  const char* message;
};

TEST(LiquidTest, StrictModeMakesUndefinedAnError) {
  const StrictCase cases[] = {
      {"Hi {{ contact.frist_name }}", 1, 7, "undefined variable 'contact.frist_name'"},
      {"\n{% for o in contact.ordrs %}{% endfor %}", 2, 13, "undefined variable 'contact.ordrs'"},
      {"{{ contact.first_name | shout }}", 1, 25, "unknown filter 'shout'"},
      {"{{ contact.first_name | append: contact.suffix }}", 1, 33, "undefined variable 'contact.suffix'"},
  };
  RenderOptions strict;
  strict.strict = true;
  for (const StrictCase& c : cases) {
    RenderResult r = RenderText(c.source, kContact, strict);
    ASSERT_FALSE(r.ok()) << c.source;
    EXPECT_EQ(r.error->message, c.message) << c.source;
    EXPECT_EQ(r.error->line, c.line) << c.source;
    EXPECT_EQ(r.error->column, c.column) << c.source;
  }
  // Defaults and conditions stay legal in strict mode.
  RenderResult ok = RenderText("{{ contact.nick | default: 'x' }}{% if contact.nick %}y{% endif %}", kContact, strict);
  ASSERT_TRUE(ok.ok()) << ok.error->ToString();
  EXPECT_EQ(ok.output, "x");
}

struct ParseErrorCase {
  const char* source;
  int line;
  int column;
  const char* message;
};

TEST(LiquidTest, MalformedTemplatesFailWithLocation) {
  const ParseErrorCase cases[] = {
      {"Hi\n{% if contact.vip %}\nVIP", 2, 4, "'if' tag was never closed"},
      {"a\n  b {% iff x %}", 2, 8, "unknown tag 'iff'"},
      {"{{ name | append }}", 1, 11, "filter 'append' takes 1 argument, got 0"},
      {"{{ name | truncate: 1, 2, 3 }}", 1, 11, "filter 'truncate' takes 0 to 2 arguments, got 3"},
      {"{{ name ", 1, 1, "output '{{' was never closed (expected '}}')"},
      {"{% if x %}{% endfor %}", 1, 14, "unexpected 'endfor' inside 'if' (expected 'endif')"},
      {"{% endif %}", 1, 4, "unexpected 'endif'"},
      {"{{ a | }}", 1, 7, "expected a filter name after '|' but found the end of the markup"},
      {"{% assign x = 1 + 2 %}", 1, 17,
       "unexpected '+': Liquid has no arithmetic operators (use the plus, minus, times, divided_by and modulo filters)"},
      {"{% if a = b %}{% endif %}", 1, 9, "unexpected character '=' (use == to compare)"},
      {"{{ 'unterminated }}", 1, 4, "unterminated string"},
      {"{% for x contact.orders %}{% endfor %}", 1, 10, "expected 'in' after the loop variable"},
      {"{% render footer %}", 1, 11, "'render' needs a quoted partial name"},
      {"{% comment %}never closed", 1, 4, "'comment' tag was never closed"},
  };
  for (const ParseErrorCase& c : cases) {
    ParseResult p = Parse(c.source, "welcome.subject");
    ASSERT_FALSE(p.ok()) << c.source;
    EXPECT_EQ(p.error->message, c.message) << c.source;
    EXPECT_EQ(p.error->line, c.line) << c.source;
    EXPECT_EQ(p.error->column, c.column) << c.source;
    EXPECT_EQ(p.error->template_name, "welcome.subject");
  }
  Error e{"welcome.subject", 3, 14, "unknown tag 'iff'"};
  EXPECT_EQ(e.ToString(), "welcome.subject:3:14: unknown tag 'iff'");
}

TEST(LiquidTest, RenderErrorsHaveLocation) {
  RenderResult r = RenderText("line one\n  {{ 10 | divided_by: 0 }}", Json::object());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message, "divided by 0");
  EXPECT_EQ(r.error->line, 2);
  EXPECT_EQ(r.error->column, 11);
  EXPECT_EQ(r.output, "line one\n  ");  // what was rendered before the error
}

TEST(LiquidTest, LimitsStopRunawayTemplates) {
  // A loop of 100 million iterations hits the step limit, quickly.
  RenderResult steps = RenderText("{% for i in (1..100000000) %}{% endfor %}", Json::object());
  ASSERT_FALSE(steps.ok());
  EXPECT_NE(steps.error->message.find("steps"), std::string::npos) << steps.error->message;

  // Output that grows past the limit stops at the limit.
  RenderOptions small;
  small.max_output_bytes = 1000;
  RenderResult output = RenderText("{% for i in (1..100000000) %}xxxxxxxxxx{% endfor %}", Json::object(), small);
  ASSERT_FALSE(output.ok());
  EXPECT_NE(output.error->message.find("1000 bytes"), std::string::npos) << output.error->message;
  EXPECT_LE(output.output.size(), 1100u);

  // Strings doubled in a loop cannot exhaust memory.
  RenderResult doubling =
      RenderText("{% assign s = 'xx' %}{% for i in (1..64) %}{% assign s = s | append: s %}{% endfor %}",
                 Json::object());
  ASSERT_FALSE(doubling.ok());

  // A huge range given to a filter fails instead of allocating it.
  RenderResult range = RenderText("{{ (1..100000000) | reverse | first }}", Json::object());
  ASSERT_FALSE(range.ok());

  // Ranges with absurd bounds and dates far outside the calendar do not overflow.
  RenderResult bounds = RenderText(
      "{{ (-9223372036854775807..9223372036854775807) | size }} {{ 99999999999999999 | date: '%Y' }}", Json::object());
  ASSERT_TRUE(bounds.ok()) << bounds.error->ToString();
  EXPECT_EQ(bounds.output, "18014398509481985 99999999999999999");

  // Joining a huge range stops at the output limit.
  RenderResult join = RenderText("{{ (1..100000000) | join: ',' | size }}", Json::object());
  ASSERT_FALSE(join.ok());
}

TEST(LiquidTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "{% if true %}";
  for (int i = 0; i < 300; ++i) deep += "{% endif %}";
  ParseResult p = Parse(deep, "deep");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error->message.find("nested too deeply"), std::string::npos);

  std::string brackets = "{{ a";
  for (int i = 0; i < 200; ++i) brackets += "[a";
  for (int i = 0; i < 200; ++i) brackets += "]";
  brackets += " }}";
  EXPECT_FALSE(Parse(brackets, "brackets").ok());

  // A partial that renders itself stops at max_depth.
  RenderResult self = RenderText("{% render 'loop' %}", Json::object(), {}, {{"loop", "x{% render 'loop' %}"}});
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error->template_name, "loop");
  EXPECT_NE(self.error->message.find("nesting deeper than 64"), std::string::npos) << self.error->message;

  RenderResult include_self =
      RenderText("{% include 'loop' %}", Json::object(), {}, {{"loop", "{% include 'loop' %}"}});
  ASSERT_FALSE(include_self.ok());
}

TEST(LiquidTest, PartialsRenderAndInclude) {
  Json partials = {{"footer", "-- {{ workflow.id }} {{ who | default: 'team' }} {{ secret }}"},
                   {"item", "{{ item.title }}({{ forloop.index }})"},
                   {"shared", "{% assign shared_var = 'set' %}{{ local }}"}};
  RenderResult r = RenderText(
      "{% assign secret = 's' %}{% render 'footer', who: contact.first_name %}|"
      "{% render 'item' for contact.orders[0].items as item %}|"
      "{% assign local = 'L' %}{% include 'shared' %}{{ shared_var }}",
      kContact, {}, partials);
  ASSERT_TRUE(r.ok()) << r.error->ToString();
  // render: isolated from assigns (secret) but sees the render data (workflow).
  EXPECT_EQ(r.output, "-- welcome Ana |Shoe(1)Hat(2)|Lset");
}

TEST(LiquidTest, MissingSnippetIsAnErrorAtTheTag) {
  RenderResult r = RenderText("Hello\n  {% render 'footr' %}", Json::object(), {}, {{"footer", "x"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message, "partial 'footr' not found");
  EXPECT_EQ(r.error->line, 2);
  EXPECT_EQ(r.error->column, 6);

  ParseResult p = Parse("{% include 'x' %}", "t");
  ASSERT_TRUE(p.ok());
  RenderResult no_loader = Render(*p.tmpl, Json::object());
  ASSERT_FALSE(no_loader.ok());

  // A snippet that does not parse reports its own location.
  RenderResult bad = RenderText("{% render 'bad' %}", Json::object(), {}, {{"bad", "ok\n{% if %}"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error->template_name, "bad");
  EXPECT_EQ(bad.error->line, 2);
}

struct DateCase {
  const char* source;
  const char* zone;
  const char* expected;
};

TEST(LiquidTest, DateFilterUsesClockAndContactZone) {
  const DateCase cases[] = {
      {"{{ 'now' | date: '%Y-%m-%d %H:%M %Z %z' }}", "America/New_York", "2026-11-02 09:30 EST -0500"},
      {"{{ 'today' | date: '%A, %B %-d' }}", "America/New_York", "Monday, November 2"},
      {"{{ 'now' | date: '%Y-%m-%d %H:%M %Z' }}", nullptr, "2026-11-02 14:30 UTC"},
      {"{{ '2026-07-04T16:00:00Z' | date: '%B %d, %Y at %I:%M %p %Z' }}", "America/New_York",
       "July 04, 2026 at 12:00 PM EDT"},
      {"{{ '2026-07-04T16:00:00Z' | date: '%-I:%M%P' }}", "Asia/Kolkata", "9:30pm"},
      {"{{ 'March 14, 2016' | date: '%a %b %e %j %U %W %V %G' }}", nullptr, "Mon Mar 14 074 11 11 11 2016"},
      {"{{ '2026-11-27' | date: '%s' }}", "America/New_York", "1795755600"},
      {"{{ 1152098955 | date: '%m/%d/%Y %l%p' }}", nullptr, "07/05/2006 11AM"},
      {"{{ 'Mon, 14 Mar 2016 10:00:00 +0000' | date: '%H:%M %Z' }}", "Europe/Paris", "11:00 CET"},
      {"{{ 'not a date' | date: '%Y' }}", nullptr, "not a date"},
      {"{{ 'now' | date: '%c' }}", nullptr, "Mon Nov  2 14:30:00 2026"},
      {"{{ 'now' | date: '%^a %-m/%-d %:z %%' }}", "Asia/Kolkata", "MON 11/2 +05:30 %"},
  };
  for (const DateCase& c : cases) {
    RenderOptions options;
    options.now = 1793629800;  // 2026-11-02T14:30:00Z
    options.zone = c.zone != nullptr ? FindTimeZone(c.zone) : nullptr;
    RenderResult r = RenderText(c.source, Json::object(), options);
    ASSERT_TRUE(r.ok()) << c.source << ": " << r.error->ToString();
    EXPECT_EQ(r.output, c.expected) << c.source << " in " << (c.zone ? c.zone : "UTC");
  }
}

TEST(LiquidTest, TemplateCacheParsesOnce) {
  TemplateCache cache;
  ParseResult a = cache.Get("welcome.subject", "Hi {{ contact.first_name }}");
  ParseResult b = cache.Get("welcome.subject", "Hi {{ contact.first_name }}");
  ParseResult c = cache.Get("welcome.subject", "Hello {{ contact.first_name }}");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a.tmpl.get(), b.tmpl.get());
  EXPECT_NE(a.tmpl.get(), c.tmpl.get());
  ParseResult bad1 = cache.Get("x", "{% if %}");
  ParseResult bad2 = cache.Get("x", "{% if %}");
  EXPECT_FALSE(bad1.ok());
  EXPECT_EQ(bad1.error->ToString(), bad2.error->ToString());
}

TEST(LiquidTest, OneTemplateManyContacts) {
  ParseResult p = Parse("{% for o in c.orders %}{{ o }}{% endfor %}{{ c.name | upcase }}", "t");
  ASSERT_TRUE(p.ok());
  for (int i = 0; i < 3; ++i) {
    std::string name = "n";
    name += std::to_string(i);
    Json data = {{"c", {{"name", name}, {"orders", Json::array({i, i + 1})}}}};
    RenderResult r = Render(*p.tmpl, data);
    ASSERT_TRUE(r.ok());
    std::string expected = std::to_string(i);
    expected += std::to_string(i + 1);
    expected += 'N';
    expected += std::to_string(i);
    EXPECT_EQ(r.output, expected);
  }
}

TEST(LiquidTest, OrderedDataKeepsInsertionOrder) {
  ParseResult p = Parse("{% for pair in h %}{{ pair[0] }}{% endfor %} {{ h | json }}", "t");
  ASSERT_TRUE(p.ok());
  nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(R"({"h": {"b": 1, "a": 2}})");
  EXPECT_EQ(RenderOrdered(*p.tmpl, ordered).output, "ba {\"b\":1,\"a\":2}");
  EXPECT_EQ(Render(*p.tmpl, Json::parse(R"({"h": {"b": 1, "a": 2}})")).output, "ab {\"a\":2,\"b\":1}");
}

}  // namespace
}  // namespace flowproof::liquid

namespace flowproof::liquid {
namespace {

// The message showed one byte of a character outside ASCII, which made it
// invalid UTF-8 and so unprintable as JSON (found by liquid_fuzz).
TEST(LiquidParse, AnUnexpectedCharacterOutsideAsciiIsShownWhole) {
  ParseResult parsed = Parse("{{ a \xC3\xA9 }}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error->message.find("unexpected character '\xC3\xA9'"), std::string::npos) << parsed.error->message;
  EXPECT_NO_THROW((void)Json(parsed.error->message).dump());
  parsed = Parse("{% if x \xE2\x82\xAC 1 %}{% endif %}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NO_THROW((void)Json(parsed.error->message).dump());
}

}  // namespace
}  // namespace flowproof::liquid
