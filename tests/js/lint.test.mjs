// tester.lint over the WebAssembly module (web/src/api/node/node.js): the
// findings of `flowproof lint` as values (rule id, severity, pointer, line
// and column into the text given, node or template), the same as the
// native command's JSON; the loaded fixture when no document is given;
// `lint.ignore` and noIgnore; and bad input resolved as located errors,
// never thrown.
//
//   FLOWPROOF_WASM_DIR=build-wasm/wasm node --test tests/js/lint.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeTester, defaultWasmDir, wasmBuilt } from '../../web/src/api/node/node.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const wasmDir = defaultWasmDir();
const skip = wasmBuilt(wasmDir) ? false : `no WebAssembly module in ${wasmDir}`;
const fixturePath = path.join(root, 'tests', 'browser', 'data-page', 'lint.fixture.json');
const fixtureText = readFileSync(fixturePath, 'utf8');
const cli = path.join(path.resolve(root, process.env.FLOWPROOF_NATIVE_BUILD ?? 'build'), 'flowproof');

const rulesOf = (r) => r.findings.map((f) => `${f.rule} ${f.pointer}`);

test('lint gives each finding with rule, severity, pointer, line and column in the text given', { skip }, async () => {
  const t = createNodeTester({ wasmDir });
  const r = await t.lint(fixtureText);
  assert.equal(r.ok, true);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(rulesOf(r), ['branch_never_taken /workflow/nodes/by_score/branches/1', 'email_without_unsubscribe /workflow/templates/welcome']);
  assert.deepEqual(r.counts, { error: 0, warning: 2, info: 0 });
  const [branch, email] = r.findings;
  assert.equal(branch.severity, 'warning');
  assert.equal(branch.node, 'by_score');
  assert.match(branch.message, /branch 'hot' is never taken/);
  // The line and column are where the text has the finding's place.
  const lines = fixtureText.split('\n');
  assert.ok(lines[branch.line - 1].slice(branch.column - 1).startsWith('{'), `line ${branch.line}: ${lines[branch.line - 1]}`);
  assert.ok(lines[email.line - 1].slice(email.column - 1).startsWith('"welcome"'), `line ${email.line}: ${lines[email.line - 1]}`);
  assert.equal(email.template, 'welcome');
});

test('lint agrees with `flowproof lint --format json`', { skip: skip || (existsSync(cli) ? false : `no native CLI at ${cli}`) }, async () => {
  const native = spawnSync(cli, ['lint', fixturePath, '--format', 'json'], { encoding: 'utf8' });
  assert.equal(native.status, 1, native.stderr);
  const expected = JSON.parse(native.stdout);
  const t = createNodeTester({ wasmDir });
  const r = await t.lint(fixtureText);
  assert.deepEqual(r.findings, expected.findings);
  assert.deepEqual(r.counts, expected.counts);
});

test('lint without a document lints the loaded fixture, and says when none is loaded', { skip }, async () => {
  const t = createNodeTester({ wasmDir });
  const before = await t.lint();
  assert.equal(before.ok, false);
  assert.deepEqual(before.findings, []);
  assert.equal(before.errors[0].code, 'not_loaded');
  const doc = JSON.parse(fixtureText);
  assert.equal((await t.load(doc)).ok, true);
  const loaded = await t.lint();
  assert.equal(loaded.ok, true);
  assert.deepEqual(rulesOf(loaded), rulesOf(await t.lint(doc)));
  // A fixed branch: the finding is gone, the email's stays.
  doc.workflow.nodes.by_score.branches[0].when['>='][1] = 90;
  assert.deepEqual(rulesOf(await t.lint(doc)), ['email_without_unsubscribe /workflow/templates/welcome']);
});

test('lint.ignore hides a rule at its node; noIgnore shows it; a bare workflow has unprefixed pointers', { skip }, async () => {
  const t = createNodeTester({ wasmDir });
  const doc = JSON.parse(fixtureText);
  doc.workflow.nodes.by_score.lint = { ignore: ['branch_never_taken'] };
  assert.deepEqual(rulesOf(await t.lint(doc)), ['email_without_unsubscribe /workflow/templates/welcome']);
  assert.deepEqual(rulesOf(await t.lint(doc, { noIgnore: true })), ['branch_never_taken /workflow/nodes/by_score/branches/1', 'email_without_unsubscribe /workflow/templates/welcome']);
  const bare = await t.lint(JSON.stringify(JSON.parse(fixtureText).workflow), { timing: true });
  assert.equal(bare.ok, true);
  assert.ok(rulesOf(bare).includes('branch_never_taken /nodes/by_score/branches/1'), rulesOf(bare).join('; '));
  assert.deepEqual(bare.timing.map((row) => row.node).sort(), ['by_score', 'done', 'send_offer', 'send_welcome']);
});

test('lint resolves bad input as located errors, never rejects', { skip }, async () => {
  const t = createNodeTester({ wasmDir });
  const malformed = await t.lint('{\n  "format": "flowproof.workflow/1",\n  "nodes": {,\n}');
  assert.equal(malformed.ok, false);
  assert.deepEqual(malformed.findings, []);
  assert.equal(malformed.errors[0].line, 3);
  assert.ok(malformed.errors[0].column > 0);

  const invalid = JSON.parse(fixtureText);
  invalid.workflow.nodes.send_welcome.next = 'nowhere';
  const r = await t.lint(invalid);
  assert.equal(r.ok, false);
  assert.ok(r.errors.some((e) => e.pointer === '/workflow/nodes/send_welcome/next'), JSON.stringify(r.errors));

  for (const odd of [42, [], true, '']) {
    const v = await t.lint(odd);
    assert.equal(v.ok, false, JSON.stringify(odd));
    assert.ok(v.errors.length > 0 && typeof v.errors[0].message === 'string');
  }
});
