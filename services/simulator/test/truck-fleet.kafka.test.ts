import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { fromBinary } from '@bufbuild/protobuf';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JsonNestLogger, createLogger, findTruckReadingProblem, parseConfig } from '@urban-brain/common';
import { HEADER_CORRELATION_ID, TruckReadingSchema, type TruckReading } from '@urban-brain/proto';
import { Kafka, logLevel, type Admin, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module';
import { simulatorConfigSchema } from '../src/config/simulator.config';

const { KAFKA_BROKERS } = process.env;
if (!KAFKA_BROKERS) throw new Error('integration tests need KAFKA_BROKERS; start it with: eval "$(bash scripts/stack/dev-infra.sh up)"');

interface Received {
  partition: number;
  key: string | undefined;
  correlationId: string | undefined;
  reading: TruckReading;
}

async function waitFor(what: string, probe: () => boolean, deadlineMs = 60_000): Promise<void> {
  const giveUpAt = Date.now() + deadlineMs;
  while (!probe()) {
    if (Date.now() > giveUpAt) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the simulator produces truck readings to Kafka', () => {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const topic = `it.sim.readings.${run}`;
  const kafka = new Kafka({ clientId: 'simulator-integration-test', brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const admin: Admin = kafka.admin();
  const consumer: Consumer = kafka.consumer({ groupId: `it-sim-reader-${run}`, allowAutoTopicCreation: false });
  const received: Received[] = [];
  let app: INestApplication | undefined;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({
          partition,
          key: message.key?.toString(),
          correlationId: message.headers?.[HEADER_CORRELATION_ID]?.toString(),
          reading: fromBinary(TruckReadingSchema, message.value!),
        });
      },
    });
  });

  afterAll(async () => {
    await app?.close();
    await consumer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('sends one keyed, valid reading per truck per tick, with no gaps in seq, and reports healthy', async () => {
    const config = parseConfig(simulatorConfigSchema, { KAFKA_BROKERS, SIM_TOPIC: topic, SIM_TRUCKS: '6', SIM_RATE_HZ: '10', SIM_SEED: '7', LOG_LEVEL: 'error',
      // Only the trucks: the other fleets would write to their shared default topics (and dispatch read the shared task topic).
      SIM_SIGNALS_ENABLED: 'false', SIM_BIKES: '0', SIM_BOATS: '0', SIM_DISPATCH_ENABLED: 'false' });
    const logger = createLogger('simulator-test', config.LOG_LEVEL);
    app = await NestFactory.create(AppModule.register(config, logger), { logger: new JsonNestLogger(logger) });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };

    await waitFor('30 readings of every truck', () => received.length >= 6 * 30);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', checks: { trucks: 'up' } });
    await app.close();
    app = undefined;

    const byTruck = new Map<string, Received[]>();
    for (const r of received) byTruck.set(r.reading.truckId, [...(byTruck.get(r.reading.truckId) ?? []), r]);
    expect([...byTruck.keys()].sort()).toEqual(['NJ-SAN-0001', 'NJ-SAN-0002', 'NJ-SAN-0003', 'NJ-SAN-0004', 'NJ-SAN-0005', 'NJ-SAN-0006']);

    const moments = new Set<number>();
    for (const [truckId, records] of byTruck) {
      // Keyed by truck id, so one truck lives on one partition and stays in order.
      expect(new Set(records.map((r) => r.key))).toEqual(new Set([truckId]));
      expect(new Set(records.map((r) => r.partition)).size).toBe(1);
      expect(records.map((r) => r.reading.seq)).toEqual(records.map((_, i) => i + 1));
      const times = records.map((r) => Number(r.reading.recordedAtMs));
      // On a 100 ms grid shifted by the truck's own moment; a gap of several slots is a tick
      // dropped under load, not an error.
      for (let i = 1; i < times.length; i++) {
        const gap = times[i]! - times[i - 1]!;
        expect(gap > 0 && gap % 100 === 0, `gap of ${gap} ms`).toBe(true);
      }
      moments.add(times[0]! % 100);
      for (const r of records) {
        expect(findTruckReadingProblem(r.reading)).toBeNull();
        expect(r.correlationId).toMatch(/^[0-9a-f-]{36}$/);
      }
    }
    // The trucks report at moments of their own within the tick, not all at once.
    expect(moments.size).toBeGreaterThan(1);
    // Every record has its own correlation id.
    expect(new Set(received.map((r) => r.correlationId)).size).toBe(received.length);
  });
});
