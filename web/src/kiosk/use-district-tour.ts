import { getCurrentScope, onScopeDispose, watch, type ShallowRef } from 'vue';
import type { Map as MaplibreMap, PaddingOptions } from 'maplibre-gl';
import { nextStopIndex, type TourStop } from './district-tour';

export interface TourOptions {
  /** Seconds at each stop. */
  seconds: () => number;
  /** Tour only while this holds (kiosk mode on). */
  enabled: () => boolean;
  /** Where the overlays are, so a district is framed in the map's free area. */
  padding: () => PaddingOptions;
  /** Told each stop as the map heads for it, and the map's centre once there. */
  onStop(stop: TourStop | null): void;
  onArrived(center: [number, number]): void;
  /** Told when someone interrupts the tour, and when it resumes. */
  onPaused(paused: boolean): void;
  /** How long the wall must be left alone before the tour resumes. */
  resumeAfterMs?: number;
  /** Where interactions are heard; window by default. */
  target?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

// A person at the wall takes over: any press, wheel, touch or key (but K, which
// toggles kiosk mode itself) stops the tour, and it comes back once they have
// left the wall alone for two minutes. Mouse moves alone only wake the cursor.
export const RESUME_AFTER_MS = 120_000;
const FLIGHT_MS = 4_000;
const INTERACTIONS = ['pointerdown', 'wheel', 'touchstart', 'keydown'] as const;

/** Flies the map from stop to stop. Uses the map read-only: camera moves, nothing added. */
export function useDistrictTour(map: ShallowRef<MaplibreMap | null>, stops: () => readonly TourStop[], options: TourOptions): void {
  const target = options.target ?? window;
  const resumeAfterMs = options.resumeAfterMs ?? RESUME_AFTER_MS;
  let index = -1;
  let stepTimer: ReturnType<typeof setTimeout> | undefined;
  let resumeTimer: ReturnType<typeof setTimeout> | undefined;
  let paused = false;
  let running = false;
  // The stop the map was last sent to, while the tour runs.
  let shown: TourStop | null = null;

  const step = () => {
    const all = stops();
    const m = map.value;
    if (!m || all.length === 0) {
      // Districts not loaded yet: look again shortly.
      stepTimer = setTimeout(step, 1_000);
      return;
    }
    index = nextStopIndex(index, all.length);
    const stop = all[index]!;
    shown = stop;
    options.onStop(stop);
    m.once('moveend', () => {
      const { lng, lat } = m.getCenter();
      options.onArrived([lng, lat]);
    });
    m.fitBounds(stop.bounds, { padding: options.padding(), duration: FLIGHT_MS, essential: true });
    stepTimer = setTimeout(step, FLIGHT_MS + options.seconds() * 1000);
  };

  const start = () => {
    if (running) return;
    running = true;
    paused = false;
    options.onPaused(false);
    // The first move after a full stop: the city is in view already, so wait one stop's time.
    stepTimer = setTimeout(step, options.seconds() * 1000);
  };
  const stop = () => {
    running = false;
    shown = null;
    clearTimeout(stepTimer);
    clearTimeout(resumeTimer);
    options.onStop(null);
  };

  const onInteraction = (event: Event) => {
    if (!options.enabled()) return;
    if (event.type === 'keydown' && (event as KeyboardEvent).key?.toLowerCase() === 'k') return;
    clearTimeout(resumeTimer);
    if (!paused) {
      paused = true;
      running = false;
      clearTimeout(stepTimer);
      options.onStop(null);
      options.onPaused(true);
    }
    resumeTimer = setTimeout(() => {
      paused = false;
      // Back to the whole city first: the stop before it is the last district.
      index = stops().length - 2;
      start();
    }, resumeAfterMs);
  };
  for (const type of INTERACTIONS) target.addEventListener(type, onInteraction, { passive: true, capture: true });

  // The screen changed size (the browser went full screen, a 4K wall's display woke up): frame the
  // stop again at once. A flight under way when it happens keeps its old screen points and would
  // leave the city in a corner until the next stop.
  const onResize = () => {
    const m = map.value;
    if (m && running && !paused && shown) m.fitBounds(shown.bounds, { padding: options.padding(), duration: 0 });
  };
  const stopWatchingMap = watch(
    map,
    (m, previous) => {
      previous?.off('resize', onResize);
      m?.on('resize', onResize);
    },
    { immediate: true },
  );

  const stopWatching = watch(
    options.enabled,
    (enabled) => {
      if (enabled) {
        index = -1;
        start();
      } else {
        stop();
        paused = false;
        options.onPaused(false);
      }
    },
    { immediate: true },
  );

  if (getCurrentScope()) {
    onScopeDispose(() => {
      stopWatching();
      stopWatchingMap();
      map.value?.off('resize', onResize);
      stop();
      for (const type of INTERACTIONS) target.removeEventListener(type, onInteraction, { capture: true });
    });
  }
}
