// The script editor: what happens to the contacts and when — events
// (form_submitted, purchase_completed...), data changes a CRM would make,
// and manual exits. One row per entry, in the fixture's order (which is the
// order of entries at the same instant).
//
//   renderScript(container, model, { editScript });   // editScript(fn(scriptArray))

import { button, h, replace } from '../shared/dom.js';
import { formatLocal, parseTimestamp } from './time.js';
import { formatOffset } from '../shared/format.js';

const KINDS = [
  ['event', 'Event'],
  ['set', 'Data change'],
  ['exit', 'Manual exit'],
];

function kindOf(entry) {
  if (entry?.exit === true) return 'exit';
  if (typeof entry?.event === 'string') return 'event';
  return 'set';
}

function jsonOrError(textValue, wantObject) {
  const t = textValue.trim();
  if (!t) return { value: undefined };
  try {
    const v = JSON.parse(t);
    if (wantObject && (!v || typeof v !== 'object' || Array.isArray(v))) return { error: 'Write a JSON object: {"key": value}' };
    return { value: v };
  } catch (e) {
    return { error: `Not JSON: ${e.message}` };
  }
}

/**
 * @param {HTMLElement} container
 * @param {object} model
 * @param {{editScript: (fn: (script: Array) => void) => void}} actions
 */
export function renderScript(container, model, actions) {
  const fixture = model.fixture;
  if (!fixture || typeof fixture !== 'object') {
    replace(container, h('p', { class: 'fp-empty' }, 'Fix the fixture JSON first: the script editor edits valid JSON only.'));
    return;
  }
  const script = Array.isArray(fixture.script) ? fixture.script : [];
  const contacts = (Array.isArray(fixture.contacts) ? fixture.contacts : []).map((c) => String(c?.id ?? ''));
  const start = model.status?.startSeconds ?? parseTimestamp(fixture.clock?.start, 0);
  const zoneOf = (id) => model.zoneOf(id);
  const only = model.scriptOnlySelected && model.selectedContact;
  const edit = (fn, rerender = false) => actions.editScript(fn, { rerender });

  const rows = [];
  script.forEach((entry, index) => {
    if (only && entry?.contact !== model.selectedContact) return;
    rows.push(scriptRow(entry, index, script.length, { contacts, start, zoneOf, edit, now: model.status?.nowSeconds }));
  });

  const nowOffset = model.status && model.status.steps > 0 ? formatOffset(model.status.nowSeconds - model.status.startSeconds) : '+1h';
  const target = model.selectedContact ?? contacts[0];
  const add = (kind) =>
    edit((s) => {
      const entry = { at: nowOffset, contact: target };
      if (kind === 'event') Object.assign(entry, { event: 'form_submitted', source: 'web' });
      else if (kind === 'set') entry.set = { lead_score: 50 };
      else entry.exit = true;
      s.push(entry);
    }, true);

  const onlyToggle = h('input', { type: 'checkbox', props: { checked: !!model.scriptOnlySelected }, on: { change: (e) => actions.setScriptFilter(e.target.checked) } });
  replace(
    container,
    h(
      'div',
      { class: 'fp-script-head' },
      h('p', { class: 'fp-muted' }, 'What happens to the contacts, and when. Times are relative to the clock start (+1h, +2d3h) or exact (2026-11-02T09:00:00Z). Entries at the same moment run in this order.'),
      h('label', { class: 'fp-check' }, onlyToggle, ` Only ${model.selectedContact ?? 'the selected contact'}`),
    ),
    rows.length
      ? h(
          'table',
          { class: 'fp-script', 'data-testid': 'script-table' },
          h('thead', {}, h('tr', {}, h('th', {}, 'When'), h('th', {}, 'Contact'), h('th', {}, 'What'), h('th', {}, 'Details'), h('th', {}, h('span', { class: 'fp-sr' }, 'Actions')))),
          h('tbody', {}, rows),
        )
      : h('p', { class: 'fp-empty' }, 'No script entries yet. Without events, only condition, date, schedule and inactivity triggers can enrol contacts.'),
    h(
      'div',
      { class: 'fp-script-add' },
      button('+ Event', () => add('event'), { variant: 'ghost', testid: 'script-add-event', disabled: !target, title: `Add an event for ${target ?? 'a contact'} at ${nowOffset}` }),
      button('+ Data change', () => add('set'), { variant: 'ghost', testid: 'script-add-set', disabled: !target }),
      button('+ Manual exit', () => add('exit'), { variant: 'ghost', testid: 'script-add-exit', disabled: !target }),
      h('span', { class: 'fp-muted' }, target ? ` for ${target}, at ${nowOffset} (the current simulated time)` : ''),
    ),
  );
}

function scriptRow(entry, index, count, { contacts, start, zoneOf, edit, now }) {
  const kind = kindOf(entry);
  const at = parseTimestamp(entry?.at, start);
  const atHint = h('span', { class: 'fp-field-hint' }, at === null ? 'Use +1h, +2d3h or an ISO time' : formatLocal(at, zoneOf(entry?.contact)));
  const atInput = h('input', {
    class: `fp-input fp-input--short${at === null ? ' fp-input--bad' : ''}`,
    'aria-label': 'When',
    autocomplete: 'off',
    spellcheck: 'false',
    props: { value: typeof entry?.at === 'string' ? entry.at : '' },
    on: {
      input: (e) => {
        const v = e.target.value;
        const ok = parseTimestamp(v, start) !== null;
        e.target.classList.toggle('fp-input--bad', !ok);
        atHint.textContent = ok ? formatLocal(parseTimestamp(v, start), zoneOf(entry?.contact)) : 'Use +1h, +2d3h or an ISO time';
        if (ok) edit((s) => (s[index].at = v.trim()));
      },
    },
  });
  const contactSelect = h(
    'select',
    { class: 'fp-input', 'aria-label': 'Contact', on: { change: (e) => edit((s) => (s[index].contact = e.target.value), true) } },
    [...new Set([...contacts, String(entry?.contact ?? '')])].filter(Boolean).map((id) => h('option', { value: id, selected: id === entry?.contact }, id)),
  );
  const kindSelect = h(
    'select',
    {
      class: 'fp-input',
      'aria-label': 'What',
      on: {
        change: (e) =>
          edit((s) => {
            const old = s[index];
            const next = { at: old.at, contact: old.contact };
            if (e.target.value === 'event') Object.assign(next, { event: 'form_submitted' });
            else if (e.target.value === 'set') next.set = {};
            else next.exit = true;
            s[index] = next;
          }, true),
      },
    },
    KINDS.map(([v, label]) => h('option', { value: v, selected: v === kind }, label)),
  );

  const details = h('div', { class: 'fp-script-details' });
  if (kind === 'event') {
    const err = h('span', { class: 'fp-field-error', role: 'alert' });
    details.append(
      h('input', { class: 'fp-input', 'aria-label': 'Event name', placeholder: 'event name', props: { value: entry.event ?? '' }, on: { input: (e) => e.target.value.trim() && edit((s) => (s[index].event = e.target.value.trim())) } }),
      h('input', {
        class: 'fp-input fp-input--short',
        'aria-label': 'Source',
        placeholder: 'source (optional)',
        props: { value: entry.source ?? '' },
        on: { input: (e) => edit((s) => (e.target.value.trim() ? (s[index].source = e.target.value.trim()) : delete s[index].source)) },
      }),
      objectField(entry, index, 'properties', { label: 'Event properties (JSON object)', placeholder: 'properties: {"order_id": "A1"}' }, err, edit),
      err,
    );
  } else if (kind === 'set') {
    const err = h('span', { class: 'fp-field-error', role: 'alert' });
    details.append(
      objectField(entry, index, 'set', { label: 'Attributes to set (JSON object)', placeholder: '{"lead_score": 60}' }, err, edit),
      listField(entry, index, 'add_to_lists', 'Add to lists', edit),
      listField(entry, index, 'remove_from_lists', 'Remove from lists', edit),
      err,
    );
  } else {
    details.append(h('span', { class: 'fp-muted' }, 'Removes the contact from the workflow (exit reason: manual).'));
  }

  const future = at !== null && Number.isFinite(now) && at > now;
  return h(
    'tr',
    { class: future ? 'fp-script-row fp-script-row--future' : 'fp-script-row', 'data-index': String(index) },
    h('td', {}, atInput, atHint),
    h('td', {}, contactSelect),
    h('td', {}, kindSelect),
    h('td', {}, details),
    h(
      'td',
      { class: 'fp-script-actions' },
      button('↑', () => edit((s) => index > 0 && s.splice(index - 1, 0, s.splice(index, 1)[0]), true), { variant: 'icon', title: 'Move up (earlier at the same instant)', disabled: index === 0 }),
      button('↓', () => edit((s) => index < s.length - 1 && s.splice(index + 1, 0, s.splice(index, 1)[0]), true), { variant: 'icon', title: 'Move down', disabled: index === count - 1 }),
      button('✕', () => edit((s) => s.splice(index, 1), true), { variant: 'icon', title: 'Delete this entry' }),
    ),
  );
}

/** A JSON object of an entry (`properties`, `set`) as a one-line text box: saved when it parses, else the error beside it. */
function objectField(entry, index, key, { label, placeholder }, err, edit) {
  return h('textarea', {
    class: 'fp-input fp-input--code',
    rows: 1,
    'aria-label': label,
    placeholder,
    spellcheck: 'false',
    props: { value: entry[key] ? JSON.stringify(entry[key]) : '' },
    on: {
      input: (e) => {
        const r = jsonOrError(e.target.value, true);
        err.textContent = r.error ?? '';
        e.target.classList.toggle('fp-input--bad', !!r.error);
        if (!r.error) edit((s) => (r.value === undefined ? delete s[index][key] : (s[index][key] = r.value)));
      },
    },
  });
}

/** A list of an entry (`add_to_lists`, `remove_from_lists`) as comma-separated names. */
function listField(entry, index, key, label, edit) {
  return h('input', {
    class: 'fp-input fp-input--short',
    'aria-label': label,
    placeholder: label.toLowerCase(),
    props: { value: Array.isArray(entry[key]) ? entry[key].join(', ') : '' },
    on: { input: (e) => edit((s) => setList(s[index], key, e.target.value)) },
  });
}

function setList(entry, key, value) {
  const items = value.split(',').map((x) => x.trim()).filter(Boolean);
  if (items.length) entry[key] = items;
  else delete entry[key];
}
