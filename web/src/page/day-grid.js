// The day view's content as plain data (no DOM), so Node can test it: for
// each contact, its messages grouped by the contact's own calendar day, and
// which days are collisions.
//
//   const grid = dayGrid({ sends: model.sends, contacts: model.contacts, zoneOf: model.zoneOf,
//                          start: model.status.start, now: model.status.now });
//   grid.days       // ['2026-11-23', ...]: every local day of any contact, start to now
//   grid.rows       // [{contact, zone, cells: {date: cell}}], cell: {items, delivered, collision, outside}
//   grid.summary    // {collisionDays, maxPerDay: {count, contact, date}, capSuppressed: {workflow: n}, suppressed}
//
// A collision is two or more delivered (`sent`) messages to one contact on
// one of its local days, the way the person lives it: a Berlin contact's
// 23:30 and 00:30 UTC are one evening, not two days. It is stronger when
// two of them are under an hour apart ('hour') or at the same instant
// ('instant'). Suppressed sends are listed but never count: the cap or
// quiet hours already spared the person.

import { safeZone } from './time.js';

/** More local days than this and only the days with messages are columns. */
export const MAX_DAYS = 62;

const dayFormats = new Map();
const timeFormats = new Map();

function cached(cache, zone, options) {
  let f = cache.get(zone);
  if (!f) cache.set(zone, (f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, ...options })));
  return f;
}

/** The calendar day of an instant in `zone`, as 'YYYY-MM-DD'. */
export function localDate(when, zone) {
  const parts = cached(dayFormats, safeZone(zone), { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(when));
  const get = (type) => parts.find((p) => p.type === type)?.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The wall-clock time of an instant in `zone`, as 'HH:MM'. */
export function localTime(when, zone) {
  const parts = cached(timeFormats, safeZone(zone), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(when));
  const get = (type) => parts.find((p) => p.type === type)?.value;
  return `${get('hour')}:${get('minute')}`;
}

/** The dates from `first` to `last` inclusive ('YYYY-MM-DD'; calendar arithmetic, so DST cannot skip a day). */
export function datesBetween(first, last) {
  const out = [];
  const [y, m, d] = first.split('-').map(Number);
  for (let i = 0; out.length < 10000; i++) {
    const date = new Date(Date.UTC(y, m - 1, d + i)).toISOString().slice(0, 10);
    if (date > last) break;
    out.push(date);
  }
  return out;
}

/** How strongly a day's delivered messages collide: null, 'day', 'hour' or 'instant'. */
export function collisionOf(deliveredTimes) {
  if (deliveredTimes.length < 2) return null;
  const ms = deliveredTimes.map((t) => Date.parse(t)).sort((a, b) => a - b);
  let closest = Infinity;
  for (let i = 1; i < ms.length; i++) closest = Math.min(closest, ms[i] - ms[i - 1]);
  if (closest === 0) return 'instant';
  if (closest < 3600 * 1000) return 'hour';
  return 'day';
}

/**
 * @param {{sends: object[], contacts: {id: string, timezone?: string}[], zoneOf?: (id: string) => string,
 *          start?: string, now?: string, maxDays?: number}} input
 */
export function dayGrid({ sends = [], contacts = [], zoneOf = null, start = null, now = null, maxDays = MAX_DAYS }) {
  const zone = (id) => safeZone(zoneOf?.(id) ?? contacts.find((c) => c.id === id)?.timezone ?? 'UTC');
  const rowOf = new Map();
  const rows = [];
  const addRow = (id) => {
    let row = rowOf.get(id);
    if (!row) {
      const z = zone(id);
      row = { contact: id, zone: z, cells: Object.create(null), first: start ? localDate(start, z) : null, last: now ? localDate(now, z) : null };
      rowOf.set(id, row);
      rows.push(row);
    }
    return row;
  };
  for (const c of contacts) if (c && typeof c.id === 'string') addRow(c.id);

  const capSuppressed = Object.create(null);
  let suppressed = 0;
  for (const send of sends) {
    if (!send || typeof send.contact !== 'string' || typeof send.t !== 'string') continue;
    const row = addRow(send.contact);
    const date = localDate(send.t, row.zone);
    const cell = (row.cells[date] ??= { date, items: [], delivered: 0, collision: null, outside: false });
    cell.items.push({ ...send, local: localTime(send.t, row.zone) });
    if (send.kind === 'sent') cell.delivered++;
    else {
      suppressed++;
      if (send.cap === 'portfolio') capSuppressed[send.workflow] = (capSuppressed[send.workflow] ?? 0) + 1;
    }
  }

  let collisionDays = 0;
  const maxPerDay = { count: 0, contact: null, date: null };
  const allDays = new Set();
  for (const row of rows) {
    if (row.first && row.last) for (const d of datesBetween(row.first, row.last)) allDays.add(d);
    for (const cell of Object.values(row.cells)) {
      allDays.add(cell.date);
      cell.collision = collisionOf(cell.items.filter((i) => i.kind === 'sent').map((i) => i.t));
      if (cell.collision) collisionDays++;
      if (cell.delivered > maxPerDay.count) Object.assign(maxPerDay, { count: cell.delivered, contact: row.contact, date: cell.date });
    }
  }
  let days = [...allDays].sort();
  const compressed = days.length > maxDays;
  if (compressed) days = days.filter((d) => rows.some((r) => r.cells[d]));
  for (const row of rows) {
    for (const d of days) {
      row.cells[d] ??= { date: d, items: [], delivered: 0, collision: null, outside: !!(row.first && row.last) && (d < row.first || d > row.last) };
    }
  }
  return { days, rows, compressed, summary: { collisionDays, maxPerDay, capSuppressed, suppressed } };
}
