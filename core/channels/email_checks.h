// Deliverability and rendering checks on a rendered email, the ones email
// QA tools (Litmus, Email on Acid, Mailchimp's preflight) run before a send.
//
// Each warning is "code: sentence", so tests and the page key on the code and
// people read the sentence. Codes, in the order they are reported:
//
//   empty_subject        the subject is empty (or only whitespace)
//   long_subject         more than kMaxSubjectChars code points: desktop
//                        inboxes (Gmail, Outlook) cut subjects at about 60
//                        characters, phones at 30-40
//   missing_preheader    no preheader: inboxes show the first text of the body
//                        ("View in browser", alt text) beside the subject instead
//   long_preheader       more than kMaxPreheaderChars code points: Gmail, Apple
//                        Mail and Outlook show 90-100 characters of preview
//                        text at most, and fewer as the subject gets longer
//   empty_body           both the HTML and the text part are empty
//   missing_unsubscribe  nothing that unsubscribes: no link whose href
//                        contains "unsubscribe" or "unsub" (which covers
//                        ESP merge tags such as *|UNSUB|*, %unsubscribe_url%,
//                        <%asm_group_unsubscribe_raw_url%>), and no
//                        "unsubscribe", "opt out" or "opt-out" in the visible
//                        text of either part (CAN-SPAM, GDPR, and Gmail and
//                        Yahoo's 2024 bulk-sender rules require one)
//   image_without_alt    <img> without an alt attribute (alt="" is correct
//                        for decorative images and is not reported)
//   link_not_https       <a>/<area> hrefs that are not https: http://,
//                        relative paths, other schemes; mailto:, tel:, sms:
//                        and "#anchor" links are fine, and so are ESP merge
//                        tags the platform replaces (*|...|*, %...%, {{...}},
//                        [...], <%...%>, $...)
//   empty_link           <a href=""> (often a merge tag that rendered empty)
//   html_clipped         HTML larger than kGmailClipBytes: Gmail clips the
//                        message and hides the rest behind "[Message clipped]",
//                        the unsubscribe link and open-tracking pixel included
//
// One warning per code at most; image and link warnings count the offenders
// and name the first.
//
//   for (const std::string& w : EmailWarnings(subject, preheader, html, text))
//     if (w.rfind("missing_unsubscribe:", 0) == 0) ...
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace flowproof::channels {

constexpr std::size_t kMaxSubjectChars = 60;
constexpr std::size_t kMaxPreheaderChars = 100;
// Gmail clips at "102 KB"; counted in KiB (104,448 bytes) of the HTML source,
// which is what Litmus and Email on Acid report against.
constexpr std::size_t kGmailClipBytes = 102 * 1024;

// The warnings for a rendered email (all four strings UTF-8, any may be
// empty). Never fails; deterministic order as listed above.
std::vector<std::string> EmailWarnings(std::string_view subject, std::string_view preheader,
                                       std::string_view html, std::string_view text);

}  // namespace flowproof::channels
