import type { CityPack } from '@urban-brain/city-pack';
import { corridorTravelTimeRatio, corridorWindowVerdict, type CorridorVerdictThresholds } from '@urban-brain/proto';
import type { CorridorProgressionRule } from '../rules/rule-definition';
import { passes } from '../rules/message-filter';
import type { AlertSignal } from './alert-signal';
import type { ConditionTable } from './condition-table';
import type { RuleEvaluator } from './rule-evaluator';
import { StateColumn } from './state-column';
import type { StreamObservation } from './stream-observation';

// Directions (CorridorDirection: 0 unspecified, 1 outbound, 2 inbound) each keep their own streak.
const DIRECTIONS = 3;
const DIRECTION_NAMES = ['unspecified', 'outbound', 'inbound'];

/**
 * A green wave broken for `windows` consecutive windows in one direction (the verdict of
 * @urban-brain/proto's corridor-verdict.ts, the map's colour too). A window with no vehicle gives no verdict: it neither extends nor
 * breaks a streak. The corridor's alert clears when no direction is at the streak any more.
 */
export class CorridorProgressionEvaluator implements RuleEvaluator {
  private readonly streaks = new StateColumn((n) => new Uint16Array(n), 0);
  private readonly thresholds: CorridorVerdictThresholds;

  constructor(
    private readonly rule: CorridorProgressionRule,
    readonly conditions: ConditionTable,
    private readonly pack: CityPack,
  ) {
    this.thresholds = { brokenBelowPct: rule.brokenBelowPct, brokenTravelRatio: rule.brokenTravelRatio };
  }

  observe(entity: number, o: StreamObservation, out: AlertSignal[]): void {
    if (!passes(this.rule.when, o.message)) return;
    const observed = o.message as unknown as { vehicles: number; arrivalsOnGreenPct: number; travelTimeS: number; designTravelTimeS: number; direction: number };
    const window = { vehicles: observed.vehicles, arrivalsOnGreenPct: observed.arrivalsOnGreenPct, travelTimeRatio: corridorTravelTimeRatio(observed.travelTimeS, observed.designTravelTimeS) };
    const verdict = corridorWindowVerdict(window, this.thresholds);
    if (verdict === 'no-verdict') return;
    const direction = observed.direction >= 0 && observed.direction < DIRECTIONS ? observed.direction : 0;
    const slot = entity * DIRECTIONS + direction;
    const streak = verdict === 'broken' ? Math.min(this.streaks.get(slot) + 1, 65_535) : 0;
    this.streaks.set(slot, streak);
    let worst = 0;
    for (let d = 0; d < DIRECTIONS; d++) worst = Math.max(worst, this.streaks.get(entity * DIRECTIONS + d));
    const broken = worst >= this.rule.windows;
    if (broken && !this.conditions.isActive(entity)) {
      const corridor = this.pack.corridor(o.entityId);
      const name = corridor?.feature.properties.name ?? o.entityId;
      const middle = corridor ? corridor.line.positionAt(corridor.line.lengthM / 2).position : [Number.NaN, Number.NaN];
      const facts = {
        corridor: name,
        corridorZh: corridor?.feature.properties.nameZh ?? name,
        arrivalsOnGreenPct: Math.round(window.arrivalsOnGreenPct * 10) / 10,
        travelTimeRatio: Math.round(window.travelTimeRatio * 100) / 100,
        threshold: this.rule.brokenBelowPct,
        windows: this.rule.windows,
        direction: DIRECTION_NAMES[direction],
      };
      this.conditions.raise(entity, o.atMs, facts, middle[0]!, middle[1]!, out);
    } else if (!broken && this.conditions.isActive(entity)) this.conditions.clear(entity, o.atMs, out);
  }

  tick(): void {}
}
