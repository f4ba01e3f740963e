import { randomUUID } from 'node:crypto';
import type { IHeaders } from 'kafkajs';
import { HEADER_CORRELATION_ID } from '@urban-brain/proto';

/** The correlation id of a Kafka record, or a new one if the producer set none. */
export function correlationIdOf(headers: IHeaders | undefined): string {
  const raw = headers?.[HEADER_CORRELATION_ID];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value ? value.toString() : randomUUID();
}
