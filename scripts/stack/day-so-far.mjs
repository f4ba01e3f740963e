// The day so far (README "The day so far"): on a fresh data folder npm start has the simulator
// play the city from midnight (SIM_BACKFILL, default today) up to the start before it goes live,
// prints its progress, and then rebuilds the roll-ups of the window (TimescaleDB's policies only
// refresh the last 2 hours; plain mode's job catches late rows by itself, the call is harmless).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The simulator's backfill settings: only on a fresh data folder, with the window's end fixed so a restart repeats the same past. */
export function dayStartEnv(dataDir, env) {
  const fresh = !existsSync(path.join(dataDir, 'pg', 'data', 'PG_VERSION'));
  const spec = env.SIM_BACKFILL ?? (fresh ? 'today' : 'off');
  if (spec === 'off') return {};
  return { SIM_BACKFILL: spec, SIM_BACKFILL_TO: env.SIM_BACKFILL_TO ?? new Date().toISOString() };
}

/** Polls the simulator's /backfill, prints a line every 30 s and at the end, then refreshes the window's roll-ups. */
export async function followBackfill({ simulatorPort, databaseUrl, root, log }) {
  const url = `http://127.0.0.1:${simulatorPort}/backfill`;
  let lastLine = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    let report;
    try {
      report = await (await fetch(url)).json();
    } catch {
      continue; // restarting: the supervisor brings it back
    }
    if (report.state === 'off') return;
    if (report.state === 'running' && Date.now() - lastLine >= 30_000) {
      lastLine = Date.now();
      log(`backfill ${report.from} -> ${report.to}: ${report.percent}% (${report.messagesSent.toLocaleString('en')} events, ${report.eventsPerSecond.toLocaleString('en')}/s)`);
    }
    if (report.state === 'failed') return log(`backfill failed: see the simulator's log (${url})`);
    if (report.state !== 'done') continue;
    log(`backfill done: ${report.messagesSent.toLocaleString('en')} events from ${report.from} in ${report.elapsedS} s`);
    // Ingest stores the last of it within seconds; then the roll-ups of the whole window are rebuilt once.
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    const pg = createRequire(path.join(root, 'services/common/package.json'))('pg');
    const client = new pg.Client({ connectionString: databaseUrl });
    try {
      await client.connect();
      await client.query('CALL ub_refresh_rollups($1::timestamptz, $2::timestamptz)', [report.from, new Date().toISOString()]);
      log('backfill: roll-ups of the window refreshed');
    } catch (error) {
      log(`backfill: refreshing the roll-ups failed (${error.message}); CALL ub_refresh_rollups('${report.from}', now()) by hand`);
    } finally {
      await client.end().catch(() => undefined);
    }
    return;
  }
}
