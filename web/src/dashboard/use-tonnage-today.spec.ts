import { effectScope } from 'vue';
import { describe, expect, it } from 'vitest';
import { deliveredKg, tonnageWindows, useDebrisToday, useTonnageToday } from './use-tonnage-today';

const HOUR = 3600_000;
// 2025-05-01 10:20 in Neijiang (UTC+8) = 02:20 UTC; the city's day began 2025-04-30 16:00 UTC.
const NOW = Date.UTC(2025, 4, 1, 2, 20);
const MIDNIGHT = Date.UTC(2025, 3, 30, 16, 0);

function fakeApi(kgPerHour: (fromMs: number, toMs: number) => number) {
  const asked: { from: number; to: number; bucket: string | null }[] = [];
  const fetchImpl = (async (url: string) => {
    const query = new URL(url, 'http://wall').searchParams;
    const from = Date.parse(query.get('from')!);
    const to = Date.parse(query.get('to')!);
    asked.push({ from, to, bucket: query.get('bucket') });
    expect(query.get('fleet')).toBe('trucks');
    return new Response(JSON.stringify({ metrics: ['loadDeliveredKg'], buckets: [{ t: 'x', loadDeliveredKg: kgPerHour(from, to) }, { t: 'y', loadDeliveredKg: null }] }));
  }) as unknown as typeof fetch;
  return { fetchImpl, asked };
}

describe('tonnage today', () => {
  it('splits the day at the last hour settled in the roll-ups, in city time', () => {
    expect(tonnageWindows(NOW)).toEqual({ midnight: MIDNIGHT, hourStart: MIDNIGHT + 10 * HOUR });
    // 10:10: the hour 9-10 ended only ten minutes ago, so it is still read by the minute.
    expect(tonnageWindows(MIDNIGHT + 10 * HOUR + 10 * 60_000)).toEqual({ midnight: MIDNIGHT, hourStart: MIDNIGHT + 9 * HOUR });
    expect(tonnageWindows(MIDNIGHT + 5)).toEqual({ midnight: MIDNIGHT, hourStart: MIDNIGHT });
  });

  it('sums the delivered load and ignores empty buckets', () => {
    expect(deliveredKg({ buckets: [{ loadDeliveredKg: 1200 }, { loadDeliveredKg: null }, { loadDeliveredKg: 300.5 }] })).toBe(1500.5);
    expect(deliveredKg({})).toBe(0);
  });

  it('asks for the closed hours once an hour and the open hour every poll', async () => {
    let at = NOW;
    const api = fakeApi((from, to) => (to - from >= HOUR ? 40_000 : 2_000));
    const scope = effectScope();
    const tonnage = scope.run(() => useTonnageToday(api.fetchImpl, () => at))!;
    await tonnage.refresh();
    expect(tonnage.kg.value).toBe(42_000);
    const first = api.asked.length;
    at += 60_000;
    await tonnage.refresh();
    // Same hour: only the recent stretch again, by the minute.
    expect(api.asked.length - first).toBe(1);
    expect(api.asked.at(-1)!.from).toBe(MIDNIGHT + 10 * HOUR);
    expect(api.asked.at(-1)!.bucket).toBe('1m');
    at = MIDNIGHT + 11 * HOUR + 20 * 60_000;
    await tonnage.refresh();
    expect(api.asked.at(-2)).toEqual({ from: MIDNIGHT, to: MIDNIGHT + 11 * HOUR, bucket: '1h' });
    scope.stop();
  });

  it('keeps the last total and says why when the api fails', async () => {
    let failing = false;
    const fetchImpl = (async () => (failing ? new Response('down', { status: 503 }) : new Response(JSON.stringify({ buckets: [{ loadDeliveredKg: 500 }] })))) as unknown as typeof fetch;
    const scope = effectScope();
    const tonnage = scope.run(() => useTonnageToday(fetchImpl, () => NOW))!;
    await tonnage.refresh();
    expect(tonnage.kg.value).toBe(1000);
    failing = true;
    await tonnage.refresh();
    expect(tonnage.kg.value).toBe(1000);
    expect(tonnage.error.value).toContain('503');
    scope.stop();
  });

  it("sums the boats' debris collected since midnight, not the trucks' load", async () => {
    const asked: string[] = [];
    const fetchImpl = (async (url: string) => {
      const query = new URL(url, 'http://wall').searchParams;
      asked.push(`${query.get('fleet')} ${query.get('bucket')}`);
      return new Response(JSON.stringify({ buckets: [{ debrisCollectedKg: 300, loadDeliveredKg: 9_999 }, { debrisCollectedKg: null }, { debrisCollectedKg: 12.5 }] }));
    }) as unknown as typeof fetch;
    const scope = effectScope();
    const debris = scope.run(() => useDebrisToday(fetchImpl, () => NOW))!;
    await debris.refresh();
    expect(debris.kg.value).toBe(625);
    expect(new Set(asked)).toEqual(new Set(['boats 1h', 'boats 1m']));
    scope.stop();
  });
});
