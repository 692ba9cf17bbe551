#include "core/base/channel.h"

namespace flowproof {

const char* ChannelName(Channel channel) {
  switch (channel) {
    case Channel::kEmail: return "email";
    case Channel::kSms: return "sms";
    case Channel::kPush: return "push";
    case Channel::kAdAudience: return "ad_audience";
    case Channel::kWebhook: return "webhook";
  }
  return "email";
}

std::optional<Channel> ChannelFromName(std::string_view name) {
  for (Channel channel : kAllChannels) {
    if (name == ChannelName(channel)) return channel;
  }
  return std::nullopt;
}

const char* ChannelNamesForMessage() { return "email, sms, push, ad_audience or webhook"; }

}  // namespace flowproof
