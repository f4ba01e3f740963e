import type { DispatchOrder, DispatchProgress } from './dispatch-order';

/**
 * A fleet simulator's orders waiting for their tick, and what became of them. The simulators are
 * pure state ticked by the clock; an order read from Kafka between two ticks waits here so that it
 * changes the fleet only at a tick, never in the middle of one.
 */
export class DispatchInbox {
  private pending: DispatchOrder[] = [];
  private progress: DispatchProgress[] = [];

  add(order: DispatchOrder): void {
    this.pending.push(order);
  }

  /** The orders due by `nowMs`, oldest first, taken out of the inbox. */
  due(nowMs: number): DispatchOrder[] {
    if (this.pending.length === 0) return [];
    const due = this.pending.filter((o) => o.fromMs <= nowMs);
    if (due.length > 0) this.pending = this.pending.filter((o) => o.fromMs > nowMs);
    return due;
  }

  report(order: DispatchOrder, stage: DispatchProgress['stage'], detail?: string): void {
    this.progress.push(detail === undefined ? { order, stage } : { order, stage, detail });
  }

  takeProgress(): DispatchProgress[] {
    const out = this.progress;
    this.progress = [];
    return out;
  }
}
