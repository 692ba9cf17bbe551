#!/usr/bin/env bash
# Builds everything and serves the tester at http://127.0.0.1:8080/ with an
# example workflow loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
bash tools/build.sh
port=${PORT:-8080}
echo
echo "flowproof: open http://127.0.0.1:${port}/?src=fixtures/examples/quickstart.fixture.json"
echo
exec node web/serve.mjs --root web/dist --port "$port"
