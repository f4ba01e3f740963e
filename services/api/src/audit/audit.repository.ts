import { Inject, Injectable } from '@nestjs/common';
import type { AuditEntry } from '@urban-brain/proto';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool.token';
import type { AuditFilter, AuditRecord } from './audit-entry';
import type { RecentFailures } from '../auth/sign-in-throttle';

interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
  user_agent: string | null;
}

export const FAILED_SIGN_IN = 'auth.sign-in-failed';
export const SIGNED_IN = 'auth.sign-in';

@Injectable()
export class AuditRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async insert(record: AuditRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO audit_log (actor, actor_user_id, action, target, detail, ip, user_agent, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        record.actor,
        record.actorUserId ?? null,
        record.action,
        record.target ?? null,
        JSON.stringify(record.detail ?? {}),
        record.origin?.ip ?? null,
        record.origin?.userAgent ?? null,
        record.origin?.correlationId ?? null,
      ],
    );
  }

  /** Newest first; `before` is an entry id (ids grow with time). */
  async page(filter: AuditFilter): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.actor !== undefined) add('actor = ?', filter.actor);
    if (filter.action !== undefined) add('action = ?', filter.action);
    if (filter.target !== undefined) add('target = ?', filter.target);
    if (filter.from !== undefined) add('at >= ?', filter.from);
    if (filter.to !== undefined) add('at < ?', filter.to);
    if (filter.before !== undefined) add('id < ?', filter.before);
    params.push(filter.limit);
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT id::text, at, actor, action, target, detail, ip, user_agent FROM audit_log
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       -- audit_log.id, not the output column id::text: as text, '999' sorts after '1000'.
       ORDER BY audit_log.id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actor: row.actor,
      action: row.action,
      target: row.target,
      detail: row.detail,
      ip: row.ip,
      userAgent: row.user_agent,
    }));
  }

  /**
   * Failed sign-ins in the window, for one tried username (since its last success) and for one
   * address: what sign-in-throttle.ts turns into a wait.
   */
  async recentSignInFailures(username: string, ip: string | null, since: Date): Promise<{ byUsername: RecentFailures; byAddress: RecentFailures }> {
    const { rows } = await this.pool.query<{ user_count: number; user_last: Date | null; ip_count: number; ip_last: Date | null }>(
      `WITH last_success AS (
         SELECT max(at) AS at FROM audit_log WHERE action = '${SIGNED_IN}' AND target = $1 AND at >= $3
       ),
       by_user AS (
         SELECT count(*)::int AS n, max(at) AS last FROM audit_log
         WHERE action = '${FAILED_SIGN_IN}' AND target = $1 AND at >= greatest($3, coalesce((SELECT at FROM last_success), $3))
       ),
       by_ip AS (
         SELECT count(*)::int AS n, max(at) AS last FROM audit_log
         WHERE action = '${FAILED_SIGN_IN}' AND $2::text IS NOT NULL AND ip = $2 AND at >= $3
       )
       SELECT by_user.n AS user_count, by_user.last AS user_last, by_ip.n AS ip_count, by_ip.last AS ip_last FROM by_user, by_ip`,
      [username, ip, since],
    );
    const row = rows[0]!;
    return {
      byUsername: { count: row.user_count, lastAtMs: row.user_last?.getTime() ?? null },
      byAddress: { count: row.ip_count, lastAtMs: row.ip_last?.getTime() ?? null },
    };
  }
}
