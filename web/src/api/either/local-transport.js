// The engine in the caller's own thread: Node, or pages that opt out of
// workers (`worker: false`). It answers the same requests as the worker
// (worker/worker.js), one at a time in the order made, and cancels a long
// run between two of its batches.
//
//   const transport = new LocalTransport(() => loadModule(), { sliceMs, onProgress });
//   await transport.request('load', { text, files });
//   transport.cancel(); transport.terminate();

import { Engine } from './engine.js';
import { ERROR_CODES, FlowproofError } from './errors.js';

export class LocalTransport {
  /**
   * @param {() => Promise<object>} loadModule resolves to the instantiated Emscripten module
   * @param {{sliceMs?: number, onProgress?: (p: object) => void}} [options]
   */
  constructor(loadModule, { sliceMs, onProgress = () => {} } = {}) {
    this.onProgress = onProgress;
    this.engine = new Engine(loadModule, { sliceMs });
    this.queue = Promise.resolve();
    this.current = null;
    this.failure = null;
  }

  request(type, payload = {}) {
    if (this.failure) return Promise.reject(this.failure);
    const run = async () => {
      if (this.failure) throw this.failure;
      const task = { cancelled: false };
      this.current = task;
      try {
        return await this.engine.handle(type, payload, { onProgress: this.onProgress, isCancelled: () => task.cancelled || !!this.failure });
      } finally {
        if (this.current === task) this.current = null;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  cancel() {
    if (this.current) this.current.cancelled = true;
  }

  terminate() {
    this.failure = new FlowproofError('the tester was terminated', { code: ERROR_CODES.TERMINATED });
    this.cancel();
    this.engine.dropModule();
  }
}
