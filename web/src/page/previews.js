// Message previews, one per channel, exactly as rendered by the core:
//   email        inbox line (from, subject, preheader), the HTML in sandboxed
//                frames (sandbox="": no scripts, opaque origin) at desktop
//                and mobile widths, the plain-text part, links and warnings
//   sms          a phone bubble, encoding and segment count
//   push         iOS and Android lock-screen cards (the core's truncation)
//   ad_audience  the audience operation and hashed identifiers, as data
//   webhook      method, URL, headers and body, as data
//
//   const view = renderMessage(sent, { zone });    // an element
//
// Everything from the message enters the page as text; the email HTML only
// ever enters a sandboxed srcdoc frame (email-frame.js).

import { h, own } from '../shared/dom.js';
import { emailSrcdoc } from './email-frame.js';
import { channelWord } from './explain.js';
import { formatLocal } from './time.js';
import { emailHtml } from './trusted.js';

/** Widths of the email frames, in CSS pixels. */
const EMAIL_WIDTHS = { desktop: 640, mobile: 375 };

function warningsList(message) {
  const warnings = Array.isArray(message?.warnings) ? message.warnings : [];
  if (!warnings.length) return h('p', { class: 'fp-ok-note', 'data-testid': 'no-warnings' }, '✓ No warnings');
  return h(
    'div',
    { class: 'fp-warnings', role: 'list', 'data-testid': 'warnings' },
    h('p', { class: 'fp-warnings-title' }, `${warnings.length} warning${warnings.length === 1 ? '' : 's'}`),
    warnings.map((w) => {
      const m = /^([a-z0-9_]+):\s*(.*)$/s.exec(String(w));
      return h('p', { class: 'fp-warning', role: 'listitem' }, m ? [h('code', {}, m[1]), ' ', m[2]] : String(w));
    }),
  );
}

function dataRows(rows) {
  return h(
    'dl',
    { class: 'fp-data' },
    rows.filter(([, v]) => v !== undefined).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v === null || v === '' ? h('span', { class: 'fp-muted' }, '(empty)') : typeof v === 'object' && !(v instanceof Node) ? JSON.stringify(v) : v)]),
  );
}

function rawJson(message) {
  return h('details', { class: 'fp-raw' }, h('summary', {}, 'Rendered message as JSON'), h('pre', { class: 'fp-pre' }, JSON.stringify(message, null, 2)));
}

/** A sandboxed frame for email HTML: sandbox="" (no allow-scripts, no allow-same-origin), content via srcdoc. */
export function emailFrame(srcdoc, width, label) {
  const frame = h('iframe', {
    class: `fp-email-frame fp-email-frame--${width === EMAIL_WIDTHS.mobile ? 'mobile' : 'desktop'}`,
    title: label,
    'data-testid': `email-frame-${width === EMAIL_WIDTHS.mobile ? 'mobile' : 'desktop'}`,
  });
  frame.setAttribute('sandbox', ''); // explicit: no permission at all
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.setAttribute('width', String(width));
  frame.srcdoc = emailHtml(srcdoc);
  return frame;
}

function emailView(message, { layout = 'both' } = {}) {
  const { srcdoc, links, images, removed } = emailSrcdoc(message.html ?? '');
  const inbox = h(
    'div',
    { class: 'fp-inbox', 'data-testid': 'email-inbox' },
    h('div', { class: 'fp-inbox-from' }, message.from_name || h('span', { class: 'fp-muted' }, '(no sender name)')),
    h('div', { class: 'fp-inbox-subject', 'data-testid': 'email-subject' }, message.subject || h('span', { class: 'fp-muted' }, '(no subject)')),
    h('div', { class: 'fp-inbox-preheader', 'data-testid': 'email-preheader' }, message.preheader ? message.preheader : h('span', { class: 'fp-muted' }, '(no preheader: clients show the first text of the email)')),
  );
  const frames = h('div', { class: `fp-email-frames fp-email-frames--${layout}` });
  if (layout !== 'text') {
    if (layout !== 'mobile') frames.append(h('figure', { class: 'fp-device fp-device--desktop' }, h('figcaption', {}, `Desktop · ${EMAIL_WIDTHS.desktop}px`), emailFrame(srcdoc, EMAIL_WIDTHS.desktop, 'Email preview, desktop width')));
    if (layout !== 'desktop') frames.append(h('figure', { class: 'fp-device fp-device--mobile' }, h('figcaption', {}, `Mobile · ${EMAIL_WIDTHS.mobile}px`), emailFrame(srcdoc, EMAIL_WIDTHS.mobile, 'Email preview, mobile width')));
  } else {
    frames.append(h('pre', { class: 'fp-pre fp-email-text', 'data-testid': 'email-text' }, message.text ?? ''));
  }
  const notes = [];
  if (images.length) notes.push(h('p', { class: 'fp-note' }, `${images.length} image${images.length === 1 ? '' : 's'} from other servers shown as placeholders with their alt text — the tester never contacts servers a fixture names.`));
  if (removed.length) notes.push(h('p', { class: 'fp-note fp-note--warn' }, `Removed from the preview, as mail clients do: ${removed.map((r) => `<${r}>`).join(', ')}.`));
  const linkList = links.length
    ? h(
        'details',
        { class: 'fp-links' },
        h('summary', {}, `${links.length} link${links.length === 1 ? '' : 's'} in this email`),
        h(
          'ol',
          {},
          links.map((l) => h('li', {}, h('span', { class: 'fp-link-text' }, l.text), ' → ', h('code', { class: 'fp-link-href' }, l.href))),
        ),
      )
    : null;
  return [inbox, warningsList(message), frames, notes, linkList];
}

function smsView(message) {
  const segments = Number(message.segments ?? 0);
  return [
    h(
      'div',
      { class: 'fp-phone', 'data-testid': 'sms-phone' },
      h('div', { class: 'fp-phone-top' }, 'Messages'),
      h('div', { class: 'fp-phone-screen' }, h('div', { class: 'fp-bubble', 'data-testid': 'sms-bubble' }, message.body ?? '')),
    ),
    h(
      'p',
      { class: 'fp-sms-meta', 'data-testid': 'sms-meta' },
      h('strong', {}, message.encoding ?? '?'),
      ` encoding · ${segments} segment${segments === 1 ? '' : 's'}`,
      message.characters !== undefined ? ` · ${message.characters} characters` : '',
    ),
    message.encoding === 'UCS-2' ? h('p', { class: 'fp-note fp-note--warn' }, 'UCS-2: a character outside the GSM alphabet (an emoji, a curly quote) makes every segment hold 70 characters instead of 160.') : null,
    warningsList(message),
  ];
}

function pushCard(platform, preview, message) {
  return h(
    'figure',
    { class: `fp-push fp-push--${platform}`, 'data-testid': `push-${platform}` },
    h('figcaption', {}, platform === 'ios' ? 'iOS lock screen' : 'Android notification'),
    h(
      'div',
      { class: 'fp-push-card' },
      h('div', { class: 'fp-push-head' }, h('span', { class: 'fp-push-icon', 'aria-hidden': 'true' }), h('span', { class: 'fp-push-app' }, 'YOUR APP'), h('span', { class: 'fp-push-time' }, 'now')),
      h('div', { class: 'fp-push-title' }, preview?.title ?? message.title ?? ''),
      h('div', { class: 'fp-push-body' }, preview?.body ?? message.body ?? ''),
      message.image ? h('div', { class: 'fp-push-image' }, 'image: ', h('code', {}, message.image)) : null,
    ),
  );
}

function pushView(message) {
  return [
    h('div', { class: 'fp-push-row' }, pushCard('ios', message.preview?.ios, message), pushCard('android', message.preview?.android, message)),
    dataRows([
      ['Title', message.title],
      ['Body', message.body],
      ['Deep link', message.deep_link],
      ['Image', message.image],
    ]),
    warningsList(message),
  ];
}

function audienceView(message) {
  const ids = message.identifiers && typeof message.identifiers === 'object' ? message.identifiers : {};
  return [
    h('p', { class: 'fp-audience-line', 'data-testid': 'audience-line' }, h('strong', {}, message.operation === 'remove' ? 'Remove from' : 'Add to'), ' audience ', h('code', {}, message.audience ?? '')),
    dataRows([
      ['Operation', message.operation],
      ['Audience', message.audience],
      ['email_sha256', ids.email_sha256 ?? '(no email)'],
      ['phone_sha256', ids.phone_sha256 ?? '(no phone)'],
    ]),
    h('p', { class: 'fp-note' }, 'Ad platforms match people by the SHA-256 of the trimmed, lower-case email and of the phone number in digits.'),
    warningsList(message),
  ];
}

function webhookView(message) {
  const body = message.body_json !== undefined ? JSON.stringify(message.body_json, null, 2) : message.body ?? '';
  return [
    h('p', { class: 'fp-webhook-line', 'data-testid': 'webhook-line' }, h('strong', { class: 'fp-method' }, message.method ?? 'POST'), ' ', h('code', {}, message.url ?? '')),
    message.headers && typeof message.headers === 'object'
      ? dataRows(Object.entries(message.headers).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))
      : null,
    h('pre', { class: 'fp-pre', 'data-testid': 'webhook-body' }, body),
    h('p', { class: 'fp-note' }, 'Recorded, never sent: the tester makes no network calls.'),
    warningsList(message),
  ];
}

/** Each channel's preview (the channel names FORMAT.md defines). */
const CHANNEL_VIEWS = { email: emailView, sms: smsView, push: pushView, ad_audience: audienceView, webhook: webhookView };

/**
 * The preview of one rendered message.
 * @param {{t?: string, contact?: string, template?: string, channel?: string, node?: string, message: object}} sent
 * @param {{zone?: string, layout?: 'both'|'desktop'|'mobile'|'text', suppressed?: string}} [options]
 * @returns {HTMLElement}
 */
export function renderMessage(sent, { zone = 'UTC', layout = 'both', suppressed } = {}) {
  const message = sent?.message ?? {};
  const channel = sent?.channel ?? message.channel;
  const head = h(
    'header',
    { class: 'fp-preview-head' },
    h('span', { class: `fp-chip fp-chip--${String(channel).replace('_', '-')}` }, channelWord(channel)),
    h('strong', { class: 'fp-preview-template' }, sent?.template ?? message.template ?? ''),
    sent?.contact ? h('span', { class: 'fp-muted' }, ` to ${sent.contact}`) : null,
    sent?.t ? h('span', { class: 'fp-muted' }, ` · ${formatLocal(sent.t, zone)}`) : null,
    Number.isInteger(message.variant) ? h('span', { class: 'fp-chip' }, `smart content variant ${message.variant + 1}`) : null,
  );
  const view = own(CHANNEL_VIEWS, channel);
  const body = view ? view(message, { layout }) : [h('p', {}, `No preview for channel '${channel}'.`)];
  return h(
    'article',
    { class: `fp-preview fp-preview--${String(channel).replace('_', '-')}`, 'data-testid': 'preview', 'data-channel': String(channel) },
    head,
    suppressed ? h('p', { class: 'fp-note fp-note--warn' }, `Not sent (${suppressed}). This is what it would have said.`) : null,
    body,
    rawJson(message),
  );
}

/** A small icon glyph per channel (text, so it needs no image). */
export function channelGlyph(channel) {
  const glyphs = { email: '✉', sms: '✆', push: '◉', ad_audience: '◎', webhook: '⇄' };
  return Object.hasOwn(glyphs, String(channel)) ? glyphs[channel] : '•';
}
