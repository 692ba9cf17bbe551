// The iframe protocol of embed.html, as plain functions of what they are
// given (no globals), so that tests can drive it in Node with any message:
// embed.js wires it to the window and the <flowproof-tester> element.
// Protocol: web/README.md, "Embedding in an iframe".
//
//   const allowed = allowList(params.getAll('parent'), location.origin);
//   const onMessage = embedHandler({ tester, allowed, parent: window.parent, self: window, style });
//   window.addEventListener('message', onMessage);
//
// A message is read only when it comes from the parent window and its origin
// is in the allow-list; anything else is ignored without a reply. Every read
// message of type 'flowproof:*' gets exactly one reply, to its own origin:
// {type: 'flowproof:result', id, ok: true, result} or {..., ok: false,
// error: {code, message, errors}}; an unknown request gets 'unknown_request'.
// Messages are data: nothing in them is evaluated or inserted as HTML.

import { ERROR_CODES, FlowproofError } from '../api/client/tester.js';

export const PROTOCOL_VERSION = 1;

/** The events of the element forwarded to the parent as {type: 'flowproof:event', event, detail}. */
export const FORWARDED_EVENTS = Object.freeze(['load', 'step', 'error', 'progress']);

/** Requests: 'flowproof:<name>' -> (tester, payload, style) => the result or its promise. */
export const REQUESTS = Object.freeze({
  load: (t, p) => (typeof p.src === 'string' ? t.loadUrl(p.src) : t.load(p.fixture)),
  step: (t) => t.step(),
  stepBack: (t) => t.stepBack(),
  advance: (t, p) => t.advance(String(p.duration)),
  advanceTo: (t, p) => t.advanceTo(String(p.time)),
  runToEnd: (t) => t.runToEnd(),
  runToBreakpoint: (t, p) => t.runToBreakpoint(Array.isArray(p.nodeIds) ? p.nodeIds.map(String) : [String(p.nodeIds)]),
  reset: (t) => t.reset(),
  cancel: (t) => {
    t.cancel();
    return null;
  },
  status: (t) => t.status(),
  fixture: (t) => t.fixtureInfo(),
  trace: (t, p) => t.trace(Number(p.from) || 0),
  traceJsonl: (t, p) => t.traceJsonl(Number(p.from) || 0),
  traceText: (t) => t.traceText(),
  contacts: (t) => t.contacts(),
  contactsSummary: (t) => t.contactsSummary(),
  contact: (t, p) => t.contact(String(p.id)),
  nodeCounts: (t) => t.nodeCounts(),
  messages: (t) => t.messages(),
  messagesFrom: (t, p) => t.messagesFrom(Number(p.from) || 0),
  coverage: (t) => t.coverage(),
  coverageOf: (t, p) => t.coverageOf(Array.isArray(p.fixtures) ? p.fixtures.map((f) => ({ fixture: f?.fixture, name: f?.name })) : []),
  expectations: (t) => t.expectations(),
  // Numbers only: anything else is left to the core to refuse (invalid_argument).
  forecast: (t, p) => t.forecast({ contacts: p.contacts ?? null, runs: p.runs ?? 1, renderSample: p.renderSample ?? null }),
  forecastFormat: (t, p) => t.forecastFormat(p.result, String(p.format)),
  // The other version as the parent gives it (text or object): the tester
  // reports what is wrong with it as a value (ok: false, located errors).
  diff: (t, p) => t.diff(p.workflow, { publishAt: typeof p.publishAt === 'string' ? p.publishAt : '' }),
  render: (t, p) => t.render(String(p.contactId), String(p.templateName)),
  validateWorkflow: (t, p) => t.validateWorkflow(p.workflow),
  version: (t) => t.version(),
  theme: (t, p, style) => applyTheme(p.properties, style),
});

/**
 * The origins allowed to drive the frame: each value may list several,
 * comma-separated; what is not a URL with an origin is dropped. None left:
 * only `ownOrigin`.
 * @param {string[]} values the ?parent= parameters
 * @param {string} ownOrigin the embed's own origin
 * @returns {Set<string>}
 */
export function allowList(values, ownOrigin) {
  const out = new Set();
  for (const value of values.flatMap((v) => String(v).split(','))) {
    try {
      const origin = new URL(value.trim()).origin;
      if (origin !== 'null') out.add(origin);
    } catch {
      // Not an origin: ignored (and so not allowed).
    }
  }
  if (out.size === 0) out.add(ownOrigin);
  return out;
}

/**
 * Theme: only --flowproof-* custom properties with short string values, set
 * through the CSSOM (no style attribute or <style> text, so the CSP holds).
 * @param {unknown} properties
 * @param {{setProperty: (name: string, value: string) => void}} style
 * @returns {string[]} the names applied
 */
export function applyTheme(properties, style) {
  const applied = [];
  for (const [name, value] of Object.entries(properties && typeof properties === 'object' ? properties : {})) {
    if (!/^--flowproof-[a-z0-9-]+$/.test(name) || typeof value !== 'string' || value.length > 200) continue;
    style.setProperty(name, value);
    applied.push(name);
  }
  return applied;
}

/**
 * The 'message' listener. Returns the reply's promise when the message was
 * read (for tests; it never rejects), undefined when it was ignored.
 * @param {{tester: object, allowed: Set<string>, parent: object, self: object, style: object}} context
 * @returns {(event: {source: unknown, origin: string, data: unknown}) => (Promise<void>|undefined)}
 */
export function embedHandler({ tester, allowed, parent, self, style }) {
  return (event) => {
    if (event.source !== parent || parent === self) return undefined;
    if (!allowed.has(event.origin)) return undefined; // not for us: no reply, no action
    const message = event.data;
    if (!message || typeof message !== 'object' || typeof message.type !== 'string' || !message.type.startsWith('flowproof:')) return undefined;
    const name = message.type.slice('flowproof:'.length);
    const id = typeof message.id === 'string' || typeof message.id === 'number' ? message.id : null;
    const payload = message.payload && typeof message.payload === 'object' ? message.payload : {};
    const reply = (body) => parent.postMessage({ type: 'flowproof:result', id, ...body }, event.origin);
    const handler = Object.hasOwn(REQUESTS, name) ? REQUESTS[name] : null;
    if (!handler) {
      reply({ ok: false, error: new FlowproofError(`unknown request '${message.type}'`, { code: ERROR_CODES.UNKNOWN_REQUEST }).toJSON() });
      return Promise.resolve();
    }
    return Promise.resolve()
      .then(() => handler(tester, payload, style))
      .then(
        (result) => reply({ ok: true, result }),
        (e) => reply({ ok: false, error: FlowproofError.from(e).toJSON() }),
      )
      .catch((e) => {
        // The reply itself failed (a result that cannot be cloned): say so
        // rather than leave the parent waiting.
        reply({ ok: false, error: new FlowproofError(`the result could not be sent: ${e?.message ?? e}`, { code: ERROR_CODES.INTERNAL_ERROR }).toJSON() });
      });
  };
}
