// `flowproof docs` says what the page says: for every gallery workflow, the
// sentences the page's explain.js makes (triggers, the audience rule, the
// re-enrolment rule, what each step does, each branch's condition and the
// 'else' reason, goal, time limit) appear word for word in the document that
// the C++ core (core/words/page_words.cc) writes.
//
//   FLOWPROOF_NATIVE_BUILD=build node --test tests/js/docs-words.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeCondition, describeNode, describeTrigger } from '../../web/src/page/explain.js';
import { formatDuration, parseDuration } from '../../web/src/page/time.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(resolve(root, process.env.FLOWPROOF_NATIVE_BUILD ?? 'build'), 'flowproof');
const hasDocs = existsSync(cli) && (spawnSync(cli, ['docs'], { encoding: 'utf8' }).stderr ?? '').includes('usage: flowproof docs');
const skip = hasDocs ? false : `no native CLI with a docs command at ${cli}`;
if (skip) console.log(`docs-words: skipped, ${skip}`);

// The HTML document as plain text: tags dropped, entities read.
function documentText(file) {
  const r = spawnSync(cli, ['docs', file, '--format', 'html'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  const body = r.stdout.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<svg[\s\S]*?<\/svg>/g, '');
  return body
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const capitalise = (s) => (s ? s[0].toUpperCase() + s.slice(1) : s);
// The page clips at 160 characters; the document shows whole conditions,
// so only unclipped sentences can be compared.
const whole = (s) => !s.includes('…');

const workflows = readdirSync(join(root, 'fixtures'))
  .sort()
  .map((name) => join(root, 'fixtures', name, 'workflow.json'))
  .filter((p) => existsSync(p));

test('the document uses the page\'s words for every trigger, step, branch and rule', { skip }, () => {
  let compared = 0;
  for (const file of workflows) {
    const wf = JSON.parse(readFileSync(file, 'utf8'));
    const text = documentText(file);
    const expect = (sentence) => {
      if (!whole(sentence)) return;
      compared += 1;
      assert.ok(text.includes(sentence), `${file}: the document lacks the page's sentence\n  ${sentence}`);
    };
    for (const t of wf.entry?.triggers ?? []) expect(`Trigger: ${describeTrigger(t)}.`);
    if (wf.entry?.audience !== undefined) expect(`The audience rule is: ${describeCondition(wf.entry.audience)}.`);
    if (wf.exit?.goal !== undefined) expect(`Goal: ${describeCondition(wf.exit.goal)}.`);
    if (wf.exit?.max_duration) expect(`A contact may stay at most ${formatDuration(parseDuration(wf.exit.max_duration))}`);
    for (const e of wf.exit?.on_events ?? []) expect(`Left: event '${e.event}' arrived`);
    for (const [, node] of Object.entries(wf.nodes)) {
      // The core's JSON keeps object keys sorted (core/base/json.h), so an
      // update's `set` and `increment` are named in sorted order there.
      const sorted = (o) => (o && typeof o === 'object' ? Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : o);
      const shown = node.type === 'update' ? { ...node, set: sorted(node.set), increment: sorted(node.increment) } : node;
      expect(`${capitalise(describeNode(shown))}.`);
      if (node.type !== 'branch') continue;
      for (const b of node.branches) expect(`Condition for '${b.label}': ${describeCondition(b.when)}.`);
      const held = node.branches.length === 1
        ? `'${node.branches[0].label}' (${describeCondition(node.branches[0].when)}) did not hold`
        : `none of ${node.branches.map((b) => `'${b.label}'`).join(', ')} held`;
      expect(`taken because ${held}.`);
    }
  }
  assert.ok(compared > 80, `compared ${compared} sentences`);
});
