// `flowproof lint --format sarif` against the official SARIF 2.1.0 JSON
// schema (sarif-2.1.0-rtm.5.json, the final 2.1.0 schema as bundled by
// Microsoft's @microsoft/jest-sarif), for a workflow with findings of several
// rules, a fixture, and a clean document; plus the exit statuses of
// FORMAT.md (0 clean, 1 errors or warnings, 2 invalid input).
//
//   FLOWPROOF_NATIVE_BUILD=build-lint node --test tests/js/lint_sarif.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './support/fixtures.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(resolve(root, process.env.FLOWPROOF_NATIVE_BUILD ?? 'build'), 'flowproof');
const require = createRequire(import.meta.url);
const sarifDir = dirname(require.resolve('@microsoft/jest-sarif/package.json'));
const schema = JSON.parse(readFileSync(join(sarifDir, 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
// The schema is draft-04: the Ajv 6 that the package itself uses reads it.
const requireFromSarif = createRequire(join(sarifDir, 'package.json'));
const Ajv6 = requireFromSarif('ajv');
const ajv = new Ajv6({ schemaId: 'id', allErrors: true, meta: false });
ajv.addMetaSchema(requireFromSarif('ajv/lib/refs/json-schema-draft-04.json'));
const validate = ajv.compile(schema);

const exit = { type: 'exit' };
const noisy = {
  format: 'flowproof.workflow/1', id: 'noisy',
  entry: { triggers: [{ type: 'event', event: 'signup' }] },
  exit: { max_duration: '1d' },
  settings: { frequency_cap: { max: 1, per: '1d' } },
  start: 'a',
  nodes: {
    a: { type: 'send', channel: 'email', template: 'e', next: 'b' },
    b: { type: 'send', channel: 'sms', template: 's', next: 'w' },
    w: { type: 'wait', for: '2d', next: 'z' },
    z: exit,
    orphan: exit,
    ab: { type: 'split', mode: 'ab', variants: [{ label: 'A', weight: 0, next: 'z' }, { label: 'B', weight: 0, next: 'z' }] },
  },
  templates: {
    e: { channel: 'email', subject: 'Hi', html: '<p>Hi</p>' },
    s: { channel: 'sms', body: 'Hi there' },
  },
};

function lint(doc, format, name = 'wf.json') {
  const dir = mkdtempSync(join(tmpdir(), 'flowproof-lint-'));
  try {
    const file = join(dir, name);
    writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
    return run(cli, ['lint', file, '--format', format]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function explain(errors) {
  return (errors ?? []).map((e) => `${e.dataPath} ${e.message}`).join('\n');
}

test('SARIF of a workflow with findings is valid SARIF 2.1.0', () => {
  const r = lint(noisy, 'sarif');
  assert.equal(r.status, 1, r.stderr);
  const log = JSON.parse(r.stdout.toString());
  assert.ok(validate(log), explain(validate.errors));
  assert.equal(log.runs.length, 1);
  const rules = new Set(log.runs[0].results.map((x) => x.ruleId));
  for (const id of ['unreachable_node', 'expires_before_reached', 'split_weights', 'cap_suppresses_send',
    'email_without_unsubscribe', 'sms_without_opt_out']) assert.ok(rules.has(id), id);
  const split = log.runs[0].results.find((x) => x.ruleId === 'split_weights');
  assert.equal(split.level, 'error');
  assert.equal(split.locations[0].logicalLocations[0].fullyQualifiedName, '/nodes/ab/variants');
  assert.ok(split.locations[0].physicalLocation.region.startLine > 1);
});

test('SARIF of a clean workflow and of a fixture is valid too', () => {
  const clean = { ...noisy, exit: {}, settings: {}, nodes: { a: exit }, templates: {} };
  const r = lint(clean, 'sarif');
  assert.equal(r.status, 0, r.stderr);
  const log = JSON.parse(r.stdout.toString());
  assert.ok(validate(log), explain(validate.errors));
  assert.deepEqual(log.runs[0].results, []);
  const fixture = readFileSync(join(root, 'fixtures', 'examples', 'quickstart.fixture.json'), 'utf8');
  const f = lint(fixture, 'sarif', 'quickstart.fixture.json');
  assert.ok(f.status === 0 || f.status === 1, f.stderr);
  assert.ok(validate(JSON.parse(f.stdout.toString())), explain(validate.errors));
});

test('a SARIF log that breaks the schema is rejected (the check can fail)', () => {
  const log = JSON.parse(lint(noisy, 'sarif').stdout.toString());
  log.runs[0].results[0].level = 'severe';
  assert.equal(validate(log), false);
});

test('JSON findings and exit statuses', () => {
  const r = lint(noisy, 'json');
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout.toString());
  const sorted = [...out.findings].sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
  assert.deepEqual(out.findings.map((f) => f.pointer), sorted.map((f) => f.pointer));
  for (const f of out.findings) for (const k of ['rule', 'severity', 'pointer', 'message']) assert.ok(k in f, k);
  assert.equal(lint('{"format": ', 'json').status, 2);
  assert.equal(lint({ format: 'flowproof.workflow/1' }, 'text').status, 2);
});
