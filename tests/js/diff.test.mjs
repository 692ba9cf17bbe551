// tester.diff over the WebAssembly module (web/src/api/node/node.js): the
// loaded fixture's workflow is the newer version, the document passed the
// older one, the loaded fixture's contacts run under both. The result is
// `flowproof diff OLD NEW --fixture F --format json` of the native CLI (with
// and without --publish-at), plus `changes` (the text output's lines) and
// `differs` (its exit code). Problems are values naming the document, never
// a rejection.
//
// The pair: fixtures/welcome-series/workflow.json (older) and
// tests/js/data/diff/welcome-v2.workflow.json (newer: waits 3 days, no
// resend for non-openers, another subject for the tips), with the gallery's
// signups as welcome-v2.fixture.json.
//
//   node --test tests/js/diff.test.mjs
//   FLOWPROOF_WASM_DIR=... FLOWPROOF_NATIVE_BUILD=... node --test tests/js/diff.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createNodeTester, defaultWasmDir, wasmBuilt } from '../../web/src/api/node/node.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const wasmDir = defaultWasmDir();
const skip = wasmBuilt(wasmDir) ? false : `no WebAssembly module in ${wasmDir}`;
const cli = path.join(path.resolve(root, process.env.FLOWPROOF_NATIVE_BUILD ?? 'build'), 'flowproof');
const skipCli = skip || (existsSync(cli) ? false : `no native CLI at ${cli}`);
const OLD = 'fixtures/welcome-series/workflow.json';
const NEW = 'tests/js/data/diff/welcome-v2.workflow.json';
const FIXTURE = 'tests/js/data/diff/welcome-v2.fixture.json';
const read = (name) => readFileSync(path.join(root, name), 'utf8');

function diffCli(...args) {
  const r = spawnSync(cli, ['diff', OLD, NEW, '--fixture', FIXTURE, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.ok(r.status === 0 || r.status === 1, `flowproof diff ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r;
}

async function loadedTester() {
  const t = createNodeTester({ wasmDir, baseUrl: pathToFileURL(root + path.sep).href });
  const loaded = await t.loadUrl(pathToFileURL(path.join(root, FIXTURE)));
  assert.ok(loaded.ok, JSON.stringify(loaded.errors));
  return t;
}

/** The result without what the CLI's JSON does not have. */
function asCli(result) {
  const { ok, errors, changes, differs, ...rest } = result;
  return rest;
}

test('diff() is `flowproof diff --fixture --format json` of the CLI, plus the change log and differs', { skip: skipCli }, async () => {
  const t = await loadedTester();
  const result = await t.diff(read(OLD));
  assert.equal(result.ok, true, JSON.stringify(result.errors));
  const json = diffCli('--format', 'json');
  assert.deepEqual(asCli(result), JSON.parse(json.stdout));
  assert.equal(result.differs, json.status === 1);
  assert.equal(result.differs, true);

  // The change log is the text output's, line for line (each line, then its
  // detail, which the text output indents by four spaces).
  const textOut = diffCli().stdout.split('\n');
  const logged = result.changes.flatMap((c) => [c.line, ...c.detail.map((d) => `    ${d}`)]);
  assert.deepEqual(logged, textOut.slice(0, logged.length));
  assert.equal(textOut[logged.length], '', 'then a blank line before the contacts');
  assert.ok(result.changes.some((c) => c.line === 'wait_2d: waits 2 days → 3 days'), JSON.stringify(result.changes));
  assert.deepEqual(result.nodes.removed, ['resend_welcome']);

  // Per contact: bruno loses the resend and gets the offer a day later.
  const bruno = result.contacts.find((c) => c.contact === 'bruno');
  assert.deepEqual(bruno.messages.lost.map((m) => m.template), ['welcome_resend']);
  assert.deepEqual(bruno.messages.changed.map((m) => m.template), ['first_order_offer']);

  // An object works as its text does; the run so far is untouched.
  await t.step();
  const before = await t.status();
  assert.deepEqual(await t.diff(JSON.parse(read(OLD))), result);
  assert.deepEqual(await t.status(), before);
});

test('diff() with publishAt is the CLI with --publish-at: the migrated contacts and how', { skip: skipCli }, async () => {
  const t = await loadedTester();
  const result = await t.diff(read(OLD), { publishAt: '+2d' });
  assert.equal(result.ok, true, JSON.stringify(result.errors));
  assert.deepEqual(asCli(result), JSON.parse(diffCli('--publish-at', '+2d', '--format', 'json').stdout));
  assert.equal(result.publish.at, '2026-11-01T00:00:00Z');
  assert.deepEqual(result.publish.migrated.map((m) => [m.contact, m.rule]), [['alice', 'wait_recomputed'], ['bruno', 'wait_recomputed']]);
});

test('diff() of a version against itself: nothing differs', { skip }, async () => {
  const t = await loadedTester();
  const result = await t.diff(read(NEW));
  assert.equal(result.ok, true);
  assert.equal(result.differs, false);
  assert.deepEqual(result.changes, []);
  assert.deepEqual(result.contacts, []);
});

test('diff() gives problems as values naming the document, located', { skip }, async () => {
  const t = await loadedTester();
  // Malformed JSON: line and column, the older version named.
  const broken = await t.diff('{\n  "format": "flowproof.workflow/1",\n  "nodes": {,\n}');
  assert.equal(broken.ok, false);
  assert.equal(broken.code, 'invalid_input');
  assert.match(broken.errors[0].message, /^the older version: /);
  assert.equal(broken.errors[0].line, 3);

  // A valid JSON document that is no valid workflow: its pointer.
  const old = JSON.parse(read(OLD));
  old.nodes.wait_2d.next = 'nowhere';
  const invalid = await t.diff(old);
  assert.equal(invalid.ok, false);
  assert.ok(invalid.errors.some((e) => e.pointer === '/nodes/wait_2d/next' && /^the older version: /.test(e.message)), JSON.stringify(invalid.errors));

  // A bad publishAt, and no document at all.
  const when = await t.diff(read(OLD), { publishAt: 'tomorrow' });
  assert.equal(when.ok, false);
  assert.equal(when.code, 'invalid_argument');
  assert.match(when.errors[0].message, /publishAt/);
  const none = await t.diff(42);
  assert.equal(none.ok, false);
  assert.match(none.errors[0].message, /^the older version: /);

  // Nothing loaded: a value too.
  const fresh = createNodeTester({ wasmDir });
  const notLoaded = await fresh.diff(read(OLD));
  assert.equal(notLoaded.ok, false);
  assert.equal(notLoaded.code, 'not_loaded');
});

test('diff() reads an older fixture that names its workflow by path, beside a loaded one naming another file', { skip }, async () => {
  const t = await loadedTester();
  // fixtures/welcome-series/signups.fixture.json names "workflow.json", the
  // loaded one "welcome-v2.workflow.json": both are read, neither shadows the other.
  const result = await t.diff(read('fixtures/welcome-series/signups.fixture.json'), { baseUrl: pathToFileURL(path.join(root, 'fixtures/welcome-series/signups.fixture.json')).href });
  assert.equal(result.ok, true, JSON.stringify(result.errors));
  assert.deepEqual(result.nodes.removed, ['resend_welcome']);
});

test('diff() of a fixture with a population gives the forecast figures old -> new, as the CLI does', { skip: skipCli }, async () => {
  // tests/golden/diff-cohort: the offer a day later, 400 synthetic sign-ups.
  const dir = 'tests/golden/diff-cohort';
  const t = createNodeTester({ wasmDir, baseUrl: pathToFileURL(root + path.sep).href });
  const loaded = await t.loadUrl(pathToFileURL(path.join(root, dir, 'audience.fixture.json')));
  assert.ok(loaded.ok, JSON.stringify(loaded.errors));
  const result = await t.diff(read(`${dir}/old.workflow.json`));
  assert.equal(result.ok, true, JSON.stringify(result.errors));
  const r = spawnSync(cli, ['diff', `${dir}/old.workflow.json`, `${dir}/new.workflow.json`, '--fixture', `${dir}/audience.fixture.json`, '--format', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 1, r.stderr);
  const cliJson = JSON.parse(r.stdout);
  assert.deepEqual(result.forecast, cliJson.forecast, 'the same figures, natively and in WebAssembly');
  assert.deepEqual(asCli(result), cliJson);
  const rate = result.forecast.goal.rate;
  assert.ok(rate.new < rate.old, JSON.stringify(rate));
  assert.equal(rate.delta, Math.round((rate.new - rate.old) * 1e6) / 1e6);
  assert.equal(result.forecast.versions, 'full');

  // Published part-way: the named contacts migrate, the forecast says which it is.
  const published = await t.diff(read(`${dir}/old.workflow.json`), { publishAt: '+1d' });
  assert.equal(published.ok, true, JSON.stringify(published.errors));
  assert.match(published.forecast.note, /named contacts only/);
  assert.deepEqual(published.publish.migrated.map((m) => m.contact), ['alice']);

  // Without a population there is no forecast key.
  const plain = await loadedTester();
  assert.equal('forecast' in (await plain.diff(read(OLD))), false);
});
