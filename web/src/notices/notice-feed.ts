import type { Notice, NoticeCondition } from './notice';

// The ticker's list: newest first, bounded, one row per condition. Derived
// notices come and go with their condition; alerts (later) are pushed and stay
// until the alerting service clears them. Both share one list so the ticker
// does not care where a notice came from.
export const NOTICE_FEED_MAX = 40;

export class NoticeFeed {
  private readonly byKey = new Map<string, Notice>();

  constructor(private readonly max = NOTICE_FEED_MAX) {}

  /** Replaces the derived notices with this pass's conditions: new ones stamped now, ongoing ones keep their time, ended ones leave. */
  syncDerived(conditions: readonly NoticeCondition[], nowMs: number): void {
    const seen = new Set<string>();
    for (const condition of conditions) {
      seen.add(condition.key);
      const known = this.byKey.get(condition.key);
      this.byKey.set(condition.key, { ...condition, source: 'derived', atMs: known?.source === 'derived' ? known.atMs : nowMs });
    }
    for (const [key, notice] of this.byKey) if (notice.source === 'derived' && !seen.has(key)) this.byKey.delete(key);
    this.trim();
  }

  /** An alert from outside (the alerting service): upserted by key. */
  push(alert: Omit<Notice, 'source'>): void {
    this.byKey.set(alert.key, { ...alert, source: 'alert' });
    this.trim();
  }

  /** An alert resolved elsewhere. */
  remove(key: string): void {
    this.byKey.delete(key);
  }

  /** Newest first; on a tie the more severe first, then by key so the order is stable. */
  list(): Notice[] {
    return [...this.byKey.values()].sort((a, b) => b.atMs - a.atMs || severity(b) - severity(a) || a.key.localeCompare(b.key));
  }

  get size(): number {
    return this.byKey.size;
  }

  private trim(): void {
    if (this.byKey.size <= this.max) return;
    // Bounded whatever the city does: the oldest go first.
    for (const notice of this.list().slice(this.max)) this.byKey.delete(notice.key);
  }
}

const severity = (notice: Notice) => ({ critical: 2, warning: 1, info: 0 })[notice.severity];
