import type { AlertSignal } from './alert-signal';
import type { ConditionTable } from './condition-table';
import type { StreamObservation } from './stream-observation';

/** One rule at work: reads its stream's observations (and the clock) and says through its table what became true or false. */
export interface RuleEvaluator {
  readonly conditions: ConditionTable;
  /** `entity` is the observation's entity in its stream's EntityIndex. */
  observe(entity: number, observation: StreamObservation, out: AlertSignal[]): void;
  /** Time-driven conditions (stale, dwell, deadlines); auto-resolve is the engine's. */
  tick(nowMs: number, out: AlertSignal[]): void;
}

/** lon/lat of the message, or NaN when the stream has none. */
export function positionOf(position: { lon: { readNumber(m: Record<string, unknown>): number }; lat: { readNumber(m: Record<string, unknown>): number } } | null, message: Record<string, unknown>): [number, number] {
  return position ? [position.lon.readNumber(message), position.lat.readNumber(message)] : [Number.NaN, Number.NaN];
}
