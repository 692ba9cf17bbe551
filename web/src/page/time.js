// Clock words for people: instants in a contact's own zone, durations in
// days and hours, and FORMAT.md's duration and timestamp syntax.
//
//   formatWhen('2026-11-02T14:00:00Z', 'America/New_York')   // "Mon 2 Nov 2026, 09:00"
//   zoneLabel('America/New_York')                           // "New York"
//   formatDuration(90000)                                   // "1 day 1 hour"
//   parseDuration('1d12h')                                  // 129600 (null when malformed)
//   parseTimestamp('+2d', startSeconds)                     // seconds since the epoch
//
// The compact offset ("+2d3h") and secondsOf() are ../shared/format.js,
// which the element uses too.
//
// Display only: the simulation's own clock arithmetic is the core's. Time
// zone names come from the user's fixture, so an unknown one falls back to
// UTC instead of throwing.

const UNITS = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };
const formatters = new Map();

function formatter(zone, withYear) {
  const key = `${zone}|${withYear}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        ...(withYear ? { year: 'numeric' } : {}),
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      f = zone === 'UTC' ? null : formatter('UTC', withYear);
    }
    formatters.set(key, f);
  }
  return f;
}

/** A valid IANA zone name for Intl, else 'UTC'. */
export function safeZone(zone) {
  if (typeof zone !== 'string' || !zone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

/**
 * "Mon 2 Nov 2026, 09:00" in `zone` (seconds shown when not zero).
 * @param {string|number} when ISO instant or seconds since the epoch
 * @param {string} [zone] IANA name
 * @param {{year?: boolean}} [options]
 */
export function formatWhen(when, zone = 'UTC', { year = true } = {}) {
  const ms = typeof when === 'number' ? when * 1000 : Date.parse(String(when));
  if (!Number.isFinite(ms)) return String(when ?? '');
  const f = formatter(safeZone(zone), year);
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const seconds = Math.floor(ms / 1000) % 60;
  const time = `${parts.hour}:${parts.minute}${seconds ? `:${String(seconds).padStart(2, '0')}` : ''}`;
  return `${parts.weekday} ${parts.day} ${parts.month}${year ? ` ${parts.year}` : ''}, ${time}`;
}

/** "New York" for America/New_York, "UTC" for UTC. */
export function zoneLabel(zone) {
  const z = safeZone(zone);
  if (z === 'UTC' || z === 'Etc/UTC') return 'UTC';
  const last = z.split('/').pop();
  return last.replace(/_/g, ' ');
}

/** "Mon 2 Nov, 09:00 (New York)". */
export function formatLocal(when, zone, options = {}) {
  return `${formatWhen(when, zone, { year: false, ...options })} (${zoneLabel(zone)})`;
}

/**
 * A duration for people: "2 days", "1 day 3 hours", "45 minutes", "30 seconds".
 * At most two units.
 * @param {number} seconds
 */
export function formatDuration(seconds) {
  if (!Number.isFinite(seconds)) return '';
  let rest = Math.abs(Math.round(seconds));
  if (rest === 0) return 'no time';
  const parts = [];
  for (const [name, size] of [['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]]) {
    if (name === 'week' && rest % 604800 !== 0) continue; // "10 days", not "1 week 3 days"
    const n = Math.floor(rest / size);
    if (n) {
      parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
      rest -= n * size;
    }
    if (parts.length === 2) break;
  }
  return (seconds < 0 ? '-' : '') + parts.join(' ');
}

/**
 * Parses a FORMAT.md duration ("90s", "1d12h", "-3d", "P3D", "PT2H").
 * @param {string} text
 * @returns {number|null} seconds, or null when malformed
 */
export function parseDuration(text) {
  if (typeof text !== 'string') return null;
  let t = text.trim();
  let sign = 1;
  if (t.startsWith('-')) {
    sign = -1;
    t = t.slice(1);
  } else if (t.startsWith('+')) {
    t = t.slice(1);
  }
  if (!t) return null;
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(t);
  if (iso && t.length > 1 && !/T$/i.test(t)) {
    const [, w, d, hh, mm, ss] = iso.map((v) => Number(v ?? 0));
    return sign * (w * 604800 + d * 86400 + hh * 3600 + mm * 60 + ss);
  }
  if (!/^(\d+[wdhms])+$/.test(t)) return null;
  let total = 0;
  for (const [, n, unit] of t.matchAll(/(\d+)([wdhms])/g)) total += Number(n) * UNITS[unit];
  return sign * total;
}

/**
 * A fixture timestamp: ISO 8601 with offset or Z, or relative to the clock
 * start ("+2d3h").
 * @param {string} text
 * @param {number} startSeconds
 * @returns {number|null}
 */
export function parseTimestamp(text, startSeconds) {
  if (typeof text !== 'string') return null;
  const t = text.trim();
  if (t.startsWith('+') || (t.startsWith('-') && !/^-\d{4}/.test(t))) {
    const d = parseDuration(t);
    return d === null || !Number.isFinite(startSeconds) ? null : startSeconds + d;
  }
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i.test(t)) return null;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

/** "2026-11-02T09:00:00Z" from seconds since the epoch. */
export function isoOf(seconds) {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}
