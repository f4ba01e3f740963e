import { LIVE_LAYERS, type LiveLayer } from '@urban-brain/proto';
import type { SelectableLayer } from '../live/wall-layers';
import { parseSpeed, type ReplaySpeed } from './replay-speed';
import { presetWindow, type ReplayWindow } from './replay-window';

// What the replay page's address holds, so a link (or a bookmark) reopens the same instant, speed,
// layers, view, followed vehicle and trail: /replay?from=&to=&at=&speed=&layers=&view=lon,lat,zoom&follow=trucks:T-1&trail=
export interface ReplayView {
  lon: number;
  lat: number;
  zoom: number;
}

export interface ReplayUrlState extends ReplayWindow {
  atMs: number;
  speed: ReplaySpeed;
  /** The layers shown (all when the address names none). */
  layers: LiveLayer[];
  view: ReplayView | null;
  follow: { layer: SelectableLayer; id: string } | null;
  /** Trail length, s. */
  trailS: number;
}

export const TRAIL_LENGTHS_S = [0, 60, 300, 900] as const;
export const DEFAULT_TRAIL_S = 60;

type Query = Record<string, string | null | (string | null)[] | undefined>;

const first = (value: Query[string]): string | null => (Array.isArray(value) ? (value[0] ?? null) : (value ?? null));

const timeOf = (text: string | null): number | null => {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
};

function viewOf(text: string | null): ReplayView | null {
  const parts = text?.split(',').map(Number);
  if (!parts || parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) return null;
  const [lon, lat, zoom] = parts as [number, number, number];
  return Math.abs(lon) <= 180 && Math.abs(lat) <= 90 && zoom >= 0 && zoom <= 22 ? { lon, lat, zoom } : null;
}

function followOf(text: string | null): ReplayUrlState['follow'] {
  const at = text?.indexOf(':') ?? -1;
  if (!text || at <= 0) return null;
  const layer = text.slice(0, at);
  const id = text.slice(at + 1);
  const layers: readonly string[] = [...LIVE_LAYERS, 'calls'];
  return layers.includes(layer) && id !== '' ? { layer: layer as SelectableLayer, id } : null;
}

/** The state an address asks for; what it lacks or gets wrong falls back to the last hour, 60x... */
export function parseReplayUrl(query: Query, nowMs: number): ReplayUrlState {
  let fromMs = timeOf(first(query.from));
  let toMs = timeOf(first(query.to));
  if (fromMs === null || toMs === null || toMs <= fromMs) ({ fromMs, toMs } = presetWindow('last-hour', nowMs));
  const at = timeOf(first(query.at));
  const atMs = at === null ? fromMs : Math.min(toMs, Math.max(fromMs, at));
  const layersText = first(query.layers);
  const named = layersText === null ? [...LIVE_LAYERS] : layersText.split(',').filter((l): l is LiveLayer => (LIVE_LAYERS as readonly string[]).includes(l));
  const trail = Number(first(query.trail));
  return {
    fromMs,
    toMs,
    atMs,
    speed: parseSpeed(first(query.speed)) ?? 60,
    layers: named,
    view: viewOf(first(query.view)),
    follow: followOf(first(query.follow)),
    trailS: (TRAIL_LENGTHS_S as readonly number[]).includes(trail) ? trail : DEFAULT_TRAIL_S,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The address query for a state (the inverse of parseReplayUrl). */
export function replayUrlQuery(state: ReplayUrlState): Record<string, string> {
  const query: Record<string, string> = { from: iso(state.fromMs), to: iso(state.toMs), at: iso(state.atMs), speed: String(state.speed) };
  if (state.layers.length !== LIVE_LAYERS.length) query.layers = state.layers.join(',');
  if (state.view) query.view = `${state.view.lon.toFixed(5)},${state.view.lat.toFixed(5)},${state.view.zoom.toFixed(2)}`;
  if (state.follow) query.follow = `${state.follow.layer}:${state.follow.id}`;
  if (state.trailS !== DEFAULT_TRAIL_S) query.trail = String(state.trailS);
  return query;
}
