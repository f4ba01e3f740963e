import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fromBinary } from '@bufbuild/protobuf';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger, createPool, parseConfig } from '@urban-brain/common';
import { AlertChangeKind, AlertChangeSchema, DispatchTaskSchema, TOPIC_ALERTS, TOPIC_DISPATCH, type AlertEventsResponse, type AlertPage, type AlertSummary, type AuditPage, type DispatchCandidatesResponse } from '@urban-brain/proto';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiConfigSchema } from '../src/config/api.config';
import { createApp } from '../src/create-app';
import { signedInAs, type SignedIn } from './signed-in';

// The dispatchers' workflow on the real app and database: alerts as the rules service stores them,
// worked through the api by two dispatchers; every step in the trail, the audit log and the outbox.
const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) throw new Error('DATABASE_URL is not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

const RUN = randomUUID().slice(0, 8);
// Near Dongxing's transfer station on National Road 321; the trucks around it report below.
const PLACE = { lon: 105.0651, lat: 29.5869 };

describe('alerts API', () => {
  let app: NestExpressApplication;
  let baseUrl: string;
  let pool: Pool;
  let ann: SignedIn;
  let bo: SignedIn;
  let operator: SignedIn;

  const call = (method: string, path: string, who: SignedIn, body?: unknown) =>
    fetch(`${baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...who.headers }, body: body === undefined ? undefined : JSON.stringify(body) });

  // An alert as the rules service writes it (services/alerting's AlertsRepository).
  const raise = async (rule: string, entity: string, severity = 2, fleet = 'trucks') => {
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO alerts (dedup_key, rule, fleet, entity_id, severity, title, title_zh, lon, lat, raised_at, last_seen_at, acknowledge_due_at, resolve_due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now(), now(), now() + interval '10 minutes', now() + interval '1 hour') RETURNING id`,
      [`${rule}:${entity}`, rule, fleet, entity, severity, `${entity} needs a look`, `${entity} 需要查看`, PLACE.lon, PLACE.lat],
    );
    return rows[0]!.id;
  };
  const outbox = async (topic: string, key: string) => (await pool.query<{ payload: Buffer }>('SELECT payload FROM kafka_outbox WHERE topic = $1 AND key = $2 ORDER BY id', [topic, key])).rows.map((r) => r.payload);

  beforeAll(async () => {
    const config = parseConfig(apiConfigSchema, { DATABASE_URL, DATABASE_POOL_SIZE: '4', LOG_LEVEL: 'warn', LIVE_TOKEN_SECRET: 'api-it-alerts-secret-0123456789abcdef0123' });
    app = await createApp(config, createLogger('api-alerts-test', 'warn'));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    pool = createPool(DATABASE_URL, 2, 'api-alerts-test');
    // The outbox is shared with whatever else ran on this database: keep only what this run writes.
    await pool.query('DELETE FROM kafka_outbox');
    [ann, bo, operator] = await Promise.all([signedInAs(app, baseUrl, 'dispatcher'), signedInAs(app, baseUrl, 'dispatcher'), signedInAs(app, baseUrl, 'operator')]);
  });

  afterAll(async () => {
    await app?.close();
    await pool?.end();
  });

  it('lists the unresolved alerts, most severe first, in pages', async () => {
    const rule = `it.queue.${RUN}`;
    const ids = [await raise(rule, 'a', 1), await raise(rule, 'b', 3), await raise(rule, 'c', 2)];
    const first = (await (await call('GET', `/api/alerts?rule=${rule}&limit=2`, operator)).json()) as AlertPage;
    expect(first.alerts.map((a) => [a.entityId, a.severity])).toEqual([
      ['b', 'critical'],
      ['c', 'warning'],
    ]);
    const second = (await (await call('GET', `/api/alerts?rule=${rule}&limit=2&cursor=${first.nextCursor}`, operator)).json()) as AlertPage;
    expect(second.alerts.map((a) => a.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();
    expect(first.alerts[0]).toMatchObject({ state: 'open', title: { en: 'b needs a look', zh: 'b 需要查看' }, conditionActive: true, escalated: false });
    const bad = await call('GET', '/api/alerts?state=done&fleet=cars', operator);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fields: { field: string }[] }).fields.map((f) => f.field).sort()).toEqual(['fleet', 'state']);
  });

  it('lets one of two dispatchers acknowledging at once win; the other gets 409 naming who did', async () => {
    const id = await raise(`it.ack.${RUN}`, 'truck-9');
    const [a, b] = await Promise.all([call('POST', `/api/alerts/${id}/acknowledge`, ann), call('POST', `/api/alerts/${id}/acknowledge`, bo)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [winner, loser] = a.status === 200 ? [ann, b] : [bo, a];
    expect(await loser.json()).toMatchObject({ code: 'ALERT_STEP_REFUSED', acknowledgedBy: winner.username, message: expect.stringContaining(`Already acknowledged by ${winner.username}`) });
  });

  it('walks an alert through assign (sending the vehicle), resolve and reopen, with the trail, the audit log and the outbox', async () => {
    const id = await raise(`it.flow.${RUN}`, 'point-7');
    const assigned = await call('POST', `/api/alerts/${id}/assign`, ann, { assignee: 'truck-017', fleet: 'trucks' });
    expect(assigned.status).toBe(200);
    expect((await assigned.json()) as AlertSummary).toMatchObject({ state: 'assigned', assignee: 'truck-017' });
    const tasks = (await outbox(TOPIC_DISPATCH, 'truck-017')).map((p) => fromBinary(DispatchTaskSchema, p));
    expect(tasks.at(-1)).toMatchObject({ alertId: id, fleet: 'trucks', vehicleId: 'truck-017', lon: PLACE.lon, lat: PLACE.lat, action: 'collect', issuedBy: ann.username });

    expect((await call('POST', `/api/alerts/${id}/resolve`, bo, { note: 'bins emptied' })).status).toBe(200);
    const again = await call('POST', `/api/alerts/${id}/resolve`, ann, {});
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'ALERT_STEP_REFUSED', message: 'The alert is already resolved' });
    expect((await call('POST', `/api/alerts/${id}/reopen`, ann, { note: 'overflowing again' })).status).toBe(200);

    const { events } = (await (await call('GET', `/api/alerts/${id}/events`, operator)).json()) as AlertEventsResponse;
    expect(events.map((e) => [e.action, e.actor, e.note, e.assignee])).toEqual([
      ['assigned', ann.username, null, 'truck-017'],
      ['resolved', bo.username, 'bins emptied', null],
      ['reopened', ann.username, 'overflowing again', null],
    ]);
    const changes = (await outbox(TOPIC_ALERTS, id)).map((p) => fromBinary(AlertChangeSchema, p));
    expect(changes.map((c) => [c.change, c.actor])).toEqual([
      [AlertChangeKind.ASSIGNED, ann.username],
      [AlertChangeKind.RESOLVED, bo.username],
      [AlertChangeKind.REOPENED, ann.username],
    ]);
    const audit = (await (await call('GET', `/api/audit?target=${id}`, await signedInAs(app, baseUrl, 'admin'))).json()) as AuditPage;
    expect(audit.entries.map((e) => [e.action, e.actor]).reverse()).toEqual([
      ['alert.assign', ann.username],
      ['alert.resolve', bo.username],
      ['alert.reopen', ann.username],
    ]);
  });

  it('refuses an operator working alerts (403 naming dispatcher), bad ids and bodies', async () => {
    const id = await raise(`it.roles.${RUN}`, 'x');
    const refused = await call('POST', `/api/alerts/${id}/acknowledge`, operator);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ requiredRole: 'dispatcher' });
    expect((await call('POST', '/api/alerts/not-an-id/acknowledge', ann)).status).toBe(400);
    expect((await call('POST', `/api/alerts/${randomUUID()}/acknowledge`, ann)).status).toBe(404);
    const noAssignee = await call('POST', `/api/alerts/${id}/assign`, ann, { who: 'me' });
    expect(noAssignee.status).toBe(400);
  });

  it('proposes the nearest trucks by road, fastest first', async () => {
    const id = await raise(`it.candidates.${RUN}`, 'point-9');
    const near = `it-${RUN}-near`;
    const far = `it-${RUN}-far`;
    await pool.query(
      `INSERT INTO truck_readings (truck_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind)
       VALUES ($1, 1, now() - interval '5 seconds', 105.0671, 29.5875, 20, 0, 1000, 2, 3), ($2, 1, now() - interval '5 seconds', 105.0900, 29.6000, 20, 0, 1000, 2, 3)`,
      [near, far],
    );
    const { candidates } = (await (await call('GET', `/api/alerts/${id}/candidates`, ann)).json()) as DispatchCandidatesResponse;
    const ours = candidates.filter((c) => c.vehicleId === near || c.vehicleId === far);
    expect(ours.map((c) => c.vehicleId)).toEqual([near, far].filter((v) => candidates.some((c) => c.vehicleId === v)));
    expect(ours[0]).toMatchObject({ fleet: 'trucks', vehicleId: near, reason: expect.stringMatching(/km by road/) });
    expect(ours[0]!.etaS).toBeGreaterThan(0);
    for (let i = 1; i < candidates.length; i++) expect(candidates[i]!.etaS).toBeGreaterThanOrEqual(candidates[i - 1]!.etaS);
  });
});
