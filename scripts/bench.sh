#!/usr/bin/env bash
# `npm run bench [-- --quick|--soak]`: install, build, run the pipeline benchmark on its own stack (in the
# TimescaleDB mode where the server has it, then in the plain mode), then the history query benchmark
# (its own PostgreSQL in both modes, and PGlite), then the storage sizing on the real TimescaleDB server
# (its own PostgreSQL; skipped where the extension is not installed), then the day-so-far backfill through
# ingest (its own broker and PostgreSQL), then the map frame-rate benchmark
# (Chromium, no stack), then ingest's batch-size curve (its own PostgreSQL), then the alert latency (its own
# broker, PostgreSQL and services) and the rules' throughput on one core, and print one merged JSON line last.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh" --browser
bash "$ROOT/scripts/build.sh"
mkdir -p "$ROOT/.data/bench" "$ROOT/.data/bench-query" "$ROOT/.data/bench-sizing" "$ROOT/.data/bench-map" "$ROOT/.data/bench-batch" "$ROOT/.data/bench-alerts"
PIPELINE_OUT="$ROOT/.data/bench/pipeline.out"
PIPELINE_PLAIN_OUT="$ROOT/.data/bench/pipeline-plain.out"
QUERY_RESULT="$ROOT/.data/bench-query/result.json"
SIZING_RESULT="$ROOT/.data/bench-sizing/result.json"
BACKFILL_OUT="$ROOT/.data/bench-backfill/backfill.out"
MAP_RESULT="$ROOT/.data/bench-map/result.json"
BATCH_RESULT="$ROOT/.data/bench-batch/result.json"
ALERTS_OUT="$ROOT/.data/bench-alerts/alert-latency.out"
RULES_OUT="$ROOT/.data/bench-alerts/rules.out"
BACKTEST_OUT="$ROOT/.data/bench-alerts/backtest.out"
REPLAY_OUT="$ROOT/.data/bench-replay.out"
mkdir -p "$ROOT/.data/bench-backfill"
rm -f "$BACKFILL_OUT" "$PIPELINE_OUT" "$PIPELINE_PLAIN_OUT" "$QUERY_RESULT" "$SIZING_RESULT" "$MAP_RESULT" "$BATCH_RESULT" "$ALERTS_OUT" "$RULES_OUT"
# The main run in the mode npm start would choose (TimescaleDB where the server has it), then, when that
# was TimescaleDB, the same levels on plain PostgreSQL on the same server, for comparison.
node "$ROOT/bench/pipeline.bench.mjs" "$@" | tee "$PIPELINE_OUT"
plain_args=()
if grep -q '^server: timescaledb' "$PIPELINE_OUT"; then
  node "$ROOT/bench/pipeline.bench.mjs" "$@" --db-mode=plain | tee "$PIPELINE_PLAIN_OUT"
  plain_args=(--pipeline-plain="$PIPELINE_PLAIN_OUT")
fi
node "$ROOT/bench/history-query.bench.mjs" "$@"
# --quick: a slice of each table's chunk (~2-3 min) instead of one whole chunk each and 5 min at 20,000/s.
node "$ROOT/bench/storage-sizing.bench.mjs" "$@"
# The day so far through ingest (--quick: the last 3 hours instead of today).
node "$ROOT/bench/backfill.bench.mjs" "$@" | tee "$BACKFILL_OUT"
node "$ROOT/bench/map-fps.bench.mjs" "$@"
# --quick: one round of 40,000 rows a size (~15 s) instead of five of 200,000 (~1.5 min).
node "$ROOT/bench/ingest-batch-curve.bench.mjs" "$@"
# Reading -> alert in a connected console at the default city and at 20,000 events/s (--quick: 120 triggers a
# level instead of 400), then events/s through the default rule set on one core (--quick: 2 passes instead of 4).
node "$ROOT/bench/alert-latency.bench.mjs" "$@" | tee "$ALERTS_OUT"
rules_args=()
for arg in "$@"; do if [[ $arg == --quick ]]; then rules_args=(--passes=2); fi; done
node "$ROOT/bench/rules.bench.mjs" "${rules_args[@]}" | tee "$RULES_OUT"
# A backtest's throughput: a recorded default-city window read back from Kafka through the live engine in
# dry-run (the dev infra's broker; started here, and stopped after, when it was not already running).
infra_was_up=0
if (exec 3<>/dev/tcp/127.0.0.1/29092) 2>/dev/null; then infra_was_up=1; fi
backtest_args=()
for arg in "$@"; do if [[ $arg == --quick ]]; then backtest_args=(--passes=1); fi; done
node "$ROOT/bench/backtest.bench.mjs" "${backtest_args[@]}" | tee "$BACKTEST_OUT"
if [[ $infra_was_up == 0 ]]; then bash "$ROOT/scripts/stack/dev-infra.sh" down >/dev/null 2>&1 || true; fi
# One hour of the default city played at the fastest speed on /replay in Chromium (its own npm start with the
# last 2 h backfilled; --quick: 15 min of 1 h, scaled to the hour).
node "$ROOT/bench/replay-playback.bench.mjs" "$@" | tee "$REPLAY_OUT"
echo
node "$ROOT/bench/combine-results.mjs" "${plain_args[@]}" --sizing="$SIZING_RESULT" --backfill="$BACKFILL_OUT" --alerts="$ALERTS_OUT" --rules="$RULES_OUT" --backtest="$BACKTEST_OUT" --replay="$REPLAY_OUT" "$PIPELINE_OUT" "$QUERY_RESULT" "$MAP_RESULT" "$BATCH_RESULT"
