import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger, parseConfig, verifyLiveToken } from '@urban-brain/common';
import type { LiveTokenResponse } from '@urban-brain/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiConfigSchema } from '../src/config/api.config';
import { createApp } from '../src/create-app';
import { signedInAs } from './signed-in';

// The real app on an ephemeral port against the real database (scripts/stack/dev-infra.sh up).
const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) throw new Error('DATABASE_URL is not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

const SECRET = 'api-it-live-token-secret-0123456789abcdef';

describe('POST /api/live/tokens', () => {
  let app: NestExpressApplication;
  let baseUrl: string;

  beforeAll(async () => {
    const config = parseConfig(apiConfigSchema, { DATABASE_URL, DATABASE_POOL_SIZE: '2', LOG_LEVEL: 'warn', LIVE_TOKEN_SECRET: SECRET, LIVE_TOKEN_TTL_S: '120' });
    app = await createApp(config, createLogger('api-live-token-test', 'warn'));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('refuses to issue one without a session', async () => {
    const res = await fetch(`${baseUrl}/api/live/tokens`, { method: 'POST' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('issues a signed-in user a token carrying their name and role, signed with LIVE_TOKEN_SECRET, expiring after LIVE_TOKEN_TTL_S, never cached', async () => {
    const dispatcher = await signedInAs(app, baseUrl, 'dispatcher');
    const before = Date.now();
    const res = await fetch(`${baseUrl}/api/live/tokens`, { method: 'POST', headers: dispatcher.headers });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as LiveTokenResponse;
    expect(body.expiresAtMs).toBeGreaterThanOrEqual(before + 120_000);
    expect(body.expiresAtMs).toBeLessThanOrEqual(Date.now() + 120_000);
    // What the realtime gateway runs at the handshake.
    expect(verifyLiveToken(SECRET, body.token, Date.now())).toMatchObject({ ok: true, claims: { exp: body.expiresAtMs, sub: dispatcher.username, role: 'dispatcher' } });
    expect(verifyLiveToken(SECRET, body.token, body.expiresAtMs)).toMatchObject({ ok: false, code: 'TOKEN_EXPIRED' });
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${baseUrl}/api/docs-json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(doc.paths['/api/live/tokens']?.post?.responses).toHaveProperty('201');
  });
});
