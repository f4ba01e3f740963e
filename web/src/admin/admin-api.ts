import type { AuditPage, CreateUserRequest, UpdateUserRequest, UserRecord, UserSecretResponse } from '@urban-brain/proto';
import { apiFetch } from '../auth/api-fetch';

// The admin routes (docs/users-and-roles.md, role admin). One client for the page's composables,
// so the URLs and the error body are read in one place.
export const USERS_URL = '/api/users';
export const AUDIT_URL = '/api/audit';

/** A refused admin call: the api's status, code and message (e.g. 409 USERNAME_TAKEN), shown as they are. */
export class AdminRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'AdminRequestError';
  }
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  target?: string;
  /** ISO 8601. */
  from?: string;
  to?: string;
  limit?: number;
  /** The previous page's `nextBefore`. */
  before?: string;
}

export interface AdminApi {
  listUsers(): Promise<UserRecord[]>;
  createUser(request: CreateUserRequest): Promise<UserSecretResponse>;
  updateUser(id: string, change: UpdateUserRequest): Promise<UserRecord>;
  resetPassword(id: string): Promise<UserSecretResponse>;
  issueDeviceCredential(id: string): Promise<UserSecretResponse>;
  auditPage(query: AuditQuery): Promise<AuditPage>;
}

export function createAdminApi(fetchImpl: typeof fetch = apiFetch): AdminApi {
  const call = async <T>(url: string, method = 'GET', body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetchImpl(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) {
      const problem = (await response.json().catch(() => null)) as { code?: unknown; message?: unknown; fields?: unknown } | null;
      let message = typeof problem?.message === 'string' ? problem.message : `${method} ${url.split('?')[0]} answered ${response.status}`;
      // A refused body or query names each bad field: say which, not just "Invalid request body".
      if (Array.isArray(problem?.fields) && problem.fields.length > 0) {
        message += `: ${(problem.fields as { field?: unknown; problem?: unknown }[]).map((field) => `${String(field.field)} ${String(field.problem)}`).join('; ')}`;
      }
      throw new AdminRequestError(response.status, typeof problem?.code === 'string' ? problem.code : null, message);
    }
    return (await response.json()) as T;
  };
  const userUrl = (id: string, rest = '') => `${USERS_URL}/${encodeURIComponent(id)}${rest}`;
  return {
    listUsers: () => call<UserRecord[]>(USERS_URL),
    createUser: (request) => call<UserSecretResponse>(USERS_URL, 'POST', request),
    updateUser: (id, change) => call<UserRecord>(userUrl(id), 'PATCH', change),
    // No password sent: the api generates one and answers it once.
    resetPassword: (id) => call<UserSecretResponse>(userUrl(id, '/password'), 'POST', {}),
    issueDeviceCredential: (id) => call<UserSecretResponse>(userUrl(id, '/device-credential'), 'POST', {}),
    auditPage: (query) => call<AuditPage>(auditUrl(query)),
  };
}

/** GET /api/audit with only the filters that are set. */
export function auditUrl(query: AuditQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && String(value).trim() !== '') params.set(key, String(value).trim());
  }
  const search = params.toString();
  return search ? `${AUDIT_URL}?${search}` : AUDIT_URL;
}
