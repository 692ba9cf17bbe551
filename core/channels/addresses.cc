#include "core/channels/addresses.h"

#include "core/channels/sha256.h"

namespace flowproof::channels {
namespace {

bool IsSpaceChar(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::string AddressText(const Json* value) {
  if (value == nullptr) return "";
  if (value->is_number_integer()) return value->dump();
  if (!value->is_string()) return "";
  const std::string& text = value->get_ref<const std::string&>();
  std::size_t begin = 0, end = text.size();
  while (begin < end && IsSpaceChar(text[begin])) ++begin;
  while (end > begin && IsSpaceChar(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

bool HasAddress(Channel channel, const FieldLookup& field) {
  auto email = [&] { return !AddressText(field("email")).empty(); };
  auto phone = [&] { return !NormalizePhone(AddressText(field("phone"))).empty(); };
  switch (channel) {
    case Channel::kEmail: return email();
    case Channel::kSms: return phone();
    case Channel::kPush: return !AddressText(field("push_token")).empty();
    case Channel::kAdAudience: return email() || phone();
    case Channel::kWebhook: return true;
  }
  return true;
}

bool ConsentWithdrawn(Channel channel, const FieldLookup& field) {
  const Json* consent = field("consent");
  if (consent == nullptr || !consent->is_object()) return false;
  auto it = consent->find(ChannelName(channel));
  return it != consent->end() && it->is_boolean() && !it->get<bool>();
}

}  // namespace flowproof::channels
