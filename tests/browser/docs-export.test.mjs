// The page's "Export documentation": after a run, the button asks for a
// contact and downloads one HTML file, written by the core, with the page's
// own diagram and a preview of every message that contact got. The file is
// opened in Chromium: it makes no request to anywhere, runs no script,
// shows email only in sandboxed frames, and the hostile fixture's text
// stays text. A screenshot is left in $FLOWPROOF_SHOTS (if set) to look at.
//
//   node --test tests/browser/docs-export.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSite, skipReason, waitFor } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const channelsPath = path.join(here, 'data-page', 'channels.fixture.json');
const hostilePath = path.join(here, 'data-page', 'hostile.fixture.json');
const skip = skipReason();
if (skip) console.log(`docs export: skipped, ${skip}`);

async function idle(page) {
  await waitFor(page, () => {
    const root = document.getElementById('fp-app');
    return root?.dataset.state === 'ready' && root.dataset.busy !== '1' && root.dataset.pending !== '1' && root.dataset.reading !== '1';
  });
}

async function exportFrom(site, fixturePath, contact) {
  const page = await site.newPage();
  await page.goto(site.url(''));
  await idle(page);
  await page.setInputFiles('[data-testid=file-input]', fixturePath);
  await waitFor(page, () => window.flowproofPage?.status && document.getElementById('fp-app').dataset.busy !== '1');
  await idle(page);
  await page.click('[data-testid=run-to-end]');
  await waitFor(page, () => window.flowproofPage.status.finished);
  await idle(page);
  await page.click('[data-testid=export-docs]');
  await page.selectOption('[data-testid=export-docs-contact]', contact);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=dialog-download]')]);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flowproof-export-'));
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  site.assertClean(page);
  await page.close();
  return { file, dir, html: readFileSync(file, 'utf8') };
}

async function openExported(site, file) {
  const page = await site.newPage();
  const outside = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('about:')) outside.push(u);
  });
  await page.goto(`file://${file}`);
  await page.waitForTimeout(300);
  return { page, outside };
}

test('Export documentation downloads the document with the page diagram and message previews', { skip, timeout: 180000 }, async () => {
  const site = await openSite();
  try {
    const { file, dir, html } = await exportFrom(site, channelsPath, 'ana');
    assert.match(path.basename(file), /\.docs\.html$/);
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /default-src 'none'/);
    assert.match(html, /data-node="/, 'the page\'s own diagram (its nodes carry data-node)');
    assert.match(html, /Messages for <code>ana<\/code>/);
    const { page, outside } = await openExported(site, file);
    const seen = await page.evaluate(() => ({
      scripts: document.scripts.length,
      previews: document.querySelectorAll('.fp-preview').length,
      frames: [...document.querySelectorAll('iframe')].map((f) => f.getAttribute('sandbox')),
      nodes: document.querySelectorAll('svg .fp-node').length,
      headings: [...document.querySelectorAll('h2')].map((h) => h.textContent),
    }));
    assert.equal(seen.scripts, 0);
    assert.ok(seen.previews >= 2, `previews: ${seen.previews}`);
    assert.ok(seen.frames.length >= 1 && seen.frames.every((s) => s === ''), `email frames sandboxed: ${seen.frames}`);
    assert.ok(seen.nodes > 3);
    for (const h of ['Diagram', 'Entry', 'Exit', 'Steps', 'Timing', 'Content']) assert.ok(seen.headings.includes(h), h);
    assert.deepEqual(outside, [], 'the exported file loads nothing from elsewhere');
    if (process.env.FLOWPROOF_SHOTS) {
      await page.setViewportSize({ width: 1200, height: 900 });
      await page.screenshot({ path: path.join(process.env.FLOWPROOF_SHOTS, 'docs-export-top.png') });
      await page.locator('#messages').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(process.env.FLOWPROOF_SHOTS, 'docs-export-messages.png') });
    }
    await page.close();
    rmSync(dir, { recursive: true, force: true });
  } finally {
    await site.close();
  }
});

test('an exported hostile fixture stays inert', { skip, timeout: 180000 }, async () => {
  const site = await openSite();
  try {
    const fixture = JSON.parse(readFileSync(hostilePath, 'utf8'));
    const contact = String(fixture.contacts?.[0]?.id ?? '');
    const { file, dir } = await exportFrom(site, hostilePath, contact);
    const { page, outside } = await openExported(site, file);
    // The frames are sandboxed without scripts; the document's own window is checked.
    assert.equal(await page.evaluate(() => window.__pwned), 0, 'no script of the fixture ran');
    assert.equal(await page.evaluate(() => document.scripts.length), 0);
    assert.deepEqual(outside, []);
    await page.close();
    rmSync(dir, { recursive: true, force: true });
  } finally {
    await site.close();
  }
});
