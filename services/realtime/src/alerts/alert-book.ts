import { create, toBinary } from '@bufbuild/protobuf';
import { AlertBatchSchema, AlertState, type AlertChange } from '@urban-brain/proto';

/**
 * The newest state of every alert, as ub.alerts.v1 says (one record per change, keyed by alert).
 * A watcher gets a snapshot (every unresolved alert and those resolved within `resolvedKeepMs`),
 * then each tick's changes. Bounded: resolved alerts leave after the keep time, and at most
 * `maxAlerts` are held (the oldest resolved first, then the oldest).
 */
export class AlertBook {
  private readonly alerts = new Map<string, AlertChange>();
  private pending: AlertChange[] = [];

  constructor(
    private readonly resolvedKeepMs: number,
    private readonly maxAlerts = 20_000,
  ) {}

  get size(): number {
    return this.alerts.size;
  }

  /** A record from the topic; an older change than the one held (a relay's reorder) is ignored. */
  apply(change: AlertChange): void {
    const held = this.alerts.get(change.alertId);
    if (held && held.changedAtMs > change.changedAtMs) return;
    this.alerts.set(change.alertId, change);
    this.pending.push(change);
    if (this.alerts.size > this.maxAlerts) this.evict();
  }

  /** Every alert a new watcher should see now, encoded once (AlertBatch, snapshot). */
  snapshot(nowMs: number): Uint8Array {
    this.expire(nowMs);
    return toBinary(AlertBatchSchema, create(AlertBatchSchema, { snapshot: true, changes: [...this.alerts.values()] }));
  }

  /** The changes since the last call, encoded once for every watcher; null when there are none. */
  drainChanges(): Uint8Array | null {
    if (this.pending.length === 0) return null;
    const changes = this.pending;
    this.pending = [];
    return toBinary(AlertBatchSchema, create(AlertBatchSchema, { snapshot: false, changes }));
  }

  private expire(nowMs: number): void {
    for (const [id, change] of this.alerts) {
      if (change.state === AlertState.RESOLVED && Number(change.changedAtMs) < nowMs - this.resolvedKeepMs) this.alerts.delete(id);
    }
  }

  private evict(): void {
    this.expire(Date.now());
    for (const [id] of this.alerts) {
      if (this.alerts.size <= this.maxAlerts) return;
      this.alerts.delete(id);
    }
  }
}
