#!/usr/bin/env node
// Runs the whole product on this machine and supervises it: PostgreSQL, Kafka,
// migrations, the four services, the simulator and the web app. Prints the
// Dashboard/Database/Kafka lines once everything answers. A crashed service is
// restarted with backoff (the wall screen must recover alone). SIGINT/SIGTERM
// stops everything it started and frees the ports.
//
// Expects a prior `scripts/bootstrap.sh` and `scripts/build.sh` (npm start does both).
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;

function portVar(name, fallback) {
  const raw = env[name] ?? String(fallback);
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    fail(`${name} must be a TCP port number (got ${JSON.stringify(raw)})`);
  }
  return port;
}

function fail(message) {
  process.stderr.write(`[stack] ${message}\n`);
  process.exit(1);
}

const dataDir = path.resolve(env.UB_DATA_DIR ?? path.join(ROOT, '.data'));
const ports = {
  KAFKA_PORT: portVar('KAFKA_PORT', 19092),
  KAFKA_CONTROLLER_PORT: portVar('KAFKA_CONTROLLER_PORT', 19093),
  PG_PORT: portVar('PG_PORT', 55432),
  API_PORT: portVar('API_PORT', 3000),
  REALTIME_PORT: portVar('REALTIME_PORT', 3001),
  INGEST_PORT: portVar('INGEST_PORT', 3002),
  SIMULATOR_PORT: portVar('SIMULATOR_PORT', 3003),
  WEB_PORT: portVar('WEB_PORT', 5173),
};
const logDir = path.join(dataDir, 'logs');
// One pid file per supervised process, for operators and tests (kill one, watch it come back).
const runDir = path.join(dataDir, 'run');
mkdirSync(logDir, { recursive: true });
mkdirSync(runDir, { recursive: true });

// The api signs live tokens and the realtime gateway checks them with one shared
// secret. Unless LIVE_TOKEN_SECRET is given, one is made per data dir and kept
// there (owner-only), so tokens survive a restart of either service.
function liveTokenSecret() {
  if (env.LIVE_TOKEN_SECRET) return env.LIVE_TOKEN_SECRET;
  const file = path.join(dataDir, 'live-token.secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
const LIVE_TOKEN_SECRET = liveTokenSecret();

const infraEnv = { ...env, UB_DATA_DIR: dataDir, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };
const kafkaBrokers = `127.0.0.1:${ports.KAFKA_PORT}`;
const databaseUrl = `postgres://urban:urban@127.0.0.1:${ports.PG_PORT}/urban_brain`;

function log(message) {
  process.stderr.write(`[stack] ${message}\n`);
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function runScript(script, ...args) {
  execFileSync('bash', [path.join(ROOT, 'scripts/stack', script), ...args], { env: infraEnv, stdio: ['ignore', 'inherit', 'inherit'] });
}

async function waitForHttp(url, name, child, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}; see ${path.join(logDir, name + '.log')}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${name} did not answer ${url} within ${timeoutMs / 1000}s; see ${path.join(logDir, name + '.log')}`);
}

// Each supervised process: how to start it and where it answers when healthy.
const services = [
  {
    name: 'ingest',
    cmd: ['node', 'services/ingest/dist/main.js'],
    env: { HTTP_PORT: ports.INGEST_PORT },
    health: `http://127.0.0.1:${ports.INGEST_PORT}/health`,
  },
  {
    name: 'realtime',
    cmd: ['node', 'services/realtime/dist/main.js'],
    env: { HTTP_PORT: ports.REALTIME_PORT, LIVE_TOKEN_SECRET },
    health: `http://127.0.0.1:${ports.REALTIME_PORT}/health`,
  },
  {
    name: 'api',
    cmd: ['node', 'services/api/dist/main.js'],
    env: { HTTP_PORT: ports.API_PORT, LIVE_TOKEN_SECRET },
    health: `http://127.0.0.1:${ports.API_PORT}/health`,
  },
  {
    name: 'simulator',
    cmd: ['node', 'services/simulator/dist/main.js'],
    env: { HTTP_PORT: ports.SIMULATOR_PORT },
    health: `http://127.0.0.1:${ports.SIMULATOR_PORT}/health`,
  },
  {
    name: 'web',
    cmd: ['node', 'node_modules/vite/bin/vite.js', 'preview', '--port', String(ports.WEB_PORT), '--strictPort', '--host', '127.0.0.1'],
    cwd: 'web',
    env: { API_PORT: ports.API_PORT, REALTIME_PORT: ports.REALTIME_PORT, WEB_PORT: ports.WEB_PORT },
    health: `http://127.0.0.1:${ports.WEB_PORT}/`,
  },
];

const running = new Map();
let stopping = false;

function start(service, attempt = 0) {
  const out = createWriteStream(path.join(logDir, `${service.name}.log`), { flags: 'a' });
  const [command, ...args] = service.cmd;
  const child = spawn(command, args, {
    cwd: path.join(ROOT, service.cwd ?? ''),
    env: {
      ...env,
      KAFKA_BROKERS: kafkaBrokers,
      DATABASE_URL: databaseUrl,
      ...Object.fromEntries(Object.entries(service.env).map(([k, v]) => [k, String(v)])),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const startedAt = Date.now();
  running.set(service.name, child);
  writeFileSync(path.join(runDir, `${service.name}.pid`), String(child.pid));
  child.on('exit', (code, signal) => {
    running.delete(service.name);
    rmSync(path.join(runDir, `${service.name}.pid`), { force: true });
    if (stopping) return;
    // Reset the backoff after a long healthy run; cap it so recovery stays quick.
    const next = Date.now() - startedAt > 60_000 ? 0 : attempt + 1;
    const delay = Math.min(30_000, 1000 * 2 ** Math.min(next, 5));
    log(`${service.name} exited (${signal ?? code}); restarting in ${delay / 1000}s (log: ${path.join(logDir, service.name + '.log')})`);
    setTimeout(() => !stopping && start(service, next), delay);
  });
  return child;
}

async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  const exits = [...running.values()].map(
    (child) =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
        setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 10_000).unref();
      }),
  );
  await Promise.all(exits);
  for (const script of ['kafka.sh', 'postgres.sh']) {
    try {
      runScript(script, 'stop');
    } catch (error) {
      log(`${script} stop failed: ${error.message}`);
    }
  }
  log('stopped');
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

async function main() {
  for (const name of ['API_PORT', 'REALTIME_PORT', 'INGEST_PORT', 'SIMULATOR_PORT', 'WEB_PORT']) {
    if (!(await portFree(ports[name]))) fail(`port ${ports[name]} (${name}) is already in use: stop what holds it or set ${name}`);
  }
  log(`data in ${dataDir}, logs in ${logDir}`);
  runScript('postgres.sh', 'start');
  runScript('kafka.sh', 'start');
  // The migrations decide the database mode (DB_MODE, README "Database modes") and say it in one line;
  // a refused mode stops the start with the migrator's message.
  const migrated = execFileSync('node', [path.join(ROOT, 'services/common/dist/database/migrate.cli.js')], {
    env: { ...env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const databaseMode = migrated.match(/^Database mode: (.*)$/m)?.[1] ?? 'unknown';
  process.stderr.write(migrated.replace(/^Database mode: .*\n?/m, ''));
  for (const service of services) {
    const child = start(service);
    await waitForHttp(service.health, service.name, child);
    log(`${service.name} is up`);
  }
  process.stdout.write(`Dashboard: http://127.0.0.1:${ports.WEB_PORT}/\n`);
  process.stdout.write(`Database: ${databaseUrl}\n`);
  process.stdout.write(`Kafka: ${kafkaBrokers}\n`);
  process.stdout.write(`API docs: http://127.0.0.1:${ports.API_PORT}/api/docs\n`);
  process.stdout.write(`Database mode: ${databaseMode}\n`);
  log('running; press Ctrl-C to stop');
}

main().catch((error) => {
  log(`start failed: ${error.message}`);
  void stopAll(1);
});
