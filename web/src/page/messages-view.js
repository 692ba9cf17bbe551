// The Messages tab: every message sent so far (for the selected contact or
// for everyone), and suppressed sends, with the selected one previewed per
// channel (previews.js).
//
//   renderMessages(container, model, { selectMessage, setMessageScope, setEmailLayout, previewSuppressed });

import { h, replace } from '../shared/dom.js';
import { channelWord, messageHeadline, reasonWords } from './explain.js';
import { channelGlyph, renderMessage } from './previews.js';
import { formatLocal } from './time.js';

/** Messages listed at most (Everyone's list shows the latest). */
export const MAX_LISTED = 500;

/** Identity of a sent or suppressed message. */
export function messageKey(m) {
  return `${m.t}\u0000${m.contact}\u0000${m.node}\u0000${m.template}`;
}

/** Sent messages and suppressed sends, in time order, for one contact or all. */
function messageItems(model, contactId) {
  const items = [];
  const sent = Array.isArray(model.messages) ? model.messages : [];
  sent.forEach((m, i) => {
    if (!contactId || m.contact === contactId) items.push({ ...m, kind: 'sent', order: i });
  });
  (model.suppressed ?? []).forEach((line, i) => {
    if (contactId && line.contact !== contactId) return;
    items.push({ t: line.t, contact: line.contact, node: line.node, template: line.template, channel: line.channel, reason: line.reason, kind: 'suppressed', order: sent.length + i });
  });
  items.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.order - b.order));
  return items;
}

/**
 * @param {HTMLElement} container
 * @param {object} model
 * @param {object} actions
 */
export function renderMessages(container, model, actions) {
  if (!model.status) {
    replace(container, h('p', { class: 'fp-empty' }, 'Load an example to see its messages.'));
    return;
  }
  const all = model.messageScope === 'all' || !model.selectedContact;
  let items = messageItems(model, all ? null : model.selectedContact);
  // Everyone's list is the latest ones (the worker sends at most that many).
  const hiddenCount = all ? Math.max(0, (model.messageTotal ?? items.length) - items.filter((m) => m.kind === 'sent').length) : 0;
  if (items.length > MAX_LISTED) items = items.slice(items.length - MAX_LISTED);
  const selectedKey = model.selectedMessage;
  let selected = items.find((m) => messageKey(m) === selectedKey) ?? null;
  if (!selected && items.length) selected = items.find((m) => m.kind === 'sent') ?? items[0];

  const list = h(
    'ol',
    { class: 'fp-msg-list', 'data-testid': 'message-list' },
    items.map((m) => {
      const key = messageKey(m);
      const isSel = selected && key === messageKey(selected);
      return h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: `fp-msg${isSel ? ' fp-msg--selected' : ''}${m.kind === 'suppressed' ? ' fp-msg--suppressed' : ''}`,
            'aria-pressed': String(!!isSel),
            'data-channel': String(m.channel),
            'data-template': String(m.template),
            on: { click: () => actions.selectMessage(key) },
          },
          h('span', { class: `fp-msg-glyph fp-chip--${String(m.channel).replace('_', '-')}`, 'aria-hidden': 'true' }, channelGlyph(m.channel)),
          h(
            'span',
            { class: 'fp-msg-main' },
            h('span', { class: 'fp-msg-title' }, `${channelWord(m.channel)} · ${m.template}`, all ? h('span', { class: 'fp-muted' }, ` → ${m.contact}`) : null),
            h('span', { class: 'fp-msg-sub' }, m.kind === 'suppressed' ? `Not sent: ${reasonWords(m.reason)}` : messageHeadline(m) || ' '),
            h('span', { class: 'fp-msg-time' }, formatLocal(m.t, model.zoneOf(m.contact))),
          ),
        ),
      );
    }),
  );

  const scope = h(
    'div',
    { class: 'fp-segmented', role: 'group', 'aria-label': 'Whose messages' },
    h('button', { type: 'button', class: 'fp-seg', 'aria-pressed': String(!all), disabled: !model.selectedContact, on: { click: () => actions.setMessageScope('contact') } }, model.selectedContact ? `${model.selectedContact}` : 'Selected contact'),
    h('button', { type: 'button', class: 'fp-seg', 'aria-pressed': String(all), on: { click: () => actions.setMessageScope('all') } }, 'Everyone'),
  );

  const layouts = [
    ['both', 'Desktop + mobile'],
    ['desktop', 'Desktop'],
    ['mobile', 'Mobile'],
    ['text', 'Plain text'],
  ];
  const layoutBar =
    selected?.channel === 'email'
      ? h(
          'div',
          { class: 'fp-segmented', role: 'group', 'aria-label': 'Email view' },
          layouts.map(([v, label]) => h('button', { type: 'button', class: 'fp-seg', 'aria-pressed': String(model.emailLayout === v), on: { click: () => actions.setEmailLayout(v) } }, label)),
        )
      : null;

  const buildPreview = () => {
    let preview;
    if (!selected) {
      preview = h('p', { class: 'fp-empty', 'data-testid': 'no-messages' }, model.status.steps === 0 ? 'No messages yet: press Step or Run to end.' : 'No messages so far for this selection.');
    } else if (selected.kind === 'sent') {
      preview = renderMessage(selected, { zone: model.zoneOf(selected.contact), layout: model.emailLayout });
    } else {
      const rendered = model.renderCache.get(messageKey(selected));
      if (rendered === undefined || rendered === null) {
        if (rendered === undefined) actions.previewSuppressed(selected);
        preview = h('p', { class: 'fp-muted' }, 'Rendering what it would have said…');
      } else if (rendered.error) {
        preview = h('p', { class: 'fp-note fp-note--warn' }, `Not sent (${reasonWords(selected.reason)}), and it cannot be rendered now: ${rendered.error}`);
      } else {
        preview = renderMessage({ ...selected, message: rendered }, { zone: model.zoneOf(selected.contact), layout: model.emailLayout, suppressed: reasonWords(selected.reason) });
      }
    }
    return preview;
  };

  // The preview is replaced only when what it shows changed: rebuilding
  // the email frames on every clock step would reload them and flicker.
  let parts = layoutsOf.get(container);
  if (!parts || !container.contains(parts.root)) {
    parts = { side: h('div', { class: 'fp-msg-side' }), preview: h('div', { class: 'fp-msg-preview' }), sig: null };
    parts.root = h('div', { class: 'fp-messages' }, parts.side, parts.preview);
    replace(container, parts.root);
    layoutsOf.set(container, parts);
  }
  replace(
    parts.side,
    h('div', { class: 'fp-msg-tools' }, scope),
    hiddenCount ? h('p', { class: 'fp-note', 'data-testid': 'messages-latest' }, `The latest ${items.length.toLocaleString('en-US')} of ${(model.messageTotal ?? 0).toLocaleString('en-US')} messages; pick a contact to see all of theirs.`) : null,
    items.length ? list : h('p', { class: 'fp-empty' }, 'None yet.'),
  );
  const sig = selected ? `${messageKey(selected)}|${model.emailLayout}|${selected.kind}|${JSON.stringify(selected.message ?? model.renderCache.get(messageKey(selected)) ?? null)}` : `none|${model.status.steps}`;
  if (sig !== parts.sig) {
    parts.sig = sig;
    replace(parts.preview, layoutBar ? h('div', { class: 'fp-msg-tools' }, layoutBar) : null, buildPreview());
  }
}

const layoutsOf = new WeakMap();
