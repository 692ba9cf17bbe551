// The coverage beside the diagram: "Show what no contact reached" as the
// core's report in words (percentage, then what was never exercised, kind
// by kind), the choice of other examples of the same workflow to count too,
// and the marks the diagram draws for what was missed.
//
//   renderCoverageBox(box, { shown, report, combined, workflow, status, siblings, chosen, choose });
//   diagram.update({ coverage: { show: true, ...coverageMarks(report, workflow) } });
//
// The report is the core's (tester.coverage(), the same as `flowproof run
// --coverage`); nothing here counts anything itself.

import { h, own, replace } from '../shared/dom.js';
import { edgeKey } from './diagram.js';
import { nodeTitle } from './explain.js';

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
    for (const m of report[kind]?.missed ?? []) keys.add(edgeKey(m.node, { kind: 'branch', armLabel: m.label }));
  }
  for (const m of report.wait_outcomes?.missed ?? []) {
    if (m.outcome === 'timeout') keys.add(edgeKey(m.node, { kind: 'timeout' }));
    else {
      const next = own(workflow?.nodes, m.node)?.next;
      if (typeof next === 'string') keys.add(edgeKey(m.node, { to: next }));
    }
  }
  return { nodes, keys };
}

const OUTCOME_WORDS = { event: 'the event arrived', condition: 'the condition held', timeout: 'timed out' };

/**
 * The coverage report in words beside the diagram: the percentage, then
 * what was never exercised, kind by kind.
 */
function coverageReportView(report, workflow, status) {
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

/**
 * The box above the diagram. `combined` is the report of this fixture with
 * the chosen examples ({report} or {error}), when any are chosen.
 */
export function renderCoverageBox(box, { shown, report, combined, workflow, status, siblings, chosen, choose }) {
  box.hidden = !shown;
  if (!shown) return replace(box);
  replace(
    box,
    combined?.error ? h('p', { class: 'fp-note fp-note--warn' }, combined.error) : coverageReportView(report, workflow, combined ? null : status),
    siblings.length
      ? h(
          'p',
          { class: 'fp-coverage-with', 'data-testid': 'coverage-with' },
          'Count the other examples of this workflow too (each run to its end, as ',
          h('code', {}, 'flowproof run --coverage'),
          ' over their folder):',
          siblings.map((item) =>
            h(
              'label',
              { class: 'fp-check', title: item.path },
              h('input', { type: 'checkbox', 'data-path': item.path, props: { checked: chosen.has(item.path) }, on: { change: (e) => choose(item.path, e.target.checked) } }),
              ` ${item.name}`,
            ),
          ),
        )
      : null,
  );
}
