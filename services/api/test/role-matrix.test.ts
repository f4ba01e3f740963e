import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger, parseConfig } from '@urban-brain/common';
import { ROLES, isRole, roleAtLeast, type Role, type TokenPair } from '@urban-brain/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiConfigSchema } from '../src/config/api.config';
import { createApp } from '../src/create-app';
import { signedInAs } from './signed-in';

// The role matrix: every operation of the OpenAPI document, called with no token and as each role,
// answers as its declared `x-required-role` says. A route added without a declaration fails here.
const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) throw new Error('DATABASE_URL is not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

type Operation = { 'x-required-role'?: string };
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

// Path parameters a caller could send: real enough to reach the handler.
const PATH_VALUES: Record<string, string> = { truckId: 'truck-001', layer: 'districts', id: randomUUID(), version: '1', corridorId: 'corridor:hanan-central' };

describe('role matrix over the OpenAPI document', () => {
  let app: NestExpressApplication;
  let baseUrl: string;
  const people = new Map<Role, { username: string; password: string }>();
  let operations: { method: string; path: string; url: string; required: string }[] = [];

  beforeAll(async () => {
    const config = parseConfig(apiConfigSchema, { DATABASE_URL, DATABASE_POOL_SIZE: '2', LOG_LEVEL: 'error', LIVE_TOKEN_SECRET: 'api-it-role-matrix-secret-0123456789abcdef' });
    app = await createApp(config, createLogger('api-role-matrix-test', 'error'));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    for (const role of ROLES) {
      const person = await signedInAs(app, baseUrl, role);
      people.set(role, { username: person.username, password: person.password });
    }
    const doc = (await (await fetch(`${baseUrl}/api/docs-json`)).json()) as OpenApiDocument;
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        url: path.replace(/\{(\w+)\}/g, (_, name: string) => {
          const value = PATH_VALUES[name];
          if (value === undefined) throw new Error(`role matrix: no sample value for path parameter {${name}} of ${path}; add one to PATH_VALUES`);
          return value;
        }),
        required: operation['x-required-role'] ?? '(undeclared)',
      })),
    );
  });

  afterAll(async () => {
    await app?.close();
  });

  // A fresh session per call: some routes end the one they are called with (sign-out).
  const call = async (operation: (typeof operations)[number], as: Role | null) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (as !== null) {
      const pair = (await (await fetch(`${baseUrl}/api/auth/tokens`, { method: 'POST', headers, body: JSON.stringify(people.get(as)) })).json()) as TokenPair;
      headers.authorization = `Bearer ${pair.accessToken}`;
    }
    const body = operation.method === 'GET' ? undefined : '{}';
    const response = await fetch(`${baseUrl}${operation.url}`, { method: operation.method, headers, body });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') ? (JSON.parse(text) as { code?: string; requiredRole?: string }) : {} };
  };

  it('declares who may call every operation', () => {
    expect(operations.length).toBeGreaterThan(15);
    const undeclared = operations.filter((o) => o.required !== 'none' && !isRole(o.required)).map((o) => `${o.method} ${o.path}`);
    expect(undeclared).toEqual([]);
    // Replay (issue 14): the wall, an operator's device, time-travels too, so operators and up.
    expect(operations.filter((o) => o.path.startsWith('/api/replay/')).map((o) => `${o.method} ${o.path} ${o.required}`).sort()).toEqual([
      'GET /api/replay/alerts operator',
      'GET /api/replay/frames operator',
      'GET /api/replay/range operator',
      'GET /api/replay/timeline operator',
    ]);
    // Open: health, sign-in and its kin (single sign-on included). Everything else needs a session.
    expect(operations.filter((o) => o.required === 'none').map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'GET /api/auth/oidc',
      'GET /api/auth/oidc/callback',
      'GET /api/auth/oidc/start',
      'GET /api/health',
      'GET /health',
      'POST /api/auth/device',
      'POST /api/auth/refresh',
      'POST /api/auth/sign-in',
      'POST /api/auth/tokens',
    ]);
  });

  it('answers each operation for no token and for each role as declared', async () => {
    const mismatches: string[] = [];
    for (const operation of operations) {
      const name = `${operation.method} ${operation.path} (${operation.required})`;
      const anonymous = await call(operation, null);
      if (operation.required === 'none') {
        // Open routes answer the same whoever calls, and never 403.
        for (const role of ROLES) {
          const answer = await call(operation, role);
          if (answer.status !== anonymous.status || answer.status === 403) mismatches.push(`${name} as ${role}: ${answer.status}, anonymous ${anonymous.status}`);
        }
        continue;
      }
      if (anonymous.status !== 401 || anonymous.body.code !== 'UNAUTHENTICATED') mismatches.push(`${name} without a token: ${anonymous.status} ${anonymous.body.code}`);
      for (const role of ROLES) {
        const answer = await call(operation, role);
        if (roleAtLeast(role, operation.required as Role)) {
          if (answer.status === 401 || answer.status === 403) mismatches.push(`${name} as ${role}: refused with ${answer.status}`);
        } else if (answer.status !== 403 || answer.body.code !== 'ROLE_REQUIRED' || answer.body.requiredRole !== operation.required) {
          mismatches.push(`${name} as ${role}: ${answer.status} ${answer.body.code} ${answer.body.requiredRole}, expected 403 naming ${operation.required}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
