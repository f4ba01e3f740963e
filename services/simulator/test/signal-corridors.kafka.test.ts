import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { fromBinary } from '@bufbuild/protobuf';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JsonNestLogger, createLogger, findCorridorObservationProblem, findSignalPhaseChangeProblem, parseConfig } from '@urban-brain/common';
import { CorridorObservationSchema, MovementPhaseState, SignalPhaseChangeSchema } from '@urban-brain/proto';
import { Kafka, logLevel, type Admin, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module';
import { simulatorConfigSchema } from '../src/config/simulator.config';
import type { FaultCounters, FaultInjector } from '../src/faults/fault-injector';
import { FAULT_INJECTOR } from '../src/faults/faults.tokens';

const { KAFKA_BROKERS } = process.env;
if (!KAFKA_BROKERS) throw new Error('integration tests need KAFKA_BROKERS; start it with: eval "$(bash scripts/stack/dev-infra.sh up)"');

interface Received {
  topic: string;
  key: string | undefined;
  value: Buffer;
}

async function waitFor(what: string, probe: () => boolean, deadlineMs = 60_000): Promise<void> {
  const giveUpAt = Date.now() + deadlineMs;
  while (!probe()) {
    if (Date.now() > giveUpAt) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the simulator produces green-wave signals to Kafka, through the fault injector', () => {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const phaseTopic = `it.sim.phases.${run}`;
  const obsTopic = `it.sim.observations.${run}`;
  const truckTopic = `it.sim.trucks.${run}`;
  const kafka = new Kafka({ clientId: 'simulator-signals-test', brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const admin: Admin = kafka.admin();
  const consumer: Consumer = kafka.consumer({ groupId: `it-sim-signals-${run}`, allowAutoTopicCreation: false });
  const received: Received[] = [];
  let app: INestApplication | undefined;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({
      topics: [phaseTopic, obsTopic, truckTopic].map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })),
      waitForLeaders: true,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [phaseTopic, obsTopic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        received.push({ topic, key: message.key?.toString(), value: message.value! });
      },
    });
  });

  afterAll(async () => {
    await app?.close();
    await consumer.disconnect();
    await admin.deleteTopics({ topics: [phaseTopic, obsTopic, truckTopic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('sends keyed, valid phase changes and observations, and counts the duplicates and garbage it injected', async () => {
    const config = parseConfig(simulatorConfigSchema, {
      KAFKA_BROKERS,
      SIM_TOPIC: truckTopic,
      SIM_TRUCKS: '2',
      // Bikes and boats would write to their shared default topics, dispatch read the shared task topic.
      SIM_BIKES: '0',
      SIM_DISPATCH_ENABLED: 'false',
      SIM_BOATS: '0',
      SIM_SIGNALS_PHASE_TOPIC: phaseTopic,
      SIM_SIGNALS_OBS_TOPIC: obsTopic,
      SIM_SIGNALS_OBS_S: '1',
      SIM_SIGNALS_FAULTS_AFTER_S: '0',
      SIM_SIGNALS_DARK: 'intersection:xinjiang-05',
      SIM_FAULTS: 'duplicate:0.05,malformed:0.03',
      LOG_LEVEL: 'error',
    });
    const logger = createLogger('simulator-test', config.LOG_LEVEL);
    app = await NestFactory.create(AppModule.register(config, logger), { logger: new JsonNestLogger(logger) });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };

    // The first tick reports every intersection's phase; observations follow each second.
    await waitFor('phase changes and observations', () => received.filter((r) => r.topic === obsTopic).length >= 14 * 3 && received.length >= 200);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect((await health.json()) as unknown).toMatchObject({ status: 'ok', checks: { signals: 'up' } });
    const live = (await (await fetch(`http://127.0.0.1:${port}/faults`)).json()) as FaultCounters;
    expect(live.rates).toMatchObject({ duplicate: 0.05, malformed: 0.03 });
    expect(live.byTopic[phaseTopic]!.offered).toBeGreaterThan(0);
    const injector = app.get<FaultInjector>(FAULT_INJECTOR);
    await app.close();
    app = undefined;

    // Final counters once the producers are closed; the consumer must see exactly what left.
    const counters = injector.snapshot().byTopic;
    const [phases, observations] = [counters[phaseTopic]!, counters[obsTopic]!];
    await waitFor('every emitted record', () => received.length === phases.emitted + observations.emitted);

    const seen = new Set<string>();
    const tally = { [phaseTopic]: { duplicate: 0, malformed: 0 }, [obsTopic]: { duplicate: 0, malformed: 0 } };
    const dark: string[] = [];
    let valid = 0;
    for (const r of received) {
      const id = `${r.topic}/${r.key}/${r.value.toString('hex')}`;
      if (seen.has(id)) {
        tally[r.topic]!.duplicate++;
        continue;
      }
      seen.add(id);
      try {
        if (r.topic === phaseTopic) {
          const change = fromBinary(SignalPhaseChangeSchema, r.value);
          expect(r.key).toBe(change.intersectionId);
          expect(findSignalPhaseChangeProblem(change)).toBeNull();
          if (change.phaseState === MovementPhaseState.DARK) dark.push(change.intersectionId);
        } else {
          const observation = fromBinary(CorridorObservationSchema, r.value);
          expect(r.key).toBe(observation.corridorId);
          expect(findCorridorObservationProblem(observation)).toBeNull();
        }
        valid++;
      } catch (error) {
        if ((error as Error).name === 'AssertionError') throw error;
        tally[r.topic]!.malformed++;
      }
    }
    expect(valid).toBeGreaterThan(150);
    expect(dark).toEqual(['intersection:xinjiang-05']);
    expect(tally[phaseTopic]).toEqual({ duplicate: phases.duplicate, malformed: phases.malformed });
    expect(tally[obsTopic]).toEqual({ duplicate: observations.duplicate, malformed: observations.malformed });
    // With these rates over a few hundred records, both faults happened.
    expect(phases.duplicate + observations.duplicate).toBeGreaterThan(0);
    expect(phases.malformed + observations.malformed).toBeGreaterThan(0);
  });
});
