// Liquid benchmark: flowproof natively, flowproof as WebAssembly and liquidjs,
// rendering the same marketing email for the same contacts.
//
//   node tests/bench/liquid_bench.mjs [--contacts 100000]
//        [--wasm build-wasm-x/liquid_bench.js] [--native build-x/liquid_bench]
//
// The WebAssembly build of tests/bench/liquid_bench.cc runs inside this Node
// process (loaded with require, its main() called with arguments), generates
// the contacts, writes them to a temporary file and renders them; liquidjs
// then renders the same contacts here. The native executable runs as a child
// process. Each prints renders per second for rendering alone (contacts are
// made and parsed outside the timed part). Every rendered email is compared
// (FNV-1a hash and length) across the three engines: a single difference
// fails the run, with the first differing email shown.
//
// Without --wasm / --native the newest build-wasm*/ and build*/ outputs in
// the repository are used; a missing one is reported and skipped.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Liquid } from 'liquidjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const dataDir = path.join(here, 'data', 'liquid');
const BATCH = 1000;

function parseArgs(argv) {
  const args = { contacts: 100000, wasm: null, native: null };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === '--contacts') args.contacts = Number(argv[++i]);
    else if (a === '--wasm') args.wasm = path.resolve(argv[++i]);
    else if (a === '--native') args.native = path.resolve(argv[++i]);
    else {
      console.error('usage: node tests/bench/liquid_bench.mjs [--contacts N] [--wasm FILE.js] [--native FILE]');
      process.exit(2);
    }
  }
  if (!(args.contacts > 0)) throw new Error('--contacts must be positive');
  return args;
}

// The most recently built file `name` in build directories matching `wasm`.
function newestBuild(name, wasm) {
  let best = null;
  for (const dir of fs.readdirSync(repo)) {
    if (!dir.startsWith('build')) continue;
    if (dir.startsWith('build-wasm') !== wasm) continue;
    const file = path.join(repo, dir, name);
    if (!fs.existsSync(file)) continue;
    const mtime = fs.statSync(file).mtimeMs;
    if (!best || mtime > best.mtime) best = { file, mtime };
  }
  return best ? best.file : null;
}

function fnv1a(text) {
  const bytes = Buffer.from(text, 'utf8');
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; ++i) h = Math.imul(h ^ bytes[i], 16777619) >>> 0;
  return { hash: h.toString(16).padStart(8, '0'), length: bytes.length };
}

function readHashes(file) {
  return fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => {
    const [hash, length] = line.split(' ');
    return { hash, length: Number(length) };
  });
}

function rate(line) {
  const m = /= ([0-9.]+) renders\/s/.exec(line);
  return m ? Number(m[1]) : NaN;
}

// Runs the Emscripten build's main() in this process and resolves with what
// it printed. The build is CommonJS; the repository's package.json says
// "type": "module", so it is loaded from a .cjs copy, which also hands it our
// Module object (a CommonJS module's own `var Module` hides a global one).
async function runWasm(jsFile, args) {
  const copy = path.join(os.tmpdir(), `flowproof-liquid-bench-${process.pid}.cjs`);
  fs.writeFileSync(copy, 'var Module = globalThis.flowproofLiquidBenchModule;\n' + fs.readFileSync(jsFile, 'utf8'));
  const lines = [];
  const savedFetch = globalThis.fetch;
  // emcc 3.1.6 would fetch() the .wasm by path when Node has fetch.
  delete globalThis.fetch;
  try {
    const summary = path.join(os.tmpdir(), `flowproof-liquid-bench-${process.pid}.summary`);
    const exitCode = await new Promise((resolve, reject) => {
      globalThis.flowproofLiquidBenchModule = {
        arguments: [...args, '--summary', summary],
        locateFile: (file) => path.join(path.dirname(jsFile), file),
        // Keep the runtime: exiting it would close this process's stdout
        // (NODERAWFS maps the program's streams to the real ones).
        noExitRuntime: true,
        // main() returned: report the status instead of ending the process.
        quit: (status, toThrow) => {
          resolve(status);
          throw toThrow;
        },
        onAbort: (what) => reject(new Error(`wasm aborted: ${what}`)),
      };
      createRequire(import.meta.url)(copy);
    });
    if (fs.existsSync(summary)) {
      lines.push(fs.readFileSync(summary, 'utf8').trim());
      fs.rmSync(summary);
    }
    if (exitCode !== 0) throw new Error(`wasm liquid_bench exited with ${exitCode}`);
  } finally {
    globalThis.fetch = savedFetch;
    delete globalThis.flowproofLiquidBenchModule;
    fs.rmSync(copy, { force: true });
  }
  return lines.join('\n');
}

function renderLiquidjs(contactsFile, expected) {
  const read = (name) => fs.readFileSync(path.join(dataDir, name), 'utf8');
  const engine = new Liquid({
    templates: { header: read('header.liquid'), footer: read('footer.liquid') },
    timezoneOffset: 0,
  });
  const template = engine.parse(read('email.liquid'));
  const lines = fs.readFileSync(contactsFile, 'utf8').split('\n').filter((l) => l.length > 0);
  let seconds = 0;
  let mismatch = null;
  for (let start = 0; start < lines.length; start += BATCH) {
    const batch = lines.slice(start, start + BATCH).map((l) => JSON.parse(l));
    const outputs = new Array(batch.length);
    const t0 = performance.now();
    for (let i = 0; i < batch.length; ++i) outputs[i] = engine.renderSync(template, batch[i]);
    seconds += (performance.now() - t0) / 1000;
    if (mismatch) continue;
    for (let i = 0; i < outputs.length; ++i) {
      const got = fnv1a(outputs[i]);
      const want = expected[start + i];
      if (!want || got.hash !== want.hash || got.length !== want.length) {
        mismatch = { index: start + i, liquidjs: outputs[i] };
        break;
      }
    }
  }
  return { count: lines.length, seconds, mismatch };
}

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) ++i;
  const from = Math.max(0, i - 200);
  return `at character ${i}:\n--- flowproof ---\n${a.slice(from, i + 200)}\n--- liquidjs ---\n${b.slice(from, i + 200)}`;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const wasmJs = args.wasm ?? newestBuild('liquid_bench.js', true);
  const nativeExe = args.native ?? newestBuild('liquid_bench', false);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flowproof-liquid-'));
  const contactsFile = path.join(tmp, 'contacts.ndjson');
  const results = {};
  const hashes = {};
  try {
    console.log(`Rendering ${dataDir}/email.liquid for ${args.contacts} contacts`);
    if (!wasmJs) throw new Error('no build-wasm*/liquid_bench.js: build the liquid_bench target with emcmake first');
    const wasmHashes = path.join(tmp, 'wasm.txt');
    const wasmOut = await runWasm(wasmJs, ['--contacts', String(args.contacts), '--data-dir', dataDir,
      '--write-data', contactsFile, '--hashes', wasmHashes]);
    console.log(`  ${wasmOut}   [${path.relative(repo, wasmJs)}]`);
    results.wasm = rate(wasmOut);
    hashes.wasm = readHashes(wasmHashes);

    if (nativeExe) {
      const nativeHashes = path.join(tmp, 'native.txt');
      const run = spawnSync(nativeExe, ['--contacts', String(args.contacts), '--data-dir', dataDir,
        '--hashes', nativeHashes], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`${nativeExe} failed: ${run.error ?? run.stderr}`);
      console.log(`  ${run.stdout.trim()}   [${path.relative(repo, nativeExe)}]`);
      results.native = rate(run.stdout);
      hashes.native = readHashes(nativeHashes);
    } else {
      console.log('  native: no build*/liquid_bench found (build the liquid_bench target), skipped');
    }

    const js = renderLiquidjs(contactsFile, hashes.wasm);
    results.liquidjs = js.count / js.seconds;
    console.log(`  liquidjs: ${js.count} renders in ${js.seconds.toFixed(3)} s = ${results.liquidjs.toFixed(0)} renders/s`
      + `   [liquidjs ${createRequire(import.meta.url)('liquidjs/package.json').version}]`);

    // Every output must be identical across the engines.
    let failed = false;
    if (js.mismatch) {
      failed = true;
      const ours = nativeExe ? execFileSync(nativeExe, ['--data-dir', dataDir, '--dump', String(js.mismatch.index)],
        { encoding: 'utf8', maxBuffer: 1 << 26 }) : '(no native build to show it)';
      console.error(`\nOUTPUT MISMATCH: contact ${js.mismatch.index} renders differently in flowproof and liquidjs, `
        + firstDifference(ours, js.mismatch.liquidjs));
    }
    if (hashes.native) {
      const n = Math.min(hashes.native.length, hashes.wasm.length);
      for (let i = 0; i < n; ++i) {
        if (hashes.native[i].hash !== hashes.wasm[i].hash || hashes.native[i].length !== hashes.wasm[i].length) {
          failed = true;
          console.error(`\nOUTPUT MISMATCH: contact ${i} renders differently natively and in WebAssembly`);
          break;
        }
      }
      if (hashes.native.length !== hashes.wasm.length) failed = true;
    }
    if (failed) process.exit(1);

    const fmt = (x) => `${x.toFixed(2)}x`;
    console.log('\nRenders per second (higher is better):');
    if (results.native) console.log(`  native   ${results.native.toFixed(0).padStart(9)}`);
    console.log(`  wasm     ${results.wasm.toFixed(0).padStart(9)}`);
    console.log(`  liquidjs ${results.liquidjs.toFixed(0).padStart(9)}`);
    console.log(`  wasm / liquidjs   = ${fmt(results.wasm / results.liquidjs)} (target >= 2x)`);
    if (results.native) console.log(`  native / liquidjs = ${fmt(results.native / results.liquidjs)} (target >= 4x)`);
    console.log(`All ${js.count} emails are identical in ${results.native ? 'native, WebAssembly and liquidjs' : 'WebAssembly and liquidjs'}.`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
