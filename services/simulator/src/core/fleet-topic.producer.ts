import { randomUUID } from 'node:crypto';
import { HEADER_CORRELATION_ID } from '@urban-brain/proto';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';

/** What the fleet sends through: a kafkajs producer, or one wrapped by the fault injector. */
export type FleetRecordProducer = Pick<Producer, 'connect' | 'disconnect' | 'send'>;
import type { FleetSink } from './fleet-clock-loop';

export interface FleetTopicProducerOptions<M> {
  topic: string;
  /** The device id: one device, one partition, in order. */
  keyOf: (message: M) => string;
  encode: (message: M) => Uint8Array;
}

/** A fleet's messages as Kafka records: keyed by device id, protobuf value, a correlation id each. */
export function toFleetRecord<M>(message: M, options: Pick<FleetTopicProducerOptions<M>, 'keyOf' | 'encode'>): Message {
  const bytes = options.encode(message);
  return {
    key: options.keyOf(message),
    value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    headers: { [HEADER_CORRELATION_ID]: randomUUID() },
  };
}

/** The truck producer's settings (idempotent, one request in flight, Java-compatible partitioner) for any fleet topic. */
export class FleetTopicProducer<M> implements FleetSink<M> {
  private readonly producer: FleetRecordProducer;

  constructor(
    kafka: Kafka,
    private readonly options: FleetTopicProducerOptions<M>,
    wrap: (producer: FleetRecordProducer) => FleetRecordProducer = (p) => p,
  ) {
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: Number.MAX_SAFE_INTEGER },
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.producer = wrap(producer);
  }

  get topic(): string {
    return this.options.topic;
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  async send(messages: readonly M[]): Promise<void> {
    await this.producer.send({ topic: this.options.topic, acks: -1, messages: messages.map((m) => toFleetRecord(m, this.options)) });
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
