import type { Rule } from '../rules/rule-definition';
import { renderTitle } from '../rules/title-template';
import type { AlertSignal } from './alert-signal';
import type { CityPlaces } from './city-places';
import type { EntityIndex } from './entity-index';
import { float64Column, uint8Column } from './state-column';

/** What every evaluator of one rule shares: the rule, the version of the set it came in, the city's places. */
export interface RuleContext {
  readonly rule: Rule;
  ruleVersion: number;
  readonly places: CityPlaces;
}

const IDLE = 0;
const ACTIVE = 1;
const CLEARED = 2;

/**
 * The raise / clear / resolve lifecycle of one rule's conditions, one slot per entity (or zone). Evaluators
 * say what is true; this turns it into signals: a raise when the condition becomes true, a clear when it
 * becomes false, a resolve once it has stayed false for the rule's autoResolveAfterS.
 */
export class ConditionTable {
  private readonly state = uint8Column(IDLE);
  private readonly clearedAtMs = float64Column();
  private readonly lastRaise: (AlertSignal | undefined)[] = [];
  private readonly awaitingResolve = new Set<number>();

  constructor(
    readonly ctx: RuleContext,
    readonly keys: EntityIndex,
  ) {}

  isActive(i: number): boolean {
    return this.state.get(i) === ACTIVE;
  }

  raise(i: number, atMs: number, facts: Record<string, unknown>, lon: number, lat: number, out: AlertSignal[]): void {
    if (this.state.get(i) === ACTIVE) return;
    const { rule, places } = this.ctx;
    const entityId = this.keys.ids[i]!;
    const named = places.nameOf(entityId);
    // {entity}: what a dispatcher calls it (the pack's name of an intersection or fence), else its id.
    const detail: Record<string, unknown> = { entityId, entity: named?.name ?? entityId, entityZh: named?.nameZh ?? entityId, fleet: rule.fleet, rule: rule.id, ...facts };
    let located = Number.isFinite(lon) && Number.isFinite(lat) && !(lon === 0 && lat === 0);
    // Messages without a position (a signal controller's phases): the alert is where the entity is in the pack.
    const packPoint = located ? null : places.pointOf(entityId);
    if (packPoint) {
      [lon, lat] = packPoint;
      located = true;
    }
    let incidentKey: string | undefined;
    if (located) {
      const district = places.districtAt(lon, lat);
      if (district) {
        detail.district ??= district.name;
        detail.districtZh ??= district.nameZh;
        if (rule.groupBy === 'district') incidentKey = `${rule.id}:${district.id}`;
      }
      if (rule.groupBy === 'site') {
        const place = typeof detail.placeId === 'string' ? { id: detail.placeId } : places.nearestNamedPlace(lon, lat);
        if (place && 'name' in place) {
          detail.place ??= place.name;
          detail.placeZh ??= place.nameZh;
        }
        if (place) incidentKey = `${rule.id}:${place.id}`;
      }
    }
    const signal: AlertSignal = {
      kind: 'raise',
      dedupKey: `${rule.id}:${entityId}`,
      rule: rule.id,
      ruleVersion: this.ctx.ruleVersion,
      fleet: rule.fleet,
      entityId,
      severity: rule.severity,
      title: { en: renderTitle(rule.title.en, detail), zh: renderTitle(rule.title.zh, detail) },
      detail,
      atMs,
    };
    if (located) {
      signal.lon = lon;
      signal.lat = lat;
    }
    if (incidentKey !== undefined) signal.incidentKey = incidentKey;
    this.state.set(i, ACTIVE);
    this.awaitingResolve.delete(i);
    this.lastRaise[i] = signal;
    out.push(signal);
  }

  clear(i: number, atMs: number, out: AlertSignal[]): void {
    if (this.state.get(i) !== ACTIVE) return;
    const raised = this.lastRaise[i]!;
    this.state.set(i, CLEARED);
    this.clearedAtMs.set(i, atMs);
    out.push({ ...raised, kind: 'clear', atMs });
    if (this.ctx.rule.autoResolveAfterS === 0) this.resolve(i, atMs, out);
    else this.awaitingResolve.add(i);
  }

  /** Resolves the conditions that have been false for the rule's quiet time by nowMs. */
  resolveDue(nowMs: number, out: AlertSignal[]): void {
    if (this.awaitingResolve.size === 0) return;
    const quietMs = this.ctx.rule.autoResolveAfterS * 1000;
    for (const i of this.awaitingResolve) {
      const dueMs = this.clearedAtMs.get(i) + quietMs;
      if (nowMs >= dueMs) this.resolve(i, dueMs, out);
    }
  }

  /** Resolves every unresolved condition (the rule was removed or replaced by one of another kind). */
  resolveAll(atMs: number, out: AlertSignal[]): void {
    for (let i = 0; i < this.keys.size; i++) {
      if (this.state.get(i) !== IDLE) this.resolve(i, atMs, out);
    }
  }

  /** Takes over another table's unresolved conditions by entity id (an edited rule of the same kind: nothing raised twice). */
  adopt(previous: ConditionTable): void {
    for (let j = 0; j < previous.keys.size; j++) {
      const state = previous.state.get(j);
      if (state === IDLE) continue;
      const i = this.keys.indexOf(previous.keys.ids[j]!);
      this.state.set(i, state);
      this.lastRaise[i] = { ...previous.lastRaise[j]!, ruleVersion: this.ctx.ruleVersion };
      if (state === CLEARED) {
        this.clearedAtMs.set(i, previous.clearedAtMs.get(j));
        this.awaitingResolve.add(i);
      }
    }
  }

  /** Marks a condition as raised without emitting (an alert still open in the store after a restart). */
  restore(signal: AlertSignal): void {
    const i = this.keys.indexOf(signal.entityId);
    this.state.set(i, ACTIVE);
    this.lastRaise[i] = signal;
  }

  /** The last raise of every condition true now. */
  *active(): Iterable<AlertSignal> {
    for (let i = 0; i < this.lastRaise.length; i++) {
      if (this.state.get(i) === ACTIVE) yield this.lastRaise[i]!;
    }
  }

  private resolve(i: number, atMs: number, out: AlertSignal[]): void {
    const raised = this.lastRaise[i]!;
    this.state.set(i, IDLE);
    this.awaitingResolve.delete(i);
    this.lastRaise[i] = undefined;
    out.push({ ...raised, kind: 'resolve', atMs });
  }
}
