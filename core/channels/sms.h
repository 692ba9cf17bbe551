// SMS encoding, segment counting and content warnings, as carriers bill them.
//
// A body that every character of which is in the GSM 03.38 default alphabet
// (basic set plus the extension table) is sent as GSM-7: 160 septets in a
// single message, 153 per part once it is split (the user data header of a
// concatenated message takes 7). Extension-table characters (^ { } \ [ ~ ] |
// € and form feed) are sent as ESC + character and cost two septets. Any other
// character forces the whole message to UCS-2 (UTF-16): 70 code units single,
// 67 per part; characters outside the BMP (most emoji) take two units.
//
// Splitting follows what handsets and gateways (Twilio, Vonage, Android's
// SmsMessage) do: a part never ends between the two halves of a surrogate pair
// or between ESC and its character; such a part ends one unit early and the
// pair moves to the next part.
//
// Not modelled: the national language shift tables (Turkish, Spanish,
// Portuguese, Indian scripts) that some carriers use to keep those languages
// in 7 bits, and gateway "smart encoding" that silently replaces curly quotes.
// Counting is per code point, so a grapheme of several code points (a family
// emoji) may be split across parts, as it is on the air.
//
//   SmsInfo info = AnalyzeSms("Hi Ana, your code is 1234");
//   info.encoding;   // "GSM-7"
//   info.segments;   // 1
//   for (const std::string& w : SmsWarnings(body, info)) ...  // "missing_opt_out: ..."
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace flowproof::channels {

constexpr int kGsmSingleSegmentSeptets = 160;
constexpr int kGsmMultiSegmentSeptets = 153;
constexpr int kUcs2SingleSegmentUnits = 70;
constexpr int kUcs2MultiSegmentUnits = 67;
// More parts than this draw a "many_segments" warning: every part is billed
// as one message, and long concatenated texts are sometimes delivered out of
// order by older handsets.
constexpr int kSmsCostlySegments = 3;

struct SmsInfo {
  std::string encoding;  // "GSM-7" or "UCS-2"
  // Parts the message is sent as. An empty body is 0 segments: gateways
  // (Twilio error 21602, Vonage "missing text") refuse it rather than bill an
  // empty part, and SmsWarnings reports "empty_body".
  int segments = 0;
  int units = 0;       // GSM-7: septets (escapes count 2); UCS-2: UTF-16 code units
  int characters = 0;  // code points; each ill-formed UTF-8 subpart counts as one U+FFFD
};

// Analyzes a UTF-8 body. Never fails: ill-formed UTF-8 is read as U+FFFD per
// maximal ill-formed subpart, which is not in GSM-7 and so forces UCS-2.
SmsInfo AnalyzeSms(std::string_view utf8);

// The body as it is split into parts (UTF-8 text of each), by the rules above;
// empty for an empty body. Ill-formed bytes come out as U+FFFD.
std::vector<std::string> SplitSms(std::string_view utf8);

// Septets `cp` takes in GSM-7: 1 (basic set), 2 (extension table), or 0 when
// it is not in the GSM 03.38 alphabet.
int GsmSeptets(char32_t cp);

// Content warnings for `body` analyzed as `info`, each "code: sentence":
//   empty_body       the body is empty
//   missing_opt_out  no opt-out keyword as a whole word, case-insensitive:
//                    STOP, STOPALL, UNSUBSCRIBE (US/UK, CTIA), STOPP (DE/NO/SE),
//                    ARRET or ARRÊT (FR), BAJA (ES). END, QUIT and CANCEL are
//                    valid keywords too but are too common in ordinary text to
//                    count as a hint.
//   many_segments    more than kSmsCostlySegments parts
//   ucs2_forced      UCS-2 caused by a few characters (3 or fewer distinct
//                    ones: one warning each, naming it and a GSM replacement
//                    when there is an obvious one) or by many (one warning)
//   invalid_utf8     the body is not valid UTF-8
// In that order; an empty body gets only "empty_body".
std::vector<std::string> SmsWarnings(std::string_view body, const SmsInfo& info);

}  // namespace flowproof::channels
