// Turning what a caller hands to tester.load() into what the core reads:
// fixture JSON text plus the files it names.
//
// A fixture is an object or JSON text. Its `workflow` (or an entry of a
// portfolio's `workflows`) may be a path ("workflow.json"): the core cannot
// read files in a browser, so the path is fetched here, relative to the
// fixture's URL (options.baseUrl), and handed to the core with the fixture.
// Only same-origin relative paths are followed; problems come back as
// values with the JSON Pointer of the path ("/workflow", "/workflows/2").
//
//   const input = await resolveFixture(fixture, { baseUrl: 'https://x/fixtures/a.json', readText });
//   if (input.errors.length) ...; else engine.load(input.text, input.files)
//
// Reading is the caller's (`readText`: the browser's fetch or Node's files,
// both through web/src/shared/fetch-text.js and its size cap), so this file
// runs anywhere.

import { ERROR_CODES, problem } from './errors.js';
import { readFailure } from './read-url.js';
import { workflowPaths } from '../../shared/workflow-paths.js';

/**
 * @param {object|string} fixture a fixture object or its JSON text
 * @param {{baseUrl?: string, readText: (url: string) => Promise<string>}} options
 * @returns {Promise<{text: string, files: Object<string, string>, errors: Array<object>}>}
 */
export async function resolveFixture(fixture, { baseUrl, readText }) {
  let text;
  let doc;
  if (typeof fixture === 'string') {
    text = fixture;
    try {
      doc = JSON.parse(fixture);
    } catch {
      // Malformed JSON: the core reports it with line and column.
      return { text, files: {}, errors: [] };
    }
  } else if (fixture && typeof fixture === 'object' && !Array.isArray(fixture)) {
    doc = fixture;
    text = JSON.stringify(fixture);
  } else {
    return {
      text: '',
      files: {},
      errors: [problem('wrong_type', 'a fixture must be a JSON object or its text', '')],
    };
  }
  const files = {};
  for (const { path, pointer } of workflowPaths(doc)) {
    if (Object.hasOwn(files, path)) continue;
    const where = resolveRelative(path, baseUrl);
    if (where.error) return { text, files, errors: [problem(ERROR_CODES.FETCH_FAILED, where.error, pointer)] };
    try {
      files[path] = await readText(where.url);
    } catch (e) {
      const message = `the workflow '${path}': ${readFailure(where.url, e)}`;
      return { text, files, errors: [problem(ERROR_CODES.FETCH_FAILED, message, pointer)] };
    }
  }
  return { text, files, errors: [] };
}

/**
 * Resolves a path named by a fixture against the fixture's URL, refusing
 * anything that would leave its origin (an absolute URL elsewhere, a
 * javascript: or data: URL).
 * @returns {{url?: string, error?: string}}
 */
export function resolveRelative(path, baseUrl) {
  if (!baseUrl) return { error: `the fixture names its workflow by path ('${path}') but has no URL to resolve it against; embed the workflow or load the fixture from a URL` };
  let base;
  let url;
  try {
    base = new URL(baseUrl);
    url = new URL(path, base);
  } catch {
    return { error: `'${path}' is not a valid relative path` };
  }
  if (url.origin !== base.origin || url.protocol !== base.protocol) {
    return { error: `the workflow path '${path}' leaves the fixture's origin; only relative paths are followed` };
  }
  return { url: url.href };
}
