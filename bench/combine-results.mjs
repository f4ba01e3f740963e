#!/usr/bin/env node
// Prints one JSON line merging the benchmarks' final lines: the pipeline's keys (events_per_s, loss,
// latency_p50_ms, latency_p99_ms, rss_mb, ...), the history queries' query_ms (and what they loaded) and
// the map frame rates (fps_11k, fps_11k_geojson, fps_50k, fps_50k_geojson, update_ms_*) and ingest's
// batch-size curve (ingest_batch_curve: rows/s by rows a batch, ingest_batch_best_rows).
// With --pipeline-plain=<file>, the pipeline's headline measured in the plain mode too (pipeline_plain), beside
// the main run's (server says where each was measured). With --sizing=<file>, the storage sizing on the real
// TimescaleDB server as storage_sizing (its headline keys; or `skipped` where the extension is absent).
// With --alerts=<file> (bench/alert-latency.bench.mjs's output), the alert latency's keys at the top level
// (alert_p50_ms, alert_p99_ms, alert_samples and the same with _20k) and its levels' detail as alert_levels;
// with --rules=<file> (bench/rules.bench.mjs's output), rules_events_per_s.
// Usage: node bench/combine-results.mjs [--pipeline-plain=<file>] [--sizing=<file>] [--backfill=<file>] [--alerts=<file>] [--rules=<file>] <pipeline output or result file> <query result.json> [<map result.json>] [<batch result.json>]
import { readFileSync } from 'node:fs';

/** The last line of the file that is a JSON object. */
function lastJsonLine(file) {
  const lines = readFileSync(file, 'utf8').split('\n').reverse();
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    try {
      return JSON.parse(line);
    } catch {
      // a log line that merely starts with a brace
    }
  }
  throw new Error(`no JSON line in ${file}`);
}

const plainFile = process.argv.find((a) => a.startsWith('--pipeline-plain='))?.slice('--pipeline-plain='.length);
const [pipelineFile, queryFile, mapFile, batchFile] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const plain = plainFile ? lastJsonLine(plainFile) : undefined;
const sizingFile = process.argv.find((a) => a.startsWith('--sizing='))?.slice('--sizing='.length);
const sizing = sizingFile ? lastJsonLine(sizingFile) : undefined;
// --backfill=<file>: the day so far through ingest (bench/backfill.bench.mjs): its backfill_* keys, top level.
const backfillFile = process.argv.find((a) => a.startsWith('--backfill='))?.slice('--backfill='.length);
const { bench: _backfillBench, date: _backfillDate, server: backfillServer, window: backfillWindow, ...backfill } = backfillFile ? lastJsonLine(backfillFile) : {};
// --alerts=<file>: reading -> alert in a connected console (its alert_* keys, top level); --rules=<file>: rules_events_per_s.
const alertsFile = process.argv.find((a) => a.startsWith('--alerts='))?.slice('--alerts='.length);
const alerts = alertsFile ? lastJsonLine(alertsFile) : undefined;
const rulesFile = process.argv.find((a) => a.startsWith('--rules='))?.slice('--rules='.length);
const rules = rulesFile ? lastJsonLine(rulesFile) : undefined;
// --backtest=<file>: bench/backtest.bench.mjs's output (backtest_events_per_s and its details).
const backtestFile = process.argv.find((a) => a.startsWith('--backtest='))?.slice('--backtest='.length);
const backtest = backtestFile ? lastJsonLine(backtestFile) : undefined;
// --replay=<file>: bench/replay-playback.bench.mjs's output (replay_hour_s and its details).
const replayFile = process.argv.find((a) => a.startsWith('--replay='))?.slice('--replay='.length);
const replay = replayFile ? lastJsonLine(replayFile) : undefined;
const pipeline = lastJsonLine(pipelineFile);
const query = lastJsonLine(queryFile);
const map = mapFile ? lastJsonLine(mapFile) : {};
const batch = batchFile ? lastJsonLine(batchFile) : {};
const { runs: mapRuns, date: _mapDate, renderer: mapRenderer, ...fps } = map;
console.log(
  JSON.stringify({
    ...pipeline,
    ...(plain && {
      pipeline_plain: { server: plain.server, events_per_s: plain.events_per_s, loss: plain.loss, latency_p99_ms: plain.latency_p99_ms, rss_mb: plain.rss_mb, default_city: plain.default_city },
    }),
    query_ms: query.query_ms,
    // Issue 14's seek figure: the whole city through /api/replay/frames, on the real TimescaleDB server where
    // the machine has it (else plain PostgreSQL); replay_seek_mode says which.
    ...replaySeekOf(query.query_ms),
    query_loaded: query.loaded,
    query_detail: query.detail,
    ...fps,
    map_renderer: mapRenderer,
    map_runs: mapRuns,
    ...(backfillFile && { ...backfill, backfill_window: backfillWindow, backfill_server: backfillServer }),
    ...(alerts && {
      alert_p50_ms: alerts.alert_p50_ms,
      alert_p99_ms: alerts.alert_p99_ms,
      alert_samples: alerts.alert_samples,
      alert_p50_ms_20k: alerts.alert_p50_ms_20k,
      alert_p99_ms_20k: alerts.alert_p99_ms_20k,
      alert_samples_20k: alerts.alert_samples_20k,
      alert_missing: alerts.alert_missing,
      alert_missing_20k: alerts.alert_missing_20k,
      alert_rules: alerts.rules,
      alert_server: alerts.server,
      alert_levels: alerts.alert_levels,
    }),
    ...(rules && { rules_events_per_s: rules.rules_events_per_s }),
    ...(backtest && Object.fromEntries(Object.entries(backtest).filter(([key]) => key.startsWith('backtest_')))),
    ...(replay && { replay_hour_s: replay.replay_hour_s, replay_played_min: replay.played_min, replay_frames: replay.frames }),
    ingest_batch_curve: batch.batch_curve,
    ingest_batch_best_rows: batch.best_rows,
    ...(sizing && {
      storage_sizing: sizing.skipped
        ? { skipped: sizing.skipped }
        : {
            server: sizing.server,
            mode: sizing.mode,
            bytes_per_row: sizing.bytes_per_row,
            bytes_per_day_default_city: sizing.bytes_per_day_default_city,
            bytes_per_day_20k: sizing.bytes_per_day_20k,
            compression_ratio: sizing.compression_ratio,
            chosen_chunk_interval: sizing.chosen_chunk_interval,
          },
    }),
  }),
);

function replaySeekOf(queryMs = {}) {
  const mode = ['timescaledb', 'plain', 'timescale'].find((m) => queryMs[m]?.replay_seek_p95_ms !== undefined);
  return mode ? { replay_seek_p95_ms: queryMs[mode].replay_seek_p95_ms, replay_seek_p50_ms: queryMs[mode].replay_seek_p50_ms, replay_seek_mode: queryMs[mode].server ?? mode } : {};
}
