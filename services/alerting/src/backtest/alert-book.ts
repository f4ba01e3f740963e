import type { AlertSignal } from '../engine/alert-signal';
import type { BacktestAlert } from '@urban-brain/proto';

interface Entry {
  alert: BacktestAlert;
  /** Raised before the window (while warming up): kept to follow its clear and resolve, never reported. */
  beforeWindow: boolean;
}

/**
 * What the alerts table would hold had the engine's signals been written, kept in memory: the same
 * transitions as AlertsRepository (one unresolved alert per dedup key; a raise while cleared
 * re-raises the same alert and empties cleared_at; a raise while active changes nothing), without a
 * database. Alerts raised before the window's start are followed but not reported, as the stored
 * alerts compared with are those raised inside the window.
 */
export class AlertBook {
  private readonly open = new Map<string, Entry>();
  private readonly reported: BacktestAlert[] = [];
  private dropped = 0;

  constructor(private readonly limit: number) {}

  apply(signals: readonly AlertSignal[], windowStartMs: number): void {
    for (const signal of signals) {
      const current = this.open.get(signal.dedupKey);
      if (signal.kind === 'raise') {
        if (current) {
          if (current.alert.clearedAt !== null) current.alert.clearedAt = null;
          continue;
        }
        const alert: BacktestAlert = {
          rule: signal.rule,
          entityId: signal.entityId,
          fleet: signal.fleet,
          severity: signal.severity,
          title: { en: signal.title.en, zh: signal.title.zh },
          raisedAt: new Date(signal.atMs).toISOString(),
          clearedAt: null,
          resolvedAt: null,
          lon: signal.lon ?? null,
          lat: signal.lat ?? null,
        };
        const beforeWindow = signal.atMs < windowStartMs;
        this.open.set(signal.dedupKey, { alert, beforeWindow });
        if (beforeWindow) continue;
        if (this.reported.length < this.limit) this.reported.push(alert);
        else this.dropped++;
      } else if (current) {
        if (signal.kind === 'clear') {
          if (current.alert.clearedAt === null) current.alert.clearedAt = new Date(signal.atMs).toISOString();
        } else {
          current.alert.resolvedAt = new Date(signal.atMs).toISOString();
          this.open.delete(signal.dedupKey);
        }
      }
    }
  }

  /** The alerts raised inside the window, in raise order; `dropped`: how many beyond the limit were not kept. */
  alerts(): { alerts: BacktestAlert[]; dropped: number } {
    return { alerts: this.reported, dropped: this.dropped };
  }
}
