#!/usr/bin/env bash
# Builds everything and runs every test: the core suite natively (each
# GoogleTest test its own ctest test), again under AddressSanitizer and
# UndefinedBehaviorSanitizer (clang, Debug), and as WebAssembly under Node;
# every fuzz harness for a short bounded time; the JavaScript tests (schema,
# parity, API, properties) and the browser tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
bash tools/build.sh
jobs=${FLOWPROOF_JOBS:-$(nproc)}
export CCACHE_BASEDIR="$PWD" CCACHE_SLOPPINESS=pch_defines,time_macros  # as in tools/build.sh

status=0
echo "test: core suite, native (at $(date -u +%T))"
(cd build && ctest -j "$jobs" --output-on-failure) || status=1

echo "test: core suite, native under ASan and UBSan (build-sanitize/) (at $(date -u +%T))"
# One clang build serves the sanitized suite and the fuzz harnesses: the core
# is compiled once, with the sanitizers and the fuzzer's coverage, instead of
# twice (the second compile of the core was minutes of CI on two cores).
grep -q "FLOWPROOF_FUZZ:BOOL=ON" build-sanitize/CMakeCache.txt 2>/dev/null ||
  CC=clang CXX=clang++ cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DFLOWPROOF_SANITIZE=ON -DFLOWPROOF_FUZZ=ON \
    $(command -v ccache >/dev/null && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache) >/dev/null
cmake --build build-sanitize -j "$jobs" --target flowproof_tests fuzz_all
echo "  built (at $(date -u +%T))"
# The property tests run a sample of their generated cases here (the whole
# set runs natively above): the sanitizers make each case ten times slower.
(cd build-sanitize && FLOWPROOF_PROPERTY_CASES=200 \
   ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
   ctest -j "$jobs" --output-on-failure) || status=1

echo "test: core suite, WebAssembly in Node (at $(date -u +%T))"
(cd build-wasm && ctest --output-on-failure) || status=1

echo "test: fuzz harnesses, ${FLOWPROOF_FUZZ_SECONDS:-10} s each (tools/fuzz.sh) (at $(date -u +%T))"
FLOWPROOF_FUZZ_BUILD=build-sanitize bash tools/fuzz.sh "${FLOWPROOF_FUZZ_SECONDS:-10}" || status=1

echo "test: JavaScript and browser tests (at $(date -u +%T))"
node --test --test-concurrency=1 tests/js/ tests/browser/ || status=1
echo "done (at $(date -u +%T))"
exit $status
