// Runs first inside createFlowproofModule (emcc --pre-js).
//
// With -sEXPORT_ES6 the loader still reads `__dirname` when it finds itself
// in Node, where ES modules have none. Our Node loader
// (web/src/api/node.js) always hands over `wasmBinary`, so the directory is
// never used to read a file; declaring it keeps the reference harmless.
var __dirname = '';
