#include "core/render/message_renderer.h"

#include <exception>
#include <utility>
#include <vector>

#include "core/channels/addresses.h"
#include "core/channels/email_checks.h"
#include "core/channels/html_to_text.h"
#include "core/channels/push_preview.h"
#include "core/channels/sha256.h"
#include "core/channels/sms.h"
#include "core/liquid/liquid.h"
#include "core/logic/rule.h"
#include "core/time/timestamp.h"

namespace flowproof {

namespace render_internal {

// Parses (once) the Liquid of fields and snippets, and compiles smart-content
// conditions that a hand-built Workflow left uncompiled; holds the buffer
// every field renders into, which lives as long as the renderer.
class TemplateStore : public liquid::PartialLoader {
 public:
  explicit TemplateStore(const Workflow& workflow) : workflow_(workflow) {}

  // Reused by every render (liquid::RenderInto): after the first messages it
  // has room for the largest field, so rendering does not allocate.
  liquid::RenderResult& scratch() { return scratch_; }

  liquid::ParseResult Field(const std::string& name, const std::string& source) { return cache_.Get(name, source); }

  std::shared_ptr<const liquid::Template> Load(std::string_view name,
                                               std::optional<liquid::Error>* parse_error) override {
    auto it = workflow_.snippets.find(std::string(name));
    if (it == workflow_.snippets.end()) return nullptr;
    liquid::ParseResult parsed = cache_.Get(it->first, it->second);
    if (!parsed.ok()) {
      if (parse_error != nullptr) *parse_error = parsed.error;
      return nullptr;
    }
    return parsed.tmpl;
  }

  // The compiled `when` of variant `index` of `message_template`, or null
  // when it has none (the default) or it does not compile.
  std::shared_ptr<const logic::Rule> VariantRule(const MessageTemplate& message_template, std::size_t index,
                                                 const Json& variant) {
    if (index < message_template.variant_conditions.size()) {
      const std::optional<Condition>& condition = message_template.variant_conditions[index];
      if (condition && condition->rule) return condition->rule;
    }
    auto when = variant.find("when");
    if (when == variant.end()) return nullptr;
    std::string key = message_template.name + "#" + std::to_string(index);
    auto cached = compiled_.find(key);
    if (cached != compiled_.end()) return cached->second;
    logic::CompileResult compiled = logic::Compile(*when);
    return compiled_[key] = compiled.rule;
  }

 private:
  const Workflow& workflow_;
  liquid::TemplateCache cache_;
  liquid::RenderResult scratch_;
  std::map<std::string, std::shared_ptr<const logic::Rule>> compiled_;
};

}  // namespace render_internal

namespace {

using render_internal::TemplateStore;

std::string Trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r')) --e;
  return s.substr(b, e - b);
}

// A contact's field as address text (channels/addresses.h).
std::string AddressText(const Json& contact, const char* key) {
  if (!contact.is_object()) return "";
  auto it = contact.find(key);
  return channels::AddressText(it == contact.end() ? nullptr : &*it);
}

// "undefined variable 'contact.x'" -> code "undefined_variable", subject
// "contact.x"; other Liquid warnings keep their message under "liquid".
std::string CodedLiquidWarning(const liquid::Warning& w, const std::string& field_template,
                               const std::string& field_label) {
  std::string code = "liquid";
  std::string what = w.message;
  for (const auto& [prefix, c] : {std::pair<std::string, std::string>{"undefined variable '", "undefined_variable"},
                                  {"unknown filter '", "unknown_filter"}}) {
    if (w.message.rfind(prefix, 0) == 0 && w.message.size() > prefix.size() && w.message.back() == '\'') {
      code = c;
      what = w.message.substr(prefix.size(), w.message.size() - prefix.size() - 1);
    }
  }
  std::string where = field_label;
  if (w.template_name != field_template) where += " via snippet " + w.template_name;
  return code + ": " + what + " (" + where + ", line " + std::to_string(w.line) + ", column " +
         std::to_string(w.column) + ")";
}

// Renders the fields of one message, collecting Liquid warnings; the first
// error stops everything.
class FieldRenderer {
 public:
  // `variant` (may be null) is the chosen variant: its fields are named
  // "variants[I].FIELD" in errors and warnings.
  FieldRenderer(TemplateStore& store, const std::string& template_name, const Json& fields, const Json* variant,
                std::optional<std::size_t> variant_index, const Json& data, const liquid::RenderOptions& options)
      : store_(store),
        template_name_(template_name),
        fields_(fields),
        variant_(variant),
        variant_index_(variant_index),
        data_(data),
        options_(options) {}

  bool Has(const char* key) const { return fields_.contains(key); }
  const Json* Raw(const char* key) const {
    auto it = fields_.find(key);
    return it == fields_.end() ? nullptr : &*it;
  }

  // The rendered text of field `key` ("" when absent). Non-string values
  // (which a parsed workflow never has) are used as their JSON text.
  std::string Text(const char* key) {
    const Json* raw = Raw(key);
    if (raw == nullptr || raw->is_null() || failed()) return "";
    if (!raw->is_string()) return raw->dump();
    return Source(Label(key), raw->get<std::string>());
  }

  // How field `key` is named in errors and warnings.
  std::string Label(const std::string& key) const {
    if (variant_ != nullptr && variant_->contains(key)) {
      return "variants[" + std::to_string(*variant_index_) + "]." + key;
    }
    return key;
  }

  // Renders every string inside `value` (an object or array), keeping its
  // shape; `label` names it in errors ("hook.body.email").
  Json Structure(const std::string& label, const Json& value, int depth = 0) {
    if (failed()) return nullptr;
    if (depth > 64) {
      error_ = template_name_ + "." + label + ": nested deeper than 64 levels";
      return nullptr;
    }
    if (value.is_string()) return Source(label, value.get<std::string>());
    if (value.is_object()) {
      Json out = Json::object();
      for (auto it = value.begin(); it != value.end(); ++it) out[it.key()] = Structure(label + "." + it.key(), *it, depth + 1);
      return out;
    }
    if (value.is_array()) {
      Json out = Json::array();
      for (std::size_t i = 0; i < value.size(); ++i) {
        out.push_back(Structure(label + "." + std::to_string(i), value[i], depth + 1));
      }
      return out;
    }
    return value;
  }

  bool failed() const { return error_.has_value(); }
  const std::optional<std::string>& error() const { return error_; }
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  std::string Source(const std::string& label, const std::string& source) {
    std::string full = template_name_ + "." + label;
    liquid::ParseResult parsed = store_.Field(full, source);
    if (!parsed.ok()) {
      error_ = parsed.error->ToString();
      return "";
    }
    liquid::RenderResult& result = store_.scratch();
    liquid::RenderInto(*parsed.tmpl, data_, &store_, options_, &result);
    if (!result.ok()) {
      error_ = result.error->ToString();
      return "";
    }
    for (const liquid::Warning& w : result.warnings) warnings_.push_back(CodedLiquidWarning(w, full, label));
    // A copy of exactly the rendered size: the message keeps no spare room,
    // and the buffer (with its room) serves the next field.
    return result.output;
  }

  TemplateStore& store_;
  const std::string& template_name_;
  const Json& fields_;
  const Json* variant_;
  std::optional<std::size_t> variant_index_;
  const Json& data_;
  const liquid::RenderOptions& options_;
  std::optional<std::string> error_;
  std::vector<std::string> warnings_;
};

void Append(Json& warnings, const std::vector<std::string>& more) {
  for (const std::string& w : more) warnings.push_back(w);
}

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// Channel parts: each fills `message` and appends its checks to `checks`.

void RenderEmail(FieldRenderer& f, Json& message, std::vector<std::string>& checks) {
  std::string from_name = f.Text("from_name");
  std::string subject = f.Text("subject");
  std::string preheader = f.Text("preheader");
  std::string html = f.Text("html");
  bool has_text = f.Raw("text") != nullptr && f.Raw("text")->is_string();
  std::string text = has_text ? f.Text("text") : channels::HtmlToText(html);
  message["from_name"] = from_name;
  message["subject"] = subject;
  message["preheader"] = preheader;
  message["html"] = html;
  message["text"] = text;
  for (const char* extra : {"from_email", "reply_to"}) {
    if (f.Has(extra)) message[extra] = f.Text(extra);
  }
  checks = channels::EmailWarnings(subject, preheader, html, text);
}

void RenderSms(FieldRenderer& f, Json& message, std::vector<std::string>& checks) {
  std::string body = f.Text("body");
  channels::SmsInfo info = channels::AnalyzeSms(body);
  message["body"] = body;
  message["encoding"] = info.encoding;
  message["segments"] = info.segments;
  message["characters"] = info.characters;
  checks = channels::SmsWarnings(body, info);
}

void RenderPush(FieldRenderer& f, Json& message, std::vector<std::string>& checks) {
  std::string title = f.Text("title");
  std::string body = f.Text("body");
  std::string deep_link = Trim(f.Text("deep_link"));
  std::string image = Trim(f.Text("image"));
  message["title"] = title;
  message["body"] = body;
  message["deep_link"] = deep_link;
  message["image"] = image;
  channels::PushPreview ios = channels::PreviewIos(title, body);
  channels::PushPreview android = channels::PreviewAndroid(title, body);
  message["preview"] = {{"ios", {{"title", ios.title}, {"body", ios.body}}},
                        {"android", {{"title", android.title}, {"body", android.body}}}};
  checks = channels::PushWarnings(title, body, deep_link, image);
}

// Returns an error for an operation other than add/remove.
std::optional<std::string> RenderAdAudience(FieldRenderer& f, const std::string& template_name, const Json& contact,
                                            Json& message, std::vector<std::string>& checks) {
  std::string audience = Trim(f.Text("audience"));
  std::string operation = f.Has("operation") ? Trim(f.Text("operation")) : "add";
  if (f.failed()) return std::nullopt;
  if (operation != "add" && operation != "remove") {
    return template_name + "." + f.Label("operation") + ": operation must be \"add\" or \"remove\", not \"" +
           operation + "\"";
  }
  message["audience"] = audience;
  message["operation"] = operation;
  Json identifiers = Json::object();
  std::string email = channels::NormalizeEmail(AddressText(contact, "email"));
  std::string phone = channels::NormalizePhone(AddressText(contact, "phone"));
  if (!email.empty()) identifiers["email_sha256"] = channels::Sha256Hex(email);
  if (!phone.empty()) identifiers["phone_sha256"] = channels::Sha256Hex(phone);
  message["identifiers"] = identifiers;
  if (audience.empty()) checks.push_back("missing_audience: no audience name");
  return std::nullopt;
}

void RenderWebhook(FieldRenderer& f, Json& message, std::vector<std::string>& checks) {
  std::string method = Upper(Trim(f.Text("method")));
  if (method.empty()) method = "POST";
  std::string url = Trim(f.Text("url"));
  message["method"] = method;
  message["url"] = url;
  const Json* body = f.Raw("body");
  if (body != nullptr && (body->is_object() || body->is_array())) {
    Json rendered = f.Structure(f.Label("body"), *body);
    message["body"] = rendered.dump();
    message["body_json"] = std::move(rendered);
  } else {
    std::string text = f.Text("body");
    Json parsed = Json::parse(text, nullptr, false);
    message["body"] = text;
    if (!parsed.is_discarded()) message["body_json"] = std::move(parsed);
  }
  const Json* headers = f.Raw("headers");
  if (headers != nullptr && headers->is_object()) message["headers"] = f.Structure(f.Label("headers"), *headers);

  static const char* const kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
  bool known = false;
  for (const char* m : kMethods) known = known || method == m;
  if (!known) checks.push_back("unknown_method: \"" + method + "\" is not an HTTP method");
  std::string lower = url;
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (url.empty()) {
    checks.push_back("missing_url: the webhook has no URL");
  } else if (StartsWith(lower, "http://")) {
    checks.push_back("url_not_https: " + url + " is sent unencrypted");
  } else if (!StartsWith(lower, "https://")) {
    checks.push_back("url_not_http: " + url + " is not an http(s) URL");
  }
}

struct Address {
  const char* attribute;  // nullptr: the channel needs none
  const char* what;
};

Address AddressFor(Channel channel) {
  switch (channel) {
    case Channel::kEmail: return {"email", "an email"};
    case Channel::kSms: return {"phone", "a phone"};
    case Channel::kPush: return {"push_token", "a push_token"};
    default: return {nullptr, ""};
  }
}

RenderedMessage Fail(std::string error) {
  RenderedMessage m;
  m.error = std::move(error);
  return m;
}

}  // namespace

MessageRenderer::MessageRenderer(std::shared_ptr<const Workflow> workflow, bool strict)
    : workflow_(std::move(workflow)), strict_(strict), store_(std::make_unique<render_internal::TemplateStore>(*workflow_)) {}

MessageRenderer::~MessageRenderer() = default;

RenderedMessage MessageRenderer::Render(const std::string& name, const MessageContext& context) {
  try {
    auto found = workflow_->templates.find(name);
    if (found == workflow_->templates.end()) return Fail("no template '" + name + "' in the workflow");
    const MessageTemplate& message_template = found->second;
    const Json& source = message_template.source;
    const Channel channel = message_template.channel;
    const char* channel_name = ChannelName(channel);

    Json workflow_info = {{"id", workflow_->id}, {"name", workflow_->name}};
    std::string now = FormatTimestamp(context.now);
    Json warnings = Json::array();

    // Address and consent: reported, not enforced (the simulator suppresses
    // the send; a preview still shows the message).
    // The simulator's rules (a blank email or a phone without digits is no
    // address).
    auto field = [&context](const char* key) -> const Json* {
      if (!context.contact.is_object()) return nullptr;
      auto it = context.contact.find(key);
      return it == context.contact.end() ? nullptr : &*it;
    };
    if (!channels::HasAddress(channel, field)) {
      Address address = AddressFor(channel);
      warnings.push_back(address.attribute != nullptr
                             ? std::string("no_address: contact has no ") + address.attribute
                             : std::string("no_address: contact has no email or phone to match"));
    }
    if (channels::ConsentWithdrawn(channel, field)) {
      warnings.push_back(std::string("no_consent: contact.consent.") + channel_name + " is false");
    }

    // Smart content: the template's own fields, overridden by the chosen variant's.
    Json fields = source.is_object() ? source : Json::object();
    fields.erase("variants");
    fields.erase("channel");
    fields.erase("description");
    std::optional<std::size_t> variant;
    const Json* chosen = nullptr;
    auto variants = source.is_object() ? source.find("variants") : source.end();
    if (source.is_object() && variants != source.end() && variants->is_array()) {
      Json condition_data = {{"contact", context.contact}, {"now", now}, {"workflow", workflow_info}};
      if (!context.event.is_null()) condition_data["event"] = context.event;
      logic::JsonHost json_host(condition_data);
      logic::EvalOptions eval_options;
      eval_options.host = context.host != nullptr ? context.host : &json_host;
      for (std::size_t i = 0; i < variants->size() && !variant; ++i) {
        const Json& candidate = (*variants)[i];
        if (!candidate.is_object()) continue;
        if (!candidate.contains("when")) {
          variant = i;
          break;
        }
        std::shared_ptr<const logic::Rule> rule = store_->VariantRule(message_template, i, candidate);
        if (!rule) {
          return Fail(name + ".variants[" + std::to_string(i) + "].when: the condition does not compile");
        }
        if (logic::Truthy(logic::Evaluate(*rule, condition_data, eval_options))) variant = i;
      }
      if (variant) {
        chosen = &(*variants)[*variant];
        for (auto it = chosen->begin(); it != chosen->end(); ++it) {
          if (it.key() != "when") fields[it.key()] = *it;
        }
      } else {
        warnings.push_back("no_variant: no variant's condition holds and there is no default; the template's own "
                           "fields were rendered");
      }
    }

    Json data = {{"contact", context.contact},
                 {"event", context.event},
                 {"workflow", workflow_info},
                 {"now", now},
                 {"message", {{"template", name}, {"node", context.node}}}};
    liquid::RenderOptions options;
    options.strict = strict_;
    options.now = context.now;
    options.zone = context.zone;

    Json message = {{"channel", channel_name}, {"template", name}};
    if (variant) message["variant"] = *variant;
    std::vector<std::string> checks;
    std::optional<std::string> error;
    FieldRenderer f(*store_, name, fields, chosen, variant, data, options);
    switch (channel) {
      case Channel::kEmail: RenderEmail(f, message, checks); break;
      case Channel::kSms: RenderSms(f, message, checks); break;
      case Channel::kPush: RenderPush(f, message, checks); break;
      case Channel::kAdAudience: error = RenderAdAudience(f, name, context.contact, message, checks); break;
      case Channel::kWebhook: RenderWebhook(f, message, checks); break;
    }
    if (f.failed()) return Fail(*f.error());
    if (error) return Fail(*error);
    Append(warnings, f.warnings());
    Append(warnings, checks);
    message["warnings"] = std::move(warnings);
    RenderedMessage rendered;
    rendered.message = std::move(message);
    return rendered;
  } catch (const std::exception& e) {
    return Fail(name + ": internal error while rendering: " + e.what());
  }
}

}  // namespace flowproof
