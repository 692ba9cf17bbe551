// Property tests (fast-check) of the iframe protocol (web/src/element/
// embed-protocol.js, wired by embed.js into embed.html): any message, from
// any window and origin, is answered or ignored exactly as web/README.md
// ("Embedding in an iframe") says, and nothing a parent sends crashes the
// embed. The tester behind it is a fake that records calls and answers with
// random results or random failures, so every request kind is driven
// without a browser or the WebAssembly module (tests/browser/element.test.mjs
// drives the real frame).
//
//   node --test tests/js/embed-protocol.property.test.mjs
//   FC_RUNS=5000 node --test tests/js/embed-protocol.property.test.mjs
//
// Messages pass through structuredClone on the way in and on the way out,
// as postMessage does, so a reply the browser could not send fails here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FORWARDED_EVENTS, PROTOCOL_VERSION, REQUESTS, allowList, applyTheme, embedHandler } from '../../web/src/element/embed-protocol.js';
import { ERROR_CODES, FlowproofError } from '../../web/src/api/client/tester.js';

const numRuns = Number(process.env.FC_RUNS) || 300;
const OWN = 'https://tester.example';
const ALLOWED = ['https://portal.example', 'http://localhost:8080'];
const KINDS = Object.keys(REQUESTS);
// The tester methods the requests may call (the element's API).
const METHODS = ['load', 'loadUrl', 'step', 'stepBack', 'advance', 'advanceTo', 'runToEnd', 'runToBreakpoint', 'reset', 'cancel', 'status', 'fixtureInfo', 'trace', 'traceJsonl', 'traceText', 'contacts', 'contactsSummary', 'contact', 'nodeCounts', 'messages', 'messagesFrom', 'coverage', 'coverageOf', 'expectations', 'diff', 'forecast', 'forecastFormat', 'render', 'validateWorkflow', 'version'];

/** A value postMessage can carry. */
const cloneable = fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true, maxDepth: 3 });

/** How a fake tester method answers: a value, a rejection (FlowproofError or anything), or a synchronous throw. */
const outcome = fc.oneof(
  fc.record({ kind: fc.constant('value'), value: cloneable }),
  fc.record({ kind: fc.constant('flowproof'), code: fc.constantFrom(...Object.values(ERROR_CODES)), message: fc.string() }),
  fc.record({ kind: fc.constant('reject'), value: fc.oneof(cloneable, fc.string().map((m) => new Error(m)), fc.string().map((m) => new TypeError(m))) }),
  // Error-shaped objects (as a worker's reply carries them) with any fields.
  fc.record({ kind: fc.constant('reject'), value: fc.record({ code: fc.string(), message: cloneable, errors: cloneable }, { requiredKeys: ['code'] }) }),
  fc.record({ kind: fc.constant('throw'), value: fc.string().map((m) => new RangeError(m)) }),
);

function fakeTester(answer) {
  const calls = [];
  const tester = {};
  for (const method of METHODS) {
    tester[method] = (...args) => {
      calls.push({ method, args });
      if (answer.kind === 'throw') throw answer.value;
      if (method === 'cancel') return undefined; // synchronous, as the element's
      if (answer.kind === 'flowproof') return Promise.reject(new FlowproofError(answer.message, { code: answer.code }));
      if (answer.kind === 'reject') return Promise.reject(answer.value);
      return Promise.resolve(answer.value);
    };
  }
  return { tester, calls };
}

/** A frame: the handler with a fake parent window that records what it is sent. */
function frame({ answer = { kind: 'value', value: { ok: true } }, allowed = new Set(ALLOWED) } = {}) {
  const posted = [];
  const parent = {
    postMessage(message, origin) {
      posted.push({ message: structuredClone(message), origin }); // throws DataCloneError as a browser would
    },
  };
  const self = { name: 'embed' };
  const styles = [];
  const style = { setProperty: (name, value) => styles.push([name, value]) };
  const { tester, calls } = fakeTester(answer);
  const handler = embedHandler({ tester, allowed, parent, self, style });
  /** Delivers data as postMessage would; resolves once any reply is sent. */
  const deliver = async (data, { origin = ALLOWED[0], source = parent } = {}) => {
    let returned;
    assert.doesNotThrow(() => {
      returned = handler({ data: structuredClone(data), origin, source });
    }, 'the listener never throws');
    if (returned !== undefined) await returned; // never rejects
    return returned !== undefined;
  };
  return { deliver, posted, calls, styles, parent, self };
}

/** Any value in words, for messages (String() throws for null-prototype objects). */
const show = (v) => fc.stringify(v);

/** A reply as the protocol defines it. */
function assertReply({ message, origin }, { id, to }) {
  assert.equal(origin, to, 'replies go to the origin that asked, never *');
  assert.equal(message.type, 'flowproof:result');
  assert.ok(Object.is(message.id, typeof id === 'string' || typeof id === 'number' ? id : null), `id echoed: ${show(message.id)} for ${show(id)}`);
  assert.equal(typeof message.ok, 'boolean');
  if (message.ok) {
    assert.ok('result' in message);
  } else {
    assert.equal(typeof message.error.code, 'string');
    assert.equal(typeof message.error.message, 'string');
    assert.ok(Array.isArray(message.error.errors) && message.error.errors.length > 0, 'errors listed');
  }
}

test('every request kind of web/README.md is handled, and nothing else', () => {
  const documented = ['load', 'step', 'stepBack', 'advance', 'advanceTo', 'runToEnd', 'runToBreakpoint', 'reset', 'cancel', 'status', 'fixture', 'trace', 'traceJsonl', 'traceText', 'contacts', 'contactsSummary', 'contact', 'nodeCounts', 'messages', 'messagesFrom', 'coverage', 'coverageOf', 'expectations', 'diff', 'forecast', 'forecastFormat', 'render', 'validateWorkflow', 'version', 'theme'];
  assert.deepEqual([...KINDS].sort(), [...documented].sort());
  assert.deepEqual([...FORWARDED_EVENTS], ['load', 'step', 'error', 'progress']);
  assert.equal(PROTOCOL_VERSION, 1);
});

test('property: a message from an allowed parent of any request kind gets exactly one reply, whatever the payload and the tester do', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...KINDS),
      fc.oneof(fc.string(), fc.integer(), fc.double(), cloneable),
      fc.oneof(cloneable, fc.dictionary(fc.constantFrom('fixture', 'src', 'duration', 'time', 'nodeIds', 'from', 'id', 'fixtures', 'contactId', 'templateName', 'workflow', 'properties', 'contacts', 'runs', 'result', 'format', 'publishAt'), cloneable)),
      outcome,
      fc.constantFrom(...ALLOWED),
      async (kind, id, payload, answer, origin) => {
        const f = frame({ answer });
        assert.equal(await f.deliver({ type: `flowproof:${kind}`, id, payload }, { origin }), true, 'read');
        assert.equal(f.posted.length, 1, `one reply, got ${f.posted.length}`);
        assertReply(f.posted[0], { id, to: origin });
        const reply = f.posted[0].message;
        if (kind === 'theme') {
          assert.equal(reply.ok, true, 'theme never fails');
          assert.ok(Array.isArray(reply.result) && reply.result.every((n) => /^--flowproof-[a-z0-9-]+$/.test(n)), 'only --flowproof-* names applied');
          assert.equal(f.calls.length, 0, 'theme does not touch the tester');
          return;
        }
        assert.equal(f.calls.length, 1, `${kind} calls the tester once`);
        if (answer.kind === 'value') {
          assert.equal(reply.ok, true);
          if (kind !== 'cancel') assert.deepEqual(reply.result, structuredClone(answer.value));
        } else if (kind === 'cancel' && answer.kind !== 'throw') {
          assert.equal(reply.ok, true, 'cancel resolves to null whatever the tester is doing');
        } else {
          assert.equal(reply.ok, false);
          if (answer.kind === 'flowproof') assert.equal(reply.error.code, answer.code);
        }
      },
    ),
    { numRuns },
  );
});

test('property: unknown request kinds get unknown_request, prototype names included', async () => {
  const names = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', 'LOAD', 'load ', 'result', 'event'));
  await fc.assert(
    fc.asyncProperty(names.filter((n) => !Object.hasOwn(REQUESTS, n)), cloneable, async (name, payload) => {
      const f = frame();
      assert.equal(await f.deliver({ type: `flowproof:${name}`, id: 7, payload }), true);
      assert.equal(f.posted.length, 1);
      assertReply(f.posted[0], { id: 7, to: ALLOWED[0] });
      assert.equal(f.posted[0].message.ok, false);
      assert.equal(f.posted[0].message.error.code, 'unknown_request');
      assert.equal(f.calls.length, 0);
    }),
    { numRuns },
  );
});

test('property: anything that is not a flowproof message from the allowed parent is ignored without a reply or an action', async () => {
  const strangers = ['https://evil.example', 'null', 'http://portal.example', 'https://portal.example:444', OWN, ''];
  const case_ = fc.oneof(
    // A well-formed request from a stranger origin, or from another window of an allowed origin.
    fc.record({ data: fc.record({ type: fc.constantFrom(...KINDS.map((k) => `flowproof:${k}`)), id: fc.nat(), payload: cloneable }), origin: fc.constantFrom(...strangers), fromParent: fc.constant(true) }),
    fc.record({ data: fc.record({ type: fc.constantFrom(...KINDS.map((k) => `flowproof:${k}`)), id: fc.nat() }), origin: fc.constantFrom(...ALLOWED), fromParent: fc.constant(false) }),
    // Anything from the allowed parent that is not {type: 'flowproof:...'}.
    fc.record({
      data: fc.oneof(cloneable, fc.record({ type: fc.oneof(fc.string().filter((s) => !s.startsWith('flowproof:')), cloneable.filter((v) => typeof v !== 'string')), id: cloneable, payload: cloneable })),
      origin: fc.constantFrom(...ALLOWED),
      fromParent: fc.constant(true),
    }),
  );
  await fc.assert(
    fc.asyncProperty(case_, async ({ data, origin, fromParent }) => {
      const f = frame();
      const read = await f.deliver(data, { origin, source: fromParent ? f.parent : { name: 'other window' } });
      assert.equal(read, false, 'ignored');
      assert.equal(f.posted.length, 0, 'no reply');
      assert.equal(f.calls.length, 0, 'no action');
      assert.equal(f.styles.length, 0, 'no theme change');
    }),
    { numRuns },
  );
});

test('a frame that is not framed (its parent is itself) reads nothing', async () => {
  const posted = [];
  const win = { postMessage: (m) => posted.push(m) };
  const handler = embedHandler({ tester: fakeTester({ kind: 'value', value: 1 }).tester, allowed: new Set([OWN]), parent: win, self: win, style: { setProperty() {} } });
  assert.equal(handler({ data: { type: 'flowproof:step', id: 1 }, origin: OWN, source: win }), undefined);
  assert.equal(posted.length, 0);
});

test('a result that postMessage cannot clone still gets a reply (an error), not a silent hang', async () => {
  const f = frame({ answer: { kind: 'value', value: { fn: () => 1 } } });
  await f.deliver({ type: 'flowproof:status', id: 'a' });
  assert.equal(f.posted.length, 1);
  assert.equal(f.posted[0].message.ok, false);
  assert.equal(f.posted[0].message.error.code, 'internal_error');
});

test('property: the allow-list holds only origins from ?parent=, or the embed\'s own origin', () => {
  const part = fc.oneof(fc.webUrl(), fc.webOrigin?.() ?? fc.webUrl(), fc.string(), fc.constantFrom('javascript:alert(1)', 'data:text/html,x', 'null', '*', 'file:///etc/passwd', ' https://a.example ', 'https://a.example/path?q#h'));
  fc.assert(
    fc.property(fc.array(fc.array(part, { maxLength: 3 }).map((a) => a.join(',')), { maxLength: 4 }), (values) => {
      const allowed = allowList(values, OWN);
      assert.ok(allowed.size >= 1);
      for (const origin of allowed) {
        assert.notEqual(origin, 'null');
        assert.notEqual(origin, '*');
        assert.equal(new URL(origin).origin, origin, `${origin} is an origin`);
      }
      const given = values.flatMap((v) => v.split(','));
      if (!given.some((v) => { try { return new URL(v.trim()).origin !== 'null'; } catch { return false; } })) assert.deepEqual([...allowed], [OWN]);
    }),
    { numRuns },
  );
  assert.deepEqual([...allowList(['https://a.example/x, https://b.example:8443/'], OWN)], ['https://a.example', 'https://b.example:8443']);
  assert.deepEqual([...allowList(['javascript:alert(1)', 'data:,x'], OWN)], [OWN]);
});

test('property: a theme applies only --flowproof-* names with short string values', () => {
  fc.assert(
    fc.property(fc.oneof(cloneable, fc.dictionary(fc.oneof(fc.string(), fc.string().map((s) => `--flowproof-${s}`)), fc.oneof(fc.string({ maxLength: 250 }), cloneable))), (properties) => {
      const set = [];
      const applied = applyTheme(properties, { setProperty: (n, v) => set.push([n, v]) });
      assert.deepEqual(applied, set.map(([n]) => n));
      for (const [name, value] of set) {
        assert.match(name, /^--flowproof-[a-z0-9-]+$/);
        assert.equal(typeof value, 'string');
        assert.ok(value.length <= 200);
      }
    }),
    { numRuns },
  );
});

test('diff passes the other version and publishAt to the tester, and its value (ok or not) back as the result', async () => {
  const value = { ok: false, code: 'invalid_input', errors: [{ code: 'invalid_json', pointer: '', line: 1, column: 2, message: 'the older version: …' }] };
  const f = frame({ answer: { kind: 'value', value } });
  await f.deliver({ type: 'flowproof:diff', id: 1, payload: { workflow: '{"format": "flowproof.workflow/1"}', publishAt: '+1d' } });
  assert.deepEqual(f.calls, [{ method: 'diff', args: ['{"format": "flowproof.workflow/1"}', { publishAt: '+1d' }] }]);
  assert.equal(f.posted[0].message.ok, true, 'a comparison that failed is still a result: the tester says why');
  assert.deepEqual(f.posted[0].message.result, value);
  // publishAt that is not text is not passed on.
  const g = frame();
  await g.deliver({ type: 'flowproof:diff', id: 2, payload: { workflow: { nodes: {} }, publishAt: 3 } });
  assert.deepEqual(g.calls[0].args, [{ nodes: {} }, { publishAt: '' }]);
});
