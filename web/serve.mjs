// A tiny static file server for the built page (web/dist/): node:http, no
// dependencies, loopback only.
//
//   node web/serve.mjs --root web/dist --port 8080      (or PORT=8080)
//   import { startServer } from './web/serve.mjs';
//   const { url, close } = await startServer({ root: 'web/dist', port: 0 });  // 0: a free port
//
// It serves files only (GET and HEAD), never lists directories, refuses paths
// that leave the root, and sends the right MIME types (application/wasm lets
// browsers compile the module while it downloads). The page's Content
// Security Policy is in each HTML file's <meta>, so it holds on any static
// host; this server adds only nosniff and no-cache.

import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.liquid': 'text/plain; charset=utf-8',
};

/**
 * Starts serving `root` on 127.0.0.1.
 * @param {{root: string, port?: number, host?: string, quiet?: boolean}} options port 0 picks a free port
 * @returns {Promise<{server: http.Server, port: number, url: string, close: () => Promise<void>}>}
 */
export async function startServer({ root, port = 8080, host = '127.0.0.1', quiet = true }) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    handle(base, req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
      if (!quiet) console.error(e);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = server.address().port;
  const url = `http://${host}:${actual}/`;
  if (!quiet) console.log(`flowproof: serving ${base} at ${url}`);
  return {
    server,
    port: actual,
    url,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

async function handle(base, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, 'method not allowed\n');
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return send(res, 400, 'bad request\n');
  }
  if (pathname.includes('\0')) return send(res, 400, 'bad request\n');
  let file = path.resolve(base, '.' + pathname);
  if (file !== base && !file.startsWith(base + path.sep)) return send(res, 403, 'forbidden\n');
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    if (!pathname.endsWith('/')) {
      res.writeHead(301, { Location: pathname + '/' });
      return res.end();
    }
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) return send(res, 404, 'not found\n');
  res.writeHead(200, {
    'Content-Type': MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}

function parseArgs(argv) {
  const args = { root: undefined, port: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[i + 1];
    if (key === '--root') {
      args.root = value;
      if (inline === undefined) i++;
    } else if (key === '--port') {
      args.port = value;
      if (inline === undefined) i++;
    } else if (/^\d+$/.test(argv[i])) {
      args.port = argv[i];
    } else {
      throw new Error(`unknown argument '${argv[i]}' (usage: node web/serve.mjs [--root DIR] [--port N])`);
    }
  }
  return args;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  const port = Number(args.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`invalid port '${args.port ?? process.env.PORT}'`);
    process.exit(2);
  }
  startServer({ root: args.root ?? path.join(here, 'dist'), port, quiet: false }).catch((e) => {
    console.error(`cannot serve: ${e.message}`);
    process.exit(1);
  });
}
