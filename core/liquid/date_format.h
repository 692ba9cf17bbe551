// Dates for Liquid's `date` filter (internal to core/liquid): Ruby's
// Time#strftime and the common forms Ruby's Time.parse reads.
//
//   const TimeZone& ny = *FindTimeZone("America/New_York");
//   std::optional<Instant> t = ParseDateString("March 14, 2016 10:30 PM", ny);
//   RubyStrftime("%a, %b %-d at %l:%M %p %Z", *t, ny);  // "Mon, Mar 14 at 10:30 PM EDT"
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time/types.h"

namespace flowproof {
class TimeZone;
}

namespace flowproof::liquid::internal {

// Formats `t` as the wall-clock time in `zone` with Ruby's strftime
// directives: %a %A %b %B %c %C %d %D %e %F %g %G %h %H %I %j %k %l %L %m %M
// %n %N %p %P %r %R %s %S %t %T %u %U %v %V %w %W %x %X %y %Y %z %:z %::z %Z
// %+ %%, with the flags - _ 0 ^ # and a width ("%-d", "%_3d", "%^b").
// Unknown directives are copied as written. Never fails.
std::string RubyStrftime(std::string_view format, Instant t, const TimeZone& zone);

// Reads a date the way Ruby's Time.parse does for the usual forms:
// ISO 8601 ("2016-03-14", "2016-03-14T10:30:00Z", "2016-03-14 10:30:00 -0500"),
// "2016/03/14", and dates with month names in either order, with or without
// weekday, ordinal suffix, year, time, AM/PM and zone ("March 14, 2016",
// "14 Mar 2016 10:00", "Mon, 14 Mar 2016 10:00:00 +0000", "March 14th 2016
// at 3pm EST"). Without an offset or zone name the time is a wall-clock time
// in `zone`; a missing year or date is taken from `now` in `zone`. Returns
// nullopt for anything else (the date filter then leaves its input alone).
std::optional<Instant> ParseDateString(std::string_view text, const TimeZone& zone, Instant now);

}  // namespace flowproof::liquid::internal
