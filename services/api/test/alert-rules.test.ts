import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger, createPool, parseConfig } from '@urban-brain/common';
import type { AuditPage } from '@urban-brain/proto';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule as AlertingModule } from '../../alerting/src/app.module';
import { alertingConfigSchema, DEFAULT_RULES_FILE } from '../../alerting/src/config/alerting.config';
import { apiConfigSchema } from '../src/config/api.config';
import { createApp } from '../src/create-app';
import { signedInAs, type SignedIn } from './signed-in';

// Rule sets as data through the api: drafts checked by the real rules service (its own parser and
// city pack, over HTTP), a stored version applied by it without a restart, the edit in the audit log.
const DATABASE_URL = process.env.DATABASE_URL;
const KAFKA_BROKERS = process.env.KAFKA_BROKERS;
if (!DATABASE_URL || !KAFKA_BROKERS) throw new Error('DATABASE_URL / KAFKA_BROKERS are not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

const run = randomUUID().slice(0, 8);
const logger = createLogger('api-alert-rules-test', 'warn');

describe('alert rule sets', () => {
  let alerting: INestApplication;
  let api: NestExpressApplication;
  let baseUrl: string;
  let pool: Pool;
  let engineer: SignedIn;
  let admin: SignedIn;

  const call = (method: string, path: string, who: SignedIn, body?: unknown) =>
    fetch(`${baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...who.headers }, body: body === undefined ? undefined : JSON.stringify(body) });

  beforeAll(async () => {
    pool = createPool(DATABASE_URL, 1, 'api-alert-rules-test');
    // Versions other runs stored would be applied by this run's rules service; start from the file.
    await pool.query('DELETE FROM alert_rule_sets');
    const alertingConfig = parseConfig(alertingConfigSchema, { KAFKA_BROKERS, DATABASE_URL, DATABASE_POOL_SIZE: '2', LOG_LEVEL: 'warn', ALERTING_GROUP_ID: `ub-alerting-rules-test-${run}`, ALERTING_RULES_POLL_S: '1' });
    alerting = await NestFactory.create(AlertingModule.register(alertingConfig, logger), { logger: false });
    await alerting.listen(0, '127.0.0.1');
    const alertingUrl = `http://127.0.0.1:${(alerting.getHttpServer().address() as AddressInfo).port}`;
    api = await createApp(parseConfig(apiConfigSchema, { DATABASE_URL, DATABASE_POOL_SIZE: '2', LOG_LEVEL: 'warn', LIVE_TOKEN_SECRET: 'api-it-alert-rules-secret-0123456789abcdef', ALERTING_URL: alertingUrl }), logger);
    await api.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
    [engineer, admin] = await Promise.all([signedInAs(api, baseUrl, 'engineer'), signedInAs(api, baseUrl, 'admin')]);
  });

  afterAll(async () => {
    await api?.close();
    await alerting?.close();
    await pool?.query('DELETE FROM alert_rule_sets');
    await pool?.end();
  });

  it('shows the rule set in force: the default file, version 0', async () => {
    const body = (await (await call('GET', '/api/alert-rules', engineer)).json()) as { inForce: { version: number; yaml: string }; versions: unknown[] };
    expect(body.inForce).toEqual({ version: 0, yaml: readFileSync(DEFAULT_RULES_FILE, 'utf8') });
    expect(body.versions).toEqual([]);
  });

  it('checks a draft with the rules service, naming each bad rule and field', async () => {
    const good = await call('POST', '/api/alert-rules/validate', engineer, { yaml: readFileSync(DEFAULT_RULES_FILE, 'utf8') });
    expect(good.status).toBe(200);
    expect(((await good.json()) as { rules: number }).rules).toBeGreaterThan(10);
    const bad = await call('POST', '/api/alert-rules/validate', engineer, {
      yaml: 'version: 1\nrules:\n  - id: boat.low\n    kind: threshold\n    stream: boat-readings\n    severity: warning\n    field: batteryPercent\n    below: 20\n    title: { en: "x", zh: "x" }\n',
    });
    expect(bad.status).toBe(400);
    const refused = (await bad.json()) as { code: string; fields: { field: string; problem: string }[] };
    expect(refused.code).toBe('INVALID_RULES');
    expect(refused.fields.some((f) => f.field.includes('rule boat.low') && /batteryPercent/.test(f.problem))).toBe(true);
  });

  it('stores a new version only for an admin, applies it without a restart, and records the edit', async () => {
    const yaml = readFileSync(DEFAULT_RULES_FILE, 'utf8').replace('below: 20', 'below: 15');
    expect((await call('PUT', '/api/alert-rules', engineer, { yaml })).status).toBe(403);
    const stored = await call('PUT', '/api/alert-rules', admin, { yaml, note: 'boats: 15 %' });
    expect(stored.status).toBe(201);
    const { version } = (await stored.json()) as { version: number };
    expect(version).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // The rules service applies the newest version within its poll (1 s here).
    const deadline = Date.now() + 20_000;
    let inForce = 0;
    while (Date.now() < deadline && inForce !== version) {
      inForce = ((await (await call('GET', '/api/alert-rules', engineer)).json()) as { inForce: { version: number } }).inForce.version;
      if (inForce !== version) await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(inForce).toBe(version);
    expect(((await (await call('GET', `/api/alert-rules/${version}`, engineer)).json()) as { yaml: string; createdBy: string }).createdBy).toBe(admin.username);
    const audit = (await (await call('GET', `/api/audit?action=rules.update&actor=${admin.username}`, admin)).json()) as AuditPage;
    expect(audit.entries[0]).toMatchObject({ target: `rule-set:${version}`, detail: { note: 'boats: 15 %' } });
    expect((await call('GET', '/api/alert-rules/99999', engineer)).status).toBe(404);
  });
});
