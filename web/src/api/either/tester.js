// The tester itself: the public methods of the flowproof API, the same in
// the browser and in Node. It turns calls into requests to the engine
// (engine.js) over a transport the host provides, emits events, and turns
// every failure into a FlowproofError.
//
//   const tester = new Tester(options, { transport, readText, defaultBaseUrl });
//   await tester.load(fixture); await tester.step();
//
// Where it runs decides the rest, so callers use the hosts' factories:
// client/tester.js (createTester: a Web Worker, or this thread) and
// node/node.js (createNodeTester: this thread, the module from disk).

import { ERROR_CODES, FlowproofError } from './errors.js';
import { resolveFixture } from './fixture.js';
import { readFailure } from './read-url.js';

/**
 * The private view of the page: view() plus `taken`, the diagram's keys of
 * the edges, labels and timeouts taken (keys the page's diagram makes; not
 * part of the API). A symbol, so no string (an iframe message, a method
 * name) can reach it.
 */
export const PAGE_VIEW = Symbol('flowproof.pageView');

/**
 * Where the clock is: every call that moves it resolves to this.
 * @typedef {object} Status
 * @property {string} now ISO 8601 (UTC) instant of the simulated clock
 * @property {string} start the fixture's clock.start
 * @property {string} until the fixture's clock.until
 * @property {number} nowSeconds `now` in seconds since the epoch (also startSeconds, untilSeconds)
 * @property {boolean} finished nothing is pending before `until`
 * @property {number} steps Step()s taken since load
 * @property {number} traceSize trace lines so far
 * @property {number} [stepped] steps this call took (-1 for stepBack)
 * @property {boolean} [hit] runToBreakpoint: a contact entered one of the nodes
 */

/**
 * A located problem.
 * @typedef {object} Problem
 * @property {string} code e.g. 'invalid_input' (ERROR_CODES)
 * @property {string} pointer JSON Pointer into the fixture ('' is the root; '/workflow/...' for its workflow)
 * @property {?number} line 1-based, for malformed JSON text
 * @property {?number} column 1-based
 * @property {string} message
 */


export class Tester {
  /**
   * @param {{baseUrl?: string, readText?: (url: string) => Promise<string>}} options the caller's (client/tester.js TesterOptions)
   * @param {{transport: (onProgress: (p: object) => void) => object, readText: (url: string) => Promise<string>, defaultBaseUrl: () => (string|undefined)}} host
   *   what the place it runs in provides: the transport to the engine
   *   (request, cancel, terminate), how URLs are read, the base URL when
   *   the caller names none
   */
  constructor(options, host) {
    this.options = { ...options };
    this.listeners = new Map();
    this.readText = this.options.readText ?? host.readText;
    this.defaultBaseUrl = host.defaultBaseUrl;
    this.transport = host.transport((p) => this.emit('progress', p));
  }

  /**
   * Loads a fixture, replacing any loaded one. A workflow given by path is
   * fetched relative to `baseUrl` (this call's, else the tester's).
   * @param {object|string} fixture a flowproof.fixture/1 object or its JSON text
   * @param {{baseUrl?: string}} [options]
   * @returns {Promise<{ok: boolean, errors: Problem[], warnings: Problem[], status: ?Status, fixture: ?object}>} never rejects for problems in the fixture; `fixture` is {name, workflowId, workflowName, contacts, nodes, templates}, and for a portfolio `workflows` (the ids)
   */
  async load(fixture, { baseUrl } = {}) {
    const base = baseUrl ?? this.options.baseUrl ?? this.defaultBaseUrl();
    const input = await resolveFixture(fixture, { baseUrl: base, readText: this.readText });
    let result;
    if (input.errors.length) {
      await this.request('unload');
      // A workflow path that could not be read, or a fixture that is no object.
      const code = input.errors[0].code === ERROR_CODES.FETCH_FAILED ? ERROR_CODES.FETCH_FAILED : ERROR_CODES.INVALID_INPUT;
      result = { ok: false, code, errors: input.errors, warnings: [], status: null, fixture: null };
    } else {
      result = await this.request('load', { text: input.text, files: input.files });
    }
    this.emit('load', result);
    return result;
  }

  /**
   * Fetches a fixture from a URL (same origin for the page's CSP) and loads
   * it; its relative workflow path resolves against that URL.
   * @param {string|URL} url
   * @returns {Promise<{ok: boolean, errors: Problem[], warnings: Problem[], status: ?Status}>}
   */
  async loadUrl(url) {
    const absolute = new URL(String(url), this.options.baseUrl ?? this.defaultBaseUrl()).href;
    let text;
    try {
      text = await (this.readText)(absolute);
    } catch (e) {
      const result = {
        ok: false,
        code: ERROR_CODES.FETCH_FAILED,
        errors: [{ code: ERROR_CODES.FETCH_FAILED, pointer: '', line: null, column: null, message: readFailure(absolute, e) }],
        warnings: [],
        status: null,
      };
      this.emit('load', result);
      return result;
    }
    return this.load(text, { baseUrl: absolute });
  }

  /**
   * Moves the clock to the next instant at which anything happens and
   * processes it. `stepped` is false when the run was already over.
   * @returns {Promise<Status>}
   */
  step() {
    return this.moving('step');
  }

  /**
   * Goes back one step by deterministic replay: reload and take steps-1
   * steps (so the clock stands at the previous step's instant, even after an
   * advance()). Does nothing at the start.
   * @returns {Promise<Status>}
   */
  stepBack() {
    return this.moving('stepBack');
  }

  /**
   * Processes everything due up to now + duration and leaves the clock
   * there (never past `until`). Rejects with 'invalid_argument' for a
   * malformed or negative duration.
   * @param {string} duration FORMAT.md duration: "90s", "1d12h", "P1D"
   * @returns {Promise<Status>}
   */
  advance(duration) {
    return this.moving('advance', { duration });
  }

  /**
   * Processes everything due up to the instant and leaves the clock there.
   * @param {string} time ISO 8601 with offset or Z
   * @returns {Promise<Status>}
   */
  advanceTo(time) {
    return this.moving('advanceTo', { time });
  }

  /**
   * Runs to the end of the clock (or until nothing is pending), in chunks
   * with 'progress' events.
   * @returns {Promise<Status>}
   */
  runToEnd() {
    return this.moving('runToEnd');
  }

  /**
   * Steps until some contact enters one of the nodes (that step completes)
   * or the run ends; `hit` says which.
   * @param {string[]|string} nodeIds
   * @returns {Promise<Status>}
   */
  runToBreakpoint(nodeIds) {
    return this.moving('runToBreakpoint', { nodeIds: Array.isArray(nodeIds) ? nodeIds : [nodeIds] });
  }

  /**
   * Reloads the fixture: the clock back at its start, nothing happened yet.
   * @returns {Promise<Status>}
   */
  reset() {
    return this.moving('reset');
  }

  /** @returns {Promise<Status>} where the clock is */
  status() {
    return this.request('status');
  }

  /**
   * The trace so far as objects (FORMAT.md "Trace"), from line `from`.
   * @param {number} [from]
   * @returns {Promise<Array<object>>}
   */
  trace(from = 0) {
    return this.request('trace', { from });
  }

  /**
   * The trace as the exact JSON lines `flowproof simulate` prints.
   * @param {number} [from]
   * @returns {Promise<string>}
   */
  traceJsonl(from = 0) {
    return this.request('traceJsonl', { from });
  }

  /** @returns {Promise<string>} the trace as readable text (`--format text`) */
  traceText() {
    return this.request('traceText');
  }

  /**
   * The loaded fixture: {name, workflowId, workflowName, contacts (ids),
   * nodes (ids), templates (names), workflow (the workflow document as given,
   * also when the fixture named it by path)}.
   * @returns {Promise<object>}
   */
  fixture() {
    return this.request('fixture');
  }

  /**
   * Every contact and where it is: [{id, timezone, state ('not_enrolled' |
   * 'active' | 'waiting' | 'exited'), node, until, waiting_for, exit_reason,
   * enrolled_at, attributes, lists, consent, path}].
   * @returns {Promise<Array<object>>}
   */
  contacts() {
    return this.request('contacts');
  }

  /**
   * Every contact without attributes and path (cheaper than contacts() for
   * large fixtures): [{id, timezone, state, node?, until?, waiting_for?,
   * exit_reason?, enrolled_at?, enrollments}], null fields left out.
   * @returns {Promise<Array<object>>}
   */
  contactsSummary() {
    return this.request('contactsSummary');
  }

  /**
   * One contact in full, as in contacts(). Rejects with 'unknown_contact'.
   * @param {string} id
   * @returns {Promise<object>}
   */
  contact(id) {
    return this.request('contact', { id });
  }

  /**
   * The messages sent from index `from` on (the first `from` are what an
   * earlier call returned): {total, items}.
   * @param {number} [from]
   * @returns {Promise<{total: number, items: Array<object>}>}
   */
  messagesFrom(from = 0) {
    return this.request('messagesFrom', { from });
  }

  /**
   * What the run so far never exercised: the `flowproof run --coverage`
   * report (format flowproof.coverage/1) for this fixture: {percent, nodes,
   * branches, variants, exits, triggers, wait_outcomes}, each {total,
   * covered, missed}. For a portfolio, an array of one such report per
   * workflow (each names its `workflow`), as coverageOf() gives them.
   * @returns {Promise<object|object[]>}
   */
  coverage() {
    return this.request('coverage');
  }

  /**
   * Coverage of a workflow by several fixtures, each run to its end in a
   * session of its own (the loaded one is untouched): the report of
   * `flowproof run A.json B.json --coverage`. The workflow is the first
   * fixture's; fixtures of another workflow id are ignored. Fixtures with
   * problems reject with 'invalid_input', messages led by their names.
   * @param {Array<{fixture: object|string, name?: string, baseUrl?: string}>} fixtures
   * @returns {Promise<object>} the flowproof.coverage/1 report
   */
  async coverageOf(fixtures) {
    const inputs = [];
    for (const [i, item] of (fixtures ?? []).entries()) {
      const base = item?.baseUrl ?? this.options.baseUrl ?? this.defaultBaseUrl();
      const input = await resolveFixture(item?.fixture, { baseUrl: base, readText: this.readText });
      const name = String(item?.name ?? `fixture ${i + 1}`);
      if (input.errors.length) {
        const error = new FlowproofError(`${name}: ${input.errors[0].message}`, { code: ERROR_CODES.INVALID_INPUT, errors: input.errors });
        this.emit('error', error);
        throw error;
      }
      inputs.push({ name, text: input.text, files: input.files });
    }
    return this.request('coverageOf', { fixtures: inputs });
  }

  /**
   * The fixture's `expect` list checked against the run so far (final once
   * `finished`): {finished, passed, failed, results: [{pointer, kind,
   * contact, target, passed, description, expected, actual, divergence,
   * path, expectation}]}, as `flowproof run --format json`.
   * @returns {Promise<object>}
   */
  expectations() {
    return this.request('expectations');
  }

  /**
   * What a page shows, read incrementally: the worker keeps the trace and
   * the messages, fetching only new lines after each move and cutting back
   * after a replay, so the result stays small however large the run.
   * In a portfolio, `workflow` (an id) picks the workflow the counts, the
   * contacts' states and the path are read in; the result then also has
   * `workflow` and `sends` (every sent and suppressed line, compact).
   * @param {{contact?: string, everyone?: boolean, allMessages?: boolean, since?: number, tail?: number, breakpoints?: string[], coverage?: boolean, expectations?: boolean, workflow?: string}} [options]
   * @returns {Promise<object>} {status, counts, contacts (summaries with `received`), contact (in full), trace, traceFrom, traceSize, messages, messageTotal, suppressed, delta, previousTime, coverage, expectations}
   */
  view(options = {}) {
    return this.request('view', options);
  }

  /**
   * The page's view (PAGE_VIEW above): view() plus `taken`. Not public API.
   * @param {object} [options] as view()'s
   */
  [PAGE_VIEW](options = {}) {
    return this.request('pageView', options);
  }

  /** @returns {Promise<Object<string, {now: number, entered: number}>>} per node: contacts there now, and ever entered */
  nodeCounts() {
    return this.request('nodeCounts');
  }

  /** @returns {Promise<Array<{t: string, contact: string, node: string, template: string, channel: string, message: object}>>} every message sent so far, rendered */
  messages() {
    return this.request('messages');
  }

  /**
   * Renders a template for a contact as of now (or as last sent to it):
   * FORMAT.md's `render` output. Rejects with 'unknown_contact' or
   * 'unknown_template'.
   * @param {string} contactId
   * @param {string} templateName
   * @returns {Promise<object>}
   */
  render(contactId, templateName) {
    return this.request('render', { contactId, templateName });
  }

  /**
   * The documentation of a workflow or fixture, as `flowproof docs` writes
   * it: {format: 'md'|'html', text}. Options: format, since (the older
   * version's JSON text) and sinceName; for html diagramSvg, previewContact
   * and previews (core/api/docs_api.h). Independent of the loaded fixture.
   * @param {string|object} document a workflow or a fixture (workflow embedded)
   * @param {object} [options]
   * @returns {Promise<{format: string, text: string}>}
   */
  docs(document, options = {}) {
    return this.request('docs', { document: typeof document === 'string' ? document : JSON.stringify(document), options });
  }

  /**
   * Converts a platform's exported workflow to a v1 workflow, as
   * `flowproof import` does: {workflow, losses: [{pointer, message}], exact,
   * from}. Each loss points into the export. Options: from ('dittofeed',
   * 'klaviyo', 'hubspot'; omitted: the platform the export looks like) and
   * names (an object of opaque id -> name). Rejects with a FlowproofError
   * (code invalid_input, each error located in the export) when the export
   * cannot be converted. Independent of the loaded fixture.
   * @param {string|object} text the export
   * @param {{from?: string, names?: object}} [options]
   * @returns {Promise<{workflow: object, losses: {pointer: string, message: string}[], exact: boolean, from: string}>}
   */
  importWorkflow(text, { from = '', names = null } = {}) {
    return this.request('importWorkflow', { text: typeof text === 'string' ? text : JSON.stringify(text), from, names });
  }

  /**
   * What changed from an older version of the loaded fixture's workflow,
   * and what that does to the fixture's contacts: `flowproof diff OLD NEW
   * --fixture F --format json` (FORMAT.md v1.1) with OLD the document given
   * here, NEW the loaded fixture's workflow and F the loaded fixture, plus
   * `changes` (the change log in words: [{line, detail}]) and `differs`
   * (some contact's run differs). With publishAt (a timestamp, or "+1d"
   * from the clock start) the contacts run OLD until then and NEW from then
   * on, and `publish` lists the migrated contacts ({at, migrated: [{contact,
   * node, to, rule, ...}]}). When the loaded fixture has a `population`,
   * `forecast` gives each forecast figure under both versions, each run in
   * full with the same seed: {old, new, delta} (core/diff/cohort_diff.h).
   * When the loaded fixture is a portfolio, OLD is an older version of one
   * of its workflows (or an older version of the portfolio, standing for
   * the one workflow that changed): NEW is the loaded portfolio's workflow
   * of that id, it runs beside the others, `workflow` names it, and each
   * message gained, lost or changed carries its `workflow`.
   * Never rejects for the documents: the older
   * version with problems, a bad publishAt or no fixture loaded give ok
   * false and `errors` located as load()'s, each message naming the
   * document ("the older version: ..."). Independent of the run so far.
   * @param {object|string} otherWorkflow the older version: a workflow or fixture, or its JSON text
   * @param {{publishAt?: string, baseUrl?: string}} [options] baseUrl: for a fixture that names its workflow by path
   * @returns {Promise<{ok: boolean, errors: Problem[], code?: string, nodes?: object, templates?: object, contacts?: object[], publish?: object, forecast?: object, workflow?: string, changes?: {line: string, detail: string[]}[], differs?: boolean, warnings?: object[]}>}
   */
  async diff(otherWorkflow, { publishAt = '', baseUrl } = {}) {
    const base = baseUrl ?? this.options.baseUrl ?? this.defaultBaseUrl();
    const input = await resolveFixture(otherWorkflow, { baseUrl: base, readText: this.readText });
    if (input.errors.length) {
      const errors = input.errors.map((e) => ({ ...e, message: `the older version: ${e.message}` }));
      return { ok: false, code: errors[0].code, errors };
    }
    const { text, files } = inlineWorkflow(input);
    return this.request('diff', { text, files, publishAt: publishAt == null ? '' : String(publishAt) });
  }

  /**
   * What the whole audience will do: `flowproof forecast --format json` of
   * the loaded fixture (FORMAT.md v1.1 "`flowproof forecast`"), counted in
   * the core without a trace, in batches with 'progress' events ({kind:
   * 'forecast', fraction, contacts, runs}); cancel() stops it (code
   * 'cancelled'). `contacts` overrides the population's count (rejected with
   * 'invalid_argument' for a fixture without population); `runs` averages
   * over seeds seed..seed+runs-1 and adds `sd`. Rejects with 'not_loaded'
   * before a fixture is loaded. A portfolio (`workflows`) is forecast across
   * its workflows and each on its own: {contacts, runs, per_contact,
   * portfolio: {workflows, enrolled, sent, suppressed_by_portfolio_cap,
   * overlapping_contacts, pairs, messages_max_24h, messages_mean},
   * workflows: {id: that workflow's forecast, as above}} (means with runs > 1).
   * @param {{contacts?: number, runs?: number, renderSample?: number}} [options]
   * @returns {Promise<object>} {contacts, runs, enrolled, not_enrolled, nodes, exits, messages, goal, variants, per_contact, time_to_goal, by_day, render, sd?}, or a portfolio's {contacts, runs, per_contact, portfolio, workflows}
   */
  forecast({ contacts = null, runs = 1, renderSample = null } = {}) {
    return this.request('forecast', { contacts, runs, renderSample });
  }

  /**
   * A forecast result as `flowproof forecast --format csv|html|text|json`
   * prints it (the html one page, self-contained).
   * @param {object|string} result what forecast() resolved to
   * @param {'csv'|'html'|'text'|'json'} format
   * @returns {Promise<string>}
   */
  forecastFormat(result, format) {
    return this.request('forecastFormat', { result: typeof result === 'string' ? result : JSON.stringify(result), format });
  }

  /**
   * The `flowproof lint` findings of a workflow or fixture, as values:
   * {ok, findings: [{rule, severity ('error'|'warning'|'info'), pointer,
   * message, line, column, node?, template?}], counts: {error, warning,
   * info}, errors}. Without a document it lints the loaded fixture (as
   * loaded, workflow path resolved). Never rejects for the document: one
   * that is not valid, or no fixture loaded, gives ok false, no findings and
   * `errors` located as load()'s. Line and column (1-based) are null where
   * the text is not known (a workflow named by path). Options: noIgnore
   * (keep what `lint.ignore` annotations hide), timing (add `timing`, the
   * earliest and latest time from enrolment to each node), baseUrl (for a
   * fixture that names its workflow by path).
   * @param {object|string} [document] a workflow or fixture, or its JSON text
   * @param {{noIgnore?: boolean, timing?: boolean, baseUrl?: string}} [options]
   * @returns {Promise<{ok: boolean, findings: object[], counts: {error: number, warning: number, info: number}, errors: Problem[], timing?: object[]}>}
   */
  async lint(document, { noIgnore = false, timing = false, baseUrl } = {}) {
    const options = { noIgnore, timing };
    if (document == null) return this.request('lint', { options });
    const base = baseUrl ?? this.options.baseUrl ?? this.defaultBaseUrl();
    const input = await resolveFixture(document, { baseUrl: base, readText: this.readText });
    if (input.errors.length) return { ok: false, findings: [], counts: { error: 0, warning: 0, info: 0 }, errors: input.errors };
    return this.request('lint', { document: input.text, files: input.files, options });
  }

  /**
   * Validates a workflow (object or JSON text) as `flowproof validate` does.
   * @param {object|string} workflow
   * @returns {Promise<{ok: boolean, errors: Problem[], warnings: Problem[]}>}
   */
  validateWorkflow(workflow) {
    return this.request('validateWorkflow', { text: typeof workflow === 'string' ? workflow : JSON.stringify(workflow) });
  }

  /** @returns {Promise<string>} the core's version */
  version() {
    return this.request('version');
  }

  /**
   * Subscribes to an event: 'progress' (long runs: {now, start, until,
   * steps, traceSize, fraction}; forecasts: {kind: 'forecast', fraction,
   * contacts, runs}), 'load' ({ok, errors, warnings, status}),
   * 'step' (a Status, after every call that moved the clock), 'error' (a
   * FlowproofError from any call).
   * @param {'progress'|'load'|'step'|'error'} event
   * @param {(detail: any) => void} fn
   * @returns {() => void} unsubscribes
   */
  on(event, fn) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event).add(fn);
    return () => this.listeners.get(event)?.delete(fn);
  }

  /** Stops the long run in progress; it rejects with code 'cancelled' and the clock stays where it got to. */
  cancel() {
    this.transport.cancel();
  }

  /** Ends the worker; pending and later calls reject with code 'terminated'. */
  terminate() {
    this.transport.terminate();
  }

  emit(event, detail) {
    for (const fn of this.listeners.get(event) ?? []) {
      try {
        fn(detail);
      } catch (e) {
        // A listener's bug must not break the API; surface it asynchronously.
        setTimeout(() => {
          throw e;
        });
      }
    }
  }

  async request(type, payload) {
    try {
      return await this.transport.request(type, payload);
    } catch (e) {
      const error = FlowproofError.from(e);
      this.emit('error', error);
      throw error;
    }
  }

  async moving(type, payload) {
    const status = await this.request(type, payload);
    this.emit('step', status);
    return status;
  }
}

/**
 * An older version that names its workflow by path, with the workflow read
 * into it: the loaded fixture may name a different file by the same path,
 * and the core reads both from one set of files. Malformed workflow text
 * stays a file, so the core reports it with line and column.
 */
function inlineWorkflow({ text, files }) {
  const names = Object.keys(files);
  if (!names.length) return { text, files };
  try {
    const doc = JSON.parse(text);
    doc.workflow = JSON.parse(files[names[0]]);
    return { text: JSON.stringify(doc), files: {} };
  } catch {
    return { text, files };
  }
}
