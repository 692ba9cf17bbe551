// The JavaScript API over the WebAssembly module, in Node without a worker
// (web/src/api/node/node.js): every fixture's trace equals the native CLI's
// `flowproof simulate` output byte for byte; stepping, advancing in slices,
// stepping back and breakpoints agree with running to the end; errors cross
// the boundary as values with stable codes, never as thrown numbers.
//
//   node --test tests/js/wasm_api.test.mjs
//
// The module is read from $FLOWPROOF_WASM_DIR, else <$FLOWPROOF_WASM_BUILD or
// build-wasm>/wasm; the native CLI from <$FLOWPROOF_NATIVE_BUILD or
// build>/flowproof. Without the module the tests are skipped; without the CLI
// the byte comparisons are.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createNodeTester, defaultWasmDir, loadNodeModule, wasmBuilt } from '../../web/src/api/node/node.js';
import { Engine } from '../../web/src/api/either/engine.js';
import { ERROR_CODES, FlowproofError } from '../../web/src/api/either/errors.js';
import { resolveRelative } from '../../web/src/api/either/fixture.js';
import { PAGE_VIEW } from '../../web/src/api/either/tester.js';
import { findFixtures, firstDifference } from './support/fixtures.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const wasmDir = defaultWasmDir();
const skip = wasmBuilt(wasmDir) ? false : `no WebAssembly module in ${wasmDir}: build the flowproof_wasm target (bash tools/build.sh)`;
if (skip) console.log(`wasm api: skipped, ${skip}`);
const cli = path.join(path.resolve(root, process.env.FLOWPROOF_NATIVE_BUILD ?? 'build'), 'flowproof');
const haveCli = existsSync(cli);
if (!skip && !haveCli) console.log(`wasm api: native CLI ${cli} not built; byte comparisons with it skipped`);


const fixtures = [
  ...findFixtures(path.join(root, 'fixtures'), { byName: true }),
  ...findFixtures(path.join(root, 'tests', 'browser', 'data'), { byName: true }),
  ...findFixtures(path.join(root, 'web', 'demo'), { byName: true }),
];
const basic = path.join(root, 'tests', 'browser', 'data', 'basic.fixture.json');

function nativeSimulate(file) {
  const result = spawnSync(cli, ['simulate', path.relative(root, file)], { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20 });
  return result;
}


async function loaded(file = basic, options = {}) {
  const t = createNodeTester({ wasmDir, ...options });
  const result = await t.loadUrl(pathToFileURL(file));
  assert.equal(result.ok, true, `${file}: ${JSON.stringify(result.errors)}`);
  return t;
}

describe('the WebAssembly API in Node', { skip }, () => {
  test('every fixture gives the native CLI trace, byte for byte', async () => {
    assert.ok(fixtures.length >= 4, `only ${fixtures.length} fixtures found`);
    for (const file of fixtures) {
      const name = path.relative(root, file);
      const t = createNodeTester({ wasmDir });
      const result = await t.loadUrl(pathToFileURL(file));
      if (!haveCli) {
        assert.equal(result.ok, true, `${name}: ${JSON.stringify(result.errors)}`);
        await t.runToEnd();
        continue;
      }
      const native = nativeSimulate(file);
      if (native.status !== 0) {
        // Invalid input natively: the API reports problems as values too.
        assert.equal(result.ok, false, `${name}: the CLI refused it (${native.stderr.trim()}) but the API loaded it`);
        continue;
      }
      assert.equal(result.ok, true, `${name}: ${JSON.stringify(result.errors)}`);
      const end = await t.runToEnd();
      assert.equal(end.finished, true);
      const jsonl = await t.traceJsonl();
      assert.ok(jsonl === native.stdout, `${name}: ${firstDifference(jsonl, native.stdout, ['wasm', 'native'])}`);
    }
  });

  test('step by step, in clock slices and to the end give the same trace', async () => {
    for (const file of fixtures) {
      const name = path.relative(root, file);
      const whole = await loaded(file);
      await whole.runToEnd();
      const expected = await whole.traceJsonl();

      const stepper = await loaded(file);
      let status;
      let steps = 0;
      do {
        status = await stepper.step();
        steps++;
      } while (status.stepped && steps < 100000);
      await stepper.runToEnd();
      assert.equal(await stepper.traceJsonl(), expected, `${name}: stepping`);

      const slicer = await loaded(file, { sliceMs: 1 });
      for (let i = 0; i < 200 && !(await slicer.status()).finished; i++) await slicer.advance('13h');
      await slicer.runToEnd();
      assert.equal(await slicer.traceJsonl(), expected, `${name}: advancing 13h at a time`);
    }
  });

  test('stepBack returns to the state after the previous step', async () => {
    const t = await loaded();
    const seen = [];
    for (let i = 0; i < 5; i++) {
      await t.step();
      seen.push({ trace: await t.traceJsonl(), contacts: await t.contacts(), status: await t.status() });
    }
    const back = await t.stepBack();
    assert.equal(back.stepped, -1);
    assert.equal(back.steps, seen[3].status.steps);
    assert.equal(await t.traceJsonl(), seen[3].trace);
    assert.deepEqual(await t.contacts(), seen[3].contacts);
    const reset = await t.reset();
    assert.equal(reset.steps, 0);
    assert.equal(reset.now, reset.start);
    const atStart = await t.stepBack();
    assert.equal(atStart.steps, 0);
  });

  test('runToBreakpoint stops in the step where a contact enters the node, in batches as in one go', async () => {
    const m = await loadNodeModule(wasmDir);
    const text = readFileSync(basic, 'utf8');
    const one = new m.Session();
    const batched = new m.Session();
    assert.equal(JSON.parse(one.load(text, '{}')).ok, true);
    assert.equal(JSON.parse(batched.load(text, '{}')).ok, true);
    const ids = JSON.stringify(['sms_last_call', 'thank']);
    const whole = JSON.parse(one.runToBreakpoint(ids, 0)).result;
    let part;
    do part = JSON.parse(batched.runToBreakpoint(ids, 1)).result;
    while (!part.hit && part.stepped === 1);
    assert.equal(whole.hit, true);
    assert.equal(part.hit, true);
    assert.equal(part.now, whole.now);
    assert.equal(batched.traceJsonl(0), one.traceJsonl(0));
    const lines = JSON.parse(one.trace(0)).result;
    const hitLine = lines.filter((l) => l.t === whole.now && l.kind === 'entered').map((l) => l.node);
    assert.ok(hitLine.includes('thank') || hitLine.includes('sms_last_call'), hitLine.join(','));
    one.delete();
    batched.delete();

    // Through the API: `hit` and the total steps.
    const t = await loaded(basic, { sliceMs: 1 });
    const status = await t.runToBreakpoint(['sms_last_call', 'thank']);
    assert.equal(status.hit, true);
    assert.equal(status.now, whole.now);
    assert.equal(status.steps, whole.steps);
    const none = await t.runToBreakpoint(['no_such_node']);
    assert.equal(none.hit, false);
    assert.equal(none.finished, true);
  });

  test('the binding never throws: each call before load is a not_loaded value', async () => {
    const m = await loadNodeModule(wasmDir);
    const s = new m.Session();
    const calls = {
      status: [], step: [], stepMany: [3], advanceBy: ['1d'], targetOf: ['1d'], advanceTo: ['2026-01-01T00:00:00Z'],
      advanceToSeconds: [0], runToEnd: [], runToBreakpoint: ['["a"]', 0], trace: [0], traceJsonl: [0], traceText: [],
      fixture: [], contacts: [], nodeCounts: [], messages: [], render: ['a', 'b'],
    };
    for (const [method, args] of Object.entries(calls)) {
      const envelope = JSON.parse(s[method](...args));
      assert.equal(envelope.ok, false, method);
      assert.deepEqual(Object.keys(envelope.errors[0]).sort(), ['code', 'column', 'line', 'message', 'pointer'], method);
      assert.equal(envelope.errors[0].code, 'not_loaded', method);
    }
    // Malformed arguments are values too.
    assert.equal(JSON.parse(s.load(readFileSync(basic, 'utf8'), '[1]')).errors[0].code, 'invalid_argument');
    assert.equal(JSON.parse(s.load(readFileSync(basic, 'utf8'), '{}')).ok, true);
    assert.equal(JSON.parse(s.runToBreakpoint('{"not": "an array"}', 0)).errors[0].code, 'invalid_argument');
    assert.equal(JSON.parse(s.runToBreakpoint('[1, 2]', 0)).errors[0].code, 'invalid_argument');
    assert.equal(JSON.parse(s.advanceToSeconds(1.5)).errors[0].code, 'invalid_argument');
    assert.equal(JSON.parse(s.advanceTo('yesterday')).errors[0].code, 'invalid_argument');
    assert.equal(JSON.parse(s.advanceBy('P1M')).errors[0].code, 'invalid_argument');
    // Invalid UTF-8 can reach the core from JavaScript's lone surrogates.
    const odd = JSON.parse(s.load('{"format": "flowproof.fixture/1", "name": "\uD800"}', '{}'));
    assert.equal(odd.ok, false);
    assert.equal(typeof m.version, 'string');
    assert.equal(m.version, JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version);
    const validation = JSON.parse(m.validateWorkflow('{"format": "flowproof.workflow/1"}'));
    assert.equal(validation.ok, false);
    // The failure's class at the top, each problem with its own code.
    assert.equal(validation.code, 'invalid_input');
    assert.ok(validation.errors.every((e) => /^[a-z][a-z_]*$/.test(e.code) && e.code !== 'invalid_input' && typeof e.pointer === 'string'));
    assert.ok(validation.errors.some((e) => e.code === 'missing_field'), JSON.stringify(validation.errors));
    s.delete();
  });

  test('problems in a fixture are values with JSON Pointers or line and column', async () => {
    const t = createNodeTester({ wasmDir });
    const malformed = await t.load('{\n  "format": "flowproof.fixture/1",\n  "contacts": [1,,]\n}');
    assert.equal(malformed.ok, false);
    assert.equal(malformed.errors[0].line, 3);
    assert.ok(malformed.errors[0].column > 1);
    const doc = JSON.parse(readFileSync(basic, 'utf8'));
    doc.workflow.nodes.email_a.template = 'missing_template';
    doc.contacts[1].timezone = 'Mars/Olympus_Mons';
    const invalid = await t.load(doc);
    assert.equal(invalid.ok, false);
    const pointers = invalid.errors.map((e) => e.pointer);
    assert.ok(pointers.includes('/workflow/nodes/email_a/template'), pointers.join(', '));
    assert.ok(pointers.includes('/contacts/1/timezone'), pointers.join(', '));
    assert.equal(invalid.code, 'invalid_input');
    const codeAt = (pointer) => invalid.errors.find((e) => e.pointer === pointer)?.code;
    assert.equal(codeAt('/workflow/nodes/email_a/template'), 'bad_reference');
    assert.equal(codeAt('/contacts/1/timezone'), 'unknown_time_zone');
    assert.equal(malformed.code, 'invalid_input');
    assert.equal(malformed.errors[0].code, 'invalid_json');
    await assert.rejects(t.step(), (e) => e instanceof FlowproofError && e.code === 'not_loaded');
    const notObject = await t.load([1, 2]);
    assert.equal(notObject.ok, false);
    assert.equal(notObject.code, 'invalid_input');
    assert.equal(notObject.errors[0].code, 'wrong_type');
    const noBase = await createNodeTester({ wasmDir, baseUrl: undefined }).load({ ...doc, workflow: 'w.json' }, { baseUrl: 'https://a.example/f.json' });
    assert.equal(noBase.errors[0].code, 'fetch_failed');
  });

  test('the engine reports a WebAssembly trap as wasm_trap and loads a fresh module next time', async () => {
    let instances = 0;
    const fakeModule = () => {
      instances++;
      return {
        version: 'fake',
        Session: class {
          load() {
            return JSON.stringify({ ok: true, errors: [], warnings: [], status: { steps: 0 } });
          }
          step() {
            throw new WebAssembly.RuntimeError('unreachable');
          }
          status() {
            return JSON.stringify({ ok: true, result: { steps: 0 } });
          }
          delete() {}
        },
      };
    };
    const engine = new Engine(async () => fakeModule());
    await engine.handle('load', { text: '{}' });
    await assert.rejects(engine.handle('step'), (e) => e.code === ERROR_CODES.WASM_TRAP);
    assert.equal(instances, 1);
    await engine.handle('reset');
    assert.equal(instances, 2, 'a new module after the trap');
    await assert.rejects(engine.handle('noSuchThing'), (e) => e.code === ERROR_CODES.UNKNOWN_REQUEST);
    const failing = new Engine(async () => {
      throw new Error('404');
    });
    await assert.rejects(failing.handle('version'), (e) => e.code === ERROR_CODES.MODULE_FAILED);
  });

  const VIEW_FIELDS = ['contact', 'contacts', 'counts', 'coverage', 'delta', 'expectations', 'messageTotal', 'messages', 'previousTime', 'status', 'suppressed', 'trace', 'traceFrom', 'traceSize'];

  test('view() reads incrementally and agrees with the whole trace after steps, replays and advances', async () => {
    const fixtures = findFixtures(path.join(root, 'fixtures'), { byName: true });
    const file = fixtures.find((f) => f.includes('welcome-series')) ?? fixtures[0];
    const t = createNodeTester({ wasmDir, sliceMs: 1 });
    assert.equal((await t.loadUrl(pathToFileURL(file))).ok, true);
    const ids = (await t.fixture()).contacts;
    // What a view must say, from the whole trace and messages.
    const check = async (label) => {
      const trace = await t.trace();
      const messages = await t.messages();
      const status = await t.status();
      for (const id of ids) {
        const v = await t.view({ contact: id, since: 0, breakpoints: ['send_welcome'] });
        assert.equal(v.traceSize, trace.length, `${label}: trace size`);
        assert.deepEqual(v.trace, trace.filter((l) => l.contact === id), `${label}: ${id}'s lines`);
        assert.deepEqual(v.messages, messages.filter((m) => m.contact === id), `${label}: ${id}'s messages`);
        assert.equal(v.messageTotal, messages.length, `${label}: message total`);
        const full = (await t.contacts()).find((c) => c.id === id);
        assert.deepEqual(v.contact.path, full.path, `${label}: ${id}'s path`);
        assert.equal(v.contact.state, full.state);
        assert.equal(v.contacts.find((c) => c.id === id).received, messages.filter((m) => m.contact === id).length);
        assert.equal(v.delta.lines, trace.length);
        assert.equal(v.delta.sent, trace.filter((l) => l.kind === 'sent').length);
        const entered = trace.filter((l) => l.kind === 'entered' && l.node === 'send_welcome');
        assert.deepEqual(v.delta.hit, entered.at(-1) ?? null);
        const upToNow = trace.filter((l) => Date.parse(l.t) / 1000 <= status.nowSeconds);
        const latest = upToNow.at(-1)?.t;
        const before = upToNow.filter((l) => l.t !== latest);
        assert.equal(v.previousTime, before.at(-1)?.t ?? null, `${label}: previous moment`);
      }
      // The public view has the documented fields only; the page's private
      // view adds the diagram's edge keys, one for every node entered.
      const request = { contact: ids[0], since: 0, breakpoints: ['send_welcome'] };
      const v = await t.view(request);
      assert.deepEqual(Object.keys(v).sort(), VIEW_FIELDS, `${label}: view() fields`);
      const { taken, ...rest } = await t[PAGE_VIEW](request);
      assert.deepEqual(rest, v, `${label}: the page's view is view() plus taken`);
      for (const line of trace) {
        if (line.kind === 'entered') assert.ok(taken.some((k) => k.endsWith(`\u0000to\u0000${line.node}`)), `${label}: the edge into ${line.node} is taken`);
      }
      const everyone = await t.view({ everyone: true, tail: 5, allMessages: true });
      assert.deepEqual(everyone.trace, trace.slice(-5));
      assert.equal(everyone.traceFrom, Math.max(0, trace.length - 5));
      assert.deepEqual(everyone.suppressed, trace.filter((l) => l.kind === 'suppressed').slice(-500));
    };
    await check('start');
    await t.view({});
    for (let i = 0; i < 4; i++) await t.step();
    await check('four steps');
    await t.runToEnd();
    await check('end');
    await t.stepBack();
    await check('step back (cut back, not read again)');
    await t.reset();
    await t.advance('1d');
    await check('reset, then advance');
    await t.runToEnd();
    await check('end again');
    // Coverage and expectations come with the view, as `flowproof run` has them.
    const v = await t.view({ coverage: true, expectations: true });
    assert.equal(v.coverage.format, 'flowproof.coverage/1');
    assert.equal(v.expectations.finished, true);
    assert.equal(v.expectations.failed, 0);
    assert.ok(v.expectations.passed > 0);
    // A new fixture starts the kept results again.
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.workflow = JSON.parse(readFileSync(path.join(path.dirname(file), doc.workflow), 'utf8'));
    doc.expect = [{ contact: ids[0], never_reaches: doc.workflow.start }];
    assert.equal((await t.load(doc)).ok, true);
    await t.runToEnd();
    const after = await t.view({ contact: ids[0], expectations: true });
    assert.equal(after.traceSize, (await t.trace()).length);
    assert.equal(after.expectations.failed, 1, 'a failing expectation is reported as failed');
    assert.match(after.expectations.results[0].actual, new RegExp(doc.workflow.start));
    t.terminate();
  });

  test('a long run can be cancelled and reports progress', async () => {
    const doc = JSON.parse(readFileSync(basic, 'utf8'));
    doc.clock.until = '+40d';
    doc.contacts = [];
    doc.script = [];
    for (let i = 0; i < 2000; i++) {
      doc.contacts.push({ id: `c${i}`, email: `c${i}@example.com`, first_name: `C${i}` });
      doc.script.push({ at: `+${i * 7}m`, contact: `c${i}`, event: 'cart_abandoned', source: 'ecommerce' });
    }
    const t = createNodeTester({ wasmDir, sliceMs: 1 });
    assert.equal((await t.load(doc)).ok, true);
    const progress = [];
    const off = t.on('progress', (p) => {
      progress.push(p);
      if (progress.length === 3) t.cancel();
    });
    await assert.rejects(t.runToEnd(), (e) => e.code === ERROR_CODES.CANCELLED);
    off();
    assert.equal(progress.length, 3);
    const status = await t.status();
    assert.equal(status.finished, false);
    assert.ok(status.steps > 0);
    const end = await t.runToEnd();
    assert.equal(end.finished, true);
    t.terminate();
    await assert.rejects(t.status(), (e) => e.code === ERROR_CODES.TERMINATED);
  });
});

test('relative workflow paths never leave the fixture origin', () => {
  assert.equal(resolveRelative('w.json', 'https://a.example/f/x.json').url, 'https://a.example/f/w.json');
  assert.equal(resolveRelative('../w.json', 'https://a.example/f/x.json').url, 'https://a.example/w.json');
  assert.ok(resolveRelative('https://b.example/w.json', 'https://a.example/x.json').error);
  assert.ok(resolveRelative('//b.example/w.json', 'https://a.example/x.json').error);
  assert.ok(resolveRelative('javascript:alert(1)', 'https://a.example/x.json').error);
  assert.ok(resolveRelative('data:application/json,{}', 'https://a.example/x.json').error);
  assert.ok(resolveRelative('w.json', undefined).error);
  assert.equal(resolveRelative('w.json', 'file:///tmp/f/x.json').url, 'file:///tmp/f/w.json');
});
