import { effectScope } from 'vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AMBULANCES_TODAY_URL, medianResponseMsOf, useAmbulancesToday } from './use-ambulances-today';
import { TONNAGE_POLL_MS } from './use-tonnage-today';

// An answer as the api gives it (services/api AmbulanceTodayResponseDto).
const today = (responseP50S: number | null) => ({
  at: '2025-05-01T02:30:00.000Z',
  timeZone: 'Asia/Shanghai',
  dayStart: '2025-04-30T16:00:00.000Z',
  openCalls: 3,
  callsReceivedToday: 14,
  callsOnSceneToday: responseP50S === null ? 0 : 12,
  responseP50S,
  responseP90S: responseP50S === null ? null : 447,
});

describe('ambulances today', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns the median response from seconds into ms, null when no call reached the scene', () => {
    expect(medianResponseMsOf(today(241.5))).toBe(241_500);
    expect(medianResponseMsOf(today(null))).toBeNull();
    expect(medianResponseMsOf({})).toBeNull();
  });

  it("asks the api for today's figures and keeps the median", async () => {
    const asked: string[] = [];
    const fetchImpl = (async (url: string) => {
      asked.push(url);
      return new Response(JSON.stringify(today(252)));
    }) as unknown as typeof fetch;
    const scope = effectScope();
    const ambulances = scope.run(() => useAmbulancesToday(fetchImpl))!;
    await ambulances.refresh();
    expect(ambulances.medianResponseMs.value).toBe(252_000);
    expect(ambulances.error.value).toBeNull();
    expect(new Set(asked)).toEqual(new Set([AMBULANCES_TODAY_URL]));
    scope.stop();
  });

  it('keeps the last median and says why when the api fails', async () => {
    let failing = false;
    const fetchImpl = (async () => (failing ? new Response('down', { status: 503 }) : new Response(JSON.stringify(today(300))))) as unknown as typeof fetch;
    const scope = effectScope();
    const ambulances = scope.run(() => useAmbulancesToday(fetchImpl))!;
    await ambulances.refresh();
    expect(ambulances.medianResponseMs.value).toBe(300_000);
    failing = true;
    await ambulances.refresh();
    expect(ambulances.medianResponseMs.value).toBe(300_000);
    expect(ambulances.error.value).toContain('503');
    failing = false;
    await ambulances.refresh();
    expect(ambulances.error.value).toBeNull();
    scope.stop();
  });

  it('polls each minute while its scope lives, and stops with it', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const fetchImpl = (async () => {
      calls++;
      return new Response(JSON.stringify(today(null)));
    }) as unknown as typeof fetch;
    const scope = effectScope();
    const ambulances = scope.run(() => useAmbulancesToday(fetchImpl))!;
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(TONNAGE_POLL_MS);
    expect(calls).toBe(2);
    expect(ambulances.medianResponseMs.value).toBeNull();
    scope.stop();
    await vi.advanceTimersByTimeAsync(3 * TONNAGE_POLL_MS);
    expect(calls).toBe(2);
  });
});
