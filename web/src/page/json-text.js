// Parsing the draft's JSON text for the page, with the core's nesting limit.
//
//   const r = parseJson(text);
//   if (r.error) showProblem(r.error);   // {code, pointer, line, column, message}
//   else use(r.value);
//
// A stranger's file may nest arrays 100,000 levels deep. The core refuses
// more than MAX_DEPTH levels (core/json/json_input.h); the page refuses the
// same text with the same words *before* JSON.parse, in one linear pass with
// no recursion, because a deep object would blow the stack later in
// JSON.stringify, structuredClone or postMessage with an unhelpful
// "Maximum call stack size exceeded".

/** Nested arrays and objects allowed, as in the core. */
export const MAX_DEPTH = 512;

/** Line and column (1-based) of a character offset. */
function lineColumn(textValue, offset) {
  const before = textValue.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: before.length - before.lastIndexOf('\n') };
}

/**
 * The offset of the bracket that opens level MAX_DEPTH + 1, or -1. Strings
 * are skipped (brackets in them do not count); syntax is JSON.parse's job.
 */
export function tooDeepAt(textValue, maxDepth = MAX_DEPTH) {
  let depth = 0;
  for (let i = 0; i < textValue.length; i++) {
    const c = textValue.charCodeAt(i);
    if (c === 0x22) {
      // A string: on to its closing quote (a backslash escapes one character).
      for (i++; i < textValue.length; i++) {
        const d = textValue.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return -1;
}

/** @returns {{value?: any, error?: {code: string, pointer: string, line: number|null, column: number|null, message: string}}} */
export function parseJson(textValue) {
  const deep = tooDeepAt(textValue);
  if (deep >= 0) {
    const { line, column } = lineColumn(textValue, deep);
    return { error: { code: 'invalid_json', pointer: '', line, column, message: `Not valid JSON: arrays and objects nested deeper than ${MAX_DEPTH} levels are not allowed (the simulator's limit).` } };
  }
  try {
    return { value: JSON.parse(textValue) };
  } catch (e) {
    const m = /line (\d+) column (\d+)/.exec(e.message);
    const pos = /position (\d+)/.exec(e.message);
    let line = m ? Number(m[1]) : null;
    let column = m ? Number(m[2]) : null;
    if (!m && pos) ({ line, column } = lineColumn(textValue, Number(pos[1])));
    return { error: { code: 'invalid_json', pointer: '', line, column, message: `Not valid JSON: ${e.message.replace(/^JSON\.parse: /, '')}` } };
  }
}
