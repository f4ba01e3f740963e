#!/usr/bin/env node
// Prints one JSON line merging the benchmarks' final lines: the pipeline's keys (events_per_s, loss,
// latency_p50_ms, latency_p99_ms, rss_mb, ...) plus the history queries' query_ms (and what they loaded).
// Usage: node bench/combine-results.mjs <pipeline output or result file> <query result.json>
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

const [pipelineFile, queryFile] = process.argv.slice(2);
const pipeline = lastJsonLine(pipelineFile);
const query = lastJsonLine(queryFile);
console.log(
  JSON.stringify({
    ...pipeline,
    query_ms: query.query_ms,
    query_loaded: query.loaded,
    query_detail: query.detail,
  }),
);
