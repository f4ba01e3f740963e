import { effectScope, nextTick, shallowRef } from 'vue';
import { AlertState } from '@urban-brain/proto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { liveAlertOf, type LiveAlert } from './alert-book';
import { T0, alertChange } from './alert-change.fixtures';
import { alertTrackUrl, CANDIDATES_REFRESH_MS, TRACK_WINDOW_MS, useAlertDetail } from './use-alert-detail';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function fakeApi() {
  const asked: string[] = [];
  const fetchImpl = (async (url: string) => {
    asked.push(url);
    if (url.startsWith('/api/history/tracks')) {
      const id = new URL(url, 'http://x').searchParams.get('ids');
      return new Response(JSON.stringify({ tracks: [{ id, points: [{ t: new Date(T0).toISOString(), lon: 105.06, lat: 29.58 }, { t: new Date(T0 + 10_000).toISOString(), lon: 105.061, lat: 29.581 }] }], nextCursor: null }));
    }
    if (url.endsWith('/events')) return new Response(JSON.stringify({ events: [{ action: 'raised', actor: 'alerting', at: new Date(T0).toISOString(), note: null, assignee: null }] }));
    return new Response(
      JSON.stringify({
        candidates: [
          { fleet: 'boats', vehicleId: 'slow', etaS: 600, distanceM: 3000, lon: 105, lat: 29.5, reason: 'boat' },
          { fleet: 'boats', vehicleId: 'fast', etaS: 120, distanceM: 800, lon: 105, lat: 29.5, reason: 'boat' },
        ],
      }),
    );
  }) as unknown as typeof fetch;
  return { fetchImpl, asked };
}

describe('useAlertDetail', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads the selected alert\'s trail and candidates (fastest first), the trail again when the alert changes', async () => {
    const api = fakeApi();
    const selected = shallowRef<LiveAlert | null>(null);
    const scope = effectScope();
    const detail = scope.run(() => useAlertDetail(selected, api.fetchImpl))!;
    expect(api.asked).toEqual([]);
    selected.value = liveAlertOf(alertChange({ alertId: 'a1' }));
    await nextTick();
    await flush();
    expect(detail.events.value.map((event) => event.action)).toEqual(['raised']);
    expect(detail.candidates.value.map((candidate) => candidate.vehicleId)).toEqual(['fast', 'slow']);
    expect(api.asked.filter((url) => url.startsWith('/api/alerts')).sort()).toEqual(['/api/alerts/a1/candidates', '/api/alerts/a1/events']);
    // The boat's recent track, oldest first.
    expect(detail.track.value).toEqual([
      [105.06, 29.58],
      [105.061, 29.581],
    ]);

    // Another dispatcher resolved it: the trail is read again and nobody is proposed any more.
    selected.value = liveAlertOf(alertChange({ alertId: 'a1', state: AlertState.RESOLVED, changedAtMs: T0 + 1 }));
    await nextTick();
    await flush();
    expect(api.asked.filter((url) => url.endsWith('/events'))).toHaveLength(2);
    expect(detail.candidates.value).toEqual([]);

    selected.value = null;
    await nextTick();
    expect(detail.events.value).toEqual([]);
    expect(detail.track.value).toEqual([]);
    scope.stop();
  });

  it('asks the history for a vehicle\'s last 15 minutes, and for no track where the alert is not about a vehicle', () => {
    const boat = liveAlertOf(alertChange({ alertId: 'a1' }));
    const url = new URL(alertTrackUrl(boat, T0)!, 'http://x');
    expect(url.pathname).toBe('/api/history/tracks');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ fleet: 'boats', ids: 'boat-03', from: new Date(T0 - TRACK_WINDOW_MS).toISOString(), every: '10' });
    expect(alertTrackUrl(liveAlertOf(alertChange({ alertId: 'a2', fleet: 'signals', entityId: 'corridor:hanan-west' })), T0)).toBeNull();
    expect(alertTrackUrl(liveAlertOf(alertChange({ alertId: 'a3', fleet: 'city', entityId: 'landmark:daqian-garden' })), T0)).toBeNull();
  });

  it('asks for the candidates again while the alert stays selected, and stops with its scope', async () => {
    vi.useFakeTimers();
    const api = fakeApi();
    const selected = shallowRef<LiveAlert | null>(liveAlertOf(alertChange({ alertId: 'a1' })));
    const scope = effectScope();
    scope.run(() => useAlertDetail(selected, api.fetchImpl));
    const candidateCalls = () => api.asked.filter((url) => url.endsWith('/candidates')).length;
    expect(candidateCalls()).toBe(1);
    await vi.advanceTimersByTimeAsync(CANDIDATES_REFRESH_MS);
    expect(candidateCalls()).toBe(2);
    scope.stop();
    await vi.advanceTimersByTimeAsync(3 * CANDIDATES_REFRESH_MS);
    expect(candidateCalls()).toBe(2);
  });
});
