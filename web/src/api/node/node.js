// The flowproof API in Node: the same tester, without a worker, reading the
// WebAssembly module and relative workflow paths from the file system.
//
//   import { createNodeTester } from './web/src/api/node/node.js';
//   const tester = createNodeTester();              // build-wasm/wasm by default
//   await tester.loadUrl(pathToFileURL('fixtures/welcome-series/signups.fixture.json'));
//   await tester.runToEnd();
//   process.stdout.write(await tester.traceJsonl());
//
// Toolchain notes (emcc 3.1.6): its loader's fetch path breaks under Node
// 20's global fetch, so the .wasm bytes are read here and handed over as
// `wasmBinary`; the ES module loader's use of __dirname is defused by
// wasm/pre.js.

import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { ERROR_CODES, FlowproofError } from '../either/errors.js';
import { LocalTransport } from '../either/local-transport.js';
import { urlReader } from '../either/read-url.js';
import { Tester } from '../either/tester.js';
import { fileFetch } from './file-fetch.js';

export { ERROR_CODES, FlowproofError };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Where the module is looked for: $FLOWPROOF_WASM_DIR, else <$FLOWPROOF_WASM_BUILD or <repo>/build-wasm>/wasm. */
export function defaultWasmDir() {
  if (process.env.FLOWPROOF_WASM_DIR) return path.resolve(process.env.FLOWPROOF_WASM_DIR);
  return path.join(path.resolve(repoRoot, process.env.FLOWPROOF_WASM_BUILD ?? 'build-wasm'), 'wasm');
}

/** True when flowproof_wasm.{js,wasm} exist in the directory. */
export function wasmBuilt(wasmDir = defaultWasmDir()) {
  return existsSync(path.join(wasmDir, 'flowproof_wasm.js')) && existsSync(path.join(wasmDir, 'flowproof_wasm.wasm'));
}

/**
 * Instantiates the module from a directory (once per call).
 * @param {string} [wasmDir]
 */
export async function loadNodeModule(wasmDir = defaultWasmDir()) {
  const wasmBinary = await readFile(path.join(wasmDir, 'flowproof_wasm.wasm'));
  const { default: createFlowproofModule } = await import(pathToFileURL(path.join(wasmDir, 'flowproof_wasm.js')).href);
  return createFlowproofModule({ wasmBinary });
}

/** Reads file: URLs from disk and anything else with fetch, both capped (either/read-url.js). */
export const readTextNode = urlReader({ fetchImpl: fileFetch });

/**
 * A tester running in this thread.
 * @param {{wasmDir?: string, baseUrl?: string, sliceMs?: number, readText?: (url: string) => Promise<string>, loadModule?: () => Promise<object>}} [options] baseUrl defaults to the working directory
 */
export function createNodeTester({ wasmDir = defaultWasmDir(), baseUrl, ...rest } = {}) {
  const options = { ...rest, baseUrl: baseUrl ?? pathToFileURL(process.cwd() + path.sep).href };
  const loadModule = options.loadModule ?? (() => loadNodeModule(wasmDir));
  return new Tester(options, {
    transport: (onProgress) => new LocalTransport(loadModule, { sliceMs: options.sliceMs, onProgress }),
    readText: readTextNode,
    defaultBaseUrl: () => options.baseUrl,
  });
}
