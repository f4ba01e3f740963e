#!/usr/bin/env bash
# `npm run bench [-- --quick|--soak]`: install, build, run the pipeline benchmark on its own stack,
# then the history query benchmark (its own PostgreSQL and PGlite), and print one merged JSON line last.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"
bash "$ROOT/scripts/build.sh"
mkdir -p "$ROOT/.data/bench" "$ROOT/.data/bench-query"
PIPELINE_OUT="$ROOT/.data/bench/pipeline.out"
QUERY_RESULT="$ROOT/.data/bench-query/result.json"
rm -f "$PIPELINE_OUT" "$QUERY_RESULT"
node "$ROOT/bench/pipeline.bench.mjs" "$@" | tee "$PIPELINE_OUT"
node "$ROOT/bench/history-query.bench.mjs" "$@"
echo
node "$ROOT/bench/combine-results.mjs" "$PIPELINE_OUT" "$QUERY_RESULT"
