import { fromBinary } from '@bufbuild/protobuf';
import { getCurrentScope, markRaw, onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import { LIVE_LAYERS, LiveFrameSchema, type LiveLayer, type MapArea, type SubscribeRequest } from '@urban-brain/proto';
import { useConnectionStore } from '../stores/connection.store';
import { LatencySamples } from './latency-samples';
import type { FeedHealthSample } from './feed-status';
import { refusalCode } from './live-socket';
import type { LiveSocket } from './live-socket.type';
import { applyLiveFrame, createLiveFrameState } from './apply-live-frame';
import type { FleetTotals, LiveTables } from './live-tables';

// The wall shows every fleet the gateway serves.
const LAYERS = [...LIVE_LAYERS];
export const RECONNECT_AFTER_SERVER_DISCONNECT_MS = 1_000;

export interface LiveFrames {
  /** Every layer's table; mutated in place, never reactive. Watch `version` or the layer's `layerVersions`. */
  readonly tables: LiveTables;
  /** Bumped after every applied frame. */
  readonly version: ShallowRef<number>;
  /** Bumped per layer only when a frame changed that layer: what each map layer and KPI follows. */
  readonly layerVersions: Readonly<Record<LiveLayer, ShallowRef<number>>>;
  /** Event (device fix) -> browser, ms, per truck entry received. */
  readonly eventToBrowserMs: LatencySamples;
  /** Gateway read from Kafka -> browser, ms, per truck entry received. */
  readonly gatewayToBrowserMs: LatencySamples;
  /**
   * How the gateway sends bikes now: 'points' fills `tables.bikes`, 'cells' fills
   * `tables.bikeCells` (zoomed out); `tables.fences` in both. Follows the gateway's acks and frames.
   */
  readonly bikeView: ShallowRef<'points' | 'cells'>;
  /**
   * The newest fleet-wide figures per layer from the gateway, whatever the map
   * area (the tables hold only the area): what the KPI tiles show. Replaced as a
   * whole when a frame brings new ones; kept across reconnects until the next snapshot's.
   */
  readonly totals: ShallowRef<FleetTotals>;
  /**
   * The gateway's newest feed-health reading (per fleet: when it last heard
   * from it; its Kafka consumer's state) and when it arrived; null until the
   * first. Frames keep coming from held state when Kafka stops: this tells
   * whether data still flows (feed-status.ts judges it).
   */
  readonly feedHealth: ShallowRef<FeedHealthSample | null>;
  /**
   * The map area to stream (the map's bounds and zoom), or undefined for the whole
   * city with bikes as points (the default). Call it on every map move; at most one
   * change is in flight, later ones collapse into the newest. Kept across reconnects.
   */
  setArea(area: MapArea | undefined): void;
  stop(): void;
}

// Subscribes on every (re)connect: socket.io reconnects by itself after the
// gateway went away, and each new connection starts with a fresh snapshot, so
// the wall screen recovers without a reload.
export function useLiveFrames(socket: LiveSocket, now: () => number = Date.now): LiveFrames {
  const connection = useConnectionStore();
  const state = createLiveFrameState();
  const { tables, version, layerVersions, bikeView, totals } = state;
  const eventToBrowserMs = markRaw(new LatencySamples());
  const gatewayToBrowserMs = markRaw(new LatencySamples());

  const feedHealth = shallowRef<FeedHealthSample | null>(null);
  let area: MapArea | undefined;
  // At most one subscribe or area request waits for its ack; area changes made
  // meanwhile collapse into the newest, sent after the ack (each answer brings a
  // whole snapshot, so queueing the intermediate ones would only cost bytes).
  let subscribed = false;
  let requestInFlight = false;
  let areaPending = false;

  const afterAck = () => {
    requestInFlight = false;
    if (areaPending && socket.connected) {
      areaPending = false;
      sendArea();
    }
  };

  const subscribe = () => {
    const request: SubscribeRequest = area ? { layers: LAYERS, area } : { layers: LAYERS };
    subscribed = false;
    requestInFlight = true;
    areaPending = false;
    socket.emit('subscribe', request, (response) => {
      if (response.ok) {
        subscribed = true;
        connection.markSubscribed();
        bikeView.value = response.data.bikeView;
      } else {
        connection.markRefused(`${response.code}: ${response.message}`);
      }
      afterAck();
    });
  };

  const sendArea = () => {
    // Back to the whole city is a subscribe without an area; so is any area after a refused subscribe.
    if (!area || !subscribed) {
      subscribe();
      return;
    }
    requestInFlight = true;
    socket.emit('area', area, (response) => {
      if (response.ok) bikeView.value = response.data.bikeView;
      // A refused area keeps the previous one streaming (still subscribed); say why where the indicator can show it.
      else connection.$patch({ lastError: `${response.code}: ${response.message}` });
      afterAck();
    });
  };

  const setArea = (next: MapArea | undefined) => {
    area = next ? { ...next } : undefined;
    // Not connected: the subscribe on the next connect carries it.
    if (!socket.connected) return;
    if (requestInFlight) areaPending = true;
    else sendArea();
  };

  const onConnectError = (error: Error) => {
    const code = refusalCode(error);
    if (code) connection.markRefused(`${code}: ${error.message}`);
  };

  const onConnect = () => {
    connection.markConnected();
    subscribe();
  };
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  const onDisconnect = (reason: string) => {
    connection.markDisconnected();
    // Acks of this connection will not come; the next connect subscribes afresh.
    subscribed = false;
    requestInFlight = false;
    areaPending = false;
    // socket.io reconnects by itself after a lost transport, but not after the
    // server disconnected us on purpose; a wall screen must come back either way.
    if (reason === 'io server disconnect') {
      clearTimeout(reconnectTimer);
      reconnectTimer = setTimeout(() => socket.connect(), RECONNECT_AFTER_SERVER_DISCONNECT_MS);
    }
  };
  const onFrame = (bytes: Uint8Array | ArrayBuffer) => {
    const atMs = now();
    let frame;
    try {
      frame = fromBinary(LiveFrameSchema, bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
    } catch (error) {
      // One bad frame must not stop the wall; the next snapshot or delta repairs the picture.
      console.error('live: dropped an undecodable frame:', (error as Error).message);
      return;
    }
    if (frame.feedHealth) feedHealth.value = markRaw({ health: frame.feedHealth, receivedAtMs: atMs });
    // Latency samples from deltas only: a snapshot holds trucks heard from long ago.
    const columns = frame.trucks;
    if (!frame.snapshot && columns) {
      for (let i = 0; i < columns.truckIds.length; i++) {
        eventToBrowserMs.push(atMs - (columns.recordedAtMs[i] ?? atMs));
        gatewayToBrowserMs.push(atMs - (columns.receivedAtMs[i] ?? atMs));
      }
    }
    connection.markFrame(atMs);
    applyLiveFrame(frame, state);
  };

  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('frame', onFrame);
  socket.on('connect_error', onConnectError);
  if (socket.connected) onConnect();

  const stop = () => {
    clearTimeout(reconnectTimer);
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
    socket.off('frame', onFrame);
    socket.off('connect_error', onConnectError);
  };
  if (getCurrentScope()) onScopeDispose(stop);

  return { tables, version, layerVersions, eventToBrowserMs, gatewayToBrowserMs, bikeView, totals, feedHealth, setArea, stop };
}
