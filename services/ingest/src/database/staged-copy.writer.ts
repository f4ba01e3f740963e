import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PG_POOL } from '../core/core.tokens';
import { copyLineOf, type StagedTable } from './staged-table';

/** Rows bound for one table. */
export interface StagedRows<Row = unknown> {
  table: StagedTable<Row>;
  rows: readonly Row[];
}

// Rows per chunk written to the COPY stream: big enough to amortise stream
// overhead, small enough not to build one huge string for a 10k-row batch.
const ROWS_PER_CHUNK = 1_000;

function* copyChunks<Row>(table: StagedTable<Row>, rows: readonly Row[]): Generator<string> {
  for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) {
    let chunk = '';
    for (const row of rows.slice(i, i + ROWS_PER_CHUNK)) chunk += copyLineOf(table, row);
    yield chunk;
  }
}

// Session-local staging table: COPY cannot skip rows that are already stored, so a
// batch lands here first and moves on with INSERT ... ON CONFLICT DO NOTHING. LIKE
// keeps it in step with the migrations; INCLUDING DEFAULTS fills ingested_at. It
// is created once per connection and emptied by every commit.
export function createStagingSql(table: StagedTable<unknown>): string {
  return `CREATE TEMP TABLE IF NOT EXISTS ${table.name}_staging (LIKE ${table.name} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`;
}

export function copySql(table: StagedTable<unknown>): string {
  return `COPY ${table.name}_staging (${table.columns.join(', ')}) FROM STDIN`;
}

// DISTINCT ON: one row per key even if the caller let a duplicate through.
// ORDER BY: rows are locked in key order, so two partitions written at once
// cannot deadlock on the same keys. Redelivered rows hit the key and are skipped.
export function insertFromStagingSql(table: StagedTable<unknown>): string {
  const columns = table.columns.join(', ');
  const key = table.key.join(', ');
  return `INSERT INTO ${table.name} (${columns})
  SELECT DISTINCT ON (${key}) ${columns}
    FROM ${table.name}_staging
   ORDER BY ${key}
  ON CONFLICT DO NOTHING`;
}

/**
 * The one write path of ingest: COPY each table's rows into its staging table,
 * then INSERT ... ON CONFLICT DO NOTHING into the real one, all tables in one
 * transaction. Returns, per table, how many rows were new.
 */
@Injectable()
export class StagedCopyWriter {
  // Per connection, the staging tables whose creation committed.
  private readonly stagingByClient = new WeakMap<PoolClient, Set<string>>();

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async write(batches: readonly StagedRows[]): Promise<number[]> {
    const pending = batches.filter((b) => b.rows.length > 0);
    if (pending.length === 0) return batches.map(() => 0);
    const client = await this.pool.connect();
    let failed = false;
    try {
      await client.query('BEGIN');
      const staged = this.stagingByClient.get(client) ?? new Set<string>();
      const inserted = new Map<StagedRows, number>();
      for (const batch of pending) {
        if (!staged.has(batch.table.name)) await client.query(createStagingSql(batch.table));
        await pipeline(Readable.from(copyChunks(batch.table, batch.rows)), client.query(copyFrom(copySql(batch.table))));
        inserted.set(batch, (await client.query(insertFromStagingSql(batch.table))).rowCount ?? 0);
      }
      await client.query('COMMIT');
      for (const batch of pending) staged.add(batch.table.name);
      this.stagingByClient.set(client, staged);
      return batches.map((b) => inserted.get(b) ?? 0);
    } catch (error) {
      failed = true;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      // After a failure the connection may be mid-COPY or broken: never reuse it.
      client.release(failed);
    }
  }
}
