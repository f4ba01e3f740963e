import { Inject, Injectable } from '@nestjs/common';
import type { AccountKind, Role, UserRecord } from '@urban-brain/proto';
import type { Pool, PoolClient } from 'pg';
import { withTransaction } from '@urban-brain/common';
import { PG_POOL } from '../database/pg-pool.token';

export type UserOrigin = UserRecord['origin'];

/** A user row as sign-in needs it (with its secrets' hashes, which never leave the api). */
export interface StoredUser extends UserRecord {
  passwordHash: string | null;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  kind: AccountKind;
  origin: UserOrigin;
  passwordHash: string | null;
  deviceCredentialHash: Buffer | null;
  oidcIssuer?: string;
  oidcSubject?: string;
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  kind: AccountKind;
  origin: UserOrigin;
  password_hash: string | null;
  disabled_at: Date | null;
  created_at: Date;
  last_sign_in_at: Date | null;
}

const COLUMNS = 'id, username, display_name, role, kind, origin, password_hash, disabled_at, created_at, last_sign_in_at';

const toUser = (row: UserRow): StoredUser => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  kind: row.kind,
  origin: row.origin,
  disabled: row.disabled_at !== null,
  createdAt: row.created_at.toISOString(),
  lastSignInAt: row.last_sign_in_at?.toISOString() ?? null,
  passwordHash: row.password_hash,
});

/** The record a client sees: the stored user without its secrets. */
export function publicUser(user: StoredUser): UserRecord {
  const { passwordHash: _secret, ...record } = user;
  return record;
}

const UNIQUE_VIOLATION = '23505';

export class UsernameTakenError extends Error {}

@Injectable()
export class UsersRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async findByUsername(username: string): Promise<StoredUser | null> {
    const { rows } = await this.pool.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE username = $1`, [username]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findById(id: string): Promise<StoredUser | null> {
    const { rows } = await this.pool.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findByDeviceCredential(credentialHash: Buffer): Promise<StoredUser | null> {
    const { rows } = await this.pool.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE device_credential_hash = $1 AND kind = 'device'`, [credentialHash]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findByOidcIdentity(issuer: string, subject: string): Promise<StoredUser | null> {
    const { rows } = await this.pool.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2`, [issuer, subject]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async list(): Promise<StoredUser[]> {
    const { rows } = await this.pool.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY kind, username`);
    return rows.map(toUser);
  }

  /** Throws UsernameTakenError when the name is in use. */
  async insert(user: NewUser): Promise<StoredUser> {
    try {
      const { rows } = await this.pool.query<UserRow>(
        `INSERT INTO users (username, display_name, role, kind, origin, password_hash, device_credential_hash, oidc_issuer, oidc_subject)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
        [user.username, user.displayName, user.role, user.kind, user.origin, user.passwordHash, user.deviceCredentialHash, user.oidcIssuer ?? null, user.oidcSubject ?? null],
      );
      return toUser(rows[0]!);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new UsernameTakenError(user.username);
      throw error;
    }
  }

  /**
   * Applies the changes; disabling also revokes every session of the user in the same transaction,
   * so nothing signed in as them works after the answer.
   */
  async update(id: string, changes: UserChanges): Promise<StoredUser | null> {
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<UserRow>(
        `UPDATE users SET
           display_name = coalesce($2, display_name),
           role = coalesce($3, role),
           disabled_at = CASE WHEN $4::boolean IS NULL THEN disabled_at WHEN $4 THEN coalesce(disabled_at, now()) ELSE NULL END,
           updated_at = now()
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, changes.displayName ?? null, changes.role ?? null, changes.disabled ?? null],
      );
      if (!rows[0]) return null;
      if (changes.disabled) await revokeSessions(client, id);
      return toUser(rows[0]);
    });
  }

  /** A new password hash (or a new device credential hash); the user's sessions end. */
  async replaceSecret(id: string, secret: { passwordHash: string } | { deviceCredentialHash: Buffer }): Promise<StoredUser | null> {
    return withTransaction(this.pool, async (client) => {
      const { rows } =
        'passwordHash' in secret
          ? await client.query<UserRow>(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1 AND kind = 'person' RETURNING ${COLUMNS}`, [id, secret.passwordHash])
          : await client.query<UserRow>(`UPDATE users SET device_credential_hash = $2, updated_at = now() WHERE id = $1 AND kind = 'device' RETURNING ${COLUMNS}`, [id, secret.deviceCredentialHash]);
      if (!rows[0]) return null;
      await revokeSessions(client, id);
      return toUser(rows[0]);
    });
  }

  async recordSignIn(id: string): Promise<void> {
    await this.pool.query('UPDATE users SET last_sign_in_at = now() WHERE id = $1', [id]);
  }

  /** Production has no demo logins: disables those a demo run left; answers their names. */
  async disableDemoUsers(): Promise<string[]> {
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ id: string; username: string }>(
        `UPDATE users SET disabled_at = now(), updated_at = now() WHERE origin = 'demo' AND disabled_at IS NULL RETURNING id, username`,
      );
      for (const row of rows) await revokeSessions(client, row.id);
      return rows.map((row) => row.username);
    });
  }

  async countAdmins(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL`);
    return rows[0]!.n;
  }
}

async function revokeSessions(client: PoolClient, userId: string): Promise<void> {
  await client.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
}
