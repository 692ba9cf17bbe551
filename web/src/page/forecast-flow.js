// A forecast's counts as flow over the diagram: how many entries each node
// had, and how many went along each edge, keyed as diagram.js keys them
// (edgeKey), with a width level by share of the enrolments.
//
//   const flow = forecastFlow(workflow, result);   // {nodes: Map, edges: Map, total}
//   diagram.showFlow(flow);
//
// The forecast counts entries per node and, at branches and splits, per
// arm; it does not count edges. An edge's count is therefore exact for an
// arm, for the start edge, and for an edge into a node with no other way
// in (that node's entries); an edge out of a node with a single way out
// counts that node's entries less those still waiting at the end. Edges
// where neither holds (a wait's outcomes into a shared node) get no count
// rather than a guess.

import { own } from '../shared/dom.js';
import { nodeEdges } from './explain.js';
import { edgeKey } from './diagram.js';
import { START } from '../shared/edge-keys.js';

/** Shares of the enrolments at which an edge gets wider (levels 1..4 above 0). */
const LEVELS = [0.02, 0.1, 0.3, 0.6];

/** The width level of a count: 0 for none, 1..5 by share. */
export function flowLevel(count, total) {
  if (!(count > 0)) return 0;
  const share = count / Math.max(1, total);
  return 1 + LEVELS.filter((l) => share >= l).length;
}

/**
 * @param {object} workflow the fixture's workflow
 * @param {object} result FORMAT.md forecast JSON
 * @returns {{total: number, nodes: Map<string, {entered: number, waiting: number, share: number}>, edges: Map<string, {count: number, level: number, exact: boolean}>}}
 */
export function forecastFlow(workflow, result) {
  const nodes = workflow?.nodes && typeof workflow.nodes === 'object' ? workflow.nodes : {};
  const counts = result?.nodes && typeof result.nodes === 'object' ? result.nodes : {};
  const total = Number(result?.enrollments ?? result?.enrolled ?? 0);
  const entered = (id) => Number(own(counts, id)?.entered ?? 0);
  const waiting = (id) => Number(own(counts, id)?.waiting_at_end ?? 0);

  const out = { total, nodes: new Map(), edges: new Map() };
  for (const id of Object.keys(nodes)) out.nodes.set(id, { entered: entered(id), waiting: waiting(id), share: entered(id) / Math.max(1, total) });

  // Every edge the diagram draws, with how many ways lead into its target.
  const edges = [];
  const incoming = new Map();
  if (typeof workflow?.start === 'string' && Object.hasOwn(nodes, workflow.start)) edges.push({ from: START, to: workflow.start, kind: 'start' });
  for (const id of Object.keys(nodes)) {
    const node = own(nodes, id);
    const arms = node?.type === 'branch' ? node.branches : node?.type === 'split' ? node.variants : [];
    let armIndex = 0;
    const outs = nodeEdges(node).filter((e) => Object.hasOwn(nodes, e.to));
    for (const edge of outs) {
      const armLabel = edge.kind === 'branch' || edge.kind === 'variant' ? String((Array.isArray(arms) ? arms : [])[armIndex++]?.label ?? '') : undefined;
      edges.push({ from: id, ...edge, armLabel, single: outs.length === 1, wait: node?.type === 'wait_event' || node?.type === 'wait_until' });
    }
  }
  for (const e of edges) incoming.set(e.to, (incoming.get(e.to) ?? 0) + 1);

  for (const e of edges) {
    let count = null;
    let exact = true;
    if (e.kind === 'start') {
      count = entered(e.to) || total;
    } else if (e.kind === 'branch' || e.kind === 'else') {
      count = Number(own(own(counts, e.from)?.branches ?? {}, e.kind === 'else' ? 'else' : e.armLabel) ?? 0);
    } else if (e.kind === 'variant') {
      count = Number(own(own(counts, e.from)?.variants ?? {}, e.armLabel) ?? 0);
    } else if (incoming.get(e.to) === 1) {
      count = entered(e.to);
    } else if (e.single && !e.wait) {
      count = Math.max(0, entered(e.from) - waiting(e.from));
      exact = false; // a contact may also leave there (an exit reason)
    }
    if (count === null) continue;
    const key = edgeKey(e.from, e);
    out.edges.set(key, { count, level: flowLevel(count, total), exact });
  }
  return out;
}
