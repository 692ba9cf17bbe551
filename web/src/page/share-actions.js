// Taking the draft elsewhere: Share link (the whole fixture in the URL
// fragment, share.js) and Download (the draft as a file).
//
//   await page.share.share();    // address bar + dialog with the link
//   page.share.download();       // "<name>.fixture.json"
//
// A share link never reaches a server: it is built and read in the page.
// Its digest (share.js) is kept with the draft, so a reload of the same link
// restores the edits made since instead of opening it afresh.

import { h } from '../shared/dom.js';
import { ask } from './dialogs.js';
import { digest, encodeShare } from './share.js';
import { viewState } from './state.js';

export class ShareActions {
  /** @param {import('./app.js').App} page */
  constructor(page) {
    this.page = page;
    this.state = page.state;
  }

  download() {
    const state = this.state;
    if (!state.draft) return;
    const blob = new Blob([state.draft.text], { type: 'application/json' });
    const a = h('a', {});
    const name = String(state.fixture?.name ?? 'fixture').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'fixture';
    a.download = `${name}.fixture.json`;
    a.href = URL.createObjectURL(blob);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  /** Builds the share link, puts it in the address bar and offers to copy it. */
  async share() {
    const state = this.state;
    if (!state.draft) return;
    const hash = encodeShare({ fixture: state.fixture ?? state.draft.text, view: viewState(state) });
    const url = `${location.origin}${location.pathname}${hash}`;
    state.draft.sharedFrom = digest(hash);
    history.replaceState(null, '', `${location.pathname}${hash}`);
    this.page.draft.flushSave();
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      copied = false;
    }
    const input = h('input', { class: 'fp-input fp-share-url', readonly: true, 'aria-label': 'Share link', 'data-testid': 'share-url', props: { value: url } });
    const kb = Math.ceil(url.length / 1024);
    const choice = await ask({
      title: copied ? 'Link copied' : 'Share link',
      message: [
        h('p', {}, 'Anyone who opens this link sees this fixture, at this moment of the run, with this contact selected. The whole fixture is inside the link (after the #), so it never reaches a server and works on any copy of this page.'),
        input,
        h('p', { class: 'fp-muted' }, `${kb} KB${kb > 1500 ? ' — very long links may not paste into every app.' : ''}`),
      ],
      actions: [
        { label: 'Close', value: 'close' },
        { label: copied ? 'Copy again' : 'Copy link', value: 'copy', variant: 'primary' },
      ],
      testid: 'share-dialog',
    });
    if (choice === 'copy') {
      try {
        await navigator.clipboard.writeText(url);
      } catch {
        this.page.notices.banner('info', 'Copy the link from the address bar.', { timeout: 6000 });
      }
    }
  }
}
