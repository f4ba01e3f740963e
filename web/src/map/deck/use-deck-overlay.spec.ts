import { ScatterplotLayer } from '@deck.gl/layers';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useDeckOverlay } from './use-deck-overlay';

const layer = (id: string) => new ScatterplotLayer({ id, data: [] });

// A map that takes the overlay as a control and nothing else (no WebGL here).
const fakeMap = () => ({ addControl: vi.fn(), removeControl: vi.fn() }) as unknown as MaplibreMap;

describe('useDeckOverlay', () => {
  let frames: FrameRequestCallback[] = [];
  const runFrame = () => {
    const due = frames;
    frames = [];
    for (const callback of due) callback(0);
  };

  beforeEach(() => {
    frames = [];
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
    vi.stubGlobal('cancelAnimationFrame', () => (frames = []));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('rebuilds an invalidated slot once per animation frame, however often it changed', () => {
    const deck = useDeckOverlay(() => {});
    deck.attach(fakeMap());
    const build = vi.fn(() => [layer('a')]);
    const slot = deck.overlay.register('a', { order: 1, build });
    runFrame();
    slot.invalidate();
    slot.invalidate();
    slot.invalidate();
    expect(frames.length).toBe(1);
    runFrame();
    expect(build).toHaveBeenCalledTimes(2);
    runFrame();
    expect(build).toHaveBeenCalledTimes(2);
  });

  it('draws the slots bottom first by order, and rebuilds only the changed one', () => {
    const deck = useDeckOverlay(() => {});
    deck.attach(fakeMap());
    const top = vi.fn(() => [layer('trucks-dot')]);
    const bottom = vi.fn(() => [layer('bikes-fence'), layer('bikes-dot')]);
    const trucks = deck.overlay.register('trucks', { order: 40, build: top });
    deck.overlay.register('bikes', { order: 20, build: bottom });
    runFrame();
    expect(deck.overlay.layerIds()).toEqual(['bikes-fence', 'bikes-dot', 'trucks-dot']);
    trucks.invalidate();
    runFrame();
    expect(top).toHaveBeenCalledTimes(2);
    expect(bottom).toHaveBeenCalledTimes(1);
  });

  it('draws nothing before the map is there, and drops a removed slot', () => {
    const deck = useDeckOverlay(() => {});
    const slot = deck.overlay.register('boats', { order: 30, build: () => [layer('boats-ring')] });
    runFrame();
    expect(deck.overlay.layerIds()).toEqual([]);
    const map = fakeMap();
    deck.attach(map);
    expect(map.addControl).toHaveBeenCalledTimes(1);
    runFrame();
    expect(deck.overlay.layerIds()).toEqual(['boats-ring']);
    slot.remove();
    runFrame();
    expect(deck.overlay.layerIds()).toEqual([]);
    deck.detach();
    expect(map.removeControl).toHaveBeenCalledTimes(1);
  });
});
