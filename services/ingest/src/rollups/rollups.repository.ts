import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../core/core.tokens';

// The routines come from infra/migrations/005-008 and exist in both database modes: on plain
// PostgreSQL they fill the roll-up tables and delete expired rows, under TimescaleDB they refresh
// the continuous aggregates and do nothing (the retention policies drop chunks).

/** What one incremental round recomputed; null under TimescaleDB, whose refresh does not say. */
export interface RollupRound {
  minutes: number | null;
  hours: number | null;
}
@Injectable()
export class RollupsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * One incremental round: the buckets completed since the last round and those holding rows that
   * arrived since then, however late (plain mode keeps its watermark in ub_rollup_refresh_state).
   */
  async refreshChanged(): Promise<RollupRound> {
    // A CALL outside any transaction: under TimescaleDB the procedure commits between aggregates.
    const result = await this.pool.query<RollupRound>('CALL ub_refresh_changed_rollups()');
    return { minutes: result.rows[0]?.minutes ?? null, hours: result.rows[0]?.hours ?? null };
  }

  /** The mode the migrations recorded (README "Database modes"). */
  async databaseMode(): Promise<'plain' | 'timescaledb'> {
    const result = await this.pool.query<{ mode: 'plain' | 'timescaledb' }>('SELECT mode FROM ub_database_mode');
    return result.rows[0]?.mode ?? 'plain';
  }

  /** Deletes rows past their retention at `now`; returns how many went. */
  async applyRetention(now: Date): Promise<number> {
    const result = await this.pool.query<{ deleted: string }>('SELECT ub_apply_retention($1::timestamptz) AS deleted', [now.toISOString()]);
    return Number(result.rows[0]?.deleted ?? 0);
  }
}
