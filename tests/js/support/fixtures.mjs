// What the JavaScript tests share: finding the repository's fixtures,
// running a CLI, and saying where two outputs first differ.
//
//   import { findFixtures, firstDifference, run } from './support/fixtures.mjs';
//   for (const f of findFixtures(join(root, 'fixtures'))) ...
//   assert.ok(a.equals(b), firstDifference(a, b));   // "line 3\n  native: ...\n  wasm:   ..."
//
// This folder holds no tests of its own (node --test runs *.test.mjs only).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every fixture file under `dir`, sorted: *.fixture.json, and (unless
 * `byName`) any other *.json whose "format" is flowproof.fixture/1.
 * @param {string} dir
 * @param {{byName?: boolean}} [options]
 * @returns {string[]} paths
 */
export function findFixtures(dir, { byName = false } = {}, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      findFixtures(path, { byName }, out);
    } else if (name.endsWith('.fixture.json')) {
      out.push(path);
    } else if (!byName && name.endsWith('.json')) {
      try {
        if (JSON.parse(readFileSync(path, 'utf8'))?.format === 'flowproof.fixture/1') out.push(path);
      } catch {
        // not JSON, so not a fixture
      }
    }
  }
  return out;
}

/** Runs a command to its end: {status, stdout (a Buffer), stderr (text)}. */
export function run(command, args, { cwd, env = process.env } = {}) {
  const result = spawnSync(command, args, { cwd, env, maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}

/** The first line where `a` and `b` differ, with both versions, for a failure message. */
export function firstDifference(a, b, [nameA, nameB] = ['native', 'wasm']) {
  const linesA = a.toString().split('\n');
  const linesB = b.toString().split('\n');
  const width = Math.max(nameA.length, nameB.length) + 1;
  for (let i = 0; i < Math.max(linesA.length, linesB.length); i++) {
    if (linesA[i] !== linesB[i]) {
      return `line ${i + 1}\n  ${`${nameA}:`.padEnd(width)} ${linesA[i] ?? '(end)'}\n  ${`${nameB}:`.padEnd(width)} ${linesB[i] ?? '(end)'}`;
    }
  }
  return 'no line differs (trailing bytes?)';
}
