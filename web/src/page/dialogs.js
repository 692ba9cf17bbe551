// Modal dialogs on <dialog>: questions that must be answered before
// something is replaced, the paste box and the example gallery. No
// window.confirm(): it blocks the page and cannot offer "Download my edits".
//
//   const choice = await ask({ title: 'Replace your edits?', message: '...',
//     actions: [{ label: 'Cancel', value: 'cancel' }, { label: 'Replace', value: 'replace', variant: 'danger' }] });

import { h, button } from '../shared/dom.js';
import { sizeLabel } from '../shared/fetch-text.js';
import { PLATFORMS } from './import-source.js';

/**
 * Shows `dialog` as a modal; returns done(value), which closes it and
 * resolves with value. Escape (the dialog's cancel) is done(onCancel).
 */
function showModal(dialog, resolve, onCancel) {
  const done = (value) => {
    dialog.close();
    dialog.remove();
    resolve(value);
  };
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    done(onCancel);
  });
  document.body.append(dialog);
  return done;
}

/**
 * Shows a modal question; resolves to the chosen action's value (the first
 * action's value when dismissed with Escape).
 * @param {{title: string, message?: string|Node|Array, actions: Array<{label: string, value: string, variant?: string}>, testid?: string}} options
 * @returns {Promise<string>}
 */
export function ask({ title, message, actions, testid = 'dialog' }) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'fp-dialog', 'aria-labelledby': 'fp-dialog-title', 'data-testid': testid });
    const done = showModal(dialog, resolve, actions[0].value);
    dialog.append(
      h('h2', { class: 'fp-dialog-title', id: 'fp-dialog-title' }, title),
      message ? h('div', { class: 'fp-dialog-body' }, message) : null,
      h(
        'div',
        { class: 'fp-dialog-actions' },
        actions.map((a) => button(a.label, () => done(a.value), { variant: a.variant, testid: `dialog-${a.value}` })),
      ),
    );
    dialog.showModal();
    dialog.querySelector('.fp-btn--primary, .fp-btn--danger')?.focus();
  });
}

/**
 * The paste box. Keeps what was typed between openings, so closing it loses
 * nothing. A paste longer than `maxChars` is refused before it reaches the
 * text box (a 100 MB paste would stall the page in layout), with a note
 * that names the limit.
 * @returns {Promise<string|null>} the text, or null when cancelled
 */
export function pasteDialog(state, maxChars = Infinity) {
  return new Promise((resolve) => {
    const area = h('textarea', {
      class: 'fp-paste-area',
      rows: 16,
      spellcheck: 'false',
      'aria-label': 'Workflow, fixture or platform export JSON',
      placeholder: '{ "format": "flowproof.fixture/1", ... }  or  { "format": "flowproof.workflow/1", ... }  or a Dittofeed, Klaviyo or HubSpot export',
      'data-testid': 'paste-area',
      props: { value: state.text ?? '' },
    });
    area.addEventListener('input', () => {
      state.text = area.value;
    });
    const note = h('p', { class: 'fp-note fp-note--warn', role: 'alert', 'data-testid': 'paste-note', hidden: true });
    area.addEventListener('paste', (event) => {
      const length = event.clipboardData?.getData('text/plain')?.length ?? 0;
      note.hidden = length <= maxChars;
      if (length <= maxChars) return;
      event.preventDefault();
      note.textContent = `That paste is ${(length / (1024 * 1024)).toFixed(1)} MiB of text: the page opens fixtures of up to ${sizeLabel(maxChars)}. Nothing was pasted.`;
    });
    // An export's platform is detected; naming it makes another platform's export a located error (import.js).
    const from = h(
      'select',
      { 'data-testid': 'paste-from', on: { change: () => (state.from = from.value) } },
      h('option', { value: '' }, 'detect it'),
      PLATFORMS.map(([id, label]) => h('option', { value: id, selected: state.from === id }, label)),
    );
    const dialog = h('dialog', { class: 'fp-dialog fp-dialog--wide', 'data-testid': 'paste-dialog' });
    const done = showModal(dialog, resolve, null);
    dialog.append(
      h('h2', { class: 'fp-dialog-title' }, 'Paste a workflow, fixture or export'),
      h('p', { class: 'fp-dialog-body' }, 'Paste JSON from your marketing platform or a colleague. A workflow on its own gets a test contact and a 30-day clock; a Dittofeed, Klaviyo or HubSpot export is converted first, and what could not be carried over exactly is listed.'),
      area,
      h('label', { class: 'fp-paste-from' }, 'If it is a platform export, its platform: ', from),
      note,
      h(
        'div',
        { class: 'fp-dialog-actions' },
        button('Cancel', () => done(null), { testid: 'paste-cancel' }),
        button('Load', () => done(area.value), { variant: 'primary', testid: 'paste-load' }),
      ),
    );
    dialog.showModal();
    area.focus();
  });
}

/**
 * The example gallery as a modal.
 * @param {Array<{path: string, name: string, description?: string, format: string, contacts?: number, workflows?: number}>} items
 * @returns {Promise<object|null>} the chosen item
 */
export function galleryDialog(items) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'fp-dialog fp-dialog--gallery', 'data-testid': 'gallery-dialog' });
    const done = showModal(dialog, resolve, null);
    dialog.append(
      h('h2', { class: 'fp-dialog-title' }, 'Examples'),
      galleryGrid(items, (item) => done(item)),
      h('div', { class: 'fp-dialog-actions' }, button('Close', () => done(null))),
    );
    dialog.showModal();
  });
}

/** The gallery's cards: fixtures first (the quickstart leading), bare workflows folded away. */
export function galleryGrid(items, onPick) {
  if (!items.length) return h('p', { class: 'fp-muted' }, 'No examples were found on this site (fixtures/index.json).');
  const isWorkflow = (item) => item.format.startsWith('flowproof.workflow/');
  const rank = (item) => (item.path.includes('/examples/') ? 0 : 1);
  const fixtures = items.filter((i) => !isWorkflow(i)).sort((a, b) => rank(a) - rank(b));
  const workflows = items.filter(isWorkflow);
  const card = (item) => {
    const m = /^([^:]{3,60}):\s*(.+)$/s.exec(item.name);
    const title = m ? m[1] : item.name;
    const summary = m ? m[2] : item.description;
    return h(
      'li',
      {},
      h(
        'button',
        { type: 'button', class: 'fp-gallery-card', 'data-path': item.path, title: item.name, on: { click: () => onPick(item) } },
        h('span', { class: 'fp-gallery-name' }, title),
        summary ? h('span', { class: 'fp-gallery-desc' }, summary) : null,
        h(
          'span',
          { class: 'fp-gallery-meta' },
          isWorkflow(item) ? 'workflow only: gets a test contact' : Number.isInteger(item.contacts) ? `${Number.isInteger(item.workflows) ? `portfolio of ${item.workflows} workflows · ` : ''}${item.contacts} test contact${item.contacts === 1 ? '' : 's'}` : 'fixture',
        ),
      ),
    );
  };
  return h(
    'div',
    { class: 'fp-gallery-wrap' },
    h('ul', { class: 'fp-gallery', 'data-testid': 'gallery' }, fixtures.map(card)),
    workflows.length ? h('details', { class: 'fp-gallery-more' }, h('summary', {}, `${workflows.length} workflows on their own`), h('ul', { class: 'fp-gallery' }, workflows.map(card))) : null,
  );
}
