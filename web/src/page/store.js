// The page's memory across reloads: the fixture being edited exactly as
// typed (also when it is not valid JSON yet), the text it was loaded as (to
// tell edited from pristine), where the viewer stood, and one earlier draft
// kept aside when a share link, ?src= or another tab replaced edits.
//
// The draft is written to sessionStorage (this tab's own, survives its
// reloads, so two tabs never reload each other's work) and to localStorage
// (what a new tab starts from).
//
//   const store = new DraftStore(localStorage, sessionStorage);
//   store.save({ text, pristine, origin, view });   // false when storage failed
//   const draft = store.load();                      // null when none
//
// Storage can be missing (privacy modes) or full: every call catches, and
// save() says whether it worked so the page can warn before unload.

export const DRAFT_KEY = 'flowproof.page.draft.v1';
const KEY = DRAFT_KEY;
const PREVIOUS_KEY = 'flowproof.page.previous.v1';
const PREFS_KEY = 'flowproof.page.prefs.v1';

export class DraftStore {
  /**
   * @param {Storage|null} storage localStorage (shared by the tabs)
   * @param {Storage|null} [tabStorage] sessionStorage (this tab's)
   */
  constructor(storage, tabStorage = null) {
    this.storage = storage ?? null;
    this.tabStorage = tabStorage ?? null;
  }

  read(key, from = this.storage) {
    try {
      const raw = from?.getItem(key);
      if (!raw) return null;
      const value = JSON.parse(raw);
      return value && typeof value === 'object' ? value : null;
    } catch {
      return null;
    }
  }

  write(key, value, to = this.storage) {
    try {
      if (!to) return false;
      if (value === null) to.removeItem(key);
      else to.setItem(key, JSON.stringify(value));
      return true;
    } catch {
      return false;
    }
  }

  /** This tab's draft, else the last one saved by any tab. @returns {{text: string, pristine: string, origin: object, view: object, savedAt: number}|null} */
  load() {
    const d = this.read(KEY, this.tabStorage) ?? this.read(KEY);
    return d && typeof d.text === 'string' ? { pristine: '', origin: {}, view: {}, ...d } : null;
  }

  /** @returns {boolean} whether it was stored (in either storage) */
  save(draft) {
    const value = { ...draft, savedAt: Date.now() };
    const tab = this.write(KEY, value, this.tabStorage);
    const shared = this.write(KEY, value);
    return tab || shared;
  }

  clear() {
    this.write(KEY, null, this.tabStorage);
    return this.write(KEY, null);
  }

  /** The draft kept aside (see keepAside), or null. */
  loadPrevious() {
    return this.read(PREVIOUS_KEY);
  }

  /** Keeps an edited draft aside before something replaces it. */
  keepAside(draft) {
    return this.write(PREVIOUS_KEY, { ...draft, keptAt: Date.now() });
  }

  clearPrevious() {
    return this.write(PREVIOUS_KEY, null);
  }

  prefs() {
    return this.read(PREFS_KEY) ?? {};
  }

  setPref(name, value) {
    return this.write(PREFS_KEY, { ...this.prefs(), [name]: value });
  }
}

/** True when the draft differs from what was loaded. */
export function isEdited(draft) {
  return !!draft && typeof draft.text === 'string' && draft.text !== draft.pristine;
}
