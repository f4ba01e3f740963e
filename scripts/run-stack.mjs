#!/usr/bin/env node
// Runs the whole product on this machine and supervises it: PostgreSQL, Kafka,
// migrations, the four services, the simulator and the web app. Prints the
// Dashboard/Database/Kafka lines once everything answers. A crashed service, and a
// crashed broker or database, is restarted with backoff (the wall screen must
// recover alone). SIGINT/SIGTERM stops everything it started and frees the ports.
// UB_STACK_SERVICES (e.g. "ingest,simulator") runs only some of the services.
//
// Expects a prior `scripts/bootstrap.sh` and `scripts/build.sh` (npm start does both).
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dayStartEnv, followBackfill } from './stack/day-so-far.mjs';

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
  ALERTING_PORT: portVar('ALERTING_PORT', 3004),
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
const allServices = [
  {
    name: 'ingest',
    portVar: 'INGEST_PORT',
    cmd: ['node', 'services/ingest/dist/main.js'],
    env: { HTTP_PORT: ports.INGEST_PORT },
    health: `http://127.0.0.1:${ports.INGEST_PORT}/health`,
  },
  {
    // The rules over every fleet stream: raises, dedupes and resolves alerts, and relays the alert and
    // dispatch outbox to Kafka. Healthy once it has rebuilt its rules' state and joined its group.
    name: 'alerting',
    portVar: 'ALERTING_PORT',
    cmd: ['node', 'services/alerting/dist/main.js'],
    env: { HTTP_PORT: ports.ALERTING_PORT },
    health: `http://127.0.0.1:${ports.ALERTING_PORT}/health`,
  },
  {
    name: 'realtime',
    portVar: 'REALTIME_PORT',
    cmd: ['node', 'services/realtime/dist/main.js'],
    env: { HTTP_PORT: ports.REALTIME_PORT, LIVE_TOKEN_SECRET },
    health: `http://127.0.0.1:${ports.REALTIME_PORT}/health`,
  },
  {
    name: 'api',
    portVar: 'API_PORT',
    cmd: ['node', 'services/api/dist/main.js'],
    env: { HTTP_PORT: ports.API_PORT, LIVE_TOKEN_SECRET, ALERTING_URL: `http://127.0.0.1:${ports.ALERTING_PORT}` },
    health: `http://127.0.0.1:${ports.API_PORT}/health`,
  },
  {
    name: 'simulator',
    portVar: 'SIMULATOR_PORT',
    cmd: ['node', 'services/simulator/dist/main.js'],
    env: { HTTP_PORT: ports.SIMULATOR_PORT },
    health: `http://127.0.0.1:${ports.SIMULATOR_PORT}/health`,
  },
  {
    name: 'web',
    portVar: 'WEB_PORT',
    cmd: ['node', 'node_modules/vite/bin/vite.js', 'preview', '--port', String(ports.WEB_PORT), '--strictPort', '--host', '127.0.0.1'],
    cwd: 'web',
    env: { API_PORT: ports.API_PORT, REALTIME_PORT: ports.REALTIME_PORT, WEB_PORT: ports.WEB_PORT },
    health: `http://127.0.0.1:${ports.WEB_PORT}/`,
  },
];

// --- The day so far (issue 10; scripts/stack/day-so-far.mjs): decided before PostgreSQL creates the folder.
const dayStart = dayStartEnv(dataDir, env);
Object.assign(allServices.find((service) => service.name === 'simulator').env, dayStart);
// --- end of the day so far.

// All of them unless UB_STACK_SERVICES names some (a test that needs only ingest and the simulator).
function selectServices() {
  const raw = env.UB_STACK_SERVICES?.trim();
  if (!raw) return allServices;
  const names = raw.split(',').map((name) => name.trim()).filter(Boolean);
  const known = allServices.map((service) => service.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0 || names.length === 0) fail(`UB_STACK_SERVICES must list some of ${known.join(',')} (got ${JSON.stringify(raw)})`);
  return allServices.filter((service) => names.includes(service.name));
}
const services = selectServices();

const running = new Map();
// Services waiting out their backoff: started at once when the broker or database comes back.
const pendingRestarts = new Map();
let stopping = false;

// Reset the backoff after a long healthy run; cap it so recovery stays quick.
const HEALTHY_RUN_MS = 60_000;
function restartDelayMs(attempt) {
  return Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
}

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
    const next = Date.now() - startedAt > HEALTHY_RUN_MS ? 0 : attempt + 1;
    const delay = restartDelayMs(next);
    log(`${service.name} exited (${signal ?? code}); restarting in ${delay / 1000}s (log: ${path.join(logDir, service.name + '.log')})`);
    const restart = () => {
      clearTimeout(pendingRestarts.get(service.name)?.timer);
      pendingRestarts.delete(service.name);
      if (!stopping) start(service, next);
    };
    pendingRestarts.set(service.name, { timer: setTimeout(restart, delay), restart });
  });
  return child;
}

// The broker and the database run as daemons (their scripts detach them, so a leftover one from a
// killed run is reused). A watcher polls each one's pid and, when it is gone, runs the script's
// idempotent `start` again with the services' backoff; the broker's log and the database's WAL
// make the restart lose nothing that was acknowledged.
const INFRA_POLL_MS = 1000;
const pgDataDir = path.join(dataDir, 'pg', 'data');
const kafkaDir = path.join(dataDir, 'kafka');
const infra = [
  {
    name: 'postgres',
    script: 'postgres.sh',
    pidFile: path.join(pgDataDir, 'postmaster.pid'),
    // The postmaster's command line names its data folder (its children rewrite theirs).
    cmdlineMark: ` -D ${pgDataDir} `,
    // What a restart needs to find: `start` on a folder without it would make an empty cluster.
    storage: path.join(pgDataDir, 'PG_VERSION'),
    logs: [path.join(dataDir, 'pg', 'postgres.log')],
  },
  {
    name: 'kafka',
    script: 'kafka.sh',
    pidFile: path.join(kafkaDir, 'kafka.pid'),
    cmdlineMark: `kafka.Kafka ${path.join(kafkaDir, 'server.properties')} `,
    storage: path.join(kafkaDir, 'logs', 'meta.properties'),
    // kafka.out holds what the JVM itself prints (an OutOfMemoryError, a crash report's path).
    logs: [path.join(kafkaDir, 'kafka.log'), path.join(kafkaDir, 'kafka.out')],
  },
];
// `start` scripts running for a restart, stopped (with their process group) by Ctrl-C.
const infraStarts = new Set();

// The pid in the part's pid file when that process is still this data folder's server, else null.
function infraPid(part) {
  try {
    const pid = Number(readFileSync(part.pidFile, 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) return null;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return cmdline.includes(part.cmdlineMark) ? pid : null;
  } catch {
    return null;
  }
}

function recordInfraPid(part, pid) {
  if (pid === null) rmSync(path.join(runDir, `${part.name}.pid`), { force: true });
  else writeFileSync(path.join(runDir, `${part.name}.pid`), String(pid));
}

// The last lines of a log (read from its end: the broker's grows to 50 MB).
function tailLines(file, count) {
  let fd;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8').split('\n').slice(length < size ? 1 : 0).filter((line) => line.trim() !== '').slice(-count);
  } catch {
    return [];
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

// Why it died, as far as its logs tell: their last errors. A kill -9 or the OOM killer leaves
// none, which is itself the answer.
function showInfraLogTail(part) {
  let shown = 0;
  for (const file of part.logs) {
    const errors = tailLines(file, 200)
      .filter((line) => /\b(ERROR|FATAL|PANIC)\b|Exception|OutOfMemory|hs_err/.test(line))
      .slice(-5);
    if (errors.length === 0) continue;
    log(`last errors in ${file}:`);
    for (const line of errors) process.stderr.write(`[stack]   ${line.length > 300 ? line.slice(0, 300) + '…' : line}\n`);
    shown += errors.length;
  }
  if (shown === 0) log(`no error in ${part.name}'s logs: probably killed from outside (kill -9, or the OOM killer: see dmesg)`);
}

function runInfraStart(part) {
  return new Promise((resolve) => {
    // Own process group, so a Ctrl-C at the terminal reaches only the supervisor, which stops it.
    const child = spawn('bash', [path.join(ROOT, 'scripts/stack', part.script), 'start'], {
      env: infraEnv,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    infraStarts.add(child);
    child.on('error', (error) => {
      infraStarts.delete(child);
      resolve(`could not run ${part.script}: ${error.message}`);
    });
    child.on('exit', (code, signal) => {
      infraStarts.delete(child);
      resolve(code === 0 ? null : `${part.script} start ended with ${signal ?? code}`);
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function superviseInfra(part) {
  let pid = infraPid(part);
  let upSince = Date.now();
  let attempt = 0;
  recordInfraPid(part, pid);
  while (!stopping) {
    await sleep(INFRA_POLL_MS);
    if (stopping) return;
    const now = infraPid(part);
    if (now !== null) {
      // Restarted by hand (`kafka.sh stop; kafka.sh start`): watch the new one.
      if (now !== pid) recordInfraPid(part, (pid = now));
      continue;
    }
    attempt = Date.now() - upSince > HEALTHY_RUN_MS ? 0 : attempt + 1;
    let delay = restartDelayMs(attempt);
    log(`${part.name} exited (pid ${pid ?? '?'} is gone); restarting in ${delay / 1000}s (log: ${part.logs[0]})`);
    showInfraLogTail(part);
    recordInfraPid(part, null);
    for (;;) {
      await sleep(delay);
      if (stopping) return;
      // Storage deleted under a running stack: recovering means the data, so never start empty.
      const failure = existsSync(part.storage) ? await runInfraStart(part) : `${part.storage} is gone; not starting an empty one`;
      if (stopping) return;
      pid = infraPid(part);
      if (failure === null && pid !== null) break;
      attempt += 1;
      delay = restartDelayMs(attempt);
      log(`${part.name} did not come back (${failure ?? 'no server process after start'}); retrying in ${delay / 1000}s (log: ${part.logs[0]})`);
    }
    upSince = Date.now();
    recordInfraPid(part, pid);
    log(`${part.name} is back (pid ${pid})`);
    // A service that gave up while it was away need not wait out the rest of its backoff.
    for (const { restart } of [...pendingRestarts.values()]) restart();
  }
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
  // A restart of the broker or database in progress: stop it, then stop what it may have started.
  const starts = [...infraStarts].map(
    (child) =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          resolve();
        }
      }),
  );
  await Promise.all([...exits, ...starts]);
  for (const { timer } of pendingRestarts.values()) clearTimeout(timer);
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

// Demo logins (docs/users-and-roles.md): one person per role and the kiosk wall, with secrets generated
// once per data folder (demo-logins.json, owner-only). UB_DEPLOYMENT=production seeds nothing.
function seedAccounts() {
  if (env.UB_DEPLOYMENT === 'production') return null;
  const out = execFileSync('node', [path.join(ROOT, 'services/api/dist/users/users.cli.js'), 'seed-demo', '--logins', path.join(dataDir, 'demo-logins.json')], {
    env: { ...env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const seeded = JSON.parse(out.trim().split('\n').pop());
  for (const name of seeded.skipped) log(`demo login "${name}" not printed: an account of that name exists that the demo did not make`);
  return seeded;
}

async function main() {
  for (const name of services.map((service) => service.portVar)) {
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
  const accounts = seedAccounts();
  for (const part of infra) void superviseInfra(part);
  for (const service of services) {
    const child = start(service);
    await waitForHttp(service.health, service.name, child);
    log(`${service.name} is up`);
  }
  // The demo's Dashboard link signs the wall in as its kiosk device (the credential rides in the fragment,
  // which the browser never sends to a server); production prints the plain address and no logins.
  const kiosk = accounts ? `#kiosk=${accounts.kioskCredential}` : '';
  process.stdout.write(`Dashboard: http://127.0.0.1:${ports.WEB_PORT}/${kiosk}\n`);
  process.stdout.write(`Database: ${databaseUrl}\n`);
  process.stdout.write(`Kafka: ${kafkaBrokers}\n`);
  process.stdout.write(`API docs: http://127.0.0.1:${ports.API_PORT}/api/docs\n`);
  process.stdout.write(`Database mode: ${databaseMode}\n`);
  for (const login of accounts?.logins ?? []) process.stdout.write(`Login: ${login.username} / ${login.password} (${login.role})\n`);
  if (!accounts) log('production: no demo logins; create the first admin with `scripts/users.sh create-admin <username>`');
  log('running; press Ctrl-C to stop');
  if (dayStart.SIM_BACKFILL && services.some((service) => service.name === 'simulator')) void followBackfill({ simulatorPort: ports.SIMULATOR_PORT, databaseUrl, root: ROOT, log });
}

main().catch((error) => {
  log(`start failed: ${error.message}`);
  void stopAll(1);
});
