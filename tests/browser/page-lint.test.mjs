// Lint findings on the page: a fixture with a branch that can never be
// taken and an email without unsubscribe link shows both in the JSON tab's
// list, as diagnostics in the editor and as a badge on their nodes (the
// email's on the node that sends it); typing the fix into the editor makes
// the branch's finding go everywhere while the email's stays. Hostile text
// in a finding's message stays text in the list, the badge's tooltip and
// the editor's tooltip. A screenshot is left in $FLOWPROOF_SHOTS (if set).
//
//   node --test tests/browser/page-lint.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSite, skipReason, waitFor } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const lintPath = path.join(here, 'data-page', 'lint.fixture.json');
const hostilePath = path.join(here, 'data-page', 'hostile.fixture.json');
const skip = skipReason();
if (skip) console.log(`page lint: skipped, ${skip}`);

/** Opens a fixture file and waits until it ran and its lint findings are in. */
async function openLinted(site, file) {
  const page = await site.newPage();
  await page.goto(site.url(''));
  await waitFor(page, () => document.getElementById('fp-app')?.dataset.state === 'ready');
  await page.setInputFiles('[data-testid=file-input]', file);
  await linted(page);
  return page;
}

/** Waits until the lint findings are those of the editor's text as it stands. */
async function linted(page) {
  await waitFor(page, () => {
    const p = window.flowproofPage;
    const root = document.getElementById('fp-app');
    return p?.status && root.dataset.busy !== '1' && root.dataset.pending !== '1' && root.dataset.linting === '0' && p.state.lint?.text === p.editor.getText();
  });
}

/** What the page shows of the findings: per node badge, the list, the editor. */
function shown(page) {
  return page.evaluate(() => {
    const nodes = {};
    for (const g of document.querySelectorAll('[data-testid=diagram] g.fp-node[data-node]')) {
      const badge = g.querySelector('[data-testid=lint-badge]');
      nodes[g.getAttribute('data-node')] = {
        count: g.getAttribute('data-lint-count'),
        rules: g.getAttribute('data-lint-rules'),
        visible: badge ? getComputedStyle(badge).display !== 'none' : false,
        text: badge?.querySelector('text')?.textContent ?? '',
        title: badge?.querySelector('title')?.textContent ?? '',
      };
    }
    const list = [...document.querySelectorAll('[data-testid=lint-findings] .fp-lint-finding')].map((b) => ({ rule: b.dataset.rule, text: b.textContent }));
    const diagnostics = window.flowproofPage.editor.diagnostics().filter((d) => d.source.startsWith('flowproof lint'));
    return { nodes, list, diagnostics };
  });
}

test('lint findings show in the list, the editor and on the nodes, and go when typing fixes them', { skip, timeout: 180000 }, async () => {
  const site = await openSite();
  try {
    const page = await openLinted(site, lintPath);
    await page.click('[data-testid=tab-json]');
    await waitFor(page, () => document.querySelectorAll('[data-testid=lint-findings] .fp-lint-finding').length > 0);
    let seen = await shown(page);

    // On the diagram: the branch's badge names its rule; the email's finding
    // sits on the node that sends the template; a clean node has none.
    assert.equal(seen.nodes.by_score.count, '1');
    assert.equal(seen.nodes.by_score.rules, 'branch_never_taken');
    assert.equal(seen.nodes.by_score.visible, true);
    assert.match(seen.nodes.by_score.text, /1/);
    assert.match(seen.nodes.by_score.title, /^1 lint finding: branch_never_taken\n/);
    assert.match(seen.nodes.by_score.title, /branch 'hot' is never taken/);
    assert.equal(seen.nodes.send_welcome.rules, 'email_without_unsubscribe');
    assert.equal(seen.nodes.send_offer.count, null);
    assert.equal(seen.nodes.send_offer.visible, false);

    // Beside the validation problems: rule, pointer, message.
    assert.deepEqual(seen.list.map((f) => f.rule), ['branch_never_taken', 'email_without_unsubscribe']);
    assert.match(seen.list[0].text, /\/workflow\/nodes\/by_score\/branches\/1/);
    assert.match(await page.locator('[data-testid=lint-findings] h3').innerText(), /Lint: 2 findings/);
    assert.match(await page.locator('[data-testid=problems] h3').first().innerText(), /No problems/);

    // In the editor: a warning named by its rule, on the branch 'hot'.
    const branch = seen.diagnostics.find((d) => d.source === 'flowproof lint: branch_never_taken');
    assert.ok(branch, JSON.stringify(seen.diagnostics));
    assert.equal(branch.severity, 'warning');
    const underlined = await page.evaluate(({ from, to }) => window.flowproofPage.editor.getText().slice(from, to), branch);
    assert.match(underlined, /"label": "hot"/);
    // Clicking the finding selects its place; the mark is drawn there.
    await page.click('[data-testid=lint-findings] .fp-lint-finding[data-rule=branch_never_taken]');
    await waitFor(page, () => [...document.querySelector('.fp-editor').shadowRoot.querySelectorAll('.fp-lint-range')].some((e) => e.textContent.includes('hot')));

    if (process.env.FLOWPROOF_SHOTS) await page.screenshot({ path: path.join(process.env.FLOWPROOF_SHOTS, 'page-lint.png'), fullPage: true });

    // Typing the fix: 'warm' from 90 up, so 'hot' (80 up) can be taken.
    await page.evaluate(() => {
      const editor = window.flowproofPage.editor;
      const t = editor.getText();
      const at = t.indexOf('50', t.indexOf('"warm"'));
      editor.view.dispatch({ selection: { anchor: at, head: at + 2 } });
      editor.view.focus();
    });
    await page.keyboard.type('90');
    await linted(page);
    await waitFor(page, () => !document.querySelector('[data-testid=lint-findings] .fp-lint-finding[data-rule=branch_never_taken]'));
    seen = await shown(page);
    assert.equal(seen.nodes.by_score.count, null);
    assert.equal(seen.nodes.by_score.visible, false);
    assert.equal(seen.nodes.send_welcome.rules, 'email_without_unsubscribe');
    assert.deepEqual(seen.list.map((f) => f.rule), ['email_without_unsubscribe']);
    assert.deepEqual(seen.diagnostics.map((d) => d.source), ['flowproof lint: email_without_unsubscribe']);
    assert.match(await page.locator('[data-testid=lint-findings] h3').innerText(), /Lint: 1 finding$/);

    // Breaking the JSON hides the findings (they belong to the old text) ...
    await page.keyboard.type('x');
    await waitFor(page, () => window.flowproofPage.problems.length > 0 && !document.querySelector('[data-testid=lint-findings] .fp-lint-finding'));
    assert.deepEqual((await shown(page)).diagnostics, []);
    // ... and mending it brings them back.
    await page.keyboard.press('Backspace');
    await linted(page);
    await waitFor(page, () => document.querySelectorAll('[data-testid=lint-findings] .fp-lint-finding').length === 1);
    site.assertClean(page);
    await page.close();
  } finally {
    await site.close();
  }
});

test('hostile text in lint messages stays text in the list, the badge and the editor', { skip, timeout: 180000 }, async () => {
  const site = await openSite();
  try {
    const page = await openLinted(site, hostilePath);
    await page.click('[data-testid=tab-json]');
    await waitFor(page, () => document.querySelectorAll('[data-testid=lint-findings] .fp-lint-finding').length > 0);
    const seen = await shown(page);
    const email = seen.list.find((f) => f.rule === 'email_without_unsubscribe');
    assert.ok(email, JSON.stringify(seen.list));
    assert.ok(email.text.includes(`email '"><svg onload=window.__pwned='tpl'>' renders no link`), email.text);
    const markup = await page.evaluate(() => document.querySelectorAll('[data-testid=lint-findings] :is(svg, img, script, b), [data-testid=diagram] :is(img, script, b)').length);
    assert.equal(markup, 0, 'no element came out of a message');
    const sender = Object.values(seen.nodes).find((n) => n.rules === 'email_without_unsubscribe');
    assert.ok(sender?.title.includes(`<img src=x onerror="window.__pwned='contact'">`), JSON.stringify(seen.nodes));
    assert.ok(seen.diagnostics.some((d) => d.message.includes(`<img src=x onerror="window.__pwned='contact'">`)));

    // The editor's tooltip of the finding: text as well.
    await page.click('[data-testid=lint-findings] .fp-lint-finding[data-rule=email_without_unsubscribe]');
    const range = page.locator('.fp-editor .fp-lint-range').first();
    await range.waitFor();
    await range.hover();
    const tooltip = page.locator('.fp-editor .cm-tooltip-lint').first();
    await tooltip.waitFor();
    assert.match(await tooltip.innerText(), /renders no link/);
    assert.equal(await tooltip.locator('img, script, svg, b').count(), 0);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(200);
    assert.deepEqual([...new Set(await site.pwned(page))], [0]);
    site.assertClean(page);
    await page.close();
  } finally {
    await site.close();
  }
});
