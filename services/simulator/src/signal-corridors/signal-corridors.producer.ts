import { randomUUID } from 'node:crypto';
import { toBinary } from '@bufbuild/protobuf';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { CorridorObservationSchema, HEADER_CORRELATION_ID, SignalPhaseChangeSchema, type CorridorObservation, type SignalPhaseChange } from '@urban-brain/proto';
import { Partitioners, type Kafka, type Message } from 'kafkajs';
import type { SimulatorConfig } from '../config/simulator.config';
import { KAFKA, SIMULATOR_CONFIG } from '../core/core.tokens';
import type { FaultInjector } from '../faults/fault-injector';
import { withFaults, type RecordProducer } from '../faults/fault-injecting-producer';
import { FAULT_INJECTOR } from '../faults/faults.tokens';

const recordOf = (key: string, bytes: Uint8Array): Message => ({
  key,
  value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  headers: { [HEADER_CORRELATION_ID]: randomUUID() },
});

/** A phase change as a Kafka record, keyed by intersection id (one controller, one partition, in order). */
export const toSignalPhaseMessage = (c: SignalPhaseChange): Message => recordOf(c.intersectionId, toBinary(SignalPhaseChangeSchema, c));
/** An observation as a Kafka record, keyed by corridor id. */
export const toCorridorObservationMessage = (o: CorridorObservation): Message => recordOf(o.corridorId, toBinary(CorridorObservationSchema, o));

/** Sends phase changes and corridor observations to their topics, through the fault injector. */
@Injectable()
export class SignalCorridorsProducer implements OnApplicationShutdown {
  private readonly producer: RecordProducer;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
    @Inject(FAULT_INJECTOR) faults: FaultInjector,
  ) {
    // Same delivery guarantees as the truck readings: idempotent, in order per key.
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: Number.MAX_SAFE_INTEGER },
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.producer = withFaults(producer, faults);
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  async send(phaseChanges: readonly SignalPhaseChange[], observations: readonly CorridorObservation[]): Promise<void> {
    const topicMessages = [];
    if (phaseChanges.length > 0) topicMessages.push({ topic: this.config.SIM_SIGNALS_PHASE_TOPIC, messages: phaseChanges.map(toSignalPhaseMessage) });
    if (observations.length > 0) topicMessages.push({ topic: this.config.SIM_SIGNALS_OBS_TOPIC, messages: observations.map(toCorridorObservationMessage) });
    // One topic after the other: the fault wrapper works per topic.
    for (const record of topicMessages) await this.producer.send({ ...record, acks: -1 });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }
}
