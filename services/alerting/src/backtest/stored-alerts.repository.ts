import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../core/core.tokens';
import type { StoredAlert } from './backtest-diff';

interface StoredAlertRow {
  rule: string;
  entity_id: string;
  fleet: string;
  severity: number;
  title: string;
  title_zh: string;
  raised_at: Date;
  cleared_at: Date | null;
  resolved_at: Date | null;
  lon: number | null;
  lat: number | null;
  escalated_at: Date | null;
}

/** The alerts the live service stored, as a backtest compares them: read only, never written. */
@Injectable()
export class StoredAlertsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Alerts of these rules open in [fromMs, toMs): raised in it, or raised before and not resolved at
   * its start (openAtStart); as they stood at the window's end: a clear or a resolve after it is not
   * seen (the backtest stops at the end too).
   */
  async openBetween(rules: readonly string[], fromMs: number, toMs: number): Promise<StoredAlert[]> {
    if (rules.length === 0) return [];
    const { rows } = await this.pool.query<StoredAlertRow>(
      `SELECT rule, entity_id, fleet, severity, title, title_zh, raised_at, cleared_at, resolved_at, lon, lat, escalated_at
       FROM alerts WHERE rule = ANY($1) AND raised_at < $3 AND (resolved_at IS NULL OR resolved_at >= $2) ORDER BY raised_at, id`,
      [rules, new Date(fromMs), new Date(toMs)],
    );
    const before = (at: Date | null) => (at !== null && at.getTime() <= toMs ? at.toISOString() : null);
    return rows.map((row) => ({
      rule: row.rule,
      entityId: row.entity_id,
      fleet: row.fleet,
      severity: Math.min(3, Math.max(1, row.severity)) as 1 | 2 | 3,
      title: { en: row.title, zh: row.title_zh },
      raisedAt: row.raised_at.toISOString(),
      clearedAt: before(row.cleared_at),
      resolvedAt: before(row.resolved_at),
      lon: row.lon,
      lat: row.lat,
      openAtStart: row.raised_at.getTime() < fromMs,
      escalated: row.escalated_at !== null && row.escalated_at.getTime() <= toMs,
    }));
  }
}
