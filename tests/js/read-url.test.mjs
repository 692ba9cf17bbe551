// The API's one way to read a URL (web/src/api/either/read-url.js over
// web/src/shared/fetch-text.js): the size cap holds on every path (a
// Content-Length over it, a stream without one, a file: URL in Node) and is
// enforced while the body streams in, and every failure is a 'fetch_failed'
// FlowproofError naming the URL (and, when too large, the limit). No
// WebAssembly module is needed: reading fails before the core is asked.
//
//   node --test tests/js/read-url.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ERROR_CODES, FlowproofError } from '../../web/src/api/either/errors.js';
import { MAX_FETCH_BYTES, urlReader } from '../../web/src/api/either/read-url.js';
import { fileFetch } from '../../web/src/api/node/file-fetch.js';
import { createNodeTester } from '../../web/src/api/node/node.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'flowproof-read-url-'));
process.once('exit', () => rmSync(tmp, { recursive: true, force: true }));

/** A fetch whose body is an endless stream of 64 KiB chunks, with no Content-Length; counts what was pulled. */
function endlessFetch() {
  const state = { pulled: 0 };
  state.fetchImpl = async () =>
    new Response(
      new ReadableStream({
        pull(controller) {
          state.pulled += 65536;
          controller.enqueue(new Uint8Array(65536).fill(0x20));
        },
      }),
      { status: 200 },
    );
  return state;
}

const isFetchFailed = (url, ...words) => (e) => {
  assert.ok(e instanceof FlowproofError, `a FlowproofError, not ${e}`);
  assert.equal(e.code, ERROR_CODES.FETCH_FAILED);
  assert.ok(e.message.includes(url), `the message names ${url}: ${e.message}`);
  for (const w of words) assert.ok(e.message.includes(w), `the message says '${w}': ${e.message}`);
  return true;
};

test('the cap is the core\'s limit on JSON text', () => {
  assert.equal(MAX_FETCH_BYTES, 64 * 1024 * 1024);
});

test('a body without Content-Length is cut at the cap while it streams, not read whole', async () => {
  const endless = endlessFetch();
  const url = 'https://a.example/endless.json';
  await assert.rejects(urlReader({ fetchImpl: endless.fetchImpl, maxBytes: 1 << 20 })(url), isFetchFailed(url, '1 MiB limit'));
  assert.ok(endless.pulled <= (1 << 20) + 3 * 65536, `read ${endless.pulled} bytes of an endless body`);
});

test('a Content-Length over the cap is refused before the body is read', async () => {
  let pulled = 0;
  const fetchImpl = async () =>
    new Response(new ReadableStream({ pull: (c) => { pulled++; c.enqueue(new Uint8Array(10)); } }), { headers: { 'content-length': String(5 << 20) } });
  const url = 'https://a.example/big.json';
  await assert.rejects(urlReader({ fetchImpl, maxBytes: 1 << 20 })(url), isFetchFailed(url, '1 MiB limit'));
  assert.ok(pulled <= 1, `pulled ${pulled} chunks`);
});

test('HTTP failures and network errors are fetch_failed with the URL', async () => {
  const url = 'https://a.example/missing.json';
  await assert.rejects(urlReader({ fetchImpl: async () => new Response('no', { status: 404, statusText: 'Not Found' }) })(url), isFetchFailed(url, '404'));
  await assert.rejects(urlReader({ fetchImpl: async () => { throw new TypeError('network down'); } })(url), isFetchFailed(url, 'network down'));
});

test('Node reads file: URLs through the same cap: a file over it is refused, a missing one named', async () => {
  const big = path.join(tmp, 'big.json');
  writeFileSync(big, ' '.repeat(5000));
  const bigUrl = pathToFileURL(big).href;
  await assert.rejects(urlReader({ fetchImpl: fileFetch, maxBytes: 1000 })(bigUrl), isFetchFailed(bigUrl, '1,000 bytes limit'));
  assert.equal(await urlReader({ fetchImpl: fileFetch, maxBytes: 5000 })(bigUrl), ' '.repeat(5000));
  const missing = pathToFileURL(path.join(tmp, 'missing.json')).href;
  await assert.rejects(urlReader({ fetchImpl: fileFetch })(missing), isFetchFailed(missing, '404'));
});

test('the Node tester reports an unreadable fixture or workflow as a fetch_failed problem with the URL', async () => {
  const t = createNodeTester({ wasmDir: path.join(tmp, 'no-module') });
  const missing = pathToFileURL(path.join(tmp, 'missing.fixture.json')).href;
  const a = await t.loadUrl(missing);
  assert.equal(a.ok, false);
  assert.equal(a.errors[0].code, 'fetch_failed');
  assert.ok(a.errors[0].message.includes(missing), a.errors[0].message);
  // A workflow path that names a file over the cap (the reader given as an option).
  writeFileSync(path.join(tmp, 'workflow.json'), ' '.repeat(3000));
  const small = createNodeTester({ wasmDir: path.join(tmp, 'no-module'), readText: urlReader({ fetchImpl: fileFetch, maxBytes: 2000 }), baseUrl: pathToFileURL(tmp + path.sep).href });
  const b = await small.load({ format: 'flowproof.fixture/1', workflow: 'workflow.json' });
  assert.equal(b.ok, false);
  assert.equal(b.errors[0].code, 'fetch_failed');
  assert.equal(b.errors[0].pointer, '/workflow');
  assert.match(b.errors[0].message, /workflow\.json.*2,000 bytes limit/);
});
