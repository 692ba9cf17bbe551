// Shared set-up for the browser tests (node --test tests/browser/):
// a fresh build of the site in a temporary folder, served on loopback ports,
// and Chromium driven by playwright-core with a new empty profile. Every page
// is watched: console errors, uncaught exceptions and Content Security Policy
// violations fail the test (assertClean).
//
//   const site = await openSite();           // skips (t.skip) when not buildable
//   const page = await site.newPage();
//   await page.goto(site.url('test-data/api-page.html'));
//   ...
//   site.assertClean(page);
//   await site.close();
//
// Environment: FLOWPROOF_WASM_DIR (the module; default
// <FLOWPROOF_WASM_BUILD or build-wasm>/wasm), FLOWPROOF_NATIVE_BUILD (default
// build/, for the native CLI), CHROMIUM (default /usr/bin/chromium).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dataDir = path.join(root, 'tests', 'browser', 'data');

export function wasmDir() {
  if (process.env.FLOWPROOF_WASM_DIR) return path.resolve(process.env.FLOWPROOF_WASM_DIR);
  return path.join(path.resolve(root, process.env.FLOWPROOF_WASM_BUILD ?? 'build-wasm'), 'wasm');
}

export function nativeCli() {
  const cli = path.join(path.resolve(root, process.env.FLOWPROOF_NATIVE_BUILD ?? 'build'), 'flowproof');
  return existsSync(cli) ? cli : null;
}

export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Why the browser tests cannot run here, or false. */
export function skipReason() {
  const dir = wasmDir();
  if (!existsSync(path.join(dir, 'flowproof_wasm.js')) || !existsSync(path.join(dir, 'flowproof_wasm.wasm'))) {
    return `no WebAssembly module in ${dir}: build the flowproof_wasm target first (bash tools/build.sh)`;
  }
  if (!existsSync(chromiumPath)) return `no Chromium at ${chromiumPath} (bash tools/setup.sh installs it)`;
  return false;
}

/** `flowproof simulate FILE` with the native CLI: its stdout, or null without a CLI. */
export function nativeSimulate(file) {
  const cli = nativeCli();
  if (!cli) return null;
  const result = spawnSync(cli, ['simulate', file], { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20 });
  assert.equal(result.status, 0, `flowproof simulate ${file} failed: ${result.stderr}`);
  return result.stdout;
}

let built = null;

/** Builds the site once per process into a temporary folder, with tests/browser/data as test-data/. */
async function buildSite() {
  if (!built) {
    built = (async () => {
      const { build } = await import('../../web/build.mjs');
      const tmp = await mkdtemp(path.join(os.tmpdir(), 'flowproof-browser-'));
      const out = path.join(tmp, 'site');
      await build({ wasmDir: wasmDir(), out, minify: true, log: () => {} });
      await symlink(dataDir, path.join(out, 'test-data'), 'dir');
      process.once('exit', () => {
        spawnSync('rm', ['-rf', tmp]);
      });
      return { tmp, out };
    })();
  }
  return built;
}

/**
 * Builds and serves the site on `origins` loopback ports (several ports are
 * several origins, for the iframe tests) and launches Chromium.
 * @param {{origins?: number}} [options]
 */
export async function openSite({ origins = 1 } = {}) {
  const { out } = await buildSite();
  const { startServer } = await import('../../web/serve.mjs');
  const servers = [];
  for (let i = 0; i < origins; i++) servers.push(await startServer({ root: out, port: 0 }));
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(path.join(os.tmpdir(), 'flowproof-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const problems = new Map(); // page -> [text]
  const record = (page, text) => {
    if (!problems.has(page)) problems.set(page, []);
    problems.get(page).push(text);
  };
  await context.exposeBinding('__fpViolation', ({ page }, v) => record(page, `CSP violation in ${v.url}: ${v.directive} blocked ${v.blocked}`));
  await context.addInitScript(() => {
    // Traps for the hostile-input tests: any script that runs sets these.
    window.__pwned = 0;
    const trap = (name) => () => {
      window.__pwned = name;
    };
    window.alert = trap('alert');
    window.confirm = trap('confirm');
    window.prompt = trap('prompt');
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__fpViolation({ url: String(e.documentURI), directive: e.effectiveDirective, blocked: String(e.blockedURI), sample: e.sample });
    });
  });
  const watch = (page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') record(page, `console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => record(page, `uncaught: ${e.message}`));
    page.on('crash', () => record(page, 'page crashed'));
  };
  context.on('page', watch);
  for (const page of context.pages()) watch(page);

  const origin = (i = 0) => new URL(servers[i].url).origin;
  return {
    context,
    servers,
    /** URL of a path on origin `i`. */
    url: (p = '', i = 0) => new URL(p, servers[i].url).href,
    origin,
    async newPage() {
      const page = await context.newPage();
      return page;
    },
    /**
     * A new tab on empty storage, for a test that must not see an earlier
     * test's draft. The tester saves its draft on pagehide, so the earlier
     * tabs are closed first (each saves as it goes), then the origin's
     * storage is cleared before the new tab loads anything.
     */
    async freshPage() {
      for (const open of context.pages()) await open.close();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Storage.clearDataForOrigin', { origin: origin(), storageTypes: 'local_storage' });
      await cdp.detach();
      return page;
    },
    problems: (page) => problems.get(page) ?? [],
    /** Forgets recorded problems matching `pattern` (a test that provokes one on purpose). */
    allow(page, pattern) {
      problems.set(page, (problems.get(page) ?? []).filter((text) => !pattern.test(text)));
    },
    /** Fails on console errors, uncaught exceptions and CSP violations seen by the page (and its frames). */
    assertClean(page) {
      assert.deepEqual(problems.get(page) ?? [], [], 'the page logged errors or violated its CSP');
    },
    /** window.__pwned in every frame of the page (0 everywhere when nothing ran). */
    async pwned(page) {
      const values = [];
      for (const frame of page.frames()) values.push(await frame.evaluate(() => window.__pwned).catch(() => 'unreadable'));
      return values;
    },
    async close() {
      await context.close();
      await Promise.all(servers.map((s) => s.close()));
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until `predicate` (evaluated in the page) is truthy. */
export async function waitFor(page, predicate, arg, timeout = 15000) {
  await page.waitForFunction(predicate, arg, { timeout, polling: 50 });
}
