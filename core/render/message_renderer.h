// Renders a workflow's message template for one contact: the message exactly
// as `flowproof render` prints it, the simulator records it and the page
// previews it (FORMAT.md, "Templates").
//
// Every text field is Liquid, rendered with the variables
//   contact   the contact as conditions see it (id, timezone, lists, consent
//             and every attribute flattened)
//   event     the event that enrolled the contact or released its last wait
//             (nil when none)
//   workflow  {"id", "name"}
//   now       the simulated time, "2026-11-02T09:00:00Z"
//   message   {"template": NAME, "node": SEND_NODE_ID}
// and the workflow's snippets as partials for {% render %} / {% include %}.
// Liquid's `date` filter and "now" read the clock and zone of the context.
//
// Smart content: with "variants", the first variant whose `when` holds is
// rendered (JsonLogic over {"contact", "event", "now", "workflow"}) and the
// message carries "variant": its index. A variant's fields override the
// template's own, so fields common to all variants (from_name, say) may be
// written once beside "variants". When no variant holds and none is a
// default, the template's own fields are rendered with a "no_variant" warning.
//
// The message, by channel (keys binding, FORMAT.md; all carry "channel",
// "template" and "warnings", a list of "code: sentence" strings):
//   email        from_name, subject, preheader, html, text (HtmlToText(html)
//                unless the template has `text`)
//   sms          body, encoding ("GSM-7"/"UCS-2"), segments, characters
//   push         title, body, deep_link, image,
//                preview: {ios: {title, body}, android: {title, body}}
//   ad_audience  audience, operation ("add" when absent), identifiers:
//                {email_sha256, phone_sha256} (each absent without an address)
//   webhook      method ("POST" when absent, upper-case), url, body (text),
//                body_json (when body parses as JSON). A `body` written as a
//                JSON object or array has each string in it rendered and is
//                sent as that JSON; `headers` (an object) likewise.
// Warnings, in order: address and consent (no_address, no_consent), smart
// content (no_variant), Liquid's (undefined_variable, ... "(subject, line 1,
// column 8)"), then the channel's (core/channels/*.h) and field checks
// (missing_audience, missing_url, url_not_https, unknown_method).
//
//   MessageRenderer renderer(workflow);
//   MessageContext context;
//   context.contact = {{"id", "ana"}, {"email", "ana@example.com"}, {"first_name", "Ana"}};
//   context.now = 1793609600;
//   RenderedMessage m = renderer.Render("welcome", context);
//   if (!m.ok()) std::cerr << *m.error;      // "welcome.subject:1:4: ..."
//   else std::cout << m.message.dump(2);
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "core/base/json.h"
#include "core/model/workflow.h"
#include "core/time/types.h"

namespace flowproof {

class TimeZone;

namespace logic {
class Host;  // history and clock for the extra operations (core/logic/)
}

namespace render_internal {
class TemplateStore;
}

// What a message is rendered for.
struct MessageContext {
  Json contact;        // as templates see it: id, timezone, lists, consent and every attribute flattened
  Json event;          // the event that enrolled the contact or released its last wait; null when none
  Instant now = 0;
  const TimeZone* zone = nullptr;  // the contact's zone (core/time/zone.h); null means UTC
  std::string node;    // the send node id ("" outside a run)
  // Optional: answers has_event / count_events / in_list in smart-content
  // conditions with the contact's history. Without it those operations see
  // no history (in_list still reads contact.lists).
  const logic::Host* host = nullptr;
};

struct RenderedMessage {
  Json message;                      // null when error is set
  std::optional<std::string> error;  // "welcome.subject:1:4: message"
  bool ok() const { return !error; }
};

// A render asked for by name (the CLI's `render`, the page's preview,
// Session::Render): the message, or why there is none, with a stable code.
//
//   MessageRenderResult r = session.Render("ana", "welcome");
//   if (!r.ok()) std::cerr << r.code << ": " << r.error;   // "unknown_template: no template ..."
struct MessageRenderResult {
  Json message;        // FORMAT.md `render` output; null when not ok
  std::string code;    // "" when ok; else "unknown_contact", "unknown_template" or "render_failed"
  std::string error;   // the problem in words ("" when ok)
  bool ok() const { return code.empty(); }

  static MessageRenderResult Ok(Json message) {
    MessageRenderResult result;
    result.message = std::move(message);
    return result;
  }
  static MessageRenderResult Error(std::string code, std::string error) {
    MessageRenderResult result;
    result.code = std::move(code);
    result.error = std::move(error);
    return result;
  }
};

class MessageRenderer {
 public:
  // `workflow` must not be null. With `strict`, an undefined variable or
  // filter is an error instead of a warning (Liquid's strict mode).
  explicit MessageRenderer(std::shared_ptr<const Workflow> workflow, bool strict = false);
  ~MessageRenderer();
  MessageRenderer(const MessageRenderer&) = delete;
  MessageRenderer& operator=(const MessageRenderer&) = delete;

  // Renders template `name` for `context`. Templates and snippets are parsed
  // once, on first use, and the parse is kept across calls. Fails (error set,
  // no message) on an unknown template, a Liquid parse or render error in any
  // field ("TEMPLATE.FIELD:LINE:COLUMN: message"; fields of a variant are
  // "TEMPLATE.variants[I].FIELD"), a smart-content condition that does not
  // compile (only possible in a hand-built Workflow: the parser compiles
  // them), and an ad_audience operation other than add/remove. Never
  // throws. Not thread-safe (the parse cache is shared): use one renderer per
  // thread.
  RenderedMessage Render(const std::string& name, const MessageContext& context);

 private:
  std::shared_ptr<const Workflow> workflow_;
  bool strict_;
  std::unique_ptr<render_internal::TemplateStore> store_;
};

}  // namespace flowproof
