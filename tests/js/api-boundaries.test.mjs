// The import graph of web/src/api/, checked: the API is split by where its
// code runs, and a file that imports across that line would run where it
// cannot (Node's fs in a browser bundle, the worker's `self` in a page).
//
//   client/   the caller's thread in a browser (createTester, the worker's client)
//   worker/   inside the Web Worker only
//   node/     Node only (file system)
//   either/   runs in all of them: engine, results, errors, the Tester class
//
// Each folder imports only from itself, from either/ and from web/src/shared/
// (the page's and the API's common helpers); only node/ imports `node:`
// modules; nothing outside the API reaches past client/; web/src/shared/
// imports nothing of the API.
//
//   node --test tests/js/api-boundaries.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = path.join(root, 'web', 'src');
const api = path.join(src, 'api');
const FOLDERS = ['client', 'worker', 'node', 'either'];

function jsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...jsFiles(full));
    else if (/\.m?js$/.test(name)) out.push(full);
  }
  return out;
}

/** Every module specifier of a file: static imports, re-exports and import('literal'). */
export function specifiers(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out = [];
  for (const m of code.matchAll(/(?:^|;)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm)) out.push(m[1]);
  for (const m of code.matchAll(/(?:^|;)\s*import\s*['"]([^'"]+)['"]/gm)) out.push(m[1]);
  for (const m of code.matchAll(/\bimport\(\s*(?:\/\*[^*]*\*\/\s*)?['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  return out;
}

/** 'client' | 'worker' | 'node' | 'either' | 'shared' | 'page' | ... for a path under web/src. */
function placeOf(file) {
  const rel = path.relative(src, file).split(path.sep);
  if (rel[0] === 'api') return rel.length > 2 ? rel[1] : 'api-top';
  return rel[0];
}

function edges(files) {
  const out = [];
  for (const file of files) {
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      const target = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : null;
      out.push({ file: path.relative(root, file), spec, target });
    }
  }
  return out;
}

test('the specifier reader finds every form of import', () => {
  const text = [
    "import { a } from './a.js';",
    "import b, {\n  c,\n} from '../either/b.js';",
    "export { d } from \"./d.js\";",
    "import './side.js'; import fs from 'node:fs';",
    "const m = await import(/* webpackIgnore: true */ './lazy.js');",
    "// import { x } from './commented.js';",
  ].join('\n');
  assert.deepEqual(specifiers(text).sort(), ['../either/b.js', './a.js', './d.js', './lazy.js', './side.js', 'node:fs']);
});

test('web/src/api/ has only the four folders, no file at its top', () => {
  const entries = readdirSync(api).sort();
  assert.deepEqual(entries, [...FOLDERS].sort(), `web/src/api/ holds ${entries.join(', ')}`);
});

test('each API folder imports only from itself, either/ and web/src/shared/', () => {
  const bad = [];
  let checked = 0;
  for (const e of edges(jsFiles(api))) {
    const from = placeOf(path.join(root, e.file));
    if (e.spec.startsWith('node:')) {
      if (from !== 'node') bad.push(`${e.file} imports ${e.spec}: only node/ may use Node's modules`);
      continue;
    }
    if (!e.target) {
      bad.push(`${e.file} imports the package '${e.spec}': the API bundles no packages`);
      continue;
    }
    checked++;
    if (!e.target.startsWith(src + path.sep)) {
      bad.push(`${e.file} imports ${e.spec}, outside web/src/`);
      continue;
    }
    const to = placeOf(e.target);
    const allowed = to === from || to === 'either' || to === 'shared';
    if (!allowed) bad.push(`${e.file} (${from}) imports ${e.spec} (${to})`);
    if (from === 'either' && to !== 'either' && to !== 'shared') bad.push(`${e.file}: either/ must not depend on ${to}/`);
  }
  assert.ok(checked > 10, `only ${checked} imports found: is the reader broken?`);
  assert.deepEqual(bad, []);
});

test('outside the API, only client/ is imported, and web/src/shared/ imports none of it', () => {
  const bad = [];
  let checked = 0;
  const outside = jsFiles(src).filter((f) => !f.startsWith(api + path.sep));
  for (const e of edges(outside)) {
    if (!e.target || !e.target.startsWith(api + path.sep)) continue;
    checked++;
    const from = placeOf(path.join(root, e.file));
    const to = placeOf(e.target);
    if (from === 'shared') bad.push(`${e.file} imports ${e.spec}: shared/ sits below the API`);
    else if (to !== 'client') bad.push(`${e.file} imports ${e.spec}: outside the API, use client/tester.js`);
  }
  assert.ok(checked >= 2, 'the element and the page import the API');
  assert.deepEqual(bad, []);
});
