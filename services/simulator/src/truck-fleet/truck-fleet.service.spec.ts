import { DEFAULT_CITY_PACK_DIR, loadCityPack } from '@urban-brain/city-pack';
import { createLogger } from '@urban-brain/common';
import type { TruckReading } from '@urban-brain/proto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { simulatorConfigSchema } from '../config/simulator.config';
import { TruckFleetService, type TruckReadingsSink } from './truck-fleet.service';

const START_MS = Date.UTC(2025, 5, 1, 8, 0, 0);
const silent = createLogger('simulator-test', 'silent');
const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);

/** A Kafka stand-in: records every call; each send takes `sendMs` and fails while `failing` > 0. */
class FakeSink implements TruckReadingsSink {
  readonly sends: { atMs: number; readings: TruckReading[] }[] = [];
  delivered: TruckReading[][] = [];
  inFlight = 0;
  maxInFlight = 0;
  sendMs = 0;
  failing = 0;
  connectFailures = 0;

  async connect(): Promise<void> {
    if (this.connectFailures > 0) {
      this.connectFailures--;
      throw new Error('broker unreachable');
    }
  }

  async send(readings: readonly TruckReading[]): Promise<void> {
    this.sends.push({ atMs: Date.now(), readings: [...readings] });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.sendMs > 0) await new Promise((resolve) => setTimeout(resolve, this.sendMs));
      if (this.failing > 0) {
        this.failing--;
        throw new Error('NOT_ENOUGH_REPLICAS');
      }
      this.delivered.push([...readings]);
    } finally {
      this.inFlight--;
    }
  }
}

function createService(sink: FakeSink, env: Record<string, string> = {}): TruckFleetService {
  const config = simulatorConfigSchema.parse({ KAFKA_BROKERS: '127.0.0.1:9092', SIM_TRUCKS: '4', ...env });
  return new TruckFleetService(config, pack, sink, silent);
}

const recordedAt = (tick: TruckReading[]) => Number(tick[0]!.recordedAtMs);

describe('TruckFleetService', () => {
  let service: TruckFleetService | undefined;

  beforeEach(() => {
    vi.useFakeTimers({ now: START_MS });
  });

  afterEach(async () => {
    const stopping = service?.stop();
    await vi.runOnlyPendingTimersAsync();
    await stopping;
    service = undefined;
    vi.useRealTimers();
  });

  it('sends one reading per truck per tick, on a fixed grid of wall-clock times', async () => {
    const sink = new FakeSink();
    service = createService(sink, { SIM_RATE_HZ: '2' });
    service.start();
    await vi.advanceTimersByTimeAsync(10_000);

    expect(sink.delivered).toHaveLength(21); // slots 0..20 at 500 ms
    expect(sink.delivered.map(recordedAt)).toEqual(Array.from({ length: 21 }, (_, k) => START_MS + k * 500));
    for (const tick of sink.delivered) expect(tick.map((r) => r.truckId)).toEqual(['NJ-SAN-0001', 'NJ-SAN-0002', 'NJ-SAN-0003', 'NJ-SAN-0004']);
    expect(service.snapshot()).toMatchObject({ ticks: 21, readingsSent: 84, droppedTicks: 0, sendFailures: 0 });
  });

  it('does not drift when each send takes most of the interval', async () => {
    const sink = new FakeSink();
    sink.sendMs = 400;
    service = createService(sink, { SIM_RATE_HZ: '2' });
    service.start();
    await vi.advanceTimersByTimeAsync(60_000);

    // Sends start on the grid, not 400 ms later each time.
    expect(sink.sends.map((s) => s.atMs - START_MS)).toEqual(Array.from({ length: sink.sends.length }, (_, k) => k * 500));
    expect(sink.sends).toHaveLength(121); // slots 0..120
    expect(service.snapshot().droppedTicks).toBe(0);
  });

  it('keeps one send in flight and drops the ticks that fall due meanwhile', async () => {
    const sink = new FakeSink();
    sink.sendMs = 1_200;
    service = createService(sink, { SIM_RATE_HZ: '2' });
    service.start();
    await vi.advanceTimersByTimeAsync(30_000);

    expect(sink.maxInFlight).toBe(1);
    const { ticks, droppedTicks } = service.snapshot();
    expect(droppedTicks).toBeGreaterThan(0);
    expect(ticks + droppedTicks).toBe(61); // every slot 0..60 is either sent or counted as dropped
    // Dropped slots never consume a seq: each truck's stream has no gaps.
    const seqs = sink.delivered.map((tick) => tick[0]!.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });

  it('retries the same readings while the broker refuses them, then carries on', async () => {
    const sink = new FakeSink();
    sink.failing = 4;
    service = createService(sink, { SIM_RATE_HZ: '1' });
    service.start();
    await vi.advanceTimersByTimeAsync(30_000);

    // Four failed attempts at the first tick's readings, then success with the same readings.
    expect(sink.sends.slice(0, 5).map((s) => s.readings[0]!.seq)).toEqual([1, 1, 1, 1, 1]);
    expect(sink.maxInFlight).toBe(1);
    const stats = service.snapshot();
    expect(stats.sendFailures).toBe(4);
    expect(stats.droppedTicks).toBeGreaterThan(0);
    const seqs = sink.delivered.map((tick) => tick[0]!.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(seqs.length).toBeGreaterThan(10);
  });

  it('starts the clock once Kafka accepts the connection', async () => {
    const sink = new FakeSink();
    sink.connectFailures = 2;
    service = createService(sink, { SIM_RATE_HZ: '1' });
    service.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(service.snapshot().connected).toBe(false);
    expect(sink.sends).toHaveLength(0);

    // Retries after 500 ms and 1,000 ms: connected at 1,500 ms, first tick right then.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(service.snapshot()).toMatchObject({ connected: true, droppedTicks: 0 });
    expect(sink.delivered[0]![0]!.seq).toBe(1);
    expect(recordedAt(sink.delivered[0]!)).toBe(START_MS + 1_500);
    expect(sink.delivered).toHaveLength(10);
  });

  it('skips the slots it slept through instead of bursting to catch up', async () => {
    const sink = new FakeSink();
    service = createService(sink, { SIM_RATE_HZ: '10' });
    service.start();
    await vi.advanceTimersByTimeAsync(1_000);
    const before = sink.delivered.length;
    // The event loop is held up for 2 s (a long GC, a blocked CPU).
    vi.setSystemTime(Date.now() + 2_000);
    await vi.advanceTimersByTimeAsync(100);
    expect(sink.delivered.length).toBe(before + 1);
    expect(service.snapshot().droppedTicks).toBeGreaterThanOrEqual(19);
    // The tick after the pause carries the current slot's time.
    expect(recordedAt(sink.delivered.at(-1)!)).toBeGreaterThanOrEqual(START_MS + 3_000);
  });

  it('stops ticking on stop and waits for the send in flight', async () => {
    const sink = new FakeSink();
    sink.sendMs = 300;
    service = createService(sink, { SIM_RATE_HZ: '1' });
    service.start();
    await vi.advanceTimersByTimeAsync(2_100);
    let stopped = false;
    const stopping = service.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false); // the send started at 2,000 ms is still in flight
    await vi.advanceTimersByTimeAsync(300);
    await stopping;
    expect(sink.delivered).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sink.sends).toHaveLength(3);
    expect(service.snapshot().running).toBe(false);
  });
});
