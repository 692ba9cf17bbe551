// The tester page (web/index.html, dist/app.js) in Chromium, the way a
// marketer uses it: pick an example, Step, Step back, Run to end, read the
// timeline and the node counts, preview every channel, share a link, edit
// and reload, and open a stranger's hostile fixture without any script
// running. Every page must stay free of console errors and CSP violations.
//
//   node --test tests/browser/page.test.mjs
//   (FLOWPROOF_WASM_DIR=... to use another WebAssembly build)

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { nativeCli, openSite, skipReason, waitFor } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataPage = path.join(here, 'data-page');
const channelsPath = path.join(dataPage, 'channels.fixture.json');
const hostilePath = path.join(dataPage, 'hostile.fixture.json');

const skip = skipReason();
if (skip) console.log(`browser page tests: skipped, ${skip}`);

/** Waits until the page is ready and nothing is running. */
async function idle(page) {
  await waitFor(page, () => {
    const root = document.getElementById('fp-app');
    return root?.dataset.state === 'ready' && root.dataset.busy !== '1' && root.dataset.pending !== '1' && root.dataset.reading !== '1';
  });
}

/** A fresh page with empty storage. */
async function freshPage(site) {
  // Storage cleared before the tester loads (see site.freshPage).
  const page = await site.freshPage();
  await page.goto(site.url(''));  // a new tab: its sessionStorage is empty
  await idle(page);
  return page;
}

async function openFile(page, file) {
  await page.setInputFiles('[data-testid=file-input]', file);
  await waitFor(page, () => window.flowproofPage?.status && document.getElementById('fp-app').dataset.busy !== '1');
  await idle(page);
}

async function click(page, testid) {
  await page.click(`[data-testid=${testid}]`);
  await idle(page);
}

const timelineText = (page) => page.locator('[data-testid=timeline]').innerText();
const clockText = (page) => page.locator('[data-testid=clock-now]').innerText();

/** Node counts as the diagram shows them: {id: {now, entered}}. */
async function diagramCounts(page) {
  return page.evaluate(() => {
    const out = {};
    for (const g of document.querySelectorAll('.fp-node[data-node]:not(.fp-node--start)')) {
      out[g.getAttribute('data-node')] = { now: Number(g.getAttribute('data-now')), entered: Number(g.getAttribute('data-entered')) };
    }
    return out;
  });
}

describe('tester page', { skip }, () => {
  let site;
  const pages = [];

  before(async () => {
    site = await openSite({ origins: 2 });
  });

  // Each test's pages close when it ends: left open, they kept autosaving
  // into the storage the next test had just cleared (so a "replace your
  // edits?" dialog appeared at random) and kept their workers busy.
  afterEach(async () => {
    for (const page of pages.splice(0)) {
      site.assertClean(page);
      await page.close();
    }
  });

  after(async () => {
    if (site) {
      for (const page of pages) site.assertClean(page);
      await site.close();
    }
  });

  test('the page has a strict Content Security Policy and Trusted Types', async () => {
    const page = await freshPage(site);
    pages.push(page);
    const csp = await page.getAttribute('meta[http-equiv=Content-Security-Policy]', 'content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'/);
    assert.match(csp, /require-trusted-types-for 'script'/);
    assert.match(csp, /object-src 'none'/);
    assert.match(csp, /frame-src 'none'/, "the email previews are srcdoc frames, which frame-src 'none' still allows");
    // Trusted Types are enforced: an HTML string cannot reach the DOM.
    const blocked = await page.evaluate(() => {
      try {
        document.body.insertAdjacentHTML('beforeend', '<b>x</b>');
        return false;
      } catch {
        return true;
      }
    });
    assert.equal(blocked, true, 'innerHTML-like sinks are refused');
    // That refusal is itself a (wanted) violation report: forget it.
    await page.waitForTimeout(300);
    site.problems(page).length = 0;
  });

  test('a newcomer picks an example, steps, steps back and runs to the end', async () => {
    const page = await freshPage(site);
    pages.push(page);
    // The welcome screen offers the gallery.
    const cards = page.locator('[data-testid=welcome] .fp-gallery-card');
    assert.ok((await cards.count()) >= 5, 'the example gallery is shown');
    await page.click('[data-testid=welcome] .fp-gallery-card[data-path="fixtures/welcome-series/signups.fixture.json"]');
    await idle(page);
    await waitFor(page, () => window.flowproofPage.status?.steps === 0);
    assert.match(await page.locator('[data-testid=fixture-name]').innerText(), /Welcome series/);
    const start = await clockText(page);
    assert.match(start, /^Thu 29 Oct 2026, 20:00$/, 'the clock starts at the fixture start, in the workflow zone');
    assert.equal(await page.locator('[data-testid=clock-zone]').innerText(), 'New York');
    assert.match(await page.locator('[data-testid=timeline-empty]').innerText(), /Nothing has happened yet/);

    // Step: the clock moves to the first moment something happens.
    await click(page, 'step');
    const first = await clockText(page);
    assert.notEqual(first, start);
    const firstSteps = await page.evaluate(() => window.flowproofPage.status.steps);
    await click(page, 'step');
    const second = await clockText(page);
    const secondTimeline = await timelineText(page);
    assert.match(secondTimeline, /Enrolled in the workflow/);
    assert.match(secondTimeline, /Sent email 'welcome': “Welcome to Acme Outdoor, Alice!”/);
    assert.match(secondTimeline, /Waits 2 days, until Sun 1 Nov, 09:00 \(New York\)/);
    assert.deepEqual((await diagramCounts(page)).wait_2d, { now: 1, entered: 1 });

    // Step back: replayed to the step before.
    await click(page, 'step-back');
    assert.equal(await clockText(page), first);
    assert.equal(await page.evaluate(() => window.flowproofPage.status.steps), firstSteps);
    await click(page, 'step');
    assert.equal(await clockText(page), second, 'stepping again gives the same moment');
    assert.equal(await timelineText(page), secondTimeline, 'and the same story');

    // Run to end.
    await click(page, 'run-to-end');
    await waitFor(page, () => window.flowproofPage.status.finished);
    assert.equal(await page.locator('[data-testid=clock]').getAttribute('data-finished'), '1');
    const tl = await timelineText(page);
    assert.match(tl, /Took branch 'opened' because the contact had event 'email_opened' in the last 2 days/);
    assert.match(tl, /Finished at 'done'/);
    // The badges and entered counts are exactly the core's node counts.
    const api = await page.evaluate(() => window.flowproofPage.counts);
    const shown = await diagramCounts(page);
    for (const [id, c] of Object.entries(api)) assert.deepEqual(shown[id], { now: c.now, entered: c.entered }, `counts of ${id}`);
    assert.equal(shown.send_welcome.entered, 2);

    // Bruno's path is highlighted when he is selected; his timeline explains the else branch.
    await page.click('.fp-contact[data-contact=bruno]');
    await idle(page);
    const onPath = await page.$$eval('.fp-node--on-path', (gs) => gs.map((g) => g.getAttribute('data-node')));
    assert.deepEqual(onPath.sort(), ['check_engagement', 'done', 'resend_welcome', 'send_offer', 'send_welcome', 'tag_subscriber', 'wait_2d', 'wait_weekday'].sort());
    assert.ok((await page.locator('.fp-edge--on-path').count()) >= 7);
    const bruno = await timelineText(page);
    assert.match(bruno, /Took the 'else' path because 'opened' \(the contact had event 'email_opened' in the last 2 days\) did not hold/);
    assert.match(bruno, /Held by quiet hours until Sat 31 Oct, 08:00 \(Berlin\)/);

    // Reset goes back to the start.
    await click(page, 'reset');
    assert.equal(await clockText(page), start);
    // Keyboard: N steps (outside text fields).
    await page.locator('[data-testid=clock-now]').click();
    await page.keyboard.press('n');
    await idle(page);
    assert.equal(await clockText(page), first);
    await page.screenshot({ path: '/tmp/flowproof-page-reset.png' });
  });

  test('every example of the gallery opens, runs to the end and previews its messages', async () => {
    const page = await freshPage(site);
    pages.push(page);
    const items = await page.evaluate(async () => (await (await fetch('fixtures/index.json')).json()).map((i) => i.path));
    assert.ok(items.length >= 10);
    for (const item of items) {
      await page.click('[data-testid=examples]');
      await page.evaluate(() => document.querySelectorAll('[data-testid=gallery-dialog] details').forEach((d) => (d.open = true)));
      await page.click(`[data-testid=gallery-dialog] .fp-gallery-card[data-path="${item}"]`);
      if (await page.locator('[data-testid=confirm-replace]').count()) await page.click('[data-testid=dialog-replace]');
      await idle(page);
      await waitFor(page, () => window.flowproofPage.status || window.flowproofPage.problems.length);
      assert.deepEqual(await page.evaluate(() => window.flowproofPage.problems), [], `${item} loads without problems`);
      await click(page, 'run-to-end');
      assert.equal(await page.evaluate(() => window.flowproofPage.status.finished), true, `${item} runs to the end`);
      const nodes = await page.evaluate(() => Object.keys(window.flowproofPage.workflow.nodes).length);
      assert.equal(await page.locator('.fp-node[data-node]:not(.fp-node--start)').count(), nodes, `${item}: every node is drawn`);
      await page.click('[data-testid=tab-messages]');
      await page.click('[data-testid=panel-messages] .fp-segmented button:has-text("Everyone")');
      for (const m of (await page.locator('.fp-msg').all()).slice(0, 6)) await m.click();
      await page.click('[data-testid=timeline-everyone]');
      const story = await page.locator('.fp-panel--timeline').innerText();
      assert.doesNotMatch(story, /undefined|\[object Object\]|NaN/, `${item}: the timeline reads well`);
      if (!/Enrolled/.test(story)) console.log(`  (${item}: nobody enrolled)`);
    }
  });

  test('advance by a duration, breakpoints and coverage', async () => {
    const page = await freshPage(site);
    pages.push(page);
    await openFile(page, channelsPath);
    // Advance 1 hour and 30 minutes: Ana's form arrives at +1h.
    await page.selectOption('[data-testid=advance-select]', 'custom');
    await page.fill('[data-testid=advance-custom]', '1h30m');
    await click(page, 'advance');
    assert.equal(await page.evaluate(() => window.flowproofPage.status.now), '2026-11-02T13:30:00Z');
    assert.match(await page.locator('[data-testid=clock-sub]').innerText(), /1 hour 30 minutes after the start/);
    // A breakpoint on the push node: the run stops when Ben gets there.
    await page.click('.fp-node[data-node=push_hello]');
    await page.click('[data-testid=toggle-breakpoint]');
    assert.equal(await page.locator('.fp-node--bp').count(), 1);
    await click(page, 'run-to-breakpoint');
    assert.equal(await page.evaluate(() => window.flowproofPage.status.now), '2026-11-02T14:00:00Z');
    assert.match(await page.locator('[data-testid=clock-status]').innerText(), /Stopped at breakpoint: ben entered 'push_hello'/);
    // Coverage: the core's report (as `flowproof run --coverage`) beside
    // the diagram, the unreachable node and the untaken paths marked.
    await click(page, 'run-to-end');
    await page.check('[data-testid=coverage-toggle]');
    await idle(page);
    const unvisited = await page.$$eval('.fp-node--unvisited', (gs) => gs.map((g) => g.getAttribute('data-node')));
    assert.deepEqual(unvisited, ['never_used']);
    const report = await page.locator('[data-testid=coverage-report]').innerText();
    assert.match(report, /Coverage 92%/);
    assert.match(report, /8\/9 steps/);
    assert.match(report, /Steps never reached: 'never_used'/);
    assert.ok((await page.locator('.fp-edge--untaken').count()) >= 1, 'the never_used edge is untaken');
    const cli = nativeCli();
    if (cli) {
      const run = spawnSync(cli, ['run', channelsPath, '--coverage', '--format', 'json'], { encoding: 'utf8' });
      const [native] = JSON.parse(run.stdout).coverage;
      const shown = await page.evaluate(() => window.flowproofPage.coverageReport);
      for (const kind of ['percent', 'nodes', 'branches', 'variants', 'exits', 'triggers', 'wait_outcomes']) assert.deepEqual(shown[kind], native[kind], `coverage ${kind} as flowproof run --coverage`);
    }
    // Back before the run: coverage so far says so, and a branch is now missed.
    await click(page, 'reset');
    assert.match(await page.locator('[data-testid=coverage-report]').innerText(), /Coverage 0%.*so far/s);
  });

  test('messages of every channel are previewed; email in a frame without scripts', async () => {
    const page = await freshPage(site);
    pages.push(page);
    await openFile(page, channelsPath);
    await click(page, 'run-to-end');
    await page.click('[data-testid=tab-messages]');
    await page.click('.fp-contact[data-contact=ana]');
    await idle(page);

    // Email: subject, preheader, desktop and mobile frames, sandboxed, srcdoc.
    await page.click('.fp-msg[data-template=welcome]');
    assert.equal(await page.locator('[data-testid=email-subject]').innerText(), 'Welcome, Ana!');
    assert.equal(await page.locator('[data-testid=email-preheader]').innerText(), 'Your first steps inside');
    for (const which of ['desktop', 'mobile']) {
      const frame = page.locator(`[data-testid=email-frame-${which}]`);
      assert.equal(await frame.getAttribute('sandbox'), '', `${which}: sandbox="" (no allow-scripts, no allow-same-origin)`);
      assert.equal(await frame.getAttribute('src'), null, 'content comes from srcdoc');
      assert.match(await frame.getAttribute('srcdoc'), /Hello Ana/);
    }
    assert.equal(await page.locator('[data-testid=email-frame-desktop]').getAttribute('width'), '640');
    assert.equal(await page.locator('[data-testid=email-frame-mobile]').getAttribute('width'), '375');
    const emailFrame = page.frames().find((f) => f !== page.mainFrame() && f.url() === 'about:srcdoc');
    assert.ok(emailFrame, 'the email frame exists');
    await waitFor(page, () => true);
    assert.match(await emailFrame.locator('h1').innerText(), /Hello Ana/);
    // Inline styles and <style> blocks still apply (through the rewritten stylesheet).
    assert.equal(await emailFrame.locator('h1').evaluate((e) => getComputedStyle(e).color), 'rgb(31, 111, 67)');
    assert.equal(await emailFrame.locator('p').evaluate((e) => getComputedStyle(e).color), 'rgb(51, 51, 51)');
    assert.match(await page.locator('.fp-links').innerText(), /1 link/);

    // SMS: a phone bubble with encoding and segments.
    await page.click('.fp-msg[data-template=sms_offer]');
    assert.match(await page.locator('[data-testid=sms-bubble]').innerText(), /^Hi Ana, 10% off today with code HELLO10/);
    assert.match(await page.locator('[data-testid=sms-meta]').innerText(), /GSM-7 encoding · 1 segment · 63 characters/);

    // Ad audience and webhook, as data.
    await page.click('.fp-msg[data-template=engaged]');
    assert.match(await page.locator('[data-testid=audience-line]').innerText(), /Add to audience engaged-signups/);
    assert.match(await page.locator('[data-testid=preview]').innerText(), /8e43ca37701228e74983efdbd0cff5c16b3b1e5d4e29a7c05626d4d25a018e11/);
    await page.click('.fp-msg[data-template=crm]');
    assert.match(await page.locator('[data-testid=webhook-line]').innerText(), /POST https:\/\/crm\.example\/hooks\/signup/);
    assert.match(await page.locator('[data-testid=webhook-body]').innerText(), /"contact": "ana"/);

    // Push: iOS and Android cards, with the core's truncation.
    await page.click('.fp-contact[data-contact=ben]');
    await idle(page);
    await page.click('.fp-msg[data-template=push_hello]');
    assert.match(await page.locator('[data-testid=push-ios]').innerText(), /Welcome Ben[\s\S]*get your welcome gift\./);
    assert.match(await page.locator('[data-testid=push-android]').innerText(), /Tap to finish setting up your account and get you…/);

    // A suppressed send: the reason, and what it would have said.
    await page.click('.fp-contact[data-contact=cara]');
    await idle(page);
    await page.click('.fp-msg--suppressed[data-template=sms_offer]');
    await waitFor(page, () => document.querySelector('[data-testid=sms-bubble]'));
    assert.match(await page.locator('[data-testid=preview]').innerText(), /Not sent \(the contact has not consented to this channel\)/);
    assert.match(await timelineText(page), /SMS 'sms_offer' not sent: the contact has not consented to this channel/);
    await page.screenshot({ path: '/tmp/flowproof-page-messages.png', fullPage: true });
  });

  test('a share link opens the same state in a new page', async () => {
    const page = await freshPage(site);
    pages.push(page);
    await openFile(page, channelsPath);
    await click(page, 'step');
    await click(page, 'step');
    await page.click('.fp-contact[data-contact=ben]');
    await idle(page);
    await page.click('[data-testid=share]');
    const url = await page.locator('[data-testid=share-url]').inputValue();
    await page.click('[data-testid=dialog-close]');
    assert.match(url, /#f=[A-Za-z0-9_-]+$/, 'the fixture is in the fragment');
    const before = { clock: await clockText(page), timeline: await timelineText(page), name: await page.locator('[data-testid=fixture-name]').innerText(), steps: await page.evaluate(() => window.flowproofPage.status.steps) };
    assert.ok(before.steps >= 2);

    // Another person (another browser profile would do the same): storage cleared.
    const other = await site.newPage();
    pages.push(other);
    await other.goto(site.url(''));
    await other.evaluate(() => (localStorage.clear(), sessionStorage.clear()));
    await other.goto(url);
    await idle(other);
    await waitFor(other, (steps) => window.flowproofPage?.status?.steps === steps, before.steps);
    assert.equal(await clockText(other), before.clock);
    assert.equal(await other.locator('[data-testid=fixture-name]').innerText(), before.name);
    assert.equal(await other.evaluate(() => window.flowproofPage.selectedContact), 'ben');
    assert.equal(await timelineText(other), before.timeline);
    // The link works on another origin too (any static host).
    const elsewhere = await site.newPage();
    pages.push(elsewhere);
    await elsewhere.goto(url.replace(site.origin(0), site.origin(1)));
    await idle(elsewhere);
    await waitFor(elsewhere, (steps) => window.flowproofPage?.status?.steps === steps, before.steps);
    assert.equal(await clockText(elsewhere), before.clock);
    // A damaged link says so instead of failing silently.
    const broken = await site.newPage();
    pages.push(broken);
    await broken.goto(`${site.url('')}#f=AAAA`);
    await idle(broken);
    assert.match(await broken.locator('[data-testid=banners]').innerText(), /damaged/);
  });

  test('edits survive a reload and nothing typed is replaced without asking', async () => {
    const page = await freshPage(site);
    pages.push(page);
    await openFile(page, channelsPath);
    await page.click('.fp-contact[data-contact=ana]');
    await idle(page);
    await page.click('[data-testid=tab-contact]');
    await page.fill('[data-testid=contact-form] input[name=first_name]', 'Anabel');
    await waitFor(page, () => window.flowproofPage.fixture.contacts[0].first_name === 'Anabel');
    await idle(page);
    await click(page, 'run-to-end');
    await page.click('[data-testid=tab-messages]');
    await page.click('.fp-msg[data-template=welcome]');
    assert.equal(await page.locator('[data-testid=email-subject]').innerText(), 'Welcome, Anabel!', 'the edit is rendered');
    // A script entry added in the script editor.
    await page.click('[data-testid=tab-script]');
    const rowsBefore = await page.locator('[data-testid=script-table] tbody tr').count();
    await page.click('[data-testid=script-add-exit]');
    assert.equal(await page.locator('[data-testid=script-table] tbody tr').count(), rowsBefore + 1);
    await page.waitForTimeout(400); // the save is debounced

    await page.reload();
    await idle(page);
    await waitFor(page, () => window.flowproofPage?.status?.finished);
    assert.equal(await page.evaluate(() => window.flowproofPage.fixture.contacts[0].first_name), 'Anabel');
    assert.equal(await page.evaluate(() => window.flowproofPage.fixture.script.length), rowsBefore + 1);
    assert.ok(await page.locator('[data-testid=edited]').isVisible(), 'the page says the fixture is edited');

    // Opening an example now asks first; "Keep editing" keeps the edits.
    await page.click('[data-testid=examples]');
    await page.click('[data-testid=gallery-dialog] .fp-gallery-card >> nth=0');
    await page.waitForSelector('[data-testid=confirm-replace]');
    await page.click('[data-testid=dialog-cancel]');
    await idle(page);
    assert.equal(await page.evaluate(() => window.flowproofPage.fixture.contacts[0].first_name), 'Anabel');
    // Undo all edits asks, then restores the file as opened.
    await page.click('[data-testid=revert]');
    await page.click('[data-testid=dialog-revert]');
    await idle(page);
    await waitFor(page, () => window.flowproofPage.fixture.contacts[0].first_name === 'Ana');
  });

  test('contacts are added, renamed, scripted and deleted from the forms', async () => {
    const page = await freshPage(site);
    pages.push(page);
    await openFile(page, channelsPath);
    await click(page, 'add-contact');
    assert.equal(await page.evaluate(() => window.flowproofPage.selectedContact), 'contact-4');
    const form = page.locator('[data-testid=contact-form]');
    await form.locator('input[name=id]').fill('dora');
    await form.locator('input[name=id]').press('Tab');
    await idle(page);
    assert.ok(await page.locator('.fp-contact[data-contact=dora]').isVisible());
    await form.locator('input[name=attr-country], input[aria-label="New attribute name"]').first().fill('country');
    await form.locator('input[aria-label="New attribute value"]').fill('US');
    await form.getByText('Add attribute').click();
    await idle(page);
    assert.equal(await page.evaluate(() => window.flowproofPage.fixture.contacts.find((c) => c.id === 'dora').country), 'US');
    // An event for Dora from the script editor, at the current time (+0s at the start).
    await page.click('[data-testid=tab-script]');
    await page.click('[data-testid=script-add-event]');
    await idle(page);
    await click(page, 'run-to-end');
    await page.click('.fp-contact[data-contact=dora]');
    await idle(page);
    const tl = await timelineText(page);
    assert.match(tl, /Event 'form_submitted' from web/);
    assert.match(tl, /Took branch 'US' because contact\.country was 'US'/);
    // Delete asks first, and takes Dora's script entry with her.
    await page.click('[data-testid=tab-contact]');
    await page.click('[data-testid=delete-contact]');
    await page.click('[data-testid=dialog-delete]');
    await idle(page);
    assert.equal(await page.locator('.fp-contact[data-contact=dora]').count(), 0);
    assert.equal(await page.evaluate(() => window.flowproofPage.fixture.script.some((e) => e.contact === 'dora')), false);
  });

  test('a share link opened over unsaved edits keeps them aside, and they can come back', async () => {
    const page = await freshPage(site);
    pages.push(page);
    await openFile(page, channelsPath);
    await page.click('[data-testid=share]');
    const link = await page.locator('[data-testid=share-url]').inputValue();
    await page.click('[data-testid=dialog-close]');
    // Now edit something else: paste a fixture and change a contact.
    const quick = readFileSync(path.join(here, '..', '..', 'fixtures', 'examples', 'quickstart.fixture.json'), 'utf8');
    await page.click('[data-testid=paste]');
    await page.fill('[data-testid=paste-area]', quick);
    await page.click('[data-testid=paste-load]');
    await idle(page);
    await waitFor(page, () => window.flowproofPage.status);
    await page.waitForTimeout(400);
    // Opening the link in this browser: the pasted fixture is kept aside.
    await page.goto('about:blank');
    await page.goto(link);
    await idle(page);
    await waitFor(page, () => /every channel/.test(window.flowproofPage?.fixture?.name ?? ''));
    assert.match(await page.locator('[data-testid=banners]').innerText(), /kept them aside/);
    await page.click('[data-testid=restore-previous]');
    await idle(page);
    await waitFor(page, () => /Quickstart/.test(window.flowproofPage.fixture?.name ?? ''));
    assert.equal(new URL(page.url()).hash, '', 'the address no longer offers the share');
  });

  test('validation problems are shown beside the JSON they point to', async () => {
    const page = await freshPage(site);
    pages.push(page);
    const fixture = JSON.parse(readFileSync(channelsPath, 'utf8'));
    fixture.workflow.nodes.wait_1d.for = 'two days';
    fixture.workflow.nodes.route.else = 'nowhere';
    await page.click('[data-testid=paste]');
    await page.fill('[data-testid=paste-area]', JSON.stringify(fixture, null, 2));
    await page.click('[data-testid=paste-load]');
    await idle(page);
    await waitFor(page, () => window.flowproofPage.problems.length >= 2);
    assert.match(await page.locator('[data-testid=problems-banner]').innerText(), /The fixture has \d+ problems/);
    await page.click('[data-testid=show-problems]');
    const problems = await page.locator('[data-testid=problems]').innerText();
    assert.match(problems, /\/workflow\/nodes\/wait_1d\/for/);
    assert.match(problems, /\/workflow\/nodes\/route\/else/);
    // The editor underlines the exact text.
    await waitFor(page, () => document.querySelector('.fp-editor').shadowRoot.querySelectorAll('.cm-lintRange-error').length >= 2);
    const marked = await page.evaluate(() => [...document.querySelector('.fp-editor').shadowRoot.querySelectorAll('.cm-lintRange-error')].map((e) => e.textContent));
    assert.ok(marked.some((t) => t.includes('two days')), `the bad duration is marked (${marked})`);
    assert.ok(marked.some((t) => t.includes('nowhere')), 'the bad reference is marked');
    // Fixing it in the editor runs the fixture again.
    await page.evaluate(() => {
      const editor = window.flowproofPage.editor;
      const text = editor.getText().replace('"two days"', '"2d"').replace('"nowhere"', '"push_hello"');
      editor.view.dispatch({ changes: { from: 0, to: editor.view.state.doc.length, insert: text } });
    });
    await waitFor(page, () => window.flowproofPage.problems.length === 0 && window.flowproofPage.status && !window.flowproofPage.stale);
    assert.equal(await page.locator('[data-testid=problems-banner]').isVisible(), false);
    // Malformed JSON points at its line and column.
    await page.evaluate(() => {
      const editor = window.flowproofPage.editor;
      editor.view.dispatch({ changes: { from: 0, to: 1, insert: '{,' } });
    });
    await waitFor(page, () => window.flowproofPage.problems[0]?.line === 1);
    assert.match(await page.locator('[data-testid=problems]').innerText(), /line 1, column 2/);
  });

  test('?src= opens a fixture of this site and refuses other sites', async () => {
    const page = await site.newPage();
    pages.push(page);
    await page.goto(site.url(''));
    await page.evaluate(() => (localStorage.clear(), sessionStorage.clear()));
    await page.goto(site.url('?src=fixtures/examples/quickstart.fixture.json'));
    await idle(page);
    await waitFor(page, () => window.flowproofPage?.status);
    assert.match(await page.locator('[data-testid=fixture-name]').innerText(), /Quickstart/);
    const other = await site.newPage();
    pages.push(other);
    await other.goto(site.url(''));
    await other.evaluate(() => (localStorage.clear(), sessionStorage.clear()));
    await other.goto(site.url(`?src=${encodeURIComponent(site.url('fixtures/examples/quickstart.fixture.json', 1))}`));
    await idle(other);
    assert.match(await other.locator('[data-testid=banners]').innerText(), /Only files from this site/);
    assert.equal(await other.evaluate(() => window.flowproofPage.status), null);
  });

  test('a workflow dropped on the page gets a starter fixture', async () => {
    const page = await freshPage(site);
    pages.push(page);
    const workflowText = readFileSync(path.join(here, '..', '..', 'fixtures', 'welcome-series', 'workflow.json'), 'utf8');
    const dt = await page.evaluateHandle((textValue) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([textValue], 'workflow.json', { type: 'application/json' }));
      return transfer;
    }, workflowText);
    await page.dispatchEvent('body', 'dragenter', { dataTransfer: dt });
    assert.equal(await page.locator('[data-testid=drop-overlay]').isVisible(), true, 'the drop zone shows');
    await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
    await waitFor(page, () => window.flowproofPage?.status);
    await idle(page);
    assert.equal(await page.locator('[data-testid=drop-overlay]').isVisible(), false);
    assert.match(await page.locator('[data-testid=banners]').innerText(), /workflow on its own: it got a test contact/);
    assert.deepEqual(await page.evaluate(() => window.flowproofPage.fixture.contacts.map((c) => c.id)), ['test-contact']);
    await click(page, 'run-to-end');
    assert.match(await timelineText(page), /Enrolled in the workflow/, 'the starter script fires the event trigger');
  });

  test('long runs show their progress and can be cancelled', async () => {
    const page = await freshPage(site);
    pages.push(page);
    const fixture = JSON.parse(readFileSync(channelsPath, 'utf8'));
    fixture.contacts = [];
    fixture.script = [];
    fixture.clock.until = '+30d';
    for (let i = 0; i < 4000; i++) {
      const id = `c${i}`;
      fixture.contacts.push({ id, first_name: `C${i}`, country: i % 2 ? 'US' : 'DE', email: `${id}@example.com` });
      fixture.script.push({ at: `+${Math.floor(i / 4)}m`, contact: id, event: 'form_submitted' });
    }
    await page.evaluate((f) => window.flowproofPage.openText(JSON.stringify(f), { origin: { kind: 'paste', label: 'big' } }), fixture);
    await waitFor(page, () => window.flowproofPage.status, undefined, 60000);
    await idle(page);
    assert.ok((await page.locator('.fp-contact').count()) <= 151, 'a long contact list is capped (search finds the rest)');
    await page.evaluate(() => {
      window.__statuses = [];
      const node = document.querySelector('[data-testid=clock-status]');
      new MutationObserver(() => window.__statuses.push(node.textContent)).observe(node, { childList: true, characterData: true, subtree: true });
    });
    await page.click('[data-testid=run-to-end]');
    await waitFor(page, () => window.__statuses.some((t) => /^Running… \d+%/.test(t)), undefined, 60000);
    assert.equal(await page.locator('[data-testid=cancel]').isVisible(), true);
    await page.click('[data-testid=cancel]');
    await waitFor(page, () => document.getElementById('fp-app').dataset.busy === '0', undefined, 60000);
    assert.match(await page.locator('[data-testid=clock-status]').innerText(), /^Stopped at /);
    assert.equal(await page.evaluate(() => window.flowproofPage.status.finished), false);
    await page.fill('.fp-contact-search', 'c3999');
    assert.equal(await page.locator('.fp-contact').count(), 1);

    // To the end: the page holds only what it shows (the worker keeps the
    // trace): everyone's timeline is the latest lines, a contact's is whole.
    await page.fill('.fp-contact-search', '');
    await click(page, 'run-to-end');
    const held = await page.evaluate(() => ({ lines: window.flowproofPage.trace.length, size: window.flowproofPage.traceSize, messages: window.flowproofPage.messages.length, total: window.flowproofPage.messageTotal }));
    assert.ok(held.size > 20000, `a long trace (${held.size} lines)`);
    assert.ok(held.lines < 100, `the page holds the selected contact's lines only (${held.lines})`);
    assert.ok(held.total >= 8000 && held.messages < 10, `and its messages (${held.messages} of ${held.total})`);
    assert.match(await page.locator('[data-testid=clock-status]').innerText(), /^[\d,]+ things happened \(c\d+, c\d+, c\d+ and [\d,]+ more\), [\d,]+ messages sent\. The run is over\.$/);
    await click(page, 'timeline-everyone');
    assert.match(await page.locator('[data-testid=timeline-latest]').innerText(), /The latest 1,000 of [\d,]+ lines/);
    assert.ok((await page.locator('[data-testid=timeline] .fp-tl').count()) <= 1500);
    await page.click('[data-testid=tab-messages]');
    await page.click('[data-testid=panel-messages] .fp-segmented button:has-text("Everyone")');
    await idle(page);
    assert.match(await page.locator('[data-testid=messages-latest]').innerText(), /The latest 500 of [\d,]+ messages/);
    // A contact far down the list: its whole story, from the worker.
    await page.fill('.fp-contact-search', 'c3999');
    await page.click('.fp-contact[data-contact=c3999]');
    await idle(page);
    const story = await timelineText(page);
    assert.match(story, /Enrolled in the workflow/);
    assert.match(story, /Took branch 'US' because contact.country was 'US'/);
    // Step back cuts the kept results back (no re-reading): the same story
    // up to the previous moment.
    const end = await page.evaluate(() => ({ now: window.flowproofPage.status.nowSeconds, size: window.flowproofPage.traceSize }));
    // (The first goes from the clock's end to the last moment anything
    // happened, the second to the one before.)
    await click(page, 'step-back');
    await click(page, 'step-back');
    const back = await page.evaluate(() => ({ now: window.flowproofPage.status.nowSeconds, size: window.flowproofPage.traceSize }));
    assert.ok(back.now < end.now && back.size < end.size, `the clock and the trace went back (${JSON.stringify({ end, back })})`);
    assert.match(await timelineText(page), /Enrolled in the workflow/);
    assert.equal(await page.evaluate(() => window.flowproofPage.trace.every((l) => l.contact === 'c3999')), true);
  });

  test('expectations pass or fail per expectation, as flowproof run says', async () => {
    const page = await freshPage(site);
    pages.push(page);
    await page.goto(site.url('?src=fixtures/welcome-series/signups.fixture.json'));
    await idle(page);
    const expected = await page.evaluate(() => window.flowproofPage.fixture.expect.length);
    await page.click('[data-testid=tab-expect]');
    await idle(page);
    assert.match(await page.locator("[data-testid=expectations-summary]").innerText(), /met so far — the run is not over/);
    await click(page, 'run-to-end');
    assert.match(await page.locator('[data-testid=expectations-summary]').innerText(), new RegExp(`All ${expected} expectations pass \\(the run is over`));
    assert.equal(await page.locator('[data-testid=expectations] .fp-expect--pass').count(), expected);
    assert.match(await page.locator('[data-testid=tab-expect]').innerText(), new RegExp(`Expectations ${expected} ✓`));
    // Break one: it fails, says what happened instead, and points at itself.
    await page.evaluate(() => {
      const app = window.flowproofPage;
      app.editFixture((doc) => {
        doc.expect[0] = { contact: doc.expect[0].contact ?? doc.contacts[0].id, never_reaches: 'send_welcome' };
      });
    });
    await idle(page);
    await page.click('[data-testid=tab-expect]');
    await idle(page);
    assert.match(await page.locator('[data-testid=expectations-summary]').innerText(), new RegExp(`1 of ${expected} expectations fails`));
    const failed = page.locator('[data-testid=expectations] .fp-expect--fail');
    assert.equal(await failed.count(), 1);
    assert.match(await failed.innerText(), /never reaches send_welcome[\s\S]*Instead: .*entered send_welcome/);
    assert.match(await page.locator('[data-testid=tab-expect]').innerText(), /✗/);
    await failed.locator('button:has-text("Show in the JSON")').click();
    await idle(page);
    assert.equal(await page.locator('[data-testid=panel-json]').isVisible(), true);
    const cli = nativeCli();
    if (cli) {
      // The same verdicts as the command line, expectation by expectation.
      const file = path.join(os.tmpdir(), `flowproof-expect-${process.pid}.fixture.json`);
      const doc = await page.evaluate(() => window.flowproofPage.fixture);
      doc.workflow = JSON.parse(readFileSync(path.join(here, '..', '..', 'fixtures', 'welcome-series', 'workflow.json'), 'utf8'));
      writeFileSync(file, JSON.stringify(doc));
      const run = spawnSync(cli, ['run', file, '--format', 'json'], { encoding: 'utf8' });
      rmSync(file, { force: true });
      const native = JSON.parse(run.stdout).fixtures[0].expectations.map((e) => e.passed);
      const shown = await page.evaluate(() => window.flowproofPage.expectationReport.results.map((r) => r.passed));
      assert.deepEqual(shown, native);
    }
  });

  test('coverage counts the other examples of the same workflow, as flowproof run --coverage over the folder', async () => {
    const page = await freshPage(site);
    pages.push(page);
    await page.goto(site.url('?src=fixtures/welcome-series/signups.fixture.json'));
    await idle(page);
    await click(page, 'run-to-end');
    await page.check('[data-testid=coverage-toggle]');
    await idle(page);
    const alone = await page.locator('[data-testid=coverage-percent]').innerText();
    assert.match(await page.locator('[data-testid=coverage-report]').innerText(), /Exits never reached: goal, expired, opted out/);
    const other = page.locator('[data-testid=coverage-with] input[data-path="fixtures/welcome-series/exits.fixture.json"]');
    assert.equal(await other.count(), 1, 'the other fixture of the workflow is offered');
    await other.check();
    await idle(page);
    const together = await page.locator('[data-testid=coverage-report]').innerText();
    assert.match(together, /by 2 fixtures, each run to its end/);
    assert.match(together, /Exits never reached: expired/);
    assert.notEqual(await page.locator('[data-testid=coverage-percent]').innerText(), alone);
    const cli = nativeCli();
    if (cli) {
      const run = spawnSync(cli, ['run', path.join(here, '..', '..', 'fixtures', 'welcome-series'), '--coverage', '--format', 'json'], { encoding: 'utf8' });
      const [native] = JSON.parse(run.stdout).coverage;
      const shown = await page.evaluate(() => window.flowproofPage.combined.report);
      for (const kind of ['percent', 'nodes', 'branches', 'variants', 'exits', 'triggers', 'wait_outcomes']) assert.deepEqual(shown[kind], native[kind], `coverage ${kind} as flowproof run --coverage`);
    }
    // Unchecked, the fixture's own coverage is back.
    await other.uncheck();
    await idle(page);
    assert.equal(await page.locator('[data-testid=coverage-percent]').innerText(), alone);
  });

  test('the contact list says why a triggered contact was not enrolled', async () => {
    const page = await freshPage(site);
    pages.push(page);
    await page.goto(site.url('?src=fixtures/lead-scoring/handoff.fixture.json'));
    await idle(page);
    await click(page, 'run-to-end');
    const kim = await page.locator('.fp-contact[data-contact=kim] .fp-contact-where').innerText();
    assert.match(kim, /Triggered, but not in the audience/);
    await click(page, 'timeline-everyone');
    assert.match(await timelineText(page), /kim\s*Not enrolled: not in the audience|kim Not enrolled/);
  });

  test('a pasted fixture too large for the browser storage says so, and leaving asks first', async () => {
    const page = await freshPage(site);
    pages.push(page);
    const fixture = JSON.parse(readFileSync(channelsPath, 'utf8'));
    // About 13 MB: more than any browser keeps for a site (strings under the core's 1 MiB limit).
    for (let i = 0; i < 14; i++) fixture.contacts.push({ id: `big${i}`, notes: 'x'.repeat(900 * 1024) });
    await page.evaluate((f) => window.flowproofPage.openText(JSON.stringify(f), { origin: { kind: 'paste', label: 'pasted JSON' } }), fixture);
    await waitFor(page, () => window.flowproofPage.status, undefined, 60000);
    await idle(page);
    await waitFor(page, () => /too large for the browser's storage/.test(document.querySelector('[data-testid=banners]').textContent));
    const asked = new Promise((resolve) => {
      page.once('dialog', (d) => (resolve(d.type()), d.dismiss()));
      setTimeout(() => resolve('no dialog'), 5000);
    });
    await page.close({ runBeforeUnload: true });
    assert.equal(await asked, 'beforeunload', 'closing the page asks before losing the pasted fixture');
    await page.close();
  });

  test('a fixture without expectations says how to add them', async () => {
    const page = await freshPage(site);
    pages.push(page);
    await openFile(page, channelsPath);
    await page.click('[data-testid=tab-expect]');
    assert.match(await page.locator('[data-testid=expectations-empty]').innerText(), /states no expectations[\s\S]*"expect"/);
  });

  test('a hostile fixture runs no script anywhere', async () => {
    const page = await freshPage(site);
    pages.push(page);
    await openFile(page, hostilePath);
    await click(page, 'run-to-end');
    await page.click('[data-testid=timeline-everyone]');
    for (const tab of ['messages', 'contact', 'script', 'json']) {
      await page.click(`[data-testid=tab-${tab}]`);
      if (tab === 'messages') {
        for (const item of await page.locator('.fp-msg').all()) {
          await item.click();
          await page.waitForTimeout(150);
        }
      }
    }
    // Hover and click the hostile names, as a curious tester would.
    for (const g of await page.locator('.fp-node[data-node]').all()) await g.hover();
    await page.click('.fp-node[data-node^="<b"]');
    await page.click('[data-testid=share]');
    await page.click('[data-testid=dialog-close]');
    await page.waitForTimeout(500);
    const pwned = await site.pwned(page);
    assert.ok(pwned.every((v) => v === 0 || v === 'unreadable'), `no script ran: ${JSON.stringify(pwned)}`);
    // The markup stayed text: no element came from the fixture's strings.
    const injected = await page.evaluate(() => document.querySelectorAll('img[src="x"], svg[onload], script:not([src]), [onerror], [onclick], [onmouseover]').length);
    assert.equal(injected, 0);
    assert.match(await page.locator('[data-testid=fixture-name]').innerText(), /<img src=x onerror=/);
    // Prototype-named node ids are ordinary nodes, with their counts.
    assert.equal(await page.locator('.fp-node[data-node=constructor]').getAttribute('data-entered'), '1');
    assert.equal(await page.locator('.fp-node[data-node=__proto__]').getAttribute('data-entered'), '1');
    assert.equal(await page.evaluate(() => ({}).polluted), undefined, 'no prototype was polluted');
    // Every email frame is sandboxed with no permissions and has no script or handler left.
    for (const frame of await page.locator('iframe').all()) {
      assert.equal(await frame.getAttribute('sandbox'), '');
      const srcdoc = await frame.getAttribute('srcdoc');
      assert.doesNotMatch(srcdoc, /<script|<base|<iframe|<object|http-equiv|onerror=|onload=|onclick=|href="javascript|action=|url\(javascript/i);
    }
    await page.screenshot({ path: '/tmp/flowproof-page-hostile.png', fullPage: true });
  });
});
