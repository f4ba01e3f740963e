import { randomUUID } from 'node:crypto';
import { HEADER_CORRELATION_ID } from '@urban-brain/proto';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';

/** What the fleet sends through: a kafkajs producer, or one wrapped by the fault injector. */
export type FleetRecordProducer = Pick<Producer, 'connect' | 'disconnect' | 'send'>;
import type { FleetSink } from './fleet-clock-loop';

export interface FleetTopicProducerOptions<M> {
  topic: string;
  /** For a fleet that writes more than one topic (signals: phase changes and observations); default `topic`. */
  topicOf?: (message: M) => string;
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
    const { topicOf } = this.options;
    if (!topicOf) {
      await this.producer.send({ topic: this.options.topic, acks: -1, messages: messages.map((m) => toFleetRecord(m, this.options)) });
      return;
    }
    const byTopic = new Map<string, Message[]>();
    for (const m of messages) {
      const topic = topicOf(m);
      let records = byTopic.get(topic);
      if (!records) byTopic.set(topic, (records = []));
      records.push(toFleetRecord(m, this.options));
    }
    // One topic after the other: the fault injector works per topic. A failure on a later topic
    // retries the whole batch, so an earlier topic's records may arrive twice; ingest skips them by key.
    for (const [topic, records] of byTopic) await this.producer.send({ topic, acks: -1, messages: records });
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
