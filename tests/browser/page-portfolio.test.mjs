// The page's Portfolio tab in Chromium: open the gallery's online-shop
// portfolio (five workflows, one cap), run to the end, and read the map (a
// box per workflow in priority order, the enroll and unenroll arrows of the
// golden trace's workflows, a click on a box switching the diagram) and the
// day view (the Black Friday email the portfolio cap suppressed beside Ben's
// cart reminder; without the cap, the same two emails collide at one
// instant). A fixture of one workflow says it has no portfolio. No console
// errors or CSP violations.
//
//   node --test tests/browser/page-portfolio.test.mjs
//   (screenshots to look at: test-results/portfolio-tab.png, portfolio-collision.png,
//   portfolio-shared-trigger.png)

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openSite, root, skipReason, waitFor } from './helpers.mjs';

const skip = skipReason();
if (skip) console.log(`browser portfolio tests: skipped, ${skip}`);
const shots = path.join(root, 'test-results');

async function idle(page) {
  await waitFor(page, () => {
    const r = document.getElementById('fp-app');
    return r?.dataset.state === 'ready' && r.dataset.busy !== '1' && r.dataset.pending !== '1' && r.dataset.reading !== '1';
  }, undefined, 60000);
}

async function runToEnd(page) {
  await page.click('[data-testid=run-to-end]');
  await waitFor(page, () => window.flowproofPage?.status?.finished, undefined, 60000);
  await idle(page);
}

describe('the Portfolio tab', { skip }, () => {
  let site;
  before(async () => {
    site = await openSite();
    mkdirSync(shots, { recursive: true });
  });
  after(async () => {
    await site?.close();
  });

  test('the shop portfolio: map of five workflows with its arrows, a box switches the diagram, the day view shows the cap at work', async () => {
    const page = await site.freshPage();
    await page.goto(site.url('?src=fixtures/portfolio-shop/shop.fixture.json'));
    await idle(page);
    await waitFor(page, () => window.flowproofPage?.status);
    await runToEnd(page);
    assert.equal(await page.locator('[data-testid=tab-portfolio]').innerText(), 'Portfolio (5)');
    await page.click('[data-testid=tab-portfolio]');
    await page.waitForSelector('[data-testid=pf-map]');

    // Five boxes, in the order they take turns (portfolio.priority).
    const boxes = page.locator('[data-testid=pf-box]');
    assert.equal(await boxes.count(), 5);
    const ids = await boxes.evaluateAll((els) => els.map((e) => e.getAttribute('data-workflow')));
    assert.deepEqual(ids, ['order-updates', 'abandoned-cart', 'welcome', 'win-back', 'promotion']);
    assert.match(await boxes.nth(0).getAttribute('aria-label'), /priority 1; enrols on event 'purchase_completed'/);

    // Order updates unenrolls from the cart and win-back flows; welcome enrols into the promotion.
    const edges = await page.locator('[data-testid=pf-edge]').evaluateAll((els) => els.map((e) => `${e.dataset.kind} ${e.dataset.from}>${e.dataset.to} ${e.dataset.node}`));
    assert.deepEqual(edges.sort(), ['enroll welcome>promotion to_promotion', 'unenroll order-updates>abandoned-cart stop_cart', 'unenroll order-updates>win-back stop_win_back']);
    assert.equal(await page.locator('[data-testid=pf-event]').count(), 0, 'no trigger event shared in the shop');

    // Counts on the boxes, when the contact summaries carry each workflow's state.
    if (await page.locator('[data-testid=pf-box-counts]').count()) {
      assert.match(await page.locator('[data-testid=pf-box][data-workflow=promotion] [data-testid=pf-box-counts]').textContent(), /ever enrolled/);
    }

    // The day view: Ben's Friday (London), the cart reminder sent and Black Friday struck out by the portfolio cap.
    const summary = await page.locator('[data-testid=pf-day-summary]').innerText();
    assert.match(summary, /^0 contact-days with collisions/);
    assert.match(summary, /the portfolio cap suppressed 1 of promotion/);
    const benFriday = page.locator('[data-testid=pf-day][data-contact=ben][data-date="2026-11-27"]');
    const chips = await benFriday.locator('[data-testid=pf-chip]').evaluateAll((els) => els.map((e) => `${e.dataset.kind} ${e.dataset.workflow} ${e.dataset.template} ${e.textContent}`));
    assert.deepEqual(chips, ['sent abandoned-cart cart_still_there 09:00 abandoned-cart · cart_still_there', 'suppressed promotion black_friday 09:00 promotion · black_friday' + 'portfolio cap']);
    assert.equal(await benFriday.getAttribute('data-collision'), null, 'a suppressed send is no collision');
    // Dev (Los Angeles) has a 22 November: the clock starts at 16:00 there.
    assert.equal(await page.locator('[data-testid=pf-day][data-contact=dev][data-date="2026-11-22"]').getAttribute('class'), 'fp-pf-day');
    // Tall enough for the whole tab below the page's sticky clock, for the picture.
    await page.setViewportSize({ width: 1280, height: 2000 });
    await page.locator('[data-testid=panel-portfolio]').screenshot({ path: path.join(shots, 'portfolio-tab.png') });
    await page.setViewportSize({ width: 1280, height: 900 });

    // A click on a row selects the contact.
    await page.click('[data-testid=pf-row][data-contact=chloe] .fp-pf-zone');
    await waitFor(page, () => window.flowproofPage.model().selectedContact === 'chloe');
    await page.waitForSelector('[data-testid=pf-row][data-contact=chloe].fp-pf-row--selected');

    // A click on a box shows that workflow in the diagram (the lead's switcher), and the box is the selected one.
    await page.click('[data-testid=pf-box][data-workflow=welcome]');
    await waitFor(page, () => window.flowproofPage.model().workflowId === 'welcome');
    await idle(page);
    await page.waitForSelector('[data-testid=pf-box][data-workflow=welcome][aria-pressed=true]');
    // Enter on a focused box does the same.
    await page.focus('[data-testid=pf-box][data-workflow=promotion]');
    await page.keyboard.press('Enter');
    await waitFor(page, () => window.flowproofPage.model().workflowId === 'promotion');
    await idle(page);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.workflow), 'promotion', 'the focus stays on the box after the redraw');
    site.assertClean(page);
  });

  test('without the portfolio cap, the cart reminder and Black Friday collide at one instant', async () => {
    const page = await site.freshPage();
    await page.goto(site.url('?src=fixtures/portfolio-shop/shop.fixture.json'));
    await idle(page);
    await waitFor(page, () => window.flowproofPage?.status);
    await page.evaluate(() => window.flowproofPage.editFixture((doc) => {
      delete doc.portfolio.frequency_cap;
    }));
    await idle(page);
    await runToEnd(page);
    await page.click('[data-testid=tab-portfolio]');
    const benFriday = page.locator('[data-testid=pf-day][data-contact=ben][data-date="2026-11-27"]');
    await benFriday.waitFor();
    assert.equal(await benFriday.getAttribute('data-collision'), 'instant');
    assert.equal(await benFriday.locator('[data-testid=pf-collision]').innerText(), '2 at one instant');
    assert.deepEqual(await benFriday.locator('[data-testid=pf-chip]').evaluateAll((els) => els.map((e) => e.dataset.template)), ['cart_still_there', 'black_friday']);
    assert.match(await page.locator('[data-testid=pf-day-summary]').innerText(), /most messages to one contact in a day: 2 \(ben, Fri 27 Nov\) · the portfolio cap suppressed nothing/);
    await benFriday.scrollIntoViewIfNeeded();
    await page.locator('[data-testid=pf-dayview]').screenshot({ path: path.join(shots, 'portfolio-collision.png') });
    site.assertClean(page);
  });

  test('three workflows on one event: one pill, the pairs the priority does not order flagged, and three emails at one instant', async () => {
    const workflow = (id) => ({
      format: 'flowproof.workflow/1',
      id,
      name: `Sign-up ${id.slice(-1).toUpperCase()}`,
      entry: { triggers: [{ type: 'event', event: 'signed_up' }] },
      start: 'send',
      nodes: { send: { type: 'send', channel: 'email', template: 'hello', next: 'done' }, done: { type: 'exit' } },
      templates: { hello: { channel: 'email', subject: `Hello from ${id}`, text: 'Hello' } },
    });
    const fixture = {
      format: 'flowproof.fixture/1',
      name: 'Three sign-up workflows',
      workflows: [workflow('signup-a'), workflow('signup-b'), workflow('signup-c')],
      portfolio: { priority: ['signup-a', 'signup-b'] },
      clock: { start: '2026-11-23T00:00:00Z', until: '+2d' },
      seed: 1,
      contacts: [{ id: 'zoe', timezone: 'Europe/Berlin', email: 'zoe@example.de' }],
      // 23:30 UTC on the 23rd is 00:30 on the 24th in Berlin.
      script: [{ at: '+23h30m', contact: 'zoe', event: 'signed_up' }],
    };
    const page = await site.freshPage();
    await page.goto(site.url(''));
    await idle(page);
    await page.evaluate((text) => window.flowproofPage.openText(text), JSON.stringify(fixture));
    await idle(page);
    await waitFor(page, () => window.flowproofPage?.status);
    await runToEnd(page);
    await page.click('[data-testid=tab-portfolio]');
    await page.waitForSelector('[data-testid=pf-map]');
    const pill = page.locator('[data-testid=pf-event]');
    assert.equal(await pill.count(), 1);
    assert.equal(await pill.getAttribute('data-event'), 'signed_up');
    assert.match(await pill.getAttribute('class'), /fp-pf-event--overlap/);
    assert.equal(await pill.locator('.fp-pf-event-link').count(), 3, 'a link to each workflow');
    const notes = await page.locator('[data-testid=pf-overlap]').allInnerTexts();
    assert.deepEqual(notes.map((n) => n.match(/^'([^']+)' and '([^']+)'/).slice(1).join('+')).sort(), ['signup-a+signup-c', 'signup-b+signup-c'], 'as lint finds them: a and b are ordered');
    const cell = page.locator('[data-testid=pf-day][data-contact=zoe][data-date="2026-11-24"]');
    assert.equal(await cell.getAttribute('data-collision'), 'instant');
    assert.equal(await cell.locator('[data-testid=pf-collision]').innerText(), '3 at one instant');
    assert.equal(await page.locator('[data-testid=pf-day][data-contact=zoe][data-date="2026-11-23"] [data-testid=pf-chip]').count(), 0, 'the UTC day is not the local day');
    await page.setViewportSize({ width: 1280, height: 1600 });
    await page.locator('[data-testid=panel-portfolio]').screenshot({ path: path.join(shots, 'portfolio-shared-trigger.png') });
    site.assertClean(page);
  });

  test('a fixture of one workflow: the tab says there is no portfolio, and the arrow keys still walk the tabs', async () => {
    const page = await site.freshPage();
    await page.goto(site.url('?src=fixtures/welcome-series/signups.fixture.json'));
    await idle(page);
    await page.click('[data-testid=tab-forecast]');
    await page.keyboard.press('ArrowRight');
    await waitFor(page, () => document.activeElement?.dataset.testid === 'tab-portfolio');
    assert.match(await page.locator('[data-testid=pf-none]').innerText(), /one workflow: there is no portfolio/);
    await page.keyboard.press('ArrowRight');
    await waitFor(page, () => document.activeElement?.dataset.testid === 'tab-json');
    site.assertClean(page);
  });
});
