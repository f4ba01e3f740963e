import { shallowRef, type ShallowRef } from 'vue';
import type { CreateUserRequest, Role, UpdateUserRequest, UserRecord, UserSecretResponse } from '@urban-brain/proto';
import { createAdminApi, type AdminApi } from './admin-api';

/** A generated password or a device's kiosk link, answered once by the api: shown in a dialog, then forgotten. */
export interface ShownSecret {
  kind: 'password' | 'kiosk-link';
  username: string;
  value: string;
}

export interface UsersAdmin {
  users: ShallowRef<readonly UserRecord[]>;
  loading: ShallowRef<boolean>;
  /** Why the list could not be read. */
  loadError: ShallowRef<string | null>;
  /** Why the last change was refused (the api's message). */
  actionError: ShallowRef<string | null>;
  secret: ShallowRef<ShownSecret | null>;
  refresh(): Promise<void>;
  create(request: CreateUserRequest): Promise<boolean>;
  setRole(user: UserRecord, role: Role): Promise<boolean>;
  setDisabled(user: UserRecord, disabled: boolean): Promise<boolean>;
  resetPassword(user: UserRecord): Promise<boolean>;
  issueDeviceCredential(user: UserRecord): Promise<boolean>;
  dismissSecret(): void;
}

/** The secret in an answer, if any; a kiosk link as a whole address to open on the wall's browser. */
export function secretOf(answer: UserSecretResponse, origin: string): ShownSecret | null {
  if (answer.deviceCredential) {
    const path = answer.kioskPath ?? `/#kiosk=${encodeURIComponent(answer.deviceCredential)}`;
    return { kind: 'kiosk-link', username: answer.user.username, value: new URL(path, origin).href };
  }
  if (answer.password) return { kind: 'password', username: answer.user.username, value: answer.password };
  return null;
}

/** The admin page's users: the list, and each change answered by the api replacing its row. */
export function useUsers(api: AdminApi = createAdminApi(), origin: string = window.location.origin): UsersAdmin {
  const users = shallowRef<readonly UserRecord[]>([]);
  const loading = shallowRef(false);
  const loadError = shallowRef<string | null>(null);
  const actionError = shallowRef<string | null>(null);
  const secret = shallowRef<ShownSecret | null>(null);

  const put = (user: UserRecord) => {
    const at = users.value.findIndex((row) => row.id === user.id);
    users.value = at < 0 ? [...users.value, user] : users.value.map((row, i) => (i === at ? user : row));
  };

  /** Runs one change; its answer's row replaces the old one, and its secret (if any) is shown. */
  const change = async (task: () => Promise<UserRecord | UserSecretResponse>): Promise<boolean> => {
    actionError.value = null;
    try {
      const answer = await task();
      if ('user' in answer) {
        put(answer.user);
        secret.value = secretOf(answer, origin);
      } else {
        put(answer);
      }
      return true;
    } catch (failure) {
      actionError.value = (failure as Error).message;
      return false;
    }
  };
  const update = (user: UserRecord, patch: UpdateUserRequest) => change(() => api.updateUser(user.id, patch));

  return {
    users,
    loading,
    loadError,
    actionError,
    secret,
    async refresh() {
      loading.value = true;
      try {
        users.value = await api.listUsers();
        loadError.value = null;
      } catch (failure) {
        loadError.value = (failure as Error).message;
      } finally {
        loading.value = false;
      }
    },
    create: (request) => change(() => api.createUser(request)),
    setRole: (user, role) => update(user, { role }),
    setDisabled: (user, disabled) => update(user, { disabled }),
    resetPassword: (user) => change(() => api.resetPassword(user.id)),
    issueDeviceCredential: (user) => change(() => api.issueDeviceCredential(user.id)),
    dismissSecret() {
      secret.value = null;
    },
  };
}
