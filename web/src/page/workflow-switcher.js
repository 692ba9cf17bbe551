// The diagram's workflow switcher, shown when the fixture is a portfolio
// (FORMAT.md v1.1): which of its workflows the diagram, the counts on it,
// the lit path and the coverage are about. Workflows are listed in the
// fixture's order, each with its place in the portfolio's priority.
//
//   diagramHead.append(workflowSwitcher(state.portfolio, state.workflowId, (id) => selection.selectWorkflow(id)));

import { h } from '../shared/dom.js';

/**
 * @param {{workflows: object[], priority: string[]}} portfolio
 * @param {string} selectedId
 * @param {(id: string) => void} onSelect
 */
export function workflowSwitcher(portfolio, selectedId, onSelect) {
  const options = portfolio.workflows.map((w) => {
    const rank = portfolio.priority.indexOf(w.id);
    const label = `${typeof w.name === 'string' && w.name ? w.name : w.id}${rank >= 0 ? ` (priority ${rank + 1})` : ''}`;
    return h('option', { value: w.id, props: { selected: w.id === selectedId } }, label);
  });
  const select = h('select', { class: 'fp-workflow-switch', 'data-testid': 'workflow-switch', on: { change: (e) => onSelect(e.target.value) } }, options);
  return h(
    'label',
    { class: 'fp-workflow-switcher', title: `This fixture is a portfolio of ${portfolio.workflows.length} workflows over the same contacts: choose the one the diagram shows` },
    `${portfolio.workflows.length} workflows: `,
    select,
  );
}
