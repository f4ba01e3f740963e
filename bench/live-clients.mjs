// N socket.io clients that decode the same binary LiveFrames as the browser and
// record, per truck/boat entry of every delta, the latency from the device's fix
// time to receipt, split at the gateway (fix -> gateway read, gateway read -> client),
// and the bytes each client receives. Used by pipeline.bench.mjs.
//
// Latencies go into 1 ms histograms, not arrays: 10 clients at 20,000 events/s
// for a 10-minute soak are 120 million samples, more than a JS array may hold.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { io } = require('socket.io-client');
const { fromBinary } = require('@bufbuild/protobuf');

const MAX_MS = 120_000;

class LatencyHistogram {
  counts = new Float64Array(MAX_MS + 1);
  total = 0;

  add(ms) {
    this.counts[Math.min(MAX_MS, Math.max(0, Math.round(ms)))]++;
    this.total++;
  }

  clear() {
    this.counts.fill(0);
    this.total = 0;
  }

  /** The smallest whole ms at or under which p % of the samples lie; null without samples. */
  percentile(p) {
    if (this.total === 0) return null;
    const rank = Math.min(this.total - 1, Math.floor((p / 100) * this.total));
    let seen = 0;
    for (let ms = 0; ms <= MAX_MS; ms++) {
      seen += this.counts[ms];
      if (seen > rank) return ms;
    }
    return MAX_MS;
  }

  summary() {
    return { p50: this.percentile(50), p99: this.percentile(99), count: this.total };
  }
}

/**
 * @param {{ url: string, count: number, layers: string[], schema: unknown, auth?: () => Promise<Record<string, string> | undefined> }} options
 */
export async function openLiveClients({ url, count, layers, schema, auth }) {
  const latency = new LatencyHistogram();
  const toGateway = new LatencyHistogram();
  const gatewayToClient = new LatencyHistogram();
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
          latency.add(now - recordedAtMs[i]);
          toGateway.add(receivedAtMs[i] - recordedAtMs[i]);
          gatewayToClient.add(now - receivedAtMs[i]);
        }
      }
    });
    sockets.push(socket);
  }
  return {
    /** Clients whose subscribe the gateway acknowledged. */
    subscribedCount: () => subscribed.filter(Boolean).length,
    reset() {
      latency.clear();
      toGateway.clear();
      gatewayToClient.clear();
      bytes.fill(0);
    },
    /** p50/p99/count of each latency since the last reset, and bytes per client over `seconds`. */
    collect(seconds) {
      const perClient = bytes.map((b) => b / seconds);
      return {
        latency: latency.summary(),
        toGateway: toGateway.summary(),
        gatewayToClient: gatewayToClient.summary(),
        bytesPerSecondPerClient: perClient.reduce((s, b) => s + b, 0) / Math.max(1, perClient.length),
        bytesPerSecondMaxClient: Math.max(0, ...perClient),
      };
    },
    close() {
      for (const socket of sockets) socket.close();
    },
  };
}
