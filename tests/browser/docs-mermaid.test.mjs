// `flowproof docs` in a real browser: the Mermaid flowchart of every gallery
// workflow really renders with mermaid (the library GitHub uses; the
// @mermaid-js/parser package has no flowchart grammar), with one shape per
// step plus the entry, and the self-contained HTML file opens with no
// request to anywhere, no console error and its diagram drawn.
//
//   FLOWPROOF_NATIVE_BUILD=build node --test tests/browser/docs-mermaid.test.mjs
//
// Needs the native CLI (for the documents) and Chromium; skipped otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, nativeCli, root } from './helpers.mjs';

const cli = nativeCli();
const hasDocs = cli && spawnSync(cli, ['docs'], { encoding: 'utf8' }).stderr.includes('usage: flowproof docs');
const skip = !cli ? 'no native CLI' : !hasDocs ? `the CLI at ${cli} has no docs command` : !existsSync(chromiumPath) ? 'no Chromium' : false;

function galleryWorkflows() {
  const dir = path.join(root, 'fixtures');
  return readdirSync(dir)
    .sort()
    .map((name) => path.join(dir, name, 'workflow.json'))
    .filter((p) => existsSync(p));
}

function docs(file, format = 'md') {
  const r = spawnSync(cli, ['docs', file, '--format', format], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function mermaidBlock(markdown) {
  const m = /```mermaid\n([\s\S]*?)\n```/.exec(markdown);
  assert.ok(m, 'the document has a ```mermaid block');
  return m[1];
}

async function withBrowser(body) {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  try {
    return await body(browser);
  } finally {
    await browser.close();
  }
}

test('every gallery workflow\'s Mermaid flowchart renders with mermaid', { skip }, async () => {
  const workflows = galleryWorkflows();
  assert.ok(workflows.length >= 10, 'the gallery has its workflows');
  // A workflow made to break the chart: quotes, brackets, keywords, markup.
  const hostile = {
    format: 'flowproof.workflow/1', id: 'evil', name: 'x',
    entry: { triggers: [{ type: 'event', event: 'a"]) --> X["pwn' }] },
    start: 'end',
    nodes: {
      end: { type: 'branch', branches: [{ label: '"|> b`c` <b>x</b> #1;', when: { '==': [{ var: 'contact.x' }, '<img src=x onerror=alert(1)>'] }, next: 'subgraph' }], else: 'bye' },
      subgraph: { type: 'send', channel: 'email', template: 't', next: 'bye' },
      bye: { type: 'exit', reason: 'a_b' },
    },
    templates: { t: { channel: 'email', subject: 'Hi', html: '<p>x <a href="https://e.example/unsubscribe">unsubscribe</a></p>' } },
  };
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'flowproof-docs-'));
  const hostilePath = path.join(tmp, 'hostile.json');
  writeFileSync(hostilePath, JSON.stringify(hostile));
  const charts = [...workflows, hostilePath].map((file) => {
    const wf = JSON.parse(readFileSync(file, 'utf8'));
    return { file, steps: Object.keys(wf.nodes).length, source: mermaidBlock(docs(file)) };
  });
  rmSync(tmp, { recursive: true, force: true });
  await withBrowser(async (browser) => {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    let alerted = false;
    page.on('dialog', async (d) => {
      alerted = true;
      await d.dismiss();
    });
    await page.setContent('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ path: path.join(root, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js') });
    for (const [i, chart] of charts.entries()) {
      const result = await page.evaluate(
        async ({ source, id }) => {
          // eslint-disable-next-line no-undef
          mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
          try {
            // eslint-disable-next-line no-undef
            const parsed = await mermaid.parse(source);
            // eslint-disable-next-line no-undef
            const { svg } = await mermaid.render(id, source);
            const box = document.getElementById('out');
            box.innerHTML = svg;
            const labels = [...box.querySelectorAll('g.node')].map((n) => n.textContent);
            return { ok: true, type: parsed.diagramType, nodes: box.querySelectorAll('g.node').length, edges: box.querySelectorAll('.edgePaths path, path.flowchart-link').length, labels, scripts: box.querySelectorAll('script, img, foreignObject b').length };
          } catch (e) {
            return { ok: false, error: String(e?.message ?? e) };
          }
        },
        { source: chart.source, id: `chart${i}` },
      );
      assert.ok(result.ok, `${chart.file}: ${result.error}\n${chart.source}`);
      assert.match(result.type, /flowchart/, chart.file);
      assert.equal(result.nodes, chart.steps + 1, `${chart.file}: one shape per step plus the entry`);
      assert.ok(result.edges >= chart.steps - 1, `${chart.file}: edges drawn (${result.edges})`);
      if (chart.file.endsWith('hostile.json')) {
        assert.equal(result.scripts, 0, 'no markup from the workflow became elements');
        assert.ok(result.labels.some((l) => l.includes('a"]) --> X["pwn')), `the trigger text is shown as text: ${result.labels.join(' | ')}`);
        assert.ok(result.labels.some((l) => l.startsWith('end')), 'the node named end is a node');
      }
    }
    assert.equal(alerted, false);
    assert.deepEqual(errors, []);
  });
});

test('the HTML document opens with nothing loaded from elsewhere and its diagram drawn', { skip }, async () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'flowproof-docs-html-'));
  try {
    await withBrowser(async (browser) => {
      for (const file of galleryWorkflows()) {
        const htmlPath = path.join(tmp, `${path.basename(path.dirname(file))}.html`);
        writeFileSync(htmlPath, docs(file, 'html'));
        const page = await browser.newPage();
        const outside = [];
        const problems = [];
        page.on('request', (r) => {
          if (!r.url().startsWith('file:') && !r.url().startsWith('data:') && !r.url().startsWith('about:')) outside.push(r.url());
        });
        page.on('console', (m) => {
          if (m.type() === 'error') problems.push(m.text());
        });
        page.on('pageerror', (e) => problems.push(String(e)));
        await page.goto(`file://${htmlPath}`);
        const drawn = await page.evaluate(() => ({
          nodes: document.querySelectorAll('svg .fp-node').length,
          scripts: document.scripts.length,
          width: document.querySelector('svg.fp-diagram-svg')?.getBoundingClientRect().width ?? 0,
        }));
        const wf = JSON.parse(readFileSync(file, 'utf8'));
        assert.equal(drawn.nodes, Object.keys(wf.nodes).length + 1, file);
        assert.equal(drawn.scripts, 0, file);
        assert.ok(drawn.width > 100, `${file}: the diagram has a size`);
        assert.deepEqual(outside, [], `${file}: requests to elsewhere`);
        assert.deepEqual(problems, [], file);
        await page.close();
      }
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
