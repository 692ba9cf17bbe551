// A fetch for Node that also answers file: URLs, so that the Node API reads
// fixtures and workflows from disk through the same size-capped reader as
// the browser (web/src/shared/fetch-text.js): the file is streamed, and a
// file over the cap is refused from its size before a byte is read.
//
//   const readText = urlReader({ fetchImpl: fileFetch });
//   await readText(pathToFileURL('fixtures/welcome-series/signups.fixture.json'));
//
// Other URLs go to Node's global fetch.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';

/**
 * @param {string|URL} url
 * @param {object} [init] passed on to fetch for other URLs
 * @returns {Promise<Response>}
 */
export async function fileFetch(url, init) {
  const u = new URL(String(url));
  if (u.protocol !== 'file:') return fetch(u, init);
  let info;
  try {
    info = await stat(u);
  } catch (e) {
    return new Response(null, { status: 404, statusText: e.code === 'ENOENT' ? 'Not Found' : String(e.code ?? e.message) });
  }
  if (!info.isFile()) return new Response(null, { status: 404, statusText: 'Not a file' });
  const body = Readable.toWeb(createReadStream(u));
  return new Response(body, { status: 200, headers: { 'content-length': String(info.size) } });
}
