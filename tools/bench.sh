#!/usr/bin/env bash
# Builds what the benchmarks need and runs them; each prints its figures
# (README, "Benchmarks"). Benchmarks are never part of the test verdict.
#
#   bash tools/bench.sh            # every benchmark
#   bash tools/bench.sh sim        # the simulation benchmark only
#   bash tools/bench.sh liquid     # the Liquid benchmark only (native, WebAssembly, liquidjs)
#   bash tools/bench.sh page       # the 20,000-contact run in the page (Chromium)
#   bash tools/bench.sh forecast   # a 1,000,000-contact forecast, native and WebAssembly in Node
#       FLOWPROOF_BENCH_NODES="/path/to/node24 /path/to/node26" adds other Nodes beside Debian's
#   bash tools/bench.sh page-forecast  # the same forecast on the page (Chromium): time, longest main-thread task
#
# Installs what it needs (tools/setup.sh) and builds incrementally, so it
# works as written on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
case "$which" in all|sim|liquid|page|forecast|page-forecast) ;; *) echo "usage: bash tools/bench.sh [all|sim|liquid|page|forecast|page-forecast]" >&2; exit 2 ;; esac
jobs=${FLOWPROOF_JOBS:-$(nproc)}
bash tools/setup.sh
export NODE_PATH=/usr/share/nodejs  # emcc's optimizer uses Debian's acorn

native() {
  [ -f build/CMakeCache.txt ] || cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build -j "$jobs" --target "$@"
}
wasm() {
  [ -f build-wasm/CMakeCache.txt ] || emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build-wasm -j "$jobs" --target "$@"
}

if [ "$which" = all ] || [ "$which" = sim ]; then
  echo "bench: simulation (build/sim_bench)"
  native sim_bench
  build/sim_bench
fi
if [ "$which" = all ] || [ "$which" = liquid ]; then
  echo "bench: Liquid (native, WebAssembly, liquidjs)"
  native liquid_bench
  wasm liquid_bench
  node tests/bench/liquid_bench.mjs --native build/liquid_bench --wasm build-wasm/liquid_bench.js
fi
if [ "$which" = all ] || [ "$which" = forecast ]; then
  # Two forecasts per process: under WebAssembly the first includes V8
  # optimising the hot functions while they run, the second is a warm module
  # (a rerun on the page, a second forecast() of the JavaScript API).
  echo "bench: forecast, 1,000,000 population contacts, twice per process (native, then WebAssembly in Node)"
  native forecast_bench
  build/forecast_bench 1000000 --repeat 2
  wasm forecast_bench
  for node_binary in node ${FLOWPROOF_BENCH_NODES:-}; do
    echo "WebAssembly in Node $("$node_binary" --version)"
    "$node_binary" -r ./tests/bench/node_without_fetch.cjs build-wasm/forecast_bench.js 1000000 --repeat 2
  done
fi
if [ "$which" = all ] || [ "$which" = page ]; then
  echo "bench: a 20,000-contact run in the page"
  bash tools/build.sh
  node tests/browser/large-run.bench.mjs
fi
if [ "$which" = all ] || [ "$which" = page-forecast ]; then
  echo "bench: a 1,000,000-contact forecast in the page (Chromium)"
  native forecast_bench  # prints the benchmark's fixture
  bash tools/build.sh
  node tests/browser/page-forecast.bench.mjs --contacts 1000000
fi
