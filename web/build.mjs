// Builds the static site into web/dist/ with esbuild:
//
//   node web/build.mjs [--wasm-dir build-wasm/wasm] [--out web/dist] [--no-minify]
//
//   dist/app.js                 the page (web/src/page/main.js; skipped while absent)
//   dist/flowproof.js           the JavaScript API (createTester), for the page and portals
//   dist/worker.js              its Web Worker
//   dist/flowproof-element.js   <flowproof-tester>
//   dist/embed.js               the iframe variant's script (embed.html)
//   dist/chunk-*.js             code the entries share
//   dist/flowproof_wasm.{js,wasm}  the core, copied from --wasm-dir
//   dist/index.html, embed.html, demo/, *.css, assets/
//   dist/fixtures/**.json + dist/fixtures/index.json  the example gallery
//
// Every output sits at the top of dist/ (no chunk folders) because the API
// finds worker.js and flowproof_wasm.* beside itself (import.meta.url).
// Paths given on the command line are relative to the working directory.

import * as esbuild from 'esbuild';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { workflowPaths } from './src/shared/workflow-paths.js';

const web = path.dirname(fileURLToPath(import.meta.url));
const repo = path.dirname(web);

/** The example gallery's index entry for each JSON file under fixtures/. */
export async function fixtureIndex(fixturesDir) {
  const entries = [];
  for (const file of await listFiles(fixturesDir, (f) => f.endsWith('.json'))) {
    const rel = path.relative(fixturesDir, file).split(path.sep).join('/');
    let doc;
    try {
      doc = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      continue; // not JSON (a deliberately broken example): not in the gallery
    }
    if (!doc || typeof doc !== 'object' || typeof doc.format !== 'string') continue;
    const entry = {
      path: `fixtures/${rel}`,
      name: typeof doc.name === 'string' ? doc.name : path.basename(rel, '.json'),
      format: doc.format,
      description: typeof doc.description === 'string' ? doc.description : '',
    };
    if (typeof doc.workflow === 'string') entry.workflow = `fixtures/${path.posix.join(path.posix.dirname(rel), doc.workflow)}`;
    if (Array.isArray(doc.contacts)) entry.contacts = doc.contacts.length;
    if (Array.isArray(doc.workflows)) {
      // a portfolio (FORMAT.md v1.1)
      entry.workflows = doc.workflows.length;
      entry.members = workflowPaths(doc).map((w) => `fixtures/${path.posix.join(path.posix.dirname(rel), w.path)}`);
    }
    if (!entry.description && doc.format.startsWith('flowproof.fixture/')) {
      const workflow = typeof doc.workflow === 'object' ? doc.workflow : await readJson(path.join(path.dirname(file), String(doc.workflow)));
      if (workflow && typeof workflow.description === 'string') entry.description = workflow.description;
    }
    entries.push(entry);
  }
  // A portfolio's workflows are examples only together: alone, their enroll
  // and unenroll nodes name workflows that are not there.
  const members = new Set();
  for (const e of entries) for (const p of e.members ?? []) members.add(p);
  const shown = entries.filter((e) => !members.has(e.path)).map(({ members: _, ...e }) => e);
  shown.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return shown;
}

export async function build({ wasmDir = path.join(repo, 'build-wasm', 'wasm'), out = path.join(web, 'dist'), minify = true, log = console.log } = {}) {
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });

  const entryPoints = {
    flowproof: path.join(web, 'src/api/client/tester.js'),
    worker: path.join(web, 'src/api/worker/worker.js'),
    'flowproof-element': path.join(web, 'src/element/element.js'),
    embed: path.join(web, 'src/element/embed.js'),
  };
  const page = path.join(web, 'src/page/main.js');
  if (existsSync(page)) entryPoints.app = page;
  else log('build: web/src/page/main.js is absent; dist/app.js skipped');
  for (const [name, file] of Object.entries(entryPoints)) {
    if (!existsSync(file)) {
      delete entryPoints[name];
      log(`build: ${path.relative(repo, file)} is absent; dist/${name}.js skipped`);
    }
  }

  const result = await esbuild.build({
    entryPoints,
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    chunkNames: 'chunk-[hash]',
    minify,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
    metafile: true,
  });

  // The core, beside the API that loads it.
  let wasmCopied = false;
  for (const name of ['flowproof_wasm.js', 'flowproof_wasm.wasm']) {
    const from = path.join(wasmDir, name);
    if (existsSync(from)) {
      await cp(from, path.join(out, name));
      wasmCopied = true;
    }
  }
  if (!wasmCopied) log(`build: warning: no flowproof_wasm.{js,wasm} in ${wasmDir}; build the flowproof_wasm target (the page will not run)`);

  // Static files.
  for (const name of ['index.html', 'embed.html', 'favicon.svg']) {
    if (existsSync(path.join(web, name))) await cp(path.join(web, name), path.join(out, name));
  }
  for (const dir of ['demo', 'assets']) {
    if (existsSync(path.join(web, dir))) await cp(path.join(web, dir), path.join(out, dir), { recursive: true });
  }
  // Stylesheets: web/*.css and web/src/**/*.css, flat at the top of dist/
  // (CSS that a page module imports is bundled by esbuild as app.css).
  const styles = [
    ...(await listFiles(web, (f) => f.endsWith('.css'), 1)),
    ...(await listFiles(path.join(web, 'src'), (f) => f.endsWith('.css'))),
  ];
  for (const file of styles) await cp(file, path.join(out, path.basename(file)));

  // The example gallery.
  const fixtures = path.join(repo, 'fixtures');
  let gallery = [];
  if (existsSync(fixtures)) {
    await cp(fixtures, path.join(out, 'fixtures'), { recursive: true, filter: (src) => !src.endsWith('~') });
    gallery = await fixtureIndex(fixtures);
  }
  await mkdir(path.join(out, 'fixtures'), { recursive: true });
  await writeFile(path.join(out, 'fixtures', 'index.json'), JSON.stringify(gallery, null, 2) + '\n');

  const bytes = Object.fromEntries(Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.js')).map(([f, o]) => [path.basename(f), o.bytes]));
  log(`build: ${path.relative(process.cwd(), out) || '.'}: ${Object.keys(entryPoints).length} entries, ${gallery.length} gallery items${wasmCopied ? '' : ', no wasm'}`);
  return { out, bytes, gallery, wasmCopied };
}

async function readJson(file) {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}

async function listFiles(dir, keep, depth = Infinity) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (depth > 1 && entry.name !== 'node_modules' && entry.name !== 'dist' && !entry.name.startsWith('.')) out.push(...(await listFiles(full, keep, depth - 1)));
    } else if (entry.isFile() && keep(full)) {
      out.push(full);
    }
  }
  return out;
}

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].split('=', 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (key === '--wasm-dir') args.wasmDir = path.resolve(value());
    else if (key === '--out') args.out = path.resolve(value());
    else if (key === '--no-minify') args.minify = false;
    else throw new Error(`unknown argument '${argv[i]}' (usage: node web/build.mjs [--wasm-dir DIR] [--out DIR] [--no-minify])`);
  }
  return args;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await build(parseArgs(process.argv.slice(2)));
  } catch (e) {
    console.error(`build: ${e.message}`);
    process.exit(1);
  }
}

