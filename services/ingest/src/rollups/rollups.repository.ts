import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../core/core.tokens';

// Both routines come from infra/migrations/005 and exist in both database modes: on plain
// PostgreSQL they fill the roll-up tables and delete expired rows, under TimescaleDB they refresh
// the continuous aggregates and do nothing (the retention policies drop chunks).
@Injectable()
export class RollupsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Recomputes the complete 1-minute and 1-hour buckets inside [from, to). */
  async refresh(from: Date, to: Date): Promise<void> {
    // A CALL outside any transaction: under TimescaleDB the procedure commits between aggregates.
    await this.pool.query('CALL ub_refresh_rollups($1::timestamptz, $2::timestamptz)', [from.toISOString(), to.toISOString()]);
  }

  /** Deletes rows past their retention at `now`; returns how many went. */
  async applyRetention(now: Date): Promise<number> {
    const result = await this.pool.query<{ deleted: string }>('SELECT ub_apply_retention($1::timestamptz) AS deleted', [now.toISOString()]);
    return Number(result.rows[0]?.deleted ?? 0);
  }
}
