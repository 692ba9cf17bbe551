// Reading a same-origin URL as text with a size cap, for the page and the
// API alike: every fetch of a fixture, a workflow or the gallery goes
// through here, so no path can pull an unbounded body into memory.
//
//   const text = await fetchText(url, { maxBytes: 32 * 1024 * 1024 });
//   // throws Error('HTTP 404 Not Found') or Error('... over the 32 MiB limit')
//
// The Content-Length header, when there is one, refuses a large body before
// it is read; without one (chunked, compressed) the body is read as a stream
// and cancelled as soon as it passes the cap, so a lying or absent header
// cannot get around it.

/** The cap for callers that name none: the core's own limit on JSON text. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** "32 MiB" for a whole number of MiB, else the bytes. */
export function sizeLabel(bytes) {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes.toLocaleString('en-US')} bytes`;
}

/**
 * @param {string|URL} url
 * @param {{maxBytes?: number, fetchImpl?: typeof fetch}} [options]
 * @returns {Promise<string>} the body, decoded as UTF-8
 */
export async function fetchText(url, { maxBytes = DEFAULT_MAX_BYTES, fetchImpl = fetch } = {}) {
  const response = await fetchImpl(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText ?? ''}`.trim());
  const tooLarge = (what) => new Error(`${what} is over the ${sizeLabel(maxBytes)} limit`);
  const length = Number(response.headers.get('content-length'));
  if (length > maxBytes) {
    response.body?.cancel().catch(() => {});
    throw tooLarge(`${length.toLocaleString('en-US')} bytes`);
  }
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let read = 0;
  let out = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.byteLength;
    if (read > maxBytes) {
      reader.cancel().catch(() => {});
      throw tooLarge('The file');
    }
    out += decoder.decode(value, { stream: true });
  }
  return out + decoder.decode();
}
