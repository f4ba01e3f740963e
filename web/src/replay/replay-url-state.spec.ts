import { describe, expect, it } from 'vitest';
import { BOOKMARKS_KEY, useReplayBookmarks } from './replay-bookmarks';
import { parseReplayUrl, replayUrlQuery } from './replay-url-state';
import { clampWindow, presetWindow } from './replay-window';

const NOW = Date.UTC(2025, 4, 1, 8, 30, 20);

describe('the replay address', () => {
  it('round-trips the instant, speed, layers, view, followed truck and trail', () => {
    const state = {
      fromMs: Date.UTC(2025, 4, 1, 6),
      toMs: Date.UTC(2025, 4, 1, 7),
      atMs: Date.UTC(2025, 4, 1, 6, 12, 5),
      speed: 300,
      layers: ['trucks', 'boats'] as ('trucks' | 'boats')[],
      view: { lon: 105.05, lat: 29.58, zoom: 14.25 },
      follow: { layer: 'trucks' as const, id: 'T-017' },
      trailS: 300,
    };
    const query = replayUrlQuery(state);
    expect(parseReplayUrl(query, NOW)).toEqual(state);
    expect(parseReplayUrl(replayUrlQuery({ ...state, speed: 'max' }), NOW).speed).toBe('max');
  });

  it('falls back to the last hour at 60x, every layer, when the address says nothing usable', () => {
    const state = parseReplayUrl({ from: 'yesterday', speed: '5000', layers: 'trucks,planes', view: '1,2', follow: 'planes:1', trail: '7' }, NOW);
    expect(state.toMs - state.fromMs).toBe(3_600_000);
    expect(state.atMs).toBe(state.fromMs);
    expect(state.speed).toBe(60);
    expect(state.layers).toEqual(['trucks']);
    expect(state.view).toBeNull();
    expect(state.follow).toBeNull();
    expect(state.trailS).toBe(60);
    expect(parseReplayUrl({}, NOW).layers).toHaveLength(5);
  });

  it('keeps the instant inside the window', () => {
    const state = parseReplayUrl({ from: '2025-05-01T06:00:00Z', to: '2025-05-01T07:00:00Z', at: '2025-05-01T09:00:00Z' }, NOW);
    expect(state.atMs).toBe(Date.UTC(2025, 4, 1, 7));
  });
});

describe('the replay window', () => {
  it('offers the last hour and today so far in whole minutes, today from the city midnight', () => {
    expect(presetWindow('last-hour', NOW)).toEqual({ fromMs: Date.UTC(2025, 4, 1, 7, 30), toMs: Date.UTC(2025, 4, 1, 8, 30) });
    // Beijing midnight of 1 May is 16:00 UTC on 30 April.
    expect(presetWindow('today', NOW).fromMs).toBe(Date.UTC(2025, 3, 30, 16));
  });

  it('cuts a window to the kept history and now', () => {
    const week = 7 * 86_400_000;
    const cut = clampWindow({ fromMs: NOW - 2 * week, toMs: NOW + 60_000 }, NOW, 7)!;
    expect(cut.fromMs).toBeGreaterThan(NOW - week);
    expect(cut.toMs).toBe(NOW);
    expect(clampWindow({ fromMs: NOW - 3 * week, toMs: NOW - 2 * week }, NOW, 7)).toBeNull();
  });
});

describe('replay bookmarks', () => {
  it('keeps bookmarks with notes in storage, in time order, and survives a damaged entry', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const marks = useReplayBookmarks(storage);
    const late = marks.add({ atMs: 2000, note: 'jam on Han\u2019an', url: '/replay?at=2' });
    marks.add({ atMs: 1000, note: '', url: '/replay?at=1' });
    marks.setNote(late.id, 'jam cleared');
    expect(useReplayBookmarks(storage).list.value.map((b) => [b.atMs, b.note])).toEqual([
      [1000, ''],
      [2000, 'jam cleared'],
    ]);
    marks.remove(late.id);
    expect(useReplayBookmarks(storage).list.value).toHaveLength(1);
    store.set(BOOKMARKS_KEY, '{not json');
    expect(useReplayBookmarks(storage).list.value).toEqual([]);
  });
});
