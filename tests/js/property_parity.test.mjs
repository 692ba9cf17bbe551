// Parity on generated fixtures: the property tests' generator
// (tests/property/random_workflow.h) writes a sample of random valid
// fixtures; each is simulated by the native CLI and by the WebAssembly CLI
// under Node, the two traces must be the same bytes, and every line must
// validate against schema/trace.schema.json.
//
//   node --test tests/js/property_parity.test.mjs
//
// The fixtures come from the native test binary (build/flowproof_tests,
// test SimPropertyDump.WritesFixturesWhenAsked with FLOWPROOF_PROPERTY_DUMP
// set). FLOWPROOF_NATIVE_BUILD and FLOWPROOF_WASM_BUILD override the build
// folders, FLOWPROOF_PROPERTY_PARITY_COUNT the sample size (default 40) and
// FLOWPROOF_PROPERTY_SEED the first seed (default 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { firstDifference, run as runCommand } from './support/fixtures.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nativeDir = resolve(root, process.env.FLOWPROOF_NATIVE_BUILD ?? 'build');
const wasmDir = resolve(root, process.env.FLOWPROOF_WASM_BUILD ?? 'build-wasm');
const nativeCli = join(nativeDir, 'flowproof');
const nativeTests = join(nativeDir, 'flowproof_tests');
const wasmCli = join(wasmDir, 'flowproof.js');
const count = Number(process.env.FLOWPROOF_PROPERTY_PARITY_COUNT ?? 40);

const missing = [nativeCli, nativeTests, wasmCli].filter((path) => !existsSync(path));
const skip = missing.length > 0 ? `build first (bash tools/build.sh): missing ${missing.join(', ')}` : false;
if (skip) console.log(`property parity: skipped, ${skip}`);

const schema = JSON.parse(readFileSync(join(root, 'schema', 'trace.schema.json'), 'utf8'));
const validate = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true }).compile(schema);

// The CLIs run from the repository root; the test binary gets the dump
// variables through `env`.
const run = (command, args, env = process.env) => runCommand(command, args, { cwd: root, env });

// A test binary built before the property tests were added has no dump test.
function dumpTestListed() {
  const listed = spawnSync(nativeTests, ['--gtest_list_tests', '--gtest_filter=SimPropertyDump.*'], { encoding: 'utf8' });
  return listed.status === 0 && listed.stdout.includes('WritesFixturesWhenAsked');
}

test('generated fixtures: native and WebAssembly traces are the same bytes and match the schema', { skip }, (t) => {
  if (!dumpTestListed()) {
    t.skip(`${nativeTests} has no SimPropertyDump test: rebuild it (bash tools/build.sh)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'flowproof-property-'));
  let passed = false;
  try {
    const dumped = run(nativeTests, ['--gtest_filter=SimPropertyDump.*'], {
      ...process.env,
      FLOWPROOF_PROPERTY_DUMP: dir,
      FLOWPROOF_PROPERTY_DUMP_COUNT: String(count),
    });
    assert.equal(dumped.status, 0, `the fixture dump failed:\n${dumped.stdout}${dumped.stderr}`);
    const files = readdirSync(dir).filter((name) => name.endsWith('.fixture.json')).sort();
    assert.equal(files.length, count, `wanted ${count} fixtures, the dump wrote ${files.length}`);
    let lines = 0;
    const failures = [];
    for (const name of files) {
      const file = join(dir, name);
      const native = run(nativeCli, ['simulate', file]);
      assert.equal(native.status, 0, `${name}: native simulate failed (the generator makes only valid fixtures):\n${native.stderr}`);
      // emcc 3.1.6 would load the .wasm with fetch() under Node 18+, which
      // cannot read file paths: make it read the file instead.
      const wasm = run(process.execPath, ['--no-experimental-fetch', wasmCli, 'simulate', file]);
      assert.equal(wasm.status, 0, `${name}: WebAssembly simulate failed:\n${wasm.stderr}`);
      if (Buffer.compare(native.stdout, wasm.stdout) !== 0) {
        failures.push(`${name} (kept in ${dir}): traces differ at ${firstDifference(native.stdout, wasm.stdout)}`);
      }
      const text = native.stdout.toString();
      for (const [i, row] of (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n').filter(Boolean).entries()) {
        lines++;
        if (!validate(JSON.parse(row))) {
          failures.push(`${name}:${i + 1}: ${row}\n${validate.errors.map((e) => `${e.instancePath} ${e.message}`).join('\n')}`);
        }
      }
    }
    console.log(`property parity: ${files.length} generated fixtures, ${lines} trace lines, native = WebAssembly`);
    assert.ok(lines > 0, 'the generated fixtures printed no trace at all');
    assert.deepEqual(failures, []);
    passed = true;
  } finally {
    // Keep the fixtures when something failed, so the message's path can be opened.
    if (passed) rmSync(dir, { recursive: true, force: true });
  }
});
