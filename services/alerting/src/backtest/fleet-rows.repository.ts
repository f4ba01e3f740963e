import { Inject, Injectable } from '@nestjs/common';
import type { FleetStreamDescriptor } from '@urban-brain/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../core/core.tokens';

export type FleetRow = Record<string, unknown>;

/**
 * Reads what ingest stored of a fleet stream (the descriptor's first table: one row per message,
 * every fleet table keyed by its device, `recorded_at` and `seq`), for a backtest whose window the
 * topics no longer hold. Read only.
 */
@Injectable()
export class FleetRowsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The columns of the stream's row table. */
  async columnsOf(stream: FleetStreamDescriptor): Promise<string[]> {
    const result = await this.pool.query(`SELECT * FROM ${tableOf(stream)} LIMIT 0`);
    return result.fields.map((field) => field.name);
  }

  /** The stream's rows with recorded_at in [fromMs, toMs), in time order. */
  async rowsBetween(stream: FleetStreamDescriptor, fromMs: number, toMs: number): Promise<FleetRow[]> {
    const { rows } = await this.pool.query<FleetRow>(`SELECT * FROM ${tableOf(stream)} WHERE recorded_at >= $1 AND recorded_at < $2 ORDER BY recorded_at, seq`, [new Date(fromMs), new Date(toMs)]);
    return rows;
  }
}

// The table names are the descriptors' constants, never request text; quoted all the same.
function tableOf(stream: FleetStreamDescriptor): string {
  return `"${stream.tables[0]!.replaceAll('"', '""')}"`;
}
