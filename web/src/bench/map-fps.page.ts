// The frame-rate benchmark page (bench/map-fps.bench.mjs drives it in Chromium):
// N synthetic trucks move over Neijiang, each reporting once a second; every
// 100 ms a binary LiveFrame with the tenth that reported goes to one drawer (the
// wall's deck.gl path, or the GeoJSON baseline), while the map repaints every
// frame as a live wall map does. Reports the browser's own frame timing
// (requestAnimationFrame) and the main-thread ms each update costs: decoding the
// frame, applying it, and building and handing the layer its data.
import { Map as MaplibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { createDeckDrawer } from './deck-drawer';
import type { EntityDrawer } from './entity-drawer';
import { createGeojsonDrawer } from './geojson-drawer';
import { encodeFleetFrame, FRAMES_PER_SECOND } from './fleet-frames';
import { advance, createMovingEntities } from './moving-entities';

export interface FpsResult {
  drawer: 'deck' | 'geojson';
  entities: number;
  seconds: number;
  fps: number;
  frameMsP50: number;
  frameMsP95: number;
  updates: number;
  updateMsP50: number;
  updateMsP95: number;
  /** Entities the drawer held at the end (all of them, or the run is void). */
  drawn: number;
  renderer: string;
}

declare global {
  interface Window {
    __fpsResult?: FpsResult;
    __fpsError?: string;
  }
}

const params = new URLSearchParams(location.search);
const drawerName = params.get('drawer') === 'geojson' ? 'geojson' : 'deck';
const count = Number(params.get('n') ?? 11_000);
const seconds = Number(params.get('seconds') ?? 10);
const warmupSeconds = Number(params.get('warmup') ?? 3);

const percentile = (values: number[], p: number) => {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10 : 0;
};

function rendererName(map: MaplibreMap): string {
  const gl = map.painter.context.gl;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
}

function run(map: MaplibreMap, drawer: EntityDrawer): void {
  const entities = createMovingEntities(count);
  drawer.attach(map);
  const frameIntervals: number[] = [];
  const updateMs: number[] = [];
  let frameSeq = 0;
  let lastUpdate = -Infinity;
  let lastFrame = -1;
  let measureFrom = -1;
  const start = performance.now();
  const frame = (now: number) => {
    const elapsed = (now - start) / 1000;
    if (now - lastUpdate >= 1000 / FRAMES_PER_SECOND) {
      advance(entities, lastUpdate < 0 ? 0 : (now - lastUpdate) / 1000);
      lastUpdate = now;
      const bytes = encodeFleetFrame(entities, ++frameSeq, Date.now());
      const t0 = performance.now();
      drawer.update(bytes);
      if (measureFrom >= 0) updateMs.push(performance.now() - t0);
    }
    map.triggerRepaint();
    if (elapsed >= warmupSeconds && measureFrom < 0) measureFrom = now;
    else if (measureFrom >= 0 && lastFrame >= 0) frameIntervals.push(now - lastFrame);
    lastFrame = now;
    if (measureFrom >= 0 && now - measureFrom >= seconds * 1000) {
      const measured = (now - measureFrom) / 1000;
      window.__fpsResult = {
        drawer: drawer.name,
        entities: count,
        seconds: Math.round(measured * 10) / 10,
        fps: Math.round((frameIntervals.length / measured) * 10) / 10,
        frameMsP50: percentile(frameIntervals, 50),
        frameMsP95: percentile(frameIntervals, 95),
        updates: updateMs.length,
        updateMsP50: percentile(updateMs, 50),
        updateMsP95: percentile(updateMs, 95),
        drawn: drawer.size,
        renderer: rendererName(map),
      };
      return;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

try {
  const map = new MaplibreMap({
    container: 'map',
    style: { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#04070c' } }] },
    center: [105.065, 29.585],
    zoom: 12.3,
    attributionControl: false,
    fadeDuration: 0,
  });
  map.once('load', () => run(map, drawerName === 'geojson' ? createGeojsonDrawer() : createDeckDrawer()));
} catch (error) {
  window.__fpsError = String(error);
}
