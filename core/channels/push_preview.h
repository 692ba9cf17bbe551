// How a push notification reads on a lock screen, and its content warnings.
//
// Lock screens cut text by width in points, not by characters, so any count
// is an approximation; these are the figures the major push providers
// publish and that match a 6.1" phone with default text size and Latin text:
//
//   iOS (16-18) lock screen, one notification:
//     title  kIosTitleChars = 40    one bold line; Batch advises <= 40 for
//                                   iOS before 15 and 30 since; ~50 on Max models
//     body   kIosBodyChars = 178    four lines of ~44 characters, the figure
//                                   Airship, OneSignal and Batch quote (~180)
//   Android 12-14 lock screen, collapsed (how it first appears):
//     title  kAndroidTitleChars = 65   one line (Material notification
//                                      template), the limit FCM guides quote
//     body   kAndroidBodyChars = 50    one line; Batch: "only 50 characters
//                                      are displayed, including spaces"
//   Android expanded (BigTextStyle, after a swipe):
//     body   kAndroidExpandedBodyChars = 240
//
// Truncation counts code points, cuts only between them (never inside a UTF-8
// sequence), does not leave a joiner, variation selector, skin-tone modifier or
// combining mark cut from what precedes it, drops trailing spaces and adds "…"
// (U+2026), so a truncated text is exactly at most `limit` code points long
// including the ellipsis. Newlines count as one character (iOS shows them in
// the body; a title is one line, so newlines in a title are shown as spaces).
//
//   PushPreview ios = PreviewIos("Your cart misses you", body);
//   if (ios.body_truncated) ...
//   for (const std::string& w : PushWarnings(title, body, deep_link, image)) ...
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace flowproof::channels {

constexpr std::size_t kIosTitleChars = 40;
constexpr std::size_t kIosBodyChars = 178;
constexpr std::size_t kAndroidTitleChars = 65;
constexpr std::size_t kAndroidBodyChars = 50;
constexpr std::size_t kAndroidExpandedBodyChars = 240;
// APNs and FCM both refuse payloads over 4 KB; title, body, deep link and
// image URL must fit in it together with the JSON around them.
constexpr std::size_t kPushPayloadBytes = 4096;

struct PushPreview {
  std::string title, body;
  bool title_truncated = false;
  bool body_truncated = false;
};

// `text` cut to at most `limit` code points as described above. Never fails;
// ill-formed UTF-8 comes out as U+FFFD. `*truncated` (optional) tells whether
// anything was cut.
std::string TruncateForDisplay(std::string_view text, std::size_t limit, bool* truncated = nullptr);

// The iOS lock-screen view (limits above).
PushPreview PreviewIos(std::string_view title, std::string_view body);

// The Android lock-screen view, collapsed (limits above).
PushPreview PreviewAndroid(std::string_view title, std::string_view body);

// The Android view once expanded (title as collapsed, body up to 240).
PushPreview PreviewAndroidExpanded(std::string_view title, std::string_view body);

// Content warnings, "code: sentence", in this order:
//   missing_title      empty title (iOS then shows only the app name)
//   empty_body         empty body (iOS drops an alert with neither title nor
//                      body; Android shows an empty line)
//   title_truncated    the title is cut on iOS or Android (says where)
//   body_truncated     the body is cut on the iOS lock screen (Android's one
//                      collapsed line cuts almost every body, so that alone
//                      is not reported)
//   deep_link_not_url  a non-empty deep link that is not an absolute URI
//                      ("scheme:rest", RFC 3986 scheme, no spaces): "myapp://x"
//                      and "https://..." pass, "/products/1" does not
//   image_not_https    a non-empty image URL not starting with https:// (iOS
//                      refuses to download attachments over plain HTTP)
//   payload_too_large  the four fields exceed kPushPayloadBytes together
std::vector<std::string> PushWarnings(std::string_view title, std::string_view body, std::string_view deep_link,
                                      std::string_view image);

}  // namespace flowproof::channels
