// Words for what the trace says, shared by the page and the element: clock
// labels, offsets from the clock's start and one-line summaries of trace
// lines. Pure functions of their input (no DOM), so the element, the page
// and any portal use the same words (and the Node tests can import them).

/**
 * "2026-11-02 01:00 UTC" from an ISO instant ("2026-11-02T01:00:00Z");
 * seconds only when not zero. Anything else is returned as given.
 * @param {string} iso
 */
export function formatInstant(iso) {
  const m = /^(\d{4,}-\d\d-\d\d)T(\d\d:\d\d)(:\d\d)?(?:\.\d+)?Z$/.exec(String(iso ?? ''));
  if (!m) return String(iso ?? '');
  const seconds = m[3] && m[3] !== ':00' ? m[3] : '';
  return `${m[1]} ${m[2]}${seconds} UTC`;
}

/**
 * FORMAT.md's compact duration form: "+2d3h", "+1d2h3m4s", "+0s", "-1h".
 * Exact (every unit, no rounding beyond whole seconds), so the page can
 * write it back into a fixture and the element can show the time since the
 * clock's start with the same words.
 * @param {number} seconds
 * @param {boolean} [signed] prefix '+' for positive values
 */
export function formatOffset(seconds, signed = true) {
  if (!Number.isFinite(seconds)) return '';
  let rest = Math.abs(Math.round(seconds));
  let out = '';
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]]) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n) out += `${n}${unit}`;
  }
  if (!out) out = '0s';
  return (seconds < 0 ? '-' : signed ? '+' : '') + out;
}

/** Seconds since the epoch of an ISO instant, or NaN. */
export function secondsOf(iso) {
  return Math.floor(Date.parse(String(iso)) / 1000);
}

/**
 * One line for a trace object (FORMAT.md "Trace"): what happened, in words.
 * @param {object} line
 * @returns {string}
 */
export function summarize(line) {
  const s = (v) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  switch (line.kind) {
    case 'enrolled':
      return `enrolled (trigger ${s(line.trigger)})`;
    case 'enroll_rejected':
      return `not enrolled${line.reason ? `: ${s(line.reason)}` : ''}`;
    case 'entered':
      return `entered ${s(line.node)}`;
    case 'branch':
      return `${s(line.node)}: took "${s(line.label)}"`;
    case 'split':
      return `${s(line.node)}: variant "${s(line.label)}"`;
    case 'waiting':
      if (line.until) return `waits at ${s(line.node)} until ${formatInstant(line.until)}`;
      if (line.event) return `waits at ${s(line.node)} for ${s(line.event)}`;
      if (line.condition !== undefined) return `waits at ${s(line.node)} for a condition`;
      return `waits at ${s(line.node)}`;
    case 'resumed':
      return `resumed at ${s(line.node)} via ${s(line.via)}`;
    case 'sent':
      return `sent ${s(line.channel)} "${s(line.template)}"`;
    case 'suppressed':
      return `${s(line.channel) || 'send'} "${s(line.template)}" suppressed: ${s(line.reason)}`;
    case 'updated':
      return `updated at ${s(line.node)}`;
    case 'exited':
      return `exited: ${s(line.reason)}`;
    case 'error':
      return `error ${s(line.code)}: ${s(line.message)}`;
    default:
      return s(line.kind);
  }
}
