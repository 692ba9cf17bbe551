// Unit tests of the page's pure modules (no browser): plain-language
// explanations, clock words and FORMAT.md durations, share-link encoding,
// JSON Pointer location, the email preview rewrite, the draft store, the
// nesting limit and the size-capped fetch (../../web/src/shared).
//
//   node --test tests/browser/page-units.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'fflate';
import { describeCondition, describeNode, explainContext, explainLine, explainScriptEntry, nodeEdges } from '../../web/src/page/explain.js';
import { formatDuration, formatLocal, formatWhen, parseDuration, parseTimestamp, zoneLabel } from '../../web/src/page/time.js';
import { formatOffset } from '../../web/src/shared/format.js';
import { decodeShare, encodeShare, toBase64Url } from '../../web/src/page/share.js';
import { locatePointer, offsetOfLineColumn } from '../../web/src/page/json-locate.js';
import { decodeEntities, emailSrcdoc, importantDeclarations, tokenize } from '../../web/src/page/email-frame.js';
import { DraftStore, isEdited } from '../../web/src/page/store.js';
import { edgeKey } from '../../web/src/page/diagram.js';
import { START, isOutcomeKey } from '../../web/src/shared/edge-keys.js';
import { Results } from '../../web/src/api/either/results.js';
import { addContact, deleteContact, renameContact } from '../../web/src/page/fixture-edits.js';
import { fixtureForWorkflow, MAX_INPUT_BYTES, readFiles, toFixtureText } from '../../web/src/page/source.js';
import { MAX_DEPTH, parseJson, tooDeepAt } from '../../web/src/page/json-text.js';
import { fetchText } from '../../web/src/shared/fetch-text.js';

const workflow = {
  timezone: 'America/New_York',
  entry: { triggers: [{ type: 'event', event: 'form_submitted', source: 'web' }], audience: { '!': { in_list: ['customers'] } }, reenroll: 'never' },
  exit: { goal: { has_event: ['purchase_completed', '30d'] }, on_events: [{ event: 'unsubscribed', reason: 'opted_out' }] },
  settings: { frequency_cap: { max: 2, per: '1d', channels: ['email', 'sms'] } },
  nodes: {
    route: { type: 'branch', branches: [{ label: 'US', when: { '==': [{ var: 'contact.country' }, 'US'] }, next: 'sms' }, { label: 'DE', when: { '==': [{ var: 'contact.country' }, 'DE'] }, next: 'sms' }], else: 'done' },
    ab: { type: 'split', mode: 'ab', variants: [{ label: 'A', weight: 25, next: 'done' }, { label: 'B', weight: 75, next: 'done' }] },
    wait_2d: { type: 'wait', for: '2d', next: 'done' },
    wait_open: { type: 'wait_event', event: 'email_opened', timeout: '3d', next: 'done', on_timeout: 'sms' },
    sms: { type: 'send', channel: 'sms', template: 'nudge', next: 'done' },
    done: { type: 'exit' },
    lost: { type: 'exit', reason: 'not_recovered' },
  },
};

function explainAll(lines, messages = []) {
  const ctx = explainContext(workflow, { messages, zone: 'America/New_York' });
  return lines.map((l) => explainLine({ t: '2026-11-02T14:00:00Z', contact: 'alice', ...l }, ctx));
}

describe('explain: trace lines in plain words', () => {
  const table = [
    [{ kind: 'branch', node: 'route', label: 'US', values: { 'contact.country': 'US' } }, "Took branch 'US' because contact.country was 'US'"],
    [{ kind: 'branch', node: 'route', label: 'else', values: { 'contact.country': null } }, "Took the 'else' path because none of 'US', 'DE' held — contact.country was not set"],
    [{ kind: 'split', node: 'ab', label: 'B' }, "Assigned to variant 'B' (75% of contacts)"],
    [{ kind: 'waiting', node: 'wait_2d', until: '2026-11-04T14:00:00Z' }, 'Waits 2 days, until Wed 4 Nov, 09:00 (New York)'],
    [{ kind: 'waiting', node: 'sms', until: '2026-11-03T13:00:00Z', reason: 'quiet_hours' }, 'Held by quiet hours until Tue 3 Nov, 08:00 (New York)'],
    [{ kind: 'waiting', node: 'wait_open', event: 'email_opened', until: '2026-11-05T14:00:00Z' }, "Waits for event 'email_opened', at most until Thu 5 Nov, 09:00 (New York)"],
    [{ kind: 'suppressed', node: 'sms', channel: 'sms', template: 'nudge', reason: 'quiet_hours' }, "SMS 'nudge' not sent: it is quiet hours in the contact's zone"],
    [{ kind: 'suppressed', node: 'sms', channel: 'sms', template: 'nudge', reason: 'frequency_cap' }, "SMS 'nudge' not sent: the frequency cap was reached"],
    [{ kind: 'enroll_rejected', trigger: 0, reason: 'audience' }, 'Not enrolled: not in the audience'],
    [{ kind: 'enrolled', trigger: 0 }, 'Enrolled in the workflow'],
    [{ kind: 'exited', reason: 'goal' }, 'Reached the goal and left the workflow'],
    [{ kind: 'exited', reason: 'opted_out' }, "Left: event 'unsubscribed' arrived"],
    [{ kind: 'exited', reason: 'manual' }, 'Removed from the workflow by hand (script)'],
    [{ kind: 'exited', reason: 'expired' }, 'Left: the time limit ran out'],
    [{ kind: 'updated', node: 'x', set: { lead_score: 60 }, add_to_lists: ['sql'] }, "Updated: lead_score = 60; added to 'sql'"],
    [{ kind: 'error', code: 'loop_without_wait', message: 'stopped after 1000 steps', node: 'route' }, 'Error: stopped after 1000 steps'],
  ];
  for (const [line, expected] of table) {
    test(`${line.kind} ${line.label ?? line.reason ?? ''}`, () => {
      assert.equal(explainAll([line])[0].text, expected);
    });
  }

  test('a branch whose condition read nothing explains the condition itself', () => {
    const wf = { nodes: { b: { type: 'branch', branches: [{ label: 'opened', when: { has_event: ['email_opened', '2d'] }, next: 'x' }], else: 'y' } } };
    const ctx = explainContext(wf);
    assert.equal(explainLine({ kind: 'branch', node: 'b', label: 'opened', values: {} }, ctx).text, "Took branch 'opened' because the contact had event 'email_opened' in the last 2 days");
    assert.equal(explainLine({ kind: 'branch', node: 'b', label: 'else', values: {} }, ctx).text, "Took the 'else' path because 'opened' (the contact had event 'email_opened' in the last 2 days) did not hold");
  });

  test('resumed lines say how long the wait was and how it ended', () => {
    const ctx = explainContext(workflow, { zone: 'UTC' });
    explainLine({ t: '2026-11-02T00:00:00Z', contact: 'a', kind: 'waiting', node: 'wait_open', event: 'email_opened', until: '2026-11-05T00:00:00Z' }, ctx);
    assert.equal(explainLine({ t: '2026-11-05T00:00:00Z', contact: 'a', kind: 'resumed', node: 'wait_open', via: 'timeout' }, ctx).text, 'Timed out after 3 days: takes the timeout path');
    explainLine({ t: '2026-11-05T00:00:00Z', contact: 'a', kind: 'waiting', node: 'wait_2d', until: '2026-11-07T00:00:00Z' }, ctx);
    assert.equal(explainLine({ t: '2026-11-07T00:00:00Z', contact: 'a', kind: 'resumed', node: 'wait_2d', via: 'next' }, ctx).text, 'Waited 2 days');
  });

  test('sent lines quote the rendered subject', () => {
    const messages = [{ t: '2026-11-02T14:00:00Z', contact: 'alice', node: 'sms', template: 'nudge', channel: 'sms', message: { channel: 'sms', body: 'Hi Alice', warnings: ['x: y'] } }];
    const [r] = explainAll([{ kind: 'sent', node: 'sms', channel: 'sms', template: 'nudge' }], messages);
    assert.equal(r.text, "Sent SMS 'nudge': “Hi Alice”");
    assert.match(r.detail, /1 warning/);
  });

  test('an exit node names itself', () => {
    const ctx = explainContext(workflow);
    explainLine({ contact: 'a', kind: 'entered', node: 'lost' }, ctx);
    assert.equal(explainLine({ contact: 'a', kind: 'exited', reason: 'not_recovered' }, ctx).text, "Finished at 'lost'");
  });

  test('conditions, nodes, edges and script entries in words', () => {
    assert.equal(describeCondition({ and: [{ '>=': [{ var: 'contact.lead_score' }, 80] }, { '!': { in_list: ['customers'] } }] }), "contact.lead_score ≥ 80 and not the contact is on list 'customers'");
    assert.equal(describeCondition({ '<': [1, { var: 'x' }, 5] }), 'x'.length ? '1 < x < 5' : '');
    assert.equal(describeCondition({ in: [{ var: 'contact.country' }, ['US', 'CA']] }), "contact.country is one of 'US', 'CA'");
    assert.equal(describeCondition({ weird_op: [1] }), '{"weird_op":[1]}');
    assert.equal(describeNode(workflow.nodes.wait_open), "waits for 'email_opened' (up to 3 days)");
    assert.equal(describeNode({ type: 'wait', until: { time: '09:00', days: ['mon', 'fri'] } }), 'waits until 09:00 on Mon, Fri');
    assert.deepEqual(nodeEdges(workflow.nodes.route).map((e) => e.label), ['US', 'DE', 'else']);
    assert.deepEqual(nodeEdges(workflow.nodes.wait_open).map((e) => [e.to, e.kind]), [['done', 'next'], ['sms', 'timeout']]);
    assert.equal(explainScriptEntry({ event: 'form_submitted', source: 'web', properties: { form_id: 'nl' } }), "Event 'form_submitted' from web (form_id: 'nl')");
    assert.equal(explainScriptEntry({ set: { lead_score: 60 } }), 'Data changed: lead_score = 60');
    assert.equal(explainScriptEntry({ exit: true }), 'Manual exit requested (script)');
  });
});

describe('time: clock words and FORMAT.md syntax', () => {
  test('durations', () => {
    for (const [text, seconds] of [['90s', 90], ['15m', 900], ['2h', 7200], ['3d', 259200], ['1w', 604800], ['1d12h', 129600], ['-3d', -259200], ['P3D', 259200], ['PT2H', 7200], ['P1DT1M', 86460]]) {
      assert.equal(parseDuration(text), seconds, text);
    }
    for (const bad of ['', '3x', 'd', '1.5h', 'P', 'PT', '2 days', null]) assert.equal(parseDuration(bad), null, String(bad));
    assert.equal(formatDuration(129600), '1 day 12 hours');
    assert.equal(formatDuration(1209600), '2 weeks');
    assert.equal(formatDuration(864000), '10 days');
    assert.equal(formatDuration(5400), '1 hour 30 minutes');
    assert.equal(formatOffset(93784), '+1d2h3m4s');
    assert.equal(formatOffset(0), '+0s');
  });

  test('timestamps, relative and absolute', () => {
    const start = Date.UTC(2026, 10, 2) / 1000;
    assert.equal(parseTimestamp('+2d3h', start), start + 2 * 86400 + 3 * 3600);
    assert.equal(parseTimestamp('2026-11-02T09:00:00Z', start), start + 9 * 3600);
    assert.equal(parseTimestamp('2026-11-02T09:00:00+01:00', start), start + 8 * 3600);
    assert.equal(parseTimestamp('2026-11-02', start), null, 'a bare date is not a timestamp');
    assert.equal(parseTimestamp('tomorrow', start), null);
  });

  test('instants in the contact zone, across daylight saving time', () => {
    assert.equal(formatWhen('2026-11-01T05:30:00Z', 'America/New_York'), 'Sun 1 Nov 2026, 01:30');
    assert.equal(formatWhen('2026-11-01T06:30:00Z', 'America/New_York'), 'Sun 1 Nov 2026, 01:30', 'the repeated hour');
    assert.equal(formatLocal('2026-03-29T01:00:00Z', 'Europe/Berlin'), 'Sun 29 Mar, 03:00 (Berlin)');
    assert.equal(formatWhen('2026-11-02T14:00:05Z', 'UTC'), 'Mon 2 Nov 2026, 14:00:05');
    assert.equal(formatWhen('2026-11-02T14:00:00Z', 'Not/AZone'), 'Mon 2 Nov 2026, 14:00', 'an unknown zone falls back to UTC');
    assert.equal(zoneLabel('America/Los_Angeles'), 'Los Angeles');
  });
});

describe('share links', () => {
  test('round trip, Unicode and markup kept verbatim', () => {
    const fixture = { format: 'flowproof.fixture/1', name: 'Ünïcode ✓ <script>alert(1)</script> 🎉', contacts: [{ id: 'a' }] };
    const hash = encodeShare({ fixture, view: { time: '2026-11-02T09:00:00Z', contact: 'a' } });
    assert.match(hash, /^#f=[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeShare(hash), { fixture, view: { time: '2026-11-02T09:00:00Z', contact: 'a' } });
    const text = '{ "format": "flowproof.fixture/1",\n  "name": "kept as typed" }';
    assert.deepEqual(decodeShare(encodeShare({ fixture: text })), { text, view: {} });
  });

  test('damaged, foreign and hostile fragments are values, never throws', () => {
    assert.equal(decodeShare(''), null);
    assert.equal(decodeShare('#other=1'), null);
    assert.match(decodeShare('#f=AAAA').error, /damaged/);
    assert.match(decodeShare('#f=' + toBase64Url(deflateSync(new TextEncoder().encode('not json')))).error, /valid JSON/);
    assert.match(decodeShare('#f=' + toBase64Url(deflateSync(new TextEncoder().encode('{"v":99}')))).error, /another version/);
    const bomb = deflateSync(new Uint8Array(40 * 1024 * 1024));
    assert.match(decodeShare('#f=' + toBase64Url(bomb)).error, /too large/);
  });
});

describe('JSON Pointer location', () => {
  const text = '{\n  "a": {"b~c": [10, {"d/e": "x"}]},\n  "s": "q\\"uote"\n}';
  test('finds values by pointer, escapes included', () => {
    const at = (p) => {
      const r = locatePointer(text, p);
      return r && { text: text.slice(r.from, r.to), exact: r.exact };
    };
    assert.deepEqual(at('/a/b~0c/0'), { text: '10', exact: true });
    assert.deepEqual(at('/a/b~0c/1/d~1e'), { text: '"x"', exact: true });
    assert.deepEqual(at('/s'), { text: '"q\\"uote"', exact: true });
    assert.deepEqual(at('/a/missing'), { text: '"a"', exact: false }, 'the deepest existing key');
    assert.equal(at('').exact, true);
    assert.equal(locatePointer('{"a": ', '/a'), null, 'unreadable text gives null');
  });
  test('line and column', () => {
    assert.equal(offsetOfLineColumn('ab\ncd\nef', 2, 2), 4);
    assert.equal(offsetOfLineColumn('ab', 9, 1), 2);
  });
});

describe('email preview rewrite', () => {
  test('inline styles move into a data: stylesheet, images become placeholders, links lose href', () => {
    const { srcdoc, links, images } = emailSrcdoc('<!DOCTYPE html><html><head><style>h1{color:red}</style></head><body style="margin:0"><h1 style="font-size:20px;color:blue">Hi</h1><a href="https://x.example/?a=1&amp;b=2">Go</a><img src="https://cdn/x.png" width="10" height="5" alt="Logo"></body></html>');
    assert.ok(srcdoc.startsWith('<!DOCTYPE html><meta charset="utf-8"><link rel="stylesheet" href="data:text/css'), 'doctype first, then the stylesheet');
    assert.doesNotMatch(srcdoc, / style=/);
    const css = decodeURIComponent(/href="data:text\/css;charset=utf-8,([^"]*)"/.exec(srcdoc)[1]);
    assert.match(css, /h1\{color:red\}/);
    assert.match(css, /\[data-fp-s="2"\]\{font-size:20px !important;color:blue !important\}/);
    assert.deepEqual(links, [{ text: 'Go', href: 'https://x.example/?a=1&b=2' }]);
    assert.deepEqual(images, [{ src: 'https://cdn/x.png', alt: 'Logo' }]);
    assert.match(srcdoc, /src="data:image\/svg\+xml/);
    assert.doesNotMatch(srcdoc, /href="https/);
  });

  test('hostile markup loses every way to run or load anything', () => {
    const html = '<script>x()</script><img src=x onerror="x()"><a href="javascript:x()">c</a><p/onclick=x()>p</p><svg onload=x()><use href="#a"/><script>y()</script></svg><iframe srcdoc="<script>x()</script>">f</iframe><base href="https://evil/"><meta http-equiv="refresh" content="0"><form action="https://evil"><input type=image src="https://evil/i"></form><style>@import url(https://evil/a.css);b{background:url(https://evil/b.png)}</style><object data="https://evil/o"></object><p style="background:url(javascript:x())">s</p>';
    const { srcdoc, removed } = emailSrcdoc(html);
    assert.doesNotMatch(srcdoc, /<script|onerror|onclick|onload|(href|src)="javascript:|url\(javascript|<iframe|<base|http-equiv|action=|<object|https:\/\/evil|@import/i, srcdoc);
    assert.match(srcdoc, /title="Link: javascript:x\(\)"/, 'the link target stays readable as text');
    assert.deepEqual(removed.sort(), ['base', 'iframe', 'meta http-equiv', 'object', 'script'].sort());
  });

  test('tokenizer details: duplicate attributes, raw text, entities', () => {
    assert.deepEqual(tokenize('<p a=1 a=2>').find((t) => t.type === 'start').attrs.map((a) => a.value), ['1', '2']);
    assert.match(emailSrcdoc('<p style="color:red" style="color:blue">x</p>').srcdoc, /data-fp-s="1"/);
    assert.doesNotMatch(decodeURIComponent(emailSrcdoc('<p style="color:red" style="color:blue">x</p>').srcdoc), /color:blue/, 'the first of duplicates wins');
    const raw = tokenize('<title>a <b> c</title><textarea></textarea>');
    assert.equal(raw[1].raw, 'a <b> c');
    assert.equal(decodeEntities('&amp;&lt;&#65;&#x42;&nbsp;&bogus;'), '&<AB\u00a0&bogus;');
    assert.equal(importantDeclarations('color: red; background: url("a;b")'), 'color: red !important;background: url("a;b") !important');
  });
});

describe('draft store', () => {
  function memoryStorage() {
    const m = new Map();
    return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k) };
  }
  test('saves, loads, keeps one earlier draft aside, survives a full or missing storage', () => {
    const store = new DraftStore(memoryStorage());
    assert.equal(store.load(), null);
    assert.equal(store.save({ text: '{"a":1}', pristine: '{}', origin: { kind: 'paste' }, view: { contact: 'a' } }), true);
    const d = store.load();
    assert.equal(d.text, '{"a":1}');
    assert.equal(isEdited(d), true);
    store.keepAside(d);
    assert.equal(store.loadPrevious().text, '{"a":1}');
    const full = new DraftStore({ getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => {} });
    assert.equal(full.save({ text: 'x' }), false);
    assert.equal(new DraftStore(null).save({ text: 'x' }), false);
    assert.equal(new DraftStore({ getItem: () => '{broken', setItem() {}, removeItem() {} }).load(), null);
  });
});

describe('coverage of paths', () => {
  // The API records what a trace took (results.js); the diagram must find
  // each of those keys among its edges (edgeKey).
  test('branch arms by label, waits by outcome, other steps by successive nodes', () => {
    const trace = [
      { contact: 'a', kind: 'enrolled' },
      { contact: 'a', kind: 'entered', node: 'route' },
      { contact: 'a', kind: 'branch', node: 'route', label: 'US' },
      { contact: 'a', kind: 'entered', node: 'sms' },
      { contact: 'a', kind: 'entered', node: 'wait_open' },
      { contact: 'a', kind: 'resumed', node: 'wait_open', via: 'timeout' },
      { contact: 'a', kind: 'entered', node: 'sms' },
    ];
    const results = new Results();
    results.appendTrace(trace);
    const taken = results.takenIn(null);
    assert.ok(taken.has(`${START}\u0000to\u0000route`));
    assert.ok(taken.has(edgeKey(START, { kind: 'start', to: 'route' })), 'the start edge keyed as the step from START');
    assert.ok(taken.has(edgeKey('route', { kind: 'branch', armLabel: 'US', to: 'sms' })));
    assert.ok(!taken.has(edgeKey('route', { kind: 'branch', armLabel: 'DE', to: 'sms' })), 'the DE arm to the same node was not taken');
    assert.ok(!taken.has(edgeKey('route', { kind: 'else', to: 'done' })));
    assert.ok(taken.has(edgeKey('wait_open', { kind: 'timeout', to: 'sms' })));
    assert.ok(taken.has(edgeKey('sms', { kind: 'next', to: 'wait_open' })));
  });

  test('arms, variants and timeouts are outcomes the core judges; steps are not', () => {
    assert.ok(isOutcomeKey(edgeKey('route', { kind: 'branch', armLabel: 'US', to: 'sms' })));
    assert.ok(isOutcomeKey(edgeKey('route', { kind: 'else', to: 'done' })));
    assert.ok(isOutcomeKey(edgeKey('wait_open', { kind: 'timeout', to: 'sms' })));
    assert.ok(!isOutcomeKey(edgeKey('sms', { kind: 'next', to: 'wait_open' })));
    assert.ok(!isOutcomeKey(`${START}\u0000to\u0000route`));
  });
});

describe('fixture edits from the forms', () => {
  const doc = () => ({
    contacts: [{ id: 'ana' }, { id: 'contact-2' }],
    script: [{ at: '+1h', contact: 'ana', event: 'x' }, { at: '+2h', contact: 'contact-2', exit: true }],
    reactions: [{ contact: 'ana', on_send: 'w', event: 'email_opened', after: '1h' }, { contact: '*', on_send: 'w', event: 'e', after: '1h' }],
    expect: [{ contact: 'ana', reaches: 'x' }],
  });
  test('adding picks a free id', () => {
    const d = doc();
    assert.equal(addContact(d, { timezone: 'Europe/Berlin' }), 'contact-3');
    assert.deepEqual(d.contacts[2], { id: 'contact-3', timezone: 'Europe/Berlin', first_name: 'Test 3', email: 'contact-3@example.com' });
  });
  test('renaming follows the id into the script, reactions and expectations', () => {
    const d = doc();
    assert.equal(renameContact(d, 'ana', 'maria'), true);
    assert.deepEqual([d.contacts[0].id, d.script[0].contact, d.reactions[0].contact, d.reactions[1].contact, d.expect[0].contact], ['maria', 'maria', 'maria', '*', 'maria']);
    assert.equal(renameContact(d, 'maria', 'contact-2'), false, 'a taken id is refused');
  });
  test('deleting removes what names the contact', () => {
    const d = doc();
    deleteContact(d, 'ana');
    assert.deepEqual(d.contacts, [{ id: 'contact-2' }]);
    assert.equal(d.script.length, 1);
    assert.equal(d.reactions.length, 1);
    assert.equal(d.expect.length, 0);
  });
  test('a bare workflow gets a starter fixture whose event satisfies the trigger', () => {
    const f = fixtureForWorkflow({ id: 'w', timezone: 'Europe/Berlin', entry: { triggers: [{ type: 'event', event: 'form_submitted', source: 'web', where: { and: [{ '==': [{ var: 'event.properties.form_id' }, 'newsletter'] }] } }] } }, Date.UTC(2026, 0, 5) / 1000);
    assert.equal(f.clock.start, '2026-01-05T00:00:00Z');
    assert.deepEqual(f.script, [{ at: '+1h', contact: 'test-contact', event: 'form_submitted', source: 'web', properties: { form_id: 'newsletter' } }]);
    assert.equal(f.contacts[0].timezone, 'Europe/Berlin');
  });
});

describe('the nesting limit (json-text.js)', () => {
  test('512 levels parse; 513 are refused at the bracket that opens level 513', () => {
    assert.equal(MAX_DEPTH, 512);
    assert.deepEqual(parseJson(`${'['.repeat(512)}${']'.repeat(512)}`).error, undefined);
    const r = parseJson(`{"a":\n ${'['.repeat(513)}${']'.repeat(513)}}`);
    assert.equal(r.value, undefined);
    assert.deepEqual({ line: r.error.line, column: r.error.column }, { line: 2, column: 513 }, 'the object on line 1 is level 1');
    assert.match(r.error.message, /nested deeper than 512 levels are not allowed/);
  });
  test('brackets inside strings (escaped quotes too) do not count', () => {
    const text = JSON.stringify({ s: `\\"${'['.repeat(2000)}` });
    assert.equal(tooDeepAt(text), -1);
    assert.equal(parseJson(text).value.s.length, 2002);
  });
  test('100,000 levels are refused without recursion', () => {
    const deep = `${'['.repeat(100000)}${']'.repeat(100000)}`;
    assert.equal(tooDeepAt(deep), 512);
  });
});

describe('the size-capped fetch (shared/fetch-text.js)', () => {
  const MiB = 1024 * 1024;
  /** A fetch that answers with `body` in 64 KiB chunks and the given headers, counting what was read. */
  function fakeFetch(bytes, headers = {}) {
    const served = { chunks: 0, cancelled: false };
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let left = bytes;
    const body = new ReadableStream({
      pull(controller) {
        if (left <= 0) return controller.close();
        const n = Math.min(left, chunk.length);
        left -= n;
        served.chunks++;
        controller.enqueue(chunk.subarray(0, n));
      },
      cancel() {
        served.cancelled = true;
      },
    });
    const fetchImpl = async () => new Response(body, { status: 200, headers });
    return { fetchImpl, served };
  }
  test('a body within the cap is read whole', async () => {
    const { fetchImpl } = fakeFetch(MiB);
    assert.equal((await fetchText('x', { maxBytes: 2 * MiB, fetchImpl })).length, MiB);
  });
  test('a Content-Length over the cap is refused before the body is read', async () => {
    const { fetchImpl, served } = fakeFetch(5 * MiB, { 'content-length': String(5 * MiB) });
    await assert.rejects(fetchText('x', { maxBytes: 2 * MiB, fetchImpl }), /5,242,880 bytes is over the 2 MiB limit/);
    assert.ok(served.chunks <= 1, 'nothing read beyond what the stream queued by itself');
    assert.equal(served.cancelled, true);
  });
  test('without a Content-Length the stream is cut as soon as it passes the cap', async () => {
    const { fetchImpl, served } = fakeFetch(100 * MiB);
    await assert.rejects(fetchText('x', { maxBytes: 2 * MiB, fetchImpl }), /The file is over the 2 MiB limit/);
    assert.ok(served.chunks <= 2 * 16 + 2, `stopped after ${served.chunks} chunks of 64 KiB`);
    assert.equal(served.cancelled, true);
  });
  test('an HTTP error is an error with its status', async () => {
    const fetchImpl = async () => new Response('no', { status: 404, statusText: 'Not Found' });
    await assert.rejects(fetchText('x', { fetchImpl }), /^Error: HTTP 404 Not Found$/);
  });
});

describe('the input size limit (source.js)', () => {
  test('text over 32 MiB is refused with the limit, and no text to open', async () => {
    assert.equal(MAX_INPUT_BYTES, 32 * 1024 * 1024);
    const r = await toFixtureText(' '.repeat(MAX_INPUT_BYTES + 1));
    assert.deepEqual(r, { text: '', name: '', error: 'The text is 32.0 MiB: the page opens fixtures of up to 32 MiB.' });
  });
  test('a file over 32 MiB is refused by its size without being read; the others open', async () => {
    const read = [];
    const file = (name, size, text = '') => ({ name, size, text: async () => (read.push(name), text) });
    const huge = file('huge.json', 100 * 1024 * 1024);
    assert.deepEqual(await readFiles([huge]), { error: '“huge.json” is 100.0 MiB: the page opens files of up to 32 MiB.' });
    const both = await readFiles([huge, file('small.fixture.json', 40, '{"format":"flowproof.fixture/1","name":"Small"}')]);
    assert.equal(both.fileName, 'small.fixture.json');
    assert.equal(both.name, 'Small');
    assert.match(both.error, /“huge\.json” is 100\.0 MiB/);
    assert.deepEqual(read, ['small.fixture.json'], 'the large file was never read');
  });
  test('a fixture nested deeper than the limit is kept as text for the editor to point at', async () => {
    const deep = `{"workflow":${'['.repeat(600)}${']'.repeat(600)}}`;
    assert.deepEqual(await toFixtureText(deep), { text: deep, name: 'Unreadable JSON' });
  });
});
