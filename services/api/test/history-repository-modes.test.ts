import { randomInt, randomUUID } from 'node:crypto';
import { BikeEventKind, BoatTaskState, TaskState, TruckKind } from '@urban-brain/proto';
import { Client, type Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryRepository, type KpiBucketRow } from '../src/history/history.repository';
import { DATABASE_MODES, type DatabaseTarget } from './database-modes';

// Every HistoryRepository query against both database modes, with the same data and the same
// assertions: plain PostgreSQL (the local stack) and PGlite + TimescaleDB. The HTTP layer is covered by
// history.test.ts; this file is about the SQL agreeing across modes.

// KPIs, state and export read whole fleets: a random day of the 1980s nobody else writes to, and unique ids.
const P = `it-hrm-${randomUUID().slice(0, 8)}`;
const BASE_MS = Date.UTC(1980, 0, 1, 10) + randomInt(0, 3000) * 86_400_000;
const at = (seconds: number) => new Date(BASE_MS + seconds * 1000).toISOString();
const T1 = `${P}-t1`;
const T2 = `${P}-t2`;
const T3 = `${P}-t3`; // last seen 5 minutes before the window: inside the trucks' 10-minute lookback
const T4 = `${P}-t4`; // last seen 11 minutes before: outside it
const B1 = `${P}-b1`;
const B2 = `${P}-b2`;
const B3 = `${P}-b3`; // parked 20 hours before: bikes look back 24 h
const BT1 = `${P}-bt1`;
const BT2 = `${P}-bt2`;
const C1 = `${P}-c1`;
const TRUCK_IDS = [T1, T2, T3, T4];

// T1 and T2 report every 10 s for 3 minutes (seq 1..18). T1 unloads within the third minute:
// 1000 kg at 120 s, 400 at 130 s, 0 at 140 s.
const STEPS = 18;
function truckRow(truck: string, i: number): unknown[] {
  let load = 500;
  let state: TaskState = TaskState.SWEEPING;
  if (truck === T1) {
    if (i < 12) [load, state] = [1000, TaskState.TO_TRANSFER_STATION];
    else if (i <= 14) [load, state] = [[1000, 400, 0][i - 12] ?? 0, TaskState.UNLOADING];
    else [load, state] = [0, TaskState.IDLE];
  }
  return [truck, i + 1, at(i * 10), 105 + i / 1000, truck === T1 ? 29.5 : 29.51, truck === T1 ? 10 : 20, load, state];
}

// Multi-row INSERT on purpose: COPY FROM STDIN aborts the PGlite instance (test-support/timescale-pglite.ts).
async function seed(client: Client): Promise<void> {
  const trucks = [...[T1, T2].flatMap((t) => Array.from({ length: STEPS }, (_, i) => truckRow(t, i))),
    [T3, 1, at(-300), 105.3, 29.3, 0, 0, TaskState.IDLE], [T4, 1, at(-660), 105.4, 29.4, 0, 0, TaskState.IDLE]];
  await client.query(
    `INSERT INTO truck_readings (truck_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind)
     SELECT t, s, r, x, y, v, 90, l, ts, ${TruckKind.COMPACTOR}
     FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::float8[], $5::float8[], $6::real[], $7::real[], $8::smallint[]) AS u(t, s, r, x, y, v, l, ts)`,
    [0, 1, 2, 3, 4, 5, 6, 7].map((c) => trucks.map((row) => row[c])),
  );
  const bikes: unknown[][] = [
    [B1, 1, at(5), BikeEventKind.TRIP_START, null, false],
    [B1, 2, at(65), BikeEventKind.TRIP_END, 'fence-7', true],
    [B2, 1, at(70), BikeEventKind.TRIP_END, null, false],
    [B3, 1, at(-20 * 3600), BikeEventKind.PARKED_STATE, 'fence-9', true],
  ];
  await client.query(
    `INSERT INTO bike_events (bike_id, seq, recorded_at, kind, lon, lat, fence_id, in_fence, is_ebike, battery_pct, operator)
     SELECT b, s, r, k, 105.1, 29.6, f, i, true, 77, 'op' FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::smallint[], $5::text[], $6::boolean[]) AS u(b, s, r, k, f, i)`,
    [0, 1, 2, 3, 4, 5].map((c) => bikes.map((row) => row[c])),
  );
  // Cumulative debris: BT1 10, 12 | 15, 16 and BT2 5, 5 | 8, 9 over two minutes.
  const boats = Object.entries({ [BT1]: [10, 12, 15, 16], [BT2]: [5, 5, 8, 9] }).flatMap(([boat, kgs]) =>
    kgs.map((kg, i) => [boat, i + 1, at(i * 30), kg, boat === BT1 ? 80 : 60]),
  );
  await client.query(
    `INSERT INTO boat_readings (boat_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, debris_kg, battery_pct, task_state)
     SELECT b, s, r, 105.2, 29.7, 3, 45, d, bp, ${BoatTaskState.SWEEPING} FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::real[], $5::real[]) AS u(b, s, r, d, bp)`,
    [0, 1, 2, 3, 4].map((c) => boats.map((row) => row[c])),
  );
  await client.query(
    `INSERT INTO corridor_observations (corridor_id, seq, recorded_at, direction, travel_time_s, design_travel_time_s, stops, arrivals_on_green_pct, vehicles)
     VALUES ($1, 1, $2, 1, 120, 100, 1, 80, 10), ($1, 2, $3, 1, 90, 100, 0, 60, 10)`,
    [C1, at(10), at(20)],
  );
  // Complete buckets only, as the roll-ups keep them: B3's day before through two hours after.
  await client.query('CALL ub_refresh_rollups($1, $2)', [at(-86_400), at(7200)]);
}

// Sums of doubles differ in the last bits between plans; compare KPI values to 9 decimals.
const rounded = (rows: KpiBucketRow[]) =>
  rows.map((r) => ({ t: new Date(r.bucket).toISOString(), ...Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, v === null ? null : Number(v.toFixed(9))])) }));
const keys = (rows: { entityId: string; seq: number }[]) => rows.map((r) => `${r.entityId}#${r.seq}`);
const everyTruckReading = [T1, T2].flatMap((id) => Array.from({ length: STEPS }, (_, i) => `${id}#${i + 1}`));

describe.each(DATABASE_MODES)('history repository in %s mode', (mode, start, timescale) => {
  let target: DatabaseTarget;
  let client: Client;
  let history: HistoryRepository;

  beforeAll(async () => {
    const started = Date.now();
    target = await start();
    client = new Client({ connectionString: target.url });
    await client.connect();
    await seed(client);
    // The repository only calls query(sql, params), which a single Client answers like a pool.
    history = new HistoryRepository(client as unknown as Pool);
    process.stderr.write(`history-repository-modes ${mode}: ready in ${Date.now() - started} ms\n`);
  });

  afterAll(async () => {
    if (client) {
      if (!timescale) {
        const byId: [string, string, string[]][] = [
          ['truck_id', 'truck', TRUCK_IDS],
          ['bike_id', 'bike', [B1, B2, B3]],
          ['boat_id', 'boat', [BT1, BT2]],
        ];
        for (const [column, fleet, ids] of byId) {
          const raw = fleet === 'bike' ? 'bike_events' : `${fleet}_readings`;
          for (const table of [raw, `${fleet}_positions_1m`, `${fleet}_positions_1h`, `${fleet}_activity_1m`, `${fleet}_activity_1h`]) {
            await client.query(`DELETE FROM ${table} WHERE ${column} = ANY($1)`, [ids]);
          }
        }
        for (const table of ['corridor_observations', 'corridor_kpis_1m', 'corridor_kpis_1h']) await client.query(`DELETE FROM ${table} WHERE corridor_id = $1`, [C1]);
        for (const table of ['truck', 'bike', 'boat'].flatMap((f) => ['1m', '1h'].flatMap((w) => [`${f}_kpis_${w}`, `${f}_fleet_activity_${w}`]))) {
          await client.query(`DELETE FROM ${table} WHERE bucket >= $1 AND bucket < $2`, [at(-86_400), at(7200)]);
        }
      }
      await client.end();
    }
    await target?.stop();
  });

  describe('tracks', () => {
    const range = { fleet: 'trucks' as const, ids: [T2, T1, `${P}-silent`], from: new Date(at(0)), to: new Date(at(180)), after: null, limit: 1000 };

    it('lists every reading of the entities, by id then time, with their properties', async () => {
      const rows = await history.findTracks(range);
      expect(keys(rows)).toEqual(everyTruckReading);
      expect(rows[13]).toMatchObject({ entityId: T1, seq: 14, lon: 105.013, lat: 29.5, properties: { speedKmh: 10, loadKg: 400, taskState: TaskState.UNLOADING } });
      expect(new Date(rows[13]?.recordedAt ?? '').toISOString()).toBe(at(130));
    });

    it('resumes strictly after a keyset position, across entities', async () => {
      const seen: string[] = [];
      let after = null;
      for (let page = 0; page < 10; page++) {
        const rows = await history.findTracks({ ...range, after, limit: 7 });
        seen.push(...keys(rows));
        const last = rows.at(-1);
        if (rows.length < 7 || !last) break;
        after = { entityId: last.entityId, recordedAt: last.recordedAt, seq: last.seq };
      }
      expect(seen).toEqual(everyTruckReading);
    });

    it('downsamples to the last reading of each entity in each bucket', async () => {
      const rows = await history.findSampledTracks(range, 60);
      expect(rows.map((r) => [r.entityId, r.seq, new Date(r.bucket).toISOString()])).toEqual(
        [T1, T2].flatMap((id) => [[id, 6, at(0)], [id, 12, at(60)], [id, 18, at(120)]]),
      );
    });

    it('serves bikes and boats with their own properties', async () => {
      const bikes = await history.findTracks({ ...range, fleet: 'bikes', ids: [B1], to: new Date(at(120)) });
      expect(bikes.map((r) => r.properties)).toEqual([
        { kind: BikeEventKind.TRIP_START, fenceId: null, inFence: false, isEbike: true, batteryPct: 77, operator: 'op' },
        { kind: BikeEventKind.TRIP_END, fenceId: 'fence-7', inFence: true, isEbike: true, batteryPct: 77, operator: 'op' },
      ]);
      const boats = await history.findTracks({ ...range, fleet: 'boats', ids: [BT1], to: new Date(at(120)) });
      expect(boats.map((r) => r.properties.debrisKg)).toEqual([10, 12, 15, 16]);
    });
  });

  describe('state at an instant', () => {
    it("gives each truck's last reading within the lookback, by id, page by page", async () => {
      const all = await history.findStateAt({ fleet: 'trucks', at: new Date(at(95)), lookbackSeconds: 600, afterEntityId: null, limit: 100 });
      const ours = all.filter((r) => r.entityId.startsWith(P));
      expect(ours.map((r) => [r.entityId, r.seq, new Date(r.recordedAt).toISOString()])).toEqual([
        [T1, 10, at(90)],
        [T2, 10, at(90)],
        [T3, 1, at(-300)],
      ]);
      const second = await history.findStateAt({ fleet: 'trucks', at: new Date(at(95)), lookbackSeconds: 600, afterEntityId: T1, limit: 1 });
      expect(second.map((r) => r.entityId)).toEqual([T2]);
    });

    it('counts a reading exactly at the instant and looks back a day for bikes', async () => {
      const bikes = await history.findStateAt({ fleet: 'bikes', at: new Date(at(65)), lookbackSeconds: 86_400, afterEntityId: null, limit: 100 });
      expect(bikes.filter((r) => r.entityId.startsWith(P)).map((r) => [r.entityId, r.properties.kind])).toEqual([
        [B1, BikeEventKind.TRIP_END],
        [B3, BikeEventKind.PARKED_STATE],
      ]);
    });
  });

  describe('export batches', () => {
    it('reads the window in key order, resuming across and within entities', async () => {
      const seen: string[] = [];
      let after = null;
      for (let batch = 0; batch < 20; batch++) {
        const rows = await history.findExportBatch({ fleet: 'trucks', from: new Date(at(0)), to: new Date(at(180)), after, limit: 5 });
        seen.push(...keys(rows));
        const last = rows.at(-1);
        if (rows.length < 5 || !last) break;
        after = { entityId: last.entityId, recordedAt: last.recordedAt, seq: last.seq };
      }
      expect(seen).toEqual(everyTruckReading);
    });

    it('exports bikes and answers an empty window with nothing', async () => {
      const bikes = await history.findExportBatch({ fleet: 'bikes', from: new Date(at(0)), to: new Date(at(120)), after: null, limit: 100 });
      expect(keys(bikes)).toEqual([`${B1}#1`, `${B1}#2`, `${B2}#1`]);
      expect(await history.findExportBatch({ fleet: 'boats', from: new Date(at(-7200)), to: new Date(at(-3600)), after: null, limit: 100 })).toEqual([]);
    });
  });

  describe('KPI series from the roll-ups', () => {
    const kpis = async (fleet: 'trucks' | 'bikes' | 'boats' | 'corridors', bucketSeconds: number, from: number, to: number) =>
      rounded(await history.findKpis(fleet, bucketSeconds, new Date(at(from)), new Date(at(to))));

    it('trucks by the minute: active, mean speed, delivered load, readings, distance; empty buckets listed', async () => {
      // 6 readings a minute each at 10 and 20 km/h: 180 km/h-readings / 3600 = 0.05 km (speed x the nominal 1 s).
      const minute = { activeTrucks: 2, meanSpeedKmh: 15, loadDeliveredKg: 0, readings: 12, distanceKm: 0.05 };
      expect(await kpis('trucks', 60, 0, 240)).toEqual([
        { t: at(0), ...minute },
        { t: at(60), ...minute },
        { t: at(120), ...minute, loadDeliveredKg: 1000 },
        { t: at(180), activeTrucks: 0, meanSpeedKmh: null, loadDeliveredKg: 0, readings: 0, distanceKm: 0 },
      ]);
    });

    it('trucks by the hour from the hour roll-up, from rounded down', async () => {
      expect(await kpis('trucks', 3600, 1800, 3 * 3600)).toEqual([
        { t: at(0), activeTrucks: 2, meanSpeedKmh: 15, loadDeliveredKg: 1000, readings: 36, distanceKm: 0.15 },
        { t: at(3600), activeTrucks: 0, meanSpeedKmh: null, loadDeliveredKg: 0, readings: 0, distanceKm: 0 },
        { t: at(7200), activeTrucks: 0, meanSpeedKmh: null, loadDeliveredKg: 0, readings: 0, distanceKm: 0 },
      ]);
    });

    it('bikes: events, trip ends, trip ends outside fences, distinct bikes, bikes left outside', async () => {
      expect(await kpis('bikes', 60, 0, 120)).toEqual([
        { t: at(0), events: 1, tripsEnded: 0, endedOutsideFences: 0, distinctBikes: 1, bikesOutsideFences: 0 },
        { t: at(60), events: 2, tripsEnded: 2, endedOutsideFences: 1, distinctBikes: 2, bikesOutsideFences: 1 },
      ]);
      expect(await kpis('bikes', 3600, 0, 3600)).toEqual([{ t: at(0), events: 3, tripsEnded: 2, endedOutsideFences: 1, distinctBikes: 2, bikesOutsideFences: 1 }]);
    });

    it('boats: debris collected as the rise of the cumulative figure, battery, distance', async () => {
      const minute = { activeBoats: 2, debrisCollectedKg: 2, meanBatteryPct: 70, distanceKm: Number((12 / 3600).toFixed(9)) };
      expect(await kpis('boats', 60, 0, 120)).toEqual([{ t: at(0), ...minute }, { t: at(60), ...minute }]);
      expect(await kpis('boats', 3600, 0, 3600)).toEqual([{ t: at(0), ...minute, debrisCollectedKg: 4, distanceKm: Number((24 / 3600).toFixed(9)) }]);
    });

    it('corridors: means over every observation of the bucket', async () => {
      const observed = { meanArrivalsOnGreenPct: 70, meanTravelTimeRatio: 1.05, meanStops: 0.5, observations: 2 };
      expect(await kpis('corridors', 60, 0, 120)).toEqual([
        { t: at(0), ...observed },
        { t: at(60), meanArrivalsOnGreenPct: null, meanTravelTimeRatio: null, meanStops: null, observations: 0 },
      ]);
      expect(await kpis('corridors', 3600, 0, 3600)).toEqual([{ t: at(0), ...observed }]);
    });
  });
});
