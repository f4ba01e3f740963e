import { BoatTaskState } from '@urban-brain/proto';
import { bikeKpisInView } from '../dashboard/fleet-kpis';
import { districtAt, type District, type PlaceName } from '../dashboard/city-places';
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

/**
 * The watch conditions the live tables show now. A stand-in for the alerting
 * service (a later issue): when it exists, its alerts replace this derivation
 * in the same feed (NoticeFeed.push).
 */
export function deriveWatchNotices(tables: LiveTables, nowMs: number, places: WatchPlaces, linkLive: boolean): NoticeCondition[] {
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

  // Without a live link every truck looks silent: that is the link indicator's news, not each truck's.
  if (linkLive) {
    const trucks = tables.trucks;
    for (let row = 0; row < trucks.size; row++) {
      const ageMs = nowMs - trucks.recordedAtMs[row]!;
      if (ageMs <= TRUCK_STALE_AFTER_MS) continue;
      const id = trucks.ids[row]!;
      const district = districtAt(places.districts, trucks.lon[row]!, trucks.lat[row]!);
      found.push({ key: `stale-gps:${id}`, fleet: 'trucks', severity: 'warning', place: district ? { name: district } : null, entityId: id, message: { kind: 'staleGps', ageMs } });
    }
  }
  return found;
}
