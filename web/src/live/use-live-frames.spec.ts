import { create } from '@bufbuild/protobuf';
import { createPinia, setActivePinia } from 'pinia';
import {
  BikeCellColumnsSchema,
  BikeColumnsSchema,
  BikeEventKind,
  BikeTotalsSchema,
  BikeView,
  BoatTotalsSchema,
  FenceColumnsSchema,
  LIVE_LAYERS,
  TruckTotalsSchema,
} from '@urban-brain/proto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useConnectionStore } from '../stores/connection.store';
import { frameBytes, liveFrame } from './live-frame.fixtures';
import { FakeLiveSocket } from './fake-live-socket';
import { bikesRepresented } from './live-tables';
import { RECONNECT_AFTER_SERVER_DISCONNECT_MS, useLiveFrames, type LiveFrames } from './use-live-frames';

const truckPositions = ({ tables: { trucks } }: LiveFrames) => trucks.ids.map((id, row) => ({ id, lon: trucks.at('lon', row), lat: trucks.at('lat', row) }));

describe('useLiveFrames', () => {
  let clock = 1_750_000_000_000;
  beforeEach(() => {
    setActivePinia(createPinia());
    clock = 1_750_000_000_000;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('subscribes on connect and applies a snapshot then deltas', () => {
    const socket = new FakeLiveSocket(false);
    const live = useLiveFrames(socket.asLiveSocket(), () => clock);
    const connection = useConnectionStore();

    socket.connected = true;
    socket.serverSends('connect');
    expect(connection.connected).toBe(true);
    expect(socket.emitted).toHaveLength(1);
    expect(socket.emitted[0]).toMatchObject({ event: 'subscribe', payload: { layers: [...LIVE_LAYERS] } });
    socket.emitted[0]!.ack({ ok: true, data: { layers: ['trucks', 'bikes', 'boats', 'corridors'] } });
    expect(connection.subscribed).toBe(true);

    socket.serverSends('frame', frameBytes(liveFrame({ snapshot: true, trucks: [{ id: 'T-1', lon: 105.01, lat: 29.5 }, { id: 'T-2', lon: 105.02, lat: 29.5 }] })));
    clock += 250;
    // Browsers deliver binary as ArrayBuffer.
    const delta = frameBytes(
      liveFrame({
        snapshot: false,
        frameSeq: 2,
        trucks: [{ id: 'T-2', lon: 105.2, lat: 29.6, recordedAtMs: clock - 400, receivedAtMs: clock - 30 }],
        removed: ['T-1'],
      }),
    );
    socket.serverSends('frame', delta.buffer.slice(delta.byteOffset, delta.byteOffset + delta.byteLength));

    expect(truckPositions(live)).toEqual([{ id: 'T-2', lon: 105.2, lat: 29.6 }]);
    expect(live.version.value).toBe(2);
    expect(connection.framesReceived).toBe(2);
    expect(connection.lastFrameAt).toBe(clock);
    expect(live.eventToBrowserMs.values()).toEqual([400]);
    expect(live.gatewayToBrowserMs.values()).toEqual([30]);
  });

  it('marks the link down on disconnect and resubscribes on reconnect, starting from the new snapshot', () => {
    const socket = new FakeLiveSocket(false);
    const live = useLiveFrames(socket.asLiveSocket(), () => clock);
    const connection = useConnectionStore();
    socket.serverSends('connect');
    socket.serverSends('frame', frameBytes(liveFrame({ snapshot: true, trucks: [{ id: 'T-1', lon: 105, lat: 29 }] })));

    socket.serverSends('disconnect', 'transport close');
    expect(connection.connected).toBe(false);

    socket.serverSends('connect');
    expect(connection.connected).toBe(true);
    expect(connection.reconnects).toBe(1);
    expect(socket.emitted.filter((e) => e.event === 'subscribe')).toHaveLength(2);
    socket.serverSends('frame', frameBytes(liveFrame({ snapshot: true, trucks: [{ id: 'T-7', lon: 105.7, lat: 29.7 }] })));
    expect(truckPositions(live)).toEqual([{ id: 'T-7', lon: 105.7, lat: 29.7 }]);
  });

  it('reconnects by itself after the server disconnected it on purpose', () => {
    vi.useFakeTimers();
    const socket = new FakeLiveSocket(false);
    useLiveFrames(socket.asLiveSocket());
    socket.serverSends('connect');
    socket.serverSends('disconnect', 'transport close');
    vi.advanceTimersByTime(RECONNECT_AFTER_SERVER_DISCONNECT_MS * 2);
    // A lost transport is socket.io's own job.
    expect(socket.connectCalls).toBe(0);
    socket.serverSends('disconnect', 'io server disconnect');
    expect(useConnectionStore().connected).toBe(false);
    vi.advanceTimersByTime(RECONNECT_AFTER_SERVER_DISCONNECT_MS);
    expect(socket.connectCalls).toBe(1);
  });

  it('applies each layer to its own table and bumps only the versions of layers a frame changed', () => {
    const socket = new FakeLiveSocket(false);
    const live = useLiveFrames(socket.asLiveSocket(), () => clock);
    const frame = liveFrame({ snapshot: false, trucks: [{ id: 'T-1', lon: 105, lat: 29 }] });
    frame.bikes = create(BikeColumnsSchema, { bikeIds: ['B-1'], lon: [105.1], lat: [29.1], inFence: [false], lastEvent: [BikeEventKind.PARKED_STATE] });
    socket.serverSends('frame', frameBytes(frame));
    expect(live.tables.bikes.size).toBe(1);
    expect(live.tables.bikes.at('inFence', 0)).toBe(0);
    expect(live.layerVersions.trucks.value).toBe(1);
    expect(live.layerVersions.bikes.value).toBe(1);
    expect(live.layerVersions.boats.value).toBe(0);

    // A heartbeat changes nothing; a removal changes its layer.
    socket.serverSends('frame', frameBytes(liveFrame({ snapshot: false })));
    expect(live.layerVersions.bikes.value).toBe(1);
    const removal = liveFrame({ snapshot: false });
    removal.removedBikeIds = ['B-1'];
    socket.serverSends('frame', frameBytes(removal));
    expect(live.tables.bikes.size).toBe(0);
    expect(live.layerVersions.bikes.value).toBe(2);
    expect(live.layerVersions.trucks.value).toBe(1);
    expect(live.version.value).toBe(3);
  });

  it('records a refused subscription', () => {
    const socket = new FakeLiveSocket(false);
    useLiveFrames(socket.asLiveSocket());
    const connection = useConnectionStore();
    socket.serverSends('connect');
    socket.emitted[0]!.ack({ ok: false, code: 'UNKNOWN_LAYER', message: 'unknown layer(s) "trucks"' });
    expect(connection.subscribed).toBe(false);
    expect(connection.lastError).toMatch(/UNKNOWN_LAYER/);
  });

  it('drops an undecodable frame and keeps going', () => {
    const socket = new FakeLiveSocket(false);
    const live = useLiveFrames(socket.asLiveSocket());
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    socket.serverSends('frame', new Uint8Array([0xff, 0xff, 0xff]));
    expect(quiet).toHaveBeenCalledOnce();
    socket.serverSends('frame', frameBytes(liveFrame({ snapshot: true, trucks: [{ id: 'T-1', lon: 105, lat: 29 }] })));
    expect(live.tables.trucks.size).toBe(1);
    expect(useConnectionStore().framesReceived).toBe(1);
    quiet.mockRestore();
  });

  it('stops listening when stopped', () => {
    const socket = new FakeLiveSocket(false);
    const live = useLiveFrames(socket.asLiveSocket());
    live.stop();
    socket.serverSends('frame', frameBytes(liveFrame({ snapshot: true, trucks: [{ id: 'T-1', lon: 105, lat: 29 }] })));
    expect(live.tables.trucks.size).toBe(0);
  });

  it('subscribes with the area set before connecting, sends later areas with the area event, one in flight at a time', () => {
    const socket = new FakeLiveSocket(false);
    const live = useLiveFrames(socket.asLiveSocket());
    const area = { west: 105.0, south: 29.5, east: 105.1, north: 29.6, zoom: 12 };
    live.setArea(area);
    expect(socket.emitted).toEqual([]);
    socket.connected = true;
    socket.serverSends('connect');
    expect(socket.emitted[0]).toMatchObject({ event: 'subscribe', payload: { layers: [...LIVE_LAYERS], area } });
    socket.emitted[0]!.ack({ ok: true, data: { layers: ['trucks', 'bikes', 'boats', 'corridors'], bikeView: 'cells' } });
    expect(live.bikeView.value).toBe('cells');

    live.setArea({ ...area, zoom: 15 });
    live.setArea({ ...area, zoom: 16 });
    live.setArea({ ...area, zoom: 17 });
    expect(socket.emitted.slice(1).map((e) => [e.event, (e.payload as { zoom: number }).zoom])).toEqual([['area', 15]]);
    socket.emitted[1]!.ack({ ok: true, data: { layers: [], bikeView: 'points' } });
    expect(live.bikeView.value).toBe('points');
    // Only the newest of the two waiting went out.
    expect(socket.emitted.slice(2).map((e) => [e.event, (e.payload as { zoom: number }).zoom])).toEqual([['area', 17]]);

    // A refused area is reported; back to the whole city is a subscribe without an area.
    socket.emitted[2]!.ack({ ok: false, code: 'INVALID_AREA', message: 'area.zoom: too big' });
    expect(useConnectionStore().lastError).toMatch(/INVALID_AREA/);
    live.setArea(undefined);
    expect(socket.emitted[3]).toMatchObject({ event: 'subscribe', payload: { layers: [...LIVE_LAYERS] } });
    expect(socket.emitted[3]!.payload).not.toHaveProperty('area');
  });

  it('sends an area set while the subscribe is on its way once the subscribe is acknowledged', () => {
    const socket = new FakeLiveSocket(false);
    const live = useLiveFrames(socket.asLiveSocket());
    socket.connected = true;
    socket.serverSends('connect');
    const area = { west: 105.0, south: 29.5, east: 105.1, north: 29.6, zoom: 12 };
    live.setArea(area);
    expect(socket.emitted).toHaveLength(1);
    socket.emitted[0]!.ack({ ok: true, data: { layers: ['trucks', 'bikes', 'boats', 'corridors'], bikeView: 'points' } });
    expect(socket.emitted[1]).toMatchObject({ event: 'area', payload: area });

    // After a refused subscribe, a new area goes out as a subscribe again.
    socket.serverSends('disconnect', 'transport close');
    socket.serverSends('connect');
    socket.emitted[2]!.ack({ ok: false, code: 'INVALID_AREA', message: 'area.zoom: too big' });
    live.setArea({ ...area, zoom: 13 });
    expect(socket.emitted[3]).toMatchObject({ event: 'subscribe', payload: { area: { ...area, zoom: 13 } } });
  });

  it('keeps bike cells and fence counts in their tables, and counts the bikes represented in either view', () => {
    const socket = new FakeLiveSocket(false);
    const live = useLiveFrames(socket.asLiveSocket());
    const cells = liveFrame({ snapshot: true });
    cells.bikeView = BikeView.CELLS;
    cells.bikeCells = create(BikeCellColumnsSchema, { cellIds: ['15/1/1', '15/1/2'], lon: [105.01, 105.02], lat: [29.5, 29.6], bikes: [7, 5], outsideFence: [1, 0], riding: [2, 0], faulty: [0, 1] });
    cells.fences = create(FenceColumnsSchema, { fenceIds: ['f:1', 'f:2'], parked: [3, 4] });
    socket.serverSends('frame', frameBytes(cells));
    expect(live.bikeView.value).toBe('cells');
    expect(live.tables.bikeCells.ids).toEqual(['15/1/1', '15/1/2']);
    expect(live.tables.bikeCells.at('riding', 0)).toBe(2);
    expect(live.tables.fences.at('parked', live.tables.fences.row('f:2')!)).toBe(4);
    expect(bikesRepresented(live.tables)).toBe(12);
    expect(live.layerVersions.bikes.value).toBe(1);

    // A delta: one fence changed, cells unchanged (absent).
    const delta = liveFrame({ snapshot: false });
    delta.bikeView = BikeView.CELLS;
    delta.fences = create(FenceColumnsSchema, { fenceIds: ['f:1'], parked: [0] });
    socket.serverSends('frame', frameBytes(delta));
    expect(live.tables.fences.at('parked', live.tables.fences.row('f:1')!)).toBe(0);
    expect(live.tables.bikeCells.size).toBe(2);
    expect(live.layerVersions.bikes.value).toBe(2);

    // Zoomed in: the points snapshot clears the cells.
    const points = liveFrame({ snapshot: true });
    points.bikeView = BikeView.POINTS;
    points.bikes = create(BikeColumnsSchema, { bikeIds: ['B-1'], lon: [105.1], lat: [29.1], inFence: [true], lastEvent: [BikeEventKind.PARKED_STATE] });
    socket.serverSends('frame', frameBytes(points));
    expect(live.bikeView.value).toBe('points');
    expect(live.tables.bikeCells.size).toBe(0);
    expect(live.tables.fences.size).toBe(0);
    expect(bikesRepresented(live.tables)).toBe(1);
  });

  it('keeps the newest fleet-wide totals per layer; a frame without them leaves them as they were', () => {
    const socket = new FakeLiveSocket(false);
    const live = useLiveFrames(socket.asLiveSocket());
    expect(live.totals.value).toEqual({});

    // Zoomed in on one district: 1 bike in view, the fleet-wide figures count them all.
    const snapshot = liveFrame({ snapshot: true, trucks: [{ id: 'T-1', lon: 105.01, lat: 29.5 }] });
    snapshot.bikes = create(BikeColumnsSchema, { bikeIds: ['B-1'], lon: [105.1], lat: [29.1], inFence: [false], lastEvent: [BikeEventKind.PARKED_STATE] });
    snapshot.truckTotals = create(TruckTotalsSchema, { total: 120, moving: 80 });
    snapshot.bikeTotals = create(BikeTotalsSchema, { total: 11_000, parkedOutsideFence: 880 });
    snapshot.boatTotals = create(BoatTotalsSchema, { total: 12, working: 9, debrisKg: 310 });
    socket.serverSends('frame', frameBytes(snapshot));
    const first = live.totals.value;
    expect(first.bikes).toMatchObject({ total: 11_000, parkedOutsideFence: 880 });
    expect(first.trucks).toMatchObject({ total: 120, moving: 80 });
    expect(first.boats).toMatchObject({ total: 12, working: 9, debrisKg: 310 });

    // Unchanged totals are omitted: the same object stays, so nothing watching it recomputes.
    socket.serverSends('frame', frameBytes(liveFrame({ snapshot: false, frameSeq: 2, trucks: [{ id: 'T-1', lon: 105.02, lat: 29.5 }] })));
    expect(live.totals.value).toBe(first);

    // Only the bikes' figures changed: the others are kept.
    const delta = liveFrame({ snapshot: false, frameSeq: 3 });
    delta.bikeTotals = create(BikeTotalsSchema, { total: 11_000, parkedOutsideFence: 879, riding: 1 });
    socket.serverSends('frame', frameBytes(delta));
    expect(live.totals.value).not.toBe(first);
    expect(live.totals.value.bikes).toMatchObject({ parkedOutsideFence: 879, riding: 1 });
    expect(live.totals.value.trucks).toBe(first.trucks);
    expect(live.totals.value.boats).toBe(first.boats);
  });

  it('shows a refused handshake where the indicator reads errors', () => {
    const socket = new FakeLiveSocket(false);
    useLiveFrames(socket.asLiveSocket());
    socket.serverSends('connect_error', Object.assign(new Error('live token refused (TOKEN_EXPIRED)'), { data: { code: 'TOKEN_EXPIRED' } }));
    expect(useConnectionStore().lastError).toMatch(/^TOKEN_EXPIRED/);
  });
});
