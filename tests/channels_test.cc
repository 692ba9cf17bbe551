// Channel checks: SMS encoding and segments, SHA-256 and identifier
// normalisation, HTML to text, email and push warnings, push truncation.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/channels/email_checks.h"
#include "core/channels/html_scan.h"
#include "core/channels/html_to_text.h"
#include "core/channels/push_preview.h"
#include "core/channels/sha256.h"
#include "core/channels/sms.h"
#include "core/base/utf8.h"

namespace flowproof::channels {
namespace {

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

bool HasCode(const std::vector<std::string>& warnings, const std::string& code) {
  for (const std::string& w : warnings) {
    if (w.rfind(code + ": ", 0) == 0) return true;
  }
  return false;
}

std::vector<std::string> Codes(const std::vector<std::string>& warnings) {
  std::vector<std::string> codes;
  for (const std::string& w : warnings) codes.push_back(w.substr(0, w.find(':')));
  return codes;
}

// ---- SMS -------------------------------------------------------------------

struct SmsCase {
  const char* label;
  std::string body;
  const char* encoding;
  int segments;
  int units;
  int characters;
};

TEST(SmsTest, EncodingAndSegments) {
  const std::string e_acute_missing = "\xC3\xA1";  // á, not in GSM 03.38
  const std::string euro = "\xE2\x82\xAC";         // €, extension table
  const std::string grin = "\xF0\x9F\x98\x80";      // 😀, a surrogate pair in UTF-16
  const std::vector<SmsCase> cases = {
      {"empty", "", "GSM-7", 0, 0, 0},
      {"one char", "a", "GSM-7", 1, 1, 1},
      {"160 septets fit one", Repeat("a", 160), "GSM-7", 1, 160, 160},
      {"161 septets need two", Repeat("a", 161), "GSM-7", 2, 161, 161},
      {"306 = 2 x 153", Repeat("a", 306), "GSM-7", 2, 306, 306},
      {"307 needs three", Repeat("a", 307), "GSM-7", 3, 307, 307},
      {"459 = 3 x 153", Repeat("a", 459), "GSM-7", 3, 459, 459},
      {"460 needs four", Repeat("a", 460), "GSM-7", 4, 460, 460},
      {"extension chars count two", Repeat("{", 80), "GSM-7", 1, 160, 80},
      {"extension chars over 160", Repeat("{", 80) + "a", "GSM-7", 2, 161, 81},
      // 152 + ESC€ would end at septet 154: the escape moves whole to part 2,
      // which then holds 2 + 151 and leaves one septet for a third part.
      {"escape kept whole at 153", Repeat("a", 152) + euro + Repeat("a", 152), "GSM-7", 3, 306, 305},
      {"escape that fits at 153", Repeat("a", 151) + euro + Repeat("a", 153), "GSM-7", 2, 306, 305},
      {"GSM basic non-ASCII", "\xC3\x87\xC3\xA9\xC3\x9F\xCE\x94\xC2\xA3", "GSM-7", 1, 5, 5},  // Çéß Δ£
      {"newline and CR are GSM", "a\r\nb", "GSM-7", 1, 4, 4},
      {"70 UCS-2 units fit one", Repeat(e_acute_missing, 70), "UCS-2", 1, 70, 70},
      {"71 UCS-2 units need two", Repeat(e_acute_missing, 71), "UCS-2", 2, 71, 71},
      {"134 = 2 x 67", Repeat(e_acute_missing, 134), "UCS-2", 2, 134, 134},
      {"135 needs three", Repeat(e_acute_missing, 135), "UCS-2", 3, 135, 135},
      {"emoji is two units", grin, "UCS-2", 1, 2, 1},
      {"35 emoji fit one", Repeat(grin, 35), "UCS-2", 1, 70, 35},
      {"36 emoji need two", Repeat(grin, 36), "UCS-2", 2, 72, 36},
      // A pair that would straddle unit 67 moves whole to the next part.
      {"surrogate pair kept whole at 67", Repeat("x", 66) + grin + Repeat("x", 66), "UCS-2", 3, 134, 133},
      {"surrogate pair that fits at 67", Repeat("x", 65) + grin + Repeat("x", 67), "UCS-2", 2, 134, 133},
      {"backtick is not GSM", "a`b", "UCS-2", 1, 3, 3},
      {"lower-case c cedilla is not GSM", "\xC3\xA7", "UCS-2", 1, 1, 1},
      {"invalid UTF-8 forces UCS-2", "abc\xFF", "UCS-2", 1, 4, 4},
      {"truncated sequence is one char", "ab\xE2\x82", "UCS-2", 1, 3, 3},
  };
  for (const SmsCase& c : cases) {
    SCOPED_TRACE(c.label);
    SmsInfo info = AnalyzeSms(c.body);
    EXPECT_EQ(info.encoding, c.encoding);
    EXPECT_EQ(info.segments, c.segments);
    EXPECT_EQ(info.units, c.units);
    EXPECT_EQ(info.characters, c.characters);
    EXPECT_EQ(static_cast<int>(SplitSms(c.body).size()), c.segments);
  }
}

TEST(SmsTest, SplitKeepsEscapesAndSurrogatePairsWhole) {
  const std::string euro = "\xE2\x82\xAC";
  std::vector<std::string> parts = SplitSms(Repeat("a", 152) + euro + Repeat("a", 152));
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], Repeat("a", 152));
  EXPECT_EQ(parts[1], euro + Repeat("a", 151));
  EXPECT_EQ(parts[2], "a");

  const std::string grin = "\xF0\x9F\x98\x80";
  parts = SplitSms(Repeat("x", 66) + grin + Repeat("x", 66));
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], Repeat("x", 66));
  EXPECT_EQ(parts[1], grin + Repeat("x", 65));
  EXPECT_EQ(parts[2], "x");
}

TEST(SmsTest, GsmSeptets) {
  EXPECT_EQ(GsmSeptets('a'), 1);
  EXPECT_EQ(GsmSeptets('@'), 1);
  EXPECT_EQ(GsmSeptets('$'), 1);
  EXPECT_EQ(GsmSeptets('_'), 1);
  for (char32_t c : {U'^', U'{', U'}', U'\\', U'[', U'~', U']', U'|', U'\f', U'\u20AC'}) {
    EXPECT_EQ(GsmSeptets(c), 2) << static_cast<unsigned>(c);
  }
  for (char32_t c : {U'`', U'\t', U'\u2019', U'\u00E1', U'\U0001F600', U'\u00E7'}) {
    EXPECT_EQ(GsmSeptets(c), 0) << static_cast<unsigned>(c);
  }
}

TEST(SmsTest, UcsForcedWarningNamesTheCharacter) {
  std::string body = "It\xE2\x80\x99s here. Reply STOP to opt out";
  std::vector<std::string> warnings = SmsWarnings(body, AnalyzeSms(body));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0],
            "ucs2_forced: \xE2\x80\x99 (U+2019) forces UCS-2: 70 characters per segment instead of 160; use ' "
            "instead");
}

TEST(SmsTest, ManyForcingCharactersGiveOneWarning) {
  std::string body = "\xCE\xB1\xCE\xB2\xCE\xB3\xCE\xB4 STOP";  // αβγδ: lower-case Greek is not GSM
  std::vector<std::string> warnings = SmsWarnings(body, AnalyzeSms(body));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].rfind("ucs2_forced: 4 different characters", 0), 0u) << warnings[0];
}

TEST(SmsTest, OptOutKeywords) {
  struct Case {
    const char* body;
    bool has_opt_out;
  };
  const std::vector<Case> cases = {
      {"Sale ends today. Reply STOP to opt out", true},
      {"Sale ends today. reply stop to end", true},
      {"Sale! Text STOP to 12345", true},
      {"Svar STOPP for att avsluta", true},
      {"R\xC3\xA9pondez ARR\xC3\x8AT pour vous d\xC3\xA9sabonner", true},  // ARRÊT
      {"Repondez ARRET", true},
      {"Responde BAJA para darte de baja", true},
      {"STOPALL", true},
      {"Sale ends today", false},
      {"Don't miss our non-stopping deals", false},
      {"STOPS", false},
      {"STOP\xC3\xA9", false},
  };
  for (const Case& c : cases) {
    std::vector<std::string> warnings = SmsWarnings(c.body, AnalyzeSms(c.body));
    EXPECT_EQ(HasCode(warnings, "missing_opt_out"), !c.has_opt_out) << c.body;
  }
}

TEST(SmsTest, SegmentCostWarningAboveThree) {
  std::string three = Repeat("a", 459 - 5) + " STOP";
  std::string four = Repeat("a", 460 - 5) + " STOP";
  EXPECT_TRUE(SmsWarnings(three, AnalyzeSms(three)).empty());
  std::vector<std::string> warnings = SmsWarnings(four, AnalyzeSms(four));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "many_segments: 4 segments (GSM-7, 460 septets): billed as 4 messages");
}

TEST(SmsTest, EmptyAndInvalidBodies) {
  EXPECT_EQ(SmsWarnings("", AnalyzeSms("")),
            std::vector<std::string>{"empty_body: the message is empty; SMS gateways refuse an empty body"});
  std::string bad = "STOP \xFF\xFE";
  std::vector<std::string> warnings = SmsWarnings(bad, AnalyzeSms(bad));
  EXPECT_EQ(Codes(warnings), std::vector<std::string>{"invalid_utf8"});
  EXPECT_NE(warnings[0].find("2 bytes"), std::string::npos) << warnings[0];
}

// ---- UTF-8 -----------------------------------------------------------------

TEST(Utf8Test, IllFormedSequencesBecomeOneReplacementEach) {
  struct Case {
    std::string text;
    std::vector<char32_t> expected;
  };
  const std::vector<Case> cases = {
      {"a\xC3\xA9", {U'a', 0xE9}},
      {"\xF0\x9F\x98\x80", {0x1F600}},
      {"\xC0\xAF", {0xFFFD, 0xFFFD}},          // overlong '/'
      {"\xED\xA0\x80", {0xFFFD, 0xFFFD, 0xFFFD}},  // a UTF-16 surrogate
      {"\xE2\x82", {0xFFFD}},                  // truncated at the end
      {"\xE2\x82x", {0xFFFD, U'x'}},            // truncated in the middle
      {"\xF4\x90\x80\x80", {0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD}},  // past U+10FFFF
  };
  for (const Case& c : cases) {
    std::vector<char32_t> got;
    for (const CodePoint& cp : DecodeUtf8(c.text)) got.push_back(cp.value);
    EXPECT_EQ(got, c.expected);
  }
}

// ---- SHA-256 and normalisation ------------------------------------------------

TEST(Sha256Test, Fips180Vectors) {
  struct Case {
    std::string input;
    const char* hex;
  };
  const std::vector<Case> cases = {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstno"
       "pqrstu",
       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
      // Padding boundaries: 55 bytes fit one block, 56 need two; 64 fill one.
      {Repeat("a", 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
      {Repeat("a", 56), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
      {Repeat("a", 63), "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
      {Repeat("a", 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
      {Repeat("a", 119), "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
      {Repeat("a", 120), "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
      {std::string(1000000, 'a'), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Sha256Hex(c.input), c.hex) << "length " << c.input.size();
  }
}

TEST(Sha256Test, Normalisation) {
  EXPECT_EQ(NormalizeEmail("  Alice@Example.COM\t\n"), "alice@example.com");
  EXPECT_EQ(NormalizeEmail("ALICE+news@x.io"), "alice+news@x.io");
  EXPECT_EQ(NormalizeEmail("   "), "");
  EXPECT_EQ(Sha256Hex(NormalizeEmail(" Alice@Example.com ")),
            "ff8d9819fc0e12bf0d24892e45987e249a28dce836a85cad60e28eaaa8c6d976");
  EXPECT_EQ(NormalizePhone("+1 (555) 010-9999"), "+15550109999");
  EXPECT_EQ(NormalizePhone(" +44 20 7946 0958 "), "+442079460958");
  EXPECT_EQ(NormalizePhone("0044-20-7946"), "0044207946");
  EXPECT_EQ(NormalizePhone("555+123"), "555123");  // a '+' after digits is not leading
  EXPECT_EQ(NormalizePhone("++1 555"), "+1555");
  EXPECT_EQ(NormalizePhone("tel: +1.555.010"), "+1555010");
  EXPECT_EQ(NormalizePhone("n/a"), "");
  EXPECT_EQ(NormalizePhone("+"), "");
  EXPECT_EQ(Sha256Hex(NormalizePhone("+1 555 010 9999")),
            "d6793cafee143dab64595a0d6ef1f17cd3e7e39c1b87fdd338410e4c71cc4aaf");
}

// ---- HTML to text -------------------------------------------------------------

TEST(HtmlToTextTest, Conversions) {
  struct Case {
    const char* label;
    const char* html;
    const char* text;
  };
  const std::vector<Case> cases = {
      {"heading and link", "<h1>Hi Ana</h1><p>See <a href=\"https://x.io\">our sale</a></p>",
       "Hi Ana\n\nSee our sale (https://x.io)"},
      {"head, style, script and comments dropped",
       "<html><head><title>T</title><style>p{color:red}</style></head><body><!--[if mso]>MSO<![endif]-->"
       "<p>Hello</p><script>if (a<b) x('</p>')</script></body></html>",
       "Hello"},
      {"whitespace collapses", "<p>  Hello \n\t  world  </p>", "Hello world"},
      {"entities", "<p>Fish &amp; chips &ndash; &euro;5 &#8217; &#x1F600; &copy; &bogus; &#146;</p>",
       "Fish & chips \xE2\x80\x93 \xE2\x82\xAC" "5 \xE2\x80\x99 \xF0\x9F\x98\x80 \xC2\xA9 &bogus; \xE2\x80\x99"},
      {"nbsp and preheader padding collapse", "<div>Hi&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;there&#847;</div>", "Hi there"},
      {"br", "A<br>B<br/>C", "A\nB\nC"},
      {"at most two blank lines", "A<br><br><br><br><br><br>B", "A\n\n\nB"},
      {"paragraphs get one blank line", "<p>A</p><p>B</p>", "A\n\nB"},
      {"divs get a line break", "<div>A</div><div>B</div>", "A\nB"},
      {"lists", "<ul><li>One</li><li>Two<ol><li>a</li><li>b</li></ol></li></ul><p>After</p>",
       "- One\n- Two\n  1. a\n  2. b\n\nAfter"},
      {"link text equal to url", "<a href=\"https://x.io/\">x.io</a>", "x.io"},
      {"mailto link", "<a href=\"mailto:help@x.io\">help@x.io</a>", "help@x.io"},
      {"mailto link with other text", "<a href=\"mailto:help@x.io\">Write us</a>", "Write us (mailto:help@x.io)"},
      {"anchor link keeps text", "<a href=\"#top\">Top</a>", "Top"},
      {"empty link text gives url", "<a href=\"https://x.io/u\"><img src=\"a.png\"></a>", "https://x.io/u"},
      {"image alt", "<p><img src=\"logo.png\" alt=\"ACME\"> News</p>", "ACME News"},
      {"image alt in link", "<a href=\"https://x.io\"><img alt=\"Shop now\" src=\"b.png\"></a>",
       "Shop now (https://x.io)"},
      {"hr", "<p>A</p><hr><p>B</p>", "A\n\n----------\n\nB"},
      {"pre keeps spacing", "<pre>  a\n    b</pre>", "  a\n    b"},
      {"table cells", "<table><tr><td>Item</td><td>Price</td></tr><tr><td>Hat</td><td>5</td></tr></table>",
       "Item Price\nHat 5"},
      {"entity in attribute", "<a href=\"https://x.io/?a=1&amp;b=2\">Go</a>", "Go (https://x.io/?a=1&b=2)"},
      {"legacy parameter not an entity", "<a href=\"https://x.io/?a=1&reg=2\">Go</a>", "Go (https://x.io/?a=1&reg=2)"},
      {"stray less-than", "<p>1 < 2 and 3 > 2</p>", "1 < 2 and 3 > 2"},
      {"unclosed tags", "<p>A<p>B<div>C", "A\n\nB\nC"},
      {"empty", "", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(HtmlToText(c.html), c.text) << c.label;
  }
}

TEST(HtmlToTextTest, InvalidUtf8BecomesReplacement) {
  EXPECT_EQ(HtmlToText("<p>a\xFF" "b</p>"), "a\xEF\xBF\xBD" "b");
}

// ---- email warnings -------------------------------------------------------------

TEST(EmailWarningsTest, CleanEmailHasNoWarnings) {
  const char* html =
      "<p>Hello</p><img src=\"https://x.io/a.png\" alt=\"\">"
      "<a href=\"https://x.io/unsubscribe?u=1\">Unsubscribe</a> <a href=\"mailto:a@x.io\">mail</a> "
      "<a href=\"tel:+1555\">call</a> <a href=\"#top\">top</a>";
  EXPECT_EQ(EmailWarnings("Welcome, Ana", "Your first steps", html, ""), std::vector<std::string>{});
}

TEST(EmailWarningsTest, EachWarning) {
  const std::string ok_html = "<a href=\"https://x.io/unsubscribe\">Unsubscribe</a>";
  struct Case {
    const char* label;
    std::string subject, preheader, html, text;
    std::vector<std::string> codes;
  };
  const std::vector<Case> cases = {
      {"empty subject", " ", "p", ok_html, "", {"empty_subject"}},
      {"60 characters is fine", Repeat("s", 60), "p", ok_html, "", {}},
      {"61 characters is long", Repeat("s", 61), "p", ok_html, "", {"long_subject"}},
      {"subject counted in characters", Repeat("\xC3\xA9", 60), "p", ok_html, "", {}},
      {"missing preheader", "s", "", ok_html, "", {"missing_preheader"}},
      {"100-character preheader is fine", "s", Repeat("p", 100), ok_html, "", {}},
      {"101-character preheader is long", "s", Repeat("p", 101), ok_html, "", {"long_preheader"}},
      {"empty body", "s", "p", "", "", {"empty_body", "missing_unsubscribe"}},
      {"no unsubscribe", "s", "p", "<p>Hi</p>", "Hi", {"missing_unsubscribe"}},
      {"unsubscribe in text part", "s", "p", "<p>Hi</p>", "To unsubscribe reply NO", {}},
      {"unsubscribe words in html", "s", "p", "<p>Opt out <a href=\"https://x.io/p\">here</a></p>", "", {}},
      {"merge tag href", "s", "p", "<a href=\"*|UNSUB|*\">Leave</a>", "", {}},
      {"image without alt", "s", "p", ok_html + "<img src=\"a.png\"><img src=\"b.png\">", "", {"image_without_alt"}},
      {"http link", "s", "p", ok_html + "<a href=\"http://x.io\">x</a>", "", {"link_not_https"}},
      {"relative link", "s", "p", ok_html + "<a href=\"/shop\">x</a>", "", {"link_not_https"}},
      {"empty link", "s", "p", ok_html + "<a href=\"\">x</a>", "", {"empty_link"}},
      {"102 KB is fine", "s", "p", ok_html + std::string(102 * 1024 - ok_html.size(), ' '), "", {}},
      {"over 102 KB clips", "s", "p", ok_html + std::string(102 * 1024 - ok_html.size() + 1, ' '), "",
       {"html_clipped"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Codes(EmailWarnings(c.subject, c.preheader, c.html, c.text)), c.codes) << c.label;
  }
}

TEST(EmailWarningsTest, SentencesNameTheFirstOffender) {
  std::vector<std::string> warnings = EmailWarnings(
      Repeat("s", 61), "p",
      "<a href=\"https://x.io/unsubscribe\">u</a><img src=\"a.png\"><img src=\"b.png\"><a href=\"http://x.io\">x</a>", "");
  EXPECT_EQ(warnings, (std::vector<std::string>{
                          "long_subject: the subject is 61 characters; most inboxes show about 60 (30-40 on phones)",
                          "image_without_alt: 2 images have no alt attribute (first: a.png)",
                          "link_not_https: 1 link does not use https (first: http://x.io)",
                      }));
}

// ---- push -------------------------------------------------------------------------

TEST(PushPreviewTest, TruncatesOnCodePoints) {
  bool truncated = false;
  EXPECT_EQ(TruncateForDisplay("hello", 5, &truncated), "hello");
  EXPECT_FALSE(truncated);
  EXPECT_EQ(TruncateForDisplay("hello!", 5, &truncated), "hell\xE2\x80\xA6");
  EXPECT_TRUE(truncated);
  // Multi-byte characters are never cut inside their UTF-8 bytes.
  EXPECT_EQ(TruncateForDisplay(Repeat("\xC3\xA9", 6), 5), Repeat("\xC3\xA9", 4) + "\xE2\x80\xA6");
  EXPECT_EQ(TruncateForDisplay(Repeat("\xF0\x9F\x98\x80", 6), 5), Repeat("\xF0\x9F\x98\x80", 4) + "\xE2\x80\xA6");
  // Trailing spaces before the ellipsis are dropped.
  EXPECT_EQ(TruncateForDisplay("ab   cdefgh", 5), "ab\xE2\x80\xA6");
  // A thumbs-up with a skin tone is not split from its modifier.
  EXPECT_EQ(TruncateForDisplay("abc\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBDxyz", 5), "abc\xE2\x80\xA6");
  // e + combining acute stays together.
  EXPECT_EQ(TruncateForDisplay("abce\xCC\x81xyz", 5), "abc\xE2\x80\xA6");
}

TEST(PushPreviewTest, PlatformLimits) {
  std::string title40 = Repeat("t", 40), title41 = Repeat("t", 41);
  std::string body178 = Repeat("b", 178), body179 = Repeat("b", 179);
  PushPreview ios = PreviewIos(title40, body178);
  EXPECT_EQ(ios.title, title40);
  EXPECT_EQ(ios.body, body178);
  EXPECT_FALSE(ios.title_truncated || ios.body_truncated);
  ios = PreviewIos(title41, body179);
  EXPECT_EQ(ios.title, Repeat("t", 39) + "\xE2\x80\xA6");
  EXPECT_EQ(ios.body, Repeat("b", 177) + "\xE2\x80\xA6");
  EXPECT_TRUE(ios.title_truncated && ios.body_truncated);

  PushPreview android = PreviewAndroid(Repeat("t", 65), Repeat("b", 50));
  EXPECT_FALSE(android.title_truncated || android.body_truncated);
  android = PreviewAndroid(Repeat("t", 66), "line one\nline two that is long enough to be cut off here");
  EXPECT_TRUE(android.title_truncated);
  EXPECT_EQ(android.body, "line one line two that is long enough to be cut o\xE2\x80\xA6");
  EXPECT_EQ(PreviewAndroidExpanded("t", Repeat("b", 240)).body_truncated, false);
  EXPECT_EQ(PreviewAndroidExpanded("t", Repeat("b", 241)).body_truncated, true);
}

TEST(PushPreviewTest, Warnings) {
  struct Case {
    const char* label;
    std::string title, body, deep_link, image;
    std::vector<std::string> codes;
  };
  const std::vector<Case> cases = {
      {"clean", "Hi", "Body", "myapp://cart", "https://x.io/a.png", {}},
      {"https deep link", "Hi", "Body", "https://x.io/p/1", "", {}},
      {"missing title", "", "Body", "", "", {"missing_title"}},
      {"empty body", "Hi", " ", "", "", {"empty_body"}},
      {"long title", Repeat("t", 41), "Body", "", "", {"title_truncated"}},
      {"long body", "Hi", Repeat("b", 179), "", "", {"body_truncated"}},
      {"relative deep link", "Hi", "Body", "/products/1", "", {"deep_link_not_url"}},
      {"deep link with space", "Hi", "Body", "myapp://a b", "", {"deep_link_not_url"}},
      {"http image", "Hi", "Body", "", "http://x.io/a.png", {"image_not_https"}},
      {"huge payload", "Hi", Repeat("b", 4096), "", "", {"body_truncated", "payload_too_large"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Codes(PushWarnings(c.title, c.body, c.deep_link, c.image)), c.codes) << c.label;
  }
}

}  // namespace
}  // namespace flowproof::channels
