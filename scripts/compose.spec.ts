import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// infra/compose.yaml cannot run on machines without Docker (CI's among them), so
// its shape is checked here: it must start the same processes `npm start` does.
const ROOT = path.resolve(__dirname, '..');
interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
}
const compose = parse(readFileSync(path.join(ROOT, 'infra/compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const runStack = readFileSync(path.join(ROOT, 'scripts/run-stack.mjs'), 'utf8');
const stackServices = [...runStack.matchAll(/cmd: \['node', 'services\/([a-z-]+)\/dist\/main\.js'\]/g)].map((m) => m[1]!);

describe('infra/compose.yaml', () => {
  it('runs every Node service npm start runs, with the same entry point', () => {
    expect(stackServices.length).toBeGreaterThanOrEqual(4);
    for (const name of stackServices) {
      expect(compose.services[name]?.command, name).toEqual(['node', `services/${name}/dist/main.js`]);
    }
    expect(compose.services.web?.command?.join(' ')).toContain('vite.js preview');
  });

  // What a service waits for, through the services it waits for: dependency -> condition.
  function waitsFor(name: string, seen = new Set<string>()): Map<string, string> {
    const found = new Map<string, string>();
    const after = compose.services[name]?.depends_on ?? {};
    // The list form waits for nothing but a start, with no condition to check: the map form is required.
    expect(Array.isArray(after), `${name}: depends_on as a list`).toBe(false);
    for (const [dependency, { condition }] of Object.entries(after as Record<string, { condition: string }>)) {
      found.set(dependency, condition);
      if (seen.has(dependency)) continue;
      seen.add(dependency);
      for (const [further, furtherCondition] of waitsFor(dependency, seen)) if (!found.has(further)) found.set(further, furtherCondition);
    }
    return found;
  }

  it('starts the services only after the topics exist and the migrations ran', () => {
    for (const name of [...stackServices, 'web']) {
      const after = waitsFor(name);
      expect(after.get('kafka-topics'), name).toBe('service_completed_successfully');
      expect(after.get('migrate'), name).toBe('service_completed_successfully');
    }
    expect(compose.services['kafka-topics']?.depends_on).toEqual({ kafka: { condition: 'service_healthy' } });
    expect(compose.services.migrate?.depends_on).toEqual({ db: { condition: 'service_healthy' } });
  });

  it('migrates the TimescaleDB image in the timescaledb mode, never plain by accident', () => {
    expect(compose.services.migrate?.environment?.DB_MODE).toBe('timescaledb');
  });

  it('gives the api and the gateway the same live token secret, required from whoever deploys', () => {
    const api = compose.services.api?.environment?.LIVE_TOKEN_SECRET;
    expect(api).toMatch(/^\$\{LIVE_TOKEN_SECRET:\?/);
    expect(compose.services.realtime?.environment?.LIVE_TOKEN_SECRET).toBe(api);
  });

  it('has a KRaft Kafka 4 broker and TimescaleDB, with their data on volumes', () => {
    expect(compose.services.kafka?.image).toMatch(/^apache\/kafka:4\./);
    expect(compose.services.kafka?.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(compose.services.kafka?.environment?.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    expect(compose.services.db?.image).toMatch(/^timescale\/timescaledb:/);
    expect(Object.keys(compose.volumes).sort()).toEqual(['db-data', 'kafka-data']);
  });
});
