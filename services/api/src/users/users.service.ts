import { Injectable } from '@nestjs/common';
import type { AccountKind, Role, UserRecord, UserSecretResponse } from '@urban-brain/proto';
import { AuditService } from '../audit/audit.service';
import type { AuthContext, RequestOrigin } from '../auth/auth-context';
import { generatePassword, hashPassword } from '../auth/password-hasher';
import { newSecret, secretHash } from '../auth/session-secret.util';
import { DomainError, DomainErrorCode } from '../common/domain-error';
import { publicUser, UsernameTakenError, UsersRepository, type StoredUser, type UserChanges, type UserOrigin } from './users.repository';

/** Who acts on users: a signed-in admin, or an operator at the server's shell (the CLI). */
export interface UserActor {
  username: string;
  userId: string | null;
  origin?: RequestOrigin;
}

export function actorOf(auth: AuthContext, origin: RequestOrigin): UserActor {
  return { username: auth.user.username, userId: auth.user.id, origin };
}

export interface CreateUser {
  username: string;
  displayName?: string;
  role: Role;
  kind: AccountKind;
  password?: string;
  origin?: UserOrigin;
}

export const kioskPath = (credential: string) => `/#kiosk=${credential}`;

/** Admins' work on accounts; each change is an audit row. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<UserRecord[]> {
    return (await this.users.list()).map(publicUser);
  }

  /** A person gets the given password or a generated one; a device a credential. Secrets are answered once. */
  async create(request: CreateUser, actor: UserActor): Promise<UserSecretResponse> {
    const generated = request.kind === 'person' && request.password === undefined ? generatePassword() : undefined;
    const password = request.password ?? generated;
    const credential = request.kind === 'device' ? newSecret('device') : undefined;
    let user: StoredUser;
    try {
      user = await this.users.insert({
        username: request.username,
        displayName: request.displayName ?? request.username,
        role: request.role,
        kind: request.kind,
        origin: request.origin ?? 'local',
        passwordHash: request.kind === 'person' && password !== undefined ? await hashPassword(password) : null,
        deviceCredentialHash: credential === undefined ? null : secretHash(credential),
      });
    } catch (error) {
      if (error instanceof UsernameTakenError) throw new DomainError(DomainErrorCode.USERNAME_TAKEN, `There is already a user "${request.username}"`);
      throw error;
    }
    await this.record(actor, 'user.create', user.username, { role: user.role, kind: user.kind, origin: user.origin });
    return secretResponse(user, generated, credential);
  }

  async update(id: string, changes: UserChanges, actor: UserActor): Promise<UserRecord> {
    if (actor.userId === id && (changes.disabled === true || (changes.role !== undefined && changes.role !== 'admin'))) {
      throw new DomainError(DomainErrorCode.SELF_LOCKOUT, 'You cannot disable or demote your own account; ask another admin');
    }
    const user = await this.users.update(id, changes);
    if (!user) throw notFound(id);
    await this.record(actor, 'user.update', user.username, { ...changes });
    return publicUser(user);
  }

  /** A new password (given or generated); the user's sessions end. */
  async resetPassword(id: string, password: string | undefined, actor: UserActor): Promise<UserSecretResponse> {
    const generated = password === undefined ? generatePassword() : undefined;
    const user = await this.users.replaceSecret(id, { passwordHash: await hashPassword(password ?? generated!) });
    if (!user) throw notFound(id, 'person');
    await this.record(actor, 'user.password-reset', user.username, { generated: generated !== undefined });
    return secretResponse(user, generated, undefined);
  }

  /** A device's new credential; the old one and its sessions stop at once. */
  async renewDeviceCredential(id: string, actor: UserActor): Promise<UserSecretResponse> {
    const credential = newSecret('device');
    const user = await this.users.replaceSecret(id, { deviceCredentialHash: secretHash(credential) });
    if (!user) throw notFound(id, 'device');
    await this.record(actor, 'user.device-credential', user.username, {});
    return secretResponse(user, undefined, credential);
  }

  private record(actor: UserActor, action: string, target: string, detail: Record<string, unknown>): Promise<void> {
    return this.audit.record({ actor: actor.username, actorUserId: actor.userId, action, target, detail, origin: actor.origin });
  }
}

function secretResponse(user: StoredUser, password: string | undefined, credential: string | undefined): UserSecretResponse {
  const response: UserSecretResponse = { user: publicUser(user) };
  if (password !== undefined) response.password = password;
  if (credential !== undefined) {
    response.deviceCredential = credential;
    response.kioskPath = kioskPath(credential);
  }
  return response;
}

function notFound(id: string, kind?: AccountKind): DomainError {
  return new DomainError(DomainErrorCode.USER_NOT_FOUND, kind ? `No ${kind} account with id ${id}` : `No user with id ${id}`);
}
