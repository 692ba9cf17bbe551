// Instantiating the Emscripten module from URLs, for the browser's two
// places: the Web Worker (worker/worker.js) and, with `worker: false`, the
// page's own thread (client/tester.js). Node reads the bytes from disk
// instead (node/node.js).
//
//   const module = await loadModuleFromUrls(moduleUrl, wasmUrl);
//   const session = new module.Session();

/**
 * @param {string} moduleUrl absolute URL of flowproof_wasm.js
 * @param {string} wasmUrl absolute URL of flowproof_wasm.wasm
 * @returns {Promise<object>} the instantiated module
 */
export async function loadModuleFromUrls(moduleUrl, wasmUrl) {
  const { default: createFlowproofModule } = await import(/* webpackIgnore: true */ moduleUrl);
  return createFlowproofModule({
    locateFile: (file) => (file.endsWith('.wasm') ? wasmUrl : new URL(file, moduleUrl).href),
  });
}
