// The Web Worker that runs the simulation off the page's main thread.
//
// Protocol (client/worker-transport.js is the other end):
//   in:  {id, type, payload}    type: a request of either/engine.js (load, step, runToEnd, ...),
//                               'configure' {moduleUrl, wasmUrl, sliceMs} (before anything else),
//                               'cancel' {id?} (stops the running long request; handled at once)
//   out: {id, ok: true, result} | {id, ok: false, error: {name, code, message, errors}}
//        {type: 'progress', id, now, start, until, steps, traceSize, fraction} during long runs
// Requests run one at a time, in the order they arrive.

import { Engine } from '../either/engine.js';
import { FlowproofError } from '../either/errors.js';
import { loadModuleFromUrls } from '../either/load-module.js';

let config = {
  moduleUrl: new URL('./flowproof_wasm.js', import.meta.url).href,
  wasmUrl: new URL('./flowproof_wasm.wasm', import.meta.url).href,
  sliceMs: undefined,
};
let engine = null;
let queue = Promise.resolve();
let current = null; // {id, cancelled}

function getEngine() {
  if (!engine) engine = new Engine(() => loadModuleFromUrls(config.moduleUrl, config.wasmUrl), { sliceMs: config.sliceMs });
  return engine;
}

self.onmessage = (event) => {
  const message = event.data;
  if (!message || typeof message !== 'object') return;
  const { id, type, payload } = message;
  if (type === 'cancel') {
    if (current && (payload?.id == null || payload.id === current.id)) current.cancelled = true;
    return;
  }
  if (type === 'configure') {
    config = { ...config, ...pick(payload, ['moduleUrl', 'wasmUrl', 'sliceMs']) };
    engine = null;
    self.postMessage({ id, ok: true, result: null });
    return;
  }
  queue = queue.then(() => run(id, type, payload));
};

async function run(id, type, payload) {
  const task = { id, cancelled: false };
  current = task;
  try {
    const result = await getEngine().handle(type, payload, {
      onProgress: (progress) => self.postMessage({ type: 'progress', id, ...progress }),
      isCancelled: () => task.cancelled,
    });
    self.postMessage({ id, ok: true, result });
  } catch (e) {
    self.postMessage({ id, ok: false, error: FlowproofError.from(e).toJSON() });
  } finally {
    if (current === task) current = null;
  }
}

function pick(object, keys) {
  const out = {};
  for (const key of keys) if (object && object[key] !== undefined) out[key] = object[key];
  return out;
}
