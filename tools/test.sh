#!/usr/bin/env bash
# Builds everything and runs every test: the core suite natively (each
# GoogleTest test its own ctest test), again under AddressSanitizer and
# UndefinedBehaviorSanitizer (clang, Debug; a shard per core), and as WebAssembly under Node;
# every fuzz harness for a short bounded time; the JavaScript tests (schema,
# parity, API, properties) and the browser tests in Chromium, beside the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
bash tools/build.sh
jobs=${FLOWPROOF_JOBS:-$(nproc)}
export CCACHE_BASEDIR="$PWD" CCACHE_SLOPPINESS=pch_defines,time_macros  # as in tools/build.sh

status=0
# The JavaScript and browser tests need only the builds above, and most of
# their time is spent waiting on Chromium and Node (3.4 min of wall time for
# 1.6 min of processor): they run beside the native stages below, which keep
# both cores busy, and their log is printed when they are done.
js_log=build/js-browser-tests.log
echo "test: JavaScript and browser tests start beside the next stages (at $(date -u +%T); log $js_log)"
node --test --test-concurrency=1 tests/js/ tests/browser/ >"$js_log" 2>&1 &
js_tests=$!
# A stage below that stops the script (set -e) takes them down with it.
trap '[ -z "$js_tests" ] || kill "$js_tests" 2>/dev/null || true' EXIT

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
# The suite runs as one GoogleTest shard per core rather than one process per
# test: starting the sanitized binary 448 times took longer than the tests
# (ctest -j2: about 4 minutes; the whole suite in one process on one core:
# 2.5). A shard that crashes stops there, and its log's end names the test.
shards=()
for ((k = 0; k < jobs; k++)); do
  (cd build-sanitize && FLOWPROOF_PROPERTY_CASES=200 GTEST_TOTAL_SHARDS=$jobs GTEST_SHARD_INDEX=$k \
     ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     ./flowproof_tests >"sanitize-shard-$k.log" 2>&1) &
  shards+=($!)
done
for ((k = 0; k < jobs; k++)); do
  log="build-sanitize/sanitize-shard-$k.log"
  if wait "${shards[$k]}"; then
    echo "  shard $((k + 1))/$jobs: $(grep -E '^\[  PASSED  \]' "$log" | tail -1)"
  else
    status=1
    echo "  shard $((k + 1))/$jobs FAILED ($log):"
    grep -E '^\[  FAILED  \]' "$log" | sort -u | sed 's/^/    /'
    tail -40 "$log" | sed 's/^/    /'
  fi
done

echo "test: core suite, WebAssembly in Node (at $(date -u +%T))"
(cd build-wasm && ctest --output-on-failure) || status=1

echo "test: fuzz harnesses, ${FLOWPROOF_FUZZ_SECONDS:-10} s each (tools/fuzz.sh) (at $(date -u +%T))"
FLOWPROOF_FUZZ_BUILD=build-sanitize bash tools/fuzz.sh "${FLOWPROOF_FUZZ_SECONDS:-10}" || status=1

echo "test: JavaScript and browser tests (waited for from $(date -u +%T))"
js_status=0
wait "$js_tests" || js_status=$?
js_tests=
cat "$js_log"
[ "$js_status" -eq 0 ] || status=1
echo "done (at $(date -u +%T))"
exit $status
