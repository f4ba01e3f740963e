import { contentTypeOf, correlationIdOf, type FleetDecodeResult } from '@urban-brain/common';
import type { KafkaMessage } from 'kafkajs';
import type { FleetStream } from './fleet-stream';

/** A Kafka record as the consumer hands it over: raw bytes plus the outcome of decoding them. */
export interface IncomingRecord<Message> {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  correlationId: string;
  decoded: FleetDecodeResult<Message>;
}

export interface IncomingBatch<Message> {
  topic: string;
  partition: number;
  records: readonly IncomingRecord<Message>[];
}

/** Decodes a record's value by its content-type header; a value that is not the stream's message is kept with the reason. */
export function toIncomingRecord<Message>(stream: Pick<FleetStream<Message>, 'decode'>, message: KafkaMessage): IncomingRecord<Message> {
  const base = { offset: message.offset, key: message.key ?? null, value: message.value ?? null, correlationId: correlationIdOf(message.headers) };
  if (message.value === null || message.value === undefined) return { ...base, decoded: { ok: false, error: 'value: missing (tombstone)' } };
  return { ...base, decoded: stream.decode(message.value, contentTypeOf(message.headers)) };
}
