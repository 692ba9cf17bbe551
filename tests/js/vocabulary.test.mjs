// The page's words and the JavaScript error codes against the core's
// vocabulary, read from the build (`flowproof vocabulary`, which prints
// core/base/problem_codes.h and core/sim/trace_vocabulary.h as JSON), so
// there is no second hand-written copy to drift:
//   - ERROR_CODES' group from wasm/bindings.cc is exactly the core's failure codes;
//   - explain.js has words for every trace kind, reason, via, exit reason and
//     error code, and its reason words are the text trace's.
//
//   node --test tests/js/vocabulary.test.mjs
//
// The build folder defaults to build/ under the repository root;
// FLOWPROOF_NATIVE_BUILD overrides it. Without a native CLI the tests are
// skipped with a message saying so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(resolve(root, process.env.FLOWPROOF_NATIVE_BUILD ?? 'build'), 'flowproof');
const skip = existsSync(cli) ? false : `no native CLI at ${cli}`;
if (skip) console.log(`vocabulary: skipped, ${skip}`);

const errorsPath = join(root, 'web', 'src', 'api', 'either', 'errors.js');
const explainPath = join(root, 'web', 'src', 'page', 'explain.js');

function vocabulary() {
  const result = spawnSync(cli, ['vocabulary'], { cwd: root, encoding: 'utf8' });
  if (result.error) throw result.error;
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

const names = (list) => list.map((entry) => entry.name);

test('flowproof vocabulary lists every code and word once, with its meaning', { skip }, () => {
  const v = vocabulary();
  for (const list of [v.problem_codes, v.failure_codes]) {
    const codes = list.map((entry) => entry.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const entry of list) assert.match(entry.code, /^[a-z][a-z0-9_]*$/), assert.ok(entry.meaning.length > 5, entry.code);
  }
  for (const [key, list] of Object.entries(v.trace)) {
    if (!Array.isArray(list)) continue;
    assert.equal(new Set(names(list)).size, list.length, key);
    for (const entry of list) assert.ok(entry.words.length > 5, `${key} ${entry.name}`);
  }
  assert.deepEqual(names(v.trace.kinds), ['enrolled', 'enroll_rejected', 'entered', 'branch', 'split', 'waiting', 'resumed', 'sent', 'suppressed', 'updated', 'exited', 'error', 'migrated', 'winner_selected']);
  assert.ok(v.problem_codes.some((entry) => entry.code === 'unknown_field'));
  assert.ok(names(v.trace.error_codes).includes('loop_without_wait'));
});

test("ERROR_CODES' codes from wasm/bindings.cc are exactly the core's failure codes", { skip }, async () => {
  const v = vocabulary();
  const { ERROR_CODES } = await import(pathToFileURL(errorsPath));
  const values = Object.values(ERROR_CODES);
  assert.equal(new Set(values).size, values.length, 'a code is listed twice');
  // The group between the "// wasm/bindings.cc" and "// JavaScript" comments.
  const source = readFileSync(errorsPath, 'utf8');
  const group = source.slice(source.indexOf('// wasm/bindings.cc'), source.indexOf('// JavaScript'));
  assert.ok(group.length > 20, 'errors.js no longer marks the group from wasm/bindings.cc');
  const fromBinding = [...group.matchAll(/^\s+[A-Z_]+: '([a-z_]+)',/gm)].map((m) => m[1]);
  assert.deepEqual(fromBinding.sort(), v.failure_codes.map((entry) => entry.code).sort());
  for (const code of fromBinding) assert.ok(values.includes(code), code);
});

test("explain.js has words for every trace kind, reason, via, exit reason and error code, and the text trace's reason words", { skip }, async () => {
  const v = vocabulary();
  const { explainContext, explainLine, reasonWords } = await import(pathToFileURL(explainPath));
  const workflow = {
    nodes: { n: { type: 'wait_event', event: 'x', next: 'done', on_timeout: 'done' }, done: { type: 'exit' } },
    exit: { goal: { var: 'contact.bought' }, max_duration: '30d', on_events: [{ event: 'unsubscribed' }] },
    settings: { frequency_cap: { max: 2, per: '7d' } },
  };
  const base = { t: '2026-11-02T00:00:00Z', contact: 'alice', node: 'n', label: 'A', trigger: 0, channel: 'email', template: 'welcome', until: '2026-11-02T08:00:00Z' };
  const explain = (fields, setup) => {
    const ctx = explainContext(workflow);
    setup?.(ctx);
    return explainLine({ ...base, ...fields }, ctx);
  };

  for (const kind of names(v.trace.kinds)) {
    const { text } = explain({ kind, reason: 'goal', via: 'next', code: 'invalid_wait', message: 'm' });
    assert.notEqual(text, kind, `explain.js has no words for the trace kind '${kind}'`);
  }

  // Reasons: the page's words are the text trace's, for exactly these reasons.
  const reasons = [...v.trace.suppression_reasons, ...v.trace.rejection_reasons];
  for (const { name, words } of reasons) assert.equal(reasonWords(name), words, name);
  const block = readFileSync(explainPath, 'utf8').match(/const REASONS = \{([\s\S]*?)\n\};/);
  assert.ok(block, 'explain.js no longer has its REASONS table');
  const keys = [...block[1].matchAll(/^\s+([a-z_]+):/gm)].map((m) => m[1]);
  assert.deepEqual(keys.sort(), names(reasons).sort(), 'REASONS has words for a reason the core does not give, or lacks one');
  for (const { name } of v.trace.suppression_reasons) {
    assert.match(explain({ kind: 'suppressed', reason: name }).text, new RegExp(`not sent: ${reasonWords(name)}`));
  }

  for (const { name, words } of v.trace.hold_reasons) {
    const { text } = explain({ kind: 'waiting', reason: name });
    assert.ok(text.toLowerCase().startsWith(words), `${name}: ${text}`);
  }

  const resumed = names(v.trace.resume_via).map((via) => explain({ kind: 'resumed', via }).text);
  assert.equal(new Set(resumed).size, resumed.length, `two ways of resuming read the same: ${resumed.join(' | ')}`);

  for (const reason of names(v.trace.exit_reasons)) {
    const { text } = explain({ kind: 'exited', reason }, (ctx) => ctx.lastEntered.set('alice', reason === 'completed' ? 'done' : 'n'));
    assert.notEqual(text, `Left the workflow: ${reason.replace(/_/g, ' ')}`, `explain.js has no words for the exit reason '${reason}'`);
  }

  for (const code of names(v.trace.error_codes)) {
    const { text, detail } = explain({ kind: 'error', code, message: 'what went wrong' });
    assert.equal(text, 'Error: what went wrong');
    assert.match(detail, new RegExp(`Code ${code}`));
  }
});
