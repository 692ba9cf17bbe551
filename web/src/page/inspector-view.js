// Beside the diagram: the selected node's details (what it does, who is
// there, its breakpoint), or the workflow's entry and exit rules when no
// node is selected; the colour legend. (The coverage report beside the
// diagram is coverage-view.js.)
//
//   renderInspector(container, model, { selectContact, selectNode, toggleBreakpoint, showInJson });
//   toolbar.prepend(legend());

import { button, h, own, replace } from '../shared/dom.js';
import { START } from '../shared/edge-keys.js';
import { describeCondition, describeNode, describeTrigger, nodeTitle } from './explain.js';

/** A JSON Pointer to a workflow node. */
function nodePointer(id) {
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
