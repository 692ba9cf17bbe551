// The README's JavaScript API example, run as written: the ```js block under
// "### The JavaScript API" in README.md is extracted and run, unchanged, as a
// module script of a page beside dist/flowproof.js (its `import ... from
// './flowproof.js'` resolves as the README says) in Chromium, under the
// site's Content Security Policy, with a gallery fixture, so an example that
// has gone stale (a renamed method, a changed result) fails here.
//
//   node --test tests/js/readme-example.test.mjs
//
// The example needs a `fixture` in scope with a contact 'alice' and a
// template 'welcome': the gallery's welcome series, its workflow inlined (an
// object has no URL to resolve a workflow path against). A browser, because
// dist/flowproof.js is the browser bundle: in Node, Emscripten 3.1.6's
// loader cannot read the .wasm from the file: URL beside it (Node uses
// web/src/api/node/node.js instead). The site is built and served by
// tests/browser/helpers.mjs; without a module or Chromium the run is skipped
// with a message.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSite, skipReason } from '../browser/helpers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const skip = skipReason();
if (skip) console.log(`readme example: skipped, ${skip}`);
// The policy of the site's pages (web/README.md, "Content Security Policy").
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";

/** The first ```js block of the section under the heading, as written. */
export function exampleUnder(markdown, heading) {
  const at = markdown.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `README.md has the heading '${heading}'`);
  const rest = markdown.slice(at + heading.length + 2);
  const end = rest.search(/^#{1,3} /m);
  const block = /```js\n([\s\S]*?)\n```/.exec(end < 0 ? rest : rest.slice(0, end));
  assert.ok(block, `a \`\`\`js block in the section '${heading}'`);
  return block[1];
}

/** The gallery fixture the example names (alice, the 'welcome' template), its workflow inlined. */
function welcomeFixture() {
  const dir = path.join(root, 'fixtures', 'welcome-series');
  const fixture = JSON.parse(readFileSync(path.join(dir, 'signups.fixture.json'), 'utf8'));
  if (typeof fixture.workflow === 'string') fixture.workflow = JSON.parse(readFileSync(path.join(dir, fixture.workflow), 'utf8'));
  assert.ok(fixture.contacts.some((c) => c.id === 'alice'), 'the fixture has alice');
  return fixture;
}

test('the README example is extracted whole', () => {
  const code = exampleUnder(readFileSync(path.join(root, 'README.md'), 'utf8'), '### The JavaScript API');
  assert.match(code, /from '\.\/flowproof\.js'/);
  for (const call of ['createTester(', 'tester.load(', 'tester.step(', 'tester.runToEnd(', 'tester.view(']) assert.ok(code.includes(call), call);
});

test('the README JavaScript API example runs against dist/flowproof.js', { skip, timeout: 180_000 }, async () => {
  const code = exampleUnder(readFileSync(path.join(root, 'README.md'), 'utf8'), '### The JavaScript API');
  // The example as written, with `fixture` before it and what it made
  // reported after it (so every name it binds must exist).
  const script = [
    `const fixture = ${JSON.stringify(welcomeFixture())};`,
    code,
    'window.__readme = JSON.parse(JSON.stringify({ ok, errors, trace, contacts, email, passed, failed, results, coverage, view, status: await tester.status() }));',
  ].join('\n');
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}"><title>README example</title><script type="module" src="readme-example.js"></script></head><body></body></html>`;
  const site = await openSite();
  try {
    const page = await site.newPage();
    // Served at the top of the site, beside flowproof.js, as the README has it.
    await page.route(site.url('readme-example.html'), (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
    await page.route(site.url('readme-example.js'), (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: script }));
    await page.goto(site.url('readme-example.html'));
    // Until it reports, or fails (an uncaught error is recorded as a problem).
    let r;
    for (const started = Date.now(); Date.now() - started < 120_000; await new Promise((ok) => setTimeout(ok, 200))) {
      r = await page.evaluate(() => window.__readme);
      if (r || site.problems(page).length) break;
    }
    site.assertClean(page);
    assert.ok(r, 'the example ran to its end');
    assert.equal(r.ok, true, `load: ${JSON.stringify(r.errors)}`);
    assert.deepEqual(r.errors, []);
    assert.equal(r.status.finished, true, 'runToEnd ran the clock out');
    assert.ok(Array.isArray(r.trace) && r.trace.length > 0 && r.trace.every((l) => typeof l.t === 'string' && typeof l.kind === 'string'), 'trace lines, parsed');
    assert.ok(r.contacts.some((c) => c.id === 'alice' && typeof c.state === 'string'), 'contacts say where alice is');
    assert.equal(r.email.channel, 'email', `render('alice', 'welcome'): ${JSON.stringify(r.email).slice(0, 200)}`);
    assert.equal(typeof r.passed, 'number');
    assert.equal(typeof r.failed, 'number');
    assert.equal(r.results.length, r.passed + r.failed);
    assert.equal(r.failed, 0, 'the gallery fixture passes its expectations');
    assert.equal(r.coverage.format, 'flowproof.coverage/1');
    assert.equal(r.view.contact.id, 'alice');
    assert.ok(r.view.trace.length > 0 && r.view.trace.every((l) => l.contact === 'alice'), "the view holds alice's lines");
  } finally {
    await site.close();
  }
});
