// The portfolio map's picture as plain data (no DOM), so Node can test it:
// which workflows, in what order, which enroll and unenroll nodes link
// them, which trigger events they share, and where each piece goes.
//
//   const g = portfolioGraph(model.portfolio, { counts: { welcome: { now: 1, ever: 3 } } });
//   g.boxes   // [{id, name, rank, triggers, x, y, w, h, counts}] in priority order
//   g.edges   // [{from, to, node, kind: 'enroll'|'unenroll', d, label: {x, y}}]
//   g.events  // [{event, workflows, x, y, w, overlap}] trigger events of 2+ workflows
//   g.overlaps // [{a, b, event}]: the lint rule overlapping_triggers
//
// Workflow documents come from the user's fixture: every field is checked
// before use, and ids are only ever compared and shown as text.

import { describeTrigger } from './explain.js';

export const BOX_W = 210;
export const BOX_H = 104;
const COLS = 5; // boxes per row: five fit a 1200 px tab without scrolling
const GAP_X = 56;
const PILL_H = 24;
const EVENTS_H = 64; // the band above a row that holds event pills
const LANE = 22; // depth between two arcs below one row
const MARGIN = 16;

/** The workflow's nodes as [id, node] pairs: FORMAT.md's object, or an array of {id, ...}. */
export function nodeEntries(workflow) {
  const nodes = workflow?.nodes;
  if (Array.isArray(nodes)) return nodes.filter((n) => n && typeof n === 'object' && typeof n.id === 'string').map((n) => [n.id, n]);
  if (nodes && typeof nodes === 'object') return Object.entries(nodes).filter(([, n]) => n && typeof n === 'object');
  return [];
}

function triggersOf(workflow) {
  const t = workflow?.entry?.triggers;
  return Array.isArray(t) ? t.filter((x) => x && typeof x === 'object') : [];
}

/**
 * The workflows in the order they take turns: `priority` first, then the
 * others as listed (README "Order at one instant"), so the map reads left
 * to right as the core runs them.
 */
export function turnOrder(portfolio) {
  const workflows = (Array.isArray(portfolio?.workflows) ? portfolio.workflows : []).filter((w) => w && typeof w.id === 'string');
  const priority = Array.isArray(portfolio?.priority) ? portfolio.priority : [];
  const byId = new Map(workflows.map((w) => [w.id, w]));
  const first = priority.filter((id, i) => byId.has(id) && priority.indexOf(id) === i).map((id) => byId.get(id));
  return [...first, ...workflows.filter((w) => !first.includes(w))];
}

/**
 * Trigger events two or more workflows enrol on, and the pairs of those
 * that `priority` does not order. Mirrors core/lint/portfolio_lint.cc: the
 * same event name whose sources can meet (either empty, or equal).
 */
export function sharedEvents(portfolio) {
  const order = turnOrder(portfolio);
  const priority = Array.isArray(portfolio?.priority) ? portfolio.priority : [];
  const byEvent = new Map(); // event -> [{id, source}]
  for (const w of order) {
    for (const t of triggersOf(w)) {
      if (t.type !== 'event' || typeof t.event !== 'string') continue;
      if (!byEvent.has(t.event)) byEvent.set(t.event, []);
      byEvent.get(t.event).push({ id: w.id, source: typeof t.source === 'string' ? t.source : '' });
    }
  }
  const events = [];
  const overlaps = [];
  for (const [event, uses] of byEvent) {
    const workflows = [...new Set(uses.map((u) => u.id))];
    if (workflows.length < 2) continue;
    events.push({ event, workflows });
    for (let i = 0; i < uses.length; i++) {
      for (let j = i + 1; j < uses.length; j++) {
        const [a, b] = [uses[i], uses[j]];
        if (a.id === b.id) continue;
        const meet = !a.source || !b.source || a.source === b.source;
        const ordered = priority.includes(a.id) && priority.includes(b.id);
        if (meet && !ordered && !overlaps.some((o) => o.event === event && o.a === a.id && o.b === b.id)) overlaps.push({ a: a.id, b: b.id, event });
      }
    }
  }
  return { events, overlaps };
}

/** Every enroll and unenroll node, as an arrow from its workflow to the one it names. */
export function enrollLinks(portfolio) {
  const links = [];
  for (const w of turnOrder(portfolio)) {
    for (const [id, node] of nodeEntries(w)) {
      if ((node.type === 'enroll' || node.type === 'unenroll') && typeof node.workflow === 'string') links.push({ from: w.id, to: node.workflow, node: id, kind: node.type });
    }
  }
  return links;
}

/** One line per trigger, in words; a workflow without any is entered only by enroll nodes. */
export function triggerSummary(workflow) {
  const triggers = triggersOf(workflow);
  if (!triggers.length) return ['only by enroll nodes'];
  return triggers.map((t) => describeTrigger(t));
}

const round = (n) => Math.round(n * 10) / 10;

/**
 * Places everything. Boxes sit in rows of up to five; event pills above the
 * first row with a link down to each of their workflows; an arrow between
 * two boxes of one row is an arc below it (deeper the further it goes, and
 * per arrow, so two never share a path); across rows a curve from one box's
 * edge to the other's; an arrow to its own workflow a loop on the right.
 * @param {{workflows: object[], priority: string[]}|null} portfolio
 * @param {{counts?: Record<string, {now?: number, ever?: number}>}} [options]
 */
export function portfolioGraph(portfolio, { counts = null } = {}) {
  const order = turnOrder(portfolio);
  const priority = Array.isArray(portfolio?.priority) ? portfolio.priority : [];
  const { events, overlaps } = sharedEvents(portfolio);
  const overlapping = new Set(overlaps.flatMap((o) => [o.a, o.b]));
  const cols = Math.min(COLS, Math.max(1, order.length));
  const eventsH = events.length ? EVENTS_H : 8; // no band for pills when no event is shared
  // Arcs within a row nest: the shorter one shallower, so no arc's label
  // sits on another arc; the band below a row is as deep as its most arcs.
  const index = new Map(order.map((w, i) => [w.id, i]));
  const links = enrollLinks(portfolio);
  const laneOf = new Map(); // link -> lane
  const perRow = new Map(); // row -> [link]
  for (const link of links) {
    const [i, j] = [index.get(link.from), index.get(link.to)];
    if (i === undefined || j === undefined || i === j || Math.floor(i / cols) !== Math.floor(j / cols)) continue;
    const row = Math.floor(i / cols);
    if (!perRow.has(row)) perRow.set(row, []);
    perRow.get(row).push(link);
  }
  for (const row of perRow.values()) {
    row.sort((a, b) => Math.abs(index.get(a.from) - index.get(a.to)) - Math.abs(index.get(b.from) - index.get(b.to)));
    row.forEach((link, lane) => laneOf.set(link, lane));
  }
  const lanes = Math.max(0, ...[...perRow.values()].map((r) => r.length));
  const arcRoom = Math.max(48, 28 + LANE * lanes); // the deepest label (26 + LANE * (lanes - 1)) and its half height, with room
  const rowH = eventsH + BOX_H + arcRoom;
  const boxes = order.map((w, i) => {
    const row = Math.floor(i / cols);
    const col = i % cols;
    const rank = priority.indexOf(w.id);
    const c = counts && Object.hasOwn(counts, w.id) ? counts[w.id] : null;
    return {
      id: w.id,
      name: typeof w.name === 'string' && w.name ? w.name : w.id,
      rank: rank >= 0 ? rank + 1 : null,
      triggers: triggerSummary(w),
      overlap: overlapping.has(w.id),
      counts: c ? { now: Number(c.now) || 0, ever: Number(c.ever) || 0 } : null,
      row,
      x: MARGIN + col * (BOX_W + GAP_X),
      y: MARGIN + row * rowH + eventsH,
      w: BOX_W,
      h: BOX_H,
    };
  });
  const boxOf = new Map(boxes.map((b) => [b.id, b]));

  // Pills: centred over their workflows' boxes of the first row they reach.
  const placedEvents = events.map((e) => {
    const own = e.workflows.map((id) => boxOf.get(id)).filter(Boolean);
    const top = Math.min(...own.map((b) => b.y));
    const width = Math.max(72, 16 + 7 * e.event.length);
    const mid = own.reduce((sum, b) => sum + b.x + b.w / 2, 0) / own.length;
    return { ...e, w: width, x: round(mid - width / 2), y: top - eventsH + 8, overlap: overlaps.some((o) => o.event === e.event) };
  });
  // Two pills over one spot (the same workflows) would hide each other: shift along.
  placedEvents.sort((a, b) => a.x - b.x);
  for (let i = 1; i < placedEvents.length; i++) {
    const prev = placedEvents[i - 1];
    if (placedEvents[i].y === prev.y && placedEvents[i].x < prev.x + prev.w + 8) placedEvents[i].x = prev.x + prev.w + 8;
  }
  for (const e of placedEvents) {
    e.links = e.workflows.map((id) => boxOf.get(id)).filter(Boolean).map((b) => ({ to: b.id, d: `M${round(e.x + e.w / 2)},${e.y + PILL_H}L${round(b.x + b.w / 2)},${b.y}` }));
  }

  const edges = links.map((link) => {
    const a = boxOf.get(link.from);
    const b = boxOf.get(link.to);
    if (!a || !b) return { ...link, missing: true }; // the core reports it (bad_reference); nothing to draw to
    if (a === b) {
      const x = a.x + a.w;
      const y = a.y + a.h / 2;
      return { ...link, d: `M${x},${y - 16}C${x + 40},${y - 40} ${x + 40},${y + 40} ${x},${y + 16}`, label: { x: x + 26, y: y + 4 } };
    }
    if (a.row === b.row) {
      const lane = laneOf.get(link) ?? 0;
      const x1 = a.x + a.w / 2 + (a.x < b.x ? 24 : -24);
      const x2 = b.x + b.w / 2 + (a.x < b.x ? -24 : 24);
      const y = a.y + a.h;
      const depth = 26 + LANE * lane; // the curve's lowest point (3/4 of its control points' depth)
      return { ...link, d: `M${round(x1)},${y}C${round(x1)},${round(y + (depth * 4) / 3)} ${round(x2)},${round(y + (depth * 4) / 3)} ${round(x2)},${y}`, label: { x: round((x1 + x2) / 2), y: round(y + depth) } };
    }
    const down = a.row < b.row;
    const x1 = a.x + a.w / 2;
    const y1 = down ? a.y + a.h : a.y;
    const x2 = b.x + b.w / 2;
    const y2 = down ? b.y : b.y + b.h;
    const bend = down ? 60 : -60;
    return { ...link, d: `M${round(x1)},${y1}C${round(x1)},${y1 + bend} ${round(x2)},${y2 - bend} ${round(x2)},${y2}`, label: { x: round((x1 + x2) / 2), y: round((y1 + y2) / 2) } };
  });

  const rows = Math.max(1, Math.ceil(order.length / cols));
  return {
    boxes,
    edges,
    events: placedEvents,
    overlaps,
    width: MARGIN * 2 + cols * BOX_W + (cols - 1) * GAP_X + 40, // +40: room for a loop on the last box
    height: MARGIN * 2 + rows * rowH,
  };
}

/**
 * How many contacts are in each workflow now (active or waiting) and were
 * ever enrolled in it (any state but not_enrolled), from the contact
 * summaries' `workflows` (Contacts() of a portfolio); null when the
 * summaries carry none (an older core, or no run yet).
 * @param {{workflows?: Record<string, {state?: string}>}[]} contacts
 */
export function workflowCounts(contacts) {
  let seen = false;
  const counts = Object.create(null);
  for (const c of Array.isArray(contacts) ? contacts : []) {
    const ws = c?.workflows;
    if (!ws || typeof ws !== 'object') continue;
    seen = true;
    for (const [id, w] of Object.entries(ws)) {
      const entry = (counts[id] ??= { now: 0, ever: 0 });
      const state = w?.state;
      if (state === 'active' || state === 'waiting') entry.now++;
      if (typeof state === 'string' && state !== 'not_enrolled') entry.ever++;
    }
  }
  return seen ? counts : null;
}
