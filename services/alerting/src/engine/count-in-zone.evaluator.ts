import { METRES_PER_DEGREE, metresPerDegreeLon } from '@urban-brain/common';
import type { CityPack } from '@urban-brain/city-pack';
import type { CountInZoneRule } from '../rules/rule-definition';
import { passes } from '../rules/message-filter';
import type { AlertSignal } from './alert-signal';
import { cellKey, type CityPlaces, type PlaceSet } from './city-places';
import { ConditionTable, type RuleContext } from './condition-table';
import { EntityIndex } from './entity-index';
import type { RuleEvaluator } from './rule-evaluator';
import { float64Column, int32Column } from './state-column';
import type { StreamObservation } from './stream-observation';

const NONE = -1;

/**
 * How many entities (bikes) whose last message passes `when` (parked outside a fence, say) stand in each
 * zone: around a place, in a fence (against its capacity), or in a pile cell. Each entity is counted in
 * one zone at most; an event moves it from its old zone to its new one, so only those two are re-judged.
 * Its alerts are about the zone (a fence, a place, a pile cell), fleet "city".
 *
 * A pile is N entities in one cell of cellM × cellM: a pile across a cell edge is counted in halves, so
 * pick cellM a little larger than the pile's radius.
 */
export class CountInZoneEvaluator implements RuleEvaluator {
  readonly conditions: ConditionTable;
  private readonly zones = new EntityIndex();
  private readonly zoneOfEntity = int32Column(NONE);
  private readonly counts = int32Column(0);
  private readonly raiseAbove = float64Column();
  private readonly clearAtOrBelow = float64Column();
  private readonly zoneLon = float64Column();
  private readonly zoneLat = float64Column();
  private readonly zoneFacts: Record<string, unknown>[] = [];
  private readonly places: PlaceSet | null = null;
  /** Fence id -> zone index (fence zones are registered up front). */
  private readonly fenceZone = new Map<string, number>();
  private readonly pileZone = new Map<number, number>();
  private readonly originLon: number;
  private readonly originLat: number;
  private readonly kx: number;

  constructor(
    private readonly rule: CountInZoneRule,
    ctx: RuleContext,
    cityPlaces: CityPlaces,
    private readonly pack: CityPack,
  ) {
    this.conditions = new ConditionTable(ctx, this.zones);
    [this.originLon, this.originLat] = pack.projection.origin;
    this.kx = metresPerDegreeLon(this.originLat);
    const zone = rule.zone;
    if (zone.kind === 'around') {
      this.places = cityPlaces.placeSet(zone);
      for (const place of this.places.places) {
        this.addZone(place.id, place.lon, place.lat, rule.above!, { placeId: place.id, place: place.name, placeZh: place.nameZh, radiusM: zone.radiusM });
      }
    } else if (zone.kind === 'fences') {
      for (const fence of pack.layers['bike-fences']) {
        const ring = fence.geometry.coordinates[0]!;
        const n = Math.max(1, ring.length - 1);
        let lon = 0;
        let lat = 0;
        for (let k = 0; k < n; k++) {
          lon += ring[k]![0];
          lat += ring[k]![1];
        }
        const capacity = fence.properties.capacity;
        const limit = rule.capacityTimes !== null ? capacity * rule.capacityTimes : rule.above!;
        const index = this.addZone(fence.id, lon / n, lat / n, limit, { capacity, zone: fence.properties.name ?? fence.id });
        this.fenceZone.set(fence.id, index);
        if (rule.clearCapacityTimes !== null) this.clearAtOrBelow.set(index, capacity * rule.clearCapacityTimes);
      }
    }
  }

  observe(entity: number, o: StreamObservation, out: AlertSignal[]): void {
    const zone = passes(this.rule.when, o.message) ? this.locate(o.message) : NONE;
    const previous = this.zoneOfEntity.get(entity);
    if (zone === previous) return;
    this.zoneOfEntity.set(entity, zone);
    if (previous !== NONE) {
      this.counts.set(previous, this.counts.get(previous) - 1);
      this.judge(previous, o.atMs, out);
    }
    if (zone !== NONE) {
      this.counts.set(zone, this.counts.get(zone) + 1);
      this.judge(zone, o.atMs, out);
    }
  }

  tick(): void {}

  /** Entities counted in a zone now (tests, the dispatch console's "37 bikes"). */
  countOf(zoneId: string): number {
    const index = this.zones.find(zoneId);
    return index === undefined ? 0 : this.counts.get(index);
  }

  private judge(zone: number, atMs: number, out: AlertSignal[]): void {
    const count = this.counts.get(zone);
    if (this.conditions.isActive(zone)) {
      if (count <= this.clearAtOrBelow.get(zone)) this.conditions.clear(zone, atMs, out);
    } else if (count > this.raiseAbove.get(zone)) {
      const limit = this.raiseAbove.get(zone);
      this.conditions.raise(zone, atMs, { ...this.zoneFacts[zone], count, limit: Math.floor(limit) }, this.zoneLon.get(zone), this.zoneLat.get(zone), out);
    }
  }

  private locate(message: Record<string, unknown>): number {
    const zone = this.rule.zone;
    if (zone.kind === 'fences' && zone.idField) return this.fenceZone.get(message[zone.idField.localName] as string) ?? NONE;
    const position = this.rule.position!;
    const lon = position.lon.readNumber(message);
    const lat = position.lat.readNumber(message);
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || (lon === 0 && lat === 0)) return NONE;
    if (zone.kind === 'around') return this.places!.nearestWithin(lon, lat);
    if (zone.kind === 'fences') {
      const fence = this.pack.fenceAt([lon, lat]);
      return fence ? (this.fenceZone.get(fence.id) ?? NONE) : NONE;
    }
    const cx = Math.floor(((lon - this.originLon) * this.kx) / zone.cellM);
    const cy = Math.floor(((lat - this.originLat) * METRES_PER_DEGREE) / zone.cellM);
    const key = cellKey(cx, cy);
    let index = this.pileZone.get(key);
    if (index === undefined) {
      const centreLon = this.originLon + ((cx + 0.5) * zone.cellM) / this.kx;
      const centreLat = this.originLat + ((cy + 0.5) * zone.cellM) / METRES_PER_DEGREE;
      index = this.addZone(`pile:${cx}:${cy}`, centreLon, centreLat, this.rule.above!, { cellM: zone.cellM });
      this.pileZone.set(key, index);
    }
    return index;
  }

  private addZone(id: string, lon: number, lat: number, limit: number, facts: Record<string, unknown>): number {
    const index = this.zones.indexOf(id);
    this.zoneLon.set(index, lon);
    this.zoneLat.set(index, lat);
    this.raiseAbove.set(index, limit);
    this.clearAtOrBelow.set(index, this.rule.clearAtOrBelow ?? limit);
    this.zoneFacts[index] = facts;
    return index;
  }
}
