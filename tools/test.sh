#!/usr/bin/env bash
# Builds everything and runs every test: the core suite natively and as
# WebAssembly under Node, the JavaScript tests (schema, parity, API) and the
# browser tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
bash tools/build.sh

status=0
echo "test: core suite, native"
(cd build && ctest --output-on-failure) || status=1
echo "test: core suite, WebAssembly in Node"
(cd build-wasm && ctest --output-on-failure) || status=1
echo "test: JavaScript and browser tests"
node --test --test-concurrency=1 tests/js/ tests/browser/ || status=1
exit $status
