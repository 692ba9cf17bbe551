// Where a JSON Pointer points in JSON text, so that a validation problem
// ("/workflow/nodes/wait_2d/for: not a duration") is shown beside the text
// it is about.
//
//   locatePointer(text, '/workflow/nodes/wait_2d/for')
//     // {from, to, exact: true}: the value's range; or the deepest existing
//     // ancestor's key with exact: false; null when the text is not JSON
//   offsetOfLineColumn(text, 3, 14)   // 1-based line and column -> offset
//
// A small scanner that keeps positions (JSON.parse does not). It is lenient
// where the pointer's path is concerned and gives up (null) on text it cannot
// read; it never throws and stops at a fixed depth.

const MAX_DEPTH = 512;
const ESCAPES = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };

/** Splits a JSON Pointer into unescaped tokens ('' is the root: []). */
function pointerTokens(pointer) {
  if (typeof pointer !== 'string' || pointer === '') return [];
  const p = pointer.startsWith('/') ? pointer.slice(1) : pointer;
  return p.split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * @param {string} textValue JSON text
 * @param {string} pointer JSON Pointer
 * @returns {{from: number, to: number, exact: boolean}|null}
 */
export function locatePointer(textValue, pointer) {
  const tokens = pointerTokens(pointer);
  const scanner = new Scanner(String(textValue ?? ''));
  try {
    scanner.ws();
    let range = { from: scanner.i, to: scanner.i, exact: tokens.length === 0 };
    let keyRange = null;
    for (let depth = 0; depth <= tokens.length; depth++) {
      const start = scanner.i;
      if (depth === tokens.length) {
        scanner.skipValue(0);
        return { from: start, to: scanner.i, exact: true };
      }
      const token = tokens[depth];
      const found = scanner.findChild(token);
      if (!found) {
        // The deepest thing that exists: the key that leads to it, or the container.
        if (keyRange) return { ...keyRange, exact: false };
        scanner.i = start;
        scanner.skipValue(0);
        return { from: start, to: Math.min(scanner.i, start + 1), exact: false };
      }
      keyRange = found.key;
      range = found.key;
    }
    return range;
  } catch {
    return null;
  }
}

/** The offset of a 1-based line and column (clamped to the text). */
export function offsetOfLineColumn(textValue, line, column) {
  const t = String(textValue ?? '');
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = t.indexOf('\n', offset);
    if (nl < 0) return t.length;
    offset = nl + 1;
  }
  return Math.min(t.length, offset + Math.max(0, (column ?? 1) - 1));
}

class Scanner {
  constructor(textValue) {
    this.t = textValue;
    this.i = 0;
  }

  ws() {
    while (this.i < this.t.length && ' \t\r\n'.includes(this.t[this.i])) this.i++;
  }

  fail() {
    throw new Error(`unreadable JSON at ${this.i}`);
  }

  string() {
    if (this.t[this.i] !== '"') this.fail();
    const start = ++this.i;
    let out = '';
    let run = start;
    while (this.i < this.t.length) {
      const c = this.t[this.i];
      if (c === '"') {
        out += this.t.slice(run, this.i);
        this.i++;
        return out;
      }
      if (c === '\\') {
        out += this.t.slice(run, this.i);
        const e = this.t[this.i + 1];
        if (e === 'u') {
          out += String.fromCharCode(parseInt(this.t.slice(this.i + 2, this.i + 6), 16) || 0);
          this.i += 6;
        } else {
          out += Object.hasOwn(ESCAPES, e) ? ESCAPES[e] : e;
          this.i += 2;
        }
        run = this.i;
        continue;
      }
      this.i++;
    }
    this.fail();
  }

  skipValue(depth) {
    if (depth > MAX_DEPTH) this.fail();
    this.ws();
    const c = this.t[this.i];
    if (c === '"') return void this.string();
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      this.i++;
      this.ws();
      if (this.t[this.i] === close) return void this.i++;
      for (;;) {
        if (c === '{') {
          this.ws();
          this.string();
          this.ws();
          if (this.t[this.i] !== ':') this.fail();
          this.i++;
        }
        this.skipValue(depth + 1);
        this.ws();
        if (this.t[this.i] === ',') {
          this.i++;
          continue;
        }
        if (this.t[this.i] === close) return void this.i++;
        this.fail();
      }
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.t.slice(this.i, this.i + 64));
    if (!m) this.fail();
    this.i += m[0].length;
  }

  /**
   * At a container: moves to the child `token` and returns its key range
   * ({from, to} of the key, or of the element for arrays); null when absent
   * (the position is then undefined).
   */
  findChild(token) {
    this.ws();
    const c = this.t[this.i];
    if (c !== '{' && c !== '[') return null;
    const close = c === '{' ? '}' : ']';
    this.i++;
    this.ws();
    if (this.t[this.i] === close) return null;
    const wanted = c === '[' ? Number(token) : token;
    if (c === '[' && !/^\d+$/.test(token)) return null;
    for (let index = 0; ; index++) {
      let keyRange;
      let match;
      if (c === '{') {
        this.ws();
        const from = this.i;
        const key = this.string();
        keyRange = { from, to: this.i, exact: false };
        this.ws();
        if (this.t[this.i] !== ':') this.fail();
        this.i++;
        match = key === wanted;
      } else {
        match = index === wanted;
      }
      this.ws();
      if (match) {
        if (!keyRange) {
          const from = this.i;
          this.skipValue(0);
          keyRange = { from, to: this.i, exact: false };
          this.i = from;
        }
        return { key: keyRange };
      }
      this.skipValue(0);
      this.ws();
      if (this.t[this.i] === ',') {
        this.i++;
        continue;
      }
      return null;
    }
  }
}
