import { fromBinary } from '@bufbuild/protobuf';
import { DeadLetterReason, DeadLetterSchema, HEADER_CORRELATION_ID } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { deadLetterReasonOf } from './dead-letter-reason.mapper';
import { toDeadLetterMessage, type DeadLetterRecord } from './dead-letter.producer';
import { RejectionCode } from './rejection-code';

const letter: DeadLetterRecord = {
  sourceTopic: 'ub.truck.readings.v1',
  sourcePartition: 4,
  sourceOffset: '9007199254740993', // above 2^53: must survive as a string
  code: RejectionCode.INVALID_FIELD,
  detail: 'lat: must be between -90 and 90 (got 123)',
  originalKey: Buffer.from('NJ-SAN-0001'),
  originalValue: Buffer.from([0x0a, 0x03, 0x41, 0x42, 0x43]),
  correlationId: 'c0ffee00-0000-4000-8000-000000000001',
};

describe('toDeadLetterMessage', () => {
  it('carries the source, reason, detail and original bytes', () => {
    const message = toDeadLetterMessage(letter, 1_748_764_800_000);
    const decoded = fromBinary(DeadLetterSchema, message.value as Buffer);
    expect(decoded).toMatchObject({
      sourceTopic: 'ub.truck.readings.v1',
      sourcePartition: 4,
      sourceOffset: '9007199254740993',
      reason: DeadLetterReason.INVALID_FIELD,
      detail: 'lat: must be between -90 and 90 (got 123)',
      service: 'ingest',
      failedAtMs: 1_748_764_800_000n,
    });
    expect(Buffer.from(decoded.originalValue)).toEqual(letter.originalValue);
    expect(Buffer.from(decoded.originalKey)).toEqual(letter.originalKey);
  });

  it('keys the dead letter like the original and keeps its correlation id', () => {
    const message = toDeadLetterMessage(letter, 0);
    expect(message.key).toEqual(Buffer.from('NJ-SAN-0001'));
    expect(message.headers?.[HEADER_CORRELATION_ID]).toBe(letter.correlationId);
  });

  it('handles a record without key or value', () => {
    const message = toDeadLetterMessage({ ...letter, code: RejectionCode.UNDECODABLE, originalKey: null, originalValue: null }, 0);
    expect(message.key).toBeNull();
    const decoded = fromBinary(DeadLetterSchema, message.value as Buffer);
    expect(decoded.reason).toBe(DeadLetterReason.UNDECODABLE);
    expect(decoded.originalValue).toHaveLength(0);
  });
});

describe('deadLetterReasonOf', () => {
  it('maps every rejection code to its own reason', () => {
    const reasons = Object.values(RejectionCode).map(deadLetterReasonOf);
    expect(reasons).toEqual([DeadLetterReason.UNDECODABLE, DeadLetterReason.INVALID_FIELD, DeadLetterReason.BAD_KEY, DeadLetterReason.REJECTED_BY_DATABASE]);
  });
});
