import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger, createPool, parseConfig } from '@urban-brain/common';
import { TaskState, TruckKind } from '@urban-brain/proto';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiConfigSchema } from '../src/config/api.config';
import { createApp } from '../src/create-app';
import { signedInAs } from './signed-in';
import { HISTORY_SQL } from '../src/history/history.repository';
import type { TruckTrackResponseDto as TrackResponseDto } from '../src/history/truck-track-response.dto';

// Runs the real app on an ephemeral port against the real database (scripts/stack/dev-infra.sh up).
const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) throw new Error('DATABASE_URL is not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

// Unique per run, so runs never see each other's rows.
const TRUCK = `it-api-${randomUUID().slice(0, 8)}`;
const NEIGHBOUR = `${TRUCK}-b`;
const FROM = '2024-03-01T08:00:00.000Z';
const TO = '2024-03-01T08:01:00.000Z';

interface Seed {
  truckId: string;
  seq: number;
  at: string; // timestamptz literal, may carry microseconds
  taskState?: TaskState;
}

// Inside the window: seconds 0..9, two readings sharing 08:00:05 (seq 6 and 7) and two readings
// 500 microseconds apart (seq 10 and 11) that a millisecond cursor could not tell apart.
const INSIDE: Seed[] = [
  ...Array.from({ length: 5 }, (_, i) => ({ truckId: TRUCK, seq: i + 1, at: `2024-03-01T08:00:0${i}Z` })),
  { truckId: TRUCK, seq: 6, at: '2024-03-01T08:00:05Z' },
  { truckId: TRUCK, seq: 7, at: '2024-03-01T08:00:05Z' },
  { truckId: TRUCK, seq: 8, at: '2024-03-01T08:00:06Z' },
  { truckId: TRUCK, seq: 9, at: '2024-03-01T08:00:07Z' },
  { truckId: TRUCK, seq: 10, at: '2024-03-01T08:00:08.000250Z' },
  { truckId: TRUCK, seq: 11, at: '2024-03-01T08:00:08.000750Z' },
  { truckId: TRUCK, seq: 12, at: '2024-03-01T08:00:59.999Z', taskState: TaskState.TO_TRANSFER_STATION },
];
const OUTSIDE: Seed[] = [
  { truckId: TRUCK, seq: 100, at: '2024-03-01T07:59:59.999Z' }, // just before from
  { truckId: TRUCK, seq: 101, at: TO }, // exactly at to: the window is half-open
  { truckId: NEIGHBOUR, seq: 1, at: '2024-03-01T08:00:03Z' }, // another truck, same window
];
const EXPECTED_SEQS = INSIDE.map((s) => s.seq);

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters: { name: string }[]; responses: Record<string, unknown> } | undefined> | undefined>;
}

const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
const seqsOf = (page: TrackResponseDto) => page.points.map((p) => p.seq);

describe('GET /api/trucks/:truckId/track', () => {
  let app: NestExpressApplication;
  let pool: Pool;
  let baseUrl: string;

  let auth: Record<string, string> = {};
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${baseUrl}${path}`, { headers: { ...auth, ...headers } });
  const track = (truckId: string, params: Record<string, string>) => get(`/api/trucks/${encodeURIComponent(truckId)}/track?${new URLSearchParams(params)}`);

  beforeAll(async () => {
    pool = createPool(DATABASE_URL, 2, 'api-integration-test');
    // Insert in shuffled order: the endpoint must sort, not rely on insertion order.
    const seeds = [...INSIDE, ...OUTSIDE].reverse();
    for (const s of seeds) {
      await pool.query(
        `INSERT INTO truck_readings (truck_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind)
         VALUES ($1, $2, $3::timestamptz, $4, 29.58, 12.5, 90, 1500, $5, $6)`,
        [s.truckId, s.seq, s.at, 105 + s.seq / 1000, s.taskState ?? TaskState.SWEEPING, TruckKind.SWEEPER],
      );
    }
    const config = parseConfig(apiConfigSchema, { DATABASE_URL, DATABASE_POOL_SIZE: '2', LOG_LEVEL: 'warn', LIVE_TOKEN_SECRET: 'api-test-live-token-secret-0123456789abcdef' });
    app = await createApp(config, createLogger('api-test', 'warn'));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    auth = (await signedInAs(app, baseUrl, 'operator')).headers;
  });

  afterAll(async () => {
    await app?.close();
    await pool?.query('DELETE FROM truck_readings WHERE truck_id = ANY($1)', [[TRUCK, NEIGHBOUR]]);
    await pool?.end();
  });

  it("returns the truck's readings in [from, to), ordered by time then seq", async () => {
    const res = await track(TRUCK, { from: FROM, to: TO });
    expect(res.status).toBe(200);
    const body = await json<TrackResponseDto>(res);
    expect(body).toMatchObject({ truckId: TRUCK, from: FROM, to: TO, nextCursor: null });
    expect(seqsOf(body)).toEqual(EXPECTED_SEQS);
    expect(body.points[0]).toEqual({
      t: '2024-03-01T08:00:00.000Z',
      seq: 1,
      lon: 105.001,
      lat: 29.58,
      speedKmh: 12.5,
      headingDeg: 90,
      loadKg: 1500,
      taskState: 'SWEEPING',
      kind: 'SWEEPER',
    });
    expect(body.points.at(-1)).toMatchObject({ seq: 12, t: '2024-03-01T08:00:59.999Z', taskState: 'TO_TRANSFER_STATION' });
  });

  it('pages with a cursor, including between readings that share a time or a millisecond', async () => {
    // limit 3 ends pages after seq 3, 6 (mid-second), 9 and 10 (mid-millisecond).
    for (const limit of [1, 3, 5]) {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const params: Record<string, string> = { from: FROM, to: TO, limit: String(limit) };
        if (cursor) params.cursor = cursor;
        const res = await track(TRUCK, params);
        expect(res.status).toBe(200);
        const body = await json<TrackResponseDto>(res);
        expect(body.points.length).toBeLessThanOrEqual(limit);
        seen.push(...seqsOf(body));
        cursor = body.nextCursor;
        pages += 1;
        expect(pages).toBeLessThanOrEqual(EXPECTED_SEQS.length + 1);
      } while (cursor !== null);
      expect(seen, `limit ${limit}`).toEqual(EXPECTED_SEQS);
      expect(pages).toBe(Math.ceil(EXPECTED_SEQS.length / limit));
    }
  });

  it('keeps the window bounds on later pages', async () => {
    const window = { from: '2024-03-01T08:00:02Z', to: '2024-03-01T08:00:06Z', limit: '2' };
    const first = await json<TrackResponseDto>(await track(TRUCK, window));
    expect(seqsOf(first)).toEqual([3, 4]);
    const second = await json<TrackResponseDto>(await track(TRUCK, { ...window, cursor: first.nextCursor ?? '' }));
    expect(seqsOf(second)).toEqual([5, 6]);
    const third = await json<TrackResponseDto>(await track(TRUCK, { ...window, cursor: second.nextCursor ?? '' }));
    expect(third).toMatchObject({ points: [{ seq: 7 }], nextCursor: null });
  });

  it('reads the track in primary-key order, without sorting the window', async () => {
    // A sort would read the whole window (up to 7 days of 1 Hz fixes) for every page.
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off'); // a tiny test table would otherwise hide the plan
      await client.query('SET LOCAL enable_bitmapscan = off'); // likewise migration 006's BRIN on recorded_at (plain mode)
      // The alias runs the history tracks query for its one truck: ids, window, start before every reading, limit + 1.
      const params = [[TRUCK], FROM, TO, '', FROM, -1, 11];
      const plan = (await client.query(`EXPLAIN (FORMAT JSON) ${HISTORY_SQL.TRACKS.trucks}`, params)).rows[0]['QUERY PLAN'];
      const text = JSON.stringify(plan);
      expect(text).toContain('truck_readings');
      expect(text).not.toMatch(/"Node Type":\s*"(Incremental )?Sort"/);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('answers a truck with no readings in the window with 200 and no points', async () => {
    const res = await track(`${TRUCK}-silent`, { from: FROM, to: TO });
    expect(res.status).toBe(200);
    expect(await json<TrackResponseDto>(res)).toMatchObject({ truckId: `${TRUCK}-silent`, points: [], nextCursor: null });
  });

  it.each([
    ['to before from', TRUCK, { from: TO, to: FROM }, [{ field: 'to', problem: 'must be after from' }]],
    ['missing to', TRUCK, { from: FROM }, [{ field: 'to', problem: expect.stringContaining('is required') }]],
    ['window over 7 days', TRUCK, { from: FROM, to: '2024-03-08T08:00:00.001Z' }, [{ field: 'to', problem: 'must be at most 7 days after from' }]],
    ['time without zone', TRUCK, { from: '2024-03-01T08:00:00', to: TO }, [{ field: 'from', problem: expect.stringContaining('ISO-8601') }]],
    ['limit over max', TRUCK, { from: FROM, to: TO, limit: '10001' }, [{ field: 'limit', problem: expect.any(String) }]],
    ['cursor not from this API', 'other-truck', { from: FROM, to: TO, cursor: 'eyJ2IjoxfQ' }, [{ field: 'cursor', problem: expect.any(String) }]],
    ['bad truck id', '-bad id', { from: FROM, to: TO }, [{ field: 'truckId', problem: expect.any(String) }]],
  ])('answers 400 naming the field: %s', async (_case, truckId, params, fields) => {
    const res = await track(truckId, params as Record<string, string>);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ statusCode: 400, error: 'Bad Request', code: 'INVALID_QUERY', message: 'Invalid query', fields });
  });

  it("refuses another truck's cursor", async () => {
    const first = await json<TrackResponseDto>(await track(TRUCK, { from: FROM, to: TO, limit: '1' }));
    const res = await track(NEIGHBOUR, { from: FROM, to: TO, cursor: first.nextCursor ?? '' });
    expect(res.status).toBe(400);
    expect((await json<{ fields: unknown }>(res)).fields).toEqual([{ field: 'cursor', problem: 'belongs to another truck' }]);
  });

  it('lists the route and its parameters in the OpenAPI JSON, and serves the UI', async () => {
    const res = await get('/api/docs-json');
    expect(res.status).toBe(200);
    const doc = await json<OpenApiDocument>(res);
    const operation = doc.paths['/api/trucks/{truckId}/track']?.get;
    if (!operation) throw new Error('the track route is missing from the OpenAPI document');
    expect(operation.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['cursor', 'from', 'limit', 'to', 'truckId']);
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '401', '403', '503']);
    expect(doc.paths['/api/city/basemap']?.get).toBeDefined();
    expect(doc.paths['/api/health']?.get).toBeDefined();
    const ui = await get('/api/docs');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
  });

  it('reports a healthy database at /health and /api/health', async () => {
    for (const path of ['/health', '/api/health']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', checks: { database: 'up' } });
    }
  });

  it('serves the base map with validators, and a 304 when the ETag matches', async () => {
    const res = await get('/api/city/basemap');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('max-age=');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"/);
    const body = await json<{ type: string; features: unknown[] }>(res);
    expect(body.type).toBe('FeatureCollection');
    expect(body.features.length).toBeGreaterThan(0);
    // Revalidate the way a browser does on reload; without a Cache-Control of its own, fetch would add
    // "no-cache" to a conditional request, and a no-cache request is never answered from a validator.
    const again = await get('/api/city/basemap', { 'If-None-Match': etag ?? '', 'Cache-Control': 'max-age=0' });
    expect(again.status).toBe(304);
  });
});
