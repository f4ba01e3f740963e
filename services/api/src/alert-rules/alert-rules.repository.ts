import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool.token';

export interface StoredRuleSet {
  version: number;
  createdAt: string;
  createdBy: string;
  note: string | null;
}

@Injectable()
export class AlertRulesRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async versions(): Promise<StoredRuleSet[]> {
    const { rows } = await this.pool.query<{ version: number; created_at: Date; created_by: string; note: string | null }>('SELECT version, created_at, created_by, note FROM alert_rule_sets ORDER BY version DESC');
    return rows.map((row) => ({ version: row.version, createdAt: row.created_at.toISOString(), createdBy: row.created_by, note: row.note }));
  }

  async find(version: number): Promise<(StoredRuleSet & { yaml: string }) | null> {
    const { rows } = await this.pool.query<{ version: number; yaml: string; created_at: Date; created_by: string; note: string | null }>('SELECT version, yaml, created_at, created_by, note FROM alert_rule_sets WHERE version = $1', [version]);
    const row = rows[0];
    return row ? { version: row.version, yaml: row.yaml, createdAt: row.created_at.toISOString(), createdBy: row.created_by, note: row.note } : null;
  }

  /** The next version; two admins storing at once get consecutive versions (the primary key refuses a tie; the loser retries once). */
  async store(yaml: string, createdBy: string, note: string | null): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        const { rows } = await this.pool.query<{ version: number }>(
          'INSERT INTO alert_rule_sets (version, yaml, created_by, note) SELECT coalesce(max(version), 0) + 1, $1, $2, $3 FROM alert_rule_sets RETURNING version',
          [yaml, createdBy, note],
        );
        return rows[0]!.version;
      } catch (error) {
        if ((error as { code?: string }).code !== '23505' || attempt > 0) throw error;
      }
    }
  }
}
