import { fromBinary } from '@bufbuild/protobuf';
import { getCurrentScope, markRaw, onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import type { Socket } from 'socket.io-client';
import { LiveFrameSchema, type ClientToServerEvents, type LiveLayer, type ServerToClientEvents } from '@urban-brain/proto';
import { useConnectionStore } from '../stores/connection.store';
import { LatencySamples } from './latency-samples';
import { TruckTable } from './truck-table';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const LAYERS: LiveLayer[] = ['trucks'];
export const RECONNECT_AFTER_SERVER_DISCONNECT_MS = 1_000;

export interface LiveFrames {
  /** The live trucks; mutated in place, never reactive. Watch `version`. */
  readonly table: TruckTable;
  /** Bumped after every applied frame: the one reactive signal renderers and KPIs follow. */
  readonly version: ShallowRef<number>;
  /** Event (device fix) -> browser, ms, per truck entry received. */
  readonly eventToBrowserMs: LatencySamples;
  /** Gateway read from Kafka -> browser, ms, per truck entry received. */
  readonly gatewayToBrowserMs: LatencySamples;
  stop(): void;
}

// Subscribes on every (re)connect: socket.io reconnects by itself after the
// gateway went away, and each new connection starts with a fresh snapshot, so
// the wall screen recovers without a reload.
export function useLiveFrames(socket: LiveSocket, now: () => number = Date.now): LiveFrames {
  const connection = useConnectionStore();
  const table = markRaw(new TruckTable());
  const version = shallowRef(0);
  const eventToBrowserMs = markRaw(new LatencySamples());
  const gatewayToBrowserMs = markRaw(new LatencySamples());

  const subscribe = () => {
    socket.emit('subscribe', { layers: LAYERS }, (response) => {
      if (response.ok) connection.markSubscribed();
      else connection.markRefused(`${response.code}: ${response.message}`);
    });
  };

  const onConnect = () => {
    connection.markConnected();
    subscribe();
  };
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  const onDisconnect = (reason: string) => {
    connection.markDisconnected();
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
    table.applyFrame(frame);
    // Latency samples from deltas only: a snapshot holds trucks heard from long ago.
    const columns = frame.trucks;
    if (!frame.snapshot && columns) {
      for (let i = 0; i < columns.truckIds.length; i++) {
        eventToBrowserMs.push(atMs - (columns.recordedAtMs[i] ?? atMs));
        gatewayToBrowserMs.push(atMs - (columns.receivedAtMs[i] ?? atMs));
      }
    }
    connection.markFrame(atMs);
    version.value++;
  };

  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('frame', onFrame);
  if (socket.connected) onConnect();

  const stop = () => {
    clearTimeout(reconnectTimer);
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
    socket.off('frame', onFrame);
  };
  if (getCurrentScope()) onScopeDispose(stop);

  return { table, version, eventToBrowserMs, gatewayToBrowserMs, stop };
}
