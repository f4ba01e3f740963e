import { reactive, shallowRef, type ShallowRef } from 'vue';
import type { AuditEntry } from '@urban-brain/proto';
import { createAdminApi, type AdminApi, type AuditQuery } from './admin-api';

export const AUDIT_PAGE_SIZE = 50;

/** The filters as typed: from/to are `datetime-local` values, read in the city's time like every time on the page. */
export interface AuditFilters {
  actor: string;
  action: string;
  from: string;
  to: string;
}

export interface AuditLog {
  filters: AuditFilters;
  entries: ShallowRef<readonly AuditEntry[]>;
  /** Set while older entries remain (the api's `nextBefore`). */
  hasOlder: ShallowRef<boolean>;
  loading: ShallowRef<boolean>;
  error: ShallowRef<string | null>;
  /** The newest page under the filters, replacing what is shown. */
  search(): Promise<void>;
  /** The next page of older entries, appended. */
  older(): Promise<void>;
  clearFilters(): Promise<void>;
}

/**
 * A `datetime-local` value (`2026-12-04T08:30`) in the city's time as ISO 8601, or undefined when empty
 * or unreadable. Neijiang keeps China Standard Time all year (no daylight saving), so the offset is fixed.
 */
export function cityLocalToIso(value: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(value.trim());
  if (!match) return undefined;
  const ms = Date.parse(`${match[1]}T${match[2]}${match[3] ?? ':00'}+08:00`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

export function auditQueryOf(filters: AuditFilters, before?: string): AuditQuery {
  return {
    actor: filters.actor.trim() || undefined,
    action: filters.action.trim() || undefined,
    from: cityLocalToIso(filters.from),
    to: cityLocalToIso(filters.to),
    limit: AUDIT_PAGE_SIZE,
    before,
  };
}

/** The audit log, newest first, paged on with `nextBefore`; a search started meanwhile wins over an older answer. */
export function useAuditLog(api: AdminApi = createAdminApi()): AuditLog {
  const filters = reactive<AuditFilters>({ actor: '', action: '', from: '', to: '' });
  const entries = shallowRef<readonly AuditEntry[]>([]);
  const hasOlder = shallowRef(false);
  const loading = shallowRef(false);
  const error = shallowRef<string | null>(null);
  let nextBefore: string | null = null;
  let generation = 0;

  const load = async (append: boolean) => {
    const mine = ++generation;
    loading.value = true;
    try {
      const page = await api.auditPage(auditQueryOf(filters, append ? (nextBefore ?? undefined) : undefined));
      if (mine !== generation) return;
      entries.value = append ? [...entries.value, ...page.entries] : page.entries;
      nextBefore = page.nextBefore;
      hasOlder.value = page.nextBefore !== null;
      error.value = null;
    } catch (failure) {
      if (mine === generation) error.value = (failure as Error).message;
    } finally {
      if (mine === generation) loading.value = false;
    }
  };

  return {
    filters,
    entries,
    hasOlder,
    loading,
    error,
    search: () => load(false),
    older: () => (nextBefore === null ? Promise.resolve() : load(true)),
    clearFilters() {
      Object.assign(filters, { actor: '', action: '', from: '', to: '' });
      return load(false);
    },
  };
}
