import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { Client, type Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../../test-support/timescale-pglite';
import { HistoryRepository } from '../src/history/history.repository';
import { DATABASE_MODES, type DatabaseTarget } from './database-modes';

// The same schema assertions against both database modes (README "Database modes"):
// plain = the local stack's PostgreSQL (scripts/stack/dev-infra.sh up), timescale = PGlite + TimescaleDB.
// The history repository's queries run in both modes in history-repository-modes.test.ts.

// A random hour of 1990, so fleet-wide KPI buckets hold only this run's rows even on the shared
// database, and the retention cut-off below reaches nobody else's.
const HOUR_MS = 3_600_000;
const H = Date.UTC(1990, 0, 1) + Math.floor(Math.random() * 8000) * HOUR_MS;
const at = (minutes: number, seconds: number) => new Date(H + minutes * 60_000 + seconds * 1000).toISOString();
const iso = (value: Date) => value.toISOString();

const run = randomUUID().slice(0, 8);
const T1 = `it-sm-${run}-t1`;
const T2 = `it-sm-${run}-t2`;
const B1 = `it-sm-${run}-b1`;
const B2 = `it-sm-${run}-b2`;
const BOAT = `it-sm-${run}-boat`;
const CORRIDOR = `it-sm-${run}-c1`;

// [truck, seq, minute, second, lon, load_kg, task_state]
const TRUCKS: [string, number, number, number, number, number, number][] = [
  [T1, 1, 0, 10, 105.1, 0, 2],
  [T1, 2, 0, 40, 105.2, 100, 4],
  [T1, 3, 1, 20, 105.3, 200, 4],
  [T1, 4, 2, 5, 105.4, 300, 5],
  [T2, 1, 0, 30, 106.1, 0, 2],
  [T2, 2, 2, 50, 106.2, 0, 2],
  [T1, 5, 65, 5, 105.9, 500, 6],
];
// [bike, seq, minute, second, kind, in_fence]: kind 1 trip start, 2 trip end, 3 parked state, 6 rebalanced.
const BIKES: [string, number, number, number, number, boolean][] = [
  [B1, 1, 0, 10, 1, false],
  [B1, 2, 0, 50, 2, false], // left outside any fence
  [B2, 1, 0, 20, 3, true],
  [B1, 3, 1, 10, 6, true], // tidied into a fence
];
// [seq, minute, second, debris_kg (cumulative)]
const BOATS: [number, number, number, number][] = [
  [1, 0, 10, 1.5],
  [2, 0, 50, 2.5],
  [3, 1, 30, 4],
];
// [seq, minute, second, travel_time_s, design_travel_time_s, stops, arrivals_on_green_pct, vehicles]
const CORRIDORS: [number, number, number, number, number, number, number, number][] = [
  [1, 0, 10, 120, 100, 1, 50, 10],
  [2, 0, 40, 90, 100, 0, 70, 20],
  [3, 1, 0, 100, 100, 2, 60, 5],
];

// Multi-row INSERT on purpose: COPY FROM STDIN aborts the PGlite instance (test-support/timescale-pglite.ts).
async function seed(client: Client): Promise<void> {
  await client.query(
    `INSERT INTO truck_readings (truck_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind)
     SELECT t, s, r, x, 29.58, 20, 90, l, ts, 1 FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::float8[], $5::real[], $6::smallint[]) AS u(t, s, r, x, l, ts)`,
    [TRUCKS.map((r) => r[0]), TRUCKS.map((r) => r[1]), TRUCKS.map((r) => at(r[2], r[3])), TRUCKS.map((r) => r[4]), TRUCKS.map((r) => r[5]), TRUCKS.map((r) => r[6])],
  );
  await client.query(
    `INSERT INTO bike_events (bike_id, seq, recorded_at, kind, lon, lat, fence_id, in_fence, is_ebike, battery_pct, operator)
     SELECT b, s, r, k, 105.05, 29.57, CASE WHEN f THEN 'fence-1' END, f, true, 80, 'op' FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::smallint[], $5::boolean[]) AS u(b, s, r, k, f)`,
    [BIKES.map((r) => r[0]), BIKES.map((r) => r[1]), BIKES.map((r) => at(r[2], r[3])), BIKES.map((r) => r[4]), BIKES.map((r) => r[5])],
  );
  await client.query(
    `INSERT INTO boat_readings (boat_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, debris_kg, battery_pct, task_state)
     SELECT $1, s, r, 105.02, 29.6, 3, 45, d, 70, 2 FROM unnest($2::bigint[], $3::timestamptz[], $4::real[]) AS u(s, r, d)`,
    [BOAT, BOATS.map((r) => r[0]), BOATS.map((r) => at(r[1], r[2])), BOATS.map((r) => r[3])],
  );
  await client.query(
    `INSERT INTO corridor_observations (corridor_id, seq, recorded_at, direction, travel_time_s, design_travel_time_s, stops, arrivals_on_green_pct, vehicles)
     SELECT $1, s, r, 1, tt, dt, st, aog, v FROM unnest($2::bigint[], $3::timestamptz[], $4::real[], $5::real[], $6::real[], $7::real[], $8::int[]) AS u(s, r, tt, dt, st, aog, v)`,
    [CORRIDOR, ...[0, 1, 2, 3, 4, 5, 6].map((i) => CORRIDORS.map((r) => (i === 1 ? at(r[1], r[2]) : r[i === 0 ? 0 : i + 1])))],
  );
}

const refresh = (client: Client) => client.query('CALL ub_refresh_rollups($1, $2)', [at(0, 0), at(120, 0)]);

// Alerts (migration 008). Dedup keys carry the run id, so the shared database's other alerts never collide.
const DAY_MS = 24 * HOUR_MS;
const dedupKey = (name: string) => `it-sm-${run}:${name}`;
interface AlertRow { id: string; occurrences: number; state: string }
const ALERT_COLUMNS = 'dedup_key, rule, fleet, entity_id, severity, title, detail, lon, lat, raised_at, last_seen_at';

// The upsert the alerting service will run: a condition seen again updates its unresolved alert.
async function raiseAlert(client: Client, name: string, seenAt: string): Promise<AlertRow> {
  const { rows } = await client.query<AlertRow>(
    `INSERT INTO alerts (${ALERT_COLUMNS})
     VALUES ($1, 'bike.parked_outside_fence', 'bikes', $2, 2, 'Parked outside a fence', '{"fence_id": "fence-1"}', 105.05, 29.57, $3, $3)
     ON CONFLICT (dedup_key) WHERE state <> 'resolved'
       DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at, occurrences = alerts.occurrences + 1
     RETURNING id, occurrences, state`,
    [dedupKey(name), B1, seenAt],
  );
  return rows[0]!;
}

// An alert with a chosen life, for the retention test: [raised, resolved or null] as ISO times.
async function insertAlert(client: Client, name: string, raisedAt: string, resolvedAt: string | null): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO alerts (dedup_key, rule, fleet, entity_id, severity, title, raised_at, last_seen_at, state, resolved_at)
     VALUES ($1, 'boat.low_battery', 'boats', $2, 1, 'Low battery', $3, $3, CASE WHEN $4::timestamptz IS NULL THEN 'open' ELSE 'resolved' END, $4)
     RETURNING id`,
    [dedupKey(name), BOAT, raisedAt, resolvedAt],
  );
  return rows[0]!.id;
}

const addEvents = (client: Client, alertId: string, events: [at: string, action: string, actor: string, note: string | null, assignee: string | null][]) =>
  client.query(
    `INSERT INTO alert_events (alert_id, at, action, actor, note, assignee)
     SELECT $1, a, ac, w, n, asg FROM unnest($2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS u(a, ac, w, n, asg, o) ORDER BY o`,
    [alertId, events.map((e) => e[0]), events.map((e) => e[1]), events.map((e) => e[2]), events.map((e) => e[3]), events.map((e) => e[4])],
  );

// Brings jobs forward to now and waits until the server's scheduler has run each of them once more,
// successfully: the real server's background workers do the work, the test only moves the clock.
async function runByScheduler(client: Client, jobIds: number[], timeoutMs = 120_000): Promise<void> {
  const runs = async () => (await client.query<{ job_id: number; total_successes: string; last_run_status: string | null }>(
    'SELECT job_id, total_successes, last_run_status FROM timescaledb_information.job_stats WHERE job_id = ANY($1)', [jobIds],
  )).rows;
  const before = new Map((await runs()).map((r) => [r.job_id, Number(r.total_successes)]));
  for (const id of jobIds) await client.query('SELECT alter_job($1, next_start => now())', [id]);
  for (const deadline = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 500))) {
    const now = await runs();
    if (jobIds.every((id) => Number(now.find((r) => r.job_id === id)?.total_successes ?? 0) > (before.get(id) ?? 0))) return;
    const failed = now.find((r) => r.last_run_status === 'Failed');
    if (failed) throw new Error(`job ${failed.job_id} failed when the scheduler ran it`);
    if (Date.now() > deadline) throw new Error(`the scheduler did not run jobs ${jobIds.join(', ')} within ${timeoutMs / 1000} s`);
  }
}

// The SQLSTATE of a refused statement (a check, a unique index, the append-only trigger).
async function refusal(statement: Promise<unknown>): Promise<{ code?: string; constraint?: string }> {
  try {
    await statement;
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    return { code, constraint };
  }
  throw new Error('the statement was accepted');
}

describe.each(DATABASE_MODES)('storage in %s mode', (mode, start, timescale, pglite) => {
  let target: DatabaseTarget;
  let client: Client;

  beforeAll(async () => {
    const started = Date.now();
    target = await start();
    // One client, not a pool: PGlite's socket serves one connection at a time.
    client = new Client({ connectionString: target.url });
    await client.connect();
    await seed(client);
    process.stderr.write(`storage-modes ${mode}: ready in ${Date.now() - started} ms\n`);
  });

  afterAll(async () => {
    if (client) {
      if (!timescale) {
        const ids = [T1, T2, B1, B2, BOAT, CORRIDOR];
        for (const table of ['truck_readings', 'truck_positions_1m', 'truck_positions_1h', 'truck_activity_1m', 'truck_activity_1h']) await client.query(`DELETE FROM ${table} WHERE truck_id = ANY($1)`, [ids]);
        for (const table of ['bike_events', 'bike_positions_1m', 'bike_positions_1h', 'bike_activity_1m', 'bike_activity_1h']) await client.query(`DELETE FROM ${table} WHERE bike_id = ANY($1)`, [ids]);
        for (const table of ['boat_readings', 'boat_positions_1m', 'boat_positions_1h', 'boat_activity_1m', 'boat_activity_1h']) await client.query(`DELETE FROM ${table} WHERE boat_id = ANY($1)`, [ids]);
        for (const table of ['corridor_observations', 'corridor_kpis_1m', 'corridor_kpis_1h']) await client.query(`DELETE FROM ${table} WHERE corridor_id = ANY($1)`, [ids]);
        for (const table of ['truck', 'bike', 'boat'].flatMap((f) => ['1m', '1h'].flatMap((w) => [`${f}_kpis_${w}`, `${f}_fleet_activity_${w}`]))) {
          await client.query(`DELETE FROM ${table} WHERE bucket >= $1 AND bucket < $2`, [at(0, 0), at(120, 0)]);
        }
        await client.query('DELETE FROM alert_events WHERE alert_id IN (SELECT id FROM alerts WHERE dedup_key LIKE $1)', [dedupKey('%')]);
        await client.query('DELETE FROM alerts WHERE dedup_key LIKE $1', [dedupKey('%')]);
      }
      await client.end();
    }
    await target?.stop();
  });

  it('has applied every migration and knows its mode', async () => {
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f));
    const { rows } = await client.query<{ version: string }>('SELECT version FROM schema_migrations');
    expect(rows.map((r) => r.version)).toEqual(expect.arrayContaining(files));
    const usable = await client.query<{ usable: boolean }>('SELECT ub_timescaledb_usable() AS usable');
    expect(usable.rows[0]?.usable).toBe(timescale);
    const hypertables = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'timescaledb'",
    );
    expect(hypertables.rows[0]?.n).toBe(timescale ? 1 : 0);
  });

  it('buckets time the same way in both modes', async () => {
    const { rows } = await client.query<{ m: Date; h: Date; w: Date }>(
      `SELECT ub_bucket('1 minute', '2024-03-01T08:07:59.999Z') AS m, ub_bucket('1 hour', '2024-03-01T08:07:00Z') AS h,
              ub_bucket('7 days', '2024-03-01T08:07:00Z') AS w`,
    );
    expect(rows[0] && iso(rows[0].m)).toBe('2024-03-01T08:07:00.000Z');
    expect(rows[0] && iso(rows[0].h)).toBe('2024-03-01T08:00:00.000Z');
    expect(rows[0] && iso(rows[0].w)).toBe('2024-02-26T00:00:00.000Z'); // Monday, time_bucket's origin
  });

  it("serves the API's track query", async () => {
    // The repository only calls query(sql, params), which a single Client answers like a pool.
    const repository = new HistoryRepository(client as unknown as Pool);
    const window = { fleet: 'trucks' as const, ids: [T1], from: new Date(at(0, 0)), to: new Date(at(60, 0)) };
    const page = await repository.findTracks({ ...window, after: null, limit: 3 });
    expect(page.map((p) => p.seq)).toEqual([1, 2, 3]);
    expect(page[1]).toMatchObject({ recordedAt: at(0, 40).replace('Z', '000Z'), lon: 105.2, properties: { loadKg: 100, taskState: 4 } });
    const next = await repository.findTracks({ ...window, after: { entityId: T1, recordedAt: page[2]?.recordedAt ?? '', seq: 3 }, limit: 3 });
    expect(next.map((p) => p.seq)).toEqual([4]);
  });

  it('rolls readings up into 1-minute samples and KPIs', async () => {
    await refresh(client);
    await refresh(client); // idempotent
    const positions = await client.query<{ bucket: Date; truck_id: string; last_at: Date; lon: number; load_kg: number; task_state: number; readings: string }>(
      'SELECT bucket, truck_id, last_at, lon, load_kg, task_state, readings FROM truck_positions_1m WHERE truck_id = ANY($1) ORDER BY truck_id, bucket',
      [[T1, T2]],
    );
    expect(positions.rows.map((r) => [r.truck_id, iso(r.bucket), iso(r.last_at), r.lon, r.load_kg, r.task_state, Number(r.readings)])).toEqual([
      [T1, at(0, 0), at(0, 40), 105.2, 100, 4, 2],
      [T1, at(1, 0), at(1, 20), 105.3, 200, 4, 1],
      [T1, at(2, 0), at(2, 5), 105.4, 300, 5, 1],
      [T1, at(65, 0), at(65, 5), 105.9, 500, 6, 1],
      [T2, at(0, 0), at(0, 30), 106.1, 0, 2, 1],
      [T2, at(2, 0), at(2, 50), 106.2, 0, 2, 1],
    ]);
    const trucks = await client.query('SELECT bucket, trucks_active, trucks_loaded, load_kg, readings FROM truck_kpis_1m WHERE bucket >= $1 AND bucket < $2 ORDER BY bucket', [at(0, 0), at(120, 0)]);
    expect(trucks.rows.map((r) => [iso(r.bucket), Number(r.trucks_active), Number(r.trucks_loaded), r.load_kg, Number(r.readings)])).toEqual([
      [at(0, 0), 2, 1, 100, 3],
      [at(1, 0), 1, 1, 200, 1],
      [at(2, 0), 2, 1, 300, 2],
      [at(65, 0), 1, 1, 500, 1],
    ]);
    // Activity (migration 006): every truck reports 20 km/h, so distance is readings x 20 / 3600 km. T1's
    // single UNLOADING reading at 65:05 has nothing to fall from: nothing delivered.
    const activity = await client.query<{ truck_id: string; bucket: Date; readings: string; speed_sum_kmh: number; distance_km: number; load_delivered_kg: number }>(
      'SELECT truck_id, bucket, readings, speed_sum_kmh, distance_km, load_delivered_kg FROM truck_activity_1m WHERE truck_id = ANY($1) ORDER BY truck_id, bucket',
      [[T1, T2]],
    );
    expect(activity.rows.map((r) => [r.truck_id, iso(r.bucket), Number(r.readings), r.speed_sum_kmh, r.load_delivered_kg])).toEqual([
      [T1, at(0, 0), 2, 40, 0],
      [T1, at(1, 0), 1, 20, 0],
      [T1, at(2, 0), 1, 20, 0],
      [T1, at(65, 0), 1, 20, 0],
      [T2, at(0, 0), 1, 20, 0],
      [T2, at(2, 0), 1, 20, 0],
    ]);
    expect(activity.rows[0]?.distance_km).toBeCloseTo(40 / 3600, 12);
    const bikes = await client.query('SELECT bucket, bikes_active, bikes_outside_fence, events FROM bike_kpis_1m WHERE bucket >= $1 AND bucket < $2 ORDER BY bucket', [at(0, 0), at(120, 0)]);
    expect(bikes.rows.map((r) => [iso(r.bucket), Number(r.bikes_active), Number(r.bikes_outside_fence), Number(r.events)])).toEqual([
      [at(0, 0), 2, 1, 3],
      [at(1, 0), 1, 0, 1],
    ]);
    const bikePositions = await client.query('SELECT bike_id, fence_id, in_fence, kind FROM bike_positions_1m WHERE bike_id = $1 ORDER BY bucket', [B1]);
    expect(bikePositions.rows).toEqual([
      { bike_id: B1, fence_id: null, in_fence: false, kind: 2 },
      { bike_id: B1, fence_id: 'fence-1', in_fence: true, kind: 6 },
    ]);
    const boats = await client.query('SELECT bucket, boats_active, debris_kg, readings FROM boat_kpis_1m WHERE bucket >= $1 AND bucket < $2 ORDER BY bucket', [at(0, 0), at(120, 0)]);
    expect(boats.rows.map((r) => [iso(r.bucket), Number(r.boats_active), r.debris_kg, Number(r.readings)])).toEqual([
      [at(0, 0), 1, 2.5, 2],
      [at(1, 0), 1, 4, 1],
    ]);
    const corridor = await client.query('SELECT bucket, observations, travel_time_ratio, stops, arrivals_on_green_pct, vehicles FROM corridor_kpis_1m WHERE corridor_id = $1 ORDER BY bucket', [CORRIDOR]);
    expect(corridor.rows.map((r) => [iso(r.bucket), Number(r.observations), Number(r.vehicles)])).toEqual([
      [at(0, 0), 2, 30],
      [at(1, 0), 1, 5],
    ]);
    expect(corridor.rows[0].travel_time_ratio).toBeCloseTo(1.05, 9);
    expect(corridor.rows[0].stops).toBeCloseTo(0.5, 9);
    expect(corridor.rows[0].arrivals_on_green_pct).toBeCloseTo(60, 9);
  });

  it('rolls the minutes up into 1-hour samples and KPIs', async () => {
    await refresh(client);
    const positions = await client.query('SELECT bucket, truck_id, last_at, lon, load_kg, readings FROM truck_positions_1h WHERE truck_id = ANY($1) ORDER BY truck_id, bucket', [[T1, T2]]);
    expect(positions.rows.map((r) => [r.truck_id, iso(r.bucket), iso(r.last_at), r.lon, r.load_kg, Number(r.readings)])).toEqual([
      [T1, at(0, 0), at(2, 5), 105.4, 300, 4],
      [T1, at(60, 0), at(65, 5), 105.9, 500, 1],
      [T2, at(0, 0), at(2, 50), 106.2, 0, 2],
    ]);
    const trucks = await client.query('SELECT bucket, trucks_active, trucks_loaded, load_kg, readings FROM truck_kpis_1h WHERE bucket >= $1 AND bucket < $2 ORDER BY bucket', [at(0, 0), at(120, 0)]);
    expect(trucks.rows.map((r) => [iso(r.bucket), Number(r.trucks_active), Number(r.trucks_loaded), r.load_kg, Number(r.readings)])).toEqual([
      [at(0, 0), 2, 1, 300, 6],
      [at(60, 0), 1, 1, 500, 1],
    ]);
    const bikes = await client.query('SELECT bikes_active, bikes_outside_fence, events FROM bike_kpis_1h WHERE bucket = $1', [at(0, 0)]);
    expect(bikes.rows.map((r) => [Number(r.bikes_active), Number(r.bikes_outside_fence), Number(r.events)])).toEqual([[2, 0, 4]]);
    const boats = await client.query('SELECT boats_active, debris_kg, readings FROM boat_kpis_1h WHERE bucket = $1', [at(0, 0)]);
    expect(boats.rows.map((r) => [Number(r.boats_active), r.debris_kg, Number(r.readings)])).toEqual([[1, 4, 3]]);
    const corridor = await client.query('SELECT observations, travel_time_ratio, stops, arrivals_on_green_pct, vehicles FROM corridor_kpis_1h WHERE corridor_id = $1', [CORRIDOR]);
    expect(corridor.rows).toHaveLength(1);
    expect(Number(corridor.rows[0].observations)).toBe(3);
    expect(Number(corridor.rows[0].vehicles)).toBe(35);
    expect(corridor.rows[0].travel_time_ratio).toBeCloseTo(3.1 / 3, 9);
    expect(corridor.rows[0].stops).toBeCloseTo(1, 9);
  });

  it('recomputes a refreshed window when late readings arrive', async () => {
    await client.query(
      `INSERT INTO truck_readings (truck_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind)
       VALUES ($1, 3, $2, 106.15, 29.58, 20, 90, 50, 4, 1)`,
      [T2, at(0, 55)],
    );
    await refresh(client);
    const minute = await client.query('SELECT lon, load_kg, readings FROM truck_positions_1m WHERE truck_id = $1 AND bucket = $2', [T2, at(0, 0)]);
    expect(minute.rows.map((r) => [r.lon, r.load_kg, Number(r.readings)])).toEqual([[106.15, 50, 2]]);
    const kpis = await client.query('SELECT trucks_loaded, load_kg FROM truck_kpis_1m WHERE bucket = $1', [at(0, 0)]);
    expect(kpis.rows.map((r) => [Number(r.trucks_loaded), r.load_kg])).toEqual([[2, 150]]);
    const hour = await client.query('SELECT readings FROM truck_positions_1h WHERE truck_id = $1 AND bucket = $2', [T2, at(0, 0)]);
    expect(hour.rows.map((r) => Number(r.readings))).toEqual([3]);
  });

  // Plain mode only: there the job's round is ours; TimescaleDB refreshes its continuous aggregates by policy.
  if (!timescale) {
    it('refreshes incrementally: only the minutes holding newly arrived rows, however late', async () => {
      // Pretend this run's rows arrived an hour ago, so the next round has nothing of theirs to do. (A round
      // recomputes every fleet's roll-ups of a minute in which any stream received something.)
      const earlier = "ingested_at = now() - INTERVAL '1 hour'";
      await client.query(`UPDATE truck_readings SET ${earlier} WHERE truck_id = ANY($1)`, [[T1, T2]]);
      await client.query(`UPDATE bike_events SET ${earlier} WHERE bike_id = ANY($1)`, [[B1, B2]]);
      await client.query(`UPDATE boat_readings SET ${earlier} WHERE boat_id = $1`, [BOAT]);
      await client.query(`UPDATE corridor_observations SET ${earlier} WHERE corridor_id = $1`, [CORRIDOR]);
      await client.query('CALL ub_refresh_changed_rollups()');
      // A marker in a minute nobody touches: a round that recomputed everything would erase it.
      await client.query('UPDATE truck_positions_1m SET lon = -1 WHERE truck_id = $1 AND bucket = $2', [T1, at(1, 0)]);
      // A reading 36 years late, into a minute that is already rolled up.
      await client.query(
        `INSERT INTO truck_readings (truck_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind)
         VALUES ($1, 6, $2, 105.45, 29.58, 20, 90, 350, 5, 1)`,
        [T1, at(2, 30)],
      );
      const round = await client.query<{ minutes: number; hours: number }>('CALL ub_refresh_changed_rollups()');
      expect(round.rows[0]?.minutes).toBeGreaterThanOrEqual(1);
      const minute = await client.query('SELECT last_at, lon, load_kg, readings FROM truck_positions_1m WHERE truck_id = $1 AND bucket = $2', [T1, at(2, 0)]);
      expect(minute.rows.map((r) => [iso(r.last_at), r.lon, r.load_kg, Number(r.readings)])).toEqual([[at(2, 30), 105.45, 350, 2]]);
      const activity = await client.query('SELECT readings FROM truck_activity_1m WHERE truck_id = $1 AND bucket = $2', [T1, at(2, 0)]);
      expect(activity.rows.map((r) => Number(r.readings))).toEqual([2]);
      // Its hour is recomputed from the minutes: T1's four readings of hour 0 and the late one.
      const hour = await client.query('SELECT readings, last_at FROM truck_positions_1h WHERE truck_id = $1 AND bucket = $2', [T1, at(0, 0)]);
      expect(hour.rows.map((r) => [Number(r.readings), iso(r.last_at)])).toEqual([[5, at(2, 30)]]);
      const untouched = await client.query('SELECT lon FROM truck_positions_1m WHERE truck_id = $1 AND bucket = $2', [T1, at(1, 0)]);
      expect(untouched.rows).toEqual([{ lon: -1 }]);
      // The state row says how far the rounds have got: the last complete minute and hour.
      const state = await client.query<{ minutes_through: Date; hours_through: Date; ingested_through: Date }>('SELECT * FROM ub_rollup_refresh_state');
      expect(state.rows).toHaveLength(1);
      const now = Date.now();
      expect(now - state.rows[0]!.minutes_through.getTime()).toBeLessThan(2 * 60_000);
      expect(now - state.rows[0]!.hours_through.getTime()).toBeLessThan(2 * HOUR_MS);
    });
  }

  it('drops raw readings after 30 days and keeps the roll-ups', async () => {
    // ub_apply_retention exists in both modes; in TimescaleDB mode the policies do the work.
    const cutoff = new Date(H + 31 * 24 * HOUR_MS).toISOString();
    if (timescale) {
      const jobs = await client.query<{ hypertable_name: string; config: { drop_after: string } }>(
        "SELECT hypertable_name, config FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention' ORDER BY hypertable_name",
      );
      const dropAfter = Object.fromEntries(jobs.rows.map((j) => [j.hypertable_name, j.config.drop_after]));
      expect(dropAfter).toMatchObject({ truck_readings: '30 days', bike_events: '30 days', boat_readings: '30 days', corridor_observations: '30 days' });
      expect((await client.query('SELECT ub_apply_retention($1) AS n', [cutoff])).rows[0].n).toBe('0');
      const job = await client.query<{ job_id: number }>(
        "SELECT job_id FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention' AND hypertable_name = 'truck_readings'",
      );
      if (pglite) {
        // Background jobs never run in PGlite: run the truck readings' retention job by hand (relative to now(), so 1990 goes).
        await client.query('CALL run_job($1)', [job.rows[0]?.job_id]);
      } else {
        // The real server's scheduler runs it: brought forward to now, not called by the test.
        await runByScheduler(client, [job.rows[0]!.job_id]);
      }
    }
    try {
      if (!timescale) {
        // In a transaction rolled back at the end: the cut-off lies in 1990, but the shared database is not this test's alone.
        await client.query('BEGIN');
        const deleted = await client.query('SELECT ub_apply_retention($1) AS n', [cutoff]);
        expect(Number(deleted.rows[0].n)).toBeGreaterThanOrEqual(TRUCKS.length + BIKES.length + BOATS.length + CORRIDORS.length + 1);
      }
      const raw = await client.query('SELECT count(*)::int AS n FROM truck_readings WHERE truck_id = ANY($1)', [[T1, T2]]);
      expect(raw.rows[0].n).toBe(0);
      const rolled = await client.query('SELECT count(*)::int AS n FROM truck_positions_1m WHERE truck_id = ANY($1)', [[T1, T2]]);
      expect(rolled.rows[0].n).toBe(6);
    } finally {
      if (!timescale) await client.query('ROLLBACK');
    }
  });

  // On a real TimescaleDB server nothing calls the policies: the extension's scheduler refreshes the
  // continuous aggregates every minute by itself, and runs compression and retention on their schedule.
  if (timescale && !pglite) {
    it("keeps storage in shape by the server's own jobs: refresh, compression, retention", async () => {
      const truck = `it-sm-${run}-now`;
      const minuteAgo = (m: number) => new Date(Math.floor(Date.now() / 60_000) * 60_000 - m * 60_000);
      const insert = (seq: number, when: Date) => client.query(
        `INSERT INTO truck_readings (truck_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind)
         VALUES ($1, $2, $3, 105.06, 29.58, 20, 90, 100, 4, 1)`,
        [truck, seq, when.toISOString()],
      );
      // A reading 5 minutes ago: the 1-minute policy (window now - 2 h .. now - 1 min) materialises it by
      // itself within about a minute. Nobody calls a refresh here.
      const recent = minuteAgo(5);
      await insert(1, new Date(recent.getTime() + 10_000));
      const deadline = Date.now() + 150_000;
      let materialised: unknown[] = [];
      while (Date.now() < deadline && materialised.length === 0) {
        await new Promise((r) => setTimeout(r, 2000));
        materialised = (await client.query('SELECT readings FROM truck_positions_1m WHERE truck_id = $1 AND bucket = $2', [truck, recent.toISOString()])).rows;
      }
      expect(materialised).toEqual([{ readings: '1' }]);

      // Ten days ago: past the 7-day compression horizon. The compression job, brought forward, compresses its chunk.
      await insert(2, new Date(Date.now() - 10 * DAY_MS));
      const compression = await client.query<{ job_id: number }>(
        "SELECT job_id FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression' AND hypertable_name = 'truck_readings'",
      );
      await runByScheduler(client, [compression.rows[0]!.job_id]);
      const chunk = await client.query<{ is_compressed: boolean }>(
        `SELECT is_compressed FROM timescaledb_information.chunks WHERE hypertable_name = 'truck_readings'
         AND range_start <= $1 AND range_end > $1`,
        [new Date(Date.now() - 10 * DAY_MS).toISOString()],
      );
      expect(chunk.rows).toEqual([{ is_compressed: true }]);
      // A compressed chunk still answers, and still takes a late reading.
      await insert(3, new Date(Date.now() - 10 * DAY_MS + 1000));
      const old = await client.query('SELECT seq FROM truck_readings WHERE truck_id = $1 AND recorded_at < now() - INTERVAL \'7 days\' ORDER BY seq', [truck]);
      expect(old.rows.map((r) => Number(r.seq))).toEqual([2, 3]);

      // Forty days ago: past the 30-day retention. The retention job drops its whole chunk; the recent reading stays.
      await insert(4, new Date(Date.now() - 40 * DAY_MS));
      const retention = await client.query<{ job_id: number }>(
        "SELECT job_id FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention' AND hypertable_name = 'truck_readings'",
      );
      await runByScheduler(client, [retention.rows[0]!.job_id]);
      const left = await client.query('SELECT seq FROM truck_readings WHERE truck_id = $1 ORDER BY seq', [truck]);
      expect(left.rows.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    }, 240_000);
  }

  // Each mode states how it keeps storage in shape: the extension's policies, or the job's functions.
  it(timescale ? 'declares compression by entity and the roll-up policies' : 'leaves refresh and retention to the job, with no extension', async () => {
    if (!timescale) {
      const ext = await client.query("SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'timescaledb'");
      expect(ext.rows[0].n).toBe(0);
      const routines = await client.query<{ proname: string; prokind: string }>(
        "SELECT proname, prokind FROM pg_proc WHERE proname IN ('ub_refresh_rollups', 'ub_refresh_changed_rollups', 'ub_apply_retention') ORDER BY proname",
      );
      expect(routines.rows).toEqual([
        { proname: 'ub_apply_retention', prokind: 'f' },
        { proname: 'ub_refresh_changed_rollups', prokind: 'p' },
        { proname: 'ub_refresh_rollups', prokind: 'p' },
      ]);
      return;
    }
    const compression = await client.query<{ hypertable_name: string; attname: string }>(
      "SELECT hypertable_name, attname FROM timescaledb_information.compression_settings WHERE segmentby_column_index = 1 ORDER BY hypertable_name",
    );
    expect(Object.fromEntries(compression.rows.map((r) => [r.hypertable_name, r.attname]))).toMatchObject({
      truck_readings: 'truck_id',
      bike_events: 'bike_id',
      boat_readings: 'boat_id',
      corridor_observations: 'corridor_id',
    });
    const refreshJobs = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM timescaledb_information.jobs WHERE proc_name = 'policy_refresh_continuous_aggregate'",
    );
    expect(refreshJobs.rows[0]?.n).toBe(27);
    // Chunk intervals from migration 006 (its comment has the arithmetic); new chunks only.
    const chunks = await client.query<{ hypertable_name: string; time_interval: { hours?: number; days?: number } }>(
      "SELECT hypertable_name, time_interval FROM timescaledb_information.dimensions WHERE hypertable_schema = 'public' AND hypertable_name NOT LIKE '\\_%' ORDER BY 1",
    );
    expect(Object.fromEntries(chunks.rows.map((r) => [r.hypertable_name, r.time_interval]))).toMatchObject({
      truck_readings: { hours: 6 },
      boat_readings: { days: 2 },
      signal_phase_changes: { days: 3 },
      bike_events: { days: 7 },
      corridor_observations: { days: 7 },
    });
    // The incremental entry point exists here too; the extension's invalidation log makes refreshes incremental.
    const round = await client.query('CALL ub_refresh_changed_rollups()');
    expect(round.rows).toEqual([{ minutes: null, hours: null }]);
  });

  it('keeps alerts and their audit trail under the same names and columns', async () => {
    const columns = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name IN ('alerts', 'alert_events') ORDER BY table_name, ordinal_position`,
    );
    const described = (table: string) => columns.rows.filter((c) => c.table_name === table).map((c) => `${c.column_name} ${c.data_type}${c.is_nullable === 'NO' ? ' not null' : ''}`);
    expect(described('alerts')).toEqual([
      'id uuid not null', 'dedup_key text not null', 'rule text not null', 'fleet text not null', 'entity_id text not null',
      'severity smallint not null', 'title text not null', 'detail jsonb not null', 'lon double precision', 'lat double precision',
      'raised_at timestamp with time zone not null', 'last_seen_at timestamp with time zone not null', 'occurrences integer not null',
      'state text not null', 'assignee text', 'resolved_at timestamp with time zone',
      // Migration 011: the rules service and the dispatchers' workflow.
      'rule_version integer not null', 'title_zh text not null', 'incident_key text', 'condition_active boolean not null',
      'cleared_at timestamp with time zone', 'acknowledge_due_at timestamp with time zone', 'resolve_due_at timestamp with time zone',
      'escalated_at timestamp with time zone', 'acknowledged_at timestamp with time zone', 'acknowledged_by text',
    ]);
    expect(described('alert_events')).toEqual([
      'id bigint not null', 'alert_id uuid not null', 'at timestamp with time zone not null', 'action text not null',
      'actor text not null', 'note text', 'assignee text',
    ]);
    const indexes = await client.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('alerts', 'alert_events') ORDER BY indexname",
    );
    expect(indexes.rows.map((r) => r.indexname)).toEqual([
      'alert_events_at_idx', 'alert_events_pkey', 'alerts_acknowledge_due_idx', 'alerts_entity_idx', 'alerts_incident_idx', 'alerts_pkey',
      'alerts_queue_idx', 'alerts_raised_at_idx', 'alerts_resolve_due_idx', 'alerts_resolved_at_idx', 'alerts_unresolved_dedup_key_idx',
    ]);
    if (timescale) {
      // The trail is a hypertable; alerts stays a plain table (migration 008 says why).
      const hypertables = await client.query<{ hypertable_name: string }>(
        "SELECT hypertable_name FROM timescaledb_information.hypertables WHERE hypertable_name IN ('alerts', 'alert_events')",
      );
      expect(hypertables.rows.map((r) => r.hypertable_name)).toEqual(['alert_events']);
    }
  });

  it('keeps one unresolved alert per rule and entity; a resolved one makes room for the next', async () => {
    const first = await raiseAlert(client, 'dedup', at(0, 0));
    expect(first).toMatchObject({ occurrences: 1, state: 'open' });
    // The condition flaps: the same alert counts it, the queue does not grow.
    const again = await raiseAlert(client, 'dedup', at(0, 30));
    expect(again).toEqual({ id: first.id, occurrences: 2, state: 'open' });
    // A second unresolved alert for the same key is refused, whatever the first one's workflow state.
    const duplicate = () => client.query(
      `INSERT INTO alerts (${ALERT_COLUMNS}) VALUES ($1, 'bike.parked_outside_fence', 'bikes', $2, 2, 'again', '{}', NULL, NULL, $3, $3)`,
      [dedupKey('dedup'), B1, at(1, 0)],
    );
    expect(await refusal(duplicate())).toEqual({ code: '23505', constraint: 'alerts_unresolved_dedup_key_idx' });
    await client.query("UPDATE alerts SET state = 'assigned', assignee = 'crew-7' WHERE id = $1", [first.id]);
    expect(await refusal(duplicate())).toMatchObject({ code: '23505' });
    // The workflow's invariants are the table's: no assignment without an assignee, no resolution without a time.
    expect(await refusal(client.query("UPDATE alerts SET assignee = NULL WHERE id = $1", [first.id]))).toEqual({ code: '23514', constraint: 'alerts_assigned_check' });
    expect(await refusal(client.query("UPDATE alerts SET state = 'resolved' WHERE id = $1", [first.id]))).toEqual({ code: '23514', constraint: 'alerts_resolved_check' });

    await client.query("UPDATE alerts SET state = 'resolved', resolved_at = $2 WHERE id = $1", [first.id, at(2, 0)]);
    await duplicate();
    const open = await client.query<{ id: string; title: string }>("SELECT id, title FROM alerts WHERE dedup_key = $1 AND state <> 'resolved'", [dedupKey('dedup')]);
    expect(open.rows).toHaveLength(1);
    expect(open.rows[0]).toMatchObject({ title: 'again' });
    expect(open.rows[0]?.id).not.toBe(first.id);
    // And the next raise updates that new alert, not the resolved one.
    expect(await raiseAlert(client, 'dedup', at(3, 0))).toEqual({ id: open.rows[0]?.id, occurrences: 2, state: 'open' });
    const kept = await client.query('SELECT state, occurrences, assignee FROM alerts WHERE id = $1', [first.id]);
    expect(kept.rows).toEqual([{ state: 'resolved', occurrences: 2, assignee: 'crew-7' }]);
    // Only the four fleets and the city raise alerts.
    const stranger = client.query(
      `INSERT INTO alerts (${ALERT_COLUMNS}) VALUES ($1, 'car.speeding', 'cars', 'c1', 2, 'no', '{}', NULL, NULL, $2, $2)`,
      [dedupKey('stranger'), at(0, 0)],
    );
    expect(await refusal(stranger)).toEqual({ code: '23514', constraint: 'alerts_fleet_check' });
  });

  it('appends an alert\'s audit trail and reads it back in order', async () => {
    const alert = await raiseAlert(client, 'trail', at(10, 0));
    // Raised and acknowledged in the same instant: the identity keeps their order.
    await addEvents(client, alert.id, [
      [at(10, 0), 'raised', 'alerting', null, null],
      [at(10, 0), 'acknowledged', 'dispatcher-li', null, null],
      [at(12, 0), 'assigned', 'dispatcher-li', 'nearest compactor', 'truck-0042'],
    ]);
    await addEvents(client, alert.id, [
      [at(20, 0), 'commented', 'dispatcher-wang', 'crew on site', null],
      [at(25, 0), 'resolved', 'dispatcher-wang', null, null],
    ]);
    const expected = [
      [at(10, 0), 'raised', 'alerting', null],
      [at(10, 0), 'acknowledged', 'dispatcher-li', null],
      [at(12, 0), 'assigned', 'dispatcher-li', 'truck-0042'],
      [at(20, 0), 'commented', 'dispatcher-wang', null],
      [at(25, 0), 'resolved', 'dispatcher-wang', null],
    ];
    const history = async () => {
      const { rows } = await client.query<{ at: Date; action: string; actor: string; assignee: string | null }>(
        'SELECT at, action, actor, assignee FROM alert_events WHERE alert_id = $1 ORDER BY at, id',
        [alert.id],
      );
      return rows.map((r) => [iso(r.at), r.action, r.actor, r.assignee]);
    };
    expect(await history()).toEqual(expected);
    // A time-range read (every step in a window) sees the same steps.
    const window = await client.query('SELECT action FROM alert_events WHERE at >= $1 AND at < $2 AND alert_id = $3 ORDER BY at DESC, id DESC', [at(11, 0), at(21, 0), alert.id]);
    expect(window.rows.map((r) => r.action)).toEqual(['commented', 'assigned']);
    // Steps are never rewritten, and an assignment names whom.
    expect(await refusal(client.query("UPDATE alert_events SET actor = 'someone else' WHERE alert_id = $1", [alert.id]))).toMatchObject({ code: '23001' });
    expect(await refusal(addEvents(client, alert.id, [[at(30, 0), 'assigned', 'dispatcher-li', null, null]]))).toEqual({ code: '23514', constraint: 'alert_events_assigned_check' });
    expect(await refusal(addEvents(client, alert.id, [[at(30, 0), 'deleted', 'dispatcher-li', null, null]]))).toEqual({ code: '23514', constraint: 'alert_events_action_check' });
    if (timescale) {
      // Old steps are compressed (ordered by alert): one alert's history still reads the same.
      const compressed = await client.query<{ n: number }>(
        "SELECT count(compress_chunk(c))::int AS n FROM show_chunks('alert_events', older_than => now() - INTERVAL '60 days') AS c",
      );
      expect(compressed.rows[0]?.n).toBeGreaterThanOrEqual(1);
      expect(await history()).toEqual(expected);
    }
  });

  it('drops resolved alerts after 180 days and audit steps after 365, never an unresolved alert', async () => {
    // Plain mode: ub_apply_retention at a chosen "now" (ingest's hourly job), in a rolled-back transaction
    // as above. TimescaleDB mode: the extension's jobs, which run relative to now().
    const nowMs = timescale ? Date.now() : H + 400 * DAY_MS;
    const ago = (days: number) => new Date(nowMs - days * DAY_MS).toISOString();
    if (!timescale) await client.query('BEGIN');
    try {
      const oldResolved = await insertAlert(client, 'old-resolved', ago(400), ago(200));
      const recentResolved = await insertAlert(client, 'recent-resolved', ago(100), ago(90));
      const oldOpen = await insertAlert(client, 'old-open', ago(400), null);
      await addEvents(client, oldOpen, [[ago(400), 'raised', 'alerting', null, null], [ago(200), 'acknowledged', 'dispatcher-li', null, null]]);
      await addEvents(client, oldResolved, [[ago(400), 'raised', 'alerting', null, null], [ago(200), 'resolved', 'dispatcher-li', null, null]]);
      await addEvents(client, recentResolved, [[ago(100), 'raised', 'alerting', null, null], [ago(90), 'resolved', 'dispatcher-li', null, null]]);
      if (timescale) {
        const jobs = await client.query<{ job_id: number }>(
          "SELECT job_id FROM timescaledb_information.jobs WHERE proc_name = 'ub_alert_retention_job' OR (proc_name = 'policy_retention' AND hypertable_name = 'alert_events') ORDER BY job_id",
        );
        expect(jobs.rows).toHaveLength(2);
        // PGlite's jobs never run by themselves; the real server's scheduler runs them when brought forward.
        if (pglite) for (const job of jobs.rows) await client.query('CALL run_job($1)', [job.job_id]);
        else await runByScheduler(client, jobs.rows.map((j) => j.job_id));
      } else {
        const deleted = await client.query('SELECT ub_apply_retention($1) AS n', [new Date(nowMs).toISOString()]);
        expect(Number(deleted.rows[0].n)).toBeGreaterThanOrEqual(3);
      }
      const alerts = await client.query<{ id: string }>('SELECT id FROM alerts WHERE id = ANY($1)', [[oldResolved, recentResolved, oldOpen]]);
      expect(alerts.rows.map((r) => r.id).sort()).toEqual([recentResolved, oldOpen].sort());
      // Steps older than 365 days go, whichever alert they belong to; the trail outlives a deleted alert.
      const events = await client.query<{ alert_id: string; action: string }>(
        'SELECT alert_id, action FROM alert_events WHERE alert_id = ANY($1) ORDER BY at, id',
        [[oldResolved, recentResolved, oldOpen]],
      );
      expect(events.rows.map((r) => [r.alert_id, r.action])).toEqual(
        expect.arrayContaining([[oldOpen, 'acknowledged'], [oldResolved, 'resolved'], [recentResolved, 'raised'], [recentResolved, 'resolved']]),
      );
      expect(events.rows).toHaveLength(4);
    } finally {
      if (!timescale) await client.query('ROLLBACK');
    }
  });
});
