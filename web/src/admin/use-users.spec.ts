import { describe, expect, it } from 'vitest';
import type { UserRecord, UserSecretResponse } from '@urban-brain/proto';
import { AdminRequestError, type AdminApi } from './admin-api';
import { secretOf, useUsers } from './use-users';

const ORIGIN = 'http://127.0.0.1:5173';
const record = (id: string, patch: Partial<UserRecord> = {}): UserRecord => ({
  id,
  username: id,
  displayName: id,
  role: 'operator',
  kind: 'person',
  disabled: false,
  origin: 'local',
  createdAt: '2026-12-01T00:00:00.000Z',
  lastSignInAt: null,
  ...patch,
});

/** An api holding users in memory, answering as the real one does. */
function memoryApi(initial: UserRecord[]): AdminApi & { failNext(error: Error): void } {
  const rows = new Map(initial.map((user) => [user.id, user]));
  let failure: Error | null = null;
  const guard = () => {
    if (!failure) return;
    const thrown = failure;
    failure = null;
    throw thrown;
  };
  return {
    failNext: (error) => (failure = error),
    listUsers: async () => (guard(), [...rows.values()]),
    createUser: async (request): Promise<UserSecretResponse> => {
      guard();
      const user = record(`u${rows.size + 1}`, { username: request.username, role: request.role, kind: request.kind ?? 'person' });
      rows.set(user.id, user);
      return user.kind === 'device' ? { user, deviceCredential: 'dev-cred', kioskPath: '/#kiosk=dev-cred' } : { user, password: request.password ? undefined : 'gen-pass' };
    },
    updateUser: async (id, change) => {
      guard();
      const user = { ...rows.get(id)!, ...change };
      rows.set(id, user);
      return user;
    },
    resetPassword: async (id) => (guard(), { user: rows.get(id)!, password: 'new-pass' }),
    issueDeviceCredential: async (id) => (guard(), { user: rows.get(id)!, deviceCredential: 'cred 2' }),
    auditPage: async () => ({ entries: [], nextBefore: null }),
  };
}

describe('the users admin', () => {
  it('lists the users and says why when it cannot', async () => {
    const api = memoryApi([record('admin', { role: 'admin' }), record('wall', { kind: 'device' })]);
    const admin = useUsers(api, ORIGIN);
    await admin.refresh();
    expect(admin.users.value.map((user) => user.username)).toEqual(['admin', 'wall']);
    api.failNext(new Error('GET /api/users answered 503'));
    await admin.refresh();
    expect(admin.loadError.value).toContain('503');
    expect(admin.users.value).toHaveLength(2);
  });

  it('shows a generated password once, and none when the admin typed one', async () => {
    const admin = useUsers(memoryApi([]), ORIGIN);
    expect(await admin.create({ username: 'li.wei', role: 'dispatcher' })).toBe(true);
    expect(admin.secret.value).toEqual({ kind: 'password', username: 'li.wei', value: 'gen-pass' });
    admin.dismissSecret();
    expect(admin.secret.value).toBeNull();
    await admin.create({ username: 'zhang.min', role: 'engineer', password: 'typed-by-admin' });
    expect(admin.secret.value).toBeNull();
    expect(admin.users.value.map((user) => [user.username, user.role])).toEqual([
      ['li.wei', 'dispatcher'],
      ['zhang.min', 'engineer'],
    ]);
  });

  it("shows a new device's kiosk link as a whole address", async () => {
    const admin = useUsers(memoryApi([]), ORIGIN);
    await admin.create({ username: 'wall-east', role: 'operator', kind: 'device' });
    expect(admin.secret.value).toEqual({ kind: 'kiosk-link', username: 'wall-east', value: `${ORIGIN}/#kiosk=dev-cred` });
  });

  it("replaces a user's row with the api's answer to a change", async () => {
    const admin = useUsers(memoryApi([record('a'), record('b')]), ORIGIN);
    await admin.refresh();
    await admin.setDisabled(admin.users.value[1]!, true);
    await admin.setRole(admin.users.value[0]!, 'engineer');
    expect(admin.users.value.map((user) => [user.id, user.role, user.disabled])).toEqual([
      ['a', 'engineer', false],
      ['b', 'operator', true],
    ]);
    await admin.resetPassword(admin.users.value[0]!);
    expect(admin.secret.value).toEqual({ kind: 'password', username: 'a', value: 'new-pass' });
  });

  it("keeps the rows and shows the api's reason when a change is refused", async () => {
    const api = memoryApi([record('a')]);
    const admin = useUsers(api, ORIGIN);
    await admin.refresh();
    api.failNext(new AdminRequestError(409, 'USERNAME_TAKEN', 'username a is taken'));
    expect(await admin.create({ username: 'a', role: 'operator' })).toBe(false);
    expect(admin.actionError.value).toBe('username a is taken');
    expect(admin.users.value).toHaveLength(1);
    expect(await admin.setDisabled(admin.users.value[0]!, true)).toBe(true);
    expect(admin.actionError.value).toBeNull();
  });

  it('builds the kiosk link from the credential when the api gives no path', () => {
    expect(secretOf({ user: record('w', { kind: 'device' }), deviceCredential: 'a+b/c' }, ORIGIN)!.value).toBe(`${ORIGIN}/#kiosk=a%2Bb%2Fc`);
    expect(secretOf({ user: record('w') }, ORIGIN)).toBeNull();
  });
});
