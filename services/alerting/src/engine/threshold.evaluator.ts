import type { ThresholdRule } from '../rules/rule-definition';
import { passes } from '../rules/message-filter';
import type { AlertSignal } from './alert-signal';
import type { ConditionTable } from './condition-table';
import type { RuleEvaluator } from './rule-evaluator';
import { float64Column } from './state-column';
import type { StreamObservation } from './stream-observation';

/**
 * A field beyond a threshold, with hysteresis: raises strictly beyond `threshold`, clears at or back past
 * `clearAt`, so a battery hovering at 20 % does not flap. With forS the condition must hold that long (by
 * the messages' device time) before it raises.
 */
export class ThresholdEvaluator implements RuleEvaluator {
  private readonly pendingSinceMs = float64Column();

  constructor(
    private readonly rule: ThresholdRule,
    readonly conditions: ConditionTable,
  ) {}

  observe(entity: number, o: StreamObservation, out: AlertSignal[]): void {
    const rule = this.rule;
    const message = o.message;
    const active = this.conditions.isActive(entity);
    let holds = false;
    let value = Number.NaN;
    if (passes(rule.when, message)) {
      value = rule.field.readNumber(message);
      if (rule.direction === 'above') holds = active ? value > rule.clearAt : value > rule.threshold;
      else holds = active ? value < rule.clearAt : value < rule.threshold;
    }
    if (!holds) {
      this.pendingSinceMs.set(entity, Number.NaN);
      if (active) this.conditions.clear(entity, o.atMs, out);
      return;
    }
    if (active) return;
    if (rule.forS > 0) {
      let since = this.pendingSinceMs.get(entity);
      if (Number.isNaN(since)) {
        since = o.atMs;
        this.pendingSinceMs.set(entity, since);
      }
      if (o.atMs - since < rule.forS * 1000) return;
    }
    const lon = rule.position ? rule.position.lon.readNumber(message) : Number.NaN;
    const lat = rule.position ? rule.position.lat.readNumber(message) : Number.NaN;
    this.conditions.raise(entity, o.atMs, { value, threshold: rule.threshold, field: rule.field.name }, lon, lat, out);
  }

  tick(): void {}
}
