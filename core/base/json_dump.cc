#include "core/base/json_dump.h"

namespace flowproof {

std::string DumpJson(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string QuoteForMessage(const Json& value) {
  std::string text = DumpJson(value);
  if (text.size() > 80) {
    std::size_t cut = 77;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole characters only
    text = text.substr(0, cut) + "...";
  }
  return text;
}

}  // namespace flowproof
