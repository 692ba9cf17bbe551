// FORMAT.md "Addresses" and "Consent": what a channel needs before it can
// send. One rule for the simulator (which suppresses the send with
// `no_address` or `no_consent`) and the renderer (whose preview warns), so
// the two never disagree.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/base/json.h"
#include "core/base/channel.h"

namespace flowproof::channels {

// An attribute as address text: a string trimmed of whitespace, or an
// integer (phone numbers are sometimes stored as numbers); "" for anything
// else, or for no attribute (null).
std::string AddressText(const Json* value);

// A contact's top-level field by name; null when it has none.
using FieldLookup = std::function<const Json*(const char* key)>;

// Whether the contact has what `channel` needs: email an `email`, sms a
// `phone` with at least one digit, push a `push_token`, ad_audience an email
// or a phone that normalise to an identifier; a webhook needs nothing.
// Blank text ("   ", "+") is no address.
bool HasAddress(Channel channel, const FieldLookup& field);

// Whether the contact withdrew consent for `channel`: `consent.<channel>` is
// false (absent or true is consent).
bool ConsentWithdrawn(Channel channel, const FieldLookup& field);

// HasAddress and ConsentWithdrawn for every channel at once, a bit per
// channel (1 << Channel): each field is read once, where asking channel by
// channel read `consent` five times and `email` and `phone` twice (a tenth
// of a forecast, which asks once per contact).
struct Reach {
  std::uint8_t no_address = 0;
  std::uint8_t no_consent = 0;
};
Reach ReadReach(const FieldLookup& field);

// Whether `name` is one of the fields ReadReach reads (the addresses and
// "consent"): a contact's reach must be read again when one of them changes.
bool IsReachField(std::string_view name);

}  // namespace flowproof::channels
