// The native command line against FORMAT.md ("Command line"): options,
// exit statuses and error places, run as a user would run it.
//
//   node --test tests/js/cli.test.mjs
//
// The build folder defaults to build/ under the repository root;
// FLOWPROOF_NATIVE_BUILD overrides it. Without a native CLI the tests are
// skipped with a message saying so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(resolve(root, process.env.FLOWPROOF_NATIVE_BUILD ?? 'build'), 'flowproof');
const skip = existsSync(cli) ? false : `no native CLI at ${cli}`;
if (skip) console.log(`cli: skipped, ${skip}`);

const quickstart = join(root, 'fixtures', 'examples', 'quickstart.fixture.json');

function run(args, options = {}) {
  const result = spawnSync(cli, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  return result;
}

function withFiles(files, body) {
  const dir = mkdtempSync(join(tmpdir(), 'flowproof-cli-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Every "--option" the usage text shows for a command is one the command
// accepts: it may complain about the value or the other arguments, never
// call the option unknown.
test('every option the usage text shows is accepted by its command', { skip }, () => {
  const usage = run(['--help']).stdout;
  const lines = usage.split('\n').filter((line) => /^ {2}[a-z]+ /.test(line));
  assert.ok(lines.length >= 6, usage);
  const unknown = [];
  for (const line of lines) {
    const command = line.trim().split(/\s+/)[0];
    for (const [, option] of line.matchAll(/--([a-z-]+)/g)) {
      const result = run([command, `--${option}`, 'x']);
      if (/unknown option/.test(result.stderr)) unknown.push(`${command} --${option}: ${result.stderr.trim()}`);
    }
  }
  assert.deepEqual(unknown, []);
});

// A rule that doubles an array forty times is stopped by the evaluator's
// work limit: a message and exit 2, never std::bad_alloc and an abort.
test('logic: a rule that doubles its data exits 2 with the limit it hit', { skip }, () => {
  const rule = { reduce: [Array.from({ length: 40 }, (_, i) => i), { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [1]] };
  withFiles({ 'rule.json': JSON.stringify(rule), 'data.json': '{}' }, (dir) => {
    const result = run(['logic', join(dir, 'rule.json'), join(dir, 'data.json')]);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /rule\.json: the evaluation was stopped: more than 10000000 array items/);
  });
});

// A small fixture that loops every second for 90 days makes 23 million trace
// lines. The commands that keep the run in memory (render, simulate --format
// text) stop at their limit with a located error and exit 2 instead of
// taking the machine's memory; JSON lines are streamed and need no limit.
test('render and simulate --format text stop a run that makes too many trace lines', { skip }, () => {
  const fixture = {
    format: 'flowproof.fixture/1',
    name: 'a loop every second',
    workflow: {
      format: 'flowproof.workflow/1', id: 'tick', entry: { triggers: [{ type: 'event', event: 'go' }] }, start: 'tick',
      nodes: { tick: { type: 'wait', for: '1s', next: 'tick' } },
      templates: { hello: { channel: 'sms', body: 'Hi. Reply STOP to opt out' } },
    },
    clock: { start: '2026-11-02T00:00:00Z', until: '+90d' },
    contacts: [{ id: 'a', phone: '+15550100' }],
    script: [{ at: '+0s', contact: 'a', event: 'go' }],
  };
  withFiles({ 'loop.fixture.json': JSON.stringify(fixture) }, (dir) => {
    const path = join(dir, 'loop.fixture.json');
    for (const args of [['render', path, '--contact', 'a', '--template', 'hello'], ['simulate', path, '--format', 'text']]) {
      const result = run(args);
      assert.equal(result.status, 2, `${args[0]}: ${result.stderr}`);
      assert.equal(result.stdout, '', args[0]);
      assert.match(result.stderr, /loop\.fixture\.json: \/clock\/until: the run made more than 1000000 trace lines by 2026-11-05T/);
    }
    // Within the limit the same commands work.
    const early = run(['render', path, '--contact', 'a', '--template', 'hello', '--at', '+1h']);
    assert.equal(early.status, 0, early.stderr);
    assert.equal(JSON.parse(early.stdout).body, 'Hi. Reply STOP to opt out');
  });
});

// PARTIALS maps names to Liquid source: a value that is not text is reported
// at its pointer, not later as a partial that was "not found".
test('liquid: a partial that is not a string is a located error', { skip }, () => {
  const files = { 't.liquid': '{% render "p" %}', 'd.json': '{}', 'p.json': '{"p": 5, "ok": "x"}' };
  withFiles(files, (dir) => {
    const result = run(['liquid', join(dir, 't.liquid'), join(dir, 'd.json'), '--partials', join(dir, 'p.json')]);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /p\.json: \/p: a partial must be a string of Liquid source/);
    assert.doesNotMatch(result.stderr, /not found/);
  });
});

// An empty trace would read as "nothing happens": a --until before the
// clock start is a mistake, said as one.
test('simulate --until before the clock start is invalid input', { skip }, () => {
  const result = run(['simulate', quickstart, '--until', '2020-01-01T00:00:00Z']);
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /--until: .*before the clock start/);
  const within = run(['simulate', quickstart, '--until', '+1h']);
  assert.equal(within.status, 0, within.stderr);
});

// validate takes a fixture too, with the checks simulate makes: its
// workflow's problems at /workflow/..., not "unknown field 'clock'".
test('validate checks a fixture as simulate would', { skip }, () => {
  assert.equal(run(['validate', quickstart]).status, 0);
  const fixture = JSON.parse(readFileSync(quickstart, 'utf8'));
  fixture.workflow.nodes.send_welcome.next = 'nowhere';
  withFiles({ 'bad.fixture.json': JSON.stringify(fixture) }, (dir) => {
    const result = run(['validate', join(dir, 'bad.fixture.json')]);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^\/workflow\/nodes\/send_welcome\/next: /m);
    assert.doesNotMatch(result.stdout, /unknown field 'clock'/);
  });
});
