import { contentTypeOf, decodeCheckedStreamMessage, type FleetStreamDescriptor } from '@urban-brain/common';
import type { KafkaMessage } from 'kafkajs';
import type { StreamObservation } from '../engine/stream-observation';

/**
 * A Kafka record of a fleet stream as the rules see it, or null when ingest would refuse it (the
 * same decoding and checks: ingest dead-letters it, the rules never see it).
 */
export function observationOf(stream: FleetStreamDescriptor, record: KafkaMessage, nowMs: number): StreamObservation | null {
  if (!record.value) return null;
  const decoded = decodeCheckedStreamMessage(stream, record.value, contentTypeOf(record.headers), nowMs);
  if (!decoded.ok) return null;
  const message = decoded.message;
  return {
    stream: stream.name,
    fleet: stream.fleet,
    entityId: stream.deviceOf(message),
    atMs: stream.recordedAtMsOf(message),
    message: message as unknown as Record<string, unknown>,
  };
}
