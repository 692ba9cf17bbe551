// <flowproof-tester>: the tester as a custom element for any page, such as
// an admin portal's workflow editor.
//
//   <script type="module" src="/flowproof/flowproof-element.js"></script>
//   <flowproof-tester src="/flowproof/fixtures/welcome.fixture.json"></flowproof-tester>
//
//   const t = document.querySelector('flowproof-tester');
//   t.addEventListener('load', (e) => e.detail.ok || console.log(e.detail.errors));
//   t.addEventListener('step', (e) => console.log(e.detail.now));
//   await t.load(fixtureObject);     // the API methods of createTester(), on the element
//   await t.runToEnd();
//
// Attributes: `src` (URL of a fixture, same origin; its relative workflow
// path resolves against it) and `fixture` (fixture JSON text; wins over
// `src`). Events (CustomEvent, not bubbling): 'load' {ok, errors, warnings,
// status}, 'step' (a Status after every change of the clock), 'progress'
// during long runs, 'error' {code, message, errors} for anything that failed,
// including a fixture with problems. Theming: --flowproof-* custom
// properties, ::part(), and fp- classes (web/README.md).
//
// The UI is compact: the clock, Step / Run to end / Reset, the contacts with
// their state, and the selected contact's timeline. Everything users wrote
// enters the DOM as text (dom.js); the simulation runs in the tester's worker.

import { createTester, ERROR_CODES, FlowproofError } from '../api/client/tester.js';
import { h as el, replace as replaceChildren } from '../shared/dom.js';
import { formatInstant, formatOffset, secondsOf, summarize } from '../shared/format.js';
import { elementStyleSheet } from './styles.js';

export { createTester, ERROR_CODES, FlowproofError };

/** Contacts and timeline lines shown at most (the API returns all). */
export const MAX_LISTED = 500;

const API_METHODS = ['trace', 'traceJsonl', 'traceText', 'contacts', 'contactsSummary', 'contact', 'nodeCounts', 'messages', 'messagesFrom', 'coverage', 'coverageOf', 'expectations', 'diff', 'forecastFormat', 'render', 'status', 'validateWorkflow', 'version'];
const MOVING_METHODS = ['step', 'stepBack', 'advance', 'advanceTo', 'runToEnd', 'runToBreakpoint', 'reset'];

export class FlowproofTesterElement extends HTMLElement {
  static get observedAttributes() {
    return ['src', 'fixture'];
  }

  constructor() {
    super();
    /** Options for the tester this element creates (set before it first loads): see createTester(). */
    this.testerOptions = {};
    this._tester = null;
    this._trace = [];
    this._messages = [];
    this._contacts = [];
    this._status = null;
    this._selected = null;
    this._busy = false;
    this._loadSeq = 0;
    this._connectedOnce = false;
    this._buildShadow();
  }

  // ---- lifecycle -------------------------------------------------------------

  connectedCallback() {
    clearTimeout(this._terminateTimer);
    if (!this._connectedOnce) {
      this._connectedOnce = true;
      this._loadFromAttributes();
    }
  }

  disconnectedCallback() {
    // Moving the element in the DOM disconnects and reconnects it at once:
    // only a real removal ends the worker.
    this._terminateTimer = setTimeout(() => {
      if (!this.isConnected && this._tester) {
        this._tester.terminate();
        this._tester = null;
        this._connectedOnce = false;
      }
    }, 0);
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this._connectedOnce) return;
    this._loadFromAttributes();
  }

  /** The underlying tester (createTester()), created on first use. */
  get tester() {
    if (!this._tester) {
      this._tester = createTester({
        baseUrl: document.baseURI,
        workerUrl: new URL('./worker.js', import.meta.url).href,
        ...this.testerOptions,
      });
      this._tester.on('progress', (p) => {
        this._showProgress(p);
        this._fire('progress', p);
      });
    }
    return this._tester;
  }

  // ---- API on the element ----------------------------------------------------

  /**
   * Loads a fixture (object or JSON text). Resolves to {ok, errors, warnings, status}; fires 'load' (and 'error' when not ok).
   * @param {object|string} fixture
   * @param {{baseUrl?: string}} [options]
   */
  async load(fixture, options) {
    return this._loading(() => this.tester.load(fixture, options), fixture);
  }

  /**
   * Fetches a fixture from a same-origin URL and loads it.
   * @param {string} url
   */
  async loadUrl(url) {
    let absolute;
    try {
      absolute = new URL(String(url), document.baseURI);
    } catch {
      absolute = null;
    }
    if (!absolute || absolute.origin !== location.origin) {
      const result = {
        ok: false,
        errors: [{ code: ERROR_CODES.FETCH_FAILED, pointer: '', line: null, column: null, message: `src must be a URL on this site (${location.origin}): ${String(url)}` }],
        warnings: [],
        status: null,
      };
      return this._loading(async () => result, null);
    }
    return this._loading(() => this.tester.loadUrl(absolute.href), null);
  }

  /**
   * The forecast of the loaded fixture (the tester's forecast()): its
   * progress shows in the bar, then the clock again.
   * @param {{contacts?: number, runs?: number}} [options]
   */
  async forecast(options) {
    try {
      return await this.tester.forecast(options);
    } catch (e) {
      this._failed(e);
      throw e;
    } finally {
      this._renderClock();
      this._setBusy(this._busy);
    }
  }

  /** Stops the long run in progress (it rejects with code 'cancelled'). */
  cancel() {
    this._tester?.cancel();
  }

  // ---- UI --------------------------------------------------------------------

  _buildShadow() {
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [elementStyleSheet()];
    this._ui = {
      title: el('span', { class: 'fp-title', part: 'title' }, 'flowproof'),
      clock: el('span', { class: 'fp-clock', part: 'clock', 'aria-live': 'polite' }, '—'),
      step: el('button', { class: 'fp-button fp-step', part: 'button step', type: 'button', disabled: true }, 'Step'),
      run: el('button', { class: 'fp-button fp-run', part: 'button run', type: 'button', disabled: true }, 'Run to end'),
      reset: el('button', { class: 'fp-button fp-secondary fp-reset', part: 'button reset', type: 'button', disabled: true }, 'Reset'),
      progress: el('progress', { class: 'fp-progress', part: 'progress', max: 1, value: 0, hidden: true }),
      errors: el('ul', { class: 'fp-errors', part: 'errors', role: 'alert' }),
      contacts: el('ul', { class: 'fp-contacts', part: 'contacts', role: 'listbox', 'aria-label': 'Contacts' }),
      timelineTitle: el('h3', { class: 'fp-timeline-title', part: 'timeline-title' }),
      events: el('ol', { class: 'fp-events', part: 'events' }),
    };
    const u = this._ui;
    root.append(
      el(
        'div',
        { class: 'fp-root', part: 'root' },
        el('div', { class: 'fp-bar', part: 'bar' }, u.title, u.clock, el('span', { class: 'fp-buttons' }, u.step, u.run, u.reset)),
        u.progress,
        u.errors,
        el('div', { class: 'fp-body', part: 'body' }, u.contacts, el('section', { class: 'fp-timeline', part: 'timeline' }, u.timelineTitle, u.events)),
      ),
    );
    u.step.addEventListener('click', () => this._ui_action(() => this.step()));
    u.reset.addEventListener('click', () => this._ui_action(() => this.reset()));
    u.run.addEventListener('click', () => {
      if (this._busy) this.cancel();
      else this._ui_action(() => this.runToEnd());
    });
    u.contacts.addEventListener('click', (event) => {
      const button = event.target.closest?.('.fp-contact-button');
      if (!button) return;
      this._select(button.dataset.id);
    });
    u.contacts.addEventListener('keydown', (event) => this._onContactKey(event));
    this._renderContacts();
    this._renderTimeline();
  }

  _loadFromAttributes() {
    const fixture = this.getAttribute('fixture');
    const src = this.getAttribute('src');
    if (fixture !== null && fixture.trim() !== '') this.load(fixture).catch(() => {});
    else if (src !== null && src.trim() !== '') this.loadUrl(src).catch(() => {});
  }

  async _loading(run, fixture) {
    const seq = ++this._loadSeq;
    // A new fixture supersedes a long run of the old one.
    if (this._busy) this._tester?.cancel();
    this._setBusy(true);
    let result;
    try {
      result = await run();
    } catch (e) {
      const error = FlowproofError.from(e);
      result = { ok: false, errors: error.errors, warnings: [], status: null };
    } finally {
      this._setBusy(false);
    }
    if (seq !== this._loadSeq) return result; // a later load superseded this one
    this._trace = [];
    this._messages = [];
    this._contacts = [];
    this._selected = null;
    this._status = result.status ?? null;
    this._ui.title.textContent = result.fixture?.name || fixtureName(fixture) || 'flowproof';
    this._showErrors(result.ok ? [] : result.errors);
    if (result.ok) await this._refresh(result.status).catch((e) => this._failed(e));
    else this._renderAll();
    this._fire('load', result);
    if (!result.ok) {
      const first = result.errors[0];
      this._fire('error', { code: result.code ?? ERROR_CODES.INVALID_INPUT, message: first?.message ?? 'the fixture could not be loaded', errors: result.errors });
    }
    return result;
  }

  async _moving(method, args) {
    this._setBusy(true);
    try {
      const status = await this.tester[method](...args);
      this._showErrors([]);
      await this._refresh(status);
      this._fire('step', status);
      return status;
    } catch (e) {
      const error = FlowproofError.from(e);
      if (error.code === ERROR_CODES.CANCELLED) await this._refresh(null).catch(() => {});
      this._failed(error);
      throw error;
    } finally {
      this._setBusy(false);
    }
  }

  async _ui_action(action) {
    try {
      await action();
    } catch {
      // Shown in the error list and fired as 'error' already.
    }
  }

  _failed(e) {
    const error = FlowproofError.from(e);
    if (error.code !== ERROR_CODES.CANCELLED) this._showErrors(error.errors);
    this._fire('error', { code: error.code, message: error.message, errors: error.errors });
  }

  // The results come as a view (the tester keeps the trace and the
  // messages in its worker): the contacts' summaries and the selected
  // contact's lines and messages, however large the run.
  async _refresh(status) {
    const tester = this.tester;
    let v = await tester.view({ contact: this._selected });
    if (this._selected === null || !v.contacts.some((c) => c.id === this._selected)) {
      const first = v.contacts.find((c) => c.state !== 'not_enrolled') ?? v.contacts[0];
      this._selected = first ? first.id : null;
      if (this._selected !== null) v = await tester.view({ contact: this._selected });
    }
    this._status = v.status ?? status;
    this._contacts = v.contacts;
    this._trace = v.trace;
    this._messages = v.messages;
    this._renderAll();
  }

  async _select(id) {
    this._selected = id;
    this._renderContacts();
    if (!this._status) return this._renderTimeline();
    const seq = (this._selectSeq = (this._selectSeq ?? 0) + 1);
    try {
      const v = await this.tester.view({ contact: id });
      if (seq !== this._selectSeq) return;
      this._trace = v.trace;
      this._messages = v.messages;
    } catch (e) {
      this._failed(e);
    }
    this._renderTimeline();
  }

  _renderAll() {
    this._renderClock();
    this._renderContacts();
    this._renderTimeline();
    this._setBusy(this._busy);
  }

  _renderClock() {
    const s = this._status;
    if (!s) {
      this._ui.clock.textContent = '—';
      return;
    }
    replaceChildren(
      this._ui.clock,
      el('time', { datetime: s.now }, formatInstant(s.now)),
      el('span', { class: 'fp-clock-offset' }, formatOffset(s.nowSeconds - s.startSeconds)),
      s.finished ? el('span', { class: 'fp-finished' }, ' · finished') : null,
    );
    this._ui.progress.value = progressFraction(s);
  }

  _renderContacts() {
    const list = this._ui.contacts;
    if (!this._contacts.length) {
      replaceChildren(list, el('li', { class: 'fp-empty' }, this._status ? 'No contacts.' : 'No fixture loaded.'));
      return;
    }
    const shown = this._contacts.slice(0, MAX_LISTED).map((c) => {
      const selected = c.id === this._selected;
      const where = c.state === 'exited' ? `exit: ${c.exit_reason ?? ''}` : c.node ?? '';
      return el(
        'li',
        { class: `fp-contact fp-contact-${cssToken(c.state)}`, role: 'none' },
        el(
          'button',
          { class: 'fp-contact-button', part: 'contact', type: 'button', role: 'option', 'aria-selected': String(selected), tabindex: selected ? 0 : -1, 'data-id': c.id },
          el('span', { class: 'fp-contact-id' }, c.id),
          el('span', { class: `fp-state fp-state-${cssToken(c.state)}` }, String(c.state).replace('_', ' ')),
          el('span', { class: 'fp-contact-node' }, where),
        ),
      );
    });
    if (this._contacts.length > MAX_LISTED) shown.push(el('li', { class: 'fp-empty' }, `and ${this._contacts.length - MAX_LISTED} more`));
    replaceChildren(list, shown);
  }

  _renderTimeline() {
    const id = this._selected;
    replaceChildren(this._ui.timelineTitle, id === null ? 'Timeline' : `Timeline: ${id}`);
    if (id === null) {
      replaceChildren(this._ui.events, el('li', { class: 'fp-empty' }, 'Load a fixture, then Step or Run to end.'));
      return;
    }
    const start = this._status?.startSeconds ?? 0;
    const lines = this._trace.filter((line) => line.contact === id);
    const items = lines.slice(-MAX_LISTED).map((line) => {
      const subject = line.kind === 'sent' ? this._subjectOf(line) : null;
      return el(
        'li',
        { class: `fp-event fp-kind-${cssToken(line.kind)}`, part: 'event' },
        el('time', { class: 'fp-event-time', datetime: line.t, title: formatInstant(line.t) }, formatOffset(secondsOf(line.t) - start)),
        el('span', { class: 'fp-event-text' }, summarize(line), subject ? el('span', { class: 'fp-subject' }, subject) : null),
      );
    });
    replaceChildren(this._ui.events, items.length ? items : el('li', { class: 'fp-empty' }, 'Nothing has happened to this contact yet.'));
  }

  _subjectOf(line) {
    const m = this._messages.find((x) => x.t === line.t && x.contact === line.contact && x.node === line.node);
    const message = m?.message ?? {};
    const text = message.subject ?? message.title ?? message.body ?? message.audience ?? message.url;
    return typeof text === 'string' ? text.slice(0, 200) : null;
  }

  _onContactKey(event) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const index = this._contacts.findIndex((c) => c.id === this._selected);
    const next = this._contacts[Math.max(0, Math.min(this._contacts.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (!next) return;
    event.preventDefault();
    this._select(next.id);
    this._ui.contacts.querySelector('[aria-selected="true"]')?.focus();
  }

  _showProgress(p) {
    this._ui.progress.hidden = false;
    this._ui.progress.value = p.fraction;
    // A forecast has no clock to show: only its share done.
    if (p.kind === 'forecast') {
      replaceChildren(this._ui.clock, el('span', { class: 'fp-clock-offset' }, `Forecast ${Math.round(p.fraction * 100)}%`));
      return;
    }
    replaceChildren(this._ui.clock, el('time', { datetime: p.now }, formatInstant(p.now)), el('span', { class: 'fp-clock-offset' }, `${Math.round(p.fraction * 100)}%`));
  }

  _showErrors(errors) {
    const items = (errors ?? []).slice(0, 50).map((e) => {
      const where = e.line ? `line ${e.line}, column ${e.column}` : e.pointer;
      return el('li', { class: 'fp-error', 'data-code': e.code }, where ? el('code', { class: 'fp-pointer' }, where) : null, e.message);
    });
    replaceChildren(this._ui.errors, items);
  }

  _setBusy(busy) {
    this._busy = busy;
    const loaded = !!this._status;
    const finished = !!this._status?.finished;
    this._ui.step.disabled = busy || !loaded || finished;
    this._ui.reset.disabled = busy || !loaded;
    this._ui.run.disabled = !busy && (!loaded || finished);
    this._ui.run.textContent = busy ? 'Stop' : 'Run to end';
    if (!busy) this._ui.progress.hidden = true;
  }

  _fire(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

// The attribute `fixture` is the fixture's text, so the tester's fixture()
// is fixtureInfo() on the element.
for (const [name, method] of [...API_METHODS.map((m) => [m, m]), ['fixtureInfo', 'fixture']]) {
  FlowproofTesterElement.prototype[name] = function (...args) {
    return this.tester[method](...args).catch((e) => {
      this._failed(e);
      throw e;
    });
  };
}
for (const method of MOVING_METHODS) {
  FlowproofTesterElement.prototype[method] = function (...args) {
    return this._moving(method, args);
  };
}

function fixtureName(fixture) {
  let doc = fixture;
  if (typeof fixture === 'string') {
    try {
      doc = JSON.parse(fixture);
    } catch {
      return null;
    }
  }
  return doc && typeof doc.name === 'string' ? doc.name : null;
}

function progressFraction(s) {
  const span = s.untilSeconds - s.startSeconds;
  return span > 0 ? Math.min(1, Math.max(0, (s.nowSeconds - s.startSeconds) / span)) : 1;
}

// Trace kinds and states become class names: keep them to a safe alphabet.
function cssToken(value) {
  return String(value ?? '').replace(/[^a-z0-9_-]/gi, '_');
}

if (!customElements.get('flowproof-tester')) customElements.define('flowproof-tester', FlowproofTesterElement);
