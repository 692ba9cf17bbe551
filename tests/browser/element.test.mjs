// <flowproof-tester> and its iframe variant in Chromium: the demo portal
// loads the element by `src`, the element fires load/step/error with details,
// follows --flowproof-* custom properties, the postMessage protocol works for
// the allowed parent origin and ignores any other, and a hostile fixture
// (markup and javascript: URLs in every name) runs no script.
//
//   node --test tests/browser/element.test.mjs
//   (a screenshot of the demo portal is written to test-results/portal.png)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir, nativeSimulate, openSite, root, skipReason, waitFor } from './helpers.mjs';

const skip = skipReason();
if (skip) console.log(`browser element tests: skipped, ${skip}`);

const basicPath = path.join(dataDir, 'basic.fixture.json');
const hostileText = readFileSync(path.join(dataDir, 'hostile.fixture.json'), 'utf8');
const hostile = JSON.parse(hostileText);
const HOSTILE_STRINGS = hostile.contacts.map((c) => c.id);

// What the element shows, read from its shadow root.
function readElement(selector) {
  const element = document.querySelector(selector);
  const root = element.shadowRoot;
  const text = (q) => [...root.querySelectorAll(q)].map((n) => n.textContent);
  return {
    title: root.querySelector('.fp-title').textContent,
    clock: root.querySelector('.fp-clock').textContent,
    contacts: text('.fp-contact-id'),
    states: text('.fp-contact .fp-state'),
    events: text('.fp-event-text'),
    errors: text('.fp-error'),
    stepDisabled: root.querySelector('.fp-step').disabled,
    runDisabled: root.querySelector('.fp-run').disabled,
  };
}

describe('<flowproof-tester> and the iframe embed', { skip }, () => {
  let site;

  before(async () => {
    site = await openSite({ origins: 3 });
  });

  after(async () => {
    if (site) await site.close();
  });

  test('the demo portal embeds the element, which loads by src and runs', async () => {
    const page = await site.newPage();
    await page.goto(site.url('demo/portal.html'));
    await waitFor(page, () => document.querySelector('#tester')?.shadowRoot?.querySelectorAll('.fp-contact-id').length === 4);
    await waitFor(page, () => document.getElementById('tester-status').textContent.startsWith('Loaded'));
    const fixture = JSON.parse(readFileSync(path.join(root, 'web/demo/trial.fixture.json'), 'utf8'));
    let shown = await page.evaluate(readElement, '#tester');
    assert.equal(shown.title, fixture.name);
    assert.deepEqual(shown.contacts, ['ada', 'ben', 'chioma', 'dmitri']);
    assert.equal(shown.stepDisabled, false);
    // Run to end with the element's own button.
    await page.locator('#tester').locator('.fp-run').click();
    await waitFor(page, () => /finished/.test(document.querySelector('#tester').shadowRoot.querySelector('.fp-clock').textContent));
    shown = await page.evaluate(readElement, '#tester');
    assert.deepEqual(shown.states, ['exited', 'exited', 'exited', 'not enrolled']);
    assert.ok(shown.events.some((e) => e.startsWith('sent email "welcome"')), shown.events.join(' | '));
    assert.equal(shown.runDisabled, true);
    // Pick another contact: its timeline.
    await page.locator('#tester').locator('.fp-contact-button', { hasText: 'chioma' }).click();
    // (The element asks its worker for the contact's lines: they come a moment later.)
    await waitFor(page, () => /chioma/.test(document.querySelector('#tester').shadowRoot.querySelector('[part~=timeline-title]')?.textContent ?? ''));
    shown = await page.evaluate(readElement, '#tester');
    assert.ok(shown.events.some((e) => e.includes('suppressed: no_consent')), shown.events.join(' | '));
    // The iframe example loads through postMessage.
    await page.locator('#frame-load').click();
    await waitFor(page, () => [...document.querySelectorAll('#frame-log li')].some((li) => li.textContent.includes('event load ok=true')));
    await page.locator('#frame-run').click();
    await waitFor(page, () => [...document.querySelectorAll('#frame-log li')].some((li) => /result #2 ok/.test(li.textContent)));
    await page.waitForTimeout(200);
    mkdirSync(path.join(root, 'test-results'), { recursive: true });
    await page.screenshot({ path: path.join(root, 'test-results', 'portal.png'), fullPage: true });
    site.assertClean(page);
    await page.close();
  });

  test('the element fires load, step and error events with details', async () => {
    const page = await site.newPage();
    await page.goto(site.url('test-data/element-page.html'));
    await waitFor(page, () => document.body.dataset.ready === '1');
    await page.evaluate(() => window.addTester({ src: 'basic.fixture.json', id: 't' }));
    await waitFor(page, () => window.events.some((e) => e.type === 'load'));
    const result = await page.evaluate(async () => {
      const t = document.getElementById('t');
      await t.step();
      await t.step();
      const stepBack = await t.stepBack();
      const bad = await t.advance('soon').catch((e) => e.code);
      await t.runToEnd();
      const jsonl = await t.traceJsonl();
      const invalid = await t.load({ format: 'flowproof.fixture/1', workflow: {} });
      return { events: window.events, stepBack, bad, jsonl, invalid };
    });
    const types = result.events.map((e) => e.type).filter((type) => type !== 'progress');
    assert.deepEqual(types, ['load', 'step', 'step', 'step', 'error', 'step', 'load', 'error']);
    const [load, step1] = result.events;
    assert.equal(load.detail.ok, true);
    assert.equal(load.detail.fixture.workflowId, 'browser-basic');
    assert.equal(step1.detail.steps, 1);
    assert.equal(result.stepBack.steps, 1);
    assert.equal(result.bad, 'invalid_argument');
    const error = result.events.find((e) => e.type === 'error');
    assert.equal(error.detail.code, 'invalid_argument');
    assert.ok(error.detail.errors[0].message.length > 0);
    const native = nativeSimulate(basicPath);
    if (native !== null) assert.equal(result.jsonl, native);
    assert.equal(result.invalid.ok, false);
    const lastError = result.events.at(-1);
    assert.equal(lastError.detail.code, 'invalid_input');
    assert.ok(lastError.detail.errors.every((e) => typeof e.pointer === 'string'));
    // The problems are listed in the element, with their pointers.
    const shown = await page.evaluate(readElement, '#t');
    assert.ok(shown.errors.length > 0);
    assert.ok(shown.errors.some((e) => e.startsWith('/')), shown.errors.join(' | '));
    site.assertClean(page);
    await page.close();
  });

  test('the fixture attribute wins over src, and changing it reloads', async () => {
    const page = await site.newPage();
    await page.goto(site.url('test-data/element-page.html'));
    await waitFor(page, () => document.body.dataset.ready === '1');
    const basic = readFileSync(basicPath, 'utf8');
    await page.evaluate((text) => window.addTester({ id: 't', src: 'relative.fixture.json', fixture: text }), basic);
    await waitFor(page, () => window.events.filter((e) => e.type === 'load').length === 1);
    let shown = await page.evaluate(readElement, '#t');
    assert.deepEqual(shown.contacts, ['ana', 'bo', 'cy', 'di', 'ed']);
    await page.evaluate(() => {
      const t = document.getElementById('t');
      t.removeAttribute('fixture');
      t.setAttribute('src', 'relative.fixture.json?again');
    });
    await waitFor(page, () => window.events.filter((e) => e.type === 'load').length === 2);
    shown = await page.evaluate(readElement, '#t');
    assert.deepEqual(shown.contacts, ['ira', 'jo']);
    // A src on another origin is refused, as a load problem.
    await page.evaluate((url) => document.getElementById('t').setAttribute('src', url), site.url('test-data/basic.fixture.json', 1));
    await waitFor(page, () => window.events.filter((e) => e.type === 'load').length === 3);
    const last = await page.evaluate(() => window.events.filter((e) => e.type === 'load').at(-1).detail);
    assert.equal(last.ok, false);
    assert.equal(last.errors[0].code, 'fetch_failed');
    site.assertClean(page);
    await page.close();
  });

  test('the element is themable with --flowproof-* custom properties and uses only fp- classes', async () => {
    const page = await site.newPage();
    await page.goto(site.url('test-data/element-page.html'));
    await waitFor(page, () => document.body.dataset.ready === '1');
    await page.evaluate(() => window.addTester({ id: 't', src: 'basic.fixture.json' }));
    await waitFor(page, () => window.events.some((e) => e.type === 'load'));
    const result = await page.evaluate(() => {
      const t = document.getElementById('t');
      const root = t.shadowRoot;
      const before = getComputedStyle(root.querySelector('.fp-step')).backgroundColor;
      t.style.setProperty('--flowproof-accent', 'rgb(1, 2, 3)');
      document.body.style.setProperty('--flowproof-bg', 'rgb(4, 5, 6)');
      const after = getComputedStyle(root.querySelector('.fp-step')).backgroundColor;
      const host = getComputedStyle(t).backgroundColor;
      const classes = new Set([...root.querySelectorAll('[class]')].flatMap((n) => [...n.classList]));
      return { before, after, host, classes: [...classes], styleElements: root.querySelectorAll('style, [style]').length };
    });
    assert.notEqual(result.before, 'rgb(1, 2, 3)');
    assert.equal(result.after, 'rgb(1, 2, 3)');
    assert.equal(result.host, 'rgb(4, 5, 6)');
    assert.ok(result.classes.length > 10);
    for (const name of result.classes) assert.match(name, /^fp-/);
    assert.equal(result.styleElements, 0, 'no <style> elements or style attributes in the shadow root');
    site.assertClean(page);
    await page.close();
  });

  test('the iframe protocol answers the allowed parent origin', async () => {
    const page = await site.newPage();
    const embed = new URL(site.url('embed.html', 1));
    embed.searchParams.set('parent', site.origin(0));
    await page.goto(`${site.url('test-data/frame-host.html', 0)}?embed=${encodeURIComponent(embed.href)}`);
    await waitFor(page, () => window.received.some((m) => m.data.type === 'flowproof:event' && m.data.event === 'ready'));
    const result = await page.evaluate(async () => {
      const ask = (type, payload) =>
        new Promise((resolve) => {
          const id = `r${Math.random()}`;
          const poll = setInterval(() => {
            const reply = window.received.find((m) => m.data.type === 'flowproof:result' && m.data.id === id);
            if (reply) {
              clearInterval(poll);
              resolve(reply);
            }
          }, 20);
          window.send({ type, id, payload });
        });
      const out = {};
      out.load = await ask('flowproof:load', { src: 'test-data/basic.fixture.json' });
      out.step = await ask('flowproof:step');
      out.run = await ask('flowproof:runToEnd');
      out.jsonl = await ask('flowproof:traceJsonl');
      out.contacts = await ask('flowproof:contacts');
      out.bad = await ask('flowproof:advance', { duration: 'never' });
      out.unknown = await ask('flowproof:selfDestruct');
      out.theme = await ask('flowproof:theme', { properties: { '--flowproof-accent': 'rgb(7, 8, 9)', color: 'red', '--flowproof-x': 'x'.repeat(500) } });
      out.loadObject = await ask('flowproof:load', { fixture: { format: 'flowproof.fixture/1' } });
      return out;
    });
    const embedOrigin = site.origin(1);
    assert.equal(result.load.origin, embedOrigin);
    assert.equal(result.load.data.ok, true);
    assert.equal(result.load.data.result.ok, true);
    assert.equal(result.step.data.result.steps, 1);
    assert.equal(result.run.data.result.finished, true);
    const native = nativeSimulate(basicPath);
    if (native !== null) assert.equal(result.jsonl.data.result, native);
    assert.equal(result.contacts.data.result.length, 5);
    assert.equal(result.bad.data.ok, false);
    assert.equal(result.bad.data.error.code, 'invalid_argument');
    assert.equal(result.unknown.data.error.code, 'unknown_request');
    assert.deepEqual(result.theme.data.result, ['--flowproof-accent']);
    assert.equal(result.loadObject.data.result.ok, false);
    const events = await page.evaluate(() => window.received.filter((m) => m.data.type === 'flowproof:event').map((m) => m.data.event));
    assert.ok(events.includes('load') && events.includes('step') && events.includes('error'), events.join(','));
    const frame = page.frames().find((f) => f.url().startsWith(embedOrigin));
    const accent = await frame.evaluate(() => getComputedStyle(document.querySelector('flowproof-tester').shadowRoot.querySelector('.fp-run')).backgroundColor);
    assert.equal(accent, 'rgb(7, 8, 9)');
    site.assertClean(page);
    await page.close();
  });

  test('the iframe ignores messages from an origin it was not given', async () => {
    const page = await site.newPage();
    const embed = new URL(site.url('embed.html', 1));
    embed.searchParams.set('parent', site.origin(2)); // the host below is origin 0
    embed.searchParams.set('src', 'test-data/basic.fixture.json');
    await page.goto(`${site.url('test-data/frame-host.html', 0)}?embed=${encodeURIComponent(embed.href)}`);
    await waitFor(page, () => document.body.dataset.framed === '1');
    const frame = page.frames().find((f) => f.url().startsWith(site.origin(1)));
    // The frame loads its src by itself; wait for that, then try to drive it.
    await frame.waitForFunction(() => document.querySelector('flowproof-tester')?.shadowRoot.querySelectorAll('.fp-contact-id').length === 5);
    await page.evaluate(() => {
      window.send({ type: 'flowproof:runToEnd', id: 1 });
      window.send({ type: 'flowproof:load', id: 2, payload: { fixture: { format: 'flowproof.fixture/1' } } });
    });
    await page.waitForTimeout(1500);
    const received = await page.evaluate(() => window.received);
    assert.deepEqual(received, [], 'nothing is sent to an origin not in the allow-list');
    const clock = await frame.evaluate(() => document.querySelector('flowproof-tester').shadowRoot.querySelector('.fp-clock').textContent);
    assert.doesNotMatch(clock, /finished/, 'the run was not started by the foreign origin');
    site.assertClean(page);
    await page.close();
  });

  test('a hostile fixture runs no script: every name enters the DOM as text', async () => {
    const page = await site.newPage();
    await page.goto(site.url('test-data/element-page.html'));
    await waitFor(page, () => document.body.dataset.ready === '1');
    await page.evaluate((text) => window.addTester({ id: 't', fixture: text }), hostileText);
    await waitFor(page, () => window.events.some((e) => e.type === 'load'));
    await page.evaluate(() => document.getElementById('t').runToEnd());
    // Show every contact's timeline.
    for (const id of HOSTILE_STRINGS) {
      await page.evaluate((contact) => {
        const root = document.getElementById('t').shadowRoot;
        [...root.querySelectorAll('.fp-contact-button')].find((b) => b.dataset.id === contact).click();
      }, id);
      await waitFor(page, (contact) => document.getElementById('t').shadowRoot.querySelector('[part~=timeline-title]')?.textContent === `Timeline: ${contact}`, id);
      const shown = await page.evaluate(readElement, '#t');
      assert.ok(shown.events.includes(`entered ${hostile.workflow.start}`), `the node id shows as text: ${shown.events.join(' | ')}`);
    }
    const result = await page.evaluate(() => {
      const root = document.getElementById('t').shadowRoot;
      return {
        load: window.events.find((e) => e.type === 'load').detail.ok,
        title: root.querySelector('.fp-title').textContent,
        contacts: [...root.querySelectorAll('.fp-contact-id')].map((n) => n.textContent),
        elements: [...root.querySelectorAll('*')].map((n) => n.localName).filter((n) => ['script', 'img', 'svg', 'a', 'iframe', 'object', 'embed'].includes(n)),
        attributes: [...root.querySelectorAll('*')].flatMap((n) => [...n.attributes].map((a) => a.name)).filter((a) => a.startsWith('on') || a === 'href' || a === 'src'),
      };
    });
    assert.equal(result.load, true);
    assert.equal(result.title, hostile.name);
    assert.deepEqual(result.contacts, HOSTILE_STRINGS);
    assert.deepEqual(result.elements, []);
    assert.deepEqual(result.attributes, []);
    assert.deepEqual(await site.pwned(page), [0], 'no script ran');
    site.assertClean(page);
    // The same fixture through the iframe protocol.
    const embed = new URL(site.url('embed.html', 1));
    embed.searchParams.set('parent', site.origin(0));
    await page.goto(`${site.url('test-data/frame-host.html', 0)}?embed=${encodeURIComponent(embed.href)}`);
    await waitFor(page, () => window.received.some((m) => m.data.event === 'ready'));
    await page.evaluate((fixture) => {
      window.send({ type: 'flowproof:load', id: 1, payload: { fixture } });
      window.send({ type: 'flowproof:runToEnd', id: 2 });
    }, hostile);
    await waitFor(page, () => window.received.some((m) => m.data.type === 'flowproof:result' && m.data.id === 2));
    const frame = page.frames().find((f) => f.url().startsWith(site.origin(1)));
    const inFrame = await frame.evaluate(() => [...document.querySelector('flowproof-tester').shadowRoot.querySelectorAll('.fp-contact-id')].map((n) => n.textContent));
    assert.deepEqual(inFrame, HOSTILE_STRINGS);
    assert.deepEqual(await site.pwned(page), [0, 0], 'no script ran in the page or the frame');
    site.assertClean(page);
    await page.close();
  });
});
