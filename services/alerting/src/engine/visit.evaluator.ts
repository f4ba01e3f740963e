import { passes } from '../rules/message-filter';
import type { VisitRule } from '../rules/rule-definition';
import type { AlertSignal } from './alert-signal';
import type { CityPlaces, PlaceSet } from './city-places';
import { ConditionTable, type RuleContext } from './condition-table';
import { EntityIndex } from './entity-index';
import type { RuleEvaluator } from './rule-evaluator';
import { positionOf } from './rule-evaluator';
import { float64Column } from './state-column';
import type { StreamObservation } from './stream-observation';

// A feed silent this long is down (the wall says "no data from <fleet>"): its places are not "unvisited" then.
const FEED_DOWN_AFTER_MS = 60_000;

/**
 * A place not visited in time: a collection point no compactor has emptied for withinS. A visit is a message
 * that passes `when` (a compactor collecting) within radiusM of the place. The alerts are about the places
 * (entity = place id); the clock of each runs from its last visit, or from when the rule first heard the
 * stream, so a restart or a new rule does not find every place overdue at once. While the whole stream is
 * silent nothing is raised (a feed outage is not a missed round); a visit clears the place's alert.
 */
export class VisitEvaluator implements RuleEvaluator {
  readonly conditions: ConditionTable;
  private readonly placeIndex = new EntityIndex();
  private readonly placeSet: PlaceSet;
  private readonly lastVisitMs = float64Column();
  private firstHeardMs = Number.NaN;
  private streamLastMs = Number.NaN;

  constructor(
    private readonly rule: VisitRule,
    ctx: RuleContext,
    places: CityPlaces,
  ) {
    this.placeSet = places.placeSet(rule.places);
    for (const place of this.placeSet.places) this.placeIndex.indexOf(place.id);
    this.conditions = new ConditionTable(ctx, this.placeIndex);
  }

  observe(_entity: number, o: StreamObservation, out: AlertSignal[]): void {
    if (Number.isNaN(this.firstHeardMs)) this.firstHeardMs = o.atMs;
    if (!(o.atMs <= this.streamLastMs)) this.streamLastMs = o.atMs;
    if (!passes(this.rule.when, o.message)) return;
    const [lon, lat] = positionOf(this.rule.position, o.message);
    const place = this.placeSet.nearestWithin(lon, lat);
    if (place < 0) return;
    if (!(o.atMs <= this.lastVisitMs.get(place))) this.lastVisitMs.set(place, o.atMs);
    if (this.conditions.isActive(place)) this.conditions.clear(place, o.atMs, out);
  }

  tick(nowMs: number, out: AlertSignal[]): void {
    if (Number.isNaN(this.firstHeardMs) || nowMs - this.streamLastMs > FEED_DOWN_AFTER_MS) return;
    const withinMs = this.rule.withinS * 1000;
    const places = this.placeSet.places;
    for (let i = 0; i < places.length; i++) {
      if (this.conditions.isActive(i)) continue;
      const lastVisit = this.lastVisitMs.get(i);
      const since = Number.isNaN(lastVisit) ? this.firstHeardMs : lastVisit;
      if (nowMs - since <= withinMs) continue;
      const place = places[i]!;
      const facts = {
        placeId: place.id,
        place: place.name,
        placeZh: place.nameZh,
        lastVisitAtMs: Number.isNaN(lastVisit) ? null : lastVisit,
        sinceMin: Math.round((nowMs - since) / 6_000) / 10,
        withinMin: Math.round(this.rule.withinS / 6) / 10,
      };
      this.conditions.raise(i, since + withinMs, facts, place.lon, place.lat, out);
    }
  }
}
