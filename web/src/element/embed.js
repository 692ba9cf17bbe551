// The iframe variant: embed.html hosts one <flowproof-tester> that a parent
// page on another origin drives with postMessage (protocol: web/README.md,
// "Embedding in an iframe").
//
//   <iframe src="https://tester.example/embed.html?parent=https://portal.example&src=fixtures/a.json"
//           title="flowproof tester"></iframe>
//   frame.contentWindow.postMessage({ type: 'flowproof:runToEnd', id: 1 }, 'https://tester.example');
//   // -> {type: 'flowproof:result', id: 1, ok: true, result: {...status}}
//
// Only messages from the parent window whose origin is in the allow-list
// (?parent=, repeatable or comma-separated; default: this page's own origin)
// are read, and replies go to that origin only, never to '*'. Messages are
// data: nothing in them is ever evaluated or inserted as HTML.

import { ERROR_CODES, FlowproofError } from '../api/client/tester.js';
import './element.js';

export const PROTOCOL_VERSION = 1;

const params = new URLSearchParams(location.search);
const allowed = allowList(params.getAll('parent'));
const tester = document.querySelector('flowproof-tester') ?? document.body.appendChild(document.createElement('flowproof-tester'));

// Requests: 'flowproof:<name>' -> (payload) => promise of the result.
const REQUESTS = {
  load: (p) => (typeof p.src === 'string' ? tester.loadUrl(p.src) : tester.load(p.fixture)),
  step: () => tester.step(),
  stepBack: () => tester.stepBack(),
  advance: (p) => tester.advance(String(p.duration)),
  advanceTo: (p) => tester.advanceTo(String(p.time)),
  runToEnd: () => tester.runToEnd(),
  runToBreakpoint: (p) => tester.runToBreakpoint(Array.isArray(p.nodeIds) ? p.nodeIds.map(String) : [String(p.nodeIds)]),
  reset: () => tester.reset(),
  cancel: async () => {
    tester.cancel();
    return null;
  },
  status: () => tester.status(),
  fixture: () => tester.fixtureInfo(),
  trace: (p) => tester.trace(Number(p.from) || 0),
  traceJsonl: (p) => tester.traceJsonl(Number(p.from) || 0),
  traceText: () => tester.traceText(),
  contacts: () => tester.contacts(),
  contactsSummary: () => tester.contactsSummary(),
  contact: (p) => tester.contact(String(p.id)),
  nodeCounts: () => tester.nodeCounts(),
  messages: () => tester.messages(),
  messagesFrom: (p) => tester.messagesFrom(Number(p.from) || 0),
  coverage: () => tester.coverage(),
  coverageOf: (p) => tester.coverageOf(Array.isArray(p.fixtures) ? p.fixtures.map((f) => ({ fixture: f?.fixture, name: f?.name })) : []),
  expectations: () => tester.expectations(),
  render: (p) => tester.render(String(p.contactId), String(p.templateName)),
  validateWorkflow: (p) => tester.validateWorkflow(p.workflow),
  version: () => tester.version(),
  theme: async (p) => applyTheme(p.properties),
};

window.addEventListener('message', (event) => {
  if (event.source !== window.parent || window.parent === window) return;
  if (!allowed.has(event.origin)) return; // not for us: no reply, no action
  const message = event.data;
  if (!message || typeof message !== 'object' || typeof message.type !== 'string' || !message.type.startsWith('flowproof:')) return;
  const name = message.type.slice('flowproof:'.length);
  const id = typeof message.id === 'string' || typeof message.id === 'number' ? message.id : null;
  const payload = message.payload && typeof message.payload === 'object' ? message.payload : {};
  const reply = (body) => window.parent.postMessage({ type: 'flowproof:result', id, ...body }, event.origin);
  const handler = Object.hasOwn(REQUESTS, name) ? REQUESTS[name] : null;
  if (!handler) {
    reply({ ok: false, error: new FlowproofError(`unknown request '${message.type}'`, { code: ERROR_CODES.UNKNOWN_REQUEST }).toJSON() });
    return;
  }
  Promise.resolve()
    .then(() => handler(payload))
    .then(
      (result) => reply({ ok: true, result }),
      (e) => reply({ ok: false, error: FlowproofError.from(e).toJSON() }),
    );
});

// Events of the element, forwarded to every allowed origin (postMessage
// delivers only to the one the parent actually has).
for (const name of ['load', 'step', 'error', 'progress']) {
  tester.addEventListener(name, (event) => post({ type: 'flowproof:event', event: name, detail: event.detail }));
}

function post(message) {
  if (window.parent === window) return;
  for (const origin of allowed) window.parent.postMessage(message, origin);
}

function allowList(values) {
  const out = new Set();
  for (const value of values.flatMap((v) => v.split(','))) {
    try {
      const origin = new URL(value.trim()).origin;
      if (origin !== 'null') out.add(origin);
    } catch {
      // Not an origin: ignored (and so not allowed).
    }
  }
  if (out.size === 0) out.add(location.origin);
  return out;
}

// Theme: only --flowproof-* custom properties, set through the CSSOM (no
// style attribute or <style> text, so the page's CSP holds).
function applyTheme(properties) {
  const applied = [];
  for (const [name, value] of Object.entries(properties && typeof properties === 'object' ? properties : {})) {
    if (!/^--flowproof-[a-z0-9-]+$/.test(name) || typeof value !== 'string' || value.length > 200) continue;
    document.documentElement.style.setProperty(name, value);
    applied.push(name);
  }
  return applied;
}

// Query parameters: src (a fixture beside this page), and then 'ready'.
const src = params.get('src');
if (src) tester.setAttribute('src', src);
post({ type: 'flowproof:event', event: 'ready', detail: { protocol: PROTOCOL_VERSION } });
