#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz/ (clang 14, ASan, UBSan) in
# build-fuzz/ and runs each for SECONDS (default 30), one per core side by
# side. Prints per harness its executions and findings, then
#   fuzz: N passed, N failed
# and exits non-zero on any finding (crash, leak, timeout, out of memory).
#
#   bash tools/fuzz.sh            # 30 s per harness
#   bash tools/fuzz.sh 20         # what CI runs (tools/test.sh)
#   bash tools/fuzz.sh 600 logic_fuzz   # one harness, ten minutes
#
# The working corpus grows in build-fuzz/fuzz-corpus/<harness>/ (not
# committed), seeded from tests/fuzz/corpus/<harness>/; findings are saved in
# build-fuzz/fuzz-findings/<harness>/ and each log in build-fuzz/fuzz-logs/.
# Reproduce a finding with: build-fuzz/tests/fuzz/<harness> <file>.
set -u
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
build=${FLOWPROOF_FUZZ_BUILD:-build-fuzz}
all=(json_input_fuzz fixture_run_fuzz logic_fuzz liquid_fuzz time_fuzz import_fuzz)
if [ $# -gt 0 ]; then harnesses=("$@"); else harnesses=("${all[@]}"); fi

# The toolchain: clang with libFuzzer and the sanitizer runtimes.
missing=()
command -v clang++ >/dev/null 2>&1 || missing+=(clang)
compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null || missing+=(libclang-rt-14-dev)
command -v ccache >/dev/null 2>&1 || missing+=(ccache)
if [ ${#missing[@]} -gt 0 ]; then
  echo "fuzz: installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || {
    echo "fuzz: could not install ${missing[*]}"; echo "fuzz: 0 passed, ${#harnesses[@]} failed"; exit 1; }
fi

# Configure once; later runs only rebuild what changed (and ccache keeps
# the objects across clean build folders).
if ! grep -q "FLOWPROOF_FUZZ:BOOL=ON" "$build/CMakeCache.txt" 2>/dev/null; then
  mkdir -p "$build"  # its log inside it, where .gitignore's /build*/ covers it
  CC=clang CXX=clang++ cmake -S . -B "$build" -DFLOWPROOF_FUZZ=ON -DFLOWPROOF_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >"$build/configure.log" 2>&1 || {
    cat "$build/configure.log"; echo "fuzz: 0 passed, ${#harnesses[@]} failed"; exit 1; }
fi
if ! cmake --build "$build" -j"${FLOWPROOF_FUZZ_JOBS:-2}" --target "${harnesses[@]}" >"$build/fuzz-build.log" 2>&1; then
  grep -E "error|Error" "$build/fuzz-build.log" | head -40
  echo "fuzz: 0 passed, ${#harnesses[@]} failed"
  exit 1
fi

# Per-input time limit: far above what any input needs (most take well
# under a millisecond, the slowest fixture runs a few hundred), so that a
# timeout is a hang, not a slow machine.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# One harness: its verdict line (and the finding's excerpt) into
# $build/fuzz-logs/<harness>.verdict, first line "pass" or "fail".
fuzz_one() {
  local name=$1
  local corpus="$build/fuzz-corpus/$name" findings="$build/fuzz-findings/$name" log="$build/fuzz-logs/$name.log"
  local verdict="$build/fuzz-logs/$name.verdict"
  mkdir -p "$corpus" "$findings" "$(dirname "$log")"
  local before
  before=$(ls "$findings" | wc -l)
  "$build/tests/fuzz/$name" "$corpus" "tests/fuzz/corpus/$name" -dict="tests/fuzz/$name.dict" \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$findings/" >"$log" 2>&1
  local status=$?
  local runs new
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  new=$(( $(ls "$findings" | wc -l) - before ))
  if [ "$status" -eq 0 ] && [ "$new" -eq 0 ]; then
    printf 'pass\n%s\n' "$name: ${runs:-?} executions in ${seconds} s, 0 findings" >"$verdict"
  else
    [ "$new" -eq 0 ] && new=1
    { echo fail
      echo "$name: ${runs:-?} executions, $new finding(s), exit status $status; log $log"
      grep -E "^==[0-9]+==ERROR|runtime error|fuzz invariant|SUMMARY|Test unit written|deadly signal|Timeout|out-of-memory" "$log" | head -8 | sed 's/^/    /'
    } >"$verdict"
  fi
}

# The harnesses run side by side, one per core (FLOWPROOF_FUZZ_LANES): each
# is one process on one core, and one after another they left the other
# core of a CI machine idle for a minute. Verdicts print in harness order.
lanes=${FLOWPROOF_FUZZ_LANES:-$(nproc)}
running=0
for name in "${harnesses[@]}"; do
  if [ "$running" -ge "$lanes" ]; then
    wait -n
    running=$((running - 1))
  fi
  rm -f "$build/fuzz-logs/$name.verdict"
  fuzz_one "$name" &
  running=$((running + 1))
done
wait
passed=0
failed=0
for name in "${harnesses[@]}"; do
  verdict="$build/fuzz-logs/$name.verdict"
  if [ "$(head -1 "$verdict" 2>/dev/null)" = pass ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    [ -f "$verdict" ] || printf 'fail\n%s\n' "$name: gave no verdict" >"$verdict"
  fi
  tail -n +2 "$verdict"
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
