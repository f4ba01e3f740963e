import { BoatTaskState, type LiveLayer } from '@urban-brain/proto';
import { bikeKpisInView } from '../dashboard/fleet-kpis';
import { districtAt, type District, type PlaceName } from '../dashboard/city-places';
import type { FeedVerdict } from '../live/feed-status';
import type { LiveTables } from '../live/live-tables';
import type { NoticeCondition } from './notice';

// Thresholds for the watch list. A wave is broken under 50 % arrivals on green
// (the map's red) or when trips take 30 % longer than designed; a boat under
// 20 % battery must head for the charger; more than a tenth of the fleet parked
// outside fences is the shared-bike supervision's concern; a truck silent for a
// minute on a live link has lost its GPS or its modem.
export const WAVE_BROKEN_BELOW_PCT = 50;
export const WAVE_BROKEN_TRAVEL_RATIO = 1.3;
export const BOAT_BATTERY_LOW_PCT = 20;
export const BOAT_BATTERY_CRITICAL_PCT = 10;
export const BIKES_OUTSIDE_SHARE_PCT = 10;
export const TRUCK_STALE_AFTER_MS = 60_000;

export interface WatchPlaces {
  districts: readonly District[];
  corridorNames: ReadonlyMap<string, PlaceName>;
}

/** Whether a silent vehicle of this fleet is news of its own now (false while the pipeline is the one silent). */
export type VehicleSilenceIsNews = (layer: LiveLayer) => boolean;

/**
 * The watch conditions the live tables show now. A stand-in for the alerting
 * service (a later issue): when it exists, its alerts replace this derivation
 * in the same feed (NoticeFeed.push).
 */
export function deriveWatchNotices(tables: LiveTables, nowMs: number, places: WatchPlaces, linkLive: boolean, silenceIsNews: VehicleSilenceIsNews = () => true): NoticeCondition[] {
  const found: NoticeCondition[] = [];

  const corridors = tables.corridors;
  for (let row = 0; row < corridors.size; row++) {
    const id = corridors.ids[row]!;
    const name = places.corridorNames.get(id);
    const place = name ? { name } : null;
    const dark = corridors.at('darkIntersections', row);
    if (dark > 0) {
      found.push({ key: `dark:${id}`, fleet: 'corridors', severity: 'critical', place, entityId: id, message: { kind: 'darkIntersections', dark, total: corridors.at('intersections', row) } });
      // With a dark signal the wave's figures cannot be trusted (the map greys it too).
      continue;
    }
    if (corridors.at('observedAtMs', row) <= 0) continue;
    const pct = corridors.at('arrivalsOnGreenPct', row);
    const ratio = corridors.at('travelTimeRatio', row);
    // No vehicle crossed in the window (no travel time): nothing to judge the wave by.
    if (ratio <= 0) continue;
    if (pct < WAVE_BROKEN_BELOW_PCT || ratio > WAVE_BROKEN_TRAVEL_RATIO) {
      found.push({ key: `wave-broken:${id}`, fleet: 'corridors', severity: 'warning', place, entityId: id, message: { kind: 'waveBroken', arrivalsOnGreenPct: pct, travelTimeRatio: ratio } });
    }
  }

  const boats = tables.boats;
  for (let row = 0; row < boats.size; row++) {
    const battery = boats.at('batteryPct', row);
    // A boat on its charger is already being looked after.
    if (battery >= BOAT_BATTERY_LOW_PCT || boats.at('taskState', row) === BoatTaskState.CHARGING) continue;
    const id = boats.ids[row]!;
    found.push({
      key: `boat-battery:${id}`,
      fleet: 'boats',
      severity: battery < BOAT_BATTERY_CRITICAL_PCT ? 'critical' : 'warning',
      place: { known: 'lake' },
      entityId: id,
      message: { kind: 'boatBattery', batteryPct: battery },
    });
  }

  // Bikes of the wall's map area (points or gateway cells): the whole city while it is in view.
  const bikes = bikeKpisInView(tables);
  const outside = bikes.outsideFence;
  const sharePct = bikes.onMap > 0 ? (outside / bikes.onMap) * 100 : 0;
  if (sharePct > BIKES_OUTSIDE_SHARE_PCT) {
    found.push({ key: 'bikes-outside', fleet: 'bikes', severity: 'warning', place: { known: 'city' }, entityId: null, message: { kind: 'bikesOutside', count: outside, sharePct } });
  }

  // Without a live link, or while the trucks' feed is stalled, every truck looks silent: that is the
  // link indicator's and the outage notice's news, not each truck's.
  if (linkLive && silenceIsNews('trucks')) {
    const trucks = tables.trucks;
    for (let row = 0; row < trucks.size; row++) {
      const ageMs = nowMs - trucks.at('recordedAtMs', row);
      if (ageMs <= TRUCK_STALE_AFTER_MS) continue;
      const id = trucks.ids[row]!;
      const district = districtAt(places.districts, trucks.at('lon', row), trucks.at('lat', row));
      found.push({ key: `stale-gps:${id}`, fleet: 'trucks', severity: 'warning', place: district ? { name: district } : null, entityId: id, message: { kind: 'staleGps', ageMs } });
    }
  }
  return found;
}

/**
 * One notice for the whole pipeline while fleets' data is delayed or down (in
 * place of a "no GPS fix" per vehicle), naming the fleets and the shortest
 * silence among them; null while everything flows.
 */
export function deriveFeedOutageNotice(verdict: FeedVerdict): NoticeCondition | null {
  const worst = verdict.affected[0];
  if (!worst) return null;
  const down = worst.state === 'down';
  // The fleets at the worst state: a red notice names those with no data, not the merely late.
  const named = verdict.affected.filter((fleet) => fleet.state === worst.state);
  const silences = named.map((fleet) => fleet.silentMs).filter((ms): ms is number => ms !== null);
  return {
    key: 'feed-outage',
    fleet: worst.layer,
    severity: down ? 'critical' : 'warning',
    place: { known: 'city' },
    entityId: null,
    message: { kind: 'feedOutage', layers: named.map((fleet) => fleet.layer), silentMs: silences.length > 0 ? Math.min(...silences) : 0, down },
  };
}
