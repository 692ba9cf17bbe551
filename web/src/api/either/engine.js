// The request handler behind the API: one WebAssembly module, one session,
// and the long runs cut into chunks. It runs inside the Web Worker
// (worker.js) or, where there is no worker (Node, or `worker: false`), in the
// caller's thread; tester.js talks to it through the same {type, payload}
// requests either way.
//
//   const engine = new Engine(() => loadModule());
//   await engine.handle('load', { text, files });
//   await engine.handle('runToEnd', {}, { onProgress: (p) => ..., isCancelled: () => false });
//
// The module is instantiated once, lazily, and its promise cached. A run
// that would take long (runToEnd, advance, advanceTo, runToBreakpoint,
// stepBack) proceeds in batches of about `sliceMs` milliseconds; between
// batches it reports progress and yields, so cancel requests get through
// and, without a worker, the thread stays responsive.

import { ERROR_CODES, FlowproofError, errorFromEnvelope } from './errors.js';
import { Results } from './results.js';

/** Milliseconds of work between two progress reports. */
export const DEFAULT_SLICE_MS = 30;

const yieldNow = makeYield();

export class Engine {
  /**
   * @param {() => Promise<object>} loadModule resolves to the Emscripten module (createFlowproofModule's result)
   * @param {{sliceMs?: number}} [options]
   */
  constructor(loadModule, { sliceMs = DEFAULT_SLICE_MS } = {}) {
    this.loadModule = loadModule;
    this.sliceMs = sliceMs;
    this.modulePromise = null;
    this.session = null;
    this.loaded = null; // {text, files}: what reset and stepBack replay
    // The run's trace and messages, kept in step once someone asks for a
    // view (results.js): null until then, so API users who never do pay
    // nothing for it.
    this.results = null;
  }

  /**
   * Brings the kept results in step with the session: cuts them back after
   * a replay, then reads the trace and the messages from where they stop.
   * Resolves to the status.
   */
  async syncResults({ during = false } = {}) {
    const status = await this.call('status');
    const r = this.results;
    if (!r) return status;
    // During a run only the trace grows (a replay, reset then steps, goes
    // through the same lines again: while it is behind, what is kept
    // stays). Messages are read once, after it: the core gives them all at
    // once, so reading them after every batch would cost the square.
    if (during) {
      if (status.traceSize > r.lines.length) r.appendTrace(await this.call('trace', r.lines.length));
      return status;
    }
    if (status.traceSize < r.lines.length) r.truncate(status.traceSize);
    if (status.traceSize > r.lines.length) r.appendTrace(await this.call('trace', r.lines.length));
    if (r.sent > r.messages.length) {
      const more = await this.call('messagesFrom', r.messages.length);
      r.appendMessages(more.items);
    }
    return status;
  }

  /** A new fixture: the kept results start again (when kept at all). */
  freshResults() {
    if (this.results) this.results = new Results();
  }

  /** The module, instantiated on first use; a failed attempt is retried next time. */
  module() {
    if (!this.modulePromise) {
      this.modulePromise = Promise.resolve()
        .then(() => this.loadModule())
        .catch((e) => {
          this.modulePromise = null;
          throw new FlowproofError(`cannot load the WebAssembly module: ${e?.message ?? e}`, { code: ERROR_CODES.MODULE_FAILED });
        });
    }
    return this.modulePromise;
  }

  /**
   * Handles one request. Resolves to its result; rejects with a FlowproofError.
   * @param {string} type
   * @param {object} [payload]
   * @param {{onProgress?: (p: object) => void, isCancelled?: () => boolean}} [hooks]
   */
  async handle(type, payload = {}, hooks = {}) {
    const op = OPS[type];
    if (!op) throw new FlowproofError(`unknown request '${type}'`, { code: ERROR_CODES.UNKNOWN_REQUEST });
    const ctx = {
      onProgress: hooks.onProgress ?? (() => {}),
      isCancelled: hooks.isCancelled ?? (() => false),
    };
    try {
      return await op.call(this, payload ?? {}, ctx);
    } catch (e) {
      if (e instanceof FlowproofError) throw e;
      if (isTrap(e)) {
        // The module trapped (abort, stack exhaustion, out-of-bounds
        // access): its state is unknown, so drop it.
        this.dropModule();
        throw new FlowproofError(`the WebAssembly module stopped (${e?.message ?? e}); load the fixture again`, { code: ERROR_CODES.WASM_TRAP });
      }
      throw new FlowproofError(`internal error: ${e?.message ?? e}`, { code: ERROR_CODES.INTERNAL_ERROR });
    }
  }

  dropModule() {
    try {
      this.session?.delete();
    } catch {
      // Already unusable.
    }
    this.session = null;
    this.modulePromise = null;
    this.freshResults();
  }

  async sessionObject() {
    if (!this.session) {
      const m = await this.module();
      this.session = new m.Session();
    }
    return this.session;
  }

  /** Calls a binding method and unwraps {ok, result} or throws its errors. */
  async call(method, ...args) {
    const session = await this.sessionObject();
    const envelope = JSON.parse(session[method](...args));
    if (!envelope.ok) throw errorFromEnvelope(envelope);
    return envelope.result;
  }

  async loadSaved() {
    if (!this.loaded) throw new FlowproofError('no fixture is loaded', { code: ERROR_CODES.NOT_LOADED });
    const session = await this.sessionObject();
    const envelope = JSON.parse(session.load(this.loaded.text, JSON.stringify(this.loaded.files)));
    if (!envelope.ok) throw errorFromEnvelope(envelope);
    return envelope.status;
  }

  /**
   * Repeats `batch(n)` (which does up to n units of work and returns the
   * status plus `done`) until done, sizing n so that each batch takes about
   * sliceMs, reporting progress and yielding between batches.
   */
  async chunked(ctx, batch, first = 16) {
    let n = first;
    for (;;) {
      const started = now();
      const status = await batch(n);
      // Reading the results as they come spreads that cost over the run
      // (and it counts in the batch's time).
      if (this.results) await this.syncResults({ during: true });
      if (status.done) return status;
      const took = now() - started;
      if (took < this.sliceMs / 2) n = Math.min(n * 2, 1 << 20);
      else if (took > this.sliceMs * 2) n = Math.max(1, Math.floor(n / 2));
      ctx.onProgress(progressOf(status));
      await yieldNow();
      if (ctx.isCancelled()) {
        throw new FlowproofError(`cancelled at ${status.now}`, { code: ERROR_CODES.CANCELLED });
      }
    }
  }

  /** Steps `count` times in chunks (replays for stepBack). */
  async stepTimes(ctx, count) {
    let left = count;
    if (left <= 0) return this.call('status');
    return this.chunked(ctx, async (n) => {
      const status = await this.call('stepMany', Math.min(n, left));
      left -= status.stepped;
      status.done = left <= 0 || status.stepped === 0;
      return status;
    });
  }

  /** Moves the clock to `target` (seconds since the epoch) in time slices. */
  async advanceToSeconds(ctx, target) {
    let status = await this.call('status');
    target = Math.min(target, status.untilSeconds);
    if (target <= status.nowSeconds) return this.call('advanceToSeconds', status.nowSeconds);
    // At most about 1,000 slices, however slow each is: a slice's cost is
    // the instants inside it, which no slice size can split.
    const minSlice = Math.max(1, Math.ceil((target - status.nowSeconds) / 1024));
    let slice = Math.max(minSlice, Math.ceil((target - status.nowSeconds) / 64));
    for (;;) {
      const started = now();
      status = await this.call('advanceToSeconds', Math.min(target, status.nowSeconds + slice));
      if (this.results) await this.syncResults({ during: true });
      if (status.nowSeconds >= target) return status;
      const took = now() - started;
      if (took < this.sliceMs / 2) slice *= 2;
      else if (took > this.sliceMs * 2) slice = Math.max(minSlice, Math.floor(slice / 2));
      ctx.onProgress(progressOf(status));
      await yieldNow();
      if (ctx.isCancelled()) throw new FlowproofError(`cancelled at ${status.now}`, { code: ERROR_CODES.CANCELLED });
    }
  }
}

// One entry per request type: (payload, ctx) => result. `this` is the Engine.
const OPS = {
  async version() {
    return (await this.module()).version;
  },
  /** `flowproof docs` (core/api/docs_api.h): {format, text}. */
  async docs({ document = '', options = {} }) {
    const m = await this.module();
    const envelope = JSON.parse(m.docs(String(document), JSON.stringify(options ?? {})));
    if (!envelope.ok) throw errorFromEnvelope(envelope);
    return envelope.result;
  },
  async coverageOf({ fixtures = [] }) {
    const m = await this.module();
    const envelope = JSON.parse(m.coverageOf(JSON.stringify(fixtures)));
    if (!envelope.ok) throw errorFromEnvelope(envelope);
    return envelope.result;
  },
  /** `flowproof import` (core/api/import_api.h): {workflow, losses, exact, from}. */
  async importWorkflow({ text, from = '', names = null }) {
    const m = await this.module();
    const envelope = JSON.parse(m.importWorkflow(String(text), String(from ?? ''), names ? JSON.stringify(names) : ''));
    if (!envelope.ok) throw errorFromEnvelope(envelope);
    return envelope.result;
  },
  /**
   * `flowproof diff` (core/api/diff_api.h) of an older version against the
   * loaded fixture's workflow, the loaded fixture's contacts run under
   * both: {ok, errors, ...result}. Documents the core refuses, bad options
   * and no fixture loaded resolve with ok false and located errors; only a
   * failure of the module itself rejects.
   */
  async diff({ text = '', files = {}, publishAt = '' }) {
    if (!this.loaded) return diffRefused(ERROR_CODES.NOT_LOADED, [{ code: ERROR_CODES.NOT_LOADED, pointer: '', line: null, column: null, message: 'no fixture is loaded: load the newer version first' }]);
    const m = await this.module();
    const options = { fixture: this.loaded.text, files: { ...(this.loaded.files ?? {}), ...(files ?? {}) } };
    if (publishAt) options.publishAt = String(publishAt);
    const envelope = JSON.parse(m.diff(String(text), this.loaded.text, JSON.stringify(options)));
    if (!envelope.ok) {
      if (envelope.code === ERROR_CODES.INVALID_INPUT || envelope.code === ERROR_CODES.INVALID_ARGUMENT) return diffRefused(envelope.code, envelope.errors ?? []);
      throw errorFromEnvelope(envelope);
    }
    return { ok: true, errors: [], ...envelope.result };
  },
  /**
   * `flowproof forecast` of the loaded fixture (core/api/forecast_api.h):
   * the binding's Forecast advanced in batches of about sliceMs, with
   * progress {kind: 'forecast', fraction, contacts, runs} between them and
   * cancel honoured there. Resolves to FORMAT.md's forecast JSON.
   */
  async forecast({ contacts = null, runs = 1, renderSample = null }, ctx) {
    if (!this.loaded) throw new FlowproofError('no fixture is loaded', { code: ERROR_CODES.NOT_LOADED });
    const m = await this.module();
    const options = { runs };
    if (contacts !== null && contacts !== undefined) options.contacts = contacts;
    if (renderSample !== null && renderSample !== undefined) options.render_sample = renderSample;
    const run = new m.Forecast();
    const unwrap = (text) => {
      const envelope = JSON.parse(text);
      if (!envelope.ok) throw errorFromEnvelope(envelope);
      return envelope.result;
    };
    try {
      unwrap(run.start(this.loaded.text, JSON.stringify(this.loaded.files ?? {}), JSON.stringify(options)));
      const report = (fraction) => ctx.onProgress({ kind: 'forecast', fraction, contacts: options.contacts ?? null, runs });
      report(0);
      let n = 64;
      for (;;) {
        const started = now();
        const step = unwrap(run.advance(n));
        if (step.done) break;
        const took = now() - started;
        if (took < this.sliceMs / 2) n = Math.min(n * 2, 1 << 20);
        else if (took > this.sliceMs * 2) n = Math.max(1, Math.floor(n / 2));
        report(step.progress);
        await yieldNow();
        if (ctx.isCancelled()) throw new FlowproofError(`forecast cancelled at ${Math.round(step.progress * 100)}%`, { code: ERROR_CODES.CANCELLED });
      }
      report(1);
      return unwrap(run.result());
    } finally {
      run.delete(); // frees the run's slices at once, also when cancelled
    }
  },
  /** A forecast result as 'csv', 'html', 'text' or 'json' text (core/api/forecast_api.h ForecastFormat). */
  async forecastFormat({ result, format }) {
    const m = await this.module();
    const envelope = JSON.parse(m.forecastFormat(typeof result === 'string' ? result : JSON.stringify(result), String(format)));
    if (!envelope.ok) throw errorFromEnvelope(envelope);
    return envelope.result;
  },
  /**
   * `flowproof lint` (core/api/lint_api.h) as values: {ok, findings, counts,
   * errors}. No document: the loaded fixture. A document the core refuses
   * (invalid, or nothing loaded) resolves with ok false and its located
   * errors; only a failure of the module itself rejects.
   */
  async lint({ document = null, files = {}, options = {} }) {
    let text = document;
    let named = files;
    if (text == null) {
      if (!this.loaded) return lintRefused([{ code: ERROR_CODES.NOT_LOADED, pointer: '', line: null, column: null, message: 'no fixture is loaded: load one or pass a workflow or fixture to lint' }]);
      ({ text, files: named } = this.loaded);
    }
    const m = await this.module();
    const { noIgnore = false, timing = false } = options ?? {};
    const envelope = JSON.parse(m.lint(String(text), JSON.stringify({ files: named ?? {}, noIgnore: !!noIgnore, timing: !!timing })));
    if (!envelope.ok) {
      if (envelope.code === ERROR_CODES.INVALID_INPUT) return lintRefused(envelope.errors ?? []);
      throw errorFromEnvelope(envelope);
    }
    // Line and column as load()'s problems have them: null when unknown.
    const findings = (envelope.result.findings ?? []).map((f) => ({ line: null, column: null, ...f }));
    return { ok: true, errors: [], ...envelope.result, findings };
  },
  async validateWorkflow({ text }) {
    const m = await this.module();
    return JSON.parse(m.validateWorkflow(String(text)));
  },
  async load({ text, files = {} }) {
    const session = await this.sessionObject();
    const envelope = JSON.parse(session.load(String(text), JSON.stringify(files)));
    // A portfolio's workflow ids: its view is read per workflow (viewOf).
    this.loaded = envelope.ok ? { text: String(text), files, workflows: envelope.fixture?.workflows ?? null } : null;
    this.freshResults();
    return { ok: envelope.ok, ...(envelope.ok ? {} : { code: envelope.code }), errors: envelope.errors, warnings: envelope.warnings, status: envelope.status ?? null, fixture: envelope.fixture ?? null };
  },
  async unload() {
    this.session?.unload();
    this.loaded = null;
    this.freshResults();
    return null;
  },
  async reset() {
    return this.loadSaved();
  },
  async status() {
    return this.call('status');
  },
  async step() {
    return this.call('step');
  },
  async stepBack(payload, ctx) {
    const before = await this.call('status');
    if (before.steps === 0) return { ...before, stepped: 0 };
    await this.loadSaved();
    const status = await this.stepTimes(ctx, before.steps - 1);
    return { ...status, stepped: -1 };
  },
  async stepMany({ count = 1 }, ctx) {
    return this.stepTimes(ctx, Number(count));
  },
  async advance({ duration }, ctx) {
    const target = await this.call('targetOf', String(duration));
    return this.advanceToSeconds(ctx, target.seconds);
  },
  async advanceTo({ time }, ctx) {
    const ms = Date.parse(String(time));
    if (!Number.isFinite(ms)) {
      // Let the core judge (and word the error for) what JavaScript cannot parse.
      return this.call('advanceTo', String(time));
    }
    return this.advanceToSeconds(ctx, Math.floor(ms / 1000));
  },
  async runToEnd(payload, ctx) {
    await this.chunked(ctx, async (n) => {
      const status = await this.call('stepMany', n);
      status.done = status.stepped < n;
      return status;
    });
    // Session::RunToEnd: after the last step the clock moves to its end.
    return this.call('runToEnd');
  },
  async runToBreakpoint({ nodeIds = [] }, ctx) {
    const ids = JSON.stringify(Array.isArray(nodeIds) ? nodeIds : [nodeIds]);
    let stepped = 0;
    const status = await this.chunked(ctx, async (n) => {
      const s = await this.call('runToBreakpoint', ids, n);
      stepped += s.stepped;
      s.done = s.hit || s.stepped < n;
      return s;
    });
    return { ...status, stepped };
  },
  async trace({ from = 0 }) {
    return this.call('trace', from | 0);
  },
  async traceJsonl({ from = 0 }) {
    return this.call('traceJsonl', from | 0);
  },
  async traceText() {
    return this.call('traceText');
  },
  async fixture() {
    return this.call('fixture');
  },
  async contacts() {
    return this.call('contacts');
  },
  async contactsSummary() {
    return (await this.call('contactsSummary', '')).contacts;
  },
  async contact({ id }) {
    return this.call('contact', String(id));
  },
  async messagesFrom({ from = 0 }) {
    return this.call('messagesFrom', from | 0);
  },
  async coverage() {
    return this.call('coverage');
  },
  async expectations() {
    return this.call('expectations');
  },
  /**
   * What a page shows, read incrementally (results.js): the status, node
   * counts, every contact's summary (with `received`, the number of
   * messages it got, and for one not enrolled because its latest trigger
   * was refused, `rejected`: the reason), `contact` with its path (and with `detail`, its
   * attributes, lists and consent), that contact's trace lines (or with
   * `everyone`, the latest `tail`), the messages they and the view need,
   * what happened since line `since`, and on request the coverage and the
   * expectations. While the clock stands still, a new view (another
   * contact, scope) reads nothing from the core but what it asks anew.
   * A portfolio's view names `workflow` (one of its ids): the counts, each
   * contact's state and the path are those in that workflow (the rows keep
   * every workflow's state in `workflows`), and `sends` lists every sent
   * and suppressed line of every workflow, compact (the day view).
   * (`taken`, the diagram's edge keys, is not here: see pageView.)
   */
  async view(payload) {
    return viewOf.call(this, payload);
  },
  /** The page's view: view plus `taken`, the keys of every edge, label and timeout taken (the page's diagram.js makes the same keys). */
  async pageView(payload) {
    const v = await viewOf.call(this, payload);
    return { ...v, taken: [...this.results.takenIn(v.workflow ?? null)] };
  },
  async nodeCounts() {
    return this.call('nodeCounts');
  },
  async messages() {
    return this.call('messages');
  },
  async render({ contactId, templateName }) {
    return this.call('render', String(contactId), String(templateName));
  },
};

// The body of the view requests (`this` is the Engine): see OPS.view.
async function viewOf({ contact = null, everyone = false, allMessages = false, since = null, tail = 1500, breakpoints = [], detail = false, coverage = false, expectations = false, workflow = null }) {
  if (!this.results) this.results = new Results();
  const status = await this.syncResults();
  const id = contact == null ? null : String(contact);
  const key = `${status.steps}|${status.nowSeconds}|${status.traceSize}`;
  let cache = this.viewCache;
  if (!cache || cache.key !== key || cache.results !== this.results) {
    const counts = await this.call('nodeCounts');
    const summary = await this.call('contactsSummary', detail && id !== null ? id : '');
    cache = this.viewCache = { key, results: this.results, counts, contacts: summary.contacts, details: new Map() };
    if (summary.selected) cache.details.set(id, summary.selected);
    for (const row of cache.contacts) {
      row.received = this.results.messagesOf.get(row.id)?.length ?? 0;
      if (row.state === 'not_enrolled') setRejected(row, this.results, null);
    }
  }
  // A portfolio seen from one of its workflows: counts, where each contact
  // is and its path there (the core's rows keep every workflow's state in
  // `workflows`).
  const seen = this.loaded?.workflows?.includes(workflow) ? String(workflow) : null;
  const counts = seen ? cache.counts[seen] ?? {} : cache.counts;
  const contacts = seen ? cache.contacts.map((row) => seenFrom(row, seen, this.results)) : cache.contacts;
  let full = null;
  if (id !== null) {
    const row = contacts.find((c) => c.id === id);
    if (row) {
      if (detail && !cache.details.has(id)) cache.details.set(id, await this.call('contact', id));
      const details = cache.details.get(id) ?? {};
      full = { ...(seen ? seenFrom({ ...row, ...details }, seen, this.results) : { ...row, ...details }), path: this.results.pathOf(id, seen), received: row.received };
    }
  }
  const v = this.results.view({ contact: everyone ? null : id, allMessages, messageContact: id, since, tail, breakpoints, nowSeconds: status.nowSeconds });
  return {
    status,
    counts,
    contacts,
    contact: full,
    ...v,
    ...(this.loaded?.workflows ? { workflow: seen, sends: this.results.sends } : {}),
    coverage: coverage ? await this.call('coverage') : null,
    expectations: expectations ? await this.call('expectations') : null,
  };
}

// What a contact row says about where the contact is (Session::Contacts).
const WHEREABOUTS = ['state', 'node', 'until', 'waiting_for', 'exit_reason', 'enrolled_at'];

/** A portfolio's contact row as seen from `workflow`: its state there at the top. */
function seenFrom(row, workflow, results) {
  const there = row.workflows?.[workflow] ?? { state: 'not_enrolled' };
  const out = { ...row, workflow };
  for (const key of WHEREABOUTS) {
    if (there[key] === null || there[key] === undefined) delete out[key];
    else out[key] = there[key];
  }
  delete out.rejected;
  if (out.state === 'not_enrolled') setRejected(out, results, workflow);
  return out;
}

/** Why a contact that is not enrolled (in `workflow`, or in any when null) is not: its latest rejection, as `row.rejected`. */
function setRejected(row, results, workflow) {
  const last = results.lastLineOf(row.id, workflow);
  if (last?.kind === 'enroll_rejected') row.rejected = last.reason;
}

/** The request types the engine (and so the worker) understands. */
export const REQUEST_TYPES = Object.freeze(Object.keys(OPS));

/** A lint request the core refused: its located errors, no findings. */
function lintRefused(errors) {
  return { ok: false, errors, findings: [], counts: { error: 0, warning: 0, info: 0 } };
}

/** A diff the core refused: its code and located errors. */
function diffRefused(code, errors) {
  return { ok: false, code, errors };
}

function isTrap(e) {
  return typeof WebAssembly === 'object' && e instanceof WebAssembly.RuntimeError;
}

function progressOf(status) {
  const { now: t, start, until, nowSeconds, startSeconds, untilSeconds, steps, traceSize } = status;
  const span = untilSeconds - startSeconds;
  const fraction = span > 0 ? Math.min(1, Math.max(0, (nowSeconds - startSeconds) / span)) : 1;
  return { now: t, start, until, steps, traceSize, fraction };
}

function now() {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

// A macrotask yield without setTimeout's 4 ms clamp: setImmediate in Node, a
// MessageChannel in browsers and workers.
function makeYield() {
  if (typeof setImmediate === 'function') return () => new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    const waiting = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    return () =>
      new Promise((resolve) => {
        waiting.push(resolve);
        channel.port2.postMessage(null);
      });
  }
  return () => new Promise((resolve) => setTimeout(resolve, 0));
}
