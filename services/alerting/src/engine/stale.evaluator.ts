import type { StaleRule } from '../rules/rule-definition';
import { passes } from '../rules/message-filter';
import type { AlertSignal } from './alert-signal';
import type { ConditionTable } from './condition-table';
import type { RuleEvaluator } from './rule-evaluator';
import { float64Column, uint8Column } from './state-column';
import type { StreamObservation } from './stream-observation';

/**
 * No message from an entity for afterS while its last message said it was on duty (the rule's `when`).
 * The clock is the engine's tick (event time ≈ wall clock); any message clears it.
 *
 * A silence of the whole stream is not a silence of each device: while no entity of the stream has
 * reported for afterS (the feed is down: a broker outage, the devices' gateway restarting), nothing is
 * raised, and when the stream comes back every entity's silence counts from then, so the devices that
 * have not yet sent their first message after the gap are not all raised at once. A device still
 * silent afterS after the stream came back is raised as usual.
 */
export class StaleEvaluator implements RuleEvaluator {
  private readonly lastAtMs = float64Column();
  private readonly onDuty = uint8Column();
  private readonly lon = float64Column();
  private readonly lat = float64Column();
  /** The newest message of the stream (any entity), and when the stream last came back after a gap. */
  private streamLastAtMs = Number.NaN;
  private streamResumedAtMs = Number.NaN;

  constructor(
    private readonly rule: StaleRule,
    readonly conditions: ConditionTable,
  ) {}

  observe(entity: number, o: StreamObservation, out: AlertSignal[]): void {
    // A late, out-of-order message says nothing about now.
    if (o.atMs < this.lastAtMs.get(entity)) return;
    if (o.atMs - this.streamLastAtMs > this.rule.afterS * 1000) this.streamResumedAtMs = o.atMs;
    if (!(o.atMs <= this.streamLastAtMs)) this.streamLastAtMs = o.atMs;
    this.lastAtMs.set(entity, o.atMs);
    this.onDuty.set(entity, passes(this.rule.when, o.message) ? 1 : 0);
    const position = this.rule.position;
    if (position) {
      this.lon.set(entity, position.lon.readNumber(o.message));
      this.lat.set(entity, position.lat.readNumber(o.message));
    }
    if (this.conditions.isActive(entity)) this.conditions.clear(entity, o.atMs, out);
  }

  tick(nowMs: number, out: AlertSignal[]): void {
    const afterMs = this.rule.afterS * 1000;
    // The whole stream is silent: a feed outage, not a device's (the wall says "no data from <fleet>").
    if (!(nowMs - this.streamLastAtMs <= afterMs)) return;
    const resumed = this.streamResumedAtMs;
    const count = this.conditions.keys.size;
    for (let i = 0; i < count; i++) {
      if (this.onDuty.get(i) === 0 || this.conditions.isActive(i)) continue;
      const seen = this.lastAtMs.get(i);
      // Silent since the stream came back, at most (see the class comment).
      const last = resumed > seen ? resumed : seen;
      if (Number.isNaN(last) || nowMs - last <= afterMs) continue;
      const silentS = Math.round((nowMs - seen) / 1000);
      this.conditions.raise(i, last + afterMs, { silentS, silentMin: Math.round(silentS / 6) / 10, lastAtMs: seen }, this.lon.get(i), this.lat.get(i), out);
    }
  }
}
