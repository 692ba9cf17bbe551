// Klaviyo flows as flowproof workflows (FORMAT.md, v1.1, "flowproof import").
//
// The input is the flow as `GET /api/flows/{id}?additional-fields[flow]=definition`
// returns it (`{"data": {"type": "flow", "id", "attributes": {"name",
// "definition": {...}}}}`), or the bare `definition` object. The definition
// (typed in the MIT-licensed klaviyo/openapi specification) holds
// `triggers`, `profile_filter`, `actions` linked by id, `entry_action_id`
// and `reentry_criteria`; it is mapped as the README's platform table says:
//
//   metric trigger        -> event trigger named for the metric (--names)
//   list / segment trigger-> condition trigger {"in_list": [name]}
//   date trigger          -> date trigger on the profile property
//   profile_filter        -> entry audience, and exit goal when it stops holding
//   reentry_criteria      -> reenroll ("never", "after_exit" or a duration)
//   time-delay, target-date -> wait (for, then until a local time and weekdays)
//   conditional-split, trigger-split, multi-branch-split -> branch
//   conditional-split on a profile-sample condition, ab-test -> split
//   send-email/-sms/-mobile-push/-webhook -> send + template (Django text
//                           translated to Liquid; an opaque template id
//                           becomes a placeholder named for it)
//   update-profile        -> update (set); list-update -> update (lists)
//   Smart Sending         -> settings.frequency_cap (16h email, 24h SMS/push)
//   SMS quiet hours       -> settings.quiet_hours 21:00-08:00, hold
//
// Everything else is converted as closely as flowproof allows and reported
// as a loss with its pointer in the input.
//
// The entry point is ImportFromKlaviyo (core/import/converters.h): a
// document that is not a Klaviyo flow (no definition, no actions, an entry
// action or link naming no action, an action id used twice, a loop that
// takes no time) gives problems located in the input and no workflow.
//
//   ImportResult r = ImportFromKlaviyo(doc, names);
#pragma once

#include "core/import/converters.h"
