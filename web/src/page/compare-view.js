// The "Compare with…" panel beside the diagram: what changed from another
// version of the workflow in words (`flowproof diff`'s change log), what
// that does to each test contact (first difference, messages gained, lost
// and changed), and "Publish at": the contacts migrated to this version at
// that moment, and how.
//
//   const panel = new ComparePanel({ selectContact, publish, again, close, showNode });
//   anchor.after(panel.element);
//   panel.show({ label, result, old, workflow, zone });   // tester.diff's result
//   panel.show({ label, failed: true, errors });           // its located errors
//   panel.setStale(true);                                  // the fixture was edited since
//   timelineDiff(contactResult, shown, { selectNode });    // the box over a contact's timeline
//
// A function of what it is given; compare.js decides when. Every text
// from either version (node ids, labels, subjects, the errors' messages)
// enters the DOM as text (../shared/dom.js).

import { button, h, replace } from '../shared/dom.js';
import { explainContext, explainLine } from './explain.js';
import { formatLocal } from './time.js';
import './compare.css';

/** The words for a migration rule of core/sim/publish.h. */
const RULE_WORDS = {
  kept: 'stays where it is',
  renamed: 'stays at the renamed step',
  wait_recomputed: 'its wait is recomputed from when it entered',
  restarted: 'enters the changed step afresh',
  node_removed: 'exits: its step was removed',
  winner_recomputed: 'waits for the winner test, decided at the new time',
  released: 'the split has no winner any more: takes a variant by weight',
};

/** Node marks for the diagram from a structural diff: id -> added | changed | renamed. */
export function diffMarks(result) {
  const marks = new Map();
  const nodes = result?.nodes ?? {};
  for (const id of nodes.added ?? []) marks.set(String(id), 'added');
  for (const id of Object.keys(nodes.changed ?? {})) marks.set(id, 'changed');
  // renamed: {old id: new id}; the diagram shows the new version.
  for (const to of Object.values(nodes.renamed ?? {})) if (!marks.has(String(to))) marks.set(String(to), 'renamed');
  return marks;
}

/** "line 3, column 12" / "/nodes/x/next" / both, for a located error. */
export function whereWords(error) {
  const parts = [];
  if (Number.isInteger(error?.line)) parts.push(`line ${error.line}${Number.isInteger(error.column) ? `, column ${error.column}` : ''}`);
  if (error?.pointer) parts.push(String(error.pointer));
  return parts.join(' · ');
}

export class ComparePanel {
  /**
   * @param {{selectContact: (id: string) => void, publish: (at: string) => void, again: () => void, close: () => void}} actions
   */
  constructor(actions) {
    this.actions = actions;
    this.element = h('section', { class: 'fp-compare', hidden: true, 'aria-label': 'Comparison with another version', 'data-testid': 'compare-panel' });
    this.publishAt = '+1d';
  }

  hide() {
    this.element.hidden = true;
    delete this.element.dataset.stale;
    replace(this.element);
  }

  /** Says (or stops saying) that the fixture changed after this comparison, with Compare again at hand. */
  setStale(stale) {
    if (this.element.hidden || this.element.dataset.state !== 'result') return;
    if (stale === (this.element.dataset.stale === '1')) return;
    this.element.querySelector('[data-testid=compare-stale]')?.remove();
    if (!stale) {
      delete this.element.dataset.stale;
      return;
    }
    this.element.dataset.stale = '1';
    const note = h(
      'p',
      { class: 'fp-compare-stale', role: 'status', 'data-testid': 'compare-stale' },
      'The fixture was edited after this comparison: what follows is out of date. ',
      button('Compare again', this.actions.again, { variant: 'link', testid: 'compare-stale-again', title: 'Compare the fixture as it is now with the same version' }),
    );
    this.element.querySelector('.fp-compare-head')?.after(note);
  }

  busy(label) {
    this.element.hidden = false;
    delete this.element.dataset.stale;
    this.element.dataset.state = 'busy';
    replace(this.element, h('p', { class: 'fp-compare-busy' }, `Comparing with ${label}…`));
  }

  /**
   * @param {{label: string, failed?: boolean, errors?: object[], result?: object, published?: object, publishErrors?: object[], old?: object, workflow?: object, zone?: (id: string) => string}} shown
   */
  show(shown) {
    this.element.hidden = false;
    this.element.dataset.state = shown.failed ? 'failed' : 'result';
    delete this.element.dataset.stale; // compare.js says again when it is (setStale)
    const head = h(
      'div',
      { class: 'fp-compare-head' },
      h('h3', { class: 'fp-compare-title' }, 'Compared with ', h('span', { class: 'fp-compare-label' }, shown.label)),
      h('span', { class: 'fp-compare-actions' }, button('Compare again', this.actions.again, { variant: 'ghost', testid: 'compare-again', title: 'Compare the fixture as it is now with the same version' }), button('✕', this.actions.close, { variant: 'icon', testid: 'compare-close', title: 'Close the comparison and take its marks off the diagram' })),
    );
    if (shown.failed) {
      replace(this.element, head, h('p', { class: 'fp-compare-summary' }, 'The comparison could not be made:'), errorList(shown.errors ?? [], 'compare-errors'));
      return;
    }
    const r = shown.result;
    const changes = r.changes ?? [];
    const contacts = r.contacts ?? [];
    const removed = r.nodes?.removed ?? [];
    replace(
      this.element,
      head,
      h(
        'p',
        { class: 'fp-compare-summary', 'data-testid': 'compare-summary' },
        changes.length ? `${changes.length} change${changes.length === 1 ? '' : 's'}` : 'No change to the workflow',
        '; ',
        contacts.length ? `${contacts.length} test contact${contacts.length === 1 ? ' runs' : 's run'} differently.` : 'every test contact runs as before.',
        r.forecast?.changed ? ' The forecast of the population changes (below).' : '',
        changes.length ? h('span', { class: 'fp-muted' }, ' Marked on the diagram: new steps green, changed amber; removed steps are listed below with where they were.') : null,
      ),
      changes.length ? h('ul', { class: 'fp-compare-changes', 'data-testid': 'compare-changes' }, changes.map(changeItem)) : null,
      removed.length ? removedList(removed, shown.old) : null,
      (r.warnings ?? []).length ? h('ul', { class: 'fp-compare-warnings' }, r.warnings.map((w) => h('li', {}, String(w?.message ?? w)))) : null,
      contacts.length ? h('h4', { class: 'fp-compare-sub' }, 'Test contacts whose run differs') : null,
      contacts.length ? this.contactList(contacts, shown, 'compare-contacts') : null,
      r.forecast && typeof r.forecast === 'object' ? forecastDeltas(r.forecast) : null,
      this.publishBox(shown),
    );
  }

  contactList(contacts, shown, testid) {
    return h('ul', { class: 'fp-compare-contacts', 'data-testid': testid }, contacts.map((c) => this.contactItem(c, shown)));
  }

  contactItem(c, shown) {
    const id = String(c.contact ?? '');
    const zone = shown.zone?.(id) ?? 'UTC';
    return h(
      'li',
      { class: 'fp-compare-contact', 'data-contact': id },
      h('div', {}, button(id, () => this.actions.selectContact(id), { variant: 'link', title: 'Show this contact’s run' }), ` first differs ${formatLocal(c.t, zone)}`),
      ...firstDifference(c, shown, zone),
      messageChanges(c, zone),
    );
  }

  publishBox(shown) {
    const input = h('input', { class: 'fp-input fp-compare-at', type: 'text', 'data-testid': 'compare-publish-at', 'aria-label': 'Publish this version at', placeholder: '+1d or 2026-11-01T09:00:00Z', props: { value: this.publishAt } });
    const go = () => {
      this.publishAt = input.value;
      this.actions.publish(input.value);
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') go();
    });
    const p = shown.published;
    return h(
      'div',
      { class: 'fp-compare-publish' },
      h(
        'div',
        { class: 'fp-compare-publish-row' },
        h('label', { class: 'fp-compare-publish-label' }, 'Publish at ', input),
        button('Publish', go, { testid: 'compare-publish', title: 'Run the older version until then and this one from then on: which contacts move, and how' }),
      ),
      shown.publishErrors?.length ? errorList(shown.publishErrors, 'compare-publish-errors') : null,
      p ? this.publishResult(p, shown) : null,
    );
  }

  publishResult(p, shown) {
    const migrated = p.publish?.migrated ?? [];
    const zoneOf = (id) => shown.zone?.(id) ?? 'UTC';
    return h(
      'div',
      { class: 'fp-compare-published', 'data-testid': 'compare-published' },
      h('p', {}, `Published ${formatLocal(p.publish?.at, zoneOf(null))}: `, migrated.length ? `${migrated.length} contact${migrated.length === 1 ? '' : 's'} in the workflow moved to this version.` : 'no contact was in the workflow then.'),
      migrated.length
        ? h(
            'ul',
            { class: 'fp-compare-migrated', 'data-testid': 'compare-migrated' },
            migrated.map((x) => {
              const zone = zoneOf(x.contact);
              const until = Array.isArray(x.until) ? ` (waits until ${formatLocal(x.until[1], zone)} instead of ${formatLocal(x.until[0], zone)})` : '';
              const to = x.to && x.to !== x.node ? ` → ${x.to}` : '';
              return h('li', { 'data-contact': String(x.contact), 'data-rule': String(x.rule) }, h('strong', {}, String(x.contact)), ` at ${x.node}${to}: ${RULE_WORDS[x.rule] ?? String(x.rule ?? '').replace(/_/g, ' ')}${until}`);
            }),
          )
        : null,
      (p.contacts ?? []).length ? h('h4', { class: 'fp-compare-sub' }, 'Then, against the older version throughout') : null,
      (p.contacts ?? []).length ? this.contactList(p.contacts, shown, 'compare-published-contacts') : null,
    );
  }
}

/** The first difference of a contact's run: the older version's line and this one's, in words. */
function firstDifference(c, shown, zone) {
  const say = (line, workflow) => {
    if (!line || typeof line !== 'object') return '(nothing: the run had ended)';
    try {
      return explainLine(line, explainContext(workflow, { zone })).text || String(line.kind);
    } catch {
      return String(line.kind ?? '');
    }
  };
  return [
    h('div', { class: 'fp-compare-was', 'data-testid': 'diff-old-line' }, h('span', { class: 'fp-compare-tag' }, 'before'), ' ', say(c.old, shown.old)),
    h('div', { class: 'fp-compare-now', 'data-testid': 'diff-new-line' }, h('span', { class: 'fp-compare-tag' }, 'now'), ' ', say(c.new, shown.workflow)),
  ];
}

/** Messages lost, gained and changed; a changed one with the line diff of each rendered field that differs. */
function messageChanges(c, zone) {
  const m = c.messages ?? {};
  // In a portfolio a message also names its workflow: an edit to one can
  // change what another sends (its cap, its enrolments).
  const name = (x) => (x.workflow ? `${x.template} from ${x.workflow}` : x.template);
  const items = [
    ...(m.lost ?? []).map((x) => [x, 'lost', `no longer gets ${name(x)}${x.subject ? ` “${x.subject}”` : ''} (was ${formatLocal(x.t, zone)})`]),
    ...(m.gained ?? []).map((x) => [x, 'gained', `now gets ${name(x)}${x.subject ? ` “${x.subject}”` : ''} (${formatLocal(x.t, zone)})`]),
    ...(m.changed ?? []).map((x) => [x, 'changed', `${name(x)} ${changedWords(x, zone)}`]),
  ];
  if (!items.length) return null;
  return h(
    'ul',
    { class: 'fp-compare-messages' },
    items.map(([x, kind, words]) => h('li', { class: `fp-compare-msg fp-compare-msg--${kind}`, 'data-kind': kind, 'data-template': String(x.template ?? '') }, words, kind === 'changed' ? fieldDiffs(x.diff) : null)),
  );
}

/** {subject: ["- old", "+ new"], ...} (core/diff/line_diff.h) as one block per field, removed lines red, added green. */
function fieldDiffs(diff) {
  if (!diff || typeof diff !== 'object') return null;
  const fields = Object.keys(diff).filter((k) => Array.isArray(diff[k]) && diff[k].length);
  if (!fields.length) return null;
  return h(
    'div',
    { class: 'fp-compare-fields' },
    fields.map((field) =>
      h(
        'div',
        { class: 'fp-compare-field', 'data-field': field },
        h('span', { class: 'fp-compare-field-name' }, field),
        h(
          'pre',
          { class: 'fp-compare-linediff', 'data-testid': 'diff-lines' },
          diff[field].map((line) => {
            const textLine = String(line);
            const kind = textLine.startsWith('- ') ? 'del' : textLine.startsWith('+ ') ? 'add' : 'gap';
            return h('span', { class: `fp-compare-ld fp-compare-ld--${kind}`, 'data-kind': kind }, textLine);
          }),
        ),
      ),
    ),
  );
}

/** The steps of a version that point at `id`, as "check_engagement (else)". */
function pointersTo(workflow, id) {
  const out = [];
  for (const [from, node] of Object.entries(workflow?.nodes ?? {})) {
    if (!node || typeof node !== 'object') continue;
    if (node.next === id) out.push(from);
    if (node.else === id) out.push(`${from} (else)`);
    if (node.on_timeout === id) out.push(`${from} (timeout)`);
    for (const b of Array.isArray(node.branches) ? node.branches : []) if (b?.next === id) out.push(`${from} (${b.label ?? 'branch'})`);
    for (const v of Array.isArray(node.variants) ? node.variants : []) if (v?.next === id) out.push(`${from} (${v.label ?? 'variant'})`);
  }
  if (workflow?.start === id) out.unshift('the start');
  return out;
}

/** Removed steps, struck through, each with where it was in the older version (what led to it, where it led). */
function removedList(removed, old) {
  return h(
    'div',
    { class: 'fp-compare-removed-box' },
    h('h4', { class: 'fp-compare-sub' }, 'Removed steps'),
    h(
      'ul',
      { class: 'fp-compare-removed', 'data-testid': 'compare-removed' },
      removed.map((raw) => {
        const id = String(raw);
        const node = old?.nodes?.[id];
        const before = pointersTo(old, id);
        const after = [node?.next, node?.else, node?.on_timeout, ...(Array.isArray(node?.branches) ? node.branches.map((b) => b?.next) : []), ...(Array.isArray(node?.variants) ? node.variants.map((v) => v?.next) : [])].filter((x) => typeof x === 'string');
        const where = [before.length ? `after ${before.join(', ')}` : '', after.length ? `before ${[...new Set(after)].join(', ')}` : ''].filter(Boolean).join('; ');
        return h(
          'li',
          { class: 'fp-compare-removed-node', 'data-node': id },
          h('span', { class: 'fp-compare-removed-id' }, id),
          typeof node?.type === 'string' ? h('span', { class: 'fp-compare-removed-type' }, ` ${node.type}`) : null,
          where ? h('span', { class: 'fp-muted' }, ` — was ${where}`) : null,
        );
      }),
    ),
  );
}

/**
 * The box over the selected contact's timeline when its run differs from
 * the compared version: the first difference (time, the older line and
 * this one in words), the messages gained, lost and changed (with the
 * rendered line diff), and, once published, how it moved.
 * @param {object} c an entry of tester.diff's `contacts`
 * @param {{label: string, old: object, workflow: object, zone?: Function, published?: object, stale?: boolean}} shown
 */
export function timelineDiff(c, shown, { stale = false } = {}) {
  const id = String(c.contact ?? '');
  const zone = shown.zone?.(id) ?? 'UTC';
  const migration = (shown.published?.publish?.migrated ?? []).find((m) => String(m.contact) === id);
  return h(
    'section',
    { class: 'fp-compare-tl', 'data-testid': 'timeline-diff', 'data-contact': id, 'aria-label': `How ${id}'s run differs from ${shown.label}` },
    h('h3', { class: 'fp-compare-tl-title' }, 'Runs differently than with ', h('span', { class: 'fp-compare-label' }, shown.label), stale ? h('span', { class: 'fp-muted' }, ' (out of date: the fixture was edited since)') : null),
    h('p', { class: 'fp-compare-tl-when', 'data-testid': 'diff-first' }, `First difference ${formatLocal(c.t, zone)}:`),
    ...firstDifference(c, shown, zone),
    messageChanges(c, zone),
    migration ? h('p', { class: 'fp-compare-tl-moved', 'data-rule': String(migration.rule) }, `Published ${formatLocal(shown.published.publish.at, zone)}: at ${migration.node}, ${RULE_WORDS[migration.rule] ?? String(migration.rule)}.`) : null,
  );
}

/** A forecast figure's side: a rate as a percentage, a count with separators, absent as a dash. */
function figureText(value, rate) {
  if (typeof value !== 'number') return '—';
  return rate ? `${(value * 100).toFixed(2)}%` : value.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

function deltaText(delta, rate) {
  if (typeof delta !== 'number') return '';
  if (delta === 0) return '±0';
  const sign = delta > 0 ? '+' : '−';
  return rate ? `${sign}${Math.abs(delta * 100).toFixed(2)} points` : `${sign}${Math.abs(delta).toLocaleString('en-US', { maximumFractionDigits: 4 })}`;
}

function intervalText(ci) {
  return Array.isArray(ci) && ci.length === 2 ? ` [${figureText(ci[0], true)}, ${figureText(ci[1], true)}]` : '';
}

/**
 * The cohort: each forecast figure under the older version and this one
 * (tester.diff's `forecast`, core/diff/cohort_diff.h), as a table. Steps
 * whose entries did not change are summed up in one line.
 */
function forecastDeltas(f) {
  const rows = [];
  const row = (key, label, figure, { rate = false, ci = null } = {}) => {
    if (!figure || typeof figure !== 'object') return;
    const delta = typeof figure.delta === 'number' ? figure.delta : null;
    rows.push(
      h(
        'tr',
        { 'data-figure': key, class: delta ? 'fp-compare-fc--moved' : '' },
        h('th', {}, label),
        h('td', {}, figureText(figure.old, rate), ci ? intervalText(ci.old) : ''),
        h('td', {}, figureText(figure.new, rate), ci ? intervalText(ci.new) : ''),
        // No colour for up or down: more expiries is bad where more goals is good.
        h('td', { class: 'fp-compare-fc-delta' }, deltaText(delta, rate)),
      ),
    );
  };
  row('enrolled', 'Enrolled', f.enrolled);
  if (f.goal?.rate) {
    row('goal.rate', 'Goal rate (95% interval)', f.goal.rate, { rate: true, ci: f.goal.ci95 });
    row('goal.reached', 'Reached the goal', f.goal.reached);
  }
  for (const [reason, figure] of Object.entries(f.exits ?? {})) row(`exits.${reason}`, `Left: ${reason.replace(/_/g, ' ')}`, figure);
  row('per_contact.messages_max_24h', 'Most messages to one contact in 24 hours', f.per_contact?.messages_max_24h);
  row('per_contact.messages_mean', 'Messages per contact (mean)', f.per_contact?.messages_mean);
  for (const [template, figure] of Object.entries(f.messages ?? {})) row(`messages.${template}`, `Sent: ${template}`, figure?.sent);
  let same = 0;
  for (const [node, figure] of Object.entries(f.nodes ?? {})) {
    if (figure?.entered?.delta === 0) same++;
    else row(`nodes.${node}`, `Entered: ${node}`, figure?.entered);
  }
  for (const [split, variants] of Object.entries(f.variants ?? {})) {
    for (const [label, v] of Object.entries(variants ?? {})) {
      if (label === 'p_value' || label === 'winner' || !v?.goal_rate) continue;
      row(`variants.${split}.${label}`, `Goal rate: ${split} ${label}`, v.goal_rate, { rate: true, ci: v.ci95 });
    }
  }
  // A portfolio's own figures: what the edit does to the other workflows
  // (their sends, what the portfolio cap holds back), those that moved.
  const p = f.portfolio && typeof f.portfolio === 'object' ? f.portfolio : null;
  if (p) {
    row('portfolio.overlapping_contacts', 'In two or more workflows at once', p.overlapping_contacts);
    for (const id of Object.keys(p.enrolled ?? {})) {
      for (const [figure, label] of [['enrolled', 'Enrolled in'], ['sent', 'Sent by'], ['suppressed_by_portfolio_cap', 'Held back by the portfolio cap in']]) {
        const value = p[figure]?.[id];
        if (value?.delta === 0) same++;
        else row(`portfolio.${figure}.${id}`, `${label} ${id}`, value);
      }
    }
  }
  const whose = f.workflow ? ` Workflow ${String(f.workflow)}’s own figures inside the portfolio, then the portfolio’s; messages per contact across every workflow.` : '';
  return h(
    'div',
    { class: 'fp-compare-forecast', 'data-testid': 'compare-forecast' },
    h('h4', { class: 'fp-compare-sub' }, 'Forecast of the population'),
    h('p', { class: 'fp-muted fp-compare-fc-note' }, `${figureText(f.contacts)} contacts, seed ${String(f.seed ?? '')}: each version forecast in full with the same audience.${whose}${same ? ` ${same} other figure${same === 1 ? '' : 's'} unchanged (entries at steps${p ? ', the portfolio’s per workflow' : ''}).` : ''}`),
    h('table', { class: 'fp-compare-fc' }, h('thead', {}, h('tr', {}, h('th', {}, 'Figure'), h('th', {}, 'Before'), h('th', {}, 'Now'), h('th', {}, 'Change'))), h('tbody', {}, rows)),
  );
}

function changeItem(change) {
  const detail = Array.isArray(change.detail) ? change.detail : [];
  return h('li', { class: 'fp-compare-change' }, h('span', { class: 'fp-compare-line' }, String(change.line ?? '')), detail.length ? h('pre', { class: 'fp-compare-detail' }, detail.join('\n')) : null);
}

function changedWords(x, zone) {
  const t = Array.isArray(x.t) ? x.t : [];
  const moved = t.length === 2 && t[0] !== t[1] ? `moves from ${formatLocal(t[0], zone)} to ${formatLocal(t[1], zone)}` : '';
  const fields = x.diff && typeof x.diff === 'object' ? Object.keys(x.diff) : [];
  const content = fields.length ? `${fields.join(', ')} changed` : '';
  return [moved, content].filter(Boolean).join('; ') || 'changed';
}

function errorList(errors, testid) {
  return h(
    'ul',
    { class: 'fp-compare-errors', 'data-testid': testid },
    errors.map((e) => {
      const where = whereWords(e);
      return h('li', {}, where ? h('span', { class: 'fp-compare-where' }, where) : null, where ? ' ' : null, String(e?.message ?? e));
    }),
  );
}
