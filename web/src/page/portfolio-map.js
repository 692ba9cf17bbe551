// The portfolio map: each workflow a box (name, id, triggers, its place in
// the priority order, contacts in it when counts are known), an arrow for
// each enroll (solid) and unenroll (dashed) node, and a pill for each
// trigger event two or more workflows share, red where `priority` does not
// order them (lint rule overlapping_triggers). Clicking a box (or Enter on
// it) shows that workflow in the diagram.
//
//   renderPortfolioMap(container, model.portfolio, { selected: model.workflowId, onSelect: (id) => ... });
//
// The geometry is portfolio-graph.js (pure, tested in Node); this file only
// draws it. Names, ids and triggers come from the fixture: they enter the
// SVG as text nodes through ../shared/dom.js, and boxes are found by their
// data attribute's value, never by a selector built from an id.

import { h, replace, s } from '../shared/dom.js';
import { portfolioGraph } from './portfolio-graph.js';

function clip(t, n) {
  const v = String(t ?? '');
  return v.length > n ? `${v.slice(0, n - 1)}…` : v;
}

const KIND_WORD = { enroll: 'enrolls', unenroll: 'unenrolls' };

function arrowMarker(id, cls) {
  return s('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 10, markerHeight: 10, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' }, s('path', { d: 'M0,0L10,5L0,10z', class: cls }));
}

/** Two lines for the triggers: the first one wrapped at a word, or it and how many more. */
function triggerLines(triggers) {
  const WIDTH = 33;
  const first = String(triggers[0] ?? '');
  if (triggers.length > 1) return [clip(first, WIDTH), `+${triggers.length - 1} more trigger${triggers.length > 2 ? 's' : ''}`];
  if (first.length <= WIDTH) return [first];
  let cut = first.lastIndexOf(' ', WIDTH);
  if (cut < WIDTH / 2) cut = WIDTH;
  return [first.slice(0, cut), clip(first.slice(cut).trim(), WIDTH)];
}

function boxGroup(box, selected, onSelect) {
  const pick = () => onSelect?.(box.id);
  const countsText = box.counts ? `${box.counts.now} in it now · ${box.counts.ever} ever enrolled` : null;
  const rankText = box.rank ? `priority ${box.rank}` : 'no priority';
  const label = `${box.name} (${box.id}), ${rankText}; enrols on ${box.triggers.join('; ')}${countsText ? `; ${countsText}` : ''}`;
  return s(
    'g',
    {
      class: `fp-pf-box${box.id === selected ? ' fp-pf-box--selected' : ''}${box.overlap ? ' fp-pf-box--overlap' : ''}`,
      transform: `translate(${box.x},${box.y})`,
      role: 'button',
      tabindex: 0,
      'aria-pressed': String(box.id === selected),
      'aria-label': `${label}. Show it in the diagram.`,
      'data-testid': 'pf-box',
      'data-workflow': box.id,
      on: {
        click: pick,
        keydown: (e) => {
          if (e.key !== 'Enter' && e.key !== ' ') return;
          e.preventDefault();
          pick();
        },
      },
    },
    s('title', {}, `${label}. Click to show it in the diagram.`),
    s('rect', { class: 'fp-pf-box-rect', x: 0, y: 0, width: box.w, height: box.h, rx: 8 }),
    s('g', { class: `fp-pf-rank${box.rank ? '' : ' fp-pf-rank--none'}` }, s('circle', { cx: 18, cy: 20, r: 11 }), s('text', { x: 18, y: 20, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, box.rank ? String(box.rank) : '–')),
    s('text', { class: 'fp-pf-box-name', x: 36, y: 25 }, clip(box.name, 20)),
    s('text', { class: 'fp-pf-box-id', x: 12, y: 45 }, clip(box.id, 30)),
    triggerLines(box.triggers).map((line, i) => s('text', { class: 'fp-pf-box-trigger', x: 12, y: 63 + 14 * i }, line)),
    countsText ? s('text', { class: 'fp-pf-box-counts', x: 12, y: box.h - 8, 'data-testid': 'pf-box-counts' }, countsText) : null,
  );
}

function edgeGroup(edge) {
  const word = `${KIND_WORD[edge.kind]} · ${edge.node}`;
  const w = 14 + 6.4 * word.length;
  return s(
    'g',
    { class: `fp-pf-edge fp-pf-edge--${edge.kind}`, 'data-testid': 'pf-edge', 'data-kind': edge.kind, 'data-from': edge.from, 'data-to': edge.to, 'data-node': edge.node },
    s('title', {}, `Node '${edge.node}' of '${edge.from}' ${KIND_WORD[edge.kind]} the contact ${edge.kind === 'enroll' ? 'in' : 'from'} '${edge.to}'`),
    s('path', { class: 'fp-pf-edge-line', d: edge.d, 'marker-end': `url(#fp-pf-arrow-${edge.kind})` }),
    s('rect', { class: 'fp-pf-edge-label-bg', x: edge.label.x - w / 2, y: edge.label.y - 9, width: w, height: 18, rx: 9 }),
    s('text', { class: 'fp-pf-edge-label', x: edge.label.x, y: edge.label.y, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, word),
  );
}

function eventGroup(event) {
  return s(
    'g',
    { class: `fp-pf-event${event.overlap ? ' fp-pf-event--overlap' : ''}`, 'data-testid': 'pf-event', 'data-event': event.event },
    s('title', {}, `Event '${event.event}' enrols the contact in ${event.workflows.map((id) => `'${id}'`).join(', ')}`),
    event.links.map((l) => s('path', { class: 'fp-pf-event-link', d: l.d })),
    s('rect', { class: 'fp-pf-event-pill', x: event.x, y: event.y, width: event.w, height: 24, rx: 12 }),
    s('text', { class: 'fp-pf-event-text', x: event.x + event.w / 2, y: event.y + 12, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, event.event),
  );
}

/**
 * Draws the map of `portfolio` into `container` (replacing what was there).
 * @param {HTMLElement} container
 * @param {{workflows: object[], priority: string[]}} portfolio
 * @param {{selected?: string|null, onSelect?: (id: string) => void, counts?: object}} options
 */
export function renderPortfolioMap(container, portfolio, { selected = null, onSelect, counts = null } = {}) {
  const g = portfolioGraph(portfolio, { counts });
  const drawn = g.edges.filter((e) => !e.missing);
  const svg = s(
    'svg',
    // Its natural size, shrunk to the card when wider (CSS max-width), never blown up.
    { class: 'fp-pf-map-svg', width: g.width, height: g.height, viewBox: `0 0 ${g.width} ${g.height}`, role: 'group', 'aria-label': `Portfolio map: ${g.boxes.length} workflows, ${drawn.length} enroll and unenroll arrows`, 'data-testid': 'pf-map' },
    s('defs', {}, arrowMarker('fp-pf-arrow-enroll', 'fp-pf-arrowhead fp-pf-arrowhead--enroll'), arrowMarker('fp-pf-arrow-unenroll', 'fp-pf-arrowhead fp-pf-arrowhead--unenroll')),
    s('g', { class: 'fp-pf-events' }, g.events.map(eventGroup)),
    s('g', { class: 'fp-pf-edges' }, drawn.map(edgeGroup)),
    s('g', { class: 'fp-pf-boxes' }, g.boxes.map((b) => boxGroup(b, selected, onSelect))),
  );
  const notes = [
    ...g.overlaps.map((o) => h('li', { class: 'fp-pf-note fp-pf-note--warn', 'data-testid': 'pf-overlap' }, `'${o.a}' and '${o.b}' both enrol on '${o.event}', and the priority does not order them: name both in portfolio.priority to say whose sends go first.`)),
    ...g.edges.filter((e) => e.missing).map((e) => h('li', { class: 'fp-pf-note fp-pf-note--warn' }, `Node '${e.node}' of '${e.from}' names '${e.to}', which is not in the portfolio.`)),
  ];
  replace(
    container,
    h('div', { class: 'fp-pf-map-scroll' }, svg),
    h(
      'p',
      { class: 'fp-pf-legend' },
      h('span', { class: 'fp-pf-key fp-pf-key--enroll' }, 'enrolls'),
      h('span', { class: 'fp-pf-key fp-pf-key--unenroll' }, 'unenrolls'),
      h('span', { class: 'fp-pf-key fp-pf-key--event' }, 'trigger event of 2+ workflows'),
      h('span', { class: 'fp-pf-key fp-pf-key--rank' }, 'place in the priority: its sends go first at one instant'),
    ),
    notes.length ? h('ul', { class: 'fp-pf-notes' }, notes) : null,
  );
  return g;
}
