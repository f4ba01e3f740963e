// What the benchmarks that start their own broker and database share: running the local stack's
// scripts, the failure exit that leaves nothing running, and whether TimescaleDB is installed here.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `stack('postgres.sh', 'start')` with the bench's own data folder and ports in `infraEnv`. */
export function stackScripts(infraEnv) {
  return (script, command) =>
    execFileSync('bash', [path.join(ROOT, 'scripts/stack', script), command], { env: infraEnv, stdio: ['ignore', 'inherit', 'inherit'] });
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
