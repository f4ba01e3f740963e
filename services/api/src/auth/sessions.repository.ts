import { Inject, Injectable } from '@nestjs/common';
import type { AccountKind, Role, SessionUser } from '@urban-brain/proto';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool.token';
import type { AuthContext, RequestOrigin, SessionClient } from './auth-context';

export interface SessionSecrets {
  accessHash: Buffer;
  accessExpiresAt: Date;
  refreshHash: Buffer;
  refreshExpiresAt: Date;
}

export type LiveSession = AuthContext;

interface SessionRow {
  session_id: string;
  client: SessionClient;
  access_expires_at: Date;
  refresh_expires_at: Date;
  user_id: string;
  username: string;
  display_name: string;
  role: Role;
  kind: AccountKind;
}

const toSession = (row: SessionRow): LiveSession => {
  const user: SessionUser = { id: row.user_id, username: row.username, displayName: row.display_name, role: row.role, kind: row.kind };
  return { user, sessionId: row.session_id, client: row.client, accessExpiresAtMs: row.access_expires_at.getTime(), refreshExpiresAtMs: row.refresh_expires_at.getTime() };
};

const SESSION_COLUMNS = `s.id AS session_id, s.client, s.access_expires_at, s.refresh_expires_at,
  u.id AS user_id, u.username, u.display_name, u.role, u.kind`;

export type RotateOutcome = { kind: 'rotated'; session: LiveSession } | { kind: 'reused'; sessionId: string; username: string } | { kind: 'unknown' };

@Injectable()
export class SessionsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async create(userId: string, client: SessionClient, secrets: SessionSecrets, origin: RequestOrigin): Promise<string> {
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO sessions (user_id, client, access_hash, access_expires_at, refresh_hash, refresh_expires_at, ip, user_agent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [userId, client, secrets.accessHash, secrets.accessExpiresAt, secrets.refreshHash, secrets.refreshExpiresAt, origin.ip, origin.userAgent],
    );
    return rows[0]!.id;
  }

  /** The live session an access token opens: not revoked, not expired, its user not disabled. One indexed lookup per request. */
  async findByAccess(accessHash: Buffer): Promise<LiveSession | null> {
    const { rows } = await this.pool.query<SessionRow>(
      `SELECT ${SESSION_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.access_hash = $1 AND s.revoked_at IS NULL AND s.access_expires_at > now() AND u.disabled_at IS NULL`,
      [accessHash],
    );
    return rows[0] ? toSession(rows[0]) : null;
  }

  /**
   * Trades a refresh token for new secrets in one statement (two racing refreshes cannot both win);
   * the session's end moves to now + its client's refresh time, so a kiosk wall's session lives while
   * it keeps refreshing. A token that was already traded in is a stolen copy or a replay: the session
   * is revoked.
   */
  async rotate(refreshHash: Buffer, next: Omit<SessionSecrets, 'refreshExpiresAt'>, refreshTtlMs: Record<SessionClient, number>): Promise<RotateOutcome> {
    const { rows } = await this.pool.query<SessionRow>(
      `UPDATE sessions s SET
         previous_refresh_hash = s.refresh_hash,
         refresh_hash = $2,
         access_hash = $3,
         access_expires_at = $4,
         refresh_expires_at = now() + make_interval(secs => (CASE s.client WHEN 'device' THEN $5 WHEN 'browser' THEN $6 ELSE $7 END)::double precision / 1000),
         refreshed_at = now()
       FROM users u
       WHERE u.id = s.user_id AND s.refresh_hash = $1 AND s.revoked_at IS NULL AND s.refresh_expires_at > now() AND u.disabled_at IS NULL
       RETURNING ${SESSION_COLUMNS}`,
      [refreshHash, next.refreshHash, next.accessHash, next.accessExpiresAt, refreshTtlMs.device, refreshTtlMs.browser, refreshTtlMs.script],
    );
    if (rows[0]) return { kind: 'rotated', session: toSession(rows[0]) };
    const reused = await this.pool.query<{ id: string; username: string }>(
      `UPDATE sessions s SET revoked_at = coalesce(s.revoked_at, now()) FROM users u
       WHERE u.id = s.user_id AND s.previous_refresh_hash = $1 RETURNING s.id, u.username`,
      [refreshHash],
    );
    return reused.rows[0] ? { kind: 'reused', sessionId: reused.rows[0].id, username: reused.rows[0].username } : { kind: 'unknown' };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.pool.query('UPDATE sessions SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1', [sessionId]);
  }

  /** Sessions past their refresh end a day ago are of no use, even to the audit (which has its own rows). */
  async deleteExpired(): Promise<number> {
    const { rowCount } = await this.pool.query(`DELETE FROM sessions WHERE refresh_expires_at < now() - INTERVAL '1 day'`);
    return rowCount ?? 0;
  }
}
