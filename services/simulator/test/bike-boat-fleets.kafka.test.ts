import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { fromBinary } from '@bufbuild/protobuf';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEFAULT_CITY_PACK_DIR, loadCityPack } from '@urban-brain/city-pack';
import { JsonNestLogger, createLogger, findBikeEventProblem, findBoatReadingProblem, parseConfig } from '@urban-brain/common';
import { BikeEventKind, BikeEventSchema, BoatReadingSchema, HEADER_CORRELATION_ID, type BikeEvent, type BoatReading } from '@urban-brain/proto';
import { Kafka, logLevel, type Admin, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module';
import { simulatorConfigSchema } from '../src/config/simulator.config';

const { KAFKA_BROKERS } = process.env;
if (!KAFKA_BROKERS) throw new Error('integration tests need KAFKA_BROKERS; start it with: eval "$(bash scripts/stack/dev-infra.sh up)"');

interface Received<M> {
  partition: number;
  key: string | undefined;
  correlationId: string | undefined;
  message: M;
}

async function waitFor(what: string, probe: () => boolean, deadlineMs = 60_000): Promise<void> {
  const giveUpAt = Date.now() + deadlineMs;
  while (!probe()) {
    if (Date.now() > giveUpAt) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the simulator produces bike events and boat readings to Kafka', () => {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const topics = { bikes: `it.sim.bikes.${run}`, boats: `it.sim.boats.${run}`, trucks: `it.sim.trucks.${run}` };
  const kafka = new Kafka({ clientId: 'simulator-fleets-integration-test', brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const admin: Admin = kafka.admin();
  const consumer: Consumer = kafka.consumer({ groupId: `it-sim-fleets-${run}`, allowAutoTopicCreation: false });
  const bikes: Received<BikeEvent>[] = [];
  const boats: Received<BoatReading>[] = [];
  let app: INestApplication | undefined;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({
      topics: Object.values(topics).map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })),
      waitForLeaders: true,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topics.bikes, topics.boats], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const meta = { partition, key: message.key?.toString(), correlationId: message.headers?.[HEADER_CORRELATION_ID]?.toString() };
        if (topic === topics.bikes) bikes.push({ ...meta, message: fromBinary(BikeEventSchema, message.value!) });
        else boats.push({ ...meta, message: fromBinary(BoatReadingSchema, message.value!) });
      },
    });
  });

  afterAll(async () => {
    await app?.close();
    await consumer.disconnect();
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
  });

  it('sends keyed, decodable, valid messages of both fleets at a scaled clock, and reports each fleet healthy', async () => {
    const config = parseConfig(simulatorConfigSchema, {
      KAFKA_BROKERS,
      LOG_LEVEL: 'error',
      SIM_SEED: '11',
      SIM_TRUCKS: '1',
      SIM_TOPIC: topics.trucks,
      SIM_SIGNALS_ENABLED: 'false',
      // It would read the shared task topic, in the group of the simulator of a running stack.
      SIM_DISPATCH_ENABLED: 'false',
      SIM_BIKES: '300',
      SIM_BIKES_TOPIC: topics.bikes,
      // Ten simulated minutes per wall second: a few seconds hold many trips.
      SIM_BIKES_TIME_SCALE: '600',
      SIM_BOATS: '4',
      SIM_BOATS_TOPIC: topics.boats,
      SIM_BOATS_TIME_SCALE: '60',
      SIM_BOATS_SIGHTINGS_PER_DAY: '5000',
    });
    const logger = createLogger('simulator-test', config.LOG_LEVEL);
    app = await NestFactory.create(AppModule.register(config, logger), { logger: new JsonNestLogger(logger) });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };

    const trips = () => bikes.filter((r) => r.message.kind === BikeEventKind.TRIP_END).length;
    await waitFor('300 announcements, 20 trip ends and 5 readings per boat', () => bikes.length >= 300 && trips() >= 20 && boats.length >= 20);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    const report = (await health.json()) as { status: string; checks: Record<string, string> };
    expect(report.checks).toMatchObject({ bikes: 'up', boats: 'up' });
    await app.close();
    app = undefined;

    const pack = await loadCityPack(DEFAULT_CITY_PACK_DIR);
    const check = <M>(records: Received<M>[], idOf: (m: M) => string, problemOf: (m: M) => string | null) => {
      const partitions = new Map<string, Set<number>>();
      const seqs = new Map<string, number[]>();
      for (const r of records) {
        const id = idOf(r.message);
        expect(r.key).toBe(id);
        expect(problemOf(r.message)).toBeNull();
        expect(r.correlationId).toMatch(/^[0-9a-f-]{36}$/);
        partitions.set(id, (partitions.get(id) ?? new Set()).add(r.partition));
        seqs.set(id, [...(seqs.get(id) ?? []), (r.message as { seq: number }).seq]);
      }
      // Keyed by device id: one device, one partition, in order, with no gaps.
      for (const [id, set] of partitions) expect(set.size, id).toBe(1);
      for (const [id, list] of seqs) expect(list, id).toEqual(list.map((_, i) => i + 1));
      return partitions.size;
    };
    expect(check(bikes, (e) => e.bikeId, (e) => findBikeEventProblem(e))).toBe(300);
    expect(check(boats, (r) => r.boatId, (r) => findBoatReadingProblem(r))).toBe(4);
    for (const { message: e } of bikes) expect(e.fenceId).toBe(pack.fenceAt([e.lon, e.lat])?.id ?? '');
    for (const { message: r } of boats) expect(pack.inLake([r.lon, r.lat])).toBe(true);
  });
});
