import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { TruckReading } from '@urban-brain/proto';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PG_POOL } from '../core/core.tokens';

// Session-local staging table: COPY cannot skip rows that are already stored, so a
// batch lands here first and moves on with INSERT ... ON CONFLICT DO NOTHING. It is
// created once per connection and emptied by every commit.
const CREATE_STAGING_SQL = `
  CREATE TEMP TABLE IF NOT EXISTS truck_readings_staging (
    truck_id     text             NOT NULL,
    seq          bigint           NOT NULL,
    recorded_at  timestamptz      NOT NULL,
    lon          double precision NOT NULL,
    lat          double precision NOT NULL,
    speed_kmh    real             NOT NULL,
    heading_deg  real             NOT NULL,
    load_kg      real             NOT NULL,
    task_state   smallint         NOT NULL,
    kind         smallint         NOT NULL
  ) ON COMMIT DELETE ROWS`;

const COLUMNS = 'truck_id, seq, recorded_at, lon, lat, speed_kmh, heading_deg, load_kg, task_state, kind';

const COPY_SQL = `COPY truck_readings_staging (${COLUMNS}) FROM STDIN`;

// DISTINCT ON: one row per key even if the caller let a duplicate through.
// ORDER BY: rows are locked in key order, so two partitions written at once
// cannot deadlock on the same keys. Redelivered rows hit the key and are skipped.
const INSERT_FROM_STAGING_SQL = `
  INSERT INTO truck_readings (${COLUMNS})
  SELECT DISTINCT ON (truck_id, recorded_at, seq) ${COLUMNS}
    FROM truck_readings_staging
   ORDER BY truck_id, recorded_at, seq
  ON CONFLICT DO NOTHING`;

// Readings per chunk written to the COPY stream: big enough to amortise stream
// overhead, small enough not to build one huge string for a 10k-row batch.
const ROWS_PER_CHUNK = 1_000;

// COPY text format: backslash, tab, newline and carriage return must be escaped.
function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : value;
}

/** One reading as a line of COPY text, columns in COPY_SQL's order. */
export function toCopyLine(r: TruckReading): string {
  const recordedAt = new Date(Number(r.recordedAtMs)).toISOString();
  return `${copyText(r.truckId)}\t${r.seq}\t${recordedAt}\t${r.lon}\t${r.lat}\t${r.speedKmh}\t${r.headingDeg}\t${r.loadKg}\t${r.taskState}\t${r.kind}\n`;
}

function* copyChunks(readings: readonly TruckReading[]): Generator<string> {
  for (let i = 0; i < readings.length; i += ROWS_PER_CHUNK) {
    let chunk = '';
    for (const r of readings.slice(i, i + ROWS_PER_CHUNK)) chunk += toCopyLine(r);
    yield chunk;
  }
}

@Injectable()
export class TruckReadingsRepository {
  // Connections whose staging table exists (its creation committed).
  private readonly clientsWithStaging = new WeakSet<PoolClient>();

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Stores validated readings in one transaction and returns how many were new;
   * readings already stored (same truck, time and seq) are skipped, not errors.
   */
  async storeReadings(readings: readonly TruckReading[]): Promise<number> {
    if (readings.length === 0) return 0;
    const client = await this.pool.connect();
    let failed = false;
    try {
      await client.query('BEGIN');
      if (!this.clientsWithStaging.has(client)) await client.query(CREATE_STAGING_SQL);
      await pipeline(Readable.from(copyChunks(readings)), client.query(copyFrom(COPY_SQL)));
      const inserted = await client.query(INSERT_FROM_STAGING_SQL);
      await client.query('COMMIT');
      this.clientsWithStaging.add(client);
      return inserted.rowCount ?? 0;
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
