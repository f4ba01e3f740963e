import { randomInt, randomUUID } from 'node:crypto';
import { AmbulanceState, BikeEventKind, BoatTaskState, CallStage, TaskState, TruckKind } from '@urban-brain/proto';
import { Client, type Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiFleet } from '../src/history/history-fleet';
import type { HistoryPosition } from '../src/history/history-query.schemas';
import { HistoryRepository, type HistoryReadingRow, type KpiBucketRow, type SampledReadingRow } from '../src/history/history.repository';
import { DATABASE_MODES, type DatabaseTarget } from './database-modes';

// Every HistoryRepository query in every database mode of
// database-modes.ts, with the same data and the same assertions, expected values worked out by hand from
// the seed: window edges, keyset resumption, lookback limits, empty buckets. HTTP: history.test.ts.

// KPIs, state and export read whole fleets: a random day of the 1980s nobody else writes to, and unique ids.
const P = `it-hrm-${randomUUID().slice(0, 8)}`;
const BASE_MS = Date.UTC(1980, 0, 1, 10) + randomInt(0, 3000) * 86_400_000;
const at = (seconds: number) => new Date(BASE_MS + seconds * 1000).toISOString();
// The stored time as the queries return it (microseconds), `micros` past the whole second.
const exact = (seconds: number, micros = 0) => at(seconds).replace('.000Z', `.${String(micros).padStart(6, '0')}Z`);
const T1 = `${P}-t1`;
const T2 = `${P}-t2`;
const T3 = `${P}-t3`; // last seen 5 minutes before the window: inside the trucks' 10-minute lookback
const T4 = `${P}-t4`; // last seen 11 minutes before: outside it
const T5 = `${P}-t5`; // five hours later, alone: readings sharing a time, 500 microseconds apart, on the window's edges
const B1 = `${P}-b1`;
const B2 = `${P}-b2`;
const B3 = `${P}-b3`; // parked 20 hours before: bikes look back 24 h
const BT1 = `${P}-bt1`;
const BT2 = `${P}-bt2`;
const C1 = `${P}-c1`;
const A1 = `${P}-a1`; // every 10 s: to the scene of call 1 for a minute, then on scene
const A2 = `${P}-a2`; // at its station every 30 s, on no call
const A3 = `${P}-a3`; // last seen 11 minutes before: outside the ambulances' 10-minute lookback
const AMBULANCE_IDS = [A1, A2, A3];
const CALL1 = `${P}-call1`;
// Emergency calls: each step's second (received first); responses (received -> on scene) 300, 480, 360 s in
// hour 0 and 720 s in hour 1. Hour 2 is left out of the roll-up refresh: CALL6 reaches its scene there.
const CALLS: Record<string, [CallStage, number][]> = {
  [CALL1]: [[CallStage.RECEIVED, 0], [CallStage.DISPATCHED, 60], [CallStage.ON_SCENE, 300], [CallStage.TRANSPORTING, 900], [CallStage.AT_HOSPITAL, 1500], [CallStage.CLOSED, 1800]],
  [`${P}-call2`]: [[CallStage.RECEIVED, 600], [CallStage.DISPATCHED, 620], [CallStage.ON_SCENE, 1080], [CallStage.CLOSED, 3000]],
  [`${P}-call3`]: [[CallStage.RECEIVED, 1200], [CallStage.DISPATCHED, 1230], [CallStage.ON_SCENE, 1560], [CallStage.CLOSED, 4000]],
  [`${P}-call4`]: [[CallStage.RECEIVED, 3300], [CallStage.DISPATCHED, 3500], [CallStage.ON_SCENE, 4020]],
  [`${P}-call5`]: [[CallStage.RECEIVED, 3500]],
  [`${P}-call6`]: [[CallStage.RECEIVED, 7300], [CallStage.DISPATCHED, 7320], [CallStage.ON_SCENE, 7500]],
};
const TRUCK_IDS = [T1, T2, T3, T4, T5];
// T5's window [FINE, FINE + 3 s) holds seq 1..5; seq 6 is 1 microsecond before it, seq 7 exactly at its end.
const FINE = 5 * 3600;
const FINE_READINGS: [seq: number, recordedAt: string][] = [
  [1, exact(FINE)],
  [2, exact(FINE + 1)],
  [3, exact(FINE + 1)],
  [4, exact(FINE + 2, 250)],
  [5, exact(FINE + 2, 750)],
  [6, exact(FINE - 1, 999_999)],
  [7, exact(FINE + 3)],
];

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
    [T3, 1, at(-300), 105.3, 29.3, 0, 0, TaskState.IDLE], [T4, 1, at(-660), 105.4, 29.4, 0, 0, TaskState.IDLE],
    ...FINE_READINGS.map(([seq, time]) => [T5, seq, time, 105.5, 29.5, 5, 0, TaskState.SWEEPING])];
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
  // Minute 0: direction 1 twice (ratios 1.2, 0.9). Minute 2: direction 1 once (1.5), direction 2 twice (0.8, 1.0),
  // so a mean of the roll-up rows and the mean over observations differ.
  await client.query(
    `INSERT INTO corridor_observations (corridor_id, seq, recorded_at, direction, travel_time_s, design_travel_time_s, stops, arrivals_on_green_pct, vehicles)
     VALUES ($1, 1, $2, 1, 120, 100, 1, 80, 10), ($1, 2, $3, 1, 90, 100, 0, 60, 10),
            ($1, 3, $4, 1, 150, 100, 3, 10, 10), ($1, 4, $5, 2, 80, 100, 0, 40, 10), ($1, 5, $6, 2, 100, 100, 2, 100, 10)`,
    [C1, at(10), at(20), at(130), at(140), at(150)],
  );
  const ambulances: unknown[][] = [
    ...Array.from({ length: 12 }, (_, i) => [A1, i + 1, at(i * 10), 105.06 + i / 1000, 29.58, i < 6 ? 60 : 0, i < 6 ? AmbulanceState.TO_SCENE : AmbulanceState.ON_SCENE, CALL1]),
    ...Array.from({ length: 4 }, (_, i) => [A2, i + 1, at(i * 30), 105.07, 29.59, 0, AmbulanceState.AVAILABLE, '']),
    [A3, 1, at(-660), 105.08, 29.6, 0, AmbulanceState.AVAILABLE, ''],
  ];
  await client.query(
    `INSERT INTO ambulance_readings (ambulance_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, state, call_id, station_id)
     SELECT a, s, r, x, y, v, 270, st, c, 'station-1' FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::float8[], $5::float8[], $6::real[], $7::smallint[], $8::text[]) AS u(a, s, r, x, y, v, st, c)`,
    [0, 1, 2, 3, 4, 5, 6, 7].map((c) => ambulances.map((row) => row[c])),
  );
  const callEvents = Object.entries(CALLS).flatMap(([call, steps]) => steps.map(([stage, second], i) => [call, i + 1, at(second), stage, at(steps[0]?.[1] ?? 0)]));
  await client.query(
    `INSERT INTO emergency_call_events (call_id, seq, recorded_at, stage, received_at, lon, lat, district_id, priority, ambulance_id, hospital_id)
     SELECT c, s, r, st, rc, 105.06, 29.58, 'shizhong', 1, '', '' FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::smallint[], $5::timestamptz[]) AS u(c, s, r, st, rc)`,
    [0, 1, 2, 3, 4].map((c) => callEvents.map((row) => row[c])),
  );
  // Complete buckets only, as the roll-ups keep them: B3's day before through two hours after.
  await client.query('CALL ub_refresh_rollups($1, $2)', [at(-86_400), at(7200)]);
}

// Sums of doubles differ in the last bits between plans; compare KPI values to 9 decimals.
const rounded = (rows: KpiBucketRow[]) =>
  rows.map((r) => ({ t: new Date(r.bucket).toISOString(), ...Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, v === null ? null : Number(v.toFixed(9))])) }));
const keys = (rows: { entityId: string; seq: number }[]) => rows.map((r) => `${r.entityId}#${r.seq}`);
const everyTruckReading = [T1, T2].flatMap((id) => Array.from({ length: STEPS }, (_, i) => `${id}#${i + 1}`));
const ours = <R extends { entityId: string }>(rows: R[]) => rows.filter((r) => r.entityId.startsWith(P));
const positionOf = (row: HistoryReadingRow): HistoryPosition => ({ entityId: row.entityId, recordedAt: row.recordedAt, seq: row.seq });

// Reads page after page, each resuming after the previous one's last row, until a short page; returns every page's keys.
async function pageKeys(read: (after: HistoryPosition | null) => Promise<HistoryReadingRow[]>, limit: number, resume = positionOf): Promise<string[][]> {
  const pages: string[][] = [];
  let after: HistoryPosition | null = null;
  for (let page = 0; page < 50; page++) {
    const rows = await read(after);
    pages.push(keys(rows));
    const last = rows.at(-1);
    if (rows.length < limit || !last) return pages;
    after = resume(last);
  }
  throw new Error('more than 50 pages');
}

// The pages a correct keyset gives: full pages, then the rest (an empty page when the rest is nothing).
const chunked = (all: string[], size: number) => Array.from({ length: Math.floor(all.length / size) + 1 }, (_, i) => all.slice(i * size, (i + 1) * size));

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
        await client.query('DELETE FROM ambulance_readings WHERE ambulance_id = ANY($1)', [AMBULANCE_IDS]);
        await client.query('DELETE FROM emergency_call_events WHERE call_id = ANY($1)', [Object.keys(CALLS)]);
        await client.query('DELETE FROM ambulance_calls_1h WHERE bucket >= $1 AND bucket < $2', [at(-86_400), at(7200)]);
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

    it('downsamples bikes and boats, from inclusive and to exclusive', async () => {
      const sampled = async (fleet: 'trucks' | 'bikes' | 'boats', ids: string[], from: number, to: number) =>
        (await history.findSampledTracks({ fleet, ids, from: new Date(at(from)), to: new Date(at(to)), after: null, limit: 100 }, 60)).map((r) => [
          r.entityId,
          r.seq,
          r.bucket,
        ]);
      // B1 at 5 s (= from) and 65 s; B2 at 70 s (= to).
      expect(await sampled('bikes', [B1, B2, B3], 5, 70)).toEqual([
        [B1, 1, exact(0)],
        [B1, 2, exact(60)],
      ]);
      // Boats at 0, 30, 60, 90 s: from 30 s keeps seq 2 in the first minute, to 90 s leaves seq 3 the last of the second.
      expect(await sampled('boats', [BT2, BT1], 30, 90)).toEqual([
        [BT1, 2, exact(0)],
        [BT1, 3, exact(60)],
        [BT2, 2, exact(0)],
        [BT2, 3, exact(60)],
      ]);
      // T1's reading at 120 s (= to) would open a third bucket.
      expect(await sampled('trucks', [T1], 30, 120)).toEqual([
        [T1, 6, exact(0)],
        [T1, 12, exact(60)],
      ]);
    });

    it('resumes a downsampled track at the next bucket, as the service pages it', async () => {
      // HistoryService resumes after (entity, bucket + every, seq -1): the rest of the bucket is already represented.
      const resume = (row: HistoryReadingRow): HistoryPosition => {
        const { bucket } = row as SampledReadingRow;
        return { entityId: row.entityId, recordedAt: new Date(new Date(bucket).getTime() + 60_000).toISOString(), seq: -1 };
      };
      const window = { fleet: 'boats' as const, ids: [BT1, BT2], from: new Date(at(0)), to: new Date(at(120)) };
      const pages = await pageKeys((after) => history.findSampledTracks({ ...window, after, limit: 1 }, 60), 1, resume);
      expect(pages).toEqual([[`${BT1}#2`], [`${BT1}#4`], [`${BT2}#2`], [`${BT2}#4`], []]);
      const trucks = { ...window, fleet: 'trucks' as const, ids: [T1, T2], to: new Date(at(180)) };
      expect(await pageKeys((after) => history.findSampledTracks({ ...trucks, after, limit: 4 }, 60), 4, resume)).toEqual([
        [`${T1}#6`, `${T1}#12`, `${T1}#18`, `${T2}#6`],
        [`${T2}#12`, `${T2}#18`],
      ]);
    });

    it('serves bikes and boats with their own properties', async () => {
      const bikes = await history.findTracks({ ...range, fleet: 'bikes', ids: [B1], to: new Date(at(120)) });
      expect(bikes.map((r) => r.properties)).toEqual([
        { kind: BikeEventKind.TRIP_START, fenceId: null, inFence: false, isEbike: true, batteryPct: 77, operator: 'op' },
        { kind: BikeEventKind.TRIP_END, fenceId: 'fence-7', inFence: true, isEbike: true, batteryPct: 77, operator: 'op' },
      ]);
      const boats = await history.findTracks({ ...range, fleet: 'boats', ids: [BT1], to: new Date(at(120)) });
      expect(boats.map((r) => r.properties.debrisKg)).toEqual([10, 12, 15, 16]);
      expect(boats[1]).toEqual({
        entityId: BT1,
        recordedAt: exact(30),
        seq: 2,
        lon: 105.2,
        lat: 29.7,
        properties: { speedKmh: 3, headingDeg: 45, debrisKg: 12, batteryPct: 80, taskState: BoatTaskState.SWEEPING },
      });
    });

    // Each window starts on a reading (kept) and ends on one (left out); ids outside the list never appear.
    const EDGES = [
      ['trucks', [T3, T1], 10, 30, [`${T1}#2`, `${T1}#3`]],
      ['bikes', [B2, B1], 5, 70, [`${B1}#1`, `${B1}#2`]],
      ['boats', [BT2, BT1], 30, 90, [`${BT1}#2`, `${BT1}#3`, `${BT2}#2`, `${BT2}#3`]],
    ] as const;

    it.each(EDGES)('%s: from inclusive, to exclusive, only the listed ids, resumable one row at a time', async (fleet, ids, from, to, expected) => {
      const window = { fleet, ids: [...ids], from: new Date(at(from)), to: new Date(at(to)) };
      expect(keys(await history.findTracks({ ...window, after: null, limit: 100 }))).toEqual(expected);
      expect(await pageKeys((after) => history.findTracks({ ...window, after, limit: 1 }), 1)).toEqual(chunked([...expected], 1));
    });

    it('pages between readings sharing a time and readings 500 microseconds apart', async () => {
      const window = { fleet: 'trucks' as const, ids: [T5], from: new Date(at(FINE)), to: new Date(at(FINE + 3)) };
      const all = await history.findTracks({ ...window, after: null, limit: 100 });
      expect(all.map((r) => [r.seq, r.recordedAt])).toEqual(FINE_READINGS.slice(0, 5));
      // The values as stored, reals included: the /trucks/{id}/track alias inlines these properties.
      expect(all[0]).toEqual({
        entityId: T5,
        recordedAt: exact(FINE),
        seq: 1,
        lon: 105.5,
        lat: 29.5,
        properties: { speedKmh: 5, headingDeg: 90, loadKg: 0, taskState: TaskState.SWEEPING, kind: TruckKind.COMPACTOR },
      });
      for (const limit of [1, 2, 3]) {
        expect(await pageKeys((after) => history.findTracks({ ...window, after, limit }), limit), `limit ${limit}`).toEqual(chunked(keys(all), limit));
      }
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

  describe('state at an instant: edges', () => {
    const state = async (fleet: 'trucks' | 'bikes' | 'boats', seconds: number, lookbackSeconds: number, afterEntityId: string | null = null, limit = 100) =>
      ours(await history.findStateAt({ fleet, at: new Date(at(seconds)), lookbackSeconds, afterEntityId, limit }));

    it("gives each boat's last reading, one exactly at the instant included", async () => {
      const boats = await state('boats', 60, 600);
      expect(boats.map((r) => [r.entityId, r.seq, r.recordedAt, r.properties.debrisKg, r.properties.batteryPct])).toEqual([
        [BT1, 3, exact(60), 15, 80],
        [BT2, 3, exact(60), 8, 60],
      ]);
      expect((await state('boats', 59, 600)).map((r) => keys([r])[0])).toEqual([`${BT1}#2`, `${BT2}#2`]);
    });

    it('looks back strictly less than the lookback: a reading exactly that old is not the state', async () => {
      // The boats' last readings are at 90 s: 599 s later they are the state, 600 s later nothing is.
      expect(keys(await state('boats', 689, 600))).toEqual([`${BT1}#4`, `${BT2}#4`]);
      expect(await state('boats', 690, 600)).toEqual([]);
      // T3 last reported at -300 s.
      expect(keys(await state('trucks', 299, 600))).toEqual([`${T1}#18`, `${T2}#18`, `${T3}#1`]);
      expect(keys(await state('trucks', 300, 600))).toEqual([`${T1}#18`, `${T2}#18`]);
    });

    it('pages by entity id; an entity with nothing in the lookback neither appears nor uses up the limit', async () => {
      // At 60 s B2 has not reported yet (70 s): after B1, one entity, is B3.
      expect(keys(await state('bikes', 60, 86_400, B1, 1))).toEqual([`${B3}#1`]);
      expect(keys(await state('boats', 60, 600, BT1, 1))).toEqual([`${BT2}#3`]);
      expect(await state('boats', 60, 600, BT2)).toEqual([]);
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

    // A fleet's whole window: from on a reading (kept), to on a reading (left out); other fleets' rows never appear.
    const WINDOWS = [
      ['trucks', 10, 30, [`${T1}#2`, `${T1}#3`, `${T2}#2`, `${T2}#3`]],
      ['bikes', 5, 70, [`${B1}#1`, `${B1}#2`]],
      ['boats', 30, 90, [`${BT1}#2`, `${BT1}#3`, `${BT2}#2`, `${BT2}#3`]],
    ] as const;

    it.each(WINDOWS)('%s: from inclusive, to exclusive, in batches of 1 and 3', async (fleet, from, to, expected) => {
      for (const limit of [1, 3, 100]) {
        const batches = await pageKeys((after) => history.findExportBatch({ fleet, from: new Date(at(from)), to: new Date(at(to)), after, limit }), limit);
        expect(batches, `batch size ${limit}`).toEqual(chunked([...expected], limit));
      }
    });

    it('exports boats with their properties and resumes between readings 500 microseconds apart', async () => {
      const [first] = await history.findExportBatch({ fleet: 'boats', from: new Date(at(60)), to: new Date(at(61)), after: null, limit: 1 });
      expect(first).toEqual({
        entityId: BT1,
        recordedAt: exact(60),
        seq: 3,
        lon: 105.2,
        lat: 29.7,
        properties: { speedKmh: 3, headingDeg: 45, debrisKg: 15, batteryPct: 80, taskState: BoatTaskState.SWEEPING },
      });
      const window = { fleet: 'trucks' as const, from: new Date(at(FINE)), to: new Date(at(FINE + 3)) };
      const expected = FINE_READINGS.slice(0, 5).map(([seq]) => `${T5}#${seq}`);
      for (const limit of [1, 2, 3]) {
        expect(await pageKeys((after) => history.findExportBatch({ ...window, after, limit }), limit), `batch size ${limit}`).toEqual(chunked(expected, limit));
      }
    });

    it('exports bikes and answers an empty window with nothing', async () => {
      const bikes = await history.findExportBatch({ fleet: 'bikes', from: new Date(at(0)), to: new Date(at(120)), after: null, limit: 100 });
      expect(keys(bikes)).toEqual([`${B1}#1`, `${B1}#2`, `${B2}#1`]);
      expect(await history.findExportBatch({ fleet: 'boats', from: new Date(at(-7200)), to: new Date(at(-3600)), after: null, limit: 100 })).toEqual([]);
    });
  });

  describe('ambulances', () => {
    const window = { fleet: 'ambulances' as const, ids: [A2, A1, A3], from: new Date(at(10)), to: new Date(at(40)) };

    it('tracks: from inclusive, to exclusive, by id then time, with speed, heading, state, call and station', async () => {
      const rows = await history.findTracks({ ...window, after: null, limit: 100 });
      expect(keys(rows)).toEqual([`${A1}#2`, `${A1}#3`, `${A1}#4`, `${A2}#2`]);
      expect(rows[0]).toEqual({
        entityId: A1,
        recordedAt: exact(10),
        seq: 2,
        lon: 105.061,
        lat: 29.58,
        properties: { speedKmh: 60, headingDeg: 270, state: AmbulanceState.TO_SCENE, callId: CALL1, stationId: 'station-1' },
      });
      expect(rows[3]?.properties).toEqual({ speedKmh: 0, headingDeg: 270, state: AmbulanceState.AVAILABLE, callId: '', stationId: 'station-1' });
      expect(await pageKeys((after) => history.findTracks({ ...window, after, limit: 1 }), 1)).toEqual(chunked(keys(rows), 1));
    });

    it('downsamples to the last reading of each ambulance in each minute', async () => {
      const rows = await history.findSampledTracks({ ...window, from: new Date(at(0)), to: new Date(at(120)), after: null, limit: 100 }, 60);
      expect(rows.map((r) => [r.entityId, r.seq, r.bucket, r.properties.state])).toEqual([
        [A1, 6, exact(0), AmbulanceState.TO_SCENE],
        [A1, 12, exact(60), AmbulanceState.ON_SCENE],
        [A2, 2, exact(0), AmbulanceState.AVAILABLE],
        [A2, 4, exact(60), AmbulanceState.AVAILABLE],
      ]);
    });

    it("state at an instant: each ambulance's last reading within ten minutes, paged by id", async () => {
      const state = async (seconds: number, afterEntityId: string | null = null, limit = 100) =>
        ours(await history.findStateAt({ fleet: 'ambulances', at: new Date(at(seconds)), lookbackSeconds: 600, afterEntityId, limit }));
      expect((await state(95)).map((r) => [r.entityId, r.seq, r.recordedAt, r.properties.state])).toEqual([
        [A1, 10, exact(90), AmbulanceState.ON_SCENE],
        [A2, 4, exact(90), AmbulanceState.AVAILABLE],
      ]);
      // A3 reported 660 s before 0: 61 s before 0 that is within the lookback, at 0 it is not.
      expect(keys(await state(-61))).toEqual([`${A3}#1`]);
      expect(keys(await state(0))).toEqual([`${A1}#1`, `${A2}#1`]);
      expect(keys(await state(95, A1, 1))).toEqual([`${A2}#4`]);
    });

    it('export batches: the window in key order, in batches of 1, 5 and 100', async () => {
      const expected = [...Array.from({ length: 12 }, (_, i) => `${A1}#${i + 1}`), ...Array.from({ length: 4 }, (_, i) => `${A2}#${i + 1}`)];
      for (const limit of [1, 5, 100]) {
        const batches = await pageKeys((after) => history.findExportBatch({ fleet: 'ambulances', from: new Date(at(0)), to: new Date(at(120)), after, limit }), limit);
        expect(batches, `batch size ${limit}`).toEqual(chunked(expected, limit));
      }
    });
  });

  describe('KPI series from the roll-ups', () => {
    const NO_TRUCK_READINGS = { activeTrucks: 0, meanSpeedKmh: null, loadDeliveredKg: 0, readings: 0, distanceKm: 0 };
    const NO_BIKE_EVENTS = { events: 0, tripsEnded: 0, endedOutsideFences: 0, distinctBikes: 0, bikesOutsideFences: 0 };
    const NO_BOAT_READINGS = { activeBoats: 0, debrisCollectedKg: 0, meanBatteryPct: null, distanceKm: 0 };
    const NO_CORRIDOR_OBSERVATIONS = { meanArrivalsOnGreenPct: null, meanTravelTimeRatio: null, meanStops: null, observations: 0 };
    const kpis = async (fleet: KpiFleet, bucketSeconds: number, from: number, to: number) =>
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

    it('says where the roll-ups end: the end of the newest bucket they hold, past this seed\'s last minute and hour', async () => {
      // Other tests share the database, so the newest bucket may be later than this seed's; never earlier.
      const minutes = await history.findKpisRolledUpTo('trucks', 60);
      const hours = await history.findKpisRolledUpTo('trucks', 3600);
      expect(minutes!.getTime()).toBeGreaterThanOrEqual(Date.parse(at(180)));
      expect(minutes!.getTime() % 60_000).toBe(0);
      expect(hours!.getTime()).toBeGreaterThanOrEqual(Date.parse(at(3600)));
      expect(hours!.getTime() % 3_600_000).toBe(0);
      expect((await history.findKpisRolledUpTo('corridors', 60))!.getTime()).toBeGreaterThanOrEqual(Date.parse(at(60)));
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
        { t: at(60), ...NO_CORRIDOR_OBSERVATIONS },
      ]);
    });

    // Expected values below are worked out by hand from the seed, bucket by bucket.
    it('bikes by the minute: empty minutes on both sides, from and to on bucket starts', async () => {
      expect(await kpis('bikes', 60, -60, 180)).toEqual([
        { t: at(-60), ...NO_BIKE_EVENTS },
        { t: at(0), events: 1, tripsEnded: 0, endedOutsideFences: 0, distinctBikes: 1, bikesOutsideFences: 0 },
        { t: at(60), events: 2, tripsEnded: 2, endedOutsideFences: 1, distinctBikes: 2, bikesOutsideFences: 1 },
        { t: at(120), ...NO_BIKE_EVENTS },
      ]);
    });

    it('bikes by the hour: B3 parked in a fence 20 h before, empty hours listed, to inside an hour lists it', async () => {
      // B3's PARKED_STATE in fence-9: one event, one bike, not outside a fence.
      expect(await kpis('bikes', 3600, -72_000 + 1800, -72_000 + 7200)).toEqual([
        { t: at(-72_000), events: 1, tripsEnded: 0, endedOutsideFences: 0, distinctBikes: 1, bikesOutsideFences: 0 },
        { t: at(-68_400), ...NO_BIKE_EVENTS },
      ]);
      // Hour 0: B1's start and end (in fence-7), B2's end outside any fence.
      expect(await kpis('bikes', 3600, -3600, 3601)).toEqual([
        { t: at(-3600), ...NO_BIKE_EVENTS },
        { t: at(0), events: 3, tripsEnded: 2, endedOutsideFences: 1, distinctBikes: 2, bikesOutsideFences: 1 },
        { t: at(3600), ...NO_BIKE_EVENTS },
      ]);
      // `to` on an hour's start leaves that hour out.
      expect(await kpis('bikes', 3600, -3600, 0)).toEqual([{ t: at(-3600), ...NO_BIKE_EVENTS }]);
    });

    it('boats by the minute and by the hour, empty buckets with a null mean battery', async () => {
      // Per minute: BT1 rises 10 -> 12 then 15 -> 16, BT2 5 -> 5 then 8 -> 9; 4 readings at 3 km/h; battery 80 and 60.
      const minute = { activeBoats: 2, debrisCollectedKg: 2, meanBatteryPct: 70, distanceKm: Number((12 / 3600).toFixed(9)) };
      expect(await kpis('boats', 60, 30, 180)).toEqual([{ t: at(0), ...minute }, { t: at(60), ...minute }, { t: at(120), ...NO_BOAT_READINGS }]);
      // The hour sums the minutes: the 12 -> 15 and 5 -> 8 steps across the minute boundary are not collected (migration 006).
      expect(await kpis('boats', 3600, -1800, 7200)).toEqual([
        { t: at(-3600), ...NO_BOAT_READINGS },
        { t: at(0), activeBoats: 2, debrisCollectedKg: 4, meanBatteryPct: 70, distanceKm: Number((24 / 3600).toFixed(9)) },
        { t: at(3600), ...NO_BOAT_READINGS },
      ]);
    });

    it('corridors: each roll-up row weighted by its observations, by the minute and by the hour', async () => {
      // Minute 2: direction 1 (1 observation: ratio 1.5, stops 3, green 10) and direction 2 (2: means 0.9, 1, 70).
      // Weighted: ratio (1.5 + 2 x 0.9) / 3 = 1.1, stops (3 + 2) / 3, green (10 + 140) / 3 = 50.
      expect(await kpis('corridors', 60, 60, 180)).toEqual([
        { t: at(60), ...NO_CORRIDOR_OBSERVATIONS },
        { t: at(120), meanArrivalsOnGreenPct: 50, meanTravelTimeRatio: 1.1, meanStops: Number((5 / 3).toFixed(9)), observations: 3 },
      ]);
      // Hour 0, all five observations: ratios 1.2 0.9 1.5 0.8 1.0, stops 1 0 3 0 2, green 80 60 10 40 100.
      expect(await kpis('corridors', 3600, -3600, 7200)).toEqual([
        { t: at(-3600), ...NO_CORRIDOR_OBSERVATIONS },
        { t: at(0), meanArrivalsOnGreenPct: 58, meanTravelTimeRatio: 1.08, meanStops: 1.2, observations: 5 },
        { t: at(3600), ...NO_CORRIDOR_OBSERVATIONS },
      ]);
    });

    it('ambulances by the hour: calls received, on scene, closed, mean response from the roll-up, p50/p90 from the ON_SCENE events', async () => {
      const NO_CALLS = { callsReceived: 0, callsOnScene: 0, callsClosed: 0, meanResponseS: null, responseP50S: null, responseP90S: null };
      // Hour 0: five calls received; 300, 480 and 360 s to the scene (mean 380, median 360, p90 interpolated
      // 360 + 0.8 x (480 - 360) = 456); CALL1 and CALL2 closed. Hour 1: CALL4 on scene after 720 s, CALL3 closed.
      // Hour 2 is not rolled up: CALL6's ON_SCENE there is stored, but the bucket reads empty, percentiles too.
      expect(await kpis('ambulances', 3600, -3600, 3 * 3600)).toEqual([
        { t: at(-3600), ...NO_CALLS },
        { t: at(0), callsReceived: 5, callsOnScene: 3, callsClosed: 2, meanResponseS: 380, responseP50S: 360, responseP90S: 456 },
        { t: at(3600), callsReceived: 0, callsOnScene: 1, callsClosed: 1, meanResponseS: 720, responseP50S: 720, responseP90S: 720 },
        { t: at(7200), ...NO_CALLS },
      ]);
      // `to` inside an hour counts it whole; `from` is rounded down.
      expect(await kpis('ambulances', 3600, 1800, 3601)).toEqual([
        { t: at(0), callsReceived: 5, callsOnScene: 3, callsClosed: 2, meanResponseS: 380, responseP50S: 360, responseP90S: 456 },
        { t: at(3600), callsReceived: 0, callsOnScene: 1, callsClosed: 1, meanResponseS: 720, responseP50S: 720, responseP90S: 720 },
      ]);
    });

    it('ambulances over two-hour buckets: sums added up, percentiles over every ON_SCENE event of the bucket', async () => {
      // 300, 360, 480, 720: median 420, p90 at position 2.7 = 480 + 0.7 x 240 = 648; mean 1860 / 4 = 465.
      expect(await kpis('ambulances', 7200, 0, 7200)).toEqual([
        { t: at(0), callsReceived: 5, callsOnScene: 4, callsClosed: 3, meanResponseS: 465, responseP50S: 420, responseP90S: 648 },
      ]);
    });

    it('a bucket of several roll-up buckets adds them up, active being the busiest one', async () => {
      // 3-minute buckets over the trucks' minutes: 36 readings, T1's 1000 kg unload, 0.15 km; 2 trucks in every minute.
      expect(await kpis('trucks', 180, 0, 360)).toEqual([
        { t: at(0), activeTrucks: 2, meanSpeedKmh: 15, loadDeliveredKg: 1000, readings: 36, distanceKm: 0.15 },
        { t: at(180), ...NO_TRUCK_READINGS },
      ]);
      // `from` and `to` inside that bucket count it whole, at both ends: all three minutes.
      const whole = [{ t: at(0), activeTrucks: 2, meanSpeedKmh: 15, loadDeliveredKg: 1000, readings: 36, distanceKm: 0.15 }];
      expect(await kpis('trucks', 180, 0, 90)).toEqual(whole);
      expect(await kpis('trucks', 180, 90, 179)).toEqual(whole);
    });
  });
});
