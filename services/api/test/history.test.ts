import { randomInt, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger, createPool, parseConfig } from '@urban-brain/common';
import { AmbulanceState, BikeEventKind, BoatTaskState, CallStage, TaskState, TruckKind } from '@urban-brain/proto';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiConfigSchema } from '../src/config/api.config';
import { createApp } from '../src/create-app';
import { signedInAs } from './signed-in';
import type { HistoryPointDto, KpiSeriesResponseDto, StateResponseDto, TracksResponseDto } from '../src/history/history-response.dto';
import { HISTORY_SQL, HistoryRepository, kpiSqlFor } from '../src/history/history.repository';

// Runs the real app on an ephemeral port against the real database (scripts/stack/dev-infra.sh up).
const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) throw new Error('DATABASE_URL is not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

// KPIs, state and export read whole fleets, so this run owns its ids and also a random day nobody else writes to.
const P = `it-hist-${randomUUID().slice(0, 8)}`;
const BASE_MS = Date.UTC(2001, 0, 1, 10) + randomInt(0, 3000) * 86_400_000;
const at = (seconds: number) => new Date(BASE_MS + seconds * 1000).toISOString();
const T1 = `${P}-t1`;
const T2 = `${P}-t2`;
const T3 = `${P}-t3`; // last seen 11 minutes before the window: outside the trucks' state lookback
const T4 = `${P}-t4`; // last seen 5 minutes before the window: inside it
const B1 = `${P}-b1`;
const B2 = `${P}-b2`;
const B3 = `${P}-b3`; // parked 20 hours before: bikes look back 24 h
const BT1 = `${P}-bt1`;
const BT2 = `${P}-bt2`;
const C1 = `${P}-c1`;
const A1 = `${P}-a1`; // to the scene of CALL1 at 60 km/h for 30 s, then on scene
const A2 = `${P}-a2`; // at its station, on no call
const CALL1 = `${P}-call1`;
const CALL2 = `${P}-call2`;

// Trucks T1 and T2 report every 10 s for 3 minutes (seq 1..18). T1 unloads at 120 s and 130 s: 1000 kg -> 400 -> 0.
const TRUCK_STEPS = 18;
function truckLoad(truck: string, i: number): { loadKg: number; taskState: TaskState } {
  if (truck !== T1) return { loadKg: 500, taskState: TaskState.SWEEPING };
  if (i < 12) return { loadKg: 1000, taskState: TaskState.TO_TRANSFER_STATION };
  if (i === 12) return { loadKg: 400, taskState: TaskState.UNLOADING };
  if (i === 13) return { loadKg: 0, taskState: TaskState.UNLOADING };
  return { loadKg: 0, taskState: TaskState.IDLE };
}

// Roll-ups keyed by bucket alone: this run's day is cleared from them.
const FLEET_BUCKET_TABLES = [...['truck', 'bike', 'boat'].flatMap((f) => ['1m', '1h'].flatMap((w) => [`${f}_kpis_${w}`, `${f}_fleet_activity_${w}`])), 'ambulance_calls_1h'];

const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
const keyOf = (p: { id: string; seq: number }) => `${p.id}#${p.seq}`;

describe('history API', () => {
  let app: NestExpressApplication;
  let pool: Pool;
  let baseUrl: string;

  // An engineer: the history's state and export need that role (the tracks and KPIs an operator's).
  let auth: Record<string, string> = {};
  const get = (path: string, params: Record<string, string>) => fetch(`${baseUrl}/api/history/${path}?${new URLSearchParams(params)}`, { headers: auth });

  beforeAll(async () => {
    pool = createPool(DATABASE_URL, 2, 'api-history-integration-test');
    const trucks: unknown[][] = [];
    for (const truck of [T1, T2]) {
      for (let i = 0; i < TRUCK_STEPS; i++) {
        const { loadKg, taskState } = truckLoad(truck, i);
        trucks.push([truck, i + 1, at(i * 10), 105 + i / 1000, 29.5 + (truck === T1 ? 0 : 0.01), truck === T1 ? 10 : 20, loadKg, taskState]);
      }
    }
    trucks.push([T3, 1, at(-11 * 60), 105.3, 29.3, 0, 0, TaskState.IDLE], [T4, 1, at(-5 * 60), 105.4, 29.4, 0, 0, TaskState.IDLE]);
    for (const row of trucks) {
      await pool.query(
        `INSERT INTO truck_readings (truck_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind)
         VALUES ($1, $2, $3, $4, $5, $6, 90, $7, $8, ${TruckKind.COMPACTOR})`,
        row,
      );
    }
    const bikes: unknown[][] = [
      [B1, 1, at(5), BikeEventKind.TRIP_START, null, false],
      [B1, 2, at(65), BikeEventKind.TRIP_END, 'fence-7', true],
      [B2, 1, at(70), BikeEventKind.TRIP_END, null, false],
      [B3, 1, at(-20 * 3600), BikeEventKind.PARKED_STATE, 'fence-9', true],
    ];
    for (const row of bikes) {
      await pool.query(
        `INSERT INTO bike_events (bike_id, seq, recorded_at, kind, lon, lat, fence_id, in_fence, is_ebike, battery_pct, operator)
         VALUES ($1, $2, $3, $4, 105.1, 29.6, $5, $6, true, 77, 'op "A", Ltd')`,
        row,
      );
    }
    // Cumulative debris: BT1 10, 12 | 15, 16 and BT2 5, 5 | 8, 9 over two minutes.
    const debris: Record<string, number[]> = { [BT1]: [10, 12, 15, 16], [BT2]: [5, 5, 8, 9] };
    for (const [boat, values] of Object.entries(debris)) {
      for (const [i, kg] of values.entries()) {
        await pool.query(
          `INSERT INTO boat_readings (boat_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, debris_kg, battery_pct, task_state)
           VALUES ($1, $2, $3, 105.2, 29.7, 3, 45, $4, $5, $6)`,
          [boat, i + 1, at(i * 30), kg, boat === BT1 ? 80 : 60, BoatTaskState.SWEEPING],
        );
      }
    }
    for (const [seq, second, travel, stops, green] of [
      [1, 10, 120, 1, 80],
      [2, 20, 90, 0, 60],
    ] as const) {
      await pool.query(
        `INSERT INTO corridor_observations (corridor_id, seq, recorded_at, direction, travel_time_s, design_travel_time_s, stops, arrivals_on_green_pct, vehicles)
         VALUES ($1, $2, $3, 1, $4, 100, $5, $6, 10)`,
        [C1, seq, at(second), travel, stops, green],
      );
    }
    for (const [ambulance, seq, second, lon, state, callId] of [
      [A1, 1, 0, 105.06, AmbulanceState.TO_SCENE, CALL1],
      [A1, 2, 10, 105.07, AmbulanceState.TO_SCENE, CALL1],
      [A1, 3, 20, 105.08, AmbulanceState.TO_SCENE, CALL1],
      [A1, 4, 30, 105.09, AmbulanceState.ON_SCENE, CALL1],
      [A2, 1, 15, 105.075, AmbulanceState.AVAILABLE, ''],
    ] as const) {
      await pool.query(
        `INSERT INTO ambulance_readings (ambulance_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, state, call_id, station_id)
         VALUES ($1, $2, $3, $4, 29.58, $5, 45, $6, $7, 'station-1')`,
        [ambulance, seq, at(second), lon, state === AmbulanceState.TO_SCENE ? 60 : 0, state, callId],
      );
    }
    // CALL1: received at 0, on scene after 30 s, closed at 600 s; CALL2: received at 100 s, on scene after 90 s.
    for (const [call, seq, second, stage, receivedSecond] of [
      [CALL1, 1, 0, CallStage.RECEIVED, 0],
      [CALL1, 2, 5, CallStage.DISPATCHED, 0],
      [CALL1, 3, 30, CallStage.ON_SCENE, 0],
      [CALL1, 4, 600, CallStage.CLOSED, 0],
      [CALL2, 1, 100, CallStage.RECEIVED, 100],
      [CALL2, 2, 190, CallStage.ON_SCENE, 100],
    ] as const) {
      await pool.query(
        `INSERT INTO emergency_call_events (call_id, seq, recorded_at, stage, received_at, lon, lat, district_id, priority, ambulance_id, hospital_id)
         VALUES ($1, $2, $3, $4, $5, 105.09, 29.58, '', 1, $6, '')`,
        [call, seq, at(second), stage, at(receivedSecond), call === CALL1 ? A1 : A2],
      );
    }
    // KPI series read the roll-ups (migrations 005/006); roll this run's day up as ingest's job would.
    await pool.query('CALL ub_refresh_rollups($1, $2)', [at(-86_400), at(4 * 3600)]);
    const config = parseConfig(apiConfigSchema, { DATABASE_URL, DATABASE_POOL_SIZE: '2', LOG_LEVEL: 'warn', LIVE_TOKEN_SECRET: 'api-test-live-token-secret-0123456789abcdef' });
    app = await createApp(config, createLogger('api-test', 'warn'));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    auth = (await signedInAs(app, baseUrl, 'engineer')).headers;
  });

  afterAll(async () => {
    await app?.close();
    await pool?.query('DELETE FROM truck_readings WHERE truck_id = ANY($1)', [[T1, T2, T3, T4]]);
    await pool?.query('DELETE FROM bike_events WHERE bike_id = ANY($1)', [[B1, B2, B3]]);
    await pool?.query('DELETE FROM boat_readings WHERE boat_id = ANY($1)', [[BT1, BT2]]);
    await pool?.query('DELETE FROM corridor_observations WHERE corridor_id = $1', [C1]);
    await pool?.query('DELETE FROM ambulance_readings WHERE ambulance_id = ANY($1)', [[A1, A2]]);
    await pool?.query('DELETE FROM emergency_call_events WHERE call_id = ANY($1)', [[CALL1, CALL2]]);
    for (const [fleet, column, ids] of [['truck', 'truck_id', [T1, T2, T3, T4]], ['bike', 'bike_id', [B1, B2, B3]], ['boat', 'boat_id', [BT1, BT2]]] as const) {
      for (const suffix of ['positions_1m', 'positions_1h', 'activity_1m', 'activity_1h']) await pool?.query(`DELETE FROM ${fleet}_${suffix} WHERE ${column} = ANY($1)`, [ids]);
    }
    for (const table of ['corridor_kpis_1m', 'corridor_kpis_1h']) await pool?.query(`DELETE FROM ${table} WHERE corridor_id = $1`, [C1]);
    for (const table of FLEET_BUCKET_TABLES) {
      await pool?.query(`DELETE FROM ${table} WHERE bucket >= $1 AND bucket < $2`, [at(-86_400), at(4 * 3600)]);
    }
    await pool?.end();
  });

  describe('GET /api/history/tracks', () => {
    const window = { fleet: 'trucks', ids: `${T2},${T1},${P}-silent`, from: at(0), to: at(180) };

    it('groups every reading by entity, ordered by id then time', async () => {
      const res = await get('tracks', window);
      expect(res.status).toBe(200);
      const body = await json<TracksResponseDto>(res);
      expect(body).toMatchObject({ fleet: 'trucks', from: at(0), to: at(180), every: null, shape: 'grouped', nextCursor: null });
      expect(body.tracks?.map((t) => t.id)).toEqual([T1, T2]);
      expect(body.tracks?.[0]?.points.map((p) => p.seq)).toEqual(Array.from({ length: TRUCK_STEPS }, (_, i) => i + 1));
      expect(body.tracks?.[0]?.points[12]).toEqual({
        t: at(120),
        seq: 13,
        lon: 105.012,
        lat: 29.5,
        properties: { speedKmh: 10, headingDeg: 90, loadKg: 400, taskState: 'UNLOADING', kind: 'COMPACTOR' },
      });
    });

    it('pages through both tracks once, in order, in flat shape', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const params: Record<string, string> = { ...window, limit: '7', shape: 'flat' };
        if (cursor) params.cursor = cursor;
        const body = await json<TracksResponseDto>(await get('tracks', params));
        expect(body.tracks).toBeUndefined();
        expect(body.points?.length).toBeLessThanOrEqual(7);
        seen.push(...(body.points ?? []).map(keyOf));
        cursor = body.nextCursor;
        pages += 1;
        expect(pages).toBeLessThan(10);
      } while (cursor !== null);
      const expected = [T1, T2].flatMap((id) => Array.from({ length: TRUCK_STEPS }, (_, i) => `${id}#${i + 1}`));
      expect(seen).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / 7));
    });

    it('downsamples to the last reading per entity per bucket, and pages by bucket', async () => {
      const all = await json<TracksResponseDto>(await get('tracks', { ...window, every: '60' }));
      expect(all.every).toBe(60);
      expect(all.tracks?.map((t) => [t.id, t.points.map((p) => [p.seq, p.bucket])])).toEqual([
        [T1, [[6, at(0)], [12, at(60)], [18, at(120)]]],
        [T2, [[6, at(0)], [12, at(60)], [18, at(120)]]],
      ]);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const params: Record<string, string> = { ...window, every: '60', limit: '4', shape: 'flat' };
        if (cursor) params.cursor = cursor;
        const body = await json<TracksResponseDto>(await get('tracks', params));
        seen.push(...(body.points ?? []).map(keyOf));
        cursor = body.nextCursor;
      } while (cursor !== null && seen.length < 20);
      expect(seen).toEqual([`${T1}#6`, `${T1}#12`, `${T1}#18`, `${T2}#6`, `${T2}#12`, `${T2}#18`]);
    });

    it('serves bikes and boats with their own properties', async () => {
      const bikes = await json<TracksResponseDto>(await get('tracks', { fleet: 'bikes', ids: B1, from: at(0), to: at(120), shape: 'flat' }));
      expect(bikes.points?.map((p) => p.properties)).toEqual([
        { kind: 'TRIP_START', fenceId: null, inFence: false, isEbike: true, batteryPct: 77, operator: 'op "A", Ltd' },
        { kind: 'TRIP_END', fenceId: 'fence-7', inFence: true, isEbike: true, batteryPct: 77, operator: 'op "A", Ltd' },
      ]);
      const boats = await json<TracksResponseDto>(await get('tracks', { fleet: 'boats', ids: BT1, from: at(0), to: at(120) }));
      expect(boats.tracks?.[0]?.points.map((p) => p.properties.debrisKg)).toEqual([10, 12, 15, 16]);
      expect(boats.tracks?.[0]?.points[0]?.properties.taskState).toBe('SWEEPING');
    });

    it("refuses a cursor issued for another fleet's or another downsampling's tracks", async () => {
      const first = await json<TracksResponseDto>(await get('tracks', { ...window, limit: '1' }));
      const res = await get('tracks', { ...window, every: '60', cursor: first.nextCursor ?? '' });
      expect(res.status).toBe(400);
      expect((await json<{ fields: { field: string }[] }>(res)).fields.map((f) => f.field)).toEqual(['cursor']);
    });
  });

  describe('GET /api/history/kpis', () => {
    it('gives trucks a gap-free minute series with load delivered', async () => {
      const body = await json<KpiSeriesResponseDto>(await get('kpis', { fleet: 'trucks', bucket: '1m', from: at(0), to: at(240) }));
      expect(body).toMatchObject({ fleet: 'trucks', bucket: '1m', from: at(0), to: at(240), metrics: ['activeTrucks', 'meanSpeedKmh', 'loadDeliveredKg', 'readings', 'distanceKm'] });
      // T1 drops 1000 -> 400 between 110 s and 120 s, then 400 -> 0 at 130 s. Delivered load is counted per
      // minute from the UNLOADING readings (migration 006), so the step across the minute boundary is not:
      // 400, not 1000. At the fleets' 1 Hz that step is one second of an unload of several minutes.
      const distanceKm = (6 * 10 + 6 * 20) / 3600; // speed x the nominal 1 s per reading
      expect(body.buckets.map((b) => ({ ...b, distanceKm: Number((b.distanceKm as number).toFixed(9)) }))).toEqual([
        { t: at(0), activeTrucks: 2, meanSpeedKmh: 15, loadDeliveredKg: 0, readings: 12, distanceKm },
        { t: at(60), activeTrucks: 2, meanSpeedKmh: 15, loadDeliveredKg: 0, readings: 12, distanceKm },
        { t: at(120), activeTrucks: 2, meanSpeedKmh: 15, loadDeliveredKg: 400, readings: 12, distanceKm },
        { t: at(180), activeTrucks: 0, meanSpeedKmh: null, loadDeliveredKg: 0, readings: 0, distanceKm: 0 },
      ]);
    });

    it('rounds from down to the bucket and lists hours with nothing in them', async () => {
      const body = await json<KpiSeriesResponseDto>(await get('kpis', { fleet: 'trucks', bucket: '1h', from: at(1800), to: at(3 * 3600) }));
      expect(body.from).toBe(at(0));
      expect(body.buckets.map((b) => [b.t, b.readings])).toEqual([
        [at(0), 36],
        [at(3600), 0],
        [at(7200), 0],
      ]);
    });

    it('counts bike events, trip ends and trip ends outside fences', async () => {
      const body = await json<KpiSeriesResponseDto>(await get('kpis', { fleet: 'bikes', bucket: '1m', from: at(0), to: at(120) }));
      expect(body.buckets).toEqual([
        { t: at(0), events: 1, tripsEnded: 0, endedOutsideFences: 0, distinctBikes: 1, bikesOutsideFences: 0 },
        { t: at(60), events: 2, tripsEnded: 2, endedOutsideFences: 1, distinctBikes: 2, bikesOutsideFences: 1 },
      ]);
    });

    it('sums what each boat collected in each bucket', async () => {
      const body = await json<KpiSeriesResponseDto>(await get('kpis', { fleet: 'boats', bucket: '1m', from: at(0), to: at(120) }));
      expect(body.buckets.map(({ distanceKm, ...rest }) => ({ ...rest, distanceKm: Number((distanceKm as number).toFixed(9)) }))).toEqual([
        { t: at(0), activeBoats: 2, debrisCollectedKg: 2, meanBatteryPct: 70, distanceKm: Number((12 / 3600).toFixed(9)) },
        { t: at(60), activeBoats: 2, debrisCollectedKg: 2, meanBatteryPct: 70, distanceKm: Number((12 / 3600).toFixed(9)) },
      ]);
    });

    it('averages corridor observations', async () => {
      const body = await json<KpiSeriesResponseDto>(await get('kpis', { fleet: 'corridors', bucket: '1m', from: at(0), to: at(120) }));
      expect(body.buckets[0]).toMatchObject({ t: at(0), meanArrivalsOnGreenPct: 70, meanStops: 0.5, observations: 2 });
      expect(body.buckets[0]?.meanTravelTimeRatio).toBeCloseTo(1.05, 5);
      expect(body.buckets[1]).toEqual({ t: at(60), meanArrivalsOnGreenPct: null, meanTravelTimeRatio: null, meanStops: null, observations: 0 });
    });
  });

  describe('GET /api/history/kpis for ambulances', () => {
    it('gives calls per hour and the response time: mean from the roll-up, p50/p90 from the ON_SCENE events', async () => {
      const body = await json<KpiSeriesResponseDto>(await get('kpis', { fleet: 'ambulances', bucket: '1h', from: at(0), to: at(7200) }));
      expect(body).toMatchObject({ fleet: 'ambulances', bucket: '1h', metrics: ['callsReceived', 'callsOnScene', 'callsClosed', 'meanResponseS', 'responseP50S', 'responseP90S'] });
      // Responses 30 and 90 s: mean and median 60, p90 30 + 0.9 x 60 = 84.
      expect(body.buckets).toEqual([
        { t: at(0), callsReceived: 2, callsOnScene: 2, callsClosed: 1, meanResponseS: 60, responseP50S: 60, responseP90S: 84 },
        { t: at(3600), callsReceived: 0, callsOnScene: 0, callsClosed: 0, meanResponseS: null, responseP50S: null, responseP90S: null },
      ]);
    });

    it('refuses minute buckets: calls are rolled up by the hour', async () => {
      const res = await get('kpis', { fleet: 'ambulances', bucket: '1m', from: at(0), to: at(3600) });
      expect(res.status).toBe(400);
      expect((await json<{ fields: { field: string; problem: string }[] }>(res)).fields).toEqual([{ field: 'bucket', problem: 'must be 1h for ambulances: the buckets of its roll-ups' }]);
    });
  });

  describe('GET /api/history/state', () => {
    it("answers each truck's last reading within ten minutes before the instant", async () => {
      const body = await json<StateResponseDto>(await get('state', { fleet: 'trucks', at: at(95) }));
      expect(body).toMatchObject({ fleet: 'trucks', at: at(95), lookbackSeconds: 600, nextCursor: null });
      expect(body.entities.map((e) => [e.id, e.seq, e.t])).toEqual([
        [T1, 10, at(90)],
        [T2, 10, at(90)],
        [T4, 1, at(-300)],
      ]);
      expect(body.entities[0]?.properties).toMatchObject({ loadKg: 1000, taskState: 'TO_TRANSFER_STATION' });
    });

    it('counts a reading exactly at the instant, and pages by entity', async () => {
      const seen: HistoryPointDto[] = [];
      let cursor: string | null = null;
      do {
        const params: Record<string, string> = { fleet: 'trucks', at: at(90), limit: '1' };
        if (cursor) params.cursor = cursor;
        const body = await json<StateResponseDto>(await get('state', params));
        expect(body.entities.length).toBeLessThanOrEqual(1);
        seen.push(...body.entities);
        cursor = body.nextCursor;
      } while (cursor !== null && seen.length < 10);
      expect(seen.map((e) => [e.id, e.seq])).toEqual([
        [T1, 10],
        [T2, 10],
        [T4, 1],
      ]);
    });

    it('looks back a day for bikes', async () => {
      const body = await json<StateResponseDto>(await get('state', { fleet: 'bikes', at: at(66) }));
      expect(body.lookbackSeconds).toBe(86_400);
      expect(body.entities.map((e) => [e.id, e.properties.kind])).toEqual([
        [B1, 'TRIP_END'],
        [B3, 'PARKED_STATE'],
      ]);
    });
  });

  describe('ambulances', () => {
    it('tracks: speed, heading, state by name, call and station', async () => {
      const body = await json<TracksResponseDto>(await get('tracks', { fleet: 'ambulances', ids: `${A1},${A2}`, from: at(10), to: at(30) }));
      expect(body.tracks?.map((t) => [t.id, t.points.map((p) => p.seq)])).toEqual([
        [A1, [2, 3]],
        [A2, [1]],
      ]);
      expect(body.tracks?.[0]?.points[0]).toEqual({
        t: at(10),
        seq: 2,
        lon: 105.07,
        lat: 29.58,
        properties: { speedKmh: 60, headingDeg: 45, state: 'TO_SCENE', callId: CALL1, stationId: 'station-1' },
      });
    });

    it('state at an instant: ten minutes back', async () => {
      const body = await json<StateResponseDto>(await get('state', { fleet: 'ambulances', at: at(30) }));
      expect(body.lookbackSeconds).toBe(600);
      expect(body.entities.filter((e) => e.id.startsWith(P)).map((e) => [e.id, e.seq, e.properties.state, e.properties.callId])).toEqual([
        [A1, 4, 'ON_SCENE', CALL1],
        [A2, 1, 'AVAILABLE', ''],
      ]);
    });

    it('export as CSV with the ambulance columns', async () => {
      const res = await get('export', { fleet: 'ambulances', from: at(0), to: at(20), format: 'csv' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/filename="urban-brain-ambulances-\d{8}T\d{6}Z-\d{8}T\d{6}Z\.csv"$/);
      expect((await res.text()).split('\r\n').filter((line) => line === '' || line.startsWith('id,') || line.startsWith(P))).toEqual([
        'id,t,seq,lon,lat,speedKmh,headingDeg,state,callId,stationId',
        `${A1},${at(0)},1,105.06,29.58,60,45,TO_SCENE,${CALL1},station-1`,
        `${A1},${at(10)},2,105.07,29.58,60,45,TO_SCENE,${CALL1},station-1`,
        `${A2},${at(15)},1,105.075,29.58,0,45,AVAILABLE,,station-1`,
        '',
      ]);
    });
  });

  describe('GET /api/history/export', () => {
    it('streams CSV with a header and a file name', async () => {
      const res = await get('export', { fleet: 'bikes', from: at(0), to: at(120), format: 'csv' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="urban-brain-bikes-\d{8}T\d{6}Z-\d{8}T\d{6}Z\.csv"$/);
      const lines = (await res.text()).split('\r\n');
      expect(lines).toEqual([
        'id,t,seq,lon,lat,kind,fenceId,inFence,isEbike,batteryPct,operator',
        `${B1},${at(5)},1,105.1,29.6,TRIP_START,,false,true,77,"op ""A"", Ltd"`,
        `${B1},${at(65)},2,105.1,29.6,TRIP_END,fence-7,true,true,77,"op ""A"", Ltd"`,
        `${B2},${at(70)},1,105.1,29.6,TRIP_END,,false,true,77,"op ""A"", Ltd"`,
        '',
      ]);
    });

    it('streams GeoJSON points with their properties', async () => {
      const res = await get('export', { fleet: 'trucks', from: at(0), to: at(180), format: 'geojson' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
      expect(res.headers.get('content-disposition')).toContain('.geojson"');
      const body = (await res.json()) as { type: string; features: { geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }[] };
      expect(body.type).toBe('FeatureCollection');
      expect(body.features.map((f) => `${String(f.properties.id)}#${String(f.properties.seq)}`)).toEqual(
        [T1, T2].flatMap((id) => Array.from({ length: TRUCK_STEPS }, (_, i) => `${id}#${i + 1}`)),
      );
      expect(body.features[0]).toEqual({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [105, 29.5] },
        properties: { id: T1, t: at(0), seq: 1, speedKmh: 10, headingDeg: 90, loadKg: 1000, taskState: 'TO_TRANSFER_STATION', kind: 'COMPACTOR' },
      });
    });

    it('reads the window in batches that resume across and within entities', async () => {
      // The endpoint's batches are 5,000 rows; the repository is driven directly to cross several small ones.
      const repository = new HistoryRepository(pool);
      const seen: string[] = [];
      let after = null;
      for (let batch = 0; batch < 20; batch++) {
        const rows = await repository.findExportBatch({ fleet: 'trucks', from: new Date(at(0)), to: new Date(at(180)), after, limit: 5 });
        seen.push(...rows.map((r) => `${r.entityId}#${r.seq}`));
        const last = rows.at(-1);
        if (rows.length < 5 || !last) break;
        after = { entityId: last.entityId, recordedAt: last.recordedAt, seq: last.seq };
      }
      expect(seen).toEqual([T1, T2].flatMap((id) => Array.from({ length: TRUCK_STEPS }, (_, i) => `${id}#${i + 1}`)));
    });

    it('answers an empty window with an empty collection', async () => {
      const res = await get('export', { fleet: 'boats', from: at(-7200), to: at(-3600), format: 'geojson' });
      expect(await res.json()).toEqual({ type: 'FeatureCollection', features: [] });
    });
  });

  it.each([
    ['tracks', 'missing fleet and ids', { from: at(0), to: at(60) }, ['fleet', 'ids']],
    ['tracks', 'every 0, unknown shape', { fleet: 'trucks', ids: T1, from: at(0), to: at(60), every: '0', shape: 'tree' }, ['every', 'shape']],
    ['tracks', 'too many ids', { fleet: 'trucks', ids: Array.from({ length: 201 }, (_, i) => `x${i}`).join(','), from: at(0), to: at(60) }, ['ids']],
    ['tracks', 'window over 7 days', { fleet: 'trucks', ids: T1, from: at(0), to: at(7 * 86_400 + 1) }, ['to']],
    ['tracks', 'corridors have no tracks', { fleet: 'corridors', ids: C1, from: at(0), to: at(60) }, ['fleet']],
    ['kpis', 'bucket 5m, to before from', { fleet: 'boats', bucket: '5m', from: at(60), to: at(0) }, ['bucket', 'to']],
    ['kpis', 'minute buckets over 2 days', { fleet: 'trucks', bucket: '1m', from: at(0), to: at(3 * 86_400) }, ['to']],
    ['state', 'no instant, a misspelt parameter', { fleet: 'boats', limt: '5' }, ['at', 'limt']],
    ['export', 'window over 24 h, unknown format', { fleet: 'trucks', from: at(0), to: at(86_401), format: 'xml' }, ['format', 'to']],
  ])('GET %s answers 400 naming the fields: %s', async (path, _case, params, fields) => {
    const res = await get(path, params as Record<string, string>);
    expect(res.status).toBe(400);
    const body = await json<{ statusCode: number; code: string; message: string; fields: { field: string; problem: string }[] }>(res);
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'INVALID_QUERY', message: 'Invalid query' });
    expect(body.fields.map((f) => f.field).sort()).toEqual(fields);
  });

  it('documents the four routes in the OpenAPI JSON', async () => {
    const doc = (await (await fetch(`${baseUrl}/api/docs-json`)).json()) as { paths: Record<string, { get?: { parameters: { name: string }[]; responses: object } }> };
    const params = (path: string) => doc.paths[`/api/history/${path}`]?.get?.parameters.map((p) => p.name).sort();
    expect(params('tracks')).toEqual(['cursor', 'every', 'fleet', 'from', 'ids', 'limit', 'shape', 'to']);
    expect(params('kpis')).toEqual(['bucket', 'fleet', 'from', 'to']);
    expect(params('state')).toEqual(['at', 'cursor', 'fleet', 'limit']);
    expect(params('export')).toEqual(['fleet', 'format', 'from', 'to']);
    expect(Object.keys(doc.paths['/api/history/export']?.get?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403', '503']);
  });

  describe('query plans', () => {
    // Each query must walk the primary key in its own order: a Sort would read a whole window (or a whole
    // fleet's history) before the first row. Sequential and bitmap scans are switched off because tiny test
    // tables hide the plan: on a few rows the plain-mode BRIN index on recorded_at (migration 006, for the
    // roll-up refresh) costs as little as the key, while on 1.3 M truck rows the export still takes the key.
    async function planOf(sql: string, params: unknown[]): Promise<string> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SET LOCAL enable_seqscan = off');
        await client.query('SET LOCAL enable_bitmapscan = off');
        const plan = (await client.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)).rows[0]['QUERY PLAN'];
        return JSON.stringify(plan);
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    }
    const SORT = /"Node Type":\s*"(Incremental )?Sort"/;

    it('tracks of many trucks: one ordered primary-key scan, no sort', async () => {
      const text = await planOf(HISTORY_SQL.TRACKS.trucks, [[T1, T2], at(0), at(180), '', at(0), -1, 1001]);
      expect(text).toContain('truck_readings_pkey');
      expect(text).not.toMatch(SORT);
    });

    it('state at an instant of a fleet that reports often: per-entity primary-key descents, no sort and no scan of the window', async () => {
      const text = await planOf(HISTORY_SQL.STATE.trucks, [at(95), at(95 - 600), '', 1001]);
      expect(text).toContain('truck_readings_pkey');
      expect(text).toContain('Recursive Union');
      expect(text).not.toMatch(SORT);
      expect(text).not.toContain('Seq Scan');
    });

    it('state at an instant of a fleet that reports only changes (bikes): one read of the lookback by time, newest per id, no descents', async () => {
      const text = await planOf(HISTORY_SQL.STATE.bikes, [at(95), at(95 - 86_400), '', 1001]);
      expect(text).not.toContain('Recursive Union');
      expect(text).toContain('"Node Type":"Unique"');
      // The lookback's bounds reach the scan as a condition on the time index, so no other row is read.
      expect(text).toMatch(/"Index Cond":"\(\(recorded_at <= /);
      expect(text).not.toContain('Seq Scan');
    });

    // The relations a plan may name for a table: the table itself, and under TimescaleDB its chunks (a
    // continuous aggregate's plan reads its materialisation hypertable's chunks, never the view's name).
    async function relationsOf(name: string): Promise<string[]> {
      const { rows } = await pool.query<{ relation: string }>(
        `WITH target AS (
           SELECT coalesce((SELECT materialization_hypertable_name FROM timescaledb_information.continuous_aggregates WHERE view_name = $1), $1) AS hypertable
         )
         SELECT hypertable AS relation FROM target
         UNION ALL SELECT chunk_name FROM timescaledb_information.chunks, target WHERE hypertable_name = target.hypertable`,
        [name],
      ).catch(() => ({ rows: [] as { relation: string }[] })); // plain mode: no timescaledb_information schema
      return [name, ...rows.map((r) => r.relation)];
    }
    const mentionsAny = (plan: string, relations: string[]) => relations.some((r) => plan.includes(`"${r}"`));

    it('KPI series: read the roll-ups by bucket, never a raw table', async () => {
      const minutes = await planOf(kpiSqlFor('trucks', 60), [60, at(0), at(86_400)]);
      expect(mentionsAny(minutes, await relationsOf('truck_fleet_activity_1m')), minutes).toBe(true);
      expect(mentionsAny(minutes, await relationsOf('truck_readings')), minutes).toBe(false);
      const hours = await planOf(kpiSqlFor('boats', 3600), [3600, at(0), at(86_400)]);
      expect(mentionsAny(hours, await relationsOf('boat_fleet_activity_1h')), hours).toBe(true);
      expect(mentionsAny(hours, await relationsOf('boat_readings')), hours).toBe(false);
    });

    it('ambulance KPIs: the hourly roll-up, and of the raw tables only the ON_SCENE events through the stage index', async () => {
      const plan = await planOf(kpiSqlFor('ambulances', 3600), [3600, at(0), at(86_400)]);
      expect(mentionsAny(plan, await relationsOf('ambulance_calls_1h')), plan).toBe(true);
      expect(plan).toContain('emergency_call_events_stage_idx');
      expect(mentionsAny(plan, await relationsOf('ambulance_readings')), plan).toBe(false);
    });

    it("export batches: per-entity primary-key ranges, no sort and no scan of the table", async () => {
      const text = await planOf(HISTORY_SQL.EXPORT.boats, [at(0), at(120), '', at(0), -1, 5000]);
      expect(text).toContain('boat_readings_pkey');
      expect(text).toContain('Recursive Union');
      expect(text).not.toMatch(SORT);
    });
  });
});
