import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { DeadLetterSchema, HEADER_CORRELATION_ID, TaskState, TruckKind, TruckReadingSchema, type DeadLetter, type TruckReading } from '@urban-brain/proto';
import { Kafka, Partitioners, logLevel, type Admin, type Consumer, type Message, type Producer, type RecordMetadata } from 'kafkajs';

// An hour ago: well inside the validator's window, and the same every time a test builds the same reading.
const BASE_MS = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;

export function truckReading(truckId: string, seq: number, overrides: Partial<Omit<TruckReading, '$typeName' | '$unknown'>> = {}): TruckReading {
  return create(TruckReadingSchema, {
    truckId,
    seq,
    recordedAtMs: BigInt(BASE_MS + seq * 1000),
    lon: 105.058 + seq * 1e-5,
    lat: 29.582,
    speedKmh: 18.5,
    headingDeg: 90,
    loadKg: 1000 + seq,
    taskState: TaskState.COLLECTING,
    kind: TruckKind.COMPACTOR,
    ...overrides,
  });
}

/** A record as the simulator writes it: key = truck id, protobuf value, a correlation id. */
export function readingMessage(reading: TruckReading, key: string | null = reading.truckId, correlationId = `it-${reading.truckId}-${reading.seq}`): Message {
  return { key, value: Buffer.from(toBinary(TruckReadingSchema, reading)), headers: { [HEADER_CORRELATION_ID]: correlationId } };
}

export class KafkaFixtures {
  readonly kafka: Kafka;
  private readonly admin: Admin;
  private readonly producer: Producer;
  private readonly consumers: Consumer[] = [];
  private readonly topics: string[] = [];

  constructor(brokers: string) {
    this.kafka = new Kafka({ clientId: 'ingest-integration-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    this.admin = this.kafka.admin();
    this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  }

  async connect(): Promise<void> {
    await Promise.all([this.admin.connect(), this.producer.connect()]);
  }

  async createTopic(topic: string, numPartitions: number): Promise<void> {
    await this.admin.createTopics({ topics: [{ topic, numPartitions, replicationFactor: 1 }], waitForLeaders: true });
    this.topics.push(topic);
  }

  /** Produces with acks from all replicas; for a single record, its offset is the result's baseOffset. */
  async produce(topic: string, messages: Message[]): Promise<RecordMetadata[]> {
    return this.producer.send({ topic, acks: -1, messages });
  }

  async resetGroupToEarliest(groupId: string, topic: string): Promise<void> {
    await this.admin.resetOffsets({ groupId, topic, earliest: true });
  }

  /** Committed offset per partition of the group (-1 when nothing is committed). */
  async committedOffsets(groupId: string, topic: string): Promise<Map<number, bigint>> {
    const [result] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((result?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  }

  async highWatermarks(topic: string): Promise<Map<number, bigint>> {
    return new Map((await this.admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  }

  /** Reads the dead-letter topic from the start into `into`, until disconnect. */
  async collectDeadLetters(topic: string, groupId: string, into: { letter: DeadLetter; key: Buffer | null; correlationId: string | undefined }[]): Promise<void> {
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false });
    this.consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        into.push({
          letter: fromBinary(DeadLetterSchema, message.value!),
          key: message.key,
          correlationId: message.headers?.[HEADER_CORRELATION_ID]?.toString(),
        });
      },
    });
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.consumers.map((c) => c.disconnect()));
    if (this.topics.length > 0) await this.admin.deleteTopics({ topics: this.topics }).catch(() => undefined);
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}
