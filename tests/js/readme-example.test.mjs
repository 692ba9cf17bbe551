// The README's JavaScript API example, run as written: the ```js block under
// "### The JavaScript API" in README.md is extracted, its import pointed at
// a fresh build of dist/flowproof.js (web/build.mjs into a temporary folder),
// and run in Node against a gallery fixture, so an example that has gone
// stale (a renamed method, a changed result) fails here.
//
//   node --test tests/js/readme-example.test.mjs
//
// The example needs a `fixture` in scope with a contact 'alice' and a
// template 'welcome': the gallery's welcome series (its workflow inlined,
// as the example has no base URL to resolve a path against). The bundle
// runs without a worker in Node; Emscripten 3.1.6's loader needs node's
// --no-experimental-fetch (the fixture needs no fetch). The module comes from
// $FLOWPROOF_WASM_DIR, else <$FLOWPROOF_WASM_BUILD or build-wasm>/wasm;
// without it the test is skipped with a message.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultWasmDir, wasmBuilt } from '../../web/src/api/node/node.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const wasmDir = defaultWasmDir();
const skip = wasmBuilt(wasmDir) ? false : `no WebAssembly module in ${wasmDir} (build the flowproof_wasm target)`;
if (skip) console.log(`readme example: skipped, ${skip}`);

/** The first ```js block of the section under the heading, as written. */
export function exampleUnder(markdown, heading) {
  const at = markdown.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `README.md has the heading '${heading}'`);
  const rest = markdown.slice(at + heading.length + 2);
  const end = rest.search(/^#{1,3} /m);
  const block = /```js\n([\s\S]*?)\n```/.exec(end < 0 ? rest : rest.slice(0, end));
  assert.ok(block, `a \`\`\`js block in the section '${heading}'`);
  return block[1];
}

/** The gallery fixture the example names (alice, the 'welcome' template), its workflow inlined. */
function welcomeFixture() {
  const dir = path.join(root, 'fixtures', 'welcome-series');
  const fixture = JSON.parse(readFileSync(path.join(dir, 'signups.fixture.json'), 'utf8'));
  if (typeof fixture.workflow === 'string') fixture.workflow = JSON.parse(readFileSync(path.join(dir, fixture.workflow), 'utf8'));
  assert.ok(fixture.contacts.some((c) => c.id === 'alice'), 'the fixture has alice');
  return fixture;
}

test('the README example is extracted whole', () => {
  const code = exampleUnder(readFileSync(path.join(root, 'README.md'), 'utf8'), '### The JavaScript API');
  assert.match(code, /from '\.\/flowproof\.js'/);
  for (const call of ['createTester(', 'tester.load(', 'tester.step(', 'tester.runToEnd(', 'tester.view(']) assert.ok(code.includes(call), call);
});

test('the README JavaScript API example runs against dist/flowproof.js', { skip, timeout: 180_000 }, async () => {
  const code = exampleUnder(readFileSync(path.join(root, 'README.md'), 'utf8'), '### The JavaScript API');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'flowproof-readme-'));
  try {
    const { build } = await import('../../web/build.mjs');
    const dist = path.join(tmp, 'dist');
    await build({ wasmDir, out: dist, log: () => {} });
    const bundle = pathToFileURL(path.join(dist, 'flowproof.js')).href;
    const rewritten = code.replace(/from '\.\/flowproof\.js'/, `from ${JSON.stringify(bundle)}`);
    assert.notEqual(rewritten, code, 'the import was pointed at the bundle');
    // The example as written, with `fixture` before it and what it made
    // reported after it (every name it binds must exist).
    const script = [
      `const fixture = ${JSON.stringify(welcomeFixture())};`,
      rewritten,
      'process.stdout.write(JSON.stringify({ ok, errors, trace, contacts, email, passed, failed, results, coverage, view, status: await tester.status() }));',
    ].join('\n');
    const file = path.join(tmp, 'example.mjs');
    writeFileSync(file, script);
    const run = spawnSync(process.execPath, ['--no-experimental-fetch', file], { encoding: 'utf8', timeout: 150_000, maxBuffer: 64 << 20 });
    assert.equal(run.status, 0, `the example failed:\n${run.stderr}`);
    const r = JSON.parse(run.stdout);
    assert.equal(r.ok, true, `load: ${JSON.stringify(r.errors)}`);
    assert.deepEqual(r.errors, []);
    assert.equal(r.status.finished, true, 'runToEnd ran the clock out');
    assert.ok(Array.isArray(r.trace) && r.trace.length > 0 && r.trace.every((l) => typeof l.t === 'string' && typeof l.kind === 'string'), 'trace lines, parsed');
    assert.ok(r.contacts.some((c) => c.id === 'alice' && typeof c.state === 'string'), 'contacts say where alice is');
    assert.equal(r.email.channel, 'email', `render('alice', 'welcome'): ${JSON.stringify(r.email).slice(0, 200)}`);
    assert.equal(typeof r.passed, 'number');
    assert.equal(typeof r.failed, 'number');
    assert.equal(r.results.length, r.passed + r.failed);
    assert.equal(r.failed, 0, 'the gallery fixture passes its expectations');
    assert.equal(r.coverage.format, 'flowproof.coverage/1');
    assert.equal(r.view.contact.id, 'alice');
    assert.ok(r.view.trace.every((l) => l.contact === 'alice'), "the view holds alice's lines");
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
