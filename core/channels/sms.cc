#include "core/channels/sms.h"

#include <algorithm>
#include <array>

#include "core/base/utf8.h"

namespace flowproof::channels {
namespace {

// The non-ASCII code points of the GSM 03.38 basic set, sorted.
constexpr std::array<char32_t, 39> kGsmBasicNonAscii = {
    0x00A1, 0x00A3, 0x00A4, 0x00A5, 0x00A7, 0x00BF, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
    0x00C9, 0x00D1, 0x00D6, 0x00D8, 0x00DC, 0x00DF, 0x00E0, 0x00E4, 0x00E5, 0x00E6,
    0x00E8, 0x00E9, 0x00EC, 0x00F1, 0x00F2, 0x00F6, 0x00F8, 0x00F9, 0x00FC, 0x0393,
    0x0394, 0x0398, 0x039B, 0x039E, 0x03A0, 0x03A3, 0x03A6, 0x03A8, 0x03A9};

bool InGsmBasicNonAscii(char32_t cp) {
  return std::binary_search(kGsmBasicNonAscii.begin(), kGsmBasicNonAscii.end(), cp);
}

struct Unit {
  char32_t value;
  int size;  // septets or UTF-16 units
  bool invalid;
};

struct Analysis {
  bool gsm = true;
  std::vector<Unit> chars;
};

Analysis Analyze(std::string_view utf8) {
  Analysis a;
  std::vector<CodePoint> cps = DecodeUtf8(utf8);
  a.chars.reserve(cps.size());
  for (const CodePoint& cp : cps) {
    if (cp.invalid || GsmSeptets(cp.value) == 0) a.gsm = false;
  }
  for (const CodePoint& cp : cps) {
    int size = a.gsm ? GsmSeptets(cp.value) : (cp.value > 0xFFFF ? 2 : 1);
    a.chars.push_back(Unit{cp.value, size, cp.invalid});
  }
  return a;
}

// Packs the characters into parts; returns the index of the first character of
// each part. A character never straddles two parts (this is what keeps ESC
// sequences and surrogate pairs whole).
std::vector<std::size_t> PartStarts(const Analysis& a, int total) {
  std::vector<std::size_t> starts;
  if (a.chars.empty()) return starts;
  starts.push_back(0);
  int single = a.gsm ? kGsmSingleSegmentSeptets : kUcs2SingleSegmentUnits;
  if (total <= single) return starts;
  int multi = a.gsm ? kGsmMultiSegmentSeptets : kUcs2MultiSegmentUnits;
  int used = 0;
  for (std::size_t i = 0; i < a.chars.size(); ++i) {
    if (used + a.chars[i].size > multi) {
      starts.push_back(i);
      used = 0;
    }
    used += a.chars[i].size;
  }
  return starts;
}

int Total(const Analysis& a) {
  int total = 0;
  for (const Unit& u : a.chars) total += u.size;
  return total;
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Splits into words of letters (ASCII, Latin, Greek and Cyrillic; Ê/ê folded
// to 'e' so that ARRÊT matches), lower-cased; anything else separates words.
std::vector<std::string> Words(std::string_view body) {
  std::vector<std::string> words;
  std::string word;
  for (const CodePoint& cp : DecodeUtf8(body)) {
    char32_t c = cp.value;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      word += AsciiLower(static_cast<char>(c));
    } else if (c == 0x00CA || c == 0x00EA) {
      word += 'e';
    } else if ((c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x4FF)) {
      word += '?';  // another letter: keeps "STOPé" from reading as "STOP"
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

bool HasOptOut(std::string_view body) {
  static const std::array<const char*, 6> kKeywords = {"stop", "stopall", "unsubscribe", "stopp", "arret",
                                                       "baja"};
  for (const std::string& w : Words(body)) {
    for (const char* k : kKeywords) {
      if (w == k) return true;
    }
  }
  return false;
}

// An obvious GSM-7 stand-in for characters that word processors and phones
// substitute automatically, or "" when there is none.
const char* GsmReplacement(char32_t cp) {
  switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x2032: case 0x00B4: case 0x0060:
      return "'";
    case 0x201C: case 0x201D: case 0x201E: case 0x2033:
      return "\"";
    case 0x2013: case 0x2014: case 0x2212:
      return "-";
    case 0x2026:
      return "...";
    case 0x00A0: case 0x2009: case 0x202F: case 0x0009:
      return " ";
    case 0x2022:
      return "*";
    default:
      return "";
  }
}

std::string Quoted(char32_t cp) {
  std::string out;
  if (cp == 0x0009) return "tab";
  if (cp == 0x00A0) return "no-break space";
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return "control character";
  AppendUtf8(cp, out);
  return out;
}

}  // namespace

int GsmSeptets(char32_t cp) {
  if (cp < 0x80) {
    switch (cp) {
      case '\n': case '\r':
        return 1;
      case '^': case '{': case '}': case '\\': case '[': case '~': case ']': case '|': case '\f':
        return 2;
      case '`':
        return 0;
      default:
        return cp >= 0x20 && cp < 0x7F ? 1 : 0;
    }
  }
  if (cp == 0x20AC) return 2;  // €
  return InGsmBasicNonAscii(cp) ? 1 : 0;
}

SmsInfo AnalyzeSms(std::string_view utf8) {
  Analysis a = Analyze(utf8);
  SmsInfo info;
  info.encoding = a.gsm ? "GSM-7" : "UCS-2";
  info.units = Total(a);
  info.characters = static_cast<int>(a.chars.size());
  info.segments = static_cast<int>(PartStarts(a, info.units).size());
  return info;
}

std::vector<std::string> SplitSms(std::string_view utf8) {
  Analysis a = Analyze(utf8);
  std::vector<std::size_t> starts = PartStarts(a, Total(a));
  std::vector<std::string> parts;
  for (std::size_t p = 0; p < starts.size(); ++p) {
    std::size_t end = p + 1 < starts.size() ? starts[p + 1] : a.chars.size();
    std::string part;
    for (std::size_t i = starts[p]; i < end; ++i) AppendUtf8(a.chars[i].value, part);
    parts.push_back(std::move(part));
  }
  return parts;
}

std::vector<std::string> SmsWarnings(std::string_view body, const SmsInfo& info) {
  std::vector<std::string> warnings;
  if (body.empty()) {
    warnings.push_back("empty_body: the message is empty; SMS gateways refuse an empty body");
    return warnings;
  }
  if (!HasOptOut(body)) {
    warnings.push_back(
        "missing_opt_out: no opt-out instruction such as \"Reply STOP to opt out\"; carriers require one in "
        "marketing texts");
  }
  if (info.segments > kSmsCostlySegments) {
    bool gsm = info.encoding == "GSM-7";
    warnings.push_back("many_segments: " + std::to_string(info.segments) + " segments (" + info.encoding + ", " +
                       std::to_string(info.units) + (gsm ? " septets" : " UTF-16 units") + "): billed as " +
                       std::to_string(info.segments) + " messages");
  }
  std::vector<char32_t> forcing;
  int invalid_bytes = 0;
  for (const CodePoint& cp : DecodeUtf8(body)) {
    if (cp.invalid) {
      invalid_bytes += static_cast<int>(cp.length);
    } else if (GsmSeptets(cp.value) == 0 &&
               std::find(forcing.begin(), forcing.end(), cp.value) == forcing.end()) {
      forcing.push_back(cp.value);
    }
  }
  const std::string kCost = "UCS-2: 70 characters per segment instead of 160";
  if (!forcing.empty() && forcing.size() <= 3) {
    for (char32_t cp : forcing) {
      std::string w = "ucs2_forced: " + Quoted(cp) + " (" + CodePointName(cp) + ") forces " + kCost;
      std::string replacement = GsmReplacement(cp);
      if (!replacement.empty()) {
        w += replacement == " " ? "; use a plain space instead" : "; use " + replacement + " instead";
      }
      warnings.push_back(std::move(w));
    }
  } else if (!forcing.empty()) {
    warnings.push_back("ucs2_forced: " + std::to_string(forcing.size()) +
                       " different characters outside GSM-7 (first: " + Quoted(forcing[0]) + " (" +
                       CodePointName(forcing[0]) + ")) force " + kCost);
  }
  if (invalid_bytes > 0) {
    warnings.push_back("invalid_utf8: " + std::to_string(invalid_bytes) +
                       (invalid_bytes == 1 ? " byte is" : " bytes are") +
                       " not valid UTF-8; sent as U+FFFD, which forces UCS-2");
  }
  return warnings;
}

}  // namespace flowproof::channels
