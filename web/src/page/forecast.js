// The forecast controller: the Forecast tab's state and actions. It runs
// tester.forecast() in the worker on the loaded fixture (with progress and
// cancel), keeps the last result, knows when the fixture changed since
// (Rerun, on demand: a forecast is too slow to follow every keystroke),
// exports CSV and HTML, and gives the diagram the flow to draw.
//
//   page.forecast.run();                    // with the chosen audience size and runs
//   page.forecast.renderTab(panel, shown);  // view.js, on every tab redraw
//   page.diagram.showFlow(page.forecast.flow());
//
// The drawing is forecast-view.js (numbers and tables) and
// forecast-charts.js (uPlot).

import { h } from '../shared/dom.js';
import { forecastFlow } from './forecast-flow.js';
import { ForecastPanel } from './forecast-view.js';

export class ForecastController {
  /** @param {import('./app.js').App} page */
  constructor(page) {
    this.page = page;
    this.state = page.state;
    this.result = null; // FORMAT.md forecast JSON of the last run that finished
    this.ran = null; // {text, pristine, contacts, runs}: what it was run on
    this.running = null; // {fraction, contacts, runs} while one runs
    this.message = null; // {kind: 'error'|'info', text}: the last failure or cancel
    this.ended = 0; // forecasts ended (done, failed or cancelled): the browser test waits on it
    this.size = null; // the audience size asked for; null: the population's count
    this.runs = 1;
    this.onDiagram = true;
    this.shown = false;
    this.panel = null;
    this.flowCache = { key: null, flow: null };
    this.drawnFlow = null;
  }

  /** Progress of the running forecast ({kind: 'forecast', fraction}). */
  progress(p) {
    if (!this.running) return;
    this.running.fraction = p.fraction ?? 0;
    this.panel?.progress(this.running.fraction);
  }

  /** The last result when it belongs to the open document (another document drops it). */
  current() {
    if (!this.result || this.ran?.pristine !== this.state.draft?.pristine) return null;
    return this.result;
  }

  /**
   * The forecast of the workflow the diagram shows: the current result, or
   * for a portfolio's, its forecast of that workflow (null without one).
   */
  workflowForecast() {
    const result = this.current();
    if (!result?.portfolio) return result;
    const id = this.state.workflow?.id;
    return (typeof id === 'string' && result.workflows && Object.hasOwn(result.workflows, id) && result.workflows[id]) || null;
  }

  /** What the tab shows. */
  model() {
    const { state } = this;
    const population = state.fixture?.population && typeof state.fixture.population === 'object' ? state.fixture.population : null;
    const named = Array.isArray(state.fixture?.contacts) ? state.fixture.contacts.length : 0;
    const result = this.current();
    return {
      loaded: !!state.status && !state.stale,
      problems: state.problems.length,
      population,
      named,
      size: this.size ?? (Number.isFinite(population?.count) ? population.count : null),
      runs: this.runs,
      running: this.running,
      result,
      // What the KPIs, tables and charts show: the result, or a portfolio's forecast of the workflow on the diagram.
      shown: this.workflowForecast(),
      ran: result ? this.ran : null,
      edited: !!result && (this.ran.text !== state.draft?.text || this.page.run.pending),
      message: this.message,
      onDiagram: this.onDiagram,
      workflow: state.workflow,
      // A portfolio's workflow count (0 for one workflow): its forecast is across them.
      portfolio: Array.isArray(state.fixture?.workflows) ? state.fixture.workflows.length : 0,
    };
  }

  /** Runs the forecast of the fixture as it stands (a pending edit applied first). */
  async run() {
    const { state, page } = this;
    if (this.running || !state.draft) return;
    if (page.run.pending) await page.run.apply({ keepTime: true });
    this.message = null;
    if (state.problems.length || !state.status || state.stale) {
      this.message = { kind: 'error', text: 'The fixture has problems (see Fixture JSON): a forecast needs a fixture that loads.' };
      this.redraw();
      return;
    }
    const population = state.fixture?.population && typeof state.fixture.population === 'object';
    const options = { runs: this.runs };
    if (population && this.size !== null) options.contacts = this.size;
    const ran = { text: state.draft.text, pristine: state.draft.pristine, contacts: options.contacts ?? null, runs: options.runs };
    this.running = { fraction: 0, ...ran };
    this.redraw();
    page.notices.busy('Forecasting…');
    try {
      this.result = await page.tester.forecast(options);
      this.ran = ran;
    } catch (e) {
      this.message =
        e?.code === 'cancelled'
          ? { kind: 'info', text: `Cancelled at ${Math.round((this.running?.fraction ?? 0) * 100)}%.${this.current() ? ' The forecast below is the previous one.' : ''}` }
          : { kind: 'error', text: `The forecast failed (${e?.code ?? 'error'}): ${e?.message ?? e}` };
    } finally {
      this.running = null;
      this.ended++;
      // The page stays busy until the results are drawn: the KPIs at once,
      // then the flow on the diagram (drawFlow), the tables and the charts,
      // each in a task of its own (forecast-view.js), so that no single
      // task holds the main thread long.
      try {
        this.redraw();
        if (this.shown && this.panel) {
          await this.panel.drawing;
          this.drawFlow();
        } else page.view.renderDiagram();
      } finally {
        page.notices.busy(null);
      }
    }
  }

  /** Stops the running forecast (it ends with code 'cancelled'). */
  cancel() {
    if (this.running) this.page.tester.cancel();
  }

  setSize(n) {
    this.size = Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
  }

  setRuns(n) {
    this.runs = Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1;
  }

  setOnDiagram(on) {
    this.onDiagram = !!on;
    this.page.view.renderDiagram();
  }

  /** Downloads the current forecast as `flowproof forecast --format csv|html` writes it. */
  async download(format) {
    const result = this.current();
    if (!result) return;
    try {
      const body = await this.page.tester.forecastFormat(result, format);
      const type = format === 'csv' ? 'text/csv' : 'text/html';
      const name = String(this.state.fixture?.name ?? 'fixture').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'fixture';
      const a = h('a', {});
      a.download = `${name}.forecast.${format}`;
      a.href = URL.createObjectURL(new Blob([body], { type }));
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } catch (e) {
      this.page.notices.failed(e);
    }
  }

  /**
   * The flow the diagram shows: the current forecast (of the workflow the
   * diagram shows, for a portfolio) while the Forecast tab is open and "on
   * the diagram" is ticked, else null.
   */
  flow() {
    const result = this.shown && this.onDiagram ? this.workflowForecast() : null;
    const workflow = this.state.workflow;
    if (!result || !workflow) {
      this.drawnFlow = null;
      return null;
    }
    if (this.flowCache.result !== result || this.flowCache.workflow !== workflow) this.flowCache = { result, workflow, flow: forecastFlow(workflow, result) };
    this.drawnFlow = result;
    return this.flowCache.flow;
  }

  /**
   * Draws the flow on the diagram if it is not the one wanted: the panel
   * calls this after the KPIs, in a frame of its own (the diagram reads its
   * size, which lays out whatever else changed before it).
   */
  drawFlow() {
    const wanted = this.shown && this.onDiagram ? this.workflowForecast() : null;
    if (wanted !== this.drawnFlow) this.page.view.renderDiagram();
  }

  /** view.js calls this on every tab redraw; `shown` says whether the Forecast tab is open. */
  renderTab(panel, shown) {
    this.shown = shown;
    if (shown) {
      if (!this.panel) this.panel = new ForecastPanel(panel, this);
      this.panel.render(this.model());
    }
    // The diagram follows the tab: redraw it when what it shows changed.
    this.drawFlow();
  }

  redraw() {
    if (this.shown && this.panel) this.panel.render(this.model());
  }
}
