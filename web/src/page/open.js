// The open controller: where a fixture comes from when the page starts and
// when the user opens another one (share link, ?src=, stored draft,
// example, file, paste).
//
//   await page.open.initial();                   // at start-up
//   await page.open.text(json, { origin: { kind: 'paste', label: 'pasted JSON' } });
//
// Whatever comes in becomes a new draft (draft.js) and is run (run.js);
// fetching and converting is source.js's job. Input over the page's size
// limit is refused with a message that names the limit, and the draft on
// screen stays as it was.

import { galleryDialog, pasteDialog } from './dialogs.js';
import { decodeShare, digest } from './share.js';
import { isEdited } from './store.js';
import { MAX_INPUT_BYTES, readFiles, readUrl, sameOriginUrl, toFixtureText } from './source.js';
import { applyView, clearRun } from './state.js';

export class OpenController {
  /** @param {import('./app.js').App} page */
  constructor(page) {
    this.page = page;
    this.state = page.state;
    this.pasteState = { text: '' };
  }

  get draft() {
    return this.page.draft;
  }

  /** Share link, then ?src=, then the stored draft, else the welcome screen. */
  async initial() {
    const stored = this.page.store.load();
    const hash = location.hash;
    const share = decodeShare(hash);
    if (share) {
      const id = digest(hash);
      if (stored && stored.sharedFrom === id) return this.draft.restore(stored, 'Your edits were restored.');
      if (share.error) {
        this.page.notices.banner('error', share.error);
        if (stored) return this.draft.restore(stored);
        return this.page.view.showWelcome();
      }
      this.draft.keepAsideIfEdited(stored, 'a share link');
      const textValue = share.text ?? JSON.stringify(share.fixture, null, 2);
      return this.text(textValue, { origin: { kind: 'share', label: 'shared link' }, view: share.view, sharedFrom: id, force: true });
    }
    const src = new URLSearchParams(location.search).get('src');
    if (src) {
      const where = sameOriginUrl(src, location.href);
      if (where.error) {
        this.page.notices.banner('error', where.error);
      } else if (stored && stored.origin?.src === where.url) {
        return this.draft.restore(stored, isEdited(stored) ? 'Your edits to this file were restored.' : '');
      } else {
        this.draft.keepAsideIfEdited(stored, `'${src}'`);
        return this.url(where.url, { kind: 'url', label: src, src: where.url }, { force: true });
      }
    }
    if (stored) return this.draft.restore(stored);
    return this.page.view.showWelcome();
  }

  async onHashChange() {
    const share = decodeShare(location.hash);
    if (!share || share.error) return;
    const id = digest(location.hash);
    if (this.state.draft?.sharedFrom === id) return;
    if (!(await this.draft.confirmReplace('the shared fixture'))) return;
    await this.text(share.text ?? JSON.stringify(share.fixture, null, 2), { origin: { kind: 'share', label: 'shared link' }, view: share.view, sharedFrom: id, force: true });
  }

  async url(url, origin, { force = false } = {}) {
    if (!force && !(await this.draft.confirmReplace(`'${origin.label}'`))) return;
    const { notices } = this.page;
    notices.busy('Opening…');
    try {
      let textValue;
      try {
        textValue = await readUrl(url);
      } catch (e) {
        notices.banner('error', `Cannot open ${origin.label}: ${e.message}`);
        if (!this.state.draft) this.page.view.showWelcome();
        return;
      }
      const r = await toFixtureText(textValue, { baseUrl: url });
      if (r.error) notices.banner('error', r.error);
      await this.text(r.text, { origin, force: true, converted: r.converted });
    } finally {
      notices.busy(null);
    }
  }

  async example(item) {
    if (!(await this.draft.confirmReplace(`the example “${item.name}”`))) return;
    this.draft.clearLocationSource();
    await this.url(new URL(item.path, location.href).href, { kind: 'example', label: 'the examples', path: item.path }, { force: true });
  }

  async pickExample() {
    const item = await galleryDialog(this.state.gallery);
    if (item) await this.example(item);
  }

  async files(fileList) {
    if (!(await this.draft.confirmReplace('that file'))) return;
    const r = await readFiles(fileList);
    if (r.texts && (await this.page.importer.files(r.texts))) return;
    if (r.error && !r.text) return this.page.notices.banner('error', r.error);
    if (r.error) this.page.notices.banner('error', r.error);
    this.draft.clearLocationSource();
    await this.text(r.text, { origin: { kind: 'file', label: r.fileName }, force: true, converted: r.converted });
  }

  async paste() {
    const textValue = await pasteDialog(this.pasteState, MAX_INPUT_BYTES);
    if (textValue === null || !textValue.trim()) return;
    const imported = await this.page.importer.text(textValue, { from: this.pasteState.from ?? '' });
    if (imported === 'loaded') this.pasteState.text = '';
    if (imported) return;
    if (!(await this.draft.confirmReplace('the pasted JSON'))) return;
    const r = await toFixtureText(textValue, {});
    if (r.error && !r.text) return this.page.notices.banner('error', r.error);
    if (r.error) this.page.notices.banner('error', r.error);
    this.draft.clearLocationSource();
    await this.text(r.text, { origin: { kind: 'paste', label: 'pasted JSON' }, force: true, converted: r.converted });
    this.pasteState.text = '';
  }

  /** Loads a fixture text as a new draft (pristine). */
  async text(textValue, { origin, view, sharedFrom, converted } = {}) {
    const state = this.state;
    this.page.root.dataset.empty = '0';
    state.selectedContact = null;
    state.selectedNode = null;
    state.selectedMessage = null;
    state.breakpoints = new Set();
    state.coverageWith = new Set();
    state.combined = null;
    state.renderCache.clear();
    clearRun(state);
    this.draft.set(textValue, { pristine: textValue, origin, sharedFrom: sharedFrom ?? null, source: 'load' });
    if (converted) this.page.notices.banner('info', 'That was a workflow on its own: it got a test contact and a 30-day clock. Edit them under Contact and Script.', { timeout: 10000 });
    applyView(state, view);
    await this.page.run.apply({ view: view ?? { steps: 0 } });
  }
}
