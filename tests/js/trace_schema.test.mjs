// schema/trace.schema.json: it compiles in Ajv's strict mode, every line that
// `flowproof simulate` prints for every gallery fixture (fixtures/**)
// validates against it, and it rejects lines that break FORMAT.md "Trace".
//
//   node --test tests/js/trace_schema.test.mjs
//
// The native CLI defaults to build/flowproof (FLOWPROOF_NATIVE_BUILD
// overrides the folder); without it the gallery test is skipped, saying so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { findFixtures } from './support/fixtures.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const schema = JSON.parse(readFileSync(join(root, 'schema', 'trace.schema.json'), 'utf8'));
const nativeCli = join(resolve(root, process.env.FLOWPROOF_NATIVE_BUILD ?? 'build'), 'flowproof');
const cliSkip = existsSync(nativeCli) ? false : `no native CLI at ${nativeCli} (bash tools/build.sh)`;
if (cliSkip) console.log(`trace schema: gallery skipped, ${cliSkip}`);

// Strict mode: an unknown or misspelt keyword is an error, so the schema
// cannot silently accept more than it says. (strictRequired and strictTypes
// are off, as in schema.test.mjs: `not: {required: [...]}` and the if/then
// discriminators on "kind" are type-less by design.)
const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true });
const validate = ajv.compile(schema);

function explain(errors) {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n');
}


test('the trace schema compiles in strict mode and has its published id', () => {
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(schema.$id, 'https://flowproof.dev/schema/trace.schema.json');
  assert.equal(typeof validate, 'function');
});

test('every kind in the enumeration has its own definition, and every definition a kind', () => {
  const kinds = schema.properties.kind.enum;
  for (const kind of ['enrolled', 'enroll_rejected', 'entered', 'branch', 'split', 'waiting', 'resumed', 'sent',
    'suppressed', 'updated', 'exited', 'error']) {
    assert.ok(kinds.includes(kind), `FORMAT.md kind ${kind} missing from the enumeration`);
  }
  const dispatched = schema.allOf.map((rule) => rule.then.$ref.replace('#/$defs/', ''));
  assert.deepEqual([...dispatched].sort(), [...kinds].sort());
  for (const kind of kinds) {
    const def = schema.$defs[kind];
    assert.ok(def, `no $defs/${kind}`);
    assert.equal(def.additionalProperties, false, `${kind} allows fields it does not list`);
    // FORMAT.md v1.1: winner_selected is the one line with no contact.
    assert.deepEqual(def.required.slice(0, 3), kind === 'winner_selected' ? ['t', 'kind', 'node'] : ['t', 'contact', 'kind'], kind);
    assert.equal(typeof def.description, 'string', kind);
  }
});

const good = {
  enrolled: { t: '2026-11-02T01:00:00Z', contact: 'alice', kind: 'enrolled', trigger: 0 },
  entered: { t: '2026-11-02T01:00:00Z', contact: 'alice', kind: 'entered', node: 'send_welcome' },
  sent: { t: '2026-11-02T01:00:00Z', contact: 'alice', kind: 'sent', node: 'send_welcome', channel: 'email', template: 'welcome' },
  waiting: { t: '2026-11-02T01:00:00Z', contact: 'alice', kind: 'waiting', node: 'wait_2d', until: '2026-11-04T01:00:00Z' },
  held: { t: '2026-11-02T03:00:00Z', contact: 'alice', kind: 'waiting', node: 'send', until: '2026-11-02T13:00:00Z', reason: 'quiet_hours' },
  waitEvent: { t: '2026-11-02T01:00:00Z', contact: 'alice', kind: 'waiting', node: 'buy', event: 'purchase_completed' },
  exited: { t: '2026-11-03T00:00:00Z', contact: 'alice', kind: 'exited', reason: 'goal' },
  branch: { t: '2026-11-02T01:00:00Z', contact: 'alice', kind: 'branch', node: 'route', label: 'else', values: { 'contact.country': null } },
  error: { t: '2026-11-02T01:00:00Z', contact: 'alice', kind: 'error', code: 'loop_without_wait', message: 'stopped', node: 'a' },
};

test('the lines of FORMAT.md are valid', () => {
  for (const [name, line] of Object.entries(good)) assert.ok(validate(line), `${name}: ${explain(validate.errors)}`);
});

// [what, line] pairs the schema must reject.
const bad = [
  ['an unknown kind', { ...good.entered, kind: 'teleported' }],
  ['no contact', (({ contact, ...rest }) => rest)(good.entered)],
  ['a timestamp with an offset', { ...good.entered, t: '2026-11-02T01:00:00+01:00' }],
  ['a sent line without template', (({ template, ...rest }) => rest)(good.sent)],
  ['an unknown channel', { ...good.sent, channel: 'fax' }],
  ['a field of another kind', { ...good.entered, label: 'A' }],
  ['an unknown suppression reason', { ...good.sent, kind: 'suppressed', reason: 'bored' }],
  ['an unknown resume', { ...good.entered, kind: 'resumed', via: 'magic' }],
  ['a waiting line with nothing to wait for', (({ until, ...rest }) => rest)(good.waiting)],
  ['a quiet-hours hold without until', (({ until, ...rest }) => rest)(good.held)],
  ['waiting for an event and a condition', { ...good.waitEvent, condition: { '==': [1, 1] } }],
  ['an exit without reason', (({ reason, ...rest }) => rest)(good.exited)],
  ['an empty exit reason', { ...good.exited, reason: '' }],
  ['a negative trigger', { ...good.enrolled, trigger: -1 }],
  ['an unknown error code', { ...good.error, code: 'oops' }],
  ['a rejection for no reason given', { ...good.enrolled, kind: 'enroll_rejected' }],
];

for (const [what, line] of bad) {
  test(`the trace schema rejects ${what}`, () => {
    assert.equal(validate(line), false, `${what} was accepted: ${JSON.stringify(line)}`);
  });
}

const fixtures = findFixtures(join(root, 'fixtures'));

test('every line simulated for every gallery fixture validates', { skip: cliSkip }, () => {
  assert.ok(fixtures.length >= 11, `found only ${fixtures.length} fixtures under fixtures/`);
  const kinds = new Map();
  let lines = 0;
  const failures = [];
  for (const fixture of fixtures) {
    const name = relative(root, fixture);
    const result = spawnSync(nativeCli, ['simulate', name], { cwd: root, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' });
    assert.equal(result.status, 0, `${name}: ${result.stderr}`);
    const text = result.stdout;
    assert.ok(text.endsWith('\n'), `${name}: the trace does not end with a newline`);
    for (const [i, row] of text.slice(0, -1).split('\n').entries()) {
      const line = JSON.parse(row);
      lines++;
      kinds.set(line.kind, (kinds.get(line.kind) ?? 0) + 1);
      if (!validate(line) && failures.length < 10) failures.push(`${name}:${i + 1}: ${row}\n${explain(validate.errors)}`);
    }
  }
  console.log(`trace schema: ${lines} lines of ${fixtures.length} fixtures validated; kinds ${JSON.stringify(Object.fromEntries(kinds))}`);
  assert.deepEqual(failures, []);
  assert.ok(lines > 0);
});
