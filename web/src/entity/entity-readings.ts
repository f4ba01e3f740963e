import { BikeEventKind, CallStage, CORRIDOR_VERDICT_DEFAULTS, type AmbulanceState, type BoatTaskState, type TaskState, type TruckKind } from '@urban-brain/proto';
import { districtAt, localName, type District, type PlaceName } from '../dashboard/city-places';
import { durationText, massText, numberText, percentText } from '../dashboard/wall-format';
import { activeLocale, strings } from '../i18n/strings';
import type { LiveTables } from '../live/live-tables';
import type { SelectableLayer } from '../live/wall-layers';
import { callAwaitsAmbulance, CALL_OVERDUE_MS } from '../map/ambulance-style';
import type { SelectedEntity } from '../stores/selection.store';

export interface Reading {
  label: string;
  value: string;
  /** Worth the operator's eye (low battery, outside a fence, wave broken). */
  alert?: boolean;
}

export interface EntityView {
  /** What it is: "Compactor", "Cleanup boat", "Green-wave corridor". */
  kind: string;
  /** Its id, or the corridor's road name. */
  title: string;
  /** Where it is: district, lake or the corridor's id. */
  place: string | null;
  /** False when the live tables no longer hold it (gone, or the link is down before the first frame). */
  live: boolean;
  readings: Reading[];
}

export interface EntityPlaces {
  districts: readonly District[];
  corridorNames: ReadonlyMap<string, PlaceName>;
  /** Hospitals and ambulance stations by site id. */
  siteNames: ReadonlyMap<string, PlaceName>;
}

const LOW_BATTERY_PCT = 20;

const placeAt = (places: EntityPlaces, lon: number, lat: number): string | null => {
  const district = districtAt(places.districts, lon, lat);
  return district ? localName(district, activeLocale.value) : null;
};

const coordinates = (lon: number, lat: number): string => `${lat.toFixed(4)}° N, ${lon.toFixed(4)}° E`;

/** A site's name in the wall's language; its id when the pack has not answered yet. */
const siteName = (places: EntityPlaces, id: string): string => {
  const named = places.siteNames.get(id);
  return named ? localName(named, activeLocale.value) : id;
};

// Read from the live tables at call time: callers recompute on the layer's
// version, so this is a handful of array reads per frame for one entity.
export function entityView(tables: LiveTables, selected: SelectedEntity, nowMs: number, places: EntityPlaces): EntityView {
  const { layer, id } = selected;
  const gone = (kind: string, title = id, place: string | null = null): EntityView => ({ kind, title, place, live: false, readings: [] });
  const unit = strings.unit;
  const entity = strings.entity;

  if (layer === 'trucks') {
    const t = tables.trucks;
    const row = t.row(id);
    if (row === undefined) return gone(entity.truck);
    const fixAgeMs = nowMs - t.at('recordedAtMs', row);
    return {
      kind: strings.truckKind[t.at('kind', row) as TruckKind],
      title: id,
      place: placeAt(places, t.at('lon', row), t.at('lat', row)),
      live: true,
      readings: [
        { label: entity.task, value: strings.taskState[t.at('taskState', row) as TaskState] },
        { label: entity.speed, value: `${numberText(t.at('speedKmh', row), 0)} ${unit.kmh}` },
        { label: entity.load, value: massText(t.at('loadKg', row)) },
        { label: entity.heading, value: `${numberText(t.at('headingDeg', row), 0)}°` },
        { label: entity.lastFix, value: durationText(fixAgeMs), alert: fixAgeMs > 30_000 },
        { label: entity.position, value: coordinates(t.at('lon', row), t.at('lat', row)) },
      ],
    };
  }

  if (layer === 'boats') {
    const b = tables.boats;
    const row = b.row(id);
    if (row === undefined) return gone(entity.boat);
    const battery = b.at('batteryPct', row);
    return {
      kind: entity.boat,
      title: id,
      place: strings.place.lake,
      live: true,
      readings: [
        { label: entity.task, value: strings.boatTaskState[b.at('taskState', row) as BoatTaskState] },
        { label: entity.speed, value: `${numberText(b.at('speedKmh', row), 1)} ${unit.kmh}` },
        { label: entity.debris, value: massText(b.at('debrisKg', row)) },
        { label: entity.battery, value: percentText(battery), alert: battery < LOW_BATTERY_PCT },
        { label: entity.position, value: coordinates(b.at('lon', row), b.at('lat', row)) },
      ],
    };
  }

  if (layer === 'ambulances') {
    const a = tables.ambulances;
    const row = a.row(id);
    if (row === undefined) return gone(entity.ambulance);
    const callId = a.textAt('callIds', row);
    const stationId = a.textAt('stationIds', row);
    const fixAgeMs = nowMs - a.at('recordedAtMs', row);
    return {
      kind: entity.ambulance,
      title: id,
      place: placeAt(places, a.at('lon', row), a.at('lat', row)),
      live: true,
      readings: [
        { label: entity.state, value: strings.ambulanceState[a.at('state', row) as AmbulanceState] ?? strings.ambulanceState[0] },
        { label: entity.speed, value: `${numberText(a.at('speedKmh', row), 0)} ${unit.kmh}` },
        { label: entity.onCall, value: callId || strings.never },
        { label: entity.station, value: stationId ? siteName(places, stationId) : strings.never },
        { label: entity.lastFix, value: durationText(fixAgeMs), alert: fixAgeMs > 30_000 },
        { label: entity.position, value: coordinates(a.at('lon', row), a.at('lat', row)) },
      ],
    };
  }

  if (layer === 'calls') {
    const c = tables.calls;
    const row = c.row(id);
    // A closed call leaves the table: the panel keeps its id, greyed.
    if (row === undefined) return gone(entity.call);
    const stage = c.at('stage', row) as CallStage;
    const priority = c.at('priority', row);
    const sinceMs = nowMs - c.at('receivedAtMs', row);
    const ambulanceId = c.textAt('ambulanceIds', row);
    const hospitalId = c.textAt('hospitalIds', row);
    const district = places.districts.find((d) => d.id === c.textAt('districtIds', row));
    return {
      kind: entity.call,
      title: id,
      place: district ? localName(district, activeLocale.value) : placeAt(places, c.at('lon', row), c.at('lat', row)),
      live: true,
      readings: [
        { label: entity.stage, value: strings.callStage[stage] ?? strings.callStage[0], alert: stage === CallStage.RECEIVED },
        { label: entity.priority, value: strings.callPriority[priority] ?? numberText(priority), alert: priority === 1 },
        // The response time runs until an ambulance is on scene; overdue is when the map turns the call red.
        { label: entity.sinceCall, value: durationText(sinceMs), alert: callAwaitsAmbulance(stage) && sinceMs >= CALL_OVERDUE_MS },
        { label: entity.assignedAmbulance, value: ambulanceId || entity.noneYet },
        { label: entity.hospital, value: hospitalId ? siteName(places, hospitalId) : entity.noneYet },
        { label: entity.position, value: coordinates(c.at('lon', row), c.at('lat', row)) },
      ],
    };
  }

  if (layer === 'bikes') {
    const k = tables.bikes;
    const row = k.row(id);
    if (row === undefined) return gone(entity.bike);
    const ebike = k.at('isEbike', row) !== 0;
    const lastEvent = k.at('lastEvent', row) as BikeEventKind;
    const riding = lastEvent === BikeEventKind.TRIP_START;
    const inFence = k.at('inFence', row) !== 0;
    const readings: Reading[] = [
      { label: entity.parking, value: riding ? entity.riding : inFence ? entity.inFence : entity.outsideFence, alert: !riding && !inFence },
      { label: entity.lastEvent, value: strings.bikeEvent[lastEvent] },
    ];
    if (ebike) readings.push({ label: entity.battery, value: percentText(k.at('batteryPct', row)), alert: k.at('batteryPct', row) < LOW_BATTERY_PCT });
    readings.push({ label: entity.position, value: coordinates(k.at('lon', row), k.at('lat', row)) });
    return { kind: ebike ? entity.ebike : entity.bike, title: id, place: placeAt(places, k.at('lon', row), k.at('lat', row)), live: true, readings };
  }

  const c = tables.corridors;
  const named = places.corridorNames.get(id);
  const title = named ? localName(named, activeLocale.value) : id;
  const row = c.row(id);
  if (row === undefined) return gone(entity.corridor, title, named ? id : null);
  const observed = c.at('observedAtMs', row) > 0;
  const pct = c.at('arrivalsOnGreenPct', row);
  const ratio = c.at('travelTimeRatio', row);
  const dark = c.at('darkIntersections', row);
  const readings: Reading[] = observed
    ? [
        { label: entity.arrivalsOnGreen, value: percentText(pct), alert: pct < CORRIDOR_VERDICT_DEFAULTS.brokenBelowPct },
        // No vehicle crossed the corridor in the window: no travel time to compare.
        { label: entity.travelTimeRatio, value: ratio > 0 ? `×${numberText(ratio, 2)}` : strings.never, alert: ratio > (CORRIDOR_VERDICT_DEFAULTS.brokenTravelRatio ?? Infinity) },
        { label: entity.stops, value: numberText(c.at('stops', row), 1) },
        { label: entity.observed, value: durationText(nowMs - c.at('observedAtMs', row)) },
      ]
    : [];
  readings.push({ label: entity.darkIntersections, value: `${numberText(dark)} / ${numberText(c.at('intersections', row))}`, alert: dark > 0 });
  return { kind: entity.corridor, title, place: named ? id : null, live: true, readings };
}

/** The live value of a sparkline's metric for the selected entity, or null when it is not held. */
export function liveValue(tables: LiveTables, layer: SelectableLayer, id: string, metric: string): { t: number | null; v: number } | null {
  if (layer === 'trucks') {
    const row = tables.trucks.row(id);
    if (row === undefined) return null;
    return { t: tables.trucks.at('recordedAtMs', row), v: tables.trucks.at(metric === 'loadKg' ? 'loadKg' : 'speedKmh', row) };
  }
  if (layer === 'corridors') {
    const row = tables.corridors.row(id);
    if (row === undefined || tables.corridors.at('observedAtMs', row) <= 0) return null;
    return { t: tables.corridors.at('observedAtMs', row), v: tables.corridors.at('arrivalsOnGreenPct', row) };
  }
  if (layer === 'ambulances') {
    const row = tables.ambulances.row(id);
    if (row === undefined) return null;
    return { t: tables.ambulances.at('recordedAtMs', row), v: tables.ambulances.at('speedKmh', row) };
  }
  if (layer !== 'boats' && layer !== 'bikes') return null;
  // Boats and bikes carry no device time in the live columns: the caller stamps them on arrival.
  const table = layer === 'boats' ? tables.boats : tables.bikes;
  const row = table.row(id);
  if (row === undefined) return null;
  return { t: null, v: (table.columns as Record<string, Float64Array>)[metric]?.[row] ?? 0 };
}
