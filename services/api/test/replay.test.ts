import { randomInt, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger, createPool, parseConfig } from '@urban-brain/common';
import {
  AmbulanceState,
  BikeEventKind,
  BikeView,
  BoatTaskState,
  decodeLiveFrameRecords,
  type LiveFrame,
  REPLAY_FRAMES_CONTENT_TYPE,
  type ReplayAlertsResponse,
  type ReplayRangeResponse,
  type ReplayTimelineResponse,
  TaskState,
  TruckKind,
} from '@urban-brain/proto';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiConfigSchema } from '../src/config/api.config';
import { createApp } from '../src/create-app';
import { signedInAs } from './signed-in';

// Runs the real app on an ephemeral port against the real database (scripts/stack/dev-infra.sh up).
const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) throw new Error('DATABASE_URL is not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

// Replay reads whole fleets: this run owns its ids and a random day of years no other suite writes to;
// frames are compared on this run's entities. The api keeps a long history so those days are replayable.
const P = `it-replay-${randomUUID().slice(0, 8)}`;
const BASE_MS = Date.UTC(2012, 0, 1, 10) + randomInt(0, 3000) * 86_400_000;
const EMPTY_MS = Date.UTC(1995, 5, 1, 12);
const iso = (ms: number) => new Date(ms).toISOString();
const at = (seconds: number) => BASE_MS + Math.round(seconds * 1000);
const WINDOW_S = 30;
const STEP_MS = 1000;

const T1 = `${P}-t1`; // every second, from 0
const T2 = `${P}-t2`; // twice a second for 10 s (two readings in each step: the step keeps the last)
const T3 = `${P}-t3`; // last seen 9 min 45 s before from: in the snapshot, silent beyond 10 minutes at 15 s
const B1 = `${P}-b1`; // parked in F1 an hour before
const B2 = `${P}-b2`; // rides from 3.2 s, parks in F1 at 12.5 s
const BT1 = `${P}-bt1`;
const A1 = `${P}-a1`;
const F1 = `${P}-f1`;
const ALERT_RULE = `${P}.rule`;

interface Reading {
  layer: 'trucks' | 'bikes' | 'boats' | 'ambulances';
  id: string;
  ms: number;
  seq: number;
  lon: number;
}

const readings: Reading[] = [];
for (let s = 0; s <= WINDOW_S; s++) readings.push({ layer: 'trucks', id: T1, ms: at(s), seq: s + 1, lon: 105 + s / 1000 });
for (let k = 0; k < 20; k++) readings.push({ layer: 'trucks', id: T2, ms: at(0.3 + k * 0.5), seq: k + 1, lon: 105.1 + k / 1000 });
readings.push({ layer: 'trucks', id: T3, ms: at(-585), seq: 1, lon: 105.2 });
readings.push({ layer: 'bikes', id: B1, ms: at(-3600), seq: 1, lon: 105.3 });
readings.push({ layer: 'bikes', id: B2, ms: at(3.2), seq: 1, lon: 105.31 });
readings.push({ layer: 'bikes', id: B2, ms: at(12.5), seq: 2, lon: 105.32 });
for (let s = 0; s <= WINDOW_S; s += 10) readings.push({ layer: 'boats', id: BT1, ms: at(s + 0.5), seq: s + 1, lon: 105.4 + s / 1000 });
for (let s = 1; s <= WINDOW_S; s += 2) readings.push({ layer: 'ambulances', id: A1, ms: at(s), seq: s, lon: 105.5 + s / 1000 });

const LOOKBACK_MS = { trucks: 600_000, bikes: 86_400_000, boats: 600_000, ambulances: 600_000 };
const MINE = new Set(readings.map((r) => r.id));

/** What a frame holds of this run's entities: id -> [seq, lon, recordedAtMs]. */
function mineIn(frame: LiveFrame): Map<string, [number, number, number]> {
  const out = new Map<string, [number, number, number]>();
  const add = (columns: { lon: number[]; seq: number[]; recordedAtMs: number[] } | undefined, ids: string[] | undefined) => {
    ids?.forEach((id, i) => {
      if (MINE.has(id)) out.set(id, [columns!.seq[i]!, columns!.lon[i]!, columns!.recordedAtMs[i]!]);
    });
  };
  add(frame.trucks, frame.trucks?.truckIds);
  add(frame.bikes, frame.bikes?.bikeIds);
  add(frame.boats, frame.boats?.boatIds);
  add(frame.ambulances, frame.ambulances?.ambulanceIds);
  return out;
}

const removedMine = (frame: LiveFrame) =>
  [...frame.removedTruckIds, ...frame.removedBikeIds, ...frame.removedBoatIds, ...frame.removedAmbulanceIds].filter((id) => MINE.has(id)).sort();

/** The last reading of each entity in (lo, hi]. */
function lastIn(lo: number, hi: number): Map<string, [number, number, number]> {
  const out = new Map<string, [number, number, number]>();
  for (const r of [...readings].sort((a, b) => a.ms - b.ms || a.seq - b.seq)) if (r.ms > lo && r.ms <= hi) out.set(r.id, [r.seq, r.lon, r.ms]);
  return out;
}

describe('replay API', () => {
  let app: NestExpressApplication;
  let pool: Pool;
  let baseUrl: string;
  let auth: Record<string, string> = {};
  const get = (path: string, params: Record<string, string>, headers = auth) => fetch(`${baseUrl}/api/replay/${path}?${new URLSearchParams(params)}`, { headers });
  const frames = async (params: Record<string, string>): Promise<LiveFrame[]> => {
    const res = await get('frames', params);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('content-type')).toBe(REPLAY_FRAMES_CONTENT_TYPE);
    return decodeLiveFrameRecords(new Uint8Array(await res.arrayBuffer()));
  };

  beforeAll(async () => {
    pool = createPool(DATABASE_URL, 2, 'api-replay-integration-test');
    for (const r of readings) {
      const time = iso(r.ms);
      if (r.layer === 'trucks') {
        await pool.query(
          `INSERT INTO truck_readings (truck_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind)
           VALUES ($1, $2, $3, $4, 29.5, 12, 90, 300, ${TaskState.SWEEPING}, ${TruckKind.SWEEPER})`,
          [r.id, r.seq, time, r.lon],
        );
      } else if (r.layer === 'bikes') {
        const riding = r.id === B2 && r.seq === 1;
        await pool.query(
          `INSERT INTO bike_events (bike_id, seq, recorded_at, kind, lon, lat, fence_id, in_fence, is_ebike, battery_pct, operator)
           VALUES ($1, $2, $3, $4, $5, 29.6, $6, $7, false, 0, 'op')`,
          [r.id, r.seq, time, riding ? BikeEventKind.TRIP_START : BikeEventKind.TRIP_END, r.lon, riding ? null : F1, !riding],
        );
      } else if (r.layer === 'boats') {
        await pool.query(
          `INSERT INTO boat_readings (boat_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, debris_kg, battery_pct, task_state)
           VALUES ($1, $2, $3, $4, 29.7, 3, 45, 10, 80, ${BoatTaskState.SWEEPING})`,
          [r.id, r.seq, time, r.lon],
        );
      } else {
        await pool.query(
          `INSERT INTO ambulance_readings (ambulance_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, state, call_id, station_id)
           VALUES ($1, $2, $3, $4, 29.58, 40, 45, ${AmbulanceState.TO_SCENE}, 'call-1', 'station-1')`,
          [r.id, r.seq, time, r.lon],
        );
      }
    }
    await pool.query(
      `INSERT INTO alerts (dedup_key, rule, fleet, entity_id, severity, title, raised_at, last_seen_at)
       VALUES ($1, $2, 'trucks', $3, 2, 'Truck idle', $4, $4)`,
      [`${ALERT_RULE}:${T1}`, ALERT_RULE, T1, iso(at(5))],
    );
    const config = parseConfig(apiConfigSchema, {
      DATABASE_URL,
      DATABASE_POOL_SIZE: '2',
      LOG_LEVEL: 'warn',
      LIVE_TOKEN_SECRET: 'api-test-live-token-secret-0123456789abcdef',
      REPLAY_MAX_AGE_DAYS: '36500',
    });
    app = await createApp(config, createLogger('api-test', 'warn'));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    auth = (await signedInAs(app, baseUrl, 'operator')).headers;
  });

  afterAll(async () => {
    await app?.close();
    await pool?.query('DELETE FROM truck_readings WHERE truck_id = ANY($1)', [[T1, T2, T3]]);
    await pool?.query('DELETE FROM bike_events WHERE bike_id = ANY($1)', [[B1, B2]]);
    await pool?.query('DELETE FROM boat_readings WHERE boat_id = $1', [BT1]);
    await pool?.query('DELETE FROM ambulance_readings WHERE ambulance_id = $1', [A1]);
    await pool?.query('DELETE FROM alerts WHERE rule = $1', [ALERT_RULE]);
    await pool?.end();
  });

  it('answers a chunk holding exactly what was stored: the state at from, then each step its last readings and its removals', async () => {
    const list = await frames({ from: iso(BASE_MS), to: iso(at(WINDOW_S)), stepMs: String(STEP_MS) });
    expect(list).toHaveLength(1 + (WINDOW_S * 1000) / STEP_MS);
    const [snapshot, ...steps] = list;
    expect(snapshot!.snapshot).toBe(true);
    expect(snapshot!.sentAtMs).toBe(BASE_MS);
    // The state at from: each entity's last reading at or before it, within its lookback.
    const expectedSnapshot = new Map<string, [number, number, number]>();
    for (const [id, reading] of lastIn(-Infinity, BASE_MS)) {
      const layer = readings.find((r) => r.id === id)!.layer;
      if (reading[2] > BASE_MS - LOOKBACK_MS[layer]) expectedSnapshot.set(id, reading);
    }
    expect(mineIn(snapshot!)).toEqual(expectedSnapshot);
    expect(snapshot!.bikeView).toBe(BikeView.POINTS);
    expect(snapshot!.fences?.fenceIds.indexOf(F1)).toBeGreaterThanOrEqual(0);
    expect(snapshot!.fences!.parked[snapshot!.fences!.fenceIds.indexOf(F1)]).toBe(1);
    expect(snapshot!.truckTotals!.total).toBeGreaterThanOrEqual(2);

    const held = new Map([...expectedSnapshot].map(([id, r]) => [id, r[2]]));
    steps.forEach((frame, k) => {
      const end = BASE_MS + (k + 1) * STEP_MS;
      expect(frame.snapshot).toBe(false);
      expect(frame.sentAtMs).toBe(end);
      expect(mineIn(frame), `step ending ${k + 1} s`).toEqual(lastIn(end - STEP_MS, end));
      for (const [id, [, , ms]] of lastIn(end - STEP_MS, end)) held.set(id, ms);
      const expectedRemoved = [...held].filter(([id, ms]) => ms <= end - LOOKBACK_MS[readings.find((r) => r.id === id)!.layer]).map(([id]) => id);
      for (const id of expectedRemoved) held.delete(id);
      expect(removedMine(frame), `removals at ${k + 1} s`).toEqual(expectedRemoved.sort());
      expect(frame.bikeView).toBe(BikeView.POINTS);
    });
    // T3 fell silent beyond the trucks' 10 minutes at 15 s; B2 parked in F1 at 12.5 s: the fence holds 2 from then.
    expect(removedMine(steps[14]!)).toEqual([T3]);
    const fenceAt13 = steps[12]!.fences!;
    expect(fenceAt13.parked[fenceAt13.fenceIds.indexOf(F1)]).toBe(2);
  });

  it('seeks: from = to answers the snapshot alone, and an instant with nothing stored an empty city', async () => {
    const seek = await frames({ from: iso(at(20)), to: iso(at(20)) });
    expect(seek).toHaveLength(1);
    expect(mineIn(seek[0]!).get(T1)).toEqual([21, 105.02, at(20)]);
    const empty = await frames({ from: iso(EMPTY_MS), to: iso(EMPTY_MS), layers: 'trucks,bikes,boats,corridors,ambulances' });
    expect(empty).toHaveLength(1);
    expect(empty[0]!.trucks?.truckIds ?? []).toEqual([]);
    expect(empty[0]!.bikes?.bikeIds ?? []).toEqual([]);
    expect(empty[0]!.corridors?.corridorIds ?? []).toEqual([]);
    expect(empty[0]!.truckTotals?.total).toBe(0);
  });

  it('plays only the layers asked for', async () => {
    const [snapshot] = await frames({ from: iso(at(5)), to: iso(at(5)), layers: 'boats' });
    expect(snapshot!.trucks).toBeUndefined();
    expect(snapshot!.boats?.boatIds).toContain(BT1);
  });

  it('refuses a window over the limits with 400 naming the limit', async () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ from: iso(BASE_MS), to: iso(at(901)) }, 'to', /REPLAY_CHUNK_MAX_S/],
      [{ from: '1900-01-01T00:00:00Z', to: '1900-01-01T00:00:00Z' }, 'from', /REPLAY_MAX_AGE_DAYS/],
      [{ from: iso(BASE_MS), to: iso(at(10)), stepMs: '50' }, 'stepMs', /100 to 60000/],
      [{ from: iso(BASE_MS), to: iso(at(10)), layers: 'trucks,planes' }, 'layers', /trucks, bikes/],
    ];
    for (const [params, field, problem] of cases) {
      const res = await get('frames', params);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { fields: { field: string; problem: string }[] };
      expect(body.fields.find((f) => f.field === field)?.problem, JSON.stringify(body)).toMatch(problem);
    }
    const timeline = await get('timeline', { from: '1900-01-01T00:00:00Z', to: '2000-01-01T00:00:00Z' });
    expect(timeline.status).toBe(400);
  });

  it('refuses a request without a token', async () => {
    expect((await get('frames', { from: iso(BASE_MS), to: iso(BASE_MS) }, {})).status).toBe(401);
    expect((await get('range', {}, {})).status).toBe(401);
  });

  it('answers the range, the timeline densities and the alerts of a window', async () => {
    const range = (await (await get('range', {})).json()) as ReplayRangeResponse;
    expect(range).toMatchObject({ maxAgeDays: 36500, maxChunkS: 900 });
    expect(Date.parse(range.earliest!)).toBeLessThanOrEqual(at(-3600));

    const timeline = (await (await get('timeline', { from: iso(BASE_MS), to: iso(at(30)), buckets: '10' })).json()) as ReplayTimelineResponse;
    expect(timeline.bucketS).toBe(3);
    // Trucks, bikes and boats counted raw for 3-second buckets (ambulances are not in the density).
    const expected = Array.from({ length: 10 }, (_, i) =>
      readings.filter((r) => r.layer !== 'ambulances' && r.ms >= at(i * 3) && r.ms < at(i * 3 + 3)).length,
    );
    expect(timeline.events).toEqual(expected);
    expect(timeline.alerts).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);

    const alerts = (await (await get('alerts', { from: iso(BASE_MS), to: iso(at(30)) })).json()) as ReplayAlertsResponse;
    const mine = alerts.alerts.filter((a) => a.rule === ALERT_RULE);
    expect(mine).toEqual([
      { id: expect.any(String), rule: ALERT_RULE, fleet: 'trucks', entityId: T1, severity: 'warning', title: { en: 'Truck idle', zh: 'Truck idle' }, raisedAt: iso(at(5)), resolvedAt: null, lon: null, lat: null },
    ]);
  });
});
