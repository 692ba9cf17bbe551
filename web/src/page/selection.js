// The selection controller: what the user looks at (contact, node,
// message, breakpoints, tab, scopes) changes here, and the view is read
// again from the worker when what it shows depends on it.
//
//   await page.selection.selectContact('ana');   // her story, her path lit
//   page.selection.toggleBreakpoint('send_sms');
//
// None of this moves the clock: run.js's refreshView() asks the worker for
// the view of the same moment with the new selection.

import { messageKey } from './messages-view.js';

export class SelectionController {
  /** @param {import('./app.js').App} page */
  constructor(page) {
    this.page = page;
    this.state = page.state;
  }

  async selectContact(id) {
    const { state, page } = this;
    state.selectedContact = id;
    state.timelineScope = 'contact';
    page.draft.scheduleSave();
    await page.run.refreshView();
    const current = state.contactById.get(id)?.node;
    if (current) page.view.diagram.reveal(current);
  }

  /** A portfolio's workflow for the diagram (and the counts, paths and coverage on it). */
  async selectWorkflow(id) {
    const { state, page } = this;
    const workflow = state.portfolio?.workflows.find((w) => w?.id === id);
    if (!workflow || state.workflowId === id) return;
    state.workflowId = id;
    state.selectedNode = null;
    page.run.showWorkflow(workflow);
    page.draft.scheduleSave();
    await page.run.refreshView();
  }

  selectNode(id) {
    this.state.selectedNode = this.state.selectedNode === id ? null : id;
    this.page.view.renderDiagram();
    this.page.view.renderInspector();
  }

  toggleBreakpoint(id) {
    const { state, page } = this;
    if (state.breakpoints.has(id)) state.breakpoints.delete(id);
    else state.breakpoints.add(id);
    page.view.renderDiagram();
    page.view.renderInspector();
    page.view.updateClock();
    page.draft.scheduleSave();
  }

  async openMessage(m) {
    const { state, page } = this;
    state.selectedMessage = messageKey(m);
    const other = state.selectedContact !== m.contact;
    state.selectedContact = m.contact;
    this.setTab('messages');
    if (other) await page.run.refreshView();
    else page.view.renderAll();
    page.view.tabPanels.messages.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  selectMessage(key) {
    this.state.selectedMessage = key;
    this.page.view.renderMessagesTab();
    this.page.draft.scheduleSave();
  }

  setTab(tab) {
    const { state, page } = this;
    state.tab = tab;
    page.view.renderTabs();
    page.draft.scheduleSave();
    // The Contact tab shows the contact's attributes now: read them.
    const live = state.contactById.get(state.selectedContact);
    if (tab === 'contact' && live && !live.attributes) page.run.refreshView();
  }

  /** Opens the JSON tab at a problem or a pointer. */
  showInJson(where) {
    this.setTab('json');
    this.page.view.editor.reveal(where);
  }

  async setTimelineScope(scope) {
    this.state.timelineScope = scope;
    await this.page.run.refreshView();
    // Everyone's list is the latest lines: show the end of it.
    if (scope === 'all') this.page.view.scrollTimelineToEnd();
  }

  setMessageScope(scope) {
    this.state.messageScope = scope;
    this.page.run.refreshView();
  }

  setEmailLayout(layout) {
    this.state.emailLayout = layout;
    this.page.view.renderMessagesTab();
  }

  setScriptFilter(on) {
    this.state.scriptOnlySelected = on;
    this.page.view.redrawScript();
  }

  /** A suppressed message's preview: rendered on demand (tester.render), kept per message. */
  async previewSuppressed(m) {
    const { state, page } = this;
    const key = messageKey(m);
    if (state.renderCache.has(key)) return;
    state.renderCache.set(key, null);
    try {
      const rendered = await page.tester.render(m.contact, m.template);
      state.renderCache.set(key, rendered?.error ? { error: rendered.error.message ?? String(rendered.error) } : rendered);
    } catch (e) {
      state.renderCache.set(key, { error: e?.message ?? String(e) });
    }
    page.view.renderMessagesTab();
  }
}
