// The message channels of FORMAT.md ("send" nodes, templates, consent,
// frequency caps): one enumeration and one spelling for the whole core.
//
//   std::optional<Channel> c = ChannelFromName("sms");   // Channel::kSms
//   ChannelName(Channel::kAdAudience);                    // "ad_audience"
#pragma once

#include <optional>
#include <string_view>

namespace flowproof {

enum class Channel { kEmail, kSms, kPush, kAdAudience, kWebhook };

// Every channel, in the order FORMAT.md lists them.
inline constexpr Channel kAllChannels[] = {Channel::kEmail, Channel::kSms, Channel::kPush, Channel::kAdAudience,
                                           Channel::kWebhook};

// The channel's name as FORMAT.md spells it: "email", "sms", "push",
// "ad_audience", "webhook".
const char* ChannelName(Channel channel);

// The channel named `name` exactly, or nullopt for any other text.
std::optional<Channel> ChannelFromName(std::string_view name);

// "email, sms, push, ad_audience or webhook": for messages that list them.
const char* ChannelNamesForMessage();

}  // namespace flowproof
