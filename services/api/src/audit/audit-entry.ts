import type { RequestOrigin } from '../auth/auth-context';

/** One action to record: who (a username or a service), what, to what, and from where. */
export interface AuditRecord {
  actor: string;
  actorUserId?: string | null;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown>;
  origin?: RequestOrigin;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  from?: Date;
  to?: Date;
  /** An entry id: answer the entries older than it (paging, newest first). */
  before?: string;
  limit: number;
}
