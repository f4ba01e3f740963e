import { ScatterplotLayer } from '@deck.gl/layers';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nearestWithin } from './hit-test';
import { useDeckOverlay, type DeckSlot } from './use-deck-overlay';

const layer = (id: string) => new ScatterplotLayer({ id, data: [] });

// A map that takes the overlay as a control and nothing else (no WebGL here).
// Its projection: 1 degree = 1000 px, y down; `click` fires its click listener, `render` its render listener.
function fakeMap() {
  let onClick: ((event: { point: { x: number; y: number } }) => void) | null = null;
  let onRender: (() => void) | null = null;
  const map = {
    addControl: vi.fn(),
    removeControl: vi.fn(),
    on: (type: string, listener: never) => {
      if (type === 'click') onClick = listener;
      if (type === 'render') onRender = listener;
    },
    off: (type: string) => {
      if (type === 'click') onClick = null;
      if (type === 'render') onRender = null;
    },
    canvas: { clientWidth: 1920, clientHeight: 1080 },
    getCanvas(): { clientWidth: number; clientHeight: number } {
      return map.canvas;
    },
    project: ([lon, lat]: [number, number]) => ({ x: lon * 1000, y: -lat * 1000 }),
    unproject: ([x, y]: [number, number]) => ({ lng: x / 1000, lat: -y / 1000 }),
    click: (x: number, y: number) => onClick?.({ point: { x, y } }),
    render: () => onRender?.(),
  };
  return map as unknown as MaplibreMap & { click(x: number, y: number): void; render(): void; canvas: { clientWidth: number; clientHeight: number } };
}

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

  it('says whether the map has drawn a frame since the layers last changed', () => {
    const deck = useDeckOverlay(() => {});
    const map = fakeMap();
    deck.attach(map);
    let shown = true;
    const slot = deck.overlay.register('trucks', { order: 1, build: () => (shown ? [layer('trucks-dot')] : []) });
    runFrame();
    expect(deck.overlay.drawn()).toBe(false);
    map.render();
    expect(deck.overlay.drawn()).toBe(true);
    // Hidden: the layers change at the next animation frame, and a frame drawn after that shows it.
    shown = false;
    slot.invalidate();
    expect(deck.overlay.drawn()).toBe(true);
    runFrame();
    expect(deck.overlay.layerIds()).toEqual([]);
    expect(deck.overlay.drawn()).toBe(false);
    map.render();
    expect(deck.overlay.drawn()).toBe(true);
  });

  it('says at what size the map last drew a frame', () => {
    const deck = useDeckOverlay(() => {});
    const map = fakeMap();
    deck.attach(map);
    expect(deck.overlay.drawnSize()).toEqual([0, 0]);
    map.render();
    expect(deck.overlay.drawnSize()).toEqual([1920, 1080]);
    // The screen grew: the canvas is resized, and until the map draws again the last frame is the small one.
    map.canvas = { clientWidth: 3840, clientHeight: 2160 };
    expect(deck.overlay.drawnSize()).toEqual([1920, 1080]);
    map.render();
    expect(deck.overlay.drawnSize()).toEqual([3840, 2160]);
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

  it('gives a click to the top-most slot that drew something there, else clears the selection', () => {
    const picks: unknown[] = [];
    const deck = useDeckOverlay((entity) => picks.push(entity));
    const map = fakeMap();
    deck.attach(map);
    const points = (layer: 'trucks' | 'bikes', order: number, positions: number[]): DeckSlot => ({
      order,
      build: () => [],
      hitTest: (at) => {
        const i = nearestWithin(new Float64Array(positions), positions.length / 2, at.box, at.project, at.x, at.y, at.radiusPx);
        return i >= 0 ? { layer, id: `${layer}-${i}` } : null;
      },
    });
    deck.overlay.register('bikes', points('bikes', 20, [0.1, -0.1, 0.2, -0.2]));
    deck.overlay.register('trucks', points('trucks', 40, [0.1, -0.1]));
    map.click(102, 100);
    map.click(200, 203);
    map.click(500, 500);
    expect(picks).toEqual([{ layer: 'trucks', id: 'trucks-0' }, { layer: 'bikes', id: 'bikes-1' }, null]);
  });
});
