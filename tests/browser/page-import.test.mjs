// The tester page and a platform's export (issue 12): a Dittofeed journey
// dropped, a Klaviyo flow dropped with its names map, a HubSpot flow pasted.
// Each is detected, converted by the core, loaded with a generated test
// contact (the diagram draws its nodes), its losses are listed with their
// place in the export, and Run to end runs it. Another platform's export,
// a broken one and malformed JSON are refused with a located problem while
// the fixture on screen stays; an export full of markup shows it as text.
//
//   node --test tests/browser/page-import.test.mjs

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openSite, root, skipReason, waitFor } from './helpers.mjs';

const skip = skipReason();
if (skip) console.log(`browser import tests: skipped, ${skip}`);

const gallery = (from, file) => readFileSync(path.join(root, 'fixtures', `import-${from}`, file), 'utf8');
const committed = (from, name) => JSON.parse(gallery(from, `${name}.workflow.json`));

async function idle(page) {
  await waitFor(page, () => {
    const el = document.getElementById('fp-app');
    return el?.dataset.state === 'ready' && el.dataset.busy !== '1' && el.dataset.pending !== '1' && el.dataset.reading !== '1';
  }, undefined, 30000);
}

async function freshPage(site) {
  const page = await site.freshPage();
  await page.goto(site.url(''));
  await idle(page);
  return page;
}

/** Drops files ({name: text}) on the page, as a drag from the desktop does. */
async function drop(page, files) {
  await page.evaluate((entries) => {
    const data = new DataTransfer();
    for (const [name, content] of entries) data.items.add(new File([content], name, { type: 'application/json' }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, Object.entries(files));
  await settle(page);
}

/** Pastes `text` in the paste dialog, with the platform chosen there ('' = detect it). */
async function paste(page, text, from = '') {
  await page.click('[data-testid=paste]');
  await page.fill('[data-testid=paste-area]', text);
  await page.selectOption('[data-testid=paste-from]', from);
  await page.click('[data-testid=paste-load]');
}

/** Waits for the import panel (or, after a refusal, its problems) and an idle page. */
async function settle(page) {
  await waitFor(page, () => !document.querySelector('[data-testid=import-panel]')?.hidden || document.querySelector('[data-testid=confirm-replace]'));
  await idle(page);
}

/** Closes the import panel, so that settle() waits for the next report rather than reading this one. */
async function closePanel(page) {
  await page.click('[data-testid=import-close]');
  await waitFor(page, () => document.querySelector('[data-testid=import-panel]').hidden);
}

/** The import panel as the user reads it. */
function panel(page) {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid=import-panel]');
    const items = (testid) =>
      [...el.querySelectorAll(`[data-testid=${testid}] li`)].map((li) => ({
        pointer: li.getAttribute('data-pointer'),
        where: li.querySelector('.fp-import-where')?.innerText ?? '',
        message: li.querySelector('.fp-import-msg')?.innerText ?? '',
        excerpt: li.querySelector('.fp-import-excerpt')?.innerText ?? '',
      }));
    return {
      hidden: el.hidden,
      state: el.dataset.state,
      title: el.querySelector('.fp-import-title')?.innerText ?? '',
      summary: el.querySelector('[data-testid=import-summary]')?.innerText ?? '',
      losses: items('import-losses'),
      problems: items('import-problems'),
      elements: [...el.querySelectorAll('*')].map((n) => n.localName),
    };
  });
}

/** The diagram's node ids. */
const diagramNodes = (page) => page.evaluate(() => [...document.querySelectorAll('.fp-node[data-node]:not(.fp-node--start)')].map((g) => g.getAttribute('data-node')).sort());

/** Losses the API reports for the same export (the page must list exactly these). */
const apiLosses = (page, text, from, names) => page.evaluate(([t, f, n]) => window.flowproofPage.tester.importWorkflow(t, { from: f, names: n }).then((r) => r.losses), [text, from, names]);

/** The converted workflow loaded, its nodes drawn, its losses listed with their place, and Run to end working. */
async function assertConvertedAndRuns(page, { platform, text, from, names, workflow }) {
  const shown = await panel(page);
  assert.equal(shown.hidden, false);
  assert.equal(shown.state, 'converted');
  assert.match(shown.title, new RegExp(`^Imported from ${platform}: “${workflow.name}”`));
  assert.equal(await page.evaluate(() => window.flowproofPage.fixture.workflow.name), workflow.name);
  assert.deepEqual(await page.evaluate(() => window.flowproofPage.workflow), workflow, 'the converted workflow is the one loaded');
  assert.deepEqual(await diagramNodes(page), Object.keys(workflow.nodes).sort(), 'the diagram draws every node');
  assert.equal(await page.evaluate(() => window.flowproofPage.problems.length), 0, 'the generated fixture is valid');

  const expected = await apiLosses(page, text, from, names);
  assert.ok(expected.length > 0);
  assert.match(shown.summary, new RegExp(`^Converted with ${expected.length} loss(es)?:`));
  assert.deepEqual(shown.losses.map((l) => [l.pointer, l.message]), expected.map((l) => [l.pointer, l.message]));
  for (const loss of shown.losses.filter((l) => l.pointer)) {
    // Located: the line in the export, and the export's own text there.
    assert.match(loss.where, /^line \d+, column \d+/, loss.pointer);
    assert.ok(loss.excerpt.length > 0, loss.pointer);
  }

  await page.click('[data-testid=import-run]');
  await waitFor(page, () => window.flowproofPage.status?.finished);
  await idle(page);
  const entered = await page.evaluate(() => Object.values(window.flowproofPage.counts ?? {}).reduce((n, c) => n + (c.entered ?? 0), 0));
  assert.ok(entered > 0, 'the test contact went through the workflow');
  assert.equal((await panel(page)).hidden, false, 'the report stays while the import is what is loaded');
}

describe('importing a platform export on the page', { skip }, () => {
  let site;
  before(async () => {
    site = await openSite();
  });
  after(async () => {
    await site?.close();
  });

  test('a Dittofeed journey dropped is converted, listed with its losses, and runs', async () => {
    const page = await freshPage(site);
    const text = gallery('dittofeed', 'abandoned-cart.dittofeed.json');
    await drop(page, { 'cart-journey.json': text });
    await assertConvertedAndRuns(page, { platform: 'Dittofeed', text, from: 'dittofeed', names: null, workflow: committed('dittofeed', 'abandoned-cart') });
    const shown = await panel(page);
    const unsubscribe = shown.losses.find((l) => l.pointer === '/templates/0/definition/body');
    assert.ok(unsubscribe, JSON.stringify(shown.losses));
    assert.match(unsubscribe.message, /unsubscribe_link/);
    assert.match(await page.locator('.fp-doc-meta').innerText(), /from Dittofeed export “cart-journey\.json”/);
    site.assertClean(page);
  });

  test('a Klaviyo flow dropped with its names.json uses the names', async () => {
    const page = await freshPage(site);
    const text = gallery('klaviyo', 'welcome-series.klaviyo.json');
    const names = JSON.parse(gallery('klaviyo', 'names.json'));
    await drop(page, { 'names.json': JSON.stringify(names), 'welcome.json': text });
    await assertConvertedAndRuns(page, { platform: 'Klaviyo', text, from: 'klaviyo', names, workflow: committed('klaviyo', 'welcome-series') });
    site.assertClean(page);
  });

  test('a HubSpot flow pasted is detected, converted and runs', async () => {
    const page = await freshPage(site);
    const text = gallery('hubspot', 'winback.hubspot.json');
    await paste(page, text);
    await settle(page);
    // Without its names map, the ids stay ids: what the API gives for the export alone.
    const workflow = await page.evaluate((t) => window.flowproofPage.tester.importWorkflow(t, {}).then((r) => r.workflow), text);
    assert.deepEqual(Object.keys(workflow.nodes).sort(), Object.keys(committed('hubspot', 'winback').nodes).sort());
    await assertConvertedAndRuns(page, { platform: 'HubSpot', text, from: 'hubspot', names: null, workflow });
    assert.match(await page.locator('.fp-doc-meta').innerText(), /from pasted HubSpot export/);
    // Opening something else (a flowproof fixture: no import) puts the report away.
    const fixture = { ...JSON.parse(gallery('hubspot', 'winback.fixture.json')), workflow: committed('hubspot', 'winback') };
    await paste(page, JSON.stringify(fixture));
    await waitFor(page, (name) => window.flowproofPage.fixture?.name === name, fixture.name);
    await idle(page);
    assert.equal(await page.locator('[data-testid=import-panel]').isHidden(), true);
    site.assertClean(page);
  });

  test('another platform\'s export is refused at its root, the page keeps its fixture, and one click imports it as what it is', async () => {
    const page = await freshPage(site);
    await drop(page, { 'cart-journey.json': gallery('dittofeed', 'abandoned-cart.dittofeed.json') });
    const before = await page.evaluate(() => window.flowproofPage.fixture.name);
    await closePanel(page);
    const hubspot = gallery('hubspot', 'abandoned-cart.hubspot.json');
    await paste(page, hubspot, 'klaviyo');
    await settle(page);
    const shown = await panel(page);
    assert.equal(shown.state, 'failed');
    assert.equal(shown.title, 'Could not import this Klaviyo export');
    assert.equal(shown.problems.length, 1);
    assert.equal(shown.problems[0].pointer, '');
    assert.match(shown.problems[0].where, /\(the whole export\)/);
    assert.match(shown.problems[0].message, /looks like a hubspot export, not a klaviyo one/);
    assert.equal(await page.evaluate(() => window.flowproofPage.fixture.name), before, 'nothing was loaded');
    await page.click('[data-testid=import-retry]');
    await waitFor(page, () => document.querySelector('[data-testid=import-panel]').dataset.state === 'converted');
    await idle(page);
    assert.equal((await panel(page)).state, 'converted');
    assert.match((await panel(page)).title, /^Imported from HubSpot/);
    site.assertClean(page);
  });

  test('a broken export is refused with each problem located in it: a dangling link, malformed JSON', async () => {
    const page = await freshPage(site);
    // A dangling link: the second action points at an action that does not exist.
    const dangling = gallery('hubspot', 'welcome-series.hubspot.json').replace('"nextActionId": "3"', '"nextActionId": "99"');
    assert.notEqual(dangling, gallery('hubspot', 'welcome-series.hubspot.json'));
    await drop(page, { 'welcome.json': dangling });
    let shown = await panel(page);
    assert.equal(shown.state, 'failed');
    assert.equal(await page.evaluate(() => window.flowproofPage.fixture), null, 'nothing was loaded');
    const link = shown.problems.find((p) => /99/.test(p.message));
    assert.ok(link, JSON.stringify(shown.problems));
    assert.match(link.pointer, /^\/actions\/\d+\//);
    assert.match(link.where, /^line \d+, column \d+/);
    assert.match(link.excerpt, /99/);

    // Malformed JSON in a file named for its platform: its line and column.
    const broken = gallery('klaviyo', 'winback.klaviyo.json').replace('"type": "flow",', '"type": "flow"');
    await closePanel(page);
    await drop(page, { 'winback.klaviyo.json': broken });
    shown = await panel(page);
    assert.equal(shown.state, 'failed');
    assert.equal(shown.title, 'Could not import this Klaviyo export');
    assert.equal(shown.problems.length, 1);
    const line = broken.split('\n').findIndex((l) => l.includes('"type": "flow"')) + 1;
    assert.match(shown.problems[0].where, new RegExp(`^line (${line}|${line + 1}), column \\d+`));
    site.assertClean(page);
  });

  test('markup in an export stays text: nothing of it runs or becomes an element', async () => {
    const page = await freshPage(site);
    const hostile = '<img src=x onerror="window.__pwned=\'import\'"><script>window.__pwned="script"</script>';
    const doc = JSON.parse(gallery('klaviyo', 'abandoned-cart.klaviyo.json'));
    doc.data.attributes.name = `Cart ${hostile}`;
    // Opaque ids with markup: each becomes a loss that names it.
    const text = JSON.stringify(doc, null, 2).replace(/"TmCrtA"/g, JSON.stringify(`TmCrtA${hostile}`));
    assert.ok(text.includes('TmCrtA<img'));
    await drop(page, { 'hostile.json': text });
    const shown = await panel(page);
    assert.equal(shown.state, 'converted');
    assert.ok(shown.title.includes(`Cart ${hostile}`), shown.title);
    assert.ok(shown.losses.some((l) => l.message.includes('<img src=x') || l.excerpt.includes('<img src=x')), 'the markup is shown as text');
    for (const tag of ['img', 'script']) assert.ok(!shown.elements.includes(tag), `no <${tag}> in the panel`);
    assert.equal(await page.evaluate(() => document.querySelectorAll('img[src=x], script:not([src])').length), 0);
    await page.click('[data-testid=import-run]');
    await waitFor(page, () => window.flowproofPage.status?.finished);
    await idle(page);
    assert.deepEqual([...new Set(await site.pwned(page))], [0]);
    site.assertClean(page);
  });
});
