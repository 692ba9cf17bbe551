// The run controller: loading the draft into the tester and reading back
// what the views show (the clock moves themselves are moves.js).
//
//   await page.run.apply({ keepTime: true });   // after an edit: same moment
//   await page.run.refresh(status);             // after a move: new lines only
//   await page.run.refreshView();               // another contact: read again
//
// The tester (../api/client/tester.js) runs the WebAssembly core in a worker and
// keeps the trace and the messages; the page asks it for a view (the
// selected contact's story, the latest lines for everyone) sized by what is
// on screen, never for the whole run. Runs are deterministic, so replaying
// to a moment is exact: that is how edits keep the clock and Step back works.

import { PAGE_VIEW } from '../api/client/tester.js';
import { formatLocal } from './time.js';
import { zoneOf } from './state.js';

const APPLY_DELAY_MS = 450;

export class RunController {
  /** @param {import('./app.js').App} page */
  constructor(page) {
    this.page = page;
    this.state = page.state;
    this.applySeq = 0;
    this.viewSeq = 0;
    this.pending = false; // an edit waits to be applied: moves apply it first
  }

  get tester() {
    return this.page.tester;
  }

  get clock() {
    return this.page.view.clock;
  }

  /**
   * The view of the run for this page: tester.view() plus `taken`, the
   * diagram's edge keys, which the public view() does not return
   * (PAGE_VIEW is the API's private door for the page).
   */
  readView(request) {
    return this.tester[PAGE_VIEW](request);
  }

  /** Applies the draft after a pause in typing (clock actions apply it first). */
  scheduleApply(beforeApply) {
    clearTimeout(this.applyTimer);
    this.setPending(true);
    this.applyTimer = setTimeout(() => {
      beforeApply?.();
      this.apply({ keepTime: true });
    }, APPLY_DELAY_MS);
  }

  /** An edit waits to be applied (typing goes on). */
  setPending(on) {
    this.pending = on;
    this.page.root.dataset.pending = on ? '1' : '0';
  }

  /**
   * Loads the draft into the tester and brings the clock back to where it
   * was (or to view.time). Problems keep the last good run on screen,
   * marked stale.
   */
  async apply({ keepTime = false, view = null } = {}) {
    const { state, page } = this;
    clearTimeout(this.applyTimer);
    this.setPending(false);
    const seq = ++this.applySeq;
    if (!state.fixture) {
      state.problems = state.syntaxProblem ? [state.syntaxProblem] : [{ code: 'wrong_type', pointer: '', line: null, column: null, message: 'A fixture is a JSON object.' }];
      state.warnings = [];
      state.stale = !!state.status;
      page.view.renderAll();
      return;
    }
    const target = view ? { time: view.time, steps: view.steps ?? 0 } : keepTime && state.status ? { time: state.status.now, steps: state.status.steps } : { steps: 0 };
    page.notices.busy(state.loadGeneration === 0 ? 'Starting the simulator…' : 'Checking the fixture…');
    try {
      const result = await this.tester.load(state.fixture);
      if (seq !== this.applySeq) return;
      state.problems = result.errors ?? [];
      state.warnings = result.warnings ?? [];
      if (!result.ok) {
        state.stale = !!state.status;
        if (!state.status && state.fixture.workflow && typeof state.fixture.workflow === 'object') this.showWorkflow(state.fixture.workflow);
        page.view.renderAll();
        const n = state.problems.length;
        this.clock.setStatus(`The fixture has ${n} problem${n === 1 ? '' : 's'}: see Fixture JSON.`);
        return;
      }
      state.stale = false;
      state.loadGeneration++;
      state.renderCache.clear();
      await this.showLoadedWorkflow(result.fixture);
      let status = result.status;
      if (target.steps > 0 && typeof target.time === 'string') {
        this.clock.setStatus('Replaying to the same moment…');
        status = await this.tester.advanceTo(target.time);
      }
      if (seq !== this.applySeq) return;
      await this.refresh(status, { full: true });
      this.clock.setStatus(status.steps === 0 ? 'Ready: press Step to see the first thing that happens, or Run to end.' : `Replayed to ${formatLocal(status.now, zoneOf(state, null))}.`);
    } catch (e) {
      if (seq === this.applySeq) page.notices.failed(e);
    } finally {
      page.notices.busy(null);
    }
  }

  /**
   * After a load: the portfolio (when the fixture is one) and the workflow
   * the diagram shows: the fixture's, or the portfolio's chosen one.
   */
  async showLoadedWorkflow(outline) {
    const state = this.state;
    const ids = Array.isArray(outline?.workflows) ? outline.workflows : null;
    if (!ids) {
      state.portfolio = null;
      state.workflowId = null;
      let workflow = state.fixture.workflow;
      if (!workflow || typeof workflow !== 'object') workflow = (await this.tester.fixture()).workflow ?? {};
      this.showWorkflow(workflow);
      return;
    }
    // The core's copy: the draft may name workflows by path.
    const loaded = await this.tester.fixture();
    const workflows = Array.isArray(loaded.workflows) ? loaded.workflows : [];
    const cap = state.fixture.portfolio?.frequency_cap;
    state.portfolio = {
      workflows,
      priority: Array.isArray(loaded.portfolio?.priority) ? loaded.portfolio.priority : [],
      frequencyCap: cap && typeof cap === 'object' ? cap : null,
    };
    if (!ids.includes(state.workflowId)) state.workflowId = ids[0] ?? null;
    this.showWorkflow(workflows.find((w) => w?.id === state.workflowId) ?? {});
  }

  /** Draws the workflow (when it changed) so that it shows even before a run exists. */
  showWorkflow(workflow) {
    const state = this.state;
    const workflowText = JSON.stringify(workflow ?? null);
    if (workflowText === state.workflowText) return;
    state.workflow = workflow && typeof workflow === 'object' ? workflow : null;
    state.workflowText = workflowText;
    this.page.view.diagram.setWorkflow(state.workflow ?? {});
  }

  /**
   * What the views need from the worker: small whatever the run's size
   * (the worker keeps the trace and the messages and reads them from the
   * core incrementally; api/either/results.js).
   */
  viewRequest({ since = null } = {}) {
    const state = this.state;
    // Before anyone is selected, the first contact (as refresh() picks it).
    const first = Array.isArray(state.fixture?.contacts) ? state.fixture.contacts.find((c) => typeof c?.id === 'string')?.id : null;
    return {
      contact: state.selectedContact ?? first ?? null,
      everyone: state.timelineScope === 'all',
      allMessages: state.messageScope === 'all' || !state.selectedContact,
      since,
      tail: 1000,
      detail: state.tab === 'contact',
      breakpoints: [...state.breakpoints],
      coverage: state.coverage,
      expectations: this.page.expectations.wanted(),
      workflow: state.workflowId,
    };
  }

  /** Reads the results of the run as it stands and draws them. */
  async refresh(status, { full = false } = {}) {
    const { state, page } = this;
    const generation = state.loadGeneration;
    this.clock.setStatus('Reading the results…');
    const request = this.viewRequest({ since: full || !state.status ? null : state.traceSize });
    let v = await this.readView(request);
    if (generation !== state.loadGeneration) return;
    if (!state.selectedContact || !v.contacts.some((c) => c.id === state.selectedContact)) {
      state.selectedContact = v.contacts[0]?.id ?? null;
      if (state.selectedContact && state.selectedContact !== request.contact) {
        const again = await this.readView({ ...this.viewRequest(), since: null });
        if (generation !== state.loadGeneration) return;
        v = { ...again, delta: v.delta };
      }
    }
    const before = state.status;
    this.applyResults(v);
    state.followLatest = !!before && v.status.steps > before.steps;
    page.view.renderAll();
    const current = state.contactById.get(state.selectedContact)?.node;
    if (current && state.followLatest) page.view.diagram.reveal(current);
    page.draft.scheduleSave();
    page.coverage.updateCombined();
  }

  applyResults(v) {
    const state = this.state;
    state.status = v.status;
    state.contacts = v.contacts;
    state.contactById = new Map(v.contacts.map((c) => [c.id, c]));
    if (v.contact) state.contactById.set(v.contact.id, { ...state.contactById.get(v.contact.id), ...v.contact });
    state.counts = v.counts;
    state.trace = v.trace;
    state.traceFrom = v.traceFrom;
    state.traceSize = v.traceSize;
    state.messages = v.messages;
    state.messageTotal = v.messageTotal;
    state.suppressed = v.suppressed;
    state.delta = v.delta;
    state.previousTime = v.previousTime;
    state.taken = new Set(v.taken);
    state.sends = v.sends ?? [];
    // A portfolio's coverage is one report per workflow: the shown one's.
    state.coverageReport = Array.isArray(v.coverage) ? v.coverage.find((r) => r.workflow === state.workflowId) ?? null : v.coverage;
    state.expectationReport = v.expectations;
  }

  /**
   * Redraws after a change of what is looked at (another contact, scope,
   * coverage): the clock does not move, only the view is read again.
   */
  async refreshView() {
    const { state, page } = this;
    if (!state.status || state.stale) return page.view.renderAll();
    const generation = state.loadGeneration;
    const seq = ++this.viewSeq;
    page.root.dataset.reading = '1';
    try {
      const v = await this.readView(this.viewRequest());
      if (generation !== state.loadGeneration || seq !== this.viewSeq) return;
      const delta = state.delta;
      this.applyResults(v);
      state.delta = delta;
    } catch (e) {
      page.notices.failed(e);
    } finally {
      if (seq === this.viewSeq) page.root.dataset.reading = '0';
    }
    state.followLatest = false;
    page.view.renderAll();
    page.coverage.updateCombined();
  }
}
