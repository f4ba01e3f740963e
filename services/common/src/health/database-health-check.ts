import type { Pool } from 'pg';
import type { HealthCheck } from './health.controller';

// A probe must answer even when the database hangs rather than refuses.
const PROBE_TIMEOUT_MS = 3_000;

/** The `database` probe of a service's /health: a `SELECT 1` answered within 3 s. */
export function databaseHealthCheck(pool: Pool): HealthCheck {
  return {
    name: 'database',
    async check(): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
      });
      try {
        await Promise.race([pool.query('SELECT 1'), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
