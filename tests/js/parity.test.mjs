// Parity: every fixture in the repository gives the same bytes natively and
// as WebAssembly. `flowproof simulate F` (the trace) and `flowproof run F
// --format json` (expectations, messages, variants) are run with the native
// CLI and with the Emscripten build of the same CLI under Node, and compared.
//
//   node --test tests/js/parity.test.mjs
//
// The build folders default to build/ and build-wasm/ under the repository
// root; FLOWPROOF_NATIVE_BUILD and FLOWPROOF_WASM_BUILD override them. When
// either CLI is missing the tests are skipped with a message saying so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFixtures, firstDifference, run as runCommand } from './support/fixtures.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nativeDir = resolve(root, process.env.FLOWPROOF_NATIVE_BUILD ?? 'build');
const wasmDir = resolve(root, process.env.FLOWPROOF_WASM_BUILD ?? 'build-wasm');
const nativeCli = join(nativeDir, 'flowproof');
const wasmCli = join(wasmDir, 'flowproof.js');

const missing = [];
if (!existsSync(nativeCli)) missing.push(`native CLI ${nativeCli}`);
if (!existsSync(wasmCli)) missing.push(`WebAssembly CLI ${wasmCli}`);
const skip = missing.length > 0 ? `build first (bash tools/build.sh): missing ${missing.join(' and ')}` : false;
if (skip) console.log(`parity: skipped, ${skip}`);

const fixtures = [...findFixtures(join(root, 'fixtures')), ...findFixtures(join(root, 'tests', 'fixtures'))];

// The CLIs run from the repository root, where fixtures name their files.
const run = (command, args) => runCommand(command, args, { cwd: root });

test('the repository has fixtures to compare', () => {
  assert.ok(fixtures.length >= 11, `found only ${fixtures.length} fixtures under fixtures/`);
});

for (const fixture of fixtures) {
  const name = relative(root, fixture);
  for (const [what, args] of [
    ['simulate', ['simulate', name]],
    ['run --format json', ['run', name, '--format', 'json']],
  ]) {
    test(`${what} ${name}: native and WebAssembly print the same bytes`, { skip }, () => {
      const native = run(nativeCli, args);
      // emcc 3.1.6 would load the .wasm with fetch() under Node 18+, which
      // cannot read file paths: make it read the file instead.
      const wasm = run(process.execPath, ['--no-experimental-fetch', wasmCli, ...args]);
      assert.equal(native.status, wasm.status, `exit status differs: native ${native.status}, wasm ${wasm.status}\n${wasm.stderr}`);
      assert.ok(native.stdout.length > 0, `native ${what} printed nothing: ${native.stderr}`);
      if (what === 'simulate') assert.equal(native.status, 0, native.stderr);
      assert.ok(Buffer.compare(native.stdout, wasm.stdout) === 0,
        `${what} ${name} differs at ${firstDifference(native.stdout, wasm.stdout)}`);
    });
  }
}
