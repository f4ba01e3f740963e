import type { SequenceRule } from '../rules/rule-definition';
import { passes } from '../rules/message-filter';
import type { AlertSignal } from './alert-signal';
import type { CityPlaces, PlaceSet } from './city-places';
import type { ConditionTable } from './condition-table';
import type { RuleEvaluator } from './rule-evaluator';
import { float64Column } from './state-column';
import type { StreamObservation } from './stream-observation';

/**
 * A deadline: once `start` holds (a compactor full; a call received) the clock runs until `done` (at the
 * transfer station; an ambulance on scene). Past withinS it raises, from a message or from the engine's
 * tick, whichever sees it first, at the deadline's time. Done clears it; so does `start` no longer holding.
 */
export class SequenceEvaluator implements RuleEvaluator {
  private readonly startedAtMs = float64Column();
  private readonly lon = float64Column();
  private readonly lat = float64Column();
  private readonly running = new Set<number>();
  private readonly donePlaces: PlaceSet | null;

  constructor(
    private readonly rule: SequenceRule,
    readonly conditions: ConditionTable,
    places: CityPlaces,
  ) {
    this.donePlaces = rule.done.nearPlace ? places.placeSet(rule.done.nearPlace) : null;
  }

  observe(entity: number, o: StreamObservation, out: AlertSignal[]): void {
    const rule = this.rule;
    const message = o.message;
    let lon = Number.NaN;
    let lat = Number.NaN;
    if (rule.position) {
      lon = rule.position.lon.readNumber(message);
      lat = rule.position.lat.readNumber(message);
      this.lon.set(entity, lon);
      this.lat.set(entity, lat);
    }
    const done = (rule.done.when !== null && passes(rule.done.when, message)) || (this.donePlaces !== null && this.donePlaces.nearestWithin(lon, lat) >= 0);
    if (done || !passes(rule.when, message) || !passes(rule.start, message)) {
      this.stop(entity, o.atMs, out);
      return;
    }
    let startedAt = this.startedAtMs.get(entity);
    if (Number.isNaN(startedAt)) {
      startedAt = rule.startAtField ? rule.startAtField.readNumber(message) : o.atMs;
      if (!Number.isFinite(startedAt) || startedAt <= 0) startedAt = o.atMs;
      this.startedAtMs.set(entity, startedAt);
      this.running.add(entity);
    }
    const dueMs = startedAt + rule.withinS * 1000;
    if (o.atMs > dueMs) this.raise(entity, dueMs, o.atMs, out);
  }

  tick(nowMs: number, out: AlertSignal[]): void {
    if (this.running.size === 0) return;
    const withinMs = this.rule.withinS * 1000;
    for (const entity of this.running) {
      const dueMs = this.startedAtMs.get(entity) + withinMs;
      if (nowMs > dueMs) this.raise(entity, dueMs, nowMs, out);
    }
  }

  private raise(entity: number, dueMs: number, nowMs: number, out: AlertSignal[]): void {
    this.running.delete(entity);
    const startedAt = this.startedAtMs.get(entity);
    const facts = {
      startedAtMs: startedAt,
      elapsedMin: Math.round((nowMs - startedAt) / 6_000) / 10,
      withinMin: Math.round(this.rule.withinS / 6) / 10,
    };
    this.conditions.raise(entity, dueMs, facts, this.lon.get(entity), this.lat.get(entity), out);
  }

  private stop(entity: number, atMs: number, out: AlertSignal[]): void {
    this.running.delete(entity);
    this.startedAtMs.set(entity, Number.NaN);
    if (this.conditions.isActive(entity)) this.conditions.clear(entity, atMs, out);
  }
}
