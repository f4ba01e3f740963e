// N socket.io clients that decode the same binary LiveFrames as the browser and
// record, per truck/boat entry of every delta, the latency from the device's fix
// time to receipt, split at the gateway (fix -> gateway read, gateway read -> client),
// and the bytes each client receives. Used by pipeline.bench.mjs.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { io } = require('socket.io-client');
const { fromBinary } = require('@bufbuild/protobuf');

/**
 * @param {{ url: string, count: number, layers: string[], schema: unknown, auth?: () => Promise<Record<string, string> | undefined> }} options
 */
export async function openLiveClients({ url, count, layers, schema, auth }) {
  let latencies = [];
  let toGateway = [];
  let gatewayToClient = [];
  const bytes = new Array(count).fill(0);
  const subscribed = new Array(count).fill(false);
  const sockets = [];
  const handshake = auth ? await auth() : undefined;
  for (let c = 0; c < count; c++) {
    const socket = io(url, { transports: ['websocket'], auth: handshake, forceNew: true });
    socket.on('connect', () =>
      socket.emit('subscribe', { layers }, (ack) => {
        subscribed[c] = Boolean(ack?.ok);
      }),
    );
    socket.on('frame', (payload) => {
      const now = Date.now();
      const buffer = payload instanceof Uint8Array ? payload : new Uint8Array(payload);
      bytes[c] += buffer.byteLength;
      const frame = fromBinary(schema, buffer);
      if (frame.snapshot) return;
      for (const columns of [frame.trucks, frame.boats]) {
        if (!columns) continue;
        const { recordedAtMs, receivedAtMs } = columns;
        for (let i = 0; i < recordedAtMs.length; i++) {
          latencies.push(now - recordedAtMs[i]);
          toGateway.push(receivedAtMs[i] - recordedAtMs[i]);
          gatewayToClient.push(now - receivedAtMs[i]);
        }
      }
    });
    sockets.push(socket);
  }
  return {
    /** Clients whose subscribe the gateway acknowledged. */
    subscribedCount: () => subscribed.filter(Boolean).length,
    reset() {
      latencies = [];
      toGateway = [];
      gatewayToClient = [];
      bytes.fill(0);
    },
    /** Sorted copies (the sockets keep receiving) and bytes per client over `seconds`. */
    collect(seconds) {
      const sorted = (values) => values.slice().sort((a, b) => a - b);
      const perClient = bytes.map((b) => b / seconds);
      return {
        latencies: sorted(latencies),
        toGateway: sorted(toGateway),
        gatewayToClient: sorted(gatewayToClient),
        bytesPerSecondPerClient: perClient.reduce((s, b) => s + b, 0) / Math.max(1, perClient.length),
        bytesPerSecondMaxClient: Math.max(0, ...perClient),
      };
    },
    close() {
      for (const socket of sockets) socket.close();
    },
  };
}
