// What the page tells the user besides the views: banners (errors, notes
// with an action), the busy state of the clock bar, and failures.
//
//   page.notices.banner('error', 'Cannot open x.json: HTTP 404');
//   page.notices.busy('Stepping…'); ...; page.notices.busy(null);
//   page.notices.failed(error);   // an error from the tester, in words
//
// Banners are text (never markup), at most four at a time; busy states
// nest, and the root's data-busy attribute tells the browser tests when
// the page is idle.

import { button, h } from '../shared/dom.js';

export class Notices {
  /**
   * @param {HTMLElement} root the page's root (data-busy)
   * @param {HTMLElement} container where banners go
   * @param {{clock: () => import('./clock-view.js').ClockBar, redrawClock: () => void}} parts
   */
  constructor(root, container, { clock, redrawClock }) {
    this.root = root;
    this.container = container;
    this.clock = clock;
    this.redrawClock = redrawClock;
    this.busyCount = 0;
  }

  banner(kind, message, { action, timeout } = {}) {
    const node = h(
      'div',
      { class: `fp-banner fp-banner--${kind}`, role: kind === 'error' ? 'alert' : 'status' },
      h('span', { class: 'fp-banner-text' }, message),
      action ? button(action[0], () => (node.remove(), action[1]()), { variant: 'ghost' }) : null,
      button('✕', () => node.remove(), { variant: 'icon', title: 'Dismiss' }),
    );
    this.container.append(node);
    if (timeout) setTimeout(() => node.remove(), timeout);
    while (this.container.childElementCount > 4) this.container.firstElementChild.remove();
  }

  /** Nested busy states: busy(label) starts one, busy(null) ends the latest. */
  busy(label) {
    this.busyCount = Math.max(0, this.busyCount + (label ? 1 : -1));
    this.root.dataset.busy = this.busyCount > 0 ? '1' : '0';
    if (label) this.clock().busy(label);
    else if (this.busyCount === 0) {
      this.clock().busy(null);
      this.redrawClock();
    }
  }

  failed(e) {
    if (e?.code === 'module_failed' || e?.code === 'worker_failed') {
      this.banner('error', `The simulator could not start (${e.code}): ${e.message}. This copy of the page may have been built without its WebAssembly module (tools/build.sh builds it).`);
      this.clock().setStatus('The simulator could not start.');
      return;
    }
    const code = e?.code ? ` (${e.code})` : '';
    this.banner('error', `Something went wrong${code}: ${e?.message ?? e}`);
    this.clock().setStatus('Something went wrong: see the message above.');
  }
}
