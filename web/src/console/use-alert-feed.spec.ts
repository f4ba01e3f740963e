import { effectScope } from 'vue';
import { AlertSeverity, AlertState } from '@urban-brain/proto';
import { describe, expect, it, vi } from 'vitest';
import { T0, alertChange, batchBytes } from './alert-change.fixtures';
import { FakeLiveSocket } from '../live/fake-live-socket';
import { useAlertFeed } from './use-alert-feed';

describe('useAlertFeed', () => {
  it('asks for the alerts on the shared socket, takes the snapshot then the changes, and asks again after a reconnect', () => {
    const socket = new FakeLiveSocket();
    const scope = effectScope();
    const feed = scope.run(() => useAlertFeed(socket.asLiveSocket(), () => T0))!;
    expect(socket.emitted.map((emit) => [emit.event, emit.payload])).toEqual([['alerts', {}]]);
    socket.emitted[0]!.ack({ ok: true, data: { alerts: 1 } });

    const updates: [string[], boolean][] = [];
    feed.onUpdate((update, initial) => updates.push([update.becameCritical.map((alert) => alert.id), initial]));
    socket.serverSends('alerts', batchBytes(true, [alertChange({ alertId: 'c1', severity: AlertSeverity.CRITICAL })]));
    expect(feed.watching.value).toBe(true);
    socket.serverSends('alerts', batchBytes(false, [alertChange({ alertId: 'c2', severity: AlertSeverity.CRITICAL, changedAtMs: T0 + 1 })]));
    expect(feed.alerts.value.map((alert) => alert.id).sort()).toEqual(['c1', 'c2']);
    // The first snapshot's criticals are not news; a later one's are.
    expect(updates).toEqual([
      [['c1'], true],
      [['c2'], false],
    ]);

    socket.serverSends('disconnect', 'transport close');
    expect(feed.watching.value).toBe(false);
    socket.serverSends('connect');
    expect(socket.emitted).toHaveLength(2);
    socket.serverSends('alerts', batchBytes(true, [alertChange({ alertId: 'c2', severity: AlertSeverity.CRITICAL, state: AlertState.ACKNOWLEDGED, changedAtMs: T0 + 2 })]));
    expect(feed.alerts.value.map((alert) => [alert.id, alert.state])).toEqual([['c2', 'acknowledged']]);
    expect(updates.at(-1)).toEqual([[], false]);

    scope.stop();
    expect(socket.listenerCount('alerts')).toBe(0);
    expect(socket.listenerCount('connect')).toBe(0);
  });

  it('says why the gateway refused, and survives an undecodable batch', () => {
    const socket = new FakeLiveSocket();
    const feed = useAlertFeed(socket.asLiveSocket());
    socket.emitted[0]!.ack({ ok: false, code: 'INTERNAL', message: 'boom' });
    expect(feed.error.value).toBe('INTERNAL: boom');
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    socket.serverSends('alerts', new Uint8Array([0xff, 0xff, 0xff]));
    expect(quiet).toHaveBeenCalled();
    quiet.mockRestore();
    expect(feed.alerts.value).toEqual([]);
    feed.stop();
  });
});
