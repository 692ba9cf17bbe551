// The flowproof tester page: one fixture being edited and run.
//
//   const app = new App(document.getElementById('fp-app'), { createTester });
//   await app.start();
//
// The fixture's JSON text (the "draft") is the single source of truth. The
// contact form, the script editor and the JSON editor all edit it; every
// edit is saved to localStorage at once and the run is replayed to the same
// simulated moment (runs are deterministic, so this is exact). The tester
// (../api/tester.js) runs the WebAssembly core in a worker; this class only
// asks it for the clock, contacts, counts, trace and messages, and draws
// them. All user text enters the DOM as text (dom.js); email HTML only goes
// to sandbox="" srcdoc frames (previews.js).

import { button, h, replace, text } from './dom.js';
import { ask, galleryDialog, galleryGrid, pasteDialog } from './dialogs.js';
import { ClockBar } from './clock-view.js';
import { Diagram } from './diagram.js';
import { nodeTitle } from './explain.js';
import { addContact, deleteContact, newContactId, renameContact, scriptUses } from './fixture-edits.js';
import { coverageMarks, coverageReportView, legend, renderInspector } from './inspector-view.js';
import { JsonEditor } from './editor.js';
import { renderContactForm, renderContactList, renderLiveState } from './contacts-view.js';
import { messageKey, renderMessages } from './messages-view.js';
import { renderScript } from './script-view.js';
import { renderTimeline } from './timeline-view.js';
import { expectationLabel, renderExpectations } from './expectations-view.js';
import { allProblems, renderProblems } from './problems-view.js';
import { installDropZone } from './dropzone.js';
import { decodeShare, encodeShare } from './share.js';
import { DRAFT_KEY, DraftStore, isEdited } from './store.js';
import { loadGallery, readFiles, sameOriginUrl, toFixtureText } from './source.js';
import { formatLocal } from './time.js';

const TABS = [
  ['messages', 'Messages'],
  ['contact', 'Contact'],
  ['script', 'Script'],
  ['expect', 'Expectations'],
  ['json', 'Fixture JSON'],
];
const SAVE_DELAY_MS = 250;
const APPLY_DELAY_MS = 450;
/** Step gives up looking for a visible change after this many silent core steps. */
const MAX_SILENT_STEPS = 2000;

/** Work that exists nowhere else: edits, or text that was pasted. */
function isUnsaved(draft) {
  return isEdited(draft) || (!!draft && draft.origin?.kind === 'paste');
}

/** FNV-1a of a string, as 8 hex digits: tells share links apart without storing them. */
export function digest(textValue) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < textValue.length; i++) {
    hash ^= textValue.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function parseJson(textValue) {
  try {
    return { value: JSON.parse(textValue) };
  } catch (e) {
    const m = /line (\d+) column (\d+)/.exec(e.message);
    const pos = /position (\d+)/.exec(e.message);
    let line = m ? Number(m[1]) : null;
    let column = m ? Number(m[2]) : null;
    if (!m && pos) {
      const before = textValue.slice(0, Number(pos[1]));
      line = before.split('\n').length;
      column = before.length - before.lastIndexOf('\n');
    }
    return { error: { code: 'invalid_json', pointer: '', line, column, message: `Not valid JSON: ${e.message.replace(/^JSON\.parse: /, '')}` } };
  }
}

export class App {
  /**
   * @param {HTMLElement} root
   * @param {{createTester: Function, storage?: Storage|null, location?: Location}} deps
   */
  constructor(root, { createTester, storage = safeStorage('localStorage'), tabStorage = safeStorage('sessionStorage') } = {}) {
    this.root = root;
    this.createTester = createTester;
    this.store = new DraftStore(storage, tabStorage);
    this.tester = null;
    this.gallery = [];
    this.pasteState = { text: '' };

    // The draft and what is known about it.
    this.draft = null; // {text, pristine, origin, sharedFrom?}
    this.fixture = null; // parsed draft, or null when not JSON
    this.problems = [];
    this.warnings = [];
    this.saveFailed = false;

    // The run.
    this.status = null;
    this.contacts = [];
    this.counts = {};
    this.trace = []; // the lines the timeline shows (the worker keeps the rest)
    this.traceFrom = 0; // index of trace[0] in the whole trace
    this.traceSize = 0;
    this.messages = []; // the messages the views need
    this.messageTotal = 0;
    this.suppressed = [];
    this.delta = null; // what the last move did (results.js)
    this.previousTime = null;
    this.coverageReport = null;
    this.expectationReport = null;
    this.workflow = null;
    this.workflowText = '';
    this.stale = false;
    this.loadGeneration = 0;
    this.applySeq = 0;
    this.renderCache = new Map();

    // The view.
    this.selectedContact = null;
    this.selectedNode = null;
    this.selectedMessage = null;
    this.breakpoints = new Set();
    this.coverage = false;
    this.coverageWith = new Set(); // gallery paths counted in the coverage too
    this.combined = null; // {key, report | error}
    this.timelineScope = 'contact';
    this.messageScope = 'contact';
    this.emailLayout = 'both';
    this.scriptOnlySelected = false;
    this.tab = 'messages';
    this.busyCount = 0;
    this.formKey = '';
    this.scriptKey = '';
  }

  // ---- start-up ---------------------------------------------------------

  async start() {
    this.build();
    this.tester = this.createTester({ baseUrl: location.href });
    this.tester.on('progress', (p) => this.clock.progress(p));
    this.gallery = await loadGallery(location.href);
    this.renderWelcome();
    await this.openInitial();
    window.addEventListener('hashchange', () => this.onHashChange());
    window.addEventListener('pagehide', () => this.flushSave());
    window.addEventListener('storage', (event) => this.onOtherTab(event));
    document.addEventListener('keydown', (event) => this.onKey(event));
    window.addEventListener('beforeunload', (event) => {
      this.flushSave();
      if (this.saveFailed && isUnsaved(this.draft)) {
        event.preventDefault();
        event.returnValue = '';
      }
    });
    this.root.dataset.state = 'ready';
  }

  /** Share link, then ?src=, then the stored draft, else the welcome screen. */
  async openInitial() {
    const stored = this.store.load();
    const hash = location.hash;
    const share = decodeShare(hash);
    if (share) {
      const id = digest(hash);
      if (stored && stored.sharedFrom === id) return this.restore(stored, 'Your edits were restored.');
      if (share.error) {
        this.banner('error', share.error);
        if (stored) return this.restore(stored);
        return this.showWelcome();
      }
      this.keepAsideIfEdited(stored, 'a share link');
      const textValue = share.text ?? JSON.stringify(share.fixture, null, 2);
      return this.openText(textValue, { origin: { kind: 'share', label: 'shared link' }, view: share.view, sharedFrom: id, force: true });
    }
    const src = new URLSearchParams(location.search).get('src');
    if (src) {
      const where = sameOriginUrl(src, location.href);
      if (where.error) {
        this.banner('error', where.error);
      } else if (stored && stored.origin?.src === where.url) {
        return this.restore(stored, isEdited(stored) ? 'Your edits to this file were restored.' : '');
      } else {
        this.keepAsideIfEdited(stored, `'${src}'`);
        return this.openUrl(where.url, { kind: 'url', label: src, src: where.url }, { force: true });
      }
    }
    if (stored) return this.restore(stored);
    return this.showWelcome();
  }

  keepAsideIfEdited(stored, what) {
    if (!stored || !isUnsaved(stored)) return;
    this.store.keepAside(stored);
    this.banner('info', `You had unsaved edits to “${this.nameOf(stored.text)}”; opening ${what} kept them aside.`, {
      action: ['Restore my edits', () => this.restorePrevious()],
    });
  }

  nameOf(textValue) {
    const r = parseJson(textValue);
    return typeof r.value?.name === 'string' ? r.value.name : 'the fixture';
  }

  /** Swaps the draft kept aside with the current one (which is kept aside in turn when it is unsaved work). */
  async restorePrevious() {
    const previous = this.store.loadPrevious();
    if (!previous) return;
    if (isUnsaved(this.draft)) this.store.keepAside({ ...this.draft, view: this.viewState() });
    else this.store.clearPrevious();
    this.clearLocationSource();
    await this.restore(previous, 'Your earlier edits are back.');
  }

  async restore(stored, note = '') {
    if (note) this.banner('info', note, { timeout: 6000 });
    this.setDraft(stored.text, { pristine: stored.pristine ?? stored.text, origin: stored.origin ?? {}, sharedFrom: stored.sharedFrom, source: 'load' });
    this.applyView(stored.view);
    await this.apply({ view: stored.view });
  }

  async onHashChange() {
    const share = decodeShare(location.hash);
    if (!share || share.error) return;
    const id = digest(location.hash);
    if (this.draft?.sharedFrom === id) return;
    if (!(await this.confirmReplace('the shared fixture'))) return;
    await this.openText(share.text ?? JSON.stringify(share.fixture, null, 2), { origin: { kind: 'share', label: 'shared link' }, view: share.view, sharedFrom: id, force: true });
  }

  showWelcome() {
    this.root.dataset.empty = '1';
    this.renderAll();
  }

  // ---- opening fixtures --------------------------------------------------

  /** Asks before replacing an edited draft; true to go ahead. */
  async confirmReplace(what) {
    if (!isUnsaved(this.draft)) return true;
    const choice = await ask({
      title: 'Replace your edits?',
      message: [
        h('p', {}, `${isEdited(this.draft) ? 'You have edited' : 'You pasted'} “${this.fixture?.name ?? 'this fixture'}”. Opening ${what} replaces it.`),
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
      this.download();
      return this.confirmReplace(what);
    }
    return choice === 'replace';
  }

  async openUrl(url, origin, { force = false } = {}) {
    if (!force && !(await this.confirmReplace(`'${origin.label}'`))) return;
    this.busy('Opening…');
    try {
      let textValue;
      try {
        const response = await fetch(url, { credentials: 'same-origin' });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        textValue = await response.text();
      } catch (e) {
        this.banner('error', `Cannot open ${origin.label}: ${e.message}`);
        if (!this.draft) this.showWelcome();
        return;
      }
      const r = await toFixtureText(textValue, { baseUrl: url });
      if (r.error) this.banner('error', r.error);
      await this.openText(r.text, { origin, force: true, converted: r.converted });
    } finally {
      this.busy(null);
    }
  }

  async openExample(item) {
    if (!(await this.confirmReplace(`the example “${item.name}”`))) return;
    this.clearLocationSource();
    await this.openUrl(new URL(item.path, location.href).href, { kind: 'example', label: 'the examples', path: item.path }, { force: true });
  }

  async openFiles(fileList) {
    if (!(await this.confirmReplace('that file'))) return;
    const r = await readFiles(fileList);
    if (r.error && !r.text) return this.banner('error', r.error);
    if (r.error) this.banner('error', r.error);
    this.clearLocationSource();
    await this.openText(r.text, { origin: { kind: 'file', label: r.fileName }, force: true, converted: r.converted });
  }

  async openPaste() {
    const textValue = await pasteDialog(this.pasteState);
    if (textValue === null || !textValue.trim()) return;
    if (!(await this.confirmReplace('the pasted JSON'))) return;
    const r = await toFixtureText(textValue, {});
    if (r.error) this.banner('error', r.error);
    this.clearLocationSource();
    await this.openText(r.text, { origin: { kind: 'paste', label: 'pasted JSON' }, force: true, converted: r.converted });
    this.pasteState.text = '';
  }

  /** Loads a fixture text as a new draft (pristine). */
  async openText(textValue, { origin, view, sharedFrom, converted } = {}) {
    this.root.dataset.empty = '0';
    this.selectedContact = null;
    this.selectedNode = null;
    this.selectedMessage = null;
    this.breakpoints = new Set();
    this.coverageWith = new Set();
    this.combined = null;
    this.renderCache.clear();
    this.clearRun();
    this.setDraft(textValue, { pristine: textValue, origin, sharedFrom: sharedFrom ?? null, source: 'load' });
    if (converted) this.banner('info', 'That was a workflow on its own: it got a test contact and a 30-day clock. Edit them under Contact and Script.', { timeout: 10000 });
    this.applyView(view);
    await this.apply({ view: view ?? { steps: 0 } });
  }

  /** Forgets the run of the previous document. */
  clearRun() {
    this.loadGeneration++;
    this.status = null;
    this.contacts = [];
    this.contactById = new Map();
    this.counts = {};
    this.trace = [];
    this.traceFrom = 0;
    this.traceSize = 0;
    this.messages = [];
    this.messageTotal = 0;
    this.suppressed = [];
    this.delta = null;
    this.previousTime = null;
    this.coverageReport = null;
    this.expectationReport = null;
    this.taken = new Set();
    this.stale = false;
  }

  /** Draws the workflow (when it changed) so that it shows even before a run exists. */
  showWorkflow(workflow) {
    const workflowText = JSON.stringify(workflow ?? null);
    if (workflowText === this.workflowText) return;
    this.workflow = workflow && typeof workflow === 'object' ? workflow : null;
    this.workflowText = workflowText;
    this.diagram.setWorkflow(this.workflow ?? {});
  }

  /**
   * Another tab of this page saved its draft over the shared one: ours stays
   * in this tab's storage, and when it is unsaved work it is also kept aside
   * in the shared storage, so that closing this tab cannot lose it. Nothing
   * is written to the shared draft here (two tabs would answer each other).
   */
  onOtherTab(event) {
    if (event.key !== DRAFT_KEY || !event.newValue || !isUnsaved(this.draft)) return;
    let theirs;
    try {
      theirs = JSON.parse(event.newValue);
    } catch {
      return;
    }
    if (!theirs || theirs.text === this.draft.text) return;
    this.store.keepAside({ ...this.draft, view: this.viewState() });
    this.renderHeader();
    if (!this.otherTabWarned) {
      this.otherTabWarned = true;
      this.banner('info', 'This page is open in another tab too. Each tab keeps its own edits; a new tab opens the latest ones.', { timeout: 12000 });
    }
  }

  /** Removes ?src= and #f= from the address once the page holds something else. */
  clearLocationSource() {
    if (location.search || location.hash) history.replaceState(null, '', location.pathname);
  }

  // ---- the draft -----------------------------------------------------------

  /**
   * Sets the fixture text. `source` says which editor it came from, so that
   * editor is not redrawn under the user's cursor.
   */
  setDraft(textValue, { pristine, origin, sharedFrom, source = 'load' } = {}) {
    const prev = this.draft;
    this.draft = {
      text: textValue,
      pristine: pristine ?? prev?.pristine ?? textValue,
      origin: origin ?? prev?.origin ?? {},
      sharedFrom: sharedFrom !== undefined ? sharedFrom : prev?.sharedFrom,
    };
    const parsed = parseJson(textValue);
    this.fixture = parsed.value && typeof parsed.value === 'object' && !Array.isArray(parsed.value) ? parsed.value : null;
    this.syntaxProblem = parsed.error ?? null;
    if (source !== 'json') this.editor?.setText(textValue);
    if (source !== 'contact') this.formKey = '';
    if (source !== 'script') this.scriptKey = '';
    if (source !== 'load' && location.hash && this.draft.sharedFrom === digest(location.hash)) {
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
    if (!this.draft) return;
    const ok = this.store.save({ ...this.draft, view: this.viewState() });
    if (!ok && !this.saveFailed) {
      // Browsers keep about 5 MB per site: a big fixture does not fit.
      const mb = this.draft.text.length / (1024 * 1024);
      this.banner(
        'error',
        mb > 2
          ? `This fixture (${mb.toFixed(1)} MB) is too large for the browser's storage: edits to it will be lost on reload. Use Download to keep them.`
          : 'Your browser did not let the page store your edits: they will be lost on reload. Use Download to keep them.',
      );
    }
    this.saveFailed = !ok;
  }

  /** Edits the parsed fixture with fn(doc) and re-runs. */
  editFixture(fn, { source = 'form', rerender = true } = {}) {
    if (!this.fixture) return;
    const doc = structuredClone(this.fixture);
    fn(doc);
    this.setDraft(JSON.stringify(doc, null, 2), { source });
    if (rerender) this.renderTabs();
    this.scheduleApply();
  }

  scheduleApply() {
    clearTimeout(this.applyTimer);
    this.setPending(true);
    this.applyTimer = setTimeout(() => this.apply({ keepTime: true }), APPLY_DELAY_MS);
  }

  /** An edit waits to be applied (typing goes on); clock actions apply it first. */
  setPending(on) {
    this.pending = on;
    this.root.dataset.pending = on ? '1' : '0';
  }

  /** The view state that share links and storage keep. */
  viewState() {
    return {
      time: this.status?.now ?? null,
      steps: this.status?.steps ?? 0,
      contact: this.selectedContact,
      node: this.selectedNode,
      breakpoints: [...this.breakpoints],
      coverage: this.coverage,
      tab: this.tab,
      message: this.selectedMessage,
    };
  }

  applyView(view) {
    if (!view || typeof view !== 'object') return;
    if (typeof view.contact === 'string') this.selectedContact = view.contact;
    if (typeof view.node === 'string') this.selectedNode = view.node;
    if (Array.isArray(view.breakpoints)) this.breakpoints = new Set(view.breakpoints.filter((b) => typeof b === 'string'));
    if (typeof view.coverage === 'boolean') this.coverage = view.coverage;
    if (TABS.some(([t]) => t === view.tab)) this.tab = view.tab;
    if (typeof view.message === 'string') this.selectedMessage = view.message;
  }

  // ---- running -------------------------------------------------------------

  /**
   * Loads the draft into the tester and brings the clock back to where it
   * was (or to view.time). Problems keep the last good run on screen,
   * marked stale.
   */
  async apply({ keepTime = false, view = null } = {}) {
    clearTimeout(this.applyTimer);
    clearTimeout(this.jsonTimer);
    this.setPending(false);
    const seq = ++this.applySeq;
    if (!this.fixture) {
      this.problems = this.syntaxProblem ? [this.syntaxProblem] : [{ code: 'invalid_input', pointer: '', line: null, column: null, message: 'A fixture is a JSON object.' }];
      this.warnings = [];
      this.stale = !!this.status;
      this.renderAll();
      return;
    }
    const target = view ? { time: view.time, steps: view.steps ?? 0 } : keepTime && this.status ? { time: this.status.now, steps: this.status.steps } : { steps: 0 };
    this.busy(this.loadGeneration === 0 ? 'Starting the simulator…' : 'Checking the fixture…');
    try {
      const result = await this.tester.load(this.fixture);
      if (seq !== this.applySeq) return;
      this.problems = result.errors ?? [];
      this.warnings = result.warnings ?? [];
      if (!result.ok) {
        this.stale = !!this.status;
        if (!this.status && this.fixture.workflow && typeof this.fixture.workflow === 'object') this.showWorkflow(this.fixture.workflow);
        this.renderAll();
        const n = this.problems.length;
        this.clock.setStatus(`The fixture has ${n} problem${n === 1 ? '' : 's'}: see Fixture JSON.`);
        return;
      }
      this.stale = false;
      this.loadGeneration++;
      this.renderCache.clear();
      let workflow = this.fixture.workflow;
      if (!workflow || typeof workflow !== 'object') workflow = (await this.tester.fixture()).workflow ?? {};
      this.showWorkflow(workflow);
      let status = result.status;
      if (target.steps > 0 && typeof target.time === 'string') {
        this.clock.setStatus('Replaying to the same moment…');
        status = await this.tester.advanceTo(target.time);
      }
      if (seq !== this.applySeq) return;
      await this.refresh(status, { full: true });
      this.clock.setStatus(status.steps === 0 ? 'Ready: press Step to see the first thing that happens, or Run to end.' : `Replayed to ${formatLocal(status.now, this.zoneOf(null))}.`);
    } catch (e) {
      if (seq === this.applySeq) this.failed(e);
    } finally {
      this.busy(null);
    }
  }

  /**
   * What the views need from the worker: small whatever the run's size
   * (the worker keeps the trace and the messages and reads them from the
   * core incrementally; api/results.js).
   */
  viewRequest({ since = null } = {}) {
    const expect = Array.isArray(this.fixture?.expect) && this.fixture.expect.length > 0;
    // Before anyone is selected, the first contact (as refresh() picks it).
    const first = Array.isArray(this.fixture?.contacts) ? this.fixture.contacts.find((c) => typeof c?.id === 'string')?.id : null;
    return {
      contact: this.selectedContact ?? first ?? null,
      everyone: this.timelineScope === 'all',
      allMessages: this.messageScope === 'all' || !this.selectedContact,
      since,
      tail: 1000,
      detail: this.tab === 'contact',
      breakpoints: [...this.breakpoints],
      coverage: this.coverage,
      expectations: expect,
    };
  }

  /** Reads the results of the run as it stands and draws them. */
  async refresh(status, { full = false } = {}) {
    const generation = this.loadGeneration;
    this.clock.setStatus('Reading the results…');
    const request = this.viewRequest({ since: full || !this.status ? null : this.traceSize });
    let v = await this.tester.view(request);
    if (generation !== this.loadGeneration) return;
    if (!this.selectedContact || !v.contacts.some((c) => c.id === this.selectedContact)) {
      this.selectedContact = v.contacts[0]?.id ?? null;
      if (this.selectedContact && this.selectedContact !== request.contact) {
        const again = await this.tester.view({ ...this.viewRequest(), since: null });
        if (generation !== this.loadGeneration) return;
        v = { ...again, delta: v.delta };
      }
    }
    const before = this.status;
    this.applyResults(v);
    this.followLatest = !!before && v.status.steps > before.steps;
    this.renderAll();
    const current = this.contactById.get(this.selectedContact)?.node;
    if (current && this.followLatest) this.diagram.reveal(current);
    this.scheduleSave();
    this.updateCombinedCoverage();
  }

  applyResults(v) {
    this.status = v.status;
    this.contacts = v.contacts;
    this.contactById = new Map(v.contacts.map((c) => [c.id, c]));
    if (v.contact) this.contactById.set(v.contact.id, { ...this.contactById.get(v.contact.id), ...v.contact });
    this.counts = v.counts;
    this.trace = v.trace;
    this.traceFrom = v.traceFrom;
    this.traceSize = v.traceSize;
    this.messages = v.messages;
    this.messageTotal = v.messageTotal;
    this.suppressed = v.suppressed;
    this.delta = v.delta;
    this.previousTime = v.previousTime;
    this.taken = new Set(v.taken);
    this.coverageReport = v.coverage;
    this.expectationReport = v.expectations;
  }

  /**
   * Redraws after a change of what is looked at (another contact, scope,
   * coverage): the clock does not move, only the view is read again.
   */
  async refreshView() {
    if (!this.status || this.stale) return this.renderAll();
    const generation = this.loadGeneration;
    const seq = (this.viewSeq = (this.viewSeq ?? 0) + 1);
    this.root.dataset.reading = '1';
    try {
      const v = await this.tester.view(this.viewRequest());
      if (generation !== this.loadGeneration || seq !== this.viewSeq) return;
      const delta = this.delta;
      this.applyResults(v);
      this.delta = delta;
    } catch (e) {
      this.failed(e);
    } finally {
      if (seq === this.viewSeq) this.root.dataset.reading = '0';
    }
    this.followLatest = false;
    this.renderAll();
    this.updateCombinedCoverage();
  }

  /** Runs a clock action with the busy state and error handling. */
  async move(label, fn, describe) {
    if (this.pending) await this.apply({ keepTime: true });
    if (this.busyCount > 0 || !this.status || this.stale) return;
    const before = this.status;
    this.busy(label);
    try {
      const status = await fn();
      await this.refresh(status);
      this.clock.setStatus(describe ? describe(this.status, before) : this.describeMove(this.status, before));
    } catch (e) {
      if (e?.code === 'cancelled') {
        const status = await this.tester.status().catch(() => null);
        if (status) await this.refresh(status, { full: true });
        this.clock.setStatus(`Stopped at ${formatLocal(status?.now ?? '', this.zoneOf(null))}.`);
      } else {
        this.failed(e);
      }
    } finally {
      this.busy(null);
    }
  }

  describeMove(status, before) {
    if (status.nowSeconds < before.nowSeconds || status.steps < before.steps) return status.steps === 0 ? 'Back at the start: nothing has happened yet.' : `Back to ${formatLocal(status.now, this.zoneOf(null))}.`;
    const d = this.delta;
    if (!d || !d.lines) return status.finished ? 'The run is over: nothing else happens before the end of the test.' : 'Nothing happened in that time.';
    const more = d.contactCount - d.contacts.length;
    const names = more > 0 ? `${d.contacts.join(', ')} and ${more.toLocaleString('en-US')} more` : d.contacts.join(', ');
    const n = d.lines;
    return `${n.toLocaleString('en-US')} thing${n === 1 ? '' : 's'} happened (${names})${d.sent ? `, ${d.sent.toLocaleString('en-US')} message${d.sent === 1 ? '' : 's'} sent` : ''}${status.finished ? '. The run is over.' : '.'}`;
  }

  /**
   * Step: to the next moment at which something visible happens. The core
   * steps to every instant at which anything is due, including the clock
   * start and events nothing reacts to; those leave no trace, so the page
   * takes core steps until the trace grows (or the run ends).
   */
  step() {
    return this.move('Stepping…', async () => {
      const before = this.status.traceSize;
      let s = await this.tester.step();
      for (let i = 0; i < MAX_SILENT_STEPS && s.traceSize === before && !s.finished && s.stepped !== false; i++) s = await this.tester.step();
      return s;
    });
  }

  /**
   * Step back: undoes the latest moment at which something happened, by
   * deterministic replay to the moment before it (the worker's
   * previousTime; the start when there is none): the state after everything
   * due up to that instant is exactly what Step showed then.
   */
  stepBack() {
    const previous = this.previousTime;
    return this.move('Replaying to the step before…', async () => {
      const s = await this.tester.reset();
      return previous === null ? s : this.tester.advanceTo(previous);
    });
  }

  advance(duration) {
    return this.move(`Advancing ${duration}…`, () => this.tester.advance(duration));
  }

  runToEnd() {
    return this.move('Running to the end…', () => this.tester.runToEnd());
  }

  reset() {
    return this.move('Resetting…', () => this.tester.reset(), () => 'Back at the start: nothing has happened yet.');
  }

  runToBreakpoint() {
    const ids = [...this.breakpoints];
    if (!ids.length) return;
    let hitStatus = null;
    return this.move('Running to a breakpoint…', async () => (hitStatus = await this.tester.runToBreakpoint(ids)), (status) => {
      if (!hitStatus?.hit) return 'No contact reached a breakpoint: the run is over.';
      const first = this.delta?.hit;
      if (first) {
        this.selectedNode = first.node;
        if (this.selectedContact !== first.contact) {
          this.selectedContact = first.contact;
          this.refreshView();
        } else this.renderAll();
        return `Stopped at breakpoint: ${first.contact} entered '${nodeTitle(this.workflow, first.node)}' at ${formatLocal(first.t, this.zoneOf(first.contact))}.`;
      }
      return 'Stopped at a breakpoint.';
    });
  }

  cancel() {
    this.tester.cancel();
  }

  /** Keyboard: N step, P step back, E run to end (outside text fields and dialogs). */
  onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    const target = event.target;
    if (target?.closest?.('input, textarea, select, [contenteditable], dialog, .fp-editor') || document.querySelector('dialog[open]')) return;
    const action = { n: () => this.step(), p: () => this.stepBack(), e: () => this.runToEnd() }[event.key.toLowerCase()];
    if (!action || !this.status || this.stale || this.busyCount > 0) return;
    event.preventDefault();
    action();
  }

  failed(e) {
    if (e?.code === 'module_failed' || e?.code === 'worker_failed') {
      this.banner('error', `The simulator could not start (${e.code}): ${e.message}. This copy of the page may have been built without its WebAssembly module (tools/build.sh builds it).`);
      this.clock.setStatus('The simulator could not start.');
      return;
    }
    const code = e?.code ? ` (${e.code})` : '';
    this.banner('error', `Something went wrong${code}: ${e?.message ?? e}`);
    this.clock.setStatus('Something went wrong: see the message above.');
  }

  /** Nested busy states: busy(label) starts one, busy(null) ends the latest. */
  busy(label) {
    this.busyCount = Math.max(0, this.busyCount + (label ? 1 : -1));
    this.root.dataset.busy = this.busyCount > 0 ? '1' : '0';
    if (label) this.clock.busy(label);
    else if (this.busyCount === 0) {
      this.clock.busy(null);
      this.clock.update(this.model());
    }
  }

  // ---- actions from the views ---------------------------------------------------

  async selectContact(id) {
    this.selectedContact = id;
    this.timelineScope = 'contact';
    this.scheduleSave();
    await this.refreshView();
    const current = this.contactById?.get(id)?.node;
    if (current) this.diagram.reveal(current);
  }

  selectNode(id) {
    this.selectedNode = this.selectedNode === id ? null : id;
    this.renderDiagram();
    this.renderInspector();
  }

  toggleBreakpoint(id) {
    if (this.breakpoints.has(id)) this.breakpoints.delete(id);
    else this.breakpoints.add(id);
    this.renderDiagram();
    this.renderInspector();
    this.clock.update(this.model());
    this.scheduleSave();
  }

  async openMessage(m) {
    this.selectedMessage = messageKey(m);
    const other = this.selectedContact !== m.contact;
    this.selectedContact = m.contact;
    this.setTab('messages');
    if (other) await this.refreshView();
    else this.renderAll();
    this.tabPanels.messages.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  setTab(tab) {
    this.tab = tab;
    this.renderTabs();
    this.scheduleSave();
    // The Contact tab shows the contact's attributes now: read them.
    const live = this.contactById?.get(this.selectedContact);
    if (tab === 'contact' && live && !live.attributes) this.refreshView();
  }

  addContact() {
    if (!this.fixture) return;
    const id = newContactId(this.fixture);
    this.selectedContact = id;
    this.editFixture((doc) => addContact(doc, { id, timezone: this.workflow?.timezone ?? 'UTC' }));
    this.setTab('contact');
  }

  async deleteContact(id) {
    const uses = scriptUses(this.fixture, id);
    const choice = await ask({
      title: `Delete ${id}?`,
      message: uses ? `Its ${uses} script entr${uses === 1 ? 'y goes' : 'ies go'} too.` : 'The contact is removed from the fixture.',
      actions: [
        { label: 'Keep', value: 'keep' },
        { label: 'Delete', value: 'delete', variant: 'danger' },
      ],
    });
    if (choice !== 'delete') return;
    this.selectedContact = null;
    this.editFixture((doc) => deleteContact(doc, id));
  }

  renameContact(from, to) {
    const doc = structuredClone(this.fixture);
    if (!renameContact(doc, from, to)) {
      this.banner('error', `There is already a contact '${to}'.`, { timeout: 6000 });
      this.formKey = '';
      this.renderTabs();
      return;
    }
    this.selectedContact = to;
    this.editFixture((d) => renameContact(d, from, to));
  }

  editContact(id, fn) {
    this.editFixture(
      (doc) => {
        const c = (doc.contacts ?? []).find((x) => x?.id === id);
        if (c) fn(c);
      },
      { source: 'contact', rerender: false },
    );
  }

  editScript(fn, { rerender = false } = {}) {
    this.editFixture(
      (doc) => {
        if (!Array.isArray(doc.script)) doc.script = [];
        fn(doc.script);
      },
      { source: rerender ? 'load' : 'script', rerender: true },
    );
  }

  async previewSuppressed(m) {
    const key = messageKey(m);
    if (this.renderCache.has(key)) return;
    this.renderCache.set(key, null);
    try {
      const rendered = await this.tester.render(m.contact, m.template);
      this.renderCache.set(key, rendered?.error ? { error: rendered.error.message ?? String(rendered.error) } : rendered);
    } catch (e) {
      this.renderCache.set(key, { error: e?.message ?? String(e) });
    }
    this.renderMessagesTab();
  }

  async revert() {
    if (!isEdited(this.draft)) return;
    const choice = await ask({
      title: 'Undo all your edits?',
      message: `The fixture goes back to how it was when it was opened (${this.draft.origin?.label ?? 'its source'}).`,
      actions: [
        { label: 'Keep my edits', value: 'keep' },
        { label: 'Download my edits', value: 'download' },
        { label: 'Undo all edits', value: 'revert', variant: 'danger' },
      ],
    });
    if (choice === 'download') this.download();
    if (choice !== 'revert') return;
    this.setDraft(this.draft.pristine, { source: 'load' });
    await this.apply({ keepTime: true });
  }

  download() {
    if (!this.draft) return;
    const blob = new Blob([this.draft.text], { type: 'application/json' });
    const a = h('a', {});
    const name = String(this.fixture?.name ?? 'fixture').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'fixture';
    a.download = `${name}.fixture.json`;
    a.href = URL.createObjectURL(blob);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  /** Builds the share link, puts it in the address bar and offers to copy it. */
  async share() {
    if (!this.draft) return;
    const hash = encodeShare({ fixture: this.fixture ?? this.draft.text, view: this.viewState() });
    const url = `${location.origin}${location.pathname}${hash}`;
    this.draft.sharedFrom = digest(hash);
    history.replaceState(null, '', `${location.pathname}${hash}`);
    this.flushSave();
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
        this.banner('info', 'Copy the link from the address bar.', { timeout: 6000 });
      }
    }
  }

  // ---- the view model ---------------------------------------------------------

  zoneOf(contactId) {
    const c = contactId ? this.contactById?.get(contactId) : null;
    return c?.timezone || this.workflow?.timezone || 'UTC';
  }

  model() {
    return {
      fixture: this.fixture,
      workflow: this.workflow,
      status: this.status,
      stale: this.stale,
      problems: this.problems,
      contacts: this.contacts,
      contactById: this.contactById ?? new Map(),
      counts: this.counts,
      trace: this.trace,
      traceFrom: this.traceFrom,
      traceSize: this.traceSize,
      messages: this.messages,
      messageTotal: this.messageTotal,
      suppressed: this.suppressed,
      coverageReport: this.coverageReport,
      expectationReport: this.expectationReport,
      selectedContact: this.selectedContact,
      selectedNode: this.selectedNode,
      selectedMessage: this.selectedMessage,
      breakpoints: this.breakpoints,
      timelineScope: this.timelineScope,
      messageScope: this.messageScope,
      emailLayout: this.emailLayout,
      scriptOnlySelected: this.scriptOnlySelected,
      contactFilter: this.contactFilter,
      renderCache: this.renderCache,
      followLatest: this.followLatest,
      zoneOf: (id) => this.zoneOf(id),
    };
  }

  // ---- building and drawing --------------------------------------------------------

  build() {
    const fileInput = h('input', { type: 'file', accept: '.json,application/json', multiple: true, hidden: true, 'data-testid': 'file-input' });
    fileInput.addEventListener('change', () => {
      // Copied first: clearing the input empties its live FileList.
      const files = [...(fileInput.files ?? [])];
      fileInput.value = '';
      if (files.length) this.openFiles(files);
    });
    this.docName = h('h1', { class: 'fp-doc-name', 'data-testid': 'fixture-name' }, 'No fixture open');
    this.docMeta = h('div', { class: 'fp-doc-meta' });
    this.banners = h('div', { class: 'fp-banners', 'aria-live': 'polite', 'data-testid': 'banners' });
    const header = h(
      'header',
      { class: 'fp-header' },
      h('div', { class: 'fp-brand' }, h('span', { class: 'fp-logo', 'aria-hidden': 'true' }, '⟿'), h('span', { class: 'fp-brand-name' }, 'flowproof'), h('span', { class: 'fp-brand-sub' }, 'workflow tester')),
      h('div', { class: 'fp-doc' }, this.docName, this.docMeta),
      h(
        'nav',
        { class: 'fp-actions', 'aria-label': 'Fixture' },
        button('Examples', () => this.pickExample(), { testid: 'examples', title: 'Open one of the example workflows' }),
        button('Open file…', () => fileInput.click(), { testid: 'open-file', title: 'Open a workflow or fixture JSON file (or drop it anywhere on the page)' }),
        button('Paste JSON', () => this.openPaste(), { testid: 'paste', title: 'Paste a workflow or fixture' }),
        (this.downloadButton = button('Download', () => this.download(), { testid: 'download', title: 'Save the fixture, with your edits, as a file', disabled: true })),
        (this.shareButton = button('Share link', () => this.share(), { variant: 'primary', testid: 'share', title: 'A link that opens this fixture at this moment, for anyone', disabled: true })),
        fileInput,
      ),
    );

    const clockSection = h('section', { class: 'fp-clock', 'aria-label': 'Simulated clock', 'data-testid': 'clock' });
    this.clock = new ClockBar(clockSection, {
      reset: () => this.reset(),
      stepBack: () => this.stepBack(),
      step: () => this.step(),
      advance: (d) => this.advance(d),
      runToBreakpoint: () => this.runToBreakpoint(),
      runToEnd: () => this.runToEnd(),
      cancel: () => this.cancel(),
    });

    this.contactsPanel = h('section', { class: 'fp-panel fp-panel--contacts', 'aria-label': 'Contacts' });
    this.diagramHead = h('div', { class: 'fp-panel-head' });
    this.diagramBox = h('div', { class: 'fp-diagram' });
    this.inspector = h('div', { class: 'fp-inspector', 'data-testid': 'inspector' });
    this.coverageBox = h('div', { class: 'fp-coverage-box', hidden: true });
    this.diagramPanel = h('section', { class: 'fp-panel fp-panel--diagram', 'aria-label': 'Workflow diagram' }, this.diagramHead, this.coverageBox, this.diagramBox, this.inspector);
    this.timelinePanel = h('section', { class: 'fp-panel fp-panel--timeline', 'aria-label': 'Timeline' });
    this.welcome = h('section', { class: 'fp-welcome', 'data-testid': 'welcome' });
    this.main = h('main', { class: 'fp-main' }, this.contactsPanel, this.diagramPanel, this.timelinePanel);

    this.diagram = new Diagram(this.diagramBox, { onSelectNode: (id) => this.selectNode(id), onToggleBreakpoint: (id) => this.toggleBreakpoint(id) });
    this.diagram.toolbar.prepend(legend());

    this.tabButtons = {};
    this.tabPanels = {};
    const tablist = h('div', { class: 'fp-tablist', role: 'tablist', 'aria-label': 'Details' });
    for (const [id, label] of TABS) {
      const b = h('button', { type: 'button', role: 'tab', class: 'fp-tab', id: `fp-tab-${id}`, 'aria-controls': `fp-tabpanel-${id}`, 'data-testid': `tab-${id}`, on: { click: () => this.setTab(id) } }, label);
      this.tabButtons[id] = b;
      tablist.append(b);
      this.tabPanels[id] = h('div', { class: 'fp-tabpanel', role: 'tabpanel', id: `fp-tabpanel-${id}`, 'aria-labelledby': `fp-tab-${id}`, 'data-testid': `panel-${id}` });
    }
    tablist.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      const i = TABS.findIndex(([t]) => t === this.tab);
      const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length][0];
      this.setTab(next);
      this.tabButtons[next].focus();
    });

    // The JSON tab: the editor and its problems side by side.
    this.problemList = h('div', { class: 'fp-problems', 'data-testid': 'problems' });
    const editorBox = h('div', { class: 'fp-editor' });
    this.tabPanels.json.append(
      h('div', { class: 'fp-json' }, editorBox, h('aside', { class: 'fp-json-side' }, this.problemList, this.jsonHelp())),
    );
    this.editor = new JsonEditor(editorBox, {
      onChange: (textValue) => {
        this.setDraft(textValue, { source: 'json' });
        this.renderHeader();
        clearTimeout(this.jsonTimer);
        this.setPending(true);
        this.jsonTimer = setTimeout(() => {
          this.renderTabs();
          this.apply({ keepTime: true });
        }, APPLY_DELAY_MS);
      },
    });
    this.tabs = h('section', { class: 'fp-tabs', 'aria-label': 'Details' }, tablist, Object.values(this.tabPanels));

    this.dropOverlay = h('div', { class: 'fp-drop', hidden: true, 'data-testid': 'drop-overlay' }, h('p', {}, 'Drop a workflow or fixture JSON file (a fixture and its workflow.json together work too)'));
    installDropZone(document, this.dropOverlay, (files) => this.openFiles(files));

    this.hint = this.store.prefs().hintDismissed ? null : this.buildHint();
    replace(this.root, header, this.banners, clockSection, this.hint, this.welcome, this.main, this.tabs, this.dropOverlay);
  }

  buildHint() {
    const hint = h(
      'aside',
      { class: 'fp-hint', 'data-testid': 'hint' },
      h('strong', {}, 'How to read this page: '),
      '1) Press ',
      h('b', {}, 'Step'),
      ' to move the simulated clock to the next moment something happens. 2) Click a contact on the left: its path lights up in the diagram, and “What happened” explains every decision. 3) Open ',
      h('b', {}, 'Messages'),
      ' below to read each email, SMS and push exactly as sent.',
      button('Got it', () => {
        this.store.setPref('hintDismissed', true);
        hint.remove();
      }, { variant: 'ghost' }),
    );
    return hint;
  }

  jsonHelp() {
    return h(
      'details',
      { class: 'fp-json-help' },
      h('summary', {}, 'About this file'),
      h('p', {}, 'A fixture holds the workflow, the test contacts, a script of events and the clock. Edits apply as you type, are kept in this browser, and the run replays to the same moment.'),
    );
  }

  async pickExample() {
    const item = await galleryDialog(this.gallery);
    if (item) await this.openExample(item);
  }

  banner(kind, message, { action, timeout } = {}) {
    const node = h(
      'div',
      { class: `fp-banner fp-banner--${kind}`, role: kind === 'error' ? 'alert' : 'status' },
      h('span', { class: 'fp-banner-text' }, message),
      action ? button(action[0], () => (node.remove(), action[1]()), { variant: 'ghost' }) : null,
      button('✕', () => node.remove(), { variant: 'icon', title: 'Dismiss' }),
    );
    this.banners.append(node);
    if (timeout) setTimeout(() => node.remove(), timeout);
    while (this.banners.childElementCount > 4) this.banners.firstElementChild.remove();
  }

  renderAll() {
    const model = this.model();
    const empty = !this.draft;
    this.root.dataset.empty = empty ? '1' : '0';
    this.welcome.hidden = !empty;
    this.main.hidden = empty;
    this.tabs.hidden = empty;
    this.renderHeader();
    this.clock.update(model);
    renderContactList(this.contactsPanel, model, {
      selectContact: (id) => this.selectContact(id),
      addContact: () => this.addContact(),
      setFilter: (value) => {
        this.contactFilter = value;
        renderContactList(this.contactsPanel, this.model(), { selectContact: (id) => this.selectContact(id), addContact: () => this.addContact(), setFilter: () => {} });
        this.contactsPanel.querySelector('.fp-contact-search')?.focus();
      },
    });
    this.renderDiagram();
    this.renderInspector();
    renderTimeline(this.timelinePanel, model, {
      openMessage: (m) => this.openMessage(m),
      selectNode: (id) => this.selectNode(id),
      selectContact: (id) => this.selectContact(id),
      setScope: async (scope) => {
        this.timelineScope = scope;
        await this.refreshView();
        // Everyone's list is the latest lines: show the end of it.
        if (scope === 'all') {
          const list = this.timelinePanel.querySelector('[data-testid=timeline]');
          if (list) list.scrollTop = list.scrollHeight;
        }
      },
    });
    this.renderTabs();
    this.renderStaleBanner();
  }

  renderWelcome() {
    replace(
      this.welcome,
      h('h2', { class: 'fp-welcome-title' }, 'Test a marketing workflow before it goes live'),
      h('p', { class: 'fp-welcome-lead' }, 'Pick an example (or open, paste or drop your own workflow). Test contacts move through it on a simulated clock: you see where each one goes and why, and read every email, SMS and push exactly as it would be sent. Nothing leaves your browser.'),
      galleryGrid(this.gallery, (item) => this.openExample(item)),
    );
  }

  renderHeader() {
    const f = this.fixture;
    this.downloadButton.disabled = !this.draft;
    this.shareButton.disabled = !this.draft;
    const previous = this.store.loadPrevious();
    text(this.docName, f?.name ?? (this.draft ? 'Fixture (not valid JSON yet)' : 'No fixture open'));
    this.docName.title = typeof f?.name === 'string' ? f.name : '';
    const edited = isEdited(this.draft);
    replace(
      this.docMeta,
      this.workflow?.name ? h('span', { class: 'fp-doc-wf' }, `Workflow: ${this.workflow.name}`) : null,
      this.draft?.origin?.label ? h('span', { class: 'fp-doc-origin' }, `from ${this.draft.origin.label}`) : null,
      edited ? h('span', { class: 'fp-edited', 'data-testid': 'edited' }, 'edited', button('Undo all edits', () => this.revert(), { variant: 'link', testid: 'revert' })) : null,
      previous ? button('Restore earlier edits', () => this.restorePrevious(), { variant: 'link', testid: 'restore-previous', title: `Your edits of “${this.nameOf(previous.text)}” were kept aside when something else was opened` }) : null,
    );
  }

  renderStaleBanner() {
    if (!this.staleBanner) {
      this.staleBanner = h('div', { class: 'fp-banner fp-banner--error fp-banner--stale', role: 'alert', 'data-testid': 'problems-banner' });
      this.banners.prepend(this.staleBanner);
    }
    const n = this.problems.length;
    this.staleBanner.hidden = n === 0;
    if (n) {
      replace(
        this.staleBanner,
        h('span', { class: 'fp-banner-text' }, `The fixture has ${n} problem${n === 1 ? '' : 's'}: ${this.problems[0].pointer ? `${this.problems[0].pointer}: ` : ''}${this.problems[0].message}${this.stale ? ' — the page shows the last run that worked.' : ''}`),
        button('Show in the JSON', () => {
          this.setTab('json');
          this.tabPanels.json.scrollIntoView({ block: 'start' });
          this.editor.reveal(this.problems[0]);
        }, { variant: 'ghost', testid: 'show-problems' }),
      );
    }
    this.root.dataset.stale = this.stale ? '1' : '0';
  }

  renderDiagram() {
    const contact = this.contactById?.get(this.selectedContact);
    replace(
      this.diagramHead,
      h('h2', { class: 'fp-panel-title' }, 'Workflow', this.workflow?.name ? h('span', { class: 'fp-muted' }, ` — ${this.workflow.name}`) : null),
      h(
        'label',
        { class: 'fp-check', title: 'Outline the steps and paths no contact has reached so far: gaps in what this fixture tests' },
        h('input', { type: 'checkbox', 'data-testid': 'coverage-toggle', props: { checked: this.coverage }, on: { change: (e) => ((this.coverage = e.target.checked), this.scheduleSave(), this.refreshView()) } }),
        ' Show what no contact reached',
      ),
    );
    const siblings = this.coverage && this.status ? this.siblingFixtures() : [];
    const combined = this.coverageWith.size && this.combined?.key === this.combinedKey() ? this.combined : null;
    const report = combined?.report ?? (this.coverageWith.size ? null : this.coverageReport);
    replace(
      this.coverageBox,
      this.coverage && this.status
        ? [
            combined?.error ? h('p', { class: 'fp-note fp-note--warn' }, combined.error) : coverageReportView(report, this.workflow, combined ? null : this.status),
            siblings.length
              ? h(
                  'p',
                  { class: 'fp-coverage-with', 'data-testid': 'coverage-with' },
                  'Count the other examples of this workflow too (each run to its end, as ',
                  h('code', {}, 'flowproof run --coverage'),
                  ' over their folder):',
                  siblings.map((item) =>
                    h(
                      'label',
                      { class: 'fp-check', title: item.path },
                      h('input', { type: 'checkbox', 'data-path': item.path, props: { checked: this.coverageWith.has(item.path) }, on: { change: (e) => this.setCoverageWith(item.path, e.target.checked) } }),
                      ` ${item.name}`,
                    ),
                  ),
                )
              : null,
          ]
        : null,
    );
    this.coverageBox.hidden = !(this.coverage && this.status);
    const marks = this.coverage && report ? coverageMarks(report, this.workflow) : null;
    if (!this.workflow) return;
    this.diagram.update({
      counts: this.counts,
      path: contact?.path ?? [],
      current: contact && (contact.state === 'waiting' || contact.state === 'active' || contact.state === 'exited') ? contact.node : null,
      breakpoints: this.breakpoints,
      selectedNode: this.selectedNode,
      coverage: { show: this.coverage, taken: this.taken ?? new Set(), missedNodes: marks?.nodes, missedKeys: marks?.keys },
    });
  }

  /**
   * Examples of the gallery that test the same workflow file as the open
   * fixture (when it came from the gallery or from ?src= on this site).
   */
  siblingFixtures() {
    const origin = this.draft?.origin ?? {};
    let where = origin.path ?? null;
    if (!where && typeof origin.src === 'string') {
      const base = new URL('.', location.href).href;
      if (origin.src.startsWith(base)) where = origin.src.slice(base.length);
    }
    const item = this.gallery.find((g) => g.path === where);
    if (!item?.workflow) return [];
    return this.gallery.filter((g) => g !== item && g.workflow === item.workflow && g.format === 'flowproof.fixture/1');
  }

  combinedKey() {
    return `${digest(this.draft?.text ?? '')}|${[...this.coverageWith].sort().join('|')}`;
  }

  async setCoverageWith(path, on) {
    if (on) this.coverageWith.add(path);
    else this.coverageWith.delete(path);
    this.renderDiagram();
    await this.updateCombinedCoverage();
  }

  /** The coverage by this fixture and the chosen examples, each run to its end (tester.coverageOf). */
  async updateCombinedCoverage() {
    if (!this.coverage || !this.coverageWith.size || !this.fixture || this.stale) return;
    const key = this.combinedKey();
    if (this.combined?.key === key) return;
    this.root.dataset.reading = '1';
    try {
      const here = this.draft.origin?.src ?? (this.draft.origin?.path ? new URL(this.draft.origin.path, location.href).href : location.href);
      const fixtures = [{ fixture: this.fixture, name: String(this.fixture.name ?? 'this fixture'), baseUrl: here }];
      for (const path of [...this.coverageWith].sort()) {
        const url = new URL(path, location.href).href;
        const response = await fetch(url, { credentials: 'same-origin' });
        if (!response.ok) throw new Error(`cannot read ${path}: HTTP ${response.status}`);
        fixtures.push({ fixture: await response.text(), name: path, baseUrl: url });
      }
      const report = await this.tester.coverageOf(fixtures);
      if (key === this.combinedKey()) this.combined = { key, report };
    } catch (e) {
      if (key === this.combinedKey()) this.combined = { key, error: `The coverage of these fixtures together could not be computed: ${e?.message ?? e}` };
    } finally {
      this.root.dataset.reading = '0';
    }
    this.renderDiagram();
  }

  renderInspector() {
    renderInspector(this.inspector, this.model(), {
      selectContact: (id) => this.selectContact(id),
      selectNode: (id) => this.selectNode(id),
      toggleBreakpoint: (id) => this.toggleBreakpoint(id),
      showInJson: (pointer) => {
        this.setTab('json');
        this.editor.reveal({ pointer });
      },
    });
  }

  renderTabs() {
    for (const [id] of TABS) {
      const on = id === this.tab;
      this.tabButtons[id].setAttribute('aria-selected', String(on));
      this.tabButtons[id].tabIndex = on ? 0 : -1;
      this.tabPanels[id].hidden = !on;
    }
    const model = this.model();
    const sent = this.messageTotal;
    text(this.tabButtons.messages, `Messages${sent ? ` (${sent})` : ''}`);
    text(this.tabButtons.contact, this.selectedContact ? `Contact: ${this.selectedContact}` : 'Contact');
    const scriptCount = Array.isArray(this.fixture?.script) ? this.fixture.script.length : 0;
    text(this.tabButtons.script, `Script${scriptCount ? ` (${scriptCount})` : ''}`);
    text(this.tabButtons.expect, expectationLabel(this.fixture, this.expectationReport));
    this.tabButtons.expect.classList.toggle('fp-tab--problem', !!this.expectationReport?.failed && !!this.expectationReport.finished);
    text(this.tabButtons.json, `Fixture JSON${this.problems.length ? ` ⚠ ${this.problems.length}` : ''}`);
    this.tabButtons.json.classList.toggle('fp-tab--problem', this.problems.length > 0);

    if (this.tab === 'messages') this.renderMessagesTab(model);
    if (this.tab === 'contact') {
      if (!this.formKey || this.formKeyContact !== this.selectedContact) {
        renderContactForm(this.tabPanels.contact, model, {
          editContact: (id, fn) => this.editContact(id, fn),
          deleteContact: (id) => this.deleteContact(id),
          renameContact: (from, to) => this.renameContact(from, to),
        });
        this.formKey = 'kept';
        this.formKeyContact = this.selectedContact;
      } else renderLiveState(this.tabPanels.contact, model);
    }
    if (this.tab === 'script' && (!this.scriptKey || this.scriptKeyContact !== `${this.selectedContact}|${this.scriptOnlySelected}`)) {
      renderScript(this.tabPanels.script, model, {
        editScript: (fn, opts) => this.editScript(fn, opts),
        setScriptFilter: (on) => {
          this.scriptOnlySelected = on;
          this.scriptKey = '';
          this.renderTabs();
        },
      });
      this.scriptKey = 'kept';
      this.scriptKeyContact = `${this.selectedContact}|${this.scriptOnlySelected}`;
    }
    if (this.tab === 'expect') {
      renderExpectations(this.tabPanels.expect, model, {
        selectContact: (id) => this.selectContact(id),
        showInJson: (pointer) => {
          this.setTab('json');
          this.editor.reveal({ pointer });
        },
      });
    }
    if (this.tab === 'json') {
      this.editor.setProblems(allProblems(this.problems, this.warnings));
      renderProblems(this.problemList, this.problems, this.warnings, { reveal: (p) => this.editor.reveal(p) });
    }
  }

  renderMessagesTab(model = this.model()) {
    renderMessages(this.tabPanels.messages, model, {
      selectMessage: (key) => {
        this.selectedMessage = key;
        this.renderMessagesTab();
        this.scheduleSave();
      },
      setMessageScope: (scope) => {
        this.messageScope = scope;
        this.refreshView();
      },
      setEmailLayout: (layout) => {
        this.emailLayout = layout;
        this.renderMessagesTab();
      },
      previewSuppressed: (m) => this.previewSuppressed(m),
    });
  }
}

/** window[name] (localStorage, sessionStorage), or null where the browser refuses it. */
export function safeStorage(name) {
  try {
    const s = window[name];
    s.getItem('flowproof.probe');
    return s;
  } catch {
    return null;
  }
}
