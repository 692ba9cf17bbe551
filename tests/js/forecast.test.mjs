// tester.forecast over the WebAssembly module (web/src/api/node/node.js):
// the result is `flowproof forecast --format json` of the native CLI for the
// gallery's population fixture (and with --contacts and --runs), its CSV is
// the CLI's, progress rises to 1, and cancel() stops a large forecast, after
// which the tester still works.
//
//   node --test tests/js/forecast.test.mjs
//   FLOWPROOF_WASM_DIR=... FLOWPROOF_NATIVE_BUILD=... node --test tests/js/forecast.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createNodeTester, defaultWasmDir, wasmBuilt } from '../../web/src/api/node/node.js';
import { FlowproofError } from '../../web/src/api/either/errors.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const wasmDir = defaultWasmDir();
const skip = wasmBuilt(wasmDir) ? false : `no WebAssembly module in ${wasmDir}`;
const cli = path.join(path.resolve(root, process.env.FLOWPROOF_NATIVE_BUILD ?? 'build'), 'flowproof');
const skipCli = skip || (existsSync(cli) ? false : `no native CLI at ${cli}`);
const FIXTURE = 'fixtures/forecast-welcome/audience.fixture.json';

function forecastCli(...args) {
  const r = spawnSync(cli, ['forecast', FIXTURE, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `flowproof forecast ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

async function loadedTester() {
  const t = createNodeTester({ wasmDir, baseUrl: pathToFileURL(root + path.sep).href });
  const loaded = await t.loadUrl(pathToFileURL(path.join(root, FIXTURE)));
  assert.ok(loaded.ok, JSON.stringify(loaded.errors));
  return t;
}

test('forecast() is `flowproof forecast --format json` of the CLI, with its options', { skip: skipCli }, async () => {
  const t = await loadedTester();
  const fractions = [];
  t.on('progress', (p) => {
    assert.equal(p.kind, 'forecast');
    fractions.push(p.fraction);
  });
  const result = await t.forecast();
  assert.deepEqual(result, JSON.parse(forecastCli('--format', 'json')));
  assert.equal(result.contacts, 2001, 'the population of 2,000 and Ana');
  assert.ok(result.enrolled > 0 && result.goal.reached > 0, 'a forecast with something in it');
  assert.ok(fractions.length >= 2, 'progress reported');
  assert.deepEqual(fractions, [...fractions].sort((a, b) => a - b), 'progress never goes back');
  assert.equal(fractions.at(-1), 1);

  // `contacts` overrides the population's count; `runs` adds `sd`.
  const options = await t.forecast({ contacts: 300, runs: 2 });
  assert.deepEqual(options, JSON.parse(forecastCli('--contacts', '300', '--runs', '2', '--format', 'json')));
  assert.equal(options.contacts, 301);
  assert.ok(options.sd && typeof options.sd === 'object');

  // The exports are the CLI's bytes.
  assert.equal(await t.forecastFormat(result, 'csv'), forecastCli('--format', 'csv'));
  const html = await t.forecastFormat(result, 'html');
  assert.match(html, /^<!doctype html>/i);
});

test('cancel() stops a large forecast with code cancelled; the tester still works after it', { skip }, async () => {
  const t = await loadedTester();
  let seen = 0;
  const off = t.on('progress', (p) => {
    if (p.kind === 'forecast' && p.fraction > 0 && ++seen === 1) t.cancel();
  });
  const started = Date.now();
  await assert.rejects(t.forecast({ contacts: 2000000 }), (e) => {
    assert.ok(e instanceof FlowproofError);
    assert.equal(e.code, 'cancelled');
    return true;
  });
  // 2,000,000 contacts take minutes; a cancel is honoured within a batch.
  assert.ok(Date.now() - started < 20000, `cancelled after ${Date.now() - started} ms`);
  off();
  const small = await t.forecast({ contacts: 50 });
  assert.equal(small.contacts, 51);
  const status = await t.status();
  assert.equal(status.steps, 0, 'the loaded session is untouched by forecasts');
});

test('forecast() rejects before a fixture is loaded, and `contacts` without a population', { skip }, async () => {
  const t = createNodeTester({ wasmDir, baseUrl: pathToFileURL(root + path.sep).href });
  await assert.rejects(t.forecast(), (e) => e.code === 'not_loaded');
  const loaded = await t.loadUrl(pathToFileURL(path.join(root, 'fixtures/welcome-series/signups.fixture.json')));
  assert.ok(loaded.ok);
  await assert.rejects(t.forecast({ contacts: 10 }), (e) => {
    assert.equal(e.code, 'invalid_argument');
    assert.match(e.message, /no 'population'/);
    return true;
  });
  // Without a population, the named contacts are the audience.
  const named = await t.forecast();
  assert.equal(named.contacts, loaded.fixture.contacts.length);
  await assert.rejects(t.forecast({ runs: 0 }), (e) => e.code === 'invalid_argument' && e.errors[0].pointer === '/runs');
});

test('forecast() of a portfolio is the CLI\'s: per workflow, overlaps and the cap, in CSV too', { skip: skipCli }, async () => {
  const fixture = 'fixtures/portfolio-shop/audience.fixture.json';
  const t = createNodeTester({ wasmDir, baseUrl: pathToFileURL(root + path.sep).href });
  const loaded = await t.loadUrl(pathToFileURL(path.join(root, fixture)));
  assert.ok(loaded.ok, JSON.stringify(loaded.errors));
  const cliJson = (...args) => {
    const r = spawnSync(cli, ['forecast', fixture, ...args, '--format', 'json'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const result = await t.forecast({ contacts: 3000 });
  assert.deepEqual(result, cliJson('--contacts', '3000'));
  assert.equal(result.contacts, 3002, 'the named contacts (ana, ben) and 3,000 drawn');
  const p = result.portfolio;
  assert.deepEqual(p.workflows, ['order-updates', 'abandoned-cart', 'welcome', 'win-back', 'promotion'], 'in priority order');
  assert.ok(p.overlapping_contacts > 0 && p.pairs.length > 0, 'people in two workflows at once');
  assert.ok(Object.values(p.sent).every((n) => n > 0), `every workflow sends: ${JSON.stringify(p.sent)}`);
  assert.ok(p.messages_max_24h >= 2, 'someone got two messages in a day');
  // Each workflow's own forecast, agreeing with the figures across them.
  assert.deepEqual(Object.keys(result.workflows).sort(), [...p.workflows].sort());
  for (const id of p.workflows) {
    const w = result.workflows[id];
    assert.equal(w.enrollments, p.enrolled[id], `${id} enrolments`);
    assert.equal(Object.values(w.messages).reduce((n, m) => n + m.sent, 0), p.sent[id], `${id} sent`);
  }
  assert.deepEqual(result.per_contact, { messages_max_24h: p.messages_max_24h, messages_mean: p.messages_mean });

  const means = await t.forecast({ contacts: 400, runs: 2 });
  assert.deepEqual(means, cliJson('--contacts', '400', '--runs', '2'));
  assert.equal(means.runs, 2);
  const csv = spawnSync(cli, ['forecast', fixture, '--contacts', '3000', '--format', 'csv'], { cwd: root, encoding: 'utf8' }).stdout;
  assert.equal(await t.forecastFormat(result, 'csv'), csv);
});
