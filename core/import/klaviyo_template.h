// Klaviyo's Django-style message text translated to Liquid.
//
// Klaviyo renders subject lines, SMS bodies and push texts with Django
// template syntax and its own variables (`person.first_name`, bare profile
// names such as `first_name`, `event.X` for the triggering event's
// properties). flowproof renders Liquid with `contact` and `event`. The
// common constructs are translated exactly: `{{ x|default:'y' }}`, the
// filters with a Liquid twin (upper, lower, length, truncatechars, ...),
// `{% if %}`/`{% elif %}`/`{% else %}`/`{% endif %}` with `==`, `!=`, `<`,
// `>`, `and`, `or` and `x in y`, `{% for a in b %}`/`{% empty %}`/
// `{% endfor %}` and `{% comment %}`. Anything else (Klaviyo's own tags such
// as `{% unsubscribe %}`, `{% with %}`, filters without a twin, `not`) is
// kept as literal text inside `{% raw %}` and listed in `untranslated`, so
// the result always parses as Liquid and the loss is reported.
//
//   DjangoTranslation t = TranslateDjangoToLiquid("Hi {{ person.first_name|default:'there' }}");
//   // t.liquid == "Hi {{ contact.first_name | default: 'there' }}", t.untranslated empty
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace flowproof {

struct DjangoTranslation {
  std::string liquid;                     // always parses as Liquid
  std::vector<std::string> untranslated;  // each construct kept as literal text, as written
};

// Translates one Klaviyo text. Never throws; text without template markup
// comes back unchanged (only `{%` / `{{` sequences are rewritten).
DjangoTranslation TranslateDjangoToLiquid(std::string_view text);

}  // namespace flowproof
