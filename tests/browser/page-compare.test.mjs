// The page's "Compare with…" in Chromium: open the welcome series, edit its
// JSON in the editor (the first wait 2 days → 3 days, a new step before
// the resend), one click "Compare with loaded version": the change log in
// words beside the diagram equals tester.diff's, the changed and added steps
// are marked on the diagram, the contacts whose run differs are listed with
// their first difference and lost/gained messages and marked in the contact
// list; "Publish at" lists the migrated contacts and the rule applied. A
// broken other version (a file) shows its located error; hostile node ids,
// labels and contact ids stay text. No console errors or CSP violations.
//
//   node --test tests/browser/page-compare.test.mjs
//   FLOWPROOF_SCREENSHOT=/tmp/compare.png node --test tests/browser/page-compare.test.mjs

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openSite, root, skipReason, waitFor } from './helpers.mjs';

const skip = skipReason();
if (skip) console.log(`browser compare tests: skipped, ${skip}`);

async function idle(page) {
  await waitFor(page, () => {
    const r = document.getElementById('fp-app');
    return r?.dataset.state === 'ready' && r.dataset.busy !== '1' && r.dataset.pending !== '1' && r.dataset.reading !== '1';
  }, undefined, 60000);
}

/** Replaces the editor's whole text with the fixture changed by fn(doc) (here, in Node), as typing would (the editor's own change path). */
async function editJson(page, fn) {
  await page.click('[data-testid=tab-json]');
  const doc = JSON.parse(await page.evaluate(() => window.flowproofPage.editor.getText()));
  fn(doc);
  await page.evaluate((t) => {
    const editor = window.flowproofPage.editor;
    editor.view.dispatch({ changes: { from: 0, to: editor.view.state.doc.length, insert: t } });
  }, JSON.stringify(doc, null, 2));
  await waitFor(page, () => document.getElementById('fp-app').dataset.pending === '1');
  await idle(page);
}

/** Opens the page at `url` and waits until the fixture's run is ready. */
async function openAt(page, url) {
  await page.goto(url);
  await idle(page);
  await waitFor(page, () => window.flowproofPage?.status);
}

/** The diagram's diff marks: {node id: 'added' | 'changed' | ...}. */
function diagramMarks(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid=diagram] [data-node][data-diff]')].map((g) => [g.dataset.node, g.dataset.diff])));
}

/** The panel's migrated contacts after Publish at: [[contact, rule], ...]. */
function migratedRows(panel) {
  return panel.locator('[data-testid=compare-migrated] > li').evaluateAll((lis) => lis.map((li) => [li.dataset.contact, li.dataset.rule]));
}

/**
 * The shop's cart workflow as an older version: without its 09:00 reminder,
 * which now holds Ben's Black Friday email back under the portfolio cap.
 */
function olderCart() {
  const cart = JSON.parse(readFileSync(path.join(root, 'fixtures/portfolio-shop/abandoned-cart.workflow.json'), 'utf8'));
  cart.nodes.wait_morning.next = 'wait_1d';
  delete cart.nodes.send_second;
  return JSON.stringify(cart);
}

async function comparedPanel(page) {
  await waitFor(page, () => ['result', 'failed'].includes(document.querySelector('[data-testid=compare-panel]')?.dataset.state), undefined, 30000);
  await idle(page);
  return page.locator('[data-testid=compare-panel]');
}

/**
 * Compares the opened shop with its older cart (olderCart) on the page and
 * through the API: {old, panel, api}, the panel showing a result.
 */
async function compareWithOlderCart(page) {
  const old = olderCart();
  await page.evaluate((t) => window.flowproofPage.compare.withText(t, 'old-cart.workflow.json'), old);
  const panel = await comparedPanel(page);
  assert.equal(await panel.getAttribute('data-state'), 'result', await panel.innerText());
  const api = await page.evaluate((t) => window.flowproofPage.tester.diff(t), old);
  return { old, panel, api };
}

describe('Compare with…', { skip }, () => {
  let site;
  before(async () => {
    site = await openSite();
  });
  after(async () => {
    await site?.close();
  });

  test('edits against the loaded version: words, diagram marks, contacts, publish', async () => {
    const page = await site.newPage();
    await openAt(page, site.url('?src=fixtures/welcome-series/signups.fixture.json'));
    const loaded = await page.evaluate(() => window.flowproofPage.state.draft.pristine);

    await editJson(page, (doc) => {
      doc.workflow.nodes.wait_2d.for = '3d';
      doc.workflow.nodes.nudge = { type: 'update', set: { nudged: true }, next: 'resend_welcome' };
      doc.workflow.nodes.check_engagement.else = 'nudge';
    });
    await page.click('[data-testid=compare-loaded]');
    const panel = await comparedPanel(page);
    assert.equal(await panel.getAttribute('data-state'), 'result', await panel.innerText());

    // The words are tester.diff's change log for the same pair.
    const api = await page.evaluate((old) => window.flowproofPage.tester.diff(old), loaded);
    assert.equal(api.ok, true);
    const lines = await panel.locator('[data-testid=compare-changes] .fp-compare-line').allInnerTexts();
    assert.deepEqual(lines, api.changes.map((c) => c.line));
    assert.ok(lines.includes('wait_2d: waits 2 days → 3 days'), lines.join('\n'));
    assert.ok(lines.some((l) => /^nudge: added\b/.test(l)), lines.join('\n'));
    assert.match(await panel.locator('[data-testid=compare-summary]').innerText(), /test contacts? runs? differently/);

    // Marks on the diagram: changed and added (or renamed: the same send under a new id).
    const marks = await diagramMarks(page);
    assert.equal(marks.wait_2d, 'changed');
    assert.equal(marks.nudge, 'added', JSON.stringify(marks));
    assert.equal(marks.check_engagement, 'changed', JSON.stringify(marks));
    assert.equal(marks.send_welcome, undefined, 'an unchanged step is not marked');
    assert.ok(await page.locator('[data-testid=diagram] [data-node="wait_2d"]').evaluate((g) => g.classList.contains('fp-node--diff-changed')));

    // Per contact: the first difference and the messages; marked in the contact list.
    const contacts = panel.locator('[data-testid=compare-contacts] > li');
    const ids = await contacts.evaluateAll((lis) => lis.map((li) => li.dataset.contact));
    assert.deepEqual(ids, api.contacts.map((c) => c.contact));
    assert.ok(ids.includes('alice'), ids.join(','));
    const alice = panel.locator('[data-testid=compare-contacts] > li[data-contact="alice"]');
    assert.match(await alice.innerText(), /first differs/);
    assert.match(await alice.locator('.fp-compare-msg[data-kind=lost], .fp-compare-msg[data-kind=changed]').first().innerText(), /tips|first_order_offer/);
    const differs = await page.evaluate(() => [...document.querySelectorAll('.fp-panel--contacts [data-contact][data-differs]')].map((b) => b.dataset.contact));
    assert.deepEqual(differs.sort(), [...ids].sort());
    assert.equal(await page.locator('.fp-panel--contacts [data-contact="chen"][data-differs]').count(), 0, 'chen (never enrolled) runs as before');

    // Publish at +2d: who moved, and how (the wait recomputed from when they entered it).
    await panel.locator('[data-testid=compare-publish-at]').fill('+2d');
    await panel.locator('[data-testid=compare-publish]').click();
    await waitFor(page, () => document.querySelector('[data-testid=compare-published]'), undefined, 30000);
    const published = await page.evaluate((old) => window.flowproofPage.tester.diff(old, { publishAt: '+2d' }), loaded);
    const migrated = await migratedRows(panel);
    assert.deepEqual(migrated, published.publish.migrated.map((m) => [m.contact, m.rule]));
    assert.ok(migrated.length > 0);
    assert.match(await panel.locator('[data-testid=compare-migrated]').innerText(), /wait is recomputed/);
    // A bad time is a message, not a crash.
    await panel.locator('[data-testid=compare-publish-at]').fill('next tuesday');
    await panel.locator('[data-testid=compare-publish]').click();
    await waitFor(page, () => document.querySelector('[data-testid=compare-publish-errors]'));
    assert.match(await panel.locator('[data-testid=compare-publish-errors]').innerText(), /publishAt/);
    await panel.locator('[data-testid=compare-publish-at]').fill('+2d');
    await panel.locator('[data-testid=compare-publish]').click();
    await waitFor(page, () => document.querySelector('[data-testid=compare-published]') && !document.querySelector('[data-testid=compare-publish-errors]'));

    if (process.env.FLOWPROOF_SCREENSHOT) {
      await page.setViewportSize({ width: 1400, height: 1500 });
      await page.click('.fp-panel--contacts [data-contact="bruno"]');
      await idle(page);
      await page.evaluate(() => window.flowproofPage.view.diagram.reveal('check_engagement'));
      await page.locator('.fp-main').screenshot({ path: process.env.FLOWPROOF_SCREENSHOT });
    }

    // Closing takes the marks away.
    await panel.locator('[data-testid=compare-close]').click();
    assert.equal(await page.locator('[data-testid=diagram] [data-diff]').count(), 0);
    assert.equal(await page.locator('.fp-panel--contacts [data-differs]').count(), 0);
    site.assertClean(page);
    await page.close();
  });

  test('a broken other version (a file) shows its located error', async () => {
    const page = await site.newPage();
    await openAt(page, site.url('?src=fixtures/welcome-series/signups.fixture.json'));
    await page.click('[data-testid=compare]');
    await page.locator('[data-testid=compare-file]').setInputFiles({ name: 'old.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "format": "flowproof.workflow/1",\n  "nodes": {,\n}\n') });
    await page.click('[data-testid=dialog-go]');
    const panel = await comparedPanel(page);
    assert.equal(await panel.getAttribute('data-state'), 'failed');
    const error = await panel.locator('[data-testid=compare-errors]').innerText();
    assert.match(error, /line 3, column \d+/);
    assert.match(error, /the older version: /);
    assert.match(await panel.locator('.fp-compare-label').innerText(), /old\.json/);
    assert.equal(await page.locator('[data-testid=diagram] [data-diff]').count(), 0);

    // A damaged share link: said so, nothing compared.
    await page.click('[data-testid=compare]');
    await page.locator('[data-testid=compare-link]').fill('https://example.test/#f=AAAA');
    await page.click('[data-testid=dialog-go]');
    await waitFor(page, () => /share link/.test(document.querySelector('[data-testid=compare-errors]')?.textContent ?? ''));
    site.assertClean(page);
    await page.close();
  });

  test('hostile node ids, labels and contact ids cannot inject markup', async () => {
    const page = await site.newPage();
    await page.goto(site.url(''));
    await idle(page);
    const evil = (tag) => `<img src=x onerror="window.__pwned='${tag}'">`;
    const fixture = {
      format: 'flowproof.fixture/1',
      name: 'hostile compare',
      workflow: {
        format: 'flowproof.workflow/1',
        id: 'hostile',
        name: 'Hostile',
        type: 'lifecycle',
        timezone: 'UTC',
        entry: { triggers: [{ type: 'event', event: 'go' }] },
        start: evil('node'),
        nodes: {
          [evil('node')]: { type: 'branch', branches: [{ label: evil('label'), when: { '==': [1, 1] }, next: `w<script>window.__pwned='w'</script>` }], else: 'done' },
          [`w<script>window.__pwned='w'</script>`]: { type: 'wait', for: '1d', next: 'mail' },
          mail: { type: 'send', channel: 'email', template: 't', next: 'done' },
          done: { type: 'exit' },
        },
        templates: { t: { channel: 'email', subject: `<b>${evil('subject')}</b>`, html: '<p>hi</p>' } },
      },
      clock: { start: '2026-11-02T09:00:00Z', until: '+5d' },
      contacts: [{ id: evil('contact'), timezone: 'UTC', email: 'a@example.com' }],
      script: [{ at: '+1h', contact: evil('contact'), event: 'go' }],
    };
    await page.evaluate((t) => window.flowproofPage.openText(t), JSON.stringify(fixture, null, 2));
    await idle(page);
    await editJson(page, (doc) => {
      for (const id of Object.keys(doc.workflow.nodes)) if (doc.workflow.nodes[id].type === 'wait') doc.workflow.nodes[id].for = '2d';
      doc.workflow.nodes[doc.workflow.start].branches[0].label = '<svg onload="window.__pwned=1">';
      doc.workflow.templates.t.subject = '<i>new</i>';
    });
    await page.click('[data-testid=compare-loaded]');
    const panel = await comparedPanel(page);
    assert.equal(await panel.getAttribute('data-state'), 'result', await panel.innerText());
    const words = await panel.innerText();
    assert.ok(words.includes("w<script>window.__pwned='w'</script>: waits 1 day → 2 days"), words);
    assert.ok(words.includes(evil('contact')), 'the contact id shown as text');
    assert.equal(await panel.locator('img, script, svg, b, i').count(), 0, 'no element from the documents');
    assert.equal(await page.locator('[data-testid=diagram] [data-diff]').count(), 2, 'the wait and the branch');
    await panel.locator('[data-testid=compare-publish-at]').fill('+2h');
    await panel.locator('[data-testid=compare-publish]').click();
    await waitFor(page, () => document.querySelector('[data-testid=compare-published]'));
    assert.equal(await panel.locator('img, script, svg, b, i').count(), 0);
    // The hostile contact's timeline box: text too.
    await page.locator('.fp-panel--contacts [data-contact]').first().click();
    await idle(page);
    assert.equal(await page.locator('[data-testid=timeline-diff]').count(), 1);
    assert.equal(await page.locator('[data-testid=timeline-diff]').locator('img, script, svg, b, i').count(), 0);
    assert.deepEqual([...new Set(await site.pwned(page))], [0]);
    site.assertClean(page);
    await page.close();
  });

  test('the timeline shows the selected contact\'s difference; removed steps are listed where they were; an edit makes the comparison stale', async () => {
    const page = await site.newPage();
    await page.setViewportSize({ width: 1400, height: 1100 });
    // The tests share one browser context: forget the drafts the others left.
    await page.goto(site.url(''));
    await page.evaluate(() => localStorage.clear());
    await openAt(page, site.url('?src=fixtures/welcome-series/signups.fixture.json'));
    const loaded = await page.evaluate(() => window.flowproofPage.state.draft.pristine);
    await editJson(page, (doc) => {
      doc.workflow.nodes.wait_2d.for = '3d';
      delete doc.workflow.nodes.resend_welcome;
      doc.workflow.nodes.check_engagement.else = 'wait_weekday';
      doc.workflow.templates.first_order_offer.subject = 'Your welcome gift: 15% off';
    });
    await page.click('[data-testid=compare-loaded]');
    const panel = await comparedPanel(page);
    assert.equal(await panel.getAttribute('data-state'), 'result', await panel.innerText());
    const api = await page.evaluate((old) => window.flowproofPage.tester.diff(old), loaded);

    // The removed step, struck through, with where it was.
    const removed = panel.locator('[data-testid=compare-removed] > li[data-node="resend_welcome"]');
    assert.equal(await removed.count(), 1);
    assert.match(await removed.innerText(), /resend_welcome send — was after check_engagement \(else\); before wait_weekday/);
    assert.equal(await removed.locator('.fp-compare-removed-id').evaluate((e) => getComputedStyle(e).textDecorationLine), 'line-through');

    // A contact with a changed subject: the timeline shows the first
    // difference in words and the rendered subject's line diff.
    const changed = api.contacts.find((c) => (c.messages.changed ?? []).some((m) => m.diff?.subject));
    assert.ok(changed, JSON.stringify(api.contacts.map((c) => c.messages)));
    const message = changed.messages.changed.find((m) => m.diff?.subject);
    await page.click(`.fp-panel--contacts [data-contact="${changed.contact}"]`);
    await idle(page);
    const box = page.locator('.fp-panel--timeline [data-testid=timeline-diff]');
    assert.equal(await box.getAttribute('data-contact'), changed.contact);
    assert.match(await box.locator('[data-testid=diff-first]').innerText(), /^First difference /);
    assert.match(await box.locator('[data-testid=diff-old-line]').innerText(), /^BEFORE\s+\S/i);
    assert.match(await box.locator('[data-testid=diff-new-line]').innerText(), /^NOW\s+\S/i);
    const subject = box.locator(`.fp-compare-msg[data-kind=changed][data-template="${message.template}"] .fp-compare-field[data-field=subject] .fp-compare-ld`);
    assert.deepEqual(await subject.allInnerTexts(), message.diff.subject);
    assert.deepEqual(await subject.evaluateAll((spans) => spans.map((s) => s.dataset.kind)), message.diff.subject.map((l) => (l.startsWith('- ') ? 'del' : l.startsWith('+ ') ? 'add' : 'gap')));
    assert.ok(message.diff.subject.includes('+ Your welcome gift: 15% off'), JSON.stringify(message.diff));
    // Once the clock has passed it, the timeline line where the run first departs is marked.
    assert.equal(await page.locator('[data-diff-first]').count(), 0, 'nothing has happened yet');
    await page.click('[data-testid=run-to-end]');
    await idle(page);
    const first = page.locator('.fp-panel--timeline [data-diff-first]');
    assert.equal(await first.count(), 1);
    assert.equal(await first.getAttribute('data-kind'), changed.new.kind);
    if (changed.new.node) assert.equal(await first.getAttribute('data-node'), changed.new.node);
    assert.equal(await first.evaluate((li) => li.closest('.fp-tl-moment').dataset.t), String(Date.parse(changed.t) / 1000));
    // Lost messages too (bruno no longer gets the resend).
    const bruno = api.contacts.find((c) => c.contact === 'bruno');
    if (bruno) {
      await page.click('.fp-panel--contacts [data-contact="bruno"]');
      await idle(page);
      assert.match(await page.locator('[data-testid=timeline-diff] .fp-compare-msg[data-kind=lost]').first().innerText(), /no longer gets welcome_resend/);
    }
    if (process.env.FLOWPROOF_SCREENSHOT) {
      await page.click(`.fp-panel--contacts [data-contact="${changed.contact}"]`);
      await idle(page);
      await page.locator('.fp-main').screenshot({ path: process.env.FLOWPROOF_SCREENSHOT.replace(/\.png$/, '-timeline.png') });
    }
    // A contact whose run is the same, and everyone's timeline: no box.
    await page.click('.fp-panel--contacts [data-contact="chen"]');
    await idle(page);
    assert.equal(await page.locator('[data-testid=timeline-diff]').count(), 0);
    await page.click('[data-testid=timeline-everyone]');
    await idle(page);
    assert.equal(await page.locator('[data-testid=timeline-diff]').count(), 0);

    // An edit after the comparison: the panel says it is out of date; Compare again refreshes it.
    await editJson(page, (doc) => {
      doc.workflow.nodes.wait_2d.for = '4d';
    });
    assert.equal(await panel.getAttribute('data-stale'), '1');
    assert.match(await panel.locator('[data-testid=compare-stale]').innerText(), /edited after this comparison/);
    await panel.locator('[data-testid=compare-stale-again]').click();
    await waitFor(page, () => {
      const p = document.querySelector('[data-testid=compare-panel]');
      return p?.dataset.state === 'result' && p.dataset.stale !== '1' && /4 days/.test(p.textContent);
    }, undefined, 30000);
    assert.equal(await panel.locator('[data-testid=compare-stale]').count(), 0);
    site.assertClean(page);
    await page.close();
  });

  test('a portfolio: an older file of one of its workflows runs beside the others, the diagram shows that workflow', async () => {
    const page = await site.newPage();
    await page.setViewportSize({ width: 1400, height: 1100 });
    await openAt(page, site.url('?src=fixtures/portfolio-shop/shop.fixture.json'));
    assert.notEqual(await page.evaluate(() => window.flowproofPage.state.workflowId), 'abandoned-cart');
    const { old, panel, api } = await compareWithOlderCart(page);
    assert.equal(api.ok, true);
    assert.equal(api.workflow, 'abandoned-cart');
    assert.equal(await page.evaluate(() => window.flowproofPage.state.workflowId), 'abandoned-cart', 'the diagram shows the compared workflow');
    const marks = await diagramMarks(page);
    assert.equal(marks.send_second, 'added', JSON.stringify(marks));
    const ids = await panel.locator('[data-testid=compare-contacts] > li').evaluateAll((lis) => lis.map((li) => li.dataset.contact));
    assert.deepEqual(ids, api.contacts.map((c) => c.contact));
    assert.deepEqual(ids, ['ben']);
    const ben = api.contacts[0].messages;
    assert.deepEqual([ben.gained.map((m) => [m.workflow, m.template]), ben.lost.map((m) => [m.workflow, m.template])],
      [[['abandoned-cart', 'cart_still_there']], [['promotion', 'black_friday']]]);
    assert.match(await panel.locator('[data-testid=compare-contacts] > li[data-contact="ben"]').innerText(), /no longer gets black_friday from promotion/);
    // Published on Black Friday at midnight: the older cart runs until then, the
    // cart as loaded from then on, beside the other workflows. Ben, waiting
    // for the 09:00 reminder, stays.
    await panel.locator('[data-testid=compare-publish-at]').fill('+4d');
    await panel.locator('[data-testid=compare-publish]').click();
    await waitFor(page, () => document.querySelector('[data-testid=compare-published]'), undefined, 30000);
    const published = await page.evaluate((t) => window.flowproofPage.tester.diff(t, { publishAt: '+4d' }), old);
    const migrated = await migratedRows(panel);
    assert.deepEqual(migrated, published.publish.migrated.map((m) => [m.contact, m.rule]));
    assert.deepEqual(migrated, [['ben', 'kept']]);
    if (process.env.FLOWPROOF_SCREENSHOT) await page.locator('.fp-main').screenshot({ path: process.env.FLOWPROOF_SCREENSHOT.replace(/\.png$/, '-portfolio.png') });
    site.assertClean(page);
    await page.close();
  });

  test('a portfolio with a population: the other workflows\' figures that the edit moves', async () => {
    const page = await site.newPage();
    await page.setViewportSize({ width: 1400, height: 1100 });
    await openAt(page, site.url('?src=fixtures/portfolio-shop/audience.fixture.json'));
    const { panel, api } = await compareWithOlderCart(page);
    const p = api.forecast.portfolio;
    assert.equal(api.forecast.workflow, 'abandoned-cart');
    const table = panel.locator('[data-testid=compare-forecast]');
    assert.match(await table.innerText(), /Workflow abandoned-cart’s own figures inside the portfolio/);
    // The older cart sent one email fewer: the promotion, not edited, now sends less and is held back more.
    const cells = (key) => table.locator(`tr[data-figure="${key}"] td`).allInnerTexts();
    const n = (x) => x.toLocaleString('en-US');
    const delta = (d) => (d > 0 ? `+${n(d)}` : `−${n(Math.abs(d))}`);
    for (const key of ['sent', 'suppressed_by_portfolio_cap']) {
      const figure = p[key].promotion;
      assert.notEqual(figure.delta, 0, key);
      assert.deepEqual(await cells(`portfolio.${key}.promotion`), [n(figure.old), n(figure.new), delta(figure.delta)], key);
    }
    // Figures that did not move are counted, not listed.
    assert.equal(p.enrolled.promotion.delta, 0);
    assert.equal(await table.locator('tr[data-figure="portfolio.enrolled.promotion"]').count(), 0);
    if (process.env.FLOWPROOF_SCREENSHOT) await table.screenshot({ path: process.env.FLOWPROOF_SCREENSHOT.replace(/\.png$/, '-portfolio-forecast.png') });
    site.assertClean(page);
    await page.close();
  });

  test('a fixture with a population: the forecast figures before and now, as tester.diff gives them', async () => {
    const page = await site.newPage();
    await page.setViewportSize({ width: 1400, height: 1100 });
    await page.goto(site.url(''));
    await page.evaluate(() => localStorage.clear());
    await page.goto(site.url(''));
    await idle(page);
    // tests/golden/diff-cohort: the offer a day later; the fixture with the newer workflow inlined.
    const dir = path.join(root, 'tests/golden/diff-cohort');
    const fixture = JSON.parse(readFileSync(path.join(dir, 'audience.fixture.json'), 'utf8'));
    fixture.workflow = JSON.parse(readFileSync(path.join(dir, 'new.workflow.json'), 'utf8'));
    const old = readFileSync(path.join(dir, 'old.workflow.json'), 'utf8');
    await page.evaluate((t) => window.flowproofPage.openText(t), JSON.stringify(fixture, null, 2));
    await idle(page);
    await waitFor(page, () => window.flowproofPage?.status);
    await page.evaluate((t) => window.flowproofPage.compare.withText(t, 'old.workflow.json'), old);
    const panel = await comparedPanel(page);
    assert.equal(await panel.getAttribute('data-state'), 'result', await panel.innerText());
    const api = await page.evaluate((t) => window.flowproofPage.tester.diff(t), old);
    const rate = api.forecast.goal.rate;
    const table = panel.locator('[data-testid=compare-forecast]');
    const cells = await table.locator('tr[data-figure="goal.rate"] td').allInnerTexts();
    const pct = (x) => `${(x * 100).toFixed(2)}%`;
    const ci = (c) => `[${pct(c[0])}, ${pct(c[1])}]`;
    assert.deepEqual(cells, [`${pct(rate.old)} ${ci(api.forecast.goal.ci95.old)}`, `${pct(rate.new)} ${ci(api.forecast.goal.ci95.new)}`, `−${Math.abs(rate.delta * 100).toFixed(2)} points`]);
    assert.deepEqual(await table.locator('tr[data-figure="exits.expired"] td').allInnerTexts(), [String(api.forecast.exits.expired.old), String(api.forecast.exits.expired.new), `+${api.forecast.exits.expired.delta}`]);
    assert.equal(await table.locator('tr[data-figure="messages.offer_b"]').count(), 1);
    assert.equal(await table.locator('tr[data-figure="variants.offer_test.B"]').count(), 1);
    assert.match(await table.innerText(), /401 contacts, seed 11/);
    if (process.env.FLOWPROOF_SCREENSHOT) await panel.screenshot({ path: process.env.FLOWPROOF_SCREENSHOT.replace(/\.png$/, '-forecast.png') });
    site.assertClean(page);
    await page.close();
  });
});
