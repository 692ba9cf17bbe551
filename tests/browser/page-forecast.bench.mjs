// A 1,000,000-contact forecast on the page (README "Benchmarks"): prints
// figures, asserts nothing (not a test; node --test does not pick it up).
//
//   bash tools/bench.sh page-forecast
//   node tests/browser/page-forecast.bench.mjs [--contacts 1000000] [--screenshot FILE.png]
//
// The fixture is forecast_bench's (tests/bench/forecast_bench.cc: the
// 20-node benchmark workflow, 90 days, a drawn population), printed by
// `build/forecast_bench N --fixture`; without the native build, the
// gallery's forecast-welcome fixture. In Chromium, as a marketer does it:
// open the fixture, the Forecast tab, type the size, Run, and wait until
// the results are drawn. The forecast runs in the worker; the main thread
// only receives progress and draws. Timed: the whole run (click to results
// drawn), the drawing of the results (from the worker's last progress to
// the last piece drawn: forecast-view.js draws a piece per task), and every
// main-thread task over 50 ms (PerformanceObserver 'longtask' entries)
// while it runs: the longest is what a user would feel. A machine's load
// stretches tasks (a task waits for a core): state `uptime` with figures.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openSite, root, skipReason, waitFor } from './helpers.mjs';

const args = process.argv.slice(2);
const contacts = Number(args[args.indexOf('--contacts') + 1] || 0) || 1000000;
const screenshot = args.includes('--screenshot') ? args[args.indexOf('--screenshot') + 1] : null;

const skip = skipReason();
if (skip) {
  console.log(`skipped: ${skip}`);
  process.exit(0);
}

function benchFixture() {
  const bench = path.join(root, process.env.FLOWPROOF_NATIVE_BUILD ?? 'build', 'forecast_bench');
  if (existsSync(bench)) {
    const out = spawnSync(bench, [String(contacts), '--fixture'], { encoding: 'utf8', maxBuffer: 16 << 20 });
    if (out.status === 0) return { label: 'forecast_bench fixture (20 nodes, 90 days)', text: out.stdout };
  }
  const file = path.join(root, 'fixtures', 'forecast-welcome', 'audience.fixture.json');
  return { label: 'fixtures/forecast-welcome (no build/forecast_bench)', text: readFileSync(file, 'utf8') };
}

const fixture = benchFixture();
const site = await openSite();
const page = await site.newPage();
page.setDefaultTimeout(1800000);
await page.goto(site.url(''));
const idle = () =>
  waitFor(page, () => {
    const r = document.getElementById('fp-app');
    return r?.dataset.state === 'ready' && r.dataset.busy !== '1' && r.dataset.pending !== '1' && r.dataset.reading !== '1';
  }, undefined, 1800000);
await idle();
await page.evaluate((text) => window.flowproofPage.openText(text, { origin: { kind: 'paste', label: 'bench' } }), fixture.text);
await idle();
await page.click('[data-testid=tab-forecast]');
await page.waitForSelector('[data-testid=forecast-run]');
await page.fill('[data-testid=forecast-size]', String(contacts));

// Long tasks and progress from here on.
await page.evaluate(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
  }).observe({ entryTypes: ['longtask'] });
  window.__progress = 0;
  window.flowproofPage.tester.on('progress', (p) => {
    if (p.kind !== 'forecast') return;
    window.__progress++;
    window.__lastProgress = performance.now();
  });
  window.__clicked = performance.now();
});
const ended = await page.evaluate(() => window.flowproofPage.forecast.ended);
const t0 = Date.now();
await page.click('[data-testid=forecast-run]');
await waitFor(page, (n) => window.flowproofPage.forecast.ended > n, ended, 1800000);
await idle();
// Let the last draws (charts) finish and be observed.
await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 200))));
const ms = Date.now() - t0 - 200;
const { longTasks, progress, result, drawing, pieces } = await page.evaluate(async () => {
  const drawn = await window.flowproofPage.forecast.panel.drawing.then(() => window.flowproofPage.forecast.panel.drawnAt);
  return {
    longTasks: window.__longTasks.map(([start, duration]) => [Math.round(start - window.__clicked), Math.round(duration)]),
    progress: window.__progress,
    result: window.flowproofPage.forecast.result,
    drawing: [Math.round(window.__lastProgress - window.__clicked), Math.round(drawn - window.__lastProgress)],
    pieces: performance.getEntriesByType('measure').filter((m) => m.name.startsWith('flowproof forecast: ')).map((m) => [m.name.slice(20), Math.round(m.duration)]),
  };
});
const longest = longTasks.length ? Math.max(...longTasks.map(([, d]) => d)) : 0;
console.log(`page forecast: ${fixture.label}, ${contacts} population contacts`);
console.log(
  `  click to results drawn ${(ms / 1000).toFixed(2)} s (${Math.round(contacts / (ms / 1000))} contacts/s), ` +
    `progress events ${progress}, main-thread tasks over 50 ms: ${longTasks.length}, longest ${Math.round(longest)} ms`,
);
console.log(`  drawing the results (last progress at ${drawing[0]} ms, a piece per task): ${drawing[1]} ms; each piece's script (ms): ${pieces.map(([n, d]) => `${n} ${d}`).join(', ')}`);
if (longTasks.length) console.log(`  long tasks (ms after the click: duration): ${longTasks.map(([s, d]) => `${s}: ${d}`).join(', ')}`);
console.log(`  result: contacts ${result?.contacts}, enrolled ${result?.enrolled}, goal reached ${result?.goal?.reached}`);
if (screenshot) await page.screenshot({ path: screenshot, fullPage: false });
site.assertClean(page);
await site.close();
