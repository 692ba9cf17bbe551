// The flowproof JavaScript API for pages: drive a fixture through the
// simulated clock. This file is dist/flowproof.js.
//
//   import { createTester } from './flowproof.js';
//   const tester = createTester({ baseUrl: location.href });
//   const { ok, errors } = await tester.load(fixture);   // object or JSON text
//   if (!ok) errors.forEach((e) => console.log(e.pointer, e.message));
//   await tester.step();
//   tester.on('progress', (p) => bar.value = p.fraction);
//   await tester.runToEnd();
//   const trace = await tester.trace();                  // [{t, contact, kind, ...}]
//   tester.terminate();
//
// By default the WebAssembly module runs in a Web Worker (worker.js beside
// this file), so long runs never freeze the page. Without workers (or with
// `worker: false`) the same engine runs in the caller's thread, still in
// chunks. Every method returns a promise; calls are handled one at a time in
// the order made. Problems with the fixture are values ({ok, errors}); other
// failures reject with a FlowproofError (either/errors.js) whose `code` is
// stable. The methods are those of either/tester.js; this file only picks
// where the engine runs and how URLs are read.

import { ERROR_CODES, FlowproofError } from '../either/errors.js';
import { loadModuleFromUrls } from '../either/load-module.js';
import { LocalTransport } from '../either/local-transport.js';
import { urlReader } from '../either/read-url.js';
import { PAGE_VIEW, Tester } from '../either/tester.js';
import { defaultBaseUrl } from './base-url.js';
import { WorkerTransport } from './worker-transport.js';

export { ERROR_CODES, FlowproofError, PAGE_VIEW };

/**
 * @typedef {object} TesterOptions
 * @property {string} [baseUrl] URL that relative workflow paths in fixtures resolve against (default: the document's URL)
 * @property {boolean} [worker] run in a Web Worker (default: true where Worker exists)
 * @property {string|URL|TrustedScriptURL} [workerUrl] default: worker.js beside this module
 * @property {string|URL} [moduleUrl] the Emscripten loader, default: flowproof_wasm.js beside this module
 * @property {string|URL} [wasmUrl] default: flowproof_wasm.wasm beside this module
 * @property {() => Promise<object>} [loadModule] without a worker: resolves to the instantiated module (Node uses this)
 * @property {(url: string) => Promise<string>} [readText] reads a fixture or workflow URL (default: fetch, capped at 64 MiB; shared/fetch-text.js)
 * @property {number} [sliceMs] work between progress reports in long runs (default 30)
 */


/**
 * Creates a tester: one simulation session with its own worker.
 * @param {TesterOptions} [options]
 * @returns {Tester}
 */
export function createTester(options = {}) {
  const useWorker = options.worker ?? (typeof Worker === 'function' && !options.loadModule);
  const transport = (onProgress) =>
    useWorker
      ? new WorkerTransport(options, onProgress)
      : new LocalTransport(options.loadModule ?? (() => importModule(options)), { sliceMs: options.sliceMs, onProgress });
  return new Tester(options, { transport, readText: urlReader(), defaultBaseUrl });
}

// The module for this thread: flowproof_wasm.{js,wasm} beside this bundle
// unless the options say otherwise.
function importModule(options) {
  const here = import.meta.url;
  const moduleUrl = new URL(String(options.moduleUrl ?? new URL('./flowproof_wasm.js', here)), defaultBaseUrl()).href;
  const wasmUrl = new URL(String(options.wasmUrl ?? new URL('./flowproof_wasm.wasm', here)), defaultBaseUrl()).href;
  return loadModuleFromUrls(moduleUrl, wasmUrl);
}
