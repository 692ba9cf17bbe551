// The JavaScript API (dist/flowproof.js) in Chromium: a worker runs the
// WebAssembly core, the trace matches the native CLI byte for byte, problems
// come back as values, long runs report progress without blocking the page,
// and the strict CSP holds (no eval, no inline script or style).
//
//   node --test tests/browser/api.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir, nativeSimulate, openSite, skipReason, waitFor } from './helpers.mjs';

const skip = skipReason();
if (skip) console.log(`browser api tests: skipped, ${skip}`);

const basicPath = path.join(dataDir, 'basic.fixture.json');
const basic = JSON.parse(readFileSync(basicPath, 'utf8'));

// Many contacts and a long clock: enough work for several chunks.
function bigFixture(contacts) {
  const fixture = structuredClone(basic);
  fixture.name = `Browser test: ${contacts} contacts`;
  fixture.clock = { start: '2026-05-04T12:00:00Z', until: '+30d' };
  fixture.contacts = [];
  fixture.script = [];
  for (let i = 0; i < contacts; i++) {
    const id = `c${String(i).padStart(5, '0')}`;
    fixture.contacts.push({ id, email: `${id}@example.com`, first_name: `C${i}`, ...(i % 2 ? { phone: `+1555000${i}` } : {}) });
    fixture.script.push({ at: `+${i}m`, contact: id, event: 'cart_abandoned', source: 'ecommerce' });
  }
  return fixture;
}

describe('JavaScript API in the browser', { skip }, () => {
  let site;
  let page;

  before(async () => {
    site = await openSite();
    page = await site.newPage();
    await page.goto(site.url('test-data/api-page.html'));
    await waitFor(page, () => document.body.dataset.ready === '1');
  });

  after(async () => {
    if (site) {
      site.assertClean(page);
      await site.close();
    }
  });

  test('loads a fixture, steps and runs to the end in a worker; the trace equals the native CLI', async () => {
    const result = await page.evaluate(async (fixture) => {
      const t = window.flowproof.createTester();
      const loaded = await t.load(fixture);
      const first = await t.step();
      const second = await t.step();
      const end = await t.runToEnd();
      const out = { loaded, first, second, end, jsonl: await t.traceJsonl(), trace: await t.trace(), version: await t.version() };
      t.terminate();
      return out;
    }, basic);
    assert.equal(result.loaded.ok, true, JSON.stringify(result.loaded.errors));
    assert.deepEqual(result.loaded.errors, []);
    assert.equal(result.loaded.fixture.name, basic.name);
    assert.equal(result.loaded.status.now, '2026-05-04T12:00:00Z');
    assert.equal(result.first.stepped, true);
    assert.ok(result.second.steps === 2);
    assert.equal(result.end.finished, true);
    assert.equal(result.end.now, '2026-05-09T12:00:00Z');
    assert.match(result.version, /^\d+\.\d+\.\d+/);
    const lines = result.jsonl.trimEnd().split('\n');
    assert.equal(lines.length, result.trace.length);
    assert.deepEqual(result.trace, lines.map((l) => JSON.parse(l)));
    assert.ok(result.trace.some((l) => l.kind === 'sent' && l.channel === 'sms'), 'the SMS fallback was sent');
    const native = nativeSimulate(basicPath);
    if (native === null) console.log('browser api tests: native CLI not built; byte comparison skipped');
    else assert.equal(result.jsonl, native, 'WebAssembly in the browser and the native CLI give the same bytes');
  });

  test('a fixture that names its workflow by path is fetched beside the fixture', async () => {
    const result = await page.evaluate(async () => {
      const t = window.flowproof.createTester();
      const viaUrl = await t.loadUrl('relative.fixture.json');
      await t.runToEnd();
      const jsonl = await t.traceJsonl();
      const info = await t.fixture();
      // The same fixture as text: its path resolves against baseUrl.
      const text = await (await fetch('relative.fixture.json')).text();
      const viaText = await t.load(text, { baseUrl: new URL('relative.fixture.json', location.href).href });
      // A path that leaves the origin is refused, as a value.
      const away = await t.load({ ...JSON.parse(text), workflow: 'https://example.com/w.json' });
      const missing = await t.load({ ...JSON.parse(text), workflow: 'no-such-workflow.json' }); // logs a 404
      t.terminate();
      return { viaUrl, jsonl, info, viaText, away, missing };
    });
    assert.equal(result.viaUrl.ok, true, JSON.stringify(result.viaUrl.errors));
    assert.equal(result.info.workflowId, 'browser-relative');
    assert.equal(result.info.workflow.id, 'browser-relative');
    assert.equal(result.viaText.ok, true);
    const native = nativeSimulate(path.join(dataDir, 'relative.fixture.json'));
    if (native !== null) assert.equal(result.jsonl, native);
    assert.equal(result.away.ok, false);
    assert.equal(result.away.errors[0].code, 'fetch_failed');
    assert.equal(result.away.errors[0].pointer, '/workflow');
    site.allow(page, /status of 404/);
    assert.equal(result.missing.ok, false);
    assert.equal(result.missing.errors[0].pointer, '/workflow');
  });

  test('problems come back as values with their place; other failures reject with a FlowproofError', async () => {
    const result = await page.evaluate(async (fixture) => {
      const t = window.flowproof.createTester();
      const malformed = await t.load('{\n  "format": "flowproof.fixture/1",\n  "workflow": ,\n}');
      const invalid = await t.load({ ...fixture, workflow: { ...fixture.workflow, nodes: { ...fixture.workflow.nodes, wait_1h: { type: 'wait', for: '1 hour', next: 'nowhere' } } } });
      const beforeLoad = await t.step().then(
        () => null,
        (e) => ({ isError: e instanceof Error, name: e.name, code: e.code, errors: e.errors }),
      );
      await t.load(fixture);
      const badDuration = await t.advance('3x').then(
        () => null,
        (e) => ({ isError: e instanceof Error, name: e.name, code: e.code, message: e.message }),
      );
      const backwards = await t.advance('-1d').catch((e) => e.code);
      const unknownContact = await t.render('nobody', 'reminder_a').catch((e) => e.code);
      const unknownTemplate = await t.render('ana', 'nope').catch((e) => e.code);
      const validation = await t.validateWorkflow({ format: 'flowproof.workflow/1', id: 'x' });
      t.terminate();
      const afterTerminate = await t.step().catch((e) => e.code);
      return { malformed, invalid, beforeLoad, badDuration, backwards, unknownContact, unknownTemplate, validation, afterTerminate };
    }, basic);
    assert.equal(result.malformed.ok, false);
    assert.equal(result.malformed.code, 'invalid_input');
    assert.equal(result.malformed.errors[0].code, 'invalid_json');
    assert.equal(result.malformed.errors[0].line, 3);
    assert.ok(result.malformed.errors[0].column > 0);
    assert.equal(result.invalid.ok, false);
    const pointers = result.invalid.errors.map((e) => e.pointer);
    assert.ok(pointers.includes('/workflow/nodes/wait_1h/for'), pointers.join(', '));
    assert.ok(pointers.includes('/workflow/nodes/wait_1h/next'), pointers.join(', '));
    assert.deepEqual(result.beforeLoad && { ...result.beforeLoad, errors: undefined }, { isError: true, name: 'FlowproofError', code: 'not_loaded', errors: undefined });
    assert.equal(result.badDuration.isError, true);
    assert.equal(result.badDuration.code, 'invalid_argument');
    assert.match(result.badDuration.message, /3x/);
    assert.equal(result.backwards, 'invalid_argument');
    assert.equal(result.unknownContact, 'unknown_contact');
    assert.equal(result.unknownTemplate, 'unknown_template');
    assert.equal(result.validation.ok, false);
    assert.ok(result.validation.errors.length > 0);
    assert.equal(result.afterTerminate, 'terminated');
  });

  test('long runs proceed in chunks with progress events, keep the page responsive and can be cancelled', async () => {
    const result = await page.evaluate(async (fixture) => {
      const t = window.flowproof.createTester({ sliceMs: 5 });
      const progress = [];
      const stopRecording = t.on('progress', (p) => progress.push(p));
      const loaded = await t.load(fixture);
      const ticks = window.ticks;
      const end = await t.runToEnd();
      const ticked = window.ticks - ticks;
      stopRecording();
      const jsonl = await t.traceJsonl();
      // The same run in slices of the clock, then the rest: the same trace.
      await t.reset();
      await t.advance('2d');
      await t.advance('1d12h');
      await t.runToEnd();
      const sliced = await t.traceJsonl();
      // Cancel: the run stops where it got to.
      await t.reset();
      let cancelledAt = null;
      const off = t.on('progress', () => {
        off();
        t.cancel();
      });
      const cancelled = await t.runToEnd().then(
        () => 'finished',
        (e) => e.code,
      );
      cancelledAt = await t.status();
      t.terminate();
      return { loaded: loaded.ok, end, ticked, progress, same: jsonl === sliced, cancelled, cancelledAt, lines: jsonl.split('\n').length };
    }, bigFixture(1500));
    assert.equal(result.loaded, true);
    assert.equal(result.end.finished, true);
    assert.ok(result.progress.length >= 2, `progress events: ${result.progress.length}`);
    for (const p of result.progress) {
      assert.ok(p.fraction >= 0 && p.fraction <= 1);
      assert.equal(typeof p.now, 'string');
    }
    const fractions = result.progress.map((p) => p.fraction);
    assert.deepEqual(fractions, [...fractions].sort((a, b) => a - b), 'progress only moves forward');
    assert.ok(result.ticked > 0, 'the main thread kept running during the run');
    assert.ok(result.same, 'advancing in slices gives the same trace as running to the end');
    assert.equal(result.cancelled, 'cancelled');
    assert.equal(result.cancelledAt.finished, false);
    assert.ok(result.lines > 1500 * 3);
  });

  test('stepBack replays to the previous step deterministically', async () => {
    const result = await page.evaluate(async (fixture) => {
      const t = window.flowproof.createTester();
      await t.load(fixture);
      const snapshots = [];
      for (let i = 0; i < 6; i++) {
        const s = await t.step();
        snapshots.push({ status: s, trace: await t.traceJsonl(), contacts: await t.contacts() });
      }
      const back = await t.stepBack();
      const out = { snapshots, back, trace: await t.traceJsonl(), contacts: await t.contacts() };
      await t.reset();
      out.reset = await t.status();
      t.terminate();
      return out;
    }, basic);
    const previous = result.snapshots[4];
    assert.equal(result.back.steps, previous.status.steps);
    assert.equal(result.back.now, previous.status.now);
    assert.equal(result.trace, previous.trace);
    assert.deepEqual(result.contacts, previous.contacts);
    assert.equal(result.reset.steps, 0);
    assert.equal(result.reset.traceSize, 0);
  });

  test('contacts, node counts, messages and render describe the run', async () => {
    const result = await page.evaluate(async (fixture) => {
      const t = window.flowproof.createTester();
      await t.load(fixture);
      await t.runToEnd();
      const out = { contacts: await t.contacts(), counts: await t.nodeCounts(), messages: await t.messages(), sms: await t.render('ana', 'last_call') };
      t.terminate();
      return out;
    }, basic);
    const byId = Object.fromEntries(result.contacts.map((c) => [c.id, c]));
    assert.deepEqual(Object.keys(byId).sort(), ['ana', 'bo', 'cy', 'di', 'ed']);
    assert.equal(byId.ed.state, 'not_enrolled');
    assert.equal(byId.bo.exit_reason, 'opted_out');
    assert.equal(byId.cy.state, 'exited');
    assert.ok(Array.isArray(byId.ana.path) && byId.ana.path[0] === 'wait_1h');
    assert.equal(result.counts.wait_1h.entered, 4);
    assert.ok(result.messages.length >= 4);
    for (const m of result.messages) assert.ok(m.t && m.contact && m.template && m.channel && m.message);
    assert.equal(typeof result.sms, 'object');
  });

  test('without a worker the module runs on the main thread under the strict CSP (no eval)', async () => {
    const result = await page.evaluate(async (fixture) => {
      const t = window.flowproof.createTester({ worker: false });
      const loaded = await t.load(fixture);
      await t.runToEnd();
      const jsonl = await t.traceJsonl();
      const w = window.flowproof.createTester();
      await w.load(fixture);
      await w.runToEnd();
      const same = jsonl === (await w.traceJsonl());
      w.terminate();
      t.terminate();
      return { ok: loaded.ok, same };
    }, basic);
    assert.equal(result.ok, true);
    assert.equal(result.same, true);
  });
});
