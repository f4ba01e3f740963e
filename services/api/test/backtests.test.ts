import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createKafka, createLogger, FLEET_STREAMS, parseConfig } from '@urban-brain/common';
import type { AuditPage, BacktestProgress, BacktestResult } from '@urban-brain/proto';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule as AlertingModule } from '../../alerting/src/app.module';
import { alertingConfigSchema, TOPIC_VARIABLE_OF } from '../../alerting/src/config/alerting.config';
import { apiConfigSchema } from '../src/config/api.config';
import { createApp } from '../src/create-app';
import { signedInAs, type SignedIn } from './signed-in';

// Backtests through the api: an engineer starts one (audited), follows it, reads and downloads the
// result from the real rules service over HTTP; bad fields, a window over the limit and a bad draft
// are refused naming the field, the limit or the rule; a dispatcher may not run one.
const DATABASE_URL = process.env.DATABASE_URL;
const KAFKA_BROKERS = process.env.KAFKA_BROKERS;
if (!DATABASE_URL || !KAFKA_BROKERS) throw new Error('DATABASE_URL / KAFKA_BROKERS are not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

const run = randomUUID().slice(0, 8);
const logger = createLogger('api-backtests-test', 'warn');
const topicOfStream = Object.fromEntries(FLEET_STREAMS.map((stream) => [stream.name, `ub.test.api-backtests.${stream.name}.${run}`]));
// The rules service's own topics too: it waits for them (its outbox relay and dispatch) and would not close without them.
const serviceTopics = [`ub.test.api-backtests.alerts.${run}`, `ub.test.api-backtests.dispatch.${run}`];
const allTopics = [...Object.values(topicOfStream), ...serviceTopics];

describe('backtests through the api', () => {
  let kafkaAdmin: Admin;
  let alerting: INestApplication;
  let api: NestExpressApplication;
  let baseUrl: string;
  let engineer: SignedIn;
  let dispatcher: SignedIn;
  let admin: SignedIn;

  const call = (method: string, path: string, who: SignedIn, body?: unknown) =>
    fetch(`${baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...who.headers }, body: body === undefined ? undefined : JSON.stringify(body) });

  beforeAll(async () => {
    kafkaAdmin = createKafka({ clientId: `api-backtests-test-${run}`, brokers: KAFKA_BROKERS.split(','), logger }).admin();
    await kafkaAdmin.connect();
    await kafkaAdmin.createTopics({ topics: allTopics.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })), waitForLeaders: true });
    const alertingConfig = parseConfig(alertingConfigSchema, {
      KAFKA_BROKERS,
      DATABASE_URL,
      DATABASE_POOL_SIZE: '2',
      LOG_LEVEL: 'warn',
      ALERTING_GROUP_ID: `ub-alerting-api-backtests-test-${run}`,
      ALERTS_TOPIC: serviceTopics[0],
      DISPATCH_TOPIC: serviceTopics[1],
      ...Object.fromEntries(FLEET_STREAMS.map((stream) => [TOPIC_VARIABLE_OF[stream.name]!, topicOfStream[stream.name]!])),
    });
    alerting = await NestFactory.create(AlertingModule.register(alertingConfig, logger), { logger: false });
    await alerting.listen(0, '127.0.0.1');
    const alertingUrl = `http://127.0.0.1:${(alerting.getHttpServer().address() as AddressInfo).port}`;
    api = await createApp(parseConfig(apiConfigSchema, { DATABASE_URL, DATABASE_POOL_SIZE: '2', LOG_LEVEL: 'warn', LIVE_TOKEN_SECRET: 'api-it-backtests-secret-0123456789abcdef', ALERTING_URL: alertingUrl }), logger);
    await api.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
    [engineer, dispatcher, admin] = await Promise.all([signedInAs(api, baseUrl, 'engineer'), signedInAs(api, baseUrl, 'dispatcher'), signedInAs(api, baseUrl, 'admin')]);
  });

  afterAll(async () => {
    await api?.close();
    await alerting?.close();
    await kafkaAdmin?.deleteTopics({ topics: allTopics }).catch(() => undefined);
    await kafkaAdmin?.disconnect();
  });

  it('runs one for an engineer, audited, with progress, a result and a CSV download', async () => {
    const from = new Date(Date.now() - 10 * 60_000).toISOString();
    const to = new Date().toISOString();
    expect((await call('POST', '/api/backtests', dispatcher, { ruleSet: 'current', from, to })).status).toBe(403);

    const started = await call('POST', '/api/backtests', engineer, { ruleSet: 'current', from, to, streams: ['boat-readings'] });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    let progress: BacktestProgress;
    const deadline = Date.now() + 60_000;
    do {
      progress = (await (await call('GET', `/api/backtests/${id}`, engineer)).json()) as BacktestProgress;
      if (progress.state === 'running') await new Promise((r) => setTimeout(r, 200));
    } while (progress.state === 'running' && Date.now() < deadline);
    expect(progress).toMatchObject({ id, state: 'done', ruleSet: 'current', from, to, progress: 1, error: null });
    expect(progress.sources).toEqual([{ stream: 'boat-readings', source: 'kafka', note: `topic ${topicOfStream['boat-readings']} holds the window` }]);

    const result = (await (await call('GET', `/api/backtests/${id}/result`, engineer)).json()) as BacktestResult;
    // An empty topic: nothing would have fired; what the live service stored for boats in the window (other runs share the database) is listed as removed.
    expect(result).toMatchObject({ id, eventsRead: 0, alerts: [], diff: { added: [], changed: [], unchanged: 0 } });
    expect(result.diff.removed.every((a) => a.fleet === 'boats')).toBe(true);
    const csv = await call('GET', `/api/backtests/${id}/result?format=csv`, engineer);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="backtest-${id}.csv"`);
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(1 + result.diff.removed.length);

    const audit = (await (await call('GET', `/api/audit?action=backtest.start&actor=${engineer.username}`, admin)).json()) as AuditPage;
    expect(audit.entries[0]).toMatchObject({ target: `backtest:${id}`, detail: { ruleSet: 'current', from, to, streams: ['boat-readings'] } });
    expect((await call('GET', `/api/backtests/${randomUUID()}`, engineer)).status).toBe(404);
  });

  it('refuses bad fields, a window over the limit and a draft with an error, naming each', async () => {
    const missing = await call('POST', '/api/backtests', engineer, { ruleSet: 'current', from: 'soon' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { fields: { field: string }[] }).fields.map((f) => f.field).sort()).toEqual(['from', 'to']);

    const long = await call('POST', '/api/backtests', engineer, { ruleSet: 'current', from: '2026-11-01T00:00:00Z', to: '2026-11-10T00:00:00Z' });
    expect(long.status).toBe(400);
    expect(((await long.json()) as { fields: { field: string; problem: string }[] }).fields).toEqual([{ field: 'to', problem: expect.stringMatching(/^the window is at most 168 hours/) }]);

    const draft = 'version: 1\nrules:\n  - id: boat.low\n    kind: threshold\n    stream: boat-readings\n    severity: warning\n    field: batteryPercent\n    below: 20\n    title: { en: "x", zh: "x" }\n';
    const bad = await call('POST', '/api/backtests', engineer, { ruleSet: draft, from: new Date(Date.now() - 60_000).toISOString(), to: new Date().toISOString() });
    expect(bad.status).toBe(400);
    const refused = (await bad.json()) as { code: string; fields: { field: string; problem: string }[] };
    expect(refused.code).toBe('INVALID_RULES');
    expect(refused.fields.some((f) => f.field.includes('rule boat.low') && /batteryPercent/.test(f.problem))).toBe(true);
  });
});
