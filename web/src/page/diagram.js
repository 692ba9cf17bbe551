// The workflow as a diagram: dagre lays the nodes out (top to bottom), this
// draws them as SVG. Each node shows its type, what it does, how many
// contacts sit there now (a badge) and how many ever entered; the selected
// contact's path is highlighted; breakpoints and never-visited nodes and
// never-taken paths (coverage) are marked; a node with lint findings wears
// a second badge with their count, its tooltip naming each rule.
//
//   const diagram = new Diagram(container, { onSelectNode: (id) => ... });
//   diagram.setWorkflow(workflow);
//   diagram.update({ counts, path, current, breakpoints, coverage: { show: true, taken } });
//   diagram.setFindings(findings);   // tester.lint's findings (kept across setWorkflow)
//   diagram.setDiffMarks(new Map([['wait_2d', 'changed']]));   // compare.js (kept too)
//
// Node ids and labels come from the user's workflow: they enter the SVG as
// text nodes and data attributes only, and elements are found through a Map,
// never through a selector built from an id.

import dagre from '@dagrejs/dagre';
import { s, h, own, text, replace, button } from '../shared/dom.js';
import { channelWord, describeNode, describeTrigger, nodeEdges, nodeTitle } from './explain.js';
import { badgeTitle, findingsByNode, worstSeverity } from './lint-findings.js';
import { START, armKey, isOutcomeKey, stepKey, timeoutKey } from '../shared/edge-keys.js';

const LINT_MARK = { error: '✖', warning: '⚠', info: 'i' };
const NODE_W = 196;
const NODE_H = 80;
const MAX_NODES = 2000;

const TYPE_LABEL = { send: 'SEND', update: 'UPDATE', branch: 'BRANCH', split: 'SPLIT', wait: 'WAIT', wait_event: 'WAIT FOR EVENT', wait_until: 'WAIT UNTIL', exit: 'EXIT' };

/** The kind used for colours: send nodes by channel, others by type. */
function nodeKind(node) {
  if (!node || typeof node !== 'object') return 'unknown';
  if (node.type === 'send') return `send-${['email', 'sms', 'push', 'ad_audience', 'webhook'].includes(node.channel) ? node.channel.replace('_', '-') : 'other'}`;
  if (node.type === 'wait_event' || node.type === 'wait_until') return 'wait';
  return Object.hasOwn(TYPE_LABEL, node.type) ? node.type : 'unknown';
}

function typeLabel(node) {
  if (node?.type === 'send') return `SEND ${channelWord(node.channel).toUpperCase()}`;
  return own(TYPE_LABEL, node?.type) ?? String(node?.type ?? '?').toUpperCase();
}

function percent(share) {
  const p = share * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)}%`;
}

function clip(t, n) {
  const v = String(t ?? '');
  return v.length > n ? `${v.slice(0, n - 1)}…` : v;
}

// d3's curveBasis: a smooth path through dagre's edge points.
function basisPath(points) {
  if (!points.length) return '';
  const f = (n) => Math.round(n * 10) / 10;
  let d = `M${f(points[0].x)},${f(points[0].y)}`;
  if (points.length === 2) return `${d}L${f(points[1].x)},${f(points[1].y)}`;
  let [x0, y0, x1, y1] = [points[0].x, points[0].y, points[0].x, points[0].y];
  const bezier = (x, y) => {
    d += `C${f((2 * x0 + x1) / 3)},${f((2 * y0 + y1) / 3)},${f((x0 + 2 * x1) / 3)},${f((y0 + 2 * y1) / 3)},${f((x0 + 4 * x1 + x) / 6)},${f((y0 + 4 * y1 + y) / 6)}`;
  };
  for (let i = 1; i < points.length; i++) {
    const { x, y } = points[i];
    if (i === 2) d += `L${f((5 * x0 + x1) / 6)},${f((5 * y0 + y1) / 6)}`;
    if (i >= 2) bezier(x, y);
    [x0, x1, y0, y1] = [x1, x, y1, y];
  }
  if (points.length >= 3) bezier(x1, y1);
  d += `L${f(x1)},${f(y1)}`;
  return d;
}

/** A node's lint badge: a pill on its top edge, left of the contact count; empty until setFindings. */
function lintBadge() {
  const title = s('title', {});
  const label = s('text', { class: 'fp-lint-badge-text', x: NODE_W - 55, y: 1, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, '');
  const badge = s('g', { class: 'fp-lint-badge fp-lint-badge--none', 'data-testid': 'lint-badge' }, title, s('rect', { x: NODE_W - 76, y: -9, width: 42, height: 18, rx: 9 }), label);
  return { badge, text: label, title };
}

/** Edge identity for coverage: branch arms by label, waits by outcome, else (the start edge from START too) by target. */
export function edgeKey(from, edge) {
  if (edge.kind === 'branch' || edge.kind === 'else' || edge.kind === 'variant') return armKey(from, edge.kind === 'else' ? 'else' : edge.armLabel);
  if (edge.kind === 'timeout') return timeoutKey(from);
  return stepKey(from, edge.to);
}

export class Diagram {
  /**
   * @param {HTMLElement} container
   * @param {{onSelectNode?: (id: string) => void, onToggleBreakpoint?: (id: string) => void}} [options]
   */
  constructor(container, { onSelectNode, onToggleBreakpoint } = {}) {
    this.container = container;
    this.onSelectNode = onSelectNode;
    this.onToggleBreakpoint = onToggleBreakpoint;
    this.zoom = 1;
    this.fit = true;
    this.nodes = new Map(); // id -> {g, badge, badgeText, entered, bp, lint: {badge, text, title}}
    this.findings = []; // lint findings (setFindings)
    this.edges = []; // {from, to, key, path, label}
    this.size = { width: 0, height: 0 };
    this.svg = null;
    this.scroller = h('div', { class: 'fp-diagram-scroll', 'data-testid': 'diagram' });
    this.toolbar = h(
      'div',
      { class: 'fp-diagram-zoom' },
      button('−', () => this.setZoom(this.currentZoom() / 1.25), { title: 'Zoom out', variant: 'icon' }),
      button('Fit', () => this.setZoom(null), { title: 'Fit the diagram to the panel', variant: 'icon' }),
      button('+', () => this.setZoom(this.currentZoom() * 1.25), { title: 'Zoom in', variant: 'icon' }),
    );
    replace(container, this.toolbar, this.scroller);
    this.resizeObserver = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.applyZoom()) : null;
    this.resizeObserver?.observe(this.scroller);
  }

  currentZoom() {
    return this.fit ? this.fitZoom() : this.zoom;
  }

  // Fits the width, and the height too as long as text stays readable.
  fitZoom() {
    const width = this.scroller.clientWidth || 600;
    const height = this.scroller.clientHeight || 600;
    if (!this.size.width) return 1;
    const byWidth = (width - 8) / this.size.width;
    const byHeight = Math.max(0.85, (height - 8) / this.size.height);
    return Math.max(0.3, Math.min(1.1, byWidth, byHeight));
  }

  setZoom(z) {
    if (z === null) this.fit = true;
    else {
      this.fit = false;
      this.zoom = Math.max(0.25, Math.min(2.5, z));
    }
    this.applyZoom();
  }

  applyZoom() {
    if (!this.svg) return;
    const z = this.currentZoom();
    this.svg.setAttribute('width', String(Math.round(this.size.width * z)));
    this.svg.setAttribute('height', String(Math.round(this.size.height * z)));
  }

  /**
   * Lays out and draws a workflow (replacing any before).
   * @param {object} workflow
   */
  setWorkflow(workflow) {
    this.workflow = workflow;
    this.nodes.clear();
    this.edges = [];
    const nodes = workflow?.nodes && typeof workflow.nodes === 'object' ? workflow.nodes : {};
    const ids = Object.keys(nodes).slice(0, MAX_NODES);
    // dagre keys its graph by name in plain objects, so user ids
    // ("__proto__", "constructor") never reach it: it sees n0, n1, ...
    const keyOf = new Map([[START, 's'], ...ids.map((id, i) => [id, `n${i}`])]);
    const g = new dagre.graphlib.Graph({ multigraph: true });
    g.setGraph({ rankdir: 'TB', nodesep: 36, ranksep: 58, edgesep: 18, marginx: 16, marginy: 16 });
    g.setDefaultEdgeLabel(() => ({}));
    const triggers = Array.isArray(workflow?.entry?.triggers) ? workflow.entry.triggers : [];
    g.setNode('s', { width: NODE_W, height: 56 });
    for (const id of ids) g.setNode(keyOf.get(id), { width: NODE_W, height: NODE_H });
    const edgeList = [];
    if (typeof workflow?.start === 'string' && keyOf.has(workflow.start) && workflow.start !== START) edgeList.push({ from: START, to: workflow.start, label: '', kind: 'start' });
    for (const id of ids) {
      const node = own(nodes, id);
      const arms = node?.type === 'branch' ? (Array.isArray(node.branches) ? node.branches : []) : node?.type === 'split' ? (Array.isArray(node.variants) ? node.variants : []) : [];
      let armIndex = 0;
      for (const edge of nodeEdges(node)) {
        if (!keyOf.has(edge.to) || edge.to === START) continue; // a dangling reference: the validator reports it
        const armLabel = edge.kind === 'branch' || edge.kind === 'variant' ? String(arms[armIndex++]?.label ?? '') : undefined;
        edgeList.push({ from: id, ...edge, armLabel });
      }
    }
    edgeList.forEach((e, i) => {
      const label = clip(e.label, 28);
      g.setEdge(keyOf.get(e.from), keyOf.get(e.to), label ? { label, width: label.length * 6.6 + 12, height: 18, labelpos: 'c' } : {}, `e${i}`);
    });
    try {
      dagre.layout(g);
    } catch {
      // A layout failure must not take the page down: fall back to a column.
      ids.forEach((id, i) => Object.assign(g.node(keyOf.get(id)), { x: NODE_W / 2 + 16, y: 120 + i * (NODE_H + 40) }));
      Object.assign(g.node('s'), { x: NODE_W / 2 + 16, y: 40 });
      g.graph().width = NODE_W + 32;
      g.graph().height = 160 + ids.length * (NODE_H + 40);
    }
    const graph = g.graph();
    this.size = { width: Math.max(graph.width ?? 0, NODE_W + 32), height: Math.max(graph.height ?? 0, 100) };

    const svg = s('svg', { class: 'fp-diagram-svg', viewBox: `0 0 ${Math.ceil(this.size.width)} ${Math.ceil(this.size.height)}`, role: 'img', 'aria-label': 'Workflow diagram' });
    svg.append(
      s(
        'defs',
        {},
        s('marker', { id: 'fp-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 10, markerHeight: 10, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' }, s('path', { d: 'M0,0L10,5L0,10z', class: 'fp-arrow' })),
        s('marker', { id: 'fp-arrow-hl', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 13, markerHeight: 13, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' }, s('path', { d: 'M0,0L10,5L0,10z', class: 'fp-arrow fp-arrow--hl' })),
      ),
    );
    const edgeLayer = s('g', { class: 'fp-edges' });
    const nodeLayer = s('g', { class: 'fp-nodes' });
    svg.append(edgeLayer, nodeLayer);

    edgeList.forEach((e, i) => {
      const laid = g.edge({ v: keyOf.get(e.from), w: keyOf.get(e.to), name: `e${i}` });
      if (!laid?.points) return;
      const path = s('path', { d: basisPath(laid.points), class: `fp-edge fp-edge--${e.kind}`, 'marker-end': 'url(#fp-arrow)' });
      const group = s('g', { class: 'fp-edge-group', 'data-kind': e.kind }, path);
      let label = null;
      if (laid.label) {
        const w = laid.width ?? 40;
        label = s(
          'g',
          { class: 'fp-edge-label', transform: `translate(${Math.round(laid.x)},${Math.round(laid.y)})` },
          s('rect', { x: -w / 2, y: -10, width: w, height: 20, rx: 10 }),
          s('text', { 'text-anchor': 'middle', 'dominant-baseline': 'central', y: 0 }, laid.label),
        );
        group.append(label);
      }
      edgeLayer.append(group);
      // Where a forecast's count of the edge goes (showFlow): under its label, else halfway along.
      const mid = laid.label ? { x: laid.x, y: laid.y + 19 } : laid.points[Math.floor(laid.points.length / 2)];
      this.edges.push({ from: e.from, to: e.to, key: edgeKey(e.from, e), group, path, mid });
    });

    const startInfo = g.node('s');
    const startText = triggers.length ? triggers.map(describeTrigger).join(' · or · ') : 'no trigger';
    const startNode = s(
      'g',
      { class: 'fp-node fp-node--start', transform: `translate(${Math.round(startInfo.x - NODE_W / 2)},${Math.round(startInfo.y - 28)})`, 'data-node': 'start' },
      s('title', {}, `Starts on: ${startText}`),
      s('rect', { class: 'fp-node-box', x: 0, y: 0, width: NODE_W, height: 56, rx: 28 }),
      s('text', { class: 'fp-node-type', x: NODE_W / 2, y: 20, 'text-anchor': 'middle' }, 'START'),
      s('text', { class: 'fp-node-sub', x: NODE_W / 2, y: 38, 'text-anchor': 'middle' }, clip(startText, 34)),
    );
    nodeLayer.append(startNode);

    for (const id of ids) {
      const node = own(nodes, id);
      const at = g.node(keyOf.get(id));
      const kind = nodeKind(node);
      const title = nodeTitle(workflow, id);
      const badgeText = s('text', { class: 'fp-badge-text', x: NODE_W - 14, y: 1, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, '0');
      const badge = s('g', { class: 'fp-badge', 'aria-hidden': 'true' }, s('circle', { cx: NODE_W - 14, cy: 0, r: 13 }), badgeText);
      const entered = s('text', { class: 'fp-node-entered', x: NODE_W - 10, y: NODE_H - 8, 'text-anchor': 'end' }, '');
      const bp = s('g', { class: 'fp-bp', 'data-bp': '' }, s('title', {}, 'Breakpoint: click to set or clear'), s('circle', { cx: 0, cy: NODE_H / 2, r: 8 }));
      const unvisited = s('text', { class: 'fp-node-unvisited', x: 14, y: NODE_H - 8 }, 'never entered');
      const lint = lintBadge();
      const group = s(
        'g',
        {
          class: `fp-node fp-node--${kind}`,
          transform: `translate(${Math.round(at.x - NODE_W / 2)},${Math.round(at.y - NODE_H / 2)})`,
          tabindex: 0,
          role: 'button',
          'data-node': id,
          'aria-label': `${title}: ${describeNode(node)}`,
        },
        s('title', {}, `${title} (${id}) — ${describeNode(node)}. Click for details and breakpoint.`),
        s('rect', { class: 'fp-node-box', x: 0, y: 0, width: NODE_W, height: NODE_H, rx: 8 }),
        s('rect', { class: 'fp-node-stripe', x: 0, y: 0, width: 6, height: NODE_H, rx: 3 }),
        s('text', { class: 'fp-node-type', x: 14, y: 17 }, typeLabel(node)),
        s('text', { class: 'fp-node-title', x: 14, y: 37 }, clip(title, 24)),
        s('text', { class: 'fp-node-sub', x: 14, y: 55 }, clip(describeNode(node), 31)),
        entered,
        unvisited,
        bp,
        badge,
        lint.badge,
      );
      group.addEventListener('click', (event) => {
        if (event.target.closest?.('[data-bp]')) this.onToggleBreakpoint?.(id);
        else this.onSelectNode?.(id);
      });
      group.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          this.onSelectNode?.(id);
        } else if (event.key === 'b') {
          this.onToggleBreakpoint?.(id);
        }
      });
      nodeLayer.append(group);
      this.nodes.set(id, { group, badge, badgeText, entered, lint });
    }
    this.svg = svg;
    this.scroller.replaceChildren(svg);
    this.applyZoom();
    this.applyFindings();
    this.applyDiffMarks();
  }

  /**
   * Shows lint findings on the nodes they are about (lint-findings.js
   * findingsByNode): count, worst severity, and every rule and message in
   * the badge's tooltip. Kept for the next setWorkflow.
   * @param {Array<object>} findings
   */
  setFindings(findings) {
    this.findings = Array.isArray(findings) ? findings : [];
    this.applyFindings();
  }

  applyFindings() {
    const byNode = findingsByNode(this.findings, this.workflow);
    for (const [id, n] of this.nodes) {
      const list = byNode.get(id) ?? [];
      const worst = worstSeverity(list);
      n.lint.badge.setAttribute('class', `fp-lint-badge fp-lint-badge--${list.length ? worst : 'none'}`);
      text(n.lint.text, list.length ? `${LINT_MARK[worst]} ${list.length > 9 ? '9+' : list.length}` : '');
      text(n.lint.title, list.length ? badgeTitle(list) : '');
      if (list.length) {
        n.group.setAttribute('data-lint-count', String(list.length));
        n.group.setAttribute('data-lint-rules', [...new Set(list.map((f) => String(f.rule)))].join(' '));
      } else {
        n.group.removeAttribute('data-lint-count');
        n.group.removeAttribute('data-lint-rules');
      }
    }
  }

  /**
   * Marks the nodes a comparison with another version found added, changed
   * or renamed (compare.js): class fp-node--diff-<kind> and data-diff.
   * Kept for the next setWorkflow; null takes the marks away.
   * @param {Map<string, 'added'|'changed'|'renamed'>|null} marks node id -> kind
   */
  setDiffMarks(marks) {
    this.diffMarks = marks instanceof Map ? marks : null;
    this.applyDiffMarks();
  }

  applyDiffMarks() {
    for (const [id, n] of this.nodes) {
      const kind = this.diffMarks?.get(id) ?? null;
      for (const k of ['added', 'changed', 'renamed']) n.group.classList.toggle(`fp-node--diff-${k}`, kind === k);
      if (kind) n.group.setAttribute('data-diff', kind);
      else n.group.removeAttribute('data-diff');
    }
  }

  /**
   * Redraws counts and highlights.
   * @param {{counts?: object, path?: string[], current?: string|null, breakpoints?: Set<string>, selectedNode?: string|null, coverage?: {show: boolean, taken: Set<string>, missedNodes?: Set<string>, missedKeys?: Set<string>}}} state
   */
  update({ counts = {}, path = [], current = null, breakpoints = new Set(), selectedNode = null, coverage = { show: false, taken: new Set() } } = {}) {
    const onPath = new Set(path);
    const pathEdges = new Set();
    for (let i = 1; i < path.length; i++) pathEdges.add(`${path[i - 1]}\u0000${path[i]}`);
    if (path.length) pathEdges.add(`${START}\u0000${path[0]}`);
    for (const [id, n] of this.nodes) {
      const c = own(counts, id) ?? { now: 0, entered: 0 };
      text(n.badgeText, c.now > 99 ? '99+' : c.now);
      n.badge.classList.toggle('fp-badge--empty', !c.now);
      text(n.entered, c.entered ? `${c.entered} entered` : '');
      n.group.classList.toggle('fp-node--on-path', onPath.has(id));
      n.group.classList.toggle('fp-node--current', current === id);
      n.group.classList.toggle('fp-node--bp', breakpoints.has(id));
      n.group.classList.toggle('fp-node--selected', selectedNode === id);
      n.group.classList.toggle('fp-node--unvisited', !!coverage.show && (coverage.missedNodes ? coverage.missedNodes.has(id) : !c.entered));
      n.group.setAttribute('data-now', String(c.now ?? 0));
      n.group.setAttribute('data-entered', String(c.entered ?? 0));
    }
    for (const e of this.edges) {
      const hl = pathEdges.has(`${e.from}\u0000${e.to}`);
      e.group.classList.toggle('fp-edge--on-path', hl);
      e.path.setAttribute('marker-end', hl ? 'url(#fp-arrow-hl)' : 'url(#fp-arrow)');
      // Labels and wait outcomes as the core's report has them; plain
      // next-steps by the trace.
      const judged = coverage.missedKeys && (isOutcomeKey(e.key) || coverage.missedKeys.has(e.key));
      e.group.classList.toggle('fp-edge--untaken', !!coverage.show && (judged ? coverage.missedKeys.has(e.key) : !coverage.taken.has(e.key)));
      if (hl) e.group.parentNode?.append(e.group); // highlighted paths drawn on top
    }
  }

  /**
   * Draws a forecast's flow over the run's marks (forecast-flow.js): each
   * node's forecast entries in place of "N entered", each edge as wide as
   * its share (class fp-flow-wN) with its count beside it. Call after
   * update(); null takes the flow away.
   * @param {{total: number, nodes: Map<string, {entered: number, share: number}>, edges: Map<string, {count: number, level: number, exact: boolean}>}|null} flow
   */
  showFlow(flow) {
    if (!this.svg) return;
    this.svg.classList.toggle('fp-diagram-svg--flow', !!flow);
    for (const [id, n] of this.nodes) {
      const f = flow?.nodes.get(id);
      if (f) text(n.entered, `${f.entered.toLocaleString('en-US')} · ${percent(f.share)}`);
      n.group.toggleAttribute('data-flow', !!f);
      if (f) n.group.setAttribute('data-flow', String(f.entered));
    }
    for (const e of this.edges) {
      const f = flow?.edges.get(e.key);
      e.flowLabel?.remove();
      e.flowLabel = null;
      for (let level = 0; level <= 5; level++) e.group.classList.toggle(`fp-flow-w${level}`, !!flow && (f ? f.level : -1) === level);
      if (!f || !e.mid) continue;
      const words = `${f.exact ? '' : '≈'}${f.count.toLocaleString('en-US')}`;
      e.flowLabel = s('text', { class: 'fp-flow-count', x: Math.round(e.mid.x), y: Math.round(e.mid.y), 'text-anchor': 'middle', 'dominant-baseline': 'central', 'data-flow-edge': e.key.replaceAll('\u0000', ' ') }, words);
      e.group.append(e.flowLabel);
    }
  }

  /** Scrolls the diagram (only the diagram) so that a node is in view. */
  reveal(id) {
    const n = this.nodes.get(id);
    if (!n) return;
    const box = n.group.getBoundingClientRect();
    const view = this.scroller.getBoundingClientRect();
    const margin = 24;
    if (box.top < view.top + margin) this.scroller.scrollTop -= view.top + margin - box.top;
    else if (box.bottom > view.bottom - margin) this.scroller.scrollTop += box.bottom - (view.bottom - margin);
    if (box.left < view.left + margin) this.scroller.scrollLeft -= view.left + margin - box.left;
    else if (box.right > view.right - margin) this.scroller.scrollLeft += box.right - (view.right - margin);
  }
}
