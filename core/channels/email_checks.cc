#include "core/channels/email_checks.h"

#include "core/channels/html_scan.h"
#include "core/channels/html_to_text.h"
#include "core/base/utf8.h"

namespace flowproof::channels {
namespace {

// At most 60 code points of `s`, for naming an offender in a sentence.
std::string Shorten(std::string_view s) {
  constexpr std::size_t kMax = 60;
  std::vector<CodePoint> cps = DecodeUtf8(s);
  if (cps.size() <= kMax) return std::string(s);
  std::string out(s.substr(0, cps[kMax - 1].offset));
  return out + "\u2026";
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && AsciiLower(s.substr(0, prefix.size())) == prefix;
}

std::string TrimmedHref(const std::string& href) {
  std::size_t b = 0, e = href.size();
  while (b < e && (href[b] == ' ' || href[b] == '\t' || href[b] == '\n' || href[b] == '\r')) ++b;
  while (e > b && (href[e - 1] == ' ' || href[e - 1] == '\t' || href[e - 1] == '\n' || href[e - 1] == '\r')) --e;
  return href.substr(b, e - b);
}

// An ESP merge tag that the sending platform replaces with its own URL
// (*|UNSUB|*, %unsubscribe_url%, {{{unsubscribe}}}, [unsubscribe], <%...%>).
bool IsMergeTag(const std::string& href) {
  for (const char* prefix : {"*|", "%", "{{", "[", "<%", "$"}) {
    if (href.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

bool LinkIsFine(const std::string& href) {
  return IsMergeTag(href) || StartsWithIgnoreCase(href, "https://") || StartsWithIgnoreCase(href, "mailto:") ||
         StartsWithIgnoreCase(href, "tel:") || StartsWithIgnoreCase(href, "sms:") || href[0] == '#';
}

bool MentionsUnsubscribe(std::string_view text) {
  return ContainsIgnoreCase(text, "unsubscribe") || ContainsIgnoreCase(text, "opt out") ||
         ContainsIgnoreCase(text, "opt-out");
}

std::string Count(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::vector<std::string> EmailWarnings(std::string_view subject, std::string_view preheader,
                                       std::string_view html, std::string_view text) {
  std::vector<std::string> warnings;
  if (IsBlank(subject)) {
    warnings.push_back("empty_subject: the subject is empty");
  } else if (std::size_t n = CountCodePoints(subject); n > kMaxSubjectChars) {
    warnings.push_back("long_subject: the subject is " + std::to_string(n) +
                       " characters; most inboxes show about 60 (30-40 on phones)");
  }
  if (IsBlank(preheader)) {
    warnings.push_back("missing_preheader: no preheader; inboxes show the first text of the body instead");
  } else if (std::size_t n = CountCodePoints(preheader); n > kMaxPreheaderChars) {
    warnings.push_back("long_preheader: the preheader is " + std::to_string(n) +
                       " characters; inboxes show about 90-100 at most");
  }
  if (IsBlank(html) && IsBlank(text)) warnings.push_back("empty_body: the email has no HTML and no text");

  bool unsubscribe = false;
  std::size_t images_without_alt = 0, insecure = 0, empty_links = 0;
  std::string first_image, first_insecure;
  for (const HtmlToken& t : TokenizeHtml(html)) {
    if (t.kind != HtmlToken::kStartTag) continue;
    if (t.name == "img" && t.Attribute("alt") == nullptr) {
      if (images_without_alt++ == 0) {
        const std::string* src = t.Attribute("src");
        first_image = src != nullptr ? *src : "";
      }
    }
    if (t.name != "a" && t.name != "area") continue;
    const std::string* raw_href = t.Attribute("href");
    if (raw_href == nullptr) continue;
    std::string href = TrimmedHref(*raw_href);
    if (ContainsIgnoreCase(href, "unsub")) unsubscribe = true;
    if (href.empty()) {
      ++empty_links;
    } else if (!LinkIsFine(href)) {
      if (insecure++ == 0) first_insecure = href;
    }
  }
  if (!unsubscribe) unsubscribe = MentionsUnsubscribe(HtmlToText(html)) || MentionsUnsubscribe(text);
  if (!unsubscribe) {
    warnings.push_back("missing_unsubscribe: no unsubscribe link or instruction");
  }
  if (images_without_alt > 0) {
    warnings.push_back("image_without_alt: " + Count(images_without_alt, "image has", "images have") +
                       " no alt attribute (first: " + (first_image.empty() ? "no src" : Shorten(first_image)) +
                       ")");
  }
  if (insecure > 0) {
    warnings.push_back("link_not_https: " + Count(insecure, "link does", "links do") + " not use https (first: " +
                       Shorten(first_insecure) + ")");
  }
  if (empty_links > 0) {
    warnings.push_back("empty_link: " + Count(empty_links, "link has", "links have") + " an empty href");
  }
  if (html.size() > kGmailClipBytes) {
    warnings.push_back("html_clipped: the HTML is " + std::to_string((html.size() + 1023) / 1024) +
                       " KB; Gmail clips messages over 102 KB");
  }
  return warnings;
}

}  // namespace flowproof::channels
