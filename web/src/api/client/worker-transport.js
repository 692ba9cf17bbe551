// Requests to the engine in a Web Worker (worker/worker.js; its protocol is
// described there): each request gets an id, its reply settles the promise,
// progress messages become 'progress' events, and a failed worker fails
// every pending and later request with 'worker_failed'.
//
//   const transport = new WorkerTransport(options, (p) => emit('progress', p));
//   const status = await transport.request('step');
//
// The worker script is dist/worker.js, beside the bundle that holds this
// file (build.mjs puts every output at the top of dist/).

import { ERROR_CODES, FlowproofError } from '../either/errors.js';
import { defaultBaseUrl } from './base-url.js';

export class WorkerTransport {
  constructor(options, onProgress) {
    this.onProgress = onProgress;
    this.pending = new Map();
    this.nextId = 1;
    this.failure = null;
    this.worker = new Worker(workerScriptUrl(options.workerUrl), { type: 'module', name: 'flowproof' });
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault?.();
      this.fail(new FlowproofError(`the flowproof worker failed: ${event.message ?? 'cannot start'}`, { code: ERROR_CODES.WORKER_FAILED }));
    };
    this.worker.onmessageerror = () => this.fail(new FlowproofError('a worker message could not be read', { code: ERROR_CODES.WORKER_FAILED }));
    const config = {};
    if (options.moduleUrl) config.moduleUrl = new URL(String(options.moduleUrl), defaultBaseUrl()).href;
    if (options.wasmUrl) config.wasmUrl = new URL(String(options.wasmUrl), defaultBaseUrl()).href;
    if (options.sliceMs) config.sliceMs = options.sliceMs;
    if (Object.keys(config).length) this.request('configure', config).catch(() => {});
  }

  request(type, payload = {}) {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, type, payload });
    });
  }

  receive(message) {
    if (!message || typeof message !== 'object') return;
    if (message.type === 'progress') {
      const { type, id, ...progress } = message;
      this.onProgress(progress);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.result);
    else pending.reject(FlowproofError.from(message.error));
  }

  cancel() {
    this.worker.postMessage({ type: 'cancel', payload: {} });
  }

  fail(error) {
    this.failure = error;
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }

  terminate() {
    this.worker.terminate();
    this.fail(new FlowproofError('the tester was terminated', { code: ERROR_CODES.TERMINATED }));
  }
}

// The worker's script URL. Under a Trusted Types policy
// (require-trusted-types-for 'script') the Worker constructor needs a
// TrustedScriptURL: pass one as options.workerUrl, or let the page's
// 'default' policy vet the plain URL.
function workerScriptUrl(workerUrl) {
  if (workerUrl && typeof workerUrl === 'object' && globalThis.trustedTypes?.isScriptURL?.(workerUrl)) return workerUrl;
  return new URL(String(workerUrl ?? new URL('./worker.js', import.meta.url)), defaultBaseUrl()).href;
}
