import type { LonLat } from '@urban-brain/common';
import type { CityPack } from '@urban-brain/city-pack';
import type { GeofenceRule, PolygonLayer } from '../rules/rule-definition';
import { passes } from '../rules/message-filter';
import type { AlertSignal } from './alert-signal';
import type { ConditionTable } from './condition-table';
import type { RuleEvaluator } from './rule-evaluator';
import { float64Column, int32Column } from './state-column';
import type { StreamObservation } from './stream-observation';

type Zone = { id: string; properties: { name?: string; nameZh?: string } };

// Each polygon layer through the pack's own PolygonIndex (grid + point-in-polygon); one line per layer.
const LOCATORS: Record<PolygonLayer, (pack: CityPack, p: LonLat) => Zone | null> = {
  'bike-fences': (pack, p) => pack.fenceAt(p),
  water: (pack, p) => pack.lakeAt(p),
  'cleanup-zones': (pack, p) => pack.cleanupZoneAt(p),
  districts: (pack, p) => pack.districtAt(p),
  'restricted-zones': (pack, p) => pack.restrictedZoneAt(p),
};

const OUTSIDE = -1;

/**
 * Enter: true while inside a zone of the layer (raised on the way in). Exit: true while outside every zone
 * (a boat off the lake). Dwell: true once inside the same zone for dwellS. `zones` narrows the layer.
 * Messages failing `when` make it false (a boat at its dock is not "outside the lake").
 */
export class GeofenceEvaluator implements RuleEvaluator {
  private readonly zoneOf = int32Column(OUTSIDE);
  private readonly enteredAtMs = float64Column();
  private readonly lon = float64Column();
  private readonly lat = float64Column();
  private readonly zoneIndex = new Map<string, number>();
  private readonly zones: Zone[] = [];
  /** Inside a zone, not yet raised: the dwell clock runs for these. */
  private readonly dwelling = new Set<number>();

  constructor(
    private readonly rule: GeofenceRule,
    readonly conditions: ConditionTable,
    private readonly pack: CityPack,
  ) {}

  observe(entity: number, o: StreamObservation, out: AlertSignal[]): void {
    const rule = this.rule;
    const lon = rule.position!.lon.readNumber(o.message);
    const lat = rule.position!.lat.readNumber(o.message);
    this.lon.set(entity, lon);
    this.lat.set(entity, lat);
    const watched = passes(rule.when, o.message);
    const zone = watched ? this.locate(lon, lat) : OUTSIDE;
    const previous = this.zoneOf.get(entity);
    if (zone !== previous) {
      this.zoneOf.set(entity, zone);
      this.enteredAtMs.set(entity, o.atMs);
    }
    if (rule.on === 'dwell') {
      this.observeDwell(entity, zone, previous, o.atMs, out);
      return;
    }
    const holds = rule.on === 'exit' ? watched && zone === OUTSIDE : zone !== OUTSIDE;
    if (holds) this.raise(entity, zone, o.atMs, out);
    else if (this.conditions.isActive(entity)) this.conditions.clear(entity, o.atMs, out);
  }

  private observeDwell(entity: number, zone: number, previous: number, atMs: number, out: AlertSignal[]): void {
    if (zone !== previous) {
      // Left, or moved to another zone: the dwell starts over.
      this.dwelling.delete(entity);
      if (this.conditions.isActive(entity)) this.conditions.clear(entity, atMs, out);
      if (zone !== OUTSIDE) this.dwelling.add(entity);
      return;
    }
    if (zone === OUTSIDE || this.conditions.isActive(entity)) return;
    const dueMs = this.enteredAtMs.get(entity) + this.rule.dwellS * 1000;
    if (atMs >= dueMs) this.raise(entity, zone, dueMs, out);
    else this.dwelling.add(entity);
  }

  tick(nowMs: number, out: AlertSignal[]): void {
    if (this.rule.on !== 'dwell' || this.dwelling.size === 0) return;
    const dwellMs = this.rule.dwellS * 1000;
    for (const entity of this.dwelling) {
      const enteredAt = this.enteredAtMs.get(entity);
      if (nowMs - enteredAt >= dwellMs) this.raise(entity, this.zoneOf.get(entity), enteredAt + dwellMs, out);
    }
  }

  private raise(entity: number, zone: number, atMs: number, out: AlertSignal[]): void {
    this.dwelling.delete(entity);
    if (this.conditions.isActive(entity)) return;
    const feature = zone === OUTSIDE ? null : this.zones[zone]!;
    const facts: Record<string, unknown> = { layer: this.rule.layer };
    if (feature) {
      facts.zoneId = feature.id;
      facts.zone = feature.properties.name ?? feature.id;
      facts.zoneZh = feature.properties.nameZh ?? facts.zone;
    }
    if (this.rule.on === 'dwell') facts.dwellMin = Math.round(this.rule.dwellS / 6) / 10;
    this.conditions.raise(entity, atMs, facts, this.lon.get(entity), this.lat.get(entity), out);
  }

  /** The zone p is in (narrowed to the rule's zones), as an index into this.zones, or OUTSIDE. */
  private locate(lon: number, lat: number): number {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return OUTSIDE;
    const feature = LOCATORS[this.rule.layer](this.pack, [lon, lat]);
    if (!feature || (this.rule.zones && !this.rule.zones.includes(feature.id))) return OUTSIDE;
    let index = this.zoneIndex.get(feature.id);
    if (index === undefined) {
      index = this.zones.length;
      this.zones.push(feature);
      this.zoneIndex.set(feature.id, index);
    }
    return index;
  }
}
