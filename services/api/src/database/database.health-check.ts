import type { HealthCheck } from '@urban-brain/common';
import type { Pool } from 'pg';

/** The health probe: the pool can hand out a connection and the server answers. */
export function databaseHealthCheck(pool: Pool): HealthCheck {
  return {
    name: 'database',
    check: async () => {
      await pool.query('SELECT 1');
    },
  };
}
