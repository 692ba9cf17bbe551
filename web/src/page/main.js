// Entry of the tester page (web/index.html): bundled by web/build.mjs into
// dist/app.js, with the CSS it imports as dist/app.css.
//
// trusted.js comes first: it installs the Trusted Types policies before
// anything else can touch a DOM sink or start the tester's worker.

import './trusted.js';
import './page.css';
import { createTester } from '../api/client/tester.js';
import { App } from './app.js';

const root = document.getElementById('fp-app');
if (root) {
  const app = new App(root, { createTester });
  // For the browser tests and for people poking around in the console.
  window.flowproofPage = app;
  app.start().catch((e) => {
    root.dataset.state = 'failed';
    const p = document.createElement('p');
    p.className = 'fp-fatal';
    p.textContent = `The tester could not start: ${e?.message ?? e}`;
    root.prepend(p);
  });
}
