// HubSpot Automation v4 flows as flowproof workflows (FORMAT.md, v1.1,
// "flowproof import").
//
// The input is the flow as `GET /automation/v4/flows/{flowId}` returns it:
// `startActionId`, `actions` linked by `connection.nextActionId`,
// `enrollmentCriteria`, `timeWindows`, `blockedDates`, `goalFilterBranch`,
// `unEnrollmentSetting`. It is mapped as the README's platform table says:
//
//   LIST_BASED enrollment  -> condition trigger (the filter branch); shouldReEnroll -> reenroll
//   EVENT_BASED enrollment -> event triggers (known event type ids by name, others by id or --names)
//   goalFilterBranch       -> exit goal
//   timeWindows            -> quiet hours (the complement of the daily window), hold
//   0-1 delay              -> wait for; 0-35 delay until a date -> wait until_expr
//   0-29 wait for an event -> wait_event with the expiration as timeout
//   0-4 send email         -> send + placeholder template named for the content id
//   0-5 set property       -> update set; 0-63809083 / 0-63863438 -> add to / remove from list
//   WEBHOOK                -> send on the webhook channel
//   LIST_BRANCH, STATIC_BRANCH -> branch; AB_TEST_BRANCH -> random split, equal weights
//   filters PROPERTY, IN_LIST, CONSTANT, UNIFIED_EVENTS -> JsonLogic
//
// Everything else is converted as closely as flowproof allows and reported
// as a loss with its pointer in the input. The entry point is
// ImportFromHubSpot (core/import/converters.h).
//
//   ImportResult r = ImportFromHubSpot(doc, names);
#pragma once

#include "core/import/converters.h"
