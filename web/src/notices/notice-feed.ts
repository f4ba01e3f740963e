import type { Notice, NoticeCondition } from './notice';

// The wall's own notices (its link, the feed's health) come and go with their
// condition; each keeps the time it was first seen, so "since 14:02" holds
// across passes. Alerts are not kept here: the alert book holds them.
export class NoticeFeed {
  private readonly byKey = new Map<string, Notice>();

  /** Replaces the notices with this pass's conditions: new ones stamped now, ongoing ones keep their time, ended ones leave. */
  sync(conditions: readonly NoticeCondition[], nowMs: number): void {
    const seen = new Set<string>();
    for (const condition of conditions) {
      seen.add(condition.key);
      const known = this.byKey.get(condition.key);
      this.byKey.set(condition.key, { ...condition, source: 'derived', atMs: known?.atMs ?? nowMs });
    }
    for (const key of this.byKey.keys()) if (!seen.has(key)) this.byKey.delete(key);
  }

  list(): Notice[] {
    return [...this.byKey.values()];
  }
}
