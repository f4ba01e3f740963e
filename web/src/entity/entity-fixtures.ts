import { shallowRef, type ShallowRef } from 'vue';
import { LIVE_LAYERS, type LiveLayer } from '@urban-brain/proto';
import { createLiveTables } from '../live/live-tables';
import type { LiveFrames } from '../live/use-live-frames';

/** Just the parts of LiveFrames that panels and notices read: tables and per-layer versions. For specs. */
export function fakeLiveFrames(): LiveFrames & { bump(layer: LiveLayer): void } {
  const tables = createLiveTables();
  const layerVersions = Object.fromEntries(LIVE_LAYERS.map((layer) => [layer, shallowRef(0)])) as Record<LiveLayer, ShallowRef<number>>;
  return {
    tables,
    version: shallowRef(0),
    layerVersions,
    eventToBrowserMs: undefined as never,
    gatewayToBrowserMs: undefined as never,
    bikeView: shallowRef<'points' | 'cells'>('points'),
    totals: shallowRef({}),
    feedHealth: shallowRef(null),
    setArea: () => undefined,
    stop: () => undefined,
    bump: (layer) => layerVersions[layer].value++,
  };
}

/** One corridor row's columns, defaults for the rest. */
export function corridorRow(values: Partial<Record<'arrivalsOnGreenPct' | 'travelTimeRatio' | 'stops' | 'vehicles' | 'observedAtMs' | 'darkIntersections' | 'intersections', number>>) {
  return {
    arrivalsOnGreenPct: [values.arrivalsOnGreenPct ?? 80],
    travelTimeRatio: [values.travelTimeRatio ?? 1],
    stops: [values.stops ?? 0.5],
    vehicles: [values.vehicles ?? 12],
    observedAtMs: [values.observedAtMs ?? 0],
    signalGroupsDark: [0],
    darkIntersections: [values.darkIntersections ?? 0],
    intersections: [values.intersections ?? 8],
  };
}

/** One boat row's columns, defaults for the rest. */
export function boatRow(values: Partial<Record<'lon' | 'lat' | 'speedKmh' | 'headingDeg' | 'debrisKg' | 'batteryPct' | 'taskState', number>>) {
  return {
    lon: [values.lon ?? 105.05],
    lat: [values.lat ?? 29.58],
    speedKmh: [values.speedKmh ?? 4],
    headingDeg: [values.headingDeg ?? 90],
    debrisKg: [values.debrisKg ?? 12],
    batteryPct: [values.batteryPct ?? 80],
    taskState: [values.taskState ?? 1],
  };
}
