// Preloaded (node -r) before an emcc launcher run in Node: emcc 3.1.6's
// loader takes a global fetch to mean a browser and fetches the .wasm file by
// its path, which fails in Node 18 and later. Node 20's
// --no-experimental-fetch removes it there; later Nodes have no such flag.
delete globalThis.fetch;
