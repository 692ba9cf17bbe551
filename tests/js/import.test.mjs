// tester.importWorkflow over the WebAssembly module (web/src/api/node/node.js):
// the gallery's Dittofeed, Klaviyo and HubSpot exports give the committed
// workflows, the platform is detected when `from` is omitted (and a
// flowproof document is detected as none), losses point into the export, and
// an export of another platform is rejected with a located wrong_format
// error. Then the page's half of the detection (web/src/page/import-source.js),
// which needs no module: what is a flowproof document, a names map or a
// candidate export, which file of a drop is the export, and where a loss's
// pointer is in the export's text.
//
//   FLOWPROOF_WASM_DIR=build-wasm/wasm node --test tests/js/import.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeTester, defaultWasmDir, wasmBuilt } from '../../web/src/api/node/node.js';
import { FlowproofError } from '../../web/src/api/either/errors.js';
import { kindOfText, locateInExport, pickExport, platformFromFileName } from '../../web/src/page/import-source.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const wasmDir = defaultWasmDir();
const skip = wasmBuilt(wasmDir) ? false : `no WebAssembly module in ${wasmDir}`;
const dir = path.join(root, 'fixtures', 'import-dittofeed');
const read = (name) => readFileSync(path.join(dir, name), 'utf8');
const PLATFORMS = ['dittofeed', 'klaviyo', 'hubspot'];
const GALLERY = ['welcome-series', 'abandoned-cart', 'winback'];
const galleryDir = (from) => path.join(root, 'fixtures', `import-${from}`);
const readExport = (from, name) => readFileSync(path.join(galleryDir(from), `${name}.${from}.json`), 'utf8');
/** The gallery's names map of a platform (Klaviyo and HubSpot keep one), or null. */
function galleryNames(from) {
  try {
    return JSON.parse(readFileSync(path.join(galleryDir(from), 'names.json'), 'utf8'));
  } catch {
    return null;
  }
}

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

test('importWorkflow converts the Klaviyo and HubSpot gallery exports to the committed workflows, with losses', { skip }, async () => {
  const t = createNodeTester({ wasmDir });
  for (const from of ['klaviyo', 'hubspot']) {
    const names = galleryNames(from);
    assert.ok(names, `fixtures/import-${from}/names.json`);
    for (const name of GALLERY) {
      const result = await t.importWorkflow(readExport(from, name), { from, names });
      const committed = JSON.parse(readFileSync(path.join(galleryDir(from), `${name}.workflow.json`), 'utf8'));
      assert.deepEqual(result.workflow, committed, `${from} ${name}`);
      assert.equal(result.from, from);
      // Every one of them names something the export cannot carry (an opaque id, a template): never exact.
      assert.equal(result.exact, false, `${from} ${name}`);
      assert.ok(result.losses.length > 0, `${from} ${name}`);
      for (const loss of result.losses) {
        assert.equal(typeof loss.message, 'string');
        assert.ok(loss.message.length > 0);
        assert.match(loss.pointer, /^(\/|$)/, `${from} ${name}: ${loss.pointer}`);
      }
    }
  }
  await t.dispose?.();
});

test('importWorkflow detects each platform without `from`, and the same workflow comes out', { skip }, async () => {
  const t = createNodeTester({ wasmDir });
  for (const from of PLATFORMS) {
    const names = galleryNames(from);
    for (const name of GALLERY) {
      const text = readExport(from, name);
      const detected = await t.importWorkflow(text, { names });
      assert.equal(detected.from, from, `${from} ${name}`);
      const named = await t.importWorkflow(text, { from, names });
      assert.deepEqual(detected, named, `${from} ${name}`);
    }
  }
  await t.dispose?.();
});

test('a flowproof workflow or fixture is detected as no platform: wrong_format at the root', { skip }, async () => {
  const t = createNodeTester({ wasmDir });
  for (const file of ['import-klaviyo/welcome-series.workflow.json', 'import-hubspot/winback.fixture.json', 'welcome-series/workflow.json']) {
    await assert.rejects(t.importWorkflow(readFileSync(path.join(root, 'fixtures', file), 'utf8')), (e) => {
      assert.equal(e.code, 'invalid_input', file);
      assert.equal(e.errors.length, 1, file);
      assert.equal(e.errors[0].code, 'wrong_format', file);
      assert.equal(e.errors[0].pointer, '', file);
      assert.match(e.errors[0].message, /not a Dittofeed, Klaviyo or HubSpot export/);
      return true;
    });
  }
  await t.dispose?.();
});

test('each platform rejects the other platforms\' exports, naming the one it looks like', { skip }, async () => {
  const t = createNodeTester({ wasmDir });
  for (const actual of PLATFORMS) {
    for (const from of PLATFORMS.filter((p) => p !== actual)) {
      await assert.rejects(t.importWorkflow(readExport(actual, 'winback'), { from }), (e) => {
        assert.equal(e.errors[0].code, 'wrong_format', `${actual} as ${from}`);
        assert.equal(e.errors[0].pointer, '');
        assert.match(e.errors[0].message, new RegExp(`looks like a ${actual} export, not a ${from} one`));
        return true;
      });
    }
  }
  await t.dispose?.();
});

test('malformed JSON given as an export is one problem with line and column', { skip }, async () => {
  const t = createNodeTester({ wasmDir });
  const broken = readExport('hubspot', 'welcome-series').replace('"startActionId": "1",', '"startActionId": "1" ');
  await assert.rejects(t.importWorkflow(broken, { from: 'hubspot' }), (e) => {
    assert.equal(e.code, 'invalid_input');
    assert.equal(e.errors.length, 1);
    assert.ok(e.errors[0].line > 1, JSON.stringify(e.errors[0]));
    assert.ok(e.errors[0].column >= 1);
    return true;
  });
  await t.dispose?.();
});

test('every loss of the gallery exports is found in the export text, as the page shows it', { skip }, async () => {
  const t = createNodeTester({ wasmDir });
  for (const from of PLATFORMS) {
    for (const name of GALLERY) {
      const text = readExport(from, name);
      const { losses } = await t.importWorkflow(text, { from, names: galleryNames(from) });
      for (const loss of losses.filter((l) => l.pointer)) {
        const place = locateInExport(text, loss.pointer);
        assert.ok(place, `${from} ${name}: ${loss.pointer}`);
        assert.equal(place.exact, true, `${from} ${name}: ${loss.pointer} is not in the export`);
        assert.ok(place.line >= 1 && place.excerpt.length > 0);
      }
    }
  }
  await t.dispose?.();
});

test('the page tells flowproof documents, names maps and candidate exports apart', () => {
  const fixture = readFileSync(path.join(root, 'fixtures', 'import-klaviyo', 'winback.fixture.json'), 'utf8');
  const workflow = readFileSync(path.join(root, 'fixtures', 'import-klaviyo', 'winback.workflow.json'), 'utf8');
  assert.equal(kindOfText(fixture), 'flowproof');
  assert.equal(kindOfText(workflow), 'flowproof');
  assert.equal(kindOfText(readFileSync(path.join(root, 'fixtures', 'import-klaviyo', 'names.json'), 'utf8')), 'names');
  for (const from of PLATFORMS) for (const name of GALLERY) assert.equal(kindOfText(readExport(from, name)), 'candidate', `${from} ${name}`);
  assert.equal(kindOfText('{"format": "something/1", "nodes": {}}'), 'candidate');
  assert.equal(kindOfText('[1, 2]'), 'other');
  assert.equal(kindOfText('"text"'), 'other');
  assert.equal(kindOfText('{"actions": ['), 'unreadable');
  assert.equal(kindOfText(''), 'unreadable');
});

test('a file name can state the platform, as the gallery names its exports', () => {
  assert.equal(platformFromFileName('welcome-series.klaviyo.json'), 'klaviyo');
  assert.equal(platformFromFileName('Cart.HubSpot.JSON'), 'hubspot');
  assert.equal(platformFromFileName('journey.dittofeed.json'), 'dittofeed');
  assert.equal(platformFromFileName('klaviyo.json'), '');
  assert.equal(platformFromFileName('flow.json'), '');
  assert.equal(platformFromFileName(undefined), '');
});

test('of files dropped together, the export is picked with its names map; a flowproof document means no import', () => {
  const exportText = readExport('klaviyo', 'abandoned-cart');
  const namesText = readFileSync(path.join(galleryDir('klaviyo'), 'names.json'), 'utf8');
  const picked = pickExport(new Map([['names.json', namesText], ['cart.json', exportText]]));
  assert.deepEqual(picked, { name: 'cart.json', text: exportText, from: '', names: JSON.parse(namesText) });
  // A broken file named for its platform is still the export: the importer locates its syntax error.
  assert.deepEqual(pickExport(new Map([['broken.hubspot.json', '{"actions": [']])), { name: 'broken.hubspot.json', text: '{"actions": [', from: 'hubspot', names: null });
  const fixture = readFileSync(path.join(galleryDir('klaviyo'), 'abandoned-cart.fixture.json'), 'utf8');
  assert.equal(pickExport(new Map([['cart.json', exportText], ['abandoned-cart.fixture.json', fixture]])), null);
  assert.equal(pickExport(new Map([['names.json', namesText]])), null);
  assert.equal(pickExport(new Map([['broken.json', '{"actions": [']])), null);
});

test('a pointer is located in the export text with its line, column and an excerpt (text only)', () => {
  const text = '{\n  "actions": [\n    { "id": "1", "subject": "<img src=x onerror=alert(1)>  two\\nlines" }\n  ]\n}\n';
  assert.deepEqual(locateInExport(text, '/actions/0/subject'), { line: 3, column: 29, excerpt: '{ "id": "1", "subject": "<img src=x onerror=alert(1)> two\\nlines"', exact: true });
  const missing = locateInExport(text, '/actions/0/missing');
  assert.equal(missing.exact, false);
  assert.equal(locateInExport(text, '/actions/0').line, 3);
  const long = JSON.stringify({ body: 'x'.repeat(1000) });
  assert.equal(locateInExport(long, '/body').excerpt.length, 160);
  assert.ok(locateInExport(long, '/body').excerpt.startsWith('{"body":"xxx'));
  assert.ok(locateInExport(long, '/body').excerpt.endsWith('…'));
  // A long line before the value: only its last 60 characters lead.
  const wide = `{${'"k": 1, '.repeat(20)}"v": "here"}`;
  assert.equal(locateInExport(wide, '/v').excerpt, `…${'"k": 1, '.repeat(20).slice(-54)}"v": "here"`);
  assert.equal(locateInExport('not json', '/a'), null);
});
