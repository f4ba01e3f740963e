import { fromBinary } from '@bufbuild/protobuf';
import { DEFAULT_CITY_PACK_DIR, loadCityPack } from '@urban-brain/city-pack';
import { createLogger } from '@urban-brain/common';
import { HEADER_CORRELATION_ID, TruckReadingSchema, type TruckReading } from '@urban-brain/proto';
import type { Kafka, ProducerRecord } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { simulatorConfigSchema } from '../config/simulator.config';
import { FaultInjector } from '../faults/fault-injector';
import { NO_FAULTS } from '../faults/fault-rates';
import { backfillPlanOf } from '../backfill/backfill-plan.factory';
import { TruckFleetService } from './truck-fleet.service';

const START_MS = Date.UTC(2025, 5, 1, 8, 0, 0);
const silent = createLogger('simulator-test', 'silent');
const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);

interface Sent {
  atMs: number;
  topic: string;
  key: string;
  correlationId: string;
  reading: TruckReading;
}

/** A kafkajs stand-in: the service's producer records what it is asked to send, decoded. */
class FakeKafka {
  readonly sends: Sent[][] = [];
  asKafka(): Kafka {
    const producer = {
      connect: async () => undefined,
      disconnect: async () => undefined,
      send: async (record: ProducerRecord) => {
        this.sends.push(
          record.messages.map((m) => ({
            atMs: Date.now(),
            topic: record.topic,
            key: String(m.key),
            correlationId: String(m.headers?.[HEADER_CORRELATION_ID]),
            reading: fromBinary(TruckReadingSchema, m.value as Buffer),
          })),
        );
        return [];
      },
    };
    return { producer: () => producer } as unknown as Kafka;
  }
}

function createService(kafka: FakeKafka, env: Record<string, string> = {}): TruckFleetService {
  const config = simulatorConfigSchema.parse({ KAFKA_BROKERS: '127.0.0.1:9092', SIM_TRUCKS: '8', SIM_TOPIC: 'trucks.test', ...env });
  return new TruckFleetService(config, kafka.asKafka(), pack, new FaultInjector(NO_FAULTS, 1), silent, backfillPlanOf(config));
}

const byTruck = (sent: Sent[]) => {
  const out = new Map<string, Sent[]>();
  for (const s of sent) out.set(s.reading.truckId, [...(out.get(s.reading.truckId) ?? []), s]);
  return out;
};

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

  async function run(env: Record<string, string>, ms: number): Promise<FakeKafka> {
    const kafka = new FakeKafka();
    service = createService(kafka, env);
    service.start();
    await vi.advanceTimersByTimeAsync(ms);
    await service.stop();
    return kafka;
  }

  it('reports each truck once a tick at a moment of its own within the tick, keyed by truck id, without gaps in seq', async () => {
    const kafka = await run({}, 5_100);
    const sent = kafka.sends.flat();
    const trucks = byTruck(sent);
    expect(trucks.size).toBe(8);
    const offsets = new Set<number>();
    for (const [truckId, records] of trucks) {
      expect(records.map((r) => r.reading.seq)).toEqual(records.map((_, i) => i + 1));
      expect(records.length).toBeGreaterThanOrEqual(5);
      for (const r of records) expect([r.key, r.topic, r.correlationId]).toEqual([truckId, 'trucks.test', expect.stringMatching(/^[0-9a-f-]{36}$/)]);
      // One second apart, at the same moment within every tick.
      const times = records.map((r) => Number(r.reading.recordedAtMs) - START_MS);
      expect(times.map((t, i) => t - i * 1_000)).toEqual(times.map(() => times[0]));
      expect(times[0]).toBeGreaterThanOrEqual(0);
      expect(times[0]).toBeLessThan(1_000);
      offsets.add(times[0]!);
    }
    // Spread over the tick's four moments, not all at one time.
    expect([...offsets].sort((a, b) => a - b)).toEqual([0, 250, 500, 750]);
  });

  it('sends a tick in four sends, each with the readings taken at that moment, without waiting', async () => {
    const kafka = await run({}, 5_100);
    expect(kafka.sends.map((batch) => batch[0]!.atMs - START_MS)).toEqual(Array.from({ length: 21 }, (_, k) => k * 250));
    for (const batch of kafka.sends) for (const s of batch) expect(Number(s.reading.recordedAtMs)).toBe(s.atMs);
    // Five whole ticks, then the sixth's first moment before the stop.
    expect(kafka.sends.reduce((n, batch) => n + batch.length, 0)).toBe(8 * 5 + kafka.sends.at(-1)!.length);
  });

  it('gives the same stream for the same seed, and other moments for another', async () => {
    // Times relative to each run's start: the clock moves on between runs.
    const runOf = async (seed: string) => {
      const startMs = Date.now();
      const kafka = await run({ SIM_SEED: seed }, 3_100);
      return kafka.sends.flat().map((s) => `${s.reading.truckId}/${s.reading.seq}/${Number(s.reading.recordedAtMs) - startMs}/${s.reading.lon}/${s.reading.lat}`);
    };
    const first = await runOf('7');
    const again = await runOf('7');
    const other = await runOf('8');
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('stamps every truck with the tick time and sends once a tick when SIM_TRUCK_SENDS_PER_TICK is 1', async () => {
    const kafka = await run({ SIM_TRUCK_SENDS_PER_TICK: '1', SIM_RATE_HZ: '2' }, 2_100);
    expect(kafka.sends.map((batch) => batch[0]!.atMs - START_MS)).toEqual([0, 500, 1_000, 1_500, 2_000]);
    for (const batch of kafka.sends) {
      expect(batch).toHaveLength(8);
      expect(new Set(batch.map((s) => Number(s.reading.recordedAtMs)))).toEqual(new Set([batch[0]!.atMs]));
    }
  });

  it('reports its health as the trucks fleet', async () => {
    const kafka = new FakeKafka();
    service = createService(kafka);
    const [check] = service.healthChecks();
    expect(check!.name).toBe('trucks');
    service.start();
    await vi.advanceTimersByTimeAsync(1_100);
    await expect(check!.check()).resolves.toBeUndefined();
  });
});
