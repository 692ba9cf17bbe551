// The pieces the Forecast tab's views share (forecast-view.js for one
// workflow, portfolio-forecast-view.js for a portfolio): number formats,
// values that carry their raw number, KPI boxes, meters, and waiting a
// frame between pieces drawn.

import { h } from '../shared/dom.js';

/**
 * Resolves in a task of its own after the next frame: what was added
 * before is laid out and painted, and nothing is waiting to be laid out
 * (so reading a size is cheap). A hidden document gets no frames: there it
 * is the next task.
 */
export function nextFrame() {
  return new Promise((resolve) => {
    if (document.hidden) setTimeout(resolve, 0);
    else requestAnimationFrame(() => setTimeout(resolve, 0));
  });
}

// n.toLocaleString('en-US', options) builds a formatter per call (the
// tables format hundreds of numbers); these give the same text.
const WHOLE = new Intl.NumberFormat('en-US');
const ONE_DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const TWO_DECIMALS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A count as shown: whole numbers grouped, means (runs > 1) to one decimal. */
export function formatCount(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
  return Number.isInteger(n) ? WHOLE.format(n) : ONE_DECIMAL.format(n);
}

/** A small mean (messages per contact) to two decimals, kept ("1.60 ± 0.03"). */
export function formatMean(n) {
  return typeof n === 'number' && Number.isFinite(n) ? TWO_DECIMALS.format(n) : '—';
}

/** A rate (0..1) as a percentage with one decimal. */
export function formatRate(r) {
  return typeof r === 'number' && Number.isFinite(r) ? `${(r * 100).toFixed(1)}%` : '—';
}

export function formatInterval(ci) {
  return Array.isArray(ci) && ci.length === 2 ? `${formatRate(ci[0])} – ${formatRate(ci[1])}` : '—';
}

/** A value element: the text shown, the raw number in data-value. */
export function value(testid, raw, shown) {
  return h('span', { class: 'fp-fc-value', 'data-testid': testid, 'data-value': raw === null || raw === undefined ? '' : String(raw) }, shown);
}

/**
 * " ± sd" of the figure at `path` inside a forecast's `sd` object (runs > 1),
 * in the figure's own unit (`format`: a count to one decimal, or
 * formatRate for a rate), or null when there is none or it is 0.
 */
export function plusMinus(sd, path, format = (v) => formatCount(Math.round(v * 10) / 10)) {
  let v = sd && typeof sd === 'object' ? sd : null;
  for (const k of path) v = v?.[k];
  return typeof v === 'number' && v > 0 ? h('span', { class: 'fp-fc-sd' }, ` ± ${format(v)}`) : null;
}

export function kpi(label, main, sub) {
  return h('div', { class: 'fp-fc-kpi' }, h('div', { class: 'fp-fc-kpi-label' }, label), h('div', { class: 'fp-fc-kpi-main' }, main), h('div', { class: 'fp-fc-kpi-sub fp-muted' }, sub));
}

/** A share as a <meter>: a bar without a style attribute. */
export function meter(share) {
  return h('meter', { class: 'fp-fc-meter', min: 0, max: 1, value: String(Math.max(0, Math.min(1, share || 0))) });
}

/** Where a table will be, until it is drawn. */
export function pending() {
  return h('p', { class: 'fp-muted fp-fc-pending' }, 'Drawing…');
}

/** Who the forecast was of: the population's own size or the one asked for. */
export function audienceWords(ran) {
  return ran?.contacts === null || ran?.contacts === undefined ? 'the population’s own size' : `an audience of ${formatCount(ran.contacts)}`;
}
