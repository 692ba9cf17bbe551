// The test contacts: a list (where each one is now, click to select) and
// a form to edit the selected one (id, time zone, addresses, lists, consent
// and any other attribute). Edits go straight into the fixture; the run is
// replayed to the same moment.
//
//   renderContactList(container, model, { selectContact, addContact });
//   renderContactForm(container, model, { editFixture, deleteContact, renameContact });

import { button, field, h, own, replace, text } from '../shared/dom.js';
import { contactWhereabouts } from './explain.js';
import { safeZone, zoneLabel } from './time.js';

/** Contacts listed at most (the search box finds the others). */
export const MAX_LISTED = 150;

const STATE_LABEL = { not_enrolled: 'not enrolled', active: 'active', waiting: 'waiting', exited: 'exited' };
const KNOWN = new Set(['id', 'timezone', 'lists', 'consent', 'first_name', 'email', 'phone', 'push_token']);
const CHANNELS = ['email', 'sms', 'push'];

let zones = null;
function zoneList() {
  if (!zones) {
    try {
      zones = Intl.supportedValuesOf('timeZone');
    } catch {
      zones = ['UTC', 'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney'];
    }
    if (!zones.includes('UTC')) zones = ['UTC', ...zones];
  }
  return zones;
}

/**
 * @param {HTMLElement} container
 * @param {object} model
 * @param {{selectContact: Function, addContact: Function}} actions
 */
export function renderContactList(container, model, actions) {
  const defined = Array.isArray(model.fixture?.contacts) ? model.fixture.contacts : [];
  const filter = (model.contactFilter ?? '').trim().toLowerCase();
  let shown = filter ? defined.filter((c) => `${c?.id ?? ''} ${c?.first_name ?? ''} ${c?.email ?? ''}`.toLowerCase().includes(filter)) : defined;
  const hidden = Math.max(0, shown.length - MAX_LISTED);
  if (hidden) {
    // Keep the selected contact visible however long the list is.
    const selected = shown.find((c) => c?.id === model.selectedContact);
    shown = shown.slice(0, MAX_LISTED);
    if (selected && !shown.includes(selected)) shown.push(selected);
  }
  const rows = shown.map((def) => {
    const id = String(def?.id ?? '');
    const live = model.contactById.get(id);
    const got = live?.received ?? 0;
    const state = live?.state ?? 'not_enrolled';
    const selected = model.selectedContact === id;
    return h(
      'li',
      {},
      h(
        'button',
        {
          type: 'button',
          class: `fp-contact${selected ? ' fp-contact--selected' : ''}`,
          'aria-pressed': String(selected),
          'data-contact': id,
          'data-state': state,
          on: { click: () => actions.selectContact(id) },
        },
        h('span', { class: 'fp-avatar', 'aria-hidden': 'true' }, (def?.first_name || id || '?').slice(0, 1).toUpperCase()),
        h(
          'span',
          { class: 'fp-contact-main' },
          h('span', { class: 'fp-contact-id' }, id, def?.first_name ? h('span', { class: 'fp-muted' }, ` · ${def.first_name}`) : null),
          h('span', { class: 'fp-contact-where' }, h('span', { class: `fp-state fp-state--${state}` }, own(STATE_LABEL, state, state)), ' ', live ? contactWhereabouts(live, model.workflow, { finished: !!model.status?.finished }) : 'Not running'),
          h('span', { class: 'fp-contact-zone' }, `${zoneLabel(def?.timezone || model.workflow?.timezone || 'UTC')} time`, got ? ` · ${got} message${got === 1 ? '' : 's'} received` : ''),
          model.portfolio && live ? portfolioWhereabouts(live, model.portfolio) : null,
        ),
      ),
    );
  });
  let search = container.querySelector('.fp-contact-search');
  if (defined.length > 12 && !search) {
    search = h('input', { class: 'fp-input fp-contact-search', type: 'search', placeholder: 'Find a contact', 'aria-label': 'Find a contact', autocomplete: 'off', props: { value: model.contactFilter ?? '' } });
    search.addEventListener('input', () => actions.setFilter(search.value));
  }
  replace(
    container,
    h('div', { class: 'fp-panel-head' }, h('h2', { class: 'fp-panel-title' }, `Contacts (${defined.length})`), defined.length > 12 ? search : null),
    rows.length ? h('ul', { class: 'fp-contacts', 'data-testid': 'contacts' }, rows, hidden ? h('li', { class: 'fp-note' }, `${hidden} more: type in the search box to find them.`) : null) : h('p', { class: 'fp-empty' }, defined.length ? 'No contact matches.' : 'No test contacts yet.'),
    button('+ Add contact', actions.addContact, { variant: 'ghost', testid: 'add-contact', disabled: !model.fixture, title: 'Add a test contact to the fixture' }),
  );
}

function parseLoose(textValue) {
  const t = textValue.trim();
  if (t === '') return '';
  try {
    return JSON.parse(t);
  } catch {
    return textValue; // a plain string
  }
}

function showLoose(value) {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The edit form for the selected contact.
 * @param {HTMLElement} container
 * @param {object} model
 * @param {{editContact: (id: string, fn: (c: object) => void) => void, deleteContact: Function, renameContact: Function}} actions
 */
export function renderContactForm(container, model, actions) {
  const contacts = Array.isArray(model.fixture?.contacts) ? model.fixture.contacts : null;
  if (!contacts) {
    replace(container, h('p', { class: 'fp-empty' }, model.fixture ? 'The fixture has no contacts list.' : 'Fix the fixture JSON first: the form edits valid JSON only.'));
    return;
  }
  const def = contacts.find((c) => c?.id === model.selectedContact);
  if (!def) {
    replace(container, h('p', { class: 'fp-empty' }, 'Select a contact (left) to edit it, or add one.'));
    return;
  }
  const id = def.id;
  const edit = (fn) => actions.editContact(id, fn);
  const input = (name, value, onValue, extra = {}) =>
    h('input', {
      class: 'fp-input',
      name,
      autocomplete: 'off',
      spellcheck: 'false',
      ...extra,
      props: { value: value ?? '' },
      on: { input: (e) => onValue(e.target.value) },
    });
  const setOrDelete = (key) => (v) =>
    edit((c) => {
      if (v === '') delete c[key];
      else c[key] = v;
    });

  const idInput = h('input', { class: 'fp-input', name: 'id', autocomplete: 'off', spellcheck: 'false', props: { value: id } });
  idInput.addEventListener('change', () => {
    const next = idInput.value.trim();
    if (next && next !== id) actions.renameContact(id, next);
    else idInput.value = id;
  });

  const zoneId = 'fp-zones';
  const zoneInput = input('timezone', def.timezone ?? '', (v) => {
    if (v === '' || safeZone(v) === v) setOrDelete('timezone')(v);
  }, { list: zoneId, placeholder: `${model.workflow?.timezone ?? 'UTC'} (the workflow's)` });

  const lists = input('lists', Array.isArray(def.lists) ? def.lists.join(', ') : '', (v) =>
    edit((c) => {
      const items = v.split(',').map((x) => x.trim()).filter(Boolean);
      if (items.length) c.lists = items;
      else delete c.lists;
    }),
  );

  const consentRows = CHANNELS.map((channel) => {
    const current = def.consent && typeof def.consent === 'object' && channel in def.consent ? (def.consent[channel] === false ? 'no' : 'yes') : 'unset';
    const select = h(
      'select',
      { class: 'fp-input', name: `consent-${channel}`, on: {
        change: (e) =>
          edit((c) => {
            const consent = c.consent && typeof c.consent === 'object' ? c.consent : {};
            if (e.target.value === 'unset') delete consent[channel];
            else consent[channel] = e.target.value === 'yes';
            if (Object.keys(consent).length) c.consent = consent;
            else delete c.consent;
          }),
      } },
      [['unset', 'not stated (allowed)'], ['yes', 'consented'], ['no', 'refused']].map(([v, label]) => h('option', { value: v, selected: current === v }, label)),
    );
    return field(`${channel === 'sms' ? 'SMS' : channel[0].toUpperCase() + channel.slice(1)} consent`, select);
  });

  const others = Object.keys(def).filter((k) => !KNOWN.has(k));
  const attributeRows = others.map((key) =>
    h(
      'div',
      { class: 'fp-attr-row' },
      h('code', { class: 'fp-attr-key' }, key),
      input(`attr-${key}`, showLoose(def[key]), (v) => edit((c) => (c[key] = parseLoose(v))), { 'aria-label': `Attribute ${key}` }),
      button('Remove', () => edit((c) => delete c[key]), { variant: 'ghost', title: `Remove attribute ${key}` }),
    ),
  );
  const newKey = h('input', { class: 'fp-input', placeholder: 'attribute name (e.g. country)', 'aria-label': 'New attribute name', autocomplete: 'off' });
  const newValue = h('input', { class: 'fp-input', placeholder: "value: US, 42, true, [\"a\"]", 'aria-label': 'New attribute value', autocomplete: 'off' });
  const addAttr = button('Add attribute', () => {
    const key = newKey.value.trim();
    if (!key || KNOWN.has(key)) return;
    edit((c) => (c[key] = parseLoose(newValue.value)));
  }, { variant: 'ghost' });

  const liveBox = h(
    'details',
    { class: 'fp-live' },
    h('summary', {}, 'Now, in the simulation (after updates by the workflow)'),
    h('pre', { class: 'fp-pre', 'data-testid': 'contact-live' }, ''),
  );

  replace(
    container,
    h(
      'form',
      { class: 'fp-form', 'data-testid': 'contact-form', on: { submit: (e) => e.preventDefault() } },
      h('div', { class: 'fp-form-grid' },
        field('Contact id', idInput, 'Renaming updates the script too.'),
        field('Time zone', zoneInput, `Local times (quiet hours, "09:00") are read here. Blank: ${zoneLabel(model.workflow?.timezone ?? 'UTC')}.`),
        field('First name', input('first_name', def.first_name, setOrDelete('first_name'))),
        field('Email', input('email', def.email, setOrDelete('email'), { type: 'email' }), 'Blank: emails are suppressed (no address).'),
        field('Phone', input('phone', def.phone, setOrDelete('phone'), { type: 'tel' }), 'With country code, e.g. +15555550100.'),
        field('Push token', input('push_token', def.push_token, setOrDelete('push_token'))),
        field('Lists', lists, 'Comma-separated.'),
        consentRows,
      ),
      h('datalist', { id: zoneId }, zoneList().map((z) => h('option', { value: z }))),
      h('h3', { class: 'fp-form-sub' }, 'Other attributes'),
      attributeRows.length ? attributeRows : h('p', { class: 'fp-muted' }, 'None.'),
      h('div', { class: 'fp-attr-row fp-attr-row--new' }, newKey, newValue, addAttr),
      liveBox,
      h('div', { class: 'fp-form-actions' }, button('Delete contact', () => actions.deleteContact(id), { variant: 'danger', testid: 'delete-contact' })),
    ),
  );
  renderLiveState(container, model);
}

/**
 * The selected contact as the simulation has it now (its attributes after
 * updates), in the form's "Now" box: redrawn at every clock move without
 * rebuilding the form under the user's cursor.
 */
export function renderLiveState(container, model) {
  const pre = container.querySelector('[data-testid=contact-live]');
  if (!pre) return;
  const live = model.contactById.get(model.selectedContact);
  const box = pre.closest('details');
  if (box) box.hidden = !live;
  if (!live) return;
  const value = live.attributes
    ? { state: live.state, node: live.node ?? null, lists: live.lists, consent: live.consent, attributes: live.attributes }
    : { state: live.state, node: live.node ?? null, attributes: '(reading…)' };
  text(pre, JSON.stringify(value, null, 2));
}

// In a portfolio the row says where the contact is in the diagram's
// workflow; this line adds which of the others it is in now.
function portfolioWhereabouts(live, portfolio) {
  const inside = portfolio.workflows.filter((w) => {
    const state = live.workflows?.[w.id]?.state;
    return state === 'waiting' || state === 'active';
  });
  const names = inside.map((w) => (typeof w.name === 'string' && w.name ? w.name : w.id));
  const words = names.length ? `In ${names.length} of ${portfolio.workflows.length} workflows now: ${names.join(', ')}` : `In none of the ${portfolio.workflows.length} workflows now`;
  return h('span', { class: 'fp-contact-zone', 'data-testid': 'contact-workflows' }, words);
}
