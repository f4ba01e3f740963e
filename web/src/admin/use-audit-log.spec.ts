import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditPage } from '@urban-brain/proto';
import type { AdminApi, AuditQuery } from './admin-api';
import { AUDIT_PAGE_SIZE, auditQueryOf, cityLocalToIso, useAuditLog } from './use-audit-log';

const entry = (id: number): AuditEntry => ({
  id: String(id),
  at: new Date(Date.UTC(2026, 11, 4, 8, 0, 0) - id * 60_000).toISOString(),
  actor: 'admin',
  action: 'user.update',
  target: 'li.wei',
  detail: {},
  ip: '127.0.0.1',
  userAgent: null,
});

/** Two pages of entries, newest first; records the queries. */
function pagedApi() {
  const queries: AuditQuery[] = [];
  const api = {
    auditPage: async (query: AuditQuery): Promise<AuditPage> => {
      queries.push(query);
      return query.before ? { entries: [entry(3)], nextBefore: null } : { entries: [entry(1), entry(2)], nextBefore: entry(2).at };
    },
  } as unknown as AdminApi;
  return { api, queries };
}

describe('the audit log', () => {
  it('reads filter times in the city (UTC+8) and leaves empty filters out', () => {
    expect(cityLocalToIso('2026-12-04T08:30')).toBe('2026-12-04T00:30:00.000Z');
    expect(cityLocalToIso('2026-12-04T08:30:15')).toBe('2026-12-04T00:30:15.000Z');
    expect(cityLocalToIso('')).toBeUndefined();
    expect(cityLocalToIso('yesterday')).toBeUndefined();
    expect(auditQueryOf({ actor: ' admin ', action: '', from: '2026-12-04T00:00', to: '' })).toEqual({
      actor: 'admin',
      action: undefined,
      from: '2026-12-03T16:00:00.000Z',
      to: undefined,
      limit: AUDIT_PAGE_SIZE,
      before: undefined,
    });
  });

  it('pages on with nextBefore, appending, and stops when there is none', async () => {
    const { api, queries } = pagedApi();
    const log = useAuditLog(api);
    log.filters.actor = 'admin';
    await log.search();
    expect(log.entries.value.map((row) => row.id)).toEqual(['1', '2']);
    expect(log.hasOlder.value).toBe(true);
    await log.older();
    expect(log.entries.value.map((row) => row.id)).toEqual(['1', '2', '3']);
    expect(log.hasOlder.value).toBe(false);
    await log.older();
    expect(queries).toHaveLength(2);
    expect(queries[1]).toMatchObject({ actor: 'admin', before: entry(2).at });
  });

  it('starts again from the newest page on a new search or cleared filters', async () => {
    const { api, queries } = pagedApi();
    const log = useAuditLog(api);
    log.filters.action = 'auth.sign-in-failed';
    await log.search();
    await log.older();
    await log.clearFilters();
    expect(log.entries.value.map((row) => row.id)).toEqual(['1', '2']);
    expect(queries.at(-1)).toMatchObject({ action: undefined, before: undefined });
  });

  it('keeps the entries and says why when the api fails, and an older answer never overwrites a newer search', async () => {
    let release: (page: AuditPage) => void = () => undefined;
    let calls = 0;
    const api = {
      auditPage: (query: AuditQuery) => {
        calls++;
        if (calls === 1) return new Promise<AuditPage>((resolve) => (release = resolve));
        if (query.actor === 'broken') return Promise.reject(new Error('GET /api/audit answered 500'));
        return Promise.resolve({ entries: [entry(9)], nextBefore: null });
      },
    } as unknown as AdminApi;
    const log = useAuditLog(api);
    const slow = log.search();
    await log.search();
    release({ entries: [entry(1)], nextBefore: null });
    await slow;
    expect(log.entries.value.map((row) => row.id)).toEqual(['9']);
    log.filters.actor = 'broken';
    await log.search();
    expect(log.error.value).toContain('500');
    expect(log.entries.value.map((row) => row.id)).toEqual(['9']);
  });
});
