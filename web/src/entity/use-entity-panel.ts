import { computed, getCurrentScope, type InjectionKey, onScopeDispose, shallowRef, watch, type ComputedRef, type ShallowRef } from 'vue';
import type { CityPlaces } from '../dashboard/use-city-places';
import { kpisUrl } from '../dashboard/use-tonnage-today';
import type { LiveFrames } from '../live/use-live-frames';
import { liveLayerOf } from '../live/wall-layers';
import type { SelectedEntity } from '../stores/selection.store';
import { entityView, liveValue, type EntityView } from './entity-readings';
import { isTracked, mergeSeries, SERIES_MAX_POINTS, SERIES_SPECS, seriesFromKpis, seriesFromTracks, type SeriesPoint, type SeriesSpec, type TrackedLayer } from './entity-series';
import { apiFetch } from '../auth/api-fetch';

export const TRACKS_URL = '/api/history/tracks';
/** The clock the entity panel reads ages and windows from: the wall's Date.now, or a replay's instant. */
export const ENTITY_CLOCK: InjectionKey<() => number> = Symbol('entity-clock');

export interface PanelSeries {
  spec: SeriesSpec;
  /** History from the api, then the live values as they came, merged and thinned. */
  points: SeriesPoint[];
  /** A reference line (corridors: the mean of every corridor), or empty. */
  reference: SeriesPoint[];
  status: 'loading' | 'ready' | 'unavailable';
  /** Window start and end (epoch ms) the points are drawn over. */
  fromMs: number;
  toMs: number;
}

export interface EntityPanel {
  view: ComputedRef<EntityView | null>;
  series: ShallowRef<PanelSeries[]>;
}

// The sparklines redraw at most this often: a line of 90 points over 30 min
// cannot show a change faster, and each redraw rebuilds its SVG path.
export const SERIES_REDRAW_MS = 2_000;

export function tracksUrl(layer: TrackedLayer, id: string, spec: SeriesSpec, nowMs: number): string {
  const query = new URLSearchParams({
    fleet: layer,
    ids: id,
    from: new Date(nowMs - spec.windowMs).toISOString(),
    to: new Date(nowMs + 1000).toISOString(),
    shape: 'grouped',
    limit: '2000',
  });
  if (spec.everySeconds !== null) query.set('every', String(spec.everySeconds));
  return `${TRACKS_URL}?${query.toString()}`;
}

/**
 * The selected entity's readings (from the live tables, recomputed on its
 * layer's frames) and its sparklines: history fetched once per selection from
 * the api, then extended by the live values as they arrive.
 */
export function useEntityPanel(
  live: LiveFrames,
  selected: () => SelectedEntity | null,
  places: CityPlaces,
  fetchImpl: typeof fetch = apiFetch,
  now: () => number = Date.now,
): EntityPanel {
  const clock = shallowRef(now());
  const series = shallowRef<PanelSeries[]>([]);
  let history: SeriesPoint[][] = [];
  let reference: SeriesPoint[] = [];
  let liveBuffers: SeriesPoint[][] = [];
  let status: PanelSeries['status'] = 'loading';
  let generation = 0;
  let lastRedraw = 0;

  const view = computed<EntityView | null>(() => {
    const entity = selected();
    if (!entity) return null;
    void live.layerVersions[liveLayerOf(entity.layer)].value;
    return entityView(live.tables, entity, clock.value, {
      districts: places.districts.value,
      corridorNames: places.corridorNames.value,
      siteNames: places.siteNames.value,
    });
  });

  const redraw = () => {
    const entity = selected();
    if (!entity) {
      series.value = [];
      return;
    }
    const at = now();
    lastRedraw = at;
    const specs = SERIES_SPECS[entity.layer];
    series.value = specs.map((spec, i) => ({
      spec,
      points: mergeSeries(history[i] ?? [], liveBuffers[i] ?? [], at, spec.windowMs, (spec.everySeconds ?? 0) * 500),
      reference: mergeSeries(reference, [], at, spec.windowMs),
      status,
      fromMs: at - spec.windowMs,
      toMs: at,
    }));
  };

  const load = async (entity: SelectedEntity, mine: number) => {
    const specs = SERIES_SPECS[entity.layer];
    const at = now();
    // Nothing charted (an open call): no history to ask for.
    if (specs.length === 0) {
      status = 'ready';
      return;
    }
    try {
      if (entity.layer === 'corridors') {
        // The api keeps corridor KPIs for the whole fleet, not per corridor: the
        // city mean is the reference line; this corridor's own line is its live
        // observations since the wall opened (corridorLog below).
        const response = await fetchImpl(kpisUrl('corridors', '1m', at - specs[0]!.windowMs, at + 1000), { headers: { accept: 'application/json' } });
        if (!response.ok) throw new Error(`${response.status}`);
        const body: unknown = await response.json();
        if (mine !== generation) return;
        reference = seriesFromKpis(body, 'meanArrivalsOnGreenPct');
        history = [corridorLog.get(entity.id) ?? []];
      } else if (isTracked(entity.layer)) {
        const response = await fetchImpl(tracksUrl(entity.layer, entity.id, specs[0]!, at), { headers: { accept: 'application/json' } });
        if (!response.ok) throw new Error(`${response.status}`);
        const body: unknown = await response.json();
        if (mine !== generation) return;
        history = specs.map((spec) => seriesFromTracks(body, entity.id, spec.metric));
      }
      status = 'ready';
    } catch {
      if (mine !== generation) return;
      // The live values still draw; the panel says the history is missing.
      status = 'unavailable';
    }
    redraw();
  };

  const sampleLive = () => {
    const entity = selected();
    if (!entity) return;
    const at = now();
    clock.value = at;
    SERIES_SPECS[entity.layer].forEach((spec, i) => {
      const value = liveValue(live.tables, entity.layer, entity.id, spec.metric);
      if (!value) return;
      const buffer = (liveBuffers[i] ??= []);
      const t = value.t ?? at;
      const last = buffer.at(-1);
      if (last && last.t === t) return;
      // Boats and bikes are stamped on arrival: keep one point per few seconds of them.
      if (value.t === null && last && at - last.t < 5_000 && last.v === value.v) return;
      buffer.push({ t, v: value.v });
      if (buffer.length > SERIES_MAX_POINTS) buffer.splice(0, buffer.length - SERIES_MAX_POINTS);
    });
    if (at - lastRedraw >= SERIES_REDRAW_MS) redraw();
  };

  // Each corridor's observations (one a minute) since the wall opened: the api
  // has no per-corridor series, and 14 corridors x 30 points is nothing to keep.
  const corridorLog = new Map<string, SeriesPoint[]>();
  const logCorridors = () => {
    const table = live.tables.corridors;
    for (let row = 0; row < table.size; row++) {
      const t = table.at('observedAtMs', row);
      if (t <= 0) continue;
      const id = table.ids[row]!;
      let log = corridorLog.get(id);
      if (!log) corridorLog.set(id, (log = []));
      if (log.at(-1)?.t === t) continue;
      log.push({ t, v: table.at('arrivalsOnGreenPct', row) });
      if (log.length > 60) log.shift();
    }
  };
  const stopCorridorLog = watch(live.layerVersions.corridors, logCorridors, { immediate: true });

  watch(
    () => {
      const entity = selected();
      return entity ? `${entity.layer}\u0000${entity.id}` : '';
    },
    () => {
      generation++;
      history = [];
      reference = [];
      liveBuffers = [];
      status = 'loading';
      const entity = selected();
      if (entity) {
        sampleLive();
        void load(entity, generation);
      }
      redraw();
    },
    { immediate: true },
  );

  const stopLive = watch(
    () => {
      const entity = selected();
      return entity ? live.layerVersions[liveLayerOf(entity.layer)].value : -1;
    },
    () => sampleLive(),
  );
  if (getCurrentScope()) {
    onScopeDispose(() => {
      stopLive();
      stopCorridorLog();
    });
  }

  return { view, series };
}
