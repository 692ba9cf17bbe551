// Errors of the flowproof JavaScript API.
//
// The core never throws into JavaScript: every binding call returns a value,
// {ok: false, errors: [{code, pointer, line, column, message}]} on failure
// (wasm/bindings.cc). Problems with the user's fixture are values too:
// `tester.load()` resolves to {ok, errors, warnings}. Everything else that
// fails (a malformed duration, a call before load, a crashed worker) rejects
// with a FlowproofError, rebuilt on the client from the worker's envelope,
// whose `code` is one of ERROR_CODES and whose `errors` lists each located
// problem.
//
//   try { await tester.advance('3x'); }
//   catch (e) { if (e.code === 'invalid_argument') ...e.errors[0].message... }

/**
 * Stable error codes. The first group is produced by wasm/bindings.cc: it is
 * exactly the core's failure codes (core/base/problem_codes.h, kFailureCodes;
 * tests/js/vocabulary.test.mjs checks it against `flowproof vocabulary`); the
 * second by the JavaScript layers.
 * @readonly
 * @enum {string}
 */
export const ERROR_CODES = Object.freeze({
  // wasm/bindings.cc
  INVALID_INPUT: 'invalid_input', // the fixture or workflow has problems (one error each, with its own problem code and JSON Pointer)
  NOT_LOADED: 'not_loaded', // no fixture is loaded
  INVALID_ARGUMENT: 'invalid_argument', // e.g. a malformed duration or node id list
  INTERNAL_ERROR: 'internal_error', // a C++ exception escaped the core (a bug); the fixture was unloaded
  OUT_OF_MEMORY: 'out_of_memory', // the fixture was unloaded
  UNKNOWN_CONTACT: 'unknown_contact', // render: passed through from the core
  UNKNOWN_TEMPLATE: 'unknown_template', // render: passed through from the core
  RENDER_FAILED: 'render_failed', // render: the template could not be rendered for the contact (the message says why)
  // JavaScript
  FETCH_FAILED: 'fetch_failed', // a fixture or workflow URL could not be read
  WASM_TRAP: 'wasm_trap', // the WebAssembly module trapped (e.g. stack exhausted); it is re-created on the next load
  MODULE_FAILED: 'module_failed', // the WebAssembly module could not be loaded
  WORKER_FAILED: 'worker_failed', // the worker script failed
  TERMINATED: 'terminated', // tester.terminate() was called
  CANCELLED: 'cancelled', // tester.cancel() stopped a long run (the state is where it stopped)
  UNKNOWN_REQUEST: 'unknown_request', // a message type the worker does not know
});

/** A failed API call: `code` (ERROR_CODES), `errors` (located problems). */
export class FlowproofError extends Error {
  /**
   * @param {string} message
   * @param {{code?: string, errors?: Array<{code: string, pointer: string, line: (number|null), column: (number|null), message: string}>}} [details]
   */
  constructor(message, { code = ERROR_CODES.INTERNAL_ERROR, errors } = {}) {
    super(message);
    this.name = 'FlowproofError';
    this.code = code;
    this.errors = Array.isArray(errors) && errors.length ? errors : [problem(code, message)];
  }

  /** The plain-object form that crosses postMessage. */
  toJSON() {
    return { name: this.name, code: this.code, message: this.message, errors: this.errors };
  }

  /** Rebuilds an error from its plain-object form (or wraps anything else). */
  static from(value) {
    if (value instanceof FlowproofError) return value;
    // Anything may arrive here (a worker's reply, a parent's message): only
    // a non-empty string code and string messages are taken from it.
    if (value && typeof value === 'object' && typeof value.code === 'string' && value.code) {
      const message = typeof value.message === 'string' ? value.message : value.code;
      return new FlowproofError(message, { code: value.code, errors: value.errors });
    }
    return new FlowproofError(describe(value), { code: ERROR_CODES.INTERNAL_ERROR });
  }
}

/** A thrown value in words; String() itself throws for some (null-prototype objects). */
function describe(value) {
  try {
    return String(value?.message ?? value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** One located problem, as the binding reports them. */
export function problem(code, message, pointer = '', line = null, column = null) {
  return { code, pointer, line, column, message };
}

/** A FlowproofError from the binding's {ok: false, errors} envelope. */
export function errorFromEnvelope(envelope) {
  const errors = Array.isArray(envelope.errors) ? envelope.errors : [];
  const first = errors[0] ?? problem(ERROR_CODES.INTERNAL_ERROR, 'unknown error');
  const where = first.pointer ? `${first.pointer}: ` : '';
  // The envelope names the failure's class; each located error keeps its own
  // problem code (README "Error codes").
  return new FlowproofError(where + first.message, { code: envelope.code ?? first.code, errors });
}
