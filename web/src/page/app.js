// The flowproof tester page: a thin shell that wires the state, the
// controllers and the view together, and starts them.
//
//   const app = new App(document.getElementById('fp-app'), { createTester });
//   await app.start();
//
// Who does what:
//   state.js        the state, and model(): what every view reads
//   draft.js        the fixture's JSON text: save, restore, undo, other tabs
//   open.js         where a fixture comes from (link, ?src=, file, paste, example)
//   share-actions.js  Share link and Download
//   run.js          load the draft, read views from the worker
//   moves.js        Step, Step back, Advance, Run to end, breakpoints, Reset
//   coverage.js     "Show what no contact reached", with other examples
//   expectations.js the fixture's `expect` verdicts
//   compare.js      "Compare with…" another version: diff, contacts, publish
//   forecast.js     the Forecast tab: the audience's counts, charts, exports
//   portfolio-view.js  the Portfolio tab: the map of a portfolio's workflows, messages per day
//   import.js       Dittofeed, Klaviyo and HubSpot exports converted and loaded
//   lint.js         the draft's lint findings, after each load
//   edits.js        contact form and script edits
//   selection.js    what is looked at (contact, node, tab, scopes)
//   view.js, layout.js, notices.js  drawing; *-view.js the views themselves
// Views read the model; controllers change the state. The tester
// (../api/client/tester.js) runs the WebAssembly core in a worker.

import { CompareController } from './compare.js';
import { CoverageController } from './coverage.js';
import { DocsExport } from './docs-export.js';
import { DraftController } from './draft.js';
import { EditsController } from './edits.js';
import { ExpectationsController } from './expectations.js';
import { ForecastController } from './forecast.js';
import { PortfolioTab } from './portfolio-view.js';
import { ImportController } from './import.js';
import { LintController } from './lint.js';
import { ClockMoves } from './moves.js';
import { Notices } from './notices.js';
import { OpenController } from './open.js';
import { RunController } from './run.js';
import { SelectionController } from './selection.js';
import { ShareActions } from './share-actions.js';
import { DraftStore } from './store.js';
import { loadGallery } from './source.js';
import { createState, model } from './state.js';
import { PageView } from './view.js';
import { replace } from '../shared/dom.js';

export class App {
  /**
   * @param {HTMLElement} root
   * @param {{createTester: Function, storage?: Storage|null, tabStorage?: Storage|null}} deps
   */
  constructor(root, { createTester, storage = safeStorage('localStorage'), tabStorage = safeStorage('sessionStorage') } = {}) {
    this.root = root;
    this.createTester = createTester;
    this.store = new DraftStore(storage, tabStorage);
    this.tester = null;
    this.state = createState();
    this.draft = new DraftController(this);
    this.open = new OpenController(this);
    this.share = new ShareActions(this);
    this.run = new RunController(this);
    this.moves = new ClockMoves(this);
    this.coverage = new CoverageController(this);
    this.expectations = new ExpectationsController(this);
    this.compare = new CompareController(this);
    this.forecast = new ForecastController(this);
    this.portfolio = new PortfolioTab(this);
    this.importer = new ImportController(this);
    this.lint = new LintController(this);
    this.edits = new EditsController(this);
    this.selection = new SelectionController(this);
    this.view = null; // built by start(): it needs the document
    this.notices = null;
  }

  async start() {
    this.view = new PageView(this);
    this.notices = new Notices(this.root, this.view.banners, { clock: () => this.view.clock, redrawClock: () => this.view.updateClock() });
    replace(this.root, this.view.frame);
    this.importer.install(this.view.banners);
    this.docsExport = new DocsExport(this);
    this.docsExport.install(this.root.querySelector('.fp-actions'));
    this.compare.install(this.root.querySelector('.fp-actions'), this.view.coverageBox);
    this.root.querySelector('.fp-json-side')?.prepend(this.compare.loadedButton());
    this.tester = this.createTester({ baseUrl: location.href });
    this.tester.on('progress', (p) => (p.kind === 'forecast' ? this.forecast.progress(p) : this.view.clock.progress(p)));
    this.lint.install(this.tester);
    this.state.gallery = await loadGallery(location.href);
    this.view.renderWelcome();
    await this.open.initial();
    window.addEventListener('hashchange', () => this.open.onHashChange());
    window.addEventListener('pagehide', () => this.draft.flushSave());
    window.addEventListener('storage', (event) => this.draft.onOtherTab(event));
    document.addEventListener('keydown', (event) => this.moves.onKey(event));
    window.addEventListener('beforeunload', (event) => {
      if (this.draft.mustAskBeforeLeaving()) {
        event.preventDefault();
        event.returnValue = '';
      }
    });
    this.root.dataset.state = 'ready';
  }

  /** What the views read (state.js). */
  model() {
    return model(this.state);
  }

  /** Opens fixture text as a new draft (the tests and the console use it). */
  openText(textValue, options) {
    return this.open.text(textValue, options);
  }

  /** Edits the parsed fixture with fn(doc) and re-runs (edits.js; the tests and the console use it). */
  editFixture(fn, options) {
    return this.edits.editFixture(fn, options);
  }

  // Read-only views of the state, for the browser tests and the console
  // (window.flowproofPage): the clock, the run, the draft.
  get status() {
    return this.state.status;
  }
  get stale() {
    return this.state.stale;
  }
  get fixture() {
    return this.state.fixture;
  }
  get workflow() {
    return this.state.workflow;
  }
  get problems() {
    return this.state.problems;
  }
  get counts() {
    return this.state.counts;
  }
  get trace() {
    return this.state.trace;
  }
  get traceSize() {
    return this.state.traceSize;
  }
  get messages() {
    return this.state.messages;
  }
  get messageTotal() {
    return this.state.messageTotal;
  }
  get coverageReport() {
    return this.state.coverageReport;
  }
  get combined() {
    return this.state.combined;
  }
  get expectationReport() {
    return this.state.expectationReport;
  }
  get selectedContact() {
    return this.state.selectedContact;
  }
  get editor() {
    return this.view?.editor;
  }
}

/** window[name] (localStorage, sessionStorage), or null where the browser refuses it. */
function safeStorage(name) {
  try {
    const s = window[name];
    s.getItem('flowproof.probe');
    return s;
  } catch {
    return null;
  }
}
