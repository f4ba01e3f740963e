import { effectScope } from 'vue';
import { AlertChangeKind, AlertSeverity, AlertState, type AlertSummary } from '@urban-brain/proto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { T0, alertChange, alertSummary, batchBytes } from './alert-change.fixtures';
import { FakeLiveSocket } from '../live/fake-live-socket';
import { useAlertFeed } from './use-alert-feed';
import { ALERTS_URL, SUMMARY_FETCH_DELAY_MS, useAlertQueue } from './use-alert-queue';

/** A fake api: the list answers with `listed`, one alert with its row from `rows`. */
function fakeApi(listed: AlertSummary[], rows: Map<string, AlertSummary> = new Map()) {
  const asked: string[] = [];
  const fetchImpl = (async (url: string) => {
    asked.push(url);
    if (url.startsWith(`${ALERTS_URL}?`)) return new Response(JSON.stringify({ alerts: listed, nextCursor: null }));
    const row = rows.get(decodeURIComponent(url.slice(ALERTS_URL.length + 1)));
    return row ? new Response(JSON.stringify(row)) : new Response('{}', { status: 404 });
  }) as unknown as typeof fetch;
  return { fetchImpl, asked };
}

describe('useAlertQueue', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the socket\'s alerts with the api\'s deadlines, and asks the api once for alerts it has no row for', async () => {
    vi.useFakeTimers();
    const socket = new FakeLiveSocket();
    const api = fakeApi([alertSummary('a1')], new Map([['a2', alertSummary('a2', { acknowledgeDueAt: new Date(T0 + 60_000).toISOString() })]]));
    const scope = effectScope();
    const { feed, queue } = scope.run(() => {
      const feed = useAlertFeed(socket.asLiveSocket(), () => T0);
      return { feed, queue: useAlertQueue(feed, { fetchImpl: api.fetchImpl }) };
    })!;
    socket.serverSends('alerts', batchBytes(true, [alertChange({ alertId: 'a1' })]));
    await queue.loaded;
    expect(queue.rows.value.map((row) => [row.alert.id, row.due])).toEqual([['a1', { step: 'acknowledge', atMs: T0 + 300_000 }]]);

    // Raised after the list was read: fetched once, after a short gathering delay; a re-raise asks nothing.
    socket.serverSends('alerts', batchBytes(false, [alertChange({ alertId: 'a2', severity: AlertSeverity.CRITICAL, changedAtMs: T0 + 1 })]));
    socket.serverSends('alerts', batchBytes(false, [alertChange({ alertId: 'a1', change: AlertChangeKind.RE_RAISED, occurrences: 2, changedAtMs: T0 + 2 })]));
    await vi.advanceTimersByTimeAsync(SUMMARY_FETCH_DELAY_MS);
    expect(api.asked.filter((url) => !url.includes('?'))).toEqual([`${ALERTS_URL}/a2`]);
    expect(queue.rows.value.map((row) => [row.alert.id, row.due?.atMs])).toEqual([
      ['a2', T0 + 60_000],
      ['a1', T0 + 300_000],
    ]);
    expect(feed.alerts.value).toHaveLength(2);
    scope.stop();
  });

  it('reads an alert\'s row again after a step changes its deadlines, and takes the answer to its own step', async () => {
    vi.useFakeTimers();
    const socket = new FakeLiveSocket();
    const rows = new Map([['a1', alertSummary('a1', { state: 'acknowledged', acknowledgeDueAt: null })]]);
    const api = fakeApi([alertSummary('a1')], rows);
    const scope = effectScope();
    const queue = scope.run(() => useAlertQueue(useAlertFeed(socket.asLiveSocket(), () => T0), { fetchImpl: api.fetchImpl }))!;
    socket.serverSends('alerts', batchBytes(true, [alertChange({ alertId: 'a1' })]));
    await queue.loaded;
    socket.serverSends('alerts', batchBytes(false, [alertChange({ alertId: 'a1', change: AlertChangeKind.ACKNOWLEDGED, state: AlertState.ACKNOWLEDGED, changedAtMs: T0 + 1 })]));
    await vi.advanceTimersByTimeAsync(SUMMARY_FETCH_DELAY_MS);
    expect(api.asked).toContain(`${ALERTS_URL}/a1`);
    expect(queue.rows.value[0]?.due).toEqual({ step: 'resolve', atMs: T0 + 3_600_000 });
    queue.accept(alertSummary('a1', { escalated: true }));
    expect(queue.rows.value[0]?.escalated).toBe(true);
    scope.stop();
  });

  it('works without the api (no countdowns) and says why', async () => {
    const socket = new FakeLiveSocket();
    const fetchImpl = (async () => new Response('down', { status: 503 })) as unknown as typeof fetch;
    const scope = effectScope();
    const queue = scope.run(() => useAlertQueue(useAlertFeed(socket.asLiveSocket(), () => T0), { fetchImpl }))!;
    socket.serverSends('alerts', batchBytes(true, [alertChange({ alertId: 'a1' })]));
    await queue.loaded;
    expect(queue.loadError.value).toContain('503');
    expect(queue.rows.value.map((row) => [row.alert.id, row.due])).toEqual([['a1', null]]);
    scope.stop();
  });

  it('moves the selection in the order shown, filters, and keeps the selected alert when a filter hides it', async () => {
    const socket = new FakeLiveSocket();
    const api = fakeApi([]);
    const scope = effectScope();
    const queue = scope.run(() => useAlertQueue(useAlertFeed(socket.asLiveSocket(), () => T0), { fetchImpl: api.fetchImpl }))!;
    socket.serverSends(
      'alerts',
      batchBytes(true, [
        alertChange({ alertId: 'boat', fleet: 'boats', severity: AlertSeverity.CRITICAL }),
        alertChange({ alertId: 'truck', fleet: 'trucks', rule: 'truck.stale' }),
      ]),
    );
    await queue.loaded;
    queue.move(1);
    expect(queue.selectedId.value).toBe('boat');
    queue.move(1);
    expect(queue.selected.value?.id).toBe('truck');
    queue.setFilter({ fleet: 'boats' });
    expect(queue.rows.value.map((row) => row.alert.id)).toEqual(['boat']);
    expect(queue.selected.value?.id).toBe('truck');
    expect(queue.choices.value.fleets).toEqual(['boats', 'trucks']);
    scope.stop();
  });
});
