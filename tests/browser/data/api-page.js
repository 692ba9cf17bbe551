// Test page for tests/browser/api.test.mjs: the built API (dist/flowproof.js)
// on window, and a main-thread heartbeat to prove long runs do not block it.
import * as flowproof from '../flowproof.js';

window.flowproof = flowproof;
window.ticks = 0;
setInterval(() => {
  window.ticks++;
}, 10);
document.body.dataset.ready = '1';
