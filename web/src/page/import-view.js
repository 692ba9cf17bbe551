// The import panel: what became of a platform export (import.js). After a
// conversion: the platform, the workflow's name, each loss (where it is in
// the export, line and JSON Pointer, an excerpt of the export there, and
// what the workflow does instead) and a button to run it at once. After a
// refusal: each problem located in the export, and nothing else changed.
//
//   const panel = new ImportPanel({ runToEnd, showJson, close, retryAs });
//   anchor.after(panel.element);
//   panel.render({ failed: false, from: 'klaviyo', fileName, source, losses, workflow, contact });
//   panel.render(null);   // hidden
//
// Everything from the export (names, messages, excerpts) enters the DOM as
// text through ../shared/dom.js: an export is a stranger's file.

import { button, h, replace } from '../shared/dom.js';
import { locateInExport, PLATFORMS, platformLabel } from './import-source.js';
import './import-view.css';

/** At most this many losses or problems are drawn; the rest are counted. */
const MAX_ITEMS = 200;

export class ImportPanel {
  /** @param {{runToEnd: () => void, showJson: () => void, close: () => void, retryAs: (from: string) => void}} actions */
  constructor(actions) {
    this.actions = actions;
    this.element = h('section', { class: 'fp-import', hidden: true, 'aria-label': 'Import', 'data-testid': 'import-panel' });
  }

  /** Draws `report` (import.js's shown), or hides the panel for null. */
  render(report) {
    const el = this.element;
    el.hidden = !report;
    if (!report) return replace(el);
    el.dataset.state = report.failed ? 'failed' : 'converted';
    el.setAttribute('role', report.failed ? 'alert' : 'region');
    replace(el, ...(report.failed ? this.refused(report) : this.converted(report)));
  }

  converted({ from, fileName, source, losses, workflow, contact }) {
    const n = losses.length;
    const name = typeof workflow?.name === 'string' ? workflow.name : workflow?.id ?? 'workflow';
    return [
      h(
        'div',
        { class: 'fp-import-head' },
        h('h2', { class: 'fp-import-title' }, `Imported from ${platformLabel(from)}: `, h('span', { class: 'fp-import-name', 'data-testid': 'import-name' }, `“${name}”`)),
        fileName ? h('span', { class: 'fp-muted' }, fileName) : null,
        h(
          'div',
          { class: 'fp-import-actions' },
          button('Run to end', () => this.actions.runToEnd(), { variant: 'primary', testid: 'import-run', title: 'Run the converted workflow with its test contact to the end of the clock' }),
          button('Fixture JSON', () => this.actions.showJson(), { variant: 'ghost', testid: 'import-json', title: 'The converted workflow inside its generated fixture' }),
          button('✕', () => this.actions.close(), { variant: 'icon', title: 'Close the import report', testid: 'import-close' }),
        ),
      ),
      h(
        'p',
        { class: 'fp-import-summary', 'data-testid': 'import-summary' },
        n === 0
          ? 'Converted exactly: every part of the export has its counterpart in the workflow.'
          : `Converted with ${n} loss${n === 1 ? '' : 'es'}: ${n === 1 ? 'this part' : 'these parts'} of the export could not be carried over exactly. Each says where it is in the export and what the workflow does instead.`,
        ' ',
        h('span', { class: 'fp-muted' }, `It runs with a generated test contact (${contact ?? 'test-contact'}) and a 30-day clock: press Step or Run to end, and edit them under Contact and Script.`),
      ),
      n ? itemList(losses, source, 'import-losses', 'warn') : null,
    ];
  }

  refused({ from, fileName, source, problems }) {
    const what = from ? `this ${platformLabel(from)} export` : fileName ? `“${fileName}”` : 'this export';
    const n = problems.length;
    // "this looks like a hubspot export, not a klaviyo one": offer the platform it looks like.
    const looks = problems.map((p) => (p.code === 'wrong_format' ? /looks like an? (\w+) export/.exec(p.message)?.[1] : null)).find(Boolean);
    const retry = PLATFORMS.find(([id]) => id === looks);
    return [
      h(
        'div',
        { class: 'fp-import-head' },
        h('h2', { class: 'fp-import-title' }, `Could not import ${what}`),
        fileName && from ? h('span', { class: 'fp-muted' }, fileName) : null,
        h(
          'div',
          { class: 'fp-import-actions' },
          retry ? button(`Import it as ${retry[1]}`, () => this.actions.retryAs(retry[0]), { variant: 'primary', testid: 'import-retry' }) : null,
          button('✕', () => this.actions.close(), { variant: 'icon', title: 'Close the import report', testid: 'import-close' }),
        ),
      ),
      h('p', { class: 'fp-import-summary', 'data-testid': 'import-summary' }, `Nothing was loaded. ${n === 1 ? 'The problem' : `${n} problems`}, located in the export:`),
      itemList(problems, source, 'import-problems', 'error'),
    ];
  }
}

/** Losses or problems, each with its place in the export; at most MAX_ITEMS drawn. */
function itemList(items, source, testid, kind) {
  const shown = items.slice(0, MAX_ITEMS);
  return h(
    'div',
    { class: 'fp-import-scroll' },
    h('ol', { class: `fp-import-list fp-import-list--${kind}`, 'data-testid': testid }, shown.map((item) => itemRow(item, source))),
    items.length > shown.length ? h('p', { class: 'fp-muted' }, `… and ${items.length - shown.length} more (flowproof import lists them all).`) : null,
  );
}

function itemRow(item, source) {
  const pointer = typeof item.pointer === 'string' ? item.pointer : '';
  // A JSON syntax error comes with its line and column; anything else is a pointer, found in the text here.
  const place = item.line ? { line: item.line, column: item.column ?? 1, excerpt: '', exact: true } : pointer ? locateInExport(source, pointer) : null;
  return h(
    'li',
    { class: 'fp-import-item', 'data-pointer': pointer },
    h(
      'div',
      { class: 'fp-import-where' },
      place ? h('span', { class: 'fp-import-line' }, `line ${place.line}, column ${place.column}`) : null,
      h('code', { class: 'fp-import-pointer' }, pointer || (item.line ? '' : '(the whole export)')),
    ),
    h('div', { class: 'fp-import-msg' }, String(item.message ?? '')),
    place?.excerpt ? h('code', { class: 'fp-import-excerpt', title: place.exact ? 'The export there' : 'The nearest part of the export there' }, place.excerpt) : null,
  );
}
