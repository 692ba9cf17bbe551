#!/usr/bin/env bash
# Installs what flowproof needs on a Debian machine (as root), skipping what
# is already there: the C++ toolchains (g++, and clang with its sanitizer and
# fuzzer runtimes), Emscripten, nlohmann/json,
# GoogleTest, Node.js with the locked npm packages, and Chromium for the
# browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ make ccache clang libclang-rt-14-dev emscripten nlohmann-json3-dev libgtest-dev googletest chromium tzdata)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci only when the lock file changed since the last install.
stamp=node_modules/.flowproof-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
