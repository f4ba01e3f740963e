import { randomInt, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEFAULT_CITY_PACK_DIR, loadCityPack } from '@urban-brain/city-pack';
import { createLogger, createPool, parseConfig } from '@urban-brain/common';
import { AmbulanceState, MovementPhaseState, TaskState, TruckKind, type CorridorListResponse, type TimeSpaceResponse } from '@urban-brain/proto';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiConfigSchema } from '../src/config/api.config';
import { createApp } from '../src/create-app';
import { signedInAs } from './signed-in';

// The real app on an ephemeral port against the real database (scripts/stack/dev-infra.sh up): a corridor's
// signals run a fixed-time plan the test writes as phase changes, with one controller 20 s late; a truck drives
// the corridor at the design speed inside the band, an ambulance drives it back with a stop, another truck
// drives a street nearby. What the diagram answers is worked out here from those rows and the plan.
const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) throw new Error('DATABASE_URL is not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);
const CORRIDOR = 'corridor:hanan-central';
const corridor = pack.corridor(CORRIDOR)!;
const { cycleS, designSpeedKmh } = corridor.feature.properties;
const SPEED = designSpeedKmh / 3.6;
const LENGTH = corridor.line.lengthM;
const distances = corridor.intersections.map((i) => i.properties.distanceM);
const GREEN_S = 66;
const AMBER_S = 3;
const LATE_S = 20;
const LATE_INDEX = 2;

// A day nobody else writes to, at a whole cycle since the epoch; this run's ids.
const P = `it-gw-${randomUUID().slice(0, 8)}`;
const DAY_MS = Date.UTC(2002, 0, 1, 8) + randomInt(0, 3000) * 86_400_000;
const BASE_MS = Math.ceil(DAY_MS / (cycleS * 1000)) * cycleS * 1000;
const TRUCK = `${P}-truck`;
const AMBULANCE = `${P}-amb`;
const ELSEWHERE = `${P}-truck-elsewhere`;
const iso = (ms: number) => new Date(ms).toISOString();

// The window: from BASE, so long that the entries judged for the bandwidth ([from - d0/v, to - dLast/v]) are 5 whole cycles.
const FROM_MS = BASE_MS;
// Whole milliseconds: the rows keep what an ISO time says.
const TO_MS = FROM_MS + 5 * cycleS * 1000 + Math.round(((distances.at(-1)! - distances[0]!) / SPEED) * 1000);

/** Seconds a controller's green starts after each whole cycle: the design offset, plus the late one's error. */
const offsetS = (i: number) => ((distances[i]! / SPEED) % cycleS) + (i === LATE_INDEX ? LATE_S : 0);
/** The plan's colour at intersection i at t, as the rows below say it. */
function planColor(i: number, tMs: number): 'green' | 'amber' | 'red' {
  const inCycle = (((tMs / 1000 - offsetS(i)) % cycleS) + cycleS) % cycleS;
  return inCycle < GREEN_S ? 'green' : inCycle < GREEN_S + AMBER_S ? 'amber' : 'red';
}

/** Fixes at 1 Hz through (t ms, metres along) corners. */
function drive(exactCorners: [number, number][]): [number, number][] {
  const corners = exactCorners.map(([t, d]): [number, number] => [Math.round(t), d]);
  const out: [number, number][] = [];
  for (let k = 1; k < corners.length; k++) {
    const [t0, d0] = corners[k - 1]!;
    const [t1, d1] = corners[k]!;
    for (let t = t0; t < t1; t += 1000) out.push([t, d0 + ((d1 - d0) * (t - t0)) / (t1 - t0)]);
  }
  out.push(corners.at(-1)!);
  return out;
}

// The truck enters 30 s into the second band: at the design speed it meets every green, the late one's too.
const TRUCK_ENTER_MS = BASE_MS + cycleS * 1000 + 30_000;
const truckPath = drive([
  [TRUCK_ENTER_MS, 0],
  [TRUCK_ENTER_MS + (LENGTH / SPEED) * 1000, LENGTH],
]);
// The ambulance drives back at 15 m/s from the far end, standing 30 s half-way.
const AMB_START_MS = BASE_MS + 2 * cycleS * 1000;
const half = LENGTH / 2;
const ambulancePath = drive([
  [AMB_START_MS, LENGTH],
  [AMB_START_MS + (half / 15) * 1000, half],
  [AMB_START_MS + (half / 15) * 1000 + 30_000, half],
  [AMB_START_MS + (LENGTH / 15) * 1000 + 30_000, 0],
]);

/** Arrivals on green as an advance detector 40 m upstream judges them, from the plan. */
function expectedArrivals(path: [number, number][], inbound: boolean): { arrivals: number; onGreen: number } {
  const timeAt = (x: number) => {
    for (let k = 1; k < path.length; k++) {
      const [t0, d0] = path[k - 1]!;
      const [t1, d1] = path[k]!;
      if ((d0 - x) * (d1 - x) <= 0 && d0 !== d1) return t0 + ((x - d0) / (d1 - d0)) * (t1 - t0);
    }
    return null;
  };
  let arrivals = 0;
  let onGreen = 0;
  distances.forEach((d, i) => {
    const detected = timeAt(inbound ? d + 40 : d - 40);
    if (detected === null || timeAt(d) === null) return;
    arrivals++;
    if (planColor(i, detected + (40 / SPEED) * 1000) === 'green') onGreen++;
  });
  return { arrivals, onGreen };
}

const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

describe('corridors API: the time-space diagram', () => {
  let app: NestExpressApplication;
  let pool: Pool;
  let baseUrl: string;
  let auth: Record<string, string> = {};
  const get = (path: string, params: Record<string, string> = {}) => fetch(`${baseUrl}/api/corridors${path}?${new URLSearchParams(params)}`, { headers: auth });
  const window = { from: iso(FROM_MS), to: iso(TO_MS) };

  beforeAll(async () => {
    pool = createPool(DATABASE_URL, 2, 'api-corridor-integration-test');
    // Every phase of every intersection from 10 minutes before the window to a cycle after it, as the simulator reports them.
    const phases: unknown[][] = [];
    corridor.intersections.forEach((intersection, i) => {
      for (let cycleMs = FROM_MS - 600_000; cycleMs < TO_MS + cycleS * 1000; cycleMs += cycleS * 1000) {
        const greenMs = cycleMs + offsetS(i) * 1000;
        const steps: [MovementPhaseState, number, number][] = [
          [MovementPhaseState.PROTECTED_MOVEMENT_ALLOWED, greenMs, greenMs + GREEN_S * 1000],
          [MovementPhaseState.PROTECTED_CLEARANCE, greenMs + GREEN_S * 1000, greenMs + (GREEN_S + AMBER_S) * 1000],
          [MovementPhaseState.STOP_AND_REMAIN, greenMs + (GREEN_S + AMBER_S) * 1000, greenMs + cycleS * 1000],
        ];
        for (const [state, start, end] of steps) phases.push([intersection.id, phases.length + 1, iso(start), state, iso(end)]);
      }
    });
    await pool.query(
      `INSERT INTO signal_phase_changes (intersection_id, seq, recorded_at, corridor_id, signal_group, phase_state, start_at, min_end_at, max_end_at)
       SELECT id, seq, at, $1, 2, state, at, end_at, end_at
       FROM unnest($2::text[], $3::bigint[], $4::timestamptz[], $5::smallint[], $6::timestamptz[]) AS p(id, seq, at, state, end_at)`,
      [CORRIDOR, phases.map((p) => p[0]), phases.map((p) => p[1]), phases.map((p) => p[2]), phases.map((p) => p[3]), phases.map((p) => p[4])],
    );
    const at = (d: number) => pack.positionAlongCorridor(CORRIDOR, d).position;
    for (const [k, [t, d]] of truckPath.entries()) {
      const [lon, lat] = at(d);
      await pool.query(
        `INSERT INTO truck_readings (truck_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind) VALUES ($1, $2, $3, $4, $5, $6, 90, 0, $7, $8)`,
        [TRUCK, k + 1, iso(t), lon, lat, designSpeedKmh, TaskState.TO_TRANSFER_STATION, TruckKind.COMPACTOR],
      );
    }
    for (const [k, [t, d]] of ambulancePath.entries()) {
      const [lon, lat] = at(d);
      await pool.query(
        `INSERT INTO ambulance_readings (ambulance_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, state, call_id, station_id) VALUES ($1, $2, $3, $4, $5, 54, 270, $6, 'call', 'station')`,
        [AMBULANCE, k + 1, iso(t), lon, lat, AmbulanceState.TO_SCENE],
      );
    }
    // A parallel street 300 m south of the corridor's middle: inside no pass.
    const [midLon, midLat] = at(half);
    for (let k = 0; k < 60; k++) {
      await pool.query(
        `INSERT INTO truck_readings (truck_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind) VALUES ($1, $2, $3, $4, $5, 40, 90, 0, $6, $7)`,
        [ELSEWHERE, k + 1, iso(TRUCK_ENTER_MS + k * 1000), midLon + (k * 11) / 96_900, midLat - 300 / 111_320, TaskState.SWEEPING, TruckKind.SWEEPER],
      );
    }
    // The corridor's own detectors: 10 vehicles at 80 % on green, 30 at 30 %: 42.5 % weighted, under the alert's 50 %.
    for (const [seq, second, vehicles, green] of [
      [1, 60, 10, 80],
      [2, 120, 30, 30],
    ] as const) {
      await pool.query(
        `INSERT INTO corridor_observations (corridor_id, seq, recorded_at, direction, travel_time_s, design_travel_time_s, stops, arrivals_on_green_pct, vehicles)
         VALUES ($1, $2, $3, 1, 150, 140, 0.5, $4, $5)`,
        [CORRIDOR, `${seq}`, iso(FROM_MS + second * 1000), green, vehicles],
      );
    }
    const config = parseConfig(apiConfigSchema, { DATABASE_URL, DATABASE_POOL_SIZE: '2', LOG_LEVEL: 'warn', LIVE_TOKEN_SECRET: 'api-test-live-token-secret-0123456789abcdef' });
    app = await createApp(config, createLogger('api-test', 'warn'));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    // The lowest role: the wall's operators open the diagram.
    auth = (await signedInAs(app, baseUrl, 'operator')).headers;
  });

  afterAll(async () => {
    await app?.close();
    await pool?.query('DELETE FROM signal_phase_changes WHERE corridor_id = $1 AND recorded_at >= $2 AND recorded_at < $3', [CORRIDOR, iso(FROM_MS - 3_600_000), iso(TO_MS + 3_600_000)]);
    await pool?.query('DELETE FROM truck_readings WHERE truck_id = ANY($1)', [[TRUCK, ELSEWHERE]]);
    await pool?.query('DELETE FROM ambulance_readings WHERE ambulance_id = $1', [AMBULANCE]);
    await pool?.query('DELETE FROM corridor_observations WHERE corridor_id = $1 AND recorded_at >= $2 AND recorded_at < $3', [CORRIDOR, iso(FROM_MS), iso(TO_MS)]);
    await pool?.end();
  });

  it('lists the corridors with their names in both languages and their design', async () => {
    const res = await get('');
    expect(res.status).toBe(200);
    const { corridors } = await json<CorridorListResponse>(res);
    expect(corridors).toHaveLength(pack.corridors.length);
    expect(corridors.find((c) => c.id === CORRIDOR)).toEqual({
      id: CORRIDOR,
      name: { en: corridor.feature.properties.name, zh: corridor.feature.properties.nameZh },
      lengthM: Math.round(LENGTH * 10) / 10,
      intersections: distances.length,
      cycleS,
      designSpeedKmh,
      designTravelTimeS: Math.round((LENGTH / SPEED) * 10) / 10,
    });
  });

  it('draws each intersection\'s phases in the window as the rows say them', async () => {
    const body = await json<TimeSpaceResponse>(await get(`/${encodeURIComponent(CORRIDOR)}/time-space`, window));
    expect(body.intersections.map((i) => [i.id, i.distanceM])).toEqual(corridor.intersections.map((i) => [i.id, i.properties.distanceM]));
    body.intersections.forEach((intersection, i) => {
      // Back to back over the whole window, each bar the plan's colour throughout.
      expect(intersection.phases[0]!.startMs).toBe(FROM_MS);
      expect(intersection.phases.at(-1)!.endMs).toBe(TO_MS);
      for (const [k, phase] of intersection.phases.entries()) {
        if (k > 0) expect(phase.startMs).toBe(intersection.phases[k - 1]!.endMs);
        // Inside its edges: the rows keep whole milliseconds of the plan's times.
        for (const t of [phase.startMs + 1, (phase.startMs + phase.endMs) / 2, phase.endMs - 2]) expect(planColor(i, t)).toBe(phase.color);
      }
      expect(intersection.designOffsetS).toBeCloseTo((distances[i]! / SPEED) % cycleS, 1);
    });
  });

  it('gives the designed band and the bandwidth the late controller left', async () => {
    const body = await json<TimeSpaceResponse>(await get(`/${encodeURIComponent(CORRIDOR)}/time-space`, window));
    expect(body.figures.designBandwidthS).toBe(GREEN_S);
    // The late green overlaps the band's green for GREEN_S - LATE_S of each cycle.
    expect(body.figures.bandwidthS).toBeCloseTo(GREEN_S - LATE_S, 1);
    for (const band of body.designBands) {
      expect(band.enterMs % (cycleS * 1000)).toBe(0);
      expect(band.exitMs - band.enterMs).toBeCloseTo((LENGTH / SPEED) * 1000, 0);
      expect(band.widthS).toBe(GREEN_S);
    }
    expect(body.designBands.some((b) => b.enterMs <= FROM_MS)).toBe(true);
    expect(body.designBands.at(-1)!.enterMs).toBeLessThan(TO_MS);
  });

  it('projects the vehicles that drove the corridor into trajectories and counts their arrivals and stops', async () => {
    const body = await json<TimeSpaceResponse>(await get(`/${encodeURIComponent(CORRIDOR)}/time-space`, window));
    const mine = body.trajectories.filter((t) => t.vehicleId.startsWith(P));
    expect(mine.map((t) => [t.vehicleId, t.fleet, t.direction])).toEqual([
      [AMBULANCE, 'ambulances', 'inbound'],
      [TRUCK, 'trucks', 'outbound'],
    ]);
    const [ambulance, truck] = mine as [TimeSpaceResponse['trajectories'][number], TimeSpaceResponse['trajectories'][number]];
    for (const [trajectory, path] of [
      [truck, truckPath],
      [ambulance, ambulancePath],
    ] as const) {
      expect(trajectory.points.map((p) => p[0])).toEqual(path.map((p) => p[0]));
      trajectory.points.forEach((p, k) => expect(p[1]).toBeCloseTo(path[k]![1], 0));
    }
    const truckArrivals = expectedArrivals(truckPath, false);
    const ambulanceArrivals = expectedArrivals(ambulancePath, true);
    // Every intersection it reached 40 m before (the first stands at the corridor's start) met on green.
    const reached = distances.filter((d) => d >= 40).length;
    expect(truckArrivals).toEqual({ arrivals: reached, onGreen: reached });
    expect([truck.arrivals, truck.arrivalsOnGreen, truck.stops]).toEqual([truckArrivals.arrivals, truckArrivals.onGreen, 0]);
    expect([ambulance.arrivals, ambulance.arrivalsOnGreen, ambulance.stops]).toEqual([ambulanceArrivals.arrivals, ambulanceArrivals.onGreen, 1]);

    if (body.trajectories.length === mine.length) {
      // Nobody else drove this corridor on this run's day: the figures are these two vehicles'.
      const arrivals = truckArrivals.arrivals + ambulanceArrivals.arrivals;
      const travelS = (truckPath.at(-1)![0] - truckPath[0]![0] + ambulancePath.at(-1)![0] - ambulancePath[0]![0]) / 1000;
      expect(body.figures).toMatchObject({
        vehicles: 2,
        arrivals,
        arrivalsOnGreenPct: Math.round((1000 * (truckArrivals.onGreen + ambulanceArrivals.onGreen)) / arrivals) / 10,
        stopsPerVehicle: 0.5,
      });
      expect(body.figures.travelTimeS).toBeCloseTo(travelS, 0);
      expect(body.figures.designTravelTimeS).toBeCloseTo((2 * LENGTH) / SPEED, 0);
      expect(body.figures.travelTimeRatio).toBeCloseTo(travelS / ((2 * LENGTH) / SPEED), 1);
    }
  });

  it("adds the corridor's own detector windows with the alert's verdict on them", async () => {
    const body = await json<TimeSpaceResponse>(await get(`/${encodeURIComponent(CORRIDOR)}/time-space`, window));
    expect(body.observed).toEqual({ windows: 2, vehicles: 40, arrivalsOnGreenPct: 42.5, stops: 0.5, travelTimeS: 150, designTravelTimeS: 140, verdict: 'broken' });
    // A window the detectors did not report in: nothing to judge.
    const later = await json<TimeSpaceResponse>(await get(`/${encodeURIComponent(CORRIDOR)}/time-space`, { from: iso(TO_MS), to: iso(TO_MS + 600_000) }));
    expect(later.observed).toBeNull();
  });

  it('refuses a window over the limit, bad fields and unknown parameters, naming each', async () => {
    const path = `/${encodeURIComponent(CORRIDOR)}/time-space`;
    const tooLong = await get(path, { from: iso(FROM_MS), to: iso(FROM_MS + 2 * 3_600_000 + 1000) });
    expect(tooLong.status).toBe(400);
    expect((await json<{ fields: unknown[] }>(tooLong)).fields).toEqual([{ field: 'to', problem: 'must be at most 2 hours after from (the time-space window limit)' }]);
    const bad = await get(path, { from: 'yesterday', to: iso(FROM_MS), every: '5' });
    expect(bad.status).toBe(400);
    expect((await json<{ fields: { field: string }[] }>(bad)).fields.map((f) => f.field)).toEqual(['from', 'every']);
    const backwards = await get(path, { from: iso(TO_MS), to: iso(FROM_MS) });
    expect((await json<{ fields: unknown[] }>(backwards)).fields).toEqual([{ field: 'to', problem: 'must be after from' }]);
    const unknown = await get('/corridor:nowhere/time-space', window);
    expect(unknown.status).toBe(404);
    expect(await json<{ code: string }>(unknown)).toMatchObject({ code: 'CORRIDOR_NOT_FOUND' });
  });

  it('answers only the signed in', async () => {
    const res = await fetch(`${baseUrl}/api/corridors/${encodeURIComponent(CORRIDOR)}/time-space?${new URLSearchParams(window)}`);
    expect(res.status).toBe(401);
  });
});
