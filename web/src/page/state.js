// The page's state, and model(): the seam between controllers and views.
//
//   const state = createState();
//   state.selectedContact = 'alice';          // controllers change the state
//   renderTimeline(panel, model(state), ...); // views read the model
//
// The state is one plain object in three parts: the draft (the fixture's
// JSON text and what is known about it), the run (what the worker last said
// about the clock, contacts, trace and messages: only what the views show)
// and the view (selection, scopes, tab). Controllers (draft.js, run.js,
// coverage.js, expectations.js, edits.js, selection.js) are the only
// writers; model() is the read-only picture every view is drawn from.

/** The detail tabs below the diagram, in order. */
export const TABS = [
  ['messages', 'Messages'],
  ['contact', 'Contact'],
  ['script', 'Script'],
  ['expect', 'Expectations'],
  ['forecast', 'Forecast'],
  ['portfolio', 'Portfolio'], // a portfolio's map and messages per day (portfolio-view.js)
  ['json', 'Fixture JSON'],
];

export function createState() {
  const state = {
    gallery: [],

    // The draft and what is known about it.
    draft: null, // {text, pristine, origin, sharedFrom?}
    fixture: null, // parsed draft, or null when not JSON
    syntaxProblem: null,
    problems: [],
    warnings: [],
    lint: null, // the draft's lint findings {findings, counts, text} (lint.js), null when not linted
    saveFailed: false,
    workflow: null, // the workflow the diagram shows (in a portfolio, the chosen one)
    workflowText: '',
    // A portfolio (FORMAT.md v1.1): {workflows: [workflow objects], priority,
    // frequencyCap}, and the id of the workflow the diagram shows; null for
    // a fixture of one workflow.
    portfolio: null,
    workflowId: null,

    // The view.
    selectedContact: null,
    selectedNode: null,
    selectedMessage: null,
    breakpoints: new Set(),
    coverage: false,
    coverageWith: new Set(), // gallery paths counted in the coverage too
    combined: null, // {key, report | error}
    timelineScope: 'contact',
    messageScope: 'contact',
    emailLayout: 'both',
    scriptOnlySelected: false,
    contactFilter: undefined,
    tab: 'messages',
    followLatest: false,
    renderCache: new Map(),
  };
  clearRun(state);
  state.loadGeneration = 0;
  return state;
}

/** Forgets the run of the previous document. */
export function clearRun(state) {
  state.loadGeneration = (state.loadGeneration ?? -1) + 1;
  state.status = null;
  state.contacts = [];
  state.contactById = new Map();
  state.counts = {};
  state.trace = []; // the lines the timeline shows (the worker keeps the rest)
  state.traceFrom = 0; // index of trace[0] in the whole trace
  state.traceSize = 0;
  state.messages = []; // the messages the views need
  state.messageTotal = 0;
  state.suppressed = [];
  state.delta = null; // what the last move did (api/either/results.js)
  state.previousTime = null;
  state.coverageReport = null;
  state.expectationReport = null;
  state.taken = new Set();
  state.sends = []; // a portfolio's sent and suppressed lines (the day view)
  state.stale = false;
}

/** The view state that share links and storage keep. */
export function viewState(state) {
  return {
    time: state.status?.now ?? null,
    steps: state.status?.steps ?? 0,
    contact: state.selectedContact,
    node: state.selectedNode,
    breakpoints: [...state.breakpoints],
    coverage: state.coverage,
    tab: state.tab,
    message: state.selectedMessage,
    workflow: state.workflowId,
  };
}

/** Takes back a kept view state (from storage or a share link: checked, as strangers write them). */
export function applyView(state, view) {
  if (!view || typeof view !== 'object') return;
  if (typeof view.contact === 'string') state.selectedContact = view.contact;
  if (typeof view.node === 'string') state.selectedNode = view.node;
  if (Array.isArray(view.breakpoints)) state.breakpoints = new Set(view.breakpoints.filter((b) => typeof b === 'string'));
  if (typeof view.coverage === 'boolean') state.coverage = view.coverage;
  if (TABS.some(([t]) => t === view.tab)) state.tab = view.tab;
  if (typeof view.message === 'string') state.selectedMessage = view.message;
  // Checked against the portfolio when it loads (run.js showLoadedWorkflow).
  if (typeof view.workflow === 'string') state.workflowId = view.workflow;
}

/** The zone a contact's times are shown in: its own, else the workflow's, else UTC. */
export function zoneOf(state, contactId) {
  const c = contactId ? state.contactById.get(contactId) : null;
  return c?.timezone || state.workflow?.timezone || 'UTC';
}

/** What the views read. */
export function model(state) {
  return {
    fixture: state.fixture,
    workflow: state.workflow,
    portfolio: state.portfolio,
    workflowId: state.workflowId,
    sends: state.sends,
    status: state.status,
    stale: state.stale,
    problems: state.problems,
    lint: state.lint,
    contacts: state.contacts,
    contactById: state.contactById,
    counts: state.counts,
    trace: state.trace,
    traceFrom: state.traceFrom,
    traceSize: state.traceSize,
    messages: state.messages,
    messageTotal: state.messageTotal,
    suppressed: state.suppressed,
    coverageReport: state.coverageReport,
    expectationReport: state.expectationReport,
    selectedContact: state.selectedContact,
    selectedNode: state.selectedNode,
    selectedMessage: state.selectedMessage,
    breakpoints: state.breakpoints,
    timelineScope: state.timelineScope,
    messageScope: state.messageScope,
    emailLayout: state.emailLayout,
    scriptOnlySelected: state.scriptOnlySelected,
    contactFilter: state.contactFilter,
    renderCache: state.renderCache,
    followLatest: state.followLatest,
    zoneOf: (id) => zoneOf(state, id),
  };
}
