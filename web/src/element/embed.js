// The iframe variant: embed.html hosts one <flowproof-tester> that a parent
// page on another origin drives with postMessage (protocol: web/README.md,
// "Embedding in an iframe"; the rules in embed-protocol.js).
//
//   <iframe src="https://tester.example/embed.html?parent=https://portal.example&src=fixtures/a.json"
//           title="flowproof tester"></iframe>
//   frame.contentWindow.postMessage({ type: 'flowproof:runToEnd', id: 1 }, 'https://tester.example');
//   // -> {type: 'flowproof:result', id: 1, ok: true, result: {...status}}
//
// This file only wires the protocol to this window: the allow-list from
// ?parent= (repeatable or comma-separated; default: this page's own origin),
// the element's events forwarded to the allowed origins (never '*'), the
// ?src= fixture, and the 'ready' event once the frame listens.

import { FORWARDED_EVENTS, PROTOCOL_VERSION, allowList, embedHandler } from './embed-protocol.js';
import './element.js';

export { PROTOCOL_VERSION };

const params = new URLSearchParams(location.search);
const allowed = allowList(params.getAll('parent'), location.origin);
const tester = document.querySelector('flowproof-tester') ?? document.body.appendChild(document.createElement('flowproof-tester'));

window.addEventListener('message', embedHandler({ tester, allowed, parent: window.parent, self: window, style: document.documentElement.style }));

// Events of the element, forwarded to every allowed origin (postMessage
// delivers only to the one the parent actually has).
for (const name of FORWARDED_EVENTS) {
  tester.addEventListener(name, (event) => post({ type: 'flowproof:event', event: name, detail: event.detail }));
}

function post(message) {
  if (window.parent === window) return;
  for (const origin of allowed) window.parent.postMessage(message, origin);
}

// Query parameters: src (a fixture beside this page), and then 'ready'.
const src = params.get('src');
if (src) tester.setAttribute('src', src);
post({ type: 'flowproof:event', event: 'ready', detail: { protocol: PROTOCOL_VERSION } });
