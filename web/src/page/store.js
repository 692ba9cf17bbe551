// The page's memory across reloads (localStorage): the fixture being edited
// exactly as typed (also when it is not valid JSON yet), the text it was
// loaded as (to tell edited from pristine), where the viewer stood, and one
// earlier draft kept aside when a share link or ?src= replaced edits.
//
//   const store = new DraftStore(localStorage);
//   store.save({ text, pristine, origin, view });   // false when storage failed
//   const draft = store.load();                      // null when none
//
// Storage can be missing (privacy modes) or full: every call catches, and
// save() says whether it worked so the page can warn before unload.

const KEY = 'flowproof.page.draft.v1';
const PREVIOUS_KEY = 'flowproof.page.previous.v1';
const PREFS_KEY = 'flowproof.page.prefs.v1';

export class DraftStore {
  /** @param {Storage|null} storage */
  constructor(storage) {
    this.storage = storage ?? null;
  }

  read(key) {
    try {
      const raw = this.storage?.getItem(key);
      if (!raw) return null;
      const value = JSON.parse(raw);
      return value && typeof value === 'object' ? value : null;
    } catch {
      return null;
    }
  }

  write(key, value) {
    try {
      if (!this.storage) return false;
      if (value === null) this.storage.removeItem(key);
      else this.storage.setItem(key, JSON.stringify(value));
      return true;
    } catch {
      return false;
    }
  }

  /** @returns {{text: string, pristine: string, origin: object, view: object, savedAt: number}|null} */
  load() {
    const d = this.read(KEY);
    return d && typeof d.text === 'string' ? { pristine: '', origin: {}, view: {}, ...d } : null;
  }

  /** @returns {boolean} whether it was stored */
  save(draft) {
    return this.write(KEY, { ...draft, savedAt: Date.now() });
  }

  clear() {
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
