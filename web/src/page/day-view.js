// The day view of a portfolio: a row per contact, a column per calendar day
// (the contact's own), and in each cell the messages it got that day as
// chips coloured by channel, labelled workflow · template; suppressed sends
// struck through with their reason. A day with two or more delivered
// messages is a collision, drawn stronger when two are under an hour apart
// or at one instant. Above it, a summary line. Clicking a row selects the
// contact.
//
//   renderDayView(container, model, { selectContact: (id) => ... });
//
// The grouping is day-grid.js (pure, tested in Node). Contact ids,
// workflow ids and template names are the fixture's: text nodes only.

import { h, replace } from '../shared/dom.js';
import { dayGrid } from './day-grid.js';
import { reasonWords } from './explain.js';
import { zoneLabel } from './time.js';

const MAX_ROWS = 300; // a population portfolio could have thousands: the first ones, and a note
const CHANNELS = new Set(['email', 'sms', 'push', 'ad_audience', 'webhook']);
const COLLISION_WORDS = { day: 'on one day', hour: 'within an hour', instant: 'at one instant' };
const dayHead = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });

/** 'Fri 27 Nov' for '2026-11-27' (a calendar date: formatted in UTC so it stays that date). */
function dayWords(date) {
  return dayHead.format(new Date(`${date}T12:00:00Z`));
}

function suppressionWords(item) {
  return item.cap === 'portfolio' ? 'portfolio cap' : String(item.reason ?? 'suppressed').replace(/_/g, ' ');
}

function chip(item) {
  const channel = CHANNELS.has(item.channel) ? item.channel.replace('_', '-') : 'other';
  const sent = item.kind === 'sent';
  const title = sent
    ? `${item.local}: ${item.channel} '${item.template}' from ${item.workflow} (node ${item.node})`
    : `${item.local}: ${item.channel} '${item.template}' from ${item.workflow} was not sent: ${item.cap === 'portfolio' ? "the portfolio's frequency cap was reached" : reasonWords(item.reason)}`;
  return h(
    'span',
    { class: `fp-pf-chip fp-pf-chip--${channel}${sent ? '' : ' fp-pf-chip--suppressed'}`, title, 'data-testid': 'pf-chip', 'data-kind': item.kind, 'data-workflow': item.workflow, 'data-template': item.template },
    h('span', { class: 'fp-pf-chip-time' }, item.local),
    ' ',
    // workflow, then the template on a line of its own (the separator is for copied text and screen readers)
    h('span', { class: 'fp-pf-chip-what' }, h('span', { class: 'fp-pf-chip-wf' }, item.workflow ?? ''), h('span', { class: 'fp-pf-chip-sep' }, ' · '), h('span', { class: 'fp-pf-chip-tpl' }, item.template ?? item.node ?? '')),
    sent ? null : h('span', { class: 'fp-pf-chip-reason', 'data-testid': 'pf-chip-reason' }, suppressionWords(item)),
  );
}

function cellNode(row, cell) {
  const cls = ['fp-pf-day'];
  if (cell.outside) cls.push('fp-pf-day--outside');
  if (cell.collision) cls.push('fp-pf-day--collision', `fp-pf-day--${cell.collision}`);
  return h(
    'td',
    { class: cls.join(' '), 'data-testid': 'pf-day', 'data-contact': row.contact, 'data-date': cell.date, 'data-collision': cell.collision ?? undefined },
    cell.collision ? h('span', { class: 'fp-pf-collision', 'data-testid': 'pf-collision' }, `${cell.delivered} ${COLLISION_WORDS[cell.collision]}`) : null,
    cell.items.map(chip),
  );
}

function summaryLine(grid) {
  const { collisionDays, maxPerDay, capSuppressed } = grid.summary;
  const capped = Object.entries(capSuppressed);
  return h(
    'p',
    { class: 'fp-pf-summary', 'data-testid': 'pf-day-summary' },
    h('strong', {}, `${collisionDays} contact-day${collisionDays === 1 ? '' : 's'} with collisions`),
    ' (two or more messages delivered on one local day) · ',
    maxPerDay.count ? `most messages to one contact in a day: ${maxPerDay.count} (${maxPerDay.contact}, ${dayWords(maxPerDay.date)})` : 'no message delivered yet',
    ' · the portfolio cap suppressed ',
    capped.length ? capped.map(([w, n]) => `${n} of ${w}`).join(', ') : 'nothing',
  );
}

/**
 * @param {HTMLElement} container
 * @param {object} model state.js model(): sends, contacts, zoneOf, status, selectedContact
 * @param {{selectContact: (id: string) => void}} actions
 */
export function renderDayView(container, model, { selectContact }) {
  const grid = dayGrid({ sends: model.sends ?? [], contacts: model.contacts ?? [], zoneOf: model.zoneOf, start: model.status?.start, now: model.status?.now });
  const rows = grid.rows.slice(0, MAX_ROWS);
  const head = h('tr', {}, h('th', { class: 'fp-pf-corner' }, 'Contact (its zone)'), grid.days.map((d) => h('th', { class: 'fp-pf-dayhead' }, dayWords(d))));
  const body = rows.map((row) =>
    h(
      'tr',
      { class: `fp-pf-row${row.contact === model.selectedContact ? ' fp-pf-row--selected' : ''}`, 'data-testid': 'pf-row', 'data-contact': row.contact, on: { click: () => selectContact(row.contact) } },
      h('th', { class: 'fp-pf-who' }, h('button', { type: 'button', class: 'fp-pf-who-btn', title: `Select ${row.contact}`, 'aria-pressed': String(row.contact === model.selectedContact) }, row.contact), h('span', { class: 'fp-pf-zone' }, zoneLabel(row.zone))),
      grid.days.map((d) => cellNode(row, row.cells[d])),
    ),
  );
  replace(
    container,
    summaryLine(grid),
    grid.compressed ? h('p', { class: 'fp-pf-note' }, 'A long run: only the days on which some contact got a message are shown.') : null,
    h('div', { class: 'fp-pf-days-scroll' }, h('table', { class: 'fp-pf-days', 'data-testid': 'pf-days' }, h('thead', {}, head), h('tbody', {}, body))),
    grid.rows.length > MAX_ROWS ? h('p', { class: 'fp-pf-note' }, `The first ${MAX_ROWS} of ${grid.rows.length} contacts.`) : null,
  );
  return grid;
}
