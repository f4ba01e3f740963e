import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEFAULT_CITY_PACK_DIR } from '@urban-brain/city-pack';
import { createLogger, parseConfig } from '@urban-brain/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiConfigSchema } from '../src/config/api.config';
import { createApp } from '../src/create-app';
import { signedInAs } from './signed-in';

// Runs the real app on an ephemeral port against the real database (scripts/stack/dev-infra.sh up),
// serving a copy of the default city pack given through CITY_PACK_DIR.
const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) throw new Error('DATABASE_URL is not set: run `bash scripts/stack/dev-infra.sh up` and export what it prints');

const configFor = (cityPackDir: string) => parseConfig(apiConfigSchema, { DATABASE_URL, DATABASE_POOL_SIZE: '2', LOG_LEVEL: 'warn', LIVE_TOKEN_SECRET: 'api-test-live-token-secret-0123456789abcdef', CITY_PACK_DIR: cityPackDir });
const copyOfDefaultPack = () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'api-city-')), 'pack');
  cpSync(DEFAULT_CITY_PACK_DIR, dir, { recursive: true });
  return dir;
};

interface Collection {
  type: string;
  features: { id: string; properties: Record<string, unknown>; geometry: { type: string } }[];
}

describe('GET /api/city/*', () => {
  let app: NestExpressApplication;
  let baseUrl: string;
  let packDir: string;
  let auth: Record<string, string> = {};
  const get = (p: string, headers: Record<string, string> = {}) => fetch(`${baseUrl}${p}`, { headers: { ...auth, ...headers } });

  beforeAll(async () => {
    packDir = copyOfDefaultPack();
    // A renamed pack proves the api serves the folder it is given, not a built-in default.
    const manifestFile = path.join(packDir, 'manifest.json');
    writeFileSync(manifestFile, JSON.stringify({ ...JSON.parse(readFileSync(manifestFile, 'utf8')), id: 'it-copy' }));
    app = await createApp(configFor(packDir), createLogger('api-city-test', 'warn'));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    auth = (await signedInAs(app, baseUrl, 'operator')).headers;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('serves the manifest of the pack in CITY_PACK_DIR, with validators', async () => {
    const res = await get('/api/city/pack');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('max-age=');
    const manifest = (await res.json()) as { id: string; approximate: boolean; layers: { kind: string; file: string }[] };
    expect(manifest).toMatchObject({ id: 'it-copy', approximate: true, format: 'urban-brain.city-pack', formatVersion: 1 });
    expect(manifest.layers.map((l) => l.kind)).toContain('bike-fences');
    const again = await get('/api/city/pack', { 'If-None-Match': res.headers.get('etag') ?? '', 'Cache-Control': 'max-age=0' });
    expect(again.status).toBe(304);
  });

  it('serves each layer as GeoJSON, and 404 with a code for an unknown one', async () => {
    const fences = await get('/api/city/pack/layers/bike-fences');
    expect(fences.status).toBe(200);
    const body = (await fences.json()) as Collection;
    expect(body.type).toBe('FeatureCollection');
    expect(body.features).toHaveLength(250);
    expect(body.features[0]).toMatchObject({ id: 'fence:001', geometry: { type: 'Polygon' }, properties: { capacity: expect.any(Number) } });
    const corridors = (await (await get('/api/city/pack/layers/corridors')).json()) as Collection;
    expect(corridors.features).toHaveLength(14);

    const missing = await get('/api/city/pack/layers/parks');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ statusCode: 404, code: 'CITY_LAYER_NOT_FOUND', message: expect.stringContaining('bike-fences') });
  });

  it('builds the base map from the pack, in the shape the web draws', async () => {
    const res = await get('/api/city/basemap');
    expect(res.status).toBe(200);
    const basemap = (await res.json()) as Collection & { center: number[]; approximate: boolean };
    expect(basemap).toMatchObject({ type: 'FeatureCollection', approximate: true });
    const byLayer = (layer: string) => basemap.features.filter((f) => f.properties.layer === layer);
    expect(byLayer('road').map((f) => f.properties.nameZh)).toEqual(expect.arrayContaining(['汉安大道', '大千路', '汉渝大道', '北环路', '平安路']));
    expect(byLayer('street').length).toBeGreaterThan(50);
    expect(byLayer('lake')).toHaveLength(1);
    expect(byLayer('river')).toHaveLength(1);
    expect(byLayer('site').find((f) => f.properties.kind === 'transfer-station')).toBeDefined();
    // The zones the alert rules guard, each as the pack's restricted-zones layer has it.
    const zones = (await (await get('/api/city/pack/layers/restricted-zones')).json()) as Collection;
    const outlines = byLayer('restricted').filter((f) => f.geometry.type === 'Polygon');
    expect(outlines.map((f) => f.id).sort()).toEqual(zones.features.map((f) => f.id).sort());
    expect(byLayer('restricted').filter((f) => f.geometry.type === 'Point')).toHaveLength(zones.features.length);
    expect(byLayer('restricted').map((f) => f.properties.kind)).toEqual(expect.arrayContaining(['school-gate', 'hospital-entrance']));
  });

  it('lists the city routes in the OpenAPI document', async () => {
    const doc = (await (await get('/api/docs-json')).json()) as { paths: Record<string, { get?: { responses: Record<string, unknown> } }> };
    expect(doc.paths['/api/city/pack']?.get).toBeDefined();
    expect(Object.keys(doc.paths['/api/city/pack/layers/{layer}']?.get?.responses ?? {}).sort()).toEqual(['200', '304', '401', '403', '404']);
  });

  it('refuses to start on a broken pack, naming the file, the feature and the reason', async () => {
    const broken = copyOfDefaultPack();
    const roadsFile = path.join(broken, 'roads.geojson');
    const roads = JSON.parse(readFileSync(roadsFile, 'utf8')) as { features: { geometry: { coordinates: unknown[] } }[] };
    roads.features[12]!.geometry.coordinates = roads.features[12]!.geometry.coordinates.slice(0, 1);
    writeFileSync(roadsFile, JSON.stringify(roads));
    await expect(createApp(configFor(broken), createLogger('api-city-test', 'silent'))).rejects.toThrow(/roads\.geojson feature 12 \(id "road:[^"]+"\): LineString needs at least 2 positions/);
  });
});
