#!/usr/bin/env bash
# `npm run bench [-- --quick|--soak]`: install, build, run the pipeline benchmark on its own stack.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"
bash "$ROOT/scripts/build.sh"
exec node "$ROOT/bench/pipeline.bench.mjs" "$@"
