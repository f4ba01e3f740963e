import { effectScope, nextTick, shallowRef } from 'vue';
import { AlertState } from '@urban-brain/proto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { liveAlertOf, type LiveAlert } from './alert-book';
import { T0, alertChange } from './alert-change.fixtures';
import { CANDIDATES_REFRESH_MS, useAlertDetail } from './use-alert-detail';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function fakeApi() {
  const asked: string[] = [];
  const fetchImpl = (async (url: string) => {
    asked.push(url);
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
    expect(api.asked.sort()).toEqual(['/api/alerts/a1/candidates', '/api/alerts/a1/events']);

    // Another dispatcher resolved it: the trail is read again and nobody is proposed any more.
    selected.value = liveAlertOf(alertChange({ alertId: 'a1', state: AlertState.RESOLVED, changedAtMs: T0 + 1 }));
    await nextTick();
    await flush();
    expect(api.asked.filter((url) => url.endsWith('/events'))).toHaveLength(2);
    expect(detail.candidates.value).toEqual([]);

    selected.value = null;
    await nextTick();
    expect(detail.events.value).toEqual([]);
    scope.stop();
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
