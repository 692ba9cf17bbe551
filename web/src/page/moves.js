// The clock moves: Step, Step back, Advance, Run to end, Run to
// breakpoint, Reset and Stop, from the clock bar and the keyboard.
//
//   await page.moves.step();       // to the next moment something visible happens
//   await page.moves.stepBack();   // replay to the moment before
//
// Each move applies a pending edit first, runs with the busy state, reads
// the new view (run.js) and says what happened in the clock bar
// (run-words.js). Runs are deterministic, so Step back is a replay.

import { nodeTitle } from './explain.js';
import { formatLocal } from './time.js';
import { zoneOf } from './state.js';
import { describeMove } from './run-words.js';

/** Step gives up looking for a visible change after this many silent core steps. */
const MAX_SILENT_STEPS = 2000;

export class ClockMoves {
  /** @param {import('./app.js').App} page */
  constructor(page) {
    this.page = page;
    this.state = page.state;
  }

  get tester() {
    return this.page.tester;
  }

  get clock() {
    return this.page.view.clock;
  }

  /** True when a clock action can start now. */
  ready() {
    return this.page.notices.busyCount === 0 && !!this.state.status && !this.state.stale;
  }

  /** Runs a clock action with the busy state and error handling. */
  async move(label, fn, describe) {
    const { state, page } = this;
    const { run } = page;
    if (run.pending) await run.apply({ keepTime: true });
    if (!this.ready()) return;
    const before = state.status;
    page.notices.busy(label);
    try {
      const status = await fn();
      await run.refresh(status);
      this.clock.setStatus(describe ? describe(state.status, before) : describeMove(state.status, before, state.delta, zoneOf(state, null)));
    } catch (e) {
      if (e?.code === 'cancelled') {
        const status = await this.tester.status().catch(() => null);
        if (status) await run.refresh(status, { full: true });
        this.clock.setStatus(`Stopped at ${formatLocal(status?.now ?? '', zoneOf(state, null))}.`);
      } else {
        page.notices.failed(e);
      }
    } finally {
      page.notices.busy(null);
    }
  }

  /**
   * Step: to the next moment at which something visible happens. The core
   * steps to every instant at which anything is due, including the clock
   * start and events nothing reacts to; those leave no trace, so the page
   * takes core steps until the trace grows (or the run ends).
   */
  step() {
    return this.move('Stepping…', async () => {
      const before = this.state.status.traceSize;
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
    const previous = this.state.previousTime;
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
    const state = this.state;
    const ids = [...state.breakpoints];
    if (!ids.length) return;
    let hitStatus = null;
    return this.move('Running to a breakpoint…', async () => (hitStatus = await this.tester.runToBreakpoint(ids)), () => {
      if (!hitStatus?.hit) return 'No contact reached a breakpoint: the run is over.';
      const first = state.delta?.hit;
      if (first) {
        state.selectedNode = first.node;
        if (state.selectedContact !== first.contact) {
          state.selectedContact = first.contact;
          this.page.run.refreshView();
        } else this.page.view.renderAll();
        return `Stopped at breakpoint: ${first.contact} entered '${nodeTitle(state.workflow, first.node)}' at ${formatLocal(first.t, zoneOf(state, first.contact))}.`;
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
    if (!action || !this.ready()) return;
    event.preventDefault();
    action();
  }
}
