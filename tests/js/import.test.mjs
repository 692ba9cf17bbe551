// tester.importWorkflow over the WebAssembly module (web/src/api/node/node.js):
// the gallery's Dittofeed exports give the committed workflows, the platform
// is detected when `from` is omitted, losses point into the export, and an
// export of another platform is rejected with a located wrong_format error.
//
//   FLOWPROOF_WASM_DIR=build-wasm-impd/wasm node --test tests/js/import.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeTester, defaultWasmDir, wasmBuilt } from '../../web/src/api/node/node.js';
import { FlowproofError } from '../../web/src/api/either/errors.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const wasmDir = defaultWasmDir();
const skip = wasmBuilt(wasmDir) ? false : `no WebAssembly module in ${wasmDir}`;
const dir = path.join(root, 'fixtures', 'import-dittofeed');
const read = (name) => readFileSync(path.join(dir, name), 'utf8');

test('importWorkflow converts the gallery exports to the committed workflows', { skip }, async () => {
  const t = createNodeTester({ wasmDir });
  for (const name of ['welcome-series', 'abandoned-cart', 'winback']) {
    const result = await t.importWorkflow(read(`${name}.dittofeed.json`), { from: 'dittofeed' });
    assert.deepEqual(result.workflow, JSON.parse(read(`${name}.workflow.json`)), name);
    assert.equal(result.exact, result.losses.length === 0);
    assert.equal(result.from, 'dittofeed');
  }
  await t.dispose?.();
});

test('importWorkflow detects the platform and reports losses with input pointers', { skip }, async () => {
  const t = createNodeTester({ wasmDir });
  const result = await t.importWorkflow(JSON.parse(read('abandoned-cart.dittofeed.json')));
  assert.equal(result.from, 'dittofeed');
  assert.ok(result.losses.some((l) => l.pointer === '/templates/0/definition/body' && /unsubscribe_link/.test(l.message)));
  await t.dispose?.();
});

test('importWorkflow rejects another platform\'s export with wrong_format', { skip }, async () => {
  const t = createNodeTester({ wasmDir });
  await assert.rejects(t.importWorkflow(read('welcome-series.dittofeed.json'), { from: 'hubspot' }), (e) => {
    assert.ok(e instanceof FlowproofError);
    assert.equal(e.code, 'invalid_input');
    assert.equal(e.errors[0].code, 'wrong_format');
    assert.match(e.errors[0].message, /looks like a dittofeed export/);
    return true;
  });
  await t.dispose?.();
});
