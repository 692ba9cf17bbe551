// The page's Forecast tab in Chromium: open the gallery's population
// fixture, run a forecast at a small size in the worker (progress to 100%),
// read the numbers and charts it shows against tester.forecast()'s JSON,
// see the flow on the diagram, download the CSV, cancel a large run, rerun
// after an edit, read a split's variants on a fixture with one, and a
// portfolio's figures per workflow on the gallery's portfolio audience, with
// the forecast and flow of the workflow the switcher shows. No
// console errors or CSP violations (uPlot included).
//
//   node --test tests/browser/page-forecast.test.mjs
//   FLOWPROOF_SCREENSHOT=docs/forecast.png node --test tests/browser/page-forecast.test.mjs   # also writes the README's picture

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSite, root, skipReason, waitFor } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const skip = skipReason();
if (skip) console.log(`browser forecast tests: skipped, ${skip}`);

async function idle(page) {
  await waitFor(page, () => {
    const r = document.getElementById('fp-app');
    return r?.dataset.state === 'ready' && r.dataset.busy !== '1' && r.dataset.pending !== '1' && r.dataset.reading !== '1';
  }, undefined, 60000);
}

async function openForecastTab(page, src) {
  await page.goto(`${src}`);
  await idle(page);
  await waitFor(page, () => window.flowproofPage?.status);
  await page.click('[data-testid=tab-forecast]');
  await page.waitForSelector('[data-testid=forecast-run]');
}

/** Runs the forecast from the tab at `size` and waits until it ended. */
async function runForecast(page, size) {
  if (size !== undefined) await page.fill('[data-testid=forecast-size]', String(size));
  const ended = await page.evaluate(() => window.flowproofPage.forecast.ended);
  await page.click('[data-testid=forecast-run]');
  await waitFor(page, (n) => window.flowproofPage.forecast.ended > n, ended, 120000);
  await idle(page);
}

const valueOf = (page, testid) => page.locator(`[data-testid=${testid}]`).first().getAttribute('data-value');

/** A fixture of the winner test's workflow with a goal and a population: two variants whose goal rates differ. */
function splitFixture() {
  const workflow = JSON.parse(readFileSync(path.join(root, 'fixtures', 'winner-test', 'workflow.json'), 'utf8'));
  delete workflow.nodes.subject_test.winner;
  workflow.id = 'forecast-split-test';
  workflow.name = 'Welcome subject test (forecast)';
  workflow.exit = { goal: { has_event: ['email_clicked', '7d'] } };
  workflow.nodes.send_a.next = 'wait_3d';
  workflow.nodes.send_b.next = 'wait_3d';
  workflow.nodes.wait_3d = { type: 'wait', for: '3d', next: 'done' };
  return {
    format: 'flowproof.fixture/1',
    name: 'Subject test: forecast of 3,000 sign-ups',
    workflow,
    clock: { start: '2026-12-01T09:00:00Z', until: '+10d' },
    seed: 11,
    contacts: [],
    population: {
      count: 3000,
      timezone: { 'America/New_York': 0.6, 'Europe/London': 0.4 },
      attributes: { email: { template: '{{ id }}@example.com' }, first_name: { sample: ['Ana', 'Ben', 'Chloé'] } },
      consent: { email: 0.97 },
      events: [{ event: 'signed_up', at: { uniform: ['+0h', '+3d'] }, probability: 1 }],
    },
    reactions: [
      { contact: '*', on_send: 'welcome_a', event: 'email_clicked', after: { uniform: ['10m', '6h'] }, probability: 0.08 },
      { contact: '*', on_send: 'welcome_b', event: 'email_clicked', after: { uniform: ['10m', '6h'] }, probability: 0.14 },
    ],
  };
}

describe('the Forecast tab', { skip }, () => {
  let site;
  before(async () => {
    site = await openSite();
  });
  after(async () => {
    await site?.close();
  });

  test('forecasts the population fixture with progress, shows the JSON\'s numbers, charts and flow, exports CSV, cancels, reruns after an edit', async () => {
    const page = await site.newPage();
    await openForecastTab(page, site.url('?src=fixtures/forecast-welcome/audience.fixture.json'));
    assert.match(await page.locator('[data-testid=forecast-note]').innerText(), /Population: 2,000 contacts/);
    assert.equal(await page.locator('[data-testid=forecast-size]').inputValue(), '2000', 'the population\'s count is the default size');

    // Progress reported by the worker, as the page receives it.
    await page.evaluate(() => {
      window.__fc = [];
      window.flowproofPage.tester.on('progress', (p) => p.kind === 'forecast' && window.__fc.push(p.fraction));
    });
    await runForecast(page, 600);
    const fractions = await page.evaluate(() => window.__fc);
    assert.ok(fractions.length >= 2, `progress events: ${fractions}`);
    assert.equal(fractions.at(-1), 1, 'progress reached 100%');
    assert.equal(await page.locator('[data-testid=forecast-progress]').evaluate((b) => b.value), 1);
    assert.equal(await page.locator('[data-testid=forecast-progress-text]').innerText(), '100%');

    // What the page shows is tester.forecast()'s JSON for the same size.
    const api = await page.evaluate(() => window.flowproofPage.tester.forecast({ contacts: 600 }));
    assert.deepEqual(await page.evaluate(() => window.flowproofPage.forecast.result), api);
    assert.equal(api.contacts, 601);
    assert.equal(Number(await valueOf(page, 'forecast-contacts')), api.contacts);
    assert.equal(Number(await valueOf(page, 'forecast-enrolled')), api.enrolled);
    assert.equal(Number(await valueOf(page, 'forecast-goal-rate')), api.goal.rate);
    assert.equal(Number(await valueOf(page, 'forecast-goal-reached')), api.goal.reached);
    assert.equal(await valueOf(page, 'forecast-goal-ci'), api.goal.ci95.join(' '));
    assert.equal(await page.locator('[data-testid=forecast-goal-rate]').innerText(), `${(api.goal.rate * 100).toFixed(1)}%`);
    assert.equal(Number(await valueOf(page, 'forecast-max-24h')), api.per_contact.messages_max_24h);
    assert.equal(Number(await valueOf(page, 'forecast-mean-messages')), api.per_contact.messages_mean);
    for (const [reason, n] of Object.entries(api.exits)) {
      assert.equal(Number(await page.locator(`[data-testid=forecast-exits] tr[data-reason="${reason}"] [data-value]`).getAttribute('data-value')), n, `exit ${reason}`);
    }
    for (const [name, m] of Object.entries(api.messages)) {
      const row = page.locator(`[data-testid=forecast-messages] tr[data-template="${name}"]`);
      assert.equal(Number(await row.locator('[data-testid=forecast-sent]').getAttribute('data-value')), m.sent, `${name} sent`);
      for (const [event, n] of Object.entries(m.events)) assert.equal(Number(await row.locator(`[data-event="${event}"] [data-value]`).getAttribute('data-value')), n, `${name} ${event}`);
      for (const [why, n] of Object.entries(m.suppressed)) assert.equal(Number(await row.locator(`[data-suppressed="${why}"] [data-value]`).getAttribute('data-value')), n, `${name} suppressed ${why}`);
    }
    // The sends-per-day chart is drawn (uPlot: a canvas) with one x per day.
    assert.ok((await page.locator('[data-testid=forecast-chart-days] canvas').count()) >= 1, 'sends chart drawn');
    assert.match(await page.locator('[data-testid=forecast-chart-days] .u-legend').innerText(), /Email/);
    assert.ok(await page.locator('[data-testid=forecast-no-variants]').isVisible(), 'no split: said so');

    // The flow on the diagram: each node's forecast entries, counts on the edges.
    const flow = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid=diagram] [data-node][data-flow]')].map((g) => [g.dataset.node, Number(g.dataset.flow)])));
    for (const [id, n] of Object.entries(api.nodes)) assert.equal(flow[id], n.entered, `flow at ${id}`);
    assert.ok((await page.locator('[data-testid=diagram] .fp-flow-count').count()) >= 5, 'edge counts drawn');
    const branchArm = await page.locator('[data-testid=diagram] .fp-flow-count[data-flow-edge="check_engagement label opened"]').textContent();
    assert.equal(branchArm, api.nodes.check_engagement.branches.opened.toLocaleString('en-US'));

    // CSV export: the file flowproof forecast --format csv writes.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=forecast-csv]')]);
    assert.match(download.suggestedFilename(), /\.forecast\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.equal(csv, await page.evaluate((r) => window.flowproofPage.tester.forecastFormat(r, 'csv'), api));
    assert.match(csv, /^section,/);
    assert.match(csv, /exits,completed,/);

    const [html] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=forecast-html]')]);
    assert.match(html.suggestedFilename(), /\.forecast\.html$/);
    assert.match(readFileSync(await html.path(), 'utf8'), /^<!doctype html>/i);

    // Cancel: a forecast of 2,000,000 contacts stops at once, the last result stays.
    await page.fill('[data-testid=forecast-size]', '2000000');
    await page.click('[data-testid=forecast-run]');
    await waitFor(page, () => Number(document.querySelector('[data-testid=forecast-progress]').value) > 0 && window.flowproofPage.forecast.running);
    const started = Date.now();
    const ended = await page.evaluate(() => window.flowproofPage.forecast.ended);
    await page.click('[data-testid=forecast-cancel]');
    await waitFor(page, (n) => window.flowproofPage.forecast.ended > n, ended, 20000);
    assert.ok(Date.now() - started < 10000, `cancel took ${Date.now() - started} ms`);
    assert.match(await page.locator('[data-testid=forecast-message]').innerText(), /Cancelled at \d+%/);
    assert.ok(Number(await page.evaluate(() => window.__fc.at(-1))) < 1, 'it did not run to the end');
    assert.equal(Number(await valueOf(page, 'forecast-enrolled')), api.enrolled, 'the previous forecast is still shown');
    await idle(page);

    // An edit marks the forecast as out of date; Rerun runs it again on the edited fixture.
    await page.fill('[data-testid=forecast-size]', '600');
    await page.locator('[data-testid=forecast-size]').dispatchEvent('change');
    await page.evaluate(() => window.flowproofPage.editFixture((doc) => { doc.seed = 8; }));
    await idle(page);
    await waitFor(page, () => !document.querySelector('[data-testid=forecast-stale]').hidden);
    const before = await page.evaluate(() => window.flowproofPage.forecast.ended);
    await page.click('[data-testid=forecast-rerun]');
    await waitFor(page, (n) => window.flowproofPage.forecast.ended > n && document.querySelector('[data-testid=forecast-stale]').hidden, before, 60000);
    const edited = await page.evaluate(() => window.flowproofPage.tester.forecast({ contacts: 600 }));
    assert.notDeepEqual(edited, api, 'another seed, another audience');
    assert.deepEqual(await page.evaluate(() => window.flowproofPage.forecast.result), edited);
    assert.equal(Number(await valueOf(page, 'forecast-enrolled')), edited.enrolled);

    assert.deepEqual(await site.pwned(page), [0]);
    site.assertClean(page);
    await page.close();
  });

  test('a split\'s variants: goal rates with intervals in a table and a chart; a fixture without population says so', async () => {
    const page = await site.newPage();
    await openForecastTab(page, site.url('?src=fixtures/forecast-welcome/audience.fixture.json'));
    await page.evaluate((text) => window.flowproofPage.openText(text, { origin: { kind: 'paste', label: 'the test' } }), JSON.stringify(splitFixture(), null, 2));
    await idle(page);
    await waitFor(page, () => window.flowproofPage.fixture?.workflow?.id === 'forecast-split-test' && window.flowproofPage.status);
    await page.click('[data-testid=tab-forecast]');
    await runForecast(page);
    const api = await page.evaluate(() => window.flowproofPage.tester.forecast());
    const split = api.variants.subject_test;
    assert.ok(split && split.A && split.B, JSON.stringify(api.variants));
    for (const label of ['A', 'B']) {
      const row = page.locator(`[data-testid=forecast-variants] tr[data-variant="${label}"]`);
      assert.equal(Number(await row.locator('[data-testid=forecast-variant-contacts]').getAttribute('data-value')), split[label].contacts);
      assert.equal(Number(await row.locator('[data-testid=forecast-variant-rate]').getAttribute('data-value')), split[label].goal_rate);
    }
    assert.equal(await page.locator('[data-testid=forecast-chart-variants] .fp-fc-variant-chart[data-split=subject_test] canvas').count(), 1, 'the interval chart is drawn');
    assert.ok((await page.locator('[data-testid=forecast-chart-days] canvas').count()) >= 1);
    // The arms of the split carry their counts on the diagram.
    assert.equal(await page.locator('[data-testid=diagram] .fp-flow-count[data-flow-edge="subject_test label B"]').textContent(), split.B.contacts.toLocaleString('en-US'));
    await page.locator('[data-testid=panel-forecast]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: process.env.FLOWPROOF_SCREENSHOT_SPLIT ?? '/tmp/flowproof-forecast-split.png', fullPage: true });

    // Without a population: said plainly, the size cannot be set, the named contacts are counted.
    const plain = readFileSync(path.join(root, 'fixtures', 'welcome-series', 'signups.fixture.json'), 'utf8');
    const workflow = JSON.parse(readFileSync(path.join(root, 'fixtures', 'welcome-series', 'workflow.json'), 'utf8'));
    const doc = JSON.parse(plain);
    doc.workflow = workflow;
    await page.evaluate((text) => window.flowproofPage.openText(text, { origin: { kind: 'paste', label: 'the test' } }), JSON.stringify(doc));
    await idle(page);
    await waitFor(page, () => !window.flowproofPage.fixture?.population && window.flowproofPage.status);
    await page.click('[data-testid=tab-forecast]');
    assert.match(await page.locator('[data-testid=forecast-note]').innerText(), /no population, so a forecast counts only its \d+ named contacts/);
    assert.equal(await page.locator('[data-testid=forecast-size]').isDisabled(), true);
    assert.equal(await page.locator('[data-testid=forecast-results] .fp-fc-empty').count(), 1, 'the split fixture\'s forecast is not shown for another document');
    await runForecast(page);
    assert.equal(Number(await valueOf(page, 'forecast-contacts')), doc.contacts.length);
    site.assertClean(page);
    await page.close();
  });

  test('a portfolio\'s forecast: per workflow, people in two at once, the cap; the shown workflow\'s own forecast and flow', async () => {
    const page = await site.newPage();
    await page.setViewportSize({ width: 1440, height: 1000 });
    await openForecastTab(page, site.url('?src=fixtures/portfolio-shop/audience.fixture.json'));
    assert.match(await page.locator('[data-testid=forecast-note]').innerText(), /portfolio/i);
    await runForecast(page, 3000);
    const api = await page.evaluate(() => window.flowproofPage.tester.forecast({ contacts: 3000 }));
    assert.deepEqual(await page.evaluate(() => window.flowproofPage.forecast.result), api);
    const p = api.portfolio;
    assert.equal(Number(await valueOf(page, 'forecast-portfolio-contacts')), api.contacts);
    assert.equal(Number(await valueOf(page, 'forecast-overlapping')), p.overlapping_contacts);
    assert.equal(Number(await valueOf(page, 'forecast-portfolio-max-24h')), p.messages_max_24h);
    assert.equal(Number(await valueOf(page, 'forecast-portfolio-mean-messages')), p.messages_mean);
    const capped = Object.values(p.suppressed_by_portfolio_cap).reduce((a, b) => a + b, 0);
    assert.equal(Number(await valueOf(page, 'forecast-capped')), capped);
    // Each workflow a row, in priority order, with its figures.
    const rows = await page.locator('[data-testid=forecast-workflows] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.workflow));
    assert.deepEqual(rows, p.workflows);
    for (const id of p.workflows) {
      const row = page.locator(`[data-testid=forecast-workflows] tr[data-workflow="${id}"]`);
      assert.equal(Number(await row.locator('[data-testid=forecast-workflow-enrolled]').getAttribute('data-value')), p.enrolled[id], `${id} enrolled`);
      assert.equal(Number(await row.locator('[data-testid=forecast-workflow-sent]').getAttribute('data-value')), p.sent[id], `${id} sent`);
      assert.equal(Number(await row.locator('[data-testid=forecast-workflow-capped]').getAttribute('data-value')), p.suppressed_by_portfolio_cap[id], `${id} capped`);
    }
    assert.equal(await page.locator('[data-testid=forecast-pairs] tbody tr').count(), p.pairs.length);
    for (const pair of p.pairs) {
      const row = page.locator(`[data-testid=forecast-pairs] tr[data-pair="${pair.workflows[0]} + ${pair.workflows[1]}"]`);
      assert.equal(Number(await row.locator('[data-value]').first().getAttribute('data-value')), pair.contacts);
    }
    // Below: the own forecast of the workflow the diagram shows (the first in
    // priority), and its flow on the diagram; the switcher picks another.
    const shownForecast = async (id) => {
      // The results are drawn a piece per frame: aria-busy says when all are.
      await waitFor(page, (want) => document.querySelector('[data-testid=forecast-workflow-head] code')?.textContent === want &&
        document.querySelector('[data-testid=forecast-results]')?.getAttribute('aria-busy') === 'false', id);
      await idle(page);
      const w = api.workflows[id];
      assert.equal(Number(await valueOf(page, 'forecast-contacts')), w.contacts, `${id} contacts`);
      assert.equal(Number(await valueOf(page, 'forecast-enrolled')), w.enrolled, `${id} enrolled`);
      const flow = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid=diagram] [data-node][data-flow]')].map((g) => [g.dataset.node, Number(g.dataset.flow)])));
      for (const [node, n] of Object.entries(w.nodes)) assert.equal(flow[node], n.entered, `${id}: flow at ${node}`);
      const rows = await page.locator('[data-testid=forecast-messages] tbody tr').count();
      assert.equal(rows, Object.keys(w.messages).length, `${id}: a row per template`);
    };
    await shownForecast(p.workflows[0]);
    assert.ok((await page.locator('[data-testid=diagram] .fp-flow-count').count()) >= 3, 'edge counts drawn');
    await page.selectOption('[data-testid=workflow-switch]', 'abandoned-cart');
    await shownForecast('abandoned-cart');
    await page.locator('[data-testid=panel-forecast]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: process.env.FLOWPROOF_SCREENSHOT_PORTFOLIO ?? '/tmp/flowproof-forecast-portfolio.png', fullPage: true });
    // Over three runs the portfolio's own figures carry their deviations.
    await page.fill('[data-testid=forecast-runs]', '3');
    await runForecast(page, 1000);
    const means = await page.evaluate(() => window.flowproofPage.forecast.result);
    assert.equal(means.runs, 3);
    const sd = means.sd?.portfolio?.overlapping_contacts;
    assert.equal(typeof sd, 'number', 'the portfolio\'s sd');
    const overlapping = page.locator('.fp-fc-kpi', { has: page.locator('[data-testid=forecast-overlapping]') });
    assert.match(await overlapping.innerText(), sd > 0 ? /± \d/ : /^[^±]*$/, 'the ± beside the overlapping contacts');
    // Each workflow's counts and each pair carry theirs, as the JSON gives them.
    const plusMinusIn = (cell) => cell.innerText().then((text) => text.match(/± ([\d,.]+)/)?.[1]?.replace(/,/g, '') ?? null);
    const shown = (v) => (v > 0 ? String(Math.round(v * 10) / 10) : null);
    for (const id of means.portfolio.workflows) {
      const row = page.locator(`[data-testid=forecast-workflows] tr[data-workflow="${id}"]`);
      for (const [testid, figure] of [['forecast-workflow-enrolled', 'enrolled'], ['forecast-workflow-sent', 'sent'], ['forecast-workflow-capped', 'suppressed_by_portfolio_cap']]) {
        const cell = row.locator('td', { has: page.locator(`[data-testid=${testid}]`) });
        assert.equal(await plusMinusIn(cell), shown(means.sd.portfolio[figure][id]), `${id} ${figure} ±`);
      }
    }
    const pairRows = page.locator('[data-testid=forecast-pairs] tr[data-pair]');
    assert.ok(await pairRows.count() > 0, 'pairs shown');
    for (const pair of means.sd.portfolio.pairs) {
      const cell = page.locator(`[data-testid=forecast-pairs] tr[data-pair="${pair.workflows.join(' + ')}"] td.fp-fc-n`);
      assert.equal(await plusMinusIn(cell), shown(pair.contacts), `${pair.workflows.join(' + ')} ±`);
    }
    site.assertClean(page);
    await page.close();
  });

  test('screenshot of the Forecast view', async () => {
    // Empty storage: no earlier draft kept aside, the first-visit hint dismissed.
    const page = await site.freshPage();
    await page.setViewportSize({ width: 1440, height: 1000 });
    await openForecastTab(page, site.url('?src=fixtures/forecast-welcome/audience.fixture.json'));
    await page.locator('[data-testid=hint] button').click();
    await runForecast(page, 100000);
    assert.equal(Number(await valueOf(page, 'forecast-contacts')), 100001);
    // From the diagram down to the engagement table, the clock in its place at the top.
    await page.evaluate(() => window.scrollTo(0, 0));
    const top = await page.locator('.fp-main').boundingBox();
    const bottom = await page.locator('[data-testid=forecast-messages]').boundingBox();
    const out = process.env.FLOWPROOF_SCREENSHOT ?? '/tmp/flowproof-forecast.png';
    await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: top.y - 8, width: 1440, height: bottom.y + bottom.height + 16 - (top.y - 8) } });
    site.assertClean(page);
    await page.close();
  });
});
