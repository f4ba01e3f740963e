import { randomInt, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger, parseConfig } from '@urban-brain/common';
import { CallStage } from '@urban-brain/proto';
import { Client, type Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AMBULANCE_TODAY_SQL, AmbulanceCallsRepository, type AmbulanceDayRow } from '../src/ambulance-calls/ambulance-calls.repository';
import type { AmbulanceTodayResponseDto } from '../src/ambulance-calls/ambulance-today-response.dto';
import { apiConfigSchema } from '../src/config/api.config';
import { createApp } from '../src/create-app';
import { signedInAs } from './signed-in';
import { DATABASE_MODES, type DatabaseTarget } from './database-modes';

// The "today" figures of the wall's ambulance tile, on the real database in every mode of database-modes.ts
// (the repository), then through HTTP on DATABASE_URL. Expected values are worked out by hand from the seed.

// The HTTP tests run the real app on an ephemeral port against DATABASE_URL (scripts/stack/dev-infra.sh up).
const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) throw new Error('DATABASE_URL is not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

// The figures read every call of a day: a random day of 1992-1998 nobody else writes to, and unique ids.
const P = `it-amb-${randomUUID().slice(0, 8)}`;
// Local midnight of the day in Asia/Shanghai: 16:00 UTC the day before. China has kept UTC+8 all year since
// 1992 (it had summer time from 1986 to 1991, where local midnight is 15:00 UTC from April to September).
const MIDNIGHT_MS = Date.UTC(1992, 0, 1, 16) + randomInt(0, 2500) * 86_400_000;
const HOUR = 3600;
const at = (seconds: number) => new Date(MIDNIGHT_MS + seconds * 1000).toISOString();
const exact = (seconds: number) => at(seconds).replace('.000Z', '.000000Z');

// Each call's steps at seconds from local midnight, received first. The instant asked about is 10:00 local.
const NOW = 10 * HOUR;
const CALLS: Record<string, [CallStage, number][]> = {
  // Received yesterday 23:00, on scene yesterday, never closed: open (within 24 h), not today's.
  yesterday: [[CallStage.RECEIVED, -HOUR], [CallStage.ON_SCENE, -HOUR + 400]],
  // Received 15 h before midnight, never closed: more than 24 h before 10:00, so not open any more.
  stale: [[CallStage.RECEIVED, -15 * HOUR]],
  // Received yesterday 23:50, on scene today 00:02 (720 s), closed 03:00: today's response, not open.
  lateNight: [[CallStage.RECEIVED, -600], [CallStage.DISPATCHED, -540], [CallStage.ON_SCENE, 120], [CallStage.CLOSED, 3 * HOUR]],
  // 01:00, on scene after 300 s, closed 02:00.
  a: [[CallStage.RECEIVED, HOUR], [CallStage.DISPATCHED, HOUR + 30], [CallStage.ON_SCENE, HOUR + 300], [CallStage.CLOSED, 2 * HOUR]],
  // 05:00, on scene after 600 s, still open.
  b: [[CallStage.RECEIVED, 5 * HOUR], [CallStage.ON_SCENE, 5 * HOUR + 600]],
  // 03:00, on scene after 200 s, closed 30 s after 10:00: open at 10:00.
  c: [[CallStage.RECEIVED, 3 * HOUR], [CallStage.ON_SCENE, 3 * HOUR + 200], [CallStage.CLOSED, NOW + 30]],
  // 09:30, on scene 60 s after 10:00: open, received today, no response yet at 10:00.
  d: [[CallStage.RECEIVED, 9.5 * HOUR], [CallStage.ON_SCENE, NOW + 60]],
  // 1 s after 10:00: not yet.
  e: [[CallStage.RECEIVED, NOW + 1]],
};
const callId = (name: string) => `${P}-${name}`;

async function seed(client: Client): Promise<void> {
  const rows = Object.entries(CALLS).flatMap(([name, steps]) => steps.map(([stage, second], i) => [callId(name), i + 1, at(second), stage, at(steps[0]?.[1] ?? 0)]));
  // Multi-row INSERT: COPY FROM STDIN aborts the PGlite instance (test-support/timescale-pglite.ts).
  await client.query(
    `INSERT INTO emergency_call_events (call_id, seq, recorded_at, stage, received_at, lon, lat, district_id, priority, ambulance_id, hospital_id)
     SELECT c, s, r, st, rc, 105.06, 29.58, 'shizhong', 2, 'amb-1', '' FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::smallint[], $5::timestamptz[]) AS u(c, s, r, st, rc)`,
    [0, 1, 2, 3, 4].map((c) => rows.map((row) => row[c])),
  );
}

async function unseed(client: Pick<Client, 'query'>): Promise<void> {
  await client.query('DELETE FROM emergency_call_events WHERE call_id = ANY($1)', [Object.keys(CALLS).map(callId)]);
}

// At 10:00: open yesterday, b, c, d; received today a, b, c, d; on scene today lateNight 720, a 300, b 600, c 200:
// median (300 + 600) / 2 = 450, p90 at position 0.9 x 3 = 2.7 of 200 300 600 720: 600 + 0.7 x 120 = 684.
const AT_TEN: AmbulanceDayRow = { dayStart: exact(0), openCalls: 4, callsReceived: 4, callsOnScene: 4, responseP50S: 450, responseP90S: 684 };

describe.each(DATABASE_MODES)('ambulance calls today in %s mode', (mode, start) => {
  let target: DatabaseTarget;
  let client: Client;
  let calls: AmbulanceCallsRepository;
  const day = (seconds: number, timeZone = 'Asia/Shanghai') => calls.findDay(new Date(at(seconds)), timeZone);

  beforeAll(async () => {
    target = await start();
    client = new Client({ connectionString: target.url });
    await client.connect();
    await seed(client);
    // The repository only calls query(sql, params), which a single Client answers like a pool.
    calls = new AmbulanceCallsRepository(client as unknown as Pool);
    process.stderr.write(`ambulance-calls ${mode}: ready\n`);
  });

  afterAll(async () => {
    if (client) {
      await unseed(client);
      await client.end();
    }
    await target?.stop();
  });

  it('at 10:00 local: open calls, and the calls received and reached on scene since local midnight with their response times', async () => {
    expect(await day(NOW)).toEqual(AT_TEN);
  });

  it('counts steps at the instant itself, not after it', async () => {
    // e is received at 10:00:01; c's CLOSED step at 10:00:30 counts then; at 10:01 d is on scene (after 1860 s).
    expect(await day(NOW + 1)).toMatchObject({ openCalls: 5, callsReceived: 5, callsOnScene: 4 });
    expect(await day(NOW + 29)).toMatchObject({ openCalls: 5 });
    expect(await day(NOW + 30)).toMatchObject({ openCalls: 4, callsReceived: 5, callsOnScene: 4 });
    expect(await day(NOW + 59)).toMatchObject({ callsOnScene: 4, responseP50S: 450 });
    expect(await day(NOW + 60)).toMatchObject({ openCalls: 4, callsReceived: 5, callsOnScene: 5, responseP50S: 600 });
  });

  it("starts today at the city's midnight: one second before, it is still yesterday", async () => {
    // 23:59:59: yesterday began 24 h earlier; stale (received 09:00 yesterday), yesterday and lateNight are open
    // and today's; yesterday's ON_SCENE (400 s) is the day's only response.
    expect(await day(-1)).toEqual({ dayStart: exact(-24 * HOUR), openCalls: 3, callsReceived: 3, callsOnScene: 1, responseP50S: 400, responseP90S: 400 });
    // 00:00:00 exactly: a new day with nothing in it yet, the same calls open.
    expect(await day(0)).toEqual({ dayStart: exact(0), openCalls: 3, callsReceived: 0, callsOnScene: 0, responseP50S: null, responseP90S: null });
  });

  it('drops a call that was never closed 24 hours after it was received', async () => {
    // stale was received at -15 h: open up to 24 h later (09:00), not after.
    expect((await day(9 * HOUR - 1)).openCalls - (await day(9 * HOUR)).openCalls).toBe(1);
  });

  it('follows the time zone it is given', async () => {
    // In UTC, 10:00 local (02:00 UTC) is in the day that began at 08:00 local: only d was received since.
    expect(await day(NOW, 'UTC')).toMatchObject({ dayStart: exact(8 * HOUR), openCalls: 4, callsReceived: 1, callsOnScene: 0, responseP50S: null });
  });
});

describe('GET /api/history/ambulances/today', () => {
  let app: NestExpressApplication;
  let client: Client;
  let baseUrl: string;
  let auth: Record<string, string> = {};
  const today = (params: Record<string, string | string[]>) => {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) for (const one of [value].flat()) search.append(name, one);
    return fetch(`${baseUrl}/api/history/ambulances/today?${search}`, { headers: auth });
  };

  beforeAll(async () => {
    client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    await seed(client);
    const config = parseConfig(apiConfigSchema, { DATABASE_URL, DATABASE_POOL_SIZE: '2', LOG_LEVEL: 'warn', LIVE_TOKEN_SECRET: 'api-test-live-token-secret-0123456789abcdef' });
    app = await createApp(config, createLogger('api-test', 'warn'));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    auth = (await signedInAs(app, baseUrl, 'operator')).headers;
  });

  afterAll(async () => {
    await app?.close();
    if (client) {
      await unseed(client);
      await client.end();
    }
  });

  it('answers the figures at an instant, in the city time zone', async () => {
    const res = await today({ at: at(NOW).replace('Z', '+00:00') });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      at: at(NOW),
      timeZone: 'Asia/Shanghai',
      dayStart: at(0),
      openCalls: 4,
      callsReceivedToday: 4,
      callsOnSceneToday: 4,
      responseP50S: 450,
      responseP90S: 684,
    });
  });

  it('answers for now without parameters', async () => {
    const before = Date.now();
    const body = (await (await today({})).json()) as AmbulanceTodayResponseDto;
    const answeredAt = new Date(body.at).getTime();
    expect(answeredAt).toBeGreaterThanOrEqual(before - 1);
    expect(answeredAt).toBeLessThanOrEqual(Date.now());
    // Local midnight is at most a day back and falls on 16:00 UTC.
    expect(answeredAt - new Date(body.dayStart).getTime()).toBeLessThan(86_400_000);
    expect(body.dayStart).toMatch(/T16:00:00\.000Z$/);
  });

  it.each([
    ['a time without a zone', { at: '2025-05-01T10:00:00' }, ['at']],
    ['a repeated at and an unknown parameter', { at: [at(0), at(1)], fleet: 'ambulances' }, ['at', 'fleet']],
  ])('answers 400 naming the fields: %s', async (_case, params, fields) => {
    const res = await today(params);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; fields: { field: string }[] };
    expect(body.code).toBe('INVALID_QUERY');
    expect(body.fields.map((f) => f.field)).toEqual(fields);
  });

  it('is documented in the OpenAPI JSON with its parameter from the zod schema', async () => {
    const doc = (await (await fetch(`${baseUrl}/api/docs-json`)).json()) as {
      paths: Record<string, { get?: { parameters: { name: string; required: boolean; schema: { format?: string } }[]; responses: object } }>;
    };
    const operation = doc.paths['/api/history/ambulances/today']?.get;
    expect(operation?.parameters).toEqual([expect.objectContaining({ name: 'at', required: false, schema: { type: 'string', format: 'date-time' } })]);
    expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403', '503']);
  });
});

// On a handful of rows any plan is cheap and the planner picks by accident; on a month at the city's call
// rate (a call every 25 minutes, four steps each) it must read about a day of events, whichever index it
// takes (the stage index, or TimescaleDB's own on recorded_at). A month of the late 1990s, away from the seed's day.
describe.each([
  ['TimescaleDB', DATABASE_URL],
  ['plain', process.env.PLAIN_DATABASE_URL ?? ''],
])('the today query plan (%s mode)', (_mode, url) => {
  const BULK = `${P}-bulk`;
  const bulkStart = Date.UTC(1999, 0, 1, 16) + randomInt(0, 300) * 86_400_000;
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: url });
    await client.connect();
    await client.query(
      `INSERT INTO emergency_call_events (call_id, seq, recorded_at, stage, received_at, lon, lat, district_id, priority, ambulance_id, hospital_id)
       SELECT $1 || '-' || n, st.seq, $2::timestamptz + make_interval(secs => n * 1500 + st.after_s), st.stage, $2::timestamptz + make_interval(secs => n * 1500),
              105.06, 29.58, '', 1, '', ''
       FROM generate_series(0, 30 * 86400 / 1500) n,
            (VALUES (1, ${CallStage.RECEIVED}, 0), (2, ${CallStage.DISPATCHED}, 60), (3, ${CallStage.ON_SCENE}, 400), (4, ${CallStage.CLOSED}, 3000)) AS st(seq, stage, after_s)`,
      [BULK, new Date(bulkStart).toISOString()],
    );
    await client.query('ANALYZE emergency_call_events');
  });

  afterAll(async () => {
    if (client) {
      await client.query('DELETE FROM emergency_call_events WHERE call_id LIKE $1', [`${BULK}-%`]);
      await client.end();
    }
  });

  it('reads each stage over at most a day of recorded_at through an index, never the whole table', async () => {
    const plan = JSON.stringify((await client.query(`EXPLAIN (FORMAT JSON) ${AMBULANCE_TODAY_SQL}`, [new Date(bulkStart + 20 * 86_400_000).toISOString(), 'Asia/Shanghai'])).rows[0]['QUERY PLAN']);
    expect(plan).not.toContain('Seq Scan');
    const conditions = [...plan.matchAll(/"Index Cond":"([^"]*)"/g)].map((m) => m[1] ?? '');
    // Received (open calls), closed (open calls), received today, on scene today.
    expect(conditions.length, plan).toBeGreaterThanOrEqual(4);
    for (const condition of conditions) expect(condition, plan).toMatch(/\(recorded_at >=? .*\) AND \(recorded_at <= /);
  });
});
