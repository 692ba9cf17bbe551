// The edits controller: changes made through the contact form and the
// script editor, applied to the draft's JSON and re-run at the same moment.
//
//   page.edits.addContact();                        // a new contact, selected
//   page.edits.editContact('ana', (c) => (c.country = 'US'));
//
// Every edit goes through editFixture(): a copy of the parsed fixture is
// changed, written back as the draft's text (draft.js), and the run is
// replayed after a pause in typing (run.js). fixture-edits.js holds the
// pure document changes.

import { ask } from './dialogs.js';
import { addContact, deleteContact, newContactId, renameContact, scriptUses } from './fixture-edits.js';

export class EditsController {
  /** @param {import('./app.js').App} page */
  constructor(page) {
    this.page = page;
    this.state = page.state;
  }

  /** Edits the parsed fixture with fn(doc) and re-runs. */
  editFixture(fn, { source = 'form', rerender = true } = {}) {
    if (!this.state.fixture) return;
    const doc = structuredClone(this.state.fixture);
    fn(doc);
    this.page.draft.set(JSON.stringify(doc, null, 2), { source });
    if (rerender) this.page.view.renderTabs();
    this.page.run.scheduleApply();
  }

  addContact() {
    const state = this.state;
    if (!state.fixture) return;
    const id = newContactId(state.fixture);
    state.selectedContact = id;
    this.editFixture((doc) => addContact(doc, { id, timezone: state.workflow?.timezone ?? 'UTC' }));
    this.page.selection.setTab('contact');
  }

  async deleteContact(id) {
    const uses = scriptUses(this.state.fixture, id);
    const choice = await ask({
      title: `Delete ${id}?`,
      message: uses ? `Its ${uses} script entr${uses === 1 ? 'y goes' : 'ies go'} too.` : 'The contact is removed from the fixture.',
      actions: [
        { label: 'Keep', value: 'keep' },
        { label: 'Delete', value: 'delete', variant: 'danger' },
      ],
    });
    if (choice !== 'delete') return;
    this.state.selectedContact = null;
    this.editFixture((doc) => deleteContact(doc, id));
  }

  renameContact(from, to) {
    const doc = structuredClone(this.state.fixture);
    if (!renameContact(doc, from, to)) {
      this.page.notices.banner('error', `There is already a contact '${to}'.`, { timeout: 6000 });
      this.page.view.redrawForm();
      return;
    }
    this.state.selectedContact = to;
    this.editFixture((d) => renameContact(d, from, to));
  }

  editContact(id, fn) {
    this.editFixture(
      (doc) => {
        const c = (doc.contacts ?? []).find((x) => x?.id === id);
        if (c) fn(c);
      },
      { source: 'contact', rerender: false },
    );
  }

  editScript(fn, { rerender = false } = {}) {
    this.editFixture(
      (doc) => {
        if (!Array.isArray(doc.script)) doc.script = [];
        fn(doc.script);
      },
      { source: rerender ? 'load' : 'script', rerender: true },
    );
  }
}
