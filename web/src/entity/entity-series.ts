import type { SelectableLayer } from '../live/wall-layers';

/** One point of a sparkline: device time (epoch ms) and the value. */
export interface SeriesPoint {
  t: number;
  v: number;
}

export type SeriesMetric = 'speedKmh' | 'loadKg' | 'debrisKg' | 'batteryPct' | 'arrivalsOnGreenPct';

/** What an entity's panel charts, and over how long. */
export interface SeriesSpec {
  metric: SeriesMetric;
  windowMs: number;
  /** Downsampling asked of the api (seconds per point); null for every reading. */
  everySeconds: number | null;
  /** Fixed value range (percentages), or null to fit the data. */
  range: [number, number] | null;
}

const MINUTE = 60_000;

// Trucks and boats report every second: 30 minutes at one point per 20 s is 90
// points, as many as a 20 rem sparkline can show. A bike reports only when
// something happens, so its battery needs hours to draw a line at all.
// An ambulance reports every second like a truck: its speed shows the drive
// with lights and siren. A call has no series; its stage is its story.
export const SERIES_SPECS: Record<SelectableLayer, SeriesSpec[]> = {
  trucks: [
    { metric: 'speedKmh', windowMs: 30 * MINUTE, everySeconds: 20, range: null },
    { metric: 'loadKg', windowMs: 30 * MINUTE, everySeconds: 20, range: null },
  ],
  boats: [
    { metric: 'debrisKg', windowMs: 30 * MINUTE, everySeconds: 20, range: null },
    { metric: 'batteryPct', windowMs: 30 * MINUTE, everySeconds: 20, range: [0, 100] },
  ],
  bikes: [{ metric: 'batteryPct', windowMs: 6 * 60 * MINUTE, everySeconds: null, range: [0, 100] }],
  corridors: [{ metric: 'arrivalsOnGreenPct', windowMs: 30 * MINUTE, everySeconds: null, range: [0, 100] }],
  ambulances: [{ metric: 'speedKmh', windowMs: 30 * MINUTE, everySeconds: 20, range: null }],
  calls: [],
};

/** Layers whose entities' history the api's tracks serve (`fleet=<layer>`). */
export const TRACKED_LAYERS = ['trucks', 'bikes', 'boats', 'ambulances'] as const;
export type TrackedLayer = (typeof TRACKED_LAYERS)[number];
export const isTracked = (layer: SelectableLayer): layer is TrackedLayer => (TRACKED_LAYERS as readonly string[]).includes(layer);

/** The points of one metric in a tracks answer (`shape=grouped`) for one entity. */
export function seriesFromTracks(body: unknown, id: string, metric: SeriesMetric): SeriesPoint[] {
  const tracks = (body as { tracks?: { id: string; points: { t: string; properties?: Record<string, unknown> }[] }[] })?.tracks ?? [];
  const points: SeriesPoint[] = [];
  for (const track of tracks) {
    if (track.id !== id) continue;
    for (const point of track.points) {
      const v = point.properties?.[metric];
      const t = Date.parse(point.t);
      if (typeof v === 'number' && Number.isFinite(v) && Number.isFinite(t)) points.push({ t, v });
    }
  }
  return points;
}

/** A KPI series' metric as points, skipping buckets without readings. */
export function seriesFromKpis(body: unknown, metric: string): SeriesPoint[] {
  const buckets = (body as { buckets?: Record<string, unknown>[] })?.buckets ?? [];
  const points: SeriesPoint[] = [];
  for (const bucket of buckets) {
    const v = bucket[metric];
    const t = Date.parse(String(bucket.t));
    if (typeof v === 'number' && Number.isFinite(v) && Number.isFinite(t)) points.push({ t, v });
  }
  return points;
}

// Bounded: whatever arrives, a series holds at most this many points.
export const SERIES_MAX_POINTS = 600;

/**
 * History then live points in time order, none older than the window, none
 * repeated, at most one a `minGapMs` (live values come every second; the line
 * needs far fewer), at most SERIES_MAX_POINTS.
 */
export function mergeSeries(history: readonly SeriesPoint[], live: readonly SeriesPoint[], nowMs: number, windowMs: number, minGapMs = 0): SeriesPoint[] {
  const from = nowMs - windowMs;
  const merged: SeriesPoint[] = [];
  const all = [...history, ...live].filter((p) => p.t >= from && p.t <= nowMs + 60_000).sort((a, b) => a.t - b.t);
  for (const point of all) {
    const last = merged.at(-1);
    if (last && point.t - last.t < Math.max(1, minGapMs)) {
      // Keep the newest value of a crowded stretch: the line ends on the current reading.
      if (point.t >= last.t) merged[merged.length - 1] = point;
      continue;
    }
    merged.push(point);
  }
  return merged.slice(-SERIES_MAX_POINTS);
}
