#!/usr/bin/env bash
# `npm run bench [-- --quick|--soak]`: install, build, run the pipeline benchmark on its own stack,
# then the history query benchmark (its own PostgreSQL and PGlite), then the map frame-rate benchmark
# (Chromium, no stack), then ingest's batch-size curve (its own PostgreSQL), and print one merged JSON line last.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh" --browser
bash "$ROOT/scripts/build.sh"
mkdir -p "$ROOT/.data/bench" "$ROOT/.data/bench-query" "$ROOT/.data/bench-map" "$ROOT/.data/bench-batch"
PIPELINE_OUT="$ROOT/.data/bench/pipeline.out"
QUERY_RESULT="$ROOT/.data/bench-query/result.json"
MAP_RESULT="$ROOT/.data/bench-map/result.json"
BATCH_RESULT="$ROOT/.data/bench-batch/result.json"
rm -f "$PIPELINE_OUT" "$QUERY_RESULT" "$MAP_RESULT" "$BATCH_RESULT"
node "$ROOT/bench/pipeline.bench.mjs" "$@" | tee "$PIPELINE_OUT"
node "$ROOT/bench/history-query.bench.mjs" "$@"
node "$ROOT/bench/map-fps.bench.mjs" "$@"
# --quick: one round of 40,000 rows a size (~15 s) instead of five of 200,000 (~1.5 min).
node "$ROOT/bench/ingest-batch-curve.bench.mjs" "$@"
echo
node "$ROOT/bench/combine-results.mjs" "$PIPELINE_OUT" "$QUERY_RESULT" "$MAP_RESULT" "$BATCH_RESULT"
