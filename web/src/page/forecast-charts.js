// The Forecast tab's charts, drawn by uPlot on canvas: sends per local day
// per channel, and each split's variants with their goal rate and 95%
// interval. uPlot styles its own elements through the CSSOM (never a style
// attribute or a <style> text), so the page's CSP holds; its stylesheet is
// bundled into app.css by the import below.
//
//   const width = chartWidth(box);                              // read before writing (no forced layout)
//   const chart = sendsChart(box, result.by_day, width);        // built, not drawn; null when nothing was sent
//   await nextFrame(); chart.draw();                            // into the page, drawn
//   for (const c of variantCharts(box, result.variants, width)) // one per split, one at a time
//     { await nextFrame(); c.draw(); }
//   chart.destroy();
//
// A chart is built (uPlot's elements, series, axes, legend) in one task
// and drawn (scales, ticks, canvas) in the next, each about half the work:
// on a loaded 2-core machine one task did both in 60-190 ms.
// Each chart follows its box's width (ResizeObserver). The width is read
// by the caller, before the chart's elements are added: reading a size
// after a write makes the browser lay the page out there and then (a
// forced synchronous layout), and on a loaded machine that alone took
// tens of milliseconds.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** The channels of FORMAT.md's by_day rows, with the diagram's colours (page.css --fp-c-*). */
export const CHANNELS = [
  ['email', 'Email', '#2f6fde'],
  ['sms', 'SMS', '#0e9484'],
  ['push', 'Push', '#8a4fd8'],
  ['ad_audience', 'Ad audience', '#c2418a'],
  ['webhook', 'Webhook', '#56657a'],
];

const HEIGHT = 220;

/**
 * Keeps a chart as wide as its box. The observer's first call (on observe)
 * finds the width the chart was drawn at: drawing it again would double
 * the work of the task that delivers it.
 */
function follow(box, chart) {
  const resized = () => {
    const width = chartWidth(box);
    if (width !== chart.width) chart.setSize({ width, height: HEIGHT });
  };
  const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(resized) : null;
  observer?.observe(box);
  const destroy = chart.destroy.bind(chart);
  chart.destroy = () => {
    observer?.disconnect();
    destroy();
  };
  return chart;
}

/**
 * A uPlot built now and put into `holder` and drawn by chart.draw(), which
 * also starts following the box's width. destroy() works before and after.
 */
function deferred(box, holder, opts, data) {
  let init = null;
  const chart = new uPlot(opts, data, (u, go) => {
    init = go;
  });
  chart.draw = () => {
    if (!init) return;
    holder.append(chart.root);
    init();
    init = null;
    follow(box, chart);
  };
  return chart;
}

/** The width a chart in `box` is drawn at (read it before adding to the page). */
export function chartWidth(box) {
  return Math.max(240, Math.floor(box.clientWidth || 480) - 4);
}

/** "2026-11-02" as seconds since the epoch (the x of a day's row). */
function daySeconds(day) {
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Nov 2" (with the year when asked) for a day's x. */
function dayLabel(seconds, withYear) {
  const d = new Date(seconds * 1000);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}${withYear ? `\n${d.getUTCFullYear()}` : ''}`;
}

// n.toLocaleString('en-US', options) builds a formatter per call; the axes
// format every tick on every redraw. Same text, one formatter each.
const WHOLE = new Intl.NumberFormat('en-US');
const ONE_DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

function count(n) {
  return Number.isInteger(n) ? WHOLE.format(n) : ONE_DECIMAL.format(n);
}

/**
 * Sends per local calendar day, one series per channel that sent anything:
 * bars side by side for one or two channels, lines for more.
 * @param {HTMLElement} box
 * @param {Array<object>} byDay FORMAT.md by_day rows
 * @param {number} [width] chartWidth(box), read before the caller's last write
 * @returns {uPlot|null} built; chart.draw() puts it into the box
 */
export function sendsChart(box, byDay, width = chartWidth(box)) {
  const rows = Array.isArray(byDay) ? byDay.filter((r) => typeof r?.day === 'string' && Number.isFinite(daySeconds(r.day))) : [];
  const used = CHANNELS.filter(([key]) => rows.some((r) => Number(r[key]) > 0));
  if (!rows.length || !used.length) return null;
  const data = [rows.map((r) => daySeconds(r.day)), ...used.map(([key]) => rows.map((r) => Number(r[key]) || 0))];
  const barred = used.length <= 2;
  const series = used.map(([, label, colour], i) => ({
    label,
    stroke: colour,
    fill: barred ? `${colour}cc` : `${colour}22`,
    width: barred ? 0 : 2,
    value: (u, v) => (v == null ? '—' : count(v)),
    points: { show: !barred && rows.length < 60 },
    paths: barred ? uPlot.paths.bars({ size: [used.length === 1 ? 0.7 : 0.4, 48], align: used.length === 1 ? 0 : i === 0 ? -1 : 1 }) : undefined,
  }));
  const opts = {
    width,
    height: HEIGHT,
    // Days are the contacts' local calendar days: label them as written, not in the viewer's zone.
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: true, range: (u, lo, hi) => [lo - 43200, hi + 43200] }, y: { range: (u, lo, hi) => [0, Math.max(1, hi) * 1.1] } },
    // Ticks on whole days only, labelled "Nov 2" (a new year adds it).
    axes: [
      { space: 44, incrs: [86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400], values: (u, ticks) => ticks.map((t, i) => dayLabel(t, i === 0 || new Date(t * 1000).getUTCFullYear() !== new Date(ticks[i - 1] * 1000).getUTCFullYear())) },
      // As wide as its longest label (a fixed 56 px cut "100,000" to "00,000").
      { size: (u, values) => Math.max(56, 16 + 7 * Math.max(0, ...(values ?? []).map((v) => String(v).length))), values: (u, ticks) => ticks.map((t) => count(t)) },
    ],
    series: [{ label: 'Day', value: (u, v) => (v == null ? '—' : new Date(v * 1000).toISOString().slice(0, 10)) }, ...series],
    cursor: { drag: { x: false, y: false } },
  };
  return deferred(box, box, opts, data);
}

/**
 * One chart per split: each variant's goal rate (a dot) and its 95% Wilson
 * interval (a whisker), on a percentage axis. A generator: each chart is
 * built when asked for, and drawn by its draw(), so the caller can let the
 * browser paint between them.
 * @param {HTMLElement} box
 * @param {object} variants FORMAT.md `variants`: split -> {label -> {contacts, goal_rate, ci95}, p_value, winner}
 * @param {number} [width] chartWidth(box), read before the first chart is added
 * @returns {Generator<uPlot>} each built; chart.draw() puts it into its holder
 */
export function* variantCharts(box, variants, width = chartWidth(box)) {
  for (const [split, info] of Object.entries(variants && typeof variants === 'object' ? variants : {})) {
    const labels = Object.keys(info ?? {}).filter((k) => info[k] && typeof info[k] === 'object' && 'goal_rate' in info[k]);
    if (!labels.length) continue;
    const rate = labels.map((l) => pct(info[l].goal_rate));
    const low = labels.map((l) => pct(info[l].ci95?.[0]));
    const high = labels.map((l) => pct(info[l].ci95?.[1]));
    const top = Math.max(1, ...high.filter(Number.isFinite), ...rate.filter(Number.isFinite));
    const holder = document.createElement('div');
    holder.className = 'fp-fc-variant-chart';
    holder.dataset.split = split;
    box.append(holder);
    const winner = typeof info.winner === 'string' ? info.winner : null;
    const opts = {
      width,
      height: HEIGHT,
      title: `${split}: goal rate by variant (95% interval)`,
      scales: { x: { time: false, range: () => [-0.5, labels.length - 0.5] }, y: { range: () => [0, Math.min(100, top * 1.2)] } },
      axes: [
        { values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) && labels[t] !== undefined ? labels[t] : '')), splits: () => labels.map((_, i) => i), grid: { show: false } },
        { size: 52, values: (u, ticks) => ticks.map((t) => `${t}%`) },
      ],
      series: [
        { label: 'Variant', value: (u, v) => (v == null ? '—' : labels[v] ?? '') },
        { label: 'Goal rate', stroke: '#1d2433', fill: '#1d2433', width: 0, paths: () => null, points: { show: true, size: 10, fill: '#1d2433' }, value: (u, v) => (v == null ? '—' : `${v.toFixed(2)}%`) },
      ],
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      hooks: {
        // The intervals: a whisker per variant, the winner's in the accent colour.
        draw: [
          (u) => {
            const { ctx } = u;
            ctx.save();
            ctx.lineWidth = 3 * devicePixelRatio;
            labels.forEach((label, i) => {
              if (!Number.isFinite(low[i]) || !Number.isFinite(high[i])) return;
              const x = u.valToPos(i, 'x', true);
              const y0 = u.valToPos(low[i], 'y', true);
              const y1 = u.valToPos(high[i], 'y', true);
              const cap = 10 * devicePixelRatio;
              ctx.strokeStyle = label === winner ? '#2f5bd3' : '#8a96ab';
              ctx.beginPath();
              ctx.moveTo(x, y0);
              ctx.lineTo(x, y1);
              ctx.moveTo(x - cap, y0);
              ctx.lineTo(x + cap, y0);
              ctx.moveTo(x - cap, y1);
              ctx.lineTo(x + cap, y1);
              ctx.stroke();
            });
            ctx.restore();
          },
        ],
      },
    };
    yield deferred(box, holder, opts, [labels.map((_, i) => i), rate]);
  }
}

function pct(v) {
  return Number.isFinite(v) ? v * 100 : NaN;
}
