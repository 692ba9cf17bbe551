// The page's fixed frame, built once: header with the fixture's name and
// actions, banners, clock bar, the three panels (contacts, diagram,
// timeline), the detail tabs with the JSON editor, the drop overlay and the
// first-visit hint. Returns the parts that view.js draws into.
//
//   const parts = buildLayout(page);   // page: the shell (app.js) and its controllers
//   replace(root, parts.frame);
//
// Every button calls a controller; nothing here keeps state.

import { button, h } from '../shared/dom.js';
import { ClockBar } from './clock-view.js';
import { Diagram } from './diagram.js';
import { legend } from './inspector-view.js';
import { JsonEditor } from './editor.js';
import { installDropZone } from './dropzone.js';
import { TABS } from './state.js';

/** @param {import('./app.js').App} page */
export function buildLayout(page) {
  const { open, share, run, moves, selection } = page;
  const p = {};
  const fileInput = h('input', { type: 'file', accept: '.json,application/json', multiple: true, hidden: true, 'data-testid': 'file-input' });
  fileInput.addEventListener('change', () => {
    // Copied first: clearing the input empties its live FileList.
    const files = [...(fileInput.files ?? [])];
    fileInput.value = '';
    if (files.length) open.files(files);
  });
  p.docName = h('h1', { class: 'fp-doc-name', 'data-testid': 'fixture-name' }, 'No fixture open');
  p.docMeta = h('div', { class: 'fp-doc-meta' });
  p.banners = h('div', { class: 'fp-banners', 'aria-live': 'polite', 'data-testid': 'banners' });
  const header = h(
    'header',
    { class: 'fp-header' },
    h('div', { class: 'fp-brand' }, h('span', { class: 'fp-logo', 'aria-hidden': 'true' }, '⟿'), h('span', { class: 'fp-brand-name' }, 'flowproof'), h('span', { class: 'fp-brand-sub' }, 'workflow tester')),
    h('div', { class: 'fp-doc' }, p.docName, p.docMeta),
    h(
      'nav',
      { class: 'fp-actions', 'aria-label': 'Fixture' },
      button('Examples', () => open.pickExample(), { testid: 'examples', title: 'Open one of the example workflows' }),
      button('Open file…', () => fileInput.click(), { testid: 'open-file', title: 'Open a workflow or fixture JSON file (or drop it anywhere on the page)' }),
      button('Paste JSON', () => open.paste(), { testid: 'paste', title: 'Paste a workflow or fixture' }),
      (p.downloadButton = button('Download', () => share.download(), { testid: 'download', title: 'Save the fixture, with your edits, as a file', disabled: true })),
      (p.shareButton = button('Share link', () => share.share(), { variant: 'primary', testid: 'share', title: 'A link that opens this fixture at this moment, for anyone', disabled: true })),
      fileInput,
    ),
  );

  const clockSection = h('section', { class: 'fp-clock', 'aria-label': 'Simulated clock', 'data-testid': 'clock' });
  p.clock = new ClockBar(clockSection, {
    reset: () => moves.reset(),
    stepBack: () => moves.stepBack(),
    step: () => moves.step(),
    advance: (d) => moves.advance(d),
    runToBreakpoint: () => moves.runToBreakpoint(),
    runToEnd: () => moves.runToEnd(),
    cancel: () => moves.cancel(),
  });

  p.contactsPanel = h('section', { class: 'fp-panel fp-panel--contacts', 'aria-label': 'Contacts' });
  p.diagramHead = h('div', { class: 'fp-panel-head' });
  const diagramBox = h('div', { class: 'fp-diagram' });
  p.inspector = h('div', { class: 'fp-inspector', 'data-testid': 'inspector' });
  p.coverageBox = h('div', { class: 'fp-coverage-box', hidden: true });
  const diagramPanel = h('section', { class: 'fp-panel fp-panel--diagram', 'aria-label': 'Workflow diagram' }, p.diagramHead, p.coverageBox, diagramBox, p.inspector);
  p.timelinePanel = h('section', { class: 'fp-panel fp-panel--timeline', 'aria-label': 'Timeline' });
  p.welcome = h('section', { class: 'fp-welcome', 'data-testid': 'welcome' });
  p.main = h('main', { class: 'fp-main' }, p.contactsPanel, diagramPanel, p.timelinePanel);

  p.diagram = new Diagram(diagramBox, { onSelectNode: (id) => selection.selectNode(id), onToggleBreakpoint: (id) => selection.toggleBreakpoint(id) });
  p.diagram.toolbar.prepend(legend());

  p.tabButtons = {};
  p.tabPanels = {};
  const tablist = h('div', { class: 'fp-tablist', role: 'tablist', 'aria-label': 'Details' });
  for (const [id, label] of TABS) {
    const b = h('button', { type: 'button', role: 'tab', class: 'fp-tab', id: `fp-tab-${id}`, 'aria-controls': `fp-tabpanel-${id}`, 'data-testid': `tab-${id}`, on: { click: () => selection.setTab(id) } }, label);
    p.tabButtons[id] = b;
    tablist.append(b);
    p.tabPanels[id] = h('div', { class: 'fp-tabpanel', role: 'tabpanel', id: `fp-tabpanel-${id}`, 'aria-labelledby': `fp-tab-${id}`, 'data-testid': `panel-${id}` });
  }
  tablist.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = TABS.findIndex(([t]) => t === page.state.tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length][0];
    selection.setTab(next);
    p.tabButtons[next].focus();
  });

  // The JSON tab: the editor and its problems side by side.
  p.problemList = h('div', { class: 'fp-problems', 'data-testid': 'problems' });
  const editorBox = h('div', { class: 'fp-editor' });
  p.tabPanels.json.append(h('div', { class: 'fp-json' }, editorBox, h('aside', { class: 'fp-json-side' }, p.problemList, jsonHelp())));
  p.editor = new JsonEditor(editorBox, {
    onChange: (textValue) => {
      page.draft.set(textValue, { source: 'json' });
      page.view.renderHeader();
      run.scheduleApply(() => page.view.renderTabs());
    },
  });
  p.tabs = h('section', { class: 'fp-tabs', 'aria-label': 'Details' }, tablist, Object.values(p.tabPanels));

  const dropOverlay = h('div', { class: 'fp-drop', hidden: true, 'data-testid': 'drop-overlay' }, h('p', {}, 'Drop a workflow or fixture JSON file (a fixture and its workflow.json together work too), or a Dittofeed, Klaviyo or HubSpot export (with a names.json of its ids, if you have one)'));
  installDropZone(document, dropOverlay, (files) => open.files(files));

  const hint = page.store.prefs().hintDismissed ? null : buildHint(page.store);
  p.frame = [header, p.banners, clockSection, hint, p.welcome, p.main, p.tabs, dropOverlay];
  return p;
}

function buildHint(store) {
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
      store.setPref('hintDismissed', true);
      hint.remove();
    }, { variant: 'ghost' }),
  );
  return hint;
}

function jsonHelp() {
  return h(
    'details',
    { class: 'fp-json-help' },
    h('summary', {}, 'About this file'),
    h('p', {}, 'A fixture holds the workflow, the test contacts, a script of events and the clock. Edits apply as you type, are kept in this browser, and the run replays to the same moment.'),
  );
}
