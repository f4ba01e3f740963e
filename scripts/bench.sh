#!/usr/bin/env bash
# `npm run bench [-- --quick|--soak]`: install, build, run the pipeline benchmark on its own stack,
# then the history query benchmark (its own PostgreSQL and PGlite), then the map frame-rate benchmark
# (Chromium, no stack), and print one merged JSON line last.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh" --browser
bash "$ROOT/scripts/build.sh"
mkdir -p "$ROOT/.data/bench" "$ROOT/.data/bench-query" "$ROOT/.data/bench-map"
PIPELINE_OUT="$ROOT/.data/bench/pipeline.out"
QUERY_RESULT="$ROOT/.data/bench-query/result.json"
MAP_RESULT="$ROOT/.data/bench-map/result.json"
rm -f "$PIPELINE_OUT" "$QUERY_RESULT" "$MAP_RESULT"
node "$ROOT/bench/pipeline.bench.mjs" "$@" | tee "$PIPELINE_OUT"
node "$ROOT/bench/history-query.bench.mjs" "$@"
node "$ROOT/bench/map-fps.bench.mjs" "$@"
echo
node "$ROOT/bench/combine-results.mjs" "$PIPELINE_OUT" "$QUERY_RESULT" "$MAP_RESULT"
