// Property tests (fast-check) of share links, web/src/page/share.js: the
// whole fixture deflated into the URL fragment, "#f=...". A link is text
// that strangers send, so decoding must answer every input with a value:
// the fixture, `null` (not a share link) or `{error}` in words, never a
// throw, and never memory out of proportion to the limit.
//
//   node --test tests/js/share-link.property.test.mjs
//   FC_RUNS=5000 node --test tests/js/share-link.property.test.mjs   # longer
//
// Properties: any fixture (object or verbatim text) and view survive
// encode then decode; any string decodes to one of the three answers;
// a link cut short or with a wrong prefix gets an error or null; a deflate
// bomb is refused at share.js's limit (16 MiB) in a child process whose peak memory is
// measured; a link with one bit flipped is refused rather than read as
// another fixture (the link carries a digest of its JSON).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { decodeShare, encodeShare } from '../../web/src/page/share.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const shareModule = pathToFileURL(path.join(root, 'web/src/page/share.js')).href;
const numRuns = Number(process.env.FC_RUNS) || 300;
/** share.js's limit on what a link unpacks to (its MAX_SHARE_BYTES, not exported). */
const MAX_SHARE_BYTES = 16 * 1024 * 1024;

const toBytes = (link) => new Uint8Array(Buffer.from(link.slice('#f='.length), 'base64url'));
const toLink = (bytes) => `#f=${Buffer.from(bytes).toString('base64url')}`;
/** What JSON text makes of a value (what a link can carry). */
const viaJson = (value) => JSON.parse(JSON.stringify(value));

/** decodeShare's contract: null, {error: words}, or {fixture|text, view}. */
function assertAnswer(out) {
  if (out === null) return;
  assert.equal(typeof out, 'object');
  if ('error' in out) {
    assert.equal(typeof out.error, 'string');
    assert.ok(out.error.length > 10, `a clear error, not ${JSON.stringify(out.error)}`);
    return;
  }
  assert.ok(out.view && typeof out.view === 'object' && !Array.isArray(out.view), 'view is an object');
  assert.ok(typeof out.text === 'string' || (out.fixture && typeof out.fixture === 'object'), 'a fixture or its text');
}

/** Decodes without letting an exception escape unnoticed. */
function decode(link) {
  let out;
  assert.doesNotThrow(() => {
    out = decodeShare(link);
  }, `decodeShare threw for ${String(link).slice(0, 80)}`);
  assertAnswer(out);
  return out;
}

const fixtures = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 8 });
const views = fc.record({ time: fc.option(fc.string()), contact: fc.option(fc.string()), extra: fc.jsonValue() }, { requiredKeys: [] });
// Text of any UTF-16 code units, lone surrogates included (the editor keeps them).
const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 200 });

function galleryFixtures() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.fixture.json')) out.push(full);
    }
  };
  walk(path.join(root, 'fixtures'));
  return out;
}

test('every gallery fixture survives a share link, as an object and as its text', () => {
  const files = galleryFixtures();
  assert.ok(files.length >= 10, `gallery fixtures found: ${files.length}`);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const link = encodeShare({ fixture: JSON.parse(text), view: { contact: 'alice' } });
    assert.match(link, /^#f=[A-Za-z0-9_-]+$/, 'fragment-safe characters only');
    assert.deepEqual(decode(link), { fixture: JSON.parse(text), view: { contact: 'alice' } }, path.relative(root, file));
    assert.deepEqual(decode(encodeShare({ fixture: text })), { text, view: {} }, `${path.relative(root, file)} as text`);
  }
});

test('property: any fixture object and view round-trip', () => {
  fc.assert(
    fc.property(fixtures, views, (fixture, view) => {
      const link = encodeShare({ fixture, view });
      assert.match(link, /^#f=[A-Za-z0-9_-]*$/);
      assert.deepEqual(decode(link), { fixture: viaJson(fixture), view: viaJson(view) });
    }),
    { numRuns },
  );
});

test('property: fixture text is kept verbatim, lone surrogates and all', () => {
  fc.assert(
    fc.property(anyText, (text) => {
      assert.deepEqual(decode(encodeShare({ fixture: text })), { text, view: {} });
    }),
    { numRuns },
  );
});

test('property: any string at all gets null, an error or a fixture, never a throw', () => {
  const linkish = fc.oneof(
    fc.string(),
    anyText,
    fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ #f') }).map((s) => `#f=${s}`),
    fc.uint8Array({ maxLength: 300 }).map(toLink),
  );
  fc.assert(fc.property(linkish, (s) => void decode(s)), { numRuns: numRuns * 3 });
  for (const s of [undefined, null, '', '#', '#f', '#f=', 'f=', '#f==', '#f=A', '#f=AA', '#f=AAAA', ' #f= ']) decode(s);
});

test('property: a link cut short is refused with an error', () => {
  fc.assert(
    fc.property(fixtures, fc.double({ min: 0, max: 1, noNaN: true }), (fixture, where) => {
      const link = encodeShare({ fixture });
      // Keep "#f=" and at most all but the last character.
      const cut = '#f='.length + Math.floor(where * (link.length - '#f='.length - 1));
      const out = decode(link.slice(0, cut));
      assert.ok(out && typeof out.error === 'string', `${link.slice(0, cut)} gave ${JSON.stringify(out)}`);
    }),
    { numRuns },
  );
});

test('property: a wrong prefix is not a share link (null), whatever follows', () => {
  const prefixes = fc.constantFrom('#F=', '#g=', '#f:', '#ff=', '#share=', '?f=', '#/f=', 'http://x/#f=', '#f =');
  fc.assert(
    fc.property(prefixes, fixtures, (prefix, fixture) => {
      assert.equal(decode(prefix + encodeShare({ fixture }).slice('#f='.length)), null);
    }),
    { numRuns },
  );
});

// A deflate bomb: raw deflate that unpacks to `gib` GiB of zeros from a link
// of about a thousandth of that. Built without holding the output: a 1 MiB
// block of zeros compressed with a full flush (byte-aligned, no reference to
// what came before) repeated, then the final empty block (03 00).
const BOMB_CHILD = `
  import zlib from 'node:zlib';
  const { decodeShare } = await import(process.argv[1]);
  const gib = Number(process.argv[2]);
  const block = zlib.deflateRawSync(Buffer.alloc(1 << 20), { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const bomb = Buffer.concat([...Array(gib * 1024).fill(block), Buffer.from([0x03, 0x00])]);
  if (zlib.inflateRawSync(bomb.subarray(0, block.length * 4), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).length !== 4 << 20) throw new Error('not a bomb');
  const link = '#f=' + bomb.toString('base64url');
  const before = process.resourceUsage().maxRSS;
  const started = performance.now();
  const out = decodeShare(link);
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ linkBytes: link.length, out, ms, beforeKiB: before, peakKiB: process.resourceUsage().maxRSS }));
`;

test('a deflate bomb (a 2.8 MB link that unpacks to 2 GiB) is refused without unpacking it', () => {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', BOMB_CHILD, shareModule, '2'], { encoding: 'utf8', timeout: 30_000 });
  // Refusing takes about a second; unpacking 2 GiB takes minutes or dies.
  assert.equal(run.status, 0, `the child failed (${run.signal ? `killed by ${run.signal} after 30 s: the bomb was being unpacked` : `exit ${run.status}`}): ${run.stderr.slice(0, 2000)}`);
  const r = JSON.parse(run.stdout);
  console.log(`deflate bomb: ${r.linkBytes} byte link, refused in ${r.ms.toFixed(0)} ms, peak RSS ${(r.peakKiB / 1024).toFixed(0)} MiB (before decoding ${(r.beforeKiB / 1024).toFixed(0)} MiB)`);
  assert.ok(r.out && typeof r.out.error === 'string', `refused with an error: ${JSON.stringify(r.out)}`);
  assert.match(r.out.error, /too large|limit|MiB/i, 'the error says it is too large');
  // The limit is 16 MiB; allow it several times over, far below the 2 GiB.
  const budgetKiB = (r.beforeKiB + 8 * (MAX_SHARE_BYTES >> 10));
  assert.ok(r.peakKiB < budgetKiB, `peak RSS ${(r.peakKiB / 1024).toFixed(0)} MiB: the bomb was unpacked (budget ${(budgetKiB / 1024).toFixed(0)} MiB)`);
});

// Raw deflate carries no checksum, and a flipped bit in a literal inflates
// to another character: before share.js put a digest of its JSON in the
// link, one single-bit flip in five loaded a different fixture (a number
// 2.22958e+250 read as 2.22978e+250). Now every flip must be refused, unless
// it lands in bits that deflate ignores and the content is unchanged.
test('property: a link with one bit flipped is refused, never read as another fixture', () => {
  fc.assert(
    fc.property(fixtures.filter((f) => Object.keys(f).length > 0), fc.nat(), (fixture, r) => {
      const bytes = toBytes(encodeShare({ fixture }));
      const bit = r % (bytes.length * 8);
      bytes[bit >> 3] ^= 1 << (bit & 7);
      const out = decode(toLink(bytes));
      // A flip in bits deflate never reads (the padding after the last
      // block) leaves the very same link content: that is not another fixture.
      if (out && typeof out.error === 'string') return;
      assert.deepEqual(out, { fixture: viaJson(fixture), view: {} }, `bit ${bit} flipped gave another fixture: ${JSON.stringify(out).slice(0, 300)}`);
    }),
    { numRuns },
  );
});

test('property: a link with one bit flipped never throws and never gives a malformed answer', () => {
  fc.assert(
    fc.property(fixtures, fc.nat(), (fixture, r) => {
      const bytes = toBytes(encodeShare({ fixture }));
      const bit = r % (bytes.length * 8);
      bytes[bit >> 3] ^= 1 << (bit & 7);
      decode(toLink(bytes));
    }),
    { numRuns },
  );
});
