// Reading a fixture or workflow URL for the API: every read goes through
// web/src/shared/fetch-text.js, which caps the size while the body streams
// in, and every failure becomes a FlowproofError with code 'fetch_failed'
// that names the URL (and, for a body too large, the limit).
//
//   const readText = urlReader();                        // the browser: fetch
//   const readText = urlReader({ fetchImpl: fileFetch }); // Node: file: URLs too
//   const text = await readText('https://x/fixtures/a.json');
//
// The cap is the core's own limit on JSON text: nothing larger could load.

import { DEFAULT_MAX_BYTES, fetchText } from '../../shared/fetch-text.js';
import { ERROR_CODES, FlowproofError } from './errors.js';

/** The largest fixture or workflow the API reads (the core's limit on JSON text). */
export const MAX_FETCH_BYTES = DEFAULT_MAX_BYTES;

/**
 * @param {{fetchImpl?: typeof fetch, maxBytes?: number}} [options]
 * @returns {(url: string|URL) => Promise<string>} rejects with a FlowproofError ('fetch_failed')
 */
export function urlReader({ fetchImpl, maxBytes = MAX_FETCH_BYTES } = {}) {
  return async (url) => {
    const href = String(url);
    try {
      return await fetchText(href, { maxBytes, ...(fetchImpl ? { fetchImpl } : {}) });
    } catch (e) {
      const error = new FlowproofError(`cannot read ${href}: ${e?.message ?? e}`, { code: ERROR_CODES.FETCH_FAILED });
      error.url = href;
      error.maxBytes = maxBytes;
      throw error;
    }
  };
}

/** The message for a failed read: a reader's own (it names the URL), else one that does. */
export function readFailure(url, e) {
  return e instanceof FlowproofError && e.code === ERROR_CODES.FETCH_FAILED ? e.message : `cannot read ${url}: ${e?.message ?? e}`;
}
