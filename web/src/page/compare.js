// The compare controller: "Compare with…" another version of the workflow
// (a file, a share link, the edits kept aside, or the version as loaded)
// against the fixture as it is now, through tester.diff (the core's
// `flowproof diff`): the older version is the other one, the newer the
// draft, and the draft's contacts run under both.
//
//   page.compare.install(nav, anchor);    // header button, panel after `anchor`
//   await page.compare.withLoaded();      // one click: edits vs the version loaded
//   await page.compare.withText(text, 'old.json');
//   await page.compare.publish('+1d');    // the same, published part-way
//
// The result is drawn by compare-view.js beside the diagram, marks the
// changed steps on the diagram (diagram.setDiffMarks) and the contacts
// whose run differs in the contact list (markContacts, after each redraw)
// and, for the selected contact, over its timeline (markTimeline: the first
// difference and the messages gained, lost and changed). An edit of the
// fixture after the comparison makes the panel say it is out of date, with
// Compare again (draftChanged, from draft.js).
// Problems are values: a broken other version shows its located errors in
// the panel, and the page is otherwise untouched.

import { button, h } from '../shared/dom.js';
import { ask } from './dialogs.js';
import { ComparePanel, diffMarks, timelineDiff } from './compare-view.js';
import { parseJson } from './json-text.js';
import { decodeShare } from './share.js';
import { secondsOf } from '../shared/format.js';
import { readFiles } from './source.js';

export class CompareController {
  /** @param {import('./app.js').App} page */
  constructor(page) {
    this.page = page;
    this.state = page.state;
    this.panel = null;
    this.other = null; // {text, label, doc}: the older version being compared with (doc: its parsed JSON)
    this.shown = null; // what the panel shows (compare-view.js show())
    this.seq = 0;
  }

  /** Adds "Compare with…" to the header's actions and the panel after `anchor` (the diagram's coverage box). */
  install(nav, anchor) {
    this.panel = new ComparePanel({
      selectContact: (id) => this.page.selection.selectContact(id),
      publish: (at) => this.publish(at),
      again: () => this.other && this.withText(this.other.text, this.other.label),
      close: () => this.close(),
    });
    anchor?.after(this.panel.element);
    if (!nav) return;
    const share = nav.querySelector('[data-testid="share"]');
    nav.insertBefore(button('Compare with…', () => this.choose(), { testid: 'compare', title: 'Compare this workflow with another version of it: what changed, in words and on the diagram, and what each test contact does differently' }), share ?? null);
  }

  /** A button for the JSON tab: the editor's edits against the version that was loaded. */
  loadedButton() {
    return button('Compare with loaded version', () => this.withLoaded(), { variant: 'ghost', testid: 'compare-loaded', title: 'What your edits change: the fixture as edited against the version that was opened' });
  }

  /** Asks which version to compare with. */
  async choose() {
    const { page } = this;
    if (!page.state.draft) return;
    const kept = page.store.loadPrevious();
    const fileInput = h('input', { type: 'file', accept: '.json,application/json', multiple: true, class: 'fp-input', 'data-testid': 'compare-file', 'aria-label': 'A workflow or fixture file (with its workflow file, if it names one)' });
    const link = h('input', { type: 'text', class: 'fp-input', 'data-testid': 'compare-link', 'aria-label': 'A share link', placeholder: 'https://…#f=…' });
    const actions = [
      { label: 'Cancel', value: 'cancel' },
      { label: 'The version loaded', value: 'loaded' },
    ];
    if (kept && typeof kept.text === 'string') actions.push({ label: 'The edits kept aside', value: 'kept' });
    actions.push({ label: 'Compare', value: 'go', variant: 'primary' });
    const choice = await ask({
      title: 'Compare with another version',
      message: [
        h('p', {}, 'The other version is taken as the older one and this fixture as the newer: what changed, and how each test contact’s run differs.'),
        h('label', { class: 'fp-field' }, h('span', { class: 'fp-field-caption' }, 'A file'), fileInput),
        h('label', { class: 'fp-field' }, h('span', { class: 'fp-field-caption' }, 'or a share link'), link),
      ],
      actions,
      testid: 'compare-dialog',
    });
    if (choice === 'loaded') return this.withLoaded();
    if (choice === 'kept') return this.withText(kept.text, 'the edits kept aside');
    if (choice !== 'go') return;
    if (fileInput.files?.length) {
      const r = await readFiles([...fileInput.files]);
      if (!r.text) return this.showFailure(r.fileName ?? 'the file', [problem(r.error ?? 'the file could not be read')]);
      return this.withText(r.text, r.fileName ?? 'the file');
    }
    if (link.value.trim()) return this.withLink(link.value);
  }

  /** The draft against the text it was opened as. */
  withLoaded() {
    const draft = this.state.draft;
    if (!draft) return null;
    return this.withText(draft.pristine ?? draft.text, 'the version loaded');
  }

  /** A share link (or its "#f=…" part) as the other version. */
  withLink(value) {
    const raw = String(value ?? '').trim();
    const at = raw.indexOf('#');
    const decoded = decodeShare(at >= 0 ? raw.slice(at) : raw);
    if (!decoded) return this.showFailure('the share link', [problem('That is not a flowproof share link (it has no “#f=…” part).')]);
    if (decoded.error) return this.showFailure('the share link', [problem(decoded.error)]);
    return this.withText(decoded.text ?? JSON.stringify(decoded.fixture), 'the share link');
  }

  /**
   * Compares the draft (newer) with `textValue` (older) and shows it.
   * @returns {Promise<object|null>} tester.diff's result
   */
  async withText(textValue, label) {
    const { page } = this;
    const seq = ++this.seq;
    this.other = { text: String(textValue), label, doc: parseJson(String(textValue)).value };
    this.panel.busy(label);
    const draftText = this.state.draft?.text; // what is compared (run() applies a pending edit of this same text)
    const result = await this.run({});
    if (seq !== this.seq || !result) return result;
    if (!result.ok) {
      this.showFailure(label, result.errors);
      return result;
    }
    // In a portfolio the diff ran the versions of one workflow (result.workflow):
    // the diagram shows that one, whose steps the marks are on.
    if (result.workflow && this.state.portfolio) {
      await page.selection.selectWorkflow(result.workflow);
      if (seq !== this.seq) return result;
    }
    this.shown = { label, result, old: workflowOf(this.other.doc, result.workflow), workflow: this.state.workflow, zone: (id) => page.model().zoneOf(id), draftText };
    this.panel.show(this.shown);
    this.mark(result);
    this.draftChanged(this.state.draft);
    return result;
  }

  /** The same comparison with this version published at `at`. */
  async publish(at) {
    if (!this.other || !this.shown?.result) return null;
    const seq = this.seq;
    const published = await this.run({ publishAt: String(at ?? '').trim() });
    if (seq !== this.seq || !published) return published;
    this.shown = { ...this.shown, published: published.ok ? published : null, publishErrors: published.ok ? [] : published.errors };
    this.panel.show(this.shown);
    this.panel.setStale(!!this.shown.stale);
    this.draftChanged(this.state.draft);
    this.markTimeline(this.page.view.timelinePanel, this.page.model());
    return published;
  }

  /** tester.diff of the draft as it stands (a pending edit applied first); null when nothing can be compared. */
  async run({ publishAt = '' }) {
    const { page } = this;
    if (page.run.pending) await page.run.apply({ keepTime: true });
    if (this.state.problems.length || !this.state.fixture) {
      this.showFailure(this.other.label, [problem('the newer version (this fixture) has problems: fix them first (Fixture JSON tab)')]);
      return null;
    }
    page.notices.busy('Comparing…');
    try {
      return await page.tester.diff(this.other.text, { publishAt });
    } catch (e) {
      // Only the module itself fails this way (the documents' problems are values).
      this.showFailure(this.other.label, [problem(`${e?.message ?? e}`)]);
      return null;
    } finally {
      page.notices.busy(null);
    }
  }

  showFailure(label, errors) {
    this.shown = null;
    this.panel.show({ label, failed: true, errors });
    this.mark(null);
  }

  /** Diagram marks, contact-list marks and the timeline's box for a result (null: none). */
  mark(result) {
    this.page.view.diagram.setDiffMarks(result ? diffMarks(result) : null);
    this.markContacts(this.page.view.contactsPanel);
    this.markTimeline(this.page.view.timelinePanel, this.page.model());
  }

  /** The fixture's text changed (draft.js): a comparison of another text is out of date. */
  draftChanged(draft) {
    if (!this.shown?.result) return;
    const stale = (draft?.text ?? null) !== this.shown.draftText;
    if (stale === !!this.shown.stale) return;
    this.shown.stale = stale;
    this.panel.setStale(stale);
    this.markTimeline(this.page.view.timelinePanel, this.page.model());
  }

  /**
   * Puts the selected contact's difference over its timeline, after the
   * timeline's heading (view.js calls it after each redraw of the timeline).
   */
  markTimeline(container, m) {
    if (!container) return;
    container.querySelector('[data-testid=timeline-diff]')?.remove();
    const id = m?.timelineScope === 'all' ? null : m?.selectedContact;
    const c = id ? (this.shown?.result?.contacts ?? []).find((x) => String(x.contact) === id) : null;
    if (!c) return;
    const box = timelineDiff(c, this.shown, { stale: !!this.shown.stale });
    const head = container.querySelector('.fp-panel-head');
    if (head) head.after(box);
    else container.prepend(box);
    // The line where this version's run first departs from the other's, once the clock has reached it.
    const line = c.new && typeof c.new === 'object' ? c.new : null;
    if (!line) return;
    const moment = container.querySelector(`.fp-tl-moment[data-t="${secondsOf(line.t)}"]`);
    const items = [...(moment?.querySelectorAll('.fp-tl') ?? [])];
    const first = items.find((li) => li.dataset.kind === line.kind && (!line.node || li.dataset.node === line.node));
    if (!first) return;
    first.classList.add('fp-tl--diff-first');
    first.setAttribute('data-diff-first', 'true');
    first.title = `${first.title ? `${first.title}. ` : ''}From here the run differs from ${this.shown.label}`;
  }

  /** Marks the contact list's rows of contacts whose run differs (view.js calls it after each redraw). */
  markContacts(container) {
    const differs = new Map((this.shown?.result?.contacts ?? []).map((c) => [String(c.contact), c]));
    for (const row of container?.querySelectorAll('[data-contact]') ?? []) {
      const c = differs.get(row.getAttribute('data-contact'));
      row.classList.toggle('fp-contact--differs', !!c);
      if (c) row.setAttribute('data-differs', 'true');
      else row.removeAttribute('data-differs');
    }
  }

  close() {
    this.seq++;
    this.other = null;
    this.shown = null;
    this.panel.hide();
    this.mark(null);
  }
}

function problem(message) {
  return { code: 'invalid_input', pointer: '', line: null, column: null, message };
}

/** The workflow of a parsed document (a fixture's embedded one; a portfolio's of that id), for wording the older run's lines. */
function workflowOf(doc, id) {
  if (!doc || typeof doc !== 'object') return {};
  if (Array.isArray(doc.workflows)) return doc.workflows.find((w) => w && typeof w === 'object' && w.id === id) ?? {};
  return doc.workflow && typeof doc.workflow === 'object' ? doc.workflow : doc;
}
