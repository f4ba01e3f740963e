import { Inject, Injectable } from '@nestjs/common';
import type { HealthCheck } from '@urban-brain/common';
import type { Pool } from 'pg';
import { PG_POOL } from './core.tokens';

// A probe must answer even when the database hangs rather than refuses.
const PROBE_TIMEOUT_MS = 3_000;

@Injectable()
export class DatabaseHealth implements HealthCheck {
  readonly name = 'database';

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async check(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.pool.query('SELECT 1'), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
