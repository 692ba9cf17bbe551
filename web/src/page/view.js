// Drawing the page from model(): the header, the problems banner, the
// contact list, the diagram with its coverage box, the inspector, the
// timeline and the detail tabs.
//
//   page.view.renderAll();        // after the run or the selection changed
//   page.view.renderTabs();       // only the tabs (an edit in a form)
//
// The views (*-view.js, diagram.js) are functions of the model and of
// actions that call the controllers; this class knows which part to redraw
// when, and keeps the forms a user is typing in from being redrawn under
// the cursor. All user text enters the DOM as text (../shared/dom.js);
// email HTML only goes to sandbox="" srcdoc frames (previews.js).

import { button, h, replace, text } from '../shared/dom.js';
import { galleryGrid } from './dialogs.js';
import { nameOf } from './draft.js';
import { isEdited } from './store.js';
import { renderContactForm, renderContactList, renderLiveState } from './contacts-view.js';
import { coverageMarks, renderCoverageBox } from './coverage-view.js';
import { renderInspector } from './inspector-view.js';
import { renderMessages } from './messages-view.js';
import { allProblems, renderProblems } from './problems-view.js';
import { notInWarnings } from './lint-findings.js';
import { renderScript } from './script-view.js';
import { renderTimeline } from './timeline-view.js';
import { model, TABS } from './state.js';
import { buildLayout } from './layout.js';
import { workflowSwitcher } from './workflow-switcher.js';
import { combinedKey, siblingFixtures } from './coverage.js';

export class PageView {
  /** @param {import('./app.js').App} page */
  constructor(page) {
    this.page = page;
    this.state = page.state;
    Object.assign(this, buildLayout(page)); // docName, clock, diagram, editor, tabPanels, ...
    this.formKey = '';
    this.scriptKey = '';
  }

  /** The draft's text changed: redraw the editors it did not come from. */
  draftChanged(textValue, source) {
    if (source !== 'json') this.editor.setText(textValue);
    if (source !== 'contact') this.formKey = '';
    if (source !== 'script') this.scriptKey = '';
  }

  showWelcome() {
    this.page.root.dataset.empty = '1';
    this.renderAll();
  }

  updateClock() {
    this.clock.update(model(this.state));
  }

  renderAll() {
    const { state, page } = this;
    const m = model(state);
    const empty = !state.draft;
    page.root.dataset.empty = empty ? '1' : '0';
    this.welcome.hidden = !empty;
    this.main.hidden = empty;
    this.tabs.hidden = empty;
    this.renderHeader();
    this.clock.update(m);
    const listActions = {
      selectContact: (id) => page.selection.selectContact(id),
      addContact: () => page.edits.addContact(),
    };
    renderContactList(this.contactsPanel, m, {
      ...listActions,
      setFilter: (value) => {
        state.contactFilter = value;
        renderContactList(this.contactsPanel, model(state), { ...listActions, setFilter: () => {} });
        this.contactsPanel.querySelector('.fp-contact-search')?.focus();
      },
    });
    page.compare?.markContacts(this.contactsPanel); // contacts whose run differs from a compared version
    this.renderDiagram();
    this.renderInspector();
    renderTimeline(this.timelinePanel, m, {
      openMessage: (msg) => page.selection.openMessage(msg),
      // A portfolio's line may be about another workflow than the diagram's.
      selectNode: async (id, workflow) => {
        if (workflow !== undefined && workflow !== state.workflowId) await page.selection.selectWorkflow(workflow);
        page.selection.selectNode(id);
      },
      selectWorkflow: (id) => page.selection.selectWorkflow(id),
      selectContact: (id) => page.selection.selectContact(id),
      setScope: (scope) => page.selection.setTimelineScope(scope),
    });
    page.compare?.markTimeline(this.timelinePanel, m); // the selected contact's difference from a compared version
    this.renderTabs();
    this.renderStaleBanner();
  }

  scrollTimelineToEnd() {
    const list = this.timelinePanel.querySelector('[data-testid=timeline]');
    if (list) list.scrollTop = list.scrollHeight;
  }

  renderWelcome() {
    replace(
      this.welcome,
      h('h2', { class: 'fp-welcome-title' }, 'Test a marketing workflow before it goes live'),
      h('p', { class: 'fp-welcome-lead' }, 'Pick an example (or open, paste or drop your own workflow). Test contacts move through it on a simulated clock: you see where each one goes and why, and read every email, SMS and push exactly as it would be sent. Nothing leaves your browser.'),
      galleryGrid(this.state.gallery, (item) => this.page.open.example(item)),
    );
  }

  renderHeader() {
    const { state, page } = this;
    const f = state.fixture;
    this.downloadButton.disabled = !state.draft;
    this.shareButton.disabled = !state.draft;
    const previous = page.store.loadPrevious();
    text(this.docName, f?.name ?? (state.draft ? 'Fixture (not valid JSON yet)' : 'No fixture open'));
    this.docName.title = typeof f?.name === 'string' ? f.name : '';
    const edited = isEdited(state.draft);
    replace(
      this.docMeta,
      state.portfolio
        ? h('span', { class: 'fp-doc-wf' }, `Portfolio of ${state.portfolio.workflows.length} workflows${state.workflow?.name ? ` · showing ${state.workflow.name}` : ''}`)
        : state.workflow?.name
          ? h('span', { class: 'fp-doc-wf' }, `Workflow: ${state.workflow.name}`)
          : null,
      state.draft?.origin?.label ? h('span', { class: 'fp-doc-origin' }, `from ${state.draft.origin.label}`) : null,
      edited ? h('span', { class: 'fp-edited', 'data-testid': 'edited' }, 'edited', button('Undo all edits', () => page.draft.revert(), { variant: 'link', testid: 'revert' })) : null,
      previous ? button('Restore earlier edits', () => page.draft.restorePrevious(), { variant: 'link', testid: 'restore-previous', title: `Your edits of “${nameOf(previous.text)}” were kept aside when something else was opened` }) : null,
    );
  }

  renderStaleBanner() {
    const state = this.state;
    if (!this.staleBanner) {
      this.staleBanner = h('div', { class: 'fp-banner fp-banner--error fp-banner--stale', role: 'alert', 'data-testid': 'problems-banner' });
      this.banners.prepend(this.staleBanner);
    }
    const n = state.problems.length;
    this.staleBanner.hidden = n === 0;
    if (n) {
      const first = state.problems[0];
      replace(
        this.staleBanner,
        h('span', { class: 'fp-banner-text' }, `The fixture has ${n} problem${n === 1 ? '' : 's'}: ${first.pointer ? `${first.pointer}: ` : ''}${first.message}${state.stale ? ' — the page shows the last run that worked.' : ''}`),
        button('Show in the JSON', () => {
          this.page.selection.setTab('json');
          this.tabPanels.json.scrollIntoView({ block: 'start' });
          this.editor.reveal(state.problems[0]);
        }, { variant: 'ghost', testid: 'show-problems' }),
      );
    }
    this.page.root.dataset.stale = state.stale ? '1' : '0';
  }

  renderDiagram() {
    const { state, page } = this;
    const contact = state.contactById.get(state.selectedContact);
    replace(
      this.diagramHead,
      h('h2', { class: 'fp-panel-title' }, 'Workflow', state.workflow?.name ? h('span', { class: 'fp-muted' }, ` — ${state.workflow.name}`) : null),
      state.portfolio ? workflowSwitcher(state.portfolio, state.workflowId, (id) => page.selection.selectWorkflow(id)) : null,
      h(
        'label',
        { class: 'fp-check', title: 'Outline the steps and paths no contact has reached so far: gaps in what this fixture tests' },
        h('input', { type: 'checkbox', 'data-testid': 'coverage-toggle', props: { checked: state.coverage }, on: { change: (e) => page.coverage.toggle(e.target.checked) } }),
        ' Show what no contact reached',
      ),
    );
    const shown = state.coverage && !!state.status;
    const combined = state.coverageWith.size && state.combined?.key === combinedKey(state) ? state.combined : null;
    const report = combined?.report ?? (state.coverageWith.size ? null : state.coverageReport);
    renderCoverageBox(this.coverageBox, {
      shown,
      report,
      combined,
      workflow: state.workflow,
      status: state.status,
      siblings: shown ? siblingFixtures(state.gallery, state.draft?.origin ?? {}) : [],
      chosen: state.coverageWith,
      choose: (path, on) => page.coverage.setWith(path, on),
    });
    const marks = state.coverage && report ? coverageMarks(report, state.workflow) : null;
    if (!state.workflow) return;
    this.diagram.update({
      counts: state.counts,
      path: contact?.path ?? [],
      current: contact && (contact.state === 'waiting' || contact.state === 'active' || contact.state === 'exited') ? contact.node : null,
      breakpoints: state.breakpoints,
      selectedNode: state.selectedNode,
      coverage: { show: state.coverage, taken: state.taken, missedNodes: marks?.nodes, missedKeys: marks?.keys },
    });
    this.diagram.showFlow(page.forecast.flow()); // the Forecast tab's counts, when it is open
  }

  renderInspector() {
    const { selection } = this.page;
    renderInspector(this.inspector, model(this.state), {
      selectContact: (id) => selection.selectContact(id),
      selectNode: (id) => selection.selectNode(id),
      toggleBreakpoint: (id) => selection.toggleBreakpoint(id),
      showInJson: (pointer) => selection.showInJson({ pointer }),
    });
  }

  /** The contact form is drawn again from the draft (after a refused rename). */
  redrawForm() {
    this.formKey = '';
    this.renderTabs();
  }

  redrawScript() {
    this.scriptKey = '';
    this.renderTabs();
  }

  renderTabs() {
    const { state, page } = this;
    for (const [id] of TABS) {
      const on = id === state.tab;
      this.tabButtons[id].setAttribute('aria-selected', String(on));
      this.tabButtons[id].tabIndex = on ? 0 : -1;
      this.tabPanels[id].hidden = !on;
    }
    const m = model(state);
    const sent = state.messageTotal;
    text(this.tabButtons.messages, `Messages${sent ? ` (${sent})` : ''}`);
    text(this.tabButtons.contact, state.selectedContact ? `Contact: ${state.selectedContact}` : 'Contact');
    const scriptCount = Array.isArray(state.fixture?.script) ? state.fixture.script.length : 0;
    text(this.tabButtons.script, `Script${scriptCount ? ` (${scriptCount})` : ''}`);
    const expectTab = page.expectations.tab();
    text(this.tabButtons.expect, expectTab.label);
    this.tabButtons.expect.classList.toggle('fp-tab--problem', expectTab.failed);
    text(this.tabButtons.json, `Fixture JSON${state.problems.length ? ` ⚠ ${state.problems.length}` : ''}`);
    this.tabButtons.json.classList.toggle('fp-tab--problem', state.problems.length > 0);

    if (state.tab === 'messages') this.renderMessagesTab(m);
    if (state.tab === 'contact') {
      if (!this.formKey || this.formKeyContact !== state.selectedContact) {
        renderContactForm(this.tabPanels.contact, m, {
          editContact: (id, fn) => page.edits.editContact(id, fn),
          deleteContact: (id) => page.edits.deleteContact(id),
          renameContact: (from, to) => page.edits.renameContact(from, to),
        });
        this.formKey = 'kept';
        this.formKeyContact = state.selectedContact;
      } else renderLiveState(this.tabPanels.contact, m);
    }
    if (state.tab === 'script' && (!this.scriptKey || this.scriptKeyContact !== `${state.selectedContact}|${state.scriptOnlySelected}`)) {
      renderScript(this.tabPanels.script, m, {
        editScript: (fn, opts) => page.edits.editScript(fn, opts),
        setScriptFilter: (on) => page.selection.setScriptFilter(on),
      });
      this.scriptKey = 'kept';
      this.scriptKeyContact = `${state.selectedContact}|${state.scriptOnlySelected}`;
    }
    if (state.tab === 'expect') page.expectations.renderTab(this.tabPanels.expect);
    page.forecast.renderTab(this.tabPanels.forecast, state.tab === 'forecast');
    page.portfolio.renderTab(this.tabPanels.portfolio, state.tab === 'portfolio');
    if (state.tab === 'json') this.renderJsonProblems();
  }

  /**
   * The lint findings that belong to the draft as it stands: none while it
   * has problems (lint ran on an older text). Their line and column are
   * dropped once the text moved on (typing), so the pointer places them.
   */
  currentLint() {
    const { state } = this;
    if (!state.lint || state.problems.length) return null;
    const findings = notInWarnings(state.lint.findings, state.warnings);
    const sameText = state.lint.text === this.editor.getText();
    return { ...state.lint, findings: sameText ? findings : findings.map((f) => ({ ...f, line: null, column: null })) };
  }

  renderJsonProblems() {
    const { state } = this;
    const lint = this.currentLint();
    this.editor.setProblems([...allProblems(state.problems, state.warnings), ...(lint?.findings ?? [])]);
    renderProblems(this.problemList, state.problems, state.warnings, { reveal: (p) => this.editor.reveal(p) }, lint);
  }

  /** New lint findings (lint.js): the node badges, and the JSON tab when open. */
  renderLint() {
    const { state } = this;
    const lint = state.lint && !state.problems.length ? state.lint.findings : [];
    this.diagram.setFindings(lint);
    if (state.tab === 'json') this.renderJsonProblems();
  }

  renderMessagesTab(m = model(this.state)) {
    const { selection } = this.page;
    renderMessages(this.tabPanels.messages, m, {
      selectMessage: (key) => selection.selectMessage(key),
      setMessageScope: (scope) => selection.setMessageScope(scope),
      setEmailLayout: (layout) => selection.setEmailLayout(layout),
      previewSuppressed: (msg) => selection.previewSuppressed(msg),
    });
  }
}
