// What the benchmarks that start their own broker and database share: running the local stack's
// scripts, starting the services from dist and waiting for them, the failure exit that leaves nothing
// running, and whether TimescaleDB is installed here.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `stack('postgres.sh', 'start')` with the bench's own data folder and ports in `infraEnv`. */
export function stackScripts(infraEnv) {
  return (script, command) =>
    execFileSync('bash', [path.join(ROOT, 'scripts/stack', script), command], { env: infraEnv, stdio: ['ignore', 'inherit', 'inherit'] });
}

/**
 * `startService(name, env)` runs services/<name>/dist/main.js with `serviceEnv` + `env`, its output in
 * <logDir>/<name>.log (appended, or overwritten with `logFlags: 'w'`), tracked in `children` until it
 * exits; `nodeArgs(name)` adds node flags (a CPU profile).
 */
export function serviceStarter({ serviceEnv, logDir, children, logFlags = 'a', nodeArgs = () => [] }) {
  return (name, env = {}) => {
    const out = createWriteStream(path.join(logDir, `${name}.log`), { flags: logFlags });
    const child = spawn('node', [...nodeArgs(name), path.join(ROOT, `services/${name}/dist/main.js`)], { env: { ...serviceEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  };
}

/** Resolves once http://127.0.0.1:<port>/health answers 200; throws after `timeoutMs`, naming the service's log. */
export async function waitHealthy(port, name, logDir, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} not healthy on ${port}; see ${logDir}/${name}.log`);
}

/** SIGTERM, then SIGKILL after 20 s; resolves when the process has exited. */
export function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
    setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 20_000).unref();
  });
}

/** main()'s catch: says why, kills the services it started, stops the broker and the database, exits 1. */
export function exitAfterFailure({ say, children, stack }) {
  return (error) => {
    say(`failed: ${error.stack ?? error.message}`);
    for (const child of children) child.kill('SIGKILL');
    try {
      stack('kafka.sh', 'stop');
      stack('postgres.sh', 'stop');
    } catch {
      // best effort
    }
    process.exit(1);
  };
}

/** True when this machine's PostgreSQL has the TimescaleDB extension installed (its files). */
export function timescaleInstalled() {
  try {
    execFileSync('bash', ['-c', 'ls "$(/usr/lib/postgresql/*/bin/pg_config --pkglibdir | tail -n1)"/timescaledb.so'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
