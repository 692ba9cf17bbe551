#include "core/channels/push_preview.h"

#include <vector>

#include "core/base/utf8.h"

namespace flowproof::channels {
namespace {

// Code points that belong to the one before them: cutting just before one
// would leave half a character (é as e + U+0301, a flag, a skin tone).
bool Extends(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F) || c == 0x20E3;
}

std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

bool IsAbsoluteUri(std::string_view s) {
  std::size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= s.size()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!alpha(s[0])) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    char c = s[i];
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return false;
  }
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return false;
  }
  return true;
}

}  // namespace

std::string TruncateForDisplay(std::string_view text, std::size_t limit, bool* truncated) {
  std::vector<CodePoint> cps = DecodeUtf8(text);
  if (truncated != nullptr) *truncated = cps.size() > limit;
  std::string out;
  if (cps.size() <= limit) {
    for (const CodePoint& cp : cps) AppendUtf8(cp.value, out);
    return out;
  }
  if (limit == 0) return out;
  std::size_t keep = limit - 1;  // room for the ellipsis
  // Back off so the cut neither splits a cluster nor ends on a joiner.
  while (keep > 0 && (Extends(cps[keep].value) || cps[keep - 1].value == 0x200D)) --keep;
  while (keep > 0 && (cps[keep - 1].value == ' ' || cps[keep - 1].value == '\n' || cps[keep - 1].value == '\t')) {
    --keep;
  }
  for (std::size_t i = 0; i < keep; ++i) AppendUtf8(cps[i].value, out);
  out += "\u2026";
  return out;
}

PushPreview PreviewIos(std::string_view title, std::string_view body) {
  PushPreview p;
  p.title = TruncateForDisplay(OneLine(title), kIosTitleChars, &p.title_truncated);
  p.body = TruncateForDisplay(body, kIosBodyChars, &p.body_truncated);
  return p;
}

PushPreview PreviewAndroid(std::string_view title, std::string_view body) {
  PushPreview p;
  p.title = TruncateForDisplay(OneLine(title), kAndroidTitleChars, &p.title_truncated);
  p.body = TruncateForDisplay(OneLine(body), kAndroidBodyChars, &p.body_truncated);
  return p;
}

PushPreview PreviewAndroidExpanded(std::string_view title, std::string_view body) {
  PushPreview p;
  p.title = TruncateForDisplay(OneLine(title), kAndroidTitleChars, &p.title_truncated);
  p.body = TruncateForDisplay(body, kAndroidExpandedBodyChars, &p.body_truncated);
  return p;
}

std::vector<std::string> PushWarnings(std::string_view title, std::string_view body, std::string_view deep_link,
                                      std::string_view image) {
  std::vector<std::string> warnings;
  if (IsBlank(title)) warnings.push_back("missing_title: no title; iOS shows only the app name");
  if (IsBlank(body)) warnings.push_back("empty_body: the notification has no body");
  std::size_t title_chars = CountCodePoints(title);
  if (title_chars > kIosTitleChars) {
    std::string where = title_chars > kAndroidTitleChars ? "iOS and Android" : "iOS";
    warnings.push_back("title_truncated: the title is " + std::to_string(title_chars) + " characters; " + where +
                       " lock screens show about " + std::to_string(kIosTitleChars) +
                       (title_chars > kAndroidTitleChars ? " and " + std::to_string(kAndroidTitleChars) : ""));
  }
  std::size_t body_chars = CountCodePoints(body);
  if (body_chars > kIosBodyChars) {
    warnings.push_back("body_truncated: the body is " + std::to_string(body_chars) +
                       " characters; the iOS lock screen shows about " + std::to_string(kIosBodyChars));
  }
  if (!deep_link.empty() && !IsAbsoluteUri(deep_link)) {
    warnings.push_back("deep_link_not_url: the deep link \"" + TruncateForDisplay(deep_link, 60) +
                       "\" is not a URL (expected scheme:... such as myapp://path or https://...)");
  }
  std::string scheme(image.substr(0, 8));
  for (char& c : scheme) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (!image.empty() && scheme != "https://") {
    warnings.push_back("image_not_https: the image \"" + TruncateForDisplay(image, 60) +
                       "\" is not an https URL; iOS will not download it");
  }
  std::size_t bytes = title.size() + body.size() + deep_link.size() + image.size();
  if (bytes > kPushPayloadBytes) {
    warnings.push_back("payload_too_large: title, body, deep link and image take " + std::to_string(bytes) +
                       " bytes; APNs and FCM refuse payloads over 4096");
  }
  return warnings;
}

}  // namespace flowproof::channels
