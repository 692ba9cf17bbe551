// The draft controller: the fixture's JSON text, its storage and its undo.
//
//   page.draft.set(text, { source: 'json' });   // parse, save soon, keep the editor
//   page.draft.flushSave();                     // now (pagehide, share)
//   await page.draft.revert();                  // back to the text as opened
//
// The draft is the single source of truth: the contact form, the script
// editor and the JSON editor all edit it, every edit is saved to
// localStorage at once (store.js), and work that exists nowhere else
// (edits, pasted text) is never dropped without asking: another tab's save
// or opening something else keeps it aside, with a way back.

import { h } from '../shared/dom.js';
import { ask } from './dialogs.js';
import { parseJson } from './json-text.js';
import { digest } from './share.js';
import { DRAFT_KEY, isEdited } from './store.js';
import { applyView, viewState } from './state.js';

const SAVE_DELAY_MS = 250;

/** Work that exists nowhere else: edits, or text that was pasted. */
function isUnsaved(draft) {
  return isEdited(draft) || (!!draft && draft.origin?.kind === 'paste');
}

/** The fixture's name in a draft text, for messages about it. */
export function nameOf(textValue) {
  const r = parseJson(textValue);
  return typeof r.value?.name === 'string' ? r.value.name : 'the fixture';
}

export class DraftController {
  /** @param {import('./app.js').App} page */
  constructor(page) {
    this.page = page;
    this.state = page.state;
    this.store = page.store;
  }

  /**
   * Sets the fixture text. `source` says which editor it came from, so that
   * editor is not redrawn under the user's cursor.
   */
  set(textValue, { pristine, origin, sharedFrom, source = 'load' } = {}) {
    const state = this.state;
    const prev = state.draft;
    state.draft = {
      text: textValue,
      pristine: pristine ?? prev?.pristine ?? textValue,
      origin: origin ?? prev?.origin ?? {},
      sharedFrom: sharedFrom !== undefined ? sharedFrom : prev?.sharedFrom,
    };
    const parsed = parseJson(textValue);
    state.fixture = parsed.value && typeof parsed.value === 'object' && !Array.isArray(parsed.value) ? parsed.value : null;
    state.syntaxProblem = parsed.error ?? null;
    this.page.view.draftChanged(textValue, source);
    this.page.importer?.draftChanged(state.draft);
    this.page.compare?.draftChanged(state.draft); // a comparison of the text before is out of date
    if (source !== 'load' && location.hash && state.draft.sharedFrom === digest(location.hash)) {
      // The address bar must not keep offering the old state once edited.
      history.replaceState(null, '', location.pathname + location.search);
    }
    this.scheduleSave();
  }

  scheduleSave() {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.flushSave(), SAVE_DELAY_MS);
  }

  flushSave() {
    clearTimeout(this.saveTimer);
    const state = this.state;
    if (!state.draft) return;
    const ok = this.store.save({ ...state.draft, view: viewState(state) });
    if (!ok && !state.saveFailed) {
      // Browsers keep about 5 MB per site: a big fixture does not fit.
      const mb = state.draft.text.length / (1024 * 1024);
      this.page.notices.banner(
        'error',
        mb > 2
          ? `This fixture (${mb.toFixed(1)} MB) is too large for the browser's storage: edits to it will be lost on reload. Use Download to keep them.`
          : 'Your browser did not let the page store your edits: they will be lost on reload. Use Download to keep them.',
      );
    }
    state.saveFailed = !ok;
  }

  /** beforeunload: ask first when unsaved work could not be stored. */
  mustAskBeforeLeaving() {
    this.flushSave();
    return this.state.saveFailed && isUnsaved(this.state.draft);
  }

  keepAsideIfEdited(stored, what) {
    if (!stored || !isUnsaved(stored)) return;
    this.store.keepAside(stored);
    this.page.notices.banner('info', `You had unsaved edits to “${nameOf(stored.text)}”; opening ${what} kept them aside.`, {
      action: ['Restore my edits', () => this.restorePrevious()],
    });
  }

  /** Swaps the draft kept aside with the current one (which is kept aside in turn when it is unsaved work). */
  async restorePrevious() {
    const previous = this.store.loadPrevious();
    if (!previous) return;
    if (isUnsaved(this.state.draft)) this.store.keepAside({ ...this.state.draft, view: viewState(this.state) });
    else this.store.clearPrevious();
    this.clearLocationSource();
    await this.restore(previous, 'Your earlier edits are back.');
  }

  async restore(stored, note = '') {
    if (note) this.page.notices.banner('info', note, { timeout: 6000 });
    this.set(stored.text, { pristine: stored.pristine ?? stored.text, origin: stored.origin ?? {}, sharedFrom: stored.sharedFrom, source: 'load' });
    applyView(this.state, stored.view);
    await this.page.run.apply({ view: stored.view });
  }

  /**
   * Another tab of this page saved its draft over the shared one: ours stays
   * in this tab's storage, and when it is unsaved work it is also kept aside
   * in the shared storage, so that closing this tab cannot lose it. Nothing
   * is written to the shared draft here (two tabs would answer each other).
   */
  onOtherTab(event) {
    const draft = this.state.draft;
    if (event.key !== DRAFT_KEY || !event.newValue || !isUnsaved(draft)) return;
    let theirs;
    try {
      theirs = JSON.parse(event.newValue);
    } catch {
      return;
    }
    if (!theirs || theirs.text === draft.text) return;
    this.store.keepAside({ ...draft, view: viewState(this.state) });
    this.page.view.renderHeader();
    if (!this.otherTabWarned) {
      this.otherTabWarned = true;
      this.page.notices.banner('info', 'This page is open in another tab too. Each tab keeps its own edits; a new tab opens the latest ones.', { timeout: 12000 });
    }
  }

  /** Removes ?src= and #f= from the address once the page holds something else. */
  clearLocationSource() {
    if (location.search || location.hash) history.replaceState(null, '', location.pathname);
  }

  /** Asks before replacing an edited draft; true to go ahead. */
  async confirmReplace(what) {
    const state = this.state;
    if (!isUnsaved(state.draft)) return true;
    const choice = await ask({
      title: 'Replace your edits?',
      message: [
        h('p', {}, `${isEdited(state.draft) ? 'You have edited' : 'You pasted'} “${state.fixture?.name ?? 'this fixture'}”. Opening ${what} replaces it.`),
        h('p', { class: 'fp-muted' }, 'Download it first to keep it as a file.'),
      ],
      actions: [
        { label: 'Keep editing', value: 'cancel' },
        { label: 'Download my edits', value: 'download' },
        { label: 'Replace', value: 'replace', variant: 'danger' },
      ],
      testid: 'confirm-replace',
    });
    if (choice === 'download') {
      this.page.share.download();
      return this.confirmReplace(what);
    }
    return choice === 'replace';
  }

  async revert() {
    const state = this.state;
    if (!isEdited(state.draft)) return;
    const choice = await ask({
      title: 'Undo all your edits?',
      message: `The fixture goes back to how it was when it was opened (${state.draft.origin?.label ?? 'its source'}).`,
      actions: [
        { label: 'Keep my edits', value: 'keep' },
        { label: 'Download my edits', value: 'download' },
        { label: 'Undo all edits', value: 'revert', variant: 'danger' },
      ],
    });
    if (choice === 'download') this.page.share.download();
    if (choice !== 'revert') return;
    this.set(state.draft.pristine, { source: 'load' });
    await this.page.run.apply({ keepTime: true });
  }
}
