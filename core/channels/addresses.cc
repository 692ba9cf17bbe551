#include "core/channels/addresses.h"

#include "core/base/same_name.h"

namespace flowproof::channels {
namespace {

// The contact fields that give channels their addresses, and consent.
constexpr const char* kEmailField = "email";
constexpr const char* kPhoneField = "phone";
constexpr const char* kPushTokenField = "push_token";
constexpr const char* kConsentField = "consent";

bool IsSpaceChar(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// !AddressText(value).empty(), without building the text.
bool HasText(const Json* value) {
  if (value == nullptr) return false;
  if (value->is_number_integer()) return true;
  if (!value->is_string()) return false;
  for (char c : value->get_ref<const std::string&>()) {
    if (!IsSpaceChar(c)) return true;
  }
  return false;
}

// !NormalizePhone(AddressText(value)).empty(): the text has a digit (an
// integer's always has one), without building either string.
bool HasPhoneDigit(const Json* value) {
  if (value == nullptr) return false;
  if (value->is_number_integer()) return true;
  if (!value->is_string()) return false;
  for (char c : value->get_ref<const std::string&>()) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

// Which of the address fields a contact has.
struct AddressFields {
  bool email, phone, push;
};

AddressFields ReadAddressFields(const FieldLookup& field) {
  // Each field is used before the next is read: the lookup may answer from
  // one scratch value.
  bool email = HasText(field(kEmailField));
  bool phone = HasPhoneDigit(field(kPhoneField));
  bool push = HasText(field(kPushTokenField));
  return {email, phone, push};
}

// Which field gives which channel its address.
bool HasAddressFrom(Channel channel, const AddressFields& has) {
  switch (channel) {
    case Channel::kEmail: return has.email;
    case Channel::kSms: return has.phone;
    case Channel::kPush: return has.push;
    case Channel::kAdAudience: return has.email || has.phone;
    case Channel::kWebhook: return true;
  }
  return true;
}

bool WithdrawnIn(const Json* consent, Channel channel) {
  if (consent == nullptr || !consent->is_object()) return false;
  auto it = consent->find(ChannelName(channel));
  return it != consent->end() && it->is_boolean() && !it->get<bool>();
}

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

bool HasAddress(Channel channel, const FieldLookup& field) { return HasAddressFrom(channel, ReadAddressFields(field)); }

bool ConsentWithdrawn(Channel channel, const FieldLookup& field) { return WithdrawnIn(field(kConsentField), channel); }

Reach ReadReach(const FieldLookup& field) {
  const AddressFields has = ReadAddressFields(field);
  Reach reach;
  for (Channel channel : kAllChannels) {
    if (!HasAddressFrom(channel, has)) reach.no_address |= static_cast<std::uint8_t>(1u << static_cast<int>(channel));
  }
  // WithdrawnIn for every channel: its entries read once instead of a
  // search per channel (keys are unique, so each channel meets one entry).
  const Json* consent = field(kConsentField);
  if (consent == nullptr || !consent->is_object()) return reach;
  for (auto it = consent->begin(); it != consent->end(); ++it) {
    if (!it->is_boolean() || it->get<bool>()) continue;
    std::optional<Channel> channel = ChannelFromName(it.key());
    if (channel) reach.no_consent |= static_cast<std::uint8_t>(1u << static_cast<int>(*channel));
  }
  return reach;
}

bool IsReachField(std::string_view name) {
  return SameName(name, kEmailField) || SameName(name, kPhoneField) || SameName(name, kPushTokenField) ||
         SameName(name, kConsentField);
}

}  // namespace flowproof::channels
