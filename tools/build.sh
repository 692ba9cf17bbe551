#!/usr/bin/env bash
# Builds everything: the native core, CLI and tests (build/), the same core
# as WebAssembly with its tests and the browser module (build-wasm/), and the
# static page (web/dist/). Incremental: a second run only rebuilds changes.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${FLOWPROOF_JOBS:-$(nproc)}
# ccache (tools/setup.sh installs it) keeps compiled objects across build
# folders and clones: paths below the checkout are hashed relative to it.
export CCACHE_BASEDIR="$PWD"
# The core is built with precompiled headers (CMakeLists.txt, FLOWPROOF_PCH);
# ccache caches such compiles only when told that their macros and times
# may be taken as they are.
export CCACHE_SLOPPINESS=pch_defines,time_macros
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export EM_COMPILER_WRAPPER=ccache  # emcc runs its clang through it
fi

echo "build: native (build/) (at $(date -u +%T))"
[ -f build/CMakeCache.txt ] || cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
cmake --build build -j "$jobs"

echo "build: WebAssembly (build-wasm/) (at $(date -u +%T))"
export NODE_PATH=/usr/share/nodejs  # emcc's optimizer uses Debian's acorn
[ -f build-wasm/CMakeCache.txt ] || emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
# The benchmarks are built on demand (README, "Benchmarks"), not here.
cmake --build build-wasm -j "$jobs" --target flowproof flowproof_tests flowproof_wasm

echo "build: page (web/dist/) (at $(date -u +%T))"
node web/build.mjs --wasm-dir build-wasm/wasm
