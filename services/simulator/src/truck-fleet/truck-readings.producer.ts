import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { toBinary } from '@bufbuild/protobuf';
import { HEADER_CORRELATION_ID, TruckReadingSchema, type TruckReading } from '@urban-brain/proto';
import { Partitioners, type Kafka, type Message } from 'kafkajs';
import type { SimulatorConfig } from '../config/simulator.config';
import { KAFKA, SIMULATOR_CONFIG } from '../core/core.tokens';
import type { FaultInjector } from '../faults/fault-injector';
import { withFaults, type RecordProducer } from '../faults/fault-injecting-producer';
import { FAULT_INJECTOR } from '../faults/faults.tokens';
import { positionJumperFor } from '../faults/position-jumper';

/** A reading as a Kafka record: keyed by truck id (one truck, one partition, in order), protobuf value. */
export function toTruckReadingMessage(reading: TruckReading): Message {
  const bytes = toBinary(TruckReadingSchema, reading);
  return {
    key: reading.truckId,
    value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    headers: { [HEADER_CORRELATION_ID]: randomUUID() },
  };
}

/** Sends each tick's readings to the truck readings topic. */
@Injectable()
export class TruckReadingsProducer implements OnApplicationShutdown {
  private readonly producer: RecordProducer;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
    @Inject(FAULT_INJECTOR) faults: FaultInjector,
  ) {
    // Idempotent (acks -1, retries without duplicates) with one request in flight,
    // which kafkajs needs to keep sequence numbers in order. The Java-compatible
    // partitioner, named explicitly, sends a truck id where other clients would.
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // kafkajs's own default for an idempotent producer, spelled out because the
      // shared client's bounded retries would otherwise apply (and kafkajs warns).
      retry: { retries: Number.MAX_SAFE_INTEGER },
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    faults.registerPositionJumper(config.SIM_TOPIC, positionJumperFor(TruckReadingSchema));
    this.producer = withFaults(producer, faults);
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  // No compression: kafkajs ships only gzip, whose CPU cost buys little on ~80-byte
  // records going to a broker on the same host or LAN.
  async send(readings: readonly TruckReading[]): Promise<void> {
    await this.producer.send({ topic: this.config.SIM_TOPIC, acks: -1, messages: readings.map(toTruckReadingMessage) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }
}
