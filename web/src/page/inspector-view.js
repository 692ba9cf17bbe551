// Beside the diagram: the selected node's details (what it does, who is
// there, its breakpoint), or the workflow's entry and exit rules when no
// node is selected; the colour legend; the coverage summary.
//
//   renderInspector(container, model, { selectContact, selectNode, toggleBreakpoint, showInJson });
//   toolbar.prepend(legend());
//   coverageSummary(workflow, counts, diagram.edges, takenEdges(trace))   // "7 of 9 steps reached · ..."

import { button, h, own, replace } from './dom.js';
import { START } from './diagram.js';
import { describeCondition, describeNode, describeTrigger, nodeTitle } from './explain.js';

/** A JSON Pointer to a workflow node. */
export function nodePointer(id) {
  return `/workflow/nodes/${String(id).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/**
 * @param {HTMLElement} container
 * @param {object} model the app's view model
 * @param {{selectContact: Function, selectNode: Function, toggleBreakpoint: Function, showInJson: Function}} actions
 */
export function renderInspector(container, model, actions) {
  const id = model.selectedNode;
  const wf = model.workflow;
  if (!id || !own(wf?.nodes, id)) {
    replace(
      container,
      wf
        ? h(
            'p',
            { class: 'fp-muted fp-inspector-hint' },
            `Starts on: ${(wf.entry?.triggers ?? []).map(describeTrigger).join(' or ') || 'no trigger'}.`,
            wf.entry?.audience !== undefined ? ` Only for: ${describeCondition(wf.entry.audience)}.` : '',
            wf.exit?.goal !== undefined ? ` Goal (leaves early): ${describeCondition(wf.exit.goal)}.` : '',
            (wf.exit?.on_events ?? []).length ? ` Leaves on: ${(wf.exit.on_events ?? []).map((e) => `'${e?.event}'`).join(', ')}.` : '',
            ' Click a node for details; click its dot to set a breakpoint.',
          )
        : null,
    );
    return;
  }
  const node = wf.nodes[id];
  const here = model.contacts.filter((c) => c.node === id && (c.state === 'waiting' || c.state === 'active'));
  const c = own(model.counts, id) ?? { now: 0, entered: 0 };
  const bp = model.breakpoints.has(id);
  const what = describeNode(node);
  replace(
    container,
    h(
      'div',
      { class: 'fp-inspector-box' },
      h('h3', { class: 'fp-inspector-title' }, nodeTitle(wf, id), nodeTitle(wf, id) !== id ? h('code', { class: 'fp-muted' }, ` ${id}`) : null),
      h('p', {}, `${what.slice(0, 1).toUpperCase()}${what.slice(1)}.`),
      node.type === 'branch'
        ? h(
            'ul',
            { class: 'fp-inspector-list' },
            (node.branches ?? []).map((b) => h('li', {}, h('b', {}, `${b?.label}: `), describeCondition(b?.when))),
            h('li', {}, h('b', {}, 'else: '), 'when none of these holds'),
          )
        : null,
      h('p', {}, `${c.now} contact${c.now === 1 ? '' : 's'} here now · ${c.entered} entered so far`),
      here.length ? h('p', { class: 'fp-inspector-here' }, 'Here now: ', here.slice(0, 40).map((x) => button(x.id, () => actions.selectContact(x.id), { variant: 'chip' })), here.length > 40 ? ` and ${(here.length - 40).toLocaleString('en-US')} more` : '') : null,
      h(
        'div',
        { class: 'fp-inspector-actions' },
        h(
          'button',
          { type: 'button', class: `fp-btn${bp ? ' fp-btn--danger' : ''}`, 'aria-pressed': String(bp), 'data-testid': 'toggle-breakpoint', on: { click: () => actions.toggleBreakpoint(id) } },
          bp ? '● Remove breakpoint' : '○ Stop here (breakpoint)',
        ),
        button('Show in the JSON', () => actions.showInJson(nodePointer(id)), { variant: 'ghost' }),
        button('Close', () => actions.selectNode(id), { variant: 'ghost' }),
      ),
    ),
  );
}

/**
 * The core's coverage report (tester.coverage(), the same as `flowproof run
 * --coverage`) as diagram marks: {nodes: Set of node ids never entered,
 * keys: Set of edge keys (diagram.js edgeKey) never taken}.
 */
export function coverageMarks(report, workflow) {
  const nodes = new Set();
  const keys = new Set();
  if (!report || typeof report !== 'object') return { nodes, keys };
  for (const id of report.nodes?.missed ?? []) nodes.add(String(id));
  for (const kind of ['branches', 'variants']) {
    for (const m of report[kind]?.missed ?? []) keys.add(`${m.node}\u0000label\u0000${m.label}`);
  }
  for (const m of report.wait_outcomes?.missed ?? []) {
    if (m.outcome === 'timeout') keys.add(`${m.node}\u0000via\u0000timeout`);
    else {
      const next = own(workflow?.nodes, m.node)?.next;
      if (typeof next === 'string') keys.add(`${m.node}\u0000to\u0000${next}`);
    }
  }
  return { nodes, keys };
}

const OUTCOME_WORDS = { event: 'the event arrived', condition: 'the condition held', timeout: 'timed out' };

/**
 * The coverage report in words beside the diagram: the percentage, then
 * what was never exercised, kind by kind.
 */
export function coverageReportView(report, workflow, status) {
  if (!report) return h('p', { class: 'fp-coverage-report fp-muted', 'data-testid': 'coverage-report' }, 'Reading the coverage…');
  const title = (id) => {
    const t = nodeTitle(workflow, id);
    return t === id ? `'${id}'` : `'${t}' (${id})`;
  };
  const rows = [
    ['steps never reached', 'steps', report.nodes, (id) => title(id)],
    ['branch paths never taken', 'branch paths', report.branches, (m) => `${title(m.node)} → ${m.label}`],
    ['split variants never drawn', 'split variants', report.variants, (m) => `${title(m.node)} → ${m.label}`],
    ['exits never reached', 'exits', report.exits, (r) => String(r).replace(/_/g, ' ')],
    ['triggers that enrolled nobody', 'triggers', report.triggers, (t) => t.description ?? `trigger ${t.index}`],
    ['wait outcomes never seen', 'wait outcomes', report.wait_outcomes, (m) => `${title(m.node)}: ${OUTCOME_WORDS[m.outcome] ?? m.outcome}`],
  ];
  const missed = rows.filter(([, , part]) => part?.missed?.length);
  const counts = rows
    .filter(([, , part]) => part?.total)
    .map(([, short, part]) => `${part.covered}/${part.total} ${short}`)
    .join(' · ');
  return h(
    'div',
    { class: 'fp-coverage-report', 'data-testid': 'coverage-report' },
    h(
      'p',
      { class: 'fp-coverage-head' },
      h('b', { class: 'fp-coverage-pct', 'data-testid': 'coverage-percent' }, `Coverage ${report.percent}%`),
      ` ${counts}`,
      (report.fixtures?.length ?? 0) > 1 ? h('span', { class: 'fp-muted', 'data-testid': 'coverage-by' }, ` — by ${report.fixtures.length} fixtures, each run to its end`) : null,
      status && !status.finished ? h('span', { class: 'fp-muted' }, ' — so far: Run to end for the whole test') : null,
    ),
    missed.length
      ? h(
          'ul',
          { class: 'fp-coverage-missed' },
          missed.map(([label, , part, fmt]) => h('li', {}, h('span', { class: 'fp-coverage-kind' }, `${label[0].toUpperCase()}${label.slice(1)}: `), part.missed.map(fmt).join(', '))),
        )
      : h('p', { class: 'fp-coverage-all' }, 'Everything in the workflow was exercised.'),
  );
}

/** "7 of 9 steps reached · 8 of 11 paths taken". */
export function coverageSummary(workflow, counts, edges, taken) {
  const ids = Object.keys(workflow?.nodes ?? {});
  const reached = ids.filter((id) => (counts[id]?.entered ?? 0) > 0).length;
  const paths = edges.filter((e) => e.from !== START);
  const used = paths.filter((e) => taken?.has(e.key)).length;
  return h('span', { class: 'fp-coverage', 'data-testid': 'coverage-summary' }, `${reached} of ${ids.length} steps reached · ${used} of ${paths.length} paths taken`);
}

const LEGEND = [
  ['send-email', 'Email'],
  ['send-sms', 'SMS'],
  ['send-push', 'Push'],
  ['send-ad-audience', 'Ads'],
  ['send-webhook', 'Webhook'],
  ['wait', 'Wait'],
  ['branch', 'Branch'],
  ['split', 'Split'],
  ['update', 'Update'],
  ['exit', 'Exit'],
];

/** The diagram's colour legend (a disclosure). */
export function legend() {
  return h(
    'details',
    { class: 'fp-legend' },
    h('summary', {}, 'Legend'),
    h(
      'ul',
      {},
      LEGEND.map(([k, label]) => h('li', {}, h('span', { class: `fp-swatch fp-swatch--${k}`, 'aria-hidden': 'true' }), label)),
      h('li', {}, h('span', { class: 'fp-swatch fp-swatch--badge', 'aria-hidden': 'true' }, '2'), 'contacts there now'),
      h('li', {}, h('span', { class: 'fp-swatch fp-swatch--bp', 'aria-hidden': 'true' }), 'breakpoint (click the dot on a node)'),
      h('li', {}, h('span', { class: 'fp-swatch fp-swatch--path', 'aria-hidden': 'true' }), 'path of the selected contact'),
    ),
  );
}
