// The URL that relative URLs of the caller resolve against when it names
// none: the document's base URL in a page, the worker's location in a worker.

/** @returns {string|undefined} */
export function defaultBaseUrl() {
  if (typeof document !== 'undefined' && document.baseURI) return document.baseURI;
  if (typeof location !== 'undefined') return location.href;
  return undefined;
}
