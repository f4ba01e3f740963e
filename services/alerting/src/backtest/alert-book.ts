import type { AlertSignal } from '../engine/alert-signal';
import type { BacktestAlert } from '@urban-brain/proto';

/**
 * What the alerts table would hold had the engine's signals been written, kept in memory: the same
 * transitions as AlertsRepository (one unresolved alert per dedup key; a raise while cleared
 * re-raises the same alert and empties cleared_at; a raise while active changes nothing), without a
 * database. An alert raised before the window's start (while the rules warm up) and still unresolved
 * when the window begins is reported as open at the start, as the stored alerts it is compared with
 * are those open in the window; one resolved before the start is not reported.
 */
export class AlertBook {
  private readonly open = new Map<string, BacktestAlert>();
  /** Raised before the window, in raise order; each leaves when resolved before the window's start. */
  private readonly raisedBefore = new Set<BacktestAlert>();
  private readonly raisedIn: BacktestAlert[] = [];
  private droppedIn = 0;

  constructor(private readonly limit: number) {}

  apply(signals: readonly AlertSignal[], windowStartMs: number): void {
    for (const signal of signals) {
      const current = this.open.get(signal.dedupKey);
      if (signal.kind === 'raise') {
        if (current) {
          if (current.clearedAt !== null) current.clearedAt = null;
          continue;
        }
        const openAtStart = signal.atMs < windowStartMs;
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
          openAtStart,
        };
        this.open.set(signal.dedupKey, alert);
        if (openAtStart) this.raisedBefore.add(alert);
        else if (this.raisedIn.length < this.limit) this.raisedIn.push(alert);
        else this.droppedIn++;
      } else if (current) {
        if (signal.kind === 'clear') {
          if (current.clearedAt === null) current.clearedAt = new Date(signal.atMs).toISOString();
        } else {
          current.resolvedAt = new Date(signal.atMs).toISOString();
          this.open.delete(signal.dedupKey);
          if (signal.atMs < windowStartMs) this.raisedBefore.delete(current);
        }
      }
    }
  }

  /**
   * The alerts open in the window in raise order (those open at its start first), at most the limit;
   * `dropped`: how many beyond it were not kept.
   */
  alerts(): { alerts: BacktestAlert[]; dropped: number } {
    const all = [...this.raisedBefore, ...this.raisedIn];
    return { alerts: all.slice(0, this.limit), dropped: this.droppedIn + Math.max(0, all.length - this.limit) };
  }
}
