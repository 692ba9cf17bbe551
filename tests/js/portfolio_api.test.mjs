// A portfolio (FORMAT.md v1.1 "Portfolio") through the JavaScript API in
// Node: workflows named by path are fetched beside the fixture, and the
// page's view reads the run from one workflow at a time: its node counts,
// where each contact is there and the path it took there, the diagram's
// taken edges; `sends` lists every workflow's sends for the day view, and
// coverage() gives one report per workflow. Every expectation is derived
// from the golden trace of fixtures/portfolio-shop, not written by hand.
//
//   node --test tests/js/portfolio_api.test.mjs
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createNodeTester, defaultWasmDir, wasmBuilt } from '../../web/src/api/node/node.js';
import { PAGE_VIEW } from '../../web/src/api/either/tester.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const wasmDir = defaultWasmDir();
const skip = wasmBuilt(wasmDir) ? false : `no WebAssembly module in ${wasmDir}: build the flowproof_wasm target (bash tools/build.sh)`;
if (skip) console.log(`portfolio api: skipped, ${skip}`);

const shopDir = path.join(root, 'fixtures', 'portfolio-shop');
const shop = path.join(shopDir, 'shop.fixture.json');
const golden = readFileSync(path.join(shopDir, 'shop.trace.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const workflowIds = JSON.parse(readFileSync(shop, 'utf8')).workflows.map((p) => JSON.parse(readFileSync(path.join(shopDir, p), 'utf8')).id);

/** The nodes `contact` entered in `workflow` since its latest enrolment there, from the golden trace. */
function goldenPath(contact, workflow) {
  const out = [];
  for (const line of golden) {
    if (line.contact !== contact || line.workflow !== workflow) continue;
    if (line.kind === 'enrolled') out.length = 0;
    else if (line.kind === 'entered') out.push(line.node);
  }
  return out;
}

async function ranToEnd() {
  const t = createNodeTester({ wasmDir });
  const loaded = await t.loadUrl(pathToFileURL(shop));
  assert.equal(loaded.ok, true, JSON.stringify(loaded.errors));
  assert.deepEqual(loaded.fixture.workflows, workflowIds, 'load names every workflow of the portfolio');
  await t.runToEnd();
  return t;
}

describe('a portfolio through the JavaScript API', { skip }, () => {
  test('workflows named by path load, and the trace is the golden one', async () => {
    const t = await ranToEnd();
    const trace = await t.trace();
    assert.equal(trace.length, golden.length);
    assert.deepEqual(trace, golden);
    const fixture = await t.fixture();
    assert.deepEqual(fixture.workflows.map((w) => w.id), workflowIds);
  });

  test('the view from one workflow: its counts, each contact there, its path there', async () => {
    const t = await ranToEnd();
    const contacts = [...new Set(golden.map((l) => l.contact))];
    for (const workflow of workflowIds) {
      const v = await t.view({ workflow, contact: contacts[0] });
      assert.equal(v.workflow, workflow);
      const entered = {};
      for (const l of golden) if (l.workflow === workflow && l.kind === 'entered') entered[l.node] = (entered[l.node] ?? 0) + 1;
      for (const [node, n] of Object.entries(entered)) assert.equal(v.counts[node]?.entered, n, `${workflow}/${node}`);
      const all = await t.contacts();
      for (const row of v.contacts) {
        const full = all.find((c) => c.id === row.id);
        assert.equal(row.state, full.workflows[workflow].state, `${row.id} in ${workflow}`);
        assert.equal(row.workflow, workflow);
      }
      for (const id of contacts) {
        const one = await t.view({ workflow, contact: id });
        assert.deepEqual(one.contact.path, goldenPath(id, workflow), `${id}'s path in ${workflow}`);
      }
    }
    const promotion = await t.view({ workflow: 'promotion' });
    const unknown = await t.view({ workflow: 'no-such-workflow' });
    assert.equal(unknown.workflow, null, 'an unknown id is not a workflow of the portfolio');
    assert.notDeepEqual(promotion.counts, unknown.counts, 'without a workflow the counts are keyed by workflow');
    assert.deepEqual(Object.keys(unknown.counts).sort(), [...workflowIds].sort());
  });

  test("the diagram's taken edges are the shown workflow's only", async () => {
    const t = await ranToEnd();
    for (const workflow of workflowIds) {
      const { taken } = await t[PAGE_VIEW]({ workflow });
      const nodes = new Set(golden.filter((l) => l.workflow === workflow && l.kind === 'entered').map((l) => l.node));
      const reached = new Set(taken.filter((k) => k.includes('\u0000to\u0000')).map((k) => k.split('\u0000to\u0000')[1]));
      assert.deepEqual([...reached].sort(), [...nodes].sort(), workflow);
    }
  });

  test('sends lists every sent and suppressed line, the portfolio cap named', async () => {
    const t = await ranToEnd();
    const v = await t.view({ workflow: workflowIds[0] });
    const expected = golden.filter((l) => l.kind === 'sent' || l.kind === 'suppressed');
    assert.equal(v.sends.length, expected.length);
    assert.deepEqual(v.sends.map((s) => [s.t, s.contact, s.workflow, s.kind, s.template]), expected.map((l) => [l.t, l.contact, l.workflow, l.kind, l.template]));
    const capped = v.sends.filter((s) => s.cap === 'portfolio');
    assert.ok(capped.length >= 1, 'the shop fixture has a send the portfolio cap suppressed');
    for (const s of capped) assert.equal(s.reason, 'frequency_cap');
  });

  test('coverage() gives one report per workflow, in the fixture order', async () => {
    const t = await ranToEnd();
    const reports = await t.coverage();
    assert.ok(Array.isArray(reports));
    assert.deepEqual(reports.map((r) => r.workflow), workflowIds);
    for (const r of reports) assert.equal(r.format, 'flowproof.coverage/1');
  });

  test('a fixture of one workflow has no sends and reads as before', async () => {
    const t = createNodeTester({ wasmDir });
    assert.equal((await t.loadUrl(pathToFileURL(path.join(root, 'tests', 'browser', 'data', 'basic.fixture.json')))).ok, true);
    await t.runToEnd();
    const v = await t.view({ workflow: 'anything' });
    assert.equal(v.sends, undefined);
    assert.equal(v.workflow, undefined);
    assert.ok(!Array.isArray(await t.coverage()));
  });
});
