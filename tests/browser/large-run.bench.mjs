// How long the tester page takes to run a large fixture and show its
// results: prints figures, asserts nothing (not a test; node --test does
// not pick it up).
//
//   FLOWPROOF_WASM_DIR=build-wasm-web/wasm node tests/browser/large-run.bench.mjs [--contacts 20000]
//
// The fixture is tests/browser/data/basic.fixture.json (10 nodes: wait,
// A/B split, two emails, wait for purchase, branch, SMS, update, push,
// exit) with N contacts, one cart_abandoned event every 2 simulated
// minutes, over 40 days. Timed, in Chromium (worker, as a marketer uses it):
// opening (load and first results), two Steps, Run to end (the run
// itself, then reading the results into the page), clicking a contact,
// Step back. Each
// request the page makes to the worker is timed too (the tester's
// `request`, wrapped from outside).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir, openSite, skipReason, waitFor } from './helpers.mjs';

const args = process.argv.slice(2);
const contacts = Number(args[args.indexOf('--contacts') + 1] || 0) || 20000;

const skip = skipReason();
if (skip) {
  console.log(`skipped: ${skip}`);
  process.exit(0);
}

const doc = JSON.parse(readFileSync(path.join(dataDir, 'basic.fixture.json'), 'utf8'));
doc.clock.until = '+40d';
doc.contacts = [];
doc.script = [];
for (let i = 0; i < contacts; i++) {
  const c = { id: `c${i}`, email: `c${i}@example.com`, first_name: `C${i}` };
  if (i % 3 === 0) c.phone = `+1555${String(i).padStart(7, '0')}`;
  doc.contacts.push(c);
  doc.script.push({ at: `+${i * 2}m`, contact: `c${i}`, event: 'cart_abandoned', source: 'ecommerce' });
}

const site = await openSite();
const page = await site.newPage();
page.setDefaultTimeout(600000);
await page.goto(site.url(''));
await page.evaluate(() => (localStorage.clear(), sessionStorage.clear()));
await page.reload();
const idle = () =>
  waitFor(page, () => {
    const root = document.getElementById('fp-app');
    return root?.dataset.state === 'ready' && root.dataset.busy !== '1' && root.dataset.pending !== '1';
  }, undefined, 600000);
await idle();

// Time every request the page makes, and the longest main-thread task.
await page.evaluate(() => {
  window.__requests = [];
  const tester = window.flowproofPage.tester;
  const original = tester.request.bind(tester);
  tester.request = async (type, payload) => {
    const t0 = performance.now();
    try {
      return await original(type, payload);
    } finally {
      window.__requests.push([type, performance.now() - t0]);
    }
  };
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration);
  }).observe({ entryTypes: ['longtask'] });
});

async function timed(label, action) {
  await page.evaluate(() => ((window.__requests = []), (window.__longTasks = [])));
  const t0 = Date.now();
  await action();
  await idle();
  const ms = Date.now() - t0;
  const { requests, longTasks } = await page.evaluate(() => ({ requests: window.__requests, longTasks: window.__longTasks }));
  const byType = {};
  for (const [type, t] of requests) byType[type] = (byType[type] ?? 0) + t;
  const parts = Object.entries(byType)
    .map(([type, t]) => `${type} ${(t / 1000).toFixed(2)} s`)
    .join(', ');
  const longest = longTasks.length ? Math.max(...longTasks) : 0;
  console.log(`${label}: ${(ms / 1000).toFixed(2)} s  [${parts}]  longest main-thread task ${(longest / 1000).toFixed(2)} s`);
}

console.log(`${contacts} contacts, ${doc.script.length} script entries, clock ${doc.clock.until}`);
await timed('open', () => page.evaluate((f) => window.flowproofPage.openText(JSON.stringify(f), { origin: { kind: 'paste', label: 'bench' } }), doc));
await timed('step', () => page.click('[data-testid=step]'));
await timed('step', () => page.click('[data-testid=step]'));
await timed('run to end', () => page.click('[data-testid=run-to-end]'));
const size = await page.evaluate(() => window.flowproofPage.status);
console.log(`  trace lines ${size.traceSize}, steps ${size.steps}`);
await timed('select a contact', () => page.evaluate(() => window.flowproofPage.selection.selectContact('c4321')));
await timed('step back', () => page.click('[data-testid=step-back]'));
await page.screenshot({ path: '/tmp/web-large.png' });
site.assertClean(page);
await site.close();
