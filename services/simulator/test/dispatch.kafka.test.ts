import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEFAULT_CITY_PACK_DIR, loadCityPack } from '@urban-brain/city-pack';
import { JsonNestLogger, createLogger, findTruckReadingProblem, parseConfig, type LonLat } from '@urban-brain/common';
import { DispatchTaskSchema, TaskState, TruckKind, TruckReadingSchema, type DispatchTask, type TruckReading } from '@urban-brain/proto';
import { Kafka, logLevel, type Admin, type Consumer, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module';
import { simulatorConfigSchema } from '../src/config/simulator.config';
import { dispatchGroupOf } from '../src/dispatch/dispatch-task.consumer';

const { KAFKA_BROKERS } = process.env;
if (!KAFKA_BROKERS) throw new Error('integration tests need KAFKA_BROKERS; start it with: eval "$(bash scripts/stack/dev-infra.sh up)"');

const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);
const distanceM = (a: LonLat, b: LonLat) => pack.projection.distanceM(a, b);
const at = (r: TruckReading): LonLat => [r.lon, r.lat];
const TRUCK = 'NJ-SAN-0001';
// ~800 m by road at a compactor's 25-40 km/h: a minute or two of the wall clock the trucks run on
// (far enough to see it close in, near enough to keep the suite short).
const DRIVE_DEADLINE_MS = 5 * 60_000;

async function waitFor(what: string, probe: () => boolean, deadlineMs = 60_000): Promise<void> {
  const giveUpAt = Date.now() + deadlineMs;
  while (!probe()) {
    if (Date.now() > giveUpAt) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the simulator obeys dispatch tasks from Kafka', () => {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  // Topics of this run only: the shared ones belong to a running stack and the other tests.
  const truckTopic = `it.sim.dispatch-trucks.${run}`;
  const dispatchTopic = `it.sim.dispatch.${run}`;
  const kafka = new Kafka({ clientId: 'simulator-dispatch-test', brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const admin: Admin = kafka.admin();
  const producer: Producer = kafka.producer();
  const consumer: Consumer = kafka.consumer({ groupId: `it-sim-dispatch-reader-${run}`, allowAutoTopicCreation: false });
  const readings: { atMs: number; reading: TruckReading }[] = [];
  let app: INestApplication | undefined;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: truckTopic, numPartitions: 3, replicationFactor: 1 },
        { topic: dispatchTopic, numPartitions: 1, replicationFactor: 1 },
      ],
      waitForLeaders: true,
    });
    // The simulator's group starts where a restarted one would, at its last commit (here 0), rather
    // than at the latest offset a new group takes on its first join: nothing sent after this is missed.
    await admin.setOffsets({ groupId: dispatchGroupOf(dispatchTopic), topic: dispatchTopic, partitions: [{ partition: 0, offset: '0' }] });
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: [truckTopic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const reading = fromBinary(TruckReadingSchema, message.value!);
        if (reading.truckId === TRUCK) readings.push({ atMs: Date.now(), reading });
      },
    });
  });

  afterAll(async () => {
    await app?.close();
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [truckTopic, dispatchTopic] }).catch(() => undefined);
    await admin.deleteGroups([dispatchGroupOf(dispatchTopic)]).catch(() => undefined);
    await admin.disconnect();
  });

  it('sends a truck ~800 m off: its readings close in on the place and reach it; garbage, unknown trucks and repeats are skipped', { timeout: DRIVE_DEADLINE_MS + 120_000 }, async () => {
    const config = parseConfig(simulatorConfigSchema, {
      KAFKA_BROKERS,
      LOG_LEVEL: 'error',
      SIM_SEED: '7',
      SIM_TRUCKS: '5',
      SIM_TRUCK_TOPIC: truckTopic,
      SIM_DISPATCH_TOPIC: dispatchTopic,
      // Only the trucks: the other fleets would write to their shared default topics.
      SIM_SIGNALS_ENABLED: 'false',
      SIM_BIKES: '0',
      SIM_BOATS: '0',
      SIM_AMBULANCES_ENABLED: 'false',
    });
    const logger = createLogger('simulator-test', config.LOG_LEVEL);
    app = await NestFactory.create(AppModule.register(config, logger), { logger: new JsonNestLogger(logger) });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };

    await waitFor(`a reading of ${TRUCK}`, () => readings.length > 0);
    expect(readings[0]!.reading.kind).toBe(TruckKind.COMPACTOR);
    const start = at(readings.at(-1)!.reading);
    // A collection point on its road about 800 m from the truck, by a fairly direct road (the river
    // between two points can make the drive several times longer, heading away first, to a bridge).
    const place = pack.layers['collection-points']
      .map((p) => pack.nearestRoad(p.geometry.coordinates)!.point as LonLat)
      .filter((p) => distanceM(p, start) > 600 && distanceM(p, start) < 1_100)
      .map((p) => ({ p, roadM: pack.route(start, p)?.lengthM ?? Infinity }))
      .filter(({ p, roadM }) => roadM < 1.4 * distanceM(p, start))
      .sort((a, b) => Math.abs(a.roadM - 800) - Math.abs(b.roadM - 800))[0]!.p;

    const taskOf = (fields: Partial<DispatchTask>): Buffer =>
      Buffer.from(toBinary(DispatchTaskSchema, create(DispatchTaskSchema, { taskId: `task-${run}`, alertId: `alert-${run}`, fleet: 'trucks', vehicleId: TRUCK, lon: place[0], lat: place[1], action: 'collect', issuedAtMs: BigInt(Date.now()), issuedBy: 'it', ...fields })));
    const sentAtMs = Date.now();
    await producer.send({
      topic: dispatchTopic,
      messages: [
        { key: TRUCK, value: Buffer.from([0xff, 0xff, 0xff]) },
        { key: 'NJ-SAN-0999', value: taskOf({ taskId: `other-${run}`, vehicleId: 'NJ-SAN-0999' }) },
        { key: TRUCK, value: taskOf({}) },
        // The same task again (a redelivery): ignored, the truck keeps going.
        { key: TRUCK, value: taskOf({}) },
      ],
    });

    const distanceNow = () => distanceM(at(readings.at(-1)!.reading), place);
    await waitFor(`${TRUCK} at the place`, () => distanceNow() < 5, DRIVE_DEADLINE_MS);
    const drive = readings.filter((r) => r.atMs >= sentAtMs).map((r) => r.reading);
    for (const r of drive) expect(findTruckReadingProblem(r)).toBeNull();
    const arrived = drive.findIndex((r) => distanceM(at(r), place) < 5);
    // Heading there from the first seconds, in the state a compactor drives to a collection point in.
    for (const r of drive.slice(5, arrived)) expect(r.taskState).toBe(TaskState.COLLECTING);
    expect(distanceM(at(drive[5]!), place)).toBeGreaterThan(400);
    // Closing in: the distance ten seconds apart falls nearly every time (a road may bend away).
    const every10s = drive.slice(0, arrived + 1).filter((_, i) => i % 10 === 0).map((r) => distanceM(at(r), place));
    expect(every10s.length).toBeGreaterThan(4);
    expect(every10s.filter((d, i) => i > 0 && d < every10s[i - 1]!).length).toBeGreaterThanOrEqual(every10s.length - 3);

    // Every record was dealt with and committed: the garbage, the unknown truck, the task and its repeat.
    const [committed] = await admin.fetchOffsets({ groupId: dispatchGroupOf(dispatchTopic), topics: [dispatchTopic] });
    expect(committed!.partitions[0]!.offset).toBe('4');
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', checks: { trucks: 'up', dispatch: 'up' } });
  });
});
